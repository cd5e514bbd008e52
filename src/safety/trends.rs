//! Trends: what the diary says, day by day and step by step, about benefit (spasticity, spasms)
//! and cost (drowsiness) of each dose level. Pure: entries, regimens, the days asked for and the
//! time zone go in; numbers and dates come out. No advice is given here or anywhere it is shown.
//!
//! Conventions (shared by `trends --json`, the Trends screen and the report):
//! - A day is a local calendar day (the entry's own UTC offset).
//! - A day's rating is the mean of that day's ratings; `n` is the number of ratings.
//! - A step's (or a comparison side's) mean is the mean of its days' means; `n` is the number of
//!   days with a rating, so a day rated five times counts once.
//! - A day belongs to the regimen step in force at its end (23:59:59 local).
//! - With and without: a rating is "with" a factor when the factor was logged in the 12 hours
//!   before it. A day with any such rating is a "with" day, valued by those ratings only; other
//!   rated days are "without" days.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, LocalResult, NaiveDate, TimeZone, Utc};
use serde::Serialize;

use crate::domain::{Amount, Entry, EntryKind, RatingScale, Regimen};

use super::{analyze, regimen_at, schedule};

/// Hours before a rating in which alcohol, another medicine or a late dose counts as "with".
pub const FACTOR_WINDOW_HOURS: i64 = 12;
/// Each side of a comparison needs this many days with a rating.
pub const MIN_DAYS_PER_SIDE: u32 = 3;
/// A step needs this many rated days before its change is called a meaningful drop.
pub const MIN_DAYS_PER_STEP: u32 = 3;
/// A fall of spasticity by this share or more from the step before is the usual threshold of a
/// meaningful response.
pub const MEANINGFUL_DROP_PCT: f64 = 30.0;
/// A dose taken this long or more after its scheduled time is a late dose.
pub const LATE_MINUTES: i64 = 60;
/// The bins of hours since the last dose: [from, to) hours; the last is open-ended.
pub const HOUR_BINS: [(i64, Option<i64>); 9] = [
    (0, Some(1)),
    (1, Some(2)),
    (2, Some(3)),
    (3, Some(4)),
    (4, Some(5)),
    (5, Some(6)),
    (6, Some(8)),
    (8, Some(12)),
    (12, None),
];
/// A bin needs this many ratings to be called the peak.
pub const MIN_RATINGS_FOR_PEAK: u32 = 3;

pub const ASSOCIATION_LABEL: &str = "association, not cause";

/// A mean and how many values it is made of.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Mean {
    /// Rounded to 2 decimals.
    pub mean: f64,
    pub n: u32,
    #[serde(skip)]
    pub exact: f64,
}

impl Mean {
    fn of(sum: f64, n: u32) -> Option<Mean> {
        (n > 0).then(|| {
            let exact = sum / f64::from(n);
            Mean {
                mean: round(exact, 2),
                n,
                exact,
            }
        })
    }
    fn of_values(v: &[f64]) -> Option<Mean> {
        Mean::of(v.iter().sum(), v.len() as u32)
    }
}

pub fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// One local day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayTrend {
    pub date: NaiveDate,
    pub taken_mcg: u64,
    pub taken_mg: f64,
    pub doses: u32,
    pub skipped: u32,
    /// What the regimen scheduled that day (absent before any regimen).
    pub scheduled_mcg: Option<u64>,
    pub scheduled_mg: Option<f64>,
    /// Scheduled doses taken 1 h or more after their time.
    pub late_doses: u32,
    /// Doses the regimen scheduled that day, and how many of them were taken (adherence).
    pub scheduled_doses: u32,
    pub scheduled_taken: u32,
    pub drowsiness: Option<Mean>,
    pub spasticity: Option<Mean>,
    pub spasms: Option<Mean>,
    /// Symptom entries (drowsiness ratings not included).
    pub symptom_entries: u32,
    /// Warning signs read in that day's symptoms: sign id -> entries.
    pub symptoms_by_sign: BTreeMap<String, u32>,
    pub alcohol: u32,
    pub other_medicines: u32,
    /// The intakes as written.
    pub intakes: Vec<String>,
    /// Anything at all was logged that day.
    pub logged: bool,
}

