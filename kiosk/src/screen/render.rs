//! Drawing a [`View`]: pure functions over `embedded-graphics` targets, shared by the drivers and
//! the golden tests.
//!
//! - [`render_mono`]: monochrome 128×64 (SSD1306);
//! - [`render_color`]: colour, laid out for 240×240 and 320×240 (ST7789); other sizes work too.
//!
//! Each view is a vertical stack of blocks (a mark, a title, lines…). Every block has a list of
//! type faces, largest first, some of them bitmap fonts scaled ×2 to ×4 (the users are often
//! elderly and the screens are small). The layout tries every combination and keeps the one that
//! fits with the largest type for the blocks that matter most; words wrap at spaces, then after a
//! hyphen, and only the smallest face may cut a word or end with an ellipsis. Nothing is ever drawn
//! outside the screen.
//!
//! Text is Latin-9 (`mono_font::iso_8859_15`: é è à ç ô ê œ…); [`normalize`] maps typographic
//! characters (’ — … narrow no-break space) and a few foreign letters (ł ő ș…) into it. The ✔ ✖
//! and other marks are drawn as shapes: no colour is ever the only signal.

use super::View;

mod paint;
mod text;

use embedded_graphics::{
    mono_font::{MonoFont, MonoTextStyle, iso_8859_15 as fonts},
    pixelcolor::{BinaryColor, Rgb565, Rgb888},
    prelude::*,
    primitives::{Circle, Line, Polyline, PrimitiveStyle, Rectangle, Triangle},
    text::{Baseline, Text},
};
pub use paint::Framebuffer;
use paint::paint;
use text::{TextLine, char_count, glue, wrap_checked};
pub use text::{normalize, wrap};

// ---------------------------------------------------------------------------------------------
// Entry points

/// Draws `view` on a monochrome target (laid out for 128×64).
pub fn render_mono<D>(target: &mut D, view: &View) -> Result<(), D::Error>
where
    D: DrawTarget<Color = BinaryColor>,
{
    let size = target.bounding_box().size;
    let layout = lay_out(&mono_spec(view), size);
    paint(target, &layout)
}

/// Draws `view` on a colour target (laid out for 240×240 and 320×240).
pub fn render_color<D>(target: &mut D, view: &View) -> Result<(), D::Error>
where
    D: DrawTarget<Color = Rgb565>,
{
    let size = target.bounding_box().size;
    let layout = lay_out(&color_spec(view), size);
    paint(target, &layout)
}

// ---------------------------------------------------------------------------------------------
// Faces

/// A bitmap font at an integer scale.
#[derive(Clone, Copy)]
pub(crate) struct Face {
    font: &'static MonoFont<'static>,
    scale: u32,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.font.character_size;
        write!(f, "{}x{}×{}", s.width, s.height, self.scale)
    }
}

const fn face(font: &'static MonoFont<'static>, scale: u32) -> Face {
    Face { font, scale }
}

impl Face {
    fn char_width(self) -> u32 {
        (self.font.character_size.width + self.font.character_spacing) * self.scale
    }
    fn line_height(self) -> u32 {
        self.font.character_size.height * self.scale
    }
    /// Height of a capital letter's box above the baseline, roughly.
    fn ascent(self) -> u32 {
        self.font.baseline * self.scale
    }
    fn text_width(self, chars: usize) -> u32 {
        self.char_width() * chars as u32
    }
}

const F10X20: &MonoFont<'static> = &fonts::FONT_10X20;
const F9X18B: &MonoFont<'static> = &fonts::FONT_9X18_BOLD;
const F9X15B: &MonoFont<'static> = &fonts::FONT_9X15_BOLD;
const F8X13B: &MonoFont<'static> = &fonts::FONT_8X13_BOLD;
const F7X13B: &MonoFont<'static> = &fonts::FONT_7X13_BOLD;
const F6X13B: &MonoFont<'static> = &fonts::FONT_6X13_BOLD;
const F6X10: &MonoFont<'static> = &fonts::FONT_6X10;
const F5X8: &MonoFont<'static> = &fonts::FONT_5X8;

