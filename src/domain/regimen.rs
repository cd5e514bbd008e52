//! Parsing and checking a prescription as it is really written: one dose per time, a planned
//! step that starts later, a prescriber's maximum above the label, as-needed doses, and other
//! regularly taken medicines. Pure: `now` is an argument.

use chrono::{DateTime, FixedOffset, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::entry::{AsNeeded, DEFAULT_AS_NEEDED_GAP_MIN, InputError, NewRegimen};
use super::{Amount, When};

/// The arguments of `regimen set` as text (a form's fields); [`RegimenInput::read`] makes
/// them [`RegimenArgs`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegimenInput {
    pub dose: String,
    pub times: String,
    pub max_daily: Option<String>,
    pub prescribed_above_label: bool,
    pub kidney_impairment: bool,
    pub planned_taper: bool,
    pub as_needed: Option<String>,
    pub as_needed_max_daily: Option<String>,
    pub as_needed_min_gap: Option<String>,
    pub from: Option<String>,
}

/// The arguments of `regimen set`, read into their types (the command line's clap
/// `value_parser`s give these); [`RegimenArgs::build`] applies the checks between them.
#[derive(Debug, Clone, PartialEq)]
pub struct RegimenArgs {
    pub doses: DoseList,
    pub times: TimeList,
    pub max_daily: Option<Amount>,
    pub prescribed_above_label: bool,
    pub kidney_impairment: bool,
    pub planned_taper: bool,
    pub as_needed: Option<Amount>,
    pub as_needed_max_daily: Option<Amount>,
    pub as_needed_min_gap: Option<Gap>,
    pub from: Option<When>,
}

pub use super::when::MAX_PLAN_DAYS;
/// The least time between two as-needed doses a prescription may give.
pub const MIN_AS_NEEDED_GAP_MIN: u32 = 60;
/// The most time between two as-needed doses a prescription may give.
pub const MAX_AS_NEEDED_GAP_MIN: u32 = 24 * 60;
/// What a prescription is checked against, from the catalog's `[limits]`
/// (`safety::Limits::dose_limits`): the label's daily maximum and the input guards that refuse
/// a likely typo whatever was prescribed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DoseLimits {
    /// The label's daily maximum (`max_daily_mg`).
    pub label_max_daily: Amount,
    /// The largest single scheduled dose accepted (`max_scheduled_dose_mg`).
    pub max_scheduled_dose: Amount,
    /// The largest as-needed dose accepted (`max_as_needed_dose_mg`).
    pub max_as_needed_dose: Amount,
    /// More than this a day is refused as a typo, whatever was prescribed (`typo_guard_daily_mg`).
    pub typo_guard_daily: Amount,
}
/// The most dose times in a day.
pub const MAX_TIMES: usize = 8;

/// `10` or `10,10,20`: the dose at every time, or one per time in the order of the times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoseList(pub Vec<Amount>);

impl DoseList {
    /// Each dose is an AMOUNT (mg unless a unit is given) up to the largest scheduled dose.
    pub fn parse(s: &str, lim: &DoseLimits) -> Result<DoseList, String> {
        let parts: Vec<&str> = s.split(',').map(str::trim).collect();
        if parts.iter().all(|p| p.is_empty()) {
            return Err(
                "no dose given; accepted: one dose for every time (10) or one per time (10,10,20)"
                    .into(),
            );
        }
        let mut out = Vec::new();
        for p in &parts {
            let a = Amount::parse(p).map_err(|e| {
                if parts.len() > 1 {
                    format!(
                        "{e} (a comma separates one dose per time, so write a decimal with a point, 2.5mg, and no thousands comma, 10000mcg)"
                    )
                } else {
                    e.to_string()
                }
            })?;
            check_dose(a, lim)?;
            out.push(a);
        }
        Ok(DoseList(out))
    }
}

/// One scheduled dose: above zero, up to the largest scheduled dose (200 mg).
fn check_dose(a: Amount, lim: &DoseLimits) -> Result<(), String> {
    let max = lim.max_scheduled_dose;
    if a.is_zero() {
        return Err(
            "a dose of 0 is not a dose; accepted: a number above zero, such as 10mg".into(),
        );
    }
    if a > max {
        return Err(format!(
            "{a} in one dose is above {max} (single doses of {max} or more have caused coma and seizures); accepted: each dose up to {max}"
        ));
    }
    Ok(())
}

