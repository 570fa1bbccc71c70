//! The chrono'espaces' JSON API (`/api/v1/spaces/…`).

use super::Routes;
use utoipa::OpenApi;

/// Declares the chrono'espaces' API routes.
pub(super) fn declare(_r: &mut Routes) {}

/// The chrono'espaces' part of the OpenAPI document.
#[derive(Debug, OpenApi)]
#[openapi()]
pub struct SpacesApiDoc;
