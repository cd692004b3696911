//! The `vitrine` binary: configuration, wiring and the command line.
#![forbid(unsafe_code)]

mod backup;
mod failure;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use failure::{say, Failure};
use tokio::sync::watch;
use web::cli::Message;
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
    /// Write a consistent copy of the SQLite database and the media folder into one file (a tar
    /// archive). Safe to run while the server runs. On PostgreSQL, use pg_dump for the database.
    Backup {
        /// Only the media folder (for PostgreSQL, whose database pg_dump saves).
        #[arg(long)]
        media_only: bool,
        /// The archive to write.
        file: PathBuf,
    },
    /// Bring a backup back into an empty data folder (VITRINE_DATA_DIR).
    Restore {
        /// The archive written by `vitrine backup`.
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    failure::set_lang(web::cli::terminal_lang(|k| std::env::var(k).ok()));
    failure::install_panic_hook();
    web::cli::messages();
    // Usage mistakes are clap's to explain (with the usage line), and exit with code 2.
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let m = Message::new("cli-failed").arg("detail", e);
            eprintln!("{}", say(&m));
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(m)) => {
            eprintln!("{}", say(&m));
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    // Lets the tests see what a fault in the program looks like; absent from release builds.
    #[cfg(debug_assertions)]
    if std::env::var_os("VITRINE_TEST_PANIC").is_some() {
        panic!("VITRINE_TEST_PANIC is set");
    }
    let bind = match &cli.command {
        Command::Serve { bind, .. } => bind.clone(),
        _ => None,
    };
    let config = Config::load(cli.config.as_deref(), bind.as_deref())?;
    init_logs(&config.log_format);
    match cli.command {
        Command::Backup { media_only, file } => {
            let done = backup::backup(&config, &file, media_only).await?;
            println!("{}", say(&done));
            return Ok(());
        }
        Command::Restore { file } => {
            let done = backup::restore(&config, &file).await?;
            println!("{}", say(&done));
            return Ok(());
        }
        _ => {}
    }
    let store = connect(&config).await?;
    let applied = store
        .migrate()
        .await
        .map_err(|e| Message::new("cli-db-migrate").arg("detail", e))?;
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
                Some(path) => std::fs::write(&path, bytes).map_err(|e| {
                    Message::new("cli-file-unwritable")
                        .arg("path", path.display())
                        .reason(&e)
                })?,
                None => std::io::Write::write_all(&mut std::io::stdout(), &bytes).map_err(|e| {
                    Message::new("cli-file-unwritable")
                        .arg("path", "-")
                        .reason(&e)
                })?,
            }
            Ok(())
        }
        Command::Backup { .. } | Command::Restore { .. } => unreachable!("handled above"),
    }
}

/// Opens the configured database, explaining in words why it cannot be.
async fn connect(config: &Config) -> Result<store::Store, Failure> {
    let url = web::config::redact_url(&config.database_url);
    let scheme = config.database_url.split(':').next().unwrap_or("");
    if !matches!(scheme, "sqlite" | "postgres" | "postgresql") {
        return Err(Message::new("cli-db-url-scheme").arg("url", scheme).into());
    }
    store::Store::connect(&config.database_url)
        .await
        .map_err(|e| failure::connect_failure(e, &url))
}

async fn serve(
    store: store::Store,
    config: Config,
    demo: bool,
    no_worker: bool,
) -> Result<(), Failure> {
    if store.autovacuum_off().await.unwrap_or(false) {
        tracing::warn!(
            "PostgreSQL runs with autovacuum off: after large imports, searches slow down until \
             `VACUUM (ANALYZE)` is run; turn autovacuum on (the default)"
        );
    }
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
        .map_err(|e| {
            let id = match e.kind() {
                std::io::ErrorKind::AddrInUse => "cli-port-in-use",
                std::io::ErrorKind::PermissionDenied => "cli-port-denied",
                _ => "cli-listen-failed",
            };
            Message::new(id).arg("addr", config.bind).reason(&e)
        })?;
    let (stop_tx, stop_rx) = watch::channel(false);
    let visits = tokio::spawn(web::attribution::run(st.clone(), stop_rx.clone()));
    let worker = if no_worker {
        None
    } else {
        let mailer = worker::Mailer::new(
            config.smtp_url.as_deref(),
            &config.mail_from,
            config.outbox_dir(),
        )
        .map_err(|e| Message::new("cli-config-mail").arg("detail", format!("{e:#}")))?
        .with_attachments(web::invoices::Attachments::of(&st));
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
    web::app::serve(listener, st.clone(), shutdown_signal())
        .await
        .map_err(|e| Message::new("cli-serve-failed").arg("detail", e))?;
    let _ = stop_tx.send(true);
    if let Some((outbox, jobs)) = worker {
        let _ = outbox.await;
        let _ = jobs.await;
    }
    // The visits counted since the last write.
    let _ = visits.await;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// The shop named on the command line; from then on the command speaks its language.
async fn find_shop(st: &AppState, slug: &str) -> Result<store::shop::Shop, Failure> {
    let mut c = st.store.reader().await?;
    let shop = store::shop::by_slug(&mut c, slug)
        .await?
        .ok_or_else(|| Message::new("cli-shop-unknown").arg("slug", slug))?;
    if let Ok(lang) = domain::locale::Lang::parse(&shop.default_lang) {
        failure::set_lang(lang);
    }
    Ok(shop)
}

/// `products.csv:12: message`, naming the column when the message does not.
fn print_problem(file: &std::path::Path, p: &web::transfer::Problem) {
    let column = match &p.column {
        Some(c) if !p.message.contains(c.as_str()) => format!("[{c}] "),
        _ => String::new(),
    };
    eprintln!("{}:{}: {column}{}", file.display(), p.line, p.message);
}

async fn import(
    store: store::Store,
    config: Config,
    slug: &str,
    dry_run: bool,
    file: &std::path::Path,
) -> Result<(), Failure> {
    let st = AppState::new(store, config);
    let shop = find_shop(&st, slug).await?;
    let bytes = std::fs::read(file).map_err(|e| {
        Message::new("cli-file-unreadable")
            .arg("path", file.display())
            .reason(&e)
    })?;
    let lang = failure::lang();
    match web::transfer::import(&st, &shop, &bytes, dry_run, lang).await {
        Ok(r) => {
            for w in &r.warnings {
                print_problem(file, w);
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
                print_problem(file, p);
            }
            Err(Message::new("cli-import-invalid")
                .arg("count", problems.len())
                .arg("path", file.display())
                .into())
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
