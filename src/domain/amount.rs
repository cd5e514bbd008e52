//! Amounts of baclofen, stored exactly as integer micrograms.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The largest amount the diary accepts for one dose, in micrograms (1000 mg).
pub const MAX_ACCEPTED_MCG: u64 = 1_000_000;

/// An amount of baclofen in whole micrograms. Never stored in mL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Amount(u64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("no amount given; accepted: 10, 10mg, 2.5 mg, 300mcg")]
    Empty,
    #[error("'{0}' is not an amount; accepted: 10, 10mg, 2.5 mg, 300mcg")]
    Unparseable(String),
    #[error(
        "'{0}' is not a positive amount; accepted: a number above zero, such as 10mg or 300mcg"
    )]
    NotPositive(String),
    #[error(
        "'{0}' is a volume: liquid baclofen comes in strengths that differ 5-fold (5 mg/5 mL and 25 mg/5 mL), so give the dose in mg as written on the label, e.g. 5mg"
    )]
    Volume(String),
    #[error(
        "'{0}' is above 1000 mg, the most the diary accepts for one dose; if this much was really taken, call your local emergency number now (911, 112, 999)"
    )]
    TooLarge(String),
    #[error("'{0}' is more precise than a microgram; accepted: up to 3 decimals in mg, e.g. 2.5mg")]
    TooPrecise(String),
    #[error(
        "'{0}' has a comma, which could mean thousands or a decimal point; write the amount without one, e.g. 10000mcg or 2.5mg"
    )]
    Comma(String),
    #[error("unknown unit in '{0}'; accepted units: mg, mcg (also µg, ug)")]
    UnknownUnit(String),
}

