//! The public page where a visitor sees what is free and asks for a stay (`/hotel/demande`, no
//! account): the dates and the number of people, then the beds and rooms free on every one of
//! those nights — no names — and a request (name, e-mail or phone, a note) that waits for the
//! desk. No online payment: the desk answers.
//!
//! Anonymous writes are bounded: a few requests per address and a few dozen from everyone in a
//! quarter of an hour (the login's throttle), and no new request while 200 wait for the desk.

use super::Form;
use crate::hostel::stays::{self, Availability, NewStay};
use crate::hostel::{date, euros};
use crate::web::forms::{FormState, html, html_status, refusal_message, see_other};
use crate::web::{Access, AppState, Ctx, F, PageError, Routes};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::Utc;

/// The throttle's key for the hostel's requests (not an account name: it has a space).
const THROTTLE_KEY: &str = "demande hotel";
/// Requests waiting for the desk beyond which the page takes no more.
const MAX_WAITING: i64 = 200;

/// A choice offered: (value, words).
type Choice = (String, String);

#[derive(Template)]
#[template(path = "hostel/request.html")]
struct RequestPage {
    c: Ctx,
    form: FormState,
    /// Whether dates were given and read: the free beds and rooms are shown.
    searched: bool,
    choices: Vec<Choice>,
    nights: usize,
    today: String,
}

fn choices(c: &Ctx, a: &Availability, people: i64) -> Vec<Choice> {
    let mut out = vec![];
    if a.dorm_beds >= people {
        out.push((
            "dortoir".to_string(),
            c.tr.ta("hostel-public-dorm", &[("free", &a.dorm_beds.to_string())]),
        ));
    }
    for (room, free) in &a.women_dorms {
        if *free >= people {
            out.push((
                room.id.to_string(),
                c.tr.ta(
                    "hostel-public-women",
                    &[("room", &room.name), ("free", &free.to_string())],
                ),
            ));
        }
    }
    for room in &a.rooms {
        if room.beds >= people {
            let mut words = c.tr.ta(
                "hostel-public-room",
                &[
                    ("room", &room.name),
                    ("beds", &room.beds.to_string()),
                    ("price", &euros(room.price_cents)),
                ],
            );
            if room.step_free {
                words.push_str(&format!(" — {}", c.tr.t("hostel-step-free")));
            }
            out.push((room.id.to_string(), words));
        }
    }
    out
}

async fn view(state: &AppState, c: Ctx, form: FormState) -> Result<(RequestPage, bool), PageError> {
    let today = stays::tonight(&state.pool, c.tz, Utc::now()).await?;
    let (arrival, departure) = (date(form.v("arrival")), date(form.v("departure")));
    let people: i64 = form.v("people").trim().parse().unwrap_or(0);
    let mut searched = false;
    let mut list = vec![];
    let mut nights = 0;
    let mut form = form;
    if let (Some(a), Some(d)) = (arrival, departure) {
        if a < today {
            form.add("arrival", c.tr.t("error-hostel-past"));
        } else if d <= a {
            form.add("departure", c.tr.t("error-hostel-departure"));
        } else if (d - a).num_days() > stays::MAX_NIGHTS {
            form.add("departure", c.tr.t("error-hostel-too-long"));
        } else if !(1..=60).contains(&people) {
            form.add("people", c.tr.t("error-hostel-people"));
        } else {
            searched = true;
            nights = usize::try_from((d - a).num_days()).unwrap_or(0);
            let free = stays::availability(&state.pool, a, d).await?;
            list = choices(&c, &free, people);
        }
    }
    let ok = form.errors.is_empty();
    Ok((
        RequestPage {
            form,
            searched,
            choices: list,
            nights,
            today: today.to_string(),
            c,
        },
        ok,
    ))
}

async fn request_page(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let q: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let get = |k: &str| {
        q.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let people = match get("people") {
        p if p.is_empty() => "1".to_string(),
        p => p,
    };
    let form = FormState::with(&[
        ("arrival", &get("arrival")),
        ("departure", &get("departure")),
        ("people", &people),
        ("key", &uuid::Uuid::now_v7().to_string()),
    ]);
    let (page, ok) = view(&state, c, form).await?;
    if ok {
        html(page)
    } else {
        html_status(StatusCode::UNPROCESSABLE_ENTITY, page)
    }
}

async fn request_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let mut form = FormState::with(&[
        ("arrival", &get("arrival")),
        ("departure", &get("departure")),
        ("people", &get("people")),
        ("choice", &get("choice")),
        ("guest_name", &get("guest_name")),
        ("email", &get("email")),
        ("phone", &get("phone")),
        ("notes", &get("notes")),
        ("key", &get("key")),
    ]);
    let people: i64 = get("people").trim().parse().unwrap_or(0);
    let choice = get("choice");
    if choice.is_empty() {
        form.add("choice", c.tr.t("error-hostel-public-choice"));
    }
    let waiting: i64 =
        sqlx::query_scalar("SELECT count(*) FROM hostel_stays WHERE status = 'requested'")
            .fetch_one(&state.pool)
            .await?;
    if waiting >= MAX_WAITING {
        form.add("choice", c.tr.t("error-hostel-public-busy"));
    }
    if form.errors.is_empty() && !state.throttle.begin(THROTTLE_KEY, c.peer) {
        tracing::warn!(address = ?c.peer, "hostel requests throttled");
        form.add("choice", c.tr.t("error-hostel-public-throttled"));
    }
    if !form.errors.is_empty() {
        let (page, _) = view(&state, c, form).await?;
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, page);
    }
    let room_id = choice.parse::<i64>().ok();
    let input = NewStay {
        guest_name: get("guest_name"),
        phone: get("phone"),
        email: get("email"),
        people,
        arrival: get("arrival"),
        departure: get("departure"),
        room_id,
        beds: room_id.is_none().then_some(people),
        source: Some("website".into()),
        notes: get("notes"),
        request_key: Some(get("key")).filter(|k| !k.trim().is_empty()),
        ..NewStay::default()
    };
    let actor = crate::audit::Actor {
        id: None,
        name: "Demande en ligne".into(),
    };
    match stays::create(&state.pool, c.tz, &actor, &input, Utc::now()).await {
        Ok(_) => Ok(see_other("/hotel/demande/envoyee")),
        Err(r) => {
            refusal_message(&c, r, &mut form, "choice")?;
            let (page, _) = view(&state, c, form).await?;
            html_status(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}

#[derive(Template)]
#[template(path = "hostel/request_sent.html")]
struct SentPage {
    c: Ctx,
}

async fn sent_page(c: Ctx) -> Result<Response, PageError> {
    html(SentPage { c })
}

pub(super) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post};
    r.add(M::GET, "/hotel/demande", Access::Public, get(request_page));
    r.add(
        M::POST,
        "/hotel/demande",
        Access::Public,
        post(request_post),
    );
    r.add(
        M::GET,
        "/hotel/demande/envoyee",
        Access::Public,
        get(sent_page),
    );
}
