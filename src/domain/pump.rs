//! The intrathecal baclofen pump: its settings (kept as history, a reprogramming is a new row),
//! refills and alarms. Pure types and parsing; the projection and the rules live in `safety::pump`.
//!
//! Amounts are exact integers: concentration in mcg per mL, volumes in microlitres, the daily dose
//! in nanograms a day (so 62.5 mcg/day is stored exactly). Nothing here is ever in mg of tablets:
//! pump and oral doses are kept apart.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Accepted concentrations, mcg/mL: 50 mcg/mL is the screening strength, 500, 1000 and 2000 the
/// usual refill strengths; compounded solutions go a little higher.
pub const CONCENTRATION_MIN: u32 = 10;
pub const CONCENTRATION_MAX: u32 = 4000;
/// Accepted reservoir sizes, mL (pumps hold 10, 18, 20 or 40 mL).
pub const RESERVOIR_MIN_UL: u32 = 1_000;
pub const RESERVOIR_MAX_UL: u32 = 50_000;
/// The smallest refill volume, mL x 1000.
pub const VOLUME_MIN_UL: u32 = 500;
/// Accepted daily doses, mcg/day (maintenance is often a few hundred; the labels report up to
/// about 2000).
pub const DAILY_MIN_NG: u64 = 1_000;
pub const DAILY_MAX_NG: u64 = 3_000_000;
/// After the elective replacement indicator (ERI) the pump stops within about 90 days (itb-alarms).
pub const ERI_STOP_DAYS: i64 = 90;

/// What a pump alarm was, as the user reads it off the pump or the clinic tells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlarmKind {
    /// Non-critical: the reservoir is low; call the clinic today.
    LowReservoir,
    /// Critical: empty reservoir, end of service / battery, motor stall: the drug is not flowing.
    Critical,
    /// Non-critical: the elective replacement indicator (the battery is running down).
    Eri,
    /// Any other or unknown alarm: treated as critical until the clinic says otherwise.
    Other,
}

/// What to do when there is no pump yet.
pub const SET_FIRST: &str = "set the pump first: dosediary pump set --concentration MCG_PER_ML --reservoir ML --daily MCG (e.g. --concentration 2000 --reservoir 20 --daily 400)";

pub const ALARM_KINDS: &str = "low-reservoir, critical, eri, other";

impl AlarmKind {
    pub fn name(self) -> &'static str {
        match self {
            AlarmKind::LowReservoir => "low-reservoir",
            AlarmKind::Critical => "critical",
            AlarmKind::Eri => "eri",
            AlarmKind::Other => "other",
        }
    }
    /// In words, for screens and the card.
    pub fn words(self) -> &'static str {
        match self {
            AlarmKind::LowReservoir => "low reservoir alarm",
            AlarmKind::Critical => "critical alarm (empty, end of service or motor stall)",
            AlarmKind::Eri => "elective replacement (ERI) alarm",
            AlarmKind::Other => "alarm of unknown kind",
        }
    }
    pub fn parse(s: &str) -> Result<AlarmKind, String> {
        let k = s.trim().to_lowercase().replace(['_', ' '], "-");
        Ok(match k.as_str() {
            "low-reservoir" | "low" | "lowreservoir" => AlarmKind::LowReservoir,
            "critical" => AlarmKind::Critical,
            "eri" => AlarmKind::Eri,
            "other" | "unknown" => AlarmKind::Other,
            _ => {
                return Err(format!(
                    "'{}' is not a pump alarm kind; accepted: {ALARM_KINDS} (other for any alarm you cannot name)",
                    s.trim()
                ));
            }
        })
    }
}

