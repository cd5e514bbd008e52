//! The terminal app through its state machine, its rendered buffer and its styles.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use chrono_tz::Tz;
use dosediary::demo;
use dosediary::diary::Clock;
use dosediary::domain::{EntryKind, NewEntry};
use dosediary::store::Store;
use dosediary::tui::app::{Action, App, FormKind, Screen};
use dosediary::tui::view::{self, Theme};
use dosediary::tui::{key_action, keys};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;

fn now() -> DateTime<Utc> {
    Berlin
        .with_ymd_and_hms(2026, 11, 20, 15, 30, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn app_with(days: u32) -> (tempfile::TempDir, App<Tz>) {
    let d = tempfile::tempdir().unwrap();
    let mut st = Store::open(&d.path().join("d.sqlite3")).unwrap();
    if days > 0 {
        let demo = demo::generate(days, 7, now(), &Berlin);
        let rec: Vec<_> = demo
            .regimens
            .iter()
            .map(|r| r.effective_from.with_timezone(&Utc))
            .collect();
        st.import_all(&demo.entries, &demo.regimens, &rec, now())
            .unwrap();
    }
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

fn render(app: &mut App<Tz>, w: u16, h: u16, theme: Theme) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, app, theme)).unwrap();
    t.backend().buffer().clone()
}

fn text(b: &Buffer) -> String {
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

const PLAIN: Theme = Theme { color: false };
const COLOR: Theme = Theme { color: true };

#[test]
fn d_enter_logs_the_next_scheduled_dose_in_two_keys() {
    let (_d, mut app) = app_with(30);
    let before = app.entries.len();
    let next = app.today.next_dose.clone().expect("a dose is due");
    key(&mut app, KeyCode::Char('d'));
    let f = app.form.as_ref().expect("dose form");
    assert_eq!(f.kind, FormKind::Dose);
    let dosediary::tui::app::FormBody::Dose(fields) = &f.body else {
        panic!("dose fields")
    };
    assert_eq!(fields.amount.value(), next.amount_mcg.as_arg());
    key(&mut app, KeyCode::Enter);
    // The demo's last dose was at 13:53, under the 2 h minimum spacing: asked first, y saves.
    let q = app
        .question
        .as_ref()
        .expect("asked before a dose so soon after another");
    assert!(q.text.ends_with("Log another? y/N"), "{}", q.text);
    assert_eq!(app.entries.len(), before, "nothing saved before the answer");
    key(&mut app, KeyCode::Char('y'));
    assert!(app.form.is_none());
    assert_eq!(app.entries.len(), before + 1);
    let last = app.entries.iter().max_by_key(|e| e.id).unwrap();
    assert_eq!(
        last.kind,
        EntryKind::Dose {
            amount_mcg: next.amount_mcg,
            skipped: false,
            as_needed: false
        }
    );
    assert_eq!(last.at.with_timezone(&Utc), now());
    assert!(app.status.as_deref().unwrap().starts_with("Saved"));
    // And u takes it back.
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.entries.len(), before);
}

#[test]
fn invalid_input_is_explained_inline_and_never_saved() {
    let (_d, mut app) = app_with(0);
    key(&mut app, KeyCode::Char('d'));
    typ(&mut app, "5ml");
    key(&mut app, KeyCode::Enter);
    let f = app.form.as_ref().expect("form stays open");
    assert!(f.error.as_deref().unwrap().contains("mg"), "{:?}", f.error);
    assert!(app.entries.is_empty());
    // Fix it: a backdated dose.
    for _ in 0..3 {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "10mg");
    key(&mut app, KeyCode::Tab);
    for _ in 0..3 {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "yesterday 21:00");
    key(&mut app, KeyCode::Enter);
    assert!(app.form.is_none());
    assert_eq!(app.entries.len(), 1);
    assert_eq!(app.entries[0].at.to_rfc3339(), "2026-11-19T21:00:00+01:00");
    // Esc saves nothing.
    key(&mut app, KeyCode::Char('s'));
    typ(&mut app, "dizzy");
    key(&mut app, KeyCode::Esc);
    assert!(app.form.is_none());
    assert_eq!(app.entries.len(), 1);
    // An empty symptom is refused.
    key(&mut app, KeyCode::Char('s'));
    key(&mut app, KeyCode::Enter);
    assert!(
        app.form
            .as_ref()
            .unwrap()
            .error
            .as_deref()
            .unwrap()
            .contains("empty")
    );
}

