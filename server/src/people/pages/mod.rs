//! The HTML pages. Forms post back, then redirect (a reload never posts twice); a refused form is
//! shown again with a message at each field and a summary announced to screen readers, and nothing
//! is saved.

use crate::people::{self, PersonInput};
use crate::refusal::Refusal;
use crate::web::AppState;
use crate::web::forms::{FormState, html, html_status, not_found, refusal_message, see_other};
use crate::web::{ADMIN, ASSOCIATION, Ctx, F, MEMBERS, P, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::Method;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

mod associations;
mod me;
mod persons;
pub(crate) use associations::*;
pub(crate) use me::*;
pub(crate) use persons::*;

/// Declares this part's routes with their access rules.
pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    #[allow(unused_imports)]
    use axum::routing::{get, post, put};
    r.add(M::GET, "/moi", MEMBERS, get(me));
    r.add(
        M::GET,
        "/mes-associations",
        ASSOCIATION,
        get(my_associations),
    );
    r.add(M::GET, "/personnes", STAFF, get(persons));
    r.add(M::GET, "/personnes/nouvelle", STAFF, get(person_new_form));
    r.add(M::POST, "/personnes/nouvelle", STAFF, post(person_create));
    r.add(M::GET, "/personnes/{id}", STAFF, get(person));
    r.add(M::POST, "/personnes/{id}", STAFF, post(person_update));
    r.add(
        M::GET,
        "/personnes/{id}/badge-lu",
        STAFF,
        get(desk_tap_fragment),
    );
    r.add(M::POST, "/personnes/{id}/badges", STAFF, post(badge_assign));
    r.add(
        M::POST,
        "/personnes/{id}/badges/{badge}/retrait",
        STAFF,
        post(badge_revoke),
    );
    r.add(
        M::GET,
        "/personnes/{id}/export.json",
        STAFF,
        get(person_export),
    );
    r.add(M::GET, "/personnes/{id}/effacer", ADMIN, get(erase_form));
    r.add(M::POST, "/personnes/{id}/effacer", ADMIN, post(erase));
    r.add(M::GET, "/associations", STAFF, get(associations));
    r.add(M::POST, "/associations", STAFF, post(association_create));
    r.add(M::GET, "/associations/{id}", STAFF, get(association));
    r.add(
        M::POST,
        "/associations/{id}/membres",
        STAFF,
        post(association_member),
    );
}
