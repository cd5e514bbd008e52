//! Trends: drowsiness over time, daily totals against the maximum, drowsiness against hours
//! since the last dose, and a symptom calendar, over a range of days (`r` cycles it).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph};

use crate::domain::{Amount, EntryKind};
use crate::safety::trends::{self, Trends};
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

/// The local days of the range, ending today.
pub fn range_days<Tz: TimeZone>(app: &App<Tz>) -> (NaiveDate, NaiveDate) {
    let to = app.local_now().date_naive();
    (to - Duration::days(app.screens.trends.range_days - 1), to)
}

/// The trends over the range, from the pure trends module.
pub fn compute<Tz: TimeZone>(app: &App<Tz>) -> Trends {
    let (from, to) = range_days(app);
    trends::trends(&app.entries, &app.regimens, from, to, &app.tz)
}

/// One bin of the shared time axis: its days and its aggregates (None = no data: a gap).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeBin {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Mean mg a day over the days with a dose logged.
    pub mg: Option<f64>,
    pub drowsiness: Option<f64>,
    /// Ratings behind the drowsiness mean.
    pub drowsiness_n: u32,
    pub spasticity: Option<f64>,
    /// Days rated behind the spasticity mean.
    pub spasticity_n: u32,
}

/// Days per bin: 7 and 30 days daily, 90 by half-week, 365 by week.
pub fn days_per_bin(range: i64) -> f64 {
    match range {
        r if r <= 31 => 1.0,
        r if r <= 120 => 3.5,
        _ => 7.0,
    }
}

/// The days of `t` grouped into the bins of its range.
pub fn time_bins(t: &Trends, range: i64) -> Vec<TimeBin> {
    let per = days_per_bin(range);
    let n = (t.days.len() as f64 / per).ceil().max(1.0) as usize;
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        let a = (k as f64 * per).round() as usize;
        let b = (((k + 1) as f64 * per).round() as usize).min(t.days.len());
        if a >= b {
            continue;
        }
        let days = &t.days[a..b];
        let mean = |v: Vec<f64>| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
        let dosed: Vec<f64> = days
            .iter()
            .filter(|d| d.doses > 0)
            .map(|d| d.taken_mg)
            .collect();
        out.push(TimeBin {
            from: days[0].date,
            to: days[days.len() - 1].date,
            mg: mean(dosed),
            drowsiness: mean(
                days.iter()
                    .filter_map(|d| d.drowsiness.map(|m| m.exact))
                    .collect(),
            ),
            drowsiness_n: days.iter().filter_map(|d| d.drowsiness.map(|m| m.n)).sum(),
            spasticity: mean(
                days.iter()
                    .filter_map(|d| d.spasticity.map(|m| m.exact))
                    .collect(),
            ),
            spasticity_n: days.iter().filter(|d| d.spasticity.is_some()).count() as u32,
        });
    }
    out
}

const LEVELS: [&str; 8] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
const LABEL_W: usize = 16;

/// One series as a row of cells, `w` columns a bin: a level for a value, "_" for zero, blank for
/// no data (a gap, never drawn as zero).
fn series_row(values: &[Option<f64>], top: f64, w: usize) -> String {
    values
        .iter()
        .map(|v| {
            let c = match v {
                None => " ",
                Some(x) if *x <= 0.0 => "_",
                Some(x) => LEVELS[(((x / top.max(1e-9)) * 8.0).ceil() as usize).clamp(1, 8) - 1],
            };
            c.repeat(w)
        })
        .collect()
}

/// "n =" under every bin: the count, "+" above 9, "." for none.
fn n_row(ns: &[u32], w: usize) -> String {
    ns.iter()
        .map(|n| {
            let c = match n {
                0 => ".".to_string(),
                1..=9 => n.to_string(),
                _ => "+".to_string(),
            };
            format!("{c:<w$}")
        })
        .collect()
}

/// The dated x axis: ticks and "%d %b" labels that never overlap.
fn axis_rows(bins: &[TimeBin], w: usize) -> (String, String) {
    let width = bins.len() * w;
    let mut ticks = vec![' '; width];
    let mut labels = vec![' '; width + 8];
    let mut next_free = 0;
    for (k, b) in bins.iter().enumerate() {
        let x = k * w;
        let label = b.from.format("%-d %b").to_string();
        if x >= next_free && x + label.len() <= width + 2 {
            ticks[x] = '|';
            for (i, c) in label.chars().enumerate() {
                labels[x + i] = c;
            }
            next_free = x + label.len() + 2;
        }
    }
    (
        ticks.into_iter().collect(),
        labels
            .into_iter()
            .collect::<String>()
            .trim_end()
            .to_string(),
    )
}

