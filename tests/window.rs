//! Bounded judging (`diary::judge`): `check`, `log` and the app's preview judge a new entry in
//! the window the rules look back over. Over that window they must give exactly what the whole
//! history gives: scenarios at the window's edges (a dose 71 h and 73 h back, a drowsiness trend a
//! week back, a gap that started long before the window) and random diaries.

use chrono::{DateTime, Duration, FixedOffset, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use dosediary::diary::{Clock, Diary};
use dosediary::domain::{Amount, Entry, EntryKind, NewRegimen};
use dosediary::safety::rules::window;
use dosediary::safety::{self, Catalog, Flag, FlagKind, Patient, Urgency};
use dosediary::store::Store;
use proptest::prelude::*;

fn now() -> DateTime<Utc> {
    Berlin
        .with_ymd_and_hms(2026, 11, 20, 15, 30, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn local(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&Berlin).fixed_offset()
}

/// A diary being written: entries in time order, one regimen from `start`.
struct Build {
    entries: Vec<Entry>,
    start: DateTime<Utc>,
    times: Vec<&'static str>,
}

impl Build {
    fn new(days: i64) -> Build {
        Build {
            entries: Vec::new(),
            start: now() - Duration::days(days),
            times: vec!["08:00", "14:00", "20:00"],
        }
    }

    fn add(&mut self, at: DateTime<Utc>, kind: EntryKind) {
        let n = self.entries.len();
        self.entries.push(Entry {
            id: 0,
            uid: format!("window-{n}"),
            at: local(at),
            recorded_at: at,
            kind,
            note: None,
            edited_at: None,
        });
    }

    fn dose(&mut self, at: DateTime<Utc>, mg: u64) {
        self.add(
            at,
            EntryKind::Dose {
                amount_mcg: Amount::from_mg(mg),
                skipped: false,
                as_needed: false,
            },
        );
    }

    fn symptom(&mut self, at: DateTime<Utc>, text: &str) {
        self.add(
            at,
            EntryKind::Symptom {
                text: text.into(),
                severity: None,
                drowsiness_rating: false,
                about: None,
            },
        );
    }

    fn drowsiness(&mut self, at: DateTime<Utc>, rating: u8) {
        self.add(
            at,
            EntryKind::Symptom {
                text: "drowsiness".into(),
                severity: Some(rating),
                drowsiness_rating: true,
                about: None,
            },
        );
    }

    /// Every scheduled dose from the regimen's start until `until`, taken on time.
    fn doses_until(&mut self, until: DateTime<Utc>, mg: u64) {
        self.doses_between(self.start, until, mg);
    }

    /// Every scheduled dose from `from` until `until`, taken on time.
    fn doses_between(&mut self, from: DateTime<Utc>, until: DateTime<Utc>, mg: u64) {
        let mut day = from.with_timezone(&Berlin).date_naive();
        loop {
            for t in self.times.clone() {
                let tm = NaiveTime::parse_from_str(t, "%H:%M").unwrap();
                let at = Berlin
                    .from_local_datetime(&day.and_time(tm))
                    .single()
                    .unwrap()
                    .with_timezone(&Utc);
                if at >= until {
                    return;
                }
                if at >= from {
                    self.dose(at, mg);
                }
            }
            day = day.succ_opt().unwrap();
        }
    }

    fn open(mut self, dir: &tempfile::TempDir) -> Diary<chrono_tz::Tz> {
        self.entries.sort_by_key(|e| e.at);
        let mut st = Store::open(&dir.path().join("w.sqlite3")).unwrap();
        let times = self
            .times
            .iter()
            .map(|t| NaiveTime::parse_from_str(t, "%H:%M").unwrap())
            .collect();
        let reg = NewRegimen::simple(
            local(self.start),
            Amount::from_mg(10),
            times,
            Amount::from_mg(80),
        );
        st.import_all(&self.entries, &[reg], &[self.start], now())
            .unwrap();
        Diary::without_backup(st, Clock::fixed(now()), Berlin, None)
            .with_patient(Patient::default())
    }
}

/// `check TEXT` over the bounded window and over the whole history, as JSON.
fn check_both(d: &Diary<chrono_tz::Tz>, text: &str) -> (serde_json::Value, serde_json::Value) {
    let bounded = d.reader().check(text).unwrap();
    let all = d.store.all_entries().unwrap();
    let regs = d.store.regimens().unwrap();
    let mut whole = safety::check_text_for(
        text,
        &Patient::default(),
        Some((&all, &regs)),
        None,
        now(),
        &Berlin,
    );
    let pump = d.store.pump_history().unwrap();
    safety::pump::check_for_pump(&mut whole, &pump, now(), &Berlin, Catalog::builtin());
    (
        serde_json::to_value(&bounded).unwrap(),
        serde_json::to_value(&whole).unwrap(),
    )
}

/// The flags `log` prints for `e` (as cli::logged_flags picks them).
fn mine(flags: Vec<Flag>, e: &Entry) -> Vec<serde_json::Value> {
    flags
        .into_iter()
        .filter(|f| {
            f.entry_id == Some(e.id)
                || (f.entry_id.is_none()
                    && f.kind == FlagKind::Pattern
                    && f.at == e.at
                    && !matches!(
                        f.rule.as_str(),
                        "supply_low" | "pump_refill_due" | "pump_alarm_logged"
                    ))
        })
        .map(|f| serde_json::to_value(&f).unwrap())
        .collect()
}

/// What `log` prints for the entry `e`, over the bounded window and over the whole history.
fn log_both(
    d: &Diary<chrono_tz::Tz>,
    e: &Entry,
) -> (Vec<serde_json::Value>, Vec<serde_json::Value>) {
    let r = d.reader();
    let bounded = r.judged_since(e.at.with_timezone(&Utc)).unwrap().flags;
    let whole = r.judged(None).unwrap().flags;
    (mine(bounded, e), mine(whole, e))
}

fn last_entry(d: &Diary<chrono_tz::Tz>) -> Entry {
    d.store.all_entries().unwrap().pop().unwrap()
}

fn rules_of(v: &serde_json::Value) -> Vec<String> {
    v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap().to_string())
        .collect()
}

/// Doses on schedule, then a gap of two and a half days ended by a dose `back` hours ago, then
/// doses on schedule again.
fn gap_then_dose(back: i64) -> Build {
    let mut b = Build::new(40);
    let dose_at = now() - Duration::hours(back);
    b.doses_until(dose_at - Duration::hours(60), 10);
    b.dose(dose_at, 10);
    b.doses_between(dose_at + Duration::hours(3), now(), 10);
    b
}

#[test]
fn a_withdrawal_sign_71_hours_after_a_gap_ends_counts_and_73_hours_does_not() {
    for (back, inside) in [(71, true), (73, false)] {
        let dir = tempfile::tempdir().unwrap();
        let d = gap_then_dose(back).open(&dir);
        let (bounded, whole) = check_both(&d, "shaking and sweating all over");
        assert_eq!(bounded, whole, "dose {back} h back");
        assert_eq!(
            rules_of(&bounded).contains(&"withdrawal_window".to_string()),
            inside,
            "dose {back} h back: {bounded}"
        );
    }
}

#[test]
fn a_gap_that_began_long_before_the_window_is_named_from_its_start() {
    // Doses stopped 90 days ago: the gap runs across the window's start.
    let dir = tempfile::tempdir().unwrap();
    let mut b = Build::new(200);
    b.doses_until(now() - Duration::days(90), 10);
    b.symptom(now() - Duration::days(2), "slept badly");
    let d = b.open(&dir);
    let (bounded, whole) = check_both(&d, "shaking and sweating all over");
    assert_eq!(bounded, whole);
    let rules = bounded["rules"].as_array().unwrap();
    let w = rules
        .iter()
        .find(|r| r["rule"] == "withdrawal_window")
        .expect("a withdrawal sign during a gap in doses");
    let since = (now() - Duration::days(90))
        .with_timezone(&Berlin)
        .format("%a %-d %b")
        .to_string();
    assert!(
        w["detail"].as_str().unwrap().contains(&since),
        "the gap is named from its start ({since}): {w}"
    );
    let r = d.reader().window(now()).unwrap();
    assert!(
        r.from < now() - Duration::days(89),
        "read from the last dose"
    );
}

#[test]
fn a_regimen_with_no_dose_ever_logged_is_judged_from_its_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = Build::new(60);
    b.symptom(now() - Duration::days(1), "headache");
    let d = b.open(&dir);
    let (bounded, whole) = check_both(&d, "shaking all over");
    assert_eq!(bounded, whole);
}

