//! A member's account (`/sel/comptes/{id}`): statement, French CSV, corrections, limits, membership.

use super::*;

// ---------------------------------------------------------------------------------------------
// A member's account: statement, corrections, limits, membership

#[derive(Debug, Default, Deserialize)]
pub(super) struct AccountQuery {
    #[serde(default)]
    corriger: String,
}

/// The forms of the account page as typed, shown again when refused.
#[derive(Debug, Default)]
pub(super) struct AccountForms {
    /// Opening the account.
    open: FormState,
    /// The correction of one line (its number in `no`).
    correction: FormState,
    limits: FormState,
    membership: FormState,
    /// A shift served without a badge, told to the desk.
    desk_shift: FormState,
}

#[derive(Template)]
#[template(path = "sel/account.html")]
pub(super) struct AccountPage {
    c: Ctx,
    person: people::Person,
    account: Option<AccountView>,
    lines: Vec<LineView>,
    pending: Vec<LineView>,
    correcting: Option<LineView>,
    default_floor: String,
    default_ceiling: String,
    year: i32,
    membership: Option<bool>,
    forms: AccountForms,
    /// The open activities, for the shift served without a badge.
    activities: Vec<(i64, String)>,
}

pub(super) async fn account_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    Query(q): Query<AccountQuery>,
) -> Result<Response, PageError> {
    let mut forms = AccountForms::default();
    if let Ok(no) = q.corriger.trim().parse::<i64>() {
        forms.correction = FormState::with(&[("no", &no.to_string()), ("sens", "rendre")]);
    }
    account_with(&state, c, id, forms, StatusCode::OK).await
}

pub(super) async fn account_with(
    state: &AppState,
    c: Ctx,
    id: i64,
    mut forms: AccountForms,
    status: StatusCode,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let person = person_or_404(pool, &c, id).await?;
    let settings = Settings::load(pool).await?;
    let account = ledger::account_of_person(pool, id).await?;
    let statement = match &account {
        Some(a) => ledger::statement(pool, a.id).await?,
        None => vec![],
    };
    let lines: Vec<LineView> = statement
        .iter()
        .rev()
        .filter(|l| l.phase != "pending")
        .map(|l| line_view(&c, l))
        .collect();
    let pending = statement
        .iter()
        .filter(|l| l.phase == "pending")
        .map(|l| line_view(&c, l))
        .collect();
    // A correction of a correction corrects the original (the ledger keeps one chain per
    // transfer): the form shows the original, so that « rendre » and « ajouter » mean its way.
    let line = |no: i64| lines.iter().find(|l| l.no == no && l.correctable);
    let correcting = forms
        .correction
        .v("no")
        .parse::<i64>()
        .ok()
        .and_then(line)
        .and_then(|l| l.corrects_no.map_or(Some(l), line))
        .cloned();
    if correcting.is_some() && forms.correction.v("op").is_empty() {
        forms.correction.values.insert("op".into(), new_operation());
    }
    if let Some(a) = &account
        && forms.limits.values.is_empty()
    {
        forms.limits = FormState::with(&[
            ("floor", &a.floor.map(|f| f.to_string()).unwrap_or_default()),
            (
                "ceiling",
                &a.ceiling.map(|f| f.to_string()).unwrap_or_default(),
            ),
            ("limits_reason", a.limits_reason.as_deref().unwrap_or("")),
        ]);
    }
    let year = today(&c).year();
    let membership = shifts::membership(pool, id, year).await?;
    if forms.membership.values.is_empty() {
        forms.membership = FormState::with(&[
            ("membership_year", &year.to_string()),
            (
                "paid",
                if membership == Some(false) {
                    "non"
                } else {
                    "oui"
                },
            ),
        ]);
    }
    if forms.desk_shift.v("op").is_empty() {
        forms.desk_shift.values.insert("op".into(), new_operation());
    }
    let activities = shifts::activities(&state.pool)
        .await?
        .into_iter()
        .filter(|a| a.active)
        .map(|a| (a.id, a.name))
        .collect();
    html_status(
        status,
        AccountPage {
            activities,
            account: account.as_ref().map(|a| AccountView::new(a, &settings)),
            default_floor: hours(settings.default_floor),
            default_ceiling: hours(settings.default_ceiling),
            c,
            person,
            lines,
            pending,
            correcting,
            year,
            membership,
            forms,
        },
    )
}

pub(super) async fn account_csv(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let account = ledger::account_of_person(&state.pool, id)
        .await?
        .ok_or_else(|| not_found(&c))?;
    let lines = ledger::statement(&state.pool, account.id).await?;
    Ok(csv_response(
        report::statement_csv(&lines, c.tz),
        &format!("releve-sel-{id}.csv"),
    ))
}