/// `08:00,14:00,20:00`: dose times in the order given (doses pair with them in that order),
/// each once, at most 8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeList(pub Vec<NaiveTime>);

impl TimeList {
    pub fn parse(s: &str) -> Result<TimeList, InputError> {
        let mut raw = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let t = super::when::parse_clock(&part.to_lowercase())
                .ok_or_else(|| InputError::BadTime(part.to_string()))?;
            if raw.contains(&t) {
                return Err(InputError::DuplicateTime(part.to_string()));
            }
            raw.push(t);
        }
        if raw.is_empty() {
            return Err(InputError::NoTimes);
        }
        if raw.len() > MAX_TIMES {
            return Err(InputError::TooManyTimes(raw.len()));
        }
        Ok(TimeList(raw))
    }
    /// The times in order of the day.
    pub fn sorted(&self) -> Vec<NaiveTime> {
        let mut t = self.0.clone();
        t.sort();
        t
    }
}

/// A DURATION between two as-needed doses, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap(pub u32);

impl Gap {
    pub fn parse(s: &str) -> Result<Gap, String> {
        parse_gap(s).map(Gap)
    }
}

impl RegimenInput {
    /// Reads every field into its type; the error names the field.
    pub fn read(&self, lim: &DoseLimits) -> Result<RegimenArgs, String> {
        fn opt<T, E: std::fmt::Display>(
            s: &Option<String>,
            flag: &str,
            f: impl Fn(&str) -> Result<T, E>,
        ) -> Result<Option<T>, String> {
            s.as_deref()
                .map(|s| f(s).map_err(|e| format!("{flag}: {e}")))
                .transpose()
        }
        Ok(RegimenArgs {
            doses: DoseList::parse(&self.dose, lim).map_err(|e| format!("--dose: {e}"))?,
            times: TimeList::parse(&self.times).map_err(|e| format!("--times: {e}"))?,
            max_daily: opt(&self.max_daily, "--max-daily", Amount::parse)?,
            prescribed_above_label: self.prescribed_above_label,
            kidney_impairment: self.kidney_impairment,
            planned_taper: self.planned_taper,
            as_needed: opt(&self.as_needed, "--as-needed", Amount::parse)?,
            as_needed_max_daily: opt(
                &self.as_needed_max_daily,
                "--as-needed-max-daily",
                Amount::parse,
            )?,
            as_needed_min_gap: opt(&self.as_needed_min_gap, "--as-needed-min-gap", Gap::parse)?,
            from: opt(&self.from, "--from", When::parse_plan)?,
        })
    }
}

/// Checks every argument and builds the regimen; the error is one line naming the argument,
/// what was wrong and what is accepted.
/// `lim` holds the label's daily maximum and the input guards (from the catalog).
pub fn parse_regimen<Tz: TimeZone>(
    input: &RegimenInput,
    lim: &DoseLimits,
    now: &DateTime<Tz>,
) -> Result<NewRegimen, String> {
    // Commas separate one dose per time: check the count before reading the amounts, so that
    // "2,5" for one time is named as a comma, not read as 2 mg and 5 mg.
    let n_doses = input.dose.split(',').count();
    let n_times = input
        .times
        .split(',')
        .filter(|t| !t.trim().is_empty())
        .count();
    if n_doses > 1 && n_times > 0 && n_doses != n_times {
        return Err(count_error(n_doses, n_times));
    }
    input.read(lim)?.build(lim, now)
}

fn count_error(n_doses: usize, n_times: usize) -> String {
    format!(
        "--dose: {n_doses} doses for {n_times} time{}; accepted: one dose for every time (--dose 10) or exactly one per time in the same order (--dose 10,10,20 --times 08:00,14:00,22:00); a comma separates the doses, so write a decimal with a point (2.5mg) and no thousands comma (10000mcg)",
        if n_times == 1 { "" } else { "s" }
    )
}

