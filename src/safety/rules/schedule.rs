//! The dose schedule: which slots the regimen history asks for, and which logged dose fills each.

use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDate, TimeZone, Utc};

use super::regimen_at;
use crate::domain::{Amount, Entry, EntryKind, Regimen};
use crate::safety::catalog::{Catalog, Limits};

/// A scheduled dose time and what happened to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub at: DateTime<FixedOffset>,
    pub dose: Amount,
    /// Index into the entries of the dose assigned to this slot.
    pub taken_by: Option<usize>,
    pub skipped: bool,
}

/// Expands the regimen history into scheduled slots from the first regimen to `until` (local days,
/// wall-clock times in `tz`), and assigns each logged dose to a slot (see [`schedule_with`]), with
/// the windows of the built-in catalog.
pub fn schedule<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    from_day: Option<NaiveDate>,
    until: DateTime<Utc>,
    tz: &Tz,
) -> Vec<Slot> {
    schedule_with(
        &Catalog::builtin().limits,
        entries,
        regimens,
        from_day,
        until,
        tz,
    )
}

/// One wall-clock time on one local day as an instant (the later one when the clock falls back,
/// an hour on when it springs forward over it).
fn local_slot<Tz: TimeZone>(tz: &Tz, day: NaiveDate, t: chrono::NaiveTime) -> Option<DateTime<Tz>> {
    match tz.from_local_datetime(&day.and_time(t)) {
        LocalResult::Single(x) | LocalResult::Ambiguous(x, _) => Some(x),
        LocalResult::None => {
            match tz.from_local_datetime(&(day.and_time(t) + Duration::hours(1))) {
                LocalResult::Single(x) | LocalResult::Ambiguous(x, _) => Some(x),
                LocalResult::None => None,
            }
        }
    }
}

/// The scheduled times of one local day, from whichever regimen is in force at each of them.
fn day_slots<Tz: TimeZone>(
    regimens: &[Regimen],
    day: NaiveDate,
    tz: &Tz,
) -> Vec<(DateTime<FixedOffset>, Amount)> {
    let mut times: Vec<(DateTime<FixedOffset>, Amount)> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    // Only the regimen in force as the day starts and those starting during it matter.
    let day_start = Utc.from_utc_datetime(
        &(day - Duration::days(1))
            .and_hms_opt(12, 0, 0)
            .expect("noon"),
    );
    let day_end = day_start + Duration::days(2);
    let first = regimens
        .iter()
        .rposition(|r| r.effective_from.with_timezone(&Utc) <= day_start)
        .unwrap_or(0);
    let relevant = regimens[first..]
        .iter()
        .take_while(|r| r.effective_from.with_timezone(&Utc) < day_end);
    for r in relevant {
        for t in &r.times {
            if !seen.insert(*t) {
                continue;
            }
            let Some(inst) = local_slot(tz, day, *t) else {
                continue;
            };
            let u = inst.with_timezone(&Utc);
            if let Some(active) = regimen_at(regimens, u)
                && active.times.contains(t)
            {
                times.push((inst.fixed_offset(), active.dose_at(*t)));
            }
        }
    }
    times.sort_by_key(|x| x.0);
    times
}

/// As [`schedule`], with the windows of `lim`.
///
/// A dose belongs to the earliest open slot whose window holds it; a slot's window runs from where
/// the previous one ended until `missed_dose_skip_if_next_within_hours` before the next slot (or
/// half the gap, if smaller): a late dose taken while the next is still that far away or more is
/// the late dose (the documented missed-dose rule), one taken closer is the next dose early.
pub fn schedule_with<Tz: TimeZone>(
    lim: &Limits,
    entries: &[Entry],
    regimens: &[Regimen],
    from_day: Option<NaiveDate>,
    until: DateTime<Utc>,
    tz: &Tz,
) -> Vec<Slot> {
    let mut slots: Vec<Slot> = Vec::new();
    let Some(first) = regimens.first() else {
        return slots;
    };
    let start_day = first.effective_from.with_timezone(tz).date_naive();
    let start_day = from_day.map_or(start_day, |d| d.max(start_day));
    let end_day = until.with_timezone(tz).date_naive() + Duration::days(1);
    let mut day = start_day;
    while day <= end_day {
        for (at, dose) in day_slots(regimens, day, tz) {
            slots.push(Slot {
                at,
                dose,
                taken_by: None,
                skipped: false,
            });
        }
        day += Duration::days(1);
    }
    let near = Duration::hours(lim.missed_dose_skip_if_next_within_hours);
    let doses: Vec<usize> = entries
        .iter()
        .enumerate()
        // As-needed doses never fill a scheduled slot.
        .filter(|(_, e)| {
            matches!(
                e.kind,
                EntryKind::Dose {
                    as_needed: false,
                    ..
                }
            )
        })
        .map(|(i, _)| i)
        .collect();
    let mut di = 0;
    for si in 0..slots.len() {
        let s_at = slots[si].at;
        let lo = if si > 0 {
            let prev = slots[si - 1].at;
            s_at - ((s_at - prev) / 2).min(near)
        } else {
            s_at - Duration::hours(lim.slot_window_before_first_hours)
        };
        let hi = match slots.get(si + 1) {
            Some(next) => next.at - ((next.at - s_at) / 2).min(near),
            None => s_at + Duration::hours(lim.slot_window_after_last_hours),
        };
        while di < doses.len() && entries[doses[di]].at < lo {
            di += 1;
        }
        if di < doses.len() && entries[doses[di]].at <= hi {
            let e = &entries[doses[di]];
            slots[si].taken_by = Some(doses[di]);
            slots[si].skipped = matches!(e.kind, EntryKind::Dose { skipped: true, .. });
            di += 1;
        }
    }
    slots
}
