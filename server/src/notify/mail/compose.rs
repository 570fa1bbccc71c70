//! The e-mail itself: the words of one message, or of a day's messages gathered, as a plain-text
//! part and an HTML part with the same content (large type, the link as a button, then why the
//! person receives it and where to choose otherwise).

use super::{Failure, Settings};
use crate::i18n::{Lang, Tr};
use crate::notify::{self, Message};
use askama::Template;
use lettre::Address;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use serde_json::{Map, Value};

/// Where a person chooses how they hear from the place (their notices page).
const PREFERENCES: &str = "/avis#preferences";

/// One message's part of an e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The message's subject, when the e-mail gathers several.
    pub heading: Option<String>,
    /// Its paragraphs.
    pub paragraphs: Vec<String>,
    /// The page it is about (a path of the site).
    pub link: Option<String>,
}

/// An e-mail to send, in its reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    /// Without the angle brackets.
    pub message_id: String,
    pub lang: Lang,
    pub subject: String,
    /// A greeting before the sections (the digest's).
    pub intro: Option<String>,
    pub sections: Vec<Section>,
    /// Why the person receives it.
    pub why: String,
}

fn paragraphs(body: &str) -> Vec<String> {
    body.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Mail {
    /// One message of the outbox.
    pub fn of_message(m: &Message, tz: chrono_tz::Tz) -> Mail {
        let r = notify::render(m, tz);
        Mail {
            to: m.email_to.clone().unwrap_or_default(),
            message_id: m.message_id.clone(),
            lang: Lang::parse(&m.language),
            subject: r.subject,
            intro: None,
            sections: vec![Section {
                heading: None,
                paragraphs: paragraphs(&r.body),
                link: m.link.clone(),
            }],
            why: r.why,
        }
    }

    /// A person's day of messages, gathered: one e-mail whose Message-ID is made of the person
    /// and the local day, so that a retry is the same message.
    pub fn digest(
        person_id: i64,
        first_name: &str,
        day: chrono::NaiveDate,
        messages: &[Message],
        tz: chrono_tz::Tz,
    ) -> Mail {
        let newest = messages.last();
        let lang = Lang::parse(newest.map_or("fr", |m| m.language.as_str()));
        let tr = Tr::new(lang);
        let sections = messages
            .iter()
            .map(|m| {
                let r = notify::render(m, tz);
                Section {
                    heading: Some(r.subject),
                    paragraphs: paragraphs(&r.body),
                    link: m.link.clone(),
                }
            })
            .collect();
        Mail {
            to: newest.and_then(|m| m.email_to.clone()).unwrap_or_default(),
            message_id: format!("digest-{person_id}-{}@citeosquare", day.format("%Y-%m-%d")),
            lang,
            subject: tr.t("notify-mail-digest-subject"),
            intro: Some(tr.ta("notify-mail-digest-intro", &[("first_name", first_name)])),
            sections,
            why: tr.t("notify-mail-digest-why"),
        }
    }

    /// The admin's test message, to `to`.
    pub fn test(to: &str, lang: Lang, site: &str, tz: chrono_tz::Tz) -> Mail {
        let mut args = Map::new();
        args.insert("site".into(), Value::String(site.to_owned()));
        let r = notify::render_parts("test", &args, lang, tz);
        Mail {
            to: to.to_owned(),
            message_id: format!("test-{}@citeosquare", uuid::Uuid::now_v7()),
            lang,
            subject: r.subject,
            intro: None,
            sections: vec![Section {
                heading: None,
                paragraphs: paragraphs(&r.body),
                link: None,
            }],
            why: r.why,
        }
    }

    /// The plain-text part.
    pub fn text(&self, site_url: &str) -> String {
        let tr = Tr::new(self.lang);
        let mut out = String::new();
        if let Some(intro) = &self.intro {
            out.push_str(intro);
            out.push_str("\n\n");
        }
        for s in &self.sections {
            if let Some(h) = &s.heading {
                out.push_str(h);
                out.push('\n');
                out.push_str(&"-".repeat(h.chars().count().min(72)));
                out.push_str("\n\n");
            }
            for p in &s.paragraphs {
                out.push_str(p);
                out.push_str("\n\n");
            }
            if let Some(url) = link(site_url, s.link.as_deref()) {
                out.push_str(&format!("{} : {url}\n\n", tr.t("notify-mail-open")));
            }
        }
        out.push_str("-- \n");
        out.push_str(&format!("{} {}\n", tr.t("notify-mail-why-title"), self.why));
        if let Some(url) = link(site_url, Some(PREFERENCES)) {
            out.push_str(&format!("{} : {url}\n", tr.t("notify-mail-preferences")));
        }
        out
    }

    /// The HTML part.
    pub fn html(&self, site_url: &str, site: &str) -> Result<String, askama::Error> {
        let tr = Tr::new(self.lang);
        MailPage {
            lang: self.lang.code(),
            site,
            title: &self.subject,
            intro: self.intro.as_deref(),
            sections: self
                .sections
                .iter()
                .map(|s| HtmlSection {
                    heading: s.heading.as_deref(),
                    paragraphs: s
                        .paragraphs
                        .iter()
                        .map(|p| p.lines().map(str::to_owned).collect())
                        .collect(),
                    link: link(site_url, s.link.as_deref()),
                })
                .collect(),
            open: tr.t("notify-mail-open"),
            why_title: tr.t("notify-mail-why-title"),
            why: &self.why,
            preferences: link(site_url, Some(PREFERENCES)),
            preferences_label: tr.t("notify-mail-preferences"),
        }
        .render()
    }

    /// The e-mail as it leaves: from the site's address under the site's name, to the person,
    /// with the message's Message-ID and `Auto-Submitted: auto-generated`.
    pub fn build(&self, s: &Settings, site: &str) -> Result<lettre::Message, Failure> {
        let from: Address = s
            .from_address
            .parse()
            .map_err(|e| Failure::Address(format!("{}: {e}", s.from_address)))?;
        let to: Address = self
            .to
            .trim()
            .parse()
            .map_err(|e| Failure::Address(format!("{}: {e}", self.to)))?;
        let html = self
            .html(&s.site_url, site)
            .map_err(|e| Failure::Client(format!("template: {e}")))?;
        let raw = |name: &'static str, value: &str| {
            HeaderValue::new(HeaderName::new_from_ascii_str(name), value.to_owned())
        };
        lettre::Message::builder()
            .from(Mailbox::new(Some(site.to_owned()), from))
            .to(Mailbox::new(None, to))
            .subject(self.subject.clone())
            .message_id(Some(format!("<{}>", self.message_id)))
            .raw_header(raw("Auto-Submitted", "auto-generated"))
            .raw_header(raw("Content-Language", self.lang.code()))
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(self.text(&s.site_url)),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(html),
                    ),
            )
            .map_err(|e| Failure::Client(format!("message: {e}")))
    }
}

