//! Guarding against repeats: a second dose within the minimum spacing of another, or the same
//! symptom text again within a minute, is most often a key pressed twice. The app asks before
//! saving it; the command line saves it and warns.

use chrono::{DateTime, Duration, FixedOffset, Utc};

use super::{Entry, EntryKind, NewEntry};

/// The earlier entry a new one repeats.
#[derive(Debug, Clone, PartialEq)]
pub struct Repeat {
    /// What was logged, as the user reads it: "10 mg", "\"dizzy\"".
    pub what: String,
    /// When the earlier one was logged for.
    pub at: DateTime<FixedOffset>,
    /// How long ago that is from now (negative: a time later than now).
    pub ago: Duration,
    pub is_dose: bool,
}

/// Same symptom text: within this time of the other.
pub const SAME_TEXT_WITHIN: Duration = Duration::minutes(1);

fn norm(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The entry in `entries` that `new` repeats, if any: for a taken dose, the taken dose nearest
/// in time within `min_spacing`; for a symptom, the same text (case and spacing aside) within a
/// minute. Skips, intakes and edits are never repeats.
pub fn find_repeat(
    entries: &[Entry],
    new: &NewEntry,
    now: DateTime<Utc>,
    min_spacing: Duration,
) -> Option<Repeat> {
    let near = |e: &&Entry, within: Duration| (e.at - new.at).abs() < within;
    let earlier = match &new.kind {
        EntryKind::Dose { skipped: false, .. } => entries
            .iter()
            .filter(|e| !e.kind.taken().is_zero())
            .filter(|e| near(e, min_spacing))
            .min_by_key(|e| (e.at - new.at).abs())?,
        EntryKind::Symptom { text, .. } => {
            let t = norm(text);
            entries
                .iter()
                .filter(|e| e.kind.text().is_some_and(|x| norm(x) == t))
                .filter(|e| matches!(e.kind, EntryKind::Symptom { .. }))
                .filter(|e| near(e, SAME_TEXT_WITHIN + Duration::seconds(1)))
                .min_by_key(|e| (e.at - new.at).abs())?
        }
        _ => return None,
    };
    let what = match &earlier.kind {
        EntryKind::Dose { .. } => earlier.kind.taken().to_string(),
        _ => format!("\"{}\"", earlier.kind.text().unwrap_or_default()),
    };
    Some(Repeat {
        what,
        at: earlier.at,
        ago: now - earlier.at.with_timezone(&Utc),
        is_dose: matches!(earlier.kind, EntryKind::Dose { .. }),
    })
}

impl Repeat {
    /// "You logged 10 mg at 18:30, 1 minute ago."
    pub fn sentence(&self) -> String {
        let m = self.ago.num_minutes();
        let ago = match m {
            i64::MIN..=-1 => "later today".to_string(),
            0 => "less than a minute ago".to_string(),
            1 => "1 minute ago".to_string(),
            2..=59 => format!("{m} minutes ago"),
            _ => format!("{} h {} min ago", m / 60, m % 60),
        };
        let when = if !(0..24 * 60).contains(&m) {
            self.at.format("%H:%M on %a %-d %b").to_string()
        } else {
            self.at.format("%H:%M").to_string()
        };
        format!("You logged {} at {when}, {ago}.", self.what)
    }
    /// The app's question: "... Log another? y/N".
    pub fn question(&self) -> String {
        let ask = if self.is_dose {
            "Log another?"
        } else {
            "Log it again?"
        };
        format!("{} {ask} y/N", self.sentence())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Amount;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 20, h, m, 0)
            .unwrap()
    }
    fn entry(id: i64, t: DateTime<FixedOffset>, kind: EntryKind) -> Entry {
        Entry {
            id,
            uid: id.to_string(),
            at: t,
            recorded_at: t.with_timezone(&Utc),
            kind,
            note: None,
            edited_at: None,
        }
    }
    fn dose(mg: u64, skipped: bool) -> EntryKind {
        EntryKind::Dose {
            amount_mcg: Amount::from_mg(mg),
            skipped,
            as_needed: false,
        }
    }
    fn symptom(t: &str) -> EntryKind {
        EntryKind::Symptom {
            text: t.into(),
            severity: None,
            drowsiness_rating: false,
            about: None,
        }
    }

    #[test]
    fn a_second_dose_within_the_spacing_is_a_repeat() {
        let now = at(18, 31).with_timezone(&Utc);
        let old = [entry(1, at(18, 30), dose(10, false))];
        let new = |t, k| NewEntry {
            at: t,
            kind: k,
            note: None,
        };
        let r = find_repeat(
            &old,
            &new(at(18, 31), dose(10, false)),
            now,
            Duration::hours(2),
        )
        .expect("a repeat");
        assert_eq!(
            r.question(),
            "You logged 10 mg at 18:30, 1 minute ago. Log another? y/N"
        );
        // Two hours later is the next dose, not a repeat; a skip never is.
        let later = new(at(20, 30), dose(10, false));
        assert!(find_repeat(&old, &later, now, Duration::hours(2)).is_none());
        assert!(
            find_repeat(
                &old,
                &new(at(18, 31), dose(10, true)),
                now,
                Duration::hours(2)
            )
            .is_none()
        );
        // A skipped slot is not a dose taken.
        let skipped = [entry(1, at(18, 30), dose(10, true))];
        assert!(
            find_repeat(
                &skipped,
                &new(at(18, 31), dose(10, false)),
                now,
                Duration::hours(2)
            )
            .is_none()
        );
    }

    #[test]
    fn the_same_symptom_within_a_minute_is_a_repeat() {
        let now = at(9, 1).with_timezone(&Utc);
        let old = [entry(1, at(9, 0), symptom("Dizzy  "))];
        let new = |t, s| NewEntry {
            at: t,
            kind: symptom(s),
            note: None,
        };
        let r = find_repeat(&old, &new(at(9, 1), "dizzy"), now, Duration::hours(2)).unwrap();
        assert_eq!(
            r.question(),
            "You logged \"Dizzy  \" at 09:00, 1 minute ago. Log it again? y/N"
        );
        assert!(find_repeat(&old, &new(at(9, 2), "dizzy"), now, Duration::hours(2)).is_none());
        assert!(find_repeat(&old, &new(at(9, 1), "headache"), now, Duration::hours(2)).is_none());
    }
}
