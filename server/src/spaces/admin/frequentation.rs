//! Occupancy for the desk: hourly heatmaps of who was in the rooms.

use super::*;

// ---------------------------------------------------------------------------------------------
// Occupancy (the desk)

/// A space now, as the night desk reads it from across the room.
#[derive(Debug, Clone)]
pub(super) struct LiveLine {
    id: i64,
    name: String,
    present: i64,
    capacity: i64,
    /// "complet", "presque complet", or empty.
    state: String,
    full: bool,
    use_name: Option<String>,
    booking_title: Option<String>,
    attendees: Option<i64>,
    has_door: bool,
    /// The hourly heatmap, an `<svg>` element (its texts escaped by [`heatmap::render`]).
    heatmap: String,
}

#[derive(Template)]
#[template(path = "spaces/admin_occupancy.html")]
pub(super) struct OccupancyPage {
    c: Ctx,
    spaces: Vec<LiveLine>,
    weeks: i64,
    /// (weeks, "les 4 dernières semaines").
    week_choices: Vec<(i64, String)>,
    history_help: String,
    /// "à 14 h 05".
    at: String,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct OccupancyQuery {
    #[serde(default)]
    semaines: String,
}

/// The heatmap's values: the average people per weekday and hour from `first_hour`, `None` for
/// hours the space is closed every week and nobody was in.
pub(super) fn heatmap_values(
    averages: &[[f64; 24]; 7],
    windows: &[&spaces::Window],
    first_hour: u32,
) -> Vec<Vec<Option<f64>>> {
    (0..7u32)
        .map(|d| {
            (first_hour..24)
                .map(|h| {
                    let v = averages[d as usize][h as usize];
                    let open = windows.iter().any(|w| {
                        w.weekday == d + 1 && w.start_minute < (h + 1) * 60 && w.end_minute > h * 60
                    });
                    (open || v > 0.0).then_some(v)
                })
                .collect()
        })
        .collect()
}

pub(super) async fn occupancy_page(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<OccupancyQuery>,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let weeks = q
        .semaines
        .trim()
        .parse::<i64>()
        .map_or(DEFAULT_WEEKS, |w| w.clamp(1, MAX_WEEKS));
    let now = Utc::now();
    let live = occupancy::live(pool, c.tz, now).await?;
    let all = spaces::spaces(pool).await?;
    let windows = spaces::windows(pool, &[]).await?;
    let row_labels: Vec<String> = (1..=7)
        .map(|d| c.tr.t(&format!("spa-weekday-short-{d}")))
        .collect();
    let mut lines = Vec::with_capacity(live.len());
    for l in live {
        let averages = occupancy::hourly(pool, c.tz, l.space_id, weeks, now).await?;
        // Nobody came at all (no door kiosk, or a new room): no data rather than a grid of zeros.
        let any = averages.iter().flatten().any(|v| *v > 0.0);
        let own: Vec<&spaces::Window> = windows
            .iter()
            .filter(|w| w.space_id == l.space_id)
            .collect();
        // From 7 h, or earlier when the space opens or was used earlier.
        let first_hour = own
            .iter()
            .map(|w| w.start_minute / 60)
            .chain((0..24u32).filter(|h| averages.iter().any(|day| day[*h as usize] > 0.0)))
            .fold(HEATMAP_FIRST_HOUR, u32::min);
        let capacity = all
            .iter()
            .find(|s| s.id == l.space_id)
            .map_or(l.capacity, |s| s.capacity);
        let svg = heatmap::render(&heatmap::Heatmap {
            title: c.tr.ta(
                "spa-heatmap-title",
                &[("name", &l.name), ("weeks", &weeks.to_string())],
            ),
            row_labels: row_labels.clone(),
            first_hour,
            values: if any {
                heatmap_values(&averages, &own, first_hour)
            } else {
                vec![vec![None; (24 - first_hour) as usize]; 7]
            },
            capacity: u32::try_from(capacity).unwrap_or(1),
            unit_label: c.tr.t("spa-heatmap-unit"),
        });
        let full = l.capacity > 0 && l.present >= l.capacity;
        let state = if full {
            c.tr.t("spa-full")
        } else if l.capacity > 0 && l.present * 10 >= l.capacity * 9 {
            c.tr.t("spa-nearly-full")
        } else {
            String::new()
        };
        lines.push(LiveLine {
            id: l.space_id,
            name: l.name,
            present: l.present,
            capacity: l.capacity,
            state,
            full,
            use_name: l.use_name,
            booking_title: l.booking_title,
            attendees: l.attendees,
            has_door: l.has_door,
            heatmap: svg,
        });
    }
    html(OccupancyPage {
        spaces: lines,
        weeks,
        week_choices: (1..=MAX_WEEKS)
            .map(|w| (w, c.tr.tn("spa-weeks", w as usize)))
            .collect(),
        history_help: c.tr.tn("spa-history-help", weeks as usize),
        at: c.tr.time(now, c.tz),
        c,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_are_read_as_people_type_them() {
        assert_eq!(typed_euros("12,50"), Some(1250));
        assert_eq!(typed_euros("12.5"), Some(1250));
        assert_eq!(typed_euros(" 12 € "), Some(1200));
        assert_eq!(typed_euros("0,05"), Some(5));
        assert_eq!(typed_euros("1 200,00"), Some(120_000));
        assert_eq!(typed_euros("12,505"), None);
        assert_eq!(typed_euros("-3"), None);
        assert_eq!(typed_euros("douze"), None);
        assert_eq!(typed_euros(""), None);
    }

    #[test]
    fn numbers_and_days_are_read_as_people_type_them() {
        assert_eq!(typed_number(" 1 440 "), Ok(Some(1440)));
        assert_eq!(typed_number(""), Ok(None));
        assert_eq!(typed_number("30 min"), Err(()));
        assert_eq!(typed_day("25/12/2026"), "2026-12-25");
        assert_eq!(typed_day("2026-12-25"), "2026-12-25");
    }

    #[test]
    fn closed_hours_are_left_out_of_the_heatmap_unless_someone_came() {
        let mut averages = [[0f64; 24]; 7];
        averages[6][3] = 1.5; // Sunday 3 h: someone stayed late.
        let w = spaces::Window {
            id: 1,
            space_id: 1,
            weekday: 1,
            start_minute: 8 * 60 + 30,
            end_minute: 18 * 60,
            use_id: 1,
        };
        let values = heatmap_values(&averages, &[&w], 0);
        assert_eq!(values[0][7], None);
        assert_eq!(values[0][8], Some(0.0), "open from 8:30");
        assert_eq!(values[0][17], Some(0.0));
        assert_eq!(values[0][18], None, "closed at 18 h");
        assert_eq!(values[1][10], None, "closed on Tuesdays");
        assert_eq!(values[6][3], Some(1.5));
    }
}