/// A page of the site as a full address, when the site's address is known.
fn link(site_url: &str, path: Option<&str>) -> Option<String> {
    let path = path?;
    (!site_url.is_empty() && path.starts_with('/')).then(|| format!("{site_url}{path}"))
}

struct HtmlSection<'a> {
    heading: Option<&'a str>,
    /// Each paragraph's lines.
    paragraphs: Vec<Vec<String>>,
    link: Option<String>,
}

#[derive(Template)]
#[template(path = "notify/mail.html")]
struct MailPage<'a> {
    lang: &'static str,
    site: &'a str,
    title: &'a str,
    intro: Option<&'a str>,
    sections: Vec<HtmlSection<'a>>,
    open: String,
    why_title: String,
    why: &'a str,
    preferences: Option<String>,
    preferences_label: String,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn mail() -> Mail {
        Mail {
            to: "odette@example.org".into(),
            message_id: "abc@citeosquare".into(),
            lang: Lang::Fr,
            subject: "Réservation confirmée".into(),
            intro: None,
            sections: vec![Section {
                heading: None,
                paragraphs: vec!["Bonjour Odette,".into(), "La salle <Tilleul> & co.".into()],
                link: Some("/espaces/reservations/42".into()),
            }],
            why: "Parce que.".into(),
        }
    }

    #[test]
    fn both_parts_say_the_same_and_link_to_the_page_and_the_choice() {
        let m = mail();
        let text = m.text("https://cite.example");
        assert!(text.contains("Bonjour Odette,\n\nLa salle <Tilleul> & co."));
        assert!(text.contains("https://cite.example/espaces/reservations/42"));
        assert!(text.contains("Pourquoi ce message ? Parce que."));
        assert!(text.contains("https://cite.example/avis#preferences"));
        let html = m.html("https://cite.example", "La Cité").unwrap();
        assert!(
            html.contains("La salle &#60;Tilleul&#62; &#38; co."),
            "{html}"
        );
        assert!(html.contains("href=\"https://cite.example/espaces/reservations/42\""));
        assert!(html.contains("href=\"https://cite.example/avis#preferences\""));
        assert!(html.contains("lang=\"fr\""));
        // Without the site's address, no links at all.
        let bare = m.text("");
        assert!(!bare.contains("http"));
        assert!(!m.html("", "La Cité").unwrap().contains("href="));
    }

    #[test]
    fn the_headers_name_the_site_the_message_and_say_no_answer_is_wanted() {
        let s = Settings {
            smtp_host: "127.0.0.1".into(),
            from_address: "accueil@cite.example".into(),
            ..Settings::default()
        };
        let raw = String::from_utf8(mail().build(&s, "La Cité").unwrap().formatted()).unwrap();
        assert!(raw.contains("Message-ID: <abc@citeosquare>"), "{raw}");
        assert!(raw.contains("Auto-Submitted: auto-generated"));
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.contains("accueil@cite.example"));
        let bad = Mail {
            to: "pas une adresse".into(),
            ..mail()
        };
        assert!(matches!(bad.build(&s, "La Cité"), Err(Failure::Address(_))));
    }
}
