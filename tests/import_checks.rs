//! `import` applies every check the command line applies (issue 10 point 7), to entries and
//! to imported regimens, supply and pump rows: a refused file names the row (its position, and
//! for an entry its uid) and the reason in one line, and writes nothing (the diary is not even
//! created). Each case is a crafted file: a real export with one field changed.

mod common;

use common::*;
use serde_json::{Value, json};

/// A real export: a per-time regimen with as-needed doses, a dose, a symptom, a supply pack
/// and a pump with a refill and an alarm.
fn base_export() -> Value {
    let (_d, db) = temp_db();
    for args in [
        &[
            "regimen",
            "set",
            "--dose",
            "10,10,20",
            "--times",
            "08:00,14:00,22:00",
            "--as-needed",
            "10",
            "--from",
            "-10d",
        ][..],
        &["log", "dose", "10", "--at", "08:05"],
        &[
            "log",
            "symptom",
            "dizzy",
            "--severity",
            "3",
            "--at",
            "09:00",
        ],
        &["supply", "add", "90", "--strength", "10", "--at", "-5d"],
        &[
            "pump",
            "set",
            "--concentration",
            "2000",
            "--reservoir",
            "20",
            "--daily",
            "400",
            "--at",
            "-20d",
        ],
        &["pump", "refill", "--at", "-2d"],
        &["pump", "alarm", "low-reservoir", "--at", "-1h"],
    ] {
        stdout(bin(&db).args(args));
    }
    json(bin(&db).args(["export", "--format", "json"]))
}

/// Imports `v` into a new diary: refused in one line containing every `needle`, nothing created.
fn refused(v: &Value, needles: &[&str]) {
    let (d, db) = temp_db();
    let file = d.path().join("crafted.json");
    std::fs::write(&file, serde_json::to_string(v).unwrap()).unwrap();
    let out = bin(&db).arg("import").arg(&file).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "accepted, expected {needles:?}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    for n in needles {
        assert!(err.contains(n), "expected '{n}' in: {err}");
    }
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(
        !db.exists(),
        "a refused import created the diary ({needles:?})"
    );
}

/// `base` with `f` applied.
fn with(base: &Value, f: impl FnOnce(&mut Value)) -> Value {
    let mut v = base.clone();
    f(&mut v);
    v
}

#[test]
fn the_base_file_imports_and_a_refused_one_changes_an_existing_diary_in_nothing() {
    let base = base_export();
    let (d, db) = temp_db();
    let file = d.path().join("good.json");
    std::fs::write(&file, serde_json::to_string(&base).unwrap()).unwrap();
    stdout(bin(&db).arg("import").arg(&file));
    let before = stdout(bin(&db).args(["export", "--format", "json"]));
    // All or nothing: a good regimen and entries, then one bad regimen.
    let bad = with(&base, |v| {
        v["regimens"][0]["max_daily_mcg"] = json!(120_000)
    });
    let (d2, db2) = temp_db();
    let bad_file = d2.path().join("bad.json");
    std::fs::write(&bad_file, serde_json::to_string(&bad).unwrap()).unwrap();
    // Into a fresh diary for the uids to be new, and into the filled one.
    for target in [&db2, &db] {
        bin(target).arg("import").arg(&bad_file).assert().failure();
    }
    assert!(!db2.exists());
    assert_eq!(
        before,
        stdout(bin(&db).args(["export", "--format", "json"]))
    );
}

