//! Bounded screens: the app's Flags screen reads its flags a page of weeks at a time and the
//! Trends screen reads its range (plus what the rules look back over), never the whole history.
//! On demo diaries of a year and more, what they read must be exactly what a full read gives:
//! the pages together are every flag of the history, the open flags and Today are unchanged, and
//! every Trends figure (step table, bins, heatmap with its flagged days) is the same.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use chrono_tz::Tz;
use dosediary::diary::{Clock, Diary, FlagsRead, RECENT_DAYS};
use dosediary::safety::{Flag, Patient};
use dosediary::store::Store;
use dosediary::tui::app::{Action, App, Screen};
use dosediary::tui::screens;

fn now() -> DateTime<Utc> {
    Berlin
        .with_ymd_and_hms(2026, 11, 20, 15, 30, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// A demo diary of `days` days (seed `seed`), in a store of its own.
fn demo_store(dir: &tempfile::TempDir, days: u32, seed: u64) -> Store {
    let d = dosediary::demo::generate(days, seed, now(), &Berlin);
    let mut st = Store::open(&dir.path().join("d.sqlite3")).unwrap();
    let recorded: Vec<DateTime<Utc>> = d
        .regimens
        .iter()
        .map(|r| r.effective_from.with_timezone(&Utc))
        .collect();
    st.import_all(&d.entries, &d.regimens, &recorded, now())
        .unwrap();
    st
}

fn diary(st: Store) -> Diary<Tz> {
    Diary::without_backup(st, Clock::fixed(now()), Berlin, None).with_patient(Patient::default())
}

/// Flags as comparable values, in key order.
fn by_key(flags: &[Flag]) -> Vec<serde_json::Value> {
    let mut v: Vec<_> = flags
        .iter()
        .map(|f| serde_json::to_value(f).unwrap())
        .collect();
    v.sort_by(|a, b| a["key"].as_str().cmp(&b["key"].as_str()));
    v
}

const DIARIES: &[(u32, u64)] = &[(400, 1), (400, 7), (800, 3)];

#[test]
fn the_flags_read_page_by_page_are_every_flag_of_the_whole_history() {
    for &(days, seed) in DIARIES {
        let dir = tempfile::tempdir().unwrap();
        let d = diary(demo_store(&dir, days, seed));
        let r = d.reader();
        let full = r.judged(None).unwrap().flags;
        assert!(full.len() > 50, "a demo diary with flags ({})", full.len());
        // The first page: the last 13 weeks (as the screen reads it), then older pages of 13
        // weeks back to the start of the history.
        let mut to = now() - Duration::weeks(13);
        let mut read = r
            .snapshot(
                Some(now() - Duration::days(RECENT_DAYS)),
                FlagsRead::Since(to),
            )
            .unwrap()
            .flags;
        let first = read.len();
        let start = r.history_start().unwrap().unwrap();
        let mut pages = 1;
        while to > start {
            let from = to - Duration::weeks(13);
            let page = r.flags_between(from, to).unwrap();
            assert!(
                page.iter().all(|f| {
                    let at = f.at.with_timezone(&Utc);
                    at >= from && at < to
                }),
                "a page holds only its weeks"
            );
            read.extend(page);
            to = from;
            pages += 1;
        }
        assert!(
            pages >= 4 && first < full.len(),
            "{days} days: {pages} pages"
        );
        assert_eq!(
            by_key(&read),
            by_key(&full),
            "demo --days {days} --seed {seed}: the pages differ from the whole history"
        );
    }
}

#[test]
fn reading_a_range_keeps_the_open_flags_and_today_of_a_full_read() {
    for &(days, seed) in DIARIES {
        let dir = tempfile::tempdir().unwrap();
        let d = diary(demo_store(&dir, days, seed));
        let r = d.reader();
        let recent = Some(now() - Duration::days(RECENT_DAYS));
        let open = r.snapshot(recent, FlagsRead::Open).unwrap();
        let full = r.judged(None).unwrap().flags;
        let is_open = |f: &&Flag| f.is_open(now());
        let full_open: Vec<Flag> = full.iter().filter(is_open).cloned().collect();
        assert!(!full_open.is_empty(), "the demo has open flags");
        for weeks in [1, 4, 13, 52] {
            let since = r
                .snapshot(recent, FlagsRead::Since(now() - Duration::weeks(weeks)))
                .unwrap();
            let open_since: Vec<Flag> = since.flags.iter().filter(is_open).cloned().collect();
            assert_eq!(by_key(&open_since), by_key(&full_open), "{weeks} weeks");
            assert_eq!(
                format!("{:?}", since.today),
                format!("{:?}", open.today),
                "{weeks} weeks: Today changed"
            );
        }
        let open_read: Vec<Flag> = open.flags.iter().filter(is_open).cloned().collect();
        assert_eq!(by_key(&open_read), by_key(&full_open));
    }
}

/// The app on `st`, on the Trends screen.
fn trends_app(st: Store) -> App<Tz> {
    let mut app = App::new(st, Berlin, Clock::fixed(now())).unwrap();
    app.update(Action::Goto(Screen::Trends)).unwrap();
    app
}

#[test]
fn the_trends_screen_reads_its_range_and_shows_what_the_whole_history_gives() {
    for &(days, seed) in DIARIES {
        let dir = tempfile::tempdir().unwrap();
        let mut app = trends_app(demo_store(&dir, days, seed));
        let d = diary(Store::open(&dir.path().join("d.sqlite3")).unwrap());
        let all = d.store.all_entries().unwrap();
        let mut full_flags = d.reader().judged(None).unwrap().flags;
        full_flags.reverse();
        for range in [30, 90, 365, 7] {
            assert_eq!(app.screens.trends.range_days, range);
            let bounded = screens::trends::compute(&app);
            // What the screen read: not the whole history.
            let read_from = app.entries_from.unwrap();
            assert!(
                app.entries.len() < all.len(),
                "{range} days read everything"
            );
            assert!(
                read_from <= screens::trends::reads_from(&app) - Duration::days(2),
                "{range} days: the entries start too late"
            );
            // The same screen over the whole history.
            let mut whole = App::new(
                Store::open(&dir.path().join("d.sqlite3")).unwrap(),
                Berlin,
                Clock::fixed(now()),
            )
            .unwrap();
            whole.screens.trends.range_days = range;
            whole.entries = all.clone();
            whole.flags = full_flags.clone();
            let want = screens::trends::compute(&whole);
            assert_eq!(bounded.t, want.t, "{days}/{seed}: {range} days: trends");
            assert_eq!(bounded.bins, want.bins, "{range} days: bins");
            assert_eq!(bounded.heat, want.heat, "{range} days: heatmap");
            assert!(
                want.heat
                    .iter()
                    .any(|h| h.worst > dosediary::safety::Urgency::None)
                    || range == 7,
                "{range} days: the heatmap marks flagged days"
            );
            app.update(Action::CycleRange).unwrap();
        }
    }
}

#[test]
fn the_flags_screen_reads_older_pages_as_the_selection_reaches_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let st = demo_store(&dir, 800, 3);
    let d = diary(Store::open(&dir.path().join("d.sqlite3")).unwrap());
    let full = d.reader().judged(None).unwrap().flags;
    let mut app = App::new(st, Berlin, Clock::fixed(now())).unwrap();
    app.update(Action::Goto(Screen::Flags)).unwrap();
    let first = app.flags.len();
    assert!(
        first < full.len(),
        "the first page is not the whole history"
    );
    assert!(!app.screens.flags.complete);
    let from = app.flags_from.unwrap();
    assert!(from >= now() - Duration::weeks(14), "{from}");
    // Down to the end of the list, and on: older pages are read until the history's start.
    let mut moves = 0;
    while !app.screens.flags.complete {
        app.update(Action::End).unwrap();
        moves += 1;
        assert!(moves < 200, "never reached the start");
    }
    assert!(moves > 3, "{moves} pages");
    // Every flag of the whole history, each once, newest first.
    assert_eq!(by_key(&app.flags), by_key(&full));
    assert!(app.flags.windows(2).all(|w| w[0].at >= w[1].at));
    // After a reload (an acknowledgement, a change), the pages read so far are kept.
    app.reload().unwrap();
    assert_eq!(by_key(&app.flags), by_key(&full));
}

#[test]
fn acknowledging_every_routine_flag_covers_the_whole_history() {
    let dir = tempfile::tempdir().unwrap();
    let st = demo_store(&dir, 400, 1);
    let d = diary(Store::open(&dir.path().join("d.sqlite3")).unwrap());
    let routine =
        dosediary::safety::digest::routine_unacknowledged(&d.reader().judged(None).unwrap().flags);
    let mut app = App::new(st, Berlin, Clock::fixed(now())).unwrap();
    app.update(Action::Goto(Screen::Flags)).unwrap();
    assert!(!app.screens.flags.complete);
    app.update(Action::AcknowledgeRoutine).unwrap();
    let q = app.question.as_ref().expect("asks first");
    assert!(
        q.text
            .contains(&format!("Acknowledge all {} routine flag", routine.len())),
        "{}",
        q.text
    );
}

/// A page's flags before its end can depend on what came after it: a gap in doses that runs
/// across the page's end is named with the dose that ended it, and a withdrawal sign during the
/// gap is judged against the whole gap.
#[test]
fn a_gap_across_a_page_end_is_named_as_over_the_whole_history() {
    use chrono::NaiveTime;
    use dosediary::domain::{Amount, Entry, EntryKind, NewRegimen};
    let start = now() - Duration::days(60);
    let gap = (now() - Duration::days(30), now() - Duration::days(16));
    let mut entries = Vec::new();
    let mut add = |at: DateTime<Utc>, kind: EntryKind| {
        entries.push(Entry {
            id: 0,
            uid: format!("gap-{}", entries.len()),
            at: at.with_timezone(&Berlin).fixed_offset(),
            recorded_at: at,
            kind,
            note: None,
            edited_at: None,
        })
    };
    let times = ["08:00", "14:00", "20:00"].map(|t| NaiveTime::parse_from_str(t, "%H:%M").unwrap());
    let mut day = start.with_timezone(&Berlin).date_naive();
    while day <= now().with_timezone(&Berlin).date_naive() {
        for t in times {
            let at = Berlin
                .from_local_datetime(&day.and_time(t))
                .single()
                .unwrap()
                .with_timezone(&Utc);
            if at > start && at < now() && !(at >= gap.0 && at < gap.1) {
                add(
                    at,
                    EntryKind::Dose {
                        amount_mcg: Amount::from_mg(10),
                        skipped: false,
                        as_needed: false,
                    },
                );
            }
        }
        day = day.succ_opt().unwrap();
    }
    add(
        gap.0 + Duration::days(2),
        EntryKind::Symptom {
            text: "shaking and sweating, muscles cramping".into(),
            severity: Some(6),
            drowsiness_rating: false,
            about: None,
        },
    );
    entries.sort_by_key(|e| e.at);
    let dir = tempfile::tempdir().unwrap();
    let mut st = Store::open(&dir.path().join("d.sqlite3")).unwrap();
    let reg = NewRegimen::simple(
        start.with_timezone(&Berlin).fixed_offset(),
        Amount::from_mg(10),
        times.to_vec(),
        Amount::from_mg(80),
    );
    st.import_all(&entries, &[reg], &[start], now()).unwrap();
    let d = diary(st);
    let r = d.reader();
    let full = r.judged(None).unwrap().flags;
    // A page that ends in the middle of the gap.
    let to = now() - Duration::days(20);
    let from = now() - Duration::days(50);
    let page = r.flags_between(from, to).unwrap();
    let want: Vec<Flag> = full
        .iter()
        .filter(|f| {
            let at = f.at.with_timezone(&Utc);
            at >= from && at < to
        })
        .cloned()
        .collect();
    let gap_flag = want
        .iter()
        .find(|f| f.rule == "dose_gap")
        .expect("the gap is flagged");
    assert!(gap_flag.detail.contains("until"), "{}", gap_flag.detail);
    assert_eq!(by_key(&page), by_key(&want));
}
