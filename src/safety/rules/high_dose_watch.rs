//! high_dose_watch: above the label's daily maximum (a prescribed high dose, or a day's total
//! over it), the signs the catalog says to watch more closely: alcohol (often still drunk by the
//! people prescribed high doses for alcohol use disorder), heavy drowsiness, confusion, and mood
//! elevation while the dose is rising. Breathing trouble is already an emergency sign.

use chrono::{Duration, TimeZone, Utc};

use super::context::Ctx;
use super::{Flag, RuleId, fmt_when, regimen_at};
use crate::domain::{Amount, Entry, EntryKind};
use crate::safety::catalog::Urgency;

/// The daily amount at `e`'s time when it is above the label maximum.
fn high<Tz: TimeZone>(cx: &Ctx<'_, Tz>, e: &Entry) -> Option<Amount> {
    let label = cx.lim.max_daily();
    let by_regimen = regimen_at(cx.regimens, e.at.with_timezone(&Utc)).map(|r| r.daily_total());
    let day = cx.total(e.local_day());
    let amount = by_regimen.unwrap_or(day).max(day);
    (amount > label).then_some(amount)
}

/// How far back a rising dose is looked for.
pub(super) const RISING_DAYS: i64 = 14;

/// The prescribed daily total rose within the last [`RISING_DAYS`] days before `e`.
fn rising<Tz: TimeZone>(cx: &Ctx<'_, Tz>, e: &Entry) -> bool {
    let t = e.at.with_timezone(&Utc);
    let now = regimen_at(cx.regimens, t).map(|r| r.daily_total());
    let before = regimen_at(cx.regimens, t - Duration::days(RISING_DAYS)).map(|r| r.daily_total());
    let by_regimen = matches!((now, before), (Some(n), Some(b)) if n > b);
    let day = e.local_day();
    let by_totals = (1..=RISING_DAYS).any(|k| {
        let prev = cx.total(day - Duration::days(k));
        !prev.is_zero() && prev < cx.total(day)
    });
    by_regimen || by_totals
}

pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>) -> Vec<Flag> {
    let drowsy_high = cx.lim.drowsy_high;
    let mut flags = Vec::new();
    for (i, e) in cx.entries.iter().enumerate() {
        let a = cx.analyses[i].as_ref();
        let seen = match &e.kind {
            EntryKind::Symptom {
                drowsiness_rating: true,
                ..
            } => e
                .kind
                .drowsiness()
                .filter(|r| *r >= drowsy_high)
                .map(|r| format!("drowsiness rated {r}/10")),
            EntryKind::Symptom { severity, .. } => {
                let a = a.expect("symptoms are analysed");
                if a.has("confusion") || a.has("altered_mental_state") {
                    Some("confusion".to_string())
                } else if a.has("mood_change") && rising(cx, e) {
                    Some("a change in mood while the dose is rising (mania has been reported during high-dose escalation)".to_string())
                } else if a.has("drowsiness") && severity.is_some_and(|v| v >= drowsy_high) {
                    Some(format!("drowsiness of {}/10", severity.unwrap_or(0)))
                } else {
                    None
                }
            }
            EntryKind::Intake { .. } => a
                .and_then(|a| a.interactions.iter().find(|x| x.class == "alcohol"))
                .map(|x| format!("alcohol (\"{}\")", x.matched)),
            _ => None,
        };
        let Some(seen) = seen else { continue };
        let Some(amount) = high(cx, e) else { continue };
        let detail = format!(
            "{seen} logged at {} while taking {amount} a day, above the {} label maximum.",
            fmt_when(&e.at),
            cx.lim.max_daily()
        );
        flags.push(cx.flag(
            RuleId::HighDoseWatch,
            Urgency::Urgent,
            e.at,
            detail,
            Some(e.id),
            None,
        ));
    }
    flags
}
