//! The evacuation list as the staff read it — on the desk's page, printed on A4, and as one
//! self-contained HTML file (styles inline, no script, no link) rewritten every minute in the
//! configured directory, so that the last list is still there when the server is not.

use super::list::{Line, Needs, Presence};
use crate::i18n::{Lang, Tr};
use crate::web::AppState;
use crate::web::domain::Fut;
use askama::Template;
use std::path::Path;

/// How often the file is rewritten.
pub const EVERY_SECONDS: u64 = 60;

/// The file's name in the directory.
pub const FILE_NAME: &str = "liste-evacuation.html";

/// A line as the list shows it.
#[derive(Debug, Clone)]
pub struct ViewLine {
    pub name: String,
    /// The category's key (`people`…) and its label.
    pub kind: String,
    pub category: String,
    pub people: i64,
    pub place: String,
    pub since: String,
    pub to_confirm: bool,
    /// The help needed, in words; empty when none.
    pub needs: String,
    pub person_id: Option<i64>,
    pub visitor_id: Option<i64>,
}

/// A zone of the list: a floor where known, else a category.
#[derive(Debug, Clone)]
pub struct Zone {
    pub title: String,
    pub people: i64,
    pub lines: Vec<ViewLine>,
}

/// The evacuation list, in one language.
#[derive(Debug, Clone)]
pub struct EvacuationView {
    /// « samedi 5 décembre 2026 à 03 h 12 ».
    pub made_at: String,
    pub total: i64,
    pub to_confirm: i64,
    /// « 12 personnes dans le bâtiment ».
    pub total_text: String,
    /// « dont 2 à confirmer », empty when none.
    pub to_confirm_text: String,
    /// (category label, headcount).
    pub counts: Vec<(String, i64)>,
    pub help: Vec<ViewLine>,
    pub zones: Vec<Zone>,
}

/// The help needed, in words (« fauteuil ou mobilité réduite, audition — note »).
pub fn needs_words(tr: &Tr, n: &Needs) -> String {
    let mut parts: Vec<String> = vec![];
    if n.mobility {
        parts.push(tr.t("presence-needs-mobility"));
    }
    if n.hearing {
        parts.push(tr.t("presence-needs-hearing"));
    }
    if n.sight {
        parts.push(tr.t("presence-needs-sight"));
    }
    let mut words = parts.join(", ");
    if !n.note.trim().is_empty() {
        if !words.is_empty() {
            words.push_str(" — ");
        }
        words.push_str(n.note.trim());
    }
    words
}

fn floor_title(tr: &Tr, f: i64) -> String {
    if f == 0 {
        tr.t("presence-floor-ground")
    } else {
        tr.ta("presence-floor", &[("n", &f.to_string())])
    }
}

impl EvacuationView {
    pub fn new(tr: &Tr, tz: chrono_tz::Tz, p: &Presence) -> EvacuationView {
        let at = crate::time::stored_instant(&p.at);
        let line = |l: &Line| ViewLine {
            name: l.name.clone(),
            kind: l.category.clone(),
            category: tr.tk("presence-cat", &l.category),
            people: l.people,
            place: l.place.clone(),
            since: l
                .since
                .as_deref()
                .map(|s| tr.when_text(Some(s), tz))
                .unwrap_or_default(),
            to_confirm: l.to_confirm,
            needs: l
                .needs
                .as_ref()
                .map(|n| needs_words(tr, n))
                .unwrap_or_default(),
            person_id: l.person_id,
            visitor_id: l.visitor_id,
        };
        let mut floors: Vec<i64> = p.lines.iter().filter_map(|l| l.floor).collect();
        floors.sort_unstable();
        floors.dedup();
        let mut zones: Vec<Zone> = floors
            .iter()
            .map(|f| {
                let lines: Vec<ViewLine> = p
                    .lines
                    .iter()
                    .filter(|l| l.floor == Some(*f))
                    .map(line)
                    .collect();
                Zone {
                    title: floor_title(tr, *f),
                    people: lines.iter().map(|l| l.people).sum(),
                    lines,
                }
            })
            .collect();
        for c in super::list::CATEGORIES {
            let lines: Vec<ViewLine> = p.of(c).filter(|l| l.floor.is_none()).map(line).collect();
            if !lines.is_empty() {
                zones.push(Zone {
                    title: tr.tk("presence-zone", c),
                    people: lines.iter().map(|l| l.people).sum(),
                    lines,
                });
            }
        }
        let day = at.with_timezone(&tz).date_naive();
        let day = match tr.lang {
            Lang::Fr => crate::vehicles::long_day_fr(day),
            Lang::En => crate::vehicles::long_day_en(day),
        };
        EvacuationView {
            made_at: tr.ta(
                "presence-made-at",
                &[("day", &day), ("time", &tr.time(at, tz))],
            ),
            total: p.total,
            to_confirm: p.to_confirm,
            total_text: tr.tn("presence-total", usize::try_from(p.total).unwrap_or(0)),
            to_confirm_text: if p.to_confirm > 0 {
                tr.tn(
                    "presence-to-confirm-count",
                    usize::try_from(p.to_confirm).unwrap_or(0),
                )
            } else {
                String::new()
            },
            counts: p
                .counts
                .iter()
                .map(|c| (tr.tk("presence-cat", &c.category), c.people))
                .collect(),
            help: p.needing_help().map(line).collect(),
            zones,
        }
    }
}

/// The file: the list with its styles inline.
#[derive(Debug, Template)]
#[template(path = "presence/evacuation_file.html")]
pub struct EvacuationFile<'a> {
    pub tr: Tr,
    pub v: &'a EvacuationView,
    pub site: &'a str,
}

/// Writes the file (a new file renamed over the old one: a reader never sees half a list).
pub async fn write(state: &AppState, dir: &Path) -> anyhow::Result<std::path::PathBuf> {
    let presence = super::list::now(
        &state.pool,
        state.domains,
        state.config.time_zone,
        chrono::Utc::now(),
    )
    .await?;
    let tr = Tr::new(Lang::Fr);
    let view = EvacuationView::new(&tr, state.config.time_zone, &presence);
    // The site's display name (as on every page), not its technical id.
    let site = crate::web::site_name(&state.pool).await;
    let html = EvacuationFile {
        tr,
        v: &view,
        site: &site,
    }
    .render()?;
    tokio::fs::create_dir_all(dir).await?;
    let path = dir.join(FILE_NAME);
    let tmp = dir.join(format!(".{FILE_NAME}.tmp"));
    tokio::fs::write(&tmp, html).await?;
    // It names people and what they need: readable by the server's account and its group only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tokio::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o640)).await?;
    }
    tokio::fs::rename(&tmp, &path).await?;
    Ok(path)
}

/// The job: the file, every minute.
pub fn job(state: &AppState) -> Fut<'_, anyhow::Result<()>> {
    Box::pin(async move {
        write(state, &state.config.evacuation_dir()).await?;
        Ok(())
    })
}
