//! Issue 13 scenarios through the pure engine, at their boundaries: a per-time regimen across a
//! DST change, a planned taper slow enough and one that is not, as-needed doses at their limit and
//! just past it, a prescribed maximum above the label, a regularly taken sedative, mixed-strength
//! packs and the moment the tablets ran out. Berlin time, `now` passed in.

use chrono::{DateTime, FixedOffset, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;

use dosediary::domain::{
    Amount, AsNeeded, Entry, EntryKind, Medicine, Regimen, SupplyEvent, SupplyKind,
};
use dosediary::safety::{self, Catalog, Flag, Urgency, supply};

fn at(s: &str) -> DateTime<FixedOffset> {
    let n = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    Berlin
        .from_local_datetime(&n)
        .earliest()
        .unwrap()
        .fixed_offset()
}
fn utc(s: &str) -> DateTime<Utc> {
    at(s).with_timezone(&Utc)
}

#[derive(Default, Clone)]
struct H {
    entries: Vec<Entry>,
    regimens: Vec<Regimen>,
    meds: Vec<Medicine>,
}

fn times(t: &[&str]) -> Vec<NaiveTime> {
    t.iter()
        .map(|t| NaiveTime::parse_from_str(t, "%H:%M").unwrap())
        .collect()
}

impl H {
    fn regimen(mut self, from: &str, doses_mg: &[u64], t: &[&str], recorded: &str) -> H {
        let doses: Vec<Amount> = doses_mg.iter().map(|d| Amount::from_mg(*d)).collect();
        let max = doses.iter().copied().max().unwrap();
        self.regimens.push(Regimen {
            id: self.regimens.len() as i64 + 1,
            effective_from: at(from),
            dose_mcg: max,
            times: times(t),
            max_daily_mcg: Amount::from_mg(80),
            kidney_impairment: false,
            planned_taper: false,
            recorded_at: utc(recorded),
            doses_mcg: if doses.len() > 1 { doses } else { Vec::new() },
            prescribed_above_label: false,
            as_needed: None,
        });
        self
    }
    fn last(&mut self) -> &mut Regimen {
        self.regimens.last_mut().unwrap()
    }
    fn push(mut self, when: &str, kind: EntryKind) -> H {
        let id = self.entries.len() as i64 + 1;
        self.entries.push(Entry {
            id,
            uid: format!("u{id}"),
            at: at(when),
            recorded_at: utc(when),
            kind,
            note: None,
            edited_at: None,
        });
        self.entries.sort_by_key(|e| e.at);
        self
    }
    fn dose(self, when: &str, mg: u64) -> H {
        self.push(when, EntryKind::dose(Amount::from_mg(mg)))
    }
    fn prn(self, when: &str, mg: u64) -> H {
        self.push(
            when,
            EntryKind::Dose {
                amount_mcg: Amount::from_mg(mg),
                skipped: false,
                as_needed: true,
            },
        )
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
    fn drowsy(self, when: &str, r: u8) -> H {
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
    fn flags(&self, now: &str) -> Vec<Flag> {
        safety::evaluate_with(
            &self.entries,
            &self.regimens,
            &self.meds,
            utc(now),
            &Berlin,
            Catalog::builtin(),
        )
    }
}

fn rules<'a>(f: &'a [Flag], rule: &str) -> Vec<&'a Flag> {
    f.iter().filter(|x| x.rule == rule).collect()
}

#[test]
fn a_per_time_regimen_keeps_its_doses_across_the_autumn_clock_change() {
    // Clocks go back at 03:00 on Sun 25 Oct 2026 in Berlin.
    let mut h = H::default().regimen(
        "2026-10-24 00:00",
        &[10, 10, 20],
        &["08:00", "14:00", "22:00"],
        "2026-10-23 12:00",
    );
    for d in ["2026-10-24", "2026-10-25", "2026-10-26"] {
        h = h
            .dose(&format!("{d} 08:00"), 10)
            .dose(&format!("{d} 14:00"), 10)
            .dose(&format!("{d} 22:00"), 20);
    }
    let slots = safety::schedule(
        &h.entries,
        &h.regimens,
        None,
        utc("2026-10-26 23:00"),
        &Berlin,
    );
    let on = |day: &str| -> Vec<(String, u64)> {
        slots
            .iter()
            .filter(|s| s.at.format("%Y-%m-%d").to_string() == day)
            .map(|s| (s.at.format("%H:%M%z").to_string(), s.dose.mcg() / 1000))
            .collect()
    };
    assert_eq!(
        on("2026-10-25"),
        [
            ("08:00+0100".to_string(), 10),
            ("14:00+0100".to_string(), 10),
            ("22:00+0100".to_string(), 20)
        ]
    );
    assert_eq!(on("2026-10-24")[2], ("22:00+0200".to_string(), 20));
    assert!(
        slots
            .iter()
            .filter(|s| s.at <= at("2026-10-26 23:00"))
            .all(|s| s.taken_by.is_some()),
        "every slot taken"
    );
    let f = h.flags("2026-10-26 23:00");
    for r in [
        "missed_dose",
        "dose_gap",
        "large_single_dose",
        "daily_max_exceeded",
    ] {
        assert!(rules(&f, r).is_empty(), "{r}: {f:?}");
    }
    // A single dose is judged against the largest prescribed dose (20 mg): 41 mg is more than
    // twice it.
    let h = h.dose("2026-10-26 23:30", 41);
    let f = h.flags("2026-10-26 23:59");
    assert_eq!(rules(&f, "large_single_dose").len(), 1);
}

#[test]
fn a_planned_taper_is_judged_when_entered_and_when_it_happens() {
    let cat = Catalog::builtin();
    // 60 mg a day since 1 Nov; on 10 Nov the prescriber plans 40 mg a day from 14 Nov.
    let base = H::default().regimen(
        "2026-11-01 00:00",
        &[20],
        &["08:00", "14:00", "20:00"],
        "2026-11-01 00:00",
    );
    let slow = base.regimen(
        "2026-11-14 00:00",
        &[20],
        &["08:00", "20:00"],
        "2026-11-10 09:00",
    );
    let step = slow.regimens.last().unwrap();
    assert!(
        safety::regimen::taper_warning(
            &slow.regimens[..1],
            step.effective_from,
            step.daily_total(),
            cat
        )
        .is_none(),
        "60 -> 40 mg is a third, slow enough"
    );
    // 60 -> 30 mg: exactly half trips rapid_reduction.
    let fast = H::default()
        .regimen(
            "2026-11-01 00:00",
            &[20],
            &["08:00", "14:00", "20:00"],
            "2026-11-01 00:00",
        )
        .regimen(
            "2026-11-14 00:00",
            &[15],
            &["08:00", "20:00"],
            "2026-11-10 09:00",
        );
    let step = fast.regimens.last().unwrap();
    let w = safety::regimen::taper_warning(
        &fast.regimens[..1],
        step.effective_from,
        step.daily_total(),
        cat,
    )
    .expect("half within 3 days");
    assert_eq!(
        (w.from_total, w.to_total, w.percent),
        (Amount::from_mg(60), Amount::from_mg(30), 50)
    );

    // When it happens: the slow planned step raises no rapid_reduction; the fast one does,
    // although it was planned.
    let take = |mut h: H, per_day: &[(u64, &[&str])]| {
        for d in 10..=16 {
            let day = format!("2026-11-{d}");
            let (mg, t) = if d < 14 { per_day[0] } else { per_day[1] };
            for t in t {
                h = h.dose(&format!("{day} {t}"), mg);
            }
        }
        h
    };
    let tid: &[&str] = &["08:00", "14:00", "20:00"];
    let bid: &[&str] = &["08:00", "20:00"];
    let slow = take(slow, &[(20, tid), (20, bid)]);
    assert!(rules(&slow.flags("2026-11-17 09:00"), "rapid_reduction").is_empty());
    let fast = take(fast, &[(20, tid), (15, bid)]);
    assert_eq!(
        rules(&fast.flags("2026-11-17 09:00"), "rapid_reduction").len(),
        1
    );
}

#[test]
fn as_needed_doses_at_their_limit_and_just_past_it() {
    let mut h = H::default().regimen(
        "2026-11-10 00:00",
        &[10],
        &["08:00", "20:00"],
        "2026-11-10 00:00",
    );
    h.last().as_needed = Some(AsNeeded {
        dose_mcg: Amount::from_mg(10),
        max_daily_mcg: Some(Amount::from_mg(20)),
        min_gap_min: 240,
    });
    // At the limit: two as-needed doses exactly 4 h apart, 20 mg as needed in the day.
    let ok = h
        .dose("2026-11-10 08:00", 10)
        .prn("2026-11-10 11:00", 10)
        .prn("2026-11-10 15:00", 10)
        .dose("2026-11-10 20:00", 10);
    let f = ok.flags("2026-11-10 21:00");
    assert!(rules(&f, "as_needed_limit").is_empty(), "{f:?}");
    // The as-needed doses never filled the 20:00 slot.
    assert!(rules(&f, "missed_dose").is_empty(), "{f:?}");
    // Just past the gap: 3 h 59 min.
    let mut h2 = H::default().regimen(
        "2026-11-10 00:00",
        &[10],
        &["08:00", "20:00"],
        "2026-11-10 00:00",
    );
    h2.last().as_needed = ok.regimens[0].as_needed;
    let close = h2
        .dose("2026-11-10 08:00", 10)
        .prn("2026-11-10 11:00", 10)
        .prn("2026-11-10 14:59", 10);
    let f = close.flags("2026-11-10 16:00");
    let a = rules(&f, "as_needed_limit");
    assert_eq!(a.len(), 1, "{f:?}");
    assert!(a[0].detail.contains("3 h 59 min apart"), "{}", a[0].detail);
    // Just past the daily limit: a third as-needed dose of 1 mg.
    let over = ok.prn("2026-11-10 20:30", 1);
    let f = over.flags("2026-11-10 21:00");
    let a = rules(&f, "as_needed_limit");
    assert!(
        a.iter().any(|x| x.detail.contains("21 mg taken as needed")),
        "{a:?}"
    );
    assert_eq!(a[0].urgency, Urgency::Urgent);
    // The daily maximum counts everything: 70 mg scheduled-and-as-needed above an 60 mg maximum.
    let mut h3 = H::default().regimen(
        "2026-11-10 00:00",
        &[25],
        &["08:00", "20:00"],
        "2026-11-10 00:00",
    );
    h3.last().max_daily_mcg = Amount::from_mg(60);
    h3.last().as_needed = Some(AsNeeded {
        dose_mcg: Amount::from_mg(20),
        max_daily_mcg: None,
        min_gap_min: 240,
    });
    let f = h3
        .dose("2026-11-10 08:00", 25)
        .prn("2026-11-10 13:00", 20)
        .dose("2026-11-10 20:00", 25)
        .flags("2026-11-10 21:00");
    assert_eq!(rules(&f, "daily_max_exceeded").len(), 1, "{f:?}");
}

#[test]
fn a_prescribed_maximum_above_the_label_and_the_closer_watch() {
    let mut h = H::default().regimen(
        "2026-11-01 00:00",
        &[40],
        &["08:00", "13:00", "19:00"],
        "2026-11-01 00:00",
    );
    h.last().max_daily_mcg = Amount::from_mg(120);
    h.last().prescribed_above_label = true;
    let h = h
        .dose("2026-11-10 08:00", 40)
        .dose("2026-11-10 13:00", 40)
        .dose("2026-11-10 19:00", 40);
    let f = h.flags("2026-11-10 23:00");
    assert!(
        rules(&f, "daily_max_exceeded").is_empty(),
        "the prescribed 120 mg: {f:?}"
    );
    // Alcohol the same evening: watched more closely (urgent), not only the routine interaction.
    let f = h
        .clone()
        .push(
            "2026-11-10 20:00",
            EntryKind::Intake {
                text: "2 beers".into(),
            },
        )
        .flags("2026-11-10 23:00");
    let w = rules(&f, "high_dose_watch");
    assert_eq!(w.len(), 1, "{f:?}");
    assert_eq!(w[0].urgency, Urgency::Urgent);
    assert!(w[0].detail.contains("120 mg a day"), "{}", w[0].detail);
    // 121 mg: above the prescribed maximum.
    let f = h.dose("2026-11-10 21:00", 1).flags("2026-11-10 23:00");
    assert_eq!(rules(&f, "daily_max_exceeded").len(), 1);
    // Without the prescriber's flag the label maximum holds.
    let mut plain = H::default().regimen(
        "2026-11-01 00:00",
        &[40],
        &["08:00", "13:00"],
        "2026-11-01 00:00",
    );
    plain.last().max_daily_mcg = Amount::from_mg(120);
    let f = plain
        .dose("2026-11-10 08:00", 40)
        .dose("2026-11-10 13:00", 41)
        .flags("2026-11-10 23:00");
    assert!(
        rules(&f, "daily_max_exceeded")[0]
            .detail
            .contains("80 mg daily maximum")
    );
}

#[test]
fn a_regularly_taken_sedative_is_known_to_the_rules() {
    let gaba = Medicine {
        id: 1,
        name: "gabapentin".into(),
        dose: Some("300 mg".into()),
        times: times(&["08:00", "20:00"]),
        class: Some("anticonvulsant".into()),
        from: at("2026-11-01 00:00"),
        stopped: None,
        recorded_at: utc("2026-11-01 00:00"),
    };
    let mut h = H::default().regimen(
        "2026-11-01 00:00",
        &[10],
        &["08:00", "20:00"],
        "2026-11-01 00:00",
    );
    for d in 8..=10 {
        h = h
            .dose(&format!("2026-11-{d:02} 08:00"), 10)
            .push(
                &format!("2026-11-{d:02} 08:05"),
                EntryKind::Med {
                    name: "gabapentin".into(),
                    dose: Some("300 mg".into()),
                },
            )
            .push(
                &format!("2026-11-{d:02} 08:06"),
                EntryKind::Intake {
                    text: "gabapentin 300mg".into(),
                },
            );
    }
    // Unknown: a routine flag with every dose of it.
    assert!(rules(&h.flags("2026-11-10 12:00"), "sedative_interaction").len() >= 3);
    // Known: none for the doses themselves.
    h.meds.push(gaba.clone());
    assert!(rules(&h.flags("2026-11-10 12:00"), "sedative_interaction").is_empty());
    // But heavy drowsiness after a baclofen dose is judged with it in mind.
    let h = h.drowsy("2026-11-10 10:00", 8);
    let f = h.flags("2026-11-10 12:00");
    let s = rules(&f, "sedative_interaction");
    assert_eq!(s.len(), 1, "{f:?}");
    assert_eq!(s[0].urgency, Urgency::Urgent);
    assert!(s[0].detail.contains("gabapentin"), "{}", s[0].detail);
    // Breathing trouble: an emergency.
    let f = h
        .symptom("2026-11-10 11:00", "breathing very slow and shallow", None)
        .flags("2026-11-10 12:00");
    assert!(
        rules(&f, "sedative_interaction")
            .iter()
            .any(|x| x.urgency == Urgency::Emergency),
        "{f:?}"
    );
    // Alcohol is never "known".
    let mut h2 = H::default().regimen(
        "2026-11-01 00:00",
        &[10],
        &["08:00", "20:00"],
        "2026-11-01 00:00",
    );
    h2.meds.push(gaba);
    let f = h2
        .dose("2026-11-10 08:00", 10)
        .push(
            "2026-11-10 09:00",
            EntryKind::Intake {
                text: "a glass of wine".into(),
            },
        )
        .flags("2026-11-10 12:00");
    assert_eq!(rules(&f, "sedative_interaction").len(), 1);
}

fn sup(kind: SupplyKind, when: &str, tablets: u32, mg: u64) -> SupplyEvent {
    SupplyEvent {
        id: 0,
        kind,
        at: at(when),
        tablets,
        strength_mcg: Amount::from_mg(mg),
        note: None,
        recorded_at: utc(when),
    }
}

#[test]
fn mixed_strength_packs_are_counted_separately() {
    // 20 mg three times a day; 20 tablets of 10 mg open, then a pack of 30 x 5 mg.
    let mut h = H::default().regimen(
        "2026-11-01 00:00",
        &[20],
        &["08:00", "14:00", "20:00"],
        "2026-11-01 00:00",
    );
    let ev = vec![
        sup(SupplyKind::Add, "2026-11-10 07:00", 20, 10),
        sup(SupplyKind::Add, "2026-11-11 07:00", 30, 5),
    ];
    for t in [
        "2026-11-10 08:00",
        "2026-11-10 14:00",
        "2026-11-10 20:00",
        "2026-11-11 08:00",
    ] {
        h = h.dose(t, 20);
    }
    let s = supply::status(
        &ev,
        &h.entries,
        &h.regimens,
        utc("2026-11-11 09:00"),
        &Berlin,
    )
    .unwrap();
    let by: Vec<(u64, f64)> = s
        .by_strength
        .iter()
        .map(|b| (b.strength_mcg / 1000, b.tablets_left))
        .collect();
    // The open pack (10 mg) serves the four doses: 8 tablets; the 5 mg pack is untouched.
    assert_eq!(by, [(10, 12.0), (5, 30.0)]);
    assert_eq!(s.on_hand_mcg, 270_000);
    let line = supply::summary(&s, utc("2026-11-11 09:00"), &Berlin);
    assert!(
        line.starts_with("12 tablets of 10 mg and 30 tablets of 5 mg left (270 mg)"),
        "{line}"
    );
    // 270 mg = 13 doses of 20 mg and 10 mg over: 14:00 and 20:00 today, 3 a day to 14 Nov,
    // 15 Nov 08:00 and 14:00; 15 Nov 20:00 is not covered.
    assert_eq!(s.run_out, Some(at("2026-11-15 20:00")));
    // Once the 10 mg tablets are gone a dose is drawn from the 5 mg pack (4 x 5 mg), and a
    // 15 mg dose from what is left (1 x 10 + 1 x 5).
    let h2 = (0..6).fold(h, |h, k| h.dose(&format!("2026-11-11 1{k}:00"), 20));
    let s2 = supply::status(
        &ev,
        &h2.entries,
        &h2.regimens,
        utc("2026-11-11 16:30"),
        &Berlin,
    )
    .unwrap();
    let by: Vec<(u64, f64)> = s2
        .by_strength
        .iter()
        .map(|b| (b.strength_mcg / 1000, b.tablets_left))
        .collect();
    assert_eq!(by, [(10, 0.0), (5, 30.0)]);
    let h3 = h2.dose("2026-11-11 16:45", 20);
    let s3 = supply::status(
        &ev,
        &h3.entries,
        &h3.regimens,
        utc("2026-11-11 17:00"),
        &Berlin,
    )
    .unwrap();
    let by: Vec<(u64, f64)> = s3
        .by_strength
        .iter()
        .map(|b| (b.strength_mcg / 1000, b.tablets_left))
        .collect();
    assert_eq!(by, [(10, 0.0), (5, 26.0)]);
    assert_eq!(s3.strength_mcg, 5000, "the 5 mg pack is open now");
}

#[test]
fn after_running_out_the_moment_stays_put_and_the_flag_is_urgent() {
    let mut h = H::default().regimen(
        "2026-11-01 00:00",
        &[10],
        &["08:00", "14:00", "22:00"],
        "2026-11-01 00:00",
    );
    let ev = vec![sup(SupplyKind::Count, "2026-11-20 07:00", 2, 10)];
    h = h.dose("2026-11-20 08:00", 10).dose("2026-11-20 14:00", 10);
    // Fri 20 Nov 22:00 is the first dose the tablets cannot make; asked at 23:00 and the next
    // evening, it stays "ran out Fri 20 Nov 22:00".
    for now in ["2026-11-20 23:00", "2026-11-21 21:00"] {
        let s = supply::status(&ev, &h.entries, &h.regimens, utc(now), &Berlin).unwrap();
        assert_eq!(s.ran_out, Some(at("2026-11-20 22:00")), "{now}");
        let line = supply::summary(&s, utc(now), &Berlin);
        assert!(line.contains("ran out Fri 20 Nov 22:00"), "{line}");
        let f = supply::flag(&s, utc(now), &Berlin, Catalog::builtin()).unwrap();
        assert_eq!(f.urgency, Urgency::Urgent);
        assert!(f.advice.contains("out-of-hours"), "{}", f.advice);
        assert!(f.advice.contains("911, 112, 999"), "{}", f.advice);
        // Today no longer says to take the late dose when remembered.
        let t = dosediary::diary::today::today(&h.entries, &h.regimens, &[], utc(now), &Berlin)
            .with_supply(Some(s), utc(now), &Berlin);
        let note = t.missed_dose_note.unwrap();
        assert!(!note.contains("when you remember"), "{note}");
        assert!(note.contains("ran out Fri 20 Nov 22:00"), "{note}");
    }
    // Before 22:00 it has not run out yet: it runs out at 22:00.
    let s = supply::status(
        &ev,
        &h.entries,
        &h.regimens,
        utc("2026-11-20 21:00"),
        &Berlin,
    )
    .unwrap();
    assert_eq!(s.ran_out, None);
    assert_eq!(s.run_out, Some(at("2026-11-20 22:00")));
}
