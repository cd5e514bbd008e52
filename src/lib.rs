//! dosediary: a private terminal diary for people who take baclofen.
//!
//! Data flows one way: an action changes the diary (`store`), the history plus "now" goes through
//! the pure safety engine (`safety`), and a view draws state and flags (`cli`, `tui`).

pub mod cli;
pub mod domain;
pub mod files;
pub mod model;
pub mod report;
pub mod safety;
pub mod store;
pub mod tui;
