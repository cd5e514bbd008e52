//! Trends: mg a day, drowsiness and stiffness on one dated time axis (a titration step lines up
//! with its effects), the regimen step table, drowsiness by hours since the last dose, and a
//! calendar heatmap of doses taken and symptom days, over 7, 30, 90 or 365 days (`r`).
//!
//! The numbers are worked out once, when the range or the diary changes ([`prepare`]), and kept
//! in [`TrendsData`]; drawing only lays them out (`trends_draw`). Taller than the window, the
//! screen scrolls (arrows, `j`/`k`, PgUp/PgDn, Home/End).

use std::cell::RefCell;
use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, TimeZone};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::trends_draw;
use crate::safety::digest::week_start;
use crate::safety::trends::{self, Trends};
use crate::safety::{FlagKind, Urgency};
use crate::tui::app::{Action, App};
use crate::tui::view::Theme;

#[derive(Debug, Clone)]
pub struct TrendsState {
    /// 7, 30, 90 or 365.
    pub range_days: i64,
    /// Rows scrolled down (when the screen is taller than the window).
    pub scroll: u16,
    /// The numbers for the range shown, worked out once (None: to be worked out).
    pub data: Option<Box<TrendsData>>,
}

impl Default for TrendsState {
    fn default() -> TrendsState {
        TrendsState {
            range_days: 30,
            scroll: 0,
            data: None,
        }
    }
}

impl TrendsState {
    /// The diary changed: the numbers are worked out again before the next frame.
    pub fn invalidate(&mut self) {
        self.data = None;
    }
}

pub fn update<Tz: TimeZone>(app: &mut App<Tz>, action: Action) -> anyhow::Result<()> {
    let page = app.page();
    let st = &mut app.screens.trends;
    if action == Action::CycleRange {
        st.range_days = match st.range_days {
            7 => 30,
            30 => 90,
            90 => 365,
            _ => 7,
        };
        st.scroll = 0;
        // Worked out after the range is read from the diary (App::update).
        st.data = None;
        return Ok(());
    }
    if let Some(d) = super::movement(action, page) {
        let max = max_scroll(app);
        let st = &mut app.screens.trends;
        st.scroll = (i64::from(st.scroll) + d).clamp(0, i64::from(max)) as u16;
    }
    Ok(())
}

/// How far the screen scrolls at the window's size: the rows below the first page.
fn max_scroll<Tz: TimeZone>(app: &mut App<Tz>) -> u16 {
    prepare(app);
    let area = crate::tui::view::list_area(app, app.viewport);
    let (w, h) = (
        area.width.saturating_sub(2) as usize,
        area.height.saturating_sub(2) as usize,
    );
    let theme = Theme { color: false };
    app.screens.trends.data.as_ref().map_or(0, |d| {
        trends_draw::page(d, w, h, theme).len().saturating_sub(h) as u16
    })
}

/// One bin of the shared time axis: its days and its aggregates (None = no data: a gap).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeBin {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Mean mg a day over the days with a dose logged (taken or skipped).
    pub mg: Option<f64>,
    /// Days with a dose logged.
    pub mg_n: u32,
    /// Mean of the drowsiness ratings in the bin.
    pub drowsiness: Option<f64>,
    /// Ratings behind the drowsiness mean.
    pub drowsiness_n: u32,
    /// Mean of the stiffness (spasticity) ratings in the bin.
    pub spasticity: Option<f64>,
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

/// "a bar a day", for the title.
pub fn bin_words(range: i64) -> &'static str {
    match range {
        r if r <= 31 => "a bar a day",
        r if r <= 120 => "a bar a half-week",
        _ => "a bar a week",
    }
}

