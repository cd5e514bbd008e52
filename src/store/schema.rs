//! The schema, as an ordered list of migrations tracked in `PRAGMA user_version`.
//! Never edit a migration that has shipped: add a new one.

use rusqlite_migration::{M, Migrations};

/// Migration 1: the first schema (entries and regimens).
const M1: &str = r#"
CREATE TABLE entries (
    id               INTEGER PRIMARY KEY,
    uid              TEXT    NOT NULL UNIQUE,
    kind             TEXT    NOT NULL CHECK (kind IN ('dose', 'symptom', 'intake')),
    taken_at_utc     TEXT    NOT NULL,
    utc_offset_min   INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1440 AND 1440),
    recorded_at_utc  TEXT    NOT NULL,
    amount_mcg       INTEGER CHECK (amount_mcg IS NULL OR amount_mcg >= 0),
    skipped          INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
    text             TEXT,
    severity         INTEGER CHECK (severity IS NULL OR severity BETWEEN 0 AND 10),
    drowsiness_rating INTEGER NOT NULL DEFAULT 0 CHECK (drowsiness_rating IN (0, 1)),
    note             TEXT,
    edited_at_utc    TEXT,
    deleted_at_utc   TEXT,
    CHECK (kind <> 'dose' OR amount_mcg IS NOT NULL),
    CHECK (kind = 'dose' OR text IS NOT NULL)
) STRICT;
CREATE INDEX entries_by_time ON entries (taken_at_utc);

CREATE TABLE regimens (
    id                 INTEGER PRIMARY KEY,
    effective_from_utc TEXT    NOT NULL,
    utc_offset_min     INTEGER NOT NULL,
    dose_mcg           INTEGER NOT NULL CHECK (dose_mcg > 0),
    times              TEXT    NOT NULL,
    max_daily_mcg      INTEGER NOT NULL CHECK (max_daily_mcg > 0),
    kidney_impairment  INTEGER NOT NULL DEFAULT 0 CHECK (kidney_impairment IN (0, 1)),
    planned_taper      INTEGER NOT NULL DEFAULT 0 CHECK (planned_taper IN (0, 1)),
    recorded_at_utc    TEXT    NOT NULL,
    deleted_at_utc     TEXT
) STRICT;
CREATE INDEX regimens_by_start ON regimens (effective_from_utc);
"#;

/// Migration 2: the undo journal and acknowledged flags.
const M2: &str = r#"
CREATE TABLE changes (
    id          INTEGER PRIMARY KEY,
    at_utc      TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('insert', 'delete', 'edit', 'regimen', 'import')),
    entry_id    INTEGER REFERENCES entries (id),
    regimen_id  INTEGER REFERENCES regimens (id),
    before_json TEXT,
    undone      INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
) STRICT;

CREATE TABLE acknowledged_flags (
    flag_key    TEXT PRIMARY KEY,
    acked_at_utc TEXT NOT NULL
) STRICT;
"#;

/// Migration 3: tablets on hand (additions and counts); the undo journal learns about them.
/// SQLite cannot change a CHECK constraint in place, so `changes` is rebuilt with every row kept.
const M3: &str = r#"
CREATE TABLE supply (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL CHECK (kind IN ('add', 'count')),
    at_utc          TEXT    NOT NULL,
    utc_offset_min  INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1440 AND 1440),
    tablets         INTEGER NOT NULL CHECK (tablets BETWEEN 0 AND 10000),
    strength_mcg    INTEGER NOT NULL CHECK (strength_mcg > 0),
    note            TEXT,
    recorded_at_utc TEXT    NOT NULL,
    deleted_at_utc  TEXT
) STRICT;
CREATE INDEX supply_by_time ON supply (at_utc);

