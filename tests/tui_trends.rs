//! The app's benefit ratings (`b`), the evening prompt and the Trends screen, by state and by
//! rendered buffer.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use chrono_tz::Tz;
use dosediary::diary::Clock;
use dosediary::domain::{Amount, EntryKind, NewEntry, RatingScale};
use dosediary::store::Store;
use dosediary::tui::app::{App, Screen};
use dosediary::tui::key_action;
use dosediary::tui::view::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Berlin
        .with_ymd_and_hms(2026, 11, d, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn app_at(
    now: DateTime<Utc>,
    entries: &[(DateTime<Utc>, EntryKind)],
) -> (tempfile::TempDir, App<Tz>) {
    let d = tempfile::tempdir().unwrap();
    let mut st = Store::open(&d.path().join("d.sqlite3")).unwrap();
    for (t, k) in entries {
        st.insert(
            &NewEntry {
                at: t.with_timezone(&Berlin).fixed_offset(),
                kind: k.clone(),
                note: None,
            },
            now,
        )
        .unwrap();
    }
    let app = App::new(st, Berlin, Clock::fixed(now)).unwrap();
    (d, app)
}

fn key(app: &mut App<Tz>, code: KeyCode) {
    if let Some(a) = key_action(app, KeyEvent::new(code, KeyModifiers::NONE)) {
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
        let mut line = String::new();
        for x in 0..b.area.width {
            line.push_str(b[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn dose(mg: u64) -> EntryKind {
    EntryKind::Dose {
        amount_mcg: Amount::from_mg(mg),
        skipped: false,
        as_needed: false,
    }
}

fn rating(scale: RatingScale, value: u8) -> EntryKind {
    EntryKind::Rating { scale, value }
}

#[test]
fn b_rates_stiffness_and_spasms_and_the_evening_prompt_goes_away() {
    let now = at(20, 21, 30);
    let (_d, mut app) = app_at(now, &[(at(20, 8, 0), dose(10))]);
    let s = screen(&mut app, 100, 30);
    assert!(s.contains("no stiffness rating today yet"), "{s}");
    key(&mut app, KeyCode::Char('b'));
    let s = screen(&mut app, 100, 30);
    assert!(s.contains("Stiffness 0-10"), "{s}");
    assert!(s.contains("Spasms 0-4"), "{s}");
    // A spasm rating above 4 is refused in place, nothing saved.
    typ(&mut app, "6");
    key(&mut app, KeyCode::Tab);
    typ(&mut app, "5");
    key(&mut app, KeyCode::Enter);
    assert!(app.form.is_some(), "the form stays open on a bad value");
    assert!(
        app.entries
            .iter()
            .all(|e| !matches!(e.kind, EntryKind::Rating { .. }))
    );
    key(&mut app, KeyCode::Backspace);
    typ(&mut app, "2");
    key(&mut app, KeyCode::Enter);
    assert!(app.form.is_none());
    let r: Vec<_> = app
        .entries
        .iter()
        .filter_map(|e| match e.kind {
            EntryKind::Rating { scale, value } => Some((scale, value)),
            _ => None,
        })
        .collect();
    assert_eq!(
        r,
        vec![(RatingScale::Spasticity, 6), (RatingScale::Spasms, 2)]
    );
    let s = screen(&mut app, 100, 30);
    assert!(!s.contains("no stiffness rating today yet"), "{s}");
}

#[test]
fn no_evening_prompt_before_six() {
    let (_d, mut app) = app_at(at(20, 15, 0), &[(at(20, 8, 0), dose(10))]);
    let s = screen(&mut app, 100, 30);
    assert!(!s.contains("no stiffness rating"), "{s}");
}

#[test]
fn trends_chart_has_dates_on_its_axis_and_gaps_where_nothing_was_logged() {
    let now = at(20, 23, 0);
    // 7-day range: 14..20 Nov. Doses and ratings on 14, 15, 16 and 20 Nov; 17-19 Nov empty.
    let mut e = Vec::new();
    for d in [14, 15, 16, 20] {
        e.push((at(d, 8, 0), dose(10)));
        e.push((at(d, 20, 0), dose(10)));
        e.push((at(d, 22, 0), rating(RatingScale::Spasticity, 5)));
    }
    e.push((
        at(14, 9, 30),
        EntryKind::Symptom {
            text: "drowsiness".into(),
            severity: Some(4),
            drowsiness_rating: true,
            about: None,
        },
    ));
    let (_d, mut app) = app_at(now, &e);
    app.screen = Screen::Trends;
    // 7 days.
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.screens.trends.range_days, 90);
    key(&mut app, KeyCode::Char('r'));
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.screens.trends.range_days, 7);
    let s = screen(&mut app, 100, 32);
    assert!(s.contains("14 Nov"), "{s}");
    assert!(s.contains("20 Nov"), "{s}");
    assert!(s.contains("mg/day"), "{s}");
    assert!(s.contains("Stiffness 0-10"), "{s}");
    assert!(s.contains("n = days"), "{s}");
    // The stiffness row: 7 bins of equal width; 17-19 Nov are blank (gaps), not "_" (zero).
    let row = s
        .lines()
        .find(|l| l.contains("Stiffness 0-10"))
        .unwrap()
        .to_string();
    // The chart starts where the row labels end (16 columns after the border).
    let start = row.find("Stiffness 0-10").unwrap() + 16;
    let cells: Vec<char> = row[start..].chars().collect();
    let w = (100 - 2 - 16 - 2) / 7; // inner width less labels and margin, over 7 bins, at most 6
    let w = w.min(6);
    let bin = |k: usize| cells.get(k * w).copied().unwrap_or(' ');
    assert_eq!(bin(0), bin(1));
    assert_ne!(bin(0), ' ');
    assert_eq!(bin(3), ' ', "17 Nov is a gap: {row}");
    assert_eq!(bin(4), ' ');
    assert_eq!(bin(5), ' ');
    assert_ne!(bin(6), ' ', "20 Nov has a rating: {row}");
    // "n =" under every bin: 1 day rated on the rated days, "." on the gaps.
    let nrow = s.lines().find(|l| l.contains("n = days")).unwrap();
    let ns: String = nrow
        .split("n = days")
        .nth(1)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect();
    assert_eq!(ns, "111...1", "{nrow}");
    // The step table and the comparison label.
    assert!(s.contains("Regimen steps"), "{s}");
    assert!(s.contains("association, not cause"), "{s}");
    // Every width down to tiny never panics.
    for (w, h) in [(80, 24), (40, 12), (20, 6), (1, 1), (0, 0)] {
        let _ = screen(&mut app, w, h);
    }
}

#[test]
fn trends_screen_on_a_demo_diary_at_80x24_shows_every_part() {
    let now = at(20, 21, 0);
    let d = tempfile::tempdir().unwrap();
    let mut st = Store::open(&d.path().join("d.sqlite3")).unwrap();
    let demo = dosediary::demo::generate(120, 7, now, &Berlin);
    let rec: Vec<_> = demo
        .regimens
        .iter()
        .map(|r| r.effective_from.with_timezone(&Utc))
        .collect();
    st.import_all(&demo.entries, &demo.regimens, &rec, now)
        .unwrap();
    let mut app = App::new(st, Berlin, Clock::fixed(now)).unwrap();
    app.screen = Screen::Trends;
    for range in [30, 90, 365] {
        let s = screen(&mut app, 80, 24);
        if std::env::var_os("SHOW").is_some() {
            eprintln!("{s}");
        }
        assert!(s.contains(&format!(" {range} days")), "{s}");
        assert!(s.contains("Nov"), "a dated axis: {s}");
        assert!(s.contains("n = ratings"), "{s}");
        assert!(s.contains("peak"), "{s}");
        key(&mut app, KeyCode::Char('r'));
    }
}