/// A change from the step before.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    pub points: f64,
    /// Absent when the step before was 0.
    pub percent: Option<f64>,
}

/// One regimen step (consecutive regimens with the same daily total are one step).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepTrend {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Absent for days before any regimen was set.
    pub mg_a_day: Option<f64>,
    pub days: u32,
    pub spasticity: Option<Mean>,
    pub spasms: Option<Mean>,
    pub drowsiness: Option<Mean>,
    pub spasticity_change: Option<Change>,
    pub drowsiness_change: Option<Change>,
    /// Spasticity fell by 30% or more from the step before, both steps with at least 3 rated days.
    pub meaningful_drop: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HourBin {
    pub label: String,
    pub from_hours: i64,
    pub to_hours: Option<i64>,
    /// Mean drowsiness of the ratings in this bin, and how many.
    pub mean: Option<f64>,
    pub n: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HoursSinceDose {
    pub bins: Vec<HourBin>,
    /// The bin with the highest mean among bins of at least 3 ratings.
    pub peak: Option<String>,
    /// Ratings with no dose logged before them are not counted.
    pub ratings_without_dose_before: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// "alcohol", "other_medicine", "late_dose" or "step".
    pub factor: String,
    /// In words, e.g. "alcohol logged within 12 h before the rating".
    pub with_label: String,
    pub without_label: String,
    /// "drowsiness" or "spasticity".
    pub metric: String,
    pub with: Option<Mean>,
    pub without: Option<Mean>,
    /// with - without, when both sides have at least 3 days.
    pub difference: Option<f64>,
    /// Both sides have at least 3 days with a rating.
    pub enough: bool,
    pub label: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trends {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: Vec<DayTrend>,
    pub steps: Vec<StepTrend>,
    pub drowsiness_by_hours_since_dose: HoursSinceDose,
    pub compare: Vec<Comparison>,
}

/// What one entry is, for the trends.
#[derive(Clone, Copy, PartialEq)]
enum Event {
    Alcohol,
    OtherMedicine,
    LateDose,
}

/// The instant a local day ends (its last second), in any time zone.
fn day_end<Tz: TimeZone>(d: NaiveDate, tz: &Tz) -> DateTime<Utc> {
    let next = (d + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .expect("midnight");
    let start = match tz.from_local_datetime(&next) {
        LocalResult::Single(x) | LocalResult::Ambiguous(x, _) => x.with_timezone(&Utc),
        // Midnight skipped by a clock change: the hour after it exists.
        LocalResult::None => match tz.from_local_datetime(&(next + Duration::hours(1))) {
            LocalResult::Single(x) | LocalResult::Ambiguous(x, _) => x.with_timezone(&Utc),
            LocalResult::None => Utc.from_utc_datetime(&next),
        },
    };
    start - Duration::seconds(1)
}

/// The trends over the local days `from..=to`. `entries` are sorted by time and should reach back
/// 12 hours before `from` (for the last dose and the factors before the first rating).
pub fn trends<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    from: NaiveDate,
    to: NaiveDate,
    tz: &Tz,
) -> Trends {
    let to = to.max(from);
    let (days, day_step) = build_days(entries, regimens, from, to, tz);
    let steps = build_steps(&days, &day_step, regimens);
    let events = events(entries, regimens, from, to, tz);
    let compare = build_compare(entries, &days, &steps, &events, from, to);
    Trends {
        from,
        to,
        drowsiness_by_hours_since_dose: hours_since_dose(entries, from, to),
        days: days.into_iter().map(|d| d.day).collect(),
        steps,
        compare,
    }
}

/// A day as it is built, with exact means kept for the aggregates.
struct DayAcc {
    day: DayTrend,
    sums: [(f64, u32); 3],
}

fn metric_index(e: &EntryKind) -> Option<(usize, u8)> {
    if let Some(v) = e.drowsiness() {
        return Some((0, v));
    }
    match e {
        EntryKind::Rating {
            scale: RatingScale::Spasticity,
            value,
        } => Some((1, *value)),
        EntryKind::Rating {
            scale: RatingScale::Spasms,
            value,
        } => Some((2, *value)),
        _ => None,
    }
}

/// Alcohol or another medicine, read from an intake's text.
fn intake_event(text: &str) -> Event {
    if analyze(text)
        .interactions
        .iter()
        .any(|i| i.class == "alcohol")
    {
        Event::Alcohol
    } else {
        Event::OtherMedicine
    }
}

fn build_days<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    from: NaiveDate,
    to: NaiveDate,
    tz: &Tz,
) -> (Vec<DayAcc>, Vec<Option<i64>>) {
    let n_days = (to - from).num_days() as usize + 1;
    let mut days: Vec<DayAcc> = (0..n_days)
        .map(|k| DayAcc {
            day: DayTrend {
                date: from + Duration::days(k as i64),
                taken_mcg: 0,
                taken_mg: 0.0,
                doses: 0,
                skipped: 0,
                scheduled_mcg: None,
                scheduled_mg: None,
                late_doses: 0,
                scheduled_doses: 0,
                scheduled_taken: 0,
                drowsiness: None,
                spasticity: None,
                spasms: None,
                symptom_entries: 0,
                symptoms_by_sign: BTreeMap::new(),
                alcohol: 0,
                other_medicines: 0,
                intakes: Vec::new(),
                logged: false,
            },
            sums: [(0.0, 0); 3],
        })
        .collect();
    let idx = |d: NaiveDate| -> Option<usize> {
        (d >= from && d <= to).then(|| (d - from).num_days() as usize)
    };
    let mut memo: HashMap<&str, Vec<String>> = HashMap::new();
    for e in entries {
        let Some(k) = idx(e.local_day()) else {
            continue;
        };
        let d = &mut days[k];
        d.day.logged = true;
        if let Some((m, v)) = metric_index(&e.kind) {
            d.sums[m].0 += f64::from(v);
            d.sums[m].1 += 1;
        }
        match &e.kind {
            EntryKind::Dose { skipped: true, .. } => d.day.skipped += 1,
            EntryKind::Dose { amount_mcg, .. } => {
                d.day.doses += 1;
                d.day.taken_mcg = d.day.taken_mcg.saturating_add(amount_mcg.mcg());
            }
            EntryKind::Symptom {
                text,
                drowsiness_rating: false,
                ..
            } => {
                d.day.symptom_entries += 1;
                let signs = memo
                    .entry(text.as_str())
                    .or_insert_with(|| analyze(text).signs.iter().map(|s| s.id.clone()).collect());
                for s in signs.iter() {
                    *d.day.symptoms_by_sign.entry(s.clone()).or_default() += 1;
                }
            }
            EntryKind::Intake { text } => {
                match intake_event(text) {
                    Event::Alcohol => d.day.alcohol += 1,
                    _ => d.day.other_medicines += 1,
                }
                d.day.intakes.push(text.clone());
            }
            _ => {}
        }
    }
    // Scheduled amounts and late doses, from the slots of the regimen history.
    let until = day_end(to, tz);
    for s in schedule(entries, regimens, Some(from), until, tz) {
        let Some(k) = idx(s.at.date_naive()) else {
            continue;
        };
        let d = &mut days[k].day;
        d.scheduled_mcg = Some(d.scheduled_mcg.unwrap_or(0) + s.dose.mcg());
        d.scheduled_doses += 1;
        if s.taken_by
            .is_some_and(|i| !entries[i].kind.taken().is_zero())
        {
            d.scheduled_taken += 1;
        }
        if let Some(i) = s.taken_by
            && !entries[i].kind.taken().is_zero()
            && entries[i].at - s.at >= Duration::minutes(LATE_MINUTES)
        {
            d.late_doses += 1;
        }
    }
    let mut day_step = Vec::with_capacity(n_days);
    for d in &mut days {
        d.day.taken_mg = Amount::from_mcg(d.day.taken_mcg).mg_f64();
        d.day.scheduled_mg = d.day.scheduled_mcg.map(|m| Amount::from_mcg(m).mg_f64());
        let [a, b, c] = d.sums;
        d.day.drowsiness = Mean::of(a.0, a.1);
        d.day.spasticity = Mean::of(b.0, b.1);
        d.day.spasms = Mean::of(c.0, c.1);
        day_step.push(regimen_at(regimens, day_end(d.day.date, tz)).map(|r| r.id));
    }
    (days, day_step)
}

fn change(prev: Option<Mean>, cur: Option<Mean>) -> Option<Change> {
    let (p, c) = (prev?, cur?);
    Some(Change {
        points: round(c.exact - p.exact, 2),
        percent: (p.exact > 0.0).then(|| round((c.exact - p.exact) / p.exact * 100.0, 1)),
    })
}

fn build_steps(days: &[DayAcc], day_step: &[Option<i64>], regimens: &[Regimen]) -> Vec<StepTrend> {
    let daily = |id: Option<i64>| -> Option<u64> {
        id.and_then(|id| regimens.iter().find(|r| r.id == id))
            .map(|r| r.daily_total().mcg())
    };
    // Runs of consecutive days with the same daily total.
    let mut runs: Vec<(Option<u64>, usize, usize)> = Vec::new();
    for (k, id) in day_step.iter().enumerate() {
        let mg = daily(*id);
        match runs.last_mut() {
            Some(r) if r.0 == mg => r.2 = k,
            _ => runs.push((mg, k, k)),
        }
    }
    let mut out: Vec<StepTrend> = Vec::new();
    for (mg, a, b) in runs {
        let span = &days[a..=b];
        let means = |m: usize| -> Option<Mean> {
            let v: Vec<f64> = span
                .iter()
                .filter(|d| d.sums[m].1 > 0)
                .map(|d| d.sums[m].0 / f64::from(d.sums[m].1))
                .collect();
            Mean::of_values(&v)
        };
        let (drowsiness, spasticity, spasms) = (means(0), means(1), means(2));
        let prev = out.last();
        let spasticity_change = change(prev.and_then(|p| p.spasticity), spasticity);
        let meaningful_drop = spasticity_change
            .and_then(|c| c.percent)
            .is_some_and(|p| p <= -MEANINGFUL_DROP_PCT)
            && prev
                .and_then(|p| p.spasticity)
                .is_some_and(|m| m.n >= MIN_DAYS_PER_STEP)
            && spasticity.is_some_and(|m| m.n >= MIN_DAYS_PER_STEP);
        out.push(StepTrend {
            from: span[0].day.date,
            to: span[span.len() - 1].day.date,
            mg_a_day: mg.map(|m| Amount::from_mcg(m).mg_f64()),
            days: span.len() as u32,
            drowsiness_change: change(prev.and_then(|p| p.drowsiness), drowsiness),
            spasticity_change,
            meaningful_drop,
            spasticity,
            spasms,
            drowsiness,
        });
    }
    out
}

/// Alcohol, other medicines and late doses, with their times.
fn events<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    from: NaiveDate,
    to: NaiveDate,
    tz: &Tz,
) -> Vec<(DateTime<Utc>, Event)> {
    let mut out: Vec<(DateTime<Utc>, Event)> = entries
        .iter()
        .filter_map(|e| match &e.kind {
            EntryKind::Intake { text } => Some((e.at.with_timezone(&Utc), intake_event(text))),
            _ => None,
        })
        .collect();
    let start = from - Duration::days(1);
    for s in schedule(entries, regimens, Some(start), day_end(to, tz), tz) {
        if let Some(i) = s.taken_by
            && !entries[i].kind.taken().is_zero()
            && entries[i].at - s.at >= Duration::minutes(LATE_MINUTES)
        {
            out.push((entries[i].at.with_timezone(&Utc), Event::LateDose));
        }
    }
    out.sort_by_key(|x| x.0);
    out
}

