//! The safety engine: scenario tests for every rule (the phrase corpus is tests/corpus.rs).

// ------------------------------------------------------------------ rule scenarios

use chrono::{DateTime, Duration, FixedOffset, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use dosediary::domain::{Amount, Entry, EntryKind, Regimen};
use dosediary::safety::{Catalog, Flag, Urgency, check_text, evaluate};

#[derive(Clone)]
struct H {
    entries: Vec<Entry>,
    regimens: Vec<Regimen>,
}

fn at(s: &str) -> DateTime<FixedOffset> {
    // "2026-11-10 08:00" in Berlin.
    let n = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    Berlin
        .from_local_datetime(&n)
        .earliest()
        .unwrap()
        .fixed_offset()
}

impl H {
    fn new() -> H {
        H {
            entries: Vec::new(),
            regimens: Vec::new(),
        }
    }
    fn regimen(mut self, from: &str, mg: u64, times: &[&str], kidney: bool, taper: bool) -> H {
        self.regimens.push(Regimen {
            id: self.regimens.len() as i64 + 1,
            effective_from: at(from),
            dose_mcg: Amount::from_mg(mg),
            times: times
                .iter()
                .map(|t| NaiveTime::parse_from_str(t, "%H:%M").unwrap())
                .collect(),
            max_daily_mcg: Amount::from_mg(80),
            kidney_impairment: kidney,
            planned_taper: taper,
            recorded_at: Utc::now(),
            doses_mcg: Vec::new(),
            prescribed_above_label: false,
            as_needed: None,
        });
        self
    }
    fn push(mut self, when: &str, kind: EntryKind) -> H {
        let id = self.entries.len() as i64 + 1;
        self.entries.push(Entry {
            id,
            uid: format!("u{id}"),
            at: at(when),
            recorded_at: Utc::now(),
            kind,
            note: None,
            edited_at: None,
        });
        self.entries.sort_by_key(|e| e.at);
        self
    }
    fn dose(self, when: &str, mcg: u64) -> H {
        self.push(
            when,
            EntryKind::Dose {
                amount_mcg: Amount::from_mcg(mcg),
                skipped: false,
                as_needed: false,
            },
        )
    }
    fn doses(mut self, days: &[&str], times: &[&str], mg: u64) -> H {
        for d in days {
            for t in times {
                self = self.dose(&format!("{d} {t}"), mg * 1000);
            }
        }
        self
    }
    fn symptom(self, when: &str, text: &str, sev: Option<u8>) -> H {
        self.push(
            when,
            EntryKind::Symptom {
                text: text.into(),
                severity: sev,
                drowsiness_rating: false,
                about: None,
            },
        )
    }
    fn rating(self, when: &str, r: u8) -> H {
        self.push(
            when,
            EntryKind::Symptom {
                text: "drowsiness".into(),
                severity: Some(r),
                drowsiness_rating: true,
                about: None,
            },
        )
    }
    fn intake(self, when: &str, text: &str) -> H {
        self.push(when, EntryKind::Intake { text: text.into() })
    }
    fn flags(&self, now: &str) -> Vec<Flag> {
        evaluate(
            &self.entries,
            &self.regimens,
            at(now).with_timezone(&Utc),
            &Berlin,
            Catalog::builtin(),
        )
    }
}

fn rules(f: &[Flag]) -> Vec<&str> {
    f.iter().map(|f| f.rule.as_str()).collect()
}
fn find<'a>(f: &'a [Flag], rule: &str) -> Option<&'a Flag> {
    f.iter().find(|x| x.rule == rule)
}

const TID: &[&str] = &["08:00", "14:00", "20:00"];

#[test]
fn daily_max_80_passes_80_5_flags() {
    let h = H::new()
        .dose("2026-11-10 08:00", 40_000)
        .dose("2026-11-10 14:00", 40_000);
    assert!(find(&h.flags("2026-11-10 23:00"), "daily_max_exceeded").is_none());
    let h = h.dose("2026-11-10 20:00", 500);
    let f = h.flags("2026-11-10 23:00");
    let m = find(&f, "daily_max_exceeded").expect("80.5 mg flags");
    assert_eq!(m.urgency, Urgency::Urgent);
    assert!(
        m.detail.contains("80.5 mg")
            && m.detail.contains("Tue 10 Nov")
            && m.detail.contains("80 mg daily maximum"),
        "{}",
        m.detail
    );
    assert_eq!(m.sources, ["label-ozobax", "seed-001"]);
    // Local calendar days: 23:30 and 00:30 are two days.
    let h = H::new()
        .dose("2026-11-10 23:30", 50_000)
        .dose("2026-11-11 02:30", 50_000);
    assert!(find(&h.flags("2026-11-11 12:00"), "daily_max_exceeded").is_none());
    // The user's own lower maximum counts.
    let mut h = H::new()
        .regimen("2026-11-01 00:00", 10, TID, false, false)
        .dose("2026-11-10 08:00", 30_000)
        .dose("2026-11-10 14:00", 30_000);
    h.regimens[0].max_daily_mcg = Amount::from_mg(50);
    assert!(find(&h.flags("2026-11-10 15:00"), "daily_max_exceeded").is_some());
}

