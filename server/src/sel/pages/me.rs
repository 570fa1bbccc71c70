//! The SEL on other pages: the boxes on the desk's home and on a person's page, and the
//! resident's own SEL on `/moi` (balance, history, sign-ups, giving minutes, confirming gifts).

use super::*;
use crate::web::domain::{Fut, PageBox};

// ---------------------------------------------------------------------------------------------
// Boxes on other pages

/// The SEL box of the desk's home: shifts being served, and the review queue.
#[derive(Debug)]
pub struct DeskSel {
    pub open: Vec<OpenLine>,
    pub review_count: usize,
}

#[derive(Template)]
#[template(path = "sel/desk_box.html")]
struct DeskBox<'a> {
    c: &'a Ctx,
    sel: DeskSel,
}

/// The SEL box of the desk's home as it is now.
async fn desk_box_of<'a>(state: &AppState, c: &'a Ctx) -> Result<DeskBox<'a>, PageError> {
    let sel = DeskSel {
        open: open_lines(&state.pool, c).await?,
        review_count: shifts::review_count(&state.pool).await?,
    };
    Ok(DeskBox { c, sel })
}

/// What the desk's home shows of the SEL (a hook of the list).
pub(crate) fn desk_box<'a>(state: &'a AppState, c: &'a Ctx) -> Fut<'a, BoxResult> {
    Box::pin(async move { crate::web::member::render(0, desk_box_of(state, c).await?) })
}

/// The box alone, which the desk's page fetches again every 20 s and after every tap
/// (« SEL en ce moment » stays true without reloading the page).
pub(super) async fn desk_box_fragment(
    State(state): State<AppState>,
    c: Ctx,
) -> Result<Response, PageError> {
    html(desk_box_of(&state, &c).await?)
}

/// What a box hook answers.
type BoxResult = Result<Option<PageBox>, PageError>;

/// The SEL box of a person's page.
#[derive(Debug)]
pub struct PersonSel {
    pub person_id: i64,
    /// Erased people get no new account.
    pub erased: bool,
    pub account: Option<AccountView>,
    pub year: i32,
    /// This year's membership: paid, unpaid, or none.
    pub membership: Option<bool>,
}

#[derive(Template)]
#[template(path = "sel/person_box.html")]
struct PersonBox<'a> {
    c: &'a Ctx,
    sel: PersonSel,
}

/// What a person's page shows of their SEL account (a hook of the list).
pub(crate) fn person_box<'a>(
    state: &'a AppState,
    c: &'a Ctx,
    person_id: i64,
) -> Fut<'a, BoxResult> {
    Box::pin(async move {
        let settings = Settings::load(&state.pool).await?;
        let year = today(c).year();
        let erased: Option<String> =
            sqlx::query_scalar("SELECT erased_at FROM persons WHERE id = ?")
                .bind(person_id)
                .fetch_optional(&state.pool)
                .await?
                .flatten();
        let sel = PersonSel {
            person_id,
            erased: erased.is_some(),
            account: ledger::account_of_person(&state.pool, person_id)
                .await?
                .map(|a| AccountView::new(&a, &settings)),
            year,
            membership: shifts::membership(&state.pool, person_id, year).await?,
        };
        crate::web::member::render(0, PersonBox { c, sel })
    })
}

#[derive(Template)]
#[template(path = "sel/me.html")]
struct MeBox<'a> {
    c: &'a Ctx,
    s: MySel,
}

/// « Mon compte SEL » on the resident's page (a hook of the list); it comes first.
pub(crate) fn me_box<'a>(state: &'a AppState, c: &'a Ctx, person_id: i64) -> Fut<'a, BoxResult> {
    Box::pin(async move {
        let s = my_sel(state, c, person_id, MeForm::default()).await?;
        crate::web::member::render(ME_BOX_ORDER, MeBox { c, s })
    })
}

/// The SEL's box comes before the person's card on `/moi`.
const ME_BOX_ORDER: i32 = -10;

