//! dosediary: a private terminal diary for people who take baclofen.
//!
//! Data flows one way: a front end (`cli`, `tui`) turns input into a call on the application layer
//! (`diary`); the diary changes the store (`store`, the only place with SQL) and runs the history
//! plus "now" through the pure safety engine (`safety`); the front end draws the values it gets
//! back (`report` renders the doctor report and the card). Only `main` reads the real clock.

pub mod cli;
pub mod config;
pub mod demo;
pub mod diary;
pub mod domain;
pub mod export;
pub mod files;
pub mod report;
pub mod safety;
pub mod store;
pub mod tui;
