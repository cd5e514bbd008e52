//! Backups and restore, through the real binary with a fixed clock.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Duration, TimeZone, Utc};
use common::*;

fn backups(db: &Path) -> Vec<String> {
    let dir = db.parent().unwrap().join("backups");
    let mut v: Vec<String> = match fs::read_dir(dir) {
        Ok(rd) => rd
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    v.sort();
    v
}

/// The newest backup's path (names sort by time).
fn newest_backup(db: &Path) -> PathBuf {
    db.parent()
        .unwrap()
        .join("backups")
        .join(backups(db).last().expect("a backup"))
}

fn count_entries(db: &Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(
        "SELECT count(*) FROM entries WHERE deleted_at_utc IS NULL",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

fn run_fail(c: &mut assert_cmd::Command) -> String {
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(2), "expected exit 2");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    err
}

#[test]
fn daily_automatic_backups_rotate_to_seven_daily_and_four_weekly() {
    let (_d, db) = temp_db();
    let start = Utc.with_ymd_and_hms(2026, 9, 20, 7, 0, 0).unwrap();
    // An empty diary is not backed up (`today` does not create one: it is made here).
    drop(dosediary::store::Store::open(&db).unwrap());
    stdout(bin_at(&db, &start.to_rfc3339()).args(["today"]));
    assert!(backups(&db).is_empty());
    for day in 0..60 {
        let now = start + Duration::days(day);
        // Open (a backup of the diary as it was), then log a dose.
        stdout(bin_at(&db, &now.to_rfc3339()).args(["log", "dose", "10"]));
        if day == 0 {
            // The first dose made the diary worth a backup only after this open.
            assert!(backups(&db).is_empty());
        }
        // A second open six hours later makes no second backup that day.
        let later = now + Duration::hours(6);
        let before = backups(&db);
        stdout(bin_at(&db, &later.to_rfc3339()).args(["today"]));
        let after = backups(&db);
        // Exactly one backup a day, made at this open (24 h after the previous one).
        let todays = format!("diary-{}.sqlite3", later.format("%Y%m%dT%H%M%SZ"));
        assert!(!before.contains(&todays), "day {day}: {before:?}");
        assert!(after.contains(&todays), "day {day}: {after:?}");
        assert!(
            after.len() <= 12,
            "rotation keeps the folder small: {after:?}"
        );
    }
    let kept = backups(&db);
    // Day 0's backup came at 13:00 UTC (the later open, once there was an entry); the next
    // morning was only 18 h later, so every day's backup is made at the 13:00 open.
    let expected: Vec<String> = [
        "20261018T130000Z",
        "20261025T130000Z",
        "20261101T130000Z",
        "20261108T130000Z",
        "20261112T130000Z",
        "20261113T130000Z",
        "20261114T130000Z",
        "20261115T130000Z",
        "20261116T130000Z",
        "20261117T130000Z",
        "20261118T130000Z",
    ]
    .iter()
    .map(|s| format!("diary-{s}.sqlite3"))
    .collect();
    assert_eq!(kept, expected);
    let dir = db.parent().unwrap().join("backups");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
        for f in &kept {
            let m = fs::metadata(dir.join(f)).unwrap().permissions().mode() & 0o777;
            assert_eq!(m, 0o600, "{f} is private");
        }
    }
    // Each backup is the diary as it was at that open: the one of 18 Nov (day 59) holds the
    // doses of days 0..59, the one of 18 Oct (day 28) those of days 0..28.
    assert_eq!(count_entries(&dir.join(&expected[10])), 60);
    assert_eq!(count_entries(&dir.join(&expected[0])), 29);
    assert_eq!(count_entries(&db), 60);
}

#[test]
fn backup_now_and_restore_keep_the_current_diary() {
    let (_d, db) = temp_db();
    for t in ["08:00", "09:00", "10:00"] {
        stdout(bin(&db).args(["log", "dose", "10", "--at", t]));
    }
    let out = stdout(bin(&db).args(["backup"]));
    assert!(out.contains("Backup written"), "{out}");
    assert!(out.contains("(3 entries)"), "{out}");
    let list = stdout(bin(&db).args(["backup", "--list"]));
    // The automatic backup made earlier today is replaced by this newer one (one per day).
    assert_eq!(list.lines().count(), 1, "{list}");
    let newest: PathBuf = newest_backup(&db);
    assert!(
        newest.to_string_lossy().ends_with("-2.sqlite3"),
        "{newest:?}"
    );
    stdout(bin(&db).args(["log", "dose", "10", "--at", "11:00"]));
    stdout(bin(&db).args(["log", "symptom", "dizzy", "--at", "11:30"]));
    assert_eq!(count_entries(&db), 5);

    let out = stdout(bin(&db).args(["restore", newest.to_str().unwrap()]));
    assert!(out.contains("3 entries"), "{out}");
    assert_eq!(count_entries(&db), 3);
    let kept: Vec<String> = backups(&db)
        .into_iter()
        .filter(|n| n.ends_with("-before-restore.sqlite3"))
        .collect();
    assert_eq!(kept.len(), 1, "{:?}", backups(&db));
    assert!(
        out.contains(&kept[0]),
        "says where the old diary went: {out}"
    );
    let kept_path = db.parent().unwrap().join("backups").join(&kept[0]);
    assert_eq!(count_entries(&kept_path), 5);
    // And back again.
    stdout(bin(&db).args(["restore", kept_path.to_str().unwrap()]));
    assert_eq!(count_entries(&db), 5);
    let list = stdout(bin(&db).args(["list"]));
    assert!(list.contains("dizzy"), "{list}");
}

#[test]
fn restore_refuses_what_is_not_a_good_diary_and_changes_nothing() {
    let (d, db) = temp_db();
    stdout(bin(&db).args(["log", "dose", "10", "--at", "08:00"]));
    stdout(bin(&db).args(["backup"]));
    let good = newest_backup(&db);
    let files_before = backups(&db);

    let text = d.path().join("notes.txt");
    fs::write(&text, "not a diary").unwrap();
    let empty = d.path().join("empty.sqlite3");
    fs::write(&empty, "").unwrap();
    let half = d.path().join("half.sqlite3");
    let bytes = fs::read(&good).unwrap();
    fs::write(&half, &bytes[..bytes.len() / 2]).unwrap();
    let newer = d.path().join("newer.sqlite3");
    fs::copy(&good, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let foreign = d.path().join("foreign.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE songs (title TEXT); PRAGMA user_version = 1;")
        .unwrap();

    for (file, why) in [
        (&text, "not an SQLite file"),
        (&empty, "empty"),
        (&half, "damaged"),
        (&newer, "newer dosediary"),
        (&foreign, "not a dosediary diary"),
        (&d.path().join("missing.sqlite3"), "cannot be read"),
        (&db, "the diary itself"),
    ] {
        let err = run_fail(bin(&db).args(["restore", file.to_str().unwrap()]));
        assert!(err.contains(why), "{file:?}: {err}");
        assert!(err.contains("the diary was not changed"), "{err}");
        assert_eq!(count_entries(&db), 1);
        assert_eq!(
            backups(&db),
            files_before,
            "no backup made for a refused file"
        );
    }
}

#[test]
fn restore_reaches_a_process_that_has_the_diary_open() {
    let (_d, db) = temp_db();
    stdout(bin(&db).args(["log", "dose", "10", "--at", "08:00"]));
    stdout(bin(&db).args(["backup"]));
    let good = newest_backup(&db);
    stdout(bin(&db).args(["log", "dose", "10", "--at", "09:00"]));
    // Another process (the app, say) holds the diary open across the restore.
    let other = dosediary::store::Store::open(&db).unwrap();
    assert_eq!(other.count_entries().unwrap(), 2);
    let v0 = other.data_version();
    stdout(bin(&db).args(["restore", good.to_str().unwrap()]));
    assert_ne!(other.data_version(), v0, "the open connection notices");
    assert_eq!(other.count_entries().unwrap(), 1);
    // And it can go on writing to the restored diary.
    drop(other);
    stdout(bin(&db).args(["log", "dose", "10", "--at", "10:00"]));
    assert_eq!(count_entries(&db), 2);
}

#[test]
fn backup_without_a_diary_says_so() {
    let (_d, db) = temp_db();
    let err = run_fail(bin(&db).args(["backup"]));
    assert!(err.contains("no diary"), "{err}");
    assert!(!db.exists());
    let out = stdout(bin(&db).args(["backup", "--list"]));
    assert!(out.contains("No backups yet"), "{out}");
}

#[test]
fn a_failed_automatic_backup_warns_and_never_blocks_the_action() {
    let (d, db) = temp_db();
    stdout(bin(&db).args(["log", "dose", "10", "--at", "08:00"]));
    // Something that is not a folder sits where the backups go.
    let _ = fs::remove_dir_all(d.path().join("backups"));
    fs::write(d.path().join("backups"), "in the way").unwrap();
    let later = "2026-11-22T12:00:00+01:00";
    let out = bin_at(&db, later)
        .args(["log", "dose", "10", "--at", "09:00"])
        .output()
        .unwrap();
    assert!(out.status.success(), "the dose is logged all the same");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning: the automatic backup"), "{err}");
    assert!(err.contains("your entries are safe"), "{err}");
    assert_eq!(count_entries(&db), 2);
    let err = run_fail(bin_at(&db, later).args(["backup"]));
    assert!(err.contains("the backups folder"), "{err}");
    assert_eq!(err.matches("cannot be made").count(), 1, "said once: {err}");
}
