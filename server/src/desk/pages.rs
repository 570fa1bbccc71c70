//! The desk's home (`/accueil`): taps live, who is present, kiosks, the SEL box; and the main
//! courante (`/main-courante`).

use crate::desk::logbook::{self, Kind};
use crate::i18n::{Lang, Tr};
use crate::time::parse_instant;
use crate::web::AppState;
use crate::web::forms::{FormState, html_status, refusal_message, see_other};
use crate::web::{Ctx, F, P, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::State;
use axum::http::Method;
use axum::http::StatusCode;
use axum::response::Response;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures_util::Stream;
use serde::Deserialize;
use std::convert::Infallible;
use std::time::Duration;

// ---------------------------------------------------------------------------------------------
// The desk's home

/// One line of the live feed.
#[derive(Debug)]
pub struct TapLine {
    pub time: String,
    pub who: String,
    pub person_id: Option<i64>,
    /// An unknown card: the card id, offered for assignment.
    pub unknown_card: Option<String>,
    pub kiosk: String,
    pub result: String,
    pub positive: bool,
    /// Why a tap was refused, in the words the kiosk showed (« Pas encore de compte SEL »).
    pub why: String,
    /// What the desk can do about it now, when the kiosk's role knows.
    pub step: Option<crate::web::domain::Step>,
}

#[derive(Debug)]
pub struct KioskLine {
    pub id: String,
    pub label: String,
    pub online: bool,
    pub pending: String,
    pub version: String,
    pub last_seen: String,
    /// Alarms in the desk's words.
    pub alarms: Vec<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct TapRow {
    read_at_utc: String,
    kiosk_id: String,
    kiosk_label: Option<String>,
    person_id: Option<i64>,
    person: Option<String>,
    badge: String,
    result: String,
    display: String,
    role: Option<String>,
}

/// The latest taps, newest first.
pub(crate) async fn tap_lines(
    state: &AppState,
    c: &Ctx,
    limit: i64,
) -> Result<Vec<TapLine>, sqlx::Error> {
    let rows: Vec<TapRow> = sqlx::query_as(
        "SELECT e.read_at_utc, e.kiosk_id, k.label AS kiosk_label, p.id AS person_id,
                CASE WHEN p.id IS NULL THEN NULL ELSE trim(p.first_name || ' ' || p.last_name) END AS person,
                e.badge, e.result, e.display, k.role
         FROM kiosk_events e
         LEFT JOIN persons p ON p.id = e.person_id
         LEFT JOIN kiosks k ON k.id = e.kiosk_id
         ORDER BY e.ingest_no DESC LIMIT ?",
    )
    .bind(limit)
    .fetch_all(&state.pool)
    .await?;
    let mut lines = Vec::with_capacity(rows.len());
    for r in rows {
        let positive = citeosquare_protocol::AckResult::parse(&r.result).is_positive();
        let (why, step) = if positive {
            (String::new(), None)
        } else {
            let why = refusal_words(&r.display);
            let step = match (r.person_id, r.role.as_deref()) {
                (Some(person), Some(role)) => {
                    // A domain's hook that fails costs the line its step, not the desk its page.
                    next_step(state.domains, &state.pool, &c.tr, c.tz, role, person)
                        .await
                        .ok()
                        .flatten()
                }
                _ => None,
            };
            (why, step)
        };
        lines.push(TapLine {
            time: c.tr.when_text(Some(&r.read_at_utc), c.tz),
            who: r
                .person
                .unwrap_or_else(|| c.tr.ta("badge-number", &[("card", &r.badge)])),
            person_id: r.person_id,
            unknown_card: (r.result == "unknown_badge").then(|| r.badge.clone()),
            kiosk: r.kiosk_label.unwrap_or(r.kiosk_id),
            positive,
            result: result_label(&c.tr, &r.result),
            why,
            step,
        });
    }
    Ok(lines)
}

/// Why the kiosk refused, from what it showed: its lines but the last one when that only sends
/// the person to the desk (they are at the desk).
pub(crate) fn refusal_words(display: &str) -> String {
    let shown: citeosquare_protocol::Display =
        serde_json::from_str(display).unwrap_or(citeosquare_protocol::Display {
            title: String::new(),
            lines: vec![],
        });
    shown
        .lines
        .iter()
        .filter(|l| !l.starts_with("Voyez l'accueil") && !l.starts_with("Passez à l'accueil"))
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The next step the kiosk's role offers for a person refused there.
pub(crate) async fn next_step(
    domains: crate::web::domain::Domains,
    pool: &sqlx::SqlitePool,
    tr: &Tr,
    tz: chrono_tz::Tz,
    role: &str,
    person_id: i64,
) -> Result<Option<crate::web::domain::Step>, sqlx::Error> {
    let hook = domains
        .iter()
        .filter_map(|d| d.kiosk_role)
        .find(|k| k.role == role)
        .and_then(|k| k.next_step);
    match hook {
        Some(step) => step(pool, tr, tz, person_id).await,
        None => Ok(None),
    }
}

pub use crate::kiosks::{KIOSK_ALARMS, alarm_label};

/// What a kiosk result means, in the desk's words.
pub fn result_label(tr: &Tr, result: &str) -> String {
    if citeosquare_protocol::AckResult::KNOWN.contains(&result) {
        tr.t(&format!("result-{}", result.replace('_', "-")))
    } else {
        tr.t("result-other")
    }
}

pub(crate) async fn kiosk_lines(
    pool: &sqlx::SqlitePool,
    c: &Ctx,
) -> Result<Vec<KioskLine>, sqlx::Error> {
    Ok(crate::kiosks::views(pool)
        .await?
        .into_iter()
        .map(|k| KioskLine {
            alarms: k
                .alarm_codes()
                .iter()
                .map(|a| alarm_label(&c.tr, a))
                .collect(),
            label: k.label.unwrap_or_else(|| c.tr.t("kiosk-unregistered")),
            online: k.state == "online",
            pending: k.pending.map_or_else(|| "—".into(), |p| p.to_string()),
            version: k.version.unwrap_or_else(|| "—".into()),
            last_seen: c.tr.when_text(
                Some(&k.last_seen)
                    .filter(|s| !s.is_empty())
                    .map(String::as_str),
                c.tz,
            ),
            id: k.kiosk_id,
        })
        .collect())
}

#[derive(Debug)]
pub struct EntryLine {
    pub id: i64,
    pub time: String,
    pub author: String,
    pub shift: String,
    pub kind: String,
    pub body: String,
    pub edited: bool,
    pub editable: bool,
    pub corrections: Vec<EntryLine>,
    /// A handover note's acknowledgement: « Lue par … ».
    pub read: Option<String>,
    /// A handover note the reader's shift may acknowledge.
    pub may_read: bool,
}

pub(crate) fn entry_lines(c: &Ctx, entries: Vec<logbook::Entry>) -> Vec<EntryLine> {
    let user = c.user.as_ref();
    let line = |e: &logbook::Entry| EntryLine {
        id: e.id,
        time: c.tr.when_text(Some(&e.created_at), c.tz),
        author: e.author.clone(),
        shift: shift_label(c, &e.shift),
        kind: e.kind.clone(),
        body: e.body.clone(),
        edited: e.edited_at.is_some(),
        editable: user.is_some_and(|u| e.editable_by(u)),
        corrections: vec![],
        read: None,
        may_read: false,
    };
    let mut lines: Vec<EntryLine> = entries
        .iter()
        .filter(|e| e.corrects_id.is_none())
        .map(line)
        .collect();
    // Corrections go under the entry they correct, oldest first.
    for e in entries.iter().rev().filter(|e| e.corrects_id.is_some()) {
        if let Some(original) = lines.iter_mut().find(|l| Some(l.id) == e.corrects_id) {
            original.corrections.push(line(e));
        }
    }
    lines
}

/// Fills in the handover notes' acknowledgements, and whether the reader's shift may give one.
pub(crate) async fn with_reads(
    pool: &sqlx::SqlitePool,
    c: &Ctx,
    lines: &mut [EntryLine],
) -> Result<(), sqlx::Error> {
    let ids: Vec<i64> = lines
        .iter()
        .filter(|l| l.kind == "handover")
        .map(|l| l.id)
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    let reads = logbook::reads(pool, &ids).await?;
    let now_shift = shift_label(c, &logbook::shift_of(chrono::Utc::now(), c.tz).key);
    for l in lines.iter_mut().filter(|l| l.kind == "handover") {
        match reads.iter().find(|r| r.entry_id == l.id) {
            Some(r) => {
                l.read = Some(c.tr.ta(
                    "logbook-read-by",
                    &[
                        ("who", &r.by_name),
                        ("when", &c.tr.when_text(Some(&r.read_at), c.tz)),
                    ],
                ));
            }
            None => l.may_read = l.shift != now_shift,
        }
    }
    Ok(())
}

pub(crate) fn shift_label(c: &Ctx, key: &str) -> String {
    let Some((date, slug)) = key.split_once('/') else {
        return key.to_owned();
    };
    let name = match slug {
        "matin" => c.tr.t("shift-morning"),
        "apres-midi" => c.tr.t("shift-afternoon"),
        _ => c.tr.t("shift-night"),
    };
    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map(|d| match c.tr.lang {
            Lang::Fr => d.format("%d/%m/%Y").to_string(),
            Lang::En => d.format("%-d %b %Y").to_string(),
        })
        .unwrap_or_else(|_| date.to_owned());
    format!("{name} {date}")
}

#[derive(Template)]
#[template(path = "desk/home.html")]
pub(crate) struct HomePage {
    c: Ctx,
    taps: Vec<TapLine>,
    kiosks: Vec<KioskLine>,
    handover: Option<EntryLine>,
    entries: Vec<EntryLine>,
    shift: String,
    form: FormState,
    boxes: Vec<crate::web::domain::PageBox>,
}

pub async fn home(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    home_with(&state, c, FormState::default(), StatusCode::OK).await
}

pub(crate) async fn home_with(
    state: &AppState,
    c: Ctx,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let taps = tap_lines(state, &c, 20).await?;
    let kiosks = kiosk_lines(&state.pool, &c).await?;
    let mut handover: Vec<EntryLine> = logbook::last_handover(&state.pool)
        .await?
        .map(|e| entry_lines(&c, vec![e]))
        .unwrap_or_default();
    with_reads(&state.pool, &c, &mut handover).await?;
    let handover = handover.pop();
    let entries = entry_lines(&c, logbook::latest(&state.pool, 8).await?);
    let shift = logbook::shift_of(chrono::Utc::now(), c.tz);
    let shift = shift_label(&c, &shift.key);
    let boxes = crate::web::member::desk_boxes(state, &c, "desk").await?;
    html_status(
        status,
        HomePage {
            c,
            taps,
            kiosks,
            handover,
            entries,
            shift,
            form,
            boxes,
        },
    )
}

/// How often an open live feed checks that its session is still valid.
pub(crate) const LIVE_FEED_RECHECK: Duration = Duration::from_secs(30);

pub(crate) struct LiveFeed {
    rx: tokio::sync::broadcast::Receiver<crate::live::LiveUpdate>,
    caller: crate::web::Caller,
    pool: sqlx::SqlitePool,
    next_check: tokio::time::Instant,
}

/// Server-sent events: `tap` and `kiosk` events whose data is the JSON of a
/// [`crate::live::LiveUpdate`], with the labels the page shows already in the reader's language.
pub async fn live_feed(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<crate::web::Caller>,
    c: Ctx,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let rx = state.live.subscribe();
    let tz = c.tz;
    let tr = c.tr;
    let pool = state.pool.clone();
    let domains = state.domains;
    let feed = LiveFeed {
        rx,
        caller,
        pool,
        next_check: tokio::time::Instant::now() + LIVE_FEED_RECHECK,
    };
    let stream = futures_util::stream::unfold(feed, move |mut feed| async move {
        loop {
            // The page was allowed when it connected; it stays allowed only while its session
            // (or token) does — a logout, a reset or an erasure elsewhere ends the stream.
            let received = tokio::select! {
                r = feed.rx.recv() => r,
                () = tokio::time::sleep_until(feed.next_check) => {
                    if !feed.caller.still_valid(&feed.pool).await {
                        return None;
                    }
                    feed.next_check = tokio::time::Instant::now() + LIVE_FEED_RECHECK;
                    continue;
                }
            };
            match received {
                Ok(update) => {
                    let mut value = serde_json::to_value(&update).unwrap_or_default();
                    let name = match &update {
                        crate::live::LiveUpdate::Tap {
                            result,
                            read_at,
                            badge,
                            ..
                        } => {
                            value["result_label"] = result_label(&tr, result).into();
                            value["positive"] = citeosquare_protocol::AckResult::parse(result)
                                .is_positive()
                                .into();
                            value["time"] = parse_instant(read_at)
                                .or_else(|| {
                                    chrono::DateTime::parse_from_rfc3339(read_at)
                                        .ok()
                                        .map(|d| d.to_utc())
                                })
                                .map(|at| tr.when(at, tz))
                                .unwrap_or_default()
                                .into();
                            value["badge_label"] = tr.ta("badge-number", &[("card", badge)]).into();
                            if !citeosquare_protocol::AckResult::parse(result).is_positive()
                                && let crate::live::LiveUpdate::Tap {
                                    event_id,
                                    person_id,
                                    ..
                                } = &update
                            {
                                // Why, in the kiosk's words, and what the desk can do now.
                                let seen: Option<(String, Option<String>)> = sqlx::query_as(
                                    "SELECT e.display, k.role FROM kiosk_events e
                                     LEFT JOIN kiosks k ON k.id = e.kiosk_id WHERE e.id = ?",
                                )
                                .bind(event_id)
                                .fetch_optional(&feed.pool)
                                .await
                                .ok()
                                .flatten();
                                if let Some((display, role)) = seen {
                                    value["why"] = refusal_words(&display).into();
                                    if let (Some(person), Some(role)) = (person_id, role)
                                        && let Ok(Some(step)) =
                                            next_step(domains, &feed.pool, &tr, tz, &role, *person)
                                                .await
                                    {
                                        value["step_label"] = step.label.into();
                                        value["step_url"] = step.link.into();
                                    }
                                }
                            }
                            if result == "unknown_badge" {
                                value["assign_label"] = tr.t("badge-assign-link").into();
                                value["assign_url"] =
                                    format!("/personnes?badge={}", crate::web::url_encode(badge))
                                        .into();
                            }
                            "tap"
                        }
                        crate::live::LiveUpdate::Kiosk {
                            last_seen, alarms, ..
                        } => {
                            value["alarm_labels"] = alarms
                                .iter()
                                .map(|a| alarm_label(&tr, a))
                                .collect::<Vec<_>>()
                                .into();
                            value["last_seen_label"] = tr.when_text(Some(last_seen), tz).into();
                            value["online_label"] = tr.t("kiosk-online").into();
                            value["offline_label"] = tr.t("kiosk-offline").into();
                            "kiosk"
                        }
                    };
                    let event = SseEvent::default().event(name).data(value.to_string());
                    return Some((Ok(event), feed));
                }
                // A page that fell behind skips what it missed.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

// ---------------------------------------------------------------------------------------------
// Logbook

#[derive(Template)]
#[template(path = "desk/logbook.html")]
pub(crate) struct LogbookPage {
    c: Ctx,
    entries: Vec<EntryLine>,
    shift: String,
    form: FormState,
    /// A day or words were asked for.
    searching: bool,
    /// The day or shift shown, in words.
    showing: Option<String>,
    /// The day typed could not be read.
    bad_day: bool,
    filter_day: String,
    filter_shift: String,
    filter_words: String,
}

pub async fn logbook(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    logbook_page(
        &state,
        c,
        FormState::with(&[("kind", "entry")]),
        StatusCode::OK,
    )
    .await
}

pub(crate) async fn logbook_page(
    state: &AppState,
    c: Ctx,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let q = |name: &str| crate::web::forms::query_value(Some(&c.query), name).unwrap_or_default();
    let (day_text, shift_text, words) = (q("jour"), q("service"), q("q"));
    let day = day_text.trim().parse::<chrono::NaiveDate>().ok();
    let filter = logbook::Filter {
        day,
        shift: logbook::SHIFT_SLUGS
            .iter()
            .copied()
            .find(|s| *s == shift_text)
            .filter(|_| day.is_some()),
        words: words.chars().take(200).collect(),
    };
    let searching = filter.day.is_some() || !crate::text::fold(&filter.words).is_empty();
    let found = if searching {
        logbook::find(&state.pool, &filter).await?
    } else {
        logbook::latest(&state.pool, 200).await?
    };
    let mut entries = entry_lines(&c, found);
    with_reads(&state.pool, &c, &mut entries).await?;
    let shift = shift_label(&c, &logbook::shift_of(chrono::Utc::now(), c.tz).key);
    // What the list shows, for the page and its print: « Nuit 04/12/2026 », « 04/12/2026 ».
    let showing = match (filter.day, filter.shift) {
        (Some(d), Some(slug)) => Some(shift_label(&c, &format!("{d}/{slug}"))),
        (Some(d), None) => Some(match c.tr.lang {
            Lang::Fr => d.format("%d/%m/%Y").to_string(),
            Lang::En => d.format("%-d %b %Y").to_string(),
        }),
        (None, _) => None,
    };
    let bad_day = !day_text.trim().is_empty() && day.is_none();
    html_status(
        status,
        LogbookPage {
            c,
            entries,
            shift,
            form,
            searching,
            showing,
            bad_day,
            filter_day: day.map(|d| d.to_string()).unwrap_or_default(),
            filter_shift: filter.shift.unwrap_or("").to_owned(),
            filter_words: filter.words,
        },
    )
}

/// The next shift acknowledges a handover note (a button on the note).
pub async fn logbook_read(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let user = c.account()?.clone();
    match logbook::acknowledge(&state.pool, &user, c.tz, id).await {
        Ok(()) => Ok(see_other("/accueil?ok=ok-handover-read#main-courante")),
        Err(crate::refusal::Refusal::NotFound) => Err(crate::web::forms::not_found(&c)),
        Err(r) => {
            let mut form = FormState::with(&[("kind", "entry")]);
            refusal_message(&c, r, &mut form, "body")?;
            home_with(&state, c, form, StatusCode::CONFLICT).await
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct EntryForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    kind: Option<String>,
    /// Where the form was: `accueil` sends the desk back to its home page.
    #[serde(default)]
    retour: Option<String>,
}

pub async fn logbook_add(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<EntryForm>,
) -> Result<Response, PageError> {
    let user = c.account()?.clone();
    let kind = match f.kind.as_deref() {
        Some("handover") => Kind::Handover,
        _ => Kind::Entry,
    };
    let from_home = f.retour.as_deref() == Some("accueil");
    match logbook::add(&state.pool, &user, c.tz, kind, &f.body, None).await {
        Ok(id) => Ok(see_other(&if from_home {
            "/accueil?ok=ok-entry-added#main-courante".to_owned()
        } else {
            format!("/main-courante?ok=ok-entry-added#entree-{id}")
        })),
        Err(r) => {
            let mut form = FormState::with(&[("body", &f.body), ("kind", kind.as_str())]);
            refusal_message(&c, r, &mut form, "body")?;
            if from_home {
                home_with(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
            } else {
                logbook_page(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
            }
        }
    }
}

pub async fn logbook_edit(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<EntryForm>,
) -> Result<Response, PageError> {
    let user = c.account()?.clone();
    match logbook::edit(&state.pool, &user, id, &f.body).await {
        Ok(()) => Ok(see_other(&format!(
            "/main-courante?ok=ok-saved#entree-{id}"
        ))),
        Err(r) => {
            let mut form = FormState::with(&[("kind", "entry")]);
            refusal_message(&c, r, &mut form, "body")?;
            logbook_page(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

pub async fn logbook_correct(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<EntryForm>,
) -> Result<Response, PageError> {
    let user = c.account()?.clone();
    match logbook::add(
        &state.pool,
        &user,
        c.tz,
        Kind::Correction,
        &f.body,
        Some(id),
    )
    .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/main-courante?ok=ok-correction-added#entree-{id}"
        ))),
        Err(r) => {
            let mut form = FormState::with(&[("kind", "entry")]);
            refusal_message(&c, r, &mut form, "body")?;
            logbook_page(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// Declares this part's routes with their access rules.
pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    #[allow(unused_imports)]
    use axum::routing::{get, post, put};
    r.add(M::GET, "/accueil", STAFF, get(home));
    r.add(M::GET, "/accueil/flux", STAFF, get(live_feed));
    r.add(M::GET, "/main-courante", STAFF, get(logbook));
    r.add(M::POST, "/main-courante", STAFF, post(logbook_add));
    r.add(
        M::POST,
        "/main-courante/{id}/modifier",
        STAFF,
        post(logbook_edit),
    );
    r.add(
        M::POST,
        "/main-courante/{id}/correction",
        STAFF,
        post(logbook_correct),
    );
    r.add(M::POST, "/main-courante/{id}/lu", STAFF, post(logbook_read));
}