#[test]
fn symptom_form_previews_flags_before_saving() {
    let (_d, mut app) = app_with(0);
    key(&mut app, KeyCode::Char('s'));
    typ(&mut app, "lips swelling and hives");
    let p = app
        .form
        .as_ref()
        .unwrap()
        .preview
        .as_ref()
        .expect("preview");
    assert_eq!(p.urgency, dosediary::safety::Urgency::Emergency);
    assert!(app.entries.is_empty(), "preview saves nothing");
    let b = render(&mut app, 100, 30, PLAIN);
    assert!(text(&b).contains("Preview: EMERGENCY"), "{}", text(&b));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.entries.len(), 1);
    // The banner now shows the emergency.
    let b = render(&mut app, 100, 30, PLAIN);
    assert!(
        text(&b).contains("CALL YOUR LOCAL EMERGENCY NUMBER"),
        "{}",
        text(&b)
    );
}

#[test]
fn drowsiness_with_arrow_keys() {
    let (_d, mut app) = app_with(0);
    key(&mut app, KeyCode::Char('z'));
    assert_eq!(app.form.as_ref().unwrap().rating(), Some(3));
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Left);
    assert_eq!(app.form.as_ref().unwrap().rating(), Some(4));
    for _ in 0..20 {
        key(&mut app, KeyCode::Right);
    }
    assert_eq!(app.form.as_ref().unwrap().rating(), Some(10));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.entries[0].kind.drowsiness(), Some(10));
    assert_eq!(
        app.today
            .latest_drowsiness
            .as_ref()
            .unwrap()
            .kind
            .drowsiness(),
        Some(10)
    );
}

#[test]
fn screens_switch_with_tab_digits_and_clicks() {
    let (_d, mut app) = app_with(0);
    assert_eq!(app.screen, Screen::Today);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.screen, Screen::History);
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::BackTab);
    assert_eq!(app.screen, Screen::Regimen);
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(app.screen, Screen::Trends);
    app.update(Action::ClickTab(3)).unwrap();
    assert_eq!(app.screen, Screen::Flags);
    assert_eq!(view::tab_at(0), Some(0));
    assert_eq!(view::tab_at(12), Some(1));
    key(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
}

#[test]
fn history_edit_delete_undo_and_filter() {
    let (_d, mut app) = app_with(0);
    let st_now = now();
    for (h, text) in [(1, "dizzy"), (2, "headache")] {
        let at = (st_now - chrono::Duration::hours(h))
            .with_timezone(&Berlin)
            .fixed_offset();
        app.store
            .insert(
                &NewEntry {
                    at,
                    kind: EntryKind::Symptom {
                        text: text.into(),
                        severity: Some(3),
                        drowsiness_rating: false,
                        about: None,
                    },
                    note: None,
                },
                st_now,
            )
            .unwrap();
    }
    app.reload().unwrap();
    key(&mut app, KeyCode::Char('2'));
    // Newest first: "dizzy" (1 h ago) is selected.
    assert_eq!(app.selected_entry().unwrap().kind.text(), Some("dizzy"));
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.selected_entry().unwrap().kind.text(), Some("headache"));
    key(&mut app, KeyCode::Char('e'));
    assert!(matches!(app.form.as_ref().unwrap().kind, FormKind::Edit(_)));
    // The pre-filled text is selected (typing would replace it); End keeps it and appends.
    key(&mut app, KeyCode::End);
    typ(&mut app, " again");
    key(&mut app, KeyCode::Enter);
    let edited = app
        .entries
        .iter()
        .find(|e| e.kind.text() == Some("headache again"))
        .expect("edited");
    assert!(edited.edited_at.is_some());
    key(&mut app, KeyCode::Char('x'));
    assert_eq!(app.entries.len(), 1);
    assert!(app.status.as_deref().unwrap().contains("u to undo"));
    key(&mut app, KeyCode::Char('u'));
    key(&mut app, KeyCode::Char('u'));
    assert!(
        app.entries
            .iter()
            .any(|e| e.kind.text() == Some("headache"))
    );
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(app.screens.history.filter.label(), "symptoms");
    key(&mut app, KeyCode::Char('f'));
    assert!(app.screens.history.rows.is_empty(), "no intakes");
}

