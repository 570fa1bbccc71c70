//! Inline SVG charts of an indicator's months, drawn on the server: the pages need no JavaScript
//! and the printed report gets the same picture.
//!
//! - `role="img"`, named by its `<title>` and described by its `<desc>`, the words the page wrote
//!   ([SVG-AAM 1.0](https://www.w3.org/TR/svg-aam-1.0/#details-id-mapping)).
//! - The y axis starts at 0 (or below, for negative values) and ends on a round number (1, 2, 2.5
//!   or 5 × 10ⁿ), with 2 to 4 steps labelled in French (« 1 234,5 h »).
//! - A month without data is a gap (no bar, a break in the line) marked « — », never a zero.
//! - The yearly target is a dashed line with a legend that names it: colour is never the only
//!   carrier of meaning (WCAG 2.2, 1.4.1).
//! - Default colours contrast with white at least 4.5:1 and text is `currentColor`; every part
//!   has a class the page's CSS can restyle (dark theme included), since a CSS rule overrides a
//!   presentation attribute: `bv-chart` (the `<svg>`), `bv-grid`, `bv-axis` (the zero line),
//!   `bv-labels`, `bv-bar`, `bv-line`, `bv-point`, `bv-missing`, `bv-target`, `bv-target-label`.
//! - Sized by its `viewBox` and its own width and height; the page's CSS makes it as wide as its
//!   box up to that width (`svg.bv-chart`). No `style` attribute: the Content-Security-Policy
//!   (`style-src 'self'`) would drop it.

use std::fmt::Write as _;

/// Bars, line and points: the site's accent blue (6.7:1 on white).
const DATA_COLOUR: &str = "#0b5cad";
/// The target's line and legend: a dark orange (6.1:1 on white), unlike the data's blue.
const TARGET_COLOUR: &str = "#a34700";
/// The zero line: the site's muted grey (8.9:1 on white).
const AXIS_COLOUR: &str = "#4a4a4a";
/// Gridlines are a reading aid, not information: light on purpose.
const GRID_COLOUR: &str = "#d0d4d9";

const FONT_SIZE: f64 = 12.0;
/// A generous advance of one character at `FONT_SIZE`, to size the y labels' margin.
const CHAR_WIDTH: f64 = 7.0;
/// Smaller sizes are drawn at these, so the plot never has a negative size.
const MIN_WIDTH: u32 = 160;
const MIN_HEIGHT: u32 = 100;
/// Values are drawn within ±`LIMIT`, so no input can overflow the scale's arithmetic.
const LIMIT: f64 = 1e12;
/// Data spanning less than this (all zeros, say) gets an axis from 0 to 1: tiny spans would
/// need dozens of decimals.
const MIN_SPAN: f64 = 1e-6;
/// At most this many x labels; with more points, every n-th is shown.
const MAX_X_LABELS: usize = 12;
/// Decimals of a value in a bar's or a point's tooltip.
const VALUE_DECIMALS: usize = 2;

/// How the values are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One bar per point, from zero.
    Bars,
    /// A line through the points, with a marker on each, broken where a value is missing.
    Line,
}

/// What a chart shows.
#[derive(Debug, Clone, Copy)]
pub struct Chart<'a> {
    /// Unique on the page (ids of <title>/<desc> are derived from it: `{id}-titre`, `{id}-desc`).
    /// Whitespace in it is replaced by `-`, since `aria-labelledby` is a list of ids.
    pub id: &'a str,
    pub title: &'a str,
    /// The text alternative, already in words (the page writes it; put it in <desc>).
    pub description: &'a str,
    /// One label per point, e.g. « janv. », « févr. » (short month names).
    pub labels: &'a [String],
    /// One value per label; None = no data that month (a gap, not a zero). NaN and infinities
    /// are gaps too.
    pub values: &'a [Option<f64>],
    /// A yearly-target line expressed per point, drawn dashed and labelled with `target_label`.
    pub target: Option<f64>,
    /// The legend of the target line, e.g. « Objectif : 40 h »; empty = the target's value.
    pub target_label: &'a str,
    /// Unit after the numbers on the axis, e.g. "h", "kWh", "%" (may be empty).
    pub unit: &'a str,
    pub kind: Kind,
    /// The `viewBox` size, in CSS pixels at most (at least 160 × 100).
    pub width: u32,
    pub height: u32,
}

