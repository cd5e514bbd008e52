//! Issue 13 through the real binary: per-time doses, planned steps, the prescriber's maximum,
//! as-needed doses, other medicines, supply by strength, after running out, and every refusal.
//! "Now" is Friday 20 November 2026, 12:00 in Berlin (tests/common.rs).

mod common;

use common::*;

/// Runs `args` and asserts the one-line refusal: non-zero, one line on stderr containing
/// `expect`, and no diary file created.
fn refused(args: &[&str], expect: &str) {
    let (_d, db) = temp_db();
    let out = bin(&db).args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{args:?} was accepted");
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    assert!(err.contains(expect), "{args:?}: {err}");
    assert!(!db.exists(), "{args:?} created the diary");
}

/// As [`refused`], on an existing diary: nothing is added to it.
fn refused_in(db: &std::path::Path, args: &[&str], expect: &str) {
    let before = std::fs::read(db).unwrap();
    let out = bin(db).args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{args:?} was accepted");
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    assert!(err.contains(expect), "{args:?}: {err}");
    let v = json(bin(db).args(["regimen", "show", "--json"]));
    let _ = v;
    let after = std::fs::read(db).unwrap();
    assert_eq!(before.len(), after.len(), "{args:?} changed the diary size");
}

#[test]
fn every_new_argument_is_refused_in_one_line() {
    fn set<'a>(extra: &[&'a str]) -> Vec<&'a str> {
        let mut v = vec!["regimen", "set"];
        v.extend_from_slice(extra);
        v
    }
    refused(
        &set(&["--dose", "10,20", "--times", "08:00,14:00,20:00"]),
        "2 doses for 3 times",
    );
    refused(
        &set(&["--dose", "10,,20", "--times", "08:00,14:00,20:00"]),
        "--dose",
    );
    refused(
        &set(&["--dose", "10", "--times", "08:00", "--max-daily", "120"]),
        "--prescribed-above-label",
    );
    refused(
        &set(&[
            "--dose",
            "10",
            "--times",
            "08:00",
            "--max-daily",
            "301",
            "--prescribed-above-label",
        ]),
        "typo",
    );
    refused(
        &set(&[
            "--dose",
            "10",
            "--times",
            "08:00",
            "--prescribed-above-label",
        ]),
        "--max-daily",
    );
    refused(
        &set(&["--dose", "110,110,110", "--times", "08:00,14:00,20:00"]),
        "typo",
    );
    refused(
        &set(&[
            "--dose",
            "10",
            "--times",
            "08:00",
            "--as-needed",
            "10",
            "--as-needed-min-gap",
            "30m",
        ]),
        "under 1 hour",
    );
    refused(
        &set(&[
            "--dose",
            "10",
            "--times",
            "08:00",
            "--as-needed-min-gap",
            "4h",
        ]),
        "--as-needed MG",
    );
    refused(
        &set(&[
            "--dose",
            "10",
            "--times",
            "08:00",
            "--as-needed",
            "10",
            "--as-needed-max-daily",
            "5",
        ]),
        "less than one as-needed dose",
    );
    refused(
        &set(&["--dose", "10", "--times", "08:00", "--from", "2028-01-01"]),
        "more than a year ahead",
    );
    refused(&["regimen", "cancel", "abc"], "not a step number");
    refused(
        &["med", "add", "diazepam", "--class", "stimulant"],
        "accepted: benzodiazepine, opioid",
    );
    refused(&["supply", "add", "30", "--strength", "7"], "5, 10, 15, 20");
    refused(&["log", "dose", "10", "--as-needed"], "as-needed");
    refused(&["log", "med", "gabapentin"], "no diary");
}

