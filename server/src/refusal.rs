//! Why a change was refused: the one error every domain's rules return for a user's mistake or a
//! broken rule, turned into a 4xx (problem+json on the API, a message at the field on a page) by
//! `web`. Internal errors ride along as [`Refusal::Db`] and are never shown.

use serde::Serialize;

/// The message key saying a text is longer than `max` characters, with the limit in it
/// (« Ce texte est trop long : 4 000 caractères au plus. »), for the limits the rules use; a
/// limit without its own message says only that the text is too long.
pub fn too_long(max: usize) -> &'static str {
    match max {
        40 => "error-too-long-40",
        60 => "error-too-long-60",
        80 => "error-too-long-80",
        100 => "error-too-long-100",
        120 => "error-too-long-120",
        200 => "error-too-long-200",
        500 => "error-too-long-500",
        1000 => "error-too-long-1000",
        2000 => "error-too-long-2000",
        4000 => "error-too-long-4000",
        _ => "error-too-long",
    }
}

/// The messages saying that a value is already another record's (a name, a user name, a pass card
/// lent out). The request itself is right, the place's state forbids it now: the API answers 409
/// when these are all a refusal says (a form shows them at their field like any other).
pub const TAKEN: &[&str] = &[
    "error-association-exists",
    "error-hostel-extra-taken",
    "error-username-taken",
    "presence-pass-out",
];

/// A field that was refused, and the message key saying why (translated where shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: &'static str,
    pub key: &'static str,
}

/// Why a change was refused.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("not found")]
    NotFound,
    #[error("invalid fields")]
    Invalid(Vec<FieldError>),
    /// A rule forbids it; the key names the message, the argument fills it in.
    #[error("conflict: {key}")]
    Conflict { key: &'static str, arg: String },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The fields a rule refuses, gathered before answering once with all of them.
#[derive(Debug, Default)]
pub struct Fields(Vec<FieldError>);

impl Fields {
    /// Refuses `field` with `key` when `refused`.
    pub fn check(&mut self, refused: bool, field: &'static str, key: &'static str) -> &mut Self {
        if refused {
            self.0.push(FieldError { field, key });
        }
        self
    }

    /// Refuses `field` with `key`.
    pub fn refuse(&mut self, field: &'static str, key: &'static str) {
        self.0.push(FieldError { field, key });
    }

    /// Every refused field, as the refusal (when the caller cannot go on whatever else).
    pub fn into_refusal(self) -> Refusal {
        Refusal::Invalid(self.0)
    }

    /// `Ok` when nothing was refused, else every refused field.
    pub fn done(self) -> Result<(), Refusal> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Refusal::Invalid(self.0))
        }
    }
}

impl FieldError {
    /// The value is another record's ([`TAKEN`]).
    pub fn is_taken(&self) -> bool {
        TAKEN.contains(&self.key)
    }
}

impl Refusal {
    /// One refused field.
    pub fn field(field: &'static str, key: &'static str) -> Refusal {
        Refusal::Invalid(vec![FieldError { field, key }])
    }

    /// A rule that forbids the change, with nothing to fill in.
    pub fn conflict(key: &'static str) -> Refusal {
        Refusal::Conflict {
            key,
            arg: String::new(),
        }
    }
}
