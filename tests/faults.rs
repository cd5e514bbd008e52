//! Faults: killed imports, two writers at once, and fuzzing of the readers.

mod common;

use std::time::Duration;

use chrono::{TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use common::*;
use dosediary::diary::Clock;
use dosediary::domain::{EntryKind, NewEntry};
use dosediary::store::Store;
use dosediary::tui::app::App;
use proptest::prelude::*;

/// kill -9 in the middle of importing a 10-year file: the diary stays intact and the import is
/// there completely or not at all.
#[test]
fn kill_9_during_a_large_import_is_all_or_nothing() {
    let (d, src) = temp_db();
    bin(&src)
        .args(["demo", "--days", "3650"])
        .assert()
        .success();
    let export = d.path().join("ten.json");
    bin(&src)
        .args([
            "export",
            "--format",
            "json",
            "--out",
            export.to_str().unwrap(),
        ])
        .assert()
        .success();
    let total = Store::open(&src).unwrap().count_entries().unwrap();
    assert!(total > 20_000);
    // Time one full import, then kill others at fractions of that time, so some die while parsing
    // and some while the transaction is writing or committing.
    let (_d1, full) = temp_db();
    let t0 = std::time::Instant::now();
    bin(&full)
        .args(["import", export.to_str().unwrap()])
        .assert()
        .success();
    let full_ms = t0.elapsed().as_millis() as u64;
    let mut outcomes = Vec::new();
    for delay_ms in [
        full_ms / 4,
        full_ms / 2,
        full_ms * 3 / 4,
        full_ms * 95 / 100,
    ] {
        let (_d2, db) = temp_db();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dosediary"))
            .env("DOSEDIARY_DB", &db)
            .env("DOSEDIARY_NOW", NOW)
            .env("TZ", TZ)
            .args(["import", export.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if !db.exists() {
            outcomes.push(0);
            continue;
        }
        let c = rusqlite::Connection::open(&db).unwrap();
        let ok: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap_or_else(|_| "ok".into());
        assert_eq!(ok, "ok", "after kill at {delay_ms} ms");
        let n: i64 = c
            .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
            .unwrap_or(0);
        assert!(
            n == 0 || n == total,
            "half an import: {n} of {total} after kill at {delay_ms} ms"
        );
        outcomes.push(n);
        // The diary still opens and works.
        drop(c);
        bin(&db).args(["log", "dose", "10"]).assert().success();
    }
    eprintln!(
        "full import {full_ms} ms; entries present after kill -9 at 25/50/75/95%: {outcomes:?} (of {total})"
    );
}

/// The app open while the command line logs entries: nothing is lost on either side.
#[test]
fn app_and_command_line_writing_at_once_lose_nothing() {
    let (_d, db) = temp_db();
    let now = Berlin
        .with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    let mut app = App::new(Store::open(&db).unwrap(), Berlin, Clock::fixed(now)).unwrap();
    let cli = std::thread::spawn({
        let db = db.clone();
        move || {
            for i in 0..15 {
                bin(&db)
                    .args([
                        "log",
                        "symptom",
                        &format!("cli entry {i}"),
                        "--at",
                        &format!("-{}m", i + 1),
                    ])
                    .assert()
                    .success();
            }
        }
    });
    for i in 0..15 {
        let at = (now - chrono::Duration::minutes(100 + i))
            .with_timezone(&Berlin)
            .fixed_offset();
        app.store
            .insert(
                &NewEntry {
                    at,
                    kind: EntryKind::Intake {
                        text: format!("app entry {i}"),
                    },
                    note: None,
                },
                now,
            )
            .unwrap();
        app.update(dosediary::tui::Action::Tick).unwrap();
    }
    cli.join().unwrap();
    app.update(dosediary::tui::Action::Tick).unwrap();
    assert_eq!(app.entries.len(), 30);
    assert_eq!(Store::open(&db).unwrap().count_entries().unwrap(), 30);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// The matcher never panics and always answers in bounded time on arbitrary text.
    #[test]
    fn text_matcher_never_panics(s in "\\PC{0,300}") {
        let a = dosediary::safety::analyze(&s);
        for sign in &a.signs {
            prop_assert!(!sign.id.is_empty());
        }
    }

    #[test]
    fn text_matcher_never_panics_on_wordy_input(words in proptest::collection::vec("(no|not|fever|seizure|temp|38\\.5|101f|if|but|dog|he|had|a|fit|ran|out|of|pills|,|\\.|'|-|°|c|f|[a-z]{1,12})", 0..60)) {
        let _ = dosediary::safety::analyze(&words.join(" "));
    }

    /// The import reader refuses malformed files cleanly: an error, never a panic.
    #[test]
    fn import_reader_never_panics(body in "\\PC{0,400}", entries in "\\PC{0,200}") {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x.json");
        for text in [body.clone(), format!("{{\"format\":\"dosediary-export\",\"schema_version\":1,\"entries\":[{entries}]}}")] {
            std::fs::write(&p, &text).unwrap();
            let _ = dosediary::export::read_export_at(&p, chrono::Utc::now());
        }
    }
}
