//! The `citeosquare` command. Scripts and tests rely on its subcommands and flags.

use crate::config::{Broker, Overrides, ServeOverrides};
use crate::{AppState, audit, auth, check, db, demo, kiosks, kiosks::mqtt, restore, web};
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
    Check {
        /// Check this database file (a backup) instead of the data directory's; the file itself
        /// is not modified (the checks run on a copy).
        #[arg(long, value_name = "FILE")]
        database: Option<PathBuf>,
    },
    /// Copy the database to FILE, consistently, while the server keeps running.
    Backup {
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
    /// Put a backup back as the data directory's database (the server stopped), after checking
    /// it; copies back its photos.
    Restore {
        /// The backup (a file written by `citeosquare backup`).
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
        /// Replace a database already there; it is moved aside, not deleted.
        #[arg(long)]
        force: bool,
    },
    /// Manage kiosks.
    #[command(subcommand)]
    Kiosk(KioskCommand),
    /// Manage accounts (logins to the pages and the API).
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account, e.g. the first admin: `citeosquare user add admin --role admin`.
    Add {
        /// Login name ([a-z0-9._-], 2 to 64 characters).
        username: String,
        /// admin, reception, association or resident.
        #[arg(long)]
        role: String,
        /// The name pages show; defaults to the login name.
        #[arg(long)]
        name: Option<String>,
        /// The person this account belongs to (required for association and resident accounts).
        #[arg(long)]
        person: Option<i64>,
    },
    /// List accounts.
    List,
    /// Make an API token for an account, printed once.
    Token {
        username: String,
        /// What the token is for, e.g. "tableau de bord".
        #[arg(long)]
        label: String,
    },
}

