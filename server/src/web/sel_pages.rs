//! The SEL's pages: desk, cashier, statements, shifts, review queue, reports, settings.

use super::Routes;

/// Declares the SEL pages' routes.
pub(super) fn declare(_r: &mut Routes) {}
