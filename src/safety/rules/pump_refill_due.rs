//! pump_refill_due: the intrathecal pump's refill ladder (itb-alarms, itb-boxed-warning).

use chrono::{DateTime, TimeZone, Utc};

use super::{Flag, RuleId};
use crate::safety::catalog::{Catalog, Urgency};
use crate::safety::pump::{PumpStatus, clinic_call, date_words, flag, refill_urgency};

/// `pump_refill_due`: routine 14 days ahead of the refill-needed-by date, urgent 3 days ahead
/// (or once the clinic's date has passed), an emergency once the projected empty date has passed
/// without a refill.
pub fn refill_due<Tz: TimeZone>(
    s: &PumpStatus,
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
) -> Option<Flag> {
    let urgency = refill_urgency(s, now);
    let needed = s.refill_needed_by?;
    let days = s.days_left?;
    let p = &s.setting;
    let (detail, advice) = match urgency {
        Urgency::None => return None,
        Urgency::Emergency => {
            let e = s.projected_empty.expect("emergency needs an empty date");
            (
                format!(
                    "The reservoir was projected to run empty at {} ({} at {}, {} a day) and no refill has been logged since.",
                    e.format("%H:%M on %a %-d %b"),
                    s.last_refill
                        .as_ref()
                        .map(|r| format!(
                            "{} refilled {}",
                            r.volume_text(),
                            r.at.format("%a %-d %b")
                        ))
                        .unwrap_or_default(),
                    p.concentration_text(),
                    p.daily_text()
                ),
                format!(
                    "{} If the refill was done, log it now (`dosediary pump refill --at WHEN`); if not, the drug may have stopped: call the pump clinic now{}, and your local emergency number if fever, confusion or stiffness appear.",
                    Urgency::Emergency.advice(),
                    p.clinic_text()
                        .map(|c| format!(" ({c})"))
                        .unwrap_or_default()
                ),
            )
        }
        u => {
            let what = if days < 0 {
                format!("The refill was due by {}", date_words(needed, days))
            } else {
                format!("The pump needs a refill by {}", date_words(needed, days))
            };
            let advice = if u == Urgency::Urgent {
                format!(
                    "{}{} to make sure the refill is booked: never let a refill slip; an empty pump means abrupt withdrawal.",
                    clinic_call(p).replace(" now", " today"),
                    ""
                )
            } else {
                format!(
                    "Check that the refill appointment is booked with the pump clinic{}.",
                    p.clinic_text()
                        .map(|c| format!(" ({c})"))
                        .unwrap_or_default()
                )
            };
            (format!("{what}. {}", source_of_date(s)), advice)
        }
    };
    flag(
        cat,
        RuleId::PumpRefillDue,
        urgency,
        now.with_timezone(tz).fixed_offset(),
        detail,
        advice,
        format!("pump_refill_due|{needed}|{}", urgency.label()),
    )
}

fn source_of_date(s: &PumpStatus) -> String {
    let empty = s.projected_empty.map(|e| e.date_naive());
    match (empty, s.clinic_refill_by) {
        (Some(e), Some(c)) if c < e => format!(
            "That is the clinic's refill-by date; the reservoir is projected to run empty on {}.",
            e.format("%a %-d %b")
        ),
        (Some(e), _) => format!(
            "The reservoir is projected to run empty at {} on {}.",
            s.projected_empty.expect("empty").format("%H:%M"),
            e.format("%a %-d %b")
        ),
        (None, Some(_)) => {
            "That is the clinic's refill-by date (no refill logged to project from).".into()
        }
        (None, None) => String::new(),
    }
}
