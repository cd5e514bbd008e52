//! The intrathecal pump through the real binary: pump set/refill/alarm/show, its flags, its
//! refusals, undo, export and import.

mod common;

use common::*;
use predicates::prelude::*;

fn set_pump(db: &std::path::Path) {
    bin(db)
        .args([
            "pump",
            "set",
            "--concentration",
            "2000",
            "--reservoir",
            "20",
            "--daily",
            "400",
            "--model",
            "SynchroMed II",
            "--implanted",
            "2024-03-15",
            "--clinic",
            "Leeds pump clinic",
            "--clinic-phone",
            "0113 555 0101",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Pump set: baclofen 2000 mcg/mL, 400 mcg/day, reservoir 20 mL",
        ));
}

fn refusal(db: &std::path::Path, args: &[&str], says: &[&str]) {
    let out = bin(db).args(args).output().unwrap();
    assert!(!out.status.success(), "{args:?} was accepted");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    for s in says {
        assert!(err.contains(s), "{args:?}: {err} lacks {s}");
    }
}

#[test]
fn bad_input_is_refused_in_one_line_and_creates_nothing() {
    let (_d, db) = temp_db();
    let set = ["pump", "set", "--reservoir", "20", "--daily", "400"];
    refusal(
        &db,
        &[&set[..], &["--concentration", "0"]].concat(),
        &["10 to 4000 mcg per mL"],
    );
    refusal(
        &db,
        &[&set[..], &["--concentration", "6000"]].concat(),
        &["10 to 4000"],
    );
    let set = ["pump", "set", "--concentration", "2000", "--daily", "400"];
    refusal(
        &db,
        &[&set[..], &["--reservoir", "0"]].concat(),
        &["1 to 50 mL"],
    );
    refusal(
        &db,
        &[&set[..], &["--reservoir", "100"]].concat(),
        &["1 to 50 mL"],
    );
    let set = [
        "pump",
        "set",
        "--concentration",
        "2000",
        "--reservoir",
        "20",
    ];
    refusal(&db, &[&set[..], &["--daily", "0"]].concat(), &["1 to 3000"]);
    refusal(
        &db,
        &[&set[..], &["--daily", "5000"]].concat(),
        &["1 to 3000"],
    );
    refusal(&db, &set, &["first pump setting needs", "--daily"]);
    refusal(
        &db,
        &["pump", "refill"],
        &["set the pump first: dosediary pump set"],
    );
    refusal(&db, &["pump", "alarm", "critical"], &["set the pump first"]);
    refusal(
        &db,
        &["pump", "alarm", "beeping"],
        &["'beeping'", "low-reservoir, critical, eri, other"],
    );
    assert!(!db.exists(), "a refused command created the diary");

    set_pump(&db);
    refusal(
        &db,
        &["pump", "refill", "--at", "2024-03-01 10:00"],
        &["before the pump was implanted (2024-03-15)"],
    );
    refusal(
        &db,
        &["pump", "refill", "--volume", "25"],
        &["0.5 to 20 mL"],
    );
    refusal(&db, &["pump", "refill", "--volume", "0"], &["0.5 to 50 mL"]);
    refusal(&db, &["pump", "refill", "--daily", "0"], &["1 to 3000"]);
    refusal(
        &db,
        &["pump", "refill", "--refill-by", "2026-11-01"],
        &["not after the refill"],
    );
    refusal(
        &db,
        &["pump", "alarm", "eri", "--at", "2023-01-01 08:00"],
        &["implanted"],
    );
    refusal(
        &db,
        &["pump", "set", "--implanted", "2030-01-01"],
        &["1980 to today"],
    );
    refusal(
        &db,
        &["pump", "set", "--clinic-phone", "call them"],
        &["phone number"],
    );
    // Nothing but the first setting was written.
    let v = json(bin(&db).args(["pump", "show", "--json"]));
    assert_eq!(v["settings"].as_array().unwrap().len(), 1);
    assert!(v["refills"].as_array().unwrap().is_empty());
    assert!(v["alarms"].as_array().unwrap().is_empty());
}

