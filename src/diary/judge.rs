//! Bounded judging: `check`, `log` and the app's live preview judge a new entry against the
//! window of history the rules can look back over (`safety::rules::window`), read from the store,
//! never the whole history. Over that window they get the flags the whole history would give
//! (tests/window.rs compares the two on long diaries and at the window's edges).

use anyhow::Result;
use chrono::{DateTime, TimeZone, Utc};

use super::{Judged, Reader};
use crate::domain::{Entry, Regimen};
use crate::safety::rules::{Known, window};
use crate::safety::{self, CheckResult, Flag, History};

/// The history a judgement at an instant reads: entries from `from` on (to the end of the diary)
/// and every regimen.
#[derive(Debug, Clone)]
pub struct Window {
    pub from: DateTime<Utc>,
    pub entries: Vec<Entry>,
    pub regimens: Vec<Regimen>,
}

impl Window {
    /// The window as a history to judge a text against.
    pub fn history<'a>(&'a self, known: Option<&'a Known>) -> History<'a> {
        History {
            entries: &self.entries,
            regimens: &self.regimens,
            from: Some(self.from),
            known,
        }
    }
}

impl<Tz: TimeZone> Reader<'_, Tz> {
    /// The window a judgement of something at `at` needs: [`window::lookback`] before it, or
    /// from the last dose before that when a gap in doses runs across it.
    pub fn window(&self, at: DateTime<Utc>) -> Result<Window> {
        let w = at - window::lookback(self.catalog);
        let last = self.store.last_dose_before(w)?;
        let regimens = self.store.regimens()?;
        let from = window::window_start(at, last, &regimens, self.catalog);
        Ok(Window {
            from,
            entries: self.store.entries_between(Some(from), None)?,
            regimens,
        })
    }

    /// `check TEXT`: the text judged as a symptom logged now, against the bounded window (and,
    /// for a pump user, what it would mean for the pump).
    pub fn check(&self, text: &str) -> Result<CheckResult> {
        let w = self.window(self.now)?;
        let mut res = safety::check_text_in(
            text,
            &self.patient,
            Some(w.history(None)),
            None,
            self.now,
            self.tz,
        );
        let pump = self.store.pump_history()?;
        safety::pump::check_for_pump(&mut res, &pump, self.now, self.tz, self.catalog);
        Ok(res)
    }

    /// The flags of the history from `at` on, as they stand now, judged in the bounded window
    /// (acknowledgements applied): what `log` prints for an entry at `at`. Flags before `at` are
    /// left out (the window's start is only there for the rules to look back over).
    pub fn judged_since(&self, at: DateTime<Utc>) -> Result<Judged> {
        let at = at.min(self.now);
        let Window {
            from,
            entries,
            regimens,
        } = self.window(at)?;
        let mut flags = self.evaluate_from(&entries, &regimens, from)?;
        flags.retain(|f| f.at.with_timezone(&Utc) >= at);
        self.add_forecasts(&mut flags, &regimens, self.now)?;
        Ok(Judged {
            entries,
            regimens,
            flags,
        })
    }

    /// The rules over `entries` read from `from` on, as they stand now.
    fn evaluate_from(
        &self,
        entries: &[Entry],
        regimens: &[Regimen],
        from: DateTime<Utc>,
    ) -> Result<Vec<Flag>> {
        let meds = self.store.medicines()?;
        Ok(safety::evaluate_window(
            entries,
            regimens,
            &meds,
            self.now,
            self.tz,
            self.catalog,
            Some(from),
            None,
            &self.patient,
        ))
    }

    /// The flags raised from `from` up to (not including) `to`, as they stand now: what an older
    /// page of the app's Flags screen shows. Judged in a bounded window: entries from the rules'
    /// look-back before `from`, up to the look-back after the first dose taken from `to` on (a
    /// gap in doses before `to` is named with the dose that ended it); the same flags as over the
    /// whole history (tests/window.rs). Acknowledgements applied, oldest first.
    pub fn flags_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Flag>> {
        let to = to.min(self.now);
        let from = from.min(to);
        let lookback = window::lookback(self.catalog);
        let regimens = self.store.regimens()?;
        let last = self.store.last_dose_before(from - lookback)?;
        let start = window::window_start(from, last, &regimens, self.catalog);
        let until = self
            .store
            .first_dose_from(to)?
            .map(|d| d.max(to) + lookback);
        let entries = self.store.entries_between(Some(start), until)?;
        let engine = self.evaluate_from(&entries, &regimens, start)?;
        let pump = self.store.pump_history()?;
        let pump_flags = safety::pump::flags(&pump, &engine, self.now, self.tz, self.catalog);
        let mut flags: Vec<Flag> = engine
            .into_iter()
            .chain(pump_flags)
            .filter(|f| {
                let at = f.at.with_timezone(&Utc);
                at >= from && at < to
            })
            .collect();
        flags.sort_by(|a, b| a.at.cmp(&b.at).then(b.urgency.cmp(&a.urgency)));
        self.mark_acknowledged(&mut flags)?;
        Ok(flags)
    }

    /// When the diary's history begins: its first entry, regimen, other medicine or pump record
    /// (no flag is older). `None` for an empty diary.
    pub fn history_start(&self) -> Result<Option<DateTime<Utc>>> {
        let utc = |t: &chrono::DateTime<chrono::FixedOffset>| t.with_timezone(&Utc);
        let pump = self.store.pump_history()?;
        let first = [
            self.store.first_entry_at()?.map(|t| utc(&t)),
            self.store
                .regimens()?
                .iter()
                .map(|r| utc(&r.effective_from))
                .min(),
            self.store.medicines()?.iter().map(|m| utc(&m.from)).min(),
            pump.settings.iter().map(|s| utc(&s.effective_from)).min(),
            pump.refills.iter().map(|r| utc(&r.at)).min(),
            pump.alarms.iter().map(|a| utc(&a.at)).min(),
        ];
        Ok(first.into_iter().flatten().min())
    }

    /// Adds the supply and pump flags to the engine's, sorts them and applies the
    /// acknowledgements.
    pub(super) fn add_forecasts(
        &self,
        flags: &mut Vec<Flag>,
        regimens: &[Regimen],
        at: DateTime<Utc>,
    ) -> Result<()> {
        flags.extend(self.supply_flag(regimens, at)?);
        let pump = self.store.pump_history()?;
        let pump_flags = safety::pump::flags(&pump, flags, at, self.tz, self.catalog);
        flags.extend(pump_flags);
        flags.sort_by(|a, b| a.at.cmp(&b.at).then(b.urgency.cmp(&a.urgency)));
        self.mark_acknowledged(flags)
    }
}
