//! What the SEL tells about itself: the yearly summary shown at the *journée citoyenne* (minutes
//! given per activity and month, participants, newcomers, the cooperative's sales, exchanges) and
//! a member's statement as a CSV file that a French spreadsheet opens as it is.
//!
//! Months and years are those of the building's clock (`tz`, Europe/Paris), not UTC: a shift
//! started on 31 December at 23:30 belongs to December.

use super::ledger::StatementLine;
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use std::collections::{BTreeMap, HashSet};

/// One activity's line of the yearly table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ActivityRow {
    pub activity_id: i64,
    pub activity: String,
    /// Minutes given, January first.
    pub months: [i64; 12],
    pub total: i64,
    /// Shifts served that credited minutes.
    pub sessions: i64,
    /// Distinct people who gave minutes to this activity.
    pub participants: i64,
}

/// The year in figures, for the *journée citoyenne*: a table of activities × months and the totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct YearSummary {
    pub year: i32,
    /// By activity name.
    pub rows: Vec<ActivityRow>,
    /// Minutes given per month, all activities, January first.
    pub month_totals: [i64; 12],
    /// Minutes given in the year, all activities.
    pub total_minutes: i64,
    /// Shifts served in the year that credited minutes.
    pub sessions: i64,
    /// Distinct people who gave minutes in the year.
    pub participants: i64,
    /// People whose first shift ever that credited minutes was in this year.
    pub newcomers: i64,
    /// Minutes spent at the cooperative in the year (purchases, net of their corrections).
    pub purchases_minutes: i64,
    /// Purchases made in the year.
    pub purchases: i64,
    /// Exchanges between members completed in the year (posted directly or accepted).
    pub exchanges: i64,
    /// Minutes those exchanges moved.
    pub exchanges_minutes: i64,
}

/// Parses a stored instant (RFC 3339).
fn instant(s: &str) -> Option<DateTime<Utc>> {
    crate::time::parse_instant(s)
}

/// The local (year, month index 0–11) of a stored instant.
fn local_month(s: &str, tz: Tz) -> Option<(i32, usize)> {
    let local = instant(s)?.with_timezone(&tz);
    Some((local.year(), local.month0() as usize))
}

/// A UTC text window that surely contains the local year (a day of margin each side); the exact
/// local year is then decided in Rust.
fn window(year: i32) -> (String, String) {
    (format!("{}-12-30", year - 1), format!("{}-01-02", year + 1))
}

