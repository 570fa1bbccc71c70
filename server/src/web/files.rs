//! Static files, vendored: the building may be offline, so nothing comes from a CDN.

use crate::web::{P, url_encode};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

// ---------------------------------------------------------------------------------------------
// Static files, vendored: the building may be offline, so nothing comes from a CDN.

pub async fn static_file(P(file): P<String>) -> Response {
    let (body, kind): (&'static [u8], &str) = match file.as_str() {
        "citeosquare.css" => (
            include_bytes!("../../static/citeosquare.css"),
            "text/css; charset=utf-8",
        ),
        "citeosquare.js" => (
            include_bytes!("../../static/citeosquare.js"),
            "text/javascript; charset=utf-8",
        ),
        "htmx.min.js" => (
            include_bytes!("../../static/vendor/htmx-2.0.11.min.js"),
            "text/javascript; charset=utf-8",
        ),
        _ => return (StatusCode::NOT_FOUND, "").into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// `/connexion?suite=…` for a path.
pub fn login_url(path: &str) -> String {
    format!("/connexion?suite={}", url_encode(path))
}
