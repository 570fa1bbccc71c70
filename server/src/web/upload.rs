//! A page's photo form (`multipart/form-data`): its text fields, checked like every form's
//! ([`crate::text::clean`]), and the one file it carries. Routes that take one are declared with
//! [`super::Routes::add_upload`], which gives them [`crate::photos::UPLOAD_LIMIT`].

use std::collections::HashMap;

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use axum::response::Response;

use super::{bad_form_page, error_page, form_language, too_large};

/// A photo form as sent.
#[derive(Debug, Default)]
pub struct Upload {
    /// The text fields (without `_csrf`).
    pub fields: HashMap<String, String>,
    /// The file's bytes, when one was chosen.
    pub file: Option<Vec<u8>>,
}

/// The name of the file input in every photo form.
pub const FILE_FIELD: &str = "photo";

impl<S> FromRequest<S> for Upload
where
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = form_language(&req);
        let bad_form = || bad_form_page(lang);
        let Ok(mut parts) = Multipart::from_request(req, state).await else {
            return Err(bad_form());
        };
        let mut upload = Upload::default();
        loop {
            let field = match parts.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(too_large(false, lang));
                }
                Err(_) => return Err(bad_form()),
            };
            let name = field.name().unwrap_or_default().to_owned();
            if name == FILE_FIELD {
                let bytes = match field.bytes().await {
                    Ok(b) => b,
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return Err(too_large(false, lang));
                    }
                    Err(_) => return Err(bad_form()),
                };
                // A form sent without choosing a file carries an empty part (and an empty file
                // is no photo either).
                if !bytes.is_empty() {
                    upload.file = Some(bytes.to_vec());
                }
                continue;
            }
            let Ok(text) = field.text().await else {
                return Err(bad_form());
            };
            if name == "_csrf" {
                continue;
            }
            match crate::text::clean(&text) {
                Ok(v) => {
                    upload.fields.insert(name, v.into_owned());
                }
                Err(problem) => {
                    return Err(error_page(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "error-title",
                        problem.key(),
                        lang,
                    ));
                }
            }
        }
        Ok(upload)
    }
}