#[test]
fn per_time_doses_drive_today_and_the_skip_amount() {
    let (_d, db) = temp_db();
    stdout(bin(&db).args([
        "regimen",
        "set",
        "--dose",
        "20,10,10",
        "--times",
        "22:00,08:00,14:00",
        "--from",
        "2026-11-19 00:00",
    ]));
    let v = json(bin(&db).args(["regimen", "show", "--json"]));
    assert_eq!(
        v["current"]["times"],
        serde_json::json!(["08:00", "14:00", "22:00"])
    );
    assert_eq!(
        v["current"]["doses_mcg"],
        serde_json::json!([10000, 10000, 20000])
    );
    let t = json(bin(&db).args(["today", "--json"]));
    let amounts: Vec<u64> = t["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["amount_mcg"].as_u64().unwrap())
        .collect();
    assert_eq!(amounts, [10000, 10000, 20000]);
    let text = stdout(bin(&db).args(["today"]));
    assert!(
        text.contains("10 mg at 08:00, 10 mg at 14:00, 20 mg at 22:00 (40 mg a day)"),
        "{text}"
    );
    // A 20 mg dose at 08:00 is more than the 10 mg due then, but not twice the largest dose:
    // no large_single_dose; the daily maximum counts every dose.
    let out = stdout(bin(&db).args(["log", "dose", "20", "--at", "08:00"]));
    assert!(!out.contains("Large single dose"), "{out}");
    // A skip stands for the dose of its slot: 20 mg at 22:00 (logged yesterday), 10 mg at 14:00.
    let out = stdout(bin(&db).args(["log", "skip", "--at", "yesterday 22:05"]));
    assert!(out.contains("skipped 20 mg"), "{out}");
    let out = stdout(bin(&db).args(["log", "skip", "--at", "11:50"]));
    assert!(out.contains("skipped 10 mg"), "{out}");
}

#[test]
fn an_export_made_before_this_change_imports_unchanged() {
    // tests/fixtures/export-v1-before-regimen.json was written by main before issue 13 (a demo
    // diary, a planned-taper regimen, a pack of tablets, an intake of gabapentin).
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/export-v1-before-regimen.json");
    // The fixture was exported at 21:00 on 20 Nov (Berlin), with entries up to then: import it
    // at that time (the import refuses entries more than 5 minutes in the future).
    let at = "2026-11-20T21:00:00+01:00";
    let (d, db) = temp_db();
    let out = stdout(bin_at(&db, at).args(["import", fixture.to_str().unwrap()]));
    assert!(out.contains("Imported"), "{out}");
    let again = d.path().join("again.json");
    stdout(bin_at(&db, at).args([
        "export",
        "--format",
        "json",
        "--out",
        again.to_str().unwrap(),
    ]));
    assert_eq!(
        std::fs::read_to_string(&fixture).unwrap(),
        std::fs::read_to_string(&again).unwrap(),
        "the round trip of an old export is byte-identical"
    );
    // Importing it twice adds nothing.
    let out = stdout(bin_at(&db, at).args(["import", fixture.to_str().unwrap()]));
    assert!(
        out.contains("Imported 0 new entries and 0 regimen changes"),
        "{out}"
    );
}

#[test]
fn a_schema_3_diary_migrates_keeping_every_entry() {
    // tests/fixtures/diary-schema3.sqlite3 is the diary the fixture export above was made from,
    // as main wrote it before issue 13 (schema 3).
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diary-schema3.sqlite3");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/export-v1-before-regimen.json");
    let (d, db) = temp_db();
    std::fs::copy(&src, &db).unwrap();
    let out = d.path().join("out.json");
    stdout(bin(&db).args(["export", "--format", "json", "--out", out.to_str().unwrap()]));
    assert_eq!(
        std::fs::read_to_string(&fixture).unwrap(),
        std::fs::read_to_string(&out).unwrap(),
        "every entry, regimen and pack survives the migration"
    );
    let v = json(bin(&db).args(["regimen", "show", "--json"]));
    let history = v["history"].as_array().unwrap();
    assert!(history.iter().any(|r| r["planned_taper"] == true), "{v}");
    assert!(history.iter().all(|r| r.get("doses_mcg").is_none()), "{v}");
}

