//! Trends: drowsiness over time, daily totals against the maximum, drowsiness against hours
//! since the last dose, and a symptom calendar, over a range of days (`r` cycles it).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph, Sparkline};

use crate::domain::{Amount, EntryKind};
use crate::safety::{self, Urgency};
use crate::tui::app::{Action, App};
use crate::tui::view::Theme;

#[derive(Debug, Clone)]
pub struct TrendsState {
    /// 7, 30, 90 or 365.
    pub range_days: i64,
}

impl Default for TrendsState {
    fn default() -> TrendsState {
        TrendsState { range_days: 30 }
    }
}

pub fn update<Tz: TimeZone>(app: &mut App<Tz>, action: Action) -> anyhow::Result<()> {
    if action == Action::CycleRange {
        let r = &mut app.screens.trends.range_days;
        *r = match *r {
            7 => 30,
            30 => 90,
            90 => 365,
            _ => 7,
        };
    }
    Ok(())
}

// ----- numbers

/// Mean drowsiness per local day over the range, oldest first (day, mean).
pub fn drowsiness_by_day<Tz: TimeZone>(app: &App<Tz>) -> Vec<(NaiveDate, f64)> {
    let range = app.screens.trends.range_days;
    let from = app.local_now().date_naive() - Duration::days(range - 1);
    let mut m: BTreeMap<NaiveDate, (u32, u32)> = BTreeMap::new();
    for e in app.entries.iter().rev() {
        let d = e.local_day();
        if d < from {
            break;
        }
        if let Some(r) = e.kind.drowsiness() {
            let x = m.entry(d).or_insert((0, 0));
            x.0 += u32::from(r);
            x.1 += 1;
        }
    }
    m.into_iter()
        .map(|(d, (s, n))| (d, s as f64 / n as f64))
        .collect()
}

/// Total taken per local day over the range (every day, zeros included).
pub fn totals_by_day<Tz: TimeZone>(app: &App<Tz>) -> Vec<(NaiveDate, Amount)> {
    let range = app.screens.trends.range_days;
    let from = app.local_now().date_naive() - Duration::days(range - 1);
    let mut m: BTreeMap<NaiveDate, Amount> = (0..range)
        .map(|k| (from + Duration::days(k), Amount::from_mcg(0)))
        .collect();
    for e in app.entries.iter().rev() {
        let d = e.local_day();
        if d < from {
            break;
        }
        if let Some(x) = m.get_mut(&d) {
            *x = x.saturating_add(e.kind.taken());
        }
    }
    m.into_iter().collect()
}

/// Mean drowsiness by whole hours since the last dose (0-1 h, 1-2 h, ... 7 h+), over the range.
pub fn drowsiness_by_hours_since_dose<Tz: TimeZone>(app: &App<Tz>) -> Vec<(String, f64, u32)> {
    let from = app.now - Duration::days(app.screens.trends.range_days);
    let mut buckets = [(0u32, 0u32); 8];
    let mut last_dose: Option<DateTime<Utc>> = None;
    for e in &app.entries {
        let t = e.at.with_timezone(&Utc);
        if !e.kind.taken().is_zero() {
            last_dose = Some(t);
        } else if let (Some(r), Some(ld)) = (e.kind.drowsiness(), last_dose)
            && t >= from
        {
            let h = ((t - ld).num_minutes() / 60).clamp(0, 7) as usize;
            buckets[h].0 += u32::from(r);
            buckets[h].1 += 1;
        }
    }
    buckets
        .iter()
        .enumerate()
        .map(|(h, (s, n))| {
            let label = if h == 7 {
                "7h+".to_string()
            } else {
                format!("{h}-{}h", h + 1)
            };
            (label, if *n > 0 { *s as f64 / *n as f64 } else { 0.0 }, *n)
        })
        .collect()
}

/// Symptom entries per local day over the range, with the worst urgency flagged that day.
pub fn symptom_calendar<Tz: TimeZone>(app: &App<Tz>) -> BTreeMap<NaiveDate, (u32, Urgency)> {
    let days = app.screens.trends.range_days.max(28);
    let from = app.local_now().date_naive() - Duration::days(days - 1);
    let mut m: BTreeMap<NaiveDate, (u32, Urgency)> = BTreeMap::new();
    for e in app.entries.iter().rev() {
        if e.local_day() < from {
            break;
        }
        if matches!(
            e.kind,
            EntryKind::Symptom {
                drowsiness_rating: false,
                ..
            }
        ) {
            m.entry(e.local_day()).or_insert((0, Urgency::None)).0 += 1;
        }
    }
    for f in &app.flags {
        let d = f.at.date_naive();
        if d >= from && f.kind == safety::FlagKind::Sign {
            let x = m.entry(d).or_insert((0, Urgency::None));
            x.1 = x.1.max(f.urgency);
        }
    }
    m
}