/// The yearly summary of `year` in the building's time zone. Minutes given are those credited
/// for shifts served (the posting of each shift's reservation, net of any later correction),
/// counted in the month the shift started.
pub async fn year_summary(
    pool: &SqlitePool,
    year: i32,
    tz: Tz,
) -> Result<YearSummary, sqlx::Error> {
    let (from, to) = window(year);
    // Shifts served and what each one finally credited.
    let served: Vec<(i64, i64, String, String, i64)> = sqlx::query_as(
        "SELECT s.person_id, s.activity_id, a.name, s.started_at,
                r.amount + COALESCE((SELECT sum(CASE WHEN c.debit_account = r.debit_account
                                                     THEN c.amount ELSE -c.amount END)
                                     FROM sel_transfers c WHERE c.corrects_no = r.no), 0)
         FROM sel_sessions s
              JOIN sel_activities a ON a.id = s.activity_id
              JOIN sel_transfers r ON r.no = s.resolution_no AND r.phase = 'post'
         WHERE s.ended_at IS NOT NULL AND s.started_at >= ? AND s.started_at < ?",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?;

    let mut by_activity: BTreeMap<i64, (String, [i64; 12], i64, HashSet<i64>)> = BTreeMap::new();
    let mut month_totals = [0i64; 12];
    let mut people = HashSet::new();
    let mut sessions = 0;
    for (person, activity_id, activity, started, minutes) in served {
        if minutes <= 0 {
            continue;
        }
        let Some((y, m)) = local_month(&started, tz) else {
            continue;
        };
        if y != year {
            continue;
        }
        let row = by_activity
            .entry(activity_id)
            .or_insert_with(|| (activity, [0; 12], 0, HashSet::new()));
        row.1[m] += minutes;
        row.2 += 1;
        row.3.insert(person);
        month_totals[m] += minutes;
        people.insert(person);
        sessions += 1;
    }
    let mut rows: Vec<ActivityRow> = by_activity
        .into_iter()
        .map(
            |(activity_id, (activity, months, sessions, people))| ActivityRow {
                activity_id,
                activity,
                total: months.iter().sum(),
                months,
                sessions,
                participants: people.len() as i64,
            },
        )
        .collect();
    rows.sort_by_cached_key(|r| (r.activity.to_lowercase(), r.activity_id));

    // Each person's first shift ever that credited minutes, for those who served this year: their
    // shifts in order (the index on person and start), the first that credited anything.
    let firsts: Vec<(i64, String)> = sqlx::query_as(
        "SELECT p.person_id,
                (SELECT s.started_at
                 FROM sel_sessions s
                      JOIN sel_transfers r ON r.no = s.resolution_no AND r.phase = 'post'
                 WHERE s.person_id = p.person_id AND s.ended_at IS NOT NULL
                   AND r.amount + COALESCE((SELECT sum(CASE WHEN c.debit_account = r.debit_account
                                                            THEN c.amount ELSE -c.amount END)
                                            FROM sel_transfers c WHERE c.corrects_no = r.no), 0) > 0
                 ORDER BY s.started_at LIMIT 1) AS first
         FROM (SELECT DISTINCT person_id FROM sel_sessions
               WHERE ended_at IS NOT NULL AND started_at >= ?1 AND started_at < ?2) p
         WHERE first >= ?1 AND first < ?2",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?;
    let newcomers = firsts
        .iter()
        .filter(|(_, first)| local_month(first, tz).is_some_and(|(y, _)| y == year))
        .count() as i64;

    // Purchases (net of their corrections) and completed exchanges, by the day they were written.
    let moves: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT t.kind, t.created_at,
                t.amount + CASE WHEN t.kind = 'purchase' THEN
                    COALESCE((SELECT sum(CASE WHEN c.debit_account = t.debit_account
                                              THEN c.amount ELSE -c.amount END)
                              FROM sel_transfers c WHERE c.corrects_no = t.no), 0)
                    ELSE 0 END
         FROM sel_transfers t
         WHERE ((t.kind = 'purchase' AND t.phase = 'posted')
                OR (t.kind = 'exchange' AND t.phase IN ('posted', 'post') AND t.amount > 0))
           AND t.created_at >= ? AND t.created_at < ?",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?;
    let (mut purchases, mut purchases_minutes, mut exchanges, mut exchanges_minutes) = (0, 0, 0, 0);
    for (kind, at, minutes) in moves {
        if local_month(&at, tz).is_none_or(|(y, _)| y != year) {
            continue;
        }
        if kind == "purchase" {
            purchases += 1;
            purchases_minutes += minutes;
        } else {
            exchanges += 1;
            exchanges_minutes += minutes;
        }
    }

    Ok(YearSummary {
        year,
        rows,
        total_minutes: month_totals.iter().sum(),
        month_totals,
        sessions,
        participants: people.len() as i64,
        newcomers,
        purchases_minutes,
        purchases,
        exchanges,
        exchanges_minutes,
    })
}

/// The French name of a transfer's kind, as a statement shows it.
pub fn nature(kind: &str, phase: &str) -> String {
    let name = match kind {
        "shift" => "Permanence",
        "exchange" => "Échange",
        "purchase" => "Achat coopérative",
        "welcome" => "Bienvenue",
        "correction" => "Correction",
        "workshop" => "Atelier",
        other => other,
    };
    if phase == "pending" {
        format!("{name} (en attente)")
    } else {
        name.to_owned()
    }
}

/// Minutes as decimal hours with a French comma: `90` → `1,50`, `-20` → `-0,33`.
pub fn decimal_hours(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.unsigned_abs();
    // Hundredths of an hour, rounded half up.
    let hundredths = (m * 100 + 30) / 60;
    format!("{sign}{},{:02}", hundredths / 100, hundredths % 100)
}

/// A text field as a spreadsheet should read it: a leading apostrophe when it would be read as a
/// formula (CSV injection), then quoted (RFC 4180) when it holds a separator, a quote or a line
/// break.
fn text_field(s: &str) -> String {
    let protected = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    number_field(&protected)
}

/// A field we wrote ourselves (numbers, dates): quoted only if it must be, never prefixed.
fn number_field(s: &str) -> String {
    if s.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The header of [`statement_csv`].
pub const STATEMENT_CSV_HEADER: &str =
    "N°;Date;Heure;Nature;Libellé;Contrepartie;Minutes;Heures;Solde (minutes);Motif";

/// A statement as a CSV file for a French spreadsheet: UTF-8 with a byte-order mark, `;`
/// between fields, CRLF line ends, dates `dd/mm/yyyy` and times `HH:MM` in the building's time
/// zone, hours with a decimal comma. Text that could be read as a formula gets a leading
/// apostrophe; the numeric columns stay plain numbers (negative ones included).
pub fn statement_csv(lines: &[StatementLine], tz: Tz) -> String {
    let mut out = String::with_capacity(128 + lines.len() * 96);
    out.push('\u{feff}');
    out.push_str(STATEMENT_CSV_HEADER);
    out.push_str("\r\n");
    for l in lines {
        let (date, time) = match instant(&l.at) {
            Some(at) => {
                let local = at.with_timezone(&tz);
                (
                    local.format("%d/%m/%Y").to_string(),
                    local.format("%H:%M").to_string(),
                )
            }
            None => (l.at.clone(), String::new()),
        };
        let fields = [
            number_field(&l.no.to_string()),
            number_field(&date),
            number_field(&time),
            text_field(&nature(&l.kind, &l.phase)),
            text_field(&l.memo),
            text_field(&l.counterpart),
            number_field(&l.minutes.to_string()),
            number_field(&decimal_hours(l.minutes)),
            number_field(&l.balance.to_string()),
            text_field(l.reason.as_deref().unwrap_or("")),
        ];
        out.push_str(&fields.join(";"));
        out.push_str("\r\n");
    }
    out
}

/// The months' French names, January first, for the yearly table's header.
pub fn month_names_fr() -> [&'static str; 12] {
    crate::time::MONTHS_FR
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Actor;
    use crate::db;
    use crate::sel::ledger::{self, Kind, Operation, TransferSpec, open_account, reconcile};
    use crate::sel::{POOL_ACCOUNT, shop};
    use serde_json::json;

    type R = anyhow::Result<()>;
    const PARIS: Tz = chrono_tz::Europe::Paris;

    async fn member(pool: &SqlitePool, first: &str, last: &str) -> anyhow::Result<(i64, i64)> {
        let person: i64 = sqlx::query_scalar(
            "INSERT INTO persons (first_name, last_name, created_at) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(first)
        .bind(last)
        .bind(db::now_text())
        .fetch_one(pool)
        .await?;
        let account = open_account(pool, &Actor::cli(), person).await?;
        Ok((person, account.id))
    }

    async fn activity(pool: &SqlitePool, name: &str) -> anyhow::Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO sel_activities (name, created_at) VALUES (?, ?) RETURNING id",
        )
        .bind(name)
        .bind(db::now_text())
        .fetch_one(pool)
        .await?)
    }

    /// A shift served as the kiosk code writes it: a pending credit from the pool, then its
    /// posting (or voiding, for `None`), and the session row pointing at both.
    async fn served(
        pool: &SqlitePool,
        person: i64,
        account: i64,
        activity: i64,
        started_utc: &str,
        minutes: Option<i64>,
    ) -> anyhow::Result<i64> {
        let actor = Actor::cli();
        let mut tx = db::begin_write(pool).await?;
        let tag = uuid::Uuid::new_v4();
        let open = ledger::write(
            &mut tx,
            &Operation {
                id: format!("open-{tag}"),
                kind: "shift",
                request: json!({}),
                actor: &actor,
            },
            &[TransferSpec::pending(POOL_ACCOUNT, account, 240, Kind::Shift).memo("Permanence")],
        )
        .await?;
        let pending = open.transfers[0].clone();
        let close = ledger::write(
            &mut tx,
            &Operation {
                id: format!("close-{tag}"),
                kind: "shift",
                request: json!({}),
                actor: &actor,
            },
            &[TransferSpec::resolve(&pending, minutes)],
        )
        .await?;
        let resolution = close.transfers[0].no;
        sqlx::query(
            "INSERT INTO sel_sessions (person_id, activity_id, started_at, close_by, cap_minutes,
                                       pending_no, ended_at, end_kind, minutes, resolution_no)
             VALUES (?, ?, ?, ?, 240, ?, ?, 'tap', ?, ?)",
        )
        .bind(person)
        .bind(activity)
        .bind(started_utc)
        .bind(started_utc)
        .bind(pending.no)
        .bind(started_utc)
        .bind(minutes.unwrap_or(0))
        .bind(resolution)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(resolution)
    }

    async fn reconciled(pool: &SqlitePool) -> R {
        let r = reconcile(&mut *pool.acquire().await?).await?;
        assert!(r.ok, "{r:?}");
        Ok(())
    }

    #[tokio::test]
    async fn year_summary_counts_local_months_and_newcomers() -> R {
        let dir = tempfile::tempdir()?;
        let pool = db::open_and_migrate(&dir.path().join("t.db")).await?;
        let actor = Actor::cli();
        let (alice, alice_acc) = member(&pool, "Alice", "Martin").await?;
        let (bob, bob_acc) = member(&pool, "Bob", "Durand").await?;
        let (carol, carol_acc) = member(&pool, "Carol", "Petit").await?;
        let cafe = activity(&pool, "Café").await?;
        let velo = activity(&pool, "atelier vélo").await?;

        // Alice: already active in 2024, so not a newcomer in 2025.
        served(
            &pool,
            alice,
            alice_acc,
            cafe,
            "2024-06-10T08:00:00.000Z",
            Some(120),
        )
        .await?;
        // 31 Dec 2024 23:30 UTC is 1 Jan 2025 00:30 in Paris: January 2025.
        served(
            &pool,
            alice,
            alice_acc,
            cafe,
            "2024-12-31T23:30:00.000Z",
            Some(60),
        )
        .await?;
        served(
            &pool,
            alice,
            alice_acc,
            velo,
            "2025-03-05T14:00:00.000Z",
            Some(90),
        )
        .await?;
        // Bob's first shift credited nothing (voided); his first credited one is in 2025.
        served(&pool, bob, bob_acc, cafe, "2024-11-02T09:00:00.000Z", None).await?;
        let bob_march = served(
            &pool,
            bob,
            bob_acc,
            cafe,
            "2025-03-20T09:00:00.000Z",
            Some(100),
        )
        .await?;
        // A correction takes 40 minutes back from Bob's March shift.
        ledger::correct(
            &pool,
            &actor,
            false,
            &ledger::CorrectionInput {
                id: "corr-1".into(),
                transfer_no: bob_march,
                minutes: -40,
                reason: "Départ à 10 h, pas 10 h 40".into(),
                override_reason: None,
            },
        )
        .await?;
        // 31 Dec 2025 23:30 UTC is already 2026 in Paris.
        served(
            &pool,
            carol,
            carol_acc,
            velo,
            "2025-12-31T23:30:00.000Z",
            Some(45),
        )
        .await?;
        // 31 Dec 2025 22:30 UTC is still 2025 (23:30 in Paris): December, a newcomer.
        served(
            &pool,
            carol,
            carol_acc,
            velo,
            "2025-12-31T22:30:00.000Z",
            Some(30),
        )
        .await?;

        let s = year_summary(&pool, 2025, PARIS).await?;
        assert_eq!(s.year, 2025);
        assert_eq!(
            s.rows
                .iter()
                .map(|r| (r.activity.as_str(), r.total, r.sessions, r.participants))
                .collect::<Vec<_>>(),
            [("atelier vélo", 120, 2, 2), ("Café", 120, 2, 2)]
        );
        let mut velo_months = [0; 12];
        velo_months[2] = 90;
        velo_months[11] = 30;
        assert_eq!(s.rows[0].months, velo_months);
        let mut cafe_months = [0; 12];
        cafe_months[0] = 60;
        cafe_months[2] = 60;
        assert_eq!(s.rows[1].months, cafe_months);
        let mut totals = [0; 12];
        totals[0] = 60;
        totals[2] = 150;
        totals[11] = 30;
        assert_eq!(s.month_totals, totals);
        assert_eq!(s.total_minutes, 240);
        assert_eq!(s.sessions, 4);
        assert_eq!(s.participants, 3);
        assert_eq!(s.newcomers, 2, "Bob and Carol");

        let s24 = year_summary(&pool, 2024, PARIS).await?;
        assert_eq!(
            (s24.total_minutes, s24.participants, s24.newcomers),
            (120, 1, 1)
        );
        let s26 = year_summary(&pool, 2026, PARIS).await?;
        assert_eq!((s26.total_minutes, s26.newcomers), (45, 0));
        reconciled(&pool).await?;

        // Purchases and exchanges: counted in the year they are written (now).
        let this_year = Utc::now().with_timezone(&PARIS).year();
        let basket = shop::create_item(
            &pool,
            &actor,
            &shop::ItemInput {
                name: "Panier de légumes".into(),
                category: String::new(),
                price_minutes: 90,
                active: true,
            },
        )
        .await?;
        let bought = shop::purchase(
            &pool,
            &actor,
            &shop::PurchaseInput {
                id: "p1".into(),
                person_id: alice,
                lines: vec![shop::PurchaseLine {
                    item_id: basket.id,
                    quantity: 2,
                }],
                override_reason: None,
            },
        )
        .await?;
        ledger::correct(
            &pool,
            &actor,
            false,
            &ledger::CorrectionInput {
                id: "corr-2".into(),
                transfer_no: bought.transfers[0].no,
                minutes: -90,
                reason: "Un seul panier".into(),
                override_reason: None,
            },
        )
        .await?;
        shop::exchange(
            &pool,
            &actor,
            &shop::ExchangeInput {
                id: "x1".into(),
                payer_id: bob,
                receiver_id: carol,
                minutes: 25,
                memo: "Couture".into(),
                override_reason: None,
            },
            true,
        )
        .await?;
        let now = year_summary(&pool, this_year, PARIS).await?;
        assert_eq!((now.purchases, now.purchases_minutes), (1, 90));
        assert_eq!((now.exchanges, now.exchanges_minutes), (1, 25));
        let before = year_summary(&pool, this_year - 1, PARIS).await?;
        assert_eq!((before.purchases, before.exchanges), (0, 0));
        reconciled(&pool).await
    }

    #[test]
    fn decimal_hours_use_a_comma() {
        assert_eq!(decimal_hours(90), "1,50");
        assert_eq!(decimal_hours(0), "0,00");
        assert_eq!(decimal_hours(-20), "-0,33");
        assert_eq!(decimal_hours(40), "0,67");
        assert_eq!(decimal_hours(-2000), "-33,33");
        assert_eq!(decimal_hours(600), "10,00");
    }

    fn line(
        no: i64,
        at: &str,
        kind: &str,
        phase: &str,
        memo: &str,
        minutes: i64,
        balance: i64,
    ) -> StatementLine {
        StatementLine {
            no,
            at: at.into(),
            kind: kind.into(),
            phase: phase.into(),
            memo: memo.into(),
            counterpart: "Caisse commune".into(),
            minutes,
            balance,
            corrects_no: None,
            reason: None,
            operation_id: format!("op-{no}"),
            author: "cli".into(),
        }
    }

    #[test]
    fn statement_csv_is_french_and_safe() {
        let mut correction = line(
            4,
            "2025-07-14T10:05:00.000Z",
            "correction",
            "posted",
            "Correction du mouvement n° 2",
            -30,
            -10,
        );
        correction.counterpart = "=HYPERLINK(\"http://x\")".into();
        correction.reason = Some("Oubli; badge \"prêté\"\nà revoir".into());
        let lines = [
            line(
                1,
                "2025-01-01T09:00:00.000Z",
                "welcome",
                "posted",
                "Crédit de bienvenue",
                60,
                60,
            ),
            line(
                2,
                "2025-03-30T00:30:00.000Z",
                "shift",
                "post",
                "Permanence Café",
                90,
                150,
            ),
            line(
                3,
                "2025-07-14T09:00:00.000Z",
                "exchange",
                "pending",
                "-retour",
                -130,
                150,
            ),
            correction,
            line(
                5,
                "2025-08-01T12:00:00.000Z",
                "purchase",
                "posted",
                "@Café",
                -130,
                -140,
            ),
        ];
        let csv = statement_csv(&lines, PARIS);
        let expected = "\u{feff}N°;Date;Heure;Nature;Libellé;Contrepartie;Minutes;Heures;Solde (minutes);Motif\r\n\
            1;01/01/2025;10:00;Bienvenue;Crédit de bienvenue;Caisse commune;60;1,00;60;\r\n\
            2;30/03/2025;01:30;Permanence;Permanence Café;Caisse commune;90;1,50;150;\r\n\
            3;14/07/2025;11:00;Échange (en attente);'-retour;Caisse commune;-130;-2,17;150;\r\n\
            4;14/07/2025;12:05;Correction;Correction du mouvement n° 2;\"'=HYPERLINK(\"\"http://x\"\")\";-30;-0,50;-10;\"Oubli; badge \"\"prêté\"\"\nà revoir\"\r\n\
            5;01/08/2025;14:00;Achat coopérative;'@Café;Caisse commune;-130;-2,17;-140;\r\n";
        assert_eq!(csv, expected);
        assert!(csv.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
        assert!(csv.contains(";90;1,50;"));
        assert_eq!(statement_csv(&[], PARIS).split("\r\n").count(), 2);
    }

    #[tokio::test]
    async fn statement_csv_of_a_real_account() -> R {
        let dir = tempfile::tempdir()?;
        let pool = db::open_and_migrate(&dir.path().join("t.db")).await?;
        let actor = Actor::cli();
        let (alice, alice_acc) = member(&pool, "Alice", "Martin").await?;
        let (bob, _) = member(&pool, "Bob", "Durand").await?;
        shop::exchange(
            &pool,
            &actor,
            &shop::ExchangeInput {
                id: "x1".into(),
                payer_id: alice,
                receiver_id: bob,
                minutes: 90,
                memo: "=1+1 ; « déménagement »".into(),
                override_reason: None,
            },
            true,
        )
        .await?;
        let lines = ledger::statement(&pool, alice_acc).await?;
        let csv = statement_csv(&lines, PARIS);
        let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(rows[0], STATEMENT_CSV_HEADER);
        assert!(
            rows[1].starts_with("1;")
                && rows[1].ends_with(";Bienvenue;Crédit de bienvenue;Caisse commune;60;1,00;60;"),
            "{}",
            rows[1]
        );
        assert!(
            rows[2].ends_with(";Échange;\"'=1+1 ; « déménagement »\";Bob Durand;-90;-1,50;-30;"),
            "{}",
            rows[2]
        );
        assert_eq!(rows[3], "");
        reconciled(&pool).await
    }
}
