//! The diary in other people's tools: FHIR export (validated with the official R4 models),
//! encrypted exports and backups, `remind` over a simulated day, and `ics` from the command line.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Proc;

use common::*;

fn fhir_python() -> PathBuf {
    if let Ok(p) = std::env::var("DOSEDIARY_FHIR_PYTHON") {
        return PathBuf::from(p);
    }
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-fhir/bin/python");
    assert!(
        local.exists(),
        "the FHIR validation needs Python with fhir.resources 6.4 (FHIR R4): run `bash .ci/run`, or \
         `python3 -m venv .venv-fhir && .venv-fhir/bin/pip install 'fhir.resources==6.4.0' 'pydantic<2'`"
    );
    local
}

fn run_fail(c: &mut assert_cmd::Command) -> String {
    let out = c.output().expect("runs");
    assert!(!out.status.success(), "should have failed");
    String::from_utf8_lossy(&out.stderr).to_string()
}

#[test]
fn fhir_export_of_a_demo_diary_validates_against_the_r4_models() {
    let (dir, db) = temp_db();
    stdout(bin(&db).args(["demo", "--days", "30", "--seed", "5"]));
    // A skipped dose, so that a not-done administration is in the bundle.
    stdout(bin(&db).args(["log", "skip", "--at", "-1h"]));
    let out = dir.path().join("bundle.json");
    stdout(
        bin(&db)
            .args(["export", "--format", "fhir", "--out"])
            .arg(&out),
    );
    let bundle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let list = json(bin(&db).args(["list", "--json"]));
    let list = list.as_array().unwrap();
    let doses = list.iter().filter(|e| e["kind"] == "dose").count();
    let skipped = list
        .iter()
        .filter(|e| e["kind"] == "dose" && e["skipped"] == true)
        .count();
    let observations = list
        .iter()
        .filter(|e| e["kind"] == "symptom" || e["kind"] == "intake" || e["kind"] == "rating")
        .count();
    let regimens = json(bin(&db).args(["regimen", "show", "--json"]));
    let steps = regimens["history"]
        .as_array()
        .or(regimens.as_array())
        .map(|a| a.len())
        .unwrap_or(0);
    let flags = json(bin(&db).args(["flags", "--json"]));
    let serious = flags
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["urgency"] == "urgent" || f["urgency"] == "emergency")
        .count();
    assert!(
        skipped >= 1 && serious >= 1 && steps >= 1,
        "the demo has all kinds"
    );

    let py = fhir_python();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fhir/validate.py");
    let res = Proc::new(py)
        .arg(script)
        .arg(&out)
        .output()
        .expect("python runs");
    assert!(
        res.status.success(),
        "the bundle does not validate against FHIR R4:\n{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&res.stdout).unwrap();
    assert_eq!(summary["fhir_version"], "4.0.1");
    assert_eq!(summary["type"], "collection");
    assert_eq!(summary["unique_full_urls"], true);
    let counts = &summary["counts"];
    assert_eq!(counts["Patient"], 1);
    assert_eq!(counts["MedicationAdministration"], doses as u64);
    assert_eq!(summary["administration_status"]["not-done"], skipped as u64);
    assert_eq!(counts["Observation"], observations as u64);
    assert_eq!(counts["MedicationStatement"], steps as u64);
    assert_eq!(counts["DetectedIssue"], serious as u64);
    assert_eq!(bundle["resourceType"], "Bundle");
    // Exporting again gives the same resource ids (stable across exports).
    let again = dir.path().join("again.json");
    stdout(
        bin(&db)
            .args(["export", "--format", "fhir", "--out"])
            .arg(&again),
    );
    let b2: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&again).unwrap()).unwrap();
    let urls = |b: &serde_json::Value| -> Vec<String> {
        b["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["fullUrl"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(urls(&bundle), urls(&b2));
}

#[test]
fn a_small_fhir_bundle_reads_as_expected() {
    let (_dir, db) = temp_db();
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
    stdout(bin(&db).args(["log", "dose", "10mg", "--at", "08:00"]));
    stdout(bin(&db).args(["log", "skip", "--at", "-1h"]));
    stdout(bin(&db).args(["log", "drowsiness", "6", "--at", "09:30"]));
    stdout(bin(&db).args(["log", "symptom", "dizzy when standing", "--severity", "4"]));
    let b = json(bin(&db).args(["export", "--format", "fhir"]));
    let entries = b["entry"].as_array().unwrap();
    let of = |t: &str| -> Vec<&serde_json::Value> {
        entries
            .iter()
            .map(|e| &e["resource"])
            .filter(|r| r["resourceType"] == t)
            .collect()
    };
    let admin = of("MedicationAdministration");
    assert_eq!(admin.len(), 2);
    let taken = admin.iter().find(|a| a["status"] == "completed").unwrap();
    assert_eq!(taken["dosage"]["dose"]["value"], 10.0);
    assert_eq!(taken["dosage"]["dose"]["code"], "mg");
    assert_eq!(taken["effectiveDateTime"], "2026-11-20T08:00:00+01:00");
    assert_eq!(
        taken["medicationCodeableConcept"]["coding"][0]["code"], "1292",
        "RxNorm baclofen"
    );
    assert!(admin.iter().any(|a| a["status"] == "not-done"));
    let obs = of("Observation");
    let rating = obs
        .iter()
        .find(|o| o["code"]["coding"][0]["code"] == "drowsiness")
        .unwrap();
    assert_eq!(rating["valueInteger"], 6);
    let symptom = obs
        .iter()
        .find(|o| o["valueString"] == "dizzy when standing")
        .unwrap();
    assert_eq!(
        symptom["interpretation"][0]["coding"][0]["code"], "dizziness",
        "the sign as a code of the diary's own system"
    );
    assert_eq!(
        symptom["interpretation"][0]["coding"][0]["system"],
        "urn:dosediary:sign"
    );
    let st = of("MedicationStatement");
    assert_eq!(st.len(), 1);
    assert_eq!(st[0]["status"], "active");
    assert_eq!(
        st[0]["dosage"][0]["timing"]["repeat"]["timeOfDay"],
        serde_json::json!(["08:00:00", "14:00:00", "20:00:00"])
    );
    // Every subject points at the one Patient in the bundle.
    let patient_url = entries
        .iter()
        .find(|e| e["resource"]["resourceType"] == "Patient")
        .unwrap()["fullUrl"]
        .clone();
    for r in admin.iter().chain(obs.iter()).chain(st.iter()) {
        assert_eq!(r["subject"]["reference"], patient_url);
    }
}

const PASS: &str = "blue kettle on the stairs";

#[test]
fn encrypted_export_round_trips_and_holds_no_plaintext() {
    let (dir, db) = temp_db();
    stdout(bin(&db).args(["log", "symptom", "slurring my words after the night dose"]));
    stdout(bin(&db).args(["log", "dose", "10mg", "--at", "-30m"]));
    let out = dir.path().join("diary.json.age");
    stdout(
        bin(&db)
            .env("DOSEDIARY_PASSPHRASE", PASS)
            .args(["export", "--format", "json", "--encrypt", "--out"])
            .arg(&out),
    );
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1"));
    assert!(!bytes.starts_with(b"{") && !bytes.starts_with(b"SQLite format 3"));
    assert!(
        !String::from_utf8_lossy(&bytes).contains("slurring"),
        "no symptom text in plain"
    );
    // Into a fresh diary, with the right passphrase.
    let (_d2, db2) = temp_db();
    stdout(
        bin(&db2)
            .env("DOSEDIARY_PASSPHRASE", PASS)
            .arg("import")
            .arg(&out),
    );
    let list = json(bin(&db2).args(["list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 2);
    // To standard output (a pipe, not a terminal) the bytes are the age file itself.
    let piped = bin(&db)
        .env("DOSEDIARY_PASSPHRASE", PASS)
        .args(["export", "--format", "json", "--encrypt"])
        .output()
        .unwrap();
    assert!(piped.status.success());
    assert!(piped.stdout.starts_with(b"age-encryption.org/v1"));
    let piped_file = dir.path().join("piped.age");
    std::fs::write(&piped_file, &piped.stdout).unwrap();
    let (_dp, dbp) = temp_db();
    stdout(
        bin(&dbp)
            .env("DOSEDIARY_PASSPHRASE", PASS)
            .arg("import")
            .arg(&piped_file),
    );
    assert_eq!(
        json(bin(&dbp).args(["list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // A wrong passphrase: one line, nothing imported.
    let (_d3, db3) = temp_db();
    let err = run_fail(
        bin(&db3)
            .env("DOSEDIARY_PASSPHRASE", "not it")
            .arg("import")
            .arg(&out),
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("wrong passphrase"), "{err}");
    assert!(!db3.exists() || json(bin(&db3).args(["list", "--json"])) == serde_json::json!([]));
    // No passphrase and no terminal: says how to give one.
    let err = run_fail(
        bin(&db2)
            .env_remove("DOSEDIARY_PASSPHRASE")
            .args(["export", "--format", "json", "--encrypt", "--out"])
            .arg(dir.path().join("x.age")),
    );
    assert!(err.contains("DOSEDIARY_PASSPHRASE"), "{err}");
    assert!(!dir.path().join("x.age").exists());
}

#[test]
fn encrypted_backup_restores_and_holds_no_plaintext() {
    let (_dir, db) = temp_db();
    stdout(bin(&db).args(["log", "symptom", "itchy welts on both arms"]));
    let out = stdout(
        bin(&db)
            .env("DOSEDIARY_PASSPHRASE", PASS)
            .env("DOSEDIARY_NO_AUTO_BACKUP", "1")
            .args(["backup", "--encrypt"]),
    );
    let backups = db.parent().unwrap().join("backups");
    let file = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "age"))
        .unwrap_or_else(|| panic!("an .age backup in {backups:?}; said: {out}"));
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1"));
    assert!(!String::from_utf8_lossy(&bytes).contains("itchy"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // A new entry, then restore the encrypted backup: the entry is gone again.
    stdout(bin(&db).args(["log", "symptom", "headache"]));
    let err = run_fail(
        bin(&db)
            .env("DOSEDIARY_PASSPHRASE", "wrong")
            .arg("restore")
            .arg(&file),
    );
    assert!(err.contains("wrong passphrase"), "{err}");
    assert_eq!(
        json(bin(&db).args(["list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        2
    );
    stdout(
        bin(&db)
            .env("DOSEDIARY_PASSPHRASE", PASS)
            .arg("restore")
            .arg(&file),
    );
    let list = json(bin(&db).args(["list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["text"], "itchy welts on both arms");
}

fn remind(db: &Path, now: &str, json_out: bool) -> (i32, String) {
    let mut c = bin_at(db, now);
    c.env("DOSEDIARY_NO_AUTO_BACKUP", "1").arg("remind");
    if json_out {
        c.arg("--json");
    }
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

#[test]
fn remind_over_a_simulated_day_reminds_each_thing_once() {
    let (_dir, db) = temp_db();
    stdout(bin_at(&db, "2026-11-19T07:00:00+01:00").args([
        "regimen",
        "set",
        "--dose",
        "10",
        "--times",
        "08:00,14:00,20:00",
    ]));
    // Yesterday went to plan.
    for t in ["08:00", "14:00", "20:00"] {
        stdout(bin_at(&db, &format!("2026-11-19T{t}:00+01:00")).args(["log", "dose", "10mg"]));
    }
    // 07:30: nothing is due yet.
    assert_eq!(
        remind(&db, "2026-11-20T07:30:00+01:00", false),
        (0, String::new())
    );
    // 08:05: the 08:00 dose is due: exit 3, one line naming it.
    let (code, out) = remind(&db, "2026-11-20T08:05:00+01:00", false);
    assert_eq!(code, 3, "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("10 mg") && out.contains("08:00"), "{out}");
    // 08:10: the same thing is not said again.
    assert_eq!(
        remind(&db, "2026-11-20T08:10:00+01:00", false),
        (0, String::new())
    );
    // 08:45: still not taken, now late: one more reminder, then quiet.
    let (code, out) = remind(&db, "2026-11-20T08:45:00+01:00", false);
    assert_eq!(code, 3);
    assert!(out.contains("late"), "{out}");
    assert_eq!(remind(&db, "2026-11-20T08:50:00+01:00", false).0, 0);
    // Taken at 08:55. At 09:30 (35 min later) nothing; at 10:00 (65 min) a rating is due, once.
    stdout(bin_at(&db, "2026-11-20T08:55:00+01:00").args(["log", "dose", "10mg"]));
    assert_eq!(
        remind(&db, "2026-11-20T09:30:00+01:00", false),
        (0, String::new())
    );
    let (code, out) = remind(&db, "2026-11-20T10:00:00+01:00", true);
    assert_eq!(code, 3);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{v}");
    assert_eq!(items[0]["kind"], "rating");
    assert_eq!(remind(&db, "2026-11-20T10:20:00+01:00", false).0, 0);
    // Rated: no rating reminder after the next dose's window closes either.
    stdout(bin_at(&db, "2026-11-20T10:25:00+01:00").args(["log", "drowsiness", "5"]));
    // 14:02: the 14:00 dose. The symptom at 14:03 raises an emergency flag, reminded once.
    let (code, out) = remind(&db, "2026-11-20T14:02:00+01:00", false);
    assert_eq!(code, 3);
    assert!(out.contains("14:00"), "{out}");
    stdout(bin_at(&db, "2026-11-20T14:03:00+01:00").args(["log", "dose", "10mg"]));
    stdout(bin_at(&db, "2026-11-20T14:04:00+01:00").args([
        "log",
        "symptom",
        "my lips and tongue are swelling up",
    ]));
    let (code, out) = remind(&db, "2026-11-20T14:05:00+01:00", false);
    assert_eq!(code, 3);
    assert!(out.starts_with("EMERGENCY"), "{out}");
    assert!(out.contains("emergency number"), "{out}");
    assert_eq!(remind(&db, "2026-11-20T14:10:00+01:00", false).0, 0);
    // --json with nothing new: an empty list, exit 0.
    let (code, out) = remind(&db, "2026-11-20T14:11:00+01:00", true);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["items"], serde_json::json!([]));
}

#[test]
fn ics_from_the_command_line_writes_a_calendar_and_refuses_bad_days() {
    let (dir, db) = temp_db();
    stdout(bin(&db).args(["regimen", "set", "--dose", "10", "--times", "08:00,20:00"]));
    let out = dir.path().join("doses.ics");
    stdout(bin(&db).args(["ics", "--days", "14", "--out"]).arg(&out));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
    assert!(text.contains("TZID:Europe/Berlin"));
    assert!(text.contains("RRULE:FREQ=DAILY;UNTIL="));
    assert!(text.contains("BEGIN:VALARM"));
    // To standard output the file is the same, CRLF line ends kept (not shown as escapes).
    let printed = bin(&db).args(["ics", "--days", "14"]).output().unwrap();
    assert!(printed.status.success());
    assert!(
        printed
            .stdout
            .starts_with(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    );
    for bad in ["0", "-3", "many", "5000"] {
        let err = run_fail(bin(&db).args(["ics", "--days", bad]));
        assert_eq!(err.trim().lines().count(), 1, "{bad}: {err}");
        assert!(err.contains("--days"), "{bad}: {err}");
    }
    // No regimen: says so, writes nothing.
    let (d2, db2) = temp_db();
    stdout(bin(&db2).args(["log", "symptom", "tired"]));
    let out2 = d2.path().join("none.ics");
    let err = run_fail(bin(&db2).args(["ics", "--out"]).arg(&out2));
    assert!(err.contains("regimen set"), "{err}");
    assert!(!out2.exists());
}

/// A small bundle built from hand-made entries (fixed uids, so the ids are fixed), as a snapshot
/// that a person has read: one regimen, one dose, one skipped dose, one rating, one symptom.
#[test]
fn small_fhir_bundle_snapshot() {
    use chrono::{DateTime, NaiveTime, Utc};
    use dosediary::domain::{Amount, Entry, EntryKind, Regimen};
    use dosediary::export::fhir::{FhirInput, bundle};
    use dosediary::safety::Catalog;
    let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
    let entry = |uid: &str, when: &str, kind: EntryKind| Entry {
        id: 0,
        uid: uid.into(),
        at: at(when),
        recorded_at: at(when).with_timezone(&Utc),
        kind,
        note: None,
        edited_at: None,
    };
    let entries = vec![
        entry(
            "u1",
            "2026-11-20T08:02:00+01:00",
            EntryKind::Dose {
                amount_mcg: Amount::from_mg(10),
                skipped: false,
                as_needed: false,
            },
        ),
        entry(
            "u2",
            "2026-11-20T14:00:00+01:00",
            EntryKind::Dose {
                amount_mcg: Amount::from_mg(10),
                skipped: true,
                as_needed: false,
            },
        ),
        entry(
            "u3",
            "2026-11-20T09:30:00+01:00",
            EntryKind::Symptom {
                text: "drowsiness".into(),
                severity: Some(6),
                drowsiness_rating: true,
                about: None,
            },
        ),
        entry(
            "u4",
            "2026-11-20T10:00:00+01:00",
            EntryKind::Symptom {
                text: "dizzy when standing".into(),
                severity: Some(4),
                drowsiness_rating: false,
                about: None,
            },
        ),
    ];
    let regimens = vec![Regimen {
        id: 1,
        effective_from: at("2026-11-01T00:00:00+01:00"),
        dose_mcg: Amount::from_mg(10),
        times: vec![
            NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
        ],
        max_daily_mcg: Amount::from_mg(80),
        kidney_impairment: false,
        planned_taper: false,
        recorded_at: at("2026-11-01T09:00:00+01:00").with_timezone(&Utc),
        doses_mcg: Vec::new(),
        prescribed_above_label: false,
        as_needed: None,
    }];
    let signs = |t: &str| -> Vec<String> {
        if t.contains("dizzy") {
            vec!["dizziness".into()]
        } else {
            vec![]
        }
    };
    let b = bundle(&FhirInput {
        patient_name: Some("Sam Example"),
        entries: &entries,
        regimens: &regimens,
        flags: &[],
        catalog: Catalog::builtin(),
        signs_of: &signs,
        generated: at("2026-11-20T12:00:00+01:00").with_timezone(&Utc),
    });
    insta::assert_snapshot!(serde_json::to_string_pretty(&b).unwrap());
}
