//! The undo journal (`changes`): every change is one row saying what was done, when, and where it
//! was made (the command line or one app session). Undo takes back the newest change not yet
//! undone; redo brings back the newest undo while nothing newer has changed; a restore is a wall
//! that undo does not cross (everything before it was replaced by the backup).

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use super::{
    Before, Result, SELECT_ENTRY, Store, StoreError, fmt_utc, parse_utc, row_to_entry, write_fields,
};
use crate::domain::Amount;

/// Where a change was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A `dosediary` command.
    Cli,
    /// One run of the terminal app (its session id).
    App(String),
    /// Made before the diary recorded where changes come from.
    Unknown,
}

impl Origin {
    /// A new app session, different from every other in this process and (by the process id and
    /// the time) from other runs.
    pub fn new_app_session(now: DateTime<Utc>) -> Origin {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Origin::App(format!(
            "{:x}-{:x}-{n}",
            std::process::id(),
            now.timestamp_nanos_opt().unwrap_or(0)
        ))
    }

    fn to_sql(&self) -> Option<String> {
        match self {
            Origin::Cli => Some("cli".into()),
            Origin::App(id) => Some(format!("app:{id}")),
            Origin::Unknown => None,
        }
    }

    fn from_sql(s: Option<String>) -> Origin {
        match s.as_deref() {
            Some("cli") => Origin::Cli,
            Some(s) if s.starts_with("app:") => Origin::App(s[4..].to_string()),
            _ => Origin::Unknown,
        }
    }
}

/// What an undo or a redo did, for the user to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    pub description: String,
}

/// A change in the journal, described before it is undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeInfo {
    /// The journal row.
    pub id: i64,
    /// What was done, e.g. "logged the dose 10 mg at Sat 21 Nov 08:00".
    pub what: String,
    /// When the change was made.
    pub made_at: DateTime<Utc>,
    pub origin: Origin,
}

/// A restore in the journal: undo stops there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreMark {
    pub at: DateTime<Utc>,
    /// The backup that was restored.
    pub file: String,
    /// Where the diary as it was before the restore is kept (none when it was empty).
    pub kept: Option<String>,
}

/// What `undo` would do now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextUndo {
    Change(ChangeInfo),
    /// The newest change is a restore: undo stops there.
    Restore(RestoreMark),
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct RestoreJson {
    file: String,
    kept: Option<String>,
}

/// A medicine's stop time, as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stop {
    utc: String,
    offset_min: i64,
}

/// What a medicine change did (its `before_json`).
#[derive(Debug, Serialize, Deserialize)]
struct MedicineChange {
    /// "add" or "stop".
    op: String,
    #[serde(default)]
    before: Option<Stop>,
    #[serde(default)]
    after: Option<Stop>,
}

/// One journal row.
struct Row {
    id: i64,
    at: String,
    action: String,
    entry_id: Option<i64>,
    regimen_id: Option<i64>,
    supply_id: Option<i64>,
    medicine_id: Option<i64>,
    before: Option<String>,
    origin: Option<String>,
    undone_after: Option<i64>,
    redo: Option<String>,
}

const SELECT_ROW: &str = "SELECT id, at_utc, action, entry_id, regimen_id, supply_id, medicine_id,
    before_json, origin, undone_after, redo_json FROM changes";

fn read_row(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        at: r.get(1)?,
        action: r.get(2)?,
        entry_id: r.get(3)?,
        regimen_id: r.get(4)?,
        supply_id: r.get(5)?,
        medicine_id: r.get(6)?,
        before: r.get(7)?,
        origin: r.get(8)?,
        undone_after: r.get(9)?,
        redo: r.get(10)?,
    })
}

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::Io(std::io::Error::other(e))
}

/// The newest change undo would take back (imports are not undone one entry at a time).
fn newest_undoable(c: &Connection) -> Result<Option<Row>> {
    Ok(c.query_row(
        &format!("{SELECT_ROW} WHERE undone = 0 AND action <> 'import' ORDER BY id DESC LIMIT 1"),
        [],
        read_row,
    )
    .optional()?)
}

