//! The hourly occupancy heatmap: one row per day, one cell per hour, as an SVG image that
//! reads well without colour and without sight.
//!
//! - Five steps of ColorBrewer's sequential `YlGnBu` (light yellow → dark blue), a scheme that
//!   stays ordered for the common colour-vision deficiencies; the step of a cell is its share
//!   of the capacity, in fifths.
//! - Each open cell also shows its number (one decimal, French decimal comma: the pages are
//!   French first and the figure is the same in both languages), in black or white, whichever
//!   contrasts more with the fill (always ≥ 4.5:1, WCAG 2.x 1.4.3).
//! - Closed hours, or hours without data, are hatched grey, unlike any step.
//! - `role="img"` with a `<title>` and a `<desc>` that names the busiest slot; a legend gives
//!   each step's range as text.
//! - Sized by its `viewBox`, 100 % wide: it scales with the page.

use std::fmt::Write as _;

/// What the heatmap shows.
#[derive(Debug, Clone)]
pub struct Heatmap {
    /// E.g. "Occupation moyenne — Grande salle".
    pub title: String,
    /// E.g. `["lun.", "mar.", …]`, one per row.
    pub row_labels: Vec<String>,
    /// The hour of the first column, e.g. 7.
    pub first_hour: u32,
    /// `[row][hour - first_hour]`: average people present; `None` = closed or no data.
    pub values: Vec<Vec<Option<f64>>>,
    /// The colour scale's top (a value at or over it takes the darkest step); 0 counts as 1.
    pub capacity: u32,
    /// E.g. "personnes", for the description and the legend.
    pub unit_label: String,
}

/// The five steps, lightest first (ColorBrewer `YlGnBu`, 5 classes).
const STEPS: [&str; 5] = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"];
/// Closed or no data: hatched grey.
const CLOSED_FILL: &str = "#f0f0f0";
const CLOSED_HATCH: &str = "#8c8c8c";
/// Labels on the (white) background.
const INK: &str = "#1a1a1a";
const DARK_TEXT: &str = "#000000";
const LIGHT_TEXT: &str = "#ffffff";

const CELL_WIDTH: u32 = 44;
const CELL_HEIGHT: u32 = 30;
const GAP: u32 = 2;
const HEADER_HEIGHT: u32 = 24;
const MARGIN: u32 = 4;
const LEGEND_ROW: u32 = 22;

