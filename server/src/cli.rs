//! The `citeosquare` command. Scripts and tests rely on its subcommands and flags.

use crate::config::{Broker, Overrides, ServeOverrides};
use crate::{AppState, check, db, demo, kiosks, mqtt, web};
use citeosquare_protocol::Role;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "citeosquare",
    version,
    about = "Serveur CITEOSQUARE : accueil, bornes à badge, SEL, chrono'espaces"
)]
pub struct Cli {
    #[command(flatten)]
    pub common: Overrides,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server: HTTP pages, MQTT ingestion and (by default) the embedded broker.
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Verify the database's invariants; exit 1 with a report if any fails.
    Check,
    /// Copy the database to FILE, consistently, while the server keeps running.
    Backup {
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
    /// Manage kiosks.
    #[command(subcommand)]
    Kiosk(KioskCommand),
}

#[derive(Debug, Default, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub overrides: ServeOverrides,
    /// Seed a demo site (3 kiosks, 10 people with badges) if the database is empty.
    #[arg(long)]
    pub demo: bool,
}

#[derive(Debug, Subcommand)]
pub enum KioskCommand {
    /// Register a kiosk and its MQTT account.
    Add {
        /// Kiosk id, e.g. cafe-1 ([a-z0-9][a-z0-9-]*); also its MQTT user name.
        id: String,
        /// sel, space, entrance or vehicles.
        #[arg(long)]
        role: String,
        /// What the desk calls it, e.g. "Café — permanences SEL".
        #[arg(long)]
        label: String,
        /// MQTT password; one is generated and printed if omitted.
        #[arg(long, env = "CITEOSQUARE_KIOSK_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// List kiosks.
    List,
}

/// Logs at info, without the embedded broker's per-connection chatter (override with RUST_LOG);
/// refused broker logins are logged by [`crate::kiosks::BrokerAccounts`] in our own words.
const DEFAULT_LOG_FILTER: &str =
    "info,sqlx=warn,rumqttd=error,rumqttd::router::routing=off,rumqttd::server::broker=off";

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| DEFAULT_LOG_FILTER.into()),
        )
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("erreur : impossible de démarrer ({e})");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("erreur : {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let command = cli.command.unwrap_or(Command::Serve(ServeArgs::default()));
    let serve_overrides = match &command {
        Command::Serve(args) => args.overrides.clone(),
        _ => ServeOverrides::default(),
    };
    let config = cli.common.resolve(&serve_overrides)?;
    let db_path = config.database_path();
    match command {
        Command::Serve(args) => serve(config, args.demo).await,
        Command::Migrate => {
            let pool = db::open(&db_path).await?;
            let before = applied(&pool).await;
            db::MIGRATOR.run(&pool).await?;
            let after = applied(&pool).await;
            println!(
                "{}: {} migration(s) appliquée(s), {} au total",
                db_path.display(),
                after - before,
                after
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => {
            if !db_path.exists() {
                eprintln!("{} n'existe pas", db_path.display());
                return Ok(ExitCode::FAILURE);
            }
            let pool = db::open(&db_path).await?;
            let findings = check::run(&pool).await?;
            let failed = findings.iter().filter(|f| !f.ok).count();
            for f in &findings {
                println!(
                    "{} {:<32} {}",
                    if f.ok { "ok  " } else { "FAIL" },
                    f.name,
                    f.detail
                );
            }
            if failed > 0 {
                println!("{failed} invariant(s) en échec");
                Ok(ExitCode::FAILURE)
            } else {
                println!("tous les invariants sont respectés");
                Ok(ExitCode::SUCCESS)
            }
        }
        Command::Backup { to } => {
            if !db_path.exists() {
                anyhow::bail!("{} n'existe pas", db_path.display());
            }
            let pool = db::open(&db_path).await?;
            let size = check::backup(&pool, &to).await?;
            println!("sauvegarde écrite : {} ({size} octets)", to.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Kiosk(KioskCommand::Add {
            id,
            role,
            label,
            password,
        }) => {
            let role = Role::parse(&role).ok_or_else(|| {
                anyhow::anyhow!("rôle {role:?} inconnu : sel, space, entrance ou vehicles")
            })?;
            let pool = db::open_and_migrate(&db_path).await?;
            let generated = password.is_none();
            let password = password.unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
            kiosks::create(&pool, &id, role, &label, &password).await?;
            println!("borne {id} créée (rôle {}).", role.as_str());
            if generated {
                println!("mot de passe MQTT : {password}");
            }
            println!("Un serveur déjà lancé la prendra en compte à son prochain démarrage.");
            Ok(ExitCode::SUCCESS)
        }
        Command::Kiosk(KioskCommand::List) => {
            let pool = db::open_and_migrate(&db_path).await?;
            for k in kiosks::list(&pool).await? {
                println!("{:<20} {:<9} {}", k.id, k.role, k.label);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn applied(pool: &sqlx::SqlitePool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(pool)
        .await
        .unwrap_or(0)
}

async fn serve(config: crate::config::Config, demo: bool) -> anyhow::Result<ExitCode> {
    let pool = db::open_and_migrate(&config.database_path()).await?;
    if demo {
        match demo::seed_if_empty(&pool).await? {
            Some(lines) => lines.iter().for_each(|l| println!("{l}")),
            None => println!("Base existante : site de démonstration non recréé."),
        }
    }
    let accounts = match &config.broker {
        Broker::Embedded { listen } => {
            let accounts =
                kiosks::BrokerAccounts::load(&pool, crate::config::SERVER_MQTT_USER).await?;
            mqtt::start_embedded_broker(*listen, accounts.clone())?;
            println!("broker MQTT intégré sur {listen}");
            Some(accounts)
        }
        Broker::External { host, port, .. } => {
            println!("broker MQTT externe : {host}:{port}");
            None
        }
    };
    let listener = tokio::net::TcpListener::bind(config.http)
        .await
        .map_err(|e| anyhow::anyhow!("adresse HTTP {} indisponible ({e})", config.http))?;
    let http = listener.local_addr()?;
    if !http.ip().is_loopback() {
        eprintln!(
            "attention : les pages sont servies sur {http} sans authentification (les comptes \
             arrivent avec la gestion des accès) ; limitez l'accès à ce réseau."
        );
    }
    let state = AppState::new(pool, config);
    let (client, eventloop) = mqtt::connect(&state.config, accounts.as_ref());
    let mqtt_task = tokio::spawn(mqtt::run(state.clone(), client, eventloop));
    let app = web::app(state);
    println!("accueil : http://{http}/accueil");
    let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown_signal().await;
        let _ = stopping_tx.send(());
    });
    // Open reception pages hold their live feed forever: after the signal, give requests in
    // flight a moment, then stop anyway.
    let deadline = async move {
        if stopping_rx.await.is_ok() {
            tokio::time::sleep(std::time::Duration::from_secs(3)).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        r = server => r?,
        () = deadline => {}
        r = mqtt_task => {
            tracing::error!(?r, "MQTT task stopped");
            anyhow::bail!("la tâche MQTT s'est arrêtée");
        }
    }
    println!("arrêt demandé ; au revoir");
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
