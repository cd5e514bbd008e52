//! The bounded window a new entry is judged in: `check`, `log` and the app's live preview judge
//! what was just written against the last weeks, not the whole history, and get exactly the flags
//! the whole history would give it (tests/window.rs compares the two).
//!
//! How far each rule looks back from an entry, read from the catalog's limits:
//! - a gap in doses (`dose_gap_hours`) opens a withdrawal window that stays open
//!   `withdrawal_window_hours` after the next dose; finding the gap needs the scheduled slot's own
//!   window (`slot_window_before_first_hours`, `slot_window_after_last_hours`);
//! - a sharp reduction is a day against the `rapid_reduction_days` before it, and only the first
//!   day of a run counts (one more day), with its withdrawal window after it; a rapid escalation
//!   compares the same days;
//! - an overdose sign counts `overdose_window_hours` after a day over the maximum (the whole day);
//! - kidney: `kidney_window_days` after a day at the kidney dose, and the day before it (runs);
//! - a change in mood counts while the dose rose in the last [`RISING_DAYS`] days;
//! - drowsiness trends compare two means of [`MEAN_DAYS`] days, and only the first rising day
//!   counts (one more day).
//!
//! Every local day is read whole (one more day for the time zone). A gap that runs across the
//! window's start is read from the last dose before it, so the flag names the same start as over
//! the whole history.

use chrono::{DateTime, Duration, Utc};

use super::drowsiness_rising::MEAN_DAYS;
use super::high_dose_watch::RISING_DAYS;
use crate::domain::Regimen;
use crate::safety::catalog::Catalog;

/// How far back from an entry the rules look, at most (see the module's list).
pub fn lookback(cat: &Catalog) -> Duration {
    let l = &cat.limits;
    let hours = Duration::hours;
    let days = Duration::days;
    let gap = hours(
        l.dose_gap_hours
            + l.withdrawal_window_hours
            + l.slot_window_before_first_hours
            + l.slot_window_after_last_hours,
    );
    let reduction = days(l.rapid_reduction_days + 2) + hours(l.withdrawal_window_hours);
    let overdose = days(1) + hours(l.overdose_window_hours.max(l.min_spacing_hours));
    let kidney = days(l.kidney_window_days + 1);
    let sedative = hours(l.sedative_window_hours.max(l.allergic_cluster_hours));
    let rising = days(RISING_DAYS + 1);
    let drowsiness = days(2 * MEAN_DAYS + 1);
    let longest = [
        gap, reduction, overdose, kidney, sedative, rising, drowsiness,
    ]
    .into_iter()
    .max()
    .unwrap_or(drowsiness);
    // Local days are read whole: one more day for any time zone.
    longest + days(1)
}

/// Where judging something at `at` starts reading: [`lookback`] before it, or, when a gap in
/// doses runs across that point, the day before the last dose taken before it (`last_dose`, the
/// store's answer), so that the gap is found where the whole history finds it. With no dose
/// before it, the schedule is judged from the first regimen on, as over the whole history.
pub fn window_start(
    at: DateTime<Utc>,
    last_dose: Option<DateTime<Utc>>,
    regimens: &[Regimen],
    cat: &Catalog,
) -> DateTime<Utc> {
    let w = at - lookback(cat);
    match last_dose {
        Some(d) => w.min(d - Duration::days(1)),
        None => regimens
            .iter()
            .map(|r| r.effective_from.with_timezone(&Utc) - Duration::days(1))
            .min()
            .map_or(w, |r| w.min(r)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_covers_the_longest_look_back_of_the_catalog() {
        let cat = Catalog::builtin();
        let lb = lookback(cat);
        // Drowsiness trends (two weeks and a day) are the longest with the built-in limits.
        assert_eq!(lb, Duration::days(2 * MEAN_DAYS + 2));
        let l = &cat.limits;
        assert!(lb > Duration::hours(l.withdrawal_window_hours + l.dose_gap_hours));
        assert!(lb > Duration::days(l.rapid_reduction_days + 1));
    }

    #[test]
    fn a_gap_across_the_start_reads_from_the_last_dose() {
        let cat = Catalog::builtin();
        let at = DateTime::parse_from_rfc3339("2026-11-20T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let recent = at - Duration::hours(30);
        assert_eq!(window_start(at, Some(recent), &[], cat), at - lookback(cat));
        let old = at - Duration::days(90);
        assert_eq!(
            window_start(at, Some(old), &[], cat),
            old - Duration::days(1)
        );
        assert_eq!(window_start(at, None, &[], cat), at - lookback(cat));
    }
}