/// The chart as an `<svg>` element, ready to be placed in a page (or saved as an `.svg` file).
#[must_use]
pub fn svg(c: &Chart) -> String {
    let points = c.labels.len().max(c.values.len());
    let values: Vec<Option<f64>> = (0..points)
        .map(|i| drawable(c.values.get(i).copied().flatten()))
        .collect();
    let target = drawable(c.target);
    // Counts (people, trips) get whole steps: no « 0,25 personne » on the axis.
    let whole = values.iter().flatten().all(|v| v.fract() == 0.0);
    let scale = Scale::new(values.iter().flatten().copied().chain(target), whole);
    let ticks: Vec<(f64, String)> = scale
        .ticks()
        .map(|t| (t, with_unit(&number_fr(t, scale.decimals), c.unit)))
        .collect();
    let widest = ticks
        .iter()
        .map(|(_, l)| l.chars().count())
        .max()
        .unwrap_or(1);
    let frame = Frame::new(c, scale, points, widest, target.is_some());

    let id: String =
        c.id.chars()
            .map(|ch| if ch.is_whitespace() { '-' } else { ch })
            .collect();
    let id = escape(&id);
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="bv-chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{id}-titre {id}-desc" font-family="system-ui, sans-serif" font-size="{FONT_SIZE}">"#,
        w = coord(frame.width),
        h = coord(frame.height),
    );
    let _ = write!(
        out,
        r#"<title id="{id}-titre">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(c.title),
        escape(c.description),
    );
    axes(&mut out, c, &frame, &ticks, points);
    match c.kind {
        Kind::Bars => bars(&mut out, c, &frame, &values),
        Kind::Line => line(&mut out, c, &frame, &values),
    }
    // A line shows a missing month as its break; the dash would read as a point at zero.
    if matches!(c.kind, Kind::Bars) {
        missing(&mut out, &frame, &values);
    }
    // Over the bars, so the zero line stays visible between them.
    let _ = write!(
        out,
        r#"<line class="bv-axis" x1="{}" y1="{zero}" x2="{}" y2="{zero}" stroke="{AXIS_COLOUR}" stroke-width="1"/>"#,
        coord(frame.left),
        coord(frame.right),
        zero = coord(frame.y(0.0)),
    );
    if let Some(t) = target {
        target_line(&mut out, c, &frame, t);
    }
    out.push_str("</svg>");
    out
}

/// Where things go: the plot area inside the margins, and the scale.
#[derive(Debug, Clone, Copy)]
struct Frame {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    /// The width given to each point.
    slot: f64,
    scale: Scale,
}

impl Frame {
    /// `widest`: the longest y label, in characters; `legend`: room for the target's legend.
    fn new(c: &Chart, scale: Scale, points: usize, widest: usize, legend: bool) -> Self {
        let width = f64::from(c.width.max(MIN_WIDTH));
        let height = f64::from(c.height.max(MIN_HEIGHT));
        let left = (count(widest) * CHAR_WIDTH + 10.0).min(width / 2.0);
        let right = width - 10.0;
        Self {
            width,
            height,
            left,
            right,
            top: if legend { 28.0 } else { 10.0 },
            bottom: height - 24.0,
            slot: (right - left) / count(points.max(1)),
            scale,
        }
    }

    /// The centre of point `i`.
    fn x(&self, i: usize) -> f64 {
        self.left + (count(i) + 0.5) * self.slot
    }

    /// The height of `v`; the scale's `hi` is always above its `lo`.
    fn y(&self, v: f64) -> f64 {
        let Scale { lo, hi, .. } = self.scale;
        self.bottom - (v - lo) / (hi - lo) * (self.bottom - self.top)
    }
}

