//! rapid_reduction: a complete day's total at or below the catalog's fraction of the highest day
//! in the days before, outside a planned taper. Each opens a withdrawal window.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};

use super::context::{Ctx, Window};
use super::{Flag, RuleId, day_end, fmt_day, regimen_at, tz_day_start};
use crate::domain::Amount;
use crate::safety::catalog::Urgency;

/// One sharp reduction: the first day of a run of reduced days.
pub(super) struct Reduction {
    pub day: NaiveDate,
    pub at: DateTime<FixedOffset>,
    pub detail: String,
}

/// The highest daily total in the `days` days before `d`.
pub(super) fn prev_max<Tz: TimeZone>(cx: &Ctx<'_, Tz>, d: NaiveDate, days: i64) -> Amount {
    (1..=days)
        .map(|k| cx.total(d - Duration::days(k)))
        .max()
        .unwrap_or(Amount::from_mcg(0))
}

pub(super) fn reductions<Tz: TimeZone>(cx: &Ctx<'_, Tz>) -> Vec<Reduction> {
    let lim = cx.lim;
    let today = cx.now.with_timezone(cx.tz).date_naive();
    let Some(&first_day) = cx.totals.keys().next() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut prev = false;
    let mut d = first_day;
    // Complete days only.
    while d < today {
        let t = cx.total(d);
        let before = prev_max(cx, d, lim.rapid_reduction_days);
        let end_of_day = day_end(cx.tz, d);
        let reg = regimen_at(cx.regimens, end_of_day.min(cx.now));
        let reduced = !before.is_zero()
            && (reg.is_some() || !t.is_zero())
            && (t.mcg() as f64) <= before.mcg() as f64 * lim.rapid_reduction_fraction
            && !reg
                .is_some_and(|r| crate::safety::regimen::is_planned_step(r, cx.regimens, cx.cat));
        if reduced && !prev {
            let at = cx.local(end_of_day);
            let pct = 100 - (t.mcg() * 100 / before.mcg());
            let detail = format!(
                "{t} on {}, down from {before} a day within the {} days before (a fall of {pct}%), outside a planned taper.",
                fmt_day(&at),
                lim.rapid_reduction_days
            );
            out.push(Reduction { day: d, at, detail });
        }
        prev = reduced;
        d += Duration::days(1);
    }
    out
}

pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>, found: &[Reduction]) -> Vec<Flag> {
    found
        .iter()
        .map(|r| {
            cx.flag(
                RuleId::RapidReduction,
                Urgency::Urgent,
                r.at,
                r.detail.clone(),
                None,
                None,
            )
        })
        .collect()
}

/// The withdrawal window each reduction opens: its day and the catalog's window after it.
pub(super) fn windows<Tz: TimeZone>(cx: &Ctx<'_, Tz>, found: &[Reduction]) -> Vec<Window> {
    found
        .iter()
        .map(|r| Window {
            start: tz_day_start(cx.tz, r.day),
            end: day_end(cx.tz, r.day) + Duration::hours(cx.lim.withdrawal_window_hours),
            cause: format!("a sharp reduction ({})", r.detail.trim_end_matches('.')),
        })
        .collect()
}
