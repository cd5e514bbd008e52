//! rapid_escalation: a day's total more than the catalog's step above the highest day in the days
//! before (titration goes up by at most that much every 3 days).

use chrono::{Duration, TimeZone};

use super::context::Ctx;
use super::rapid_reduction::prev_max;
use super::{Flag, RuleId, day_end, fmt_day};
use crate::safety::catalog::Urgency;

pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>) -> Vec<Flag> {
    let lim = cx.lim;
    let today = cx.now.with_timezone(cx.tz).date_naive();
    let Some(&first_day) = cx.totals.keys().next() else {
        return Vec::new();
    };
    let step_mcg = lim.escalation_mg_per_3_days * 1000;
    let mut flags = Vec::new();
    let mut prev = false;
    let mut d = first_day;
    while d <= today {
        let t = cx.total(d);
        let before = prev_max(cx, d, lim.rapid_reduction_days);
        let rising = !before.is_zero() && t.mcg() > before.mcg() + step_mcg;
        if rising && !prev {
            let at = cx
                .doses
                .iter()
                .rev()
                .find(|x| x.entry.local_day() == d)
                .map_or(cx.local(day_end(cx.tz, d).min(cx.now)), |x| x.entry.at);
            let detail = format!(
                "{t} on {}, up from at most {before} a day in the {} days before (more than {} mg per 3 days).",
                fmt_day(&at),
                lim.rapid_reduction_days,
                lim.escalation_mg_per_3_days
            );
            flags.push(cx.flag(
                RuleId::RapidEscalation,
                Urgency::Routine,
                at,
                detail,
                None,
                None,
            ));
        }
        prev = rising;
        d += Duration::days(1);
    }
    flags
}
