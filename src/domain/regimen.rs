//! Parsing and checking a prescription as it is really written: one dose per time, a planned
//! step that starts later, a prescriber's maximum above the label, as-needed doses, and other
//! regularly taken medicines. Pure: `now` is an argument.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

use super::entry::{AsNeeded, DEFAULT_AS_NEEDED_GAP_MIN, NewRegimen, TYPO_GUARD_DAILY};
use super::{Amount, parse_bound};

/// The arguments of `regimen set` (and of the app's regimen form), as typed.
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

/// How far ahead a planned step may start.
pub const MAX_PLAN_DAYS: i64 = 366;
/// The least time between two as-needed doses a prescription may give.
pub const MIN_AS_NEEDED_GAP_MIN: u32 = 60;

/// Checks every argument and builds the regimen; the error is one line naming the argument,
/// what was wrong and what is accepted.
/// `label_max` is the label's daily maximum (80 mg, from the catalog).
pub fn parse_regimen<Tz: TimeZone>(
    input: &RegimenInput,
    label_max: Amount,
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
        return Err(format!(
            "--dose: {n_doses} doses for {n_times} time{}; accepted: one dose for every time (--dose 10) or exactly one per time in the same order (--dose 10,10,20 --times 08:00,14:00,22:00); a comma separates the doses, so write a decimal with a point (2.5mg) and no thousands comma (10000mcg)",
            if n_times == 1 { "" } else { "s" }
        ));
    }
    let doses = parse_doses(&input.dose)?;
    let (times, per_time) = pair_times(&doses, &input.times)?;
    let dose_max = per_time.iter().copied().max().unwrap_or(doses[0]);
    let daily = Amount::from_mcg(per_time.iter().map(|d| d.mcg()).sum());
    if daily > TYPO_GUARD_DAILY {
        return Err(format!(
            "--dose: the scheduled doses add up to {daily} a day, more than {TYPO_GUARD_DAILY} (refused as a likely typo); accepted: a schedule of {TYPO_GUARD_DAILY} a day or less"
        ));
    }
    let max = parse_max_daily(
        input.max_daily.as_deref(),
        input.prescribed_above_label,
        label_max,
    )?;
    let as_needed = parse_as_needed(input)?;
    let effective_from = match input.from.as_deref() {
        None => now.fixed_offset(),
        Some(s) => parse_from(s, now)?,
    };
    let uniform = per_time.iter().all(|d| *d == dose_max);
    Ok(NewRegimen {
        effective_from,
        dose_mcg: dose_max,
        times,
        max_daily_mcg: max,
        kidney_impairment: input.kidney_impairment,
        planned_taper: input.planned_taper,
        doses_mcg: if uniform { Vec::new() } else { per_time },
        prescribed_above_label: input.prescribed_above_label,
        as_needed,
    })
}

/// `10` or `10,10,20` (mg unless a unit is given).
pub fn parse_doses(s: &str) -> Result<Vec<Amount>, String> {
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    if parts.iter().all(|p| p.is_empty()) {
        return Err(
            "--dose: no dose given; accepted: one dose for every time (10) or one per time (10,10,20)"
                .into(),
        );
    }
    let mut out = Vec::new();
    for p in parts {
        let a = Amount::parse(p).map_err(|e| format!("--dose: {e}"))?;
        if a > Amount::from_mg(200) {
            return Err(format!(
                "--dose: {a} in one dose is above 200 mg (single doses of 200 mg or more have caused coma and seizures); accepted: each dose up to 200 mg"
            ));
        }
        out.push(a);
    }
    Ok(out)
}

