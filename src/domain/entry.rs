//! Diary entries and the prescribed regimen.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::Amount;

/// Longest free text the diary keeps in one field.
pub const MAX_TEXT_CHARS: usize = 2000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum EntryKind {
    Dose {
        amount_mcg: Amount,
        /// A scheduled dose deliberately not taken.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        skipped: bool,
        /// An as-needed (PRN) dose: it never fills a scheduled slot, but counts toward the daily
        /// total and the minimum spacing.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        as_needed: bool,
    },
    Symptom {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        severity: Option<u8>,
        /// A 0-10 drowsiness rating (text is "drowsiness", severity is the rating).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        drowsiness_rating: bool,
        /// Who the text is about, when the writer said so (`--about`, or the app's question):
        /// a serious sign that reads as someone else's counts for the patient with `Patient`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        about: Option<About>,
    },
    Intake {
        text: String,
    },
    /// A dose of another regularly prescribed medicine, ticked off (`log med NAME`).
    Med {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dose: Option<String>,
    },
    /// A benefit rating: spasticity 0-10 or spasm frequency 0-4 over the last 24 hours.
    Rating {
        scale: RatingScale,
        value: u8,
    },
}

/// Who a symptom's text is about, as the writer answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum About {
    /// The patient whose diary this is.
    Patient,
    /// Someone (or something) else.
    Other,
}

impl About {
    pub fn name(self) -> &'static str {
        match self {
            About::Patient => "patient",
            About::Other => "other",
        }
    }
    pub fn from_name(s: &str) -> Option<About> {
        match s.trim().to_ascii_lowercase().as_str() {
            "patient" => Some(About::Patient),
            "other" => Some(About::Other),
            _ => None,
        }
    }
}

/// The benefit scales the diary keeps, each over the last 24 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RatingScale {
    /// Spasticity numeric rating scale: average stiffness, 0 (none) to 10 (worst imaginable).
    Spasticity,
    /// Spasm frequency (Penn-style): 0 none, 1 only when stimulated, 2 less than once an hour,
    /// 3 one to ten an hour, 4 more than ten an hour.
    Spasms,
}

impl RatingScale {
    pub const ALL: [RatingScale; 2] = [RatingScale::Spasticity, RatingScale::Spasms];

    pub fn name(self) -> &'static str {
        match self {
            RatingScale::Spasticity => "spasticity",
            RatingScale::Spasms => "spasms",
        }
    }
    pub fn from_name(s: &str) -> Option<RatingScale> {
        match s {
            "spasticity" => Some(RatingScale::Spasticity),
            "spasms" => Some(RatingScale::Spasms),
            _ => None,
        }
    }
    /// The highest value on the scale.
    pub fn highest(self) -> u8 {
        match self {
            RatingScale::Spasticity => 10,
            RatingScale::Spasms => 4,
        }
    }
    /// What one value means, in words.
    pub fn meaning(self, value: u8) -> &'static str {
        match (self, value) {
            (RatingScale::Spasticity, 0) => "no stiffness",
            (RatingScale::Spasticity, 1..=3) => "mild stiffness",
            (RatingScale::Spasticity, 4..=6) => "moderate stiffness",
            (RatingScale::Spasticity, 7..=9) => "severe stiffness",
            (RatingScale::Spasticity, _) => "worst stiffness imaginable",
            (RatingScale::Spasms, 0) => "no spasms",
            (RatingScale::Spasms, 1) => "spasms only when stimulated",
            (RatingScale::Spasms, 2) => "spasms less than once an hour",
            (RatingScale::Spasms, 3) => "1 to 10 spasms an hour",
            (RatingScale::Spasms, _) => "more than 10 spasms an hour",
        }
    }
    /// The accepted values, for error lines and help.
    pub fn accepted(self) -> &'static str {
        match self {
            RatingScale::Spasticity => {
                "a whole number from 0 (no stiffness) to 10 (worst imaginable), the average over the last 24 hours"
            }
            RatingScale::Spasms => {
                "0 none, 1 only when stimulated, 2 less than once an hour, 3 1-10 an hour, 4 more than 10 an hour (last 24 hours)"
            }
        }
    }
}

/// Parses a rating on `scale`, e.g. "6" for spasticity or "2" for spasms.
pub fn parse_rating(scale: RatingScale, s: &str) -> Result<u8, InputError> {
    let t = s.trim();
    let t = t
        .strip_suffix("/10")
        .or_else(|| t.strip_suffix("/4"))
        .unwrap_or(t);
    match t.trim().parse::<u8>() {
        Ok(v) if v <= scale.highest() => Ok(v),
        _ => Err(InputError::Rating(scale, s.trim().to_string())),
    }
}

