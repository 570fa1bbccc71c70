//! The SEL's JSON API (`/api/v1/sel/…`).

use super::Routes;

/// Declares the SEL API's routes.
pub(super) fn declare(_r: &mut Routes) {}