// Colour (240 or 320 wide).
const C_TITLE: &[Face] = &[
    face(F10X20, 3),
    face(F10X20, 2),
    face(F8X13B, 2),
    face(F10X20, 1),
    face(F9X18B, 1),
    face(F8X13B, 1),
];
const C_BODY: &[Face] = &[
    face(F10X20, 2),
    face(F8X13B, 2),
    face(F10X20, 1),
    face(F9X18B, 1),
    face(F9X15B, 1),
    face(F8X13B, 1),
];
const C_CLOCK: &[Face] = &[
    face(F10X20, 4),
    face(F10X20, 3),
    face(F10X20, 2),
    face(F10X20, 1),
];
const C_LABEL: &[Face] = &[
    face(F10X20, 2),
    face(F8X13B, 2),
    face(F10X20, 1),
    face(F9X18B, 1),
    face(F8X13B, 1),
];
const C_SMALL: &[Face] = &[
    face(F8X13B, 2),
    face(F10X20, 1),
    face(F9X18B, 1),
    face(F8X13B, 1),
];
const C_ICON: &[u32] = &[80, 64, 52, 40, 32];

// Monochrome (128×64).
const M_TITLE: &[Face] = &[
    face(F10X20, 1),
    face(F9X18B, 1),
    face(F9X15B, 1),
    face(F8X13B, 1),
    face(F7X13B, 1),
    face(F6X13B, 1),
    face(F6X10, 1),
];
const M_BODY: &[Face] = &[
    face(F8X13B, 1),
    face(F7X13B, 1),
    face(F6X13B, 1),
    face(F6X10, 1),
    face(F5X8, 1),
];
const M_CLOCK: &[Face] = &[
    face(F8X13B, 2),
    face(F10X20, 1),
    face(F9X15B, 1),
    face(F8X13B, 1),
];
const M_SMALL: &[Face] = &[
    face(F7X13B, 1),
    face(F6X13B, 1),
    face(F6X10, 1),
    face(F5X8, 1),
];

// ---------------------------------------------------------------------------------------------
// Specification: what a view shows, before sizes are chosen

/// Marks, drawn as shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Icon {
    /// ✔ in a disc.
    Check,
    /// ✖ in a disc.
    Cross,
    /// An hourglass in a disc: kept, waiting to be sent.
    Hourglass,
    /// `?` in a disc.
    Question,
    /// `!` in a triangle.
    Warning,
    /// A full disc: connected.
    Online,
    /// A ring crossed out: not connected.
    Offline,
}

#[derive(Debug, Clone)]
enum Content<C> {
    Text {
        /// Each paragraph starts on a new line.
        paragraphs: Vec<String>,
        faces: &'static [Face],
        /// Per paragraph.
        max_lines: usize,
        color: C,
        /// A mark at the left of the text, as tall as its capitals (or the block).
        icon: Option<(Icon, C, C)>,
    },
    Icon {
        icon: Icon,
        sizes: &'static [u32],
        disc: C,
        mark: C,
    },
}

#[derive(Debug, Clone)]
struct Block<C> {
    content: Content<C>,
    /// How much the block's size matters: the cost of each step down its list of faces.
    weight: u32,
    /// The most lines the block shows, however much room is left.
    cap: usize,
    /// A block whose type this one's may not be larger than (the lines under a title).
    below: Option<usize>,
}

impl<C> Block<C> {
    fn capped(mut self, cap: usize) -> Self {
        self.cap = cap;
        self
    }
    fn below(mut self, block: usize) -> Self {
        self.below = Some(block);
        self
    }
}

#[derive(Debug, Clone)]
struct Spec<C> {
    background: C,
    /// A coloured frame around the screen, and its thickness.
    frame: Option<(C, u32)>,
    margin: u32,
    /// Minimum space between blocks.
    gap: u32,
    /// Space between lines of a block.
    line_gap: u32,
}

fn text<C>(
    paragraphs: Vec<String>,
    faces: &'static [Face],
    max_lines: usize,
    color: C,
    weight: u32,
) -> Block<C> {
    Block {
        content: Content::Text {
            paragraphs: paragraphs.iter().map(|p| glue(&normalize(p))).collect(),
            faces,
            max_lines,
            color,
            icon: None,
        },
        weight,
        cap: 12,
        below: None,
    }
}

fn with_icon<C>(mut block: Block<C>, icon: Icon, disc: C, mark: C) -> Block<C> {
    if let Content::Text { icon: i, .. } = &mut block.content {
        *i = Some((icon, disc, mark));
    }
    block
}

fn pending_text(pending: u64) -> String {
    // Thousands grouped with no-break spaces, so that the number never wraps.
    let digits = pending.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('\u{A0}');
        }
        grouped.push(c);
    }
    format!("{grouped} en attente")
}

fn no_break(s: &str) -> String {
    normalize(s).replace(' ', "\u{A0}")
}

const ERROR_HINT: &str = "Prévenez l'accueil";

fn rgb(r: u8, g: u8, b: u8) -> Rgb565 {
    Rgb565::from(Rgb888::new(r, g, b))
}

