//! missed_dose: a scheduled dose not logged by the time the next one was due.

use chrono::{TimeZone, Utc};

use super::context::Ctx;
use super::{Flag, RuleId};
use crate::safety::catalog::Urgency;

pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>) -> Vec<Flag> {
    let mut flags = Vec::new();
    for (si, s) in cx.judged_slots() {
        if s.taken_by.is_some() {
            continue;
        }
        let Some(nd) = cx.slots.get(si + 1).map(|n| n.at.with_timezone(&Utc)) else {
            continue;
        };
        if nd > cx.now {
            continue;
        }
        let detail = format!(
            "the {} dose due at {} was not logged by {}, when the next was due.",
            s.dose,
            s.at.format("%H:%M on %a %-d %b"),
            cx.local(nd).format("%H:%M")
        );
        flags.push(cx.flag(
            RuleId::MissedDose,
            Urgency::Routine,
            cx.local(nd),
            detail,
            None,
            None,
        ));
    }
    flags
}