impl EntryKind {
    pub fn name(&self) -> &'static str {
        match self {
            EntryKind::Dose { .. } => "dose",
            EntryKind::Symptom { .. } => "symptom",
            EntryKind::Intake { .. } => "intake",
            EntryKind::Med { .. } => "med",
            EntryKind::Rating { .. } => "rating",
        }
    }
    /// The value when this is a rating on `scale`.
    pub fn rating(&self, scale: RatingScale) -> Option<u8> {
        match self {
            EntryKind::Rating { scale: s, value } if *s == scale => Some(*value),
            _ => None,
        }
    }
    /// A baclofen dose (taken or skipped).
    pub fn dose(amount: Amount) -> EntryKind {
        EntryKind::Dose {
            amount_mcg: amount,
            skipped: false,
            as_needed: false,
        }
    }
    /// An as-needed dose taken.
    pub fn is_as_needed(&self) -> bool {
        matches!(
            self,
            EntryKind::Dose {
                as_needed: true,
                ..
            }
        )
    }
    /// Amount actually taken (zero for skipped doses and non-doses).
    pub fn taken(&self) -> Amount {
        match self {
            EntryKind::Dose {
                amount_mcg,
                skipped: false,
                ..
            } => *amount_mcg,
            _ => Amount::from_mcg(0),
        }
    }
    pub fn text(&self) -> Option<&str> {
        match self {
            EntryKind::Symptom { text, .. } | EntryKind::Intake { text } => Some(text),
            EntryKind::Med { name, .. } => Some(name),
            EntryKind::Dose { .. } | EntryKind::Rating { .. } => None,
        }
    }
    pub fn drowsiness(&self) -> Option<u8> {
        match self {
            EntryKind::Symptom {
                severity: Some(s),
                drowsiness_rating: true,
                ..
            } => Some(*s),
            _ => None,
        }
    }
    /// One line a person can read: "10 mg", "dizzy (4/10)", "2 beers".
    pub fn summary(&self) -> String {
        match self {
            EntryKind::Dose {
                amount_mcg,
                skipped: false,
                as_needed: false,
            } => format!("{amount_mcg}"),
            EntryKind::Dose {
                amount_mcg,
                skipped: false,
                as_needed: true,
            } => format!("{amount_mcg} as needed"),
            EntryKind::Dose {
                amount_mcg,
                skipped: true,
                ..
            } => format!("skipped {amount_mcg}"),
            EntryKind::Med {
                name,
                dose: Some(d),
            } => format!("{name} {d} (taken)"),
            EntryKind::Med { name, dose: None } => format!("{name} (taken)"),
            EntryKind::Symptom {
                severity: Some(s),
                drowsiness_rating: true,
                ..
            } => {
                format!("drowsiness {s}/10")
            }
            EntryKind::Symptom {
                text,
                severity: Some(s),
                ..
            } => format!("{} ({s}/10)", super::sanitize(text)),
            EntryKind::Symptom { text, .. } | EntryKind::Intake { text } => {
                super::sanitize(text).into_owned()
            }
            EntryKind::Rating { scale, value } => {
                format!("{} {value}/{}", scale.name(), scale.highest())
            }
        }
    }
}

/// One diary entry. `at` carries the instant and the local UTC offset in force when it happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: i64,
    /// Stable across export and import.
    pub uid: String,
    pub at: DateTime<FixedOffset>,
    pub recorded_at: DateTime<Utc>,
    #[serde(flatten)]
    pub kind: EntryKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<DateTime<Utc>>,
}

impl Entry {
    pub fn local_day(&self) -> NaiveDate {
        self.at.date_naive()
    }
}

/// A new entry before it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEntry {
    pub at: DateTime<FixedOffset>,
    pub kind: EntryKind,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("the symptom text is empty; describe what you notice, e.g. \"dizzy when standing\"")]
    EmptyText,
    #[error(
        "the text has only control or invisible characters; write what you notice in words, e.g. \"dizzy when standing\""
    )]
    OnlyControls,
    #[error("the note is empty; leave --note out, or write the note, e.g. --note \"after lunch\"")]
    EmptyNote,
    #[error("the text is longer than {MAX_TEXT_CHARS} characters; shorten it")]
    TextTooLong,
    #[error("severity '{0}' is outside 0-10; accepted: a whole number from 0 (none) to 10 (worst)")]
    Severity(String),
    #[error("{name} '{1}' is not accepted; accepted: {acc}", name = .0.name(), acc = .0.accepted())]
    Rating(RatingScale, String),
    #[error("'{0}' is not a time of day; accepted: HH:MM[,HH:MM...] such as 08:00,14:00,20:00")]
    BadTime(String),
    #[error("'{0}' appears twice in the schedule; each dose time once, e.g. 08:00,14:00,20:00")]
    DuplicateTime(String),
    #[error("the schedule is empty; accepted: HH:MM[,HH:MM...] such as 08:00,14:00,20:00")]
    NoTimes,
    #[error("the schedule has {0} times; at most 8 doses a day are accepted")]
    TooManyTimes(usize),
}

