//! The folio's pages: its lines and forms on the stay's page (an extra, a payment or a refund, a
//! correction), the receipt to print, the catalogue of extras and the folio settings (admin), and
//! the night audits closed.

use super::{Form, actor};
use crate::hostel::folio::{self, CorrectionInput, ExtraInput, ExtraSale, Folio, PaymentInput};
use crate::hostel::night_audit;
use crate::hostel::{Settings, euros, stays};
use crate::refusal::Refusal;
use crate::web::forms::{FormState, html, html_status, not_found, refusal_message, see_other};
use crate::web::{ADMIN, AppState, Ctx, F, P, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::Utc;

/// A folio line as shown.
#[derive(Debug, Clone)]
pub(super) struct LineView {
    pub day: String,
    pub label: String,
    pub amount: String,
    pub is_charge: bool,
}

/// A folio as shown on the stay's page and the receipt.
#[derive(Debug, Clone, Default)]
pub(super) struct FolioView {
    pub lines: Vec<LineView>,
    pub charges: String,
    pub paid: String,
    pub balance: String,
    /// Nights held and not posted yet (empty when none).
    pub to_post: String,
    /// What the guest owes for the whole stay (or, as a credit, is owed).
    pub due: String,
    /// For a guest in house: what leaving now would cost, in cents and as typed in the form.
    pub on_leaving_cents: i64,
    pub on_leaving: String,
    pub on_leaving_typed: String,
    /// The extras on sale: (id, « Petit-déjeuner — 6,50 € »).
    pub extras: Vec<(i64, String)>,
    /// The charges a correction may name: (id, label).
    pub charges_list: Vec<(i64, String)>,
    /// « 1 h = 15,00 € — jusqu'à 50 % du séjour », or empty when the hostel takes no SEL.
    pub sel: String,
    pub may_sell: bool,
    pub may_pay: bool,
    /// The payment methods offered: (code, words).
    pub methods: Vec<(&'static str, String)>,
    /// An idempotency key for the forms (a double click writes one line).
    pub key: String,
}

fn label(c: &Ctx, l: &folio::Line, all: &[folio::Line]) -> String {
    let night = |n: &Option<String>| {
        n.as_deref()
            .and_then(crate::hostel::date)
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default()
    };
    let method = |m: &Option<String>| c.tr.tk("hostel-method", m.as_deref().unwrap_or("cash"));
    let with_ref = |what: String| {
        if l.label.is_empty() {
            what
        } else {
            format!("{what} — {}", l.label)
        }
    };
    match l.kind.as_str() {
        "night" => {
            c.tr.ta("hostel-folio-night", &[("night", &night(&l.night))])
        }
        "tax" => c.tr.ta("hostel-folio-tax", &[("night", &night(&l.night))]),
        "extra" if l.quantity > 1 => format!("{} × {}", l.label, l.quantity),
        "extra" => l.label.clone(),
        "payment" => {
            let mut s =
                with_ref(c.tr.ta("hostel-folio-payment", &[("method", &method(&l.method))]));
            if let Some(m) = l.sel_minutes {
                s.push_str(&format!(" ({})", crate::time::hours(m)));
            }
            s
        }
        "refund" => with_ref(c.tr.ta("hostel-folio-refund", &[("method", &method(&l.method))])),
        _ => {
            let of = all
                .iter()
                .find(|o| Some(o.id) == l.corrects_id)
                .map(|o| label(c, o, &[]))
                .unwrap_or_default();
            c.tr.ta(
                "hostel-folio-correction",
                &[("of", &of), ("reason", &l.label)],
            )
        }
    }
}

pub(super) fn view(
    c: &Ctx,
    s: &stays::Stay,
    f: &Folio,
    settings: Settings,
    extras: &[folio::Extra],
    on_leaving_cents: i64,
) -> FolioView {
    let lines = f
        .lines
        .iter()
        .map(|l| LineView {
            day: c.tr.when_text(Some(&l.created_at), c.tz),
            label: label(c, l, &f.lines),
            amount: euros(l.amount_cents),
            is_charge: l.is_charge(),
        })
        .collect::<Vec<_>>();
    let charges_list = f
        .lines
        .iter()
        .filter(|l| matches!(l.kind.as_str(), "night" | "tax" | "extra"))
        .map(|l| {
            (
                l.id,
                format!("{} ({})", label(c, l, &[]), euros(l.amount_cents)),
            )
        })
        .collect();
    FolioView {
        lines,
        charges: euros(f.charges_cents),
        paid: euros(f.paid_cents),
        balance: euros(f.balance_cents),
        to_post: if f.to_post_cents > 0 {
            euros(f.to_post_cents)
        } else {
            String::new()
        },
        due: euros(f.due_cents),
        on_leaving_cents,
        on_leaving: euros(on_leaving_cents),
        on_leaving_typed: format!("{},{:02}", on_leaving_cents / 100, on_leaving_cents % 100),
        extras: extras
            .iter()
            .filter(|e| e.active)
            .map(|e| (e.id, format!("{} — {}", e.name, euros(e.price_cents))))
            .collect(),
        charges_list,
        sel: if settings.sel_cents_per_hour > 0 && s.person_id.is_some() {
            c.tr.ta(
                "hostel-folio-sel-rate",
                &[
                    ("price", &euros(settings.sel_cents_per_hour)),
                    ("percent", &settings.sel_max_percent.to_string()),
                ],
            )
        } else {
            String::new()
        },
        may_sell: s.holds(),
        may_pay: s.status != "requested",
        methods: folio::METHODS
            .iter()
            .filter(|m| **m != "sel" || (settings.sel_cents_per_hour > 0 && s.person_id.is_some()))
            .map(|m| (*m, c.tr.tk("hostel-method", m)))
            .collect(),
        key: uuid::Uuid::now_v7().to_string(),
    }
}

/// A payment as the form typed it; `None` when no amount was typed.
pub(super) fn payment_of(f: &Form) -> Result<Option<PaymentInput>, Refusal> {
    let typed = f.get("amount").map(|a| a.trim()).unwrap_or("");
    if typed.is_empty() {
        return Ok(None);
    }
    let Some(cents) = folio::cents_of(typed) else {
        return Err(Refusal::field("amount", "error-hostel-amount"));
    };
    if cents == 0 {
        return Ok(None);
    }
    Ok(Some(PaymentInput {
        method: f.get("method").cloned().unwrap_or_default(),
        amount_cents: cents,
        reference: f.get("reference").cloned().unwrap_or_default(),
        refund: f.get("refund").is_some_and(|v| v == "1"),
        key: f.get("key").cloned(),
    }))
}

/// After a folio form: the stay's page with its confirmation, or again with every reason.
async fn after(
    state: &AppState,
    c: Ctx,
    id: i64,
    done: Result<folio::Line, Refusal>,
    ok: &str,
) -> Result<Response, PageError> {
    super::after_step_at(state, c, id, done, ok, ("#folio", "amount")).await
}

async fn extra_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let input = ExtraSale {
        extra_id: f.get("extra_id").and_then(|v| v.parse().ok()).unwrap_or(0),
        quantity: f
            .get("quantity")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0),
        key: f.get("key").cloned(),
    };
    let done = folio::sell_extra(&state.pool, &actor(&c)?, id, &input).await;
    after(&state, c, id, done, "ok-hostel-extra").await
}

