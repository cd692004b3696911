//! The outbox worker: claims due jobs, does them (delivers e-mails over SMTP, or writes them as
//! `.eml` files when no SMTP server is configured), and retries failures with backoff. Jobs live
//! in the database, so nothing is lost when a node stops; any node may run a worker.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, SinglePart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use store::outbox::{self, EmailMessage, Job};
use store::Store;
use tokio::sync::watch;

pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    Files {
        dir: PathBuf,
        from: Mailbox,
    },
}

impl Mailer {
    /// SMTP when `smtp_url` is set (`smtp://user:pass@host:587` uses STARTTLS, `smtps://` TLS),
    /// otherwise `.eml` files in `outbox_dir`.
    pub fn new(smtp_url: Option<&str>, from: &str, outbox_dir: PathBuf) -> anyhow::Result<Mailer> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("mail sender {from:?}: {e}"))?;
        Ok(match smtp_url {
            Some(url) => Mailer::Smtp {
                transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("SMTP address: {e}"))?
                    .build(),
                from,
            },
            None => Mailer::Files {
                dir: outbox_dir,
                from,
            },
        })
    }

    fn build(&self, msg: &EmailMessage) -> anyhow::Result<Message> {
        let from = match self {
            Mailer::Smtp { from, .. } | Mailer::Files { from, .. } => from.clone(),
        };
        let to: Mailbox = msg
            .to
            .parse()
            .map_err(|e| anyhow::anyhow!("recipient: {e}"))?;
        Ok(Message::builder()
            .from(from)
            .to(to)
            .subject(&msg.subject)
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .header(lettre::message::header::ContentTransferEncoding::QuotedPrintable)
                    .body(msg.text.clone()),
            )?)
    }

    pub async fn send(&self, job_id: i64, msg: &EmailMessage) -> anyhow::Result<()> {
        let email = self.build(msg)?;
        match self {
            Mailer::Smtp { transport, .. } => {
                transport.send(email).await?;
            }
            Mailer::Files { dir, .. } => {
                tokio::fs::create_dir_all(dir).await?;
                // Written under a temporary name then renamed, so a reader never sees half a file.
                let name = format!("{}-{job_id}.eml", store::now());
                let tmp = dir.join(format!(".{name}.tmp"));
                tokio::fs::write(&tmp, email.formatted()).await?;
                tokio::fs::rename(&tmp, dir.join(name)).await?;
            }
        }
        Ok(())
    }
}

/// Does one job; an error is retried later.
async fn run_job(mailer: &Mailer, job: &Job) -> anyhow::Result<()> {
    match job.kind.as_str() {
        outbox::KIND_EMAIL => {
            let msg: EmailMessage = job.payload()?;
            mailer.send(job.id, &msg).await
        }
        other => anyhow::bail!("unknown job kind {other:?}"),
    }
}

/// Drains due jobs once; returns how many were attempted.
pub async fn tick(store: &Store, mailer: &Mailer) -> anyhow::Result<usize> {
    let jobs = outbox::claim(store, 20).await?;
    for job in &jobs {
        match run_job(mailer, job).await {
            Ok(()) => outbox::complete(store, job.id).await?,
            Err(e) => {
                // The error text may quote an address but never a credential (lettre redacts).
                tracing::warn!(job_id = job.id, kind = %job.kind, attempts = job.attempts + 1, error = %e, "outbox job failed");
                outbox::fail(store, job, &e.to_string()).await?;
            }
        }
    }
    Ok(jobs.len())
}

/// Runs until `stop` turns true.
pub async fn run(store: Store, mailer: Mailer, poll: Duration, mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow() {
            break;
        }
        let busy = match tick(&store, &mailer).await {
            Ok(n) => n > 0,
            Err(e) => {
                tracing::error!(error = %e, "outbox worker");
                false
            }
        };
        if busy {
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = stop.changed() => {}
        }
    }
}