impl RegimenArgs {
    /// The checks between arguments (doses against times, the maximum against the label and
    /// the flag, as-needed limits, the start), then every limit of [`check_regimen`].
    pub fn build<Tz: TimeZone>(
        &self,
        lim: &DoseLimits,
        now: &DateTime<Tz>,
    ) -> Result<NewRegimen, String> {
        let label_max = lim.label_max_daily;
        let doses = &self.doses.0;
        let times = &self.times.0;
        let per: Vec<Amount> = match doses.len() {
            1 => vec![doses[0]; times.len()],
            n if n == times.len() => doses.clone(),
            n => return Err(count_error(n, times.len())),
        };
        let mut pairs: Vec<(NaiveTime, Amount)> = times.iter().copied().zip(per).collect();
        pairs.sort();
        let (times, per_time): (Vec<NaiveTime>, Vec<Amount>) = pairs.into_iter().unzip();
        let dose_max = per_time.iter().copied().max().unwrap_or(doses[0]);
        let max_daily = match self.max_daily {
            Some(m) => m,
            None if self.prescribed_above_label => {
                return Err(format!(
                    "--prescribed-above-label needs the prescribed maximum: add --max-daily MG above {label_max} (e.g. --max-daily 120)"
                ));
            }
            None => label_max,
        };
        let as_needed = self.as_needed_args()?;
        let effective_from = match &self.from {
            None => now.fixed_offset(),
            Some(w) => w.resolve_plan(now).map_err(|e| format!("--from: {e}"))?,
        };
        let uniform = per_time.iter().all(|d| *d == dose_max);
        let r = NewRegimen {
            effective_from,
            dose_mcg: dose_max,
            times,
            max_daily_mcg: max_daily,
            kidney_impairment: self.kidney_impairment,
            planned_taper: self.planned_taper,
            doses_mcg: if uniform { Vec::new() } else { per_time },
            prescribed_above_label: self.prescribed_above_label,
            as_needed,
        };
        check_regimen(&r, lim)?;
        Ok(r)
    }

    fn as_needed_args(&self) -> Result<Option<AsNeeded>, String> {
        let Some(dose) = self.as_needed else {
            if self.as_needed_max_daily.is_some() {
                return Err("--as-needed-max-daily needs the as-needed dose: add --as-needed MG (e.g. --as-needed 10)".into());
            }
            if self.as_needed_min_gap.is_some() {
                return Err("--as-needed-min-gap needs the as-needed dose: add --as-needed MG (e.g. --as-needed 10)".into());
            }
            return Ok(None);
        };
        Ok(Some(AsNeeded {
            dose_mcg: dose,
            max_daily_mcg: self.as_needed_max_daily,
            min_gap_min: self
                .as_needed_min_gap
                .map_or(DEFAULT_AS_NEEDED_GAP_MIN, |g| g.0),
        }))
    }
}

/// Every limit a regimen is held to, whether typed (`regimen set`, the app) or imported: dose
/// times in order, each once, 1 to 8; one dose per time or one for all, each above zero and up
/// to the largest scheduled dose (200 mg); the schedule and the maximum up to the typo guard
/// (300 mg a day); a maximum above the label's only when prescribed so (and then above it);
/// as-needed limits. The limits come from the catalog (`lim`). The error names the argument of
/// `regimen set` it corresponds to.
pub fn check_regimen(r: &NewRegimen, lim: &DoseLimits) -> Result<(), String> {
    let times = &r.times;
    if times.is_empty() {
        return Err(
            "--times: the schedule is empty; accepted: HH:MM[,HH:MM...] such as 08:00,14:00,20:00"
                .into(),
        );
    }
    if times.len() > MAX_TIMES {
        return Err(format!(
            "--times: the schedule has {} times; at most {MAX_TIMES} doses a day are accepted",
            times.len()
        ));
    }
    if let Some(w) = times.windows(2).find(|w| w[0] >= w[1]) {
        return Err(format!(
            "--times: {} and {} are out of order or repeated; accepted: each dose time once, in order of the day",
            w[0].format("%H:%M"),
            w[1].format("%H:%M")
        ));
    }
    if !r.doses_mcg.is_empty() && r.doses_mcg.len() != times.len() {
        return Err(count_error(r.doses_mcg.len(), times.len()));
    }
    for d in std::iter::once(&r.dose_mcg).chain(&r.doses_mcg) {
        check_dose(*d, lim).map_err(|e| format!("--dose: {e}"))?;
    }
    if let Some(m) = r.doses_mcg.iter().max()
        && *m != r.dose_mcg
    {
        return Err(format!(
            "--dose: the dose {} is not the largest of the per-time doses ({m})",
            r.dose_mcg
        ));
    }
    let daily = Amount::from_mcg(times.iter().map(|t| slot_dose(r, *t).mcg()).sum());
    let guard = lim.typo_guard_daily;
    if daily > guard {
        return Err(format!(
            "--dose: the scheduled doses add up to {daily} a day, more than {guard} (refused as a likely typo); accepted: a schedule of {guard} a day or less"
        ));
    }
    check_max_daily(r.max_daily_mcg, r.prescribed_above_label, lim)?;
    if let Some(a) = &r.as_needed {
        check_as_needed(a, lim)?;
    }
    Ok(())
}

