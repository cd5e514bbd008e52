//! The intrathecal pump in the terminal app: the Today line, the `P` form, the Regimen screen.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use chrono_tz::Tz;
use dosediary::diary::Clock;
use dosediary::domain::pump::{AlarmKind, NewPumpRefill, NewPumpSetting};
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

fn local(y: i32, m: u32, d: u32, h: u32) -> DateTime<chrono::FixedOffset> {
    Berlin
        .with_ymd_and_hms(y, m, d, h, 0, 0)
        .unwrap()
        .fixed_offset()
}

/// A pump-only diary: 2000 mcg/mL, 20 mL, 400 mcg/day, refilled on 10 Nov with the clinic's
/// refill-by date 8 Dec.
fn pump_app() -> (tempfile::TempDir, App<Tz>) {
    let d = tempfile::tempdir().unwrap();
    let mut st = Store::open(&d.path().join("d.sqlite3")).unwrap();
    st.set_pump(
        &NewPumpSetting {
            effective_from: local(2024, 3, 15, 9),
            concentration_mcg_per_ml: 2000,
            reservoir_ul: 20_000,
            daily_ng: 400_000,
            model: Some("SynchroMed II".into()),
            implanted: NaiveDate::from_ymd_opt(2024, 3, 15),
            eri: None,
            refill_by: None,
            clinic: Some("Leeds pump clinic".into()),
            clinic_phone: Some("0113 555 0101".into()),
        },
        now(),
    )
    .unwrap();
    st.add_pump_refill(
        &NewPumpRefill {
            at: local(2026, 11, 10, 10),
            volume_ul: 20_000,
            refill_by: NaiveDate::from_ymd_opt(2026, 12, 8),
            note: None,
        },
        None,
        now(),
    )
    .unwrap();
    let app = App::new(st, Berlin, Clock::fixed(now())).unwrap();
    (d, app)
}

fn key(app: &mut App<Tz>, code: KeyCode) {
    let k = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(a) = key_action(app, k) {
        app.update(a).unwrap();
    }
}

fn typ(app: &mut App<Tz>, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn screen(app: &mut App<Tz>, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, app, Theme { color: false }))
        .unwrap();
    let b = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..b.area.height {
        for x in 0..b.area.width {
            out.push_str(b[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn today_shows_when_the_refill_is_needed_and_no_oral_schedule() {
    let (_d, mut app) = pump_app();
    assert_eq!(
        app.today.pump_line.as_deref(),
        Some("pump: refill needed by Tue 8 Dec (18 days)")
    );
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("pump: refill needed by Tue 8 Dec (18 days)"),
        "{s}"
    );
    assert!(s.contains("No oral regimen (pump only)"), "{s}");
    assert!(!s.contains("No regimen is set yet"), "{s}");
    assert!(!s.contains("missed"), "{s}");
}

#[test]
fn p_logs_a_refill_and_an_alarm_through_the_form() {
    let (_d, mut app) = pump_app();
    key(&mut app, KeyCode::Char('P'));
    assert_eq!(app.form.as_ref().map(|f| f.kind), Some(FormKind::Pump));
    // Too much for the reservoir: refused inline, nothing saved.
    key(&mut app, KeyCode::Tab);
    typ(&mut app, "25");
    key(&mut app, KeyCode::Enter);
    let err = app
        .form
        .as_ref()
        .and_then(|f| f.error.clone())
        .expect("refused");
    assert!(err.contains("0.5 to 20 mL"), "{err}");
    assert_eq!(app.pump.refills.len(), 1);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    typ(&mut app, "18");
    key(&mut app, KeyCode::Enter);
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form.as_ref().map(|f| &f.error)
    );
    assert_eq!(app.pump.refills.len(), 2);
    assert_eq!(app.pump.refills[1].volume_ul, 18_000);
    // 18 mL x 2000 / 400 = 90 days from now: the clinic's date is gone with the old refill.
    let line = app.today.pump_line.clone().unwrap();
    assert_eq!(line, "pump: refill needed by Thu 18 Feb (90 days)");
    // An alarm: the same form, "critical" in the first field.
    key(&mut app, KeyCode::Char('P'));
    typ(&mut app, "critical");
    key(&mut app, KeyCode::Enter);
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form.as_ref().map(|f| &f.error)
    );
    assert_eq!(app.pump.alarms.len(), 1);
    assert_eq!(app.pump.alarms[0].kind, AlarmKind::Critical);
    assert!(
        app.status.as_deref().unwrap_or("").contains("911"),
        "{:?}",
        app.status
    );
    let s = screen(&mut app, 100, 30);
    assert!(s.contains("alarm: critical at Fri 20 Nov 15:30"), "{s}");
    assert!(s.contains("!!! pump: refill needed by"), "{s}");
    assert!(s.contains("EMERGENCY"), "{s}");
    // u undoes the alarm.
    key(&mut app, KeyCode::Char('u'));
    assert!(app.pump.alarms.is_empty());
    assert!(!app.today.pump_line.clone().unwrap().contains("alarm"));
}

#[test]
fn p_without_a_pump_says_how_to_set_one() {
    let d = tempfile::tempdir().unwrap();
    let st = Store::open(&d.path().join("d.sqlite3")).unwrap();
    let mut app = App::new(st, Berlin, Clock::fixed(now())).unwrap();
    key(&mut app, KeyCode::Char('P'));
    assert!(app.form.is_none());
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .contains("set the pump first: dosediary pump set"),
        "{:?}",
        app.status
    );
}

#[test]
fn the_regimen_screen_shows_the_pump_history() {
    let (_d, mut app) = pump_app();
    app.store
        .set_pump(
            &NewPumpSetting {
                effective_from: local(2026, 11, 15, 11),
                daily_ng: 450_000,
                ..app.pump.settings[0].to_new()
            },
            now(),
        )
        .unwrap();
    app.reload().unwrap();
    key(&mut app, KeyCode::Char('5'));
    assert_eq!(app.screen, Screen::Regimen);
    let s = screen(&mut app, 100, 40);
    assert!(s.contains("Intrathecal pump"), "{s}");
    assert!(s.contains("Pump settings history (2 rows)"), "{s}");
    assert!(
        s.contains("from 2026-11-15 11:00  2000 mcg/mL  450 mcg/day"),
        "{s}"
    );
    assert!(
        s.contains("from 2024-03-15 09:00  2000 mcg/mL  400 mcg/day"),
        "{s}"
    );
    assert!(s.contains("2026-11-10 10:00  refill 20 mL"), "{s}");
}

#[test]
fn tiny_sizes_never_panic_with_a_pump() {
    let (_d, mut app) = pump_app();
    for (w, h) in [(0, 0), (1, 1), (2, 2), (20, 5), (40, 10)] {
        for k in ['1', '5'] {
            key(&mut app, KeyCode::Char(k));
            let _ = screen(&mut app, w, h);
        }
    }
}
