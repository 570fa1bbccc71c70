//! The hourly occupancy heatmap.