fn restore_mark(row: &Row) -> Result<RestoreMark> {
    let j: RestoreJson = serde_json::from_str(row.before.as_deref().unwrap_or("{}"))
        .map_err(json_err)
        .unwrap_or_default();
    Ok(RestoreMark {
        at: parse_utc(&row.at)?,
        file: j.file,
        kept: j.kept,
    })
}

/// "dose 10 mg at Sat 21 Nov 08:00" (deleted entries too).
fn entry_words(c: &Connection, id: i64) -> rusqlite::Result<String> {
    let mut st = c.prepare_cached(&format!("{SELECT_ENTRY} WHERE id = ?1"))?;
    let e = st.query_row([id], row_to_entry)?;
    Ok(format!(
        "{} {} at {}",
        e.kind.name(),
        e.kind.summary(),
        e.at.format("%a %d %b %H:%M")
    ))
}

fn supply_words(c: &Connection, id: Option<i64>) -> rusqlite::Result<String> {
    let row: Option<(String, i64, i64)> = match id {
        Some(id) => c
            .query_row(
                "SELECT kind, tablets, strength_mcg FROM supply WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?,
        None => None,
    };
    Ok(match row {
        Some((kind, n, mcg)) => format!(
            "supply {} of {n} tablets of {}",
            if kind == "count" { "count" } else { "addition" },
            Amount::from_mcg(mcg as u64)
        ),
        None => "supply change".into(),
    })
}

fn regimen_words(c: &Connection, id: i64) -> rusqlite::Result<String> {
    let row: Option<(String, i64, String, i64)> = c
        .query_row(
            "SELECT effective_from_utc, utc_offset_min, times, dose_mcg FROM regimens WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    Ok(match row {
        Some((from, off, times, dose)) => {
            let from = super::with_offset(parse_utc(&from)?, off);
            format!(
                "{} at {times} from {}",
                Amount::from_mcg(dose as u64),
                from.format("%a %d %b %H:%M")
            )
        }
        None => format!("step {id}"),
    })
}

fn medicine_name(c: &Connection, id: Option<i64>) -> rusqlite::Result<String> {
    let name: Option<String> = match id {
        Some(id) => c
            .query_row("SELECT name FROM medicines WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?,
        None => None,
    };
    Ok(name.unwrap_or_else(|| "the medicine".into()))
}

fn is_cancel(row: &Row) -> bool {
    row.before.as_deref() == Some("{\"cancelled\":true}")
}

fn medicine_change(row: &Row) -> Result<MedicineChange> {
    serde_json::from_str(row.before.as_deref().unwrap_or("{}")).map_err(json_err)
}

/// What a journal row did, in words (kind, time, text), e.g. "logged the dose 10 mg at ...".
fn describe(c: &Connection, row: &Row) -> Result<String> {
    Ok(match (row.action.as_str(), row.entry_id, row.regimen_id) {
        ("insert", Some(id), _) => format!("logged the {}", entry_words(c, id)?),
        ("delete", Some(id), _) => format!("deleted the {}", entry_words(c, id)?),
        ("edit", Some(id), _) => format!("edited the {}", entry_words(c, id)?),
        ("supply", _, _) => format!("recorded the {}", supply_words(c, row.supply_id)?),
        ("regimen", _, Some(rid)) if is_cancel(row) => {
            format!("cancelled the planned step {}", regimen_words(c, rid)?)
        }
        ("regimen", _, Some(rid)) => format!("set the regimen {}", regimen_words(c, rid)?),
        ("pump", _, _) => super::pump::describe_pump(row.before.as_deref()).to_string(),
        ("medicine", _, _) => {
            let name = medicine_name(c, row.medicine_id)?;
            match medicine_change(row)? {
                m if m.op == "stop" => format!("stopped {name}"),
                _ => format!("added the medicine {name}"),
            }
        }
        ("restore", _, _) => format!("restored {}", restore_mark(row)?.file),
        (other, _, _) => format!("a change ({other})"),
    })
}

fn set_stop(tx: &Connection, id: Option<i64>, stop: Option<&Stop>) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE medicines SET stopped_utc = ?1, stopped_offset_min = ?2 WHERE id = ?3",
        params![stop.map(|s| s.utc.clone()), stop.map(|s| s.offset_min), id],
    )?;
    Ok(())
}

