//! Every argument is read by clap into its type: a bad value is refused by clap's own error path
//! with one line that names the argument, the value and what is accepted, exit status 2, and
//! nothing written (not even an empty diary). Good values, in any case and with spaces around,
//! reach the handlers.

mod common;

use common::*;

/// Runs `args` against a diary that does not exist yet; returns the one stderr line.
fn refused(args: &[&str]) -> String {
    let (dir, db) = temp_db();
    let out = bin(&db).args(args).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{args:?} was not refused");
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    let err = String::from_utf8(out.stderr).expect("utf8");
    assert_eq!(err.lines().count(), 1, "{args:?}: not one line:\n{err}");
    assert!(!db.exists(), "{args:?} created the diary");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "{args:?} wrote {left:?}");
    let line = err.trim_end().to_string();
    assert!(line.starts_with("dosediary: "), "{line}");
    line["dosediary: ".len()..].to_string()
}

#[test]
fn a_bad_tablet_count_is_refused_by_clap_with_the_range_for_add_and_for_count() {
    assert_eq!(
        refused(&["supply", "add", "ninety", "--strength", "10"]),
        "'ninety' is not a number of tablets; accepted: a whole number from 1 to 10000, such as 90"
    );
    // A pack adds at least one tablet; a count may find none left.
    assert!(refused(&["supply", "add", "0", "--strength", "10"]).contains("from 1 to 10000"));
    assert!(refused(&["supply", "count", "-1", "--strength", "10"]).contains("from 0 to 10000"));
    assert!(refused(&["supply", "count", "3.5", "--strength", "10"]).contains("whole number"));
}

#[test]
fn a_bad_step_or_entry_id_is_refused_naming_where_the_number_comes_from() {
    assert_eq!(
        refused(&["regimen", "cancel", "third"]),
        "'third' is not a step number; accepted: the number shown by `dosediary regimen plan`, e.g. 3"
    );
    assert!(refused(&["regimen", "cancel", "0"]).contains("not a step number"));
    assert!(refused(&["regimen", "cancel", "-2"]).contains("'-2' is not a step number"));
    for args in [
        &["delete", "abc"][..],
        &["delete", "-1"],
        &["edit", "x1", "--note", "late"],
    ] {
        let line = refused(args);
        assert!(line.contains("is not an entry id"), "{args:?}: {line}");
        assert!(line.contains("`dosediary list`"), "{args:?}: {line}");
    }
}

#[test]
fn a_value_outside_a_fixed_choice_names_the_option_and_lists_the_choices() {
    assert_eq!(
        refused(&["export", "--format", "xml"]),
        "--format: 'xml' is not known; accepted: csv, json, fhir"
    );
    assert_eq!(
        refused(&["report", "--pdf", "r.pdf", "--paper", "a3"]),
        "--paper: 'a3' is not known; accepted: a4, letter"
    );
    assert_eq!(
        refused(&["flags", "--urgency", "high"]),
        "--urgency: 'high' is not known; accepted: routine, urgent, emergency"
    );
    // A near miss gets the nearest choice.
    assert_eq!(
        refused(&["flags", "--urgency", "urgnet"]),
        "--urgency: 'urgnet' is not known; accepted: routine, urgent, emergency (did you mean 'urgent'?)"
    );
    assert_eq!(
        refused(&["log", "symptom", "dizzy", "--about", "me"]),
        "--about: 'me' is not known; accepted: patient, other"
    );
    assert_eq!(
        refused(&["edit", "1", "--about", "neighbour"]),
        "--about: 'neighbour' is not known; accepted: patient, other"
    );
    assert!(refused(&["export", "--format", ""]).contains("accepted: csv, json, fhir"));
}

