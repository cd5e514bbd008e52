//! sedative_interaction: alcohol or another CNS depressant within the catalog's hours of a dose;
//! urgent with drowsiness or confusion, an emergency with breathing trouble, in the hours after.
//!
//! A sedative prescribed and taken regularly (`med add NAME --class CLASS`) is known: its doses
//! raise no routine flag each time (the combination is stated once on Regimen and in the report),
//! but drowsiness, confusion or breathing trouble within the hours after a baclofen dose are
//! judged with it in mind: urgent, or an emergency for breathing.

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};

use super::context::Ctx;
use super::{Flag, RuleId, fmt_when};
use crate::domain::{Entry, EntryKind};
use crate::safety::catalog::Urgency;

/// How serious what was logged in the window after the intake makes it, and what was seen.
fn worst_after<Tz: TimeZone>(
    cx: &Ctx<'_, Tz>,
    i: usize,
    e: &Entry,
) -> (Urgency, DateTime<FixedOffset>, String) {
    let lim = cx.lim;
    let t = e.at.with_timezone(&Utc);
    let w = Duration::hours(lim.sedative_window_hours);
    let mut urgency = Urgency::Routine;
    let mut at = e.at;
    let mut extra = String::new();
    // The same text, then the hours after.
    for (j, later) in cx.entries.iter().enumerate().skip(i) {
        if later.at.with_timezone(&Utc) > t + w {
            break;
        }
        let la = cx.analyses[j].as_ref();
        let breathing =
            la.is_some_and(|x| x.has("breathing_difficulty") || x.has("unconsciousness"));
        let confused = la.is_some_and(|x| x.has("confusion") || x.has("altered_mental_state"));
        let sev = match later.kind {
            EntryKind::Symptom { severity, .. } => severity,
            _ => None,
        };
        let drowsy = later
            .kind
            .drowsiness()
            .is_some_and(|r| r >= lim.drowsy_high)
            || (la.is_some_and(|x| x.has("drowsiness"))
                && sev.is_some_and(|v| v >= lim.drowsy_high));
        if breathing && urgency < Urgency::Emergency {
            urgency = Urgency::Emergency;
            at = later.at;
            extra = format!(
                " Breathing trouble or unresponsiveness logged at {}.",
                later.at.format("%H:%M")
            );
        } else if (confused || drowsy) && urgency < Urgency::Urgent {
            urgency = Urgency::Urgent;
            at = later.at;
            extra = if confused {
                format!(" Confusion logged at {}.", later.at.format("%H:%M"))
            } else {
                format!(
                    " Drowsiness of {}/10 or more logged at {}.",
                    lim.drowsy_high,
                    later.at.format("%H:%M")
                )
            };
        }
    }
    (urgency, at, extra)
}

/// The classes of the medicines taken regularly at `t`.
fn regular_classes<'a, Tz: TimeZone>(cx: &'a Ctx<'_, Tz>, t: DateTime<Utc>) -> Vec<&'a str> {
    cx.meds
        .iter()
        .filter(|m| m.active_at(t))
        .filter_map(|m| m.class.as_deref())
        .filter(|c| *c != "alcohol")
        .collect()
}

pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>) -> Vec<Flag> {
    let w = Duration::hours(cx.lim.sedative_window_hours);
    let taken = cx.taken_times();
    let near_dose = |t: DateTime<Utc>| {
        let lo = taken.partition_point(|x| *x < t - w);
        taken.get(lo).is_some_and(|x| *x <= t + w)
    };
    let mut flags = Vec::new();
    for (i, e) in cx.entries.iter().enumerate() {
        let Some(a) = &cx.analyses[i] else { continue };
        if a.interactions.is_empty() {
            continue;
        }
        let t = e.at.with_timezone(&Utc);
        if !near_dose(t) {
            continue;
        }
        // Every class named is a medicine taken regularly: no flag for the dose itself.
        let regular = regular_classes(cx, t);
        let known = a
            .interactions
            .iter()
            .all(|x| regular.contains(&x.class.as_str()));
        if known {
            continue;
        }
        let what: Vec<String> = a
            .interactions
            .iter()
            .map(|x| format!("{} (\"{}\")", x.title, x.matched))
            .collect();
        let (urgency, at, extra) = worst_after(cx, i, e);
        let detail = format!(
            "{} logged at {}, within {} h of a baclofen dose.{extra}",
            what.join(", "),
            fmt_when(&e.at),
            cx.lim.sedative_window_hours
        );
        flags.push(cx.flag(
            RuleId::SedativeInteraction,
            urgency,
            at,
            detail,
            Some(e.id),
            None,
        ));
    }
    flags
}

/// With a sedative taken regularly, drowsiness of the catalog's high level, confusion or breathing
/// trouble within the hours after a baclofen dose.
pub(super) fn with_regular<Tz: TimeZone>(cx: &Ctx<'_, Tz>) -> Vec<Flag> {
    let w = Duration::hours(cx.lim.sedative_window_hours);
    let taken = cx.taken_times();
    let mut flags = Vec::new();
    for (i, e) in cx.entries.iter().enumerate() {
        let t = e.at.with_timezone(&Utc);
        let names: Vec<String> = cx
            .meds
            .iter()
            .filter(|m| m.active_at(t) && m.class.as_deref().is_some_and(|c| c != "alcohol"))
            .map(|m| m.name.clone())
            .collect();
        if names.is_empty() {
            continue;
        }
        let lo = taken.partition_point(|x| *x < t - w);
        if taken.get(lo).is_none_or(|x| *x > t) {
            continue;
        }
        let la = cx.analyses[i].as_ref();
        let sev = match e.kind {
            EntryKind::Symptom { severity, .. } => severity,
            _ => None,
        };
        let breathing =
            la.is_some_and(|x| x.has("breathing_difficulty") || x.has("unconsciousness"));
        let confused = la.is_some_and(|x| x.has("confusion") || x.has("altered_mental_state"));
        let drowsy = e.kind.drowsiness().is_some_and(|r| r >= cx.lim.drowsy_high)
            || (la.is_some_and(|x| x.has("drowsiness"))
                && sev.is_some_and(|v| v >= cx.lim.drowsy_high));
        let (urgency, what) = if breathing {
            (Urgency::Emergency, "breathing trouble or unresponsiveness")
        } else if confused {
            (Urgency::Urgent, "confusion")
        } else if drowsy {
            (Urgency::Urgent, "heavy drowsiness")
        } else {
            continue;
        };
        let detail = format!(
            "{what} logged at {}, within {} h of a baclofen dose, while also taking {} regularly.",
            fmt_when(&e.at),
            cx.lim.sedative_window_hours,
            names.join(", ")
        );
        flags.push(cx.flag(
            RuleId::SedativeInteraction,
            urgency,
            e.at,
            detail,
            Some(e.id),
            None,
        ));
    }
    flags
}
