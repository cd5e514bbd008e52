//! pump_withdrawal: signs of intrathecal baclofen withdrawal in a pump user's symptoms
//! (itb-boxed-warning, label-intrathecal).

use chrono::Utc;

use super::{Flag, FlagKind, RuleId};
use crate::domain::pump::PumpHistory;
use crate::safety::catalog::{Catalog, Urgency};
use crate::safety::pump::{clinic_call, emergency_call, flag};

/// `pump_withdrawal`: for a pump user, the signs of intrathecal withdrawal in a symptom. Early
/// signs (itching without a rash, tingling, returning stiffness, low blood pressure) are urgent:
/// call the pump clinic now; high fever, confusion or rigidity are an emergency. Built from the
/// sign flags the engine already raised (one per sign and entry).
pub fn withdrawal_flags(history: &PumpHistory, signs: &[Flag], cat: &Catalog) -> Vec<Flag> {
    let mut by_entry: Vec<(i64, Vec<&Flag>)> = Vec::new();
    for f in signs.iter().filter(|f| f.kind == FlagKind::Sign) {
        let Some(id) = f.entry_id else { continue };
        match by_entry.iter_mut().find(|(e, _)| *e == id) {
            Some((_, v)) => v.push(f),
            None => by_entry.push((id, vec![f])),
        }
    }
    let mut out = Vec::new();
    for (id, fs) in by_entry {
        let at = fs[0].at;
        let Some(p) = history.setting_at(at.with_timezone(&Utc)) else {
            continue;
        };
        let has = |r: &str| fs.iter().any(|f| f.rule == r);
        let rash = has("hives_rash");
        let mut early: Vec<&str> = Vec::new();
        let mut severe: Vec<&str> = Vec::new();
        for f in &fs {
            let m = f.matched.as_deref().unwrap_or_default();
            let lower = m.to_lowercase();
            match f.rule.as_str() {
                "itching_tingling" if lower.contains("itch") && rash => {}
                "itching_tingling" | "low_blood_pressure" => early.push(m),
                "rebound_spasticity" if lower.contains("rigid") => severe.push(m),
                "rebound_spasticity" => early.push(m),
                "high_fever"
                | "confusion"
                | "altered_mental_state"
                | "hallucination"
                | "seizure" => severe.push(m),
                _ => {}
            }
        }
        let (u, seen) = if !severe.is_empty() {
            (Urgency::Emergency, severe)
        } else if !early.is_empty() {
            (Urgency::Urgent, early)
        } else {
            continue;
        };
        let quoted: Vec<String> = seen.iter().map(|m| format!("\"{m}\"")).collect();
        let detail = format!(
            "{} at {}, while on an intrathecal baclofen pump ({} at {}): {}.",
            quoted.join(", "),
            at.format("%H:%M on %a %-d %b"),
            p.daily_text(),
            p.concentration_text(),
            if u == Urgency::Emergency {
                "signs of severe withdrawal, which can follow a pump or catheter problem"
            } else {
                "early signs of intrathecal withdrawal, which can become severe within 24-72 hours"
            }
        );
        let advice = if u == Urgency::Emergency {
            emergency_call(p)
        } else {
            format!(
                "{}: early withdrawal signs need the pump checked today, not at the next refill.",
                clinic_call(p)
            )
        };
        if let Some(mut f) = flag(
            cat,
            RuleId::PumpWithdrawal,
            u,
            at,
            detail,
            advice,
            format!(
                "pump_withdrawal|{}|{id}",
                at.with_timezone(&Utc).format("%Y-%m-%dT%H:%M:%SZ")
            ),
        ) {
            f.entry_id = Some(id);
            f.matched = seen.first().map(|s| s.to_string());
            out.push(f);
        }
    }
    out
}
