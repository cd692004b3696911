//! The `vitrine` binary: configuration, wiring and the command line.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand};
use tokio::sync::watch;
use web::{AppState, Config};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "vitrine",
    version,
    about = "Ready-to-use online shops for small sellers"
)]
struct Cli {
    /// Configuration file (default: ./vitrine.toml when it exists).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (and the outbox worker).
    Serve {
        /// Address to listen on.
        #[arg(long)]
        bind: Option<String>,
        /// Create the demo shop on first start (harmless afterwards).
        #[arg(long)]
        demo: bool,
        /// Do not run the outbox worker on this node.
        #[arg(long)]
        no_worker: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Create the demo shop and exit.
    Demo,
    /// Import a product CSV (Shopify or WooCommerce) into a shop; all or nothing. Safe to run
    /// while the server runs.
    Import {
        /// The shop's address (slug).
        #[arg(long)]
        shop: String,
        /// Check the file and show what would change, without saving anything.
        #[arg(long)]
        dry_run: bool,
        /// The CSV file.
        file: PathBuf,
    },
    /// Export a shop's catalog as a Shopify product CSV.
    Export {
        #[arg(long)]
        shop: String,
        /// Where to write (default: standard output).
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let bind = match &cli.command {
        Command::Serve { bind, .. } => bind.clone(),
        _ => None,
    };
    let config = Config::load(cli.config.as_deref(), bind.as_deref())?;
    init_logs(&config.log_format);
    let store = store::Store::connect(&config.database_url)
        .await
        .with_context(|| {
            format!(
                "opening the database {}",
                web::config::redact_url(&config.database_url)
            )
        })?;
    let applied = store.migrate().await.context("applying migrations")?;
    if applied > 0 {
        tracing::info!(applied, "migrations applied");
    }
    match cli.command {
        Command::Migrate => {
            println!(
                "Database is up to date ({} migration(s) applied now).",
                applied
            );
            Ok(())
        }
        Command::Demo => {
            let st = AppState::new(store, config);
            let made = web::demo::ensure(&st).await?;
            if made.is_empty() {
                println!("The demo shops already exist.");
            }
            for info in &made {
                print_demo(&st, info);
            }
            Ok(())
        }
        Command::Serve {
            demo, no_worker, ..
        } => serve(store, config, demo, no_worker).await,
        Command::Import {
            shop,
            dry_run,
            file,
        } => import(store, config, &shop, dry_run, &file).await,
        Command::Export { shop, output } => {
            let st = AppState::new(store, config);
            let shop = find_shop(&st, &shop).await?;
            let bytes = web::transfer::export(&st, &shop).await?;
            match output {
                Some(path) => std::fs::write(&path, bytes)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => std::io::Write::write_all(&mut std::io::stdout(), &bytes)?,
            }
            Ok(())
        }
    }
}

async fn serve(
    store: store::Store,
    config: Config,
    demo: bool,
    no_worker: bool,
) -> anyhow::Result<()> {
    let st = AppState::new(store.clone(), config.clone());
    if let Some(pw) = web::bootstrap::ensure_operator(&st).await? {
        // Printed once on the console for the person starting the platform; never logged.
        println!(
            "\nOperator account created: {} / password: {pw}",
            config.operator_email
        );
        println!("(set VITRINE_OPERATOR_PASSWORD to choose it; it is not shown again)\n");
    }
    if demo {
        for info in web::demo::ensure(&st).await? {
            print_demo(&st, &info);
        }
    }
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("listening on {}", config.bind))?;
    let (stop_tx, stop_rx) = watch::channel(false);
    let worker = if no_worker {
        None
    } else {
        let mailer = worker::Mailer::new(
            config.smtp_url.as_deref(),
            &config.mail_from,
            config.outbox_dir(),
        )?;
        let poll = Duration::from_millis(config.worker_poll_ms);
        // Confirmed CSV imports and the pictures they name run beside the outbox worker.
        let jobs = tokio::spawn(web::jobs::run(st.clone(), poll, stop_rx.clone()));
        let outbox = tokio::spawn(worker::run(store.clone(), mailer, poll, stop_rx));
        Some((outbox, jobs))
    };
    println!("Vitrine is running: {}/", config.public_url);
    if demo {
        println!(
            "Demo shops: {0}/s/{1}/ and {0}/s/{2}/",
            config.public_url,
            web::demo::SLUG,
            web::demo::BOOKS_SLUG
        );
    }
    tracing::info!(config = ?config, "serving");
    web::app::serve(listener, st.clone(), shutdown_signal()).await?;
    let _ = stop_tx.send(true);
    if let Some((outbox, jobs)) = worker {
        let _ = outbox.await;
        let _ = jobs.await;
    }
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn find_shop(st: &AppState, slug: &str) -> anyhow::Result<store::shop::Shop> {
    let mut c = st.store.reader().await?;
    store::shop::by_slug(&mut c, slug)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no shop with the address {slug:?}"))
}

async fn import(
    store: store::Store,
    config: Config,
    slug: &str,
    dry_run: bool,
    file: &std::path::Path,
) -> anyhow::Result<()> {
    let st = AppState::new(store, config);
    let shop = find_shop(&st, slug).await?;
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let lang = domain::locale::Lang::parse(&shop.default_lang).unwrap_or(domain::locale::Lang::Fr);
    match web::transfer::import(&st, &shop, &bytes, dry_run, lang).await {
        Ok(r) => {
            for w in &r.warnings {
                eprintln!(
                    "line {}{}: {}",
                    w.line,
                    w.column
                        .as_deref()
                        .map(|c| format!(", {c}"))
                        .unwrap_or_default(),
                    w.message
                );
            }
            let verb = if dry_run { "would be" } else { "were" };
            println!(
                "{} product(s) {verb} created, {} updated, {} variant(s).",
                r.created, r.updated, r.variants
            );
            Ok(())
        }
        Err(web::transfer::ImportError::Invalid(problems)) => {
            for p in &problems {
                eprintln!(
                    "line {}{}: {}",
                    p.line,
                    p.column
                        .as_deref()
                        .map(|c| format!(", {c}"))
                        .unwrap_or_default(),
                    p.message
                );
            }
            anyhow::bail!(
                "nothing was imported: {} problem(s) in {}",
                problems.len(),
                file.display()
            )
        }
        Err(web::transfer::ImportError::Store(e)) => Err(e.into()),
    }
}

fn print_demo(st: &AppState, info: &web::demo::DemoInfo) {
    println!(
        "\nDemo shop created: {}/s/{}/\n  admin: {}/s/{}/admin/  e-mail: {}  password: {}\n",
        st.config.public_url, info.slug, st.config.public_url, info.slug, info.email, info.password
    );
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown requested, finishing requests in flight");
}

fn init_logs(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("VITRINE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    if format == "json" {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .init();
    } else {
        builder.init();
    }
}