#[test]
fn show_projects_the_empty_date_and_the_refill_needed_by_date() {
    let (_d, db) = temp_db();
    set_pump(&db);
    bin(&db)
        .args(["pump", "set", "--eri", "2030-01-10"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Pump reprogrammed"));
    // 20 mL x 2000 mcg/mL / 400 mcg/day = 100 days from Tue 10 Nov 10:00.
    bin(&db)
        .args([
            "pump",
            "refill",
            "--at",
            "2026-11-10 10:00",
            "--refill-by",
            "2026-12-08",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "pump: refill needed by Tue 8 Dec (18 days)",
        ));
    let v = json(bin(&db).args(["pump", "show", "--json"]));
    let p = &v["pump"];
    assert_eq!(p["projected_empty"], "2027-02-18T10:00:00+01:00");
    assert_eq!(p["clinic_refill_by"], "2026-12-08");
    assert_eq!(p["refill_needed_by"], "2026-12-08");
    assert_eq!(p["days_left"], 18);
    assert_eq!(p["eri"], "2030-01-10");
    assert_eq!(p["replacement_by"], "2030-04-10");
    assert_eq!(p["setting"]["model"], "SynchroMed II");
    assert_eq!(p["setting"]["clinic_phone"], "0113 555 0101");
    let text = stdout(bin(&db).args(["pump", "show"]));
    assert!(
        text.contains("Projected empty: 10:00 on Thu 18 Feb 2027"),
        "{text}"
    );
    assert!(
        text.contains("Refill needed by: Tue 8 Dec (18 days)."),
        "{text}"
    );
    assert!(
        text.contains("the pump stops around Wed 10 Apr 2030"),
        "{text}"
    );
    // Today shows the pump line and no oral schedule nagging.
    let today = stdout(bin(&db).arg("today"));
    assert!(
        today.contains("Pump: refill needed by Tue 8 Dec (18 days)"),
        "{today}"
    );
    assert!(today.contains("No oral regimen (pump only)"), "{today}");
    let tj = json(bin(&db).args(["today", "--json"]));
    assert_eq!(
        tj["pump_line"],
        "pump: refill needed by Tue 8 Dec (18 days)"
    );
}

#[test]
fn a_reprogramming_at_a_refill_changes_the_projection() {
    let (_d, db) = temp_db();
    set_pump(&db);
    bin(&db)
        .args([
            "pump",
            "refill",
            "--at",
            "2026-11-01 10:00",
            "--volume",
            "20",
        ])
        .assert()
        .success();
    // Reprogrammed to 500 mcg/day on 11 Nov: 10 days used 4000 mcg, 36000 mcg left last 72
    // more days: empty on 22 Jan 2027 at 10:00 local.
    bin_at(&db, "2026-11-11T10:00:00+01:00")
        .args(["pump", "set", "--daily", "500"])
        .assert()
        .success();
    let v = json(bin(&db).args(["pump", "show", "--json"]));
    assert_eq!(v["pump"]["projected_empty"], "2027-01-22T10:00:00+01:00");
    assert_eq!(v["pump"]["setting"]["daily_ng"], 500_000);
    assert_eq!(v["settings"].as_array().unwrap().len(), 2);
    // A refill that also changes the concentration: a new setting row at the refill.
    bin(&db)
        .args([
            "pump",
            "refill",
            "--at",
            "-1h",
            "--volume",
            "20",
            "--concentration",
            "1000",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "pump now 1000 mcg/mL, 500 mcg/day",
        ));
    // 20 mL x 1000 / 500 = 40 days from 11:00 on 20 Nov.
    let v = json(bin(&db).args(["pump", "show", "--json"]));
    assert_eq!(v["pump"]["projected_empty"], "2026-12-30T11:00:00+01:00");
    assert_eq!(v["settings"].as_array().unwrap().len(), 3);
    // Undo takes back the refill and its reprogramming in one step.
    bin(&db)
        .arg("undo")
        .assert()
        .success()
        .stdout(predicate::str::contains("pump refill of 20 mL"));
    let v = json(bin(&db).args(["pump", "show", "--json"]));
    assert_eq!(v["settings"].as_array().unwrap().len(), 2);
    assert_eq!(v["pump"]["projected_empty"], "2027-01-22T10:00:00+01:00");
}

fn rules(db: &std::path::Path, now: &str) -> Vec<(String, String)> {
    json(bin_at(db, now).args(["flags", "--json"]))
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["urgency"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_refill_ladder_through_the_command_line() {
    let (_d, db) = temp_db();
    set_pump(&db);
    // Empty at 10:00 on Tue 9 Feb 2027 (Berlin).
    bin(&db)
        .args(["pump", "refill", "--at", "2026-11-01 10:00"])
        .assert()
        .success();
    let pump = |now: &str| {
        rules(&db, now)
            .into_iter()
            .filter(|(r, _)| r == "pump_refill_due")
            .map(|(_, u)| u)
            .collect::<Vec<_>>()
    };
    assert!(pump("2027-01-25T12:00:00+01:00").is_empty());
    assert_eq!(pump("2027-01-26T12:00:00+01:00"), ["routine"]);
    assert_eq!(pump("2027-02-06T08:00:00+01:00"), ["urgent"]);
    assert_eq!(pump("2027-02-09T09:59:00+01:00"), ["urgent"]);
    assert_eq!(pump("2027-02-09T10:00:00+01:00"), ["emergency"]);
}

#[test]
fn a_pump_only_diary_raises_no_oral_dose_flags() {
    let (_d, db) = temp_db();
    set_pump(&db);
    bin(&db)
        .args(["pump", "refill", "--at", "2026-11-01 10:00"])
        .assert()
        .success();
    bin(&db)
        .args(["log", "symptom", "a bit tired", "--at", "-2d"])
        .assert()
        .success();
    // A week on, no dose logged at all: no missed dose, gap or reduction.
    let all = rules(&db, "2026-11-27T12:00:00+01:00");
    for (r, _) in &all {
        assert!(
            !matches!(
                r.as_str(),
                "missed_dose" | "dose_gap" | "rapid_reduction" | "withdrawal_window"
            ),
            "{all:?}"
        );
    }
    let today = stdout(bin_at(&db, "2026-11-27T12:00:00+01:00").arg("today"));
    assert!(!today.contains("Next dose"), "{today}");
    assert!(!today.contains("missed"), "{today}");
}

#[test]
fn alarms_are_flagged_by_kind_until_dealt_with() {
    let (_d, db) = temp_db();
    set_pump(&db);
    bin(&db)
        .args(["pump", "refill", "--at", "2026-11-01 10:00"])
        .assert()
        .success();
    bin(&db)
        .args([
            "pump",
            "alarm",
            "critical",
            "--at",
            "-30m",
            "--note",
            "long beeps",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("EMERGENCY")
                .and(predicate::str::contains("911"))
                .and(predicate::str::contains("0113 555 0101")),
        );
    assert!(rules(&db, NOW).contains(&("pump_alarm_logged".into(), "emergency".into())));
    let today = stdout(bin(&db).arg("today"));
    assert!(today.contains("open alarm: critical"), "{today}");
    // A refill after it closes it.
    bin(&db).args(["pump", "refill"]).assert().success();
    assert!(
        !rules(&db, NOW)
            .iter()
            .any(|(r, _)| r == "pump_alarm_logged")
    );
    bin(&db)
        .args(["pump", "alarm", "low-reservoir"])
        .assert()
        .success()
        .stdout(predicate::str::contains("URGENT"));
    assert!(rules(&db, NOW).contains(&("pump_alarm_logged".into(), "urgent".into())));
}

#[test]
fn pump_withdrawal_signs_name_the_pump_clinic() {
    let (_d, db) = temp_db();
    set_pump(&db);
    bin(&db)
        .args(["log", "symptom", "tingling in my legs"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Possible pump withdrawal").and(
            predicate::str::contains("Call the pump clinic now (Leeds pump clinic, 0113 555 0101)"),
        ));
    bin(&db)
        .args(["log", "symptom", "fever of 39.5 and confused"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("EMERGENCY  Possible pump withdrawal")
                .and(predicate::str::contains("911")),
        );
    let all = rules(&db, NOW);
    assert!(
        all.contains(&("pump_withdrawal".into(), "urgent".into())),
        "{all:?}"
    );
    assert!(
        all.contains(&("pump_withdrawal".into(), "emergency".into())),
        "{all:?}"
    );
}

#[test]
fn export_and_import_carry_the_pump_and_older_exports_are_unchanged() {
    let (_d, db) = temp_db();
    bin(&db).args(["log", "dose", "10"]).assert().success();
    let before = stdout(bin(&db).args(["export", "--format", "json"]));
    assert!(!before.contains("pump"), "{before}");
    set_pump(&db);
    bin(&db)
        .args([
            "pump",
            "refill",
            "--at",
            "2026-11-01 10:00",
            "--refill-by",
            "2026-12-08",
        ])
        .assert()
        .success();
    bin(&db).args(["pump", "alarm", "eri"]).assert().success();
    let exported = stdout(bin(&db).args(["export", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(v["pump_settings"].as_array().unwrap().len(), 1);
    assert_eq!(v["pump_refills"][0]["volume_ul"], 20_000);
    assert_eq!(v["pump_alarms"][0]["kind"], "eri");
    let (_d2, db2) = temp_db();
    let file = db2.with_file_name("export.json");
    std::fs::write(&file, &exported).unwrap();
    bin(&db2)
        .args(["import", file.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("Pump: 3 of 3"));
    bin(&db2)
        .args(["import", file.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("Pump: 0 of 3"));
    let again = stdout(bin(&db2).args(["export", "--format", "json"]));
    assert_eq!(again, exported);
    // An export from before the pump imports into a diary as it always did.
    let (_d3, db3) = temp_db();
    let old = db3.with_file_name("old.json");
    std::fs::write(&old, &before).unwrap();
    bin(&db3)
        .args(["import", old.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(
        stdout(bin(&db3).args(["export", "--format", "json"])),
        before
    );
}

#[test]
fn the_card_carries_the_pump() {
    let (_d, db) = temp_db();
    set_pump(&db);
    bin(&db)
        .args([
            "pump",
            "refill",
            "--at",
            "2026-11-10 10:00",
            "--refill-by",
            "2026-12-08",
        ])
        .assert()
        .success();
    let cfg = db.with_file_name("config.toml");
    std::fs::write(&cfg, dosediary::config::EXAMPLE_CONFIG).unwrap();
    let card = stdout(bin(&db).env("DOSEDIARY_CONFIG", &cfg).arg("card"));
    insta::assert_snapshot!("pump_card_text", card);
    let html_path = db.with_file_name("card.html");
    bin(&db)
        .env("DOSEDIARY_CONFIG", &cfg)
        .args(["card", "--out", html_path.to_str().unwrap()])
        .assert()
        .success();
    let html = std::fs::read_to_string(&html_path).unwrap();
    for s in [
        "SynchroMed II: baclofen 2000 mcg/mL, 400 mcg/day",
        "refill by <b>8 Dec 2026</b>",
        "Leeds pump clinic, 0113 555 0101",
        "INTRATHECAL BACLOFEN: DO NOT INTERRUPT.",
        "muscle rigidity",
    ] {
        assert!(html.contains(s), "{s} missing from the HTML card");
    }
}

#[test]
fn the_report_has_a_pump_section() {
    let (_d, db) = temp_db();
    set_pump(&db);
    bin(&db)
        .args([
            "pump",
            "refill",
            "--at",
            "2026-11-01 10:00",
            "--refill-by",
            "2026-12-08",
            "--note",
            "left arm",
        ])
        .assert()
        .success();
    bin_at(&db, "2026-11-11T10:00:00+01:00")
        .args(["pump", "set", "--daily", "450"])
        .assert()
        .success();
    bin(&db)
        .args(["pump", "alarm", "low-reservoir", "--at", "-2h"])
        .assert()
        .success();
    bin(&db)
        .args(["log", "symptom", "tingling in both legs", "--at", "-1h"])
        .assert()
        .success();
    let out = db.with_file_name("report.html");
    bin(&db)
        .args(["report", "--out", out.to_str().unwrap()])
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    for s in [
        "<h2>Intrathecal pump</h2>",
        "<td>2024-03-15 00:00</td><td>2000 mcg/mL</td><td>400 mcg/day</td><td>in force at the start</td>",
        "<td>2026-11-11 10:00</td><td>2000 mcg/mL</td><td>450 mcg/day</td><td>up 50 mcg/day</td>",
        "<td>2026-11-01 10:00</td><td>20 mL</td><td>2000 mcg/mL</td><td>2026-12-08</td><td>left arm</td>",
        "<td>low reservoir alarm</td><td>!! URGENT</td><td>still open</td>",
        "Possible pump withdrawal",
        "Refill needed by: Tue 8 Dec (18 days).",
    ] {
        assert!(html.contains(s), "{s} missing from the report");
    }
    // A diary without a pump has no pump section.
    let (_d2, db2) = temp_db();
    bin(&db2).args(["log", "dose", "10"]).assert().success();
    let out2 = db2.with_file_name("r2.html");
    bin(&db2)
        .args(["report", "--out", out2.to_str().unwrap()])
        .assert()
        .success();
    assert!(
        !std::fs::read_to_string(&out2)
            .unwrap()
            .contains("Intrathecal pump")
    );
}

#[test]
fn check_and_log_speak_for_the_pump_and_only_for_their_own_text() {
    let (_d, db) = temp_db();
    set_pump(&db);
    let v = json(bin(&db).args(["check", "--json", "pins and needles in my feet"]));
    assert_eq!(v["urgency"], "urgent");
    assert!(
        v["advice"].as_str().unwrap().contains("0113 555 0101"),
        "{}",
        v["advice"]
    );
    assert!(
        v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "pump_withdrawal")
    );
    // Two symptoms logged at the same minute: each shows only its own flags.
    bin(&db)
        .args(["log", "symptom", "legs are rigid"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "EMERGENCY  Possible pump withdrawal",
        ));
    bin(&db)
        .args(["log", "symptom", "a mild headache"])
        .assert()
        .success()
        .stdout(predicate::str::contains("pump withdrawal").not());
    // Without a pump, check says nothing about one.
    let (_d2, db2) = temp_db();
    bin(&db2).args(["log", "dose", "10"]).assert().success();
    let v = json(bin(&db2).args(["check", "--json", "pins and needles in my feet"]));
    assert_eq!(v["urgency"], "routine");
}