/// Checks free text for a symptom or intake and returns it trimmed.
pub fn clean_text(text: &str) -> Result<String, InputError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(InputError::EmptyText);
    }
    if t.chars().count() > MAX_TEXT_CHARS {
        return Err(InputError::TextTooLong);
    }
    // Stored as typed, but there must be something to read.
    if super::safe_text::is_blank(t) {
        return Err(InputError::OnlyControls);
    }
    Ok(t.to_string())
}

/// Checks a note: like [`clean_text`], but an empty one is named as a note.
pub fn clean_note(text: &str) -> Result<String, InputError> {
    match clean_text(text) {
        Err(InputError::EmptyText) => Err(InputError::EmptyNote),
        r => r,
    }
}

pub fn parse_severity(s: &str) -> Result<u8, InputError> {
    match s.trim().parse::<u8>() {
        Ok(v) if v <= 10 => Ok(v),
        _ => Err(InputError::Severity(s.trim().to_string())),
    }
}

/// Parses `08:00,14:00,20:00` into sorted unique times.
pub fn parse_times(s: &str) -> Result<Vec<NaiveTime>, InputError> {
    let mut out = Vec::new();
    for part in s.split(',') {
        let p = part.trim();
        if p.is_empty() {
            continue;
        }
        let t = super::when::parse_clock(&p.to_lowercase())
            .ok_or_else(|| InputError::BadTime(p.to_string()))?;
        if out.contains(&t) {
            return Err(InputError::DuplicateTime(p.to_string()));
        }
        out.push(t);
    }
    if out.is_empty() {
        return Err(InputError::NoTimes);
    }
    if out.len() > 8 {
        return Err(InputError::TooManyTimes(out.len()));
    }
    out.sort();
    Ok(out)
}

/// The prescription in force from `effective_from` until the next regimen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Regimen {
    pub id: i64,
    pub effective_from: DateTime<FixedOffset>,
    /// The dose at every time; with per-time doses, the largest of them.
    pub dose_mcg: Amount,
    #[serde(with = "times_serde")]
    pub times: Vec<NaiveTime>,
    pub max_daily_mcg: Amount,
    pub kidney_impairment: bool,
    /// This regimen is a step of a taper the prescriber planned.
    #[serde(default)]
    pub planned_taper: bool,
    pub recorded_at: DateTime<Utc>,
    /// One dose per time (same order as `times`) when they differ; empty when every time has
    /// `dose_mcg`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doses_mcg: Vec<Amount>,
    /// The prescriber set a maximum above the 80 mg label maximum (`--prescribed-above-label`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub prescribed_above_label: bool,
    /// As-needed (PRN) doses allowed besides the schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_needed: Option<AsNeeded>,
}

/// As-needed doses: the dose, its own daily limit and the least time between two of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsNeeded {
    pub dose_mcg: Amount,
    /// At most this much as needed in one local day (default: one dose).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_daily_mcg: Option<Amount>,
    /// Least minutes between two as-needed doses (default 4 h).
    pub min_gap_min: u32,
}

/// The least time between two as-needed doses when none is given.
pub const DEFAULT_AS_NEEDED_GAP_MIN: u32 = 240;

impl AsNeeded {
    /// The as-needed daily limit: the one given, else one dose a day.
    pub fn daily_limit(&self) -> Amount {
        self.max_daily_mcg.unwrap_or(self.dose_mcg)
    }
}

