//! Forms that change the settings of the diary: the regimen and the tablets on hand.

use chrono::{DateTime, FixedOffset, TimeZone};

use super::{Field, FormError};
use crate::domain::{
    Amount, NewRegimen, NewSupply, Regimen, SupplyKind, parse_strength, parse_tablets, parse_times,
};

fn mg(a: Amount) -> String {
    a.to_string().replace(' ', "")
}

/// The regimen as typed.
#[derive(Debug, Clone)]
pub struct RegimenFields {
    pub dose: Field,
    pub times: Field,
    pub max_daily: Field,
    pub kidney: Field,
    pub taper: Field,
    pub from: Field,
}

/// A regimen, parsed.
pub type RegimenForm = NewRegimen;

impl RegimenFields {
    /// Pre-filled with the regimen in force, or the label's starting dose.
    pub fn new(r: Option<&Regimen>) -> RegimenFields {
        RegimenFields {
            dose: Field::new(
                "Dose each time",
                r.map_or_else(|| "5mg".into(), |r| mg(r.dose_mcg)),
                "e.g. 10mg",
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
                "80mg or lower",
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
            from: Field::new("From", "now", "now, 2026-11-20 08:00"),
        }
    }
    pub fn parse<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> Result<RegimenForm, FormError> {
        let dose_mcg = Amount::parse(self.dose.value()).map_err(|e| self.dose.error(e))?;
        let times = parse_times(self.times.value()).map_err(|e| self.times.error(e))?;
        let max_daily_mcg =
            Amount::parse(self.max_daily.value()).map_err(|e| self.max_daily.error(e))?;
        let documented = crate::safety::Catalog::builtin().limits.max_daily();
        if max_daily_mcg > documented {
            return Err(self.max_daily.error(format!(
                "above the {documented} documented maximum; accepted: {} or less",
                mg(documented)
            )));
        }
        Ok(NewRegimen {
            dose_mcg,
            times,
            max_daily_mcg,
            kidney_impairment: self.kidney.yes_no()?,
            planned_taper: self.taper.yes_no()?,
            effective_from: self.from.when(now)?,
            doses_mcg: Vec::new(),
            prescribed_above_label: false,
            as_needed: None,
        })
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