#[test]
fn dose_gap_11h59_passes_12h_flags() {
    let base = || {
        H::new()
            .regimen("2026-11-01 00:00", 10, TID, false, false)
            .doses(&["2026-11-09"], TID, 10)
    };
    // The 08:00 dose on the 10th was never taken; the next dose comes 11 h 59 min after it was due.
    let h = base().dose("2026-11-10 19:59", 10_000);
    let f = h.flags("2026-11-10 22:00");
    assert!(find(&f, "dose_gap").is_none(), "{:?}", rules(&f));
    assert!(find(&f, "missed_dose").is_some());
    let h = base().dose("2026-11-10 20:00", 10_000);
    let g = h.flags("2026-11-10 22:00");
    let g = find(&g, "dose_gap").expect("12 h flags");
    assert_eq!(g.urgency, Urgency::Urgent);
    assert!(g.detail.contains("12 h"), "{}", g.detail);
    // An ongoing gap is judged from --as-of.
    let h = base();
    assert!(find(&h.flags("2026-11-10 19:59"), "dose_gap").is_none());
    assert!(find(&h.flags("2026-11-10 20:00"), "dose_gap").is_some());
}

#[test]
fn double_dose_under_two_hours() {
    let h = H::new()
        .dose("2026-11-10 08:00", 10_000)
        .dose("2026-11-10 09:59", 10_000);
    let f = h.flags("2026-11-10 12:00");
    let d = find(&f, "double_dose").expect("1 h 59 min apart");
    assert!(d.detail.contains("1 h 59 min"), "{}", d.detail);
    let h = H::new()
        .dose("2026-11-10 08:00", 10_000)
        .dose("2026-11-10 10:00", 10_000);
    assert!(find(&h.flags("2026-11-10 12:00"), "double_dose").is_none());
}

#[test]
fn large_single_dose_ladder() {
    let h = H::new()
        .regimen("2026-11-01 00:00", 10, TID, false, false)
        .dose("2026-11-10 08:00", 20_000);
    assert!(
        find(&h.flags("2026-11-10 09:00"), "large_single_dose").is_none(),
        "exactly twice passes"
    );
    let h = H::new()
        .regimen("2026-11-01 00:00", 10, TID, false, false)
        .dose("2026-11-10 08:00", 20_500);
    assert_eq!(
        find(&h.flags("2026-11-10 09:00"), "large_single_dose")
            .unwrap()
            .urgency,
        Urgency::Urgent
    );
    let h = H::new().dose("2026-11-10 08:00", 200_000);
    assert_eq!(
        find(&h.flags("2026-11-10 09:00"), "large_single_dose")
            .unwrap()
            .urgency,
        Urgency::Emergency
    );
    let h = H::new().dose("2026-11-10 08:00", 199_000);
    assert!(
        find(&h.flags("2026-11-10 09:00"), "large_single_dose").is_none(),
        "no regimen, under 200 mg"
    );
}

#[test]
fn missed_dose_only_once_the_next_is_due() {
    let h = H::new()
        .regimen("2026-11-10 00:00", 10, TID, false, false)
        .dose("2026-11-10 08:05", 10_000);
    assert!(find(&h.flags("2026-11-10 19:59"), "missed_dose").is_none());
    let f = h.flags("2026-11-10 20:00");
    let m = find(&f, "missed_dose").expect("14:00 missed once 20:00 is due");
    assert_eq!(m.urgency, Urgency::Routine);
    assert!(m.detail.contains("14:00"), "{}", m.detail);
    // A late dose within the window counts as taken; a skip is not "missed".
    let h = H::new()
        .regimen("2026-11-10 00:00", 10, TID, false, false)
        .dose("2026-11-10 08:05", 10_000)
        .dose("2026-11-10 16:30", 10_000)
        .push(
            "2026-11-10 20:00",
            EntryKind::Dose {
                amount_mcg: Amount::from_mg(10),
                skipped: true,
                as_needed: false,
            },
        );
    let f = h.flags("2026-11-11 07:59");
    assert!(find(&f, "missed_dose").is_none(), "{:?}", rules(&f));
}