#[test]
fn acknowledging_a_flag_keeps_it_dimmed() {
    let (_d, mut app) = app_with(90);
    key(&mut app, KeyCode::Char('4'));
    let n = app.flags.len();
    assert!(n > 0);
    // The first row is the most urgent flag (routine ones are gathered by week).
    let key0 = match &app.screens.flags.rows[0] {
        dosediary::safety::digest::Row::One(i) => app.flags[*i].key.clone(),
        dosediary::safety::digest::Row::Digest(d, _) => d.keys[0].clone(),
    };
    key(&mut app, KeyCode::Char('a'));
    assert_eq!(app.flags.len(), n, "not hidden");
    assert!(
        app.flags
            .iter()
            .find(|f| f.key == key0)
            .unwrap()
            .acknowledged
    );
    let b = render(&mut app, 120, 40, PLAIN);
    assert!(text(&b).contains("(seen)"), "{}", text(&b));
}

#[test]
fn regimen_form_keeps_history() {
    let (_d, mut app) = app_with(0);
    key(&mut app, KeyCode::Char('5'));
    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.regimens.len(), 1);
    key(&mut app, KeyCode::Char('c'));
    for _ in 0..3 {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "10mg");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.regimens.len(), 2);
    assert_eq!(
        app.today.regimen.as_ref().unwrap().dose_mcg,
        dosediary::domain::Amount::from_mg(10)
    );
}

#[test]
fn entries_logged_by_another_process_appear_on_tick() {
    let (d, mut app) = app_with(0);
    let mut other = Store::open(&d.path().join("d.sqlite3")).unwrap();
    other
        .insert(
            &NewEntry {
                at: now().with_timezone(&Berlin).fixed_offset(),
                kind: EntryKind::Intake {
                    text: "2 beers".into(),
                },
                note: None,
            },
            now(),
        )
        .unwrap();
    assert!(app.entries.is_empty());
    app.update(Action::Tick).unwrap();
    assert_eq!(app.entries.len(), 1);
}

#[test]
fn help_and_command_bar_come_from_the_key_table() {
    let (_d, mut app) = app_with(0);
    key(&mut app, KeyCode::Char('?'));
    assert!(app.help);
    let t = text(&render(&mut app, 100, 40, PLAIN));
    for b in keys::for_screen(Screen::Today) {
        assert!(t.contains(b.help), "help lacks '{}'", b.help);
    }
    key(&mut app, KeyCode::Char('x'));
    assert!(!app.help, "any key closes help");
    let t = text(&render(&mut app, 120, 30, PLAIN));
    let bar = t.lines().rfind(|l| !l.is_empty()).unwrap().to_string();
    for b in keys::for_screen(Screen::Today).filter(|b| b.bar) {
        assert!(
            bar.contains(keys::short(b)),
            "bar lacks {}: {bar}",
            keys::short(b)
        );
    }
}

#[test]
fn first_run_guides_to_the_regimen_and_demo() {
    let (_d, mut app) = app_with(0);
    let t = text(&render(&mut app, 80, 24, PLAIN));
    assert!(t.contains("No regimen is set yet"), "{t}");
    assert!(t.contains("dosediary regimen set"));
    assert!(t.contains("demo"));
}

/// The emergency banner: reverse video and bold, in colour red, and the words to call.
#[test]
fn emergency_banner_style() {
    let (_d, mut app) = app_with(0);
    let at = now().with_timezone(&Berlin).fixed_offset();
    app.store
        .insert(
            &NewEntry {
                at,
                kind: EntryKind::Symptom {
                    text: "he had a seizure".into(),
                    severity: None,
                    drowsiness_rating: false,
                    about: None,
                },
                note: None,
            },
            now(),
        )
        .unwrap();
    app.reload().unwrap();
    for theme in [PLAIN, COLOR] {
        let b = render(&mut app, 80, 24, theme);
        let line1: String = (0..80).map(|x| b[(x, 1)].symbol().to_string()).collect();
        assert!(
            line1.contains("EMERGENCY") && line1.contains("911 / 112 / 999"),
            "{line1}"
        );
        let start = line1.find("!!!").unwrap() as u16;
        for x in start..start + 20 {
            let c = &b[(x, 1)];
            assert!(
                c.modifier.contains(Modifier::REVERSED) && c.modifier.contains(Modifier::BOLD),
                "cell {x} {c:?}"
            );
            if theme.color {
                assert_eq!(c.fg, ratatui::style::Color::Red);
            } else {
                assert_eq!(c.fg, ratatui::style::Color::Reset, "NO_COLOR: no colour");
            }
        }
    }
}

