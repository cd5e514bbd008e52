//! Forms that change the settings of the diary: the regimen and the tablets on hand.

use chrono::{DateTime, FixedOffset, TimeZone};

use super::{Field, FormError};
use crate::domain::{
    Amount, NewRegimen, NewSupply, Regimen, RegimenInput, SupplyKind, parse_regimen,
    parse_strength, parse_tablets,
};

fn mg(a: Amount) -> String {
    a.to_string().replace(' ', "")
}

/// The regimen as typed: the same arguments as `regimen set`, checked by the same function.
#[derive(Debug, Clone)]
pub struct RegimenFields {
    pub dose: Field,
    pub times: Field,
    pub max_daily: Field,
    pub as_needed: Field,
    pub as_needed_max: Field,
    pub as_needed_gap: Field,
    pub kidney: Field,
    pub taper: Field,
    pub from: Field,
    /// The user confirmed a maximum above the label's as the prescriber's (the question the app
    /// asks before saving one).
    pub above_label: bool,
}

/// A regimen, parsed.
pub type RegimenForm = NewRegimen;

/// The doses in the order of the times: "10mg" for one dose at every time, else "10,10,20".
fn doses_text(r: &Regimen) -> String {
    if r.doses_mcg.is_empty() || r.doses_mcg.iter().all(|d| *d == r.dose_mcg) {
        mg(r.dose_mcg)
    } else {
        r.doses_mcg
            .iter()
            .map(|d| (d.mcg() as f64 / 1000.0).to_string())
            .collect::<Vec<_>>()
            .join(",")
    }
}

impl RegimenFields {
    /// Pre-filled with the regimen in force, or the label's starting dose.
    pub fn new(r: Option<&Regimen>) -> RegimenFields {
        let prn = r.and_then(|r| r.as_needed);
        RegimenFields {
            dose: Field::new(
                "Dose each time",
                r.map_or_else(|| "5mg".into(), doses_text),
                "10mg for every time, or one per time in order: 10,10,20",
            ),
            times: Field::new(
                "Times",
                r.map_or_else(|| "08:00,14:00,20:00".into(), |r| r.times_text()),
                "HH:MM,HH:MM,...",
            ),
            max_daily: Field::new(
                "Daily maximum",
                r.map_or_else(
                    || mg(crate::safety::Catalog::builtin().limits.max_daily()),
                    |r| mg(r.max_daily_mcg),
                ),
                max_daily_hint(),
            ),
            as_needed: Field::new(
                "As-needed dose",
                prn.map(|a| mg(a.dose_mcg)).unwrap_or_default(),
                "optional: the dose allowed as needed, e.g. 10mg",
            ),
            as_needed_max: Field::new(
                "As-needed most a day",
                prn.and_then(|a| a.max_daily_mcg)
                    .map(mg)
                    .unwrap_or_default(),
                "optional (default: one as-needed dose a day)",
            ),
            as_needed_gap: Field::new(
                "As-needed least gap",
                prn.map(|a| gap_text(a.min_gap_min)).unwrap_or_default(),
                "optional: 4h, 90m (default 4h, at least 1h)",
            ),
            kidney: Field::new(
                "Kidney impairment (y/n)",
                if r.is_some_and(|r| r.kidney_impairment) {
                    "y"
                } else {
                    "n"
                },
                "eGFR under 60",
            ),
            taper: Field::new(
                "Planned taper (y/n)",
                "n",
                "a taper your prescriber planned",
            ),
            from: Field::new(
                "From",
                "now",
                "now, 2026-11-20 08:00; a later time plans a step",
            ),
            above_label: false,
        }
    }

    /// The field an error from `regimen set`'s checks is about (they name the argument).
    fn field_of(&self, flag: &str) -> &Field {
        match flag {
            "--times" => &self.times,
            "--max-daily" | "--prescribed-above-label" => &self.max_daily,
            "--as-needed" => &self.as_needed,
            "--as-needed-max-daily" => &self.as_needed_max,
            "--as-needed-min-gap" => &self.as_needed_gap,
            "--from" => &self.from,
            _ => &self.dose,
        }
    }

    /// The error of `regimen set`'s checks as a form error naming the field ("--dose: ..." is
    /// about the dose field).
    fn error(&self, e: String) -> FormError {
        let flag = e
            .split([':', ' '])
            .next()
            .filter(|f| f.starts_with("--"))
            .unwrap_or("");
        let message = e
            .strip_prefix(flag)
            .map(|m| m.trim_start_matches(':').trim_start())
            .filter(|m| !m.is_empty())
            .unwrap_or(&e);
        self.field_of(flag).error(message)
    }