async fn pay_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let done = match payment_of(&f) {
        Ok(Some(p)) => folio::pay(&state.pool, &actor(&c)?, id, &p).await,
        Ok(None) => Err(Refusal::field("amount", "error-hostel-amount")),
        Err(r) => Err(r),
    };
    after(&state, c, id, done, "ok-hostel-paid").await
}

async fn correct_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let typed = f.get("amount").map(|a| a.trim()).unwrap_or("");
    let (minus, digits) = match typed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, typed),
    };
    let done = match folio::cents_of(digits) {
        Some(cents) => {
            let input = CorrectionInput {
                line_id: f.get("line_id").and_then(|v| v.parse().ok()).unwrap_or(0),
                amount_cents: if minus { -cents } else { cents },
                reason: f.get("reason").cloned().unwrap_or_default(),
                key: f.get("key").cloned(),
            };
            folio::correct(&state.pool, &actor(&c)?, id, &input).await
        }
        None => Err(Refusal::field("amount", "error-hostel-amount")),
    };
    after(&state, c, id, done, "ok-hostel-corrected").await
}

// ---------------------------------------------------------------------------------------------
// The receipt

#[derive(Template)]
#[template(path = "hostel/receipt.html")]
struct ReceiptPage {
    c: Ctx,
    s: super::StayLine,
    f: FolioView,
    printed: String,
}

async fn receipt_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let s = match stays::stay(&state.pool, id).await {
        Ok(s) => s,
        Err(Refusal::NotFound) => return Err(not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let mut conn = state.pool.acquire().await?;
    let held = stays::held_beds(&mut conn, id).await?;
    let f = folio::folio(&mut conn, &s).await?;
    let settings = crate::hostel::settings(&mut *conn).await?;
    drop(conn);
    html(ReceiptPage {
        s: super::stay_line(&c, &s, &held),
        f: view(&c, &s, &f, settings, &[], f.due_cents),
        printed: {
            let now = Utc::now();
            format!("{}, {}", c.tr.date(now, c.tz), c.tr.time(now, c.tz))
        },
        c,
    })
}

// ---------------------------------------------------------------------------------------------
// The catalogue, the settings, the audits

#[derive(Template)]
#[template(path = "hostel/folio_settings.html")]
struct SettingsPage {
    c: Ctx,
    extras: Vec<(i64, String, String, bool)>,
    form: FormState,
    settings_form: FormState,
    audits: Vec<(String, String, i64, i64, String, i64)>,
}

async fn settings_view(
    state: &AppState,
    c: Ctx,
    form: FormState,
    settings_form: Option<FormState>,
) -> Result<SettingsPage, PageError> {
    let extras = folio::extras(&state.pool)
        .await?
        .into_iter()
        .map(|e| (e.id, e.name, euros(e.price_cents), e.active))
        .collect();
    let s = crate::hostel::settings(&state.pool).await?;
    let settings_form = settings_form.unwrap_or_else(|| {
        FormState::with(&[
            ("audit_hour", &s.audit_hour.to_string()),
            (
                "no_show_pays_first_night",
                if s.no_show_pays_first_night { "1" } else { "" },
            ),
            (
                "sel_price",
                &format!(
                    "{},{:02}",
                    s.sel_cents_per_hour / 100,
                    s.sel_cents_per_hour % 100
                ),
            ),
            ("sel_max_percent", &s.sel_max_percent.to_string()),
        ])
    });
    let audits = night_audit::closed(&state.pool, 14)
        .await?
        .into_iter()
        .map(|a| {
            (
                crate::hostel::date(&a.night)
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
                c.tr.when_text(Some(&a.ran_at), c.tz),
                a.no_shows,
                a.posted_nights,
                euros(a.posted_cents),
                a.overdue,
            )
        })
        .collect();
    Ok(SettingsPage {
        extras,
        form,
        settings_form,
        audits,
        c,
    })
}

async fn settings_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    html(settings_view(&state, c, FormState::default(), None).await?)
}