/// Gridlines with the y labels, and the x labels.
fn axes(out: &mut String, c: &Chart, f: &Frame, ticks: &[(f64, String)], points: usize) {
    let _ = write!(
        out,
        r#"<g class="bv-grid" stroke="{GRID_COLOUR}" stroke-width="1">"#
    );
    for (t, _) in ticks {
        let _ = write!(
            out,
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}"/>"#,
            coord(f.left),
            coord(f.right),
            y = coord(f.y(*t)),
        );
    }
    out.push_str(r#"</g><g class="bv-labels" fill="currentColor"><g text-anchor="end">"#);
    for (t, label) in ticks {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}">{}</text>"#,
            coord(f.left - 6.0),
            coord(f.y(*t) + FONT_SIZE / 3.0),
            escape(label),
        );
    }
    out.push_str(r#"</g><g text-anchor="middle">"#);
    // As many labels as fit side by side with a gap, at most `MAX_X_LABELS`.
    let longest = c
        .labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1);
    let room = f.right - f.left;
    let fit = ((room / (count(longest) * CHAR_WIDTH * 0.8 + 10.0)).floor() as usize).max(1);
    let every = points.div_ceil(fit.min(MAX_X_LABELS)).max(1);
    for (i, label) in c.labels.iter().enumerate().step_by(every) {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}">{}</text>"#,
            coord(f.x(i)),
            coord(f.bottom + 16.0),
            escape(label),
        );
    }
    out.push_str("</g></g>");
}

/// One bar per value, from the zero line up (or down, for a negative value).
fn bars(out: &mut String, c: &Chart, f: &Frame, values: &[Option<f64>]) {
    let zero = f.y(0.0);
    let bar = f.slot * 0.6;
    let _ = write!(out, r#"<g class="bv-bar" fill="{DATA_COLOUR}">"#);
    for (i, v) in values.iter().enumerate() {
        let Some(v) = *v else { continue };
        let _ = write!(
            out,
            r#"<rect class="bv-bar" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>"#,
            coord(f.x(i) - bar / 2.0),
            coord(f.y(v).min(zero)),
            coord(bar),
            coord((f.y(v) - zero).abs()),
            tooltip(c, i, v),
        );
    }
    out.push_str("</g>");
}

/// A polyline per run of months with data (a lone month is only a marker), and a marker per
/// value.
fn line(out: &mut String, c: &Chart, f: &Frame, values: &[Option<f64>]) {
    let indexed: Vec<(usize, Option<f64>)> = values.iter().copied().enumerate().collect();
    for run in indexed.split(|(_, v)| v.is_none()) {
        if run.len() < 2 {
            continue;
        }
        let points: Vec<String> = run
            .iter()
            .filter_map(|&(i, v)| v.map(|v| format!("{},{}", coord(f.x(i)), coord(f.y(v)))))
            .collect();
        let _ = write!(
            out,
            r#"<polyline class="bv-line" fill="none" stroke="{DATA_COLOUR}" stroke-width="2" stroke-linejoin="round" points="{}"/>"#,
            points.join(" "),
        );
    }
    let _ = write!(out, r#"<g class="bv-point" fill="{DATA_COLOUR}">"#);
    for &(i, v) in &indexed {
        let Some(v) = v else { continue };
        let _ = write!(
            out,
            r#"<circle class="bv-point" cx="{}" cy="{}" r="3.5"><title>{}</title></circle>"#,
            coord(f.x(i)),
            coord(f.y(v)),
            tooltip(c, i, v),
        );
    }
    out.push_str("</g>");
}

/// « — » on the zero line where a month has no data, so that an empty month does not read as
/// a zero (a zero bar is flat, too).
fn missing(out: &mut String, f: &Frame, values: &[Option<f64>]) {
    if values.iter().all(Option::is_some) {
        return;
    }
    out.push_str(r#"<g class="bv-missing" fill="currentColor" text-anchor="middle">"#);
    for (i, _) in values.iter().enumerate().filter(|(_, v)| v.is_none()) {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}">—</text>"#,
            coord(f.x(i)),
            coord(f.y(0.0) - 4.0),
        );
    }
    out.push_str("</g>");
}

/// The dashed target line, and its legend in the top margin, where no bar can hide it.
fn target_line(out: &mut String, c: &Chart, f: &Frame, target: f64) {
    let label = if c.target_label.is_empty() {
        with_unit(&number_fr(target, VALUE_DECIMALS), c.unit)
    } else {
        c.target_label.to_owned()
    };
    let dash = r#"stroke-width="2" stroke-dasharray="6 4""#;
    let _ = write!(
        out,
        r#"<line class="bv-target" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{TARGET_COLOUR}" {dash}/>"#,
        coord(f.left),
        coord(f.right),
        y = coord(f.y(target)),
    );
    let _ = write!(
        out,
        r#"<line class="bv-target" x1="{}" y1="12" x2="{}" y2="12" stroke="{TARGET_COLOUR}" {dash}/><text class="bv-target-label" x="{}" y="16" fill="{TARGET_COLOUR}">{}</text>"#,
        coord(f.left),
        coord(f.left + 28.0),
        coord(f.left + 34.0),
        escape(&label),
    );
}

/// A bar's or a point's tooltip: « janv. : 12,5 h ».
fn tooltip(c: &Chart, i: usize, v: f64) -> String {
    let value = with_unit(&number_fr(v, VALUE_DECIMALS), c.unit);
    match c.labels.get(i).filter(|l| !l.is_empty()) {
        Some(label) => escape(&format!("{label} : {value}")),
        None => escape(&value),
    }
}

/// `v` in French: decimal comma, a narrow no-break space (U+202F) between thousands, at most
/// `decimals` decimals with trailing zeros dropped (« 1 234,5 », « 3 », « -0,25 »), never « -0 »;
/// NaN and infinities are « — ». With one decimal, the same as `spaces::heatmap`'s figures (which
/// do not group thousands).
#[must_use]
pub fn number_fr(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "—".to_owned();
    }
    // Half away from zero, like `f64::round` (the formatter alone rounds half to even).
    let decimals = decimals.min(15);
    let factor = 10f64.powi(i32::try_from(decimals).unwrap_or(15));
    let scaled = (v * factor).round() / factor;
    let rounded = if scaled.is_finite() { scaled } else { v };
    let text = format!("{:.*}", decimals, rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let frac = frac.trim_end_matches('0');

    let mut out = String::with_capacity(text.len() + 8);
    if rounded < 0.0 && (int.bytes().any(|b| b != b'0') || !frac.is_empty()) {
        out.push('-');
    }
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(digit);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// Escapes text for XML content and attribute values, and drops the characters XML 1.0 cannot
/// carry (most control characters), so the document always parses.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t'
            | '\n'
            | '\r'
            | '\u{20}'..='\u{d7ff}'
            | '\u{e000}'..='\u{fffd}'
            | '\u{10000}'.. => {
                out.push(c);
            }
            _ => {}
        }
    }
    out
}

