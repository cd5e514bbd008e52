//! kidney_dose: with kidney impairment set, a day reaching the catalog's kidney amount (urgent, the
//! first day of each run), and confusion or heavy drowsiness within the catalog's days of such a day
//! (emergency).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, TimeZone, Utc};

use super::context::Ctx;
use super::{Flag, RuleId, fmt_day, fmt_when, regimen_at};
use crate::domain::{Amount, Entry};
use crate::safety::catalog::Urgency;

/// Days on which kidney-impaired dosing reached the catalog's amount, and the urgent flags.
fn days<Tz: TimeZone>(cx: &Ctx<'_, Tz>) -> (Vec<NaiveDate>, Vec<Flag>) {
    let kidney_mg = Amount::from_mg(cx.lim.kidney_daily_mg);
    let mut days = Vec::new();
    let mut flags = Vec::new();
    let mut run_prev: Option<NaiveDate> = None;
    let mut running: BTreeMap<NaiveDate, Amount> = BTreeMap::new();
    for d in &cx.doses {
        let e = d.entry;
        let day = e.local_day();
        let t = running.entry(day).or_insert(Amount::from_mcg(0));
        let before = *t;
        *t = t.saturating_add(d.amount);
        let Some(r) = regimen_at(cx.regimens, e.at.with_timezone(&Utc)) else {
            continue;
        };
        if r.kidney_impairment && before < kidney_mg && *t >= kidney_mg {
            days.push(day);
            if run_prev != Some(day - Duration::days(1)) {
                let detail = format!(
                    "{} logged on {} with kidney impairment set ({kidney_mg} a day or more).",
                    *t,
                    fmt_day(&e.at)
                );
                flags.push(cx.flag(
                    RuleId::KidneyDose,
                    Urgency::Urgent,
                    e.at,
                    detail,
                    Some(e.id),
                    None,
                ));
            }
            run_prev = Some(day);
        }
    }
    (days, flags)
}

/// The emergency flag for `what`, logged within the catalog's days of a kidney day.
fn emergency<Tz: TimeZone>(
    cx: &Ctx<'_, Tz>,
    kidney_days: &[NaiveDate],
    e: &Entry,
    what: &str,
) -> Option<Flag> {
    let day = e.local_day();
    kidney_days
        .iter()
        .any(|d| *d <= day && day - *d <= Duration::days(cx.lim.kidney_window_days))
        .then(|| {
            let detail = format!(
                "{what} logged at {} while taking {} a day or more with kidney impairment.",
                fmt_when(&e.at),
                Amount::from_mg(cx.lim.kidney_daily_mg)
            );
            cx.flag(
                RuleId::KidneyDose,
                Urgency::Emergency,
                e.at,
                detail,
                Some(e.id),
                None,
            )
        })
}

pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>) -> Vec<Flag> {
    let (kidney_days, mut flags) = days(cx);
    if kidney_days.is_empty() {
        return flags;
    }
    let high = cx.lim.drowsy_high;
    for (e, a, sev) in cx.symptoms() {
        let confused = a.has("confusion") || a.has("altered_mental_state");
        let very_drowsy = a.has("drowsiness") && sev.is_some_and(|v| v >= high);
        if confused || very_drowsy {
            let what = if confused {
                "confusion".to_string()
            } else {
                format!("drowsiness of {high}/10 or more")
            };
            flags.extend(emergency(cx, &kidney_days, e, &what));
        }
    }
    for e in cx.entries {
        if let Some(r) = e.kind.drowsiness()
            && r >= high
        {
            flags.extend(emergency(
                cx,
                &kidney_days,
                e,
                &format!("drowsiness rated {r}/10"),
            ));
        }
    }
    flags
}
