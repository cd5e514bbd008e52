//! daily_max_exceeded: a day's total (as-needed doses included) above the regimen's maximum,
//! never above the catalog's unless the prescriber set it above the label
//! (`--prescribed-above-label`).

use std::collections::BTreeSet;

use chrono::{TimeZone, Utc};

use super::context::Ctx;
use super::{Flag, RuleId, fmt_day, regimen_at};
use crate::domain::Amount;
use crate::safety::catalog::Urgency;

pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>) -> Vec<Flag> {
    let cap = cx.lim.max_daily();
    let mut running: std::collections::HashMap<chrono::NaiveDate, Amount> = Default::default();
    let mut over: BTreeSet<chrono::NaiveDate> = BTreeSet::new();
    let mut flags = Vec::new();
    for d in &cx.doses {
        let e = d.entry;
        let day = e.local_day();
        let t = running.entry(day).or_insert(Amount::from_mcg(0));
        *t = t.saturating_add(d.amount);
        let after = *t;
        let max = regimen_at(cx.regimens, e.at.with_timezone(&Utc))
            .map_or(cap, |r| r.effective_max(&cx.lim.dose_limits()));
        if after > max && over.insert(day) {
            let detail = format!(
                "{after} logged on {}, above the {max} daily maximum (the dose of {} at {} took it over).",
                fmt_day(&e.at),
                d.amount,
                e.at.format("%H:%M")
            );
            flags.push(cx.flag(
                RuleId::DailyMaxExceeded,
                Urgency::Urgent,
                e.at,
                detail,
                Some(e.id),
                None,
            ));
        }
    }
    flags
}
