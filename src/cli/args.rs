//! The typed values clap's `value_parser`s give the handlers (AMOUNT, WHEN, 0-10, times, dose
//! lists, durations, an interaction class, tablet counts, ids, and the fixed choices such as
//! `--format` and `--urgency`), and the one line printed when clap refuses one.
//!
//! A WHEN is read here but placed in time by [`super::Ctx`], which has the clock `main` gave it:
//! only `main` reads the real clock, and clap parses before the diary is touched.

use std::ffi::OsStr;
use std::marker::PhantomData;

use chrono::NaiveTime;
use clap::builder::{EnumValueParser, PossibleValue, TypedValueParser};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command, ValueEnum};

use crate::domain::About;
use crate::domain::{
    Amount, AmountError, DoseList, Gap, InputError, RatingScale, TimeList, When, WhenError,
    parse_class, parse_rating,
};
use crate::report::pdf::Paper;
use crate::safety::{Catalog, Urgency};

/// AMOUNT: `10`, `10mg`, `2.5 mg`, `300mcg`; a comma, a volume or an unknown unit is refused.
pub fn amount(s: &str) -> Result<Amount, AmountError> {
    Amount::parse(s)
}

/// WHEN for an entry or a range bound (placed in time by the handler's `Ctx`).
pub fn when(s: &str) -> Result<When, WhenError> {
    When::parse(s)
}

/// WHEN for the start of a planned step: also `tomorrow 08:00` and `thursday 08:00`.
pub fn plan_when(s: &str) -> Result<When, WhenError> {
    When::parse_plan(s)
}

/// A symptom's or intake's text: not empty, not only control characters, up to 2000 characters.
pub fn text(s: &str) -> Result<String, InputError> {
    crate::domain::clean_text(s)
}

/// `--note`: like [`text`], and an empty one is named as a note.
pub fn note(s: &str) -> Result<String, InputError> {
    crate::domain::clean_note(s)
}

/// A symptom's severity, 0 (none) to 10 (worst).
pub fn severity(s: &str) -> Result<u8, InputError> {
    crate::domain::parse_severity(s)
}

/// A drowsiness rating, 0 (wide awake) to 10 (cannot stay awake).
pub fn drowsiness(s: &str) -> Result<u8, String> {
    crate::domain::parse_severity(s).map_err(|_| {
        format!(
            "drowsiness '{}' is outside 0-10; accepted: a whole number from 0 (wide awake) to 10 (cannot stay awake)",
            s.trim()
        )
    })
}

/// Spasticity over the last 24 hours, 0-10.
pub fn spasticity(s: &str) -> Result<u8, InputError> {
    parse_rating(RatingScale::Spasticity, s)
}

/// Spasm frequency over the last 24 hours, 0-4.
pub fn spasms(s: &str) -> Result<u8, InputError> {
    parse_rating(RatingScale::Spasms, s)
}

/// `--times 08:00,14:00,20:00`, in the order given.
pub fn times(s: &str) -> Result<TimeList, InputError> {
    TimeList::parse(s)
}

/// `--times` of another medicine: in order of the day.
pub fn sorted_times(s: &str) -> Result<Vec<NaiveTime>, InputError> {
    crate::domain::parse_times(s)
}

/// `--dose 10` or `--dose 10,10,20`.
pub fn doses(s: &str) -> Result<DoseList, String> {
    DoseList::parse(s, &Catalog::builtin().limits.dose_limits())
}

/// `--as-needed-min-gap 4h`, `90m`, `1h30m`: 1 h to 24 h.
pub fn gap(s: &str) -> Result<Gap, String> {
    Gap::parse(s)
}

/// The interaction classes a medicine may have (alcohol is not a medicine's class).
pub fn med_classes() -> Vec<&'static str> {
    Catalog::builtin()
        .interactions
        .iter()
        .map(|i| i.class.as_str())
        .filter(|c| *c != "alcohol")
        .collect()
}

/// `--class opioid`: one of the catalog's interaction classes.
pub fn med_class(s: &str) -> Result<String, String> {
    parse_class(s, &med_classes())
}

/// `supply add COUNT`: tablets added, 1 or more.
pub fn tablets_added(s: &str) -> Result<u32, String> {
    crate::domain::parse_tablets(s, 1)
}

/// `supply count COUNT`: tablets counted on hand, 0 (none left) or more.
pub fn tablets_counted(s: &str) -> Result<u32, String> {
    crate::domain::parse_tablets(s, 0)
}