#[test]
fn tiny_sizes_never_panic() {
    let (_d, mut app) = app_with(30);
    for screen in [
        Screen::Today,
        Screen::History,
        Screen::Trends,
        Screen::Flags,
        Screen::Regimen,
    ] {
        app.screen = screen;
        for overlay in 0..3 {
            app.help = overlay == 1;
            app.form = None;
            if overlay == 2 {
                key(&mut app, KeyCode::Char('s'));
                typ(&mut app, "dizzy and hives");
            }
            for w in 0..=20 {
                for h in 0..=5 {
                    render(&mut app, w, h, COLOR);
                }
            }
            render(&mut app, 39, 11, COLOR);
            render(&mut app, 40, 12, COLOR);
        }
        app.form = None;
        app.help = false;
    }
    let t = text(&render(&mut app, 30, 8, PLAIN));
    assert!(t.contains("larger"), "{t}");
}

#[test]
fn snapshots_of_every_screen() {
    let (_d, mut app) = app_with(120);
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        for (i, screen) in [
            Screen::Today,
            Screen::History,
            Screen::Trends,
            Screen::Flags,
            Screen::Regimen,
        ]
        .into_iter()
        .enumerate()
        {
            app.update(Action::Goto(screen)).unwrap();
            let t = text(&render(&mut app, w, h, PLAIN));
            insta::assert_snapshot!(
                format!("{}_{}_{w}x{h}", i + 1, screen.title().to_lowercase()),
                t
            );
        }
    }
}

#[test]
fn today_shows_the_supply_and_its_run_out() {
    let (_d, mut app) = app_with(30);
    let strength = app.regimens.last().unwrap().dose_mcg;
    // Four doses' worth, counted now: the tablets run out within two days.
    app.store
        .add_supply(
            &dosediary::domain::NewSupply {
                kind: dosediary::domain::SupplyKind::Count,
                at: now().with_timezone(&Berlin).fixed_offset(),
                tablets: 4,
                strength_mcg: strength,
                note: None,
            },
            now(),
        )
        .unwrap();
    app.reload().unwrap();
    let s = app.today.supply.as_ref().expect("supply on Today");
    assert_eq!(s.tablets_left, 4.0);
    let b = render(&mut app, 100, 30, PLAIN);
    let screen = text(&b);
    assert!(screen.contains("!! Supply: 4 x"), "{screen}");
    assert!(screen.contains("run out"), "{screen}");
    // And the urgent flag is on the Flags screen with its reason.
    assert!(
        app.flags
            .iter()
            .any(|f| f.rule == "supply_low" && f.urgency == dosediary::safety::Urgency::Urgent),
        "{:?}",
        app.flags.iter().map(|f| &f.rule).collect::<Vec<_>>()
    );
    app.update(Action::Goto(Screen::Flags)).unwrap();
    let screen = text(&render(&mut app, 100, 30, PLAIN));
    assert!(screen.contains("Tablets running out"), "{screen}");
}

#[test]
fn p_records_a_new_pack_from_the_today_screen() {
    let (_d, mut app) = app_with(30);
    assert!(app.today.supply.is_none());
    key(&mut app, KeyCode::Char('p'));
    let form = app.form.as_ref().expect("the tablets form opens");
    assert_eq!(form.kind, FormKind::Supply);
    // A count of zero is refused for a new pack, inline, and nothing is saved.
    typ(&mut app, "0");
    key(&mut app, KeyCode::Enter);
    let err = app
        .form
        .as_ref()
        .and_then(|f| f.error.clone())
        .expect("refused");
    assert!(err.contains("from 1"), "{err}");
    assert!(app.store.supply_events().unwrap().is_empty());
    key(&mut app, KeyCode::Backspace);
    typ(&mut app, "60");
    key(&mut app, KeyCode::Tab);
    // Strength is pre-filled from the regimen's dose when it is a tablet strength; type one.
    for _ in 0..8 {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "10");
    key(&mut app, KeyCode::Enter);
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form.as_ref().map(|f| &f.error)
    );
    let ev = app.store.supply_events().unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].tablets, 60);
    assert_eq!(ev[0].strength_mcg.mcg(), 10_000);
    let s = app.today.supply.as_ref().expect("shown on Today");
    assert_eq!(s.tablets_left, 60.0);
    let screen = text(&render(&mut app, 100, 30, PLAIN));
    assert!(screen.contains("Supply: 60 x 10 mg left"), "{screen}");
    // u undoes it like any other change.
    key(&mut app, KeyCode::Char('u'));
    assert!(app.store.supply_events().unwrap().is_empty());
    assert!(app.today.supply.is_none());
}

