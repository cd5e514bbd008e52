//! Undo and redo on the command line: redo after undo, redo refused after a new change, nothing
//! to redo, a restore as a wall undo does not cross, medicines undone like other changes, and a
//! diary from before the journal knew origins.

mod common;

use std::path::{Path, PathBuf};

use common::{bin, json, stdout, temp_db};

/// Fails with exit 2 and one line on stderr; returns that line.
fn refused(c: &mut assert_cmd::Command) -> String {
    let out = c.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "expected a refusal: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    err
}

fn amounts(db: &Path) -> Vec<u64> {
    json(bin(db).args(["list", "--json"]))
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["amount_mcg"].as_u64().unwrap())
        .collect()
}

#[test]
fn redo_brings_back_what_undo_took_newest_undo_first() {
    let (_d, db) = temp_db();
    stdout(bin(&db).args(["log", "dose", "10", "--at", "08:00"]));
    stdout(bin(&db).args(["log", "dose", "5", "--at", "11:00"]));
    let out = stdout(bin(&db).args(["undo"]));
    assert_eq!(out, "Undone: removed the dose 5 mg at Fri 20 Nov 11:00.\n");
    stdout(bin(&db).args(["undo"]));
    assert!(amounts(&db).is_empty());
    let out = stdout(bin(&db).args(["redo"]));
    assert_eq!(
        out,
        "Redone: logged the dose 10 mg at Fri 20 Nov 08:00 again.\n"
    );
    assert_eq!(amounts(&db), vec![10_000]);
    let out = stdout(bin(&db).args(["redo"]));
    assert!(out.contains("dose 5 mg at Fri 20 Nov 11:00"), "{out}");
    assert_eq!(amounts(&db), vec![10_000, 5_000]);
    assert_eq!(stdout(bin(&db).args(["redo"])), "Nothing to redo.\n");
    // What redo brought back undoes again.
    stdout(bin(&db).args(["undo"]));
    assert_eq!(amounts(&db), vec![10_000]);
}

#[test]
fn redo_after_a_new_change_is_refused_and_changes_nothing() {
    let (_d, db) = temp_db();
    stdout(bin(&db).args(["log", "dose", "10", "--at", "08:00"]));
    stdout(bin(&db).args(["log", "dose", "5", "--at", "09:00"]));
    stdout(bin(&db).args(["undo"]));
    stdout(bin(&db).args(["log", "dose", "7", "--at", "11:30"]));
    let err = refused(bin(&db).args(["redo"]));
    assert!(err.contains("cannot redo"), "{err}");
    assert!(
        err.contains("logged the dose 7 mg at Fri 20 Nov 11:30"),
        "names the newer change: {err}"
    );
    assert_eq!(amounts(&db), vec![10_000, 7_000]);
    // Undo still works, and redo works again for that newer undo only.
    stdout(bin(&db).args(["undo"]));
    assert!(stdout(bin(&db).args(["redo"])).contains("7 mg"));
    refused(bin(&db).args(["redo"]));
    assert_eq!(amounts(&db), vec![10_000, 7_000]);
}

#[test]
fn nothing_to_redo_and_no_diary_is_created() {
    let (_d, db) = temp_db();
    let err = refused(bin(&db).args(["redo"]));
    assert!(err.contains("no diary at"), "{err}");
    assert!(!db.exists());
    stdout(bin(&db).args(["log", "dose", "10", "--at", "08:00"]));
    assert_eq!(stdout(bin(&db).args(["redo"])), "Nothing to redo.\n");
    assert_eq!(amounts(&db), vec![10_000]);
}

#[test]
fn an_edit_is_undone_and_redone() {
    let (_d, db) = temp_db();
    stdout(bin(&db).args(["log", "symptom", "dizy", "--at", "08:00"]));
    stdout(bin(&db).args(["edit", "1", "--text", "dizzy"]));
    stdout(bin(&db).args(["undo"]));
    assert_eq!(json(bin(&db).args(["list", "--json"]))[0]["text"], "dizy");
    let out = stdout(bin(&db).args(["redo"]));
    assert!(out.starts_with("Redone: made the edit again"), "{out}");
    let v = json(bin(&db).args(["list", "--json"]));
    assert_eq!(v[0]["text"], "dizzy");
    assert!(v[0]["edited_at"].is_string());
}

fn only_backup(db: &Path) -> PathBuf {
    let dir = db.parent().unwrap().join("backups");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().contains("before-restore"))
        .collect();
    files.sort();
    files.pop().unwrap()
}