#[test]
fn a_drowsiness_trend_a_week_back_is_seen_by_the_log_of_a_rating() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = Build::new(40);
    b.doses_until(now() - Duration::hours(1), 10);
    // Two weeks of low ratings, then high ones today: the week to today rises above the week
    // before it today, for the first time. The last rating is the one being logged.
    for k in 1..=14 {
        b.drowsiness(now() - Duration::days(k) + Duration::minutes(5), 2);
    }
    for m in (0..5).rev() {
        b.drowsiness(now() - Duration::minutes(20 * m), 9);
    }
    let d = b.open(&dir);
    let e = last_entry(&d);
    let (bounded, whole) = log_both(&d, &e);
    assert_eq!(bounded, whole);
    assert!(
        bounded.iter().any(|f| f["rule"] == "drowsiness_rising"),
        "{bounded:?}"
    );
}

#[test]
fn an_overdose_sign_after_too_much_yesterday_is_judged_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = Build::new(30);
    b.doses_until(now() - Duration::hours(20), 10);
    b.dose(now() - Duration::hours(19), 60);
    b.dose(now() - Duration::hours(18), 40);
    let d = b.open(&dir);
    let (bounded, whole) = check_both(&d, "can't stay awake and my breathing is slow");
    assert_eq!(bounded, whole);
    assert!(
        bounded["urgency"] == "emergency",
        "too much yesterday, an overdose sign today: {bounded}"
    );
}