#[test]
fn rapid_reduction_and_escalation_boundaries() {
    let days = ["2026-11-07", "2026-11-08", "2026-11-09"];
    // 60 mg a day, then 30 mg: half -> flags.
    let h = H::new()
        .doses(&days, TID, 20)
        .dose("2026-11-10 08:00", 30_000);
    let f = h.flags("2026-11-11 09:00");
    let r = find(&f, "rapid_reduction").expect("half flags");
    assert!(
        r.detail.contains("30 mg") && r.detail.contains("60 mg"),
        "{}",
        r.detail
    );
    // 31 mg: not half.
    let h = H::new()
        .doses(&days, TID, 20)
        .dose("2026-11-10 08:00", 31_000);
    assert!(find(&h.flags("2026-11-11 09:00"), "rapid_reduction").is_none());
    // Today is not complete: no judgement yet.
    let h = H::new()
        .doses(&days, TID, 20)
        .dose("2026-11-10 08:00", 30_000);
    assert!(find(&h.flags("2026-11-10 21:00"), "rapid_reduction").is_none());
    // A planned taper is not flagged.
    let h = H::new()
        .regimen("2026-11-01 00:00", 10, TID, false, true)
        .doses(&days, TID, 20)
        .dose("2026-11-10 08:00", 30_000);
    assert!(find(&h.flags("2026-11-11 09:00"), "rapid_reduction").is_none());
    // Escalation: 15 mg a day to 30 is the titration step (+15): fine; to 31: flagged.
    let h = H::new()
        .doses(&days, TID, 5)
        .doses(&["2026-11-10"], TID, 10);
    assert!(find(&h.flags("2026-11-10 23:00"), "rapid_escalation").is_none());
    let h = H::new()
        .doses(&days, TID, 5)
        .doses(&["2026-11-10"], TID, 10)
        .dose("2026-11-10 22:30", 1_000);
    assert_eq!(
        find(&h.flags("2026-11-10 23:00"), "rapid_escalation")
            .unwrap()
            .urgency,
        Urgency::Routine
    );
}

#[test]
fn withdrawal_window_after_a_gap() {
    // Doses stop after the 08:00 dose on the 9th: a gap from 14:00.
    let h = H::new()
        .regimen("2026-11-01 00:00", 10, TID, false, false)
        .doses(&["2026-11-08"], TID, 10)
        .dose("2026-11-09 08:00", 10_000);
    let h2 = h
        .clone()
        .symptom("2026-11-10 16:00", "seeing things that aren't there", None);
    let f = h2.flags("2026-11-10 17:00");
    let w = find(&f, "withdrawal_window").expect("hallucination 26 h into a gap");
    assert_eq!(w.urgency, Urgency::Emergency);
    assert!(w.advice.contains("emergency number"));
    assert!(
        w.detail.contains("gap") || w.detail.contains("reduction"),
        "{}",
        w.detail
    );
    assert!(find(&f, "hallucination").is_some());
    // Long after the gap and the reduced day (doses resumed, then over 72 h passed): none.
    let h3 = h
        .clone()
        .doses(
            &["2026-11-10", "2026-11-11", "2026-11-12", "2026-11-13"],
            TID,
            10,
        )
        .symptom("2026-11-13 21:00", "hallucinating", None);
    let f = h3.flags("2026-11-13 22:00");
    assert!(find(&f, "withdrawal_window").is_none(), "{:?}", rules(&f));
    // A drowsiness symptom is not a withdrawal sign.
    let h4 = h.symptom("2026-11-10 16:00", "very drowsy", Some(5));
    assert!(find(&h4.flags("2026-11-10 17:00"), "withdrawal_window").is_none());
}

#[test]
fn overdose_window_24h() {
    let h = H::new()
        .dose("2026-11-10 08:00", 10_000)
        .dose("2026-11-10 09:00", 10_000);
    let f = h
        .clone_with_symptom("2026-11-11 08:59", "vomited and legs went limp")
        .flags("2026-11-11 10:00");
    assert_eq!(
        find(&f, "overdose_window").expect("within 24 h").urgency,
        Urgency::Emergency
    );
    let f = h
        .clone_with_symptom("2026-11-11 09:01", "vomited and legs went limp")
        .flags("2026-11-11 10:00");
    assert!(find(&f, "overdose_window").is_none());
}

