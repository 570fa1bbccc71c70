//! The JSON API's shared pieces: errors as `application/problem+json` (RFC 9457), JSON bodies,
//! the caller as an actor. The API is under `/api/v1`, authenticated by an API token
//! (`Authorization: Bearer cq_…`) or by the browser's session (then state-changing calls need the
//! `X-CSRF-Token` header).

use crate::i18n::{Lang, Tr};
use crate::refusal::{FieldError, Refusal};
use crate::web::Ctx;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

// ---------------------------------------------------------------------------------------------
// Problems

/// An RFC 9457 problem.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem, e.g. `urn:citeosquare:problem:invalid`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// What happened, in the caller's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For `invalid`: each refused field with its message.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    pub field: String,
    /// A stable code, e.g. `error-required`.
    pub code: String,
    pub message: String,
}

/// An API error, rendered as problem+json in the caller's language.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    slug: &'static str,
    detail_key: Option<(&'static str, String)>,
    fields: Vec<FieldError>,
    /// Fields named at run time (from a JSON body's shape).
    named_fields: Vec<(String, &'static str)>,
    lang: Lang,
}

impl ApiError {
    pub fn new(status: StatusCode, slug: &'static str) -> ApiError {
        ApiError {
            status,
            slug,
            detail_key: None,
            fields: vec![],
            named_fields: vec![],
            lang: Lang::Fr,
        }
    }

    fn lang(mut self, lang: Lang) -> ApiError {
        self.lang = lang;
        self
    }

    /// The same error, told in this language.
    pub fn into_lang(self, lang: Lang) -> ApiError {
        self.lang(lang)
    }

    pub(crate) fn refusal(r: Refusal, lang: Lang) -> ApiError {
        match r {
            Refusal::NotFound => ApiError::new(StatusCode::NOT_FOUND, "not-found").lang(lang),
            // Only values already another record's: a conflict with the place's state, told
            // field by field all the same.
            Refusal::Invalid(fields)
                if !fields.is_empty() && fields.iter().all(FieldError::is_taken) =>
            {
                ApiError {
                    fields,
                    ..ApiError::new(StatusCode::CONFLICT, "conflict").lang(lang)
                }
            }
            Refusal::Invalid(fields) => ApiError {
                fields,
                ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid").lang(lang)
            },
            Refusal::Conflict { key, arg } => ApiError {
                detail_key: Some((key, arg)),
                ..ApiError::new(StatusCode::CONFLICT, "conflict").lang(lang)
            },
            Refusal::Db(e) => ApiError::internal(e).lang(lang),
        }
    }

    fn internal(e: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %e, "API call failed");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal")
    }

    pub fn into_response_for(mut self, lang: Lang) -> Response {
        self.lang = lang;
        self.into_response()
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let tr = Tr::new(self.lang);
        let title = tr.t(&format!("problem-{}", self.slug));
        let detail = self
            .detail_key
            .map(|(key, arg)| tr.ta(key, &[("name", &arg)]));
        let problem = Problem {
            kind: format!("urn:citeosquare:problem:{}", self.slug),
            title,
            status: self.status.as_u16(),
            detail,
            errors: self
                .fields
                .iter()
                .map(|f| (f.field.to_owned(), f.key))
                .chain(self.named_fields)
                .map(|(field, key)| ProblemField {
                    field,
                    code: key.to_owned(),
                    message: tr.t(key),
                })
                .collect(),
        };
        let body = serde_json::to_string(&problem).unwrap_or_default();
        let mut res = (
            self.status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"citeosquare\""),
            );
        }
        res
    }
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// A query string read into `T`, whose rejection (a parameter twice, a number that is not one)
/// is a 400 problem in the caller's language, not axum's plain text.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(_) => {
                let user = parts
                    .extensions
                    .get::<crate::web::Caller>()
                    .and_then(|c| c.user.clone());
                let lang = crate::web::language_of(&parts.headers, user.as_ref());
                Err(ApiError::new(StatusCode::BAD_REQUEST, "bad-query").lang(lang))
            }
        }
    }
}

