//! The app's benefit ratings (`b`), the evening prompt and the Trends screen, by state and by
//! rendered buffer.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use chrono_tz::Tz;
use dosediary::diary::Clock;
use dosediary::domain::{Amount, EntryKind, NewEntry, NewRegimen, RatingScale};
use dosediary::store::Store;
use dosediary::tui::app::App;
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

/// The hand-built diary of the Trends tests (Berlin; "now" is Friday 20 November 2026, 23:00).
///
/// Regimen: from Sunday 1 November 10 mg at 08:00 and 20:00 (20 mg a day); from Sunday 15
/// November 15 mg at both times (30 mg a day). Nothing before 1 November.
/// - 10-14 Nov: both 10 mg doses, stiffness 6 at 22:00, drowsiness 2 at 10:00 (14 Nov: 4 at 09:30)
/// - 15 Nov: both 15 mg doses, stiffness 4, drowsiness 5
/// - 16 Nov: the 08:00 dose only, stiffness 4, drowsiness 6, "headache" at 12:00
/// - 17 and 18 Nov: nothing at all
/// - 19 Nov: the 08:00 dose skipped, nothing else
/// - 20 Nov: both doses, stiffness 3, "I had a seizure" at 14:00
fn hand_built() -> (tempfile::TempDir, App<Tz>) {
    let now = at(20, 23, 0);
    let mut e = Vec::new();
    let drowsy = |v: u8| EntryKind::Symptom {
        text: "drowsiness".into(),
        severity: Some(v),
        drowsiness_rating: true,
        about: None,
    };
    let symptom = |t: &str| EntryKind::Symptom {
        text: t.into(),
        severity: None,
        drowsiness_rating: false,
        about: None,
    };
    for d in 10..=14 {
        e.push((at(d, 8, 0), dose(10)));
        e.push((at(d, 20, 0), dose(10)));
        e.push((at(d, 22, 0), rating(RatingScale::Spasticity, 6)));
        if d < 14 {
            e.push((at(d, 10, 0), drowsy(2)));
        }
    }
    e.push((at(14, 9, 30), drowsy(4)));
    e.push((at(15, 8, 0), dose(15)));
    e.push((at(15, 20, 0), dose(15)));
    e.push((at(15, 22, 0), rating(RatingScale::Spasticity, 4)));
    e.push((at(15, 10, 0), drowsy(5)));
    e.push((at(16, 8, 0), dose(15)));
    e.push((at(16, 22, 0), rating(RatingScale::Spasticity, 4)));
    e.push((at(16, 10, 0), drowsy(6)));
    e.push((at(16, 12, 0), symptom("headache")));
    e.push((
        at(19, 8, 0),
        EntryKind::Dose {
            amount_mcg: Amount::from_mg(15),
            skipped: true,
            as_needed: false,
        },
    ));
    e.push((at(20, 8, 0), dose(15)));
    e.push((at(20, 20, 0), dose(15)));
    e.push((at(20, 22, 0), rating(RatingScale::Spasticity, 3)));
    e.push((at(20, 14, 0), symptom("I had a seizure")));
    let d = tempfile::tempdir().unwrap();
    let mut st = Store::open(&d.path().join("d.sqlite3")).unwrap();
    let times = |s: &[&str]| {
        s.iter()
            .map(|t| chrono::NaiveTime::parse_from_str(t, "%H:%M").unwrap())
            .collect::<Vec<_>>()
    };
    for (day, mg) in [(1, 10), (15, 15)] {
        let from = at(day, 0, 0).with_timezone(&Berlin).fixed_offset();
        let r = NewRegimen::simple(
            from,
            Amount::from_mg(mg),
            times(&["08:00", "20:00"]),
            Amount::from_mg(80),
        );
        st.set_regimen(&r, at(1, 0, 0)).unwrap();
    }
    for (t, k) in &e {
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
    key(&mut app, KeyCode::Char('3'));
    (d, app)
}

/// The chart's columns start after the border and the 13-column gutter.
const PLOT_X: usize = 1 + 13;

/// The characters of a line (box characters are one column each).
fn cols(l: &str) -> Vec<char> {
    l.chars().collect()
}

/// The first line containing `s`.
fn line_with<'a>(screen: &'a str, s: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(s))
        .unwrap_or_else(|| panic!("no line with {s:?} in\n{screen}"))
}

