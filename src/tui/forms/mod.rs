//! Forms: typed input structs (one per form) that turn into a domain value or a [`FormError`]
//! naming the field. Fields are reached by name in code, never by their label text.

pub mod draw;
mod entries;
mod pump;
mod settings;

use std::fmt;

use chrono::{DateTime, FixedOffset, TimeZone};

use crate::domain::{clean_text, parse_when};
use crate::safety::CheckResult;
use tui_input::{Input, InputRequest};

pub use entries::{
    BenefitFields, DoseFields, DoseForm, DrowsinessFields, DrowsinessForm, EditFields, EditForm,
    EditKind, IntakeFields, IntakeForm, SymptomFields, SymptomForm,
};
pub use pump::{PumpFields, PumpForm};
pub use settings::{RegimenFields, RegimenForm, SupplyFields, SupplyForm};

/// The longest value a field takes, in characters.
pub const MAX_FIELD_CHARS: usize = 500;

/// One text field: its label and hint (for drawing only) and the text being edited (a
/// `tui_input::Input`: cursor, word moves, deletions). A pre-filled value starts selected: the
/// first key typed replaces it, a movement key keeps it.
#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub hint: &'static str,
    pub input: Input,
    /// The whole value is selected (pre-filled and untouched).
    pub selected: bool,
}

/// An editing key in a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    WordLeft,
    WordRight,
    /// Ctrl-U: everything before the cursor.
    ClearToStart,
    /// Ctrl-W: the word before the cursor.
    DeleteWord,
    /// Ctrl-K: everything after the cursor.
    ClearToEnd,
}

impl Field {
    pub fn new(label: &'static str, value: impl Into<String>, hint: &'static str) -> Field {
        let value: String = value.into();
        Field {
            label,
            hint,
            selected: !value.is_empty(),
            input: Input::new(value),
        }
    }
    pub fn value(&self) -> &str {
        self.input.value()
    }
    /// Replaces the value (cursor at the end, nothing selected).
    pub fn set(&mut self, value: &str) {
        self.input = Input::new(value.chars().take(MAX_FIELD_CHARS).collect());
        self.selected = false;
    }
    /// Applies an editing key. With the value selected, typing or deleting replaces it all and
    /// a movement key drops the selection (Left and Home to the start, the others to the end).
    pub fn edit(&mut self, e: Edit) {
        if std::mem::take(&mut self.selected) {
            match e {
                Edit::Insert(_) => self.set(""),
                Edit::Backspace
                | Edit::Delete
                | Edit::ClearToStart
                | Edit::DeleteWord
                | Edit::ClearToEnd => {
                    self.set("");
                    return;
                }
                Edit::Left | Edit::Home | Edit::WordLeft => {
                    self.input.handle(InputRequest::GoToStart);
                    return;
                }
                Edit::Right | Edit::End | Edit::WordRight => return,
            }
        }
        let req = match e {
            Edit::Insert(c) => {
                if self.value().chars().count() >= MAX_FIELD_CHARS {
                    return;
                }
                InputRequest::InsertChar(c)
            }
            Edit::Backspace => InputRequest::DeletePrevChar,
            Edit::Delete => InputRequest::DeleteNextChar,
            Edit::Left => InputRequest::GoToPrevChar,
            Edit::Right => InputRequest::GoToNextChar,
            Edit::Home => InputRequest::GoToStart,
            Edit::End => InputRequest::GoToEnd,
            Edit::WordLeft => InputRequest::GoToPrevWord,
            Edit::WordRight => InputRequest::GoToNextWord,
            Edit::ClearToStart => InputRequest::DeleteFromStart,
            Edit::DeleteWord => InputRequest::DeletePrevWord,
            Edit::ClearToEnd => InputRequest::DeleteTillEnd,
        };
        self.input.handle(req);
    }
    /// Pasted text: line breaks and tabs become spaces, other control characters are dropped;
    /// it replaces a selected value.
    pub fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        for c in text.chars() {
            match c {
                '\r' => {}
                '\n' | '\t' => self.edit(Edit::Insert(' ')),
                c if c.is_control() => {}
                c => self.edit(Edit::Insert(c)),
            }
        }
    }
    /// An error about this field.
    pub fn error(&self, message: impl fmt::Display) -> FormError {
        FormError {
            field: self.label,
            message: message.to_string(),
        }
    }
    /// The field as a time (any WHEN), relative to the local `now`.
    pub fn when<Tz: TimeZone>(
        &self,
        now: &DateTime<Tz>,
    ) -> Result<DateTime<FixedOffset>, FormError> {
        parse_when(self.value(), now).map_err(|e| self.error(e))
    }
    /// The field as required text (cleaned of control characters).
    pub fn text(&self) -> Result<String, FormError> {
        clean_text(self.value()).map_err(|e| self.error(e))
    }
    /// The field as optional text: empty is `None`.
    pub fn opt_text(&self) -> Result<Option<String>, FormError> {
        if self.value().trim().is_empty() {
            Ok(None)
        } else {
            self.text().map(Some)
        }
    }
    /// The field as an optional 0-10 severity.
    pub fn opt_severity(&self) -> Result<Option<u8>, FormError> {
        match self.value().trim() {
            "" => Ok(None),
            s => crate::domain::parse_severity(s)
                .map(Some)
                .map_err(|e| self.error(e)),
        }
    }
    /// The field as a yes/no answer (empty is no).
    pub fn yes_no(&self) -> Result<bool, FormError> {
        match self.value().trim().to_lowercase().as_str() {
            "y" | "yes" => Ok(true),
            "n" | "no" | "" => Ok(false),
            other => Err(self.error(format!("'{other}': accepted y or n"))),
        }
    }
}

