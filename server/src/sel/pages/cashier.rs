//! The desk's SEL overview (`/sel`), the cashier (`/sel/caisse`) and exchanges entered by the desk.

use super::*;

// ---------------------------------------------------------------------------------------------
// The desk's SEL overview

#[derive(Template)]
#[template(path = "sel/home.html")]
pub(super) struct OverviewPage {
    c: Ctx,
    open: Vec<OpenLine>,
    review_count: usize,
    today: Vec<ShiftLine>,
    day: String,
    form: FormState,
}

pub(super) async fn overview(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    overview_with(&state, c, FormState::default(), StatusCode::OK).await
}

pub(super) async fn overview_with(
    state: &AppState,
    c: Ctx,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let open = open_lines(pool, &c).await?;
    let review_count = shifts::review_count(pool).await?;
    let d = today(&c);
    let (from, to) = (day_start(&c, d), day_start(&c, d + Duration::days(1)));
    let names = signups_between(pool, from, to).await?;
    let today = shifts::shifts_between(pool, from, to)
        .await?
        .iter()
        .filter(|s| s.starts() >= from)
        .map(|s| shift_line(&c, s, names.get(&s.id).cloned().unwrap_or_default(), false))
        .collect();
    let day = day_label(&c, d);
    html_status(
        status,
        OverviewPage {
            c,
            open,
            review_count,
            today,
            day,
            form,
        },
    )
}

#[derive(Debug, Deserialize)]
pub(super) struct CloseForm {
    #[serde(default)]
    fin: String,
}

/// The instant a desk means by `HH:MM`: today, or yesterday when today's would be to come (a
/// shift across midnight closed the next morning).
pub(super) fn desk_end(c: &Ctx, typed: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let t = NaiveTime::parse_from_str(typed.trim(), "%H:%M").ok()?;
    let local_now = now.with_timezone(&c.tz);
    if local_now.format("%H:%M").to_string() == t.format("%H:%M").to_string() {
        // The time offered by default: now, to the second (a shift begun this very minute).
        return Some(now);
    }
    let d = local_now.date_naive();
    let at = crate::time::resolve_local(c.tz, d.and_time(t));
    Some(if at > now + Duration::minutes(5) {
        crate::time::resolve_local(c.tz, (d - Duration::days(1)).and_time(t))
    } else {
        at
    })
}

