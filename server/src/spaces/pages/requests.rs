//! The desk's approval queue (`/accueil/demandes`) and the public agenda (`/agenda`).

use super::*;

// ---------------------------------------------------------------------------------------------
// The desk's approval queue (`/accueil/demandes`)

#[derive(Debug)]
pub(super) struct RequestView {
    id: i64,
    title: String,
    space: String,
    space_id: i64,
    use_name: String,
    colour: String,
    day: String,
    hours: String,
    requester: String,
    association: Option<String>,
    person: Option<String>,
    note: String,
    asked: String,
    attendees: Option<i64>,
    past: bool,
    /// The series it belongs to, with how many of its dates wait, in words.
    series: Option<(i64, String)>,
    /// The first request of its series shown here (the series' button goes there).
    series_first: bool,
    /// What competes for an overlapping slot of the same room (or its other part): the other
    /// requests, and the bookings already accepted there — the warning stays until this request
    /// is decided. (id, title).
    competitors: Vec<(i64, String)>,
    approve_field: String,
    decline_field: String,
    series_field: String,
    /// Where a refusal of the decision itself shows (a collision, a request decided meanwhile):
    /// the request's own section, not the message it carries.
    decision_field: String,
    /// The reason typed for declining the whole series.
    series_decline_field: String,
}

#[derive(Template)]
#[template(path = "spaces/requests.html")]
pub(super) struct RequestsPage {
    c: Ctx,
    items: Vec<RequestView>,
    form: FormState,
    errors: Vec<(String, String)>,
}

/// The accounts' names, for « demandé par ».
pub(super) async fn account_names(state: &AppState) -> Result<HashMap<i64, String>, sqlx::Error> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, display_name FROM users")
        .fetch_all(&state.pool)
        .await?;
    Ok(rows.into_iter().collect())
}

pub(super) async fn requests_page(
    State(state): State<AppState>,
    c: Ctx,
) -> Result<Response, PageError> {
    requests_with(&state, c, FormState::default(), StatusCode::OK).await
}

