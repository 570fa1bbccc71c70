//! The chrono'espaces' pages.

use super::Routes;

/// Declares the chrono'espaces' pages.
pub(super) fn declare(_r: &mut Routes) {}