/// The colour layouts: white on dark green, dark red or dark blue, black on amber, and white on
/// black (idle, error); every pair is at least 7:1.
fn color_spec(view: &View) -> (Spec<Rgb565>, Vec<Block<Rgb565>>) {
    let white = rgb(255, 255, 255);
    let black = rgb(0, 0, 0);
    let amber = rgb(255, 184, 0);
    let green = rgb(0, 100, 0);
    let red = rgb(170, 0, 0);
    let blue = rgb(0, 58, 150);
    let bright_green = rgb(40, 220, 90);
    let spec = |background| Spec {
        background,
        frame: None,
        margin: 8,
        gap: 6,
        line_gap: 2,
    };
    match view {
        View::Idle {
            label,
            clock,
            online,
            pending,
        } => {
            let mut blocks = vec![
                text(vec![label.clone()], C_LABEL, 1, white, 1).capped(2),
                text(vec![no_break(clock)], C_CLOCK, 1, white, 4),
            ];
            let status = text(
                vec![if *online { "En ligne" } else { "Hors ligne" }.to_owned()],
                C_SMALL,
                1,
                white,
                2,
            );
            blocks.push(if *online {
                with_icon(status, Icon::Online, bright_green, black)
            } else {
                with_icon(status, Icon::Offline, amber, black)
            });
            if *pending > 0 {
                blocks.push(text(vec![pending_text(*pending)], C_SMALL, 1, amber, 2));
            }
            (spec(black), blocks)
        }
        View::Answer {
            accepted,
            title,
            lines,
        } => {
            let (bg, icon) = if *accepted {
                (green, Icon::Check)
            } else {
                (red, Icon::Cross)
            };
            let mut blocks = vec![
                icon_block(icon, white, bg),
                text(vec![title.clone()], C_TITLE, 3, white, 4),
            ];
            if !lines.is_empty() {
                blocks.push(text(lines.clone(), C_BODY, 2, white, 2).below(1));
            }
            (spec(bg), blocks)
        }
        View::RecordedOffline { pending } => {
            let mut blocks = vec![
                icon_block(Icon::Hourglass, white, blue),
                text(vec!["Enregistré".into()], C_TITLE, 2, white, 4),
                text(vec!["sera transmis".into()], C_BODY, 2, white, 2).below(1),
            ];
            if *pending > 1 {
                blocks.push(text(vec![pending_text(*pending)], C_SMALL, 1, white, 1));
            }
            (spec(blue), blocks)
        }
        View::Unreadable => (
            spec(amber),
            vec![
                icon_block(Icon::Question, black, amber),
                text(vec!["Badge illisible".into()], C_TITLE, 2, black, 4),
                text(vec!["Réessayez".into()], C_BODY, 2, black, 2).below(1),
            ],
        ),
        View::Error { message } => (
            Spec {
                frame: Some((amber, 6)),
                margin: 12,
                ..spec(black)
            },
            vec![
                icon_block(Icon::Warning, amber, black),
                text(vec![message.clone()], C_TITLE, 3, white, 4),
                text(vec![ERROR_HINT.into()], C_BODY, 2, amber, 2).below(1),
            ],
        ),
    }
}

fn icon_block<C>(icon: Icon, disc: C, mark: C) -> Block<C> {
    Block {
        content: Content::Icon {
            icon,
            sizes: C_ICON,
            disc,
            mark,
        },
        weight: 1,
        cap: 1,
        below: None,
    }
}

