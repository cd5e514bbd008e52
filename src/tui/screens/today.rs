//! Today: the schedule with taken/due/missed doses, the next dose, today's total against the
//! maximum, and what was logged today.

use chrono::{Duration, TimeZone, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Wrap};

use super::{movement, step};
use crate::diary::today::{Today, countdown, slot_time};
use crate::domain::{Entry, EntryKind, NewEntry};
use crate::safety::Urgency;
use crate::tui::app::{Action, App};
use crate::tui::view::{NARROW, Theme};

#[derive(Debug, Clone, Default)]
pub struct TodayState {
    /// The selected row of today's entries.
    pub sel: usize,
    /// The dose whose drowsiness prompt was dismissed (`n`): it is not shown again for it.
    pub prompt_dismissed: Option<i64>,
}

pub fn update<Tz: TimeZone>(app: &mut App<Tz>, action: Action) -> anyhow::Result<()> {
    if let Some(d) = movement(action, app.page()) {
        let n = app.today_entries().len();
        app.screens.today.sel = step(app.screens.today.sel, n, d);
        return Ok(());
    }
    match action {
        Action::SkipDose => skip_next(app),
        Action::NotNow => {
            if let Some(id) = rating_prompt(app).map(|d| d.id) {
                app.screens.today.prompt_dismissed = Some(id);
                app.status = Some("Not now: no more asking about this dose.".into());
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// `K`: marks the next scheduled dose skipped.
fn skip_next<Tz: TimeZone>(app: &mut App<Tz>) -> anyhow::Result<()> {
    let Some(n) = app.today.next_dose.clone() else {
        app.status = Some("No scheduled dose to skip.".into());
        return Ok(());
    };
    let at = if n.at.with_timezone(&Utc) > app.now {
        app.local_now().fixed_offset()
    } else {
        n.at
    };
    let e = NewEntry {
        at,
        kind: EntryKind::Dose {
            amount_mcg: n.amount_mcg,
            skipped: true,
            as_needed: false,
        },
        note: None,
    };
    app.store.insert(&e, app.now)?;
    app.status = Some(format!(
        "Marked the {} dose skipped. Press u to undo.",
        n.at.format("%H:%M")
    ));
    app.reload()
}

/// The pump line ("pump: refill needed by Tue 8 Dec (17 days)", any open alarm), marked with
/// the urgency of the refill ladder and the alarm so it is never carried by colour alone.
fn pump_lines<Tz: TimeZone>(app: &App<Tz>, theme: Theme) -> Vec<Line<'static>> {
    let (Some(s), Some(line)) = (&app.today.pump, &app.today.pump_line) else {
        return Vec::new();
    };
    let u = crate::safety::pump::refill_urgency(s, app.now).max(
        s.open_alarms
            .iter()
            .map(|a| crate::safety::pump::alarm_urgency(a.kind))
            .max()
            .unwrap_or(Urgency::None),
    );
    let style = if u == Urgency::None {
        Style::default()
    } else {
        theme.urgency(u)
    };
    let mark = match u {
        Urgency::None => String::new(),
        u => format!("{} ", u.symbol()),
    };
    vec![Line::styled(format!("{mark}{line}"), style), Line::raw("")]
}

pub fn draw<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let t = &app.today;
    let mut lines = pump_lines(app, theme);
    let base = lines.len();
    if t.regimen.is_none() && t.pump.is_some() {
        lines.push(Line::styled("No oral regimen (pump only).", theme.dim()));
    } else {
        lines.extend(schedule_lines(t, theme));
    }
    // Under the next dose (or first, with no regimen).
    let after_next = (base + usize::from(t.regimen.is_some())).min(lines.len());
    if let Some(d) = rating_prompt(app) {
        lines.insert(after_next, prompt_line(d, theme));
    } else if evening_prompt(app) {
        lines.insert(
            after_next,
            Line::styled(
                "Evening: no stiffness rating today yet. b rates it (0-10) and spasms (0-4).",
                theme.bold(),
            ),
        );
    }
    // Low: the total is a line, not a gauge.
    let low = area.height < 14 && area.width < NARROW;
    if low && (t.regimen.is_some() || !t.total_mcg.is_zero()) {
        lines.insert(after_next, total_line(t, theme));
    }
    if let Some(s) = &t.supply {
        let u = crate::safety::supply::urgency(s, app.now);
        let mark = match u {
            Urgency::Urgent | Urgency::Emergency => "!! ",
            Urgency::Routine => "! ",
            Urgency::None => "",
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark}Supply: "), theme.bold()),
            Span::styled(
                crate::safety::supply::short(s, app.now, &app.tz),
                if u == Urgency::None {
                    theme.dim()
                } else {
                    theme.urgency(u)
                },
            ),
        ]));
    }
    let gauge_h = if !low && (t.regimen.is_some() || !t.total_mcg.is_zero()) {
        3
    } else {
        0
    };
    let schedule = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::bordered().title(" Today "));
    // Narrow: one column, the schedule first; the list of today's entries gets what is left.
    let (sched, gauge_area, right) = if area.width < NARROW {
        let want = schedule.line_count(area.width) as u16;
        let [a, b, c] = Layout::vertical([
            Constraint::Length(want),
            Constraint::Length(gauge_h),
            Constraint::Min(0),
        ])
        .areas(area);
        (a, b, c)
    } else {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(area);
        let [a, b] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(gauge_h)]).areas(left);
        (a, b, right)
    };
    f.render_widget(schedule, sched);
    if gauge_h > 0 {
        draw_total(f, t, gauge_area, theme);
    }
    draw_logged(f, app, right, theme);
}