// ----- drawing

pub fn draw<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let [a, b] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
    let [c, d] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(bottom);
    draw_drowsiness(f, app, a, theme);
    draw_totals(f, app, b, theme);
    draw_hours_since_dose(f, app, c, theme);
    draw_calendar(f, app, d, theme);
}

/// The last `width` values (a sparkline shows one per column).
fn tail(data: Vec<u64>, area: Rect) -> Vec<u64> {
    let w = area.width.saturating_sub(2) as usize;
    if data.len() > w {
        data[data.len() - w..].to_vec()
    } else {
        data
    }
}

fn draw_drowsiness<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, a: Rect, theme: Theme) {
    let range = app.screens.trends.range_days;
    let drowsy = drowsiness_by_day(app);
    let mean = if drowsy.is_empty() {
        0.0
    } else {
        drowsy.iter().map(|x| x.1).sum::<f64>() / drowsy.len() as f64
    };
    let data = tail(
        drowsy.iter().map(|x| (x.1 * 10.0).round() as u64).collect(),
        a,
    );
    f.render_widget(
        Sparkline::default()
            .block(
                Block::bordered()
                    .title(format!(" Drowsiness, {range} days (r): mean {mean:.1}/10 ")),
            )
            .data(&data)
            .max(100)
            .style(theme.accent()),
        a,
    );
}

fn draw_totals<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, b: Rect, theme: Theme) {
    let totals = totals_by_day(app);
    let max_mg = app.today.max_daily_mcg as f64 / 1000.0;
    let peak = totals.iter().map(|x| x.1.mg_f64()).fold(0.0, f64::max);
    let over = totals
        .iter()
        .filter(|x| x.1.mcg() > app.today.max_daily_mcg)
        .count();
    let data = tail(totals.iter().map(|x| x.1.mcg() / 1000).collect(), b);
    f.render_widget(
        Sparkline::default()
            .block(Block::bordered().title(format!(
                " Daily mg (top = {max_mg:.0} max), peak {peak:.0}, {over} over "
            )))
            .data(&data)
            .max(max_mg.max(1.0) as u64)
            .style(theme.accent()),
        b,
    );
}

fn draw_hours_since_dose<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, c: Rect, theme: Theme) {
    let buckets = drowsiness_by_hours_since_dose(app);
    let bars: Vec<Bar> = buckets
        .iter()
        .map(|(label, v, n)| {
            Bar::default()
                .label(Line::from(label.clone()))
                .value((v * 10.0).round() as u64)
                .text_value(if *n > 0 {
                    format!("{v:.1}")
                } else {
                    "-".into()
                })
        })
        .collect();
    f.render_widget(
        BarChart::default()
            .block(Block::bordered().title(" Drowsiness by hours since dose (peak 1-2 h) "))
            .data(BarGroup::default().bars(&bars))
            .bar_width(4)
            .bar_gap(1)
            .max(100)
            .bar_style(theme.accent()),
        c,
    );
}

/// The last weeks, one cell a day.
fn draw_calendar<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, d: Rect, theme: Theme) {
    let cal = symptom_calendar(app);
    let today = app.local_now().date_naive();
    let weeks = (d.height.saturating_sub(3) as i64).clamp(1, 12);
    let mut lines = vec![Line::styled("     Mo Tu We Th Fr Sa Su", theme.dim())];
    let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
    for wk in (0..weeks).rev() {
        let start = monday - Duration::weeks(wk);
        let mut spans = vec![Span::raw(format!("{} ", start.format("%d%b")))];
        for k in 0..7 {
            let day = start + Duration::days(k);
            let (txt, style) = if day > today {
                ("  ".to_string(), Style::default())
            } else {
                match cal.get(&day) {
                    None => (" .".to_string(), theme.dim()),
                    Some(&(n, u)) => {
                        let mark = match u {
                            Urgency::Emergency => "!",
                            Urgency::Urgent => "*",
                            _ => "",
                        };
                        let s = if mark.is_empty() {
                            format!("{:>2}", n.min(9))
                        } else {
                            format!("{}{mark}", n.min(9))
                        };
                        (s, theme.urgency(u))
                    }
                }
            };
            spans.push(Span::styled(format!("{txt} "), style));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::styled(
        "n = symptoms; * urgent, ! emergency",
        theme.dim(),
    ));
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Symptom calendar ")),
        d,
    );
}
