//! Translations through Fluent (`server/i18n/<lang>/<domain>.ftl`), French by default, and the French
//! (or English) ways of writing dates and times.

use crate::time::parse_instant;
use chrono::{DateTime, Utc};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;

/// A language the interface speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// French unless the code says English.
    pub fn parse(code: &str) -> Lang {
        if code.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Fr
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }
}

/// The French messages: every domain's file of `i18n/fr/`, gathered by the build script.
pub const FR_FTL: &str = include_str!(concat!(env!("OUT_DIR"), "/fr.ftl"));
/// The English messages, from `i18n/en/`.
pub const EN_FTL: &str = include_str!(concat!(env!("OUT_DIR"), "/en.ftl"));

struct Bundles {
    fr: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundle(lang: unic_langid::LanguageIdentifier, source: &str) -> FluentBundle<FluentResource> {
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // No Unicode isolation marks around placeables: the pages are left-to-right only.
    bundle.set_use_isolating(false);
    // `{ DE($name) }`: « de Marie », but « d'Hélène », « d'accueil-nuit » — French elides « de »
    // before a vowel or a mute h (names with an aspirated h are rare enough to be the exception).
    let added = bundle.add_function("DE", |positional, _named| match positional.first() {
        Some(FluentValue::String(s)) => FluentValue::from(de(s)),
        Some(v) => v.clone(),
        None => FluentValue::None,
    });
    if let Err(e) = added {
        tracing::error!(?e, "the DE function could not be added");
    }
    match FluentResource::try_new(source.to_owned()) {
        Ok(resource) => {
            if let Err(errors) = bundle.add_resource(resource) {
                tracing::error!(?errors, "duplicate messages in a translation file");
            }
        }
        Err((resource, errors)) => {
            tracing::error!(?errors, "syntax errors in a translation file");
            let _ = bundle.add_resource(resource);
        }
    }
    bundle
}

/// « de » before a name, elided before a vowel or an h (« d'Hélène », « d'accueil-nuit »).
pub fn de(name: &str) -> String {
    let elides = name.chars().next().is_some_and(|c| {
        let base = crate::text::fold(&c.to_string());
        matches!(base.as_str(), "a" | "e" | "i" | "o" | "u" | "y" | "h")
    });
    if elides {
        format!("d'{name}")
    } else {
        format!("de {name}")
    }
}

fn bundles() -> &'static Bundles {
    static BUNDLES: OnceLock<Bundles> = OnceLock::new();
    BUNDLES.get_or_init(|| Bundles {
        fr: bundle(unic_langid::langid!("fr-FR"), FR_FTL),
        en: bundle(unic_langid::langid!("en-GB"), EN_FTL),
    })
}

/// Translates for one language. Templates call `tr.t("key")`.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    fn bundle(&self) -> &'static FluentBundle<FluentResource> {
        match self.lang {
            Lang::Fr => &bundles().fr,
            Lang::En => &bundles().en,
        }
    }

    fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        let bundle = self.bundle();
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            // A missing key shows as itself: visible in review, never a crash.
            tracing::warn!(id, lang = self.lang.code(), "missing translation");
            return id.to_owned();
        };
        let mut errors = vec![];
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(id, ?errors, "translation formatting errors");
        }
        text.into_owned()
    }

    /// A message without arguments.
    pub fn t(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// A message with arguments: `tr.ta("key", &[("name", "Marie")])`.
    pub fn ta(&self, id: &str, args: &[(&str, &str)]) -> String {
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, FluentValue::from(*v));
        }
        self.format(id, Some(&fargs))
    }

    /// A message whose id is `prefix-key`, for enumerations: `tr.tk("kind", "resident")`.
    pub fn tk(&self, prefix: &str, key: &str) -> String {
        self.t(&format!("{prefix}-{}", key.replace('_', "-")))
    }

    /// A message with a count `n`, for plurals.
    pub fn tn(&self, id: &str, n: usize) -> String {
        let mut fargs = FluentArgs::new();
        fargs.set("n", FluentValue::from(n));
        self.format(id, Some(&fargs))
    }

    /// `14 h 05` in French, `14:05` in English.
    pub fn time(&self, at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
        let local = at.with_timezone(&tz);
        match self.lang {
            Lang::Fr => local.format("%H h %M").to_string(),
            Lang::En => local.format("%H:%M").to_string(),
        }
    }

    /// `26/11/2026` in French, `26 Nov 2026` in English.
    pub fn date(&self, at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
        let local = at.with_timezone(&tz);
        match self.lang {
            Lang::Fr => local.format("%d/%m/%Y").to_string(),
            Lang::En => local.format("%-d %b %Y").to_string(),
        }
    }

    /// The time alone for today, else the date and the time.
    pub fn when(&self, at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
        let today = Utc::now().with_timezone(&tz).date_naive();
        if at.with_timezone(&tz).date_naive() == today {
            self.time(at, tz)
        } else {
            format!("{} {}", self.date(at, tz), self.time(at, tz))
        }
    }

    /// Like [`Tr::when`] for a stored instant; "never" when there is none.
    pub fn when_text(&self, stored: Option<&str>, tz: chrono_tz::Tz) -> String {
        match stored.and_then(parse_instant) {
            Some(at) => self.when(at, tz),
            None => self.t("never"),
        }
    }
}