fn ctrl(app: &mut App<Tz>, c: char) {
    let k = KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    if let Some(a) = key_action(app, k) {
        app.update(a).unwrap();
    }
}

fn field_value(app: &App<Tz>) -> String {
    let f = app.form.as_ref().expect("a form");
    f.fields()[f.focus].value().to_string()
}

/// Issue 15, point 2: a pre-filled value is selected and replaced by typing; the cursor moves;
/// Delete, Ctrl-U, Ctrl-W, Ctrl-K and paste edit like any text field.
#[test]
fn fields_edit_like_fields() {
    let (_d, mut app) = app_with(30);
    key(&mut app, KeyCode::Char('d'));
    assert_eq!(field_value(&app), "20mg");
    assert!(app.form.as_ref().unwrap().fields()[0].selected);
    let t = text(&render(&mut app, 80, 24, PLAIN));
    assert!(t.contains("typing replaces it"), "{t}");
    typ(&mut app, "15");
    assert_eq!(
        field_value(&app),
        "15",
        "typing replaced the pre-filled value"
    );
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Delete);
    assert_eq!(field_value(&app), "5");
    typ(&mut app, "2");
    assert_eq!(field_value(&app), "25");
    key(&mut app, KeyCode::End);
    typ(&mut app, " mg");
    assert_eq!(field_value(&app), "25 mg");
    ctrl(&mut app, 'w');
    assert_eq!(field_value(&app), "25 ");
    key(&mut app, KeyCode::Home);
    ctrl(&mut app, 'k');
    assert_eq!(field_value(&app), "");
    typ(&mut app, "12.5");
    ctrl(&mut app, 'u');
    assert_eq!(field_value(&app), "", "Ctrl-U clears, never types a u");
    app.paste("12.5\nmg");
    assert_eq!(field_value(&app), "12.5 mg");
    ctrl(&mut app, 'u');
    app.paste("12.5\r\nmg\r");
    assert_eq!(
        field_value(&app),
        "12.5 mg ",
        "a terminal's CR LF is one space"
    );
    // A right arrow keeps a selected value and moves to its end.
    key(&mut app, KeyCode::Tab);
    assert_eq!(field_value(&app), "now");
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(field_value(&app), "no");
    ctrl(&mut app, 'u');
    typ(&mut app, "-5m");
    key(&mut app, KeyCode::Esc);
    assert!(app.entries.iter().all(|e| e.kind.taken().mcg() != 12_500));
    // The same keys in the edit form: End keeps the text; typing replaces it otherwise.
    key(&mut app, KeyCode::Char('s'));
    typ(&mut app, "dizzy");
    assert_eq!(
        field_value(&app),
        "dizzy",
        "an empty field just takes the text"
    );
}

/// Issue 15, point 1: d Enter twice asks before a second dose; the answer defaults to no.
#[test]
fn a_second_dose_so_soon_is_asked_about_and_no_is_the_default() {
    let (_d, mut app) = app_with(0);
    key(&mut app, KeyCode::Char('d'));
    typ(&mut app, "10mg");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.entries.len(), 1);
    // Again: asked, with what and when.
    key(&mut app, KeyCode::Char('d'));
    key(&mut app, KeyCode::Enter);
    let q = app.question.as_ref().expect("asked");
    assert_eq!(
        q.text,
        "You logged 10 mg at 15:30, less than a minute ago. Log another? y/N"
    );
    let t = text(&render(&mut app, 80, 24, PLAIN));
    assert!(t.contains("another? y/N"), "{t}");
    assert!(t.contains("y: yes"), "{t}");
    // Enter is no (as are n and Esc): nothing saved, the form is closed, the status says so.
    key(&mut app, KeyCode::Enter);
    assert!(app.question.is_none() && app.form.is_none());
    assert_eq!(app.entries.len(), 1);
    assert!(app.status.as_deref().unwrap().starts_with("Not saved"));
    for no in [KeyCode::Char('n'), KeyCode::Esc, KeyCode::Char('d')] {
        key(&mut app, KeyCode::Char('d'));
        key(&mut app, KeyCode::Enter);
        assert!(app.question.is_some());
        key(&mut app, no);
        assert_eq!(app.entries.len(), 1, "{no:?} is no");
    }
    // y logs it.
    key(&mut app, KeyCode::Char('d'));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(app.entries.len(), 2);
    assert!(app.status.as_deref().unwrap().starts_with("Saved: dose"));
    // The same symptom text within a minute: asked too.
    key(&mut app, KeyCode::Char('s'));
    typ(&mut app, "dizzy");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('s'));
    typ(&mut app, "Dizzy");
    key(&mut app, KeyCode::Enter);
    let q = app.question.as_ref().expect("asked about the same symptom");
    assert!(q.text.ends_with("Log it again? y/N"), "{}", q.text);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.entries.len(), 3);
    // A different symptom is not asked about.
    key(&mut app, KeyCode::Char('s'));
    typ(&mut app, "headache");
    key(&mut app, KeyCode::Enter);
    assert!(app.question.is_none());
    assert_eq!(app.entries.len(), 4);
}