impl H {
    fn clone_with_symptom(&self, when: &str, text: &str) -> H {
        H {
            entries: self.entries.clone(),
            regimens: self.regimens.clone(),
        }
        .symptom(when, text, None)
    }
}

#[test]
fn sedative_interaction_ladder() {
    let h = H::new()
        .dose("2026-11-10 18:00", 10_000)
        .intake("2026-11-10 20:00", "2 beers");
    let f = h.flags("2026-11-10 21:00");
    let s = find(&f, "sedative_interaction").expect("beer 2 h after a dose");
    assert_eq!(s.urgency, Urgency::Routine);
    assert!(s.detail.contains("alcohol"), "{}", s.detail);
    let h2 = H::new()
        .dose("2026-11-10 18:00", 10_000)
        .intake("2026-11-10 20:00", "2 beers")
        .rating("2026-11-10 21:00", 8);
    assert_eq!(
        find(&h2.flags("2026-11-10 22:00"), "sedative_interaction")
            .unwrap()
            .urgency,
        Urgency::Urgent
    );
    let h3 = H::new()
        .dose("2026-11-10 18:00", 10_000)
        .intake("2026-11-10 20:00", "oxycodone 5mg")
        .symptom("2026-11-10 22:00", "breathing is very shallow", None);
    assert_eq!(
        find(&h3.flags("2026-11-10 23:00"), "sedative_interaction")
            .unwrap()
            .urgency,
        Urgency::Emergency
    );
    let h4 = H::new()
        .dose("2026-11-10 06:00", 10_000)
        .intake("2026-11-10 18:01", "a glass of wine");
    assert!(
        find(&h4.flags("2026-11-10 23:00"), "sedative_interaction").is_none(),
        "more than 12 h after"
    );
    let h5 = H::new()
        .dose("2026-11-10 18:00", 10_000)
        .intake("2026-11-10 20:00", "ibuprofen and a glass of water");
    assert!(find(&h5.flags("2026-11-10 23:00"), "sedative_interaction").is_none());
}

#[test]
fn kidney_dose_ladder() {
    let h = H::new()
        .regimen("2026-11-01 00:00", 5, TID, true, false)
        .doses(&["2026-11-10"], TID, 5);
    assert!(
        find(&h.flags("2026-11-10 23:00"), "kidney_dose").is_none(),
        "15 mg a day"
    );
    let h = H::new()
        .regimen("2026-11-01 00:00", 10, TID, true, false)
        .doses(&["2026-11-10", "2026-11-11"], TID, 10);
    let f = h.flags("2026-11-11 23:00");
    let k: Vec<&Flag> = f.iter().filter(|x| x.rule == "kidney_dose").collect();
    assert_eq!(k.len(), 1, "one flag per run of days");
    assert_eq!(k[0].urgency, Urgency::Urgent);
    let h = h.symptom("2026-11-11 22:00", "confused and muddled", None);
    let f = h.flags("2026-11-11 23:00");
    assert!(
        f.iter()
            .any(|x| x.rule == "kidney_dose" && x.urgency == Urgency::Emergency)
    );
}

#[test]
fn drowsiness_rising_two_points() {
    let mut h = H::new();
    for d in 1..=7 {
        for hh in ["10:00", "16:00"] {
            h = h.rating(&format!("2026-11-{d:02} {hh}"), 3);
        }
    }
    for d in 8..=14 {
        for hh in ["10:00", "16:00"] {
            h = h.rating(&format!("2026-11-{d:02} {hh}"), 5);
        }
    }
    let f = h.flags("2026-11-14 20:00");
    assert_eq!(
        find(&f, "drowsiness_rising").expect("3 -> 5 is +2").urgency,
        Urgency::Routine
    );
    let mut h = H::new();
    for d in 1..=14 {
        h = h.rating(&format!("2026-11-{d:02} 10:00"), if d <= 7 { 3 } else { 4 });
        h = h.rating(&format!("2026-11-{d:02} 16:00"), if d <= 7 { 3 } else { 5 });
    }
    assert!(
        find(&h.flags("2026-11-14 20:00"), "drowsiness_rising").is_none(),
        "+1.5 is not enough"
    );
}

