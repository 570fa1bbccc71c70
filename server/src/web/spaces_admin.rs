//! The chrono'espaces' administration pages (spaces, uses, timetables, exceptions, doors) and the
//! occupancy page.

use super::Routes;

/// Declares the chrono'espaces' administration pages.
pub(super) fn declare(_r: &mut Routes) {}
