//! Undo and redo in the app. `u` undoes at once only a change made in this app session today;
//! anything else (made from the command line, in another app session, or on an earlier day) is
//! shown exactly first, and a second `u` undoes it. `Ctrl-R` redoes.

use chrono::{DateTime, TimeZone, Utc};

use super::app::App;
use super::question::{Pending, Question};
use crate::store::{ChangeInfo, NextUndo, Origin, StoreError};

/// "made from the command line at 14:02" (with the day when it was not today).
pub fn made_where<Tz: TimeZone>(
    c: &ChangeInfo,
    session: &Origin,
    now: DateTime<Utc>,
    tz: &Tz,
) -> String {
    let at = c.made_at.with_timezone(tz).fixed_offset();
    let today = now.with_timezone(tz).date_naive();
    let when = if at.date_naive() == today {
        at.format("at %H:%M").to_string()
    } else {
        at.format("at %H:%M on %a %-d %b").to_string()
    };
    let place = match &c.origin {
        Origin::Cli => "from the command line",
        o if o == session => "in this app session",
        Origin::App(_) => "in another app session",
        Origin::Unknown => {
            return format!("made {when} (before the diary recorded where changes were made)");
        }
    };
    format!("made {place} {when}")
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The confirmation shown before undoing a change not made in this session today.
pub fn confirmation<Tz: TimeZone>(
    c: &ChangeInfo,
    session: &Origin,
    now: DateTime<Utc>,
    tz: &Tz,
) -> String {
    format!(
        "Undo this change? {}, {}.",
        capitalised(&c.what),
        made_where(c, session, now, tz)
    )
}

impl<Tz: TimeZone> App<Tz> {
    /// `u`: undoes this session's newest change today at once; asks about anything else.
    pub(super) fn undo(&mut self) -> anyhow::Result<()> {
        match self.store.next_undo()? {
            None => self.status = Some("Nothing to undo.".into()),
            Some(NextUndo::Restore(m)) => {
                let at =
                    m.at.with_timezone(&self.tz)
                        .fixed_offset()
                        .format("%a %-d %b %H:%M");
                self.status = Some(format!(
                    "Cannot undo past the restore of {} on {at}: everything before it was replaced by that backup.{}",
                    m.file,
                    m.kept
                        .map(|k| format!(" The diary as it was is kept in {k}; `dosediary restore {k}` brings it back."))
                        .unwrap_or_default()
                ));
            }
            Some(NextUndo::Change(c)) => {
                let today = self.local_now().date_naive();
                let own = c.origin == self.session
                    && c.made_at.with_timezone(&self.tz).date_naive() == today;
                if own {
                    return self.confirm_undo(c.id);
                }
                self.question = Some(Question {
                    text: confirmation(&c, &self.session, self.now, &self.tz),
                    no: "Kept: nothing was undone.".into(),
                    yes: Pending::Undo(c.id),
                });
            }
        }
        Ok(())
    }

    /// Undoes change `id`, shown to the user, while it is still the newest.
    pub(super) fn confirm_undo(&mut self, id: i64) -> anyhow::Result<()> {
        self.status = Some(match self.store.undo_change(id, self.now) {
            Ok(Some(u)) => format!("Undone: {}. Ctrl-R redoes it.", u.description),
            Ok(None) => {
                "Nothing undone: the diary changed meanwhile; press u again to see the newest change."
                    .into()
            }
            Err(e @ StoreError::UndoRestore { .. }) => e.to_string(),
            Err(e) => return Err(e.into()),
        });
        self.reload()
    }

    /// Ctrl-R: makes the last undone change again, refused once something newer changed.
    pub(super) fn redo(&mut self) -> anyhow::Result<()> {
        self.status = Some(match self.store.redo(self.now) {
            Ok(Some(u)) => format!("Redone: {}.", u.description),
            Ok(None) => "Nothing to redo.".into(),
            Err(StoreError::RedoClosed { what, at }) => format!(
                "Cannot redo: a newer change was made after the undo ({what}, at {}); redo only brings back what undo took before anything new is changed.",
                at.with_timezone(&self.tz)
                    .fixed_offset()
                    .format("%H:%M %a %-d %b")
            ),
            Err(e) => return Err(e.into()),
        });
        self.reload()
    }
}