#[test]
fn allergic_cluster_within_hours() {
    let h = H::new()
        .symptom("2026-11-10 12:00", "hives on my arms", None)
        .symptom("2026-11-10 14:00", "lips swelling", None);
    assert_eq!(
        find(&h.flags("2026-11-10 15:00"), "allergic_cluster")
            .unwrap()
            .urgency,
        Urgency::Emergency
    );
    let h = H::new()
        .symptom("2026-11-10 12:00", "hives on my arms", None)
        .symptom("2026-11-10 19:00", "lips swelling", None);
    assert!(find(&h.flags("2026-11-10 20:00"), "allergic_cluster").is_none());
    let h = H::new().symptom("2026-11-10 12:00", "hives and wheezing", None);
    assert!(find(&h.flags("2026-11-10 13:00"), "allergic_cluster").is_some());
}

#[test]
fn dst_week_schedule_and_totals() {
    // Clocks go back on Sunday 25 October 2026. Doses at 08:00, 14:00, 20:00 local every day.
    let days: Vec<String> = (22..=28).map(|d| format!("2026-10-{d}")).collect();
    let days: Vec<&str> = days.iter().map(String::as_str).collect();
    let h = H::new()
        .regimen("2026-10-20 00:00", 20, TID, false, false)
        .doses(&days, TID, 20);
    let f = h.flags("2026-10-28 21:00");
    for r in [
        "missed_dose",
        "dose_gap",
        "double_dose",
        "daily_max_exceeded",
        "rapid_reduction",
        "rapid_escalation",
    ] {
        assert!(
            find(&f, r).is_none(),
            "{r} in a normal DST week: {:?}",
            f.iter().map(|x| &x.detail).collect::<Vec<_>>()
        );
    }
    // The 25th has 25 hours; three doses still make one local day of 60 mg.
    let mut h = h;
    h = h.dose("2026-10-25 23:30", 20_500);
    assert_eq!(
        find(&h.flags("2026-10-28 21:00"), "daily_max_exceeded")
            .unwrap()
            .at
            .date_naive()
            .to_string(),
        "2026-10-25"
    );
    // And the spring gap: a schedule time that does not exist that day (02:30) still runs.
    let h = H::new()
        .regimen(
            "2026-03-27 00:00",
            10,
            &["02:30", "10:00", "18:00"],
            false,
            false,
        )
        .doses(&["2026-03-28"], &["02:30", "10:00", "18:00"], 10)
        .dose("2026-03-29 03:30", 10_000)
        .dose("2026-03-29 10:00", 10_000);
    let f = h.flags("2026-03-29 12:00");
    assert!(
        find(&f, "missed_dose").is_none(),
        "{:?}",
        f.iter().map(|x| &x.detail).collect::<Vec<_>>()
    );
}

#[test]
fn check_reads_context_in_the_text() {
    let now = at("2026-11-20 12:00").with_timezone(&Utc);
    let r = check_text(
        "shaking all over and burning up since I ran out of pills",
        None,
        None,
        now,
        &Berlin,
    );
    assert_eq!(r.urgency, Urgency::Emergency);
    assert!(r.rules.iter().any(|f| f.rule == "withdrawal_window"));
    let r = check_text(
        "took too many tablets, now throwing up and so weak",
        None,
        None,
        now,
        &Berlin,
    );
    assert_eq!(r.urgency, Urgency::Emergency);
    assert!(r.rules.iter().any(|f| f.rule == "overdose_window"));
    let r = check_text("no temperature since Sunday", None, None, now, &Berlin);
    assert_eq!(r.urgency, Urgency::None);
    let r = check_text("ran out of steam, a bit shaky", None, None, now, &Berlin);
    assert_eq!(
        r.urgency,
        Urgency::Routine,
        "'ran out of steam' is not running out of pills"
    );
    // With history: a gap in doses makes a withdrawal sign an emergency.
    let h = H::new()
        .regimen("2026-11-01 00:00", 10, TID, false, false)
        .dose("2026-11-19 08:00", 10_000);
    let r = check_text(
        "muscles are rigid",
        Some((&h.entries, &h.regimens)),
        None,
        now,
        &Berlin,
    );
    assert_eq!(r.urgency, Urgency::Emergency);
}

