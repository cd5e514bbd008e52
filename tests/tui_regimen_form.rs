//! The app's regimen form as prescriptions are written (per-time doses, planned steps, as-needed
//! doses, a maximum above the label), and the `D` key for an as-needed dose: through the state
//! machine and the rendered buffer.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use chrono_tz::Tz;
use dosediary::diary::Clock;
use dosediary::diary::today::SlotStatus;
use dosediary::domain::{Amount, EntryKind};
use dosediary::store::Store;
use dosediary::tui::app::{App, FormKind, Screen};
use dosediary::tui::key_action;
use dosediary::tui::view::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn now() -> DateTime<Utc> {
    Berlin
        .with_ymd_and_hms(2026, 11, 20, 15, 30, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn app() -> (tempfile::TempDir, App<Tz>) {
    let d = tempfile::tempdir().unwrap();
    let st = Store::open(&d.path().join("d.sqlite3")).unwrap();
    let app = App::new(st, Berlin, Clock::fixed(now())).unwrap();
    (d, app)
}

fn code(app: &mut App<Tz>, c: KeyCode) {
    if let Some(a) = key_action(app, KeyEvent::new(c, KeyModifiers::NONE)) {
        app.update(a).unwrap();
    }
}

fn typ(app: &mut App<Tz>, s: &str) {
    for c in s.chars() {
        code(app, KeyCode::Char(c));
    }
}

fn tab(app: &mut App<Tz>, n: usize) {
    for _ in 0..n {
        code(app, KeyCode::Tab);
    }
}

/// Clears the focused field and types `s` into it.
fn set(app: &mut App<Tz>, s: &str) {
    if let Some(a) = key_action(
        app,
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    ) {
        app.update(a).unwrap();
    }
    code(app, KeyCode::End);
    for _ in 0..40 {
        code(app, KeyCode::Backspace);
    }
    typ(app, s);
}

fn screen(app: &mut App<Tz>, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, app, Theme { color: false }))
        .unwrap();
    let b = t.backend().buffer().clone();
    (0..h)
        .map(|y| {
            let l: String = (0..w).map(|x| b[(x, y)].symbol().to_string()).collect();
            l.trim_end().to_string() + "\n"
        })
        .collect()
}

/// Field order in the regimen form.
const DOSE: usize = 0;
const TIMES: usize = 1;
const MAX: usize = 2;
const FROM: usize = 5;
const AS_NEEDED: usize = 6;

fn open_regimen_form(app: &mut App<Tz>) {
    code(app, KeyCode::Char('5'));
    code(app, KeyCode::Char('c'));
    assert_eq!(app.form.as_ref().unwrap().kind, FormKind::Regimen);
}

fn field(app: &mut App<Tz>, i: usize, value: &str) {
    let f = app.form.as_ref().unwrap().focus;
    let n = app.form.as_ref().unwrap().fields().len();
    tab(app, (i + n - f) % n);
    set(app, value);
}

#[test]
fn per_time_doses_are_saved_one_per_time() {
    let (_d, mut app) = app();
    open_regimen_form(&mut app);
    field(&mut app, DOSE, "10,10,20");
    field(&mut app, TIMES, "08:00,14:00,22:00");
    field(&mut app, FROM, "07:00");
    code(&mut app, KeyCode::Enter);
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form.as_ref().map(|f| &f.error)
    );
    assert_eq!(app.status.as_deref(), Some("Regimen saved."));
    let r = app.regimens.last().unwrap();
    assert_eq!(
        r.doses_mcg,
        vec![
            Amount::from_mg(10),
            Amount::from_mg(10),
            Amount::from_mg(20)
        ]
    );
    assert_eq!(r.daily_total(), Amount::from_mg(40));
    // Today's schedule uses each slot's dose.
    let amounts: Vec<u64> = app
        .today
        .schedule
        .iter()
        .map(|s| s.amount_mcg.mcg())
        .collect();
    assert_eq!(amounts, vec![10_000, 10_000, 20_000]);
    let t = screen(&mut app, 100, 30);
    assert!(
        t.contains("10 mg at 08:00, 10 mg at 14:00, 20 mg at 22:00"),
        "{t}"
    );
    // Opened again, the form shows the doses as they were given.
    code(&mut app, KeyCode::Char('c'));
    let f = app.form.as_ref().unwrap();
    assert_eq!(f.fields()[DOSE].value(), "10,10,20");
}

#[test]
fn one_dose_for_every_time_and_a_count_mismatch_named() {
    let (_d, mut app) = app();
    open_regimen_form(&mut app);
    field(&mut app, DOSE, "15");
    field(&mut app, TIMES, "08:00,14:00,20:00");
    code(&mut app, KeyCode::Enter);
    let r = app.regimens.last().unwrap();
    assert_eq!(r.dose_mcg, Amount::from_mg(15));
    assert!(r.doses_mcg.is_empty());

    code(&mut app, KeyCode::Char('c'));
    field(&mut app, DOSE, "10,20");
    code(&mut app, KeyCode::Enter);
    let err = app.form.as_ref().unwrap().error.clone().expect("refused");
    assert!(
        err.starts_with("Dose each time: 2 doses for 3 times; accepted:"),
        "{err}"
    );
    assert_eq!(app.regimens.len(), 1, "nothing saved");
    let t = screen(&mut app, 80, 24);
    assert!(
        t.contains("Not saved: Dose each time: 2 doses for 3 times"),
        "{t}"
    );
}