/// A diary with 15 mg at 08:00, 14:00 and 20:00 since three days, yesterday's 08:00 and 14:00
/// doses taken and its 20:00 dose missing; the app opened at `h:m` on 20 November.
fn missed_last_night(h: u32, m: u32) -> (tempfile::TempDir, App<Tz>) {
    let d = tempfile::tempdir().unwrap();
    let mut st = Store::open(&d.path().join("d.sqlite3")).unwrap();
    let at = |day: u32, h: u32, m: u32| {
        Berlin
            .with_ymd_and_hms(2026, 11, day, h, m, 0)
            .unwrap()
            .fixed_offset()
    };
    let now = at(20, h, m).with_timezone(&Utc);
    st.set_regimen(
        &dosediary::domain::NewRegimen {
            effective_from: at(17, 0, 0),
            dose_mcg: dosediary::domain::Amount::from_mg(15),
            times: dosediary::domain::parse_times("08:00,14:00,20:00").unwrap(),
            max_daily_mcg: dosediary::domain::Amount::from_mg(80),
            kidney_impairment: false,
            planned_taper: false,
            doses_mcg: Vec::new(),
            prescribed_above_label: false,
            as_needed: None,
        },
        now,
    )
    .unwrap();
    for (day, h) in [(18, 8), (18, 14), (18, 20), (19, 8), (19, 14)] {
        st.insert(
            &NewEntry {
                at: at(day, h, 5),
                kind: EntryKind::Dose {
                    amount_mcg: dosediary::domain::Amount::from_mg(15),
                    skipped: false,
                    as_needed: false,
                },
                note: None,
            },
            now,
        )
        .unwrap();
    }
    let app = App::new(st, Berlin, Clock::fixed(now)).unwrap();
    (d, app)
}

/// Issue 15, point 4: at 07:30 last night's missed dose is yesterday's; the next dose is today's
/// 08:00, and K skips that one.
#[test]
fn today_tells_the_truth_about_a_dose_missed_last_night() {
    let (_d, mut app) = missed_last_night(7, 30);
    let next = app.today.next_dose.clone().expect("a next dose");
    assert_eq!(next.at.format("%d %H:%M").to_string(), "20 08:00");
    let y = app
        .today
        .yesterday_missed
        .clone()
        .expect("yesterday's missed dose");
    assert_eq!(y.at.format("%d %H:%M").to_string(), "19 20:00");
    let t = text(&render(&mut app, 100, 30, PLAIN));
    assert!(t.contains("Next dose: 15 mg at 08:00 (in 30 min)"), "{t}");
    assert!(t.contains("[!] 20:00 yesterday missed"), "{t}");
    assert!(t.contains("[*] 08:00 due      15 mg  < next"), "{t}");
    assert!(t.contains("20:00 yesterday dose was missed"), "{t}");
    assert!(!t.contains("ago)"), "no next dose in the past: {t}");
    // K acts on the slot shown as next.
    key(&mut app, KeyCode::Char('K'));
    assert!(
        app.status.as_deref().unwrap().contains("08:00"),
        "{:?}",
        app.status
    );
    let s = &app.today.schedule[0];
    assert_eq!(
        (s.time.as_str(), s.status),
        ("08:00", dosediary::diary::today::SlotStatus::Skipped)
    );
    assert_eq!(
        app.today
            .next_dose
            .as_ref()
            .unwrap()
            .at
            .format("%H:%M")
            .to_string(),
        "14:00"
    );
}

