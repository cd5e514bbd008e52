//! Reminders without a daemon: what is due at the moment `dosediary remind` runs. Pure: the Today
//! view, `now` and the keys already reminded go in; the items to show come out, each with a stable
//! key so that running every few minutes (a systemd timer, cron, launchd) never repeats itself.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::today::{SlotStatus, Today};
use crate::safety::{Urgency, rules::fmt_duration};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    Dose,
    Rating,
    Supply,
    Refill,
    Flag,
}

/// One thing due now.
#[derive(Debug, Clone, Serialize)]
pub struct Reminder {
    /// Stable: the same thing due gives the same key on every run.
    pub key: String,
    pub kind: ReminderKind,
    pub urgency: Urgency,
    /// One line a person can read in a desktop notification.
    pub text: String,
}

/// A drowsiness rating is asked for 1 to 2 hours after a dose, its expected peak (seed-001).
const RATE_FROM: i64 = 60;
const RATE_UNTIL: i64 = 120;

/// Everything due at `now`, in the order to show it: emergencies first.
pub fn due(today: &Today, now: DateTime<Utc>) -> Vec<Reminder> {
    let mut out = Vec::new();
    for f in &today.open_flags {
        if f.urgency >= Urgency::Urgent {
            out.push(Reminder {
                key: format!("flag:{}", f.key),
                kind: ReminderKind::Flag,
                urgency: f.urgency,
                text: format!("{}: {}. {}", f.urgency.label(), f.title, f.advice),
            });
        }
    }
    for s in &today.schedule {
        let (word, stage) = match s.status {
            // "Due" starts half an hour before the time on Today; a reminder comes at the time.
            SlotStatus::Due if now < s.at.with_timezone(&Utc) => continue,
            SlotStatus::Due => ("due now", "due"),
            SlotStatus::Late => ("late", "late"),
            _ => continue,
        };
        let late = now - s.at.with_timezone(&Utc);
        let by = if late >= Duration::minutes(1) {
            format!(" (since {}, {} ago)", s.time, fmt_duration(late))
        } else {
            format!(" ({})", s.time)
        };
        out.push(Reminder {
            key: format!("dose:{}:{stage}", s.at.to_rfc3339()),
            kind: ReminderKind::Dose,
            urgency: Urgency::Routine,
            text: format!(
                "Baclofen {} {word}{by}. Log it: dosediary log dose {}",
                s.amount_mcg,
                s.amount_mcg.as_arg()
            ),
        });
    }
    if let Some(r) = rating_due(today, now) {
        out.push(r);
    }
    if let Some(s) = &today.supply
        && let Some(line) = &today.supply_line
    {
        let u = crate::safety::supply::urgency(s, now);
        if u >= Urgency::Routine {
            out.push(Reminder {
                key: format!("supply:{}:{}", today.date, u.as_str()),
                kind: ReminderKind::Supply,
                urgency: u,
                text: format!("{line}. Call your pharmacy or prescriber for a refill."),
            });
        }
    }
    // A pump refill coming up (closer than 3 days it is an urgent flag, reminded as such above).
    if let Some(p) = &today.pump
        && let (Some(by), Some(days)) = (p.refill_needed_by, p.days_left)
        && (4..=14).contains(&days)
    {
        out.push(Reminder {
            key: format!("refill:{}:{by}", today.date),
            kind: ReminderKind::Refill,
            urgency: Urgency::Routine,
            text: format!(
                "Pump refill needed by {} ({days} days): book it with the pump clinic.",
                by.format("%a %-d %b")
            ),
        });
    }
    out.sort_by_key(|r| std::cmp::Reverse(r.urgency));
    out
}

fn rating_due(today: &Today, now: DateTime<Utc>) -> Option<Reminder> {
    let last = today
        .doses
        .iter()
        .filter(|d| !d.kind.taken().is_zero())
        .map(|d| d.at)
        .max()?;
    let since = now - last.with_timezone(&Utc);
    if since < Duration::minutes(RATE_FROM) || since > Duration::minutes(RATE_UNTIL) {
        return None;
    }
    if today
        .latest_drowsiness
        .as_ref()
        .is_some_and(|r| r.at >= last)
    {
        return None;
    }
    Some(Reminder {
        key: format!("rate:{}", last.to_rfc3339()),
        kind: ReminderKind::Rating,
        urgency: Urgency::None,
        text: format!(
            "How drowsy are you, {} after the {} dose? Rate it 0-10: dosediary log drowsiness N",
            fmt_duration(since),
            last.format("%H:%M")
        ),
    })
}

/// The items not reminded before.
pub fn fresh(items: Vec<Reminder>, seen: &HashSet<String>) -> Vec<Reminder> {
    items
        .into_iter()
        .filter(|r| !seen.contains(&r.key))
        .collect()
}
