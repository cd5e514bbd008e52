//! Nothing lost, nothing leaked: damaged diaries and backups, safe output files, refused input,
//! read-only and foreign files. Every test runs the real binary.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
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

/// Runs a command that must fail; returns its single stderr line.
fn fails(c: &mut assert_cmd::Command) -> String {
    let out = c.output().unwrap();
    assert!(!out.status.success(), "expected a failure");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    err
}

fn at(t: DateTime<Utc>) -> String {
    t.to_rfc3339()
}

fn quick_check(p: &Path) -> String {
    let c = rusqlite::Connection::open_with_flags(p, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    let r: rusqlite::Result<Vec<String>> = c
        .prepare("PRAGMA quick_check")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect());
    match r {
        Ok(v) => v.join("; "),
        Err(e) => e.to_string(),
    }
}

/// Overwrites the b-tree page headers of a few pages in the middle of a database file, the way a
/// bad sector or a stray write would.
fn damage_pages(p: &Path) {
    let mut bytes = fs::read(p).unwrap();
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    let page = if page == 1 { 65536 } else { page };
    let pages = bytes.len() / page;
    assert!(pages > 20, "a real diary of some size: {pages} pages");
    for n in [pages / 3, pages / 2, 2 * pages / 3] {
        for b in &mut bytes[n * page..n * page + 12] {
            *b ^= 0xA5;
        }
    }
    fs::write(p, bytes).unwrap();
}