#[test]
fn planned_steps_are_listed_cancelled_and_judged_at_entry() {
    let (_d, db) = temp_db();
    stdout(bin(&db).args([
        "regimen",
        "set",
        "--dose",
        "20",
        "--times",
        "08:00,14:00,20:00",
        "--from",
        "-10d",
    ]));
    // 60 -> 45 mg a day: slow enough, no warning.
    let ok = stdout(bin(&db).args([
        "regimen",
        "set",
        "--dose",
        "15",
        "--times",
        "08:00,14:00,20:00",
        "--from",
        "thursday",
        "--planned-taper",
    ]));
    assert!(
        ok.contains("Planned step 2 from Thu 26 Nov 2026 00:00"),
        "{ok}"
    );
    assert!(!ok.contains("Too fast"), "{ok}");
    let today = stdout(bin(&db).args(["today"]));
    assert!(
        today.contains("Planned: from Thursday: 15 mg at 08:00,14:00,20:00."),
        "{today}"
    );
    // 20 mg a day two days later: 60 mg was still the total within the 3 days before, a fall of
    // more than half.
    let fast = stdout(bin(&db).args([
        "regimen",
        "set",
        "--dose",
        "10",
        "--times",
        "08:00,20:00",
        "--from",
        "2026-11-28 08:00",
    ]));
    assert!(fast.contains("!! Too fast a reduction"), "{fast}");
    assert!(fast.contains("from 60 mg to 20 mg"), "{fast}");
    // Sources by title ("US prescribing information for baclofen tablets"), never by key.
    assert!(fast.contains("Sources: "), "{fast}");
    assert!(
        !fast.contains("label-tablet") && !fast.contains("rapid_reduction"),
        "{fast}"
    );
    let plan = json(bin(&db).args(["regimen", "plan", "--json"]));
    let steps = plan.as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0]["step"], 2);
    assert!(steps[0]["warning"].is_null());
    assert!(
        steps[1]["warning"]
            .as_str()
            .unwrap()
            .contains("60 mg to 20 mg")
    );
    // Cancel the fast step; the current regimen cannot be cancelled.
    let c = stdout(bin(&db).args(["regimen", "cancel", "3"]));
    assert!(c.contains("Cancelled planned step 3"), "{c}");
    assert_eq!(
        json(bin(&db).args(["regimen", "plan", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    refused_in(
        &db,
        &["regimen", "cancel", "1"],
        "is not planned: it started",
    );
    refused_in(&db, &["regimen", "cancel", "9"], "no planned step 9");
    // Undo brings the cancelled step back.
    stdout(bin(&db).args(["undo"]));
    assert_eq!(
        json(bin(&db).args(["regimen", "plan", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn a_prescribed_maximum_above_the_label_is_recorded_and_judged_against() {
    let (_d, db) = temp_db();
    let out = stdout(bin(&db).args([
        "regimen",
        "set",
        "--dose",
        "40",
        "--times",
        "08:00,13:00,19:00",
        "--max-daily",
        "120",
        "--prescribed-above-label",
        "--from",
        "-2d",
    ]));
    assert!(out.contains("above label maximum, prescribed"), "{out}");
    for (d, t) in [("-1d", "08:00"), ("-1d", "13:00"), ("-1d", "19:00")] {
        let _ = d;
        stdout(bin(&db).args(["log", "dose", "40", "--at", &format!("yesterday {t}")]));
    }
    // 120 mg yesterday: the prescribed dose, no daily_max_exceeded.
    let flags = json(bin(&db).args(["flags", "--json"]));
    assert!(
        !flags
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "daily_max_exceeded"),
        "{flags}"
    );
    let today = stdout(bin(&db).args(["today"]));
    assert!(
        today.contains("[above label maximum, prescribed]"),
        "{today}"
    );
    assert!(today.contains("of 120 mg maximum"), "{today}");
    // Above the prescribed maximum: flagged.
    stdout(bin(&db).args(["log", "dose", "40", "--at", "08:00"]));
    stdout(bin(&db).args(["log", "dose", "40", "--at", "10:30"]));
    let out = stdout(bin(&db).args(["log", "dose", "45", "--at", "11:59"]));
    assert!(out.contains("Above the daily maximum"), "{out}");
    assert!(out.contains("above the 120 mg daily maximum"), "{out}");
    // The card and the show output carry the badge.
    let show = stdout(bin(&db).args(["regimen", "show"]));
    assert!(show.contains("[above label maximum, prescribed]"), "{show}");
    let card = stdout(bin(&db).args(["card"]));
    assert!(card.contains("above label maximum, prescribed"), "{card}");
}

#[test]
fn as_needed_doses_never_fill_a_slot_and_have_their_own_limits() {
    let (_d, db) = temp_db();
    stdout(bin(&db).args([
        "regimen",
        "set",
        "--dose",
        "10",
        "--times",
        "08:00,20:00",
        "--as-needed",
        "10",
        "--as-needed-max-daily",
        "20",
        "--as-needed-min-gap",
        "4h",
        "--from",
        "-1d",
    ]));
    stdout(bin(&db).args(["log", "dose", "10", "--at", "08:00"]));
    let out = stdout(bin(&db).args(["log", "dose", "10", "--as-needed", "--at", "11:00"]));
    assert!(out.contains("10 mg as needed"), "{out}");
    let t = json(bin(&db).args(["today", "--json"]));
    assert_eq!(t["as_needed_taken_mcg"], 10000);
    assert_eq!(t["total_mcg"], 20000, "the daily total counts it");
    // The 20:00 slot is not filled by the as-needed dose.
    let slots = t["schedule"].as_array().unwrap();
    assert_eq!(slots[1]["status"], "upcoming");
    let list = json(bin(&db).args(["list", "--json"]));
    assert_eq!(list[1]["as_needed"], true);
}

#[test]
fn an_above_label_maximum_is_confirmed_with_sources_by_title_not_by_key() {
    let (_d, db) = temp_db();
    let out = stdout(bin(&db).args([
        "regimen",
        "set",
        "--dose",
        "40",
        "--times",
        "08:00,14:00,22:00",
        "--max-daily",
        "120",
        "--prescribed-above-label",
    ]));
    assert!(out.contains("above the 80 mg label maximum"), "{out}");
    assert!(out.contains("Sources: "), "{out}");
    // The catalog's internal keys (ansm-2017, bacloville-2020, geoffroy-2014, seed-001) never
    // reach a reader: a key is lower-case words and digits joined by hyphens.
    for key in ["ansm-2017", "bacloville-2020", "geoffroy-2014", "seed-001"] {
        assert!(!out.contains(key), "{key} in: {out}");
    }
}
