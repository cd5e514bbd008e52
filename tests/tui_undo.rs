//! Undo and redo in the app, through its state machine and its rendered buffer: this session's
//! change today is undone at once; a change made from the command line (or on an earlier day) is
//! shown exactly and needs a second `u`; `Ctrl-R` redoes; a restore is a wall.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use chrono_tz::Tz;
use dosediary::diary::Clock;
use dosediary::domain::{Amount, EntryKind, NewEntry};
use dosediary::store::Store;
use dosediary::store::backup::BackupKind;
use dosediary::tui::app::App;
use dosediary::tui::key_action;
use dosediary::tui::view::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn berlin(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Berlin
        .with_ymd_and_hms(2026, 11, d, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    berlin(20, 15, 30)
}

fn app() -> (tempfile::TempDir, std::path::PathBuf, App<Tz>) {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("d.sqlite3");
    let st = Store::open(&path).unwrap();
    let app = App::new(st, Berlin, Clock::fixed(now())).unwrap();
    (d, path, app)
}

fn press(app: &mut App<Tz>, code: KeyCode, mods: KeyModifiers) {
    if let Some(a) = key_action(app, KeyEvent::new(code, mods)) {
        app.update(a).unwrap();
    }
}

fn key(app: &mut App<Tz>, c: char) {
    press(app, KeyCode::Char(c), KeyModifiers::NONE);
}

fn dose(mg: u64, d: u32, h: u32, m: u32) -> NewEntry {
    NewEntry {
        at: berlin(d, h, m).with_timezone(&Berlin).fixed_offset(),
        kind: EntryKind::Dose {
            amount_mcg: Amount::from_mg(mg),
            skipped: false,
            as_needed: false,
        },
        note: None,
    }
}

/// A dose logged from the command line (another connection, origin "cli") at `made`.
fn from_cli(path: &std::path::Path, e: &NewEntry, made: DateTime<Utc>) {
    let mut other = Store::open(path).unwrap();
    other.insert(e, made).unwrap();
}

fn doses(app: &App<Tz>) -> Vec<u64> {
    app.entries
        .iter()
        .filter_map(|e| match e.kind {
            EntryKind::Dose { amount_mcg, .. } => Some(amount_mcg.mcg() / 1000),
            _ => None,
        })
        .collect()
}

#[test]
fn u_undoes_a_change_made_in_this_session_today_at_once() {
    let (_d, _p, mut app) = app();
    key(&mut app, 'd');
    for c in "10mg".chars() {
        key(&mut app, c);
    }
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(doses(&app), vec![10]);
    key(&mut app, 'u');
    assert!(
        app.question.is_none(),
        "no question for this session's change"
    );
    assert_eq!(doses(&app), Vec::<u64>::new());
    assert_eq!(
        app.status.as_deref(),
        Some("Undone: removed the dose 10 mg at Fri 20 Nov 15:30. Ctrl-R redoes it.")
    );
}

#[test]
fn a_change_from_the_command_line_is_shown_and_needs_a_second_u() {
    let (_d, path, mut app) = app();
    from_cli(&path, &dose(10, 20, 8, 0), berlin(20, 14, 2));
    app.update(dosediary::tui::Action::Tick).unwrap();
    assert_eq!(doses(&app), vec![10]);

    key(&mut app, 'u');
    let q = app.question.as_ref().expect("asks first");
    assert_eq!(
        q.text,
        "Undo this change? Logged the dose 10 mg at Fri 20 Nov 08:00, made from the command line at 14:02."
    );
    assert_eq!(doses(&app), vec![10], "nothing undone yet");
    // Any other key keeps it.
    key(&mut app, 'n');
    assert!(app.question.is_none());
    assert_eq!(app.status.as_deref(), Some("Kept: nothing was undone."));
    assert_eq!(doses(&app), vec![10]);
    // u, then u again, undoes it.
    key(&mut app, 'u');
    key(&mut app, 'u');
    assert!(app.question.is_none());
    assert_eq!(doses(&app), Vec::<u64>::new());
    assert_eq!(
        app.status.as_deref(),
        Some("Undone: removed the dose 10 mg at Fri 20 Nov 08:00. Ctrl-R redoes it.")
    );
}

#[test]
fn this_sessions_change_from_an_earlier_day_is_asked_about_too() {
    let (_d, _p, mut app) = app();
    // Made through the app's own connection (this session) yesterday evening.
    app.store
        .insert(&dose(20, 19, 22, 0), berlin(19, 22, 5))
        .unwrap();
    app.reload().unwrap();
    key(&mut app, 'u');
    let q = app.question.as_ref().expect("asks first");
    assert_eq!(
        q.text,
        "Undo this change? Logged the dose 20 mg at Thu 19 Nov 22:00, made in this app session at 22:05 on Thu 19 Nov."
    );
}

#[test]
fn a_change_from_another_app_session_names_it() {
    let (_d, path, mut app) = app();
    {
        let mut other = Store::open(&path).unwrap();
        other
            .set_origin(dosediary::store::Origin::new_app_session(now()))
            .unwrap();
        other.insert(&dose(5, 20, 9, 0), berlin(20, 9, 1)).unwrap();
    }
    key(&mut app, 'u');
    assert_eq!(
        app.question.as_ref().unwrap().text,
        "Undo this change? Logged the dose 5 mg at Fri 20 Nov 09:00, made in another app session at 09:01."
    );
}

#[test]
fn ctrl_r_redoes_and_is_refused_after_a_new_change() {
    let (_d, path, mut app) = app();
    app.store.insert(&dose(10, 20, 8, 0), now()).unwrap();
    app.store.insert(&dose(5, 20, 12, 0), now()).unwrap();
    app.reload().unwrap();
    key(&mut app, 'u');
    assert_eq!(doses(&app), vec![10]);
    press(&mut app, KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert_eq!(doses(&app), vec![10, 5]);
    assert_eq!(
        app.status.as_deref(),
        Some("Redone: logged the dose 5 mg at Fri 20 Nov 12:00 again.")
    );
    press(&mut app, KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert_eq!(app.status.as_deref(), Some("Nothing to redo."));

    key(&mut app, 'u');
    assert_eq!(doses(&app), vec![10]);
    from_cli(&path, &dose(7, 20, 13, 0), berlin(20, 15, 0));
    press(&mut app, KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert_eq!(
        app.status.as_deref(),
        Some(
            "Cannot redo: a newer change was made after the undo (logged the dose 7 mg at Fri 20 Nov 13:00, at 15:00 Fri 20 Nov); redo only brings back what undo took before anything new is changed."
        )
    );
    assert_eq!(doses(&app), vec![10, 7]);
}

#[test]
fn undo_in_the_app_stops_at_a_restore() {
    let (d, path, mut app) = app();
    app.store.insert(&dose(10, 20, 8, 0), now()).unwrap();
    let backup = app.store.backup_now(now(), BackupKind::Regular).unwrap();
    app.store.insert(&dose(5, 20, 12, 0), now()).unwrap();
    {
        let mut other = Store::open(&path).unwrap();
        other.restore_from(&backup, now()).unwrap();
    }
    app.update(dosediary::tui::Action::Tick).unwrap();
    assert_eq!(doses(&app), vec![10]);
    key(&mut app, 'u');
    assert!(app.question.is_none());
    let s = app.status.clone().unwrap();
    assert!(
        s.starts_with(&format!(
            "Cannot undo past the restore of {} on Fri 20 Nov 15:30",
            backup.display()
        )),
        "{s}"
    );
    assert!(s.contains("before-restore"), "names the kept copy: {s}");
    assert_eq!(doses(&app), vec![10]);
    drop(d);
}

/// The confirmation as drawn at 80x24: the dialog holds the whole sentence and the keys.
#[test]
fn the_confirmation_is_drawn_whole() {
    let (_d, path, mut app) = app();
    from_cli(&path, &dose(10, 20, 8, 0), berlin(20, 14, 2));
    key(&mut app, 'u');
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| view::draw(f, &app, Theme { color: false }))
        .unwrap();
    let b = t.backend().buffer().clone();
    let rows: Vec<String> = (0..24)
        .map(|y| (0..80).map(|x| b[(x, y)].symbol().to_string()).collect())
        .collect();
    let top = rows
        .iter()
        .position(|r| r.contains("┌ Undo? "))
        .expect("the dialog is drawn");
    let left = rows[top].chars().position(|c| c == '┌').unwrap();
    let mut inside = Vec::new();
    for r in &rows[top + 1..] {
        let line: String = r.chars().skip(left + 1).take(62).collect();
        if line.starts_with('─') {
            break;
        }
        inside.push(line.trim().to_string());
    }
    let body = inside.join(" ");
    assert!(
        body.contains(
            "Undo this change? Logged the dose 10 mg at Fri 20 Nov 08:00, made from the command line at 14:02."
        ),
        "{body}"
    );
    assert!(
        body.contains("u: undo it   any other key: keep it"),
        "{body}"
    );
    let bar = rows[23].clone();
    assert!(bar.contains("u") && bar.contains("undo it"), "{bar}");
}

#[test]
fn a_change_from_before_origins_were_recorded_is_asked_about() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("d.sqlite3");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        for sql in &dosediary::store::schema::MIGRATION_SQL[..8] {
            c.execute_batch(sql).unwrap();
        }
        c.execute_batch(
            "PRAGMA user_version = 8;
             INSERT INTO entries (id, uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, amount_mcg)
                 VALUES (1, 'u1', 'dose', '2026-11-20T07:00:00Z', 60, '2026-11-20T07:00:00Z', 10000);
             INSERT INTO changes (at_utc, action, entry_id) VALUES ('2026-11-20T07:01:00Z', 'insert', 1);",
        )
        .unwrap();
    }
    let mut app = App::new(Store::open(&path).unwrap(), Berlin, Clock::fixed(now())).unwrap();
    key(&mut app, 'u');
    assert_eq!(
        app.question.as_ref().unwrap().text,
        "Undo this change? Logged the dose 10 mg at Fri 20 Nov 08:00, made at 08:01 (before the diary recorded where changes were made)."
    );
    key(&mut app, 'u');
    assert_eq!(doses(&app), Vec::<u64>::new());
}

#[test]
fn a_confirmed_undo_is_not_applied_to_a_change_made_meanwhile() {
    let (_d, path, mut app) = app();
    from_cli(&path, &dose(10, 20, 8, 0), berlin(20, 14, 2));
    key(&mut app, 'u');
    assert!(app.question.is_some());
    // Another process logs a dose while the question is open.
    from_cli(&path, &dose(5, 20, 15, 0), berlin(20, 15, 20));
    key(&mut app, 'u');
    assert_eq!(
        app.status.as_deref(),
        Some(
            "Nothing undone: the diary changed meanwhile; press u again to see the newest change."
        )
    );
    assert_eq!(doses(&app), vec![10, 5]);
}