/// The SEL forms of the resident's page as typed, shown again when refused.
#[derive(Debug, Default)]
pub struct MeForm {
    pub form: FormState,
    /// A gift to confirm.
    pub check: Option<GiftCheck>,
}

/// An exchange waiting for an answer, on the resident's page.
#[derive(Debug, Clone)]
pub struct PendingView {
    pub no: i64,
    pub other: String,
    pub minutes: String,
    pub memo: String,
    pub when: String,
}

/// « Mon compte SEL » on `/moi`.
#[derive(Debug)]
pub struct MySel {
    /// The resident's member number, which others give them time with.
    pub person_id: i64,
    pub account: Option<AccountView>,
    pub unit_name: String,
    /// The latest lines, newest first.
    pub lines: Vec<LineView>,
    pub to_answer: Vec<PendingView>,
    pub sent: Vec<PendingView>,
    pub shifts: Vec<ShiftLine>,
    pub confirmation: bool,
    pub form: FormState,
    pub check: Option<GiftCheck>,
    pub op: String,
}

/// « Mon compte SEL » for the person behind the logged-in account, with its forms as typed.
pub(crate) async fn my_sel(
    state: &AppState,
    c: &Ctx,
    person_id: i64,
    typed: MeForm,
) -> Result<MySel, PageError> {
    let pool = &state.pool;
    let settings = Settings::load(pool).await?;
    let account = ledger::account_of_person(pool, person_id).await?;
    let lines = match &account {
        Some(a) => ledger::statement(pool, a.id)
            .await?
            .iter()
            .rev()
            .filter(|l| l.phase != "pending")
            .take(MY_LINES)
            .map(|l| line_view(c, l))
            .collect(),
        None => vec![],
    };
    let (mut to_answer, mut sent) = (vec![], vec![]);
    for p in shop::pending_exchanges_for(pool, person_id).await? {
        let view = PendingView {
            no: p.no,
            other: if p.to_answer {
                p.payer_name.clone()
            } else {
                p.receiver_name.clone()
            },
            minutes: hours(p.minutes),
            memo: p.memo.clone(),
            when: c.tr.when_text(Some(&p.created_at), c.tz),
        };
        if p.to_answer {
            to_answer.push(view);
        } else {
            sent.push(view);
        }
    }
    let now = Utc::now();
    let shifts = shifts::coming_for_person(pool, person_id, now, WEEKS_AHEAD * 7)
        .await?
        .into_iter()
        .map(|s| shift_line(c, &s.shift, vec![], s.signed))
        .collect();
    let op = match typed.form.v("op") {
        "" => new_operation(),
        op => op.to_owned(),
    };
    Ok(MySel {
        person_id,
        account: account.map(|a| AccountView::new(&a, &settings)),
        unit_name: settings.unit_name,
        lines,
        to_answer,
        sent,
        shifts,
        confirmation: settings.exchange_confirmation,
        form: typed.form,
        check: typed.check,
        op,
    })
}

// ---------------------------------------------------------------------------------------------
// The resident's own SEL (`/moi`)

