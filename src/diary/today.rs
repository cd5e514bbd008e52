//! The Today view model shared by the command line and the terminal app. Pure: `now` and the time zone
//! are arguments.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::Serialize;

use crate::domain::{Amount, Entry, EntryKind, Regimen};
use crate::safety::{Flag, regimen_at, schedule};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SlotStatus {
    Taken,
    Skipped,
    Missed,
    Late,
    Due,
    Upcoming,
}

impl SlotStatus {
    pub fn label(self) -> &'static str {
        match self {
            SlotStatus::Taken => "taken",
            SlotStatus::Skipped => "skipped",
            SlotStatus::Missed => "missed",
            SlotStatus::Late => "late",
            SlotStatus::Due => "due",
            SlotStatus::Upcoming => "upcoming",
        }
    }
    /// A symbol so status is never carried by colour alone.
    pub fn symbol(self) -> &'static str {
        match self {
            SlotStatus::Taken => "[x]",
            SlotStatus::Skipped => "[-]",
            SlotStatus::Missed => "[!]",
            SlotStatus::Late => "[>]",
            SlotStatus::Due => "[*]",
            SlotStatus::Upcoming => "[ ]",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TodaySlot {
    pub time: String,
    pub at: DateTime<FixedOffset>,
    pub amount_mcg: Amount,
    pub status: SlotStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taken_at: Option<DateTime<FixedOffset>>,
    /// What was taken for this slot (a skip is not an amount taken).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taken_amount_mcg: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NextDose {
    pub at: DateTime<FixedOffset>,
    pub amount_mcg: Amount,
    /// Negative when overdue.
    pub in_minutes: i64,
    pub status: SlotStatus,
}

#[derive(Debug, Clone, Serialize)]
pub struct Today {
    pub date: NaiveDate,
    pub now: DateTime<FixedOffset>,
    pub regimen: Option<Regimen>,
    pub schedule: Vec<TodaySlot>,
    pub next_dose: Option<NextDose>,
    pub doses: Vec<Entry>,
    pub total_mcg: Amount,
    pub max_daily_mcg: Amount,
    pub latest_drowsiness: Option<Entry>,
    pub open_flags: Vec<Flag>,
    /// The documented missed-dose guidance when a dose is late (nhs-missed-dose, seed-001).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missed_dose_note: Option<String>,
    /// Yesterday's last scheduled dose, when it was missed (shown as yesterday's, not today's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yesterday_missed: Option<TodaySlot>,
    /// Tablets on hand and the projected run-out, when the supply is tracked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supply: Option<crate::safety::supply::SupplyStatus>,
    /// The supply in one line, for the screen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supply_line: Option<String>,
    /// "above label maximum, prescribed" when the regimen is above the 80 mg label maximum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub above_label: Option<String>,
    /// The next planned step: "from Thursday: 15 mg at 08:00,14:00,20:00".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_step: Option<String>,
    /// As-needed baclofen taken today.
    pub as_needed_taken_mcg: Amount,
    /// As-needed doses today against their limits, when the regimen allows them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_needed_line: Option<String>,
    /// A regularly taken sedative, stated once (set by the caller, who has the medicines).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sedative_note: Option<String>,
    /// The intrathecal pump, when one is recorded (filled in by the caller).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pump: Option<crate::safety::pump::PumpStatus>,
    /// "pump: refill needed by Tue 8 Dec (17 days)", and any open alarm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pump_line: Option<String>,
}

/// How long after its time a dose counts as late, not just due.
const DUE_WINDOW_MIN: i64 = 30;

pub fn today<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    flags: &[Flag],
    now: DateTime<Utc>,
    tz: &Tz,
) -> Today {
    let local_now = now.with_timezone(tz).fixed_offset();
    let date = local_now.date_naive();
    let regimen = regimen_at(regimens, now).cloned();
    // Only the last few days matter for today's schedule.
    let from = date - Duration::days(1);
    let recent: Vec<Entry> = entries
        .iter()
        .filter(|e| e.local_day() >= from - Duration::days(1))
        .cloned()
        .collect();
    let slots = schedule(&recent, regimens, Some(from), now, tz);
    let skip_within = Duration::hours(
        crate::safety::Catalog::builtin()
            .limits
            .missed_dose_skip_if_next_within_hours,
    );
    let mut out_slots = Vec::new();
    let mut next_dose = None;
    let mut yesterday_missed = None;
    let mut missed_before_next = None;
    for (i, s) in slots.iter().enumerate() {
        let day = s.at.date_naive();
        let next_at = slots.get(i + 1).map(|n| n.at);
        let taken = s.taken_by.map(|k| recent[k].kind.taken().is_zero());
        let status = slot_status(taken, s.at, next_at, local_now, skip_within);
        if next_dose.is_none()
            && matches!(
                status,
                SlotStatus::Late | SlotStatus::Due | SlotStatus::Upcoming
            )
        {
            next_dose = Some(NextDose {
                at: s.at,
                amount_mcg: s.dose,
                in_minutes: (s.at - local_now).num_minutes(),
                status,
            });
        }
        if next_dose.is_none() {
            // The slot just before the next dose, when it was missed.
            missed_before_next = (status == SlotStatus::Missed).then_some(s.at);
        }
        if day == date || (day < date && status == SlotStatus::Missed) {
            let e = s.taken_by.map(|k| &recent[k]);
            let slot = TodaySlot {
                time: s.at.format("%H:%M").to_string(),
                at: s.at,
                amount_mcg: s.dose,
                status,
                taken_at: e.map(|e| e.at),
                taken_amount_mcg: e.and_then(|e| match e.kind {
                    EntryKind::Dose {
                        amount_mcg,
                        skipped: false,
                        ..
                    } => Some(amount_mcg),
                    _ => None,
                }),
                entry_id: e.map(|e| e.id),
            };
            if day == date {
                out_slots.push(slot);
            } else {
                // Yesterday's last slot, when it was missed.
                yesterday_missed = Some(slot);
            }
        } else if day < date {
            yesterday_missed = None;
        }
    }
    let doses: Vec<Entry> = entries
        .iter()
        .filter(|e| e.local_day() == date && matches!(e.kind, EntryKind::Dose { .. }))
        .cloned()
        .collect();
    let total = doses
        .iter()
        .fold(Amount::from_mcg(0), |a, e| a.saturating_add(e.kind.taken()));
    let limits = &crate::safety::Catalog::builtin().limits;
    let documented = limits.max_daily();
    let max = regimen
        .as_ref()
        .map_or(documented, |r| r.effective_max(&limits.dose_limits()));
    let prn: Vec<&Entry> = doses.iter().filter(|e| e.kind.is_as_needed()).collect();
    let as_needed_taken = prn
        .iter()
        .fold(Amount::from_mcg(0), |a, e| a.saturating_add(e.kind.taken()));
    let as_needed_line = regimen
        .as_ref()
        .and_then(|r| r.as_needed)
        .map(|a| as_needed_line(&a, as_needed_taken, prn.last().map(|e| e.at), local_now));
    let above_label = regimen
        .as_ref()
        .filter(|r| crate::safety::regimen::above_label(r))
        .map(|_| crate::safety::regimen::ABOVE_LABEL_BADGE.to_string());
    let next_step = crate::safety::regimen::planned_steps(regimens, now)
        .first()
        .map(|r| crate::safety::regimen::step_line(r, now, tz));
    let latest_drowsiness = entries
        .iter()
        .rev()
        .find(|e| e.kind.drowsiness().is_some())
        .cloned();
    let mut open_flags: Vec<Flag> = flags.iter().filter(|f| f.is_open(now)).cloned().collect();
    open_flags.sort_by(|a, b| b.urgency.cmp(&a.urgency).then(b.at.cmp(&a.at)));
    let missed_dose_note = missed_note(
        next_dose.as_ref(),
        missed_before_next,
        local_now,
        skip_within,
    );
    Today {
        date,
        now: local_now,
        regimen,
        schedule: out_slots,
        next_dose,
        doses,
        total_mcg: total,
        max_daily_mcg: max,
        latest_drowsiness,
        open_flags,
        missed_dose_note,
        yesterday_missed,
        supply: None,
        supply_line: None,
        pump: None,
        pump_line: None,
        above_label,
        next_step,
        as_needed_taken_mcg: as_needed_taken,
        as_needed_line,
        sedative_note: None,
    }
}

