//! The command-line contract of ../shared/PRODUCT.md, through the real binary.

mod common;

use common::*;
use predicates::prelude::*;

fn count_entries(db: &std::path::Path) -> usize {
    json(bin(db).args(["list", "--json"]))
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn log_dose_symptom_and_list_json() {
    let (_d, db) = temp_db();
    bin(&db)
        .args(["log", "dose", "10mg"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Logged #1: dose 10 mg"));
    bin(&db)
        .args(["log", "symptom", "dizzy", "--severity", "4", "--at", "-1h"])
        .assert()
        .success();
    bin(&db)
        .args(["log", "intake", "2 beers", "--at", "08:30"])
        .assert()
        .success();
    bin(&db)
        .args([
            "log",
            "dose",
            "2.5 mg",
            "--at",
            "yesterday 21:00",
            "--note",
            "half tablet",
        ])
        .assert()
        .success();
    bin(&db)
        .args(["log", "dose", "300mcg", "--at", "2026-11-20 07:15"])
        .assert()
        .success();
    let v = json(bin(&db).args(["list", "--json"]));
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 5);
    // Oldest first.
    assert_eq!(a[0]["kind"], "dose");
    assert_eq!(a[0]["amount_mcg"], 2500);
    assert_eq!(a[0]["at"], "2026-11-19T21:00:00+01:00");
    assert_eq!(a[0]["note"], "half tablet");
    assert_eq!(a[1]["amount_mcg"], 300);
    assert_eq!(a[1]["at"], "2026-11-20T07:15:00+01:00");
    assert_eq!(a[2]["kind"], "intake");
    assert_eq!(a[2]["text"], "2 beers");
    assert_eq!(a[3]["kind"], "symptom");
    assert_eq!(a[3]["text"], "dizzy");
    assert_eq!(a[3]["severity"], 4);
    assert_eq!(a[3]["at"], "2026-11-20T11:00:00+01:00");
    assert_eq!(a[4]["amount_mcg"], 10000);
    assert_eq!(a[4]["at"], "2026-11-20T12:00:00+01:00");
    for e in a {
        assert!(e["id"].is_i64());
        assert!(
            e["recorded_at"]
                .as_str()
                .unwrap()
                .starts_with("2026-11-20T11:00:00")
        );
    }
}

#[test]
fn list_filters_by_time() {
    let (_d, db) = temp_db();
    bin(&db)
        .args(["log", "dose", "10", "--at", "-2d"])
        .assert()
        .success();
    bin(&db)
        .args(["log", "dose", "10", "--at", "-1h"])
        .assert()
        .success();
    let v = json(bin(&db).args(["list", "--json", "--since", "-1d"]));
    assert_eq!(v.as_array().unwrap().len(), 1);
    let v = json(bin(&db).args(["list", "--json", "--until", "2026-11-19"]));
    assert_eq!(v.as_array().unwrap().len(), 1);
    bin(&db)
        .args(["list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Friday 20 November 2026"));
}

/// Every refused input: exit non-zero, one line on stderr saying what is accepted, nothing written.
#[test]
fn refused_input_writes_nothing() {
    let (_d, db) = temp_db();
    let cases: &[(&[&str], &str)] = &[
        (&["log", "dose", "ten"], "accepted: 10, 10mg"),
        (&["log", "dose", "0"], "above zero"),
        (&["log", "dose", "-5mg"], "above zero"),
        (&["log", "dose", "NaN"], "accepted"),
        (&["log", "dose", "5ml"], "in mg"),
        (&["log", "dose", "5 mL"], "in mg"),
        (&["log", "dose", "1000.5mg"], "emergency"),
        (
            &["log", "dose", "10", "--at", "tomorrow"],
            "accepted: 2026-11-20T08:00",
        ),
        (&["log", "dose", "10", "--at", "12:30"], "future"),
        (&["log", "dose", "10", "--at", "25:00"], "accepted"),
        (&["log", "symptom", ""], "empty"),
        (&["log", "symptom", "   "], "empty"),
        (&["log", "symptom", "dizzy", "--severity", "11"], "0-10"),
        (&["log", "symptom", "dizzy", "--severity", "-1"], "0-10"),
        (&["log", "symptom", "dizzy", "--severity", "high"], "0-10"),
        (&["log", "drowsiness", "12"], "0-10"),
        (&["log", "intake", ""], "empty"),
        (&["regimen", "set", "--dose", "10", "--times", "8"], "HH:MM"),
        (
            &["regimen", "set", "--dose", "10", "--times", "08:00,08:00"],
            "twice",
        ),
        (
            &["regimen", "set", "--dose", "10", "--times", "24:00"],
            "HH:MM",
        ),
        (
            &["regimen", "set", "--dose", "10ml", "--times", "08:00"],
            "in mg",
        ),
        (
            &[
                "regimen",
                "set",
                "--dose",
                "10",
                "--times",
                "08:00",
                "--max-daily",
                "120",
            ],
            "80 mg",
        ),
        (&["export", "--format", "xml"], "accepted: csv, json"),
        (&["log", "dose"], "AMOUNT"),
        (&["log", "potion", "1"], "unrecognized"),
        (
            &["supply", "add", "ninety", "--strength", "10"],
            "number of tablets",
        ),
        (
            &["supply", "add", "0", "--strength", "10"],
            "from 1 to 10000",
        ),
        (
            &["supply", "add", "-5", "--strength", "10"],
            "number of tablets",
        ),
        (
            &["supply", "add", "2.5", "--strength", "10"],
            "whole number",
        ),
        (&["supply", "add", "20000", "--strength", "10"], "10000"),
        (
            &["supply", "count", "-1", "--strength", "10"],
            "from 0 to 10000",
        ),
        (&["supply", "add", "90", "--strength", "10ml"], "in mg"),
        (&["supply", "add", "90", "--strength", "0"], "above zero"),
        (
            &["supply", "add", "90", "--strength", "250"],
            "tablet strength",
        ),
        (&["supply", "add", "90"], "--strength"),
        (
            &[
                "supply",
                "add",
                "90",
                "--strength",
                "10",
                "--at",
                "tomorrow",
            ],
            "accepted",
        ),
    ];
    for (args, needle) in cases {
        let out = bin(&db).args(*args).output().unwrap();
        assert!(!out.status.success(), "{args:?} should fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{args:?}: one line, got:\n{err}"
        );
        assert!(
            err.contains(needle),
            "{args:?}: expected '{needle}' in: {err}"
        );
        assert!(!db.exists(), "{args:?} created the diary");
    }
    // And on an existing diary, nothing is added.
    bin(&db).args(["log", "dose", "10"]).assert().success();
    for (args, _) in cases {
        bin(&db).args(*args).assert().failure();
    }
    assert_eq!(count_entries(&db), 1);
}

#[test]
fn regimen_history_is_kept_and_shown() {
    let (_d, db) = temp_db();
    bin(&db)
        .args([
            "regimen",
            "set",
            "--dose",
            "5",
            "--times",
            "08:00,14:00,20:00",
            "--from",
            "-10d",
        ])
        .assert()
        .success();
    bin(&db)
        .args([
            "regimen",
            "set",
            "--dose",
            "10",
            "--times",
            "20:00,08:00,14:00",
            "--kidney-impairment",
            "--from",
            "-1d",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("kidney"));
    let v = json(bin(&db).args(["regimen", "show", "--json"]));
    assert_eq!(v["current"]["dose_mcg"], 10000);
    assert_eq!(
        v["current"]["times"],
        serde_json::json!(["08:00", "14:00", "20:00"])
    );
    assert_eq!(v["current"]["kidney_impairment"], true);
    assert_eq!(v["history"].as_array().unwrap().len(), 2);
    assert_eq!(v["history"][0]["dose_mcg"], 5000);
    bin(&db)
        .args(["regimen", "show"])
        .assert()
        .success()
        .stdout(predicate::str::contains("10 mg at 08:00,14:00,20:00"));
}

#[test]
fn today_shows_schedule_next_dose_and_total() {
    let (_d, db) = temp_db();
    bin(&db)
        .args([
            "regimen",
            "set",
            "--dose",
            "10",
            "--times",
            "08:00,14:00,20:00",
            "--from",
            "-2d",
        ])
        .assert()
        .success();
    bin(&db)
        .args(["log", "dose", "10", "--at", "08:10"])
        .assert()
        .success();
    let v = json(bin(&db).args(["today", "--json"]));
    assert_eq!(v["date"], "2026-11-20");
    assert_eq!(v["total_mcg"], 10000);
    assert_eq!(v["max_daily_mcg"], 80000);
    // Each amount in micrograms has its readable twin beside it.
    assert_eq!(v["total"], "10 mg");
    assert_eq!(v["max_daily"], "80 mg");
    assert_eq!(v["next_dose"]["amount"], "10 mg");
    assert_eq!(v["next_dose"]["amount_mcg"], 10000);
    assert_eq!(
        v["yesterday_missed"]["amount"], "10 mg",
        "yesterday 20:00 was missed"
    );
    let s = v["schedule"].as_array().unwrap();
    assert_eq!(s.len(), 3);
    assert_eq!(s[0]["status"], "taken");
    assert_eq!(s[0]["amount"], "10 mg");
    assert_eq!(s[0]["taken_amount"], "10 mg");
    assert_eq!(s[0]["taken_amount_mcg"], 10000);
    assert_eq!(s[1]["status"], "upcoming");
    assert_eq!(v["next_dose"]["at"], "2026-11-20T14:00:00+01:00");
    assert_eq!(v["next_dose"]["in_minutes"], 120);
    let text = stdout(bin(&db).args(["today"]));
    assert!(
        text.contains("Next dose: 10 mg at 14:00 (in 2 h 0 min)"),
        "{text}"
    );
    assert!(
        text.contains("Total today: 10 mg of 80 mg maximum."),
        "{text}"
    );
}

#[test]
fn today_without_regimen_points_to_regimen_set() {
    let (_d, db) = temp_db();
    // No diary yet: `today` creates none and says how to start one.
    bin(&db)
        .args(["today"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("regimen set"));
    stdout(bin(&db).args(["log", "symptom", "stiff legs"]));
    bin(&db)
        .args(["today"])
        .assert()
        .success()
        .stdout(predicate::str::contains("regimen set"));
}

#[test]
fn check_json_shape_and_negation() {
    let (_d, db) = temp_db();
    let v = json(bin(&db).args(["check", "--json", "no temperature since Sunday"]));
    assert_eq!(v["urgency"], "none");
    assert_eq!(v["signs"].as_array().unwrap().len(), 0);
    let v = json(bin(&db).args(["check", "--json", "he had a fit and his lips are swelling"]));
    assert_eq!(v["urgency"], "emergency");
    let ids: Vec<&str> = v["signs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"seizure") && ids.contains(&"facial_swelling"),
        "{ids:?}"
    );
    let s = &v["signs"][0];
    assert!(s["categories"].is_array() && s["urgency"].is_string() && s["matched"].is_string());
    // check never creates a diary.
    assert!(!db.exists());
    bin(&db)
        .args([
            "check",
            "shaking all over and burning up since I ran out of pills",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("EMERGENCY")
                .and(predicate::str::contains("Call your local emergency number")),
        );
}

#[test]
fn flags_json_shape_and_as_of() {
    let (_d, db) = temp_db();
    bin(&db)
        .args([
            "regimen",
            "set",
            "--dose",
            "20",
            "--times",
            "08:00,14:00,20:00",
            "--from",
            "-5d",
        ])
        .assert()
        .success();
    bin(&db)
        .args(["log", "dose", "40", "--at", "-4h"])
        .assert()
        .success();
    bin(&db)
        .args(["log", "dose", "40", "--at", "-3h"])
        .assert()
        .success();
    bin(&db)
        .args(["log", "dose", "20", "--at", "-1h"])
        .assert()
        .success();
    let v = json(bin(&db).args(["flags", "--json"]));
    let a = v.as_array().unwrap();
    let rules: Vec<&str> = a.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"daily_max_exceeded"), "{rules:?}");
    assert!(rules.contains(&"double_dose"), "{rules:?}");
    for f in a {
        for k in [
            "rule", "kind", "category", "urgency", "at", "title", "detail", "sources",
        ] {
            assert!(!f[k].is_null(), "{k} missing in {f}");
        }
        assert!(f["sources"].as_array().is_some_and(|s| !s.is_empty()));
    }
    let max = a
        .iter()
        .find(|f| f["rule"] == "daily_max_exceeded")
        .unwrap();
    assert!(max["detail"].as_str().unwrap().contains("100 mg"), "{max}");
    // As of before the last dose, the daily maximum was not yet exceeded.
    let v = json(bin(&db).args(["flags", "--json", "--as-of", "-2h"]));
    let rules: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.contains(&"daily_max_exceeded"), "{rules:?}");
    assert!(rules.contains(&"double_dose"));
}

#[test]
fn symptom_log_prints_the_flag_it_raises() {
    let (_d, db) = temp_db();
    bin(&db)
        .args(["log", "symptom", "my lips and tongue are swelling up"])
        .assert()
        .success()
        .stdout(predicate::str::contains("EMERGENCY").and(predicate::str::contains("112")));
    bin(&db)
        .args(["log", "symptom", "fine today, no rash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No warning sign"));
    bin(&db)
        .args(["log", "intake", "oxycodone 5mg"])
        .assert()
        .success();
}

#[test]
fn undo_edit_delete() {
    let (_d, db) = temp_db();
    bin(&db)
        .args(["log", "dose", "10", "--at", "-3h"])
        .assert()
        .success();
    bin(&db)
        .args(["log", "symptom", "dizy", "--at", "-2h"])
        .assert()
        .success();
    bin(&db)
        .args(["edit", "2", "--text", "dizzy", "--severity", "3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("first recorded"));
    let v = json(bin(&db).args(["list", "--json"]));
    assert_eq!(v[1]["text"], "dizzy");
    assert!(v[1]["edited_at"].is_string());
    assert_eq!(v[1]["recorded_at"], v[0]["recorded_at"]);
    bin(&db).args(["delete", "1"]).assert().success();
    assert_eq!(count_entries(&db), 1);
    bin(&db)
        .args(["undo"])
        .assert()
        .success()
        .stdout(predicate::str::contains("brought back"));
    assert_eq!(count_entries(&db), 2);
    bin(&db)
        .args(["undo"])
        .assert()
        .success()
        .stdout(predicate::str::contains("before the edit"));
    assert_eq!(json(bin(&db).args(["list", "--json"]))[1]["text"], "dizy");
    bin(&db).args(["undo"]).assert().success();
    bin(&db).args(["undo"]).assert().success();
    assert_eq!(count_entries(&db), 0);
    bin(&db)
        .args(["undo"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing to undo"));
    bin(&db)
        .args(["delete", "99"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no entry with id 99"));
    bin(&db)
        .args(["edit", "1", "--severity", "4"])
        .assert()
        .failure();
}

#[test]
fn export_import_round_trip_is_identical_and_idempotent() {
    let (_d, db) = temp_db();
    bin(&db).args(["demo", "--days", "20"]).assert().success();
    stdout(bin(&db).args(["supply", "add", "90", "--strength", "10", "--at", "-5d"]));
    stdout(bin(&db).args([
        "supply",
        "count",
        "71",
        "--strength",
        "10",
        "--note",
        "recount",
    ]));
    let first = stdout(bin(&db).args(["export", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(
        v["supply"].as_array().unwrap().len(),
        2,
        "supply is exported"
    );
    assert_eq!(v["supply"][1]["kind"], "count");
    assert_eq!(v["supply"][1]["note"], "recount");
    let (_d2, db2) = temp_db();
    let file = _d2.path().join("export.json");
    std::fs::write(&file, &first).unwrap();
    bin(&db2)
        .args(["import", file.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("Imported"));
    bin(&db2)
        .args(["import", file.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("Imported 0 new entries"))
        .stdout(predicate::str::contains("0 of 2 supply records"));
    let second = stdout(bin(&db2).args(["export", "--format", "json"]));
    assert_eq!(first, second);
    // The imported supply gives the same projection.
    let a = json(bin(&db).args(["supply", "show", "--json"]));
    let b = json(bin(&db2).args(["supply", "show", "--json"]));
    assert_eq!(a["supply"], b["supply"]);
    assert!(a["supply"]["on_hand_mcg"].as_i64().unwrap() <= 710_000);
    let csv = stdout(bin(&db).args(["export", "--format", "csv"]));
    assert!(csv.starts_with("uid,kind,at,"));
    assert!(csv.lines().count() > 20);
}

#[test]
fn import_refuses_bad_files_whole() {
    let (d, db) = temp_db();
    let bad = d.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"format\":\"dosediary-export\",\"schema_version\":99,\"entries\":[]}",
    )
    .unwrap();
    bin(&db)
        .args(["import", bad.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("newer"));
    std::fs::write(&bad, "not json").unwrap();
    bin(&db)
        .args(["import", bad.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a dosediary JSON export"));
    // A valid entry followed by a broken one: nothing is imported.
    let body = r#"{"format":"dosediary-export","schema_version":1,"entries":[
      {"uid":"a","kind":"dose","at":"2026-11-20T08:00:00+01:00","recorded_at":"2026-11-20T07:00:00Z","amount_mcg":10000},
      {"uid":"b","kind":"symptom","at":"2026-11-20T09:00:00+01:00","recorded_at":"2026-11-20T08:00:00Z","text":"x","severity":42}]}"#;
    std::fs::write(&bad, body).unwrap();
    bin(&db)
        .args(["import", bad.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("entry 2"));
    assert!(!db.exists() || count_entries(&db) == 0);
}

#[test]
fn refuses_a_file_that_is_not_a_diary_and_leaves_it_untouched() {
    let (d, _) = temp_db();
    let p = d.path().join("notes.txt");
    let content = "my shopping list\n".repeat(20);
    std::fs::write(&p, &content).unwrap();
    bin(&p)
        .args(["today"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a dosediary diary"));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), content);
    // A truncated SQLite file.
    let (_d2, db) = temp_db();
    bin(&db).args(["log", "dose", "10"]).assert().success();
    let bytes = std::fs::read(&db).unwrap();
    let t = d.path().join("trunc.sqlite3");
    std::fs::write(&t, &bytes[..50]).unwrap();
    bin(&t)
        .args(["today"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a dosediary diary"));
    assert_eq!(std::fs::read(&t).unwrap(), &bytes[..50]);
    // A folder.
    bin(d.path())
        .args(["today"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("folder"));
}

#[cfg(unix)]
#[test]
fn diary_file_and_new_folder_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("new").join("sub").join("diary.sqlite3");
    bin(&db).args(["log", "dose", "10"]).assert().success();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(db.parent().unwrap()), 0o700);
}

#[test]
fn unwritable_location_gives_a_clear_error() {
    // A parent that is a file cannot hold a diary, even for root (chmod tests are void as root).
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("plain-file");
    std::fs::write(&f, "x").unwrap();
    let db = f.join("diary.sqlite3");
    bin(&db)
        .args(["log", "dose", "10"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot create the diary"));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "x");
}

#[test]
fn help_lists_every_contract_command() {
    let out = stdout(
        assert_cmd::Command::cargo_bin("dosediary")
            .unwrap()
            .arg("--help"),
    );
    for c in [
        "log", "regimen", "list", "today", "check", "flags", "export", "import", "report", "demo",
    ] {
        assert!(out.contains(c), "{c} missing from --help");
    }
}

#[test]
fn report_is_one_self_contained_html_file() {
    let (d, db) = temp_db();
    bin(&db).args(["demo", "--days", "60"]).assert().success();
    bin(&db)
        .args([
            "log",
            "symptom",
            "<script>alert(1)</script> hives and lips swelling",
            "--note",
            "a & b",
        ])
        .assert()
        .success();
    let out = d.path().join("report.html");
    bin(&db)
        .args(["report", "--out", out.to_str().unwrap()])
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    for section in [
        "<h2>Regimen</h2>",
        "<h2>Adherence</h2>",
        "<h2>Daily totals</h2>",
        "<h2>Drowsiness</h2>",
        "<h2>Symptoms</h2>",
        "<h2>Flags</h2>",
        "<h2>Notes</h2>",
        "<h2>Sources</h2>",
    ] {
        assert!(html.contains(section), "missing {section}");
    }
    // Inline charts: daily mg with spasticity and drowsiness on one dated axis (the daily totals
    // and drowsiness-per-day charts of the first report, merged), and drowsiness by hours since
    // the last dose.
    assert!(html.matches("<svg").count() >= 2, "inline charts");
    assert!(!html.contains("<script"), "user text is escaped");
    assert!(html.contains("a &amp; b"));
    for external in ["src=\"http", "href=\"http", "<link", "@import", "url("] {
        assert!(!html.contains(external), "external reference {external}");
    }
    // Sources are cited by title, never by internal key or file name (issue 12 point 5).
    assert!(html.contains("EMERGENCY") && html.contains("Understanding baclofen side effects"));
    assert!(!html.contains("seed-000") && !html.contains("seeds/"));
    // Bad --out is refused and writes nothing.
    let bad = d.path().join("report.pdf");
    bin(&db)
        .args(["report", "--out", bad.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicates::str::contains(".html"));
    assert!(!bad.exists());
}

#[test]
fn supply_draws_down_and_shows_on_today() {
    let (_d, db) = temp_db();
    stdout(bin(&db).args([
        "regimen",
        "set",
        "--dose",
        "10",
        "--times",
        "08:00,14:00,20:00",
        "--from",
        "-3d",
    ]));
    let out = stdout(bin(&db).args(["supply", "show"]));
    assert!(out.contains("No tablets recorded yet"), "{out}");
    let out = stdout(bin(&db).args(["supply", "add", "30", "--strength", "10", "--at", "07:00"]));
    assert!(out.contains("Added 30 tablets of 10 mg (300 mg)"), "{out}");
    let out = stdout(bin(&db).args(["log", "dose", "10", "--at", "08:00"]));
    // 29 left at noon: 14:00 and 20:00 today, then 3 a day for 9 days (21-29 Nov) use all
    // 29; the 08:00 dose on 30 Nov is the first not covered.
    assert!(
        out.contains("Supply: 29 tablets of 10 mg left (290 mg); runs out at the 08:00 dose on Mon 30 Nov (in 10 days)"),
        "{out}"
    );
    let t = json(bin(&db).args(["today", "--json"]));
    assert_eq!(t["supply"]["on_hand_mcg"], 290_000);
    assert_eq!(t["supply"]["run_out"], "2026-11-30T08:00:00+01:00");
    assert_eq!(t["supply"]["doses_left"], 29);
    let today = stdout(bin(&db).args(["today"]));
    assert!(today.contains("Supply: 29 tablets"), "{today}");
    // No flag with ten days left.
    let f = json(bin(&db).args(["flags", "--json"]));
    assert!(
        f.as_array()
            .unwrap()
            .iter()
            .all(|x| x["rule"] != "supply_low"),
        "{f}"
    );

    // A count of 6 (two days' worth): urgent, with the withdrawal reason and sources.
    let out = stdout(bin(&db).args(["supply", "count", "6", "--strength", "10"]));
    assert!(out.contains("URGENT"), "{out}");
    let f = json(bin(&db).args(["flags", "--json"]));
    let low = f
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["rule"] == "supply_low")
        .expect("supply_low flag");
    assert_eq!(low["urgency"], "urgent");
    assert_eq!(low["category"], "withdrawal");
    assert!(low["why"].as_str().unwrap().contains("withdrawal"));
    assert!(
        low["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "spinal-cord-2009")
    );
    assert!(stdout(bin(&db).args(["today"])).contains("Tablets running out"));
    // Logging a dose now shows the supply flag once (the clock is fixed, so the flag and the
    // dose share a time).
    let out = stdout(bin(&db).args(["log", "dose", "10"]));
    assert_eq!(out.matches("Tablets running out").count(), 1, "{out}");
    stdout(bin(&db).args(["undo"]));
    // Acknowledged, it stays listed but leaves Today's banner.
    let key = low["key"].as_str().unwrap().to_string();
    stdout(bin(&db).args(["flags", "--ack", &key]));
    let t = json(bin(&db).args(["today", "--json"]));
    assert!(
        t["open_flags"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["rule"] != "supply_low")
    );
    // Undo withdraws the count: back to 29 tablets.
    let out = stdout(bin(&db).args(["undo"]));
    assert!(out.contains("supply count of 6 tablets"), "{out}");
    let t = json(bin(&db).args(["today", "--json"]));
    assert_eq!(t["supply"]["on_hand_mcg"], 290_000);
}

#[test]
fn emergency_card_from_the_regimen_and_the_config() {
    let (d, db) = temp_db();
    let cfg = d.path().join("config.toml");
    // No diary and no config yet: a card with blanks to fill by hand, and no diary created.
    let out = bin(&db)
        .env("DOSEDIARY_CONFIG", &cfg)
        .args(["card"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("DO NOT STOP BACLOFEN SUDDENLY"), "{text}");
    assert!(text.contains("Emergency contact: ____"), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("[emergency_contact]"));
    assert!(!db.exists());

    stdout(bin(&db).args([
        "regimen",
        "set",
        "--dose",
        "15",
        "--times",
        "08:00,14:00,20:00",
        "--kidney-impairment",
    ]));
    std::fs::write(
        &cfg,
        "[card]\nname = \"Ann <B> O'Neil\"\n\n[emergency_contact]\nname = \"Sam\"\nrelation = \"son\"\nphone = \"+49 170 1234567\"\n",
    )
    .unwrap();
    let text = stdout(bin(&db).env("DOSEDIARY_CONFIG", &cfg).args(["card"]));
    assert!(text.contains("Name: Ann <B> O'Neil"), "{text}");
    assert!(
        text.contains("15 mg at 08:00, 14:00, 20:00 (45 mg a day)"),
        "{text}"
    );
    assert!(
        text.contains("Emergency contact: Sam (son), +49 170 1234567"),
        "{text}"
    );
    assert!(text.contains("Reduced kidney function"), "{text}");
    // The withdrawal signs are the catalog's.
    for sign in [
        "Seizure",
        "hallucinations",
        "high fever",
        "rebound spasticity",
    ] {
        assert!(text.contains(sign), "{sign}: {text}");
    }

    let html = d.path().join("card.html");
    let out = stdout(bin(&db).env("DOSEDIARY_CONFIG", &cfg).args([
        "card",
        "--out",
        html.to_str().unwrap(),
    ]));
    assert!(out.contains("85.6 x 54 mm"), "{out}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("width: 85.6mm; height: 54mm"), "wallet size");
    assert!(page.contains("Ann &lt;B&gt; O'Neil"), "the name is escaped");
    assert!(!page.contains("<B>"));
    assert!(!page.contains("http"), "self-contained");

    // A broken config is one clear line, and nothing is written.
    std::fs::write(&cfg, "[card]\nnmae = \"x\"\n").unwrap();
    let out = bin(&db)
        .env("DOSEDIARY_CONFIG", &cfg)
        .args(["card", "--out", d.path().join("c2.html").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("unknown field `nmae`"), "{err}");
    assert!(!d.path().join("c2.html").exists());
}

/// Scripts are never asked: a repeat is saved, with a warning on stderr.
#[test]
fn a_repeated_dose_or_symptom_is_logged_with_a_warning() {
    let (_d, db) = temp_db();
    bin(&db)
        .args(["log", "dose", "10mg", "--at", "-1m"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    bin(&db)
        .args(["log", "dose", "10mg"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Logged #2: dose 10 mg"))
        .stderr(predicate::str::contains(
            "Warning: You logged 10 mg at 11:59, 1 minute ago.",
        ));
    bin(&db)
        .args(["log", "symptom", "dizzy"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    bin(&db)
        .args(["log", "symptom", "Dizzy"])
        .assert()
        .success()
        .stderr(predicate::str::contains("You logged \"dizzy\" at 12:00"));
    // Three hours later is the next dose, not a repeat.
    bin_at(&db, "2026-11-20T15:00:00+01:00")
        .args(["log", "dose", "10mg"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    assert_eq!(count_entries(&db), 5);
}

#[test]
fn card_names_the_patient_from_the_patient_section_when_the_card_has_no_name() {
    let (d, db) = temp_db();
    let cfg = d.path().join("config.toml");
    std::fs::write(
        &cfg,
        "[patient]\nname = \"Tom Weber\"\nwriter = \"caregiver\"\n",
    )
    .unwrap();
    let text = stdout(bin(&db).env("DOSEDIARY_CONFIG", &cfg).args(["card"]));
    assert!(text.contains("Name: Tom Weber"), "{text}");
    // The card's own name wins when both are set.
    std::fs::write(
        &cfg,
        "[patient]\nname = \"Tom Weber\"\n\n[card]\nname = \"Thomas Weber\"\n",
    )
    .unwrap();
    let text = stdout(bin(&db).env("DOSEDIARY_CONFIG", &cfg).args(["card"]));
    assert!(text.contains("Name: Thomas Weber"), "{text}");
}