/// The line `k` lines below the first line containing `s`.
fn below<'a>(screen: &'a str, s: &str, k: usize) -> &'a str {
    let i = screen.lines().position(|l| l.contains(s)).unwrap();
    screen.lines().nth(i + k).unwrap()
}

#[test]
fn trends_chart_has_dates_on_its_axis_gaps_where_nothing_was_logged_and_n_on_every_bin() {
    let (_d, mut app) = hand_built();
    // 30 -> 90 -> 365 -> 7 days.
    for _ in 0..3 {
        key(&mut app, KeyCode::Char('r'));
    }
    assert_eq!(app.screens.trends.range_days, 7);
    let s = screen(&mut app, 100, 60);
    if std::env::var_os("SHOW").is_some() {
        eprintln!("{s}");
    }
    assert!(
        s.contains("7 days: 14 Nov to 20 Nov 2026, a bar a day"),
        "{s}"
    );
    // 7 bins over 100 - 2 - 13 - 1 = 84 columns: 8 columns a bin (the widest), a bar of 7.
    let w = 8;
    // The dated x axis: a tick and a date under every bin.
    let labels = cols(below(&s, "regimen", 2));
    let ticks = cols(below(&s, "regimen", 1));
    for (k, day) in (14..=20).enumerate() {
        let x = PLOT_X + k * w;
        let label: String = labels[x..x + 6].iter().collect();
        assert_eq!(label.trim(), format!("{day} Nov"), "bin {k}: {s}");
        assert_eq!(ticks[x], '┬', "bin {k}");
    }
    assert_eq!(ticks[PLOT_X - 1], '└');
    // The y axes are labelled: mg/day 0-30 (30 is the highest bin, a nice top), 0-10 twice.
    assert!(line_with(&s, "mg/day").contains("mg/day    30┤"), "{s}");
    assert!(line_with(&s, "drowsy").contains("drowsy    10┤"), "{s}");
    assert!(line_with(&s, "stiffness").contains("stiffness 10┤"), "{s}");
    // The bottom row of each panel (the "0" row, the line above its "n=" row).
    let cell = |line: &str, k: usize| cols(line)[PLOT_X + k * w];
    let mg0 = below(&s, "mg/day", 4);
    assert!(mg0.contains("0┤"), "{mg0}");
    // 14-16 and 20 Nov have doses; 17 and 18 Nov nothing (gaps, blank); 19 Nov a skip only:
    // 0 mg, drawn as "_" (a zero is not a gap).
    for k in [0, 1, 2, 6] {
        assert_eq!(cell(mg0, k), '█', "bin {k}: {mg0}");
    }
    assert_eq!(cell(mg0, 3), ' ', "17 Nov is a gap: {mg0}");
    assert_eq!(cell(mg0, 4), ' ', "18 Nov is a gap: {mg0}");
    assert_eq!(cell(mg0, 5), '_', "19 Nov is zero: {mg0}");
    // The mg bars, on a 0-30 axis of 5 rows (40 eighths of a row): 20 mg on 14 Nov is
    // 20/30*40 = 26.7 -> 27 eighths: 3 full rows and 3/8 of the fourth; 30 mg on 15 Nov fills
    // all 5 rows; 15 mg on 16 Nov is 20 eighths: 2 full rows and half the third.
    let col = |k: usize| -> String { (0..5).map(|r| cell(below(&s, "mg/day", r), k)).collect() };
    assert_eq!(col(0), " ▃███");
    assert_eq!(col(1), "█████");
    assert_eq!(col(2), "  ▄██");
    // Stiffness: rated on 14, 15, 16 and 20 Nov; blank on 17-19 Nov.
    let sp0 = below(&s, "stiffness", 4);
    for k in [0, 1, 2, 6] {
        assert_ne!(cell(sp0, k), ' ', "bin {k}: {sp0}");
    }
    for k in [3, 4, 5] {
        assert_eq!(cell(sp0, k), ' ', "bin {k} is a gap: {sp0}");
    }
    // "n =" under every bin of every series.
    let ns = |line: &str| -> Vec<String> {
        (0..7)
            .map(|k| {
                let c = cols(line);
                c[PLOT_X + k * w..PLOT_X + (k + 1) * w]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(
        ns(below(&s, "mg/day", 5)),
        ["1", "1", "1", ".", ".", "1", "1"]
    );
    assert!(below(&s, "mg/day", 5).contains("n=days"));
    assert_eq!(
        ns(below(&s, "drowsy", 5)),
        ["1", "1", "1", ".", ".", ".", "."]
    );
    assert_eq!(
        ns(below(&s, "stiffness", 5)),
        ["1", "1", "1", ".", ".", ".", "1"]
    );
    // The new regimen step (30 mg a day) starts on 15 Nov, under its bin.
    let reg = cols(line_with(&s, "regimen"));
    let step: String = reg[PLOT_X + w..PLOT_X + w + 3].iter().collect();
    assert_eq!(step, "^30", "{s}");
}

#[test]
fn ranges_aggregate_90_days_by_half_week_and_365_by_week() {
    let (_d, mut app) = hand_built();
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.screens.trends.range_days, 90);
    let s = screen(&mut app, 200, 60);
    assert!(
        s.contains("90 days: 23 Aug to 20 Nov 2026, a bar a half-week"),
        "{s}"
    );
    let data = app.screens.trends.data.as_ref().unwrap();
    // 90 days in half-weeks (3 or 4 days: bin k starts at day round(3.5 k)): 26 bins, the last
    // one the 2 days left (days 88 and 89: 19 and 20 Nov).
    assert_eq!(data.bins.len(), 26);
    for b in &data.bins[..25] {
        let n = (b.to - b.from).num_days() + 1;
        assert!(n == 3 || n == 4, "{b:?}");
    }
    // The last bin: 19 Nov 0 mg (a skip) and 20 Nov 30 mg -> 15 mg a day over n = 2 days;
    // stiffness 3 (n = 1).
    let last = data.bins.last().unwrap();
    assert_eq!(last.from.to_string(), "2026-11-19");
    assert_eq!((last.mg, last.mg_n), (Some(15.0), 2));
    assert_eq!((last.spasticity, last.spasticity_n), (Some(3.0), 1));
    key(&mut app, KeyCode::Char('r'));
    let s = screen(&mut app, 200, 60);
    assert!(
        s.contains("365 days: 21 Nov 2025 to 20 Nov 2026, a bar a week"),
        "{s}"
    );
    let data = app.screens.trends.data.as_ref().unwrap();
    assert_eq!(data.bins.len(), 53, "52 weeks and 1 day");
    // The week of 13-19 Nov: stiffness 6, 6, 4, 4 -> 5.0 with n = 4; drowsiness 4, 5, 6 and
    // 2 on 13 Nov -> (2 + 4 + 5 + 6) / 4 = 4.25.
    let wk = &data.bins[51];
    assert_eq!(wk.from.to_string(), "2026-11-13");
    assert_eq!((wk.spasticity, wk.spasticity_n), (Some(5.0), 4));
    assert_eq!((wk.drowsiness, wk.drowsiness_n), (Some(4.25), 4));
    // Every range shows the "n =" rows and a dated axis.
    assert!(s.contains("n=ratings") && s.contains("Nov"), "{s}");
}

/// The heatmap's cells of a weekday row: (doses symbol, symptom symbol) per week, oldest first.
fn heat_row(screen: &str, day: &str) -> Vec<(char, char)> {
    const WEEKS: usize = 5;
    let l = screen
        .lines()
        .find(|l| l.starts_with(&format!("│{day}  ")))
        .unwrap_or_else(|| panic!("no {day} row in\n{screen}"));
    let c = cols(l);
    c[5..]
        .chunks(3)
        .take(WEEKS)
        .map(|ch| (ch[0], ch[1]))
        .collect()
}

#[test]
fn the_heatmap_shows_doses_taken_of_those_scheduled_and_symptom_days() {
    let (_d, mut app) = hand_built();
    for _ in 0..3 {
        key(&mut app, KeyCode::Char('r'));
    }
    // 7 days: the heatmap still shows 4 weeks and more: 24 Oct to today, whole weeks from
    // Monday 19 Oct to Sunday 22 Nov (5 columns).
    let s = screen(&mut app, 100, 90);
    if std::env::var_os("SHOW").is_some() {
        eprintln!("{s}");
    }
    assert!(s.contains("Doses taken and symptom days"), "{s}");
    // The week of Monday 16 Nov is the last column.
    let mo = heat_row(&s, "Mo");
    assert_eq!(mo.len(), 5, "{s}");
    // Mon 16 Nov: one of two doses, a symptom (headache, routine).
    assert_eq!(mo[4], ('◐', 's'));
    // Tue 17 and Wed 18 Nov: nothing logged.
    assert_eq!(heat_row(&s, "Tu")[4], ('·', ' '));
    assert_eq!(heat_row(&s, "We")[4], ('·', ' '));
    // Thu 19 Nov: the day is logged (a skip), none of the two doses taken.
    assert_eq!(heat_row(&s, "Th")[4], ('○', ' '));
    // Fri 20 Nov: both doses, an emergency sign.
    assert_eq!(heat_row(&s, "Fr")[4], ('●', '!'));
    // Sat 21 and Sun 22 Nov are after today: blank.
    assert_eq!(heat_row(&s, "Sa")[4], (' ', ' '));
    // The week before: Sat 14 (both 10 mg doses) and Sun 15 Nov (both 15 mg doses).
    assert_eq!(heat_row(&s, "Sa")[3], ('●', ' '));
    assert_eq!(heat_row(&s, "Su")[3], ('●', ' '));
    // Mon 9 Nov: scheduled, nothing logged. Mon 19 Oct: before the calendar's first day.
    assert_eq!(mo[3], ('·', ' '));
    assert_eq!(mo[0], (' ', ' '));
    // Sat 24 Oct, the first day: no regimen yet, nothing logged.
    assert_eq!(heat_row(&s, "Sa")[0], ('·', ' '));
    // The legend names every symbol in words.
    for w in [
        "● all doses taken",
        "◐ some",
        "○ none",
        "· nothing logged",
        "s symptom logged",
        "* urgent sign",
        "! emergency sign",
    ] {
        assert!(s.contains(w), "{w}: {s}");
    }
    // Month names over the columns: November over the week that holds 1 Nov (the second
    // column; October's label, which would touch it, is left out).
    let months = cols(below(&s, "Doses taken and symptom days", 1));
    let at: String = months[1 + 4 + 3..1 + 4 + 6].iter().collect();
    assert_eq!(at, "Nov", "{months:?}");
    assert!(!months.contains(&'O'), "{months:?}");
}

#[test]
fn the_step_table_at_80x24_shows_every_number() {
    let (_d, mut app) = hand_built();
    // 30 days: 22 Oct to 20 Nov. Steps (a day belongs to the regimen in force at its end):
    // - 22-31 Oct: no regimen, 10 days, nothing rated;
    // - 1-14 Nov: 20 mg a day, 14 days; stiffness rated 10-14 Nov, 6 each: 6.0 (5 days);
    //   drowsiness 2, 2, 2, 2, 4: (2 * 4 + 4) / 5 = 2.4 (5 days);
    // - 15-20 Nov: 30 mg a day, 6 days; stiffness 4, 4, 3: 11 / 3 = 3.67 -> 3.7 (3 days), a
    //   change of 3.67 - 6 = -2.33 points, -2.33 / 6 = -38.9% -> "-2.3 -39%", at least 30% with
    //   3 days or more on both sides: marked "*"; drowsiness 5, 6: 5.5 (2), +3.1 points,
    //   3.1 / 2.4 = +129.2% -> "+3.1 +129%".
    let want = [
        "From    mg/d days  stiff (n)  change        drowsy (n)  change",
        "22 Oct     -   10          -  -                      -  -",
        "1 Nov     20   14    6.0 (5)  -                2.4 (5)  -",
        "15 Nov    30    6    3.7 (3)  -2.3 -39% *      5.5 (2)  +3.1 +129%",
    ];
    let inside = |l: &str| -> String {
        l.trim_start_matches('│')
            .trim_end_matches('│')
            .trim_end()
            .to_string()
    };
    let mut seen = false;
    for _ in 0..80 {
        let s = screen(&mut app, 80, 24);
        let lines: Vec<String> = s.lines().map(inside).collect();
        if want.iter().all(|w| lines.iter().any(|l| l == w)) {
            seen = true;
            assert!(s.contains("j/k scroll"), "{s}");
            break;
        }
        key(&mut app, KeyCode::Char('j'));
    }
    let s = screen(&mut app, 80, 24);
    assert!(seen, "the step table, whole, at 80x24: {s}");
    assert!(app.screens.trends.scroll > 0, "scrolled to it");
    // End goes to the bottom (the heatmap's legend), and Up moves back at once from there.
    key(&mut app, KeyCode::End);
    let bottom = app.screens.trends.scroll;
    assert!(screen(&mut app, 80, 24).contains("! emergency sign"));
    key(&mut app, KeyCode::Up);
    assert_eq!(app.screens.trends.scroll, bottom - 1);
    // Home goes back to the charts.
    key(&mut app, KeyCode::Home);
    assert_eq!(app.screens.trends.scroll, 0);
    assert!(screen(&mut app, 80, 24).contains("mg/day"));
}

#[test]
fn trends_screen_on_a_demo_diary_at_80x24_shows_every_part() {
    let now = at(20, 21, 0);
    let d = tempfile::tempdir().unwrap();
    let mut st = Store::open(&d.path().join("d.sqlite3")).unwrap();
    let demo = dosediary::demo::generate(400, 7, now, &Berlin);
    let rec: Vec<_> = demo
        .regimens
        .iter()
        .map(|r| r.effective_from.with_timezone(&Utc))
        .collect();
    st.import_all(&demo.entries, &demo.regimens, &rec, now)
        .unwrap();
    let mut app = App::new(st, Berlin, Clock::fixed(now)).unwrap();
    key(&mut app, KeyCode::Char('3'));
    for (range, per) in [
        (30, "a bar a day"),
        (90, "a bar a half-week"),
        (365, "a bar a week"),
    ] {
        let s = screen(&mut app, 80, 24);
        if std::env::var_os("SHOW").is_some() {
            eprintln!("{s}");
        }
        assert!(s.contains(&format!(" {range} days: ")), "{s}");
        assert!(s.contains(per), "{s}");
        assert!(s.contains("Nov"), "a dated axis: {s}");
        assert!(s.contains("n=ratings"), "{s}");
        // Further down: the step table, the peak and the heatmap.
        key(&mut app, KeyCode::End);
        let end = screen(&mut app, 80, 24);
        assert!(end.contains("! emergency sign"), "{end}");
        key(&mut app, KeyCode::Home);
        key(&mut app, KeyCode::Char('r'));
    }
    // Every size down to tiny never panics, at every range.
    for _ in 0..4 {
        for (w, h) in [
            (200, 60),
            (120, 40),
            (80, 24),
            (40, 12),
            (20, 6),
            (1, 1),
            (0, 0),
        ] {
            let _ = screen(&mut app, w, h);
        }
        key(&mut app, KeyCode::Char('r'));
    }
}