pub(super) async fn account_open(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    match ledger::open_account(&state.pool, &actor, id).await {
        Ok(_) => Ok(see_other(&format!(
            "/sel/comptes/{id}?ok=ok-sel-account-opened"
        ))),
        Err(r) => {
            let mut forms = AccountForms::default();
            refusal_at(&c, r, &mut forms.open, "ouvrir")?;
            account_with(&state, c, id, forms, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct CorrectionForm {
    #[serde(default)]
    op: String,
    #[serde(default)]
    sens: String,
    #[serde(default)]
    heures: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    override_reason: String,
    /// The person whose statement the form was on (to come back to it).
    #[serde(default)]
    compte: String,
}

/// The member a transfer concerns (the credited one first), to show their statement.
pub(super) async fn member_of_transfer(
    pool: &SqlitePool,
    t: &ledger::Transfer,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT person_id FROM sel_accounts WHERE id IN (?, ?) AND person_id IS NOT NULL
         ORDER BY id = ? DESC LIMIT 1",
    )
    .bind(t.credit_account)
    .bind(t.debit_account)
    .bind(t.credit_account)
    .fetch_optional(pool)
    .await
}

pub(super) async fn correction(
    State(state): State<AppState>,
    c: Ctx,
    P(no): P<i64>,
    F(f): F<CorrectionForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let pool = &state.pool;
    let transfer = match ledger::transfer(pool, no).await {
        Ok(t) => t,
        Err(Refusal::NotFound) => return Err(not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let member = member_of_transfer(pool, &transfer).await?;
    // Back to the statement the form was on, if that person really is on this line.
    let back = f
        .compte
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|p| Some(*p) == member)
        .or(member)
        .ok_or_else(|| not_found(&c))?;
    let mut form = FormState::with(&[
        ("no", &no.to_string()),
        ("op", &f.op),
        ("sens", &f.sens),
        ("heures", &f.heures),
        ("minutes", &f.minutes),
        ("reason", &f.reason),
        ("override_reason", &f.override_reason),
    ]);
    let sign = match f.sens.as_str() {
        "rendre" => Some(-1),
        "ajouter" => Some(1),
        _ => None,
    };
    if sign.is_none() {
        form.add("sens", c.tr.t("error-sel-correction-direction"));
    }
    let minutes = typed_minutes(&f.heures, &f.minutes);
    if minutes.is_none() {
        form.add("heures", c.tr.t("error-sel-duration-invalid"));
    }
    if let (Some(sign), Some(minutes)) = (sign, minutes) {
        let override_reason = f.override_reason.trim();
        let input = ledger::CorrectionInput {
            id: f.op.clone(),
            transfer_no: no,
            minutes: sign * minutes,
            reason: f.reason.clone(),
            override_reason: (!override_reason.is_empty()).then(|| override_reason.to_owned()),
        };
        match ledger::correct(pool, &actor, c.is_admin(), &input).await {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "/sel/comptes/{back}?ok=ok-sel-corrected#releve"
                )));
            }
            Err(r) => {
                refusal_message(&c, r, &mut form, "heures")?;
                rename_field(&mut form, "minutes", "heures");
                rename_field(&mut form, "id", "heures");
            }
        }
    }
    let forms = AccountForms {
        correction: form,
        ..AccountForms::default()
    };
    account_with(&state, c, back, forms, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct DeskShiftForm {
    #[serde(default)]
    op: String,
    #[serde(default)]
    activity_id: String,
    #[serde(default)]
    shift_date: String,
    #[serde(default)]
    shift_start: String,
    #[serde(default)]
    shift_end: String,
    /// `oui`: the desk confirmed a date far in the past is the right one.
    #[serde(default)]
    date_confirmee: String,
}

/// A shift recorded without a badge this many days back or more is asked about first (a typo in
/// the year or the month credits the wrong period).
const FAR_PAST_DAYS: i64 = 14;

/// « J'ai oublié mon badge » : the desk records a shift served from its day and times (an end not
/// after the start is the next morning).
pub(super) async fn account_desk_shift(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<DeskShiftForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let tz = c.tz;
    let mut form = FormState::with(&[
        ("op", &f.op),
        ("activity_id", &f.activity_id),
        ("shift_date", &f.shift_date),
        ("shift_start", &f.shift_start),
        ("shift_end", &f.shift_end),
    ]);
    let start = shifts::local_instant(tz, &f.shift_date, &f.shift_start);
    let end = shifts::local_instant(tz, &f.shift_date, &f.shift_end);
    if start.is_none() {
        form.add("shift_date", c.tr.t("error-sel-date-invalid"));
    }
    if end.is_none() {
        form.add("shift_end", c.tr.t("error-sel-time-invalid"));
    }
    let activity = f.activity_id.trim().parse::<i64>().ok();
    if activity.is_none() {
        form.add("activity_id", c.tr.t("error-sel-activity-unknown"));
    }
    if let (Some(start), Some(mut end), Some(activity_id)) = (start, end, activity) {
        if end <= start {
            end += chrono::Duration::days(1);
        }
        // Calendar days on the site's clock (« il y a 40 jours » whatever the hour of either).
        let days_ago = (Utc::now().with_timezone(&tz).date_naive()
            - start.with_timezone(&tz).date_naive())
        .num_days();
        if days_ago >= FAR_PAST_DAYS && f.date_confirmee != "oui" {
            form.add(
                "date_confirmee",
                c.tr.ta(
                    "sel-desk-shift-far-past",
                    &[
                        ("date", &c.tr.date(start, tz)),
                        ("days", &days_ago.to_string()),
                    ],
                ),
            );
            let forms = AccountForms {
                desk_shift: form,
                ..AccountForms::default()
            };
            return account_with(&state, c, id, forms, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        let input = shifts::DeskShiftInput {
            id: f.op.clone(),
            person_id: id,
            activity_id,
            started_at: start,
            ended_at: end,
        };
        match shifts::record_by_desk(&state.pool, &actor, &input).await {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "/sel/comptes/{id}?ok=ok-sel-desk-shift#releve"
                )));
            }
            Err(Refusal::NotFound) => return Err(not_found(&c)),
            Err(r) => {
                refusal_message(&c, r, &mut form, "shift_start")?;
                rename_field(&mut form, "ended_at", "shift_end");
            }
        }
    }
    let forms = AccountForms {
        desk_shift: form,
        ..AccountForms::default()
    };
    account_with(&state, c, id, forms, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct LimitsForm {
    #[serde(default)]
    floor: String,
    #[serde(default)]
    ceiling: String,
    #[serde(default)]
    limits_reason: String,
}

pub(super) async fn account_limits(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<LimitsForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let mut form = FormState::with(&[
        ("floor", &f.floor),
        ("ceiling", &f.ceiling),
        ("limits_reason", &f.limits_reason),
    ]);
    let limit = |raw: &str| -> Result<Option<i64>, ()> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            typed_integer(raw).map(Some).ok_or(())
        }
    };
    let floor = limit(&f.floor);
    let ceiling = limit(&f.ceiling);
    if floor.is_err() {
        form.add("floor", c.tr.t("error-sel-floor-invalid"));
    }
    if ceiling.is_err() {
        form.add("ceiling", c.tr.t("error-sel-ceiling-invalid"));
    }
    if let (Ok(floor), Ok(ceiling)) = (floor, ceiling) {
        match ledger::set_limits(&state.pool, &actor, id, floor, ceiling, &f.limits_reason).await {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "/sel/comptes/{id}?ok=ok-sel-limits-saved"
                )));
            }
            Err(r) => {
                refusal_message(&c, r, &mut form, "floor")?;
                rename_field(&mut form, "reason", "limits_reason");
            }
        }
    }
    let forms = AccountForms {
        limits: form,
        ..AccountForms::default()
    };
    account_with(&state, c, id, forms, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct MembershipForm {
    #[serde(default)]
    membership_year: String,
    #[serde(default)]
    paid: String,
}

pub(super) async fn account_membership(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<MembershipForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let mut form = FormState::with(&[("membership_year", &f.membership_year), ("paid", &f.paid)]);
    let paid = match f.paid.as_str() {
        "oui" => Some(true),
        "non" => Some(false),
        _ => None,
    };
    let year = f.membership_year.trim().parse::<i32>().ok();
    if paid.is_none() {
        form.add("paid", c.tr.t("error-sel-paid-choice"));
    }
    if year.is_none() {
        form.add("membership_year", c.tr.t("error-sel-year-invalid"));
    }
    if let (Some(paid), Some(year)) = (paid, year) {
        match shifts::set_membership(&state.pool, &actor, id, year, paid).await {
            Ok(()) => {
                return Ok(see_other(&format!(
                    "/sel/comptes/{id}?ok=ok-sel-membership-saved"
                )));
            }
            Err(r) => {
                refusal_message(&c, r, &mut form, "membership_year")?;
                rename_field(&mut form, "year", "membership_year");
            }
        }
    }
    let forms = AccountForms {
        membership: form,
        ..AccountForms::default()
    };
    account_with(&state, c, id, forms, StatusCode::UNPROCESSABLE_ENTITY).await
}
