//! Forms that log or edit a diary entry.

use chrono::{DateTime, FixedOffset, TimeZone};

use super::{Field, FormError};
use crate::domain::{Amount, Entry, EntryKind, NewEntry, RatingScale};
use crate::store::EntryEdit;

fn amount(f: &Field) -> Result<Amount, FormError> {
    Amount::parse(f.value()).map_err(|e| f.error(e))
}

/// A dose as typed.
#[derive(Debug, Clone)]
pub struct DoseFields {
    pub amount: Field,
    pub at: Field,
    pub note: Field,
    /// An as-needed dose (`D`): recorded as one, it never fills a scheduled slot.
    pub as_needed: bool,
}

/// A dose, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct DoseForm {
    pub amount: Amount,
    pub at: DateTime<FixedOffset>,
    pub note: Option<String>,
    pub as_needed: bool,
}

impl DoseFields {
    /// The dose form, pre-filled with `amount` (e.g. "10mg") and now.
    pub fn new(amount: String) -> DoseFields {
        DoseFields {
            amount: Field::new("Amount", amount, "10, 10mg, 2.5 mg, 300mcg (not mL)"),
            at: Field::new("When", "now", "now, 14:00, -90m, yesterday 21:00"),
            note: Field::new("Note", "", "optional"),
            as_needed: false,
        }
    }
    /// The as-needed dose form, pre-filled with the prescribed as-needed dose.
    pub fn as_needed(amount: String) -> DoseFields {
        DoseFields {
            amount: Field::new("As-needed amount", amount, "10, 10mg, 2.5 mg (not mL)"),
            as_needed: true,
            ..DoseFields::new(String::new())
        }
    }
    pub fn parse<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> Result<DoseForm, FormError> {
        Ok(DoseForm {
            amount: amount(&self.amount)?,
            at: self.at.when(now)?,
            note: self.note.opt_text()?,
            as_needed: self.as_needed,
        })
    }
}

impl DoseForm {
    pub fn entry(&self) -> NewEntry {
        NewEntry {
            at: self.at,
            kind: EntryKind::Dose {
                amount_mcg: self.amount,
                skipped: false,
                as_needed: self.as_needed,
            },
            note: self.note.clone(),
        }
    }
}

/// A symptom as typed.
#[derive(Debug, Clone)]
pub struct SymptomFields {
    pub text: Field,
    pub severity: Field,
    pub at: Field,
    /// The answer to "Is this about <patient>?", once asked (None: not asked, or unanswered).
    pub about: Option<crate::domain::About>,
    /// The question has been asked (it is not asked twice).
    pub asked: bool,
}

/// A symptom, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct SymptomForm {
    pub text: String,
    pub severity: Option<u8>,
    pub at: DateTime<FixedOffset>,
    pub about: Option<crate::domain::About>,
}

impl Default for SymptomFields {
    fn default() -> SymptomFields {
        SymptomFields {
            text: Field::new("What you notice", "", "in your own words"),
            severity: Field::new("Severity 0-10", "", "optional"),
            at: Field::new("When", "now", "now, 08:00, -2h, yesterday 21:00"),
            about: None,
            asked: false,
        }
    }
}

impl SymptomFields {
    pub fn parse<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> Result<SymptomForm, FormError> {
        Ok(SymptomForm {
            text: self.text.text()?,
            severity: self.severity.opt_severity()?,
            at: self.at.when(now)?,
            about: self.about,
        })
    }
}

impl SymptomForm {
    pub fn entry(&self) -> NewEntry {
        NewEntry {
            at: self.at,
            kind: EntryKind::Symptom {
                text: self.text.clone(),
                severity: self.severity,
                drowsiness_rating: false,
                about: self.about,
            },
            note: None,
        }
    }
}

/// Spasticity (0-10) and spasms (0-4) over the last 24 hours, as typed; either may be blank.
#[derive(Debug, Clone)]
pub struct BenefitFields {
    pub spasticity: Field,
    pub spasms: Field,
    pub at: Field,
}

impl Default for BenefitFields {
    fn default() -> BenefitFields {
        BenefitFields {
            spasticity: Field::new(
                "Stiffness 0-10",
                "",
                "average over 24 h: 0 none .. 10 worst imaginable",
            ),
            spasms: Field::new(
                "Spasms 0-4",
                "",
                "0 none, 1 when touched, 2 <1/h, 3 1-10/h, 4 >10/h",
            ),
            at: Field::new("When", "now", "now, 22:00, yesterday 22:00"),
        }
    }
}