#[test]
fn bad_edit_text_or_note_and_bad_demo_numbers_are_refused_before_anything_is_opened() {
    assert!(
        refused(&["edit", "1", "--text", "  "]).starts_with("--text: the symptom text is empty"),
    );
    assert!(refused(&["edit", "1", "--note", "\u{1}\u{7}"]).starts_with("--note: "));
    assert_eq!(
        refused(&["demo", "--days", "0"]),
        "--days: '0' is not a number of days from 1 to 36500; accepted: a number of days such as 60 or 3650"
    );
    assert!(refused(&["demo", "--days", "ten"]).starts_with("--days: 'ten'"));
    assert!(refused(&["demo", "--days", "36501"]).contains("1 to 36500"));
    assert!(refused(&["demo", "--seed", "-1"]).starts_with("--seed: '-1' is not a seed"));
}

#[test]
fn good_values_in_any_case_reach_the_handlers() {
    let (d, db) = temp_db();
    stdout(bin(&db).args([
        "regimen",
        "set",
        "--dose",
        "10",
        "--times",
        "08:00,14:00,20:00",
        "--from",
        "-2d",
    ]));
    // A count of zero is a real count: none left.
    let out = stdout(bin(&db).args(["supply", "count", "0", "--strength", "10"]));
    assert!(out.starts_with("Counted 0 tablets of 10 mg"), "{out}");
    let out = stdout(bin(&db).args(["supply", "add", " 90 ", "--strength", "10"]));
    assert!(out.starts_with("Added 90 tablets of 10 mg"), "{out}");
    let out = stdout(bin(&db).args([
        "log",
        "symptom",
        "my neighbour is dizzy",
        "--about",
        "Other",
    ]));
    let id = out
        .strip_prefix("Logged #")
        .and_then(|r| r.split(':').next())
        .expect("an id")
        .to_string();
    let id_num: i64 = id.parse().expect("a number");
    let listed = json(bin(&db).args(["list", "--json"]));
    let entry = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id_num)
        .expect("listed");
    assert_eq!(entry["about"], "other", "{entry}");
    // `#12` as `list` prints it; --about in capitals; a note set, then removed with ''.
    let out = stdout(bin(&db).args([
        "edit",
        &format!("#{id}"),
        "--about",
        "PATIENT",
        "--note",
        "x",
    ]));
    assert!(out.starts_with(&format!("Changed #{id}:")), "{out}");
    stdout(bin(&db).args(["edit", &id, "--note", ""]));
    let listed = json(bin(&db).args(["list", "--json"]));
    let entry = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id_num)
        .unwrap();
    assert_eq!(entry["about"], "patient", "{entry}");
    assert!(entry["note"].is_null(), "{entry}");
    // The choices, whatever their case.
    let csv = stdout(bin(&db).args(["export", "--format", "CSV"]));
    assert!(csv.lines().count() > 1, "{csv}");
    let fhir = json(bin(&db).args(["export", "--format", " Fhir"]));
    assert_eq!(fhir["resourceType"], "Bundle");
    let all = json(bin(&db).args(["flags", "--json"]));
    let urgent = json(bin(&db).args(["flags", "--json", "--urgency", "Urgent"]));
    let want: Vec<_> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["urgency"] == "urgent" || f["urgency"] == "emergency")
        .cloned()
        .collect();
    assert_eq!(urgent.as_array().unwrap(), &want);
    let out = stdout(bin(&db).args(["delete", &format!("#{id}")]));
    assert!(out.starts_with(&format!("Deleted #{id}:")), "{out}");
    drop(d);
}

#[test]
fn a_planned_step_is_cancelled_by_its_number() {
    let (_d, db) = temp_db();
    stdout(bin(&db).args([
        "regimen",
        "set",
        "--dose",
        "10",
        "--times",
        "08:00,20:00",
        "--from",
        "-1d",
    ]));
    stdout(bin(&db).args([
        "regimen",
        "set",
        "--dose",
        "15",
        "--times",
        "08:00,20:00",
        "--from",
        "2026-11-27 08:00",
    ]));
    let plan = stdout(bin(&db).args(["regimen", "plan"]));
    let step = plan
        .split("step ")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .unwrap_or_else(|| panic!("no step number in: {plan}"))
        .to_string();
    let out = stdout(bin(&db).args(["regimen", "cancel", &format!(" #{step} ")]));
    assert!(
        out.starts_with(&format!("Cancelled planned step {step}:")),
        "{out}"
    );
}