#[test]
fn every_flag_names_sources_and_who_to_call() {
    let h = H::new()
        .regimen("2026-11-01 00:00", 10, TID, true, false)
        .doses(&["2026-11-08", "2026-11-09"], TID, 20)
        .dose("2026-11-10 08:00", 90_000)
        .dose("2026-11-10 08:30", 10_000)
        .symptom(
            "2026-11-10 09:00",
            "vomiting, hives and lips swelling, confused",
            None,
        )
        .intake("2026-11-10 10:00", "3 beers");
    let f = h.flags("2026-11-12 12:00");
    assert!(f.len() >= 8, "{:?}", rules(&f));
    let cat = Catalog::builtin();
    for x in &f {
        assert!(!x.sources.is_empty(), "{}", x.rule);
        for s in &x.sources {
            assert!(
                cat.source_title(s).is_some(),
                "{} cites unknown {s}",
                x.rule
            );
        }
        assert!(!x.detail.is_empty() && !x.why.is_empty());
        match x.urgency {
            Urgency::Emergency => assert!(x.advice.contains("emergency number")),
            Urgency::Urgent => assert!(x.advice.contains("prescriber today")),
            _ => {}
        }
        let lower = format!("{} {} {}", x.detail, x.why, x.advice).to_lowercase();
        for banned in [
            "increase your dose",
            "reduce your dose",
            "take another",
            "stop taking",
            "double your",
        ] {
            assert!(
                !lower.contains(banned),
                "{} advises a dose change: {lower}",
                x.rule
            );
        }
    }
    let _ = Duration::zero();
}

#[test]
fn withdrawal_window_ladder_early_signs_are_urgent() {
    let h = H::new()
        .regimen("2026-11-01 00:00", 10, TID, false, false)
        .doses(&["2026-11-08"], TID, 10)
        .dose("2026-11-09 08:00", 10_000);
    let f = h
        .clone()
        .symptom("2026-11-10 16:00", "cramp in my calf", None)
        .flags("2026-11-10 17:00");
    assert_eq!(
        find(&f, "withdrawal_window").unwrap().urgency,
        Urgency::Urgent
    );
    let f = h
        .clone()
        .symptom("2026-11-10 16:00", "shaking and a fever of 38.5", None)
        .flags("2026-11-10 17:00");
    assert_eq!(
        find(&f, "withdrawal_window").unwrap().urgency,
        Urgency::Emergency
    );
    let now = at("2026-11-20 12:00").with_timezone(&Utc);
    assert_eq!(
        check_text("shaking since I ran out of pills", None, None, now, &Berlin).urgency,
        Urgency::Urgent
    );
    assert_eq!(
        check_text(
            "shaking all over and burning up since I ran out of pills",
            None,
            None,
            now,
            &Berlin
        )
        .urgency,
        Urgency::Emergency
    );
}

#[test]
fn recent_evaluation_gives_the_same_open_flags_as_the_full_history() {
    use dosediary::safety::evaluate_recent;
    for (days, seed) in [(400u32, 1u64), (120, 2), (40, 3)] {
        let now = at("2026-11-20 15:30").with_timezone(&Utc);
        let d = dosediary::demo::generate(days, seed, now, &Berlin);
        let regimens: Vec<Regimen> = d
            .regimens
            .iter()
            .enumerate()
            .map(|(i, r)| Regimen {
                id: i as i64,
                effective_from: r.effective_from,
                dose_mcg: r.dose_mcg,
                times: r.times.clone(),
                max_daily_mcg: r.max_daily_mcg,
                kidney_impairment: r.kidney_impairment,
                planned_taper: r.planned_taper,
                recorded_at: r.effective_from.with_timezone(&Utc),
                doses_mcg: Vec::new(),
                prescribed_above_label: false,
                as_needed: None,
            })
            .collect();
        let mut entries = d.entries;
        for (i, e) in entries.iter_mut().enumerate() {
            e.id = i as i64 + 1;
        }
        let full: Vec<String> = evaluate(&entries, &regimens, now, &Berlin, Catalog::builtin())
            .into_iter()
            .filter(|f| f.at.with_timezone(&Utc) >= now - Duration::days(7))
            .map(|f| f.key)
            .collect();
        let recent: Vec<String> =
            evaluate_recent(&entries, &regimens, now, &Berlin, Catalog::builtin())
                .into_iter()
                .map(|f| f.key)
                .collect();
        assert_eq!(full, recent, "{days} days, seed {seed}");
        assert!(!full.is_empty());
    }
}

// ---------------------------------------------------------------- supply

use dosediary::domain::{SupplyEvent, SupplyKind};
use dosediary::safety::supply::{self, SupplyStatus};

