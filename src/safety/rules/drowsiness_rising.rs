//! drowsiness_rising: the 7-day mean drowsiness the catalog's points or more above the 7 days
//! before (3 ratings in each at least).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, TimeZone};

use super::context::Ctx;
use super::{Flag, RuleId, day_end, fmt_day};
use crate::domain::EntryKind;
use crate::safety::catalog::Urgency;

/// The days of each of the two means compared.
pub(super) const MEAN_DAYS: i64 = 7;

pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>) -> Vec<Flag> {
    let mut by_day: BTreeMap<NaiveDate, (u32, u32)> = BTreeMap::new();
    for (i, e) in cx.entries.iter().enumerate() {
        let v = e.kind.drowsiness().or_else(|| match e.kind {
            EntryKind::Symptom {
                severity: Some(s), ..
            } if cx.analyses[i].as_ref().is_some_and(|a| a.has("drowsiness")) => Some(s),
            _ => None,
        });
        if let Some(v) = v {
            let x = by_day.entry(e.local_day()).or_insert((0, 0));
            x.0 += u32::from(v);
            x.1 += 1;
        }
    }
    let Some((&first, _)) = by_day.iter().next() else {
        return Vec::new();
    };
    let today = cx.now.with_timezone(cx.tz).date_naive();
    let sum = |from: NaiveDate, to: NaiveDate| -> (u32, u32) {
        by_day
            .range(from..=to)
            .fold((0, 0), |acc, (_, v)| (acc.0 + v.0, acc.1 + v.1))
    };
    let mut flags = Vec::new();
    let mut d = first + Duration::days(2 * MEAN_DAYS - 1);
    let mut prev = false;
    let points = cx.lim.drowsiness_rising_points;
    while d <= today {
        let (s1, n1) = sum(d - Duration::days(MEAN_DAYS - 1), d);
        let (s0, n0) = sum(
            d - Duration::days(2 * MEAN_DAYS - 1),
            d - Duration::days(MEAN_DAYS),
        );
        let rising =
            n1 >= 3 && n0 >= 3 && (s1 as f64 / n1 as f64) - (s0 as f64 / n0 as f64) >= points;
        if rising && !prev {
            let m1 = s1 as f64 / n1 as f64;
            let m0 = s0 as f64 / n0 as f64;
            let at = cx.local(day_end(cx.tz, d).min(cx.now));
            let detail = format!(
                "average drowsiness {m1:.1}/10 in the 7 days to {}, up from {m0:.1}/10 the 7 days before.",
                fmt_day(&at)
            );
            flags.push(cx.flag(
                RuleId::DrowsinessRising,
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
