//! large_single_dose: one dose more than the catalog's factor times the prescribed dose (urgent),
//! or at the catalog's emergency amount or more (emergency).

use chrono::{TimeZone, Utc};

use super::context::Ctx;
use super::{Flag, RuleId, fmt_when, regimen_at};
use crate::domain::Amount;
use crate::safety::catalog::Urgency;

pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>) -> Vec<Flag> {
    let emergency = Amount::from_mg(cx.lim.emergency_single_dose_mg);
    let factor = cx.lim.large_single_dose_factor;
    let mut flags = Vec::new();
    for d in &cx.doses {
        let (e, amt) = (d.entry, d.amount);
        let (urgency, detail) = if amt >= emergency {
            (
                Urgency::Emergency,
                format!(
                    "{amt} in one dose at {}; single doses of {emergency} or more have caused coma, delirium and seizures.",
                    fmt_when(&e.at)
                ),
            )
        } else if let Some(r) = regimen_at(cx.regimens, e.at.with_timezone(&Utc))
            && amt.mcg() > prescribed(r).mcg() * factor
        {
            let times = match factor {
                2 => "twice".to_string(),
                3 => "three times".to_string(),
                n => format!("{n} times"),
            };
            (
                Urgency::Urgent,
                format!(
                    "{amt} in one dose at {}, more than {times} the prescribed {} dose.",
                    fmt_when(&e.at),
                    prescribed(r)
                ),
            )
        } else {
            continue;
        };
        flags.push(cx.flag(
            RuleId::LargeSingleDose,
            urgency,
            e.at,
            detail,
            Some(e.id),
            None,
        ));
    }
    flags
}

/// The largest single dose the regimen prescribes: its largest scheduled dose, or its as-needed
/// dose if larger.
fn prescribed(r: &crate::domain::Regimen) -> Amount {
    r.dose_mcg
        .max(r.as_needed.map_or(Amount::from_mcg(0), |a| a.dose_mcg))
}