/// `regimen cancel STEP`: a planned step's number (`3` or `#3`), as `regimen plan` shows it.
pub fn step(s: &str) -> Result<i64, String> {
    numbered(
        s,
        "a step number",
        "the number shown by `dosediary regimen plan`, e.g. 3",
    )
}

/// `edit ID`, `delete ID`: an entry's id (`12` or `#12`), as `dosediary list` shows it.
pub fn entry_id(s: &str) -> Result<i64, String> {
    numbered(
        s,
        "an entry id",
        "the number shown by `dosediary list`, e.g. 12",
    )
}

/// A positive number written as shown in a list, with or without its `#`.
fn numbered(s: &str, what: &str, accepted: &str) -> Result<i64, String> {
    let t = s.trim();
    t.trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("'{t}' is not {what}; accepted: {accepted}"))
}

/// `edit --note`: a new note, or an empty one (`--note ''`) to remove the note.
pub fn edit_note(s: &str) -> Result<String, InputError> {
    if s.trim().is_empty() {
        Ok(String::new())
    } else {
        crate::domain::clean_text(s)
    }
}

/// The most days of sample data `demo` writes (100 years).
pub const DEMO_DAYS_MAX: u32 = 36_500;

/// `demo --days N`: 1 to 36500.
pub fn demo_days(s: &str) -> Result<u32, String> {
    let t = s.trim();
    match t.parse::<u32>() {
        Ok(n) if (1..=DEMO_DAYS_MAX).contains(&n) => Ok(n),
        _ => Err(format!(
            "'{t}' is not a number of days from 1 to {DEMO_DAYS_MAX}; accepted: a number of days such as 60 or 3650"
        )),
    }
}

/// `demo --seed N`: any whole number from 0 (the same seed gives the same sample diary).
pub fn seed(s: &str) -> Result<u64, String> {
    let t = s.trim();
    t.parse::<u64>().map_err(|_| {
        format!("'{t}' is not a seed; accepted: a whole number from 0, such as 1 or 42")
    })
}

/// What `export --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A spreadsheet of the entries
    Csv,
    /// The diary's own format: entries, regimens, supply and pump; `import` reads it back
    Json,
    /// A FHIR R4 Bundle of the whole diary, for a care team's systems
    Fhir,
}

impl ValueEnum for Paper {
    fn value_variants<'a>() -> &'a [Self] {
        &[Paper::A4, Paper::Letter]
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Paper::A4 => PossibleValue::new("a4"),
            Paper::Letter => PossibleValue::new("letter").alias("us-letter"),
        })
    }
}

impl ValueEnum for About {
    fn value_variants<'a>() -> &'a [Self] {
        &[About::Patient, About::Other]
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()))
    }
}

/// `flags --urgency LEVEL`: the levels a flag can have ("none" is not a flag's).
impl ValueEnum for Urgency {
    fn value_variants<'a>() -> &'a [Self] {
        &[Urgency::Routine, Urgency::Urgent, Urgency::Emergency]
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        (*self != Urgency::None).then(|| PossibleValue::new(self.as_str()))
    }
}

/// A fixed choice (`--format csv`, `--urgency urgent`): read whatever its case and the spaces
/// around it, listed in `--help`, and refused by clap's own error (see [`clap_error_line`]).
#[derive(Clone)]
pub struct Choice<E>(PhantomData<E>);

/// The parser for one of `E`'s values.
pub fn choice<E: ValueEnum + Clone + Send + Sync + 'static>() -> Choice<E> {
    Choice(PhantomData)
}

impl<E: ValueEnum + Clone + Send + Sync + 'static> TypedValueParser for Choice<E> {
    type Value = E;

    fn parse_ref(&self, cmd: &Command, arg: Option<&Arg>, value: &OsStr) -> Result<E, clap::Error> {
        let inner = EnumValueParser::<E>::new();
        match value.to_str() {
            Some(s) => inner.parse_ref(cmd, arg, OsStr::new(&s.trim().to_lowercase())),
            None => inner.parse_ref(cmd, arg, value),
        }
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            E::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

/// The first word of an error's argument (`--urgency <LEVEL>` -> `--urgency`).
fn arg_name(e: &clap::Error) -> String {
    match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(a)) => a.split(' ').next().unwrap_or("").to_string(),
        _ => String::new(),
    }
}