#[test]
fn imported_regimens_are_held_to_the_limits_of_regimen_set() {
    let base = base_export();
    let r = |f: &dyn Fn(&mut Value)| with(&base, |v| f(&mut v["regimens"][0]));
    // The daily maximum: the 80 mg label maximum unless prescribed above it, never over 300.
    refused(
        &r(&|x| x["max_daily_mcg"] = json!(120_000)),
        &[
            "regimen 1 (from ",
            "above the 80 mg label maximum",
            "--prescribed-above-label",
        ],
    );
    refused(
        &r(&|x| {
            x["max_daily_mcg"] = json!(400_000);
            x["prescribed_above_label"] = json!(true)
        }),
        &["regimen 1", "more than 300 mg", "typo"],
    );
    // Accepted above the label when prescribed so.
    let ok = r(&|x| {
        x["max_daily_mcg"] = json!(120_000);
        x["prescribed_above_label"] = json!(true)
    });
    let (d, db) = temp_db();
    let file = d.path().join("ok.json");
    std::fs::write(&file, serde_json::to_string(&ok).unwrap()).unwrap();
    stdout(bin(&db).arg("import").arg(&file));
    // Times: valid, in order, each once; one dose per time.
    refused(
        &r(&|x| x["times"] = json!(["08:00", "25:00", "22:00"])),
        &["regimen 1", "bad times"],
    );
    refused(
        &r(&|x| x["times"] = json!(["22:00", "14:00", "08:00"])),
        &["regimen 1", "out of order"],
    );
    refused(
        &r(&|x| x["times"] = json!(["08:00", "08:00", "22:00"])),
        &["regimen 1", "repeated"],
    );
    refused(&r(&|x| x["times"] = json!([])), &["regimen 1", "empty"]);
    refused(
        &r(&|x| x["doses_mcg"] = json!([10_000, 20_000])),
        &["regimen 1", "2 doses for 3 times"],
    );
    // A dose over 200 mg, and a schedule over 300 mg a day.
    refused(
        &r(&|x| {
            x["dose_mcg"] = json!(250_000);
            x["doses_mcg"] = json!([])
        }),
        &["regimen 1", "above 200 mg"],
    );
    refused(
        &r(&|x| {
            x["dose_mcg"] = json!(150_000);
            x["doses_mcg"] = json!([])
        }),
        &["regimen 1", "450 mg a day", "typo"],
    );
    // As-needed limits.
    refused(
        &r(&|x| x["as_needed"]["min_gap_min"] = json!(20)),
        &["regimen 1", "--as-needed-min-gap", "1 to 24 hours"],
    );
    refused(
        &r(&|x| x["as_needed"]["max_daily_mcg"] = json!(5_000)),
        &["regimen 1", "less than one as-needed dose"],
    );
    refused(
        &r(&|x| x["as_needed"]["dose_mcg"] = json!(150_000)),
        &["regimen 1", "above 100 mg"],
    );
    // Dates: from 1900, planned at most a year ahead, recorded by now.
    refused(
        &r(&|x| x["effective_from"] = json!("1899-12-31T08:00:00+00:00")),
        &["regimen 1", "outside 1900"],
    );
    refused(
        &r(&|x| x["effective_from"] = json!("2028-06-01T08:00:00+01:00")),
        &["regimen 1", "a year from now"],
    );
    refused(
        &r(&|x| x["recorded_at"] = json!("2027-01-01T00:00:00Z")),
        &["regimen 1", "recorded_at", "now + 5 minutes"],
    );
}

#[test]
fn imported_entries_supply_and_pump_rows_are_checked_like_typed_input() {
    let base = base_export();
    let e = |i: usize, f: &dyn Fn(&mut Value)| with(&base, |v| f(&mut v["entries"][i]));
    let uid = |i: usize| base["entries"][i]["uid"].as_str().unwrap().to_string();
    let dose = base["entries"]
        .as_array()
        .unwrap()
        .iter()
        .position(|x| x["kind"] == "dose")
        .unwrap();
    let symptom = base["entries"]
        .as_array()
        .unwrap()
        .iter()
        .position(|x| x["kind"] == "symptom")
        .unwrap();
    let n = |i: usize| format!("entry {} (uid '{}')", i + 1, uid(i));
    refused(
        &e(dose, &|x| x["at"] = json!("1850-01-01T08:00:00+00:00")),
        &[&n(dose), "outside 1900"],
    );
    refused(
        &e(dose, &|x| x["at"] = json!("2026-11-20T13:00:00+01:00")),
        &[&n(dose), "now + 5 minutes"],
    );
    refused(
        &e(dose, &|x| x["amount_mcg"] = json!(2_000_000)),
        &[&n(dose), "above 1000 mg"],
    );
    refused(
        &e(symptom, &|x| x["text"] = json!("x".repeat(2001))),
        &[&n(symptom), "longer than 2000"],
    );
    refused(
        &e(symptom, &|x| x["text"] = json!("\u{1b}[2J\u{7}")),
        &[&n(symptom), "only control"],
    );
    refused(
        &e(symptom, &|x| x["note"] = json!("")),
        &[&n(symptom), "note", "empty"],
    );
    refused(
        &e(symptom, &|x| x["severity"] = json!(11)),
        &[&n(symptom), "0-10"],
    );
    // The same uid twice in one file.
    let twice = with(&base, |v| {
        let first = v["entries"][dose].clone();
        v["entries"].as_array_mut().unwrap().push(first);
    });
    let last = base["entries"].as_array().unwrap().len() + 1;
    refused(
        &twice,
        &[&format!("entry {last}"), &uid(dose), "appears twice"],
    );
    // Supply and pump rows.
    refused(
        &with(&base, |v| v["supply"][0]["strength_mcg"] = json!(7_000)),
        &["supply 1", "not a baclofen tablet strength"],
    );
    refused(
        &with(&base, |v| {
            v["supply"][0]["at"] = json!("2030-01-01T08:00:00+01:00")
        }),
        &["supply 1", "now + 5 minutes"],
    );
    refused(
        &with(&base, |v| {
            v["pump_settings"][0]["clinic"] = json!("x".repeat(300))
        }),
        &["pump setting 1", "clinic"],
    );
    refused(
        &with(&base, |v| {
            v["pump_refills"][0]["at"] = json!("1800-01-01T08:00:00+00:00")
        }),
        &["pump refill 1", "outside 1900"],
    );
    refused(
        &with(&base, |v| v["pump_alarms"][0]["note"] = json!("   ")),
        &["pump alarm 1", "note", "empty"],
    );
}
