//! Issue 12 points 1, 4 and 5 through the real binary: who a symptom is about, the routine
//! digest, urgency filters, acknowledging routine flags at once, sources by title, `setup`.

mod common;

use common::{bin, json, stdout, temp_db};

fn log(db: &std::path::Path, cfg: &std::path::Path, args: &[&str]) {
    stdout(bin(db).env("DOSEDIARY_CONFIG", cfg).args(args));
}

#[test]
fn a_serious_sign_about_someone_else_is_not_dropped_silently() {
    let (d, db) = temp_db();
    let cfg = d.path().join("none.toml");
    let v = json(bin(&db).env("DOSEDIARY_CONFIG", &cfg).args([
        "check",
        "--json",
        "my neighbour had a fit",
    ]));
    assert_eq!(v["urgency"], "none");
    let nc = v["not_counted"].as_array().unwrap();
    let fit = nc.iter().find(|s| s["id"] == "seizure").expect("listed");
    assert_eq!(fit["reason"], "other_subject");
    assert_eq!(fit["needs_answer"], true);
    // A routine sign about someone else needs no answer.
    let v = json(bin(&db).env("DOSEDIARY_CONFIG", &cfg).args([
        "check",
        "--json",
        "my neighbour has a headache",
    ]));
    for s in v["not_counted"].as_array().unwrap() {
        assert!(s.get("needs_answer").is_none(), "{s}");
    }

    // Logged without an answer (not a terminal): saved, not counted, and told how to answer.
    let out = stdout(bin(&db).env("DOSEDIARY_CONFIG", &cfg).args([
        "log",
        "symptom",
        "my neighbour had a fit",
        "--at",
        "10:00",
    ]));
    assert!(out.contains("dosediary edit 1 --about patient"), "{out}");
    let flags = json(
        bin(&db)
            .env("DOSEDIARY_CONFIG", &cfg)
            .args(["flags", "--json"]),
    );
    assert!(
        flags
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"] != "seizure")
    );
    // Answered: about the patient, the sign counts (an emergency).
    log(&db, &cfg, &["edit", "1", "--about", "patient"]);
    let flags = json(
        bin(&db)
            .env("DOSEDIARY_CONFIG", &cfg)
            .args(["flags", "--json"]),
    );
    let f = flags
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "seizure")
        .expect("counted once answered");
    assert_eq!(f["urgency"], "emergency");
    let list = json(
        bin(&db)
            .env("DOSEDIARY_CONFIG", &cfg)
            .args(["list", "--json"]),
    );
    assert_eq!(list[0]["about"], "patient");
    // About someone else: nothing in the text counts, even a sign that read as the patient's.
    log(
        &db,
        &cfg,
        &[
            "log",
            "symptom",
            "I had a fit",
            "--at",
            "11:00",
            "--about",
            "other",
        ],
    );
    let flags = json(
        bin(&db)
            .env("DOSEDIARY_CONFIG", &cfg)
            .args(["flags", "--json"]),
    );
    let fits = flags
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "seizure")
        .count();
    assert_eq!(fits, 1);
    // A bad --about writes nothing.
    let out = bin(&db)
        .env("DOSEDIARY_CONFIG", &cfg)
        .args(["log", "symptom", "x", "--about", "neighbour"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("patient") && err.contains("other"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_caregivers_config_makes_the_husband_the_patient() {
    let (d, db) = temp_db();
    let cfg = d.path().join("config.toml");
    let out = stdout(bin(&db).env("DOSEDIARY_CONFIG", &cfg).args([
        "setup",
        "--name",
        "Tom",
        "--writer",
        "caregiver",
        "--also-called",
        "my husband, dad",
    ]));
    assert!(out.contains("patient Tom, written by a caregiver"), "{out}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&cfg).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(text.contains("writer = \"caregiver\"") && text.contains("my husband"));
    // Never clobbered silently.
    let again = bin(&db)
        .env("DOSEDIARY_CONFIG", &cfg)
        .args(["setup", "--name", "Ann"])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), text);
    // Answers on stdin, one per line, for scripts.
    let cfg2 = d.path().join("c2.toml");
    let out = stdout(
        bin(&db)
            .env("DOSEDIARY_CONFIG", &cfg2)
            .arg("setup")
            .write_stdin("Sue\nself\n\nDr Jones\n020 7946 0000\n\n\n"),
    );
    assert!(out.contains("patient Sue, written by the patient"), "{out}");
    assert!(std::fs::read_to_string(&cfg2).unwrap().contains("Dr Jones"));
    assert!(!db.exists(), "setup does not create a diary");
}

#[test]
fn routine_flags_are_a_weekly_digest_and_serious_ones_stay_single() {
    let (d, db) = temp_db();
    let cfg = d.path().join("none.toml");
    for (at, text) in [
        ("2026-11-16 08:00", "dry mouth"),
        ("2026-11-17 08:00", "dry mouth"),
        ("2026-11-18 08:00", "dry mouth"),
        ("2026-11-17 09:00", "headache"),
        ("2026-11-19 09:00", "headache"),
        ("2026-11-18 12:00", "had a seizure"),
    ] {
        log(&db, &cfg, &["log", "symptom", text, "--at", at]);
    }
    let all = json(
        bin(&db)
            .env("DOSEDIARY_CONFIG", &cfg)
            .args(["flags", "--json"]),
    );
    assert_eq!(all.as_array().unwrap().len(), 6, "every flag stays in JSON");
    assert!(
        all[0]["source_titles"][0]
            .as_str()
            .is_some_and(|t| !t.contains("seed") && !t.contains(".txt"))
    );
    let text = stdout(bin(&db).env("DOSEDIARY_CONFIG", &cfg).arg("flags"));
    assert!(
        text.contains("This week: dry mouth 3 times, headache twice: mention at your next visit."),
        "{text}"
    );
    assert_eq!(
        text.matches("Dry mouth").count(),
        0,
        "no single routine flags:\n{text}"
    );
    let seizure = text.find("EMERGENCY").expect("the emergency is listed");
    assert!(seizure < text.find("This week").unwrap(), "urgency first");
    assert!(
        text.contains("Sources: ") && !text.contains("seed-0"),
        "{text}"
    );

    let serious =
        stdout(
            bin(&db)
                .env("DOSEDIARY_CONFIG", &cfg)
                .args(["flags", "--urgency", "urgent"]),
        );
    assert!(
        serious.contains("EMERGENCY") && !serious.contains("This week"),
        "{serious}"
    );

    let out = stdout(
        bin(&db)
            .env("DOSEDIARY_CONFIG", &cfg)
            .args(["flags", "--ack-routine"]),
    );
    assert!(out.contains("Acknowledged 5 routine flags"), "{out}");
    let all = json(
        bin(&db)
            .env("DOSEDIARY_CONFIG", &cfg)
            .args(["flags", "--json"]),
    );
    for f in all.as_array().unwrap() {
        assert_eq!(f["acknowledged"], f["urgency"] == "routine", "{f}");
    }
    let bad = bin(&db)
        .env("DOSEDIARY_CONFIG", &cfg)
        .args(["flags", "--urgency", "high"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
}
