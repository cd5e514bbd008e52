//! The safety engine: catalog, free-text matching and rules. Pure functions: no SQL, no terminal,
//! no clock (`now` and the time zone are passed in).

pub mod catalog;
pub mod digest;
pub mod pump;
pub mod regimen;
pub mod rules;
pub mod supply;
pub mod text;
pub mod trends;

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

pub use catalog::{Catalog, Urgency};
pub use rules::{
    Flag, FlagKind, RuleId, Scope, evaluate, evaluate_full, evaluate_recent, evaluate_recent_full,
    evaluate_window, evaluate_with, judge, judge_recent, regimen_at, schedule,
};
pub use text::{Patient, SignMatch, TextAnalysis, Writer, analyze, analyze_for};

use crate::domain::{Entry, EntryKind, Regimen};

/// The result of `check TEXT`: what the text says, and what it would mean if logged now.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    pub urgency: Urgency,
    pub signs: Vec<CheckSign>,
    /// Mentions that were read but do not count, with the reason.
    pub not_counted: Vec<CheckSign>,
    pub interactions: Vec<text::InteractionMatch>,
    pub temperatures: Vec<text::Temperature>,
    /// Rules this text would raise, given the diary's recent history (if any).
    pub rules: Vec<Flag>,
    pub advice: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckSign {
    pub id: String,
    pub title: String,
    pub categories: Vec<String>,
    pub urgency: Urgency,
    pub matched: String,
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub negated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<text::Exclusion>,
    /// The hedge the text used ("a bit", "I think"), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hedge: Option<String>,
    /// "as usual" / "not worse": the text says the sign is not new or worse.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_usual: Option<String>,
    /// A serious sign (urgent or emergency) set aside only because it reads as someone else's:
    /// the writer is asked "Is this about <patient>?" before it is saved.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub needs_answer: bool,
}

impl CheckResult {
    /// The serious signs that wait for the writer's answer (see [`CheckSign::needs_answer`]).
    pub fn needs_answer(&self) -> Vec<&CheckSign> {
        self.not_counted.iter().filter(|s| s.needs_answer).collect()
    }
}

impl From<&SignMatch> for CheckSign {
    fn from(s: &SignMatch) -> Self {
        CheckSign {
            id: s.id.clone(),
            title: s.title.clone(),
            categories: s.categories.clone(),
            urgency: s.urgency,
            matched: s.matched.clone(),
            sources: s.sources.clone(),
            negated: s.excluded.map(|e| e == text::Exclusion::Negated),
            reason: s.excluded,
            hedge: s.hedge.clone(),
            as_usual: s.as_usual.clone(),
            needs_answer: s.excluded == Some(text::Exclusion::OtherSubject)
                && s.urgency >= Urgency::Urgent,
        }
    }
}

/// Checks a text as if it were a symptom logged at `now`, against `history` (entries sorted by
/// time, regimens by start) when given.
pub fn check_text<Tz: TimeZone>(
    text: &str,
    history: Option<(&[Entry], &[Regimen])>,
    severity: Option<u8>,
    now: DateTime<Utc>,
    tz: &Tz,
) -> CheckResult {
    check_text_for(text, &Patient::default(), history, severity, now, tz)
}

/// As [`check_text`], for a text written in the diary of `patient`.
pub fn check_text_for<Tz: TimeZone>(
    text: &str,
    patient: &Patient,
    history: Option<(&[Entry], &[Regimen])>,
    severity: Option<u8>,
    now: DateTime<Utc>,
    tz: &Tz,
) -> CheckResult {
    let history = history.map(|(entries, regimens)| History {
        entries,
        regimens,
        from: None,
        known: None,
    });
    check_text_in(text, patient, history, severity, now, tz)
}

/// The history a new text is judged against: `entries` (sorted by time) from `from` on, a
/// bounded window (see [`rules::window`]), or the whole history when `from` is `None`.
#[derive(Debug, Clone, Copy)]
pub struct History<'a> {
    pub entries: &'a [Entry],
    pub regimens: &'a [Regimen],
    pub from: Option<DateTime<Utc>>,
    /// Analyses of the history's texts made before (the app's preview), if any.
    pub known: Option<&'a rules::Known>,
}

/// As [`check_text_for`], against a history that may be a bounded window.
pub fn check_text_in<Tz: TimeZone>(
    text: &str,
    patient: &Patient,
    history: Option<History<'_>>,
    severity: Option<u8>,
    now: DateTime<Utc>,
    tz: &Tz,
) -> CheckResult {
    let cat = Catalog::builtin();
    let analysis = std::rc::Rc::new(analyze_for(text, patient));
    let probe = Entry {
        id: -1,
        uid: String::new(),
        at: now.with_timezone(tz).fixed_offset(),
        recorded_at: now,
        kind: EntryKind::Symptom {
            text: text.to_string(),
            severity,
            drowsiness_rating: false,
            about: None,
        },
        note: None,
        edited_at: None,
    };
    let (mut entries, regimens, from, known): (Vec<Entry>, &[Regimen], _, _) = match history {
        Some(h) => (h.entries.to_vec(), h.regimens, h.from, h.known),
        None => (Vec::new(), &[], None, None),
    };
    entries.retain(|e| e.at.with_timezone(&Utc) <= now);
    entries.push(probe);
    let scope = Scope {
        meds: &[],
        patient: Some(patient),
        from,
        known,
    };
    let rules: Vec<Flag> = rules::evaluate_seeded(
        &entries,
        regimens,
        now,
        tz,
        cat,
        (text, std::rc::Rc::clone(&analysis)),
        scope,
    )
    .into_iter()
    .filter(|f| f.entry_id == Some(-1) && f.kind == FlagKind::Pattern)
    .collect();
    let urgency = analysis.max_sign_urgency().max(
        rules
            .iter()
            .map(|f| f.urgency)
            .max()
            .unwrap_or(Urgency::None),
    );
    CheckResult {
        urgency,
        signs: analysis.signs.iter().map(CheckSign::from).collect(),
        not_counted: analysis.not_counted.iter().map(CheckSign::from).collect(),
        interactions: analysis.interactions.clone(),
        temperatures: analysis.temperatures.clone(),
        rules,
        advice: urgency.advice().to_string(),
    }
}
