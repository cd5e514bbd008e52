//! dose_gap: no dose taken for the catalog's gap length after a scheduled one. Each gap also opens
//! a withdrawal window (see withdrawal_window).

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::context::{Ctx, Window};
use super::{Flag, RuleId, fmt_duration, fmt_when};
use crate::safety::catalog::Urgency;

/// One gap in doses long enough to flag.
pub(super) struct Gap {
    pub start: DateTime<Utc>,
    /// When the next dose was taken; `now` if none yet.
    pub end: DateTime<Utc>,
    pub detail: String,
}

/// The gaps in the history, oldest first.
pub(super) fn gaps<Tz: TimeZone>(cx: &Ctx<'_, Tz>) -> Vec<Gap> {
    let gap_len = Duration::hours(cx.lim.dose_gap_hours);
    let taken = cx.taken_times();
    let mut covered_until: Option<DateTime<Utc>> = None;
    let mut out = Vec::new();
    for (_, s) in cx.judged_slots() {
        let s_utc = s.at.with_timezone(&Utc);
        let taken_here = s.taken_by.is_some() && !s.skipped;
        if taken_here || covered_until.is_some_and(|u| s_utc < u) {
            continue;
        }
        // The gap runs from this slot to the next dose actually taken.
        let next_dose = taken.get(taken.partition_point(|t| *t <= s_utc)).copied();
        let end = next_dose.unwrap_or(cx.now);
        covered_until = Some(next_dose.unwrap_or(DateTime::<Utc>::MAX_UTC));
        if end - s_utc < gap_len {
            continue;
        }
        let detail = match next_dose {
            Some(nd) => format!(
                "no dose logged from the dose due at {} until {} ({}).",
                s.at.format("%H:%M on %a %-d %b"),
                fmt_when(&cx.local(nd)),
                fmt_duration(nd - s_utc)
            ),
            None => format!(
                "no dose logged since the dose due at {} ({} so far).",
                s.at.format("%H:%M on %a %-d %b"),
                fmt_duration(cx.now - s_utc)
            ),
        };
        out.push(Gap {
            start: s_utc,
            end,
            detail,
        });
    }
    out
}

pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>, gaps: &[Gap]) -> Vec<Flag> {
    let gap_len = Duration::hours(cx.lim.dose_gap_hours);
    gaps.iter()
        .map(|g| {
            cx.flag(
                RuleId::DoseGap,
                Urgency::Urgent,
                cx.local(g.start + gap_len),
                g.detail.clone(),
                None,
                None,
            )
        })
        .collect()
}

/// The withdrawal window each gap opens: from its start to the catalog's window after it ends.
pub(super) fn windows<Tz: TimeZone>(cx: &Ctx<'_, Tz>, gaps: &[Gap]) -> Vec<Window> {
    gaps.iter()
        .map(|g| Window {
            start: g.start,
            end: g.end + Duration::hours(cx.lim.withdrawal_window_hours),
            cause: format!("a gap in doses ({})", g.detail.trim_end_matches('.')),
        })
        .collect()
}