/// The monochrome layouts: the mark at the left of the title; a refusal is drawn inverted (dark
/// text on a lit screen).
fn mono_spec(view: &View) -> (Spec<BinaryColor>, Vec<Block<BinaryColor>>) {
    use BinaryColor::{Off, On};
    let spec = |background| Spec {
        background,
        frame: None,
        margin: 1,
        gap: 2,
        line_gap: 0,
    };
    let titled = |icon: Icon, title: &str, lines: Vec<String>, bg: BinaryColor| {
        let fg = bg.invert();
        let mut blocks = vec![with_icon(
            text(vec![title.to_owned()], M_TITLE, 2, fg, 4),
            icon,
            fg,
            bg,
        )];
        if !lines.is_empty() {
            blocks.push(text(lines, M_BODY, 2, fg, 2).below(0));
        }
        (spec(bg), blocks)
    };
    match view {
        View::Idle {
            label,
            clock,
            online,
            pending,
        } => {
            let status = text(
                vec![if *online { "En ligne" } else { "Hors ligne" }.to_owned()],
                M_SMALL,
                1,
                On,
                2,
            );
            let mut blocks = vec![
                text(vec![label.clone()], M_SMALL, 1, On, 1).capped(1),
                text(vec![no_break(clock)], M_CLOCK, 1, On, 4),
                with_icon(
                    status,
                    if *online { Icon::Online } else { Icon::Offline },
                    On,
                    Off,
                ),
            ];
            if *pending > 0 {
                blocks.push(text(vec![pending_text(*pending)], M_SMALL, 1, On, 2));
            }
            (spec(Off), blocks)
        }
        View::Answer {
            accepted,
            title,
            lines,
        } => {
            if *accepted {
                titled(Icon::Check, title, lines.clone(), Off)
            } else {
                titled(Icon::Cross, title, lines.clone(), On)
            }
        }
        View::RecordedOffline { pending } => {
            let mut lines = vec!["sera transmis".to_owned()];
            if *pending > 1 {
                lines.push(pending_text(*pending));
            }
            titled(Icon::Hourglass, "Enregistré", lines, Off)
        }
        View::Unreadable => titled(
            Icon::Question,
            "Badge illisible",
            vec!["Réessayez".into()],
            Off,
        ),
        View::Error { message } => titled(Icon::Warning, message, vec![ERROR_HINT.into()], Off),
    }
}

// ---------------------------------------------------------------------------------------------
// Layout

#[derive(Debug, Clone)]
enum Item<C> {
    Text {
        /// Top left of the first character.
        at: Point,
        face: Face,
        line: TextLine,
        color: C,
    },
    Icon {
        area: Rectangle,
        icon: Icon,
        disc: C,
        mark: C,
    },
}

#[derive(Debug, Clone)]
struct Layout<C> {
    size: Size,
    background: C,
    frame: Option<(C, u32)>,
    items: Vec<Item<C>>,
}

/// One way to draw a block.
#[derive(Debug, Clone)]
struct Choice<C> {
    /// With every line.
    height: u32,
    /// Fits without cutting a word, and every paragraph within its `max_lines`.
    clean: bool,
    kind: Drawn<C>,
}

#[derive(Debug, Clone)]
enum Drawn<C> {
    Text {
        face: Face,
        lines: Vec<TextLine>,
        /// Characters per line.
        max_chars: usize,
        icon: Option<(Icon, C, C, u32)>,
        color: C,
    },
    Icon {
        icon: Icon,
        size: u32,
        disc: C,
        mark: C,
    },
}

const ICON_GAP_RATIO: u32 = 3; // the gap after an inline mark is a third of its size

fn inline_icon_size(face: Face, lines: usize, line_gap: u32) -> u32 {
    let ascent = face.ascent();
    if lines >= 2 {
        // Two lines or more: the mark is as tall as two lines' capitals.
        (face.line_height() + line_gap + ascent).min(2 * ascent)
    } else {
        ascent
    }
}

fn lines_height(face: Face, lines: usize, line_gap: u32) -> u32 {
    let n = lines as u32;
    if n == 0 {
        0
    } else {
        n * face.line_height() + (n - 1) * line_gap
    }
}

fn text_option<C: Copy>(
    paragraphs: &[String],
    face: Face,
    max_lines: usize,
    color: C,
    icon: Option<(Icon, C, C)>,
    width: u32,
    line_gap: u32,
) -> Choice<C> {
    // The mark's size depends on the number of lines; try one line first.
    let attempt = |icon_size: u32| {
        let icon_width = if icon.is_some() {
            icon_size + icon_size.div_ceil(ICON_GAP_RATIO)
        } else {
            0
        };
        let max_chars = (width.saturating_sub(icon_width) / face.char_width()) as usize;
        let mut lines = vec![];
        let mut clean = true;
        for p in paragraphs {
            let (wrapped, hard) = wrap_checked(p, max_chars);
            clean &= !hard && wrapped.len() <= max_lines;
            lines.extend(wrapped.into_iter().map(|text| TextLine {
                text,
                ellipsis: false,
            }));
        }
        (lines, clean, max_chars)
    };
    let one = inline_icon_size(face, 1, line_gap);
    let (mut lines, mut clean, mut max_chars) = attempt(one);
    let mut icon_size = one;
    if icon.is_some() && lines.len() >= 2 {
        let two = inline_icon_size(face, 2, line_gap);
        (lines, clean, max_chars) = attempt(two);
        icon_size = if lines.len() >= 2 { two } else { one };
    }
    Choice {
        height: lines_height(face, lines.len(), line_gap),
        clean,
        kind: Drawn::Text {
            face,
            lines,
            max_chars,
            icon: icon.map(|(i, d, m)| (i, d, m, icon_size)),
            color,
        },
    }
}