    /// A maximum above the label's (and within the 300 mg typo guard) that the user has not yet
    /// confirmed as prescribed: the app asks before saving.
    pub fn needs_above_label(&self) -> Option<Amount> {
        let lim = crate::safety::Catalog::builtin().limits.dose_limits();
        let max = Amount::parse(self.max_daily.value()).ok()?;
        (!self.above_label && max > lim.label_max_daily && max <= lim.typo_guard_daily)
            .then_some(max)
    }

    pub fn parse<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> Result<RegimenForm, FormError> {
        let opt = |f: &Field| {
            let v = f.value().trim();
            (!v.is_empty()).then(|| v.to_string())
        };
        let label = crate::safety::Catalog::builtin().limits.max_daily();
        let max = opt(&self.max_daily);
        let above = self.above_label
            && max
                .as_deref()
                .and_then(|m| Amount::parse(m).ok())
                .is_some_and(|m| m > label);
        let input = RegimenInput {
            dose: self.dose.value().to_string(),
            times: self.times.value().to_string(),
            max_daily: max,
            prescribed_above_label: above,
            kidney_impairment: self.kidney.yes_no()?,
            planned_taper: self.taper.yes_no()?,
            as_needed: opt(&self.as_needed),
            as_needed_max_daily: opt(&self.as_needed_max),
            as_needed_min_gap: opt(&self.as_needed_gap),
            from: match self.from.value().trim() {
                "" | "now" => None,
                s => Some(s.to_string()),
            },
        };
        parse_regimen(
            &input,
            &crate::safety::Catalog::builtin().limits.dose_limits(),
            now,
        )
        .map_err(|e| self.error(e))
    }
}

fn gap_text(min: u32) -> String {
    match (min / 60, min % 60) {
        (h, 0) => format!("{h}h"),
        (0, m) => format!("{m}m"),
        (h, m) => format!("{h}h{m}m"),
    }
}

/// Tablets on hand as typed.
#[derive(Debug, Clone)]
pub struct SupplyFields {
    pub tablets: Field,
    pub strength: Field,
    pub kind: Field,
    pub at: Field,
}

/// Tablets on hand, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyForm {
    pub kind: SupplyKind,
    pub tablets: u32,
    pub strength: Amount,
    pub at: DateTime<FixedOffset>,
}

impl SupplyFields {
    /// Pre-filled with a tablet strength (e.g. "10mg") when one is known.
    pub fn new(strength: Option<Amount>) -> SupplyFields {
        SupplyFields {
            tablets: Field::new("Tablets", "", "how many, e.g. 90"),
            strength: Field::new(
                "Strength",
                strength.map(mg).unwrap_or_default(),
                "mg per tablet: 5, 10, 20",
            ),
            kind: Field::new(
                "New pack or count (p/c)",
                "p",
                "p: add to what is left; c: this is all there is",
            ),
            at: Field::new("When", "now", "now, 09:00, -1d"),
        }
    }
    pub fn parse<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> Result<SupplyForm, FormError> {
        let kind = match self.kind.value().trim().to_lowercase().as_str() {
            "p" | "pack" | "" => SupplyKind::Add,
            "c" | "count" => SupplyKind::Count,
            other => {
                return Err(self
                    .kind
                    .error(format!("'{other}': accepted p (new pack) or c (count)")));
            }
        };
        let min = u32::from(kind == SupplyKind::Add);
        Ok(SupplyForm {
            kind,
            tablets: parse_tablets(self.tablets.value(), min).map_err(|e| self.tablets.error(e))?,
            strength: parse_strength(self.strength.value()).map_err(|e| self.strength.error(e))?,
            at: self.at.when(now)?,
        })
    }
}

impl SupplyForm {
    pub fn supply(&self) -> NewSupply {
        NewSupply {
            kind: self.kind,
            at: self.at,
            tablets: self.tablets,
            strength_mcg: self.strength,
            note: None,
        }
    }
}

/// The daily maximum's hint, with the label maximum from the catalog.
fn max_daily_hint() -> &'static str {
    static HINT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HINT.get_or_init(|| {
        let mg = crate::safety::Catalog::builtin().limits.max_daily_mg;
        format!("{mg}mg or lower; above {mg} mg only as prescribed (asks first)")
    })
}