/// Why a form was not saved, naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FormError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Dose,
    /// A dose taken as needed (`D`).
    AsNeeded,
    Symptom,
    Drowsiness,
    Benefit,
    Intake,
    Regimen,
    Supply,
    Pump,
    Edit(i64),
}

/// The typed fields of each form.
#[derive(Debug, Clone)]
pub enum FormBody {
    Dose(DoseFields),
    Symptom(SymptomFields),
    Drowsiness(DrowsinessFields),
    Benefit(BenefitFields),
    Intake(IntakeFields),
    Regimen(Box<RegimenFields>),
    Supply(SupplyFields),
    Pump(Box<PumpFields>),
    Edit(EditFields),
}

impl FormBody {
    pub fn kind(&self) -> FormKind {
        match self {
            FormBody::Dose(f) if f.as_needed => FormKind::AsNeeded,
            FormBody::Dose(_) => FormKind::Dose,
            FormBody::Symptom(_) => FormKind::Symptom,
            FormBody::Drowsiness(_) => FormKind::Drowsiness,
            FormBody::Benefit(_) => FormKind::Benefit,
            FormBody::Intake(_) => FormKind::Intake,
            FormBody::Regimen(_) => FormKind::Regimen,
            FormBody::Supply(_) => FormKind::Supply,
            FormBody::Pump(_) => FormKind::Pump,
            FormBody::Edit(e) => FormKind::Edit(e.id),
        }
    }
    /// The fields in the order they are shown and focused.
    pub fn fields(&self) -> Vec<&Field> {
        match self {
            FormBody::Dose(f) => vec![&f.amount, &f.at, &f.note],
            FormBody::Symptom(f) => vec![&f.text, &f.severity, &f.at],
            FormBody::Drowsiness(f) => vec![&f.at],
            FormBody::Benefit(f) => vec![&f.spasticity, &f.spasms, &f.at],
            FormBody::Intake(f) => vec![&f.text, &f.at],
            FormBody::Regimen(f) => vec![
                &f.dose,
                &f.times,
                &f.max_daily,
                &f.kidney,
                &f.taper,
                &f.from,
                &f.as_needed,
                &f.as_needed_max,
                &f.as_needed_gap,
            ],
            FormBody::Supply(f) => vec![&f.tablets, &f.strength, &f.kind, &f.at],
            FormBody::Pump(f) => vec![&f.what, &f.volume, &f.at, &f.note],
            FormBody::Edit(f) => f.fields(),
        }
    }
    fn fields_mut(&mut self) -> Vec<&mut Field> {
        match self {
            FormBody::Dose(f) => vec![&mut f.amount, &mut f.at, &mut f.note],
            FormBody::Symptom(f) => vec![&mut f.text, &mut f.severity, &mut f.at],
            FormBody::Drowsiness(f) => vec![&mut f.at],
            FormBody::Benefit(f) => vec![&mut f.spasticity, &mut f.spasms, &mut f.at],
            FormBody::Intake(f) => vec![&mut f.text, &mut f.at],
            FormBody::Regimen(f) => vec![
                &mut f.dose,
                &mut f.times,
                &mut f.max_daily,
                &mut f.kidney,
                &mut f.taper,
                &mut f.from,
                &mut f.as_needed,
                &mut f.as_needed_max,
                &mut f.as_needed_gap,
            ],
            FormBody::Supply(f) => vec![&mut f.tablets, &mut f.strength, &mut f.kind, &mut f.at],
            FormBody::Pump(f) => vec![&mut f.what, &mut f.volume, &mut f.at, &mut f.note],
            FormBody::Edit(f) => f.fields_mut(),
        }
    }
    /// The free text whose warning signs are previewed while typing, if this form has one.
    pub fn preview_text(&self) -> Option<&str> {
        match self {
            FormBody::Symptom(f) => Some(f.text.value()),
            FormBody::Edit(f) => f.text().map(Field::value),
            _ => None,
        }
        .filter(|t| !t.trim().is_empty())
    }
}

/// An open form: its typed fields, which one has focus, the last error and the live preview.
#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    pub body: FormBody,
    pub focus: usize,
    pub error: Option<String>,
    /// Live preview of what a symptom text will flag.
    pub preview: Option<CheckResult>,
}

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    /// Still editing.
    Edited,
    Submit,
    Cancel,
}

