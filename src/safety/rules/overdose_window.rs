//! overdose_window: an overdose sign within the catalog's window after too much (a daily maximum
//! exceeded, a double dose or a large single dose), or with "took too many" in the same text. A
//! hedged sign that is not an emergency itself, raised only by the text's own words, is urgent.

use chrono::{Duration, TimeZone, Utc};

use super::context::Ctx;
use super::{Flag, RuleId, fmt_when};
use crate::safety::catalog::Urgency;

/// `too_much`: the flags of the dose rules that count as too much.
pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>, too_much: &[Flag]) -> Vec<Flag> {
    let window = Duration::hours(cx.lim.overdose_window_hours);
    let mut triggers: Vec<&Flag> = too_much.iter().collect();
    triggers.sort_by_key(|f| f.at);
    let mut flags = Vec::new();
    for (e, a, _) in cx.symptoms() {
        let Some(os) = a
            .signs
            .iter()
            .filter(|s| s.categories.iter().any(|c| c == "overdose"))
            .max_by_key(|s| (s.urgency, s.hedge.is_none()))
        else {
            continue;
        };
        let t = e.at.with_timezone(&Utc);
        let trig = triggers.iter().rev().find(|f| {
            let ft = f.at.with_timezone(&Utc);
            ft <= t && t - ft <= window
        });
        let ctx = a
            .contexts
            .iter()
            .find(|c| c.rule == RuleId::OverdoseWindow.as_str());
        let cause = match (trig, ctx) {
            (Some(f), _) => f.detail.trim_end_matches('.').to_string(),
            (None, Some(c)) => format!("the note says \"{}\"", c.matched),
            (None, None) => continue,
        };
        let mut detail = format!(
            "\"{}\" at {}, within {} h after {cause}.",
            os.matched,
            fmt_when(&e.at),
            cx.lim.overdose_window_hours
        );
        let mut u = Urgency::Emergency;
        // A hedge on the sign or on the dose story ("maybe double dosed this morning").
        let hedge = os.hedge.as_ref().or(ctx.and_then(|c| c.hedge.as_ref()));
        if let (None, Some(h)) = (trig, hedge)
            && os.urgency < Urgency::Emergency
        {
            u = Urgency::Urgent;
            detail.push_str(&format!(
                " Written with \"{h}\", so urgent: call the prescriber today. It is an emergency \
                 (call 911 / 112 / 999) if it is more than slight or gets worse, or with slow or \
                 shallow breathing, fainting or a seizure."
            ));
        }
        flags.push(cx.flag(
            RuleId::OverdoseWindow,
            u,
            e.at,
            detail,
            Some(e.id),
            Some(os.matched.clone()),
        ));
    }
    flags
}