#[test]
fn undo_does_not_cross_a_restore_and_says_so() {
    let (_d, db) = temp_db();
    stdout(bin(&db).args(["log", "dose", "10", "--at", "08:00"]));
    stdout(bin(&db).args(["log", "dose", "5", "--at", "09:00"]));
    // The backup holds an undo that could be redone, had the restore not come after it.
    stdout(bin(&db).args(["undo"]));
    stdout(bin(&db).args(["backup"]));
    let backup = only_backup(&db);
    stdout(bin(&db).args(["log", "dose", "3", "--at", "10:00"]));
    stdout(bin(&db).args(["restore", backup.to_str().unwrap()]));
    assert_eq!(amounts(&db), vec![10_000]);

    let err = refused(bin(&db).args(["undo"]));
    assert!(
        err.contains(&format!(
            "cannot undo past the restore of {}",
            backup.display()
        )),
        "{err}"
    );
    assert!(err.contains("on Fri 20 Nov 2026 12:00"), "{err}");
    assert!(
        err.contains("-before-restore.sqlite3") && err.contains("`dosediary restore "),
        "names the copy kept before the restore: {err}"
    );
    // Nothing was undone: the 10 mg dose from the backup is still there.
    assert_eq!(amounts(&db), vec![10_000]);
    // The undo made before the restore cannot be redone across it either.
    let err = refused(bin(&db).args(["redo"]));
    assert!(
        err.contains(&format!("restored {}", backup.display())),
        "{err}"
    );
    assert_eq!(amounts(&db), vec![10_000]);
    // A change after the restore is undone as usual; then the wall again.
    stdout(bin(&db).args(["log", "dose", "2", "--at", "11:00"]));
    assert!(stdout(bin(&db).args(["undo"])).contains("dose 2 mg"));
    refused(bin(&db).args(["undo"]));
}

#[test]
fn med_add_and_stop_are_undone_and_redone() {
    let (_d, db) = temp_db();
    stdout(bin(&db).args([
        "med",
        "add",
        "gabapentin",
        "--class",
        "anticonvulsant",
        "--from",
        "08:00",
    ]));
    stdout(bin(&db).args(["med", "stop", "gabapentin", "--at", "11:00"]));
    let meds = || json(bin(&db).args(["med", "list", "--json"]));
    assert!(meds()[0]["stopped"].is_string());
    let out = stdout(bin(&db).args(["undo"]));
    assert_eq!(
        out,
        "Undone: took back the stop of gabapentin: it is taken again.\n"
    );
    assert!(meds()[0]["stopped"].is_null());
    let out = stdout(bin(&db).args(["undo"]));
    assert_eq!(out, "Undone: withdrew the medicine gabapentin.\n");
    assert_eq!(meds().as_array().unwrap().len(), 0);
    assert_eq!(
        stdout(bin(&db).args(["redo"])),
        "Redone: put back the medicine gabapentin.\n"
    );
    assert_eq!(
        stdout(bin(&db).args(["redo"])),
        "Redone: stopped gabapentin again.\n"
    );
    let m = meds();
    assert_eq!(m.as_array().unwrap().len(), 1);
    assert!(m[0]["stopped"].as_str().unwrap().contains("11:00"), "{m}");
}

/// A diary written before the journal recorded origins (schema 8), with a dose and its journal
/// row: it opens, is migrated, and its change undoes and redoes.
#[test]
fn an_old_diary_keeps_undo_and_gains_redo() {
    let (_d, db) = temp_db();
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        for sql in &dosediary::store::schema::MIGRATION_SQL[..8] {
            c.execute_batch(sql).unwrap();
        }
        c.execute_batch(
            "PRAGMA user_version = 8;
             INSERT INTO entries (id, uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, amount_mcg)
                 VALUES (1, 'u1', 'dose', '2026-11-20T07:00:00Z', 60, '2026-11-20T07:00:00Z', 10000);
             INSERT INTO changes (at_utc, action, entry_id) VALUES ('2026-11-20T07:00:00Z', 'insert', 1);",
        )
        .unwrap();
    }
    assert_eq!(amounts(&db), vec![10_000]);
    let out = stdout(bin(&db).args(["undo"]));
    assert_eq!(out, "Undone: removed the dose 10 mg at Fri 20 Nov 08:00.\n");
    assert!(amounts(&db).is_empty());
    stdout(bin(&db).args(["redo"]));
    assert_eq!(amounts(&db), vec![10_000]);
}
