//! The pump form (`P`): a refill or an alarm, as typed.

use chrono::{DateTime, FixedOffset, TimeZone};

use super::{Field, FormError};
use crate::domain::pump::{
    ALARM_KINDS, AlarmKind, NewPumpAlarm, NewPumpRefill, PumpSetting, VOLUME_MIN_UL, fmt_ml_ul,
    parse_volume,
};

#[derive(Debug, Clone)]
pub struct PumpFields {
    /// "refill", or an alarm kind.
    pub what: Field,
    pub volume: Field,
    pub at: Field,
    pub note: Field,
    /// The reservoir size, mL x 1000 (the largest refill).
    pub reservoir_ul: u32,
    /// The implant date, when known (nothing is logged before it).
    pub implanted: Option<chrono::NaiveDate>,
}

/// A pump event, parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum PumpForm {
    Refill(NewPumpRefill),
    Alarm(NewPumpAlarm),
}

impl PumpFields {
    /// Pre-filled as a full refill now, under the setting in force.
    pub fn new(p: &PumpSetting) -> PumpFields {
        PumpFields {
            what: Field::new(
                "Refill or alarm",
                "refill",
                "refill, low-reservoir, critical, eri, other",
            ),
            volume: Field::new(
                "Refill volume (mL)",
                fmt_ml_ul(p.reservoir_ul),
                "the whole reservoir unless told",
            ),
            at: Field::new("When", "now", "now, 09:00, -1d"),
            note: Field::new("Note", "", "optional"),
            reservoir_ul: p.reservoir_ul,
            implanted: p.implanted,
        }
    }

    pub fn parse<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> Result<PumpForm, FormError> {
        let at: DateTime<FixedOffset> = self.at.when(now)?;
        if let Some(d) = self.implanted
            && at.date_naive() < d
        {
            return Err(self.at.error(format!(
                "before the pump was implanted ({d}); accepted: a time on or after it"
            )));
        }
        let note = self.note.opt_text()?;
        let what = self.what.value().trim().to_lowercase();
        if what.is_empty() || what == "r" || what == "refill" {
            let volume_ul = parse_volume(
                self.volume.value(),
                VOLUME_MIN_UL,
                self.reservoir_ul,
                "refill volume",
            )
            .map_err(|e| self.volume.error(e))?;
            return Ok(PumpForm::Refill(NewPumpRefill {
                at,
                volume_ul,
                refill_by: None,
                note,
            }));
        }
        let kind = AlarmKind::parse(&what).map_err(|_| {
            self.what.error(format!(
                "'{what}' is neither refill nor an alarm kind; accepted: refill, {ALARM_KINDS}"
            ))
        })?;
        Ok(PumpForm::Alarm(NewPumpAlarm { at, kind, note }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, Utc};

    fn setting() -> PumpSetting {
        PumpSetting {
            id: 1,
            effective_from: DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap(),
            concentration_mcg_per_ml: 2000,
            reservoir_ul: 20_000,
            daily_ng: 400_000,
            model: None,
            implanted: NaiveDate::from_ymd_opt(2024, 3, 15),
            eri: None,
            refill_by: None,
            clinic: None,
            clinic_phone: None,
            recorded_at: Utc::now(),
        }
    }

    #[test]
    fn a_refill_an_alarm_or_an_error_naming_the_field() {
        let now = DateTime::parse_from_rfc3339("2026-11-20T12:00:00+01:00").unwrap();
        let mut f = PumpFields::new(&setting());
        match f.parse(&now).unwrap() {
            PumpForm::Refill(r) => assert_eq!(r.volume_ul, 20_000),
            other => panic!("{other:?}"),
        }
        f.volume.set("25");
        let e = f.parse(&now).unwrap_err().to_string();
        assert!(
            e.contains("Refill volume") && e.contains("0.5 to 20 mL"),
            "{e}"
        );
        f.what.set("critical");
        match f.parse(&now).unwrap() {
            PumpForm::Alarm(a) => assert_eq!(a.kind, AlarmKind::Critical),
            other => panic!("{other:?}"),
        }
        f.what.set("beeping");
        let e = f.parse(&now).unwrap_err().to_string();
        assert!(
            e.contains("refill, low-reservoir, critical, eri, other"),
            "{e}"
        );
        f.what.set("refill");
        f.volume.set("20");
        f.at.set("2024-01-01 10:00");
        let e = f.parse(&now).unwrap_err().to_string();
        assert!(e.contains("implanted"), "{e}");
    }
}