/// Takes back one change; returns what was done.
fn apply_undo(tx: &rusqlite::Transaction, row: &Row, now: &DateTime<Utc>) -> Result<String> {
    let now_s = fmt_utc(now);
    Ok(match (row.action.as_str(), row.entry_id, row.regimen_id) {
        ("insert", Some(id), _) => {
            tx.execute(
                "UPDATE entries SET deleted_at_utc = ?1 WHERE id = ?2",
                params![now_s, id],
            )?;
            format!("removed the {}", entry_words(tx, id)?)
        }
        ("delete", Some(id), _) => {
            tx.execute(
                "UPDATE entries SET deleted_at_utc = NULL WHERE id = ?1",
                [id],
            )?;
            format!("brought back the {}", entry_words(tx, id)?)
        }
        ("edit", Some(id), _) => {
            // What the edit wrote, kept for redo.
            let mut st = tx.prepare_cached(&format!("{SELECT_ENTRY} WHERE id = ?1"))?;
            let after = st.query_row([id], row_to_entry)?;
            let after = serde_json::to_string(&Before {
                at: after.at,
                kind: after.kind,
                note: after.note,
                edited_at: after.edited_at,
            })
            .map_err(json_err)?;
            tx.execute(
                "UPDATE changes SET redo_json = ?1 WHERE id = ?2",
                params![after, row.id],
            )?;
            let b: Before =
                serde_json::from_str(row.before.as_deref().unwrap_or("{}")).map_err(json_err)?;
            write_fields(tx, id, b.at, &b.kind, b.note.as_deref(), b.edited_at)?;
            format!(
                "restored the {} as it was before the edit",
                entry_words(tx, id)?
            )
        }
        ("supply", _, _) => {
            if let Some(sid) = row.supply_id {
                tx.execute(
                    "UPDATE supply SET deleted_at_utc = ?1 WHERE id = ?2",
                    params![now_s, sid],
                )?;
            }
            match row.supply_id {
                Some(_) => format!("withdrew the {}", supply_words(tx, row.supply_id)?),
                None => "withdrew the last supply change".to_string(),
            }
        }
        ("regimen", _, Some(rid)) if is_cancel(row) => {
            tx.execute(
                "UPDATE regimens SET deleted_at_utc = NULL WHERE id = ?1",
                [rid],
            )?;
            "brought back the cancelled planned step".to_string()
        }
        ("pump", _, _) => super::pump::undo_pump(tx, row.before.as_deref(), now)?,
        ("regimen", _, Some(rid)) => {
            tx.execute(
                "UPDATE regimens SET deleted_at_utc = ?1 WHERE id = ?2",
                params![now_s, rid],
            )?;
            "withdrew the last regimen change".to_string()
        }
        ("medicine", _, _) => {
            let name = medicine_name(tx, row.medicine_id)?;
            let m = medicine_change(row)?;
            if m.op == "stop" {
                set_stop(tx, row.medicine_id, m.before.as_ref())?;
                format!("took back the stop of {name}: it is taken again")
            } else {
                tx.execute(
                    "UPDATE medicines SET deleted_at_utc = ?1 WHERE id = ?2",
                    params![now_s, row.medicine_id],
                )?;
                format!("withdrew the medicine {name}")
            }
        }
        _ => "nothing".to_string(),
    })
}