/// Per day, the mean of `metric` over ratings with and without `ev` in the 12 h before them.
fn split_by_event(
    entries: &[Entry],
    events: &[(DateTime<Utc>, Event)],
    ev: Event,
    metric: usize,
    from: NaiveDate,
    to: NaiveDate,
) -> (Vec<f64>, Vec<f64>) {
    let times: Vec<DateTime<Utc>> = events.iter().filter(|x| x.1 == ev).map(|x| x.0).collect();
    // Per day: (with sum, n, without sum, n); a day with both counts on the "with" side.
    let mut by_day: BTreeMap<NaiveDate, [(f64, u32); 2]> = BTreeMap::new();
    let w = Duration::hours(FACTOR_WINDOW_HOURS);
    for e in entries {
        let d = e.local_day();
        if d < from || d > to {
            continue;
        }
        let Some((_, v)) = metric_index(&e.kind).filter(|x| x.0 == metric) else {
            continue;
        };
        let t = e.at.with_timezone(&Utc);
        let lo = times.partition_point(|x| *x < t - w);
        let with = times.get(lo).is_some_and(|x| *x <= t);
        let side = if with { 0 } else { 1 };
        let x = by_day.entry(d).or_default();
        x[side].0 += f64::from(v);
        x[side].1 += 1;
    }
    let mut with = Vec::new();
    let mut without = Vec::new();
    for [a, b] in by_day.values() {
        if a.1 > 0 {
            with.push(a.0 / f64::from(a.1));
        } else if b.1 > 0 {
            without.push(b.0 / f64::from(b.1));
        }
    }
    (with, without)
}

