//! The intrathecal pump's tables: settings (history), refills and alarms. Each user action is one
//! transaction with its row in the undo journal (action 'pump'; which rows it wrote is in
//! `before_json`, so the journal needs no new columns).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use super::{Result, Store, StoreError, fmt_utc, offset_min, parse_utc, trunc_secs, with_offset};
use crate::domain::pump::{
    AlarmKind, NewPumpAlarm, NewPumpRefill, NewPumpSetting, PumpAlarm, PumpHistory, PumpRefill,
    PumpSetting,
};

/// The pump's tables; the undo journal learns the action 'pump' (SQLite cannot change a CHECK
/// constraint in place, so `changes` is rebuilt with every row and column kept).
pub const MIGRATION: &str = r#"
CREATE TABLE pump_settings (
    id                 INTEGER PRIMARY KEY,
    effective_from_utc TEXT    NOT NULL,
    utc_offset_min     INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1440 AND 1440),
    concentration_mcg_per_ml INTEGER NOT NULL CHECK (concentration_mcg_per_ml > 0),
    reservoir_ul       INTEGER NOT NULL CHECK (reservoir_ul > 0),
    daily_ng           INTEGER NOT NULL CHECK (daily_ng > 0),
    model              TEXT,
    implanted_date     TEXT,
    eri_date           TEXT,
    refill_by_date     TEXT,
    clinic             TEXT,
    clinic_phone       TEXT,
    recorded_at_utc    TEXT    NOT NULL,
    deleted_at_utc     TEXT
) STRICT;
CREATE INDEX pump_settings_by_start ON pump_settings (effective_from_utc);

CREATE TABLE pump_refills (
    id              INTEGER PRIMARY KEY,
    at_utc          TEXT    NOT NULL,
    utc_offset_min  INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1440 AND 1440),
    volume_ul       INTEGER NOT NULL CHECK (volume_ul > 0),
    refill_by_date  TEXT,
    note            TEXT,
    recorded_at_utc TEXT    NOT NULL,
    deleted_at_utc  TEXT
) STRICT;
CREATE INDEX pump_refills_by_time ON pump_refills (at_utc);

CREATE TABLE pump_alarms (
    id              INTEGER PRIMARY KEY,
    at_utc          TEXT    NOT NULL,
    utc_offset_min  INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1440 AND 1440),
    kind            TEXT    NOT NULL CHECK (kind IN ('low-reservoir', 'critical', 'eri', 'other')),
    note            TEXT,
    recorded_at_utc TEXT    NOT NULL,
    deleted_at_utc  TEXT
) STRICT;
CREATE INDEX pump_alarms_by_time ON pump_alarms (at_utc);

CREATE TABLE changes_pump (
    id          INTEGER PRIMARY KEY,
    at_utc      TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('insert', 'delete', 'edit', 'regimen', 'import', 'supply', 'pump')),
    entry_id    INTEGER REFERENCES entries (id),
    regimen_id  INTEGER REFERENCES regimens (id),
    supply_id   INTEGER REFERENCES supply (id),
    before_json TEXT,
    undone      INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
) STRICT;
INSERT INTO changes_pump (id, at_utc, action, entry_id, regimen_id, supply_id, before_json, undone)
    SELECT id, at_utc, action, entry_id, regimen_id, supply_id, before_json, undone FROM changes;
DROP TABLE changes;
ALTER TABLE changes_pump RENAME TO changes;
"#;

/// Which pump rows one journal entry wrote (its `before_json`).
#[derive(Debug, Default, Serialize, Deserialize)]
struct PumpChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    setting: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refill: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    alarm: Option<i64>,
}

fn date_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn read_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