/// The days of `t` grouped into the bins of its range, oldest first.
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
        let dosed: Vec<f64> = days
            .iter()
            .filter(|d| d.doses + d.skipped > 0)
            .map(|d| d.taken_mg)
            .collect();
        // Pooled means: every rating in the bin counts once.
        let pooled = |m: &dyn Fn(&trends::DayTrend) -> Option<trends::Mean>| {
            let (s, n) = days.iter().filter_map(m).fold((0.0, 0u32), |(s, n), x| {
                (s + x.exact * f64::from(x.n), n + x.n)
            });
            ((n > 0).then(|| s / f64::from(n)), n)
        };
        let (drowsiness, drowsiness_n) = pooled(&|d| d.drowsiness);
        let (spasticity, spasticity_n) = pooled(&|d| d.spasticity);
        out.push(TimeBin {
            from: days[0].date,
            to: days[days.len() - 1].date,
            mg: (!dosed.is_empty()).then(|| dosed.iter().sum::<f64>() / dosed.len() as f64),
            mg_n: dosed.len() as u32,
            drowsiness,
            drowsiness_n,
            spasticity,
            spasticity_n,
        });
    }
    out
}

/// Doses taken against doses scheduled on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adherence {
    /// Before the calendar's first day, or after today.
    Outside,
    /// Nothing at all logged that day.
    NothingLogged,
    /// No regimen scheduled doses that day.
    NoSchedule,
    All,
    Some,
    None,
}

impl Adherence {
    /// The cell's symbol (the legend names each; colour only repeats it).
    pub fn symbol(self) -> &'static str {
        match self {
            Adherence::Outside => " ",
            Adherence::NothingLogged => "·",
            Adherence::NoSchedule => "-",
            Adherence::All => "●",
            Adherence::Some => "◐",
            Adherence::None => "○",
        }
    }
}

/// One day of the calendar heatmap.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatDay {
    pub date: NaiveDate,
    pub adherence: Adherence,
    /// Doses taken of those scheduled.
    pub taken: u32,
    pub scheduled: u32,
    /// Symptom entries that day (ratings not included).
    pub symptoms: u32,
    /// The most serious warning sign flagged that day.
    pub worst: Urgency,
}

impl HeatDay {
    /// The symptom symbol: blank, "s" symptoms logged, "*" an urgent sign, "!" an emergency.
    pub fn symptom_symbol(&self) -> &'static str {
        match (self.symptoms, self.worst) {
            (_, Urgency::Emergency) => "!",
            (_, Urgency::Urgent) => "*",
            (0, _) => " ",
            _ => "s",
        }
    }
}