fn comparison(
    factor: &str,
    with_label: String,
    without_label: String,
    metric: &str,
    with: &[f64],
    without: &[f64],
) -> Comparison {
    let (w, wo) = (Mean::of_values(with), Mean::of_values(without));
    let enough =
        w.is_some_and(|m| m.n >= MIN_DAYS_PER_SIDE) && wo.is_some_and(|m| m.n >= MIN_DAYS_PER_SIDE);
    Comparison {
        factor: factor.into(),
        with_label,
        without_label,
        metric: metric.into(),
        difference: match (enough, w, wo) {
            (true, Some(a), Some(b)) => Some(round(a.exact - b.exact, 2)),
            _ => None,
        },
        with: w,
        without: wo,
        enough,
        label: ASSOCIATION_LABEL,
    }
}

fn build_compare(
    entries: &[Entry],
    days: &[DayAcc],
    steps: &[StepTrend],
    events: &[(DateTime<Utc>, Event)],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Comparison> {
    let mut out = Vec::new();
    let factors = [
        (
            Event::Alcohol,
            "alcohol",
            "alcohol logged within 12 h before",
            "no alcohol within 12 h before",
        ),
        (
            Event::OtherMedicine,
            "other_medicine",
            "another medicine logged within 12 h before",
            "no other medicine within 12 h before",
        ),
        (
            Event::LateDose,
            "late_dose",
            "a dose taken 1 h or more late within 12 h before",
            "no late dose within 12 h before",
        ),
    ];
    for (metric, name) in [(0, "drowsiness"), (1, "spasticity")] {
        for (ev, factor, wl, wol) in factors {
            let (w, wo) = split_by_event(entries, events, ev, metric, from, to);
            out.push(comparison(factor, wl.into(), wol.into(), name, &w, &wo));
        }
        // The latest step against the step before.
        if let [.., prev, cur] = steps {
            let side = |s: &StepTrend| -> Vec<f64> {
                days.iter()
                    .filter(|d| d.day.date >= s.from && d.day.date <= s.to && d.sums[metric].1 > 0)
                    .map(|d| d.sums[metric].0 / f64::from(d.sums[metric].1))
                    .collect()
            };
            let mg = |s: &StepTrend| {
                s.mg_a_day
                    .map_or("no regimen".to_string(), |m| format!("{m} mg a day"))
            };
            out.push(comparison(
                "step",
                format!("{} to {}: {}", cur.from, cur.to, mg(cur)),
                format!("{} to {}: {}", prev.from, prev.to, mg(prev)),
                name,
                &side(cur),
                &side(prev),
            ));
        }
    }
    out
}

fn hours_since_dose(entries: &[Entry], from: NaiveDate, to: NaiveDate) -> HoursSinceDose {
    let mut sums = [(0.0f64, 0u32); HOUR_BINS.len()];
    let mut last: Option<DateTime<Utc>> = None;
    let mut orphans = 0;
    for e in entries {
        let t = e.at.with_timezone(&Utc);
        if !e.kind.taken().is_zero() {
            last = Some(t);
            continue;
        }
        let Some(v) = e.kind.drowsiness() else {
            continue;
        };
        let d = e.local_day();
        if d < from || d > to {
            continue;
        }
        let Some(l) = last else {
            orphans += 1;
            continue;
        };
        let mins = (t - l).num_minutes();
        let k = HOUR_BINS
            .iter()
            .position(|(a, b)| mins >= a * 60 && b.is_none_or(|b| mins < b * 60))
            .unwrap_or(HOUR_BINS.len() - 1);
        sums[k].0 += f64::from(v);
        sums[k].1 += 1;
    }
    let bins: Vec<HourBin> = HOUR_BINS
        .iter()
        .zip(sums)
        .map(|((a, b), (s, n))| HourBin {
            label: match b {
                Some(b) => format!("{a}-{b} h"),
                None => format!("{a} h+"),
            },
            from_hours: *a,
            to_hours: *b,
            mean: (n > 0).then(|| round(s / f64::from(n), 2)),
            n,
        })
        .collect();
    let peak = bins
        .iter()
        .zip(sums)
        .filter(|(_, (_, n))| *n >= MIN_RATINGS_FOR_PEAK)
        .fold(None::<(&HourBin, f64)>, |best, (b, (s, n))| {
            let m = s / f64::from(n);
            match best {
                Some((_, bm)) if bm >= m => best,
                _ => Some((b, m)),
            }
        })
        .map(|(b, _)| b.label.clone());
    HoursSinceDose {
        bins,
        peak,
        ratings_without_dose_before: orphans,
    }
}

/// "5.2 (n = 3)", or "-" with no value.
pub fn fmt_mean(m: Option<Mean>) -> String {
    m.map_or("-".into(), |m| format!("{:.1} (n = {})", m.exact, m.n))
}

/// "-1.6 (-26.7%)", or "-" with nothing to compare.
pub fn fmt_change(c: Option<Change>) -> String {
    match c {
        None => "-".into(),
        Some(c) => match c.percent {
            Some(p) => format!("{:+.1} ({:+.1}%)", c.points, p),
            None => format!("{:+.1}", c.points),
        },
    }
}

/// The headings of the step table, shared by the command line, the app and the report.
pub const STEP_HEADINGS: [&str; 7] = [
    "From",
    "To",
    "mg/day",
    "Days",
    "Spasticity",
    "Change",
    "Drowsiness",
];

impl StepTrend {
    /// The cells of this step's row under [`STEP_HEADINGS`] (the drowsiness change is in its
    /// cell); a meaningful drop is marked with a "*" that never relies on colour.
    pub fn cells(&self) -> [String; 7] {
        [
            self.from.format("%Y-%m-%d").to_string(),
            self.to.format("%Y-%m-%d").to_string(),
            self.mg_a_day.map_or("none".into(), |m| format!("{m}")),
            self.days.to_string(),
            fmt_mean(self.spasticity),
            format!(
                "{}{}",
                fmt_change(self.spasticity_change),
                if self.meaningful_drop { " *" } else { "" }
            ),
            match self.drowsiness_change {
                Some(c) => format!("{} {}", fmt_mean(self.drowsiness), fmt_change(Some(c))),
                None => fmt_mean(self.drowsiness),
            },
        ]
    }
}

/// The footnote for the "*" of a meaningful drop.
pub const DROP_NOTE: &str = "* spasticity 30% or more below the step before (the usual threshold of a meaningful response; both steps with 3 rated days or more)";

impl Comparison {
    /// One line: "drowsiness with alcohol logged within 12 h before: 5.2 (n = 4) against 3.1 (n = 20) without, +2.1".
    pub fn sentence(&self) -> String {
        if self.enough {
            format!(
                "{} {}: {} against {} with {}; difference {:+.1} ({})",
                self.metric,
                self.with_label,
                fmt_mean(self.with),
                fmt_mean(self.without),
                self.without_label,
                self.difference.unwrap_or(0.0),
                self.label
            )
        } else {
            format!(
                "{} {}: not enough days to compare ({} days with, {} without; 3 each needed)",
                self.metric,
                self.with_label,
                self.with.map_or(0, |m| m.n),
                self.without.map_or(0, |m| m.n)
            )
        }
    }
}
