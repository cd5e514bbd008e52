//! pump_alarm_logged: an alarm the user logged, while nothing has been done about it
//! (itb-alarms).

use chrono::{DateTime, Utc};

use super::{Flag, RuleId};
use crate::domain::pump::{AlarmKind, ERI_STOP_DAYS, PumpHistory};
use crate::safety::catalog::{Catalog, Urgency};
use crate::safety::pump::{alarm_open, alarm_urgency, clinic_call, emergency_call, flag};

/// `pump_alarm_logged`: one flag per alarm still open at `now`.
pub fn alarm_flags(history: &PumpHistory, now: DateTime<Utc>, cat: &Catalog) -> Vec<Flag> {
    let h = history.as_of(now);
    let Some(p) = h.current().cloned() else {
        return Vec::new();
    };
    h.alarms
        .iter()
        .filter(|a| alarm_open(&h, a))
        .filter_map(|a| {
            let u = alarm_urgency(a.kind);
            let note = a.note.as_deref().map(|n| format!(" (\"{n}\")")).unwrap_or_default();
            let detail = format!(
                "A pump {} was logged at {}{note}.",
                a.kind.words(),
                a.at.format("%H:%M on %a %-d %b")
            );
            let advice = match (u, a.kind) {
                (Urgency::Emergency, AlarmKind::Other) => format!(
                    "An alarm of unknown kind is treated as critical until the pump clinic says otherwise. {}",
                    emergency_call(&p)
                ),
                (Urgency::Emergency, _) => emergency_call(&p),
                (_, AlarmKind::Eri) => format!(
                    "{}: the battery is running down and the pump stops within about {ERI_STOP_DAYS} days; a replacement must be planned.",
                    clinic_call(&p).replace(" now", " today")
                ),
                _ => format!(
                    "{} to bring the refill forward: never let the reservoir run empty.",
                    clinic_call(&p).replace(" now", " today")
                ),
            };
            flag(
                cat,
                RuleId::PumpAlarmLogged,
                u,
                a.at,
                detail,
                advice,
                format!("pump_alarm_logged|{}", a.at.with_timezone(&Utc).format("%Y-%m-%dT%H:%M:%SZ")),
            )
            .map(|mut f| {
                f.matched = Some(a.kind.name().to_string());
                f
            })
        })
        .collect()
}
