//! double_dose: two doses taken closer than the catalog's minimum spacing.

use chrono::{Duration, TimeZone};

use super::context::Ctx;
use super::{Flag, RuleId, fmt_duration, fmt_when};
use crate::safety::catalog::Urgency;

pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>) -> Vec<Flag> {
    let min = cx.lim.min_spacing_hours;
    cx.doses
        .windows(2)
        .filter_map(|w| {
            let (prev, cur) = (w[0], w[1]);
            let gap = cur.entry.at - prev.entry.at;
            (gap < Duration::hours(min)).then(|| {
                let detail = format!(
                    "{} at {} and {} at {}: {} apart, closer than the {min} h minimum spacing.",
                    prev.amount,
                    prev.entry.at.format("%H:%M"),
                    cur.amount,
                    fmt_when(&cur.entry.at),
                    fmt_duration(gap),
                );
                cx.flag(
                    RuleId::DoubleDose,
                    Urgency::Urgent,
                    cur.entry.at,
                    detail,
                    Some(cur.entry.id),
                    None,
                )
            })
        })
        .collect()
}
