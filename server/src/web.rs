//! HTTP: the reception page with its live feed, `/healthz` and `/metrics`.

use crate::{AppState, ingest::french_time, kiosks};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use futures_util::Stream;
use std::convert::Infallible;
use std::time::Duration;

/// The application's routes.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(|| async { Redirect::to("/accueil") }))
        .route("/accueil", get(reception))
        .route("/accueil/flux", get(live_feed))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .fallback(not_found)
        .with_state(state)
}

/// An error shown to a person: a generic page, with the cause only in the log.
#[derive(Debug)]
pub struct PageError(anyhow::Error);

impl<E: Into<anyhow::Error>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        tracing::error!(error = %self.0, "page failed");
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            Html(
                "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Erreur</title>\
                 <main><h1>Une erreur est survenue</h1><p>La page n'a pas pu s'afficher. \
                 Réessayez dans un instant ; si cela continue, prévenez l'administrateur.</p></main></html>",
            ),
        )
            .into_response()
    }
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html(
            "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Page introuvable</title>\
             <main><h1>Page introuvable</h1><p><a href=\"/accueil\">Retour à l'accueil</a></p></main></html>",
        ),
    )
        .into_response()
}

/// One row of the latest taps.
#[derive(Debug, sqlx::FromRow)]
pub struct TapRow {
    pub read_at_utc: String,
    pub kiosk_id: String,
    pub kiosk_label: Option<String>,
    pub person: Option<String>,
    pub badge: String,
    pub result: String,
}

/// What a result means, in the words of the desk.
pub fn result_label(result: &str) -> &'static str {
    match result {
        "recorded" => "Passage enregistré",
        "unknown_badge" => "Badge inconnu",
        "not_allowed" => "Non autorisé",
        "rejected" => "Refusé",
        "shift_started" => "Permanence commencée",
        "shift_ended" => "Permanence terminée",
        "entered" => "Entrée",
        "left" => "Sortie",
        "checked_in" => "Arrivée",
        "checked_out" => "Départ",
        _ => "Autre",
    }
}

#[derive(Debug)]
pub struct TapLine {
    pub time: String,
    pub who: String,
    pub kiosk: String,
    pub result: String,
    pub positive: bool,
}

#[derive(Debug)]
pub struct KioskLine {
    pub id: String,
    pub label: String,
    pub online: bool,
    pub pending: String,
    pub version: String,
    pub last_seen: String,
}

#[derive(Template)]
#[template(path = "reception.html")]
struct ReceptionPage {
    site: String,
    taps: Vec<TapLine>,
    kiosks: Vec<KioskLine>,
}

fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// `26/11/2026 14 h 05`, or `14 h 05` for today.
fn french_date_time(s: &str, tz: chrono_tz::Tz) -> String {
    let Some(at) = parse_instant(s) else {
        return "jamais".into();
    };
    let local = at.with_timezone(&tz);
    if local.date_naive() == Utc::now().with_timezone(&tz).date_naive() {
        french_time(at, tz)
    } else {
        format!("{} {}", local.format("%d/%m/%Y"), french_time(at, tz))
    }
}

async fn reception(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    let tz = state.config.time_zone;
    let rows: Vec<TapRow> = sqlx::query_as(
        "SELECT e.read_at_utc, e.kiosk_id, k.label AS kiosk_label,
                CASE WHEN p.id IS NULL THEN NULL ELSE trim(p.first_name || ' ' || p.last_name) END AS person,
                e.badge, e.result
         FROM kiosk_events e
         LEFT JOIN persons p ON p.id = e.person_id
         LEFT JOIN kiosks k ON k.id = e.kiosk_id
         ORDER BY e.ingest_no DESC LIMIT 50",
    )
    .fetch_all(&state.pool)
    .await?;
    let taps = rows
        .into_iter()
        .map(|r| TapLine {
            time: french_date_time(&r.read_at_utc, tz),
            who: r.person.unwrap_or_else(|| format!("Badge {}", r.badge)),
            kiosk: r.kiosk_label.unwrap_or(r.kiosk_id),
            positive: citeosquare_protocol::AckResult::parse(&r.result).is_positive(),
            result: result_label(&r.result).to_owned(),
        })
        .collect();
    let kiosks = kiosks::views(&state.pool)
        .await?
        .into_iter()
        .map(|k| KioskLine {
            label: k.label.unwrap_or_else(|| "(borne non enregistrée)".into()),
            online: k.state == "online",
            pending: k
                .pending
                .map(|p| p.to_string())
                .unwrap_or_else(|| "—".into()),
            version: k.version.unwrap_or_else(|| "—".into()),
            last_seen: french_date_time(&k.last_seen, tz),
            id: k.kiosk_id,
        })
        .collect();
    let page = ReceptionPage {
        site: state.config.site.clone(),
        taps,
        kiosks,
    };
    Ok(Html(page.render()?))
}

/// Server-sent events: `tap` and `kiosk` events whose data is the JSON of a
/// [`crate::live::LiveUpdate`], with the labels the page shows already in French.
async fn live_feed(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let rx = state.live.subscribe();
    let tz = state.config.time_zone;
    let stream = futures_util::stream::unfold(rx, move |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(update) => {
                    let mut value = serde_json::to_value(&update).unwrap_or_default();
                    let name = match &update {
                        crate::live::LiveUpdate::Tap { result, .. } => {
                            value["result_label"] = result_label(result).into();
                            value["positive"] = citeosquare_protocol::AckResult::parse(result)
                                .is_positive()
                                .into();
                            "tap"
                        }
                        crate::live::LiveUpdate::Kiosk { last_seen, .. } => {
                            value["last_seen_label"] = french_date_time(last_seen, tz).into();
                            "kiosk"
                        }
                    };
                    let event = SseEvent::default().event(name).data(value.to_string());
                    return Some((Ok(event), rx));
                }
                // A page that fell behind skips what it missed.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

async fn healthz(State(state): State<AppState>) -> Response {
    let db_ok = sqlx::query_scalar::<_, i64>("SELECT 1")
        .fetch_one(&state.pool)
        .await
        .is_ok();
    let mqtt = if *state.mqtt_up.borrow() {
        "connected"
    } else {
        "disconnected"
    };
    let body = serde_json::json!({
        "status": if db_ok { "ok" } else { "error" },
        "database": if db_ok { "ok" } else { "error" },
        "mqtt": mqtt,
    });
    let code = if db_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, axum::Json(body)).into_response()
}

async fn metrics(State(state): State<AppState>) -> Response {
    if let Ok(n) = kiosks::count_online(&state.pool).await {
        state.metrics.kiosks_online.set(n);
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.render(),
    )
        .into_response()
}
