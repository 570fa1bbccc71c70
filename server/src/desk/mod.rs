//! The reception desk: its home page (what is happening now), the live feed of taps, who is
//! present, and the main courante (the shift logbook).

pub mod api;
pub mod logbook;
pub mod night;
pub mod pages;

use crate::web::Routes;
use crate::web::domain::Domain;
use utoipa::OpenApi;

/// The desk's entry in the list of domains.
pub static DOMAIN: Domain = Domain {
    openapi: Some(api::DeskApiDoc::openapi),
    ..Domain::new("desk", routes)
};

fn routes(r: &mut Routes) {
    pages::declare(r);
    night::declare(r);
    api::declare(r);
}