pub(super) async fn requests_with(
    state: &AppState,
    c: Ctx,
    mut form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let list = booking::requests(&state.pool).await?;
    let parents: HashMap<i64, Option<i64>> = spaces::spaces(&state.pool)
        .await?
        .into_iter()
        .map(|s| (s.id, s.parent_id))
        .collect();
    let related = |a: i64, b: i64| {
        a == b
            || parents.get(&a).copied().flatten() == Some(b)
            || parents.get(&b).copied().flatten() == Some(a)
    };
    let names = account_names(state).await?;
    let now = Utc::now();
    // The bookings already accepted where a request waits: approving it would be refused.
    let accepted: Vec<Booking> = match (
        list.iter().map(|b| b.block_start).min(),
        list.iter().map(|b| b.block_end).max(),
    ) {
        (Some(from), Some(to)) => {
            let rooms: Vec<i64> = parents
                .keys()
                .copied()
                .filter(|id| list.iter().any(|b| related(*id, b.space_id)))
                .collect();
            // Changeovers last less than a day.
            let from = DateTime::from_timestamp(from, 0).unwrap_or(now) - Duration::days(1);
            let to = DateTime::from_timestamp(to, 0).unwrap_or(now) + Duration::days(1);
            booking::bookings_between(&state.pool, &rooms, from, to, &["confirmed"]).await?
        }
        _ => vec![],
    };
    let mut items: Vec<RequestView> = vec![];
    let mut series_seen = vec![];
    for b in &list {
        let competitors = list
            .iter()
            .filter(|o| {
                o.id != b.id
                    && related(o.space_id, b.space_id)
                    && o.block_start < b.block_end
                    && b.block_start < o.block_end
            })
            .map(|o| (o.id, o.title.clone()))
            .chain(
                accepted
                    .iter()
                    .filter(|o| {
                        related(o.space_id, b.space_id)
                            && o.block_start < b.block_end
                            && b.block_start < o.block_end
                            // Seats of a drop-in use share the room.
                            && !(o.shared && b.shared && o.space_id == b.space_id)
                    })
                    .map(|o| {
                        (
                            o.id,
                            c.tr.ta("sp-competing-accepted", &[("title", &o.title)]),
                        )
                    }),
            )
            .collect();
        let series = b.series_id.map(|s| {
            let waiting = list.iter().filter(|o| o.series_id == Some(s)).count();
            (s, c.tr.tn("sp-series-waiting", waiting))
        });
        let series_first = match b.series_id {
            Some(s) if !series_seen.contains(&s) => {
                series_seen.push(s);
                true
            }
            _ => false,
        };
        items.push(RequestView {
            id: b.id,
            title: b.title.clone(),
            space: b.space_name.clone(),
            space_id: b.space_id,
            use_name: b.use_name.clone(),
            colour: b.colour.clone(),
            day: day_label(&c, local_day(&c, b.start())),
            hours: hours(&c, b.start(), b.end()),
            requester: b
                .created_by
                .and_then(|u| names.get(&u).cloned())
                .unwrap_or_default(),
            association: b.association_name.clone(),
            person: b.person_name.clone(),
            note: b.note.clone(),
            asked: crate::time::parse_instant(&b.created_at)
                .map(|at| {
                    c.tr.ta(
                        "sp-asked-at",
                        &[
                            ("date", &c.tr.date(at, c.tz)),
                            ("time", &c.tr.time(at, c.tz)),
                        ],
                    )
                })
                .unwrap_or_default(),
            attendees: b.attendees_expected,
            past: b.end() <= now,
            series,
            series_first,
            competitors,
            approve_field: format!("accepter-{}", b.id),
            decline_field: format!("refuser-{}", b.id),
            series_field: b
                .series_id
                .map(|s| format!("serie-{s}"))
                .unwrap_or_default(),
            decision_field: decision_field(b.id),
            series_decline_field: b.series_id.map(series_decline_field).unwrap_or_default(),
        });
    }
    // An error about a request no longer in the queue goes to the queue's heading.
    let known = |f: &str| {
        items.iter().any(|i| {
            i.approve_field == f
                || i.decline_field == f
                || i.decision_field == f
                || (i.series_first && (i.series_field == f || i.series_decline_field == f))
        })
    };
    let lost: Vec<String> = form
        .errors
        .iter()
        .map(|e| e.0.clone())
        .filter(|f| !known(f))
        .collect();
    for f in lost {
        rename_field(&mut form, &f, "demandes");
    }
    html_status(
        status,
        RequestsPage {
            errors: summary(&c, &form),
            items,
            form,
            c,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct DecisionForm {
    #[serde(default)]
    message: String,
}

/// The id of a request's section, where a refusal of its decision shows.
pub(super) fn decision_field(id: i64) -> String {
    format!("demande-{id}")
}

/// The id of the reason typed to decline a whole series.
pub(super) fn series_decline_field(series_id: i64) -> String {
    format!("refuser-serie-{series_id}")
}

/// Back to the queue with the refusal: a mistake in the message under the message typed
/// (`message_field`), a refusal of the decision itself (the slot is taken, the request was decided
/// meanwhile) on the decision (`decision`), the message kept as typed.
pub(super) async fn decision_refused(
    state: &AppState,
    c: Ctx,
    r: Refusal,
    message_field: &str,
    decision: &str,
    message: &str,
) -> Result<Response, PageError> {
    let mut form = FormState::with(&[(message_field, message)]);
    refusal_message(&c, r, &mut form, decision)?;
    rename_field(&mut form, "message", message_field);
    requests_with(state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// The section a series' decision shows on: its first request still waiting.
async fn series_decision(state: &AppState, series_id: i64) -> Result<String, PageError> {
    Ok(booking::of_series(&state.pool, series_id)
        .await?
        .iter()
        .find(|b| b.state == "requested")
        .map_or_else(|| "demandes".to_owned(), |b| decision_field(b.id)))
}

pub(super) async fn approve(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<DecisionForm>,
) -> Result<Response, PageError> {
    let req = requester(&state, &c).await?;
    match booking::approve(&state.pool, c.tz, Utc::now(), &req, id, &f.message).await {
        Ok(_) => Ok(see_other("/accueil/demandes?ok=ok-sp-approved")),
        Err(r) => {
            let (field, decision) = (format!("accepter-{id}"), decision_field(id));
            decision_refused(&state, c, r, &field, &decision, &f.message).await
        }
    }
}

pub(super) async fn decline(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<DecisionForm>,
) -> Result<Response, PageError> {
    let req = requester(&state, &c).await?;
    match booking::decline(&state.pool, Utc::now(), &req, id, &f.message).await {
        Ok(_) => Ok(see_other("/accueil/demandes?ok=ok-sp-declined")),
        Err(r) => {
            let (field, decision) = (format!("refuser-{id}"), decision_field(id));
            decision_refused(&state, c, r, &field, &decision, &f.message).await
        }
    }
}

pub(super) async fn approve_series(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<DecisionForm>,
) -> Result<Response, PageError> {
    let req = requester(&state, &c).await?;
    match booking::approve_series(&state.pool, c.tz, Utc::now(), &req, id, &f.message).await {
        Ok(_) => Ok(see_other("/accueil/demandes?ok=ok-sp-series-approved")),
        Err(r) => {
            let decision = series_decision(&state, id).await?;
            decision_refused(&state, c, r, &format!("serie-{id}"), &decision, &f.message).await
        }
    }
}

/// Declines every waiting date of a series with one reason.
pub(super) async fn decline_series(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<DecisionForm>,
) -> Result<Response, PageError> {
    let req = requester(&state, &c).await?;
    match booking::decline_series(&state.pool, Utc::now(), &req, id, &f.message).await {
        Ok(_) => Ok(see_other("/accueil/demandes?ok=ok-sp-series-declined")),
        Err(r) => {
            let decision = series_decision(&state, id).await?;
            let field = series_decline_field(id);
            decision_refused(&state, c, r, &field, &decision, &f.message).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The public agenda (`/agenda`)

#[derive(Debug)]
pub(super) struct AgendaLine {
    hours: String,
    title: String,
    use_name: String,
    colour: String,
    space: String,
    cancelled: bool,
    step_free: bool,
    hearing_loop: bool,
}

#[derive(Debug)]
pub(super) struct AgendaDay {
    label: String,
    anchor: String,
    today: bool,
    items: Vec<AgendaLine>,
}

#[derive(Template)]
#[template(path = "spaces/agenda.html")]
pub(super) struct AgendaPage {
    c: Ctx,
    days: Vec<AgendaDay>,
}

#[derive(Template)]
#[template(path = "spaces/agenda_tv.html")]
pub(super) struct AgendaTvPage {
    c: Ctx,
    days: Vec<AgendaDay>,
    updated: String,
    refresh: u32,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct AgendaQuery {
    #[serde(default)]
    tv: String,
}

pub(super) async fn agenda(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<AgendaQuery>,
) -> Result<Response, PageError> {
    let tv = matches!(q.tv.as_str(), "1" | "oui" | "true");
    let now = Utc::now();
    let first = today(&c);
    let days_ahead = if tv { TV_DAYS } else { AGENDA_DAYS };
    let from = if tv {
        now
    } else {
        timetable::instant(c.tz, first, 0)
    };
    let to = timetable::instant(c.tz, first + Duration::days(days_ahead), 0);
    let mut conn = state.pool.acquire().await?;
    let items = feeds::agenda(&mut conn, from, to).await?;
    drop(conn);
    let mut days: Vec<AgendaDay> = vec![];
    for (_, item) in &items {
        let day = local_day(&c, item.start);
        let line = AgendaLine {
            hours: hours(&c, item.start, item.end),
            title: item.title.clone(),
            use_name: item.use_name.clone(),
            colour: item.colour.clone(),
            space: item.space_name.clone(),
            cancelled: item.cancelled,
            step_free: item.step_free,
            hearing_loop: item.hearing_loop,
        };
        let anchor = format!("jour-{day}");
        match days.last_mut() {
            Some(d) if d.anchor == anchor => d.items.push(line),
            _ => days.push(AgendaDay {
                label: day_label(&c, day),
                anchor,
                today: day == first,
                items: vec![line],
            }),
        }
    }
    if tv {
        html(AgendaTvPage {
            updated: c.tr.time(now, c.tz),
            refresh: TV_REFRESH_SECONDS,
            days,
            c,
        })
    } else {
        html(AgendaPage { c, days })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn the_repetitions_become_recurrence_rules() {
        // Tuesday 1 December 2026: the first Tuesday of the month.
        let first = d("2026-12-01");
        assert_eq!(
            rule_for(Paris, first, "weekly", Some(10), None).as_deref(),
            Some("FREQ=WEEKLY;COUNT=10")
        );
        assert_eq!(
            rule_for(Paris, first, "biweekly", Some(4), None).as_deref(),
            Some("FREQ=WEEKLY;INTERVAL=2;COUNT=4")
        );
        assert_eq!(
            rule_for(Paris, first, "monthly", Some(6), None).as_deref(),
            Some("FREQ=MONTHLY;BYDAY=1TU;COUNT=6")
        );
        // Thursday 31 December: the last Thursday.
        assert_eq!(
            rule_for(Paris, d("2026-12-31"), "monthly", Some(3), None).as_deref(),
            Some("FREQ=MONTHLY;BYDAY=-1TH;COUNT=3")
        );
        // Until the end of 30 June 2027 in Paris (summer time): 21:59:59 UTC.
        assert_eq!(
            rule_for(Paris, first, "weekly", None, Some(d("2027-06-30"))).as_deref(),
            Some("FREQ=WEEKLY;UNTIL=20270630T215959Z")
        );
        assert_eq!(rule_for(Paris, first, "daily", Some(3), None), None);
        assert_eq!(rule_for(Paris, first, "weekly", None, None), None);
    }

    #[test]
    fn a_monthly_rule_keeps_the_weekday_of_the_month() {
        let rule = rule_for(Paris, d("2026-12-15"), "monthly", Some(3), None).unwrap_or_default();
        let dates = booking::expand(Paris, d("2026-12-15"), "19:00", "21:00", &rule)
            .map(|v| v.into_iter().map(|o| o.0.to_string()).collect::<Vec<_>>())
            .unwrap_or_default();
        // The third Tuesday of December, January and February.
        assert_eq!(dates, ["2026-12-15", "2027-01-19", "2027-02-16"]);
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(monday_of(d("2026-12-06")), d("2026-11-30"));
        assert_eq!(monday_of(d("2026-11-30")), d("2026-11-30"));
    }
}
