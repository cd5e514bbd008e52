//! as_needed_limit: as-needed doses beyond what the regimen allows for them: more in one local
//! day than their daily limit, or two closer together than their least gap. (The daily total
//! of every dose is daily_max_exceeded's; the 2 h spacing of any two doses is double_dose's.)

use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, NaiveDate, TimeZone, Utc};

use super::context::{Ctx, Taken};
use super::{Flag, RuleId, fmt_day, fmt_duration, fmt_when, regimen_at};
use crate::domain::Amount;
use crate::safety::catalog::Urgency;

pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>) -> Vec<Flag> {
    let mut flags = Vec::new();
    let mut day_total: HashMap<NaiveDate, Amount> = HashMap::new();
    let mut over: BTreeSet<NaiveDate> = BTreeSet::new();
    let mut prev: Option<&Taken<'_>> = None;
    for d in cx.doses.iter().filter(|d| d.entry.kind.is_as_needed()) {
        let e = d.entry;
        let Some(a) = regimen_at(cx.regimens, e.at.with_timezone(&Utc)).and_then(|r| r.as_needed)
        else {
            continue;
        };
        let gap = Duration::minutes(i64::from(a.min_gap_min));
        if let Some(p) = prev
            && e.at - p.entry.at < gap
        {
            let detail = format!(
                "as-needed doses of {} at {} and {} at {}: {} apart, closer than the {} the prescription allows between them.",
                p.amount,
                p.entry.at.format("%H:%M"),
                d.amount,
                fmt_when(&e.at),
                fmt_duration(e.at - p.entry.at),
                fmt_duration(gap)
            );
            flags.push(cx.flag(
                RuleId::AsNeededLimit,
                Urgency::Urgent,
                e.at,
                detail,
                Some(e.id),
                None,
            ));
        }
        let day = e.local_day();
        let t = day_total.entry(day).or_insert(Amount::from_mcg(0));
        *t = t.saturating_add(d.amount);
        if *t > a.daily_limit() && over.insert(day) {
            let detail = format!(
                "{} taken as needed on {}, above the {} a day allowed as needed (the dose of {} at {} took it over).",
                *t,
                fmt_day(&e.at),
                a.daily_limit(),
                d.amount,
                e.at.format("%H:%M")
            );
            flags.push(cx.flag(
                RuleId::AsNeededLimit,
                Urgency::Urgent,
                e.at,
                detail,
                Some(e.id),
                None,
            ));
        }
        prev = Some(d);
    }
    flags
}