/// At 01:00 the 20:00 dose can still be taken (the next is 7 hours away): it is the next dose,
/// named as yesterday's.
#[test]
fn a_late_dose_from_last_night_is_named_as_yesterdays() {
    let (_d, mut app) = missed_last_night(1, 0);
    let next = app.today.next_dose.clone().expect("a next dose");
    assert_eq!(next.status, dosediary::diary::today::SlotStatus::Late);
    let t = text(&render(&mut app, 100, 30, PLAIN));
    assert!(
        t.contains("Next dose: 15 mg at 20:00 yesterday (5 h 0 min ago)"),
        "{t}"
    );
    assert!(t.contains("take it when you remember"), "{t}");
}

/// The screen's lines, trimmed and joined by spaces (wrapped text reads back whole).
fn joined(t: &str) -> String {
    t.lines()
        .map(|l| l.trim_matches(|c: char| c == ' ' || c == '│'))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

const SIZES: [(u16, u16); 3] = [(80, 24), (60, 20), (40, 12)];

/// Issue 15, point 3: at every size the emergency line is whole (wrapped, never cut), the
/// screen's content follows, and the key bar ends with `?` help.
#[test]
fn every_width_keeps_the_emergency_line_the_content_and_help() {
    let (_d, mut app) = app_with(120);
    app.store
        .insert(
            &NewEntry {
                at: now().with_timezone(&Berlin).fixed_offset(),
                kind: EntryKind::Symptom {
                    text: "he had a seizure".into(),
                    severity: None,
                    drowsiness_rating: false,
                    about: None,
                },
                note: None,
            },
            now(),
        )
        .unwrap();
    app.reload().unwrap();
    for (w, h) in SIZES {
        for screen in [
            Screen::Today,
            Screen::History,
            Screen::Trends,
            Screen::Flags,
            Screen::Regimen,
        ] {
            app.update(Action::Goto(screen)).unwrap();
            let t = text(&render(&mut app, w, h, PLAIN));
            let head: String = t.lines().skip(1).take(3).collect::<Vec<_>>().join(" ");
            assert!(
                joined(&head).contains(
                    "!!! EMERGENCY: CALL YOUR LOCAL EMERGENCY NUMBER NOW (911 / 112 / 999) !!!"
                ),
                "{w}x{h} {screen:?}:\n{t}"
            );
            let bar = t.lines().last().unwrap();
            assert!(bar.contains(" ?  help"), "{w}x{h} {screen:?}: {bar}");
            if screen == Screen::Today {
                assert!(t.contains("Next dose"), "{w}x{h}:\n{t}");
            }
            insta::assert_snapshot!(
                format!("emergency_{}_{w}x{h}", screen.title().to_lowercase()),
                t
            );
        }
    }
}

/// Form errors wrap, whole, at every size; a form taller than the terminal keeps the focused
/// field and the error in view.
#[test]
fn form_errors_wrap_at_every_size() {
    let (_d, mut app) = app_with(0);
    for (w, h) in SIZES {
        key(&mut app, KeyCode::Char('d'));
        typ(&mut app, "5ml");
        key(&mut app, KeyCode::Enter);
        let err = app.form.as_ref().unwrap().error.clone().expect("refused");
        let t = text(&render(&mut app, w, h, PLAIN));
        // Wrapped, whole: its start and its last words are on screen.
        assert!(t.contains("Not saved: Amount:"), "{w}x{h}: {err}\n{t}");
        assert!(t.contains("5mg"), "{w}x{h}: {err}\n{t}");
        insta::assert_snapshot!(format!("dose_form_error_{w}x{h}"), t);
        key(&mut app, KeyCode::Esc);
        // The regimen form has six fields: at 40x12 they scroll to the focused one.
        key(&mut app, KeyCode::Char('5'));
        key(&mut app, KeyCode::Char('c'));
        for _ in 0..5 {
            key(&mut app, KeyCode::Tab);
        }
        typ(&mut app, "next tuesday");
        key(&mut app, KeyCode::Enter);
        let err = app.form.as_ref().unwrap().error.clone().expect("refused");
        let t = text(&render(&mut app, w, h, PLAIN));
        assert!(t.contains("> From: next tuesday"), "{w}x{h}:\n{t}");
        assert!(t.contains("Not saved: From:"), "{w}x{h}: {err}\n{t}");
        let last_word = err.split_whitespace().last().unwrap();
        assert!(t.contains(last_word), "{w}x{h}: {err}\n{t}");
        insta::assert_snapshot!(format!("regimen_form_error_{w}x{h}"), t);
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('1'));
    }
}