/// A JSON body whose rejection is a problem, not axum's plain text.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T, S> FromRequest<S> for JsonBody<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let user = req
            .extensions()
            .get::<crate::web::Caller>()
            .and_then(|c| c.user.clone());
        let lang = crate::web::language_of(req.headers(), user.as_ref());
        let error = match axum::Json::<serde_json::Value>::from_request(req, state).await {
            Ok(axum::Json(mut value)) => {
                // Every string, at any depth, comes in the one way (crate::text), then the value
                // is read into its type, with the failing field's path when it does not fit.
                match clean_strings(&mut value, &mut String::new()) {
                    Err((field, problem)) => ApiError {
                        named_fields: vec![(field, problem.key())],
                        ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid")
                    },
                    Ok(()) => match serde_path_to_error::deserialize::<_, T>(value) {
                        Ok(v) => return Ok(JsonBody(v)),
                        Err(e) => ApiError {
                            named_fields: vec![json_field_problem(&e.to_string())],
                            ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid")
                        },
                    },
                }
            }
            Err(JsonRejection::MissingJsonContentType(_)) => {
                ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "not-json")
            }
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too-large")
            }
            Err(_) => ApiError::new(StatusCode::BAD_REQUEST, "bad-json"),
        };
        Err(error.lang(lang))
    }
}

/// Cleans every string of a JSON value in place (object keys included); the first refused one
/// is named by its path (`lines[2].label`), as a field.
fn clean_strings(
    value: &mut serde_json::Value,
    path: &mut String,
) -> Result<(), (String, crate::text::Problem)> {
    use serde_json::Value;
    match value {
        // A whole number written with a fraction of zero (`3.0`) is that number, as JSON Schema
        // reads it (an `integer` field takes it): integer fields would refuse it otherwise.
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| !n.is_i64() && !n.is_u64())
                && f.fract() == 0.0
                && (-9.0e15..=9.0e15).contains(&f)
            {
                #[allow(clippy::cast_possible_truncation)]
                let whole = f as i64;
                *n = serde_json::Number::from(whole);
            }
            Ok(())
        }
        Value::String(s) => {
            let cleaned = crate::text::clean(s).map_err(|p| (path.clone(), p))?;
            if let std::borrow::Cow::Owned(c) = cleaned {
                *s = c;
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                clean_strings(item, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        Value::Object(map) => {
            let old = std::mem::take(map);
            for (key, mut item) in old {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&key);
                let key = crate::text::clean(&key)
                    .map_err(|p| (path.clone(), p))?
                    .into_owned();
                clean_strings(&mut item, path)?;
                path.truncate(len);
                map.insert(key, item);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The field a serde error is about, and what is wrong with it: `missing field `x`` → (x,
/// required); `x: invalid type…` or `x: unknown variant…` → (x, invalid value).
pub(crate) fn json_field_problem(text: &str) -> (String, &'static str) {
    let text = text
        .split_once("target type: ")
        .map_or(text, |(_, rest)| rest);
    if let Some(rest) = text.split_once("missing field `").map(|(_, r)| r) {
        let field = rest.split('`').next().unwrap_or("");
        return (field.to_owned(), "error-required");
    }
    let field = text
        .split_once(": ")
        .map(|(path, _)| path)
        .filter(|p| !p.contains(' '))
        .unwrap_or("");
    (field.to_owned(), "error-json-value")
}

pub(crate) fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    (status, axum::Json(value)).into_response()
}

/// A rule's outcome as the answer: the value with `status`, or the refusal as problem+json in
/// the caller's language.
pub(crate) fn reply<T: Serialize>(
    c: &Ctx,
    status: StatusCode,
    outcome: Result<T, Refusal>,
) -> ApiResult<Response> {
    outcome
        .map(|v| json(status, &v))
        .map_err(|r| ApiError::refusal(r, c.tr.lang))
}

pub(crate) fn actor(c: &Ctx) -> ApiResult<crate::audit::Actor> {
    c.user
        .as_ref()
        .map(|u| u.actor())
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated"))
}

/// The id of what was created.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}