/// Laid-out lines and the (inner width, inner height, colour) they were laid out for.
pub type PageCache = ((usize, usize, bool), Vec<Line<'static>>);

/// Everything the screen shows for one range, worked out once.
#[derive(Debug, Clone)]
pub struct TrendsData {
    pub range_days: i64,
    pub today: NaiveDate,
    pub t: Trends,
    pub bins: Vec<TimeBin>,
    /// Whole weeks (Monday first) ending with this week: at least 4 weeks, the range otherwise.
    pub heat: Vec<HeatDay>,
    /// The screen's lines as last laid out, for (inner width, inner height, colour): frames at
    /// the same size reuse them.
    pub page: RefCell<Option<PageCache>>,
}

/// The local days of the range, ending today.
pub fn range_days<Tz: TimeZone>(app: &App<Tz>) -> (NaiveDate, NaiveDate) {
    let to = app.local_now().date_naive();
    (to - Duration::days(app.screens.trends.range_days - 1), to)
}

/// The first local day the screen shows: the range's, or the heatmap's (at least 4 weeks).
fn first_day<Tz: TimeZone>(app: &App<Tz>) -> NaiveDate {
    let (from, to) = range_days(app);
    from.min(to - Duration::days(app.screens.trends.range_days.max(28) - 1))
}

/// Where the screen's flags start (the heatmap marks each day's most serious sign): the
/// midnight of its first day. Its entries start two days earlier (the last dose and the factors
/// before the first day); the flags are judged over the window the rules look back over.
pub fn reads_from<Tz: TimeZone>(app: &App<Tz>) -> chrono::DateTime<chrono::Utc> {
    crate::diary::trends::local_midnight(&app.tz, first_day(app))
}

/// Works the numbers out for the range shown, unless they are already there.
pub fn prepare<Tz: TimeZone>(app: &mut App<Tz>) {
    let today = app.local_now().date_naive();
    let st = &app.screens.trends;
    if st
        .data
        .as_ref()
        .is_some_and(|d| d.range_days == st.range_days && d.today == today)
    {
        return;
    }
    let data = compute(app);
    app.screens.trends.data = Some(Box::new(data));
}

/// The numbers for the range shown (from the pure trends module and the flags).
pub fn compute<Tz: TimeZone>(app: &App<Tz>) -> TrendsData {
    let range = app.screens.trends.range_days;
    let (from, to) = range_days(app);
    // Entries from 12 h before the range (the last dose and factors before the first rating).
    let cut = app
        .entries
        .partition_point(|e| e.local_day() < from - Duration::days(1));
    let entries = &app.entries[cut..];
    let t = trends::trends(entries, &app.regimens, from, to, &app.tz);
    let bins = time_bins(&t, range);
    let heat_from = to - Duration::days(range.max(28) - 1);
    let heat = if heat_from == from {
        heat_days(&t, app, to)
    } else {
        let cut = app
            .entries
            .partition_point(|e| e.local_day() < heat_from - Duration::days(1));
        let h = trends::trends(&app.entries[cut..], &app.regimens, heat_from, to, &app.tz);
        heat_days(&h, app, to)
    };
    TrendsData {
        range_days: range,
        today: to,
        t,
        bins,
        heat,
        page: RefCell::new(None),
    }
}

/// The heatmap's days: from the Monday of the first day's week to the Sunday of this week.
fn heat_days<Tz: TimeZone>(t: &Trends, app: &App<Tz>, today: NaiveDate) -> Vec<HeatDay> {
    let mut worst: BTreeMap<NaiveDate, Urgency> = BTreeMap::new();
    for f in &app.flags {
        let d = f.at.date_naive();
        if f.kind == FlagKind::Sign && d >= t.from && d <= t.to {
            let w = worst.entry(d).or_insert(Urgency::None);
            *w = (*w).max(f.urgency);
        }
    }
    let start = week_start(t.from);
    let end = week_start(today) + Duration::days(6);
    let n = (end - start).num_days() + 1;
    (0..n)
        .map(|k| {
            let date = start + Duration::days(k);
            let day = (date >= t.from && date <= t.to)
                .then(|| &t.days[(date - t.from).num_days() as usize]);
            let Some(d) = day else {
                return HeatDay {
                    date,
                    adherence: Adherence::Outside,
                    taken: 0,
                    scheduled: 0,
                    symptoms: 0,
                    worst: Urgency::None,
                };
            };
            let adherence = match (d.logged, d.scheduled_doses, d.scheduled_taken) {
                (false, _, _) => Adherence::NothingLogged,
                (true, 0, _) => Adherence::NoSchedule,
                (true, s, t) if t >= s => Adherence::All,
                (true, _, 0) => Adherence::None,
                _ => Adherence::Some,
            };
            HeatDay {
                date,
                adherence,
                taken: d.scheduled_taken,
                scheduled: d.scheduled_doses,
                symptoms: d.symptom_entries,
                worst: worst.get(&date).copied().unwrap_or(Urgency::None),
            }
        })
        .collect()
}

pub fn draw<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let st = &app.screens.trends;
    match &st.data {
        Some(d) if d.range_days == st.range_days => trends_draw::draw(f, d, st.scroll, area, theme),
        // Not worked out yet (the state was changed directly): work it out for this frame.
        _ => trends_draw::draw(f, &compute(app), st.scroll, area, theme),
    }
}