impl BenefitFields {
    /// The ratings typed (one or both), as entries.
    pub fn parse<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> Result<Vec<NewEntry>, FormError> {
        let at = self.at.when(now)?;
        let mut out = Vec::new();
        for (f, scale) in [
            (&self.spasticity, RatingScale::Spasticity),
            (&self.spasms, RatingScale::Spasms),
        ] {
            if f.value().trim().is_empty() {
                continue;
            }
            let value = crate::domain::parse_rating(scale, f.value()).map_err(|e| f.error(e))?;
            out.push(NewEntry {
                at,
                kind: EntryKind::Rating { scale, value },
                note: None,
            });
        }
        if out.is_empty() {
            return Err(self
                .spasticity
                .error("type a stiffness rating 0-10, a spasm rating 0-4, or both"));
        }
        Ok(out)
    }
}

/// A drowsiness rating as chosen.
#[derive(Debug, Clone)]
pub struct DrowsinessFields {
    pub rating: u8,
    pub at: Field,
    /// Opened from the prompt after a dose: a digit saves at once.
    pub quick: bool,
}

/// A drowsiness rating, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct DrowsinessForm {
    pub rating: u8,
    pub at: DateTime<FixedOffset>,
}

impl DrowsinessFields {
    pub fn new(rating: u8) -> DrowsinessFields {
        DrowsinessFields {
            rating: rating.min(10),
            at: Field::new("When", "now", "now, -1h, 14:30"),
            quick: false,
        }
    }
    pub fn parse<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> Result<DrowsinessForm, FormError> {
        Ok(DrowsinessForm {
            rating: self.rating.min(10),
            at: self.at.when(now)?,
        })
    }
}

impl DrowsinessForm {
    pub fn entry(&self) -> NewEntry {
        NewEntry {
            at: self.at,
            kind: EntryKind::Symptom {
                text: "drowsiness".into(),
                severity: Some(self.rating),
                drowsiness_rating: true,
                about: None,
            },
            note: None,
        }
    }
}

/// Alcohol or another medicine as typed.
#[derive(Debug, Clone)]
pub struct IntakeFields {
    pub text: Field,
    pub at: Field,
}

/// An intake, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct IntakeForm {
    pub text: String,
    pub at: DateTime<FixedOffset>,
}

impl Default for IntakeFields {
    fn default() -> IntakeFields {
        IntakeFields {
            text: Field::new("What", "", "e.g. 2 beers, oxycodone 5mg"),
            at: Field::new("When", "now", "now, 20:00, -1h"),
        }
    }
}

impl IntakeFields {
    pub fn parse<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> Result<IntakeForm, FormError> {
        Ok(IntakeForm {
            text: self.text.text()?,
            at: self.at.when(now)?,
        })
    }
}

impl IntakeForm {
    pub fn entry(&self) -> NewEntry {
        NewEntry {
            at: self.at,
            kind: EntryKind::Intake {
                text: self.text.clone(),
            },
            note: None,
        }
    }
}

/// The kind-specific fields of an edit.
#[derive(Debug, Clone)]
pub enum EditKind {
    Dose {
        amount: Field,
        skipped: bool,
        as_needed: bool,
    },
    Symptom {
        text: Field,
        severity: Field,
        drowsiness_rating: bool,
        /// The writer's answer to "Is this about ...?", kept through an edit.
        about: Option<crate::domain::About>,
    },
    Intake {
        text: Field,
    },
    /// A ticked dose of another medicine: its name can be corrected, its dose text is kept.
    Med {
        text: Field,
        dose: Option<String>,
    },
    Rating {
        scale: RatingScale,
        value: Field,
    },
}

/// An existing entry as typed in the edit form.
#[derive(Debug, Clone)]
pub struct EditFields {
    pub id: i64,
    pub kind: EditKind,
    pub at: Field,
    pub note: Field,
}

/// An edit, parsed.
#[derive(Debug, Clone)]
pub struct EditForm {
    pub id: i64,
    pub edit: EntryEdit,
}

