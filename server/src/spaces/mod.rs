//! Chrono'espaces: spaces whose use changes with the hour (DESIGN.md §2), booked without double
//! booking (§4 rule 2).
//!
//! - [`ical`]: iCalendar feeds (per space, per association, the public agenda);
//! - [`heatmap`]: the hourly occupancy heatmap, as SVG.

pub mod heatmap;
pub mod ical;