/// The heatmap as an SVG element, ready to be placed in a page.
pub fn render(h: &Heatmap) -> String {
    let rows = h.row_labels.len().max(h.values.len());
    let columns = h.values.iter().map(Vec::len).max().unwrap_or(0);
    let capacity = f64::from(h.capacity.max(1));
    let value = |row: usize, column: usize| -> Option<f64> {
        let v = (*h.values.get(row)?.get(column)?)?;
        (!v.is_nan()).then_some(v.max(0.0))
    };
    let id = format!("heatmap-{:08x}", fingerprint(h));

    // Row labels get the width of the longest one (about 7 px a character at 12 px).
    let label_width = h
        .row_labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(3, 30) as u32
        * 7
        + 8;
    let grid_left = MARGIN + label_width;
    let grid_top = MARGIN + HEADER_HEIGHT;
    let grid_width = columns as u32 * (CELL_WIDTH + GAP);
    let grid_height = rows as u32 * (CELL_HEIGHT + GAP);
    let legend_top = grid_top + grid_height + 12;
    let legend_height = LEGEND_ROW * (1 + STEPS.len() as u32 + 1);
    let width = (grid_left + grid_width + MARGIN).max(320);
    let height = legend_top + legend_height + MARGIN;

    let mut svg = String::with_capacity(4096 + rows * columns * 220);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" class="heatmap-svg" role="img" aria-labelledby="{id}-title {id}-desc" font-family="system-ui, sans-serif" font-size="12">"#
    );
    let _ = write!(
        svg,
        r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(&h.title),
        escape(&description(h, rows, columns, &value)),
    );
    let _ = write!(
        svg,
        r#"<defs><pattern id="{id}-closed" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="{CLOSED_FILL}"/><line x1="0" y1="0" x2="0" y2="6" stroke="{CLOSED_HATCH}" stroke-width="2"/></pattern></defs>"#
    );

    // Hours along the top, days down the left.
    for column in 0..columns {
        let x = grid_left + column as u32 * (CELL_WIDTH + GAP) + CELL_WIDTH / 2;
        let _ = write!(
            svg,
            r#"<text x="{x}" y="{}" text-anchor="middle" fill="{INK}">{}</text>"#,
            grid_top - 8,
            hour_label(h.first_hour + column as u32),
        );
    }
    for row in 0..rows {
        let y = grid_top + row as u32 * (CELL_HEIGHT + GAP) + CELL_HEIGHT / 2 + 4;
        let label = h.row_labels.get(row).map(String::as_str).unwrap_or("");
        let _ = write!(
            svg,
            r#"<text x="{}" y="{y}" text-anchor="end" fill="{INK}">{}</text>"#,
            grid_left - 6,
            escape(label),
        );
    }

    for row in 0..rows {
        for column in 0..columns {
            let x = grid_left + column as u32 * (CELL_WIDTH + GAP);
            let y = grid_top + row as u32 * (CELL_HEIGHT + GAP);
            match value(row, column) {
                Some(v) => {
                    let fill = STEPS[step(v / capacity)];
                    let _ = write!(
                        svg,
                        r#"<rect class="cell" x="{x}" y="{y}" width="{CELL_WIDTH}" height="{CELL_HEIGHT}" fill="{fill}"/><text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>"#,
                        x + CELL_WIDTH / 2,
                        y + CELL_HEIGHT / 2 + 4,
                        text_on(fill),
                        french_number(v),
                    );
                }
                None => {
                    let _ = write!(
                        svg,
                        r#"<rect class="cell closed" x="{x}" y="{y}" width="{CELL_WIDTH}" height="{CELL_HEIGHT}" fill="url(#{id}-closed)"/>"#
                    );
                }
            }
        }
    }

    // The legend: each step's range in words, then the closed pattern.
    let unit = escape(&h.unit_label);
    let _ = write!(
        svg,
        r#"<text x="{MARGIN}" y="{}" fill="{INK}" font-weight="bold">{} ({})</text>"#,
        legend_top + 14,
        escape(&capitalised(&h.unit_label)),
        escape(&format!("capacité {}", h.capacity)),
    );
    let bounds: Vec<String> = (1..STEPS.len())
        .map(|i| french_number(capacity * i as f64 / STEPS.len() as f64))
        .collect();
    for (i, fill) in STEPS.iter().enumerate() {
        let range = match i {
            0 => format!("moins de {} {unit}", bounds[0]),
            i if i == STEPS.len() - 1 => format!("{} {unit} et plus", bounds[i - 1]),
            i => format!("{} à {} {unit}", bounds[i - 1], bounds[i]),
        };
        legend_row(
            &mut svg,
            legend_top + LEGEND_ROW * (i as u32 + 1),
            fill,
            &range,
        );
    }
    legend_row(
        &mut svg,
        legend_top + LEGEND_ROW * (STEPS.len() as u32 + 1),
        &format!("url(#{id}-closed)"),
        "fermé ou sans données",
    );
    svg.push_str("</svg>");
    svg
}

/// A legend swatch and its (already escaped) text.
fn legend_row(svg: &mut String, y: u32, fill: &str, text: &str) {
    let _ = write!(
        svg,
        r#"<rect class="legend" x="{MARGIN}" y="{y}" width="28" height="16" fill="{fill}" stroke="{INK}" stroke-width="0.5"/><text x="{}" y="{}" fill="{INK}">{text}</text>"#,
        MARGIN + 36,
        y + 12,
    );
}

/// "Moyenne de personnes présentes par heure, de 7 h à 22 h. Créneau le plus chargé : mar.
/// à 18 h, 23,5 personnes sur 40."
fn description(
    h: &Heatmap,
    rows: usize,
    columns: usize,
    value: &dyn Fn(usize, usize) -> Option<f64>,
) -> String {
    let mut text = format!("Moyenne de {} présentes par heure", h.unit_label);
    if columns > 0 {
        let _ = write!(
            text,
            ", de {} à {}",
            hour_label(h.first_hour),
            hour_label(h.first_hour + columns as u32),
        );
    }
    text.push_str(". ");
    let mut busiest: Option<(usize, usize, f64)> = None;
    for row in 0..rows {
        for column in 0..columns {
            if let Some(v) = value(row, column)
                && busiest.is_none_or(|(_, _, max)| v > max)
            {
                busiest = Some((row, column, v));
            }
        }
    }
    match busiest {
        Some((_, _, v)) if v <= 0.0 => text.push_str("Personne n'est venu sur cette période."),
        Some((row, column, v)) => {
            let _ = write!(
                text,
                "Créneau le plus chargé : {} à {}, {} {} sur {}.",
                h.row_labels.get(row).map(String::as_str).unwrap_or(""),
                hour_label(h.first_hour + column as u32),
                french_number(v),
                h.unit_label,
                h.capacity,
            );
        }
        None => text.push_str("Aucune donnée."),
    }
    text
}