/// The shared time axis: mg a day, drowsiness and spasticity, one column block per bin, each
/// with its "n =" row, and the dates under them.
pub fn chart_lines(t: &Trends, range: i64, width: u16) -> Vec<String> {
    let bins = time_bins(t, range);
    let avail = (width as usize).saturating_sub(LABEL_W + 2).max(1);
    let w = (avail / bins.len().max(1)).clamp(1, 6);
    let bins: Vec<TimeBin> = if bins.len() > avail {
        bins[bins.len() - avail..].to_vec()
    } else {
        bins
    };
    let mg_top = bins
        .iter()
        .filter_map(|b| b.mg)
        .fold(0.0, f64::max)
        .max(1.0);
    let mg: Vec<Option<f64>> = bins.iter().map(|b| b.mg).collect();
    let dr: Vec<Option<f64>> = bins.iter().map(|b| b.drowsiness).collect();
    let sp: Vec<Option<f64>> = bins.iter().map(|b| b.spasticity).collect();
    let (ticks, labels) = axis_rows(&bins, w);
    let per = match range {
        r if r <= 31 => "a day",
        r if r <= 120 => "a half-week",
        _ => "a week",
    };
    vec![
        format!(
            "{:<LABEL_W$}{}",
            format!("mg/day 0-{mg_top:.0}"),
            series_row(&mg, mg_top, w)
        ),
        format!("{:<LABEL_W$}{}", "Drowsy 0-10", series_row(&dr, 10.0, w)),
        format!(
            "{:<LABEL_W$}{}",
            "  n = ratings",
            n_row(&bins.iter().map(|b| b.drowsiness_n).collect::<Vec<_>>(), w)
        ),
        format!("{:<LABEL_W$}{}", "Stiffness 0-10", series_row(&sp, 10.0, w)),
        format!(
            "{:<LABEL_W$}{}",
            "  n = days",
            n_row(&bins.iter().map(|b| b.spasticity_n).collect::<Vec<_>>(), w)
        ),
        format!("{:<LABEL_W$}{ticks}", ""),
        format!("{:<LABEL_W$}{labels}", format!("one bin {per}")),
    ]
}

pub fn draw<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let t = compute(app);
    let range = app.screens.trends.range_days;
    let [top, bottom] = Layout::vertical([Constraint::Length(9), Constraint::Min(0)]).areas(area);
    let lines: Vec<Line> = chart_lines(&t, range, top.width.saturating_sub(2))
        .into_iter()
        .map(Line::from)
        .collect();
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(
            " {range} days, {} to {} (r changes the range); blank = nothing logged ",
            t.from.format("%-d %b"),
            t.to.format("%-d %b %Y")
        ))),
        top,
    );
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(bottom);
    draw_steps(f, &t, left, theme);
    let [c, d] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(right);
    draw_hours_since_dose(f, &t, c, theme);
    draw_calendar(f, app, d, theme);
}

/// The step table and the with/without comparisons.
fn draw_steps(f: &mut Frame, t: &Trends, a: Rect, theme: Theme) {
    let mut lines = vec![Line::styled(
        "From   mg/d Days Stiff(n)     Change       Drowsy(n)",
        theme.dim(),
    )];
    for s in t.steps.iter().rev().take(4).rev() {
        lines.push(Line::from(format!(
            "{:<6} {:>4} {:>4} {:<12} {:<12} {}",
            s.from.format("%-d %b"),
            s.mg_a_day.map_or("-".into(), |m| format!("{m}")),
            s.days,
            trends::fmt_mean(s.spasticity),
            format!(
                "{}{}",
                trends::fmt_change(s.spasticity_change),
                if s.meaningful_drop { " *" } else { "" }
            ),
            trends::fmt_mean(s.drowsiness),
        )));
    }
    if t.steps.iter().any(|s| s.meaningful_drop) {
        lines.push(Line::styled(
            "* stiffness 30% or more below the step before",
            theme.dim(),
        ));
    }
    lines.push(Line::styled(
        "With and without (association, not cause):",
        theme.bold(),
    ));
    for c in &t.compare {
        let txt = if c.enough {
            format!(
                "{} {}: {} vs {} without",
                c.metric,
                short_factor(&c.factor),
                trends::fmt_mean(c.with),
                trends::fmt_mean(c.without)
            )
        } else {
            format!(
                "{} {}: too few days (n = {} / {}; 3 each)",
                c.metric,
                short_factor(&c.factor),
                c.with.map_or(0, |m| m.n),
                c.without.map_or(0, |m| m.n)
            )
        };
        lines.push(Line::from(txt));
    }
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Regimen steps ")),
        a,
    );
}

fn short_factor(f: &str) -> &'static str {
    match f {
        "alcohol" => "alcohol <12 h",
        "other_medicine" => "other medicine <12 h",
        "late_dose" => "late dose <12 h",
        _ => "this step vs last",
    }
}

fn draw_hours_since_dose(f: &mut Frame, t: &Trends, c: Rect, theme: Theme) {
    let h = &t.drowsiness_by_hours_since_dose;
    let bars: Vec<Bar> = h
        .bins
        .iter()
        .map(|b| {
            Bar::default()
                .label(Line::from(format!("{}h", b.label.trim_end_matches(" h"))))
                .value(b.mean.map_or(0, |v| (v * 10.0).round() as u64))
                .text_value(match b.mean {
                    Some(v) => format!("{v:.1} n={}", b.n),
                    None => "n=0".into(),
                })
        })
        .collect();
    let title = match &h.peak {
        Some(p) => format!(" Drowsy by h since dose: peak {p} "),
        None => " Drowsy by h since dose: no peak (3 a bin) ".into(),
    };
    f.render_widget(
        BarChart::default()
            .block(Block::bordered().title(title))
            .data(BarGroup::default().bars(&bars))
            .direction(ratatui::layout::Direction::Horizontal)
            .bar_width(1)
            .bar_gap(0)
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
