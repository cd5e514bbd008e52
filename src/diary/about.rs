//! "Is this about <patient>?": a serious sign (urgent or emergency) set aside only because the
//! text reads as someone else's is not dropped silently: the front ends ask before saving and
//! store the answer with the entry (`about`). One piece of logic for `log symptom` and the app.

use crate::safety::Urgency;
use crate::safety::text::{Exclusion, Patient, SignMatch, Writer, analyze_for};

/// The serious signs in `text` that wait for the writer's answer.
pub fn pending(text: &str, patient: &Patient) -> Vec<SignMatch> {
    analyze_for(text, patient)
        .not_counted
        .into_iter()
        .filter(|s| s.excluded == Some(Exclusion::OtherSubject) && s.urgency >= Urgency::Urgent)
        .collect()
}

/// Who the question names: the patient's name, "you" in the patient's own diary.
pub fn who(patient: &Patient) -> String {
    match (patient.name.trim(), patient.writer) {
        ("", Writer::Own) => "you".to_string(),
        ("", _) => "the person this diary is for".to_string(),
        (name, _) => name.to_string(),
    }
}

/// The question as a person reads it.
pub fn question(patient: &Patient, signs: &[SignMatch]) -> String {
    let seen: Vec<String> = signs
        .iter()
        .map(|s| format!("\"{}\" ({})", s.matched, s.title.to_lowercase()))
        .collect();
    format!(
        "{} reads as if it is about someone else. Is this about {}? y/n",
        seen.join(", "),
        who(patient)
    )
}

/// The most serious of the signs waiting for an answer.
pub fn worst(signs: &[SignMatch]) -> Urgency {
    signs
        .iter()
        .map(|s| s.urgency)
        .max()
        .unwrap_or(Urgency::None)
}