/// The step (0–4) of a share of the capacity: fifths, the last one open-ended.
fn step(share: f64) -> usize {
    ((share * STEPS.len() as f64).floor().max(0.0) as usize).min(STEPS.len() - 1)
}

/// "8 h".
fn hour_label(hour: u32) -> String {
    format!("{hour} h")
}

/// One decimal with a decimal comma, none when it is zero: `2,5`, `3`.
fn french_number(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{},{}", tenths / 10, (tenths % 10).abs())
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Black or white, whichever contrasts more with `fill` (`#rrggbb`).
fn text_on(fill: &str) -> &'static str {
    if contrast(fill, DARK_TEXT) >= contrast(fill, LIGHT_TEXT) {
        DARK_TEXT
    } else {
        LIGHT_TEXT
    }
}

/// The WCAG 2.x contrast ratio of two `#rrggbb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG 2.x relative luminance of `#rrggbb`.
fn luminance(colour: &str) -> f64 {
    let channel = |i: usize| {
        let c = colour
            .get(1 + 2 * i..3 + 2 * i)
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            .map_or(0.0, |c| f64::from(c) / 255.0);
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
}

/// Escapes text for SVG content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Ids inside an SVG are page-wide: two heatmaps on one page must not share them, and the
/// same heatmap keeps its ids from one request to the next (FNV-1a of what it shows).
fn fingerprint(h: &Heatmap) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u32::from(b);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    };
    feed(h.title.as_bytes());
    for label in &h.row_labels {
        feed(label.as_bytes());
    }
    feed(&h.first_hour.to_le_bytes());
    for row in &h.values {
        for v in row {
            feed(&v.map_or(-1.0, |v| v).to_le_bytes());
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week() -> Heatmap {
        let mut values = vec![vec![Some(2.0); 4]; 7];
        values[1][2] = Some(23.46); // mar. 9 h, the busiest
        values[0][0] = Some(0.0);
        values[2][3] = Some(14.0);
        values[6] = vec![None; 4]; // closed on Sunday
        values[3][1] = None;
        Heatmap {
            title: "Occupation moyenne — Grande salle".to_owned(),
            row_labels: ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
                .map(str::to_owned)
                .to_vec(),
            first_hour: 7,
            values,
            capacity: 25,
            unit_label: "personnes".to_owned(),
        }
    }

    /// The `<rect class="cell…">` elements, in order.
    fn cells(svg: &str) -> Vec<&str> {
        svg.split("<rect class=\"cell")
            .skip(1)
            .map(|s| &s[..s.find("/>").expect("a closed rect")])
            .collect()
    }

    #[test]
    fn labels_are_escaped_everywhere() {
        let mut h = week();
        h.title = "Salle <b>\"A\" & 'B'</b>".to_owned();
        h.row_labels[0] = "<lun>&\"'".to_owned();
        h.unit_label = "<pers>".to_owned();
        let svg = render(&h);
        assert!(svg.contains("<title id=\""));
        assert!(svg.contains(">Salle &lt;b&gt;&quot;A&quot; &amp; &#39;B&#39;&lt;/b&gt;</title>"));
        assert!(svg.contains(">&lt;lun&gt;&amp;&quot;&#39;</text>"));
        assert!(svg.contains("&lt;pers&gt; et plus"));
        assert!(!svg.contains("<b>") && !svg.contains("<lun>") && !svg.contains("<pers>"));
        assert!(!svg.contains("'B'"));
    }

    #[test]
    fn a_closed_hour_is_hatched_and_has_no_number() {
        let svg = render(&week());
        let cells = cells(&svg);
        assert_eq!(cells.len(), 7 * 4);
        // jeu. 8 h is closed, so is all of Sunday.
        let closed: Vec<usize> = (0..cells.len())
            .filter(|&i| cells[i].starts_with(" closed"))
            .collect();
        assert_eq!(closed, [13, 24, 25, 26, 27]);
        for i in closed {
            assert!(cells[i].contains("fill=\"url(#heatmap-"), "{}", cells[i]);
            assert!(
                !STEPS.iter().any(|s| cells[i].contains(s)),
                "a closed cell takes no step's colour"
            );
        }
        assert!(svg.contains("<pattern id=\"heatmap-"));
        assert!(svg.contains(">fermé ou sans données</text>"));
        // 28 cells, 5 closed: 23 numbers.
        assert_eq!(
            svg.matches("text-anchor=\"middle\" fill=\"#").count(),
            4 + 23
        );
    }

    #[test]
    fn open_cells_show_their_number_with_a_decimal_comma() {
        let svg = render(&week());
        assert!(svg.contains(">23,5</text>"));
        assert!(svg.contains(">14</text>"));
        assert!(svg.contains(">2</text>"));
        assert!(
            svg.contains(">0</text>"),
            "an open hour without anyone shows 0"
        );
        assert!(!svg.contains("23.5"));
        assert_eq!(french_number(2.46), "2,5");
        assert_eq!(french_number(0.04), "0");
        assert_eq!(french_number(9.96), "10");
    }

    #[test]
    fn cells_take_the_step_of_their_share_of_the_capacity() {
        let svg = render(&week());
        let cells = cells(&svg);
        assert!(cells[0].contains(STEPS[0]), "0 of 25"); // lun. 7 h
        assert!(cells[1].contains(STEPS[0]), "2 of 25");
        assert!(cells[4 + 2].contains(STEPS[4]), "23,5 of 25"); // mar. 9 h
        assert!(cells[8 + 3].contains(STEPS[2]), "14 of 25"); // mer. 10 h
        assert_eq!(step(0.2), 1);
        assert_eq!(step(0.999), 4);
        assert_eq!(step(3.0), 4, "over the capacity stays on the darkest step");
    }

    #[test]
    fn the_legend_gives_every_step_its_range_in_words() {
        let svg = render(&week());
        for range in [
            "moins de 5 personnes",
            "5 à 10 personnes",
            "10 à 15 personnes",
            "15 à 20 personnes",
            "20 personnes et plus",
        ] {
            assert!(svg.contains(&format!(">{range}</text>")), "{range}");
        }
        assert!(svg.contains(">Personnes (capacité 25)</text>"));
        assert_eq!(svg.matches("<rect class=\"legend\"").count(), 6);
        for fill in STEPS {
            assert!(svg.contains(&format!("height=\"16\" fill=\"{fill}\"")));
        }
        let mut h = week();
        h.capacity = 12;
        assert!(render(&h).contains(">moins de 2,4 personnes</text>"));
    }

    #[test]
    fn numbers_contrast_with_their_fill() {
        for fill in STEPS {
            assert!(contrast(fill, text_on(fill)) >= 4.5, "{fill}");
        }
        assert_eq!(text_on(STEPS[0]), DARK_TEXT, "dark text on light yellow");
        assert_eq!(text_on(STEPS[4]), LIGHT_TEXT, "white text on dark blue");
        let svg = render(&week());
        assert!(svg.contains(&format!("fill=\"{LIGHT_TEXT}\">23,5</text>")));
        assert!(svg.contains(&format!("fill=\"{DARK_TEXT}\">2</text>")));
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!(contrast(INK, "#ffffff") >= 4.5);
    }

    #[test]
    fn the_description_names_the_busiest_slot() {
        let svg = render(&week());
        assert!(svg.contains(
            ">Moyenne de personnes présentes par heure, de 7 h à 11 h. \
             Créneau le plus chargé : mar. à 9 h, 23,5 personnes sur 25.</desc>"
        ));
        assert!(svg.contains("role=\"img\""));
        let id = format!("heatmap-{:08x}", fingerprint(&week()));
        assert!(svg.contains(&format!("aria-labelledby=\"{id}-title {id}-desc\"")));
        assert!(svg.contains(&format!("<desc id=\"{id}-desc\">")));

        let mut empty = week();
        empty.values = vec![vec![None; 4]; 7];
        assert!(render(&empty).contains("Aucune donnée.</desc>"));
    }

    #[test]
    fn it_scales_with_the_page_and_labels_hours_and_days() {
        let svg = render(&week());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
        // Its natural size, shrunk to the page by the style sheet (no `style` attribute: the
        // Content-Security-Policy would drop it).
        assert!(svg.contains(" class=\"heatmap-svg\""));
        assert!(!svg.contains("style="));
        assert!(svg.ends_with("</svg>"));
        for hour in ["7 h", "8 h", "9 h", "10 h"] {
            assert!(svg.contains(&format!(">{hour}</text>")), "{hour}");
        }
        assert!(!svg.contains(">11 h</text>"));
        assert!(svg.contains(">lun.</text>") && svg.contains(">dim.</text>"));
        let mut other = week();
        other.title = "Petite salle".to_owned();
        assert_ne!(
            fingerprint(&other),
            fingerprint(&week()),
            "ids differ per heatmap"
        );
    }
}