/// Makes an undone change again; returns what was done.
fn apply_redo(tx: &rusqlite::Transaction, row: &Row, now: &DateTime<Utc>) -> Result<String> {
    let now_s = fmt_utc(now);
    Ok(match (row.action.as_str(), row.entry_id, row.regimen_id) {
        ("insert", Some(id), _) => {
            tx.execute(
                "UPDATE entries SET deleted_at_utc = NULL WHERE id = ?1",
                [id],
            )?;
            format!("logged the {} again", entry_words(tx, id)?)
        }
        ("delete", Some(id), _) => {
            tx.execute(
                "UPDATE entries SET deleted_at_utc = ?1 WHERE id = ?2",
                params![now_s, id],
            )?;
            format!("deleted the {} again", entry_words(tx, id)?)
        }
        ("edit", Some(id), _) => {
            let a: Before =
                serde_json::from_str(row.redo.as_deref().unwrap_or("{}")).map_err(json_err)?;
            write_fields(tx, id, a.at, &a.kind, a.note.as_deref(), a.edited_at)?;
            format!("made the edit again: {}", entry_words(tx, id)?)
        }
        ("supply", _, _) => {
            tx.execute(
                "UPDATE supply SET deleted_at_utc = NULL WHERE id = ?1",
                params![row.supply_id],
            )?;
            format!("put back the {}", supply_words(tx, row.supply_id)?)
        }
        ("regimen", _, Some(rid)) if is_cancel(row) => {
            tx.execute(
                "UPDATE regimens SET deleted_at_utc = ?1 WHERE id = ?2",
                params![now_s, rid],
            )?;
            format!(
                "cancelled the planned step {} again",
                regimen_words(tx, rid)?
            )
        }
        ("pump", _, _) => super::pump::redo_pump(tx, row.before.as_deref())?,
        ("regimen", _, Some(rid)) => {
            tx.execute(
                "UPDATE regimens SET deleted_at_utc = NULL WHERE id = ?1",
                [rid],
            )?;
            format!("put back the regimen {}", regimen_words(tx, rid)?)
        }
        ("medicine", _, _) => {
            let name = medicine_name(tx, row.medicine_id)?;
            let m = medicine_change(row)?;
            if m.op == "stop" {
                set_stop(tx, row.medicine_id, m.after.as_ref())?;
                format!("stopped {name} again")
            } else {
                tx.execute(
                    "UPDATE medicines SET deleted_at_utc = NULL WHERE id = ?1",
                    params![row.medicine_id],
                )?;
                format!("put back the medicine {name}")
            }
        }
        _ => "nothing".to_string(),
    })
}

impl Store {
    /// From now on, changes made through this connection are recorded as made from `origin`.
    pub fn set_origin(&mut self, origin: Origin) -> Result<()> {
        self.origin = origin;
        self.install_origin()
    }

    /// Where this connection's changes are recorded as made.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The temporary trigger that stamps every new journal row with this connection's origin
    /// (one place for every kind of change; imports are left unstamped, they are not undone).
    pub(super) fn install_origin(&mut self) -> Result<()> {
        if self.read_only {
            return Ok(());
        }
        self.conn
            .execute_batch("DROP TRIGGER IF EXISTS temp.dd_origin;")?;
        if let Some(o) = self.origin.to_sql() {
            let o = o.replace('\'', "''");
            self.conn.execute_batch(&format!(
                "CREATE TEMP TRIGGER dd_origin AFTER INSERT ON main.changes
                 WHEN NEW.origin IS NULL AND NEW.action <> 'import'
                 BEGIN UPDATE changes SET origin = '{o}' WHERE id = NEW.id; END;"
            ))?;
        }
        Ok(())
    }

    /// What `undo` would take back now, without taking it back.
    pub fn next_undo(&self) -> Result<Option<NextUndo>> {
        let Some(row) = newest_undoable(&self.conn)? else {
            return Ok(None);
        };
        if row.action == "restore" {
            return Ok(Some(NextUndo::Restore(restore_mark(&row)?)));
        }
        Ok(Some(NextUndo::Change(ChangeInfo {
            id: row.id,
            what: describe(&self.conn, &row)?,
            made_at: parse_utc(&row.at)?,
            origin: Origin::from_sql(row.origin.clone()),
        })))
    }

    /// Undoes the most recent change not yet undone. Works across restarts. Stops at a restore
    /// ([`StoreError::UndoRestore`]).
    pub fn undo(&mut self, now: DateTime<Utc>) -> Result<Option<Undone>> {
        self.undo_if(None, now)
    }

    /// Undoes change `id` only while it is still the newest (it was shown to the user, who
    /// confirmed it); `Ok(None)` when something else is newest now.
    pub fn undo_change(&mut self, id: i64, now: DateTime<Utc>) -> Result<Option<Undone>> {
        self.undo_if(Some(id), now)
    }