/// Pairs doses with times (before sorting the times) and returns both sorted by time.
fn pair_times(doses: &[Amount], times: &str) -> Result<(Vec<NaiveTime>, Vec<Amount>), String> {
    let mut raw = Vec::new();
    for part in times.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let t = super::when::parse_clock(&part.to_lowercase()).ok_or_else(|| {
            format!(
                "--times: '{part}' is not a time of day; accepted: HH:MM[,HH:MM...] such as 08:00,14:00,20:00"
            )
        })?;
        if raw.contains(&t) {
            return Err(format!(
                "--times: '{part}' appears twice in the schedule; each dose time once, e.g. 08:00,14:00,20:00"
            ));
        }
        raw.push(t);
    }
    if raw.is_empty() {
        return Err(
            "--times: the schedule is empty; accepted: HH:MM[,HH:MM...] such as 08:00,14:00,20:00"
                .into(),
        );
    }
    if raw.len() > 8 {
        return Err(format!(
            "--times: the schedule has {} times; at most 8 doses a day are accepted",
            raw.len()
        ));
    }
    let per: Vec<Amount> = match doses.len() {
        1 => vec![doses[0]; raw.len()],
        n if n == raw.len() => doses.to_vec(),
        n => {
            return Err(format!(
                "--dose: {n} doses for {} times; accepted: one dose for every time (--dose 10) or exactly one per time in the same order (--dose 10,10,20 --times 08:00,14:00,22:00)",
                raw.len()
            ));
        }
    };
    let mut pairs: Vec<(NaiveTime, Amount)> = raw.into_iter().zip(per).collect();
    pairs.sort();
    Ok(pairs.into_iter().unzip())
}