#[test]
fn a_sharp_reduction_three_days_ago_opens_the_same_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = Build::new(30);
    b.times = vec!["08:00", "14:00", "20:00"];
    let cut = now() - Duration::days(3);
    b.doses_until(cut, 20);
    // One dose a day since: a fall of two thirds.
    for k in 0..3 {
        b.dose(cut + Duration::days(k) + Duration::hours(1), 10);
    }
    let d = b.open(&dir);
    let (bounded, whole) = check_both(&d, "my legs are cramping badly");
    assert_eq!(bounded, whole);
    let e = last_entry(&d);
    let (lb, lw) = log_both(&d, &e);
    assert_eq!(lb, lw);
}

#[test]
fn the_window_is_bounded_on_a_long_diary() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = Build::new(400);
    b.doses_until(now() - Duration::hours(2), 10);
    let d = b.open(&dir);
    let w = d.reader().window(now()).unwrap();
    let lb = window::lookback(Catalog::builtin());
    assert!(w.from >= now() - lb - Duration::days(2), "{:?}", w.from);
    assert!(w.entries.len() < 3 * 20, "{} entries read", w.entries.len());
    let (bounded, whole) = check_both(&d, "hives and my lips are swelling");
    assert_eq!(bounded, whole);
    assert_eq!(bounded["urgency"], "emergency");
}

/// What one scheduled slot of a random diary holds.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Taken(i64),
    Skipped,
    Missed,
    Double,
    Large,
}

fn slot() -> impl Strategy<Value = Slot> {
    prop_oneof![
        6 => (-60i64..120).prop_map(Slot::Taken),
        1 => Just(Slot::Skipped),
        2 => Just(Slot::Missed),
        1 => Just(Slot::Double),
        1 => Just(Slot::Large),
    ]
}

const TEXTS: [&str; 8] = [
    "shaking and sweating",
    "so sleepy I can't keep my eyes open",
    "hives on my arms",
    "lips swelling",
    "had 3 glasses of wine",
    "seeing things that aren't there",
    "headache",
    "confused and muddled",
];

fn random_diary(days: i64, slots: &[Slot], notes: &[(i64, usize, u8)]) -> Build {
    let mut b = Build::new(days);
    let mut day = b.start.with_timezone(&Berlin).date_naive();
    let mut i = 0;
    while i < slots.len() {
        for t in ["08:00", "14:00", "20:00"] {
            let Some(s) = slots.get(i) else { break };
            i += 1;
            let tm = NaiveTime::parse_from_str(t, "%H:%M").unwrap();
            let at = Berlin
                .from_local_datetime(&day.and_time(tm))
                .earliest()
                .unwrap()
                .with_timezone(&Utc);
            match *s {
                Slot::Taken(m) => b.dose(at + Duration::minutes(m), 10),
                Slot::Skipped => b.add(
                    at,
                    EntryKind::Dose {
                        amount_mcg: Amount::from_mg(10),
                        skipped: true,
                        as_needed: false,
                    },
                ),
                Slot::Missed => {}
                Slot::Double => {
                    b.dose(at, 10);
                    b.dose(at + Duration::minutes(40), 10);
                }
                Slot::Large => b.dose(at, 40),
            }
        }
        day = day.succ_opt().unwrap();
    }
    for &(minutes_back, text, rating) in notes {
        let at = now() - Duration::minutes(minutes_back);
        if rating > 0 {
            b.drowsiness(at, rating);
        } else {
            b.symptom(at, TEXTS[text % TEXTS.len()]);
        }
    }
    b.entries.retain(|e| e.at.with_timezone(&Utc) < now());
    b
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// On random diaries longer than the window, `check` and `log` judge the same in the
    /// window as over the whole history.
    #[test]
    fn the_window_judges_like_the_whole_history(
        days in 20i64..40,
        slots in proptest::collection::vec(slot(), 45..120),
        notes in proptest::collection::vec((0i64..(30 * 24 * 60), 0usize..8, 0u8..10), 0..40),
        text in 0usize..8,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let d = random_diary(days, &slots, &notes).open(&dir);
        let (bounded, whole) = check_both(&d, TEXTS[text]);
        prop_assert_eq!(bounded, whole);
        let all = d.store.all_entries().unwrap();
        // The last entry, and one a few days back (a backdated log).
        for e in all.iter().rev().take(1).chain(
            all.iter().rev().find(|e| e.at.with_timezone(&Utc) < now() - Duration::days(3)),
        ) {
            let (lb, lw) = log_both(&d, e);
            prop_assert_eq!(lb, lw, "entry {:?}", e);
        }
    }
}

#[test]
fn urgency_is_not_lost_by_the_window() {
    // A sanity check that the comparisons above compare something: the whole-history check of
    // an emergency text is an emergency.
    let dir = tempfile::tempdir().unwrap();
    let d = Build::new(30).open(&dir);
    let (bounded, _) = check_both(&d, "I had a seizure");
    assert_eq!(bounded["urgency"], serde_json::json!(Urgency::Emergency));
}
