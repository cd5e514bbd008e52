//! History pages from the store as it scrolls (keyset pagination): through a long diary the rows
//! are the right ones and in order, paging back works, and only a few pages are ever held.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use chrono_tz::Tz;
use dosediary::demo;
use dosediary::diary::Clock;
use dosediary::domain::{Entry, EntryKind, NewEntry};
use dosediary::store::Store;
use dosediary::tui::app::{Action, App, Screen};
use dosediary::tui::screens::history::HELD;
use dosediary::tui::view::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn now() -> DateTime<Utc> {
    Berlin
        .with_ymd_and_hms(2026, 11, 20, 15, 30, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn app_with(days: u32) -> (tempfile::TempDir, App<Tz>) {
    let d = tempfile::tempdir().unwrap();
    let mut st = Store::open(&d.path().join("d.sqlite3")).unwrap();
    let demo = demo::generate(days, 11, now(), &Berlin);
    let rec: Vec<_> = demo
        .regimens
        .iter()
        .map(|r| r.effective_from.with_timezone(&Utc))
        .collect();
    st.import_all(&demo.entries, &demo.regimens, &rec, now())
        .unwrap();
    let mut app = App::new(st, Berlin, Clock::fixed(now())).unwrap();
    app.viewport = ratatui::layout::Rect::new(0, 0, 100, 30);
    (d, app)
}

/// Every live entry, newest first: the order History shows.
fn newest_first(app: &App<Tz>, keep: impl Fn(&Entry) -> bool) -> Vec<i64> {
    let mut all = app.store.all_entries().unwrap();
    all.reverse();
    all.into_iter().filter(|e| keep(e)).map(|e| e.id).collect()
}

fn selected(app: &App<Tz>) -> i64 {
    app.selected_entry().expect("an entry is selected").id
}

/// Moves with `action` until the selection stops changing; the ids selected on the way.
fn walk(app: &mut App<Tz>, action: Action) -> Vec<i64> {
    let mut seen = vec![selected(app)];
    loop {
        app.update(action).unwrap();
        assert!(
            app.screens.history.entries.len() <= HELD,
            "held at most HELD"
        );
        let id = selected(app);
        if Some(&id) == seen.last() {
            return seen;
        }
        seen.push(id);
    }
}

#[test]
fn scrolling_a_long_history_shows_every_entry_in_order_and_back() {
    let (_d, mut app) = app_with(400);
    app.update(Action::Goto(Screen::History)).unwrap();
    assert!(app.screens.history.older, "a long diary is not read whole");
    let expected = newest_first(&app, |_| true);
    assert!(expected.len() > 2 * HELD, "{} entries", expected.len());
    assert_eq!(app.screens.history.total, expected.len());
    // Down one row at a time to the oldest entry.
    let down = walk(&mut app, Action::Down);
    assert_eq!(down, expected);
    // And back up to the newest: the dropped pages are read again.
    let mut up = walk(&mut app, Action::Up);
    up.reverse();
    assert_eq!(up, expected);
    // A page at a time: the same entries, in order, both ways.
    let pages = walk(&mut app, Action::PageDown);
    assert_eq!(pages.last(), expected.last());
    assert!(pages.windows(2).all(|w| {
        let pos = |id| expected.iter().position(|x| *x == id).unwrap();
        pos(w[0]) < pos(w[1])
    }));
    let back = walk(&mut app, Action::PageUp);
    assert_eq!(back.last(), expected.first());
}

#[test]
fn end_and_home_jump_to_the_oldest_and_the_newest() {
    let (_d, mut app) = app_with(400);
    app.update(Action::Goto(Screen::History)).unwrap();
    let expected = newest_first(&app, |_| true);
    app.update(Action::End).unwrap();
    assert_eq!(selected(&app), *expected.last().unwrap());
    app.update(Action::Up).unwrap();
    assert_eq!(selected(&app), expected[expected.len() - 2]);
    app.update(Action::Home).unwrap();
    assert_eq!(selected(&app), expected[0]);
    app.update(Action::Down).unwrap();
    assert_eq!(selected(&app), expected[1]);
}

#[test]
fn a_filtered_history_pages_through_its_kind_only() {
    let (_d, mut app) = app_with(300);
    app.update(Action::Goto(Screen::History)).unwrap();
    app.update(Action::CycleFilter).unwrap();
    assert_eq!(app.screens.history.filter.label(), "doses");
    let expected = newest_first(&app, |e| matches!(e.kind, EntryKind::Dose { .. }));
    assert_eq!(app.screens.history.total, expected.len());
    assert_eq!(walk(&mut app, Action::Down), expected);
}

#[test]
fn an_entry_logged_elsewhere_appears_and_the_selection_stays() {
    let (d, mut app) = app_with(200);
    app.update(Action::Goto(Screen::History)).unwrap();
    for _ in 0..5 {
        app.update(Action::Down).unwrap();
    }
    let kept = selected(&app);
    // Another process (`dosediary log`) writes to the diary.
    let mut other = Store::open(&d.path().join("d.sqlite3")).unwrap();
    let e = other
        .insert(
            &NewEntry {
                at: now().with_timezone(&Berlin).fixed_offset(),
                kind: EntryKind::Intake {
                    text: "coffee".into(),
                },
                note: None,
            },
            now(),
        )
        .unwrap();
    app.update(Action::Tick).unwrap();
    assert_eq!(selected(&app), kept, "the selection stays on its entry");
    app.update(Action::Home).unwrap();
    assert_eq!(selected(&app), e.id, "the new entry is the newest row");
    // The list and its title are drawn from the pages held.
    let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
    t.draw(|f| view::draw(f, &app, Theme { color: false }))
        .unwrap();
    let screen: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("coffee"), "{screen}");
    let total = app.store.count_entries().unwrap();
    assert!(
        screen.contains(&format!("History: {total} entries")),
        "{screen}"
    );
}