fn slot_dose(r: &NewRegimen, t: NaiveTime) -> Amount {
    match r.times.iter().position(|x| *x == t) {
        Some(i) => r.doses_mcg.get(i).copied().unwrap_or(r.dose_mcg),
        None => r.dose_mcg,
    }
}

/// The daily maximum: the label maximum (80 mg) or less, or above it when prescribed so
/// (`--prescribed-above-label`), never above the typo guard (300 mg).
pub fn check_max_daily(max: Amount, above_label: bool, lim: &DoseLimits) -> Result<(), String> {
    let (label_max, guard) = (lim.label_max_daily, lim.typo_guard_daily);
    if max.is_zero() {
        return Err(
            "--max-daily: 0 is not a maximum; accepted: a number above zero, such as 80mg".into(),
        );
    }
    if max > guard {
        return Err(format!(
            "--max-daily: {max} a day is more than {guard} (refused as a likely typo); accepted: up to {label_max}, or up to {guard} with --prescribed-above-label"
        ));
    }
    if max > label_max && !above_label {
        return Err(format!(
            "--max-daily: {max} is above the {label_max} label maximum; accepted: {label_max} or less, or, when your prescriber set it, add --prescribed-above-label"
        ));
    }
    if max <= label_max && above_label {
        return Err(format!(
            "--prescribed-above-label: {max} is not above the {label_max} label maximum; leave the flag out for a maximum of {label_max} or less"
        ));
    }
    Ok(())
}

/// As-needed doses: above zero and up to the largest as-needed dose (100 mg); a daily limit of
/// one dose or more and up to the typo guard (300 mg); 1 h to 24 h apart.
pub fn check_as_needed(a: &AsNeeded, lim: &DoseLimits) -> Result<(), String> {
    let dose = a.dose_mcg;
    let (most, guard) = (lim.max_as_needed_dose, lim.typo_guard_daily);
    if dose.is_zero() {
        return Err(
            "--as-needed: 0 is not a dose; accepted: the as-needed dose in mg, e.g. 10".into(),
        );
    }
    if dose > most {
        return Err(format!(
            "--as-needed: {dose} as one as-needed dose is above {most}; accepted: the as-needed dose in mg, e.g. 10"
        ));
    }
    if let Some(m) = a.max_daily_mcg {
        if m < dose {
            return Err(format!(
                "--as-needed-max-daily: {m} is less than one as-needed dose of {dose}; accepted: {dose} or more"
            ));
        }
        if m > guard {
            return Err(format!(
                "--as-needed-max-daily: {m} is more than {guard} a day (refused as a likely typo)"
            ));
        }
    }
    if !(MIN_AS_NEEDED_GAP_MIN..=MAX_AS_NEEDED_GAP_MIN).contains(&a.min_gap_min) {
        return Err(format!(
            "--as-needed-min-gap: {} minutes is outside 1 to 24 hours; {GAP_ACCEPTED}",
            a.min_gap_min
        ));
    }
    Ok(())
}

const GAP_ACCEPTED: &str = "accepted: a duration from 1h to 24h such as 4h, 90m or 1h30m";