    fn undo_if(&mut self, expected: Option<i64>, now: DateTime<Utc>) -> Result<Option<Undone>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(row) = newest_undoable(&tx)? else {
            return Ok(None);
        };
        if row.action == "restore" {
            let m = restore_mark(&row)?;
            return Err(StoreError::UndoRestore {
                at: m.at,
                file: m.file,
                kept: m.kept,
            });
        }
        if expected.is_some_and(|id| id != row.id) {
            return Ok(None);
        }
        let description = apply_undo(&tx, &row, &now)?;
        tx.execute(
            "UPDATE changes SET undone = 1,
                 undo_seq = (SELECT coalesce(max(undo_seq), 0) + 1 FROM changes),
                 undone_after = (SELECT max(id) FROM changes)
             WHERE id = ?1",
            [row.id],
        )?;
        tx.commit()?;
        Ok(Some(Undone { description }))
    }

    /// Makes the most recently undone change again, while nothing newer has been changed since
    /// that undo ([`StoreError::RedoClosed`] otherwise). `Ok(None)`: nothing to redo.
    pub fn redo(&mut self, now: DateTime<Utc>) -> Result<Option<Undone>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row = tx
            .query_row(
                &format!(
                    "{SELECT_ROW} WHERE undone = 1 AND undo_seq IS NOT NULL ORDER BY undo_seq DESC LIMIT 1"
                ),
                [],
                read_row,
            )
            .optional()?;
        let Some(row) = row else {
            return Ok(None);
        };
        let newest: Row = tx.query_row(
            &format!("{SELECT_ROW} ORDER BY id DESC LIMIT 1"),
            [],
            read_row,
        )?;
        if row.undone_after != Some(newest.id) {
            let what = if newest.action == "import" {
                "an import".to_string()
            } else {
                describe(&tx, &newest)?
            };
            let at = parse_utc(&newest.at)?;
            return Err(StoreError::RedoClosed { what, at });
        }
        let description = apply_redo(&tx, &row, &now)?;
        tx.execute(
            "UPDATE changes SET undone = 0, undone_after = NULL, redo_json = NULL WHERE id = ?1",
            [row.id],
        )?;
        tx.commit()?;
        Ok(Some(Undone { description }))
    }

    /// Records a restore in the journal: undo does not cross it.
    pub fn mark_restored(
        &mut self,
        file: &std::path::Path,
        kept: Option<&std::path::Path>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.install_origin()?;
        let j = serde_json::to_string(&RestoreJson {
            file: file.display().to_string(),
            kept: kept.map(|k| k.display().to_string()),
        })
        .map_err(json_err)?;
        self.conn.execute(
            "INSERT INTO changes (at_utc, action, before_json) VALUES (?1, 'restore', ?2)",
            params![fmt_utc(&now), j],
        )?;
        Ok(())
    }
}

/// A medicine's stop as stored (UTC text, offset in minutes), none while it is taken.
pub(super) type StoredStop = Option<(String, i64)>;

/// Journals a medicine added (`stop` None) or stopped (its stop before and after).
pub(super) fn journal_medicine(
    tx: &rusqlite::Transaction,
    id: i64,
    stop: Option<(StoredStop, DateTime<FixedOffset>)>,
    now: &DateTime<Utc>,
) -> Result<()> {
    let change = match stop {
        None => MedicineChange {
            op: "add".into(),
            before: None,
            after: None,
        },
        Some((before, after)) => MedicineChange {
            op: "stop".into(),
            before: before.map(|(utc, offset_min)| Stop { utc, offset_min }),
            after: Some(Stop {
                utc: fmt_utc(&after.with_timezone(&Utc)),
                offset_min: i64::from(after.offset().local_minus_utc() / 60),
            }),
        },
    };
    tx.execute(
        "INSERT INTO changes (at_utc, action, medicine_id, before_json) VALUES (?1, 'medicine', ?2, ?3)",
        params![
            fmt_utc(now),
            id,
            serde_json::to_string(&change).map_err(json_err)?
        ],
    )?;
    Ok(())
}
