//! One way text comes in. Every value of every form and every string of every JSON body passes
//! through [`clean`] in the two body extractors (`web::F`, `web::problem::JsonBody`) before any
//! domain sees it:
//! - control characters are refused (NUL first: SQLite's `length()` stops at it, so a value
//!   holding one passed the rules and broke the table's checks), except tab and line breaks,
//!   which multi-line fields need (single-line fields are checked by their rules);
//! - the characters that reorder text on screen without being seen (bidirectional overrides
//!   and isolates, U+202A–U+202E and U+2066–U+2069) are refused: they can make a name read as
//!   another one. Right-to-left text itself (Arabic, Hebrew…) is welcome;
//! - no value is longer than [`MAX_CHARS`] characters (each field's rules then say their own,
//!   smaller, limit);
//! - the text is normalised to NFC, so that « é » typed as one character or as « e » and an
//!   accent is the same name, the same length and the same search.
//!
//! Lengths are counted in characters (Unicode scalar values), as SQLite's `length()` counts them
//! once NUL is gone.

use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The longest any single value may be, in characters.
pub const MAX_CHARS: usize = 10_000;

/// What any value may hold, as an OpenAPI `pattern` (read alike by ECMA-262 and Python): no
/// control character but tab and line breaks, no hidden reordering mark — [`clean`]'s rule. The
/// OpenAPI document gives it to every string that comes in and has no stricter pattern or format.
pub const PATTERN: &str = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*$";

/// [`PATTERN`] for a value that may not be blank (its rules trim it and refuse it empty): at
/// least one character that is neither refused nor white space (Unicode's `White_Space`, what
/// `str::trim` takes off).
pub const PATTERN_FILLED: &str = concat!(
    r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*",
    r"[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069",
    r"\t\n\r \xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]",
    r"[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*$"
);

/// Why a value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A control character (other than tab and line breaks), or a hidden reordering mark.
    Invisible,
    /// Longer than [`MAX_CHARS`].
    TooLong,
}

impl Problem {
    /// The message key saying why (`i18n/<lang>/web.ftl`).
    pub fn key(self) -> &'static str {
        match self {
            Problem::Invisible => "error-text-invisible",
            Problem::TooLong => "error-text-too-long",
        }
    }
}

/// Whether a character may not come in.
fn refused(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The value as it may be stored: checked, and in NFC (borrowed when it already was).
pub fn clean(value: &str) -> Result<Cow<'_, str>, Problem> {
    if value.chars().any(refused) {
        return Err(Problem::Invisible);
    }
    // NFC never makes a text longer in characters than its decomposed form, so the limit is
    // checked on what will be stored.
    let normal = match is_nfc_quick(value.chars()) {
        IsNormalized::Yes => Cow::Borrowed(value),
        _ => Cow::Owned(value.nfc().collect::<String>()),
    };
    if normal.chars().count() > MAX_CHARS {
        return Err(Problem::TooLong);
    }
    Ok(normal)
}

/// A single-line value as a form's short field keeps it: trimmed, its runs of spaces and line
/// breaks made one space.
pub fn one_line(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A text as a search compares it: lower case, without accents or other marks (« Hélène » and
/// « HELENE » both read `helene`; « œ » reads `oe`), spaces squeezed.
pub fn fold(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            c => out.extend(c.to_lowercase()),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The patterns the OpenAPI document states say what [`clean`] and `trim` do.
    #[test]
    fn the_documented_patterns_match_what_clean_refuses() {
        let pattern = regex::Regex::new(PATTERN).unwrap();
        let filled = regex::Regex::new(PATTERN_FILLED).unwrap();
        for c in (0..=0x3000u32).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(pattern.is_match(&s), clean(&s).is_ok(), "{c:?}");
            assert_eq!(
                filled.is_match(&s),
                clean(&s).is_ok() && !s.trim().is_empty(),
                "{c:?}"
            );
        }
        assert!(filled.is_match(" a\n"));
        assert!(!filled.is_match(" \t\u{3000}"));
    }

    #[test]
    fn folding_ignores_case_accents_and_ligatures() {
        assert_eq!(fold("Hélène  LEFÈVRE"), "helene lefevre");
        assert_eq!(fold("Œuvre, Ça"), "oeuvre, ca");
        assert!(fold("Réunion du comité des fêtes").contains(&fold("comite des FETES")));
    }

    #[test]
    fn nul_and_other_controls_are_refused_but_tabs_and_line_breaks_kept() {
        for bad in [
            "\u{0}",
            "a\u{0}b",
            "\u{7}",
            "\u{1b}[31m",
            "\u{7f}",
            "x\u{85}y",
        ] {
            assert_eq!(clean(bad), Err(Problem::Invisible), "{bad:?}");
        }
        assert_eq!(
            clean("ligne 1\r\nligne 2\tfin").unwrap(),
            "ligne 1\r\nligne 2\tfin"
        );
    }

    #[test]
    fn hidden_reordering_marks_are_refused_but_right_to_left_text_is_welcome() {
        assert_eq!(clean("abc\u{202E}fed"), Err(Problem::Invisible));
        assert_eq!(clean("\u{2067}x"), Err(Problem::Invisible));
        assert_eq!(clean("مريم الحسيني").unwrap(), "مريم الحسيني");
        assert_eq!(clean("שרה לוי").unwrap(), "שרה לוי");
    }

    #[test]
    fn text_is_normalised_to_nfc_and_measured_after() {
        let decomposed = "He\u{301}le\u{300}ne";
        let cleaned = clean(decomposed).unwrap();
        assert_eq!(cleaned, "Hélène");
        assert_eq!(cleaned.chars().count(), 6);
        assert!(matches!(clean("Hélène").unwrap(), Cow::Borrowed(_)));
        let long = "e\u{301}".repeat(MAX_CHARS);
        assert_eq!(clean(&long).unwrap().chars().count(), MAX_CHARS);
        assert_eq!(clean(&"x".repeat(MAX_CHARS + 1)), Err(Problem::TooLong));
    }
}
