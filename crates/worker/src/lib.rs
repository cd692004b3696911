//! The outbox worker: claims due jobs, does them (delivers e-mails over SMTP, or writes them as
//! `.eml` files when no SMTP server is configured), and retries failures with backoff. Jobs live
//! in the database, so nothing is lost when a node stops; any node may run a worker.
#![forbid(unsafe_code)]

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use store::outbox::{self, EmailMessage, Job};
use store::Store;
use tokio::sync::watch;

/// Where e-mails go: an SMTP server, or `.eml` files in a folder.
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

/// A file attached to an e-mail.
pub struct File {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Makes the files e-mails carry, from what the outbox names ([`outbox::Attachment`]), when
/// the e-mail is sent: for jobs of shop `shop`.
pub trait Attach: Send + Sync {
    fn file<'a>(
        &'a self,
        shop: Option<i64>,
        a: &'a outbox::Attachment,
    ) -> Pin<Box<dyn Future<Output = anyhow::Result<File>> + Send + 'a>>;
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    attach: Option<Arc<dyn Attach>>,
}

impl Mailer {
    /// SMTP when `smtp_url` is set (`smtp://user:pass@host:587` uses STARTTLS, `smtps://` TLS),
    /// otherwise `.eml` files in `outbox_dir`.
    pub fn new(smtp_url: Option<&str>, from: &str, outbox_dir: PathBuf) -> anyhow::Result<Mailer> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("mail sender {from:?}: {e}"))?;
        let transport = match smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("SMTP address: {e}"))?
                    .build(),
            ),
            None => Transport::Files(outbox_dir),
        };
        Ok(Mailer {
            transport,
            from,
            attach: None,
        })
    }

    /// The mailer, making attachments with `attach`.
    pub fn with_attachments(mut self, attach: Arc<dyn Attach>) -> Mailer {
        self.attach = Some(attach);
        self
    }

    fn build(&self, msg: &EmailMessage, files: Vec<File>) -> anyhow::Result<Message> {
        let to: Mailbox = msg
            .to
            .parse()
            .map_err(|e| anyhow::anyhow!("recipient: {e}"))?;
        let body = MultiPart::alternative()
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .header(lettre::message::header::ContentTransferEncoding::QuotedPrintable)
                    .body(msg.text.clone()),
            )
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_HTML)
                    .header(lettre::message::header::ContentTransferEncoding::QuotedPrintable)
                    .body(
                        msg.html
                            .clone()
                            .unwrap_or_else(|| html_of(&msg.subject, &msg.text)),
                    ),
            );
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&msg.subject);
        if let Some(url) = &msg.unsubscribe {
            // RFC 2369 and RFC 8058: mail clients offer "unsubscribe", and may do it in one
            // POST of `List-Unsubscribe=One-Click` to the address.
            use lettre::message::header::{HeaderName, HeaderValue};
            let name = |n: &'static str| HeaderName::new_from_ascii_str(n);
            builder = builder
                .raw_header(HeaderValue::new(
                    name("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    name("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_string(),
                ));
        }
        if files.is_empty() {
            return Ok(builder.multipart(body)?);
        }
        let mut mixed = MultiPart::mixed().multipart(body);
        for f in files {
            let kind = ContentType::parse(&f.content_type)
                .map_err(|e| anyhow::anyhow!("attachment type {:?}: {e}", f.content_type))?;
            mixed = mixed.singlepart(Attachment::new(f.name).body(f.bytes, kind));
        }
        Ok(builder.multipart(mixed)?)
    }

    /// The files `msg` carries, made now.
    async fn files(&self, shop: Option<i64>, msg: &EmailMessage) -> anyhow::Result<Vec<File>> {
        let mut files = Vec::with_capacity(msg.attachments.len());
        for a in &msg.attachments {
            let attach = self
                .attach
                .as_ref()
                .ok_or_else(|| anyhow::anyhow!("this worker cannot make attachments"))?;
            files.push(attach.file(shop, a).await?);
        }
        Ok(files)
    }

    /// Sends `msg`, job `job_id` of shop `shop`'s.
    pub async fn send(
        &self,
        job_id: i64,
        shop: Option<i64>,
        msg: &EmailMessage,
    ) -> anyhow::Result<()> {
        let files = self.files(shop, msg).await?;
        self.deliver(job_id, msg, files).await
    }

    /// Sends `msg` with `files`.
    async fn deliver(
        &self,
        job_id: i64,
        msg: &EmailMessage,
        files: Vec<File>,
    ) -> anyhow::Result<()> {
        let email = self.build(msg, files)?;
        match &self.transport {
            Transport::Smtp(transport) => {
                transport.send(email).await?;
            }
            Transport::Files(dir) => {
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

/// How many times an e-mail waits for its attachments before it is sent without them.
const ATTACHMENT_TRIES: i64 = 3;

/// Does one job; an error is retried later.
async fn run_job(mailer: &Mailer, job: &Job) -> anyhow::Result<()> {
    match job.kind.as_str() {
        outbox::KIND_EMAIL => {
            let msg: EmailMessage = job.payload()?;
            let files = match mailer.files(job.shop_id, &msg).await {
                Ok(files) => files,
                // An attachment that could not be made on the last tries (a document that cannot
                // be read or laid out) does not hold the e-mail back: it goes without it, the
                // order's page keeping the document.
                Err(e) if job.attempts + 1 >= ATTACHMENT_TRIES => {
                    tracing::warn!(job_id = job.id, error = %e, "e-mail sent without its attachments");
                    Vec::new()
                }
                Err(e) => return Err(e),
            };
            mailer.deliver(job.id, &msg, files).await
        }
        other => anyhow::bail!("unknown job kind {other:?}"),
    }
}

/// Drains due jobs once; returns how many were attempted.
pub async fn tick(store: &Store, mailer: &Mailer) -> anyhow::Result<usize> {
    let jobs = outbox::claim(store, 20).await?;
    // Sent jobs are marked done together (one write, not one per e-mail), at the latest a
    // quarter of the lease after the first of them was sent, so that no other worker can claim
    // one that went out; a failure to record a failure does not stop the others being marked.
    let mut done: Vec<i64> = Vec::with_capacity(jobs.len());
    let mut since = std::time::Instant::now();
    let flush_after = Duration::from_secs(outbox::LEASE_SECONDS as u64 / 4);
    for job in &jobs {
        match run_job(mailer, job).await {
            Ok(()) => done.push(job.id),
            Err(e) => {
                // The error text may quote an address but never a credential (lettre redacts).
                tracing::warn!(job_id = job.id, kind = %job.kind, attempts = job.attempts + 1, error = %e, "outbox job failed");
                if let Err(e) = outbox::fail(store, job, &e.to_string()).await {
                    tracing::error!(job_id = job.id, error = %e, "outbox failure not recorded");
                }
            }
        }
        if since.elapsed() >= flush_after {
            outbox::complete_all(store, &done).await?;
            done.clear();
            since = std::time::Instant::now();
        }
    }
    outbox::complete_all(store, &done).await?;
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

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A line of text with its web addresses made into links.
fn linkify(line: &str) -> String {
    line.split(' ')
        .map(|w| {
            let url = w.trim_end_matches(['.', ',', ';', ')']);
            if (url.starts_with("https://") || url.starts_with("http://")) && url.len() > 8 {
                let rest = &w[url.len()..];
                format!("<a href=\"{0}\">{0}</a>{1}", escape(url), escape(rest))
            } else {
                escape(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The HTML part of an e-mail queued without one (before e-mails had a design of their own):
/// the same words as its text part, in paragraphs, with clickable links, readable on a phone.
pub fn html_of(subject: &str, text: &str) -> String {
    let body: String = text
        .replace("\r\n", "\n")
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let lines: Vec<String> = p.lines().map(linkify).collect();
            format!("<p>{}</p>\n", lines.join("<br>\n"))
        })
        .collect();
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title></head>\n\
         <body style=\"margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;\
         font-size:16px;line-height:1.5;color:#1a1a1a;background:#ffffff\">\n\
         <div style=\"max-width:600px;margin:0 auto\">\n{body}</div>\n</body></html>\n",
        escape(subject)
    )
}

#[cfg(test)]
mod html_tests {
    use super::html_of;

    #[test]
    fn the_html_part_says_the_same_with_links_and_nothing_unescaped() {
        let html = html_of(
            "Votre commande n° 00001",
            "Bonjour <Camille>,\n\nVotre commande : https://shop.example/orders/abc.\nMerci & à bientôt",
        );
        assert!(html.contains("<title>Votre commande n° 00001</title>"));
        assert!(html.contains("<p>Bonjour &lt;Camille&gt;,</p>"));
        assert!(html.contains(
            "<a href=\"https://shop.example/orders/abc\">https://shop.example/orders/abc</a>."
        ));
        assert!(html.contains("<br>\nMerci &amp; à bientôt</p>"));
    }
}