#[test]
fn a_planned_step_is_saved_for_later_and_today_says_so() {
    let (_d, mut app) = app();
    open_regimen_form(&mut app);
    code(&mut app, KeyCode::Enter);
    code(&mut app, KeyCode::Char('c'));
    field(&mut app, DOSE, "10");
    field(&mut app, FROM, "2026-11-26 08:00");
    code(&mut app, KeyCode::Enter);
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form.as_ref().map(|f| &f.error)
    );
    let s = app.status.clone().unwrap();
    assert!(s.starts_with("Planned step saved: from "), "{s}");
    assert_eq!(app.regimens.len(), 2);
    let step = app.regimens.last().unwrap();
    assert!(step.effective_from.with_timezone(&Utc) > now());
    // The regimen in force is still the first one.
    assert_eq!(
        app.today.regimen.as_ref().unwrap().dose_mcg,
        Amount::from_mg(5)
    );
    assert!(app.today.next_step.is_some());
    code(&mut app, KeyCode::Char('1'));
    let t = screen(&mut app, 100, 30);
    assert!(
        t.contains("│from Thursday: 10 mg at 08:00,14:00,20:00 "),
        "{t}"
    );
}

#[test]
fn a_maximum_above_the_label_is_asked_about_and_recorded_as_prescribed() {
    let (_d, mut app) = app();
    open_regimen_form(&mut app);
    field(&mut app, DOSE, "40");
    field(&mut app, MAX, "120");
    code(&mut app, KeyCode::Enter);
    let q = app.question.as_ref().expect("asks first");
    assert_eq!(
        q.text,
        "80 mg a day is the label maximum; record 120 mg as prescribed above label? y/n"
    );
    assert!(app.regimens.is_empty(), "nothing saved before the answer");
    let t = screen(&mut app, 80, 24);
    assert!(t.contains("80 mg a day is the label maximum"), "{t}");
    // No: nothing saved, the form stays open to be corrected.
    code(&mut app, KeyCode::Char('n'));
    assert!(app.regimens.is_empty());
    assert!(app.form.is_some(), "the form stays open");
    assert!(app.status.as_deref().unwrap().starts_with("Not saved"));
    // Yes: recorded as prescribed above the label.
    code(&mut app, KeyCode::Enter);
    code(&mut app, KeyCode::Char('y'));
    assert!(app.form.is_none());
    let r = app.regimens.last().unwrap();
    assert!(r.prescribed_above_label);
    assert_eq!(r.max_daily_mcg, Amount::from_mg(120));
    let s = app.status.clone().unwrap();
    assert!(
        s.contains("120 mg a day recorded as prescribed above the 80 mg label maximum"),
        "{s}"
    );
    let t = screen(&mut app, 100, 30);
    assert!(t.contains("above label maximum, prescribed"), "{t}");
}

#[test]
fn more_than_300_mg_a_day_is_refused_without_asking() {
    let (_d, mut app) = app();
    open_regimen_form(&mut app);
    field(&mut app, MAX, "350");
    code(&mut app, KeyCode::Enter);
    assert!(app.question.is_none());
    let err = app.form.as_ref().unwrap().error.clone().expect("refused");
    assert!(
        err.starts_with("Daily maximum: 350 mg a day is more than 300 mg"),
        "{err}"
    );
    assert!(app.regimens.is_empty());
    let t = screen(&mut app, 80, 24);
    assert!(
        t.contains("Not saved: Daily maximum: 350 mg a day is more than"),
        "{t}"
    );
}

#[test]
fn d_logs_an_as_needed_dose_that_fills_no_scheduled_slot() {
    let (_d, mut app) = app();
    // Without an as-needed dose in the regimen, D says how to add one.
    code(&mut app, KeyCode::Char('D'));
    assert!(app.form.is_none());
    assert!(
        app.status
            .as_deref()
            .unwrap()
            .starts_with("No as-needed dose in the regimen")
    );
    open_regimen_form(&mut app);
    field(&mut app, DOSE, "10");
    field(&mut app, TIMES, "08:00,16:00,22:00");
    field(&mut app, AS_NEEDED, "10");
    code(&mut app, KeyCode::Enter);
    let r = app.regimens.last().unwrap();
    assert_eq!(r.as_needed.unwrap().dose_mcg, Amount::from_mg(10));
    let due_before: Vec<SlotStatus> = app.today.schedule.iter().map(|s| s.status).collect();

    code(&mut app, KeyCode::Char('1'));
    code(&mut app, KeyCode::Char('D'));
    let f = app.form.as_ref().expect("the as-needed form");
    assert_eq!(f.kind, FormKind::AsNeeded);
    assert_eq!(f.fields()[0].value(), "10mg");
    let t = screen(&mut app, 80, 24);
    assert!(t.contains("Log an as-needed dose"), "{t}");
    code(&mut app, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some("Saved: dose 10 mg as needed at 15:30 (it does not fill a scheduled dose).")
    );
    let e = app.entries.last().unwrap();
    assert!(matches!(
        e.kind,
        EntryKind::Dose {
            as_needed: true,
            ..
        }
    ));
    let due_after: Vec<SlotStatus> = app.today.schedule.iter().map(|s| s.status).collect();
    assert_eq!(due_before, due_after, "no scheduled slot is filled");
    assert!(!due_after.contains(&SlotStatus::Taken));
    assert_eq!(app.today.as_needed_taken_mcg.mcg(), 10_000);
    assert_eq!(app.screen, Screen::Today);
}

#[test]
fn the_as_needed_key_is_in_the_help() {
    let (_d, mut app) = app();
    code(&mut app, KeyCode::Char('?'));
    let t = screen(&mut app, 100, 50);
    assert!(
        t.contains("log an as-needed dose (not a scheduled one)"),
        "{t}"
    );
    assert!(t.contains("redo what the last undo took back"), "{t}");
}
