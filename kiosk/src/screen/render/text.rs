//! Text for the Latin-9 fonts: typographic characters mapped in ([`normalize`]), and words
//! wrapped to a width in characters — at spaces, then after a hyphen ([`wrap`]).

use embedded_graphics::mono_font::mapping::ISO_8859_15;

/// Maps `text` into what the Latin-9 fonts can draw: typographic quotes, dashes and spaces to their
/// plain forms, decomposed accents composed (or dropped), a few foreign letters to their base
/// letter, control characters removed, runs of white space collapsed; anything else becomes `?`.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true; // trims the start
    for c in text.chars() {
        let mut buf = [0u8; 4];
        let mapped: &str = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' | '\u{02BC}' | '`' => "'",
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => "\"",
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => "-",
            '\u{2026}' => "...",
            '\u{2022}' | '\u{2027}' => "\u{B7}",
            '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{2009}' | '\u{200A}' | '\u{2060}' => "\u{A0}",
            '\u{0300}'..='\u{036F}' => {
                // A combining accent: compose it with the letter before, or drop it.
                if let Some(prev) = out.pop() {
                    out.push(compose(prev, c).unwrap_or(prev));
                }
                continue;
            }
            c if c.is_whitespace() => {
                if !last_space {
                    out.push(' ');
                    last_space = true;
                }
                continue;
            }
            c if c.is_control() || c == '\u{200B}' || c == '\u{FEFF}' => continue,
            c if ISO_8859_15.contains(c) => c.encode_utf8(&mut buf),
            c => fold(c).encode_utf8(&mut buf),
        };
        out.push_str(mapped);
        last_space = false;
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The precomposed letter for `base` + combining `mark`, for the accents French uses.
pub(super) fn compose(base: char, mark: char) -> Option<char> {
    let table: &[(char, &str, &str)] = &[
        // mark, bases, results
        ('\u{0301}', "aeiouyAEIOUY", "áéíóúýÁÉÍÓÚÝ"),
        ('\u{0300}', "aeiouAEIOU", "àèìòùÀÈÌÒÙ"),
        ('\u{0302}', "aeiouAEIOU", "âêîôûÂÊÎÔÛ"),
        ('\u{0308}', "aeiouyAEIOUY", "äëïöüÿÄËÏÖÜŸ"),
        ('\u{0327}', "cC", "çÇ"),
        ('\u{0303}', "anoANO", "ãñõÃÑÕ"),
        ('\u{030A}', "aA", "åÅ"),
        ('\u{030C}', "szSZ", "šžŠŽ"),
    ];
    let (_, bases, results) = table.iter().find(|(m, _, _)| *m == mark)?;
    let i = bases.chars().position(|b| b == base)?;
    results.chars().nth(i)
}

/// A letter outside Latin-9 folded to one inside, or `?`.
pub(super) fn fold(c: char) -> char {
    const FROM: &str = "łŁőŐűŰăĂșȘşŞțȚţŢćĆčČęĘąĄńŃśŚźŹżŻğĞıİřŘěĚůŮďĎťŤňŇľĽĺĹŕŔđĐāĀēĒīĪōŌūŪėĖįĮųŲ";
    const TO: &str = "lLoOuUaAsSsStTtTcCcCeEaAnNsSzZzZgGiIrReEuUdDtTnNlLlLrRdDaAeEiIoOuUeEiIuU";
    FROM.chars()
        .position(|f| f == c)
        .and_then(|i| TO.chars().nth(i))
        .unwrap_or('?')
}

pub(super) fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// Splits a word after each hyphen: `Françoise-Hélène` → `Françoise-`, `Hélène`.
pub(super) fn hyphen_pieces(word: &str) -> Vec<&str> {
    let mut pieces = vec![];
    let mut start = 0;
    for (i, c) in word.char_indices() {
        if c == '-' && i + 1 < word.len() {
            pieces.push(&word[start..=i]);
            start = i + 1;
        }
    }
    pieces.push(&word[start..]);
    pieces
}

/// Wraps already-[`normalize`]d text into lines of at most `max_chars` characters: at spaces,
/// then after a hyphen inside a word too long for a line, then anywhere (`hard`). No-break spaces
/// never break.
pub(super) fn wrap_checked(text: &str, max_chars: usize) -> (Vec<String>, bool) {
    let mut lines: Vec<String> = vec![];
    if max_chars == 0 {
        return (lines, !text.is_empty());
    }
    let mut line = String::new();
    let mut len = 0usize;
    let mut hard = false;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let wlen = char_count(word);
        if len == 0 && wlen <= max_chars {
            line.push_str(word);
            len = wlen;
            continue;
        }
        if len > 0 && len + 1 + wlen <= max_chars {
            line.push(' ');
            line.push_str(word);
            len += 1 + wlen;
            continue;
        }
        if wlen <= max_chars {
            lines.push(std::mem::take(&mut line));
            line.push_str(word);
            len = wlen;
            continue;
        }
        // Longer than a line: break after hyphens, then anywhere.
        for (n, piece) in hyphen_pieces(word).into_iter().enumerate() {
            let plen = char_count(piece);
            let sep = usize::from(n == 0 && len > 0);
            if len + sep + plen <= max_chars {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(piece);
                len += sep + plen;
                continue;
            }
            if len > 0 {
                lines.push(std::mem::take(&mut line));
                len = 0;
            }
            if plen <= max_chars {
                line.push_str(piece);
                len = plen;
                continue;
            }
            hard = true;
            let chars: Vec<char> = piece.chars().collect();
            for chunk in chars.chunks(max_chars) {
                if chunk.len() == max_chars {
                    lines.push(chunk.iter().collect());
                } else {
                    line = chunk.iter().collect();
                    len = chunk.len();
                }
            }
        }
    }
    if len > 0 {
        lines.push(line);
    }
    (lines, hard)
}

/// Wraps `text` (normalized first) into lines of at most `max_chars` characters.
pub fn wrap(text: &str, max_chars: usize) -> Vec<String> {
    wrap_checked(&normalize(text), max_chars).0
}

/// French typography: no line break before `: ; ! ? » % €` or a dash, after `«`, nor inside
/// `14 h 05`.
pub(super) fn glue(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let digits = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    let mut out = String::with_capacity(text.len());
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            let prev = words[i - 1];
            let keep = w.starts_with([':', ';', '!', '?', '\u{BB}', '%', '\u{20AC}'])
                || prev == "\u{AB}"
                || *w == "-"
                || (*w == "h" && digits(prev))
                || (prev == "h"
                    && i >= 2
                    && digits(words[i - 2])
                    && w.starts_with(|c: char| c.is_ascii_digit()));
            out.push(if keep { '\u{A0}' } else { ' ' });
        }
        out.push_str(w);
    }
    out
}

/// A line of text, and whether it ends with an ellipsis (drawn in one more character cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TextLine {
    pub(super) text: String,
    pub(super) ellipsis: bool,
}
