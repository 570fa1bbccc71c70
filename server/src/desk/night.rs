//! The desk's night view (`/accueil/nuit`): only what needs a person now — kiosks offline or in
//! alarm, and what every domain says through the list (`Domain::night_alerts`: a vehicle not
//! back, tonight's arrivals not in, requests waiting, people « à confirmer », a roll call under
//! way, safety checks overdue) — in a dark, low-glare theme that keeps AA contrast, refreshed by
//! itself every [`REFRESH_SECONDS`].

use crate::kiosks::alarm_label;
use crate::web::domain::Alert;
use crate::web::forms::html;
use crate::web::{AppState, Ctx, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::State;
use axum::http::Method;
use axum::response::Response;

/// How often the page refreshes its alerts.
pub const REFRESH_SECONDS: u64 = 20;

/// Everything that needs a person now, the urgent first.
pub async fn alerts(state: &AppState, c: &Ctx) -> Result<Vec<Alert>, PageError> {
    let mut all = vec![];
    for k in crate::kiosks::views(&state.pool).await? {
        let name = k.label.clone().unwrap_or_else(|| k.kiosk_id.clone());
        if k.state != "online" {
            all.push(Alert {
                urgent: true,
                text: c.tr.ta(
                    "night-kiosk-offline",
                    &[
                        ("kiosk", &name),
                        (
                            "since",
                            &c.tr.when_text(
                                Some(&k.last_seen)
                                    .filter(|s| !s.is_empty())
                                    .map(String::as_str),
                                c.tz,
                            ),
                        ),
                    ],
                ),
                link: Some("/accueil#titre-bornes".into()),
            });
        }
        for a in k.alarm_codes() {
            all.push(Alert {
                urgent: true,
                text: c.tr.ta(
                    "night-kiosk-alarm",
                    &[("kiosk", &name), ("alarm", &alarm_label(&c.tr, &a))],
                ),
                link: Some("/accueil#titre-bornes".into()),
            });
        }
    }
    for hook in state.domains.iter().filter_map(|d| d.night_alerts) {
        all.extend(hook(state, c).await?);
    }
    // Urgent first, each kind in the order the domains gave.
    all.sort_by_key(|a| !a.urgent);
    Ok(all)
}

#[derive(Template)]
#[template(path = "desk/night_alerts.html")]
struct AlertsFragment<'a> {
    c: &'a Ctx,
    alerts: Vec<Alert>,
    total: i64,
    refreshed: String,
}

async fn fragment_of<'a>(state: &AppState, c: &'a Ctx) -> Result<AlertsFragment<'a>, PageError> {
    let alerts = alerts(state, c).await?;
    let total = crate::presence::list::now(
        &state.pool,
        state.domains,
        state.config.time_zone,
        chrono::Utc::now(),
    )
    .await?
    .total;
    Ok(AlertsFragment {
        c,
        alerts,
        total,
        refreshed: c.tr.time(chrono::Utc::now(), c.tz),
    })
}

#[derive(Template)]
#[template(path = "desk/night.html")]
struct NightPage {
    c: Ctx,
    body: String,
}

async fn night_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let body = fragment_of(&state, &c).await?.render()?;
    html(NightPage { c, body })
}

async fn night_fragment(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    html(fragment_of(&state, &c).await?)
}

pub(crate) fn declare(r: &mut Routes) {
    use axum::routing::get;
    r.add(Method::GET, "/accueil/nuit", STAFF, get(night_page));
    r.add(
        Method::GET,
        "/accueil/nuit/alertes",
        STAFF,
        get(night_fragment),
    );
}
