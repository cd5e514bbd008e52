//! Tablets on hand: additions (a new pack) and counts (what is really in the box).

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use super::Amount;

/// The most tablets one addition or count accepts (several years of a large regimen).
pub const MAX_TABLETS: u32 = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SupplyKind {
    /// Tablets added to what is on hand (a pharmacy pack).
    Add,
    /// A count of what is really on hand: the stock is reckoned from here.
    Count,
}

impl SupplyKind {
    pub fn name(self) -> &'static str {
        match self {
            SupplyKind::Add => "add",
            SupplyKind::Count => "count",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupplyEvent {
    pub id: i64,
    pub kind: SupplyKind,
    pub at: DateTime<FixedOffset>,
    pub tablets: u32,
    pub strength_mcg: Amount,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl SupplyEvent {
    pub fn total(&self) -> Amount {
        Amount::from_mcg(self.strength_mcg.mcg() * u64::from(self.tablets))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewSupply {
    pub kind: SupplyKind,
    pub at: DateTime<FixedOffset>,
    pub tablets: u32,
    pub strength_mcg: Amount,
    pub note: Option<String>,
}

/// Parses a tablet count: a whole number from `min` to MAX_TABLETS.
pub fn parse_tablets(s: &str, min: u32) -> Result<u32, String> {
    let t = s.trim();
    match t.parse::<u32>() {
        Ok(n) if n >= min && n <= MAX_TABLETS => Ok(n),
        _ => Err(format!(
            "'{t}' is not a number of tablets; accepted: a whole number from {min} to {MAX_TABLETS}, such as 90"
        )),
    }
}

/// The strongest tablet the supply accepts.
pub const MAX_STRENGTH_MG: u64 = 40;

/// Baclofen tablet strengths on sale (5, 10, 15, 20 and 25 mg for spasticity; Baclocur, for
/// alcohol dependence, also 30 and 40 mg).
pub const SOLD_STRENGTHS_MG: &[u64] = &[5, 10, 15, 20, 25, 30, 40];

/// Parses the strength of one tablet: one of the strengths on sale.
pub fn parse_strength(s: &str) -> Result<Amount, String> {
    let a = Amount::parse(s).map_err(|e| e.to_string())?;
    if !SOLD_STRENGTHS_MG.iter().any(|m| Amount::from_mg(*m) == a) {
        let sold: Vec<String> = SOLD_STRENGTHS_MG.iter().map(|m| m.to_string()).collect();
        return Err(format!(
            "{a} is not a baclofen tablet strength on sale; accepted: {} (mg, as printed on the pack)",
            sold.join(", ")
        ));
    }
    Ok(a)
}