/// The daily maximum: the label maximum (80 mg) or less, or above it with
/// `--prescribed-above-label`, never above 300 mg.
pub fn parse_max_daily(
    s: Option<&str>,
    above_label: bool,
    label_max: Amount,
) -> Result<Amount, String> {
    let Some(s) = s else {
        if above_label {
            return Err("--prescribed-above-label needs the prescribed maximum: add --max-daily MG above 80 mg (e.g. --max-daily 120)".into());
        }
        return Ok(label_max);
    };
    let max = Amount::parse(s).map_err(|e| format!("--max-daily: {e}"))?;
    if max > TYPO_GUARD_DAILY {
        return Err(format!(
            "--max-daily: {max} a day is more than {TYPO_GUARD_DAILY} (refused as a likely typo); accepted: up to {label_max}, or up to {TYPO_GUARD_DAILY} with --prescribed-above-label"
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
    Ok(max)
}

fn parse_as_needed(input: &RegimenInput) -> Result<Option<AsNeeded>, String> {
    let Some(dose) = input.as_needed.as_deref() else {
        if input.as_needed_max_daily.is_some() {
            return Err("--as-needed-max-daily needs the as-needed dose: add --as-needed MG (e.g. --as-needed 10)".into());
        }
        if input.as_needed_min_gap.is_some() {
            return Err("--as-needed-min-gap needs the as-needed dose: add --as-needed MG (e.g. --as-needed 10)".into());
        }
        return Ok(None);
    };
    let dose = Amount::parse(dose).map_err(|e| format!("--as-needed: {e}"))?;
    if dose > Amount::from_mg(100) {
        return Err(format!(
            "--as-needed: {dose} as one as-needed dose is above 100 mg; accepted: the as-needed dose in mg, e.g. 10"
        ));
    }
    let max_daily = input
        .as_needed_max_daily
        .as_deref()
        .map(|m| {
            let m = Amount::parse(m).map_err(|e| format!("--as-needed-max-daily: {e}"))?;
            if m < dose {
                return Err(format!(
                    "--as-needed-max-daily: {m} is less than one as-needed dose of {dose}; accepted: {dose} or more"
                ));
            }
            if m > TYPO_GUARD_DAILY {
                return Err(format!(
                    "--as-needed-max-daily: {m} is more than {TYPO_GUARD_DAILY} a day (refused as a likely typo)"
                ));
            }
            Ok(m)
        })
        .transpose()?;
    let min_gap_min = match input.as_needed_min_gap.as_deref() {
        None => DEFAULT_AS_NEEDED_GAP_MIN,
        Some(g) => parse_gap(g).map_err(|e| format!("--as-needed-min-gap: {e}"))?,
    };
    Ok(Some(AsNeeded {
        dose_mcg: dose,
        max_daily_mcg: max_daily,
        min_gap_min,
    }))
}

/// A DURATION between two as-needed doses: `4h`, `90m`, `1h30m`, `2.5h`; from 1 h to 24 h.
pub fn parse_gap(s: &str) -> Result<u32, String> {
    let t = s.trim().to_lowercase().replace(' ', "");
    let accepted = "accepted: a duration from 1h to 24h such as 4h, 90m or 1h30m";
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
    if mins > 24 * 60 {
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
    let lower = s.trim().to_lowercase();
    let mut words = lower.split_whitespace();
    let first = words.next().unwrap_or("");
    let rest: Vec<&str> = words.collect();
    let day_offset = if first == "tomorrow" {
        Some(1)
    } else {
        first.parse::<Weekday>().ok().map(|w| {
            let today = now.weekday().num_days_from_monday() as i64;
            let d = (w.num_days_from_monday() as i64 - today).rem_euclid(7);
            if d == 0 { 7 } else { d }
        })
    };
    let t = if let Some(d) = day_offset {
        let time = match rest.as_slice() {
            [] => NaiveTime::MIN,
            [t] => super::when::parse_clock(t).ok_or_else(|| {
                format!("--from: '{}' is not a time of day; accepted: e.g. 'thursday 08:00', 'tomorrow', 2026-11-26 08:00", t)
            })?,
            _ => return Err(format!("--from: '{}' is not a time the diary understands; accepted: e.g. 'thursday 08:00', 'tomorrow', 2026-11-26 08:00, -2d", s.trim())),
        };
        let day = now.date_naive() + Duration::days(d);
        super::when::local(&now.timezone(), day.and_time(time), s.trim())
            .map_err(|e| format!("--from: {e}"))?
    } else {
        parse_bound(s, now).map_err(|e| format!("--from: {e}"))?
    };
    if t.with_timezone(&Utc) - now.with_timezone(&Utc) > Duration::days(MAX_PLAN_DAYS) {
        return Err(format!(
            "--from: {} is more than a year ahead; accepted: a planned step within the next {MAX_PLAN_DAYS} days",
            t.format("%Y-%m-%d %H:%M")
        ));
    }
    Ok(t)
}

/// The arguments of `med add`, as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MedicineInput {
    pub name: String,
    pub dose: Option<String>,
    pub times: Option<String>,
    pub class: Option<String>,
    pub from: Option<String>,
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
    let times = match input.times.as_deref() {
        None => Vec::new(),
        Some(t) => super::parse_times(t).map_err(|e| format!("--times: {e}"))?,
    };
    let class = input
        .class
        .as_deref()
        .map(|c| {
            let c = c.trim().to_lowercase().replace(['-', ' '], "_");
            if classes.contains(&c.as_str()) {
                Ok(c)
            } else {
                Err(format!(
                    "--class: '{}' is not an interaction class; accepted: {}",
                    c,
                    classes.join(", ")
                ))
            }
        })
        .transpose()?;
    let from = match input.from.as_deref() {
        None => now.fixed_offset(),
        Some(s) => parse_from(s, now)?,
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

    const L: Amount = Amount::from_mg(80);

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
        let r = parse_regimen(&input("20,10,10", "22:00,08:00,14:00"), L, &now()).unwrap();
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
        let one = parse_regimen(&input("15", "08:00,14:00,20:00"), L, &now()).unwrap();
        assert!(one.doses_mcg.is_empty());
        let same = parse_regimen(&input("15,15,15", "08:00,14:00,20:00"), L, &now()).unwrap();
        assert!(same.doses_mcg.is_empty());
    }

    #[test]
    fn dose_count_must_match() {
        let e = parse_regimen(&input("10,20", "08:00,14:00,20:00"), L, &now()).unwrap_err();
        assert!(e.contains("2 doses for 3 times"), "{e}");
    }

    #[test]
    fn max_daily_above_label_needs_the_flag_and_stays_under_300() {
        assert!(
            parse_max_daily(Some("120"), false, L)
                .unwrap_err()
                .contains("--prescribed-above-label")
        );
        assert_eq!(
            parse_max_daily(Some("120"), true, L),
            Ok(Amount::from_mg(120))
        );
        assert_eq!(
            parse_max_daily(Some("300"), true, L),
            Ok(Amount::from_mg(300))
        );
        assert!(
            parse_max_daily(Some("301"), true, L)
                .unwrap_err()
                .contains("typo")
        );
        assert!(parse_max_daily(Some("60"), true, L).is_err());
        assert!(parse_max_daily(None, true, L).is_err());
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