/// "As needed: 10 mg of 20 mg today; the next from 16:30 (4 h after the last)".
fn as_needed_line(
    a: &crate::domain::AsNeeded,
    taken: Amount,
    last: Option<DateTime<FixedOffset>>,
    now: DateTime<FixedOffset>,
) -> String {
    let limit = a.daily_limit();
    let mut line = format!(
        "As needed: {taken} of {limit} taken today ({} a dose)",
        a.dose_mcg
    );
    if taken >= limit {
        line.push_str("; the as-needed limit for today is reached");
    } else if let Some(l) = last {
        let next = l + Duration::minutes(i64::from(a.min_gap_min));
        if next > now {
            line.push_str(&format!("; not before {}", next.format("%H:%M")));
        }
    }
    line
}

impl Today {
    /// Attaches the supply: its line, and, once the tablets are gone, the truth about a late
    /// dose (it cannot be taken when remembered: there are no tablets).
    pub fn with_supply<Tz: TimeZone>(
        mut self,
        supply: Option<crate::safety::supply::SupplyStatus>,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Today {
        if let Some(s) = &supply {
            self.supply_line = Some(crate::safety::supply::summary(s, now, tz));
            if let Some(ran_out) = s.ran_out {
                self.missed_dose_note = Some(format!(
                    "The tablets ran out {}: no dose can be taken until you have more. Get a supply today: your pharmacy, or out of hours an out-of-hours pharmacy or the urgent care line (111 in the UK); stopping suddenly can start withdrawal within 12-72 hours.",
                    ran_out.format("%a %-d %b %H:%M")
                ));
            }
        }
        self.supply = supply;
        self
    }
}

/// A slot's status: `taken` is `Some(true)` for a skip, `Some(false)` for a dose taken. A late
/// dose can still be taken until the next is under `skip_within` away; then it counts as missed
/// (the documented advice: never two doses at once).
fn slot_status(
    taken: Option<bool>,
    at: DateTime<FixedOffset>,
    next_at: Option<DateTime<FixedOffset>>,
    local_now: DateTime<FixedOffset>,
    skip_within: Duration,
) -> SlotStatus {
    match taken {
        Some(true) => return SlotStatus::Skipped,
        Some(false) => return SlotStatus::Taken,
        None => {}
    }
    let since = local_now - at;
    if next_at.is_some_and(|n| n <= local_now || n - local_now < skip_within)
        && since > Duration::minutes(DUE_WINDOW_MIN)
    {
        SlotStatus::Missed
    } else if since > Duration::minutes(DUE_WINDOW_MIN) {
        SlotStatus::Late
    } else if since >= -Duration::minutes(DUE_WINDOW_MIN) {
        SlotStatus::Due
    } else {
        SlotStatus::Upcoming
    }
}

/// "13:00" today, "20:00 yesterday", "08:00 tomorrow", "20:00 Wed 18 Nov" further.
pub fn slot_time(at: DateTime<FixedOffset>, today: NaiveDate) -> String {
    let d = at.date_naive();
    if d == today {
        at.format("%H:%M").to_string()
    } else if d + Duration::days(1) == today {
        format!("{} yesterday", at.format("%H:%M"))
    } else if d == today + Duration::days(1) {
        format!("{} tomorrow", at.format("%H:%M"))
    } else {
        at.format("%H:%M %a %-d %b").to_string()
    }
}

/// The documented missed-dose advice, when the next dose is late or a dose was just missed.
fn missed_note(
    next: Option<&NextDose>,
    missed: Option<DateTime<FixedOffset>>,
    local_now: DateTime<FixedOffset>,
    skip_within: Duration,
) -> Option<String> {
    let today = local_now.date_naive();
    match (next, missed) {
        (Some(n), _) if n.status == SlotStatus::Late => Some(format!(
            "The {} dose is late: the documented advice is to take it when you remember, unless the next dose is under 2 hours away; never take two doses at once.",
            slot_time(n.at, today)
        )),
        (Some(n), Some(m)) if n.at - local_now < skip_within && m < n.at => Some(format!(
            "The {} dose was missed and the next one is due at {}: the documented advice is to skip the missed one (the next is under 2 hours away) and never take two doses at once.",
            slot_time(m, today),
            slot_time(n.at, today)
        )),
        _ => None,
    }
}

/// "in 1 h 20 min", "now", "45 min ago".
pub fn countdown(minutes: i64) -> String {
    let m = minutes.abs();
    let txt = if m >= 60 {
        format!("{} h {} min", m / 60, m % 60)
    } else {
        format!("{m} min")
    };
    if minutes.abs() < 1 {
        "now".into()
    } else if minutes > 0 {
        format!("in {txt}")
    } else {
        format!("{txt} ago")
    }
}