fn options<C: Copy>(block: &Block<C>, width: u32, line_gap: u32) -> Vec<Choice<C>> {
    match &block.content {
        Content::Text {
            paragraphs,
            faces,
            max_lines,
            color,
            icon,
        } => faces
            .iter()
            .map(|f| text_option(paragraphs, *f, *max_lines, *color, *icon, width, line_gap))
            .collect(),
        Content::Icon {
            icon,
            sizes,
            disc,
            mark,
        } => sizes
            .iter()
            .map(|s| Choice {
                height: *s,
                clean: *s <= width,
                kind: Drawn::Icon {
                    icon: *icon,
                    size: (*s).min(width),
                    disc: *disc,
                    mark: *mark,
                },
            })
            .collect(),
    }
}

/// Keeps the first `keep` lines; the last one kept ends with an ellipsis, cut to leave it room.
fn ellipsize(lines: &mut Vec<TextLine>, keep: usize, max_chars: usize) {
    if keep >= lines.len() {
        return;
    }
    let next = lines.get(keep).map(|l| l.text.clone()).unwrap_or_default();
    lines.truncate(keep);
    if let Some(last) = lines.last_mut() {
        let joined = format!("{} {next}", last.text);
        let cut: String = joined.chars().take(max_chars.saturating_sub(1)).collect();
        last.text = cut.trim_end().to_owned();
        last.ellipsis = true;
    }
}

/// What `choose` needs of a block besides its options.
#[derive(Debug, Clone, Copy)]
struct Rule {
    weight: u32,
    cap: usize,
    below: Option<usize>,
}

/// The cost of each line left out.
const HIDDEN_LINE_COST: u64 = 100;

/// Picks one option per block. A block may use its last (smallest) option even if unclean: it
/// then shows as many lines as the room left allows. Among the combinations that fit, the lowest
/// cost (Σ weight × rank, plus each line left out), then the tallest. If nothing fits, the
/// smallest options, then blocks are cut from the end.
fn choose<C: Clone>(
    all: &[Vec<Choice<C>>],
    rules: &[Rule],
    room: u32,
    gap: u32,
    line_gap: u32,
) -> Vec<Choice<C>> {
    let n = all.len();
    if all.iter().any(Vec::is_empty) {
        return vec![];
    }
    let mut best: Option<(u64, u32, Vec<usize>, Vec<usize>)> = None;
    let line_height = |b: usize, k: usize| match &all[b][k].kind {
        Drawn::Text { face, .. } => face.line_height(),
        Drawn::Icon { .. } => 0,
    };
    let mut pick = vec![0usize; n];
    let allowed = |pick: &[usize], b: usize| {
        let k = pick[b];
        (all[b][k].clean || k + 1 == all[b].len())
            && rules[b]
                .below
                .is_none_or(|a| a >= n || line_height(b, k) <= line_height(a, pick[a]))
    };
    'search: loop {
        if let Some((cost, used, shown)) = evaluate(all, rules, &pick, room, gap, line_gap)
            .filter(|_| (0..n).all(|b| allowed(&pick, b)))
        {
            let better = match &best {
                None => true,
                Some((c, u, _, _)) => cost < *c || (cost == *c && used > *u),
            };
            if better {
                best = Some((cost, used, pick.clone(), shown));
            }
        }
        // Next combination (odometer).
        let mut b = 0;
        loop {
            if b == n {
                break 'search;
            }
            pick[b] += 1;
            if pick[b] < all[b].len() {
                break;
            }
            pick[b] = 0;
            b += 1;
        }
    }
    if let Some((_, _, pick, shown)) = best {
        return (0..n)
            .map(|b| {
                let mut choice = all[b][pick[b]].clone();
                if let Drawn::Text {
                    face,
                    lines,
                    max_chars,
                    ..
                } = &mut choice.kind
                {
                    ellipsize(lines, shown[b], *max_chars);
                    choice.height = lines_height(*face, lines.len(), line_gap);
                }
                choice
            })
            .collect();
    }
    // Nothing fits: smallest of everything, then cut from the end.
    let mut chosen: Vec<Choice<C>> = all.iter().filter_map(|o| o.last().cloned()).collect();
    let total = |chosen: &[Choice<C>]| {
        let visible = chosen.iter().filter(|o| o.height > 0).count() as u32;
        chosen.iter().map(|o| o.height).sum::<u32>() + gap * visible.saturating_sub(1)
    };
    while total(&chosen) > room {
        let Some(o) = chosen.iter_mut().rev().find(|o| o.height > 0) else {
            break;
        };
        match &mut o.kind {
            Drawn::Text {
                face,
                lines,
                max_chars,
                ..
            } if lines.len() > 1 => {
                let keep = lines.len() - 1;
                ellipsize(lines, keep, *max_chars);
                o.height = lines_height(*face, lines.len(), line_gap);
            }
            _ => o.height = 0, // dropped
        }
    }
    chosen
}

