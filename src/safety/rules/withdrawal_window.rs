//! withdrawal_window: a withdrawal sign inside a window opened by a gap or a sharp reduction, or
//! with "ran out" (a withdrawal context) in the same text. The most serious withdrawal sign in the
//! text decides: seizures, fever, hallucinations, confusion, rebound spasticity are an emergency;
//! early signs alone (tremor, cramps, tingling) are urgent. A sign the text calls as usual or not
//! worse is not new or worse and raises nothing; a hedged sign ("a bit", "I think") whose
//! emergency rests only on the text's own words is urgent, with what would make it an emergency.

use chrono::{TimeZone, Utc};

use super::context::{Ctx, Window};
use super::{Flag, RuleId, fmt_when};
use crate::safety::catalog::Urgency;

pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>, windows: &[Window]) -> Vec<Flag> {
    let mut flags = Vec::new();
    for (e, a, _) in cx.symptoms() {
        let Some(ws) = a
            .signs
            .iter()
            .filter(|s| s.categories.iter().any(|c| c == "withdrawal") && s.as_usual.is_none())
            .max_by_key(|s| (s.urgency, s.hedge.is_none()))
        else {
            continue;
        };
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
        let mut u = if ws.urgency >= Urgency::Urgent {
            Urgency::Emergency
        } else {
            Urgency::Urgent
        };
        let early = if u == Urgency::Urgent {
            " (an early withdrawal sign)"
        } else {
            ""
        };
        let mut detail = format!(
            "\"{}\"{early} at {}, after {cause}.",
            ws.matched,
            fmt_when(&e.at)
        );
        // A hedge on the sign or on the dose story ("maybe missed a dose yesterday").
        let hedge = ws.hedge.as_ref().or(ctx.and_then(|c| c.hedge.as_ref()));
        if let (Urgency::Emergency, None, Some(h)) = (u, window, hedge) {
            u = Urgency::Urgent;
            detail.push_str(&format!(
                " Written with \"{h}\", so urgent: call the prescriber today. It is an emergency \
                 (call 911 / 112 / 999) if it is more than slight or gets worse, or with a fever, \
                 confusion, hallucinations, rigid muscles or a seizure."
            ));
        }
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