#[test]
fn a_damaged_diary_is_never_backed_up_and_restore_names_the_newest_good_backup() {
    let (_d, db) = temp_db();
    let t0: DateTime<Utc> = "2026-11-01T09:00:00Z".parse().unwrap();
    // A real diary: four years of sample data (about 10,000 entries).
    stdout(bin_at(&db, &at(t0)).args(["demo", "--days", "1500"]));
    // Three daily automatic backups, all good.
    for d in 0..3 {
        stdout(bin_at(&db, &at(t0 + Duration::days(d))).args(["today"]));
    }
    let good = backups(&db);
    assert_eq!(good.len(), 3, "{good:?}");
    // The newest backup rots on disk too: the one to name is the one before it.
    let dir = db.parent().unwrap().join("backups");
    damage_pages(&dir.join(&good[2]));
    assert_ne!(quick_check(&dir.join(&good[2])), "ok");
    // Then the diary itself.
    damage_pages(&db);
    assert_ne!(quick_check(&db), "ok", "the diary is really damaged");
    // A killed backup left a partial file behind.
    let partial = dir.join(format!(".{}.99999999.abcdefgh.partial", good[1]));
    fs::write(&partial, b"half a backup").unwrap();

    // Weeks of opening the damaged diary: every command fails with the one line that names
    // `restore` and the newest good backup; no backup of the damaged file is ever made and the
    // good ones are never rotated away.
    for d in [3, 4, 5, 9, 16, 23, 30, 39] {
        let now = at(t0 + Duration::days(d));
        for args in [vec!["today"], vec!["list"], vec!["log", "dose", "10"]] {
            let err = fails(bin_at(&db, &now).args(&args));
            assert!(err.contains("is damaged"), "{args:?}: {err}");
            assert!(err.contains("dosediary restore"), "{err}");
            assert!(
                err.contains(&good[1]),
                "names the newest good backup: {err}"
            );
            assert!(!err.contains(&good[2]), "not the damaged backup: {err}");
        }
        let mut now_files: Vec<String> = backups(&db)
            .into_iter()
            .filter(|f| !f.ends_with(".partial"))
            .collect();
        now_files.sort();
        assert_eq!(now_files, good, "day {d}: no backup written, none removed");
    }
    let err = fails(bin_at(&db, &at(t0 + Duration::days(40))).args(["backup"]));
    assert!(err.contains("no backup was made"), "{err}");

    // The restore the message names works on the damaged diary.
    let newest_good = dir.join(&good[1]);
    let before_entries = {
        let c = rusqlite::Connection::open(&newest_good).unwrap();
        c.query_row("SELECT count(*) FROM entries", [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    let out = stdout(
        bin_at(&db, &at(t0 + Duration::days(40))).args(["restore", newest_good.to_str().unwrap()]),
    );
    assert!(out.contains("Restored"), "{out}");
    assert!(
        !partial.exists(),
        "the killed backup's partial file is removed"
    );
    assert_eq!(quick_check(&db), "ok");
    let list = json(bin_at(&db, &at(t0 + Duration::days(40))).args(["list", "--json"]));
    assert_eq!(list.as_array().unwrap().len() as i64, before_entries);
    // The damaged file is kept, byte for byte, beside the backups.
    assert!(
        backups(&db).iter().any(|f| f.ends_with("-damaged.sqlite3")),
        "{:?}",
        backups(&db)
    );
}

#[test]
fn a_partial_file_of_a_killed_export_is_removed_by_the_next_export() {
    let (d, db) = temp_db();
    stdout(bin(&db).args(["log", "dose", "10"]));
    let left = d.path().join(".out.csv.99999999.abcdefgh.partial");
    fs::write(&left, b"uid,kind\n").unwrap();
    let target: PathBuf = d.path().join("out.csv");
    stdout(bin(&db).args([
        "export",
        "--format",
        "csv",
        "--out",
        target.to_str().unwrap(),
    ]));
    assert!(!left.exists());
    assert!(fs::read_to_string(&target).unwrap().starts_with("uid,kind"));
}

// ----- 3. amounts with a comma -----

#[test]
fn an_amount_with_a_comma_is_refused_everywhere_on_the_command_line() {
    let (_d, db) = temp_db();
    for args in [
        vec!["log", "dose", "10,000mcg"],
        vec!["log", "dose", "1,000"],
        vec!["log", "dose", "2,5 mg"],
        vec!["regimen", "set", "--dose", "2,5", "--times", "08:00"],
        vec![
            "regimen",
            "set",
            "--dose",
            "10",
            "--times",
            "08:00",
            "--max-daily",
            "1,000",
        ],
        vec!["supply", "add", "30", "--strength", "2,5"],
    ] {
        let err = fails(bin(&db).args(&args));
        assert!(err.contains("comma"), "{args:?}: {err}");
        assert!(err.contains("10000mcg") && err.contains("2.5mg"), "{err}");
        assert!(!db.exists(), "{args:?}: nothing written, no diary created");
    }
    stdout(bin(&db).args(["log", "dose", "10"]));
    let err = fails(bin(&db).args(["edit", "1", "--amount", "10,5"]));
    assert!(err.contains("comma"), "{err}");
    let list = json(bin(&db).args(["list", "--json"]));
    assert_eq!(list[0]["amount_mcg"], 10_000, "the dose is unchanged");
}

#[test]
fn an_import_with_a_comma_amount_is_refused_whole() {
    let (d, db) = temp_db();
    let file = d.path().join("in.json");
    fs::write(
        &file,
        r#"{"format":"dosediary-export","schema_version":1,"entries":[
      {"uid":"a","kind":"dose","at":"2026-11-20T08:00:00+01:00","recorded_at":"2026-11-20T07:00:00Z","amount_mcg":10000},
      {"uid":"b","kind":"dose","at":"2026-11-20T09:00:00+01:00","recorded_at":"2026-11-20T08:00:00Z","amount_mcg":"10,000"}]}"#,
    )
    .unwrap();
    let err = fails(bin(&db).args(["import", file.to_str().unwrap()]));
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(!db.exists() || json(bin(&db).args(["list", "--json"])) == serde_json::json!([]));
}

mod app_forms {
    use chrono::{DateTime, TimeZone, Utc};
    use chrono_tz::Europe::Berlin;
    use chrono_tz::Tz;
    use dosediary::store::Store;
    use dosediary::tui::app::{Action, App};
    use dosediary::tui::key_action;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn now() -> DateTime<Utc> {
        Berlin
            .with_ymd_and_hms(2026, 11, 20, 15, 30, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    pub fn app() -> (tempfile::TempDir, App<Tz>) {
        let d = tempfile::tempdir().unwrap();
        let st = Store::open(&d.path().join("d.sqlite3")).unwrap();
        (
            d,
            App::new(st, Berlin, dosediary::diary::Clock::fixed(now())).unwrap(),
        )
    }

    pub fn key(app: &mut App<Tz>, code: KeyCode) {
        if let Some(a) = key_action(app, KeyEvent::new(code, KeyModifiers::NONE)) {
            app.update(a).unwrap();
        }
    }

    /// Opens a form with `open`, sets `field` to `value`, presses Enter; returns the form's error.
    pub fn submit_with(app: &mut App<Tz>, open: char, values: &[(&str, &str)]) -> String {
        key(app, KeyCode::Char(open));
        for (field, value) in values {
            let form = app.form.as_ref().expect("a form opened");
            let i = form
                .fields()
                .iter()
                .position(|x| x.label.starts_with(field))
                .unwrap_or_else(|| panic!("no field {field}"));
            // Tab to the field, clear it, type the value: as a person would.
            while app.form.as_ref().unwrap().focus != i {
                app.update(Action::NextField).unwrap();
            }
            let len = app.form.as_ref().unwrap().fields()[i]
                .value()
                .chars()
                .count();
            for _ in 0..len {
                app.update(Action::Backspace).unwrap();
            }
            for c in value.chars() {
                app.update(Action::Char(c)).unwrap();
            }
        }
        app.update(Action::Submit).unwrap();
        let err = app
            .form
            .as_ref()
            .and_then(|f| f.error.clone())
            .unwrap_or_default();
        app.form = None;
        err
    }

    #[test]
    fn every_app_form_refuses_an_amount_with_a_comma() {
        let (_d, mut a) = app();
        key(&mut a, KeyCode::Char('5'));
        let err = submit_with(&mut a, 'c', &[("Dose each time", "2,5mg")]);
        assert!(err.contains("comma"), "regimen dose: {err}");
        let err = submit_with(&mut a, 'c', &[("Daily maximum", "1,000")]);
        assert!(err.contains("comma"), "regimen maximum: {err}");
        let err = submit_with(&mut a, 'p', &[("Tablets", "30"), ("Strength", "2,5")]);
        assert!(err.contains("comma"), "supply strength: {err}");
        key(&mut a, KeyCode::Char('1'));
        let err = submit_with(&mut a, 'd', &[("Amount", "10,000mcg")]);
        assert!(err.contains("comma"), "dose: {err}");
        assert!(
            a.entries.is_empty() && a.regimens.is_empty(),
            "nothing saved"
        );
    }
}

// ----- 2. output files -----

#[cfg(unix)]
#[test]
fn output_files_never_follow_a_planted_link_nor_keep_a_prepared_files_permissions() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let (d, db) = temp_db();
    stdout(bin(&db).args(["log", "symptom", "private health detail"]));
    let victim = d.path().join("victim.txt");
    let mode = |p: &Path| fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777;
    for (name, args) in [
        ("out.csv", vec!["export", "--format", "csv", "--out"]),
        ("out.json", vec!["export", "--format", "json", "--out"]),
        ("report.html", vec!["report", "--out"]),
        ("card.html", vec!["card", "--out"]),
    ] {
        fs::write(&victim, "not yours").unwrap();
        fs::set_permissions(&victim, fs::Permissions::from_mode(0o644)).unwrap();
        let target = d.path().join(name);
        // The old temporary name is a link to another file; a second one is a pre-created file
        // anyone may read.
        let planted = d.path().join(format!(".{name}.tmp"));
        let _ = fs::remove_file(&planted);
        symlink(&victim, &planted).unwrap();
        let mut a = args.clone();
        a.push(target.to_str().unwrap());
        stdout(bin(&db).args(&a));
        assert_eq!(fs::read_to_string(&victim).unwrap(), "not yours", "{name}");
        assert_eq!(mode(&target), 0o600, "{name}");
        // The target itself is a pre-created, world-readable file, then a link.
        fs::remove_file(&planted).unwrap();
        fs::write(&planted, "").unwrap();
        fs::set_permissions(&planted, fs::Permissions::from_mode(0o666)).unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o644)).unwrap();
        stdout(bin(&db).args(&a));
        assert_eq!(
            mode(&target),
            0o600,
            "{name}: a prepared file's mode is not kept"
        );
        fs::remove_file(&target).unwrap();
        symlink(&victim, &target).unwrap();
        stdout(bin(&db).args(&a));
        assert_eq!(fs::read_to_string(&victim).unwrap(), "not yours", "{name}");
        assert!(fs::symlink_metadata(&target).unwrap().is_file(), "{name}");
        assert_eq!(mode(&target), 0o600, "{name}");
        let body = fs::read_to_string(&target).unwrap();
        assert!(
            !name.starts_with("out") || body.contains("private health detail"),
            "{name}"
        );
        fs::remove_file(&planted).unwrap();
    }
    // Nothing else was left in the folder.
    let mut left: Vec<String> = fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    left.sort();
    assert!(left.is_empty(), "{left:?}");
}

