//! `trends --json` on a diary built by hand: every mean, n, step and percentage below is worked
//! out in the comments from the entries listed here, not copied from the program.

mod common;

use common::*;
use predicates::prelude::*;
use serde_json::{Value, json};

/// An entry of the hand-built diary, in Berlin time (+01:00 in November).
enum E {
    Dose(&'static str, u64),
    Drowsy(&'static str, u8),
    Spasticity(&'static str, u8),
    Spasms(&'static str, u8),
    Intake(&'static str, &'static str),
    Symptom(&'static str, &'static str),
}

fn export(entries: &[E]) -> String {
    let at = |s: &str| format!("2026-11-{s}:00+01:00");
    let list: Vec<Value> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let uid = format!("hand-{i}");
            let rec = "2026-11-20T10:00:00Z";
            match e {
                E::Dose(t, mg) => json!({"uid": uid, "kind": "dose", "at": at(t), "recorded_at": rec, "amount_mcg": mg * 1000}),
                E::Drowsy(t, v) => json!({"uid": uid, "kind": "symptom", "at": at(t), "recorded_at": rec, "text": "drowsiness", "severity": v, "drowsiness_rating": true}),
                E::Spasticity(t, v) => json!({"uid": uid, "kind": "rating", "at": at(t), "recorded_at": rec, "scale": "spasticity", "value": v}),
                E::Spasms(t, v) => json!({"uid": uid, "kind": "rating", "at": at(t), "recorded_at": rec, "scale": "spasms", "value": v}),
                E::Intake(t, x) => json!({"uid": uid, "kind": "intake", "at": at(t), "recorded_at": rec, "text": x}),
                E::Symptom(t, x) => json!({"uid": uid, "kind": "symptom", "at": at(t), "recorded_at": rec, "text": x}),
            }
        })
        .collect();
    let reg = |from: &str, mg: u64| {
        json!({"effective_from": from, "dose_mcg": mg * 1000, "times": ["08:00", "20:00"],
               "max_daily_mcg": 80000, "kidney_impairment": false, "recorded_at": "2026-11-01T07:00:00Z"})
    };
    json!({
        "format": "dosediary-export",
        "schema_version": 1,
        "entries": list,
        // Step 1: 10 mg at 08:00 and 20:00 (20 mg a day) from 1 Nov; step 2: 15 mg twice (30 mg
        // a day) from 15 Nov 07:00, so 15 Nov is the first day of step 2.
        "regimens": [reg("2026-11-01T08:00:00+01:00", 10), reg("2026-11-15T07:00:00+01:00", 15)],
    })
    .to_string()
}

fn diary() -> Vec<E> {
    use E::*;
    vec![
        // Thu 12 Nov (step 1). Drowsiness 4 and 6: day mean 5.0, n = 2. Spasticity 8, spasms 3.
        Dose("12T08:00", 10),
        Drowsy("12T09:30", 4), // 1.5 h after the 08:00 dose: bin 1-2 h
        Dose("12T20:00", 10),
        Drowsy("12T21:00", 6), // 1.0 h after: bin 1-2 h
        Spasticity("12T22:00", 8),
        Spasms("12T22:01", 3),
        // Fri 13 Nov. Drowsiness 2 and 3: mean 2.5, n = 2. Spasticity 7. A symptom (dizziness).
        Dose("13T08:00", 10),
        Drowsy("13T08:30", 2), // 0.5 h: bin 0-1 h
        Drowsy("13T09:00", 3), // 1.0 h: bin 1-2 h
        Symptom("13T12:00", "dizzy when standing"),
        Dose("13T20:00", 10),
        Spasticity("13T22:00", 7),
        // Sat 14 Nov. Alcohol at 19:00; the 20:00 dose taken 90 min late at 21:30 (a late dose).
        // Drowsiness 5 (mean 5.0, n = 1), spasticity 9.
        Dose("14T08:00", 10),
        Intake("14T19:00", "2 beers"),
        Dose("14T21:30", 10),
        Spasticity("14T22:15", 9),
        Drowsy("14T22:30", 5), // 1.0 h after the 21:30 dose: bin 1-2 h
        // Sun 15 Nov (step 2). Cetirizine at 18:00. Drowsiness 1 and 6: mean 3.5, n = 2.
        // Spasticity 6.
        Dose("15T08:00", 15),
        Drowsy("15T08:20", 1), // 20 min: bin 0-1 h
        Drowsy("15T10:00", 6), // 2.0 h: bin 2-3 h
        Intake("15T18:00", "cetirizine 10mg"),
        Dose("15T20:00", 15),
        Spasticity("15T22:00", 6),
        // Mon 16 Nov. Cetirizine at 18:00. Drowsiness 7 and 5: mean 6.0, n = 2. Spasticity 5.
        Dose("16T08:00", 15),
        Drowsy("16T09:30", 7), // 1.5 h: bin 1-2 h
        Drowsy("16T11:00", 5), // 3.0 h: bin 3-4 h
        Intake("16T18:00", "cetirizine 10mg"),
        Dose("16T20:00", 15),
        Spasticity("16T22:00", 5),
        // Tue 17 Nov. The 20:00 dose missed: 15 of 30 mg taken. Cetirizine at 18:00.
        // No drowsiness rating; spasticity 5.
        Dose("17T08:00", 15),
        Intake("17T18:00", "cetirizine 10mg"),
        Spasticity("17T22:00", 5),
        // Wed 18 Nov. Drowsiness 3 and 4: mean 3.5, n = 2. Wine at 18:30. Spasticity 4, spasms 1.
        Dose("18T08:00", 15),
        Drowsy("18T08:45", 3), // 0.75 h: bin 0-1 h
        Drowsy("18T09:00", 4), // 1.0 h: bin 1-2 h
        Intake("18T18:30", "a glass of wine"),
        Dose("18T20:00", 15),
        Spasticity("18T22:00", 4),
        Spasms("18T22:01", 1),
        // Thu 19 Nov: nothing logged (a gap, not a zero).
    ]
}

fn close(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-9)
}

#[track_caller]
fn mean(v: &Value, want: f64, n: u64) {
    assert!(close(&v["mean"], want), "mean {} != {want}", v["mean"]);
    assert_eq!(v["n"], n, "n in {v}");
}

#[test]
fn trends_json_on_a_hand_built_diary() {
    let (d, db) = temp_db();
    let file = d.path().join("hand.json");
    std::fs::write(&file, export(&diary())).unwrap();
    stdout(bin(&db).args(["import", file.to_str().unwrap()]));
    // --since before the diary's first entry is clipped to it (12 Nov); --until is inclusive.
    let t = json(bin(&db).args([
        "trends",
        "--json",
        "--since",
        "2026-11-01",
        "--until",
        "2026-11-19",
    ]));
    assert_eq!(t["from"], "2026-11-12");
    assert_eq!(t["to"], "2026-11-19");

    // ---- days: 12..19 Nov, 8 days, every one present (gaps included, marked not logged).
    let days = t["days"].as_array().unwrap();
    assert_eq!(days.len(), 8);
    let day = |d: &str| days.iter().find(|x| x["date"] == d).unwrap();
    let d12 = day("2026-11-12");
    assert!(close(&d12["taken_mg"], 20.0));
    assert!(close(&d12["scheduled_mg"], 20.0));
    mean(&d12["drowsiness"], 5.0, 2); // (4 + 6) / 2
    mean(&d12["spasticity"], 8.0, 1);
    mean(&d12["spasms"], 3.0, 1);
    let d13 = day("2026-11-13");
    mean(&d13["drowsiness"], 2.5, 2); // (2 + 3) / 2
    assert_eq!(d13["symptom_entries"], 1);
    assert_eq!(d13["symptoms_by_sign"]["dizziness"], 1);
    let d14 = day("2026-11-14");
    assert_eq!(d14["late_doses"], 1); // 21:30 for the 20:00 slot
    assert_eq!(d14["alcohol"], 1);
    assert_eq!(d14["intakes"], json!(["2 beers"]));
    let d17 = day("2026-11-17");
    assert!(close(&d17["taken_mg"], 15.0)); // one of two 15 mg doses
    assert!(close(&d17["scheduled_mg"], 30.0));
    assert!(d17["drowsiness"].is_null());
    assert_eq!(d17["other_medicines"], 1);
    let d19 = day("2026-11-19");
    assert_eq!(d19["logged"], false);
    assert!(close(&d19["taken_mg"], 0.0));
    assert!(close(&d19["scheduled_mg"], 30.0));
    assert!(d19["spasticity"].is_null(), "a gap, not a zero");

    // ---- steps. Step 1: 12-14 Nov, 20 mg a day, 3 days.
    //   spasticity: day means 8, 7, 9 -> 24 / 3 = 8.0, n = 3
    //   drowsiness: day means 5.0, 2.5, 5.0 -> 12.5 / 3 = 4.1667 -> 4.17, n = 3
    // Step 2: 15-19 Nov, 30 mg a day, 5 days (19 Nov has no rating).
    //   spasticity: 6, 5, 5, 4 -> 20 / 4 = 5.0, n = 4; change 5.0 - 8.0 = -3.0 points,
    //     -3 / 8 = -37.5 %: a fall of 30 % or more with 3+ rated days on both sides -> marked
    //   drowsiness: 3.5, 6.0, 3.5 (17 Nov not rated) -> 13 / 3 = 4.3333 -> 4.33, n = 3;
    //     change 4.3333 - 4.1667 = 0.1667 -> 0.17 points, 0.1667 / 4.1667 = 4.0 %
    //   spasms: 1 (n = 1) against 3 (n = 1) in step 1.
    let steps = t["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2, "{steps:?}");
    let (s1, s2) = (&steps[0], &steps[1]);
    assert_eq!(
        (&s1["from"], &s1["to"], &s1["days"]),
        (&json!("2026-11-12"), &json!("2026-11-14"), &json!(3))
    );
    assert!(close(&s1["mg_a_day"], 20.0));
    mean(&s1["spasticity"], 8.0, 3);
    mean(&s1["drowsiness"], 4.17, 3);
    mean(&s1["spasms"], 3.0, 1);
    assert!(s1["spasticity_change"].is_null());
    assert_eq!(s1["meaningful_drop"], false);
    assert_eq!(
        (&s2["from"], &s2["to"], &s2["days"]),
        (&json!("2026-11-15"), &json!("2026-11-19"), &json!(5))
    );
    assert!(close(&s2["mg_a_day"], 30.0));
    mean(&s2["spasticity"], 5.0, 4);
    mean(&s2["drowsiness"], 4.33, 3);
    mean(&s2["spasms"], 1.0, 1);
    assert!(close(&s2["spasticity_change"]["points"], -3.0));
    assert!(close(&s2["spasticity_change"]["percent"], -37.5));
    assert_eq!(s2["meaningful_drop"], true);
    assert!(close(&s2["drowsiness_change"]["points"], 0.17));
    assert!(close(&s2["drowsiness_change"]["percent"], 4.0));

    // ---- drowsiness by hours since the last dose (taken doses only):
    //   0-1 h: 2 (13th), 1 (15th), 3 (18th) -> 6 / 3 = 2.0, n = 3
    //   1-2 h: 4, 6 (12th), 3 (13th), 5 (14th), 7 (16th), 4 (18th) -> 29 / 6 = 4.8333 -> 4.83
    //   2-3 h: 6 (15th), n = 1; 3-4 h: 5 (16th), n = 1; the rest empty.
    //   Peak among bins of 3+ ratings: 1-2 h (4.83 > 2.0); 2-3 h has a higher mean but n = 1.
    let h = &t["drowsiness_by_hours_since_dose"];
    let bins = h["bins"].as_array().unwrap();
    let bin = |l: &str| bins.iter().find(|b| b["label"] == l).unwrap();
    assert!(close(&bin("0-1 h")["mean"], 2.0));
    assert_eq!(bin("0-1 h")["n"], 3);
    assert!(close(&bin("1-2 h")["mean"], 4.83));
    assert_eq!(bin("1-2 h")["n"], 6);
    assert!(close(&bin("2-3 h")["mean"], 6.0));
    assert_eq!(bin("2-3 h")["n"], 1);
    assert_eq!(bin("3-4 h")["n"], 1);
    assert_eq!(bin("4-5 h")["n"], 0);
    assert!(bin("4-5 h")["mean"].is_null());
    assert_eq!(
        bins.iter().map(|b| b["n"].as_u64().unwrap()).sum::<u64>(),
        11
    );
    assert_eq!(h["peak"], "1-2 h");

    // ---- with and without.
    let cmp = t["compare"].as_array().unwrap();
    let find = |factor: &str, metric: &str| {
        cmp.iter()
            .find(|c| c["factor"] == factor && c["metric"] == metric)
            .unwrap_or_else(|| panic!("{factor}/{metric} in {cmp:?}"))
    };
    for c in cmp {
        assert_eq!(c["label"], "association, not cause");
    }
    // Spasticity with another medicine (cetirizine 18:00, rated 22:00 the same day) on 15, 16,
    // 17 Nov: 6, 5, 5 -> 16 / 3 = 5.3333 -> 5.33, n = 3. Without: 12, 13, 14, 18 Nov: 8, 7, 9, 4
    // -> 28 / 4 = 7.0, n = 4. Difference 5.3333 - 7.0 = -1.6667 -> -1.67. Both sides >= 3 days.
    let c = find("other_medicine", "spasticity");
    assert_eq!(c["enough"], true);
    mean(&c["with"], 5.33, 3);
    mean(&c["without"], 7.0, 4);
    assert!(close(&c["difference"], -1.67));
    // Drowsiness and another medicine: no rating falls within 12 h after a cetirizine (the next
    // mornings' ratings are 14.75 h or more after): nothing on the "with" side, nothing compared.
    let c = find("other_medicine", "drowsiness");
    assert_eq!(c["enough"], false);
    assert!(c["with"].is_null());
    assert!(c["difference"].is_null());
    // Alcohol: spasticity on 14 Nov (beer 19:00, rated 22:15) and 18 Nov (wine 18:30, rated
    // 22:00): 2 days, fewer than 3 -> not compared.
    let c = find("alcohol", "spasticity");
    assert_eq!(c["enough"], false);
    mean(&c["with"], 9.0 / 2.0 + 4.0 / 2.0, 2); // (9 + 4) / 2 = 6.5
    assert!(c["difference"].is_null());
    // The late dose (14 Nov 21:30) is within 12 h before the 22:30 rating (5) and before 15 Nov
    // 08:20 (1; 10 h 50 min later), not before 15 Nov 10:00 (12.5 h). A day with such a rating
    // counts on the "with" side with those ratings only: (5 + 1) / 2 = 3.0, n = 2 days.
    let c = find("late_dose", "drowsiness");
    mean(&c["with"], 3.0, 2);
    assert_eq!(c["enough"], false);
    // The latest step against the one before: drowsiness 4.33 (n = 3) against 4.17 (n = 3),
    // difference 0.17; spasticity 5.0 (n = 4) against 8.0 (n = 3), difference -3.0.
    let c = find("step", "drowsiness");
    assert_eq!(c["enough"], true);
    mean(&c["with"], 4.33, 3);
    mean(&c["without"], 4.17, 3);
    assert!(close(&c["difference"], 0.17));
    let c = find("step", "spasticity");
    assert!(close(&c["difference"], -3.0));
    assert!(c["with_label"].as_str().unwrap().contains("30 mg a day"));
    assert!(c["without_label"].as_str().unwrap().contains("20 mg a day"));
}

#[test]
fn trends_text_names_the_steps_the_peak_and_no_advice() {
    let (d, db) = temp_db();
    let file = d.path().join("hand.json");
    std::fs::write(&file, export(&diary())).unwrap();
    stdout(bin(&db).args(["import", file.to_str().unwrap()]));
    let out = stdout(bin(&db).args(["trends", "--since", "2026-11-12", "--until", "2026-11-19"]));
    assert!(out.contains("2026-11-15  2026-11-19  30"), "{out}");
    assert!(out.contains("-3.0 (-37.5%) *"), "{out}");
    assert!(out.contains("30% or more below the step before"), "{out}");
    assert!(out.contains("Peak: 1-2 h"), "{out}");
    assert!(out.contains("an association, not a cause"), "{out}");
    assert!(out.contains("not enough days to compare"), "{out}");
    let lower = out.to_lowercase();
    for advice in ["increase", "reduce", "should", "stop taking"] {
        assert!(!lower.contains(advice), "advice '{advice}' in:\n{out}");
    }
}

#[test]
fn trends_refuses_bad_periods_and_handles_an_empty_diary() {
    let (_d, db) = temp_db();
    bin(&db)
        .args(["trends", "--since", "2026-11-19", "--until", "2026-11-10"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("is after --until"));
    bin(&db)
        .args(["trends", "--since", "last tuesday"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--since"));
    assert!(!db.exists());
    // Reading never creates a diary.
    bin(&db)
        .args(["trends"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no diary"));
    assert!(!db.exists());
    stdout(bin(&db).args(["log", "dose", "10"]));
    stdout(bin(&db).args(["undo"]));
    let t = json(bin(&db).args(["trends", "--json"]));
    // An empty diary: today only, nothing in it.
    assert_eq!(t["from"], "2026-11-20");
    assert_eq!(t["days"].as_array().unwrap().len(), 1);
    assert_eq!(t["steps"].as_array().unwrap().len(), 1);
    assert!(t["drowsiness_by_hours_since_dose"]["peak"].is_null());
}