impl Regimen {
    /// The dose due at scheduled time `t` (the largest dose when `t` is not a scheduled time).
    pub fn dose_at(&self, t: NaiveTime) -> Amount {
        match self.times.iter().position(|x| *x == t) {
            Some(i) => self.doses_mcg.get(i).copied().unwrap_or(self.dose_mcg),
            None => self.dose_mcg,
        }
    }
    /// The dose of the scheduled time nearest to `t` (over midnight too): what a skip at `t`
    /// stands for.
    pub fn dose_near(&self, t: NaiveTime) -> Amount {
        let dist = |x: NaiveTime| {
            let d = (x - t).num_minutes().abs();
            d.min(24 * 60 - d)
        };
        self.times
            .iter()
            .min_by_key(|x| dist(**x))
            .map_or(self.dose_mcg, |x| self.dose_at(*x))
    }
    /// Each scheduled time with its dose.
    pub fn slots(&self) -> Vec<(NaiveTime, Amount)> {
        self.times.iter().map(|t| (*t, self.dose_at(*t))).collect()
    }
    /// The scheduled doses added up (as-needed doses are not in it).
    pub fn daily_total(&self) -> Amount {
        Amount::from_mcg(self.slots().iter().map(|(_, d)| d.mcg()).sum())
    }
    /// The daily maximum the rules judge against: the user's own, never above the label
    /// maximum (from the catalog) unless the prescriber set a higher one
    /// (`prescribed_above_label`), and never above the typo guard.
    pub fn effective_max(&self, lim: &super::regimen::DoseLimits) -> Amount {
        if self.prescribed_above_label {
            self.max_daily_mcg.min(lim.typo_guard_daily)
        } else {
            self.max_daily_mcg.min(lim.label_max_daily)
        }
    }
    /// Per-time doses differ.
    pub fn per_time(&self) -> bool {
        self.doses_mcg.iter().any(|d| *d != self.dose_mcg)
    }
    pub fn times_text(&self) -> String {
        self.times
            .iter()
            .map(|t| t.format("%H:%M").to_string())
            .collect::<Vec<_>>()
            .join(",")
    }
    /// "15 mg at 08:00,14:00,20:00" or "10 mg at 08:00, 10 mg at 14:00, 20 mg at 22:00".
    pub fn describe(&self) -> String {
        if self.per_time() {
            self.slots()
                .iter()
                .map(|(t, d)| format!("{d} at {}", t.format("%H:%M")))
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            format!("{} at {}", self.dose_mcg, self.times_text())
        }
    }
    /// The smallest gap between two scheduled doses, wrapping over midnight.
    pub fn smallest_gap(&self) -> Duration {
        if self.times.len() < 2 {
            return Duration::hours(24);
        }
        let mut best = Duration::hours(24);
        for w in self.times.windows(2) {
            best = best.min(w[1] - w[0]);
        }
        let wrap = Duration::hours(24) - (self.times[self.times.len() - 1] - self.times[0]);
        best.min(wrap)
    }
}

/// Input for a new regimen.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRegimen {
    pub effective_from: DateTime<FixedOffset>,
    pub dose_mcg: Amount,
    pub times: Vec<NaiveTime>,
    pub max_daily_mcg: Amount,
    pub kidney_impairment: bool,
    pub planned_taper: bool,
    /// One dose per time when they differ (see [`Regimen::doses_mcg`]).
    pub doses_mcg: Vec<Amount>,
    pub prescribed_above_label: bool,
    pub as_needed: Option<AsNeeded>,
}

impl NewRegimen {
    /// A regimen of one dose at every time, everything else at its default.
    pub fn simple(
        effective_from: DateTime<FixedOffset>,
        dose: Amount,
        times: Vec<NaiveTime>,
        max_daily: Amount,
    ) -> NewRegimen {
        NewRegimen {
            effective_from,
            dose_mcg: dose,
            times,
            max_daily_mcg: max_daily,
            kidney_impairment: false,
            planned_taper: false,
            doses_mcg: Vec::new(),
            prescribed_above_label: false,
            as_needed: None,
        }
    }

    /// The same settings as `r` (dose, times, maximum, kidney impairment, taper): saving it
    /// would change nothing.
    pub fn same_settings_as(&self, r: &Regimen) -> bool {
        self.dose_mcg == r.dose_mcg
            && self.times == r.times
            && self.max_daily_mcg == r.max_daily_mcg
            && self.kidney_impairment == r.kidney_impairment
            && self.planned_taper == r.planned_taper
            && self.doses_mcg == r.doses_mcg
            && self.prescribed_above_label == r.prescribed_above_label
            && self.as_needed == r.as_needed
    }
}

pub(crate) mod times_serde {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &[NaiveTime], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(t.iter().map(|t| t.format("%H:%M").to_string()))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveTime>, D::Error> {
        let v: Vec<String> = Vec::deserialize(d)?;
        v.iter()
            .map(|s| NaiveTime::parse_from_str(s, "%H:%M").map_err(serde::de::Error::custom))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_sorted_and_unique() {
        let t = parse_times("20:00, 08:00,14:00").unwrap();
        assert_eq!(t.len(), 3);
        assert_eq!(t[0], NaiveTime::from_hms_opt(8, 0, 0).unwrap());
        assert!(matches!(
            parse_times("08:00,08:00"),
            Err(InputError::DuplicateTime(_))
        ));
        assert!(matches!(parse_times("8"), Err(InputError::BadTime(_))));
        assert!(matches!(parse_times("24:00"), Err(InputError::BadTime(_))));
        assert!(matches!(parse_times(""), Err(InputError::NoTimes)));
    }

    #[test]
    fn severity_bounds() {
        assert_eq!(parse_severity("0"), Ok(0));
        assert_eq!(parse_severity("10"), Ok(10));
        assert!(parse_severity("11").is_err());
        assert!(parse_severity("-1").is_err());
        assert!(parse_severity("4.5").is_err());
    }
}