async fn extra_create_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let name = f.get("name").cloned().unwrap_or_default();
    let typed = f.get("price").cloned().unwrap_or_default();
    let mut form = FormState::with(&[("name", &name), ("price", &typed)]);
    let done = match folio::cents_of(&typed) {
        Some(price_cents) => {
            folio::add_extra(&state.pool, &actor(&c)?, &ExtraInput { name, price_cents }).await
        }
        None => Err(Refusal::field("price", "error-hostel-amount")),
    };
    match done {
        Ok(_) => Ok(see_other("/hotel/folios?ok=ok-hostel-extra-added")),
        Err(r) => {
            refusal_message(&c, r, &mut form, "name")?;
            for e in &mut form.errors {
                if e.0 == "price_cents" {
                    e.0 = "price".into();
                }
            }
            html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                settings_view(&state, c, form, None).await?,
            )
        }
    }
}

async fn extra_withdraw_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    match folio::withdraw_extra(&state.pool, &actor(&c)?, id).await {
        Ok(_) => Ok(see_other("/hotel/folios?ok=ok-hostel-extra-withdrawn")),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(e) => Err(PageError::internal(e)),
    }
}

async fn settings_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let get = |k: &str| f.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let mut form = FormState::with(&[
        ("audit_hour", &get("audit_hour")),
        ("no_show_pays_first_night", &get("no_show_pays_first_night")),
        ("sel_price", &get("sel_price")),
        ("sel_max_percent", &get("sel_max_percent")),
    ]);
    let input = folio::SettingsInput {
        audit_hour: get("audit_hour").parse().unwrap_or(-1),
        no_show_pays_first_night: get("no_show_pays_first_night") == "1",
        sel_cents_per_hour: if get("sel_price").is_empty() {
            0
        } else {
            folio::cents_of(&get("sel_price")).unwrap_or(-1)
        },
        sel_max_percent: get("sel_max_percent").parse().unwrap_or(-1),
    };
    match folio::set_settings(&state.pool, &actor(&c)?, &input).await {
        Ok(_) => Ok(see_other("/hotel/folios?ok=ok-saved")),
        Err(r) => {
            refusal_message(&c, r, &mut form, "audit_hour")?;
            for e in &mut form.errors {
                if e.0 == "sel_cents_per_hour" {
                    e.0 = "sel_price".into();
                }
            }
            html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                settings_view(&state, c, FormState::default(), Some(form)).await?,
            )
        }
    }
}

/// What a guest in house leaving now owes; for any other stay, what the folio says.
pub(super) async fn on_leaving(
    state: &AppState,
    c: &Ctx,
    s: &stays::Stay,
    f: &Folio,
) -> Result<i64, PageError> {
    if s.status != "checked_in" {
        return Ok(f.due_cents);
    }
    let mut conn = state.pool.acquire().await?;
    Ok(stays::due_on_leaving_with(&mut conn, c.tz, s, f, Utc::now()).await?)
}

pub(super) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post};
    r.add(
        M::POST,
        "/hotel/sejours/{id}/prestations",
        STAFF,
        post(extra_post),
    );
    r.add(
        M::POST,
        "/hotel/sejours/{id}/paiements",
        STAFF,
        post(pay_post),
    );
    r.add(
        M::POST,
        "/hotel/sejours/{id}/corrections",
        STAFF,
        post(correct_post),
    );
    r.add(M::GET, "/hotel/sejours/{id}/recu", STAFF, get(receipt_page));
    r.add(M::GET, "/hotel/folios", STAFF, get(settings_page));
    r.add(
        M::POST,
        "/hotel/folios/prestations",
        ADMIN,
        post(extra_create_post),
    );
    r.add(
        M::POST,
        "/hotel/folios/prestations/{id}/retirer",
        ADMIN,
        post(extra_withdraw_post),
    );
    r.add(
        M::POST,
        "/hotel/folios/reglages",
        ADMIN,
        post(settings_post),
    );
}
