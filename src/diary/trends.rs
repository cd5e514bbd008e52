//! Trends and their period, for the command line, the app and the report.

use anyhow::Result;
use chrono::{DateTime, Duration, LocalResult, NaiveDate, TimeZone, Utc};

use super::Reader;
use crate::safety::trends::{self, Trends};

/// The instant local day `d` starts in `tz` (on a day that starts in a DST gap, midnight read
/// as UTC).
pub fn local_midnight<Tz: TimeZone>(tz: &Tz, d: NaiveDate) -> DateTime<Utc> {
    let midnight = d.and_hms_opt(0, 0, 0).expect("midnight");
    match tz.from_local_datetime(&midnight) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => Utc.from_utc_datetime(&midnight),
    }
}

impl<Tz: TimeZone> Reader<'_, Tz> {
    /// The local days a period covers: `since` (default `default_days` back from `until`) clipped
    /// to the diary's first entry, up to `until` (default today) clipped to today. An empty
    /// diary's period is today.
    pub fn period(
        &self,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
        default_days: i64,
    ) -> Result<(NaiveDate, NaiveDate)> {
        let today = self.now.with_timezone(self.tz).date_naive();
        let to = until
            .map(|u| u.with_timezone(self.tz).date_naive())
            .unwrap_or(today)
            .min(today);
        let from = since
            .map(|s| s.with_timezone(self.tz).date_naive())
            .unwrap_or(to - Duration::days(default_days.max(1) - 1));
        let from = match self.store.first_entry_at()? {
            Some(first) => from.max(first.date_naive()),
            None => to,
        };
        Ok((from.min(to), to))
    }

    /// The trends over the local days `from..=to` (entries from two days before, for the last
    /// dose and the factors before the first rating).
    pub fn trends(&self, from: NaiveDate, to: NaiveDate) -> Result<Trends> {
        let start = local_midnight(self.tz, from);
        let entries = self
            .store
            .entries_between(Some(start - Duration::days(2)), None)?;
        let regimens = self.store.regimens()?;
        Ok(trends::trends(&entries, &regimens, from, to, self.tz))
    }
}