/// A DURATION between two as-needed doses: `4h`, `90m`, `1h30m`, `2.5h`; from 1 h to 24 h.
pub fn parse_gap(s: &str) -> Result<u32, String> {
    let t = s.trim().to_lowercase().replace(' ', "");
    let accepted = GAP_ACCEPTED;
    let bad = || format!("'{}' is not a duration; {accepted}", s.trim());
    let mins: f64 = if let Some((h, m)) = t.split_once('h') {
        let h: f64 = h.parse().map_err(|_| bad())?;
        let m = m
            .strip_suffix("min")
            .or_else(|| m.strip_suffix('m'))
            .unwrap_or(m);
        let m: f64 = if m.is_empty() {
            0.0
        } else {
            m.parse().map_err(|_| bad())?
        };
        h * 60.0 + m
    } else if let Some(m) = t.strip_suffix("min").or_else(|| t.strip_suffix('m')) {
        m.parse().map_err(|_| bad())?
    } else {
        return Err(bad());
    };
    if !mins.is_finite() || mins < 0.0 {
        return Err(bad());
    }
    let mins = mins.round() as u32;
    if mins < MIN_AS_NEEDED_GAP_MIN {
        return Err(format!(
            "'{}' is under 1 hour between as-needed doses (two doses closer than that add up like a double dose); {accepted}",
            s.trim()
        ));
    }
    if mins > MAX_AS_NEEDED_GAP_MIN {
        return Err(format!("'{}' is over 24 hours; {accepted}", s.trim()));
    }
    Ok(mins)
}

/// `--from WHEN` for a regimen: any WHEN (past: the regimen started then; future: a planned
/// step), plus `tomorrow [HH:MM]` and a weekday `thursday [HH:MM]` (the next one), at most a year
/// ahead. A date alone means its midnight.
pub fn parse_from<Tz: TimeZone>(
    s: &str,
    now: &DateTime<Tz>,
) -> Result<DateTime<FixedOffset>, String> {
    When::parse_plan(s)
        .and_then(|w| w.resolve_plan(now))
        .map_err(|e| format!("--from: {e}"))
}

/// The arguments of `med add`, as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MedicineInput {
    pub name: String,
    pub dose: Option<String>,
    /// In order of the day, each once (see [`super::parse_times`]).
    pub times: Vec<NaiveTime>,
    pub class: Option<String>,
    pub from: Option<When>,
}

/// Another medicine taken regularly (gabapentin, oxycodone...), with its interaction class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Medicine {
    pub id: i64,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose: Option<String>,
    #[serde(default, with = "super::entry::times_serde")]
    pub times: Vec<NaiveTime>,
    /// An interaction class of the catalog (opioid, benzodiazepine, ...), or none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    pub from: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<DateTime<FixedOffset>>,
    pub recorded_at: DateTime<Utc>,
}

impl Medicine {
    /// Taken regularly at `t`: started at or before it and not stopped by then.
    pub fn active_at(&self, t: DateTime<Utc>) -> bool {
        self.from.with_timezone(&Utc) <= t && self.stopped.is_none_or(|s| s.with_timezone(&Utc) > t)
    }
    /// "gabapentin 300 mg at 08:00,20:00 (anticonvulsant)".
    pub fn describe(&self) -> String {
        let mut s = self.name.clone();
        if let Some(d) = &self.dose {
            s.push(' ');
            s.push_str(d);
        }
        if !self.times.is_empty() {
            s.push_str(" at ");
            s.push_str(
                &self
                    .times
                    .iter()
                    .map(|t| t.format("%H:%M").to_string())
                    .collect::<Vec<_>>()
                    .join(","),
            );
        }
        if let Some(c) = &self.class {
            s.push_str(&format!(" ({})", c.replace('_', " ")));
        }
        s
    }
}

/// A medicine before it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMedicine {
    pub name: String,
    pub dose: Option<String>,
    pub times: Vec<NaiveTime>,
    pub class: Option<String>,
    pub from: DateTime<FixedOffset>,
}

