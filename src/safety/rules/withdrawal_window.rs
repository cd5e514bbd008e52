//! withdrawal_window: a withdrawal sign inside a window opened by a gap or a sharp reduction, or
//! with "ran out" (a withdrawal context) in the same text. The most serious withdrawal sign in the
//! text decides: seizures, fever, hallucinations, confusion, rebound spasticity are an emergency;
//! early signs alone (tremor, cramps, tingling) are urgent. The ladder needs the sign to be new
//! or worse: one stated as usual or not worse ("tremor as usual", "cramps, not worse") does not
//! climb it.

use chrono::{TimeZone, Utc};

use super::context::{Ctx, Window};
use super::qualifiers::stated_as_usual;
use super::{Flag, RuleId, fmt_when};
use crate::safety::catalog::Urgency;

pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>, windows: &[Window]) -> Vec<Flag> {
    let mut flags = Vec::new();
    for (e, a, _) in cx.symptoms() {
        let Some(ws) = a
            .signs
            .iter()
            .filter(|s| s.categories.iter().any(|c| c == "withdrawal"))
            .max_by_key(|s| s.urgency)
        else {
            continue;
        };
        if e.kind
            .text()
            .is_some_and(|text| stated_as_usual(cx.cat, text))
        {
            continue;
        }
        let t = e.at.with_timezone(&Utc);
        let window = windows.iter().rev().find(|w| w.start <= t && t <= w.end);
        let ctx = a
            .contexts
            .iter()
            .find(|c| c.rule == RuleId::WithdrawalWindow.as_str());
        let cause = match (window, ctx) {
            (Some(w), _) => w.cause.clone(),
            (None, Some(c)) => format!("the note says \"{}\"", c.matched),
            (None, None) => continue,
        };
        let u = if ws.urgency >= Urgency::Urgent {
            Urgency::Emergency
        } else {
            Urgency::Urgent
        };
        let early = if u == Urgency::Urgent {
            " (an early withdrawal sign)"
        } else {
            ""
        };
        let detail = format!(
            "\"{}\"{early} at {}, after {cause}.",
            ws.matched,
            fmt_when(&e.at)
        );
        flags.push(cx.flag(
            RuleId::WithdrawalWindow,
            u,
            e.at,
            detail,
            Some(e.id),
            Some(ws.matched.clone()),
        ));
    }
    flags
}