/// A value not among the choices: the argument, the value, what is accepted and the nearest.
fn invalid_choice_line(e: &clap::Error) -> Option<String> {
    let Some(ContextValue::String(value)) = e.get(ContextKind::InvalidValue) else {
        return None;
    };
    let Some(ContextValue::Strings(valid)) = e.get(ContextKind::ValidValue) else {
        return None;
    };
    let arg = arg_name(e);
    let what = if value.trim().is_empty() {
        "an empty value is not accepted".to_string()
    } else {
        format!("'{}' is not known", value.trim())
    };
    let near = match e.get(ContextKind::SuggestedValue) {
        Some(ContextValue::String(s)) => format!(" (did you mean '{s}'?)"),
        _ => String::new(),
    };
    let line = format!("{what}; accepted: {}{near}", valid.join(", "));
    Some(if arg.starts_with("--") {
        format!("{arg}: {line}")
    } else {
        line
    })
}

/// The one line for an error clap found: the argument and our own reason for a refused value
/// (which says what is accepted), else clap's own words.
pub fn clap_error_line(e: &clap::Error) -> String {
    if e.kind() == ErrorKind::ValueValidation
        && let Some(reason) = std::error::Error::source(e)
    {
        let arg = arg_name(e);
        // A positional value (AMOUNT, TEXT) needs no name: the reason quotes it.
        return if arg.starts_with("--") {
            format!("{arg}: {reason}")
        } else {
            reason.to_string()
        };
    }
    if e.kind() == ErrorKind::InvalidValue
        && let Some(line) = invalid_choice_line(e)
    {
        return line;
    }
    let rendered = e.render().to_string();
    let first: Vec<&str> = rendered
        .lines()
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more"))
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("tip:"))
        .collect();
    let first = first.join(" ");
    let first = first.trim_start_matches("error: ");
    format!("{first} (see 'dosediary --help')")
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::super::Cli;
    use super::*;

    fn refusal(args: &[&str]) -> String {
        let e = Cli::try_parse_from(std::iter::once("dosediary").chain(args.iter().copied()))
            .expect_err("refused");
        clap_error_line(&e)
    }

    #[test]
    fn a_refused_value_is_one_line_naming_the_argument_and_what_is_accepted() {
        assert_eq!(
            refusal(&["log", "dose", "10,000mcg"]),
            "'10,000mcg' has a comma, which could mean thousands or a decimal point; write the amount without one, e.g. 10000mcg or 2.5mg"
        );
        let at = refusal(&["log", "dose", "10", "--at", "tomorrow"]);
        assert!(at.starts_with("--at: 'tomorrow' is not a time"), "{at}");
        assert!(at.contains("accepted: 2026-11-20T08:00"), "{at}");
        let sev = refusal(&["log", "symptom", "dizzy", "--severity", "11"]);
        assert!(
            sev.starts_with("--severity: severity '11' is outside 0-10"),
            "{sev}"
        );
        let gap = refusal(&[
            "regimen",
            "set",
            "--dose",
            "10",
            "--times",
            "08:00",
            "--as-needed",
            "10",
            "--as-needed-min-gap",
            "30m",
        ]);
        assert!(
            gap.starts_with("--as-needed-min-gap: '30m' is under 1 hour"),
            "{gap}"
        );
        let class = refusal(&["med", "add", "x", "--class", "stimulant"]);
        assert!(
            class.contains("accepted: benzodiazepine, opioid"),
            "{class}"
        );
        assert!(!class.contains('\n'));
        let unknown = refusal(&["log", "potion"]);
        assert!(unknown.contains("unrecognized"), "{unknown}");
        assert!(unknown.ends_with("(see 'dosediary --help')"), "{unknown}");
    }

    #[test]
    fn handlers_receive_typed_values() {
        let c = Cli::try_parse_from([
            "dosediary",
            "regimen",
            "set",
            "--dose",
            "20,10,10",
            "--times",
            "22:00,08:00,14:00",
            "--as-needed",
            "2.5mg",
            "--as-needed-min-gap",
            "1h30m",
            "--from",
            "thursday 08:00",
        ])
        .unwrap();
        let Some(super::super::Command::Regimen(super::super::RegimenCmd::Set(a))) = c.command
        else {
            panic!("not regimen set")
        };
        assert_eq!(a.doses.0[0], Amount::from_mg(20));
        assert_eq!(a.times.0.len(), 3);
        assert_eq!(a.as_needed, Some(Amount::from_mcg(2500)));
        assert_eq!(a.as_needed_min_gap, Some(Gap(90)));
        assert_eq!(a.from.as_ref().map(When::raw), Some("thursday 08:00"));
    }
}