/// The y axis: from `lo` to `hi` by `step`, all multiples of the step.
#[derive(Debug, Clone, Copy)]
struct Scale {
    lo: f64,
    hi: f64,
    step: f64,
    /// Enough decimals to write any tick.
    decimals: usize,
}

impl Scale {
    /// The smallest round axis, from zero or below, that holds every value (finite, within
    /// ±`LIMIT`) in at most 4 steps; with `whole`, steps of at least 1 and whole.
    fn new(values: impl Iterator<Item = f64>, whole: bool) -> Self {
        const MANTISSAS: [f64; 4] = [1.0, 2.0, 2.5, 5.0];
        let (min, max) = values.fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let max = if max - min < MIN_SPAN { min + 1.0 } else { max };
        let raw = (max - min) / 4.0;
        // `raw` is within [MIN_SPAN / 4, LIMIT / 2], so the exponent is small.
        let mut exponent = raw.log10().floor() as i32;
        let mut mantissa = 0;
        // Each candidate is at most twice the last, so a handful of rounds reach 4 steps.
        for _ in 0..16 {
            let step = MANTISSAS[mantissa] * 10f64.powi(exponent);
            if whole && (step < 1.0 || step.fract() != 0.0) {
                mantissa += 1;
                if mantissa == MANTISSAS.len() {
                    mantissa = 0;
                    exponent += 1;
                }
                continue;
            }
            let lo = (min / step + 1e-9).floor() * step;
            let hi = (max / step - 1e-9).ceil() * step;
            if step >= raw * (1.0 - 1e-9) && (hi - lo) / step <= 4.0 + 1e-9 && hi > lo {
                let decimals = usize::try_from(-exponent).unwrap_or(0)
                    + usize::from(mantissa == 2 && exponent <= 0);
                return Self {
                    lo,
                    hi,
                    step,
                    decimals,
                };
            }
            mantissa += 1;
            if mantissa == MANTISSAS.len() {
                mantissa = 0;
                exponent += 1;
            }
        }
        // Not reached for values within ±LIMIT; a plain axis all the same.
        Self {
            lo: min,
            hi: max,
            step: max - min,
            decimals: 2,
        }
    }

