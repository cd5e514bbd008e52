//! The terminal app.

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::Clock;

pub fn run_app(db: Option<PathBuf>, clock: Clock) -> Result<()> {
    let _ = (db, clock);
    anyhow::bail!("the terminal app is not built yet; use the subcommands (dosediary --help)")
}