impl fmt::Display for AlarmKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One row of the pump's settings history. A reprogramming (new dose or concentration) is a new
/// row; the newest row at or before a time is the one in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PumpSetting {
    /// The row id (not exported: exports carry no ids, so a round trip is byte-identical).
    #[serde(skip_serializing, default)]
    pub id: i64,
    pub effective_from: DateTime<FixedOffset>,
    pub concentration_mcg_per_ml: u32,
    pub reservoir_ul: u32,
    pub daily_ng: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implanted: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eri: Option<NaiveDate>,
    /// The refill-by date the clinic gave when this row was set (not carried over a refill).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refill_by: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clinic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clinic_phone: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl PumpSetting {
    /// "2000 mcg/mL"
    pub fn concentration_text(&self) -> String {
        format!("{} mcg/mL", self.concentration_mcg_per_ml)
    }
    /// "400 mcg/day"
    pub fn daily_text(&self) -> String {
        format!("{} mcg/day", fmt_mcg_ng(self.daily_ng))
    }
    /// "20 mL"
    pub fn reservoir_text(&self) -> String {
        format!("{} mL", fmt_ml_ul(self.reservoir_ul))
    }
    /// The clinic and its phone number in one phrase, when known: "Leeds pump clinic, 0113 555 0101".
    pub fn clinic_text(&self) -> Option<String> {
        match (&self.clinic, &self.clinic_phone) {
            (Some(c), Some(p)) => Some(format!("{c}, {p}")),
            (Some(c), None) => Some(c.clone()),
            (None, Some(p)) => Some(p.clone()),
            (None, None) => None,
        }
    }
    /// The settings, as the user sees them for a new `pump set`, without id or times.
    pub fn to_new(&self) -> NewPumpSetting {
        NewPumpSetting {
            effective_from: self.effective_from,
            concentration_mcg_per_ml: self.concentration_mcg_per_ml,
            reservoir_ul: self.reservoir_ul,
            daily_ng: self.daily_ng,
            model: self.model.clone(),
            implanted: self.implanted,
            eri: self.eri,
            refill_by: self.refill_by,
            clinic: self.clinic.clone(),
            clinic_phone: self.clinic_phone.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewPumpSetting {
    pub effective_from: DateTime<FixedOffset>,
    pub concentration_mcg_per_ml: u32,
    pub reservoir_ul: u32,
    pub daily_ng: u64,
    pub model: Option<String>,
    pub implanted: Option<NaiveDate>,
    pub eri: Option<NaiveDate>,
    pub refill_by: Option<NaiveDate>,
    pub clinic: Option<String>,
    pub clinic_phone: Option<String>,
}

/// A refill: the reservoir was emptied of what was left and filled with `volume_ul`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PumpRefill {
    #[serde(skip_serializing, default)]
    pub id: i64,
    pub at: DateTime<FixedOffset>,
    pub volume_ul: u32,
    /// The next refill-by date the clinic gave at this refill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refill_by: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl PumpRefill {
    pub fn volume_text(&self) -> String {
        format!("{} mL", fmt_ml_ul(self.volume_ul))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewPumpRefill {
    pub at: DateTime<FixedOffset>,
    pub volume_ul: u32,
    pub refill_by: Option<NaiveDate>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PumpAlarm {
    #[serde(skip_serializing, default)]
    pub id: i64,
    pub at: DateTime<FixedOffset>,
    pub kind: AlarmKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewPumpAlarm {
    pub at: DateTime<FixedOffset>,
    pub kind: AlarmKind,
    pub note: Option<String>,
}

/// Everything recorded about the pump, each list oldest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PumpHistory {
    pub settings: Vec<PumpSetting>,
    pub refills: Vec<PumpRefill>,
    pub alarms: Vec<PumpAlarm>,
}

impl PumpHistory {
    pub fn is_empty(&self) -> bool {
        self.settings.is_empty() && self.refills.is_empty() && self.alarms.is_empty()
    }
    /// The setting in force at `t` (the newest that started at or before it).
    pub fn setting_at(&self, t: DateTime<Utc>) -> Option<&PumpSetting> {
        self.settings
            .iter()
            .rev()
            .find(|s| s.effective_from.with_timezone(&Utc) <= t)
    }
    /// The latest setting, whenever it starts.
    pub fn current(&self) -> Option<&PumpSetting> {
        self.settings.last()
    }
    /// When the pump was first set in the diary.
    pub fn started(&self) -> Option<DateTime<Utc>> {
        self.settings
            .first()
            .map(|s| s.effective_from.with_timezone(&Utc))
    }
    /// The history as it stood at `t`: later rows are left out.
    pub fn as_of(&self, t: DateTime<Utc>) -> PumpHistory {
        PumpHistory {
            settings: self
                .settings
                .iter()
                .filter(|s| s.effective_from.with_timezone(&Utc) <= t)
                .cloned()
                .collect(),
            refills: self
                .refills
                .iter()
                .filter(|r| r.at.with_timezone(&Utc) <= t)
                .cloned()
                .collect(),
            alarms: self
                .alarms
                .iter()
                .filter(|a| a.at.with_timezone(&Utc) <= t)
                .cloned()
                .collect(),
        }
    }
}

/// "400", "62.5", "0.125" from nanograms.
pub fn fmt_mcg_ng(ng: u64) -> String {
    trim_decimal(ng / 1000, ng % 1000)
}

/// "20", "19.5" from microlitres.
pub fn fmt_ml_ul(ul: u32) -> String {
    trim_decimal(u64::from(ul / 1000), u64::from(ul % 1000))
}

fn trim_decimal(whole: u64, thousandths: u64) -> String {
    if thousandths == 0 {
        whole.to_string()
    } else {
        let frac = format!("{thousandths:03}");
        format!("{whole}.{}", frac.trim_end_matches('0'))
    }
}

/// A decimal number with at most 3 decimals, scaled by 1000 ("19.5" -> 19500). `None` for
/// anything else (signs, exponents, more decimals, huge values).
fn parse_milli(s: &str) -> Option<u64> {
    let s = s.trim().replace(',', ".");
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let (w, f) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s.as_str(), ""),
    };
    if (w.is_empty() && f.is_empty())
        || !w.chars().all(|c| c.is_ascii_digit())
        || !f.chars().all(|c| c.is_ascii_digit())
        || f.len() > 3
    {
        return None;
    }
    let whole: u64 = if w.is_empty() { 0 } else { w.parse().ok()? };
    let frac: u64 = format!("{f:0<3}").parse().ok()?;
    whole.checked_mul(1000)?.checked_add(frac)
}

/// Splits "2000 mcg/mL" into the number and the unit, lower-cased, without spaces.
fn split_unit(s: &str) -> (String, String) {
    let t = s.trim();
    let cut = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(t.len());
    let unit: String = t[cut..]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    (t[..cut].to_string(), unit)
}

/// The drug concentration in the reservoir: a whole number of mcg per mL, 10 to 4000.
pub fn parse_concentration(s: &str) -> Result<u32, String> {
    let (num, unit) = split_unit(s);
    let ok_unit = matches!(
        unit.as_str(),
        "" | "mcg/ml" | "µg/ml" | "ug/ml" | "mcg/mlbaclofen" | "mcgperml"
    );
    let bad = || {
        format!(
            "'{}' is not a pump concentration; accepted: a whole number from {CONCENTRATION_MIN} to {CONCENTRATION_MAX} mcg per mL (common: 50, 500, 1000, 2000)",
            s.trim()
        )
    };
    let v = parse_milli(&num).filter(|_| ok_unit).ok_or_else(bad)?;
    if v % 1000 != 0 {
        return Err(bad());
    }
    let v = v / 1000;
    if !(u64::from(CONCENTRATION_MIN)..=u64::from(CONCENTRATION_MAX)).contains(&v) {
        return Err(bad());
    }
    Ok(v as u32)
}

/// A volume in mL (the reservoir size or a refill), up to 3 decimals, into microlitres, within
/// `min_ul..=max_ul`.
pub fn parse_volume(s: &str, min_ul: u32, max_ul: u32, what: &str) -> Result<u32, String> {
    let (num, unit) = split_unit(s);
    let ok_unit = matches!(unit.as_str(), "" | "ml" | "cc");
    let v = parse_milli(&num).filter(|_| ok_unit);
    match v {
        Some(v) if v >= u64::from(min_ul) && v <= u64::from(max_ul) => Ok(v as u32),
        _ => Err(format!(
            "'{}' is not a {what}; accepted: {} to {} mL",
            s.trim(),
            fmt_ml_ul(min_ul),
            fmt_ml_ul(max_ul)
        )),
    }
}

/// The daily dose the pump delivers: mcg a day (up to 3 decimals), 1 to 3000; "0.4 mg" is read as
/// 400 mcg.
pub fn parse_daily(s: &str) -> Result<u64, String> {
    let (num, unit) = split_unit(s);
    let unit = unit
        .trim_end_matches("/day")
        .trim_end_matches("/d")
        .trim_end_matches("perday")
        .to_string();
    let scale = match unit.as_str() {
        "" | "mcg" | "µg" | "ug" | "microgram" | "micrograms" => Some(1u64),
        "mg" => Some(1000),
        _ => None,
    };
    let v = scale
        .zip(parse_milli(&num))
        .and_then(|(k, v)| v.checked_mul(k));
    match v {
        Some(v) if (DAILY_MIN_NG..=DAILY_MAX_NG).contains(&v) => Ok(v),
        _ => Err(format!(
            "'{}' is not a pump daily dose; accepted: mcg a day from {} to {} (e.g. 400)",
            s.trim(),
            fmt_mcg_ng(DAILY_MIN_NG),
            fmt_mcg_ng(DAILY_MAX_NG)
        )),
    }
}

/// A calendar date: 2026-12-08 (or any WHEN form, taken as its local date), checked against
/// `range` (inclusive), with `what` naming the option and `range_words` the accepted span.
pub fn parse_date_in(
    s: &str,
    now_local: &DateTime<FixedOffset>,
    range: (NaiveDate, NaiveDate),
    what: &str,
    range_words: &str,
) -> Result<NaiveDate, String> {
    let t = s.trim();
    let d = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .or_else(|| {
            super::when::parse_bound(t, now_local)
                .ok()
                .map(|x| x.date_naive())
        })
        .ok_or_else(|| {
            format!("{what}: '{t}' is not a date; accepted: a date such as 2026-12-08")
        })?;
    date_in(d, range, what, range_words)
}

/// A date checked against `range` (inclusive); see [`parse_date_in`].
pub fn date_in(
    d: NaiveDate,
    range: (NaiveDate, NaiveDate),
    what: &str,
    range_words: &str,
) -> Result<NaiveDate, String> {
    if d < range.0 || d > range.1 {
        return Err(format!(
            "{what}: {d} is out of range; accepted: {range_words}"
        ));
    }
    Ok(d)
}

/// A clinic's name or phone number, or a pump model: one line of 1 to 200 characters.
pub fn short_text(s: &str) -> Result<String, String> {
    let t: String = s.trim().chars().filter(|c| !c.is_control()).collect();
    if t.is_empty() || t.chars().count() > 200 {
        return Err(
            "the text is empty or longer than 200 characters; accepted: 1 to 200 characters of text, e.g. \"Leeds pump clinic\"".into(),
        );
    }
    Ok(t)
}

/// A phone number: short text with at least one digit.
pub fn phone(s: &str) -> Result<String, String> {
    let p = short_text(s)?;
    if !p.chars().any(|c| c.is_ascii_digit()) {
        return Err(format!(
            "'{p}' has no digits; accepted: a phone number, e.g. \"0113 555 0101\""
        ));
    }
    Ok(p)
}

/// A pump reservoir size in mL (1 to 50).
pub fn parse_reservoir(s: &str) -> Result<u32, String> {
    parse_volume(s, RESERVOIR_MIN_UL, RESERVOIR_MAX_UL, "pump reservoir size")
}

/// A refill volume in mL (0.5 to 50).
pub fn parse_refill_volume(s: &str) -> Result<u32, String> {
    parse_volume(s, VOLUME_MIN_UL, RESERVOIR_MAX_UL, "refill volume")
}

/// A clinic name or phone number: one line, at most 200 characters.
pub fn parse_short_text(s: &str, what: &str) -> Result<String, String> {
    short_text(s).map_err(|e| format!("{what}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concentration_ranges() {
        assert_eq!(parse_concentration("2000"), Ok(2000));
        assert_eq!(parse_concentration("500 mcg/mL"), Ok(500));
        assert_eq!(parse_concentration("50mcg/ml"), Ok(50));
        for bad in [
            "0",
            "",
            "-5",
            "9",
            "4001",
            "1e3",
            "2000 mg/ml",
            "12.5",
            "abc",
        ] {
            let e = parse_concentration(bad).unwrap_err();
            assert!(e.contains("10 to 4000"), "{bad}: {e}");
        }
    }

    #[test]
    fn volume_and_daily() {
        assert_eq!(parse_volume("20", 1000, 50000, "reservoir"), Ok(20000));
        assert_eq!(parse_volume("19.5 mL", 500, 50000, "volume"), Ok(19500));
        assert!(parse_volume("0", 500, 50000, "volume").is_err());
        assert!(
            parse_volume("60", 500, 20000, "refill volume")
                .unwrap_err()
                .contains("0.5 to 20 mL")
        );
        assert_eq!(parse_daily("400"), Ok(400_000));
        assert_eq!(parse_daily("62.5 mcg/day"), Ok(62_500));
        assert_eq!(parse_daily("0.4 mg"), Ok(400_000));
        assert!(parse_daily("0").unwrap_err().contains("1 to 3000"));
        assert!(parse_daily("3001").is_err());
        assert!(parse_daily("400 ml").is_err());
        assert_eq!(fmt_mcg_ng(62_500), "62.5");
        assert_eq!(fmt_ml_ul(19_500), "19.5");
    }

    #[test]
    fn alarm_kinds() {
        assert_eq!(
            AlarmKind::parse("low-reservoir"),
            Ok(AlarmKind::LowReservoir)
        );
        assert_eq!(
            AlarmKind::parse("Low reservoir"),
            Ok(AlarmKind::LowReservoir)
        );
        assert_eq!(AlarmKind::parse("CRITICAL"), Ok(AlarmKind::Critical));
        let e = AlarmKind::parse("beeping").unwrap_err();
        assert!(e.contains("low-reservoir, critical, eri, other"), "{e}");
    }
}