/// The dose whose peak (1-2 h after it) is now, when drowsiness has not been rated since and
/// the prompt was not dismissed for it.
pub fn rating_prompt<Tz: TimeZone>(app: &App<Tz>) -> Option<&Entry> {
    let dose = app
        .entries
        .iter()
        .rev()
        .filter(|e| e.at.with_timezone(&Utc) <= app.now)
        .find(|e| !e.kind.taken().is_zero())?;
    let since = app.now - dose.at.with_timezone(&Utc);
    if since < Duration::hours(1) || since > Duration::hours(2) {
        return None;
    }
    if app.screens.today.prompt_dismissed == Some(dose.id) {
        return None;
    }
    let rated = app
        .entries
        .iter()
        .rev()
        .take_while(|e| e.at >= dose.at)
        .any(|e| e.kind.drowsiness().is_some());
    (!rated).then_some(dose)
}

/// From 18:00, when today has no spasticity rating yet (and the diary has any entry at all).
pub fn evening_prompt<Tz: TimeZone>(app: &App<Tz>) -> bool {
    let local = app.now.with_timezone(&app.tz);
    let today = local.date_naive();
    if local.time() < chrono::NaiveTime::from_hms_opt(18, 0, 0).expect("18:00")
        || app.entries.is_empty()
    {
        return false;
    }
    !app.entries
        .iter()
        .rev()
        .take_while(|e| e.local_day() >= today)
        .any(|e| {
            e.local_day() == today
                && e.kind
                    .rating(crate::domain::RatingScale::Spasticity)
                    .is_some()
        })
}

fn prompt_line(dose: &Entry, theme: Theme) -> Line<'static> {
    Line::styled(
        format!(
            "Drowsy? Peak 1-2 h after the {} dose: z then 0-9 rates it, n: not now.",
            dose.at.format("%H:%M")
        ),
        theme.bold(),
    )
}

/// Today's total against the maximum, as one line.
fn total_line(t: &Today, theme: Theme) -> Line<'static> {
    let over = t.total_mcg > t.max_daily_mcg;
    Line::styled(
        format!(
            "Total: {} of {} maximum{}",
            t.total_mcg,
            t.max_daily_mcg,
            if over { "  !! ABOVE MAXIMUM" } else { "" }
        ),
        if over {
            theme.urgency(Urgency::Urgent)
        } else {
            Style::default()
        },
    )
}

