//! Benefit ratings (spasticity 0-10, spasms 0-4) through the real binary: logging, refusals,
//! list, edit, export and import (old exports included).

mod common;

use common::*;
use predicates::prelude::*;

#[test]
fn log_spasticity_and_spasms_show_in_list_json() {
    let (_d, db) = temp_db();
    bin(&db)
        .args(["log", "spasticity", "6", "--at", "yesterday 22:00"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Logged #1: spasticity 6/10 (moderate stiffness) at 22:00 on Thu 19 Nov.",
        ));
    bin(&db)
        .args(["log", "spasms", "3", "--note", "legs at night"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "spasms 3/4 (1 to 10 spasms an hour)",
        ));
    // The extremes of both scales are accepted, "/10" written out too.
    bin(&db)
        .args(["log", "spasticity", "0/10", "--at", "-1h"])
        .assert()
        .success();
    bin(&db)
        .args(["log", "spasms", "4", "--at", "-2h"])
        .assert()
        .success();
    bin(&db)
        .args(["log", "spasticity", "10", "--at", "-3h"])
        .assert()
        .success();
    let v = json(bin(&db).args(["list", "--json"]));
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 5);
    assert_eq!(a[0]["kind"], "rating");
    assert_eq!(a[0]["scale"], "spasticity");
    assert_eq!(a[0]["value"], 6);
    assert_eq!(a[0]["max"], 10);
    assert_eq!(a[0]["at"], "2026-11-19T22:00:00+01:00");
    let last = &a[4];
    assert_eq!(last["scale"], "spasms");
    assert_eq!(last["value"], 3);
    assert_eq!(last["max"], 4);
    assert_eq!(last["note"], "legs at night");
    let text = stdout(bin(&db).args(["list"]));
    assert!(text.contains("spasticity 6/10"), "{text}");
    assert!(text.contains("spasms 3/4"), "{text}");
}

#[test]
fn bad_ratings_are_one_line_and_write_nothing() {
    let (_d, db) = temp_db();
    let cases: &[(&[&str], &str)] = &[
        (&["log", "spasticity", "11"], "0 (no stiffness) to 10"),
        (&["log", "spasticity", "-1"], "0 (no stiffness) to 10"),
        (&["log", "spasticity", "6.5"], "whole number"),
        (&["log", "spasticity", "high"], "accepted"),
        (&["log", "spasticity", ""], "accepted"),
        (&["log", "spasms", "5"], "4 more than 10 an hour"),
        (&["log", "spasms", "10"], "0 none"),
        (&["log", "spasms", "2", "--at", "tomorrow"], "accepted"),
        (&["log", "spasms"], "0-4"),
    ];
    for (args, needle) in cases {
        let out = bin(&db).args(*args).output().unwrap();
        assert!(!out.status.success(), "{args:?} should fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: expected '{needle}' in {err}"
        );
        assert!(!db.exists(), "{args:?} created the diary");
    }
}

#[test]
fn edit_a_rating_on_its_own_scale() {
    let (_d, db) = temp_db();
    stdout(bin(&db).args(["log", "spasms", "2", "--at", "-1h"]));
    bin(&db)
        .args(["edit", "1", "--severity", "7"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("spasms '7' is not accepted"));
    bin(&db)
        .args(["edit", "1", "--text", "cramps"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("accepted for ratings"));
    bin(&db)
        .args(["edit", "1", "--severity", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("spasms 1/4"));
    let v = json(bin(&db).args(["list", "--json"]));
    assert_eq!(v[0]["value"], 1);
    // Undo restores the rating as it was.
    stdout(bin(&db).args(["undo"]));
    let v = json(bin(&db).args(["list", "--json"]));
    assert_eq!(v[0]["value"], 2);
}

#[test]
fn ratings_survive_export_and_import_and_old_exports_still_import() {
    let (d, db) = temp_db();
    stdout(bin(&db).args(["log", "dose", "10", "--at", "08:00"]));
    stdout(bin(&db).args(["log", "spasticity", "5", "--at", "yesterday 22:00"]));
    stdout(bin(&db).args(["log", "spasms", "1", "--at", "yesterday 22:01"]));
    let first = stdout(bin(&db).args(["export", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    let ratings: Vec<_> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "rating")
        .collect();
    assert_eq!(ratings.len(), 2);
    assert_eq!(ratings[0]["scale"], "spasticity");
    assert_eq!(ratings[0]["value"], 5);
    let (_d2, db2) = temp_db();
    let file = d.path().join("export.json");
    std::fs::write(&file, &first).unwrap();
    stdout(bin(&db2).args(["import", file.to_str().unwrap()]));
    stdout(bin(&db2).args(["import", file.to_str().unwrap()]));
    assert_eq!(
        first,
        stdout(bin(&db2).args(["export", "--format", "json"]))
    );
    // CSV carries the scale in the text column and the value in the severity column.
    let csv = stdout(bin(&db).args(["export", "--format", "csv"]));
    assert!(
        csv.lines()
            .any(|l| l.contains(",rating,") && l.contains(",spasticity,5,")),
        "{csv}"
    );

    // An export written before ratings existed (no scale/value fields anywhere) still imports.
    let old = r#"{"format":"dosediary-export","schema_version":1,"entries":[
        {"uid":"old-1","kind":"dose","at":"2026-11-18T08:00:00+01:00","recorded_at":"2026-11-18T07:00:00Z","amount_mcg":10000},
        {"uid":"old-2","kind":"symptom","at":"2026-11-18T10:00:00+01:00","recorded_at":"2026-11-18T09:00:00Z","text":"drowsiness","severity":4,"drowsiness_rating":true}
    ],"regimens":[]}"#;
    let (_d3, db3) = temp_db();
    let f3 = d.path().join("old.json");
    std::fs::write(&f3, old).unwrap();
    stdout(bin(&db3).args(["import", f3.to_str().unwrap()]));
    let v = json(bin(&db3).args(["list", "--json"]));
    assert_eq!(v.as_array().unwrap().len(), 2);
    // A rating without its scale, or above its scale, is refused whole.
    for bad in [
        r#"{"uid":"r1","kind":"rating","at":"2026-11-18T22:00:00+01:00","recorded_at":"2026-11-18T21:00:00Z","value":3}"#,
        r#"{"uid":"r2","kind":"rating","at":"2026-11-18T22:00:00+01:00","recorded_at":"2026-11-18T21:00:00Z","scale":"spasms","value":5}"#,
    ] {
        let body = format!(
            r#"{{"format":"dosediary-export","schema_version":1,"entries":[{bad}],"regimens":[]}}"#
        );
        std::fs::write(&f3, body).unwrap();
        bin(&db3)
            .args(["import", f3.to_str().unwrap()])
            .assert()
            .failure()
            .stderr(predicate::str::contains("rating"));
    }
    assert_eq!(
        json(bin(&db3).args(["list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn ratings_raise_no_flag_and_are_not_read_as_symptom_text() {
    let (_d, db) = temp_db();
    stdout(bin(&db).args(["log", "spasticity", "10", "--at", "-1h"]));
    stdout(bin(&db).args(["log", "spasms", "4", "--at", "-1h"]));
    let f = json(bin(&db).args(["flags", "--json"]));
    assert_eq!(f.as_array().unwrap().len(), 0, "{f}");
}