// ----- 8. time and files -----

#[test]
fn a_fall_back_time_is_the_earlier_of_the_two_instants() {
    let (_d, db) = temp_db();
    let ny = |c: &mut assert_cmd::Command| {
        c.env("TZ", "America/New_York")
            .env("DOSEDIARY_NOW", "2026-11-02T12:00:00Z");
    };
    let mut c = bin(&db);
    ny(&mut c);
    stdout(c.args(["log", "dose", "10", "--at", "2026-11-01 01:30"]));
    let mut c = bin(&db);
    ny(&mut c);
    let list = json(c.args(["list", "--json"]));
    // 01:30 EDT (05:30 UTC) comes an hour before 01:30 EST (06:30 UTC).
    assert_eq!(list[0]["at"], "2026-11-01T01:30:00-04:00", "{list}");
}

#[test]
fn reading_commands_never_create_a_diary() {
    let (d, _) = temp_db();
    let missing = d.path().join("typo.sqlite3");
    for args in [
        vec!["list"],
        vec!["today"],
        vec!["today", "--json"],
        vec!["flags"],
        vec!["flags", "--ack", "no-such-key"],
        vec!["export", "--format", "csv"],
        vec!["regimen", "show"],
        vec!["supply", "show"],
        vec!["undo"],
        vec!["report", "--out", "/dev/null/x.html"],
    ] {
        let err = fails(bin(&missing).args(&args));
        assert!(
            err.contains(&format!("no diary at {}", missing.display())),
            "{args:?}: {err}"
        );
        assert!(!missing.exists(), "{args:?} created the diary");
    }
    assert_eq!(
        fs::read_dir(d.path()).unwrap().count(),
        0,
        "nothing was created"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_diary_is_read_but_never_written_nor_made_writable() {
    use std::os::unix::fs::PermissionsExt;
    let (_d, db) = temp_db();
    stdout(bin(&db).args([
        "regimen",
        "set",
        "--dose",
        "10",
        "--times",
        "08:00,14:00,20:00",
    ]));
    stdout(bin(&db).args(["log", "dose", "10", "--at", "08:00"]));
    // Settle the WAL into the file, then the user makes the diary read-only.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    fs::set_permissions(&db, fs::Permissions::from_mode(0o400)).unwrap();
    let before = fs::read(&db).unwrap();
    for args in [
        vec!["list", "--json"],
        vec!["today"],
        vec!["flags", "--json"],
        vec!["export", "--format", "json"],
        vec!["regimen", "show"],
    ] {
        let out = stdout(bin(&db).args(&args));
        assert!(!out.is_empty(), "{args:?}");
    }
    let list = json(bin(&db).args(["list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1);
    for args in [
        vec!["log", "dose", "10"],
        vec!["log", "symptom", "dizzy"],
        vec!["undo"],
        vec!["delete", "1"],
        vec!["regimen", "set", "--dose", "5", "--times", "08:00"],
        vec!["demo", "--days", "3"],
    ] {
        let err = fails(bin(&db).args(&args));
        assert!(err.contains("is read-only"), "{args:?}: {err}");
        assert!(err.contains("chmod u+w"), "{err}");
    }
    let mode = fs::metadata(&db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o400, "never chmod-ed back");
    assert_eq!(fs::read(&db).unwrap(), before, "not a byte changed");
}

#[test]
fn a_foreign_sqlite_file_is_left_exactly_as_it_was() {
    let (_d, db) = temp_db();
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos (name) VALUES ('cat');")
            .unwrap();
    }
    let before = fs::read(&db).unwrap();
    // Bytes 18-19 of the header are 1 in rollback-journal mode and 2 in WAL mode.
    assert_eq!(&before[18..20], &[1, 1]);
    for args in [vec!["today"], vec!["log", "dose", "10"], vec!["list"]] {
        let err = fails(bin(&db).args(&args));
        assert!(err.contains("another program"), "{args:?}: {err}");
    }
    assert_eq!(
        fs::read(&db).unwrap(),
        before,
        "not switched to WAL, not touched"
    );
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    assert!(!wal.exists());
}

#[test]
fn an_empty_note_is_named_as_the_note() {
    let (_d, db) = temp_db();
    for args in [
        vec!["log", "dose", "10", "--note", ""],
        vec!["log", "symptom", "dizzy", "--note", "  "],
        vec!["log", "intake", "2 beers", "--note", ""],
    ] {
        let err = fails(bin(&db).args(&args));
        assert!(err.contains("the note is empty"), "{args:?}: {err}");
        assert!(!err.contains("symptom text"), "{err}");
    }
    assert!(!db.exists());
}

#[test]
fn since_after_until_is_refused() {
    let (d, db) = temp_db();
    stdout(bin(&db).args(["log", "dose", "10"]));
    let out = d.path().join("r.html");
    for args in [
        vec![
            "report",
            "--since",
            "2026-11-10",
            "--until",
            "2026-11-01",
            "--out",
            out.to_str().unwrap(),
        ],
        vec!["list", "--since", "2026-11-10", "--until", "2026-11-01"],
        vec![
            "export", "--format", "csv", "--since", "-1d", "--until", "-3d",
        ],
    ] {
        let err = fails(bin(&db).args(&args));
        assert!(
            err.contains("--since") && err.contains("after --until"),
            "{args:?}: {err}"
        );
    }
    assert!(!out.exists());
}

/// Runs `script` in `dir` in a private mount namespace where `dir/disk` is a small tmpfs holding
/// the diary (unshare -rm works for root and, with user namespaces, for anyone).
fn on_small_disk(dir: &Path, kb: u32, script: &str) -> std::process::Output {
    let exe = assert_cmd::cargo::cargo_bin("dosediary");
    let disk = dir.join("disk");
    fs::create_dir(&disk).unwrap();
    std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c"])
        .arg(format!(
            "mount -t tmpfs -o size={kb}k tmpfs '{}' || exit 99; cd '{}' || exit 98; {script}",
            disk.display(),
            dir.display()
        ))
        .env("DD", exe)
        .env("DOSEDIARY_DB", disk.join("d.sqlite3"))
        .env("DOSEDIARY_NOW", NOW)
        .env("TZ", TZ)
        .output()
        .expect("unshare (util-linux) runs")
}

#[test]
fn a_full_disk_gets_one_line_that_says_so_and_how_much_is_needed() {
    let d = tempfile::tempdir().unwrap();
    let out = on_small_disk(
        d.path(),
        300,
        r#""$DD" demo --days 400 2>err.txt; echo "rc=$?"; cat err.txt >&2;
           "$DD" log dose 10 >/dev/null 2>warn.txt; echo "after=$?"; cat warn.txt;
           "$DD" list --json 2>/dev/null | grep -c '"uid"'"#,
    );
    let so = String::from_utf8_lossy(&out.stdout);
    let se = String::from_utf8_lossy(&out.stderr);
    assert_ne!(
        out.status.code(),
        Some(99),
        "tmpfs could not be mounted: {se}"
    );
    assert!(so.contains("rc=2"), "{so} {se}");
    assert_eq!(se.trim_end().lines().count(), 1, "one line: {se}");
    assert!(se.contains("is full") && se.contains("needs about"), "{se}");
    assert!(
        !se.contains("database or disk is full"),
        "SQLite's text is not repeated: {se}"
    );
    // The refused import left the diary whole: logging works again and holds one entry.
    assert!(so.contains("after=0"), "{so}");
    // Its automatic backup did not fit: a warning that says why, once.
    assert!(
        !so.contains("backup") || so.contains("the disk is full"),
        "{so}"
    );
    assert!(
        so.trim_end().ends_with("\n1") || so.trim_end().ends_with("1"),
        "{so}"
    );
}

// ----- 4. control characters -----

const EVIL: &str = "had a seizure \u{1b}]0;pwned\u{7}\u{1b}[2J \u{9b}31m \u{202e}llif\u{2066} zero\u{200b}width\u{feff}";

fn has_raw_controls(s: &str) -> Option<char> {
    s.chars()
        .find(|&c| c != '\n' && (c.is_control() || dosediary::domain::safe_text::is_unsafe(c)))
}

#[test]
fn no_raw_control_character_reaches_the_terminal() {
    let (_d, db) = temp_db();
    stdout(bin(&db).args([
        "regimen",
        "set",
        "--dose",
        "10",
        "--times",
        "08:00,14:00,20:00",
    ]));
    let logged = stdout(bin(&db).args(["log", "symptom", EVIL, "--note", "\u{1b}[31mred\u{202e}"]));
    assert!(logged.contains("seizure"), "{logged}");
    for args in [
        vec!["list"],
        vec!["list", "--json"],
        vec!["today"],
        vec!["today", "--json"],
        vec!["flags"],
        vec!["flags", "--json"],
        vec!["check", EVIL],
        vec!["check", "--json", EVIL],
        vec!["export", "--format", "csv"],
        vec!["export", "--format", "json"],
    ] {
        let out = stdout(bin(&db).args(&args));
        assert_eq!(has_raw_controls(&out), None, "{args:?}: {out:?}");
    }
    assert_eq!(has_raw_controls(&logged), None, "{logged:?}");
    // The stored text is what was typed: JSON carries it exactly.
    let list = json(bin(&db).args(["list", "--json"]));
    assert_eq!(list[0]["text"], EVIL);
    assert_eq!(list[0]["note"], "\u{1b}[31mred\u{202e}");
}

#[test]
fn the_json_export_round_trips_the_text_exactly() {
    let (d, db) = temp_db();
    stdout(bin(&db).args(["log", "symptom", EVIL]));
    let file = d.path().join("x.json");
    stdout(bin(&db).args([
        "export",
        "--format",
        "json",
        "--out",
        file.to_str().unwrap(),
    ]));
    let other = d.path().join("other.sqlite3");
    stdout(bin(&other).args(["import", file.to_str().unwrap()]));
    let list = json(bin(&other).args(["list", "--json"]));
    assert_eq!(list[0]["text"], EVIL);
}

#[test]
fn text_that_is_only_controls_is_refused() {
    let (_d, db) = temp_db();
    for args in [
        vec!["log", "symptom", "\u{1b}[2J\u{7}"],
        vec!["log", "intake", "\u{202e}\u{200b} \u{feff}"],
        vec!["log", "dose", "10", "--note", "\u{1b}[0m"],
        vec!["check", "\u{1b}[2J"],
    ] {
        let err = fails(bin(&db).args(&args));
        assert!(
            err.contains("only control or invisible characters"),
            "{args:?}: {err}"
        );
        assert_eq!(has_raw_controls(&err), None, "{err:?}");
    }
    assert!(!db.exists());
}

#[test]
fn csv_cells_cannot_run_as_formulas_and_carry_no_controls() {
    let (d, db) = temp_db();
    let nyc = |c: &mut assert_cmd::Command| {
        c.env("TZ", "America/New_York");
    };
    for (text, note) in [
        ("=HYPERLINK(\"http://x\",\"click\")", "+1"),
        ("@SUM(A1:A9)", "-2"),
        ("dizzy, \"very\"\u{1b}[31m", "\tnote"),
    ] {
        let mut c = bin(&db);
        nyc(&mut c);
        stdout(c.args(["log", "symptom", text, &format!("--note={note}")]));
    }
    let file = d.path().join("x.csv");
    let mut c = bin(&db);
    nyc(&mut c);
    stdout(c.args(["export", "--format", "csv", "--out", file.to_str().unwrap()]));
    let raw = fs::read_to_string(&file).unwrap();
    assert_eq!(has_raw_controls(&raw), None, "{raw:?}");
    let mut r = csv::Reader::from_path(&file).unwrap();
    let head = r.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 3);
    let texts: Vec<&str> = rows.iter().map(|x| &x[col("text")]).collect();
    let notes: Vec<&str> = rows.iter().map(|x| &x[col("note")]).collect();
    assert!(
        texts.contains(&"'=HYPERLINK(\"http://x\",\"click\")"),
        "{texts:?}"
    );
    assert!(texts.contains(&"'@SUM(A1:A9)"), "{texts:?}");
    assert!(texts.contains(&"dizzy, \"very\"\u{241b}[31m"), "{texts:?}");
    assert!(
        notes.contains(&"'+1") && notes.contains(&"'-2"),
        "{notes:?}"
    );
    assert!(
        notes.contains(&"note") || notes.contains(&"' note"),
        "{notes:?}"
    );
    // Numbers we write stay numbers: New York's offset is negative.
    assert!(rows.iter().all(|x| &x[col("utc_offset_minutes")] == "-300"));
}

// ----- 7. imports are checked like typed input -----

fn export_with(entries: &str) -> String {
    format!(r#"{{"format":"dosediary-export","schema_version":1,"entries":[{entries}]}}"#)
}

#[test]
fn an_import_is_checked_like_typed_input_and_refused_whole() {
    let (d, db) = temp_db();
    let ok = r#"{"uid":"a","kind":"dose","at":"2026-11-20T08:00:00+01:00","recorded_at":"2026-11-20T07:00:00Z","amount_mcg":10000}"#;
    let cases = [
        (
            format!("{ok},{}", ok.replace("08:00:00+01:00", "09:00:00+01:00")),
            "appears twice",
        ),
        (
            ok.replace("2026-11-20T08:00:00+01:00", "1850-01-01T08:00:00+00:00"),
            "outside 1900",
        ),
        (
            ok.replace("2026-11-20T08:00:00+01:00", "2027-01-01T08:00:00+00:00"),
            "outside 1900",
        ),
        (
            ok.replace("2026-11-20T07:00:00Z", "2030-01-01T00:00:00Z"),
            "outside 1900",
        ),
    ];
    for (i, (entries, why)) in cases.iter().enumerate() {
        let file = d.path().join(format!("in{i}.json"));
        fs::write(&file, export_with(entries)).unwrap();
        let err = fails(bin(&db).args(["import", file.to_str().unwrap()]));
        assert!(err.contains(why), "case {i}: {err}");
        assert!(err.contains("nothing was imported"), "{err}");
        assert!(!db.exists(), "case {i}: nothing written, no diary created");
    }
    let file = d.path().join("good.json");
    fs::write(&file, export_with(ok)).unwrap();
    let out = stdout(bin(&db).args(["import", file.to_str().unwrap()]));
    assert!(out.contains("Imported 1 new entries"), "{out}");
}

#[test]
fn a_writer_waits_for_a_long_import_instead_of_failing() {
    let (d, db) = temp_db();
    // A big export: 10 years of sample data, four times over under new uids (about 94,000
    // entries), so the import holds the diary longer than SQLite's old 5 s busy timeout.
    let src = d.path().join("src.sqlite3");
    stdout(bin(&src).args(["demo", "--days", "3650"]));
    let one = d.path().join("one.json");
    stdout(bin(&src).args(["export", "--format", "json", "--out", one.to_str().unwrap()]));
    let mut v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&one).unwrap()).unwrap();
    let base = v["entries"].as_array().unwrap().clone();
    let mut all = Vec::new();
    for k in 0..4 {
        for e in &base {
            let mut e = e.clone();
            e["uid"] = format!("{}-{k}", e["uid"].as_str().unwrap()).into();
            all.push(e);
        }
    }
    v["entries"] = all.into();
    let big = d.path().join("big.json");
    fs::write(&big, serde_json::to_vec(&v).unwrap()).unwrap();
    stdout(bin(&db).args(["log", "symptom", "stiff"]));
    let mut import = std::process::Command::new(assert_cmd::cargo::cargo_bin("dosediary"))
        .env("DOSEDIARY_DB", &db)
        .env("DOSEDIARY_NOW", NOW)
        .env("TZ", TZ)
        .env("DOSEDIARY_NO_AUTO_BACKUP", "1")
        .args(["import", big.to_str().unwrap()])
        .spawn()
        .unwrap();
    // Wait until the import holds the diary.
    let marker = PathBuf::from(format!("{}-importing", db.display()));
    let start = std::time::Instant::now();
    while !marker.exists() && start.elapsed() < std::time::Duration::from_secs(120) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(marker.exists(), "the import started");
    let out = bin(&db)
        .env("DOSEDIARY_NO_AUTO_BACKUP", "1")
        .args(["log", "dose", "10"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the writer waited: {err}");
    assert!(!err.contains("locked"), "{err}");
    assert!(import.wait().unwrap().success());
    let list = json(bin(&db).args(["list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), base.len() * 4 + 2);
}