fn sup(kind: SupplyKind, when: &str, tablets: u32, mg: u64) -> SupplyEvent {
    SupplyEvent {
        id: 0,
        kind,
        at: at(when),
        tablets,
        strength_mcg: Amount::from_mg(mg),
        note: None,
        recorded_at: Utc::now(),
    }
}

impl H {
    fn supply(&self, events: &[SupplyEvent], now: &str) -> Option<SupplyStatus> {
        supply::status(
            events,
            &self.entries,
            &self.regimens,
            at(now).with_timezone(&Utc),
            &Berlin,
        )
    }
}

fn supply_flag(s: &SupplyStatus, now: &str) -> Option<Flag> {
    supply::flag(s, at(now).with_timezone(&Utc), &Berlin, Catalog::builtin())
}

/// 60 tablets of 10 mg on 10 Nov; 10 mg three times a day until 15 Nov, then 20 mg three times a
/// day. By 16 Nov 12:00: 600 - 15 x 10 - 4 x 20 = 370 mg left.
fn supply_history() -> (H, Vec<SupplyEvent>) {
    let days = [
        "2026-11-10",
        "2026-11-11",
        "2026-11-12",
        "2026-11-13",
        "2026-11-14",
    ];
    let h = H::new()
        .regimen("2026-11-01 00:00", 10, TID, false, false)
        .doses(&days, TID, 10)
        .regimen("2026-11-15 00:00", 20, TID, false, false)
        .doses(&["2026-11-15"], TID, 20)
        .dose("2026-11-16 08:00", 20_000);
    (h, vec![sup(SupplyKind::Add, "2026-11-10 07:30", 60, 10)])
}

#[test]
fn supply_projection_across_a_regimen_change() {
    let (h, ev) = supply_history();
    let s = h.supply(&ev, "2026-11-16 12:00").expect("tracked");
    assert_eq!(s.on_hand_mcg, 370_000);
    assert_eq!(s.tablets_left, 37.0);
    assert!(!s.overdrawn);
    // 14:00 and 20:00 today (330), 60 mg a day 17-21 Nov (30 left), 22 Nov 08:00 (10 left):
    // the 14:00 dose on 22 Nov is the first the tablets cannot cover.
    assert_eq!(s.run_out, Some(at("2026-11-22 14:00")));
    assert_eq!(s.doses_left, Some(2 + 15 + 1));
    let days = s.days_left.unwrap();
    assert!((days - (6.0 + 2.0 / 24.0)).abs() < 1e-9, "{days}");
    // Six days: a routine reminder, not urgent yet.
    let f = supply_flag(&s, "2026-11-16 12:00").expect("under 7 days");
    assert_eq!(f.rule, "supply_low");
    assert_eq!(f.urgency, Urgency::Routine);
    assert!(
        f.detail.contains("37 tablets of 10 mg left (370 mg)"),
        "{}",
        f.detail
    );
    assert!(
        f.detail.contains("14:00 dose on Sun 22 Nov"),
        "{}",
        f.detail
    );

    // Had the regimen stayed at 10 mg, the same tablets would last until 28 Nov.
    let (mut h2, ev2) = supply_history();
    h2.regimens.truncate(1);
    let s2 = h2.supply(&ev2, "2026-11-16 12:00").unwrap();
    assert_eq!(s2.on_hand_mcg, 370_000, "the doses logged are what counts");
    // 37 doses of 10 mg: 2 today, 3 a day for 11 days (17-27 Nov), 2 on 28 Nov.
    assert_eq!(s2.run_out, Some(at("2026-11-28 20:00")));
    assert!(supply_flag(&s2, "2026-11-16 12:00").is_none());
}

#[test]
fn supply_projection_follows_a_change_already_set_for_later() {
    let (h, ev) = supply_history();
    // A planned taper step from 19 Nov: 10 mg twice a day.
    let h = h.regimen("2026-11-19 00:00", 10, &["08:00", "20:00"], false, true);
    let s = h.supply(&ev, "2026-11-16 12:00").unwrap();
    // 370: 2 x 20 today (330), 3 x 20 on 17 and 18 Nov (210), then 21 doses of 10 mg:
    // 19-28 Nov (20 doses), 29 Nov 08:00; 29 Nov 20:00 is the first not covered.
    assert_eq!(s.run_out, Some(at("2026-11-29 20:00")));
    assert_eq!(s.doses_left, Some(2 + 6 + 21));
}