CREATE TABLE changes_v3 (
    id          INTEGER PRIMARY KEY,
    at_utc      TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('insert', 'delete', 'edit', 'regimen', 'import', 'supply')),
    entry_id    INTEGER REFERENCES entries (id),
    regimen_id  INTEGER REFERENCES regimens (id),
    supply_id   INTEGER REFERENCES supply (id),
    before_json TEXT,
    undone      INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
) STRICT;
INSERT INTO changes_v3 (id, at_utc, action, entry_id, regimen_id, before_json, undone)
    SELECT id, at_utc, action, entry_id, regimen_id, before_json, undone FROM changes;
DROP TABLE changes;
ALTER TABLE changes_v3 RENAME TO changes;
"#;

/// Migration 4: benefit ratings (spasticity 0-10, spasms 0-4) are entries of kind 'rating', the
/// scale in `text` and the value in `severity`. SQLite cannot change a CHECK constraint in place,
/// so `entries` is rebuilt with every row, id and uid kept. The undo journal refers to entry ids
/// (a foreign key, enforced during the migration), so it is set aside while the table is swapped
/// and put back, row for row, once the same ids exist again. The entries are copied as they are
/// (deleted ones too, so undo can still bring them back).
const M4: &str = r#"
CREATE TEMP TABLE changes_v3_copy AS SELECT * FROM changes;
DELETE FROM changes;
CREATE TABLE entries_v4 (
    id               INTEGER PRIMARY KEY,
    uid              TEXT    NOT NULL UNIQUE,
    kind             TEXT    NOT NULL CHECK (kind IN ('dose', 'symptom', 'intake', 'rating')),
    taken_at_utc     TEXT    NOT NULL,
    utc_offset_min   INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1440 AND 1440),
    recorded_at_utc  TEXT    NOT NULL,
    amount_mcg       INTEGER CHECK (amount_mcg IS NULL OR amount_mcg >= 0),
    skipped          INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
    text             TEXT,
    severity         INTEGER CHECK (severity IS NULL OR severity BETWEEN 0 AND 10),
    drowsiness_rating INTEGER NOT NULL DEFAULT 0 CHECK (drowsiness_rating IN (0, 1)),
    note             TEXT,
    edited_at_utc    TEXT,
    deleted_at_utc   TEXT,
    CHECK (kind <> 'dose' OR amount_mcg IS NOT NULL),
    CHECK (kind = 'dose' OR text IS NOT NULL),
    CHECK (kind <> 'rating' OR (severity IS NOT NULL
        AND (text = 'spasticity' OR (text = 'spasms' AND severity <= 4))))
) STRICT;
INSERT INTO entries_v4 (id, uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, amount_mcg,
                        skipped, text, severity, drowsiness_rating, note, edited_at_utc, deleted_at_utc)
    SELECT id, uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, amount_mcg,
           skipped, text, severity, drowsiness_rating, note, edited_at_utc, deleted_at_utc
    FROM entries;
DROP TABLE entries;
ALTER TABLE entries_v4 RENAME TO entries;
CREATE INDEX entries_by_time ON entries (taken_at_utc);
INSERT INTO changes (id, at_utc, action, entry_id, regimen_id, supply_id, before_json, undone)
    SELECT id, at_utc, action, entry_id, regimen_id, supply_id, before_json, undone
    FROM changes_v3_copy
    -- A journal row pointing at nothing (possible only in a file written without foreign keys)
    -- cannot be undone anyway; it must not make the diary unopenable.
    WHERE (entry_id IS NULL OR entry_id IN (SELECT id FROM entries))
      AND (regimen_id IS NULL OR regimen_id IN (SELECT id FROM regimens))
      AND (supply_id IS NULL OR supply_id IN (SELECT id FROM supply));
DROP TABLE changes_v3_copy;
"#;

/// Migration 5: the intrathecal pump (settings history, refills, alarms); see `store::pump`.
const M5: &str = super::pump::MIGRATION;

/// Migration 6: who a symptom is about, when the writer answered ("patient" or "other"); every
/// existing entry keeps NULL (not asked).
const M6: &str = r#"
ALTER TABLE entries ADD COLUMN about TEXT CHECK (about IS NULL OR about IN ('patient', 'other'));
"#;