pub(super) async fn session_close(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<CloseForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let field = format!("fin-{id}");
    let result = match desk_end(&c, &f.fin, Utc::now()) {
        Some(ended) => shifts::close_by_desk(&state.pool, &actor, id, ended)
            .await
            .map(|_| ()),
        None => Err(Refusal::field("ended_at", "error-sel-time-invalid")),
    };
    match result {
        Ok(()) => Ok(see_other("/sel?ok=ok-sel-session-closed")),
        Err(r) => {
            let mut form = FormState::with(&[(&field, &f.fin)]);
            refusal_at(&c, r, &mut form, &field)?;
            overview_with(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The cashier

#[derive(Debug, Deserialize)]
pub(super) struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// A person found at the cashier, with their balance when they have an account.
#[derive(Debug)]
pub(super) struct MemberHit {
    id: i64,
    name: String,
    balance: Option<String>,
    badges: String,
}

#[derive(Template)]
#[template(path = "sel/cashier.html")]
pub(super) struct CashierPage {
    c: Ctx,
    q: String,
    results: Vec<MemberHit>,
}

pub(super) async fn cashier(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let q: String = q.q.chars().take(100).collect();
    let mut results = vec![];
    if !q.trim().is_empty() {
        let found = people::search(&state.pool, &q, 20).await?;
        let balances =
            ledger::balances_of(&state.pool, &found.iter().map(|p| p.id).collect::<Vec<_>>())
                .await?;
        for p in found {
            let balance = balances.get(&p.id).map(|b| hours(*b));
            results.push(MemberHit {
                id: p.id,
                name: format!("{} {}", p.first_name, p.last_name)
                    .trim()
                    .to_owned(),
                balance,
                badges: p.badges.unwrap_or_default(),
            });
        }
    }
    html(CashierPage { c, q, results })
}

/// Someone who just badged at an entrance kiosk.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct RecentTap {
    person_id: i64,
    name: String,
    at: String,
    kiosk: String,
}

#[derive(Template)]
#[template(path = "sel/cashier_taps.html")]
pub(super) struct CashierTaps {
    c: Ctx,
    taps: Vec<(RecentTap, String)>,
}

/// The people who badged at an entrance kiosk in the last two minutes (polled by the cashier):
/// a badge at the counter opens their cart in one click.
pub(super) async fn cashier_taps(
    State(state): State<AppState>,
    c: Ctx,
) -> Result<Response, PageError> {
    let since = db::instant_text(Utc::now() - Duration::minutes(CASHIER_TAP_MINUTES));
    let taps: Vec<RecentTap> = sqlx::query_as(
        "SELECT p.id AS person_id, trim(p.first_name || ' ' || p.last_name) AS name,
                max(e.received_at) AS at, k.label AS kiosk
         FROM kiosk_events e JOIN kiosks k ON k.id = e.kiosk_id
              JOIN persons p ON p.id = e.person_id
         WHERE k.role = 'entrance' AND e.received_at >= ? AND p.erased_at IS NULL
         GROUP BY p.id ORDER BY at DESC LIMIT 5",
    )
    .bind(since)
    .fetch_all(&state.pool)
    .await?;
    let taps = taps
        .into_iter()
        .map(|t| {
            let when = c.tr.when_text(Some(&t.at), c.tz);
            (t, when)
        })
        .collect();
    html(CashierTaps { c, taps })
}

/// An item offered at the cashier.
#[derive(Debug)]
pub(super) struct ItemLine {
    id: i64,
    name: String,
    price: String,
    field: String,
}

#[derive(Debug)]
pub(super) struct ItemGroup {
    name: String,
    items: Vec<ItemLine>,
}

#[derive(Template)]
#[template(path = "sel/cart.html")]
pub(super) struct CartPage {
    c: Ctx,
    person: people::Person,
    account: Option<AccountView>,
    groups: Vec<ItemGroup>,
    op: String,
    total: String,
    after: String,
    /// A quantity typed was not a whole number from 0 to 100 (the total fragment says so).
    bad: bool,
    form: FormState,
}

pub(super) fn item_groups(items: &[shop::Item]) -> Vec<ItemGroup> {
    let mut groups: Vec<ItemGroup> = vec![];
    for it in items {
        let line = ItemLine {
            id: it.id,
            name: it.name.clone(),
            price: hours(it.price_minutes),
            field: format!("q-{}", it.id),
        };
        match groups.last_mut() {
            Some(g) if g.name == it.category => g.items.push(line),
            _ => groups.push(ItemGroup {
                name: it.category.clone(),
                items: vec![line],
            }),
        }
    }
    groups
}

/// A cart as posted: the quantities typed (`q-<item id>`), the operation id, and whether a
/// quantity was not a whole number from 0 to 100.
pub(super) struct CartInput {
    op: String,
    typed: Vec<(String, String)>,
    lines: Vec<shop::PurchaseLine>,
    bad: bool,
}

pub(super) fn cart_input(fields: &[(String, String)]) -> CartInput {
    let mut cart = CartInput {
        op: String::new(),
        typed: vec![],
        lines: vec![],
        bad: false,
    };
    for (k, v) in fields {
        if k == "op" {
            cart.op.clone_from(v);
        }
        let Some(item_id) = k.strip_prefix("q-").and_then(|s| s.parse::<i64>().ok()) else {
            continue;
        };
        cart.typed.push((k.clone(), v.clone()));
        match v.trim() {
            "" | "0" => {}
            q => match q.parse::<i64>() {
                Ok(quantity) if (1..=shop::MAX_QUANTITY).contains(&quantity) => {
                    cart.lines.push(shop::PurchaseLine { item_id, quantity })
                }
                _ => cart.bad = true,
            },
        }
    }
    cart
}

/// The cart's total at today's prices, and the balance after it.
pub(super) fn cart_sum(
    items: &[shop::Item],
    lines: &[shop::PurchaseLine],
    account: Option<&Account>,
) -> (String, String) {
    let total: i64 = lines
        .iter()
        .filter_map(|l| {
            items
                .iter()
                .find(|it| it.id == l.item_id)
                .map(|it| it.price_minutes * l.quantity)
        })
        .sum();
    let after = account.map_or_else(String::new, |a| hours(a.posted - total));
    (hours(total), after)
}

pub(super) async fn cart(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    cart_with(&state, c, id, FormState::default(), StatusCode::OK).await
}

pub(super) async fn cart_with(
    state: &AppState,
    c: Ctx,
    id: i64,
    mut form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let person = person_or_404(pool, &c, id).await?;
    let settings = Settings::load(pool).await?;
    let account = ledger::account_of_person(pool, id).await?;
    let items = shop::items(pool, false).await?;
    let typed: Vec<(String, String)> = form
        .values
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let (total, after) = cart_sum(&items, &cart_input(&typed).lines, account.as_ref());
    let op = match form.v("op") {
        "" => new_operation(),
        op => op.to_owned(),
    };
    form.values.insert("op".into(), op.clone());
    html_status(
        status,
        CartPage {
            account: account.as_ref().map(|a| AccountView::new(a, &settings)),
            groups: item_groups(&items),
            c,
            person,
            op,
            total,
            after,
            bad: false,
            form,
        },
    )
}

#[derive(Template)]
#[template(path = "sel/cart_total.html")]
pub(super) struct CartTotal {
    c: Ctx,
    total: String,
    after: String,
    bad: bool,
}

/// The total as quantities are typed (htmx), before anything is charged.
pub(super) async fn cart_total_fragment(
    state: &AppState,
    c: Ctx,
    id: i64,
    fields: &[(String, String)],
) -> Result<Response, PageError> {
    let account = ledger::account_of_person(&state.pool, id).await?;
    let items = shop::items(&state.pool, false).await?;
    let cart = cart_input(fields);
    let (total, after) = cart_sum(&items, &cart.lines, account.as_ref());
    html(CartTotal {
        c,
        total,
        after,
        bad: cart.bad,
    })
}

pub(super) async fn cart_total(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(fields): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    cart_total_fragment(&state, c, id, &fields).await
}

pub(super) async fn cart_pay(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(fields): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let cart = cart_input(&fields);
    let mut form = FormState::default();
    for (k, v) in &cart.typed {
        form.values.insert(k.clone(), v.clone());
    }
    form.values.insert("op".into(), cart.op.clone());
    if cart.bad {
        form.add("panier", c.tr.t("error-sel-quantity-invalid"));
        return cart_with(&state, c, id, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let input = shop::PurchaseInput {
        id: cart.op.clone(),
        person_id: id,
        lines: cart.lines,
        override_reason: None,
    };
    // The same cart for the same person a moment ago, under another form: ask before charging it
    // again (the browser's back button brings the form back with a new id and the same items).
    let confirmed = fields.iter().any(|(k, v)| k == "repeat_ok" && v == "1");
    if !confirmed {
        let since = chrono::Utc::now() - chrono::Duration::minutes(5);
        match shop::same_cart_bought_since(&state.pool, &input, since).await {
            Ok(Some((_, at))) => {
                let at = c.tr.time(crate::time::stored_instant(&at), c.tz);
                form.add("repeat", c.tr.ta("sel-cart-repeat", &[("name", &at)]));
                return cart_with(&state, c, id, form, StatusCode::UNPROCESSABLE_ENTITY).await;
            }
            Ok(None) => {}
            Err(r) => {
                refusal_at(&c, r, &mut form, "panier")?;
                return cart_with(&state, c, id, form, StatusCode::UNPROCESSABLE_ENTITY).await;
            }
        }
    }
    match shop::purchase(&state.pool, &actor, &input).await {
        Ok(_) => Ok(see_other(&format!(
            "/sel/caisse/{id}/recu?op={}&ok=ok-sel-purchased",
            super::url_encode(&cart.op)
        ))),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(r) => {
            refusal_at(&c, r, &mut form, "panier")?;
            cart_with(&state, c, id, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct ReceiptQuery {
    #[serde(default)]
    op: String,
}

#[derive(Debug)]
pub(super) struct ReceiptLine {
    label: String,
    quantity: i64,
    unit: String,
    subtotal: String,
}

#[derive(Template)]
#[template(path = "sel/receipt.html")]
pub(super) struct ReceiptPage {
    c: Ctx,
    person: people::Person,
    lines: Vec<ReceiptLine>,
    total: String,
    balance: String,
    negative: bool,
    when: String,
    no: i64,
}

/// What a purchase bought, its total and the balance now.
pub(super) async fn receipt(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    Query(q): Query<ReceiptQuery>,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let person = person_or_404(pool, &c, id).await?;
    let account = ledger::account_of_person(pool, id)
        .await?
        .ok_or_else(|| not_found(&c))?;
    let mut conn = pool.acquire().await?;
    let transfer = ledger::of_operation(&mut conn, &q.op)
        .await?
        .into_iter()
        .find(|t| t.kind == "purchase" && t.debit_account == account.id)
        .ok_or_else(|| not_found(&c))?;
    let lines = shop::sale_lines(&mut *conn, &q.op)
        .await?
        .into_iter()
        .map(|l| ReceiptLine {
            subtotal: hours(l.unit_minutes * l.quantity),
            unit: hours(l.unit_minutes),
            label: l.label,
            quantity: l.quantity,
        })
        .collect();
    html(ReceiptPage {
        when: c.tr.when_text(Some(&transfer.created_at), c.tz),
        total: hours(transfer.amount),
        balance: hours(account.posted),
        negative: account.posted < 0,
        no: transfer.no,
        c,
        person,
        lines,
    })
}

// ---------------------------------------------------------------------------------------------
// Exchanges entered by the desk

#[derive(Debug, Default, Deserialize)]
pub(super) struct ExchangeForm {
    #[serde(default)]
    op: String,
    #[serde(default)]
    payer: String,
    #[serde(default)]
    payer_choix: String,
    #[serde(default)]
    receiver: String,
    #[serde(default)]
    receiver_choix: String,
    #[serde(default)]
    heures: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    memo: String,
}

impl ExchangeForm {
    fn state(&self) -> FormState {
        FormState::with(&[
            ("op", &self.op),
            ("payer", &self.payer),
            ("receiver", &self.receiver),
            ("heures", &self.heures),
            ("minutes", &self.minutes),
            ("memo", &self.memo),
        ])
    }
}

#[derive(Template)]
#[template(path = "sel/exchange.html")]
pub(super) struct ExchangePage {
    c: Ctx,
    form: FormState,
    payer_candidates: Vec<(i64, String)>,
    receiver_candidates: Vec<(i64, String)>,
}

#[derive(Debug, Deserialize)]
pub(super) struct ExchangeQuery {
    #[serde(default)]
    payeur: String,
    #[serde(default)]
    beneficiaire: String,
}

pub(super) async fn exchange_form(
    c: Ctx,
    Query(q): Query<ExchangeQuery>,
) -> Result<Response, PageError> {
    let number = |s: &str| {
        s.trim()
            .parse::<i64>()
            .map(|n| n.to_string())
            .unwrap_or_default()
    };
    let form = FormState::with(&[
        ("op", &new_operation()),
        ("payer", &number(&q.payeur)),
        ("receiver", &number(&q.beneficiaire)),
    ]);
    html(ExchangePage {
        c,
        form,
        payer_candidates: vec![],
        receiver_candidates: vec![],
    })
}

pub(super) async fn exchange_create(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<ExchangeForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let pool = &state.pool;
    let mut form = f.state();
    if form.v("op").is_empty() {
        form.values.insert("op".into(), new_operation());
    }
    let (mut payer_candidates, mut receiver_candidates) = (vec![], vec![]);
    let payer = resolve_person(
        pool,
        &c,
        &mut form,
        "payer",
        &f.payer,
        &f.payer_choix,
        true,
        &mut payer_candidates,
    )
    .await?;
    let receiver = resolve_person(
        pool,
        &c,
        &mut form,
        "receiver",
        &f.receiver,
        &f.receiver_choix,
        true,
        &mut receiver_candidates,
    )
    .await?;
    let minutes = typed_minutes(&f.heures, &f.minutes);
    if minutes.is_none() {
        form.add("heures", c.tr.t("error-sel-duration-invalid"));
    }
    if let (Some(payer_id), Some(receiver_id), Some(minutes)) = (payer, receiver, minutes) {
        // The names found are shown again as numbers, so that a second try means the same people.
        form.values.insert("payer".into(), payer_id.to_string());
        form.values
            .insert("receiver".into(), receiver_id.to_string());
        let input = shop::ExchangeInput {
            id: form.v("op").to_owned(),
            payer_id,
            receiver_id,
            minutes,
            memo: f.memo.clone(),
            override_reason: None,
        };
        match shop::exchange(pool, &actor, &input, true).await {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "/sel/comptes/{payer_id}?ok=ok-sel-exchange-done"
                )));
            }
            Err(r) => {
                let field = match &r {
                    Refusal::Conflict {
                        key: "error-sel-below-floor" | "error-sel-same-account",
                        ..
                    } => "payer",
                    Refusal::Conflict {
                        key: "error-sel-above-ceiling",
                        ..
                    } => "receiver",
                    _ => "heures",
                };
                refusal_message(&c, r, &mut form, field)?;
                rename_field(&mut form, "minutes", "heures");
            }
        }
    }
    html_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        ExchangePage {
            c,
            form,
            payer_candidates,
            receiver_candidates,
        },
    )
}