#[derive(Debug, Default, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub overrides: ServeOverrides,
    /// Seed a demo site (3 kiosks, 10 people with badges) if the database is empty.
    #[arg(long)]
    pub demo: bool,
    /// Months of the place's past activity the demo site is given (0 to 60), so that the
    /// Bien-Vivre dashboard shows its twelve months.
    #[arg(long, value_name = "MONTHS", default_value_t = demo::PAST_MONTHS,
          value_parser = clap::value_parser!(u32).range(0..=60))]
    pub demo_past: u32,
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
        Command::Serve(args) => serve(config, args.demo.then_some(args.demo_past)).await,
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
        Command::Check { database: None } => {
            if !db_path.exists() {
                eprintln!("{} n'existe pas", db_path.display());
                return Ok(ExitCode::FAILURE);
            }
            let pool = db::open(&db_path).await?;
            let findings = check::run(&pool).await?;
            Ok(report(&findings, findings.iter().filter(|f| !f.ok).count()))
        }
        Command::Check {
            database: Some(file),
        } => {
            if !file.is_file() {
                eprintln!("{} n'existe pas", file.display());
                return Ok(ExitCode::FAILURE);
            }
            let inspection = restore::check_file(&file).await?;
            let failed = inspection.failures().count();
            let shown = report(&inspection.findings, failed);
            let behind = inspection.behind();
            if behind > 0 && failed == 0 {
                // Restorable: the server applies them at its start, and they were just tried.
                println!(
                    "sauvegarde d'une version plus ancienne ({} migrations sur {}) : les {behind} \
                     migration(s) manquante(s) s'appliquent sans erreur à une copie, qui passe \
                     les vérifications ; le serveur les appliquera à son démarrage",
                    inspection.migrations_applied, inspection.migrations_known
                );
            }
            Ok(shown)
        }
        Command::Restore { from, force } => restore_command(&config, &from, force).await,
        Command::Backup { to } => {
            if !db_path.exists() {
                anyhow::bail!("{} n'existe pas", db_path.display());
            }
            let pool = db::open(&db_path).await?;
            let done = check::backup(&pool, &config.data_dir, &to).await?;
            println!(
                "sauvegarde écrite : {} ({} octets) ; photos : {} copiées, {} déjà présentes",
                to.display(),
                done.bytes,
                done.photos_copied,
                done.photos_kept
            );
            for name in &done.photos_missing {
                eprintln!(
                    "attention : la photo {name} manque dans {} (remplacée pendant la sauvegarde, ou perdue)",
                    crate::photos::folder(&config.data_dir).display()
                );
            }
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
        Command::User(command) => user_command(&db_path, command).await,
        Command::Kiosk(KioskCommand::List) => {
            let pool = db::open_and_migrate(&db_path).await?;
            for k in kiosks::list(&pool).await? {
                println!("{:<20} {:<9} {}", k.id, k.role, k.label);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints the checks' report; the exit code says whether `failed` is zero.
fn report(findings: &[check::Finding], failed: usize) -> ExitCode {
    for f in findings {
        println!(
            "{} {:<32} {}",
            if f.ok { "ok  " } else { "FAIL" },
            f.name,
            f.detail
        );
    }
    if failed > 0 {
        println!("{failed} invariant(s) en échec");
        ExitCode::FAILURE
    } else {
        println!("tous les invariants sont respectés");
        ExitCode::SUCCESS
    }
}

async fn restore_command(
    config: &crate::config::Config,
    from: &std::path::Path,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let db_path = config.database_path();
    match restore::restore(from, &config.data_dir, &db_path, force).await? {
        Ok(done) => {
            if let Some(aside) = &done.set_aside {
                println!("ancienne base gardée dans {}", aside.display());
            }
            println!(
                "sauvegarde {} restaurée dans {} (vérifiée : tous les invariants sont respectés) ; \
                 photos : {} copiées, {} déjà présentes",
                from.display(),
                db_path.display(),
                done.photos_copied,
                done.photos_kept
            );
            if done.migrations_applied > 0 {
                println!(
                    "sauvegarde d'une version plus ancienne : {} migration(s) appliquée(s) à la \
                     base restaurée, avant de la vérifier et de la mettre en place",
                    done.migrations_applied
                );
            }
            for name in &done.photos_missing {
                eprintln!(
                    "attention : la photo {name} manque à côté de la sauvegarde (dans {})",
                    crate::photos::folder(from.parent().unwrap_or(std::path::Path::new(".")))
                        .display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(restore::RestoreRefused::FailedChecks(inspection)) => {
            let failed = inspection.failures().count();
            report(&inspection.findings, failed);
            eprintln!(
                "erreur : {}",
                restore::RestoreRefused::FailedChecks(inspection)
            );
            Ok(ExitCode::FAILURE)
        }
        Err(refused) => {
            eprintln!("erreur : {refused}");
            Ok(ExitCode::FAILURE)
        }
    }
}

async fn user_command(db_path: &std::path::Path, command: UserCommand) -> anyhow::Result<ExitCode> {
    let pool = db::open_and_migrate(db_path).await?;
    match command {
        UserCommand::Add {
            username,
            role,
            name,
            person,
        } => {
            // From the environment only: a flag would show in `ps` and the shell's history.
            let password = std::env::var("CITEOSQUARE_USER_PASSWORD")
                .ok()
                .filter(|p| !p.is_empty());
            let role = auth::Role::parse(&role).ok_or_else(|| {
                anyhow::anyhow!("rôle {role:?} inconnu : admin, reception, association ou resident")
            })?;
            let username = username.trim().to_lowercase();
            if !auth::username_ok(&username) {
                anyhow::bail!(
                    "identifiant {username:?} refusé : 2 à 64 caractères parmi a-z, 0-9, « . », « _ » et « - »"
                );
            }
            if matches!(role, auth::Role::Association | auth::Role::Resident) && person.is_none() {
                anyhow::bail!(
                    "un compte {} doit être rattaché à une personne : --person N",
                    role.as_str()
                );
            }
            let generated = password.is_none();
            let password = password.unwrap_or_else(crate::accounts::temporary_password);
            if let Some(key) = auth::password_problem(&password, &username) {
                anyhow::bail!(
                    "mot de passe refusé : {}",
                    crate::i18n::Tr::new(crate::i18n::Lang::Fr).t(key)
                );
            }
            let display_name = name.unwrap_or_else(|| username.clone()).trim().to_owned();
            if display_name.is_empty() || display_name.chars().count() > 120 {
                anyhow::bail!("nom affiché refusé : 1 à 120 caractères");
            }
            let hash = auth::hash_password(&password)?;
            let user = auth::NewUser {
                display_name,
                username: username.clone(),
                role,
                password: String::new(),
                person_id: person,
                must_change_password: generated,
            };
            let mut tx = db::begin_write(&pool).await?;
            let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = ?")
                .bind(&username)
                .fetch_optional(&mut *tx)
                .await?;
            if taken.is_some() {
                anyhow::bail!("l'identifiant {username} est déjà pris");
            }
            if let Some(p) = person {
                let exists: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM persons WHERE id = ? AND erased_at IS NULL")
                        .bind(p)
                        .fetch_optional(&mut *tx)
                        .await?;
                if exists.is_none() {
                    anyhow::bail!("personne n° {p} inconnue");
                }
            }
            let id = auth::insert_user(&mut tx, &user, &hash).await?;
            audit::record(
                &mut tx,
                &audit::Actor::cli(),
                "user.create",
                "user",
                id,
                None,
                Some(&serde_json::json!({"username": username, "role": role.as_str(), "person_id": person})),
            )
            .await?;
            tx.commit().await?;
            println!("compte {username} créé (rôle {}).", role.as_str());
            if generated {
                println!("mot de passe provisoire, à changer à la première connexion : {password}");
            }
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::List => {
            let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
                "SELECT username, role, display_name, disabled_at FROM users ORDER BY username",
            )
            .fetch_all(&pool)
            .await?;
            for (username, role, name, disabled) in rows {
                let state = if disabled.is_some() {
                    "désactivé"
                } else {
                    "actif"
                };
                println!("{username:<20} {role:<12} {state:<10} {name}");
            }
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::Token { username, label } => {
            match crate::accounts::issue_token(&pool, &audit::Actor::cli(), &username, &label).await
            {
                Ok(token) => {
                    println!("{token}");
                    eprintln!("jeton créé pour {username} ; il ne sera plus affiché.");
                    Ok(ExitCode::SUCCESS)
                }
                Err(crate::refusal::Refusal::Invalid(errors)) => {
                    let tr = crate::i18n::Tr::new(crate::i18n::Lang::Fr);
                    for e in errors {
                        eprintln!("{} : {}", e.field, tr.t(e.key));
                    }
                    Ok(ExitCode::FAILURE)
                }
                Err(e) => Err(e.into()),
            }
        }
    }
}

async fn applied(pool: &sqlx::SqlitePool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(pool)
        .await
        .unwrap_or(0)
}

async fn serve(config: crate::config::Config, demo: Option<u32>) -> anyhow::Result<ExitCode> {
    // Held while the server runs: a second server or a restore on the same data is refused.
    let Some(_data_dir_lock) = restore::lock_data_dir(&config.data_dir)? else {
        anyhow::bail!(
            "un autre serveur citeosquare utilise déjà le dossier de données {} \
             (deux serveurs sur une même base se gêneraient) : arrêtez-le d'abord",
            config.data_dir.display()
        );
    };
    let pool = db::open_and_migrate(&config.database_path()).await?;
    if let Some(past_months) = demo {
        match demo::seed_if_empty_with_past(&pool, past_months).await? {
            Some(lines) => lines.iter().for_each(|l| println!("{l}")),
            None => println!("Base existante : site de démonstration non recréé."),
        }
    }
    let accounts = match &config.broker {
        Broker::Embedded { listen } => {
            let accounts =
                kiosks::BrokerAccounts::load(&pool, crate::config::SERVER_MQTT_USER).await?;
            mqtt::start_embedded_broker(*listen, accounts.clone(), &config.site)?;
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
            "attention : les pages sont servies en HTTP simple sur {http} ; les mots de passe et \
             les cookies de session circulent en clair sur ce réseau. En production, placez un \
             proxy HTTPS devant le serveur (il doit transmettre X-Forwarded-Proto: https)."
        );
    }
    if !http.ip().is_loopback() {
        let open = demo::accounts_with_demo_password(&pool).await?;
        if !open.is_empty() {
            eprintln!(
                "ATTENTION : les comptes de démonstration {} ont encore le mot de passe « {} », connu \
                 de tous, et le serveur est joignable sur {http}. Changez-les (page « Mon compte ») \
                 ou désactivez-les (page « Comptes ») avant d'ouvrir l'accès.",
                open.join(", "),
                demo::DEMO_PASSWORD
            );
        }
    }
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users WHERE role = 'admin'")
        .fetch_one(&pool)
        .await?;
    if users == 0 {
        eprintln!(
            "aucun compte administrateur : créez-en un avec « citeosquare user add NOM --role admin »."
        );
    }
    let state = AppState::new(pool, config);
    let (client, eventloop) = mqtt::connect(&state.config, accounts.as_ref());
    let mqtt_task = tokio::spawn(mqtt::run(state.clone(), client, eventloop));
    let state_pool_domains = state.domains;
    let state_for_jobs = state.clone();
    let app = web::app(state);
    println!("accueil : http://{http}/accueil");
    let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
    // The WAL is copied into the database file here, not inside a request's commit.
    let _checkpointer = db::spawn_checkpointer(state_for_jobs.pool.clone());
    // Every domain's periodic work, from the list.
    for d in state_pool_domains {
        for job in d.jobs {
            tokio::spawn(run_job(state_for_jobs.clone(), *job));
        }
    }
    let server = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
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

/// Runs a domain's job every `every_seconds` (the first time at start), logging its failures by
/// name; a failure never stops the next run.
async fn run_job(state: AppState, job: crate::web::domain::Job) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(job.every_seconds.max(1)));
    loop {
        tick.tick().await;
        if let Err(e) = (job.run)(&state).await {
            tracing::warn!(job = job.name, error = %e, "periodic job failed");
        }
    }
}