impl Amount {
    pub const fn from_mcg(mcg: u64) -> Self {
        Amount(mcg)
    }
    pub const fn from_mg(mg: u64) -> Self {
        Amount(mg * 1000)
    }
    pub const fn mcg(self) -> u64 {
        self.0
    }
    pub fn mg_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }
    pub fn saturating_add(self, other: Amount) -> Amount {
        Amount(self.0.saturating_add(other.0))
    }
    /// As typed on a command line or in a form: `10mg`, `2.5mg`, `300mcg` (parses back to itself).
    pub fn as_arg(self) -> String {
        self.to_string().replace(' ', "")
    }

    /// Parses what people type: `10`, `10mg`, `2.5 mg`, `300mcg`, `300 µg`.
    /// A bare number is milligrams.
    pub fn parse(input: &str) -> Result<Amount, AmountError> {
        let raw = input.trim();
        if raw.is_empty() {
            return Err(AmountError::Empty);
        }
        // "10,000mcg" (ten thousand) and "2,5 mg" (two and a half) cannot be told apart: a
        // 1000-fold misreading would hide an overdose, so a comma is refused, never guessed.
        if raw.contains([',', '\u{FF0C}', '\u{066B}', '\u{066C}', '\u{FE50}']) {
            return Err(AmountError::Comma(raw.to_string()));
        }
        let lower = raw.to_lowercase();
        let split = lower
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
            .unwrap_or(lower.len());
        let (num, unit) = lower.split_at(split);
        let unit = unit.trim();
        let num = num.trim().to_string();
        let scale: u64 = match unit {
            "" | "mg" | "mgs" | "milligram" | "milligrams" => 1000,
            "mcg" | "µg" | "μg" | "ug" | "microgram" | "micrograms" => 1,
            "ml" | "mls" | "millilitre" | "milliliter" | "millilitres" | "milliliters" | "cc"
            | "l" | "tsp" | "teaspoon" | "teaspoons" | "tbsp" | "drops" | "drop" => {
                return Err(AmountError::Volume(raw.to_string()));
            }
            _ if unit.starts_with("ml") => return Err(AmountError::Volume(raw.to_string())),
            _ => {
                if num.is_empty() {
                    return Err(AmountError::Unparseable(raw.to_string()));
                }
                return Err(AmountError::UnknownUnit(raw.to_string()));
            }
        };
        if num.is_empty() {
            return Err(AmountError::Unparseable(raw.to_string()));
        }
        if num.starts_with('-') {
            return Err(AmountError::NotPositive(raw.to_string()));
        }
        let num = num.strip_prefix('+').unwrap_or(&num);
        let (int_part, frac_part) = match num.split_once('.') {
            Some((i, f)) => (i, f),
            None => (num, ""),
        };
        if (int_part.is_empty() && frac_part.is_empty())
            || !int_part.chars().all(|c| c.is_ascii_digit())
            || !frac_part.chars().all(|c| c.is_ascii_digit())
        {
            return Err(AmountError::Unparseable(raw.to_string()));
        }
        let digits_allowed = if scale == 1000 { 3 } else { 0 };
        let frac_trimmed = frac_part.trim_end_matches('0');
        if frac_trimmed.len() > digits_allowed {
            return Err(AmountError::TooPrecise(raw.to_string()));
        }
        let int_trimmed = int_part.trim_start_matches('0');
        if int_trimmed.len() > 12 {
            return Err(AmountError::TooLarge(raw.to_string()));
        }
        let int_val: u64 = if int_trimmed.is_empty() {
            0
        } else {
            int_trimmed
                .parse()
                .map_err(|_| AmountError::Unparseable(raw.to_string()))?
        };
        let mut frac_val: u64 = 0;
        if scale == 1000 {
            let mut padded = frac_trimmed.to_string();
            while padded.len() < 3 {
                padded.push('0');
            }
            frac_val = padded.parse().unwrap_or(0);
        }
        let mcg = int_val.saturating_mul(scale).saturating_add(frac_val);
        if mcg == 0 {
            return Err(AmountError::NotPositive(raw.to_string()));
        }
        if mcg > MAX_ACCEPTED_MCG {
            return Err(AmountError::TooLarge(raw.to_string()));
        }
        Ok(Amount(mcg))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mcg = self.0;
        if mcg != 0 && mcg < 1000 {
            return write!(f, "{mcg} mcg");
        }
        let whole = mcg / 1000;
        let frac = mcg % 1000;
        if frac == 0 {
            write!(f, "{whole} mg")
        } else {
            let s = format!("{frac:03}");
            write!(f, "{whole}.{} mg", s.trim_end_matches('0'))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(Amount::parse("10"), Ok(Amount::from_mg(10)));
        assert_eq!(Amount::parse("10mg"), Ok(Amount::from_mg(10)));
        assert_eq!(Amount::parse("2.5 mg"), Ok(Amount::from_mcg(2500)));
        assert_eq!(Amount::parse("300mcg"), Ok(Amount::from_mcg(300)));
        assert_eq!(Amount::parse(" 300 µg "), Ok(Amount::from_mcg(300)));
        for comma in [
            "7,5 MG",
            "10,000mcg",
            "1,000",
            "2,5",
            ",5",
            "10，000mcg",
            "2٫5mg",
        ] {
            assert_eq!(
                Amount::parse(comma),
                Err(AmountError::Comma(comma.to_string())),
                "{comma}"
            );
        }
        assert_eq!(Amount::parse("1000mg"), Ok(Amount::from_mg(1000)));
    }

    #[test]
    fn refuses_what_it_must() {
        assert!(matches!(Amount::parse(""), Err(AmountError::Empty)));
        assert!(matches!(
            Amount::parse("ten"),
            Err(AmountError::Unparseable(_))
        ));
        assert!(matches!(
            Amount::parse("0"),
            Err(AmountError::NotPositive(_))
        ));
        assert!(matches!(
            Amount::parse("-5"),
            Err(AmountError::NotPositive(_))
        ));
        assert!(matches!(
            Amount::parse("NaN"),
            Err(AmountError::Unparseable(_))
        ));
        assert!(matches!(
            Amount::parse("inf"),
            Err(AmountError::Unparseable(_))
        ));
        assert!(matches!(Amount::parse("5ml"), Err(AmountError::Volume(_))));
        assert!(matches!(Amount::parse("5 mL"), Err(AmountError::Volume(_))));
        assert!(matches!(
            Amount::parse("1000.001mg"),
            Err(AmountError::TooLarge(_))
        ));
        assert!(matches!(
            Amount::parse("2.0001mg"),
            Err(AmountError::TooPrecise(_))
        ));
        assert!(matches!(
            Amount::parse("3.5mcg"),
            Err(AmountError::TooPrecise(_))
        ));
        assert!(matches!(
            Amount::parse("5 g"),
            Err(AmountError::UnknownUnit(_))
        ));
        assert!(matches!(
            Amount::parse("1.2.3"),
            Err(AmountError::Unparseable(_))
        ));
        let msg = Amount::parse("1200mg").unwrap_err().to_string();
        assert!(msg.contains("emergency"), "{msg}");
    }

    #[test]
    fn displays_readably() {
        assert_eq!(Amount::from_mg(10).to_string(), "10 mg");
        assert_eq!(Amount::from_mcg(2500).to_string(), "2.5 mg");
        assert_eq!(Amount::from_mcg(300).to_string(), "300 mcg");
        assert_eq!(Amount::from_mcg(80_500).to_string(), "80.5 mg");
        for a in [10_000, 2_500, 300, 80_500] {
            let a = Amount::from_mcg(a);
            assert_eq!(Amount::parse(&a.as_arg()), Ok(a));
        }
        assert_eq!(Amount::from_mcg(2_500).as_arg(), "2.5mg");
    }
}