#[test]
fn supply_counts_reset_the_reckoning_and_early_doses_count_once() {
    let (h, mut ev) = supply_history();
    // Counted 7 tablets on 16 Nov 09:00 (some went missing): 70 mg, the 08:00 dose is before it.
    ev.push(sup(SupplyKind::Count, "2026-11-16 09:00", 7, 10));
    let s = h.supply(&ev, "2026-11-16 12:00").unwrap();
    assert_eq!(s.on_hand_mcg, 70_000);
    // 20 mg doses: 14:00 (50), 20:00 (30), 17 Nov 08:00 (10), 14:00 not covered.
    assert_eq!(s.run_out, Some(at("2026-11-17 14:00")));
    let f = supply_flag(&s, "2026-11-16 12:00").unwrap();
    assert_eq!(f.urgency, Urgency::Urgent);
    assert!(f.advice.contains("prescriber today"), "{}", f.advice);
    assert!(f.advice.contains("Do not stretch"), "{}", f.advice);
    assert_eq!(
        f.sources,
        [
            "label-tablet",
            "label-ozobax",
            "spinal-cord-2009",
            "seed-001"
        ]
    );

    // The 14:00 dose taken early at 11:30: it covers today's 14:00 slot, not one more.
    let h2 = h
        .clone_with_symptom("2026-11-16 10:00", "fine")
        .dose("2026-11-16 11:30", 20_000);
    let s2 = h2.supply(&ev, "2026-11-16 12:00").unwrap();
    assert_eq!(s2.on_hand_mcg, 50_000);
    // 20:00 (30), 17 Nov 08:00 (10): 14:00 on 17 Nov is still the first not covered.
    assert_eq!(s2.run_out, Some(at("2026-11-17 14:00")));

    // More logged than counted: overdrawn, never shown as negative tablets.
    let h3 = h2.dose("2026-11-16 11:45", 60_000);
    let s3 = h3.supply(&ev, "2026-11-16 12:00").unwrap();
    assert!(s3.overdrawn);
    assert_eq!(s3.tablets_left, 0.0);
    assert_eq!(s3.on_hand, "0 mg");
    assert!(
        supply::summary(&s3, at("2026-11-16 12:00").with_timezone(&Utc), &Berlin)
            .contains("supply count")
    );
}

#[test]
fn supply_flag_thresholds_and_untracked_supply() {
    let h = H::new().regimen("2026-11-01 00:00", 10, &["08:00"], false, false);
    let ev = [sup(SupplyKind::Count, "2026-11-10 07:00", 3, 10)];
    // 3 doses: 10, 11, 12 Nov at 08:00; 13 Nov 08:00 is the run-out.
    let urgency = |h: &H, now: &str| {
        let s = h.supply(&ev, now).unwrap();
        assert_eq!(s.run_out, Some(at("2026-11-13 08:00")));
        supply_flag(&s, now).map(|f| f.urgency)
    };
    assert_eq!(
        urgency(&h, "2026-11-10 07:59"),
        Some(Urgency::Routine),
        "3 days and 1 minute"
    );
    let taken = H::new()
        .regimen("2026-11-01 00:00", 10, &["08:00"], false, false)
        .dose("2026-11-10 08:00", 10_000);
    assert_eq!(
        urgency(&taken, "2026-11-10 08:01"),
        Some(Urgency::Urgent),
        "under 3 days"
    );
    // A dose not logged uses no tablets: the run-out moves a day on.
    let s = h.supply(&ev, "2026-11-10 08:01").unwrap();
    assert_eq!(s.run_out, Some(at("2026-11-14 08:00")));
    let ev7 = [sup(SupplyKind::Count, "2026-11-10 07:00", 7, 10)];
    let s = h.supply(&ev7, "2026-11-10 07:00").unwrap();
    assert_eq!(s.run_out, Some(at("2026-11-17 08:00")));
    assert!(
        supply_flag(&s, "2026-11-10 07:00").is_none(),
        "7 days and an hour"
    );
    // Nothing recorded, or recorded only later: no supply, no flag.
    assert!(h.supply(&[], "2026-11-10 12:00").is_none());
    assert!(h.supply(&ev, "2026-11-09 12:00").is_none());
    // No regimen: the stock is known, the run-out is not.
    let s = H::new().supply(&ev, "2026-11-10 12:00").unwrap();
    assert_eq!(s.run_out, None);
    assert!(supply_flag(&s, "2026-11-10 12:00").is_none());
}