fn insert_setting(
    tx: &rusqlite::Transaction,
    s: &NewPumpSetting,
    recorded: &DateTime<Utc>,
) -> Result<i64> {
    let from = trunc_secs(s.effective_from);
    tx.execute(
        "INSERT INTO pump_settings (effective_from_utc, utc_offset_min, concentration_mcg_per_ml,
             reservoir_ul, daily_ng, model, implanted_date, eri_date, refill_by_date, clinic,
             clinic_phone, recorded_at_utc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            fmt_utc(&from.with_timezone(&Utc)),
            offset_min(&from),
            i64::from(s.concentration_mcg_per_ml),
            i64::from(s.reservoir_ul),
            s.daily_ng as i64,
            s.model,
            date_text(s.implanted),
            date_text(s.eri),
            date_text(s.refill_by),
            s.clinic,
            s.clinic_phone,
            fmt_utc(recorded),
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn insert_refill(
    tx: &rusqlite::Transaction,
    r: &NewPumpRefill,
    recorded: &DateTime<Utc>,
) -> Result<i64> {
    let at = trunc_secs(r.at);
    tx.execute(
        "INSERT INTO pump_refills (at_utc, utc_offset_min, volume_ul, refill_by_date, note, recorded_at_utc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            fmt_utc(&at.with_timezone(&Utc)),
            offset_min(&at),
            i64::from(r.volume_ul),
            date_text(r.refill_by),
            r.note,
            fmt_utc(recorded),
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn insert_alarm(
    tx: &rusqlite::Transaction,
    a: &NewPumpAlarm,
    recorded: &DateTime<Utc>,
) -> Result<i64> {
    let at = trunc_secs(a.at);
    tx.execute(
        "INSERT INTO pump_alarms (at_utc, utc_offset_min, kind, note, recorded_at_utc)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            fmt_utc(&at.with_timezone(&Utc)),
            offset_min(&at),
            a.kind.name(),
            a.note,
            fmt_utc(recorded),
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn journal(tx: &rusqlite::Transaction, c: &PumpChange, now: &DateTime<Utc>) -> Result<()> {
    let json = serde_json::to_string(c).map_err(|e| StoreError::Io(std::io::Error::other(e)))?;
    tx.execute(
        "INSERT INTO changes (at_utc, action, before_json) VALUES (?1, 'pump', ?2)",
        params![fmt_utc(now), json],
    )?;
    Ok(())
}

fn row_to_setting(r: &Row) -> rusqlite::Result<PumpSetting> {
    Ok(PumpSetting {
        id: r.get(0)?,
        effective_from: with_offset(parse_utc(&r.get::<_, String>(1)?)?, r.get(2)?),
        concentration_mcg_per_ml: r.get::<_, i64>(3)? as u32,
        reservoir_ul: r.get::<_, i64>(4)? as u32,
        daily_ng: r.get::<_, i64>(5)? as u64,
        model: r.get(6)?,
        implanted: read_date(r.get(7)?),
        eri: read_date(r.get(8)?),
        refill_by: read_date(r.get(9)?),
        clinic: r.get(10)?,
        clinic_phone: r.get(11)?,
        recorded_at: parse_utc(&r.get::<_, String>(12)?)?,
    })
}

fn row_to_refill(r: &Row) -> rusqlite::Result<PumpRefill> {
    Ok(PumpRefill {
        id: r.get(0)?,
        at: with_offset(parse_utc(&r.get::<_, String>(1)?)?, r.get(2)?),
        volume_ul: r.get::<_, i64>(3)? as u32,
        refill_by: read_date(r.get(4)?),
        note: r.get(5)?,
        recorded_at: parse_utc(&r.get::<_, String>(6)?)?,
    })
}

fn row_to_alarm(r: &Row) -> rusqlite::Result<PumpAlarm> {
    let kind: String = r.get(3)?;
    Ok(PumpAlarm {
        id: r.get(0)?,
        at: with_offset(parse_utc(&r.get::<_, String>(1)?)?, r.get(2)?),
        kind: AlarmKind::parse(&kind).unwrap_or(AlarmKind::Other),
        note: r.get(4)?,
        recorded_at: parse_utc(&r.get::<_, String>(5)?)?,
    })
}

impl Store {
    /// Records new pump settings (the first, or a reprogramming), undoable, in one transaction.
    pub fn set_pump(&mut self, s: &NewPumpSetting, now: DateTime<Utc>) -> Result<PumpSetting> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = insert_setting(&tx, s, &now)?;
        journal(
            &tx,
            &PumpChange {
                setting: Some(id),
                ..Default::default()
            },
            &now,
        )?;
        tx.commit()?;
        self.pump_setting(id)
    }

    /// Records a refill, and with it new settings when the refill changed the concentration or
    /// the dose: one user action, one transaction, one undo.
    pub fn add_pump_refill(
        &mut self,
        r: &NewPumpRefill,
        reprogram: Option<&NewPumpSetting>,
        now: DateTime<Utc>,
    ) -> Result<PumpRefill> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let setting = reprogram
            .map(|s| insert_setting(&tx, s, &now))
            .transpose()?;
        let id = insert_refill(&tx, r, &now)?;
        journal(
            &tx,
            &PumpChange {
                setting,
                refill: Some(id),
                alarm: None,
            },
            &now,
        )?;
        tx.commit()?;
        let mut st = self.conn.prepare_cached(
            "SELECT id, at_utc, utc_offset_min, volume_ul, refill_by_date, note, recorded_at_utc
             FROM pump_refills WHERE id = ?1",
        )?;
        Ok(st.query_row([id], row_to_refill)?)
    }

    pub fn add_pump_alarm(&mut self, a: &NewPumpAlarm, now: DateTime<Utc>) -> Result<PumpAlarm> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = insert_alarm(&tx, a, &now)?;
        journal(
            &tx,
            &PumpChange {
                alarm: Some(id),
                ..Default::default()
            },
            &now,
        )?;
        tx.commit()?;
        let mut st = self.conn.prepare_cached(
            "SELECT id, at_utc, utc_offset_min, kind, note, recorded_at_utc
             FROM pump_alarms WHERE id = ?1",
        )?;
        Ok(st.query_row([id], row_to_alarm)?)
    }

    fn pump_setting(&self, id: i64) -> Result<PumpSetting> {
        let mut st = self
            .conn
            .prepare_cached(&format!("{SELECT_SETTING} WHERE id = ?1"))?;
        Ok(st.query_row([id], row_to_setting)?)
    }

    /// Everything recorded about the pump (not withdrawn), each list oldest first.
    pub fn pump_history(&self) -> Result<PumpHistory> {
        let mut st = self.conn.prepare_cached(&format!(
            "{SELECT_SETTING} WHERE deleted_at_utc IS NULL ORDER BY effective_from_utc, id"
        ))?;
        let settings = st
            .query_map([], row_to_setting)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut st = self.conn.prepare_cached(
            "SELECT id, at_utc, utc_offset_min, volume_ul, refill_by_date, note, recorded_at_utc
             FROM pump_refills WHERE deleted_at_utc IS NULL ORDER BY at_utc, id",
        )?;
        let refills = st
            .query_map([], row_to_refill)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut st = self.conn.prepare_cached(
            "SELECT id, at_utc, utc_offset_min, kind, note, recorded_at_utc
             FROM pump_alarms WHERE deleted_at_utc IS NULL ORDER BY at_utc, id",
        )?;
        let alarms = st
            .query_map([], row_to_alarm)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(PumpHistory {
            settings,
            refills,
            alarms,
        })
    }
}

const SELECT_SETTING: &str =
    "SELECT id, effective_from_utc, utc_offset_min, concentration_mcg_per_ml,
        reservoir_ul, daily_ng, model, implanted_date, eri_date, refill_by_date, clinic,
        clinic_phone, recorded_at_utc FROM pump_settings";

/// Undoes one 'pump' journal row: withdraws what it wrote, and says what that was.
pub(super) fn undo_pump(
    tx: &rusqlite::Transaction,
    before_json: Option<&str>,
    now: &DateTime<Utc>,
) -> Result<String> {
    let c: PumpChange = before_json
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default();
    let now_s = fmt_utc(now);
    let mut said = Vec::new();
    if let Some(id) = c.refill {
        tx.execute(
            "UPDATE pump_refills SET deleted_at_utc = ?1 WHERE id = ?2",
            params![now_s, id],
        )?;
        let r = tx
            .query_row(
                "SELECT id, at_utc, utc_offset_min, volume_ul, refill_by_date, note, recorded_at_utc
                 FROM pump_refills WHERE id = ?1",
                [id],
                row_to_refill,
            )
            .optional()?;
        said.push(match r {
            Some(r) => format!(
                "the pump refill of {} at {}",
                r.volume_text(),
                r.at.format("%a %d %b %H:%M")
            ),
            None => "the pump refill".into(),
        });
    }
    if let Some(id) = c.setting {
        tx.execute(
            "UPDATE pump_settings SET deleted_at_utc = ?1 WHERE id = ?2",
            params![now_s, id],
        )?;
        let s = tx
            .query_row(
                &format!("{SELECT_SETTING} WHERE id = ?1"),
                [id],
                row_to_setting,
            )
            .optional()?;
        said.push(match s {
            Some(s) => format!(
                "the pump setting of {} at {}",
                s.daily_text(),
                s.concentration_text()
            ),
            None => "the pump setting".into(),
        });
    }
    if let Some(id) = c.alarm {
        tx.execute(
            "UPDATE pump_alarms SET deleted_at_utc = ?1 WHERE id = ?2",
            params![now_s, id],
        )?;
        let a = tx
            .query_row(
                "SELECT id, at_utc, utc_offset_min, kind, note, recorded_at_utc FROM pump_alarms WHERE id = ?1",
                [id],
                row_to_alarm,
            )
            .optional()?;
        said.push(match a {
            Some(a) => format!(
                "the pump {} at {}",
                a.kind.words(),
                a.at.format("%a %d %b %H:%M")
            ),
            None => "the pump alarm".into(),
        });
    }
    Ok(if said.is_empty() {
        "withdrew the last pump change".into()
    } else {
        format!("withdrew {}", said.join(" and "))
    })
}

/// What a pump journal entry recorded, in words (before it is undone).
pub(super) fn describe_pump(before_json: Option<&str>) -> &'static str {
    let c: PumpChange = before_json
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default();
    match (c.refill, c.setting, c.alarm) {
        (Some(_), Some(_), _) => "logged a pump refill with new settings",
        (Some(_), None, _) => "logged a pump refill",
        (None, Some(_), _) => "set the pump settings",
        (None, None, Some(_)) => "logged a pump alarm",
        _ => "changed the pump record",
    }
}

/// Puts back the pump rows an undo withdrew.
pub(super) fn redo_pump(tx: &rusqlite::Transaction, before_json: Option<&str>) -> Result<String> {
    let c: PumpChange = before_json
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default();
    for (table, id) in [
        ("pump_refills", c.refill),
        ("pump_settings", c.setting),
        ("pump_alarms", c.alarm),
    ] {
        if let Some(id) = id {
            tx.execute(
                &format!("UPDATE {table} SET deleted_at_utc = NULL WHERE id = ?1"),
                [id],
            )?;
        }
    }
    Ok(format!("put back: {}", describe_pump(before_json)))
}

/// Imports pump rows inside an import transaction; rows already present (same time and values)
/// are skipped. Returns how many rows were added.
pub(super) fn import_pump(tx: &rusqlite::Transaction, pump: &PumpHistory) -> Result<usize> {
    let mut added = 0;
    for s in &pump.settings {
        let from = trunc_secs(s.effective_from);
        let exists = tx
            .query_row(
                "SELECT 1 FROM pump_settings WHERE effective_from_utc = ?1 AND concentration_mcg_per_ml = ?2
                 AND daily_ng = ?3 AND reservoir_ul = ?4 AND deleted_at_utc IS NULL",
                params![
                    fmt_utc(&from.with_timezone(&Utc)),
                    i64::from(s.concentration_mcg_per_ml),
                    s.daily_ng as i64,
                    i64::from(s.reservoir_ul)
                ],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !exists {
            insert_setting(tx, &s.to_new(), &s.recorded_at)?;
            added += 1;
        }
    }
    for r in &pump.refills {
        let at = trunc_secs(r.at);
        let exists = tx
            .query_row(
                "SELECT 1 FROM pump_refills WHERE at_utc = ?1 AND volume_ul = ?2 AND deleted_at_utc IS NULL",
                params![fmt_utc(&at.with_timezone(&Utc)), i64::from(r.volume_ul)],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !exists {
            let n = NewPumpRefill {
                at: r.at,
                volume_ul: r.volume_ul,
                refill_by: r.refill_by,
                note: r.note.clone(),
            };
            insert_refill(tx, &n, &r.recorded_at)?;
            added += 1;
        }
    }
    for a in &pump.alarms {
        let at = trunc_secs(a.at);
        let exists = tx
            .query_row(
                "SELECT 1 FROM pump_alarms WHERE at_utc = ?1 AND kind = ?2 AND deleted_at_utc IS NULL",
                params![fmt_utc(&at.with_timezone(&Utc)), a.kind.name()],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !exists {
            let n = NewPumpAlarm {
                at: a.at,
                kind: a.kind,
                note: a.note.clone(),
            };
            insert_alarm(tx, &n, &a.recorded_at)?;
            added += 1;
        }
    }
    Ok(added)
}