impl EditFields {
    /// The edit form for an entry, pre-filled with what it holds.
    pub fn new(e: &Entry) -> EditFields {
        let kind = match &e.kind {
            EntryKind::Dose {
                amount_mcg,
                skipped,
                as_needed,
            } => EditKind::Dose {
                amount: Field::new("Amount", amount_mcg.to_string().replace(' ', ""), "10mg"),
                skipped: *skipped,
                as_needed: *as_needed,
            },
            EntryKind::Symptom {
                text,
                severity,
                drowsiness_rating,
                about,
            } => EditKind::Symptom {
                about: *about,
                text: Field::new("Text", text.clone(), "your words"),
                severity: Field::new(
                    "Severity 0-10",
                    severity.map(|s| s.to_string()).unwrap_or_default(),
                    "optional",
                ),
                drowsiness_rating: *drowsiness_rating,
            },
            EntryKind::Intake { text } => EditKind::Intake {
                text: Field::new("Text", text.clone(), "e.g. 2 beers"),
            },
            EntryKind::Med { name, dose } => EditKind::Med {
                text: Field::new("Medicine", name.clone(), "e.g. gabapentin"),
                dose: dose.clone(),
            },
            EntryKind::Rating { scale, value } => EditKind::Rating {
                scale: *scale,
                value: Field::new(
                    match scale {
                        RatingScale::Spasticity => "Spasticity 0-10",
                        RatingScale::Spasms => "Spasms 0-4",
                    },
                    value.to_string(),
                    match scale {
                        RatingScale::Spasticity => "0 none .. 10 worst",
                        RatingScale::Spasms => "0 none .. 4 over 10/hour",
                    },
                ),
            },
        };
        EditFields {
            id: e.id,
            kind,
            at: Field::new(
                "When",
                e.at.format("%Y-%m-%d %H:%M").to_string(),
                "any WHEN",
            ),
            note: Field::new("Note", e.note.clone().unwrap_or_default(), "optional"),
        }
    }
    /// The free text of a symptom or intake.
    pub fn text(&self) -> Option<&Field> {
        match &self.kind {
            EditKind::Symptom { text, .. }
            | EditKind::Intake { text }
            | EditKind::Med { text, .. } => Some(text),
            EditKind::Dose { .. } | EditKind::Rating { .. } => None,
        }
    }
    pub fn fields(&self) -> Vec<&Field> {
        match &self.kind {
            EditKind::Dose { amount, .. } => vec![amount, &self.at, &self.note],
            EditKind::Symptom { text, severity, .. } => {
                vec![text, severity, &self.at, &self.note]
            }
            EditKind::Intake { text } | EditKind::Med { text, .. } => {
                vec![text, &self.at, &self.note]
            }
            EditKind::Rating { value, .. } => vec![value, &self.at, &self.note],
        }
    }
    pub fn fields_mut(&mut self) -> Vec<&mut Field> {
        match &mut self.kind {
            EditKind::Dose { amount, .. } => vec![amount, &mut self.at, &mut self.note],
            EditKind::Symptom { text, severity, .. } => {
                vec![text, severity, &mut self.at, &mut self.note]
            }
            EditKind::Intake { text } | EditKind::Med { text, .. } => {
                vec![text, &mut self.at, &mut self.note]
            }
            EditKind::Rating { value, .. } => vec![value, &mut self.at, &mut self.note],
        }
    }
    pub fn parse<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> Result<EditForm, FormError> {
        let at = self.at.when(now)?;
        let note = self.note.opt_text()?;
        let kind = match &self.kind {
            EditKind::Dose {
                amount: a,
                skipped,
                as_needed,
            } => EntryKind::Dose {
                amount_mcg: amount(a)?,
                skipped: *skipped,
                as_needed: *as_needed,
            },
            EditKind::Symptom {
                text,
                severity,
                drowsiness_rating,
                about,
            } => EntryKind::Symptom {
                text: text.text()?,
                severity: severity.opt_severity()?,
                drowsiness_rating: *drowsiness_rating,
                about: *about,
            },
            EditKind::Intake { text } => EntryKind::Intake { text: text.text()? },
            EditKind::Med { text, dose } => EntryKind::Med {
                name: text.text()?,
                dose: dose.clone(),
            },
            EditKind::Rating { scale, value } => EntryKind::Rating {
                scale: *scale,
                value: crate::domain::parse_rating(*scale, value.value())
                    .map_err(|e| value.error(e))?,
            },
        };
        Ok(EditForm {
            id: self.id,
            edit: EntryEdit { at, kind, note },
        })
    }
}