/// Migration 7: prescriptions as they are written: one dose per time, the prescriber's maximum
/// above the label, as-needed doses (and as-needed dose entries), other medicines and their
/// ticked doses. Columns are only added (every row kept); medicines get their own table.
const M7: &str = r#"
ALTER TABLE regimens ADD COLUMN doses TEXT;
ALTER TABLE regimens ADD COLUMN prescribed_above_label INTEGER NOT NULL DEFAULT 0
    CHECK (prescribed_above_label IN (0, 1));
ALTER TABLE regimens ADD COLUMN as_needed_mcg INTEGER CHECK (as_needed_mcg IS NULL OR as_needed_mcg > 0);
ALTER TABLE regimens ADD COLUMN as_needed_max_daily_mcg INTEGER;
ALTER TABLE regimens ADD COLUMN as_needed_min_gap_min INTEGER;
ALTER TABLE entries ADD COLUMN as_needed INTEGER NOT NULL DEFAULT 0 CHECK (as_needed IN (0, 1));
ALTER TABLE entries ADD COLUMN medicine INTEGER NOT NULL DEFAULT 0 CHECK (medicine IN (0, 1));
ALTER TABLE entries ADD COLUMN med_dose TEXT;

CREATE TABLE medicines (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    dose_text        TEXT,
    times            TEXT    NOT NULL DEFAULT '',
    class            TEXT,
    from_utc         TEXT    NOT NULL,
    utc_offset_min   INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1440 AND 1440),
    stopped_utc      TEXT,
    stopped_offset_min INTEGER,
    recorded_at_utc  TEXT    NOT NULL,
    deleted_at_utc   TEXT
) STRICT;
"#;

/// Migration 8: what `dosediary remind` has already said (a reminder key and when), so a timer
/// running it every few minutes never repeats itself. Pruned after 60 days.
const M8: &str = r#"
CREATE TABLE reminded (
    key         TEXT NOT NULL PRIMARY KEY,
    at_utc      TEXT NOT NULL
) STRICT;
"#;

/// Migration 9: the undo journal records where and how each change was made and learns redo.
/// `origin` is 'cli' or 'app:<session>' (NULL for changes made before this migration: where they
/// came from is unknown); `undo_seq` orders the undos (redo takes back the newest), `undone_after`
/// is the newest change when it was undone (a newer change closes redo), `redo_json` keeps what an
/// undone edit had written. Other medicines ('medicine') and restores ('restore', a wall undo does
/// not cross) join the journal. SQLite cannot change a CHECK constraint in place, so `changes` is
/// rebuilt with every row kept.
const M9: &str = r#"
CREATE TABLE changes_v9 (
    id           INTEGER PRIMARY KEY,
    at_utc       TEXT    NOT NULL,
    action       TEXT    NOT NULL CHECK (action IN ('insert', 'delete', 'edit', 'regimen', 'import',
                                                    'supply', 'pump', 'medicine', 'restore')),
    entry_id     INTEGER REFERENCES entries (id),
    regimen_id   INTEGER REFERENCES regimens (id),
    supply_id    INTEGER REFERENCES supply (id),
    medicine_id  INTEGER REFERENCES medicines (id),
    before_json  TEXT,
    undone       INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
    origin       TEXT,
    undo_seq     INTEGER,
    undone_after INTEGER,
    redo_json    TEXT
) STRICT;
INSERT INTO changes_v9 (id, at_utc, action, entry_id, regimen_id, supply_id, before_json, undone)
    SELECT id, at_utc, action, entry_id, regimen_id, supply_id, before_json, undone FROM changes;
DROP TABLE changes;
ALTER TABLE changes_v9 RENAME TO changes;
"#;

pub const MIGRATION_SQL: &[&str] = &[M1, M2, M3, M4, M5, M6, M7, M8, M9];

pub fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect())
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATION_SQL.len() as i64
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_validate() {
        super::migrations()
            .validate()
            .expect("migrations are valid");
    }
}
