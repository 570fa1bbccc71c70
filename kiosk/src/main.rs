//! `citeosquare-kiosk`: see [`citeosquare_kiosk::runner`].

use citeosquare_kiosk::debounce::Debounced;
use citeosquare_kiosk::feedback::{Feedback, JsonLines, Terminal};
use citeosquare_kiosk::hardware::{ReaderConfig, ScreenConfig, SignalsConfig};
use citeosquare_kiosk::runner::Hooks;
use citeosquare_kiosk::settings::{Args, FeedbackFormat};
use citeosquare_kiosk::signals::{GpioSignals, NoSignals, Signals};
use citeosquare_kiosk::source::BadgeSource;
use citeosquare_kiosk::station::Station;
use citeosquare_kiosk::{readers, runner, screen, source};
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
    for line in settings.summary() {
        tracing::info!("{line}");
    }
    let hw = settings.hardware.clone();
    let wired = hw.reader != ReaderConfig::Stdin
        || hw.screen != ScreenConfig::None
        || hw.signals != SignalsConfig::default();
    let result = runtime.block_on(async {
        // The screen: opened once; if it cannot be, the kiosk works on with lights and buzzer, and
        // the desk sees the alarm.
        let (screen, screen_hook): (_, Box<dyn Fn() -> (String, bool) + Send>) =
            match screen::open(&hw.screen) {
                Ok(s) => {
                    let name = s.name();
                    match screen::spawn(s) {
                        // Live: a refresh that fails later raises `screen_error` too.
                        Ok(handle) => {
                            let health = handle.health();
                            (Some(handle), Box::new(health))
                        }
                        Err(e) => {
                            let status = (format!("{name}: erreur — {e}"), false);
                            (None, Box::new(move || status.clone()))
                        }
                    }
                }
                Err(e) => {
                    tracing::error!("{e}");
                    let status = (format!("écran: erreur — {e}"), false);
                    (None, Box::new(move || status.clone()))
                }
            };
        let health = readers::ReaderHealth::new();
        let reader_ok = {
            let h = health.clone();
            Box::new(move || h.is_ok())
        };
        let feedback: Box<dyn Feedback> = match args.feedback {
            FeedbackFormat::Json => Box::new(JsonLines),
            FeedbackFormat::Text if wired => {
                let signals: Box<dyn Signals> = match GpioSignals::open(&hw.signals) {
                    Ok(s) => Box::new(s),
                    Err(e) => {
                        tracing::error!("{e}");
                        Box::new(NoSignals)
                    }
                };
                Box::new(Station::new(
                    screen,
                    signals,
                    settings.id.as_str(),
                    reader_ok,
                ))
            }
            FeedbackFormat::Text => Box::new(Terminal),
        };
        match (&hw.reader, &args.script) {
            (_, Some(path)) => {
                let script = source::Script::from_file(path, interval)
                    .map_err(|e| anyhow::anyhow!("script {}: {e}", path.display()))?;
                let hooks = Hooks {
                    reader: Box::new(|| ("script".to_owned(), true)),
                    screen: screen_hook,
                    reader_never_ends: false,
                };
                runner::run_with(settings, script, feedback, args.exit_when_drained, hooks).await
            }
            (ReaderConfig::Stdin, None) => {
                let hooks = Hooks {
                    reader: Box::new(|| ("stdin".to_owned(), true)),
                    screen: screen_hook,
                    reader_never_ends: false,
                };
                let stdin = source::Stdin::default();
                runner::run_with(settings, stdin, feedback, args.exit_when_drained, hooks).await
            }
            (config, None) => {
                // A card resting on the reader is one tap.
                let reader = readers::Reader::open(config, &health)
                    .map_err(|e| anyhow::anyhow!("lecteur : {e}"))?;
                let hooks = Hooks {
                    reader: health.hook(reader.name()),
                    screen: screen_hook,
                    reader_never_ends: true,
                };
                let source = Debounced::new(reader, settings.debounce);
                runner::run_with(settings, source, feedback, args.exit_when_drained, hooks).await
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
