//! Issue 12 in the app: "Is this about <patient>? y/n" before a symptom is saved, and the Flags
//! screen's weekly routine digest, urgency filter and acknowledge-all-routine; by state machine
//! and by rendered buffer.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use chrono_tz::Tz;
use dosediary::diary::Clock;
use dosediary::domain::{About, EntryKind, NewEntry};
use dosediary::safety::{Patient, Urgency, Writer};
use dosediary::store::Store;
use dosediary::tui::app::{App, Screen};
use dosediary::tui::key_action;
use dosediary::tui::view::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Wednesday 18 November 2026, Berlin.
fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Berlin
        .with_ymd_and_hms(2026, 11, d, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn symptom(text: &str) -> EntryKind {
    EntryKind::Symptom {
        text: text.into(),
        severity: None,
        drowsiness_rating: false,
        about: None,
    }
}

fn app_at(
    now: DateTime<Utc>,
    entries: &[(DateTime<Utc>, EntryKind)],
    patient: Patient,
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
    let mut app = App::new(st, Berlin, Clock::fixed(now)).unwrap();
    // Not the config file of the machine running the tests.
    app.patient = patient;
    app.reload().unwrap();
    (d, app)
}

fn tom() -> Patient {
    Patient {
        name: "Tom".into(),
        writer: Writer::Caregiver,
        also_called: vec!["Tom".into(), "my husband".into()],
    }
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

fn screen(app: &App<Tz>, w: u16, h: u16) -> String {
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

/// The text inside the box titled `title` (an overlay), its lines joined by single spaces.
fn boxed(s: &str, title: &str) -> String {
    let lines: Vec<Vec<char>> = s.lines().map(|l| l.chars().collect()).collect();
    let Some(top) = lines
        .iter()
        .position(|l| l.iter().collect::<String>().contains(title))
    else {
        return String::new();
    };
    let row = &lines[top];
    let x0 = row.iter().position(|c| *c == '┌').unwrap();
    let x1 = x0 + row[x0..].iter().position(|c| *c == '┐').unwrap();
    let mut out = Vec::new();
    for l in &lines[top + 1..] {
        if l.get(x0) == Some(&'└') {
            break;
        }
        let inner: String = l[x0 + 1..x1.min(l.len())].iter().collect();
        out.push(inner.trim().to_string());
    }
    out.join(" ")
}

/// The symptom entries saved, with who they are about.
fn symptoms(app: &App<Tz>) -> Vec<(i64, String, Option<About>)> {
    app.entries
        .iter()
        .filter_map(|e| match &e.kind {
            EntryKind::Symptom {
                text,
                about,
                drowsiness_rating: false,
                ..
            } => Some((e.id, text.clone(), *about)),
            _ => None,
        })
        .collect()
}

/// Opens the symptom form, types `text` and presses Enter.
fn log_symptom(app: &mut App<Tz>, text: &str) {
    key(app, KeyCode::Char('s'));
    typ(app, text);
    key(app, KeyCode::Enter);
}

#[test]
fn a_fit_that_reads_as_someone_elses_is_asked_about_and_y_makes_it_count() {
    let now = at(18, 15, 0);
    let (_d, mut app) = app_at(now, &[], tom());
    log_symptom(&mut app, "my neighbour had a fit");
    // Nothing is saved before the answer; the question names the patient.
    assert!(symptoms(&app).is_empty());
    let q = app.question.as_ref().expect("asked before saving");
    assert!(q.text.ends_with("Is this about Tom? y/n"), "{}", q.text);
    let s = screen(&app, 80, 24);
    let j = boxed(&s, "Who is this about?");
    assert!(j.contains("\"had a fit\" (seizure)"), "{s}");
    assert!(j.contains("Is this about Tom? y/n"), "{s}");
    assert!(j.contains("y: yes, save it as theirs"), "{s}");
    assert!(j.contains("n: no, someone else"), "{s}");
    // A stray key neither saves nor answers.
    key(&mut app, KeyCode::Char('x'));
    assert!(app.question.is_some());
    assert!(symptoms(&app).is_empty());
    key(&mut app, KeyCode::Char('y'));
    assert!(app.question.is_none() && app.form.is_none());
    let saved = symptoms(&app);
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].2, Some(About::Patient), "the answer is stored");
    // The sign counts: an emergency flag on this entry, and the status says to call.
    let id = saved[0].0;
    let fl = app
        .flags
        .iter()
        .find(|f| f.entry_id == Some(id))
        .expect("a flag for the entry");
    assert_eq!(fl.urgency, Urgency::Emergency);
    assert_eq!(fl.rule, "seizure");
    let status = app.status.clone().unwrap();
    assert!(status.contains("EMERGENCY"), "{status}");
    assert!(
        status.contains("112") || status.contains("emergency number"),
        "{status}"
    );
}

#[test]
fn n_stores_someone_else_and_raises_nothing() {
    let now = at(18, 15, 0);
    let (_d, mut app) = app_at(now, &[], tom());
    log_symptom(&mut app, "my neighbour had a fit");
    assert!(app.question.is_some());
    key(&mut app, KeyCode::Char('n'));
    let saved = symptoms(&app);
    assert_eq!(saved.len(), 1, "n still saves the entry");
    assert_eq!(saved[0].2, Some(About::Other));
    assert!(
        !app.flags.iter().any(|f| f.entry_id == Some(saved[0].0)),
        "{:?}",
        app.flags
    );
    assert!(
        app.status
            .clone()
            .unwrap()
            .contains("does not count for Tom")
    );
}

#[test]
fn esc_saves_it_unanswered_and_says_how_to_answer_later() {
    let now = at(18, 15, 0);
    let (_d, mut app) = app_at(now, &[], tom());
    log_symptom(&mut app, "my neighbour had a fit");
    key(&mut app, KeyCode::Esc);
    let saved = symptoms(&app);
    assert_eq!(saved.len(), 1, "nothing typed is lost");
    assert_eq!(saved[0].2, None);
    let status = app.status.clone().unwrap();
    assert!(
        status.contains(&format!("dosediary edit {} --about patient", saved[0].0)),
        "{status}"
    );
}

#[test]
fn no_question_for_the_patients_own_or_mild_signs_and_sensible_names_without_one() {
    let now = at(18, 15, 0);
    let (_d, mut app) = app_at(now, &[], tom());
    // Tom's own fit (named), and a mild sign about someone else: saved at once.
    log_symptom(&mut app, "my husband had a fit");
    assert!(app.question.is_none());
    log_symptom(&mut app, "my neighbour has a headache");
    assert!(app.question.is_none());
    assert_eq!(symptoms(&app).len(), 2);
    assert!(symptoms(&app).iter().all(|s| s.2.is_none()));

    // No name in the config: the patient's own diary says "you".
    let me = Patient {
        writer: Writer::Own,
        ..Patient::default()
    };
    let (_d2, mut app) = app_at(now, &[], me);
    log_symptom(&mut app, "my neighbour had a fit");
    let q = app.question.as_ref().unwrap();
    assert!(q.text.ends_with("Is this about you? y/n"), "{}", q.text);
}

/// Routine flags over two weeks, one urgent and one emergency flag.
fn flag_diary() -> Vec<(DateTime<Utc>, EntryKind)> {
    vec![
        // Week of Monday 9 November: dry mouth 3 times, headache twice.
        (at(9, 9, 0), symptom("dry mouth")),
        (at(10, 9, 0), symptom("dry mouth")),
        (at(11, 9, 0), symptom("dry mouth")),
        (at(12, 9, 0), symptom("headache")),
        (at(13, 9, 0), symptom("headache")),
        // An emergency (the oldest) and an urgent flag.
        (at(5, 10, 0), symptom("I had a seizure")),
        (at(12, 10, 0), symptom("hives all over")),
        // This week (Monday 16 November): dry mouth once.
        (at(16, 9, 0), symptom("dry mouth")),
    ]
}

#[test]
fn flags_show_routine_ones_as_one_line_a_week_serious_ones_alone_most_urgent_first() {
    let now = at(18, 15, 0);
    let (_d, mut app) = app_at(now, &flag_diary(), Patient::default());
    key(&mut app, KeyCode::Char('4'));
    assert_eq!(app.screen, Screen::Flags);
    let s = screen(&app, 200, 40);
    let list: Vec<String> = s
        .lines()
        .skip_while(|l| !l.contains("Flags (all)"))
        .skip(1)
        .take(4)
        .map(|l| l.split('│').nth(1).unwrap_or("").trim().to_string())
        .collect();
    // Emergency first although it is the oldest, then urgent, then the weeks, newest first.
    assert!(
        list[0].contains("EMERGENCY") && list[0].contains("05 Nov"),
        "{s}"
    );
    assert!(
        list[1].contains("URGENT") && list[1].contains("12 Nov"),
        "{s}"
    );
    assert!(
        list[2].ends_with("This week: dry mouth once: mention at your next visit."),
        "{s}"
    );
    assert!(
        list[3].ends_with(
            "Week of Mon 9 Nov: dry mouth 3 times, headache twice: mention at your next visit."
        ),
        "{s}"
    );
    assert!(
        s.contains("Flags (all): 8 of 8 not acknowledged; 6 routine, by week"),
        "{s}"
    );
    // The footer names the filter in force.
    assert!(s.contains(" f  show: all"), "{s}");
    // The week's detail lists its flags.
    for _ in 0..3 {
        key(&mut app, KeyCode::Down);
    }
    let s = screen(&app, 200, 40);
    assert!(s.contains("Thu 12 Nov 09:00 Headache"), "{s}");
}

#[test]
fn f_cycles_all_emergency_urgent_routine_in_title_and_footer() {
    let now = at(18, 15, 0);
    let (_d, mut app) = app_at(now, &flag_diary(), Patient::default());
    key(&mut app, KeyCode::Char('4'));
    let shown = |app: &App<Tz>| app.screens.flags.rows.len();
    assert_eq!(shown(&app), 4);
    key(&mut app, KeyCode::Char('f'));
    let s = screen(&app, 120, 30);
    assert!(s.contains("Flags (emergency only)"), "{s}");
    assert!(s.contains(" f  show: emergency"), "{s}");
    assert_eq!(shown(&app), 1);
    assert!(
        s.contains("EMERGENCY Seizure") && !s.contains("mention at your next visit"),
        "{s}"
    );
    key(&mut app, KeyCode::Char('f'));
    let s = screen(&app, 120, 30);
    assert!(s.contains("Flags (urgent only)"), "{s}");
    assert!(s.contains(" f  show: urgent"), "{s}");
    assert_eq!(shown(&app), 1);
    key(&mut app, KeyCode::Char('f'));
    let s = screen(&app, 120, 30);
    assert!(s.contains("Flags (routine only)"), "{s}");
    assert_eq!(shown(&app), 2, "the two weekly digests");
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(shown(&app), 4);
    assert!(screen(&app, 120, 30).contains("Flags (all)"));
}

#[test]
fn shift_a_acknowledges_every_routine_flag_after_saying_how_many() {
    let now = at(18, 15, 0);
    let (_d, mut app) = app_at(now, &flag_diary(), Patient::default());
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Char('A'));
    let q = app.question.as_ref().expect("asks first");
    assert!(
        q.text.contains("Acknowledge all 6 routine flags?"),
        "{}",
        q.text
    );
    let s = screen(&app, 100, 30);
    assert!(
        boxed(&s, "Acknowledge routine flags?").contains("Acknowledge all 6 routine flags?"),
        "{s}"
    );
    // No (the default) changes nothing.
    key(&mut app, KeyCode::Enter);
    assert!(app.flags.iter().all(|f| !f.acknowledged));
    assert_eq!(app.status.as_deref(), Some("Nothing acknowledged."));
    key(&mut app, KeyCode::Char('A'));
    key(&mut app, KeyCode::Char('y'));
    for f in &app.flags {
        assert_eq!(
            f.acknowledged,
            f.urgency == Urgency::Routine,
            "only routine ones: {f:?}"
        );
    }
    let s = screen(&app, 200, 40);
    assert!(s.contains("2 of 8 not acknowledged"), "{s}");
    assert!(
        s.contains("! (seen) Week of Mon 9 Nov: dry mouth 3 times"),
        "{s}"
    );
    // Nothing left: said so, no question.
    key(&mut app, KeyCode::Char('A'));
    assert!(app.question.is_none());
    assert_eq!(
        app.status.as_deref(),
        Some("No routine flags left to acknowledge.")
    );
}

#[test]
fn a_on_a_week_acknowledges_that_weeks_routine_flags_only() {
    let now = at(18, 15, 0);
    let (_d, mut app) = app_at(now, &flag_diary(), Patient::default());
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::End); // the oldest week
    key(&mut app, KeyCode::Char('a'));
    let acked: Vec<String> = app
        .flags
        .iter()
        .filter(|f| f.acknowledged)
        .map(|f| f.at.format("%d").to_string())
        .collect();
    let mut acked = acked;
    acked.sort();
    assert_eq!(acked, ["09", "10", "11", "12", "13"]);
    // The urgent flag on the 12th is not one of them.
    assert!(
        app.flags
            .iter()
            .any(|f| f.urgency == Urgency::Urgent && !f.acknowledged)
    );
}