/// An interaction class of the catalog (`classes`), as typed: `Opioid`, `anti-convulsant`.
pub fn parse_class(s: &str, classes: &[&str]) -> Result<String, String> {
    let c = s.trim().to_lowercase().replace(['-', ' '], "_");
    if classes.contains(&c.as_str()) {
        Ok(c)
    } else {
        Err(format!(
            "'{c}' is not an interaction class; accepted: {}",
            classes.join(", ")
        ))
    }
}

/// Checks `med add` arguments. `classes` are the catalog's interaction classes; `existing` the
/// names of the medicines taken now.
pub fn parse_medicine<Tz: TimeZone>(
    input: &MedicineInput,
    classes: &[&str],
    existing: &[String],
    now: &DateTime<Tz>,
) -> Result<NewMedicine, String> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Err("the medicine name is empty, too long or has control characters; accepted: the name on the pack, e.g. gabapentin".into());
    }
    if name.to_lowercase().contains("baclofen") {
        return Err("baclofen is set with `dosediary regimen set`; `med add` is for other medicines, e.g. gabapentin".into());
    }
    if existing.iter().any(|e| e.eq_ignore_ascii_case(name)) {
        return Err(format!(
            "'{name}' is already in the list of medicines; `dosediary med list` shows them, `dosediary med stop {name}` ends one"
        ));
    }
    let dose = input
        .dose
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            if d.chars().count() > 60 || d.chars().any(char::is_control) {
                Err("--dose: the dose text is too long or has control characters; accepted: e.g. \"300 mg\"".to_string())
            } else {
                Ok(d.to_string())
            }
        })
        .transpose()?;
    let times = input.times.clone();
    let class = input
        .class
        .as_deref()
        .map(|c| parse_class(c, classes))
        .transpose()
        .map_err(|e| format!("--class: {e}"))?;
    let from = match &input.from {
        None => now.fixed_offset(),
        Some(w) => w.resolve_plan(now).map_err(|e| format!("--from: {e}"))?,
    };
    Ok(NewMedicine {
        name: name.to_string(),
        dose,
        times,
        class,
        from,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    /// The catalog's limits (80 mg label maximum, 200 mg a dose, 300 mg a day).
    fn l() -> DoseLimits {
        crate::safety::Catalog::builtin().limits.dose_limits()
    }

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap()
    }
    fn input(dose: &str, times: &str) -> RegimenInput {
        RegimenInput {
            dose: dose.into(),
            times: times.into(),
            ..Default::default()
        }
    }

    #[test]
    fn per_time_doses_pair_before_sorting() {
        let r = parse_regimen(&input("20,10,10", "22:00,08:00,14:00"), &l(), &now()).unwrap();
        assert_eq!(r.times[0], NaiveTime::from_hms_opt(8, 0, 0).unwrap());
        assert_eq!(
            r.doses_mcg,
            vec![
                Amount::from_mg(10),
                Amount::from_mg(10),
                Amount::from_mg(20)
            ]
        );
        assert_eq!(r.dose_mcg, Amount::from_mg(20));
        let one = parse_regimen(&input("15", "08:00,14:00,20:00"), &l(), &now()).unwrap();
        assert!(one.doses_mcg.is_empty());
        let same = parse_regimen(&input("15,15,15", "08:00,14:00,20:00"), &l(), &now()).unwrap();
        assert!(same.doses_mcg.is_empty());
    }

    #[test]
    fn dose_count_must_match() {
        let e = parse_regimen(&input("10,20", "08:00,14:00,20:00"), &l(), &now()).unwrap_err();
        assert!(e.contains("2 doses for 3 times"), "{e}");
    }

    #[test]
    fn max_daily_above_label_needs_the_flag_and_stays_under_300() {
        let mg = Amount::from_mg;
        assert!(
            check_max_daily(mg(120), false, &l())
                .unwrap_err()
                .contains("--prescribed-above-label")
        );
        assert_eq!(check_max_daily(mg(120), true, &l()), Ok(()));
        assert_eq!(check_max_daily(mg(300), true, &l()), Ok(()));
        assert!(
            check_max_daily(mg(301), true, &l())
                .unwrap_err()
                .contains("typo")
        );
        assert!(check_max_daily(mg(60), true, &l()).is_err());
        let mut i = input("10", "08:00");
        i.prescribed_above_label = true;
        assert!(
            parse_regimen(&i, &l(), &now())
                .unwrap_err()
                .contains("--max-daily")
        );
    }

    #[test]
    fn an_imported_regimen_is_held_to_the_same_limits() {
        let ok = parse_regimen(&input("20,10,10", "22:00,08:00,14:00"), &l(), &now()).unwrap();
        assert_eq!(check_regimen(&ok, &l()), Ok(()));
        let bad = |f: &dyn Fn(&mut NewRegimen), needle: &str| {
            let mut r = ok.clone();
            f(&mut r);
            let e = check_regimen(&r, &l()).unwrap_err();
            assert!(e.contains(needle), "{needle}: {e}");
        };
        bad(&|r| r.times.reverse(), "out of order");
        bad(&|r| r.times[1] = r.times[0], "repeated");
        bad(&|r| r.times.clear(), "empty");
        bad(
            &|r| {
                r.doses_mcg.pop();
            },
            "2 doses for 3 times",
        );
        bad(
            &|r| r.max_daily_mcg = Amount::from_mg(120),
            "--prescribed-above-label",
        );
        bad(
            &|r| {
                r.max_daily_mcg = Amount::from_mg(301);
                r.prescribed_above_label = true
            },
            "typo",
        );
        bad(&|r| r.prescribed_above_label = true, "not above");
        bad(&|r| r.dose_mcg = Amount::from_mg(250), "above 200 mg");
        bad(&|r| r.doses_mcg[0] = Amount::from_mcg(0), "0 is not a dose");
        bad(
            &|r| {
                r.as_needed = Some(AsNeeded {
                    dose_mcg: Amount::from_mg(10),
                    max_daily_mcg: Some(Amount::from_mg(5)),
                    min_gap_min: 240,
                })
            },
            "less than one as-needed dose",
        );
        bad(
            &|r| {
                r.as_needed = Some(AsNeeded {
                    dose_mcg: Amount::from_mg(10),
                    max_daily_mcg: None,
                    min_gap_min: 30,
                })
            },
            "outside 1 to 24 hours",
        );
    }

    #[test]
    fn gaps() {
        assert_eq!(parse_gap("4h"), Ok(240));
        assert_eq!(parse_gap("90m"), Ok(90));
        assert_eq!(parse_gap("1h30m"), Ok(90));
        assert_eq!(parse_gap("2.5h"), Ok(150));
        assert_eq!(parse_gap("1h"), Ok(60));
        assert!(parse_gap("59m").unwrap_err().contains("under 1 hour"));
        assert!(parse_gap("30").is_err());
        assert!(parse_gap("25h").is_err());
        assert!(parse_gap("-2h").is_err());
    }

    #[test]
    fn from_weekday_is_the_next_one() {
        // 2026-11-20 is a Friday.
        let t = parse_from("thursday 08:00", &now()).unwrap();
        assert_eq!(t.format("%Y-%m-%d %H:%M").to_string(), "2026-11-26 08:00");
        let t = parse_from("friday", &now()).unwrap();
        assert_eq!(t.format("%Y-%m-%d").to_string(), "2026-11-27");
        let t = parse_from("tomorrow 14:00", &now()).unwrap();
        assert_eq!(t.format("%Y-%m-%d %H:%M").to_string(), "2026-11-21 14:00");
        assert!(
            parse_from("2028-01-01", &now())
                .unwrap_err()
                .contains("a year")
        );
    }

    #[test]
    fn medicine_checks() {
        let classes = ["opioid", "anticonvulsant"];
        let m = MedicineInput {
            name: "Gabapentin".into(),
            class: Some("Anticonvulsant".into()),
            ..Default::default()
        };
        assert_eq!(
            parse_medicine(&m, &classes, &[], &now())
                .unwrap()
                .class
                .as_deref(),
            Some("anticonvulsant")
        );
        let e = parse_medicine(&m, &classes, &["gabapentin".into()], &now()).unwrap_err();
        assert!(e.contains("already"), "{e}");
        let bad = MedicineInput {
            class: Some("stimulant".into()),
            ..m
        };
        let e = parse_medicine(&bad, &classes, &[], &now()).unwrap_err();
        assert!(e.contains("opioid, anticonvulsant"), "{e}");
    }
}