/// Issue 15, point 6: 1-2 h after a dose Today asks for a rating; z then a digit saves it; n
/// dismisses it for that dose; it never comes back for the same dose.
#[test]
fn a_drowsiness_prompt_at_the_peak_after_a_dose() {
    let (d, _) = app_with(0);
    let mut st = Store::open(&d.path().join("d.sqlite3")).unwrap();
    let dose_at = (now() - chrono::Duration::minutes(75))
        .with_timezone(&Berlin)
        .fixed_offset();
    st.insert(
        &NewEntry {
            at: dose_at,
            kind: EntryKind::Dose {
                amount_mcg: dosediary::domain::Amount::from_mg(10),
                skipped: false,
                as_needed: false,
            },
            note: None,
        },
        now(),
    )
    .unwrap();
    let mut app = App::new(st, Berlin, Clock::fixed(now())).unwrap();
    let t = text(&render(&mut app, 80, 24, PLAIN));
    assert!(t.contains("Drowsy? Peak"), "{t}");
    assert!(t.contains("after the 14:15"), "{t}");
    insta::assert_snapshot!("rating_prompt_80x24", t);
    // z then a digit: saved, and the prompt is gone.
    key(&mut app, KeyCode::Char('z'));
    key(&mut app, KeyCode::Char('6'));
    assert!(app.form.is_none(), "a digit saves at once from the prompt");
    assert_eq!(
        app.today
            .latest_drowsiness
            .as_ref()
            .unwrap()
            .kind
            .drowsiness(),
        Some(6)
    );
    assert!(!text(&render(&mut app, 80, 24, PLAIN)).contains("Drowsy? Peak"));
    // Undo the rating: the prompt is back; n dismisses it, and it stays away.
    key(&mut app, KeyCode::Char('u'));
    assert!(text(&render(&mut app, 80, 24, PLAIN)).contains("Drowsy? Peak"));
    key(&mut app, KeyCode::Char('n'));
    assert!(!text(&render(&mut app, 80, 24, PLAIN)).contains("Drowsy? Peak"));
    app.update(Action::Tick).unwrap();
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('1'));
    assert!(!text(&render(&mut app, 80, 24, PLAIN)).contains("Drowsy? Peak"));
    // Outside 1-2 h after the dose there is no prompt; z is the ordinary form (a digit picks,
    // Enter saves).
    let (_d2, mut fresh) = app_with(0);
    assert!(!text(&render(&mut fresh, 80, 24, PLAIN)).contains("Drowsy? Peak"));
    key(&mut fresh, KeyCode::Char('z'));
    key(&mut fresh, KeyCode::Char('4'));
    assert!(fresh.form.is_some());
}

/// Issue 15, point 5: plain words. A first regimen does not speak of an earlier one; saving the
/// same regimen again says "no change" and writes nothing; routine flags are "notes".
#[test]
fn plain_words_for_regimens_and_routine_notes() {
    let (_d, mut app) = app_with(0);
    key(&mut app, KeyCode::Char('5'));
    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.status.as_deref(), Some("Regimen saved."));
    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.regimens.len(), 1, "an unchanged regimen writes nothing");
    assert!(
        app.status.as_deref().unwrap().starts_with("No change"),
        "{:?}",
        app.status
    );
    key(&mut app, KeyCode::Char('c'));
    typ(&mut app, "10mg");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.regimens.len(), 2);
    assert_eq!(
        app.status.as_deref(),
        Some("Regimen saved; the earlier one is kept in the history.")
    );
    // Routine notes on Today, in words.
    let (_d, mut demo) = app_with(120);
    let t = text(&render(&mut demo, 120, 40, PLAIN));
    assert!(t.contains("routine notes this week (see Flags)"), "{t}");
    assert!(!t.contains("flag(s)"), "{t}");
}

/// The intake form previews the flags an intake would raise, as the symptom form does.
#[test]
fn the_intake_form_previews_flags() {
    let (_d, mut app) = app_with(30);
    key(&mut app, KeyCode::Char('i'));
    typ(&mut app, "4 beers");
    let p = app
        .form
        .as_ref()
        .unwrap()
        .preview
        .clone()
        .expect("a preview");
    assert!(
        !p.rules.is_empty(),
        "alcohol with baclofen taken today is flagged"
    );
    assert!(
        app.entries.iter().all(|e| e.kind.text() != Some("4 beers")),
        "nothing saved"
    );
    let t = text(&render(&mut app, 100, 30, PLAIN));
    assert!(t.contains("Preview:"), "{t}");
    insta::assert_snapshot!("intake_preview_100x30", t);
}