    /// The ticks, bottom to top.
    fn ticks(self) -> impl Iterator<Item = f64> {
        let steps = ((self.hi - self.lo) / self.step).round().clamp(1.0, 4.0) as u32;
        (0..=steps).map(move |k| self.lo + f64::from(k) * self.step)
    }
}

/// A value the chart can draw: finite, within ±`LIMIT`.
fn drawable(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite()).map(|v| v.clamp(-LIMIT, LIMIT))
}

/// « 40 h », « 12 % », « 3 » (French puts a narrow no-break space before a unit).
fn with_unit(number: &str, unit: &str) -> String {
    if unit.is_empty() {
        number.to_owned()
    } else {
        format!("{number}\u{202f}{unit}")
    }
}

/// A coordinate with at most one decimal; never NaN or infinite in the output.
fn coord(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_owned();
    }
    let tenths = (v * 10.0).round() / 10.0;
    // `+ 0.0` turns -0 into 0.
    format!("{}", tenths + 0.0)
}

fn count(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const MONTHS: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];

    fn months() -> Vec<String> {
        MONTHS.iter().map(|m| (*m).to_owned()).collect()
    }

    fn chart<'a>(kind: Kind, labels: &'a [String], values: &'a [Option<f64>]) -> Chart<'a> {
        Chart {
            id: "heures-benevoles",
            title: "Heures de bénévolat",
            description: "De 10 h en janvier à 40 h en décembre.",
            labels,
            values,
            target: None,
            target_label: "",
            unit: "h",
            kind,
            width: 640,
            height: 240,
        }
    }

    /// Parses the SVG (panicking if it is not well-formed) and runs `check` on it.
    fn parsed(svg: &str, check: impl FnOnce(&roxmltree::Document)) {
        assert!(!svg.contains("NaN"), "{svg}");
        assert!(!svg.contains("inf"), "{svg}");
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        check(&doc);
    }

    fn with_class<'a, 'i>(
        doc: &'a roxmltree::Document<'i>,
        tag: &'a str,
        class: &'a str,
    ) -> Vec<roxmltree::Node<'a, 'i>> {
        doc.descendants()
            .filter(|n| n.has_tag_name(tag) && n.attribute("class") == Some(class))
            .collect()
    }

    fn number(node: roxmltree::Node, attribute: &str) -> f64 {
        node.attribute(attribute)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{attribute} of {node:?}"))
    }

    fn texts(doc: &roxmltree::Document) -> Vec<String> {
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text().map(str::to_owned))
            .collect()
    }

    /// The months marked « — ».
    fn missing(doc: &roxmltree::Document) -> usize {
        with_class(doc, "g", "bv-missing")
            .iter()
            .flat_map(|g| g.children())
            .filter(|t| t.text() == Some("—"))
            .count()
    }

    #[test]
    fn title_and_description_are_the_first_children_and_name_the_image() {
        let labels = months();
        let values: Vec<Option<f64>> = (1..=12).map(|m| Some(f64::from(m) * 3.0)).collect();
        parsed(&svg(&chart(Kind::Bars, &labels, &values)), |doc| {
            let root = doc.root_element();
            assert_eq!(
                root.tag_name().namespace(),
                Some("http://www.w3.org/2000/svg")
            );
            assert_eq!(root.attribute("role"), Some("img"));
            assert_eq!(root.attribute("viewBox"), Some("0 0 640 240"));
            assert_eq!(
                root.attribute("aria-labelledby"),
                Some("heures-benevoles-titre heures-benevoles-desc")
            );
            let mut children = root.children().filter(roxmltree::Node::is_element);
            let title = children.next().expect("title");
            assert!(title.has_tag_name("title"));
            assert_eq!(title.attribute("id"), Some("heures-benevoles-titre"));
            assert_eq!(title.text(), Some("Heures de bénévolat"));
            let desc = children.next().expect("desc");
            assert!(desc.has_tag_name("desc"));
            assert_eq!(desc.attribute("id"), Some("heures-benevoles-desc"));
            assert_eq!(desc.text(), Some("De 10 h en janvier à 40 h en décembre."));
        });
    }

    #[test]
    fn each_month_with_data_gets_one_bar_and_a_month_without_gets_none() {
        let labels = months();
        let mut values: Vec<Option<f64>> = (1..=12).map(|m| Some(f64::from(m))).collect();
        values[3] = None;
        values[7] = None;
        values[0] = Some(0.0);
        parsed(&svg(&chart(Kind::Bars, &labels, &values)), |doc| {
            let bars = with_class(doc, "rect", "bv-bar");
            assert_eq!(bars.len(), 10);
            let tips: Vec<_> = bars
                .iter()
                .filter_map(|b| b.first_element_child()?.text())
                .collect();
            assert!(tips.contains(&"janv. : 0\u{202f}h"));
            assert!(tips.contains(&"déc. : 12\u{202f}h"));
            assert!(
                !tips
                    .iter()
                    .any(|t| t.starts_with("avr.") || t.starts_with("août"))
            );
            // Taller for a bigger value, all standing on the zero line.
            let zero = number(with_class(doc, "line", "bv-axis")[0], "y1");
            let bottom = |b: &roxmltree::Node| number(*b, "y") + number(*b, "height");
            assert!(bars.iter().all(|b| (bottom(b) - zero).abs() < 0.2));
            assert!(number(bars[9], "height") > number(bars[1], "height"));
            assert_eq!(number(bars[0], "height"), 0.0);
            assert_eq!(missing(doc), 2, "a zero is not marked missing");
        });
    }

    #[test]
    fn the_line_breaks_where_a_month_has_no_data() {
        let labels = months();
        let values = [
            Some(4.0),
            Some(5.0),
            None,
            Some(6.0),
            Some(7.0),
            Some(8.0),
            None,
            Some(9.0),
            None,
            Some(2.0),
            Some(3.0),
            None,
        ];
        parsed(&svg(&chart(Kind::Line, &labels, &values)), |doc| {
            let lines = with_class(doc, "polyline", "bv-line");
            let points: Vec<usize> = lines
                .iter()
                .map(|l| l.attribute("points").unwrap_or("").split(' ').count())
                .collect();
            // « août » stands alone: a marker, no line.
            assert_eq!(points, [2, 3, 2]);
            assert_eq!(with_class(doc, "circle", "bv-point").len(), 8);
            // The breaks show the missing months; no dash that would read as a zero.
            assert_eq!(missing(doc), 0);
            assert!(with_class(doc, "rect", "bv-bar").is_empty());
        });
    }

    #[test]
    fn the_target_is_a_dashed_line_named_by_its_legend() {
        let labels = months();
        let values = vec![Some(10.0); 12];
        let mut c = chart(Kind::Bars, &labels, &values);
        c.target = Some(40.0);
        c.target_label = "Objectif : 40 h par mois";
        parsed(&svg(&c), |doc| {
            let lines = with_class(doc, "line", "bv-target");
            assert_eq!(lines.len(), 2, "the line and its legend's sample");
            for line in &lines {
                assert_eq!(line.attribute("stroke-dasharray"), Some("6 4"));
                assert_eq!(number(*line, "y1"), number(*line, "y2"));
            }
            let label = with_class(doc, "text", "bv-target-label");
            assert_eq!(label[0].text(), Some("Objectif : 40 h par mois"));
            // The target (40) is above the bars (10): the axis reaches it.
            let bar_top = number(with_class(doc, "rect", "bv-bar")[0], "y");
            assert!(number(lines[0], "y1") < bar_top);
            assert!(texts(doc).contains(&"40\u{202f}h".to_owned()));
        });
    }

    #[test]
    fn a_target_without_label_is_named_by_its_value() {
        let labels = months();
        let values = vec![Some(1.0); 12];
        let mut c = chart(Kind::Line, &labels, &values);
        c.target = Some(2.5);
        parsed(&svg(&c), |doc| {
            let label = with_class(doc, "text", "bv-target-label");
            assert_eq!(label[0].text(), Some("2,5\u{202f}h"));
        });
    }

    #[test]
    fn markup_in_every_text_is_escaped() {
        let labels = vec!["<m>&\"'".to_owned()];
        let values = [Some(1.0)];
        let mut c = chart(Kind::Bars, &labels, &values);
        c.title = "Salle <b>\"A\" & 'B'</b>";
        c.description = "1 < 2 & 3 > 2 \u{1}";
        c.unit = "<&>";
        c.target = Some(1.0);
        c.target_label = "</text><script>";
        c.id = "a\"b c";
        let svg = svg(&c);
        assert!(!svg.contains("<script>"));
        parsed(&svg, |doc| {
            let title = doc.descendants().find(|n| n.has_tag_name("title"));
            assert_eq!(
                title.and_then(|t| t.text()),
                Some("Salle <b>\"A\" & 'B'</b>")
            );
            assert_eq!(title.and_then(|t| t.attribute("id")), Some("a\"b-c-titre"));
            let desc = doc.descendants().find(|n| n.has_tag_name("desc"));
            assert_eq!(desc.and_then(|d| d.text()), Some("1 < 2 & 3 > 2 "));
            let texts = texts(doc);
            assert!(texts.contains(&"<m>&\"'".to_owned()), "{texts:?}");
            assert!(texts.contains(&"</text><script>".to_owned()), "{texts:?}");
            assert!(texts.contains(&"1\u{202f}<&>".to_owned()), "{texts:?}");
        });
    }

    #[test]
    fn empty_all_missing_and_all_zero_data_draw_an_axis_from_zero_to_one() {
        let labels = months();
        let empty: [Option<f64>; 0] = [];
        let missing = [None; 12];
        let zeros = [Some(0.0); 12];
        let odd = [Some(f64::NAN), Some(f64::INFINITY), Some(f64::NEG_INFINITY)];
        for kind in [Kind::Bars, Kind::Line] {
            for values in [&empty[..], &missing[..], &zeros[..], &odd[..]] {
                for labels in [&labels[..], &[]] {
                    let mut c = chart(kind, labels, values);
                    c.target = Some(f64::NAN);
                    parsed(&svg(&c), |doc| {
                        let texts = texts(doc);
                        assert!(texts.contains(&"0\u{202f}h".to_owned()), "{texts:?}");
                        assert!(texts.contains(&"1\u{202f}h".to_owned()), "{texts:?}");
                        assert!(with_class(doc, "line", "bv-target").is_empty());
                        let drawn = values.iter().flatten().filter(|v| v.is_finite()).count();
                        let marks = with_class(doc, "rect", "bv-bar").len()
                            + with_class(doc, "circle", "bv-point").len();
                        assert_eq!(marks, drawn);
                    });
                }
            }
        }
        // A zero-sized chart still has room to draw.
        let mut c = chart(Kind::Bars, &labels, &zeros);
        c.width = 0;
        c.height = 0;
        parsed(&svg(&c), |doc| {
            assert_eq!(doc.root_element().attribute("viewBox"), Some("0 0 160 100"));
            assert_eq!(with_class(doc, "rect", "bv-bar").len(), 12);
        });
    }

    #[test]
    fn negative_values_hang_below_the_zero_line_and_extend_the_axis() {
        let labels = months();
        let values = [Some(-3.0), Some(7.0), None];
        parsed(&svg(&chart(Kind::Bars, &labels, &values)), |doc| {
            let zero = number(with_class(doc, "line", "bv-axis")[0], "y1");
            let bars = with_class(doc, "rect", "bv-bar");
            assert_eq!(bars.len(), 2);
            assert!((number(bars[0], "y") - zero).abs() < 0.2, "hangs from zero");
            assert!((number(bars[1], "y") + number(bars[1], "height") - zero).abs() < 0.2);
            let texts = texts(doc);
            for tick in ["-5\u{202f}h", "0\u{202f}h", "5\u{202f}h", "10\u{202f}h"] {
                assert!(texts.contains(&tick.to_owned()), "{tick} in {texts:?}");
            }
        });
    }

    #[test]
    fn the_axis_ends_on_a_round_number_with_french_labels() {
        let cases: [(&[Option<f64>], &[&str]); 6] = [
            (
                &[Some(1234.0)],
                &["0", "500", "1\u{202f}000", "1\u{202f}500"],
            ),
            (&[Some(8.5)], &["0", "2,5", "5", "7,5", "10"]),
            // Counts keep whole steps.
            (&[Some(9.0)], &["0", "5", "10"]),
            (&[Some(1.0)], &["0", "1"]),
            (&[Some(0.3)], &["0", "0,1", "0,2", "0,3"]),
            (&[Some(61.0)], &["0", "20", "40", "60", "80"]),
        ];
        let labels = months();
        for (values, expected) in cases {
            let mut c = chart(Kind::Line, &labels, values);
            c.unit = "";
            parsed(&svg(&c), |doc| {
                let grid = doc
                    .descendants()
                    .find(|n| n.attribute("class") == Some("bv-grid"))
                    .map_or(0, |g| g.children().count());
                assert_eq!(grid, expected.len(), "{values:?}");
                let ticks = doc
                    .descendants()
                    .filter(|n| n.attribute("text-anchor") == Some("end"))
                    .flat_map(|g| g.children().filter_map(|t| t.text()))
                    .collect::<Vec<_>>();
                assert_eq!(ticks, expected, "{values:?}");
            });
        }
    }

    #[test]
    fn more_than_twelve_labels_are_thinned_to_every_other() {
        let labels: Vec<String> = (1..=24).map(|i| format!("m{i}")).collect();
        let values: Vec<Option<f64>> = (1..=24).map(|i| Some(f64::from(i))).collect();
        parsed(&svg(&chart(Kind::Bars, &labels, &values)), |doc| {
            let shown: Vec<String> = texts(doc)
                .into_iter()
                .filter(|t| t.starts_with('m'))
                .collect();
            assert_eq!(shown.len(), 12);
            assert_eq!(shown[..3], ["m1", "m3", "m5"]);
            assert_eq!(with_class(doc, "rect", "bv-bar").len(), 24);
        });
        let labels = months();
        let values = vec![Some(1.0); 12];
        parsed(&svg(&chart(Kind::Bars, &labels, &values)), |doc| {
            let texts = texts(doc);
            assert!(MONTHS.iter().all(|m| texts.contains(&(*m).to_owned())));
        });
    }

    #[test]
    fn huge_and_tiny_values_stay_finite() {
        let labels = months();
        for values in [
            [Some(f64::MAX), Some(f64::MIN), Some(1.0)],
            [Some(1e-300), Some(-1e-300), None],
            [Some(1e15), None, Some(0.5)],
        ] {
            for kind in [Kind::Bars, Kind::Line] {
                let mut c = chart(kind, &labels, &values);
                c.target = Some(f64::MAX);
                parsed(&svg(&c), |doc| {
                    assert!(doc.root_element().has_tag_name("svg"));
                });
            }
        }
    }

    #[test]
    fn default_colours_contrast_with_white() {
        fn luminance(colour: &str) -> f64 {
            let channel = |i: usize| {
                let c = f64::from(u8::from_str_radix(&colour[1 + 2 * i..3 + 2 * i], 16).unwrap())
                    / 255.0;
                if c <= 0.040_45 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
        }
        for colour in [DATA_COLOUR, TARGET_COLOUR, AXIS_COLOUR] {
            let ratio = 1.05 / (luminance(colour) + 0.05);
            assert!(ratio >= 4.5, "{colour}: {ratio}");
        }
    }

    #[test]
    fn number_fr_groups_thousands_and_uses_a_decimal_comma() {
        assert_eq!(number_fr(1234.5, 1), "1\u{202f}234,5");
        assert_eq!(number_fr(1234.5, 0), "1\u{202f}235");
        assert_eq!(number_fr(-1_234_567.891, 2), "-1\u{202f}234\u{202f}567,89");
        assert_eq!(number_fr(999.0, 1), "999");
        assert_eq!(number_fr(1000.0, 0), "1\u{202f}000");
        assert_eq!(number_fr(-3.0, 1), "-3");
        assert_eq!(number_fr(0.25, 1), "0,3", "half away from zero");
        assert_eq!(number_fr(2.5, 0), "3");
        assert_eq!(number_fr(12.50, 2), "12,5", "trailing zeros dropped");
        assert_eq!(number_fr(0.000_25, 15), "0,00025");
        assert_eq!(
            number_fr(1e20, 1),
            "100\u{202f}000\u{202f}000\u{202f}000\u{202f}000\u{202f}000\u{202f}000"
        );
    }

    #[test]
    fn number_fr_never_writes_minus_zero_nor_nan() {
        assert_eq!(number_fr(-0.0, 0), "0");
        assert_eq!(number_fr(-0.04, 1), "0");
        assert_eq!(number_fr(-0.4, 0), "0");
        assert_eq!(number_fr(-0.05, 1), "-0,1");
        assert_eq!(number_fr(f64::NAN, 1), "—");
        assert_eq!(number_fr(f64::INFINITY, 1), "—");
        assert_eq!(
            number_fr(f64::MAX, 3)
                .chars()
                .filter(char::is_ascii_digit)
                .count(),
            309
        );
    }
}