/// Whether the options `pick` fit in `room`: the cost, the height used, and the lines each block
/// shows (unclean blocks share what the others leave, in order, at least one line each).
fn evaluate<C>(
    all: &[Vec<Choice<C>>],
    rules: &[Rule],
    pick: &[usize],
    room: u32,
    gap: u32,
    line_gap: u32,
) -> Option<(u64, u32, Vec<usize>)> {
    let chosen: Vec<&Choice<C>> = pick.iter().enumerate().map(|(b, k)| &all[b][*k]).collect();
    let visible = chosen.iter().filter(|c| c.height > 0).count() as u32;
    let mut used = gap * visible.saturating_sub(1);
    let mut elastic = vec![];
    let mut shown = vec![usize::MAX; chosen.len()];
    for (b, c) in chosen.iter().enumerate() {
        match &c.kind {
            Drawn::Text { face, lines, .. } if !c.clean && !lines.is_empty() => {
                elastic.push((b, *face, lines.len(), rules[b].cap.max(1)));
                used += face.line_height(); // at least one line
            }
            _ => used += c.height,
        }
    }
    if used > room {
        return None;
    }
    let mut hidden = 0u64;
    for (b, face, count, cap) in elastic {
        let spare = room - used;
        let more = ((spare / (face.line_height() + line_gap)) as usize)
            .min(count - 1)
            .min(cap - 1);
        used += lines_height(face, 1 + more, line_gap) - face.line_height();
        shown[b] = 1 + more;
        hidden += (count - 1 - more) as u64;
    }
    let rank: u64 = pick
        .iter()
        .zip(rules)
        .map(|(k, r)| u64::from(r.weight) * *k as u64)
        .sum();
    Some((rank + HIDDEN_LINE_COST * hidden, used, shown))
}

