//! `citeosquare-kiosk`: see [`citeosquare_kiosk::runner`].

use citeosquare_kiosk::feedback::{Feedback, JsonLines, Terminal};
use citeosquare_kiosk::settings::{Args, FeedbackFormat};
use citeosquare_kiosk::{runner, source};
use clap::Parser;
use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
    let settings = match args.resolve() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("configuration invalide — {e}");
            return ExitCode::from(2);
        }
    };
    if args.check_config {
        println!("configuration valide :");
        for line in settings.summary() {
            println!("  {line}");
        }
        return ExitCode::SUCCESS;
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("erreur : {e}");
            return ExitCode::FAILURE;
        }
    };
    let interval = Duration::from_millis(args.interval_ms);
    let feedback: Box<dyn Feedback> = match args.feedback {
        FeedbackFormat::Json => Box::new(JsonLines),
        FeedbackFormat::Text => Box::new(Terminal),
    };
    let result = runtime.block_on(async {
        match &args.script {
            Some(path) => {
                let script = source::Script::from_file(path, interval)
                    .map_err(|e| anyhow::anyhow!("script {}: {e}", path.display()))?;
                runner::run(settings, script, feedback, args.exit_when_drained).await
            }
            None => {
                let stdin = source::Stdin::default();
                runner::run(settings, stdin, feedback, args.exit_when_drained).await
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("erreur : {e:#}");
            ExitCode::FAILURE
        }
    }
}
