//! `undo` and `redo`: small handlers over the undo journal (`store::journal`).

use std::io::Write;

use anyhow::{Result, anyhow};
use chrono::{DateTime, Utc};

use super::Ctx;
use crate::store::StoreError;

fn local(ctx: &Ctx, t: DateTime<Utc>) -> String {
    t.with_timezone(&ctx.tz)
        .format("%a %-d %b %Y %H:%M")
        .to_string()
}

/// `undo`: takes back the newest change; stops at a restore with one line saying so.
pub fn undo(ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut d = ctx.open_existing_or_fail()?;
    match d.undo() {
        Ok(Some(u)) => writeln!(out, "Undone: {}.", u.description)?,
        Ok(None) => writeln!(out, "Nothing to undo.")?,
        Err(e) => {
            return Err(match e.downcast::<StoreError>() {
                Ok(StoreError::UndoRestore { at, file, kept }) => anyhow!(
                    "cannot undo past the restore of {file} on {}: everything before it was replaced by that backup, so nothing was undone{}",
                    local(ctx, at),
                    kept.map(|k| format!(
                        "; the diary as it was before the restore is kept in {k}, and `dosediary restore {k}` brings it back"
                    ))
                    .unwrap_or_default()
                ),
                Ok(other) => other.into(),
                Err(e) => e,
            });
        }
    }
    Ok(())
}

/// `redo`: makes the newest undone change again, refused once something newer was changed.
pub fn redo(ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut d = ctx.open_existing_or_fail()?;
    match d.redo() {
        Ok(Some(u)) => writeln!(out, "Redone: {}.", u.description)?,
        Ok(None) => writeln!(out, "Nothing to redo.")?,
        Err(e) => {
            return Err(match e.downcast::<StoreError>() {
                Ok(StoreError::RedoClosed { what, at }) => anyhow!(
                    "cannot redo: a newer change was made after the undo ({what}, on {}); redo only brings back what undo took before anything new is changed, so nothing was redone",
                    local(ctx, at)
                ),
                Ok(other) => other.into(),
                Err(e) => e,
            });
        }
    }
    Ok(())
}