/// The left column: the welcome for a first run, else the next dose and today's schedule.
fn schedule_lines(t: &Today, theme: Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    let Some(r) = &t.regimen else {
        lines.push(Line::styled("Welcome to dosediary.", theme.bold()));
        for l in [
            "",
            "No regimen is set yet. Press 5 then c to enter",
            "your prescription (dose, times, maximum).",
            "",
            "Or from a shell:",
            " dosediary regimen set --dose 10 --times 08:00,14:00,20:00",
            "To look around first:",
            " dosediary --db /tmp/demo.sqlite3 demo --days 90",
            "",
            "d logs a dose, s a symptom, z drowsiness, ? help.",
        ] {
            lines.push(Line::raw(l));
        }
        return lines;
    };
    match &t.next_dose {
        Some(n) => lines.push(Line::from(vec![
            Span::styled("Next dose: ", theme.bold()),
            Span::styled(
                format!(
                    "{} at {} ({})",
                    n.amount_mcg,
                    slot_time(n.at, t.date),
                    countdown(n.in_minutes)
                ),
                theme.status(n.status).add_modifier(Modifier::BOLD),
            ),
        ])),
        None => lines.push(Line::raw("No more doses scheduled today.")),
    }
    lines.push(Line::styled(
        format!("Schedule: {}", r.describe()),
        theme.dim(),
    ));
    if let Some(b) = &t.above_label {
        lines.push(Line::styled(format!("[{b}]"), theme.bold()));
    }
    if let Some(step) = &t.next_step {
        lines.push(Line::styled(step.clone(), theme.bold()));
    }
    if let Some(a) = &t.as_needed_line {
        lines.push(Line::raw(a.clone()));
    }
    if let Some(s) = &t.yesterday_missed {
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    " {} {} {}",
                    s.status.symbol(),
                    slot_time(s.at, t.date),
                    s.status.label()
                ),
                theme.status(s.status),
            ),
            Span::raw(format!(" {}", s.amount_mcg)),
        ]));
    }
    let next_at = t.next_dose.as_ref().map(|n| n.at);
    for s in &t.schedule {
        let next = if Some(s.at) == next_at {
            "  < next"
        } else {
            ""
        };
        let taken = match (&s.taken_at, &s.taken_amount_mcg) {
            (Some(at), Some(a)) => format!("  {a} at {}", at.format("%H:%M")),
            _ => String::new(),
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {} {} {:<8}", s.status.symbol(), s.time, s.status.label()),
                theme.status(s.status),
            ),
            Span::raw(format!(" {}{taken}{next}", s.amount_mcg)),
        ]));
    }
    if let Some(n) = &t.missed_dose_note {
        lines.push(Line::raw(""));
        lines.push(Line::raw(n.clone()));
    }
    lines
}

/// Today's total against the maximum.
fn draw_total(f: &mut Frame, t: &Today, area: Rect, theme: Theme) {
    let ratio = (t.total_mcg.mcg() as f64 / t.max_daily_mcg.mcg().max(1) as f64).clamp(0.0, 1.0);
    let over = t.total_mcg > t.max_daily_mcg;
    let label = format!(
        "{} of {} maximum{}",
        t.total_mcg,
        t.max_daily_mcg,
        if over { "  !! ABOVE MAXIMUM" } else { "" }
    );
    let style = if over {
        theme.urgency(Urgency::Urgent)
    } else {
        theme.accent()
    };
    f.render_widget(
        Gauge::default()
            .block(Block::bordered().title(" Total today "))
            .ratio(ratio)
            .label(label)
            .gauge_style(style),
        area,
    );
}

/// The right column: latest drowsiness, routine flags, today's entries.
fn draw_logged<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let t = &app.today;
    let mut r: Vec<Line> = Vec::new();
    match &t.latest_drowsiness {
        Some(d) => r.push(Line::raw(format!(
            "Drowsiness: {}/10 at {}",
            d.kind.drowsiness().unwrap_or(0),
            d.at.format("%a %H:%M")
        ))),
        None => r.push(Line::raw("Drowsiness: not rated yet (z)")),
    }
    let routine = t
        .open_flags
        .iter()
        .filter(|f| f.urgency == Urgency::Routine)
        .count();
    if routine > 0 {
        let notes = if routine == 1 { "note" } else { "notes" };
        r.push(Line::raw(format!(
            "{routine} routine {notes} this week (see Flags)"
        )));
    }
    r.push(Line::raw(""));
    let list = app.today_entries();
    if list.is_empty() {
        r.push(Line::styled("Nothing logged today.", theme.dim()));
    }
    for (k, &i) in list.iter().enumerate() {
        let e = &app.entries[i];
        let line = format!(
            "{} {:<7} {}",
            e.at.format("%H:%M"),
            e.kind.name(),
            e.kind.summary()
        );
        let style = if k == app.screens.today.sel {
            theme.selected()
        } else {
            Style::default()
        };
        r.push(Line::styled(line, style));
    }
    f.render_widget(
        Paragraph::new(r)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" Logged today ")),
        area,
    );
}
