//! Sign flags: every present sign in a symptom's text, at the sign's own urgency.

use chrono::TimeZone;

use super::context::Ctx;
use super::{Flag, FlagKind, fmt_when};

pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>) -> Vec<Flag> {
    let mut flags = Vec::new();
    for (e, a, sev) in cx.symptoms() {
        for s in &a.signs {
            let sign = cx.cat.sign(&s.id).expect("sign from catalog");
            let sev_txt = sev
                .map(|v| format!(" (severity {v}/10)"))
                .unwrap_or_default();
            let detail = format!(
                "\"{}\" in a symptom logged at {}{sev_txt}.",
                s.matched,
                fmt_when(&e.at)
            );
            flags.push(Flag {
                rule: s.id.clone(),
                kind: FlagKind::Sign,
                category: sign.categories.first().cloned().unwrap_or_default(),
                urgency: s.urgency,
                at: e.at,
                title: sign.title.clone(),
                detail,
                why: sign.why.clone(),
                advice: s.urgency.advice().to_string(),
                sources: sign.sources.clone(),
                matched: Some(s.matched.clone()),
                entry_id: Some(e.id),
                key: String::new(),
                acknowledged: false,
            });
        }
    }
    flags
}
