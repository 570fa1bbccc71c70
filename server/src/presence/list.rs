//! Who is in the building now, by category — the desk's presence list, the evacuation list, the
//! roll call and the file written every minute all read this one answer:
//!
//! - **people** badged in (or marked in at the desk), with where they were last read;
//! - **visitors** signed in at the desk and not yet out;
//! - what the other domains know through the list (`Domain::in_house`): the hostel's **guests**
//!   checked in, a party as one line with its headcount, by room and floor; the **events** under
//!   way in the rooms, each one line standing for the people read at its room's door — the line
//!   carries the help any of the people it stands for needs to evacuate;
//! - the **staff** on duty: reception and admin accounts with a session active in the last
//!   [`STAFF_ACTIVE_MINUTES`], unless their record says they went out.
//!
//! A person is counted once: a guest who also badged in is on the hostel's line, a receptionist
//! who badged in is among the staff. Someone whose last read is older than the setting is kept,
//! marked « à confirmer ».

use super::state::to_confirm;
use crate::web::domain::Domains;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use sqlx::SqlitePool;
use std::collections::{HashMap, HashSet};

/// The categories, in the order the lists show them.
pub const CATEGORIES: [&str; 5] = ["people", "guests", "events", "visitors", "staff"];

/// A staff account counts as on duty while its session was used this recently.
pub const STAFF_ACTIVE_MINUTES: i64 = 30;

/// What someone needs to evacuate, told by them and recorded with their consent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Needs {
    /// Wheelchair or reduced mobility.
    pub mobility: bool,
    pub hearing: bool,
    pub sight: bool,
    /// In their words, up to 200 characters.
    pub note: String,
}

impl Needs {
    pub fn any(&self) -> bool {
        self.mobility || self.hearing || self.sight || !self.note.trim().is_empty()
    }
}

/// One line of the list: a person, or a party counted together.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Line {
    /// `people`, `guests`, `events`, `visitors` or `staff`.
    pub category: String,
    pub name: String,
    pub person_id: Option<i64>,
    pub visitor_id: Option<i64>,
    /// How many people the line stands for.
    pub people: i64,
    /// Where they were last read, whom a visitor visits, a guest's room.
    pub place: String,
    pub floor: Option<i64>,
    /// Since when (stored instant), if known.
    pub since: Option<String>,
    /// Inside with no read for longer than the setting: to check, not to drop.
    pub to_confirm: bool,
    /// Help needed to evacuate, if any.
    pub needs: Option<Needs>,
}

/// A category's headcount.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Count {
    pub category: String,
    pub people: i64,
    pub lines: i64,
}

/// The building now.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Presence {
    /// When the list was made (stored instant).
    pub at: String,
    /// Everyone, the sum of the categories' headcounts.
    pub total: i64,
    /// Of whom « à confirmer ».
    pub to_confirm: i64,
    pub counts: Vec<Count>,
    pub lines: Vec<Line>,
}

impl Presence {
    /// The lines of a category.
    pub fn of(&self, category: &str) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(move |l| l.category == category)
    }

    /// The lines whose people need help to evacuate.
    pub fn needing_help(&self) -> impl Iterator<Item = &Line> {
        self.lines
            .iter()
            .filter(|l| l.needs.as_ref().is_some_and(Needs::any))
    }
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    person_id: i64,
    name: String,
    since: String,
    place: Option<String>,
}

#[derive(sqlx::FromRow)]
struct VisitorRow {
    id: i64,
    name: String,
    visiting: String,
    needs_help: String,
    arrived_at: String,
}

#[derive(sqlx::FromRow)]
struct StaffRow {
    display_name: String,
    person_id: Option<i64>,
    seen: String,
}

