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
    assert_eq!(fields.amount.value(), next.amount.replace(' ', ""));
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
            amount_mcg: dosediary::domain::Amount::from_mcg(next.amount_mcg),
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
    let key0 = app.flags[0].key.clone();
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
    assert!(text(&b).contains("(seen)"));
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