fn lay_out<C: PixelColor>(parts: &(Spec<C>, Vec<Block<C>>), size: Size) -> Layout<C> {
    let (spec, blocks) = parts;
    let width = size.width.saturating_sub(2 * spec.margin);
    let room = size.height.saturating_sub(2 * spec.margin);
    let all: Vec<Vec<Choice<C>>> = blocks
        .iter()
        .map(|b| options(b, width, spec.line_gap))
        .collect();
    let rules: Vec<Rule> = blocks
        .iter()
        .map(|b| Rule {
            weight: b.weight,
            cap: b.cap,
            below: b.below,
        })
        .collect();
    let chosen = choose(&all, &rules, room, spec.gap, spec.line_gap);

    // Spread the spare height evenly above, between and below the blocks.
    let visible: Vec<&Choice<C>> = chosen.iter().filter(|o| o.height > 0).collect();
    let used: u32 = visible.iter().map(|o| o.height).sum::<u32>()
        + spec.gap * (visible.len() as u32).saturating_sub(1);
    let spare = room.saturating_sub(used);
    let slots = visible.len() as u32 + 1;
    let step = spare / slots; // spare space above, between and below the blocks
    let mut y = (spec.margin + step + (spare - step * slots) / 2) as i32;

    let mut items = vec![];
    let left = spec.margin as i32;
    for o in visible {
        match &o.kind {
            Drawn::Icon {
                icon,
                size: s,
                disc,
                mark,
            } => {
                let x = left + (width as i32 - *s as i32) / 2;
                items.push(Item::Icon {
                    area: Rectangle::new(Point::new(x, y), Size::new_equal(*s)),
                    icon: *icon,
                    disc: *disc,
                    mark: *mark,
                });
            }
            Drawn::Text {
                face,
                lines,
                icon,
                color,
                ..
            } => {
                let line_width =
                    |l: &TextLine| face.text_width(char_count(&l.text) + usize::from(l.ellipsis));
                let widest = lines.iter().map(line_width).max().unwrap_or(0);
                let pitch = face.line_height() + spec.line_gap;
                match icon {
                    Some((icon, disc, mark, room_for_icon)) => {
                        // Mark and text as one group, centred; lines aligned left after the mark.
                        let gap = room_for_icon.div_ceil(ICON_GAP_RATIO);
                        let s = (*room_for_icon).min(o.height);
                        let group = room_for_icon + gap + widest;
                        let x = left + (width as i32 - group as i32).max(0) / 2;
                        let icon_y = if lines.len() >= 2 {
                            y + (o.height as i32 - s as i32) / 2
                        } else {
                            // Level with the capitals, a little below the accents' room.
                            let below = face.line_height() - face.ascent();
                            y + (face.ascent() + below / 3).saturating_sub(s) as i32
                        };
                        items.push(Item::Icon {
                            area: Rectangle::new(Point::new(x, icon_y), Size::new_equal(s)),
                            icon: *icon,
                            disc: *disc,
                            mark: *mark,
                        });
                        let text_x = x + (room_for_icon + gap) as i32;
                        for (i, l) in lines.iter().enumerate() {
                            items.push(Item::Text {
                                at: Point::new(text_x, y + (i as u32 * pitch) as i32),
                                face: *face,
                                line: l.clone(),
                                color: *color,
                            });
                        }
                    }
                    None => {
                        for (i, l) in lines.iter().enumerate() {
                            let x = left + (width as i32 - line_width(l) as i32).max(0) / 2;
                            items.push(Item::Text {
                                at: Point::new(x, y + (i as u32 * pitch) as i32),
                                face: *face,
                                line: l.clone(),
                                color: *color,
                            });
                        }
                    }
                }
            }
        }
        y += (o.height + spec.gap + step) as i32;
    }
    Layout {
        size,
        background: spec.background,
        frame: spec.frame,
        items,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use embedded_graphics::mono_font::mapping::ISO_8859_15;

    const LONG: &[&str] = &[
        "Bonjour Françoise-Hélène",
        "Cœur de l'épicerie solidaire",
        "Permanence commencée à 14 h 05",
        "Maison des associations — Café — permanences SEL du quartier Saint-Éloi",
        "Bonjour Marie-Thérèse-Éléonore de la Châtaigneraie-Beauséjour",
        "Anticonstitutionnellementévidemmentinterminablement",
        "Œuvre d’entraide : « Noël à l’épicerie » … très attendu !",
        "Łukasz Wróblewski, Ștefan Dumitrescu, Zoë Müller-Lüdenscheidt",
        "Vous avez déjà badgé il y a moins d'une minute, votre passage est bien compté",
    ];

    #[test]
    fn wrapped_lines_never_exceed_the_width() {
        for size in [Size::new(128, 64), Size::new(240, 240), Size::new(320, 240)] {
            for faces in [
                C_TITLE, C_BODY, C_CLOCK, C_LABEL, C_SMALL, M_TITLE, M_BODY, M_SMALL,
            ] {
                for f in faces {
                    let max_chars = (size.width - 2) / f.char_width();
                    for s in LONG {
                        for line in wrap(s, max_chars as usize) {
                            let px = f.text_width(char_count(&line));
                            assert!(
                                px <= size.width - 2,
                                "{size:?} {f:?}: « {line} » is {px} px wide"
                            );
                            assert!(!line.starts_with(' ') && !line.ends_with(' '), "« {line} »");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn wrapping_breaks_at_spaces_then_hyphens() {
        assert_eq!(
            wrap("Bonjour Françoise-Hélène", 11),
            ["Bonjour", "Françoise-", "Hélène"]
        );
        assert_eq!(
            wrap("Bonjour Françoise-Hélène", 16),
            ["Bonjour", "Françoise-Hélène"]
        );
        assert_eq!(
            wrap("Cœur de l'épicerie solidaire", 14),
            ["Cœur de", "l'épicerie", "solidaire"]
        );
        assert_eq!(wrap("  Réessayez  ", 20), ["Réessayez"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("anything", 0), Vec::<String>::new());
        let (_, hard) = wrap_checked("abcdefghij", 4);
        assert!(hard);
        let (_, hard) = wrap_checked("Françoise-Hélène", 10);
        assert!(!hard);
    }

    #[test]
    fn ellipsizing_leaves_room_for_the_ellipsis() {
        let mut lines: Vec<TextLine> = wrap("un deux trois quatre cinq six", 9)
            .into_iter()
            .map(|text| TextLine {
                text,
                ellipsis: false,
            })
            .collect();
        ellipsize(&mut lines, 2, 9);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ellipsis);
        assert_eq!(lines[1].text, "trois qu");
    }

    #[test]
    fn french_spacing_glues() {
        assert_eq!(
            glue("Début à 14 h 05 : « Merci » !"),
            "Début à 14\u{A0}h\u{A0}05\u{A0}: «\u{A0}Merci\u{A0}»\u{A0}!"
        );
        assert_eq!(glue("la h 05 et 3 h"), "la h 05 et 3\u{A0}h");
        assert_eq!(glue("Café - SEL"), "Café\u{A0}- SEL");
    }

    #[test]
    fn normalized_text_is_all_latin_9() {
        for s in LONG {
            let n = normalize(s);
            assert!(n.chars().all(|c| ISO_8859_15.contains(c)), "« {n} »");
        }
        assert_eq!(
            normalize("l’épicerie — « ouverte » …"),
            "l'épicerie - « ouverte » ..."
        );
        assert_eq!(normalize("Cœur Œuvre"), "Cœur Œuvre");
        assert_eq!(normalize("He\u{301}le\u{300}ne"), "Hélène");
        assert_eq!(normalize("Łukasz\tŞtefan\n"), "Lukasz Stefan");
        assert_eq!(normalize("ok\u{202F}!"), "ok\u{A0}!");
        assert_eq!(normalize("✔ fait"), "? fait");
    }

    #[test]
    fn pending_counts_group_thousands() {
        assert_eq!(pending_text(3), "3 en attente");
        assert_eq!(pending_text(1234), "1\u{A0}234 en attente");
        assert_eq!(pending_text(1_234_567), "1\u{A0}234\u{A0}567 en attente");
    }

    fn views() -> Vec<View> {
        let mut v = vec![
            View::Unreadable,
            View::RecordedOffline { pending: 0 },
            View::RecordedOffline { pending: u64::MAX },
            View::Answer {
                accepted: true,
                title: String::new(),
                lines: vec![String::new(), " ".into()],
            },
            View::Idle {
                label: String::new(),
                clock: String::new(),
                online: true,
                pending: 0,
            },
            View::Error {
                message: "\u{2014}\n\t".into(),
            },
        ];
        for s in LONG {
            v.push(View::Idle {
                label: (*s).into(),
                clock: "23 h 59".into(),
                online: false,
                pending: 123_456,
            });
            v.push(View::Answer {
                accepted: false,
                title: (*s).into(),
                lines: LONG.iter().map(|l| (*l).to_owned()).collect(),
            });
            v.push(View::Error {
                message: (*s).into(),
            });
        }
        v
    }

    fn within(layout: &Layout<impl PixelColor + std::fmt::Debug>) {
        let screen = Rectangle::new(Point::zero(), layout.size);
        for item in &layout.items {
            let area = match item {
                Item::Text { at, face, line, .. } => Rectangle::new(
                    *at,
                    Size::new(
                        face.text_width(char_count(&line.text) + usize::from(line.ellipsis)),
                        face.line_height(),
                    ),
                ),
                Item::Icon { area, .. } => *area,
            };
            assert!(
                area.size.width == 0
                    || screen.contains(area.top_left)
                        && area.bottom_right().is_none_or(|p| screen.contains(p)),
                "{:?}: {item:?} outside the screen",
                layout.size
            );
        }
    }

    #[test]
    fn every_item_stays_on_the_screen() {
        for view in views() {
            within(&lay_out(&mono_spec(&view), Size::new(128, 64)));
            for size in [
                Size::new(240, 240),
                Size::new(320, 240),
                Size::new(240, 320),
            ] {
                within(&lay_out(&color_spec(&view), size));
            }
        }
    }

    #[test]
    fn tiny_or_empty_targets_do_not_panic() {
        for view in views() {
            for size in [Size::new(0, 0), Size::new(1, 1), Size::new(20, 8)] {
                let mut fb = Framebuffer::new(size, BinaryColor::Off);
                render_mono(&mut fb, &view).unwrap();
                let mut fb = Framebuffer::new(size, Rgb565::BLACK);
                render_color(&mut fb, &view).unwrap();
            }
        }
    }

    #[test]
    fn framebuffer_clips() {
        let mut fb = Framebuffer::new(Size::new(4, 3), BinaryColor::Off);
        fb.fill_solid(
            &Rectangle::new(Point::new(-2, 1), Size::new(4, 10)),
            BinaryColor::On,
        )
        .unwrap();
        Pixel(Point::new(9, 9), BinaryColor::On)
            .draw(&mut fb)
            .unwrap();
        use BinaryColor::{Off, On};
        assert_eq!(
            fb.pixels(),
            [Off, Off, Off, Off, On, On, Off, Off, On, On, Off, Off]
        );
        assert_eq!(fb.row(1), [On, On, Off, Off]);
        assert!(fb.row(7).is_empty());
    }
}