/// Who is in the building at `now` (`tz`: the site's time zone, where the hostel's night is told).
pub async fn now(
    pool: &SqlitePool,
    domains: Domains,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<Presence, sqlx::Error> {
    let hours = super::settings(pool).await?.confirm_after_hours;
    let mut lines: Vec<Line> = vec![];

    // Staff on duty first: a receptionist who badged in is counted among them.
    let staff: Vec<StaffRow> = sqlx::query_as(
        "SELECT u.display_name, u.person_id, max(s.last_seen_at) AS seen
         FROM users u JOIN sessions s ON s.user_id = u.id
         WHERE u.role IN ('admin', 'reception') AND u.disabled_at IS NULL
           AND s.expires_at > ? AND s.last_seen_at > ?
           -- Someone who badged out (or was marked out) is not on duty here, whatever tab is open.
           AND NOT EXISTS (SELECT 1 FROM building_presence b
                           WHERE b.person_id = u.person_id AND b.inside = 0)
         GROUP BY u.id ORDER BY u.display_name",
    )
    .bind(crate::db::instant_text(now))
    .bind(crate::db::instant_text(
        now - Duration::minutes(STAFF_ACTIVE_MINUTES),
    ))
    .fetch_all(pool)
    .await?;
    let mut counted: HashSet<i64> = HashSet::new();
    for s in staff {
        if let Some(p) = s.person_id {
            counted.insert(p);
        }
        lines.push(Line {
            category: "staff".into(),
            name: s.display_name,
            person_id: s.person_id,
            visitor_id: None,
            people: 1,
            place: String::new(),
            floor: None,
            since: Some(s.seen),
            to_confirm: false,
            needs: None,
        });
    }

    // What the other domains know (the hostel's guests, the events under way). Each line's
    // `covers`, by its index, for the help they need.
    let mut covered_by: Vec<(usize, Vec<i64>)> = vec![];
    for hook in domains.iter().filter_map(|d| d.in_house) {
        for h in hook(pool, tz, now).await? {
            covered_by.push((lines.len(), h.covers.clone()));
            // A party is never dropped: at worst its lead is counted twice (a group leader with two
            // rooms, a guest on duty at the desk) — more on the list, never fewer.
            counted.extend(h.covers.iter().copied());
            lines.push(Line {
                category: h.category.into(),
                name: h.name,
                person_id: h.person_id,
                visitor_id: None,
                people: h.people.max(1),
                place: h.place,
                floor: h.floor,
                since: h.since,
                to_confirm: false,
                needs: None,
            });
        }
    }

    let people: Vec<PersonRow> = sqlx::query_as(
        "SELECT bp.person_id, trim(p.first_name || ' ' || p.last_name) AS name, bp.since,
                CASE WHEN bp.source = 'desk' THEN NULL ELSE coalesce(k.label, bp.kiosk_id) END AS place
         FROM building_presence bp JOIN persons p ON p.id = bp.person_id
           LEFT JOIN kiosks k ON k.id = bp.kiosk_id
         WHERE bp.inside = 1 AND p.erased_at IS NULL
         ORDER BY p.last_name, p.first_name",
    )
    .fetch_all(pool)
    .await?;
    for p in people
        .into_iter()
        .filter(|p| !counted.contains(&p.person_id))
    {
        lines.push(Line {
            category: "people".into(),
            to_confirm: to_confirm(&p.since, now, hours),
            name: p.name,
            person_id: Some(p.person_id),
            visitor_id: None,
            people: 1,
            place: p.place.unwrap_or_default(),
            floor: None,
            since: Some(p.since),
            needs: None,
        });
    }

    let visitors: Vec<VisitorRow> = sqlx::query_as(
        "SELECT id, name, visiting, needs_help, arrived_at FROM visitors
         WHERE left_at IS NULL ORDER BY arrived_at",
    )
    .fetch_all(pool)
    .await?;
    for v in visitors {
        lines.push(Line {
            category: "visitors".into(),
            to_confirm: to_confirm(&v.arrived_at, now, hours),
            needs: (!v.needs_help.trim().is_empty()).then(|| Needs {
                note: v.needs_help,
                ..Needs::default()
            }),
            name: v.name,
            person_id: None,
            visitor_id: Some(v.id),
            people: 1,
            place: v.visiting,
            floor: None,
            since: Some(v.arrived_at),
        });
    }

    // The help each person needs, for the lines that name a person or stand for people.
    let ids: Vec<i64> = lines
        .iter()
        .filter_map(|l| l.person_id)
        .chain(covered_by.iter().flat_map(|(_, c)| c.iter().copied()))
        .collect();
    let needs: Vec<(i64, bool, bool, bool, String)> = sqlx::query_as(
        "SELECT person_id, mobility, hearing, sight, note FROM evacuation_needs
         WHERE person_id IN (SELECT value FROM json_each(?))",
    )
    .bind(serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into()))
    .fetch_all(pool)
    .await?;
    let needs: HashMap<i64, Needs> = needs
        .into_iter()
        .map(|(p, mobility, hearing, sight, note)| {
            (
                p,
                Needs {
                    mobility,
                    hearing,
                    sight,
                    note,
                },
            )
        })
        .collect();
    for l in &mut lines {
        if let Some(n) = l.person_id.and_then(|p| needs.get(&p)) {
            l.needs = Some(n.clone());
        }
    }
    // A party or an event stands for people who may need help: the line says so, with their
    // names, so that nobody's need is lost in a headcount.
    for (i, covers) in covered_by {
        let helped: Vec<i64> = covers
            .into_iter()
            .filter(|p| Some(*p) != lines[i].person_id && needs.contains_key(p))
            .collect();
        if helped.is_empty() {
            continue;
        }
        let names: HashMap<i64, String> = sqlx::query_as(
            "SELECT id, trim(first_name || ' ' || last_name) FROM persons
             WHERE id IN (SELECT value FROM json_each(?))",
        )
        .bind(serde_json::to_string(&helped).unwrap_or_else(|_| "[]".into()))
        .fetch_all(pool)
        .await?
        .into_iter()
        .collect();
        let mut merged = lines[i].needs.clone().unwrap_or_default();
        let mut notes: Vec<String> = vec![merged.note.clone()];
        for p in &helped {
            let n = &needs[p];
            merged.mobility |= n.mobility;
            merged.hearing |= n.hearing;
            merged.sight |= n.sight;
            let name = names.get(p).cloned().unwrap_or_default();
            notes.push(if n.note.trim().is_empty() {
                name
            } else {
                format!("{name}\u{a0}: {}", n.note.trim())
            });
        }
        notes.retain(|n| !n.trim().is_empty());
        merged.note = notes.join(" ; ");
        lines[i].needs = Some(merged);
    }

    lines.sort_by_key(|l| {
        CATEGORIES
            .iter()
            .position(|c| *c == l.category)
            .unwrap_or(9)
    });
    let counts: Vec<Count> = CATEGORIES
        .iter()
        .map(|c| Count {
            category: (*c).into(),
            people: lines
                .iter()
                .filter(|l| l.category == *c)
                .map(|l| l.people)
                .sum(),
            lines: i64::try_from(lines.iter().filter(|l| l.category == *c).count()).unwrap_or(0),
        })
        .collect();
    Ok(Presence {
        at: crate::db::instant_text(now),
        total: counts.iter().map(|c| c.people).sum(),
        to_confirm: lines
            .iter()
            .filter(|l| l.to_confirm)
            .map(|l| l.people)
            .sum(),
        counts,
        lines,
    })
}