/// The resident's page shown again with a refusal of one of its SEL forms.
pub(super) async fn me_refused(
    state: &AppState,
    c: Ctx,
    form: FormState,
) -> Result<Response, PageError> {
    let person = my_person(&c)?;
    let s = my_sel(state, &c, person, MeForm { form, check: None }).await?;
    let typed = crate::web::member::render(ME_BOX_ORDER, MeBox { c: &c, s })?;
    crate::web::member::page(
        state,
        c,
        typed.map(|b| ("sel", b)),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

pub(super) async fn my_sign_up(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let person = my_person(&c)?;
    let actor = actor(&c)?;
    match shifts::sign_up(&state.pool, &actor, id, person).await {
        Ok(_) => Ok(see_other(&format!(
            "/moi?ok=ok-sel-my-signed-up#permanence-{id}"
        ))),
        Err(r) => {
            let mut form = FormState::default();
            refusal_at(&c, r, &mut form, "mes-permanences")?;
            me_refused(&state, c, form).await
        }
    }
}

pub(super) async fn my_withdraw(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let person = my_person(&c)?;
    let actor = actor(&c)?;
    match shifts::withdraw(&state.pool, &actor, id, person).await {
        Ok(_) => Ok(see_other(&format!(
            "/moi?ok=ok-sel-my-withdrawn#permanence-{id}"
        ))),
        Err(r) => {
            let mut form = FormState::default();
            refusal_at(&c, r, &mut form, "mes-permanences")?;
            me_refused(&state, c, form).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct GiveForm {
    #[serde(default)]
    op: String,
    #[serde(default)]
    receiver: String,
    #[serde(default)]
    heures: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    memo: String,
    /// `oui` once the resident saw what the gift does (amount, recipient, balance after).
    #[serde(default)]
    confirme: String,
}

/// What a resident is asked to confirm before giving minutes.
#[derive(Debug, Clone)]
pub struct GiftCheck {
    pub receiver_id: i64,
    pub receiver: String,
    pub minutes: String,
    pub balance_before: String,
    pub balance_after: String,
    /// The balance goes below zero (still within the account's floor).
    pub below_zero: bool,
    /// Gifts already waiting for an answer, counted in the balance after.
    pub pending: Option<String>,
}

/// The member a resident names on `/moi`: their member number, or their whole name (accents and
/// capitals ignored) when it is one member's. Unlike the desk's boxes, a part of a name lists
/// no one: a resident cannot go through the members by typing letters.
async fn member_for_resident(
    pool: &SqlitePool,
    typed: &str,
) -> Result<Result<(i64, String), &'static str>, sqlx::Error> {
    let t = crate::people::without_number_sign(typed);
    if t.is_empty() {
        return Ok(Err("error-sel-person-required"));
    }
    if let Ok(id) = t.parse::<i64>() {
        return Ok(match pickable_name(pool, id, true).await? {
            Some(name) => Ok((id, name)),
            None => Err("error-sel-member-number-unknown"),
        });
    }
    let wanted = crate::text::fold(t);
    let named: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT p.id, trim(p.first_name || ' ' || p.last_name), p.first_name, p.last_name
         FROM persons p JOIN sel_accounts a ON a.person_id = p.id
         WHERE p.erased_at IS NULL
           AND p.id IN (SELECT rowid FROM persons_search
                        WHERE ?1 IS NOT NULL AND persons_search MATCH ?1)
         LIMIT 201",
    )
    .bind(crate::people::name_query_exact(t))
    .fetch_all(pool)
    .await?;
    if named.len() > 200 {
        // Too many people with these words to be sure of one: the number decides.
        return Ok(Err("error-sel-member-namesakes"));
    }
    let exact: Vec<(i64, String)> = named
        .into_iter()
        .filter(|(_, _, first, last)| {
            crate::text::fold(&format!("{first} {last}")) == wanted
                || crate::text::fold(&format!("{last} {first}")) == wanted
        })
        .map(|(id, name, _, _)| (id, name))
        .collect();
    Ok(match exact.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err("error-sel-member-whole-name"),
        _ => Err("error-sel-member-namesakes"),
    })
}

pub(super) async fn my_give(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<GiveForm>,
) -> Result<Response, PageError> {
    let me = my_person(&c)?;
    let actor = actor(&c)?;
    let pool = &state.pool;
    let mut form = FormState::with(&[
        ("op", &f.op),
        ("receiver", &f.receiver),
        ("heures", &f.heures),
        ("minutes", &f.minutes),
        ("memo", &f.memo),
    ]);
    let receiver = match member_for_resident(pool, &f.receiver).await? {
        Ok(found) => Some(found),
        Err(key) => {
            form.add("receiver", c.tr.t(key));
            None
        }
    };
    let minutes = typed_minutes(&f.heures, &f.minutes);
    if minutes.is_none() {
        form.add("heures", c.tr.t("error-sel-duration-invalid"));
    }
    if let (Some((receiver_id, receiver_name)), Some(minutes)) = (receiver, minutes) {
        form.values
            .insert("receiver".into(), format!("n° {receiver_id}"));
        if f.confirme != "oui" {
            // First the resident sees what the gift does; nothing is written yet.
            let settings = Settings::load(pool).await?;
            let account = ledger::account_of_person(pool, me)
                .await?
                .ok_or_else(|| not_found(&c))?;
            let available = account.posted - account.debits_pending;
            if receiver_id == me {
                form.add("receiver", c.tr.t("error-sel-give-to-self"));
            } else if minutes <= 0 {
                form.add("heures", c.tr.t("error-sel-duration-invalid"));
            } else if minutes > account.spendable(&settings) {
                let left = hours(account.spendable(&settings).max(0));
                form.add(
                    "heures",
                    c.tr.ta("error-sel-below-floor", &[("name", left.as_str())]),
                );
            } else {
                let check = GiftCheck {
                    receiver_id,
                    receiver: receiver_name,
                    minutes: hours(minutes),
                    // From the balance the page shows; the gifts still waiting are counted
                    // in what it becomes, and said.
                    balance_before: hours(account.posted),
                    balance_after: hours(available - minutes),
                    below_zero: available - minutes < 0,
                    pending: (account.debits_pending > 0).then(|| hours(account.debits_pending)),
                };
                let s = my_sel(
                    &state,
                    &c,
                    me,
                    MeForm {
                        form,
                        check: Some(check),
                    },
                )
                .await?;
                let typed = crate::web::member::render(ME_BOX_ORDER, MeBox { c: &c, s })?;
                return crate::web::member::page(
                    &state,
                    c,
                    typed.map(|b| ("sel", b)),
                    StatusCode::OK,
                )
                .await;
            }
            return me_refused(&state, c, form).await;
        }
        let input = shop::ExchangeInput {
            id: f.op.clone(),
            payer_id: me,
            receiver_id,
            minutes,
            memo: f.memo.clone(),
            override_reason: None,
        };
        match shop::exchange(pool, &actor, &input, false).await {
            Ok(written) => {
                let pending = written.transfers.iter().any(|t| t.phase == "pending");
                return Ok(see_other(if pending {
                    "/moi?ok=ok-sel-given-pending#mon-sel"
                } else {
                    "/moi?ok=ok-sel-given#mon-sel"
                }));
            }
            Err(r) => {
                let field = match &r {
                    Refusal::Conflict {
                        key: "error-sel-above-ceiling" | "error-sel-same-account",
                        ..
                    } => "receiver",
                    _ => "heures",
                };
                refusal_message(&c, r, &mut form, field)?;
                rename_field(&mut form, "minutes", "heures");
                rename_field(&mut form, "id", "heures");
            }
        }
    }
    me_refused(&state, c, form).await
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct AnswerForm {
    #[serde(default)]
    reponse: String,
}

pub(super) async fn my_answer(
    State(state): State<AppState>,
    c: Ctx,
    P(no): P<i64>,
    F(f): F<AnswerForm>,
) -> Result<Response, PageError> {
    let me = my_person(&c)?;
    let actor = actor(&c)?;
    let accept = match f.reponse.as_str() {
        "accepter" => true,
        "refuser" => false,
        _ => {
            let mut form = FormState::default();
            form.add("echanges-a-confirmer", c.tr.t("error-choice"));
            return me_refused(&state, c, form).await;
        }
    };
    match shop::respond_exchange(&state.pool, &actor, me, no, accept).await {
        Ok(_) => Ok(see_other(if accept {
            "/moi?ok=ok-sel-exchange-accepted#mon-sel"
        } else {
            "/moi?ok=ok-sel-exchange-declined#mon-sel"
        })),
        Err(r) => {
            let mut form = FormState::default();
            refusal_at(&c, r, &mut form, "echanges-a-confirmer")?;
            me_refused(&state, c, form).await
        }
    }
}

pub(super) async fn my_csv(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let me = my_person(&c)?;
    let account = ledger::account_of_person(&state.pool, me)
        .await?
        .ok_or_else(|| not_found(&c))?;
    let lines = ledger::statement(&state.pool, account.id).await?;
    Ok(csv_response(
        report::statement_csv(&lines, c.tz),
        "mon-releve-sel.csv",
    ))
}