impl Form {
    pub fn new(body: FormBody) -> Form {
        Form {
            kind: body.kind(),
            body,
            focus: 0,
            error: None,
            preview: None,
        }
    }
    pub fn title(&self) -> &'static str {
        match self.kind {
            FormKind::Dose => "Log a dose",
            FormKind::AsNeeded => "Log an as-needed dose (not a scheduled one)",
            FormKind::Symptom => "Log a symptom",
            FormKind::Drowsiness => "Rate drowsiness",
            FormKind::Benefit => "Rate stiffness and spasms (last 24 hours)",
            FormKind::Intake => "Log alcohol or another medicine",
            FormKind::Regimen => "Change the regimen",
            FormKind::Supply => "Record tablets on hand",
            FormKind::Pump => "Pump: log a refill or an alarm",
            FormKind::Edit(_) => "Edit entry",
        }
    }
    pub fn fields(&self) -> Vec<&Field> {
        self.body.fields()
    }
    /// The drowsiness rating, for the drowsiness form.
    pub fn rating(&self) -> Option<u8> {
        match &self.body {
            FormBody::Drowsiness(d) => Some(d.rating),
            _ => None,
        }
    }
    fn focused(&mut self) -> Option<&mut Field> {
        let focus = self.focus;
        self.body.fields_mut().into_iter().nth(focus)
    }

    /// Applies a key.
    pub fn handle(&mut self, action: super::Action) -> FormEvent {
        use super::Action;
        let n = self.body.fields().len();
        let edit = match action {
            Action::Cancel => return FormEvent::Cancel,
            Action::Submit => return FormEvent::Submit,
            Action::NextField | Action::Down if n > 0 => {
                self.focus = (self.focus + 1) % n;
                return FormEvent::Edited;
            }
            Action::PrevField | Action::Up if n > 0 => {
                self.focus = (self.focus + n - 1) % n;
                return FormEvent::Edited;
            }
            Action::Left | Action::Right | Action::Char(_) if self.rating_key(action) => {
                let quick = matches!(&self.body, FormBody::Drowsiness(d) if d.quick);
                return if quick && matches!(action, Action::Char(_)) {
                    FormEvent::Submit
                } else {
                    FormEvent::Edited
                };
            }
            Action::Char(c) => Edit::Insert(c),
            Action::Backspace => Edit::Backspace,
            Action::DeleteChar => Edit::Delete,
            Action::Left => Edit::Left,
            Action::Right => Edit::Right,
            Action::Home => Edit::Home,
            Action::End => Edit::End,
            Action::WordLeft => Edit::WordLeft,
            Action::WordRight => Edit::WordRight,
            Action::ClearToStart => Edit::ClearToStart,
            Action::DeleteWordBack => Edit::DeleteWord,
            Action::ClearToEnd => Edit::ClearToEnd,
            _ => return FormEvent::Edited,
        };
        if let Some(f) = self.focused() {
            f.edit(edit);
        }
        self.error = None;
        FormEvent::Edited
    }

    /// Pasted text goes into the focused field.
    pub fn paste(&mut self, text: &str) {
        if let Some(f) = self.focused() {
            f.paste(text);
        }
        self.error = None;
    }

    /// Left/Right and a digit (while the time is untouched) set the drowsiness rating.
    fn rating_key(&mut self, action: super::Action) -> bool {
        use super::Action;
        let focus = self.focus;
        let FormBody::Drowsiness(d) = &mut self.body else {
            return false;
        };
        match action {
            Action::Left => d.rating = d.rating.saturating_sub(1),
            Action::Right => d.rating = (d.rating + 1).min(10),
            Action::Char(c) if c.is_ascii_digit() && focus == 0 && d.at.value() == "now" => {
                d.rating = c.to_digit(10).unwrap_or(0) as u8
            }
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};

    fn now() -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 20, 15, 30, 0)
            .unwrap()
    }

    #[test]
    fn a_dose_form_turns_into_a_dose_or_an_error_naming_the_field() {
        let mut f = DoseFields::new("10mg".into());
        let d = f.parse(&now()).unwrap();
        assert_eq!(d.amount, crate::domain::Amount::from_mg(10));
        assert_eq!(d.at, now());
        assert_eq!(d.note, None);
        f.amount.set("5ml");
        let e = f.parse(&now()).unwrap_err();
        assert_eq!(e.field, "Amount");
        assert!(e.to_string().starts_with("Amount: "), "{e}");
        f.amount.set("5");
        f.at.set("tomorrow-ish");
        assert_eq!(f.parse(&now()).unwrap_err().field, "When");
    }

    #[test]
    fn the_regimen_form_names_the_field_that_is_wrong() {
        let mut f = RegimenFields::new(None);
        assert!(f.parse(&now()).is_ok());
        f.max_daily.set("120mg");
        assert_eq!(f.parse(&now()).unwrap_err().field, "Daily maximum");
        f.max_daily.set("60mg");
        f.kidney.set("maybe");
        assert_eq!(
            f.parse(&now()).unwrap_err().field,
            "Kidney impairment (y/n)"
        );
    }
}