/// The message ids a Fluent file defines, for the parity test.
pub fn message_ids(source: &str) -> Vec<String> {
    let resource = match FluentResource::try_new(source.to_owned()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn both_languages_define_the_same_messages_and_parse_cleanly() {
        for source in [FR_FTL, EN_FTL] {
            if let Err((_, errors)) = FluentResource::try_new(source.to_owned()) {
                panic!("syntax errors: {errors:?}");
            }
        }
        let fr: BTreeSet<_> = message_ids(FR_FTL).into_iter().collect();
        let en: BTreeSet<_> = message_ids(EN_FTL).into_iter().collect();
        let only_fr: Vec<_> = fr.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&fr).collect();
        assert!(
            only_fr.is_empty() && only_en.is_empty(),
            "only in fr.ftl: {only_fr:?}; only in en.ftl: {only_en:?}"
        );
    }

    #[test]
    fn every_key_the_code_and_templates_use_exists() {
        let defined: BTreeSet<_> = message_ids(FR_FTL).into_iter().collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut missing = vec![];
        let mut files = vec![];
        let mut dirs = vec![root.join("templates"), root.join("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        for path in files {
            if path.ends_with("i18n.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for marker in [
                ".t(\"",
                ".ta(\"",
                ".tn(\"",
                "\"error-",
                "\"ok-",
                "\"problem-",
            ] {
                for (i, _) in text.match_indices(marker) {
                    // Keep the prefix for the literal markers, skip the call for the others.
                    let start = if marker.starts_with('"') {
                        i + 1
                    } else {
                        i + marker.len()
                    };
                    let rest = &text[start..];
                    let Some(end) = rest.find('"') else { continue };
                    let key = &rest[..end];
                    let is_key = !key.is_empty()
                        && !key.ends_with('-')
                        && key
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                    if is_key && !defined.contains(key) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        // Keys built from a prefix and a value (`tr.tk("kind", kind)`).
        let mut dynamic: Vec<String> = vec![];
        dynamic.extend(
            crate::people::PERSON_KINDS
                .iter()
                .map(|k| format!("kind-{k}")),
        );
        dynamic.extend(
            crate::people::REVOKE_REASONS
                .iter()
                .map(|k| format!("revoke-{k}")),
        );
        dynamic.push("revoke-erased".into());
        dynamic.push("revoke-not_returned".into());
        dynamic.extend(
            crate::auth::Role::ALL
                .iter()
                .map(|r| format!("role-{}", r.as_str())),
        );
        for e in ["person", "badge", "association", "user", "token", "logbook"] {
            dynamic.push(format!("entity-{e}"));
        }
        for a in crate::kiosks::KIOSK_ALARMS {
            dynamic.push(format!("alarm-{}", a.replace('_', "-")));
        }
        for m in crate::hostel::folio::METHODS {
            dynamic.push(format!("hostel-method-{m}"));
        }
        for r in crate::sel::shifts::REVIEW_REASONS {
            dynamic.push(format!("sel-review-{}", r.replace('_', "-")));
        }
        for r in citeosquare_protocol::AckResult::KNOWN {
            dynamic.push(format!("result-{}", r.replace('_', "-")));
        }
        for key in dynamic {
            if !defined.contains(key.as_str()) {
                missing.push(format!("(enumeration): {key}"));
            }
        }
        assert!(
            missing.is_empty(),
            "keys used but not in fr.ftl: {missing:#?}"
        );
    }

    #[test]
    fn french_formats_and_arguments() {
        let at = "2026-11-26T13:05:00Z".parse::<DateTime<Utc>>().unwrap();
        let fr = Tr::new(Lang::Fr);
        let en = Tr::new(Lang::En);
        assert_eq!(fr.time(at, chrono_tz::Europe::Paris), "14 h 05");
        assert_eq!(fr.date(at, chrono_tz::Europe::Paris), "26/11/2026");
        assert_eq!(en.time(at, chrono_tz::Europe::Paris), "14:05");
        assert_eq!(en.date(at, chrono_tz::Europe::Paris), "26 Nov 2026");
        assert_eq!(fr.t("no-such-key-for-test"), "no-such-key-for-test");
        assert_eq!(fr.ta("hello-user", &[("name", "Marie")]), "Bonjour, Marie");
        assert_eq!(en.ta("hello-user", &[("name", "Marie")]), "Hello, Marie");
        // Elision: « le compte d'accueil-nuit », « de Marie », « d'Hélène ».
        assert_eq!(
            fr.ta("user-disable-for", &[("name", "accueil-nuit")]),
            "Désactiver le compte d'accueil-nuit"
        );
        assert_eq!(
            fr.ta("user-disable-for", &[("name", "marie")]),
            "Désactiver le compte de marie"
        );
        assert_eq!(
            fr.ta("erase-heading", &[("name", "Hélène Garnier")]),
            "Effacer les données d'Hélène Garnier"
        );
        assert_eq!(
            en.ta("user-disable-for", &[("name", "accueil-nuit")]),
            "Disable the account of accueil-nuit"
        );
    }
}
