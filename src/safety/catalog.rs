//! The rule catalog: `assets/baclofen.toml`, compiled into the binary.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub const CATALOG_TOML: &str = include_str!("../../assets/baclofen.toml");

/// [`CATALOG_TOML`] as JSON, made by build.rs (empty when the TOML does not parse).
const CATALOG_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog.json"));

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    None,
    Routine,
    Urgent,
    Emergency,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::None => "none",
            Urgency::Routine => "routine",
            Urgency::Urgent => "urgent",
            Urgency::Emergency => "emergency",
        }
    }
    /// Who to call, in words. Never advice to change a dose.
    pub fn advice(self) -> &'static str {
        match self {
            Urgency::Emergency => {
                "Call your local emergency number now (911 in the US, 112 in the EU, 999 in the UK)."
            }
            Urgency::Urgent => "Contact your prescriber today.",
            Urgency::Routine => "Keep tracking it and bring it up at your next visit.",
            Urgency::None => "Nothing in this matches a documented warning sign.",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Emergency => "EMERGENCY",
            Urgency::Urgent => "URGENT",
            Urgency::Routine => "routine",
            Urgency::None => "none",
        }
    }
    /// A symbol, so urgency is never carried by colour alone.
    pub fn symbol(self) -> &'static str {
        match self {
            Urgency::Emergency => "!!!",
            Urgency::Urgent => "!!",
            Urgency::Routine => "!",
            Urgency::None => "-",
        }
    }
}

impl fmt::Display for Urgency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Limits {
    pub max_daily_mg: u64,
    pub min_spacing_hours: i64,
    pub large_single_dose_factor: u64,
    pub emergency_single_dose_mg: u64,
    pub dose_gap_hours: i64,
    pub withdrawal_window_hours: i64,
    pub overdose_window_hours: i64,
    pub sedative_window_hours: i64,
    pub rapid_reduction_fraction: f64,
    pub rapid_reduction_days: i64,
    pub escalation_mg_per_3_days: u64,
    pub kidney_daily_mg: u64,
    pub drowsy_high: u8,
    pub drowsiness_rising_points: f64,
    pub allergic_cluster_hours: i64,
    pub kidney_window_days: i64,
    pub fever_c: f64,
    pub fever_f: f64,
    pub missed_dose_skip_if_next_within_hours: i64,
    pub slot_window_before_first_hours: i64,
    pub slot_window_after_last_hours: i64,
    /// Input guards (refused as a likely typo), not warning signs.
    pub max_scheduled_dose_mg: u64,
    pub max_as_needed_dose_mg: u64,
    pub typo_guard_daily_mg: u64,
    pub sources: Vec<String>,
}

impl Limits {
    /// The documented daily maximum, as an amount.
    pub fn max_daily(&self) -> crate::domain::Amount {
        crate::domain::Amount::from_mg(self.max_daily_mg)
    }
    /// What a prescription is checked against when it is entered or imported.
    pub fn dose_limits(&self) -> crate::domain::DoseLimits {
        use crate::domain::Amount;
        crate::domain::DoseLimits {
            label_max_daily: Amount::from_mg(self.max_daily_mg),
            max_scheduled_dose: Amount::from_mg(self.max_scheduled_dose_mg),
            max_as_needed_dose: Amount::from_mg(self.max_as_needed_dose_mg),
            typo_guard_daily: Amount::from_mg(self.typo_guard_daily_mg),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct TitrationStep {
    pub step: u32,
    pub dose_mg: u64,
    pub times_a_day: u32,
    pub days: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Form {
    pub name: String,
    pub route: String,
    pub strengths: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Source {
    pub key: String,
    pub title: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Interaction {
    pub class: String,
    pub title: String,
    pub sources: Vec<String>,
    pub patterns: Vec<String>,
    #[serde(default)]
    pub unless: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TextRules {
    pub negation_before: Vec<String>,
    pub negation_after: Vec<String>,
    pub pseudo: Vec<String>,
    pub exclude: Vec<String>,
    pub terminators: Vec<String>,
    pub hypothetical: Vec<String>,
    pub hypothetical_after: Vec<String>,
    pub historical: Vec<String>,
    pub medicine_after: Vec<String>,
    pub medicine_before: Vec<String>,
    pub medicine_for_needs: Vec<String>,
    pub animals: Vec<String>,
    pub other_people: Vec<String>,
    pub weather: Vec<String>,
    pub temperature_words: Vec<String>,
    /// "from words=to words": one canonical form for word groups ("could not=couldnt").
    #[serde(default)]
    pub canonical: Vec<String>,
    /// Words that start a new clause ("but", "so", "because").
    #[serde(default)]
    pub clause_breaks: Vec<String>,
    /// Fear and worry; with a modal after them ("nervous I might") the mention is not present.
    #[serde(default)]
    pub fear: Vec<String>,
    #[serde(default)]
    pub modal: Vec<String>,
    #[serde(default)]
    pub resolved_before: Vec<String>,
    #[serde(default)]
    pub resolved_after: Vec<String>,
    /// "came back", "returned": undoes a resolution.
    #[serde(default)]
    pub returned: Vec<String>,
    #[serde(default)]
    pub topic_nouns: Vec<String>,
    #[serde(default)]
    pub topic_preps: Vec<String>,
    /// Talking or learning about a thing: "talked about depression", "learnt about seizures".
    /// Not when someone owns it ("talked about my depression").
    #[serde(default)]
    pub topic_verbs: Vec<String>,
    #[serde(default)]
    pub topic_after: Vec<String>,
    /// A negation followed by one of these is about the doses, not the symptom.
    #[serde(default)]
    pub dose_nouns: Vec<String>,
    #[serde(default)]
    pub writer_words: Vec<String>,
    #[serde(default)]
    pub third_person: Vec<String>,
    /// Prepositions before a person who is company, not the subject ("with mum").
    #[serde(default)]
    pub companions: Vec<String>,
    #[serde(default)]
    pub hedges: Vec<String>,
    #[serde(default)]
    pub as_usual: Vec<String>,
    #[serde(default)]
    pub not_as_usual: Vec<String>,
    #[serde(default)]
    pub pump_noncritical: Vec<String>,
    #[serde(default)]
    pub pump_critical: Vec<String>,
    /// Figures of speech matched on Porter2 stems, "*" for any one word ("shake * head", "a rash
    /// decision"): overlapping a match, they mean it is not a symptom.
    #[serde(default)]
    pub idioms: Vec<String>,
    /// Things, not people: as the subject of a mention ("the wifi signal is so weak", "the photo
    /// came out blurry") the mention is not about the patient.
    #[serde(default)]
    pub things: Vec<String>,
    /// An ordinary cause after a mention in its sentence ("heard voices, turned out it was the
    /// telly") or a happy one around it ("laughing so hard I could barely breathe").
    #[serde(default)]
    pub explained: Vec<String>,
    #[serde(default)]
    pub benign_causes: Vec<String>,
    /// Right before a mention, these make it a kind, not an event ("the different pump alarms").
    #[serde(default)]
    pub topic_before: Vec<String>,
    /// Reality checks: a perception ("talking to", "seeing", "can hear") and, in the same or the
    /// next sentence, that nothing is there ("there's nobody there", "no one's home").
    #[serde(default)]
    pub perception: Vec<String>,
    #[serde(default)]
    pub not_real: Vec<String>,
    /// "had too much wine": too much of something that is not a medicine.
    #[serde(default)]
    pub not_doses: Vec<String>,
    /// What a gap word can be about that is not a baclofen dose: "stopped the ibuprofen", "ran
    /// out of milk today", "a week without a drink".
    #[serde(default)]
    pub not_baclofen: Vec<String>,
    /// Words that do not use up the gap between two segments of a pattern ("lips are maybe a
    /// tiny bit puffy").
    #[serde(default)]
    pub gap_fillers: Vec<String>,
    /// Words that end the gap between two segments ("stiffness no worse").
    #[serde(default)]
    pub gap_stops: Vec<String>,
    /// A gap in doses denied: "not missed any tablets", "haven't run out". A dose-gap context
    /// overlapping one of these is not a gap.
    #[serde(default)]
    pub not_gaps: Vec<String>,
    /// Ordinary words that are never read as typos of a sign's word ("grotty" is not "groggy").
    #[serde(default)]
    pub known_words: Vec<String>,
}

impl TextRules {
    /// Every trigger list (their words are known words, never typos of a symptom).
    pub fn all_lists(&self) -> Vec<&Vec<String>> {
        vec![
            &self.negation_before,
            &self.negation_after,
            &self.not_gaps,
            &self.pseudo,
            &self.exclude,
            &self.terminators,
            &self.hypothetical,
            &self.hypothetical_after,
            &self.historical,
            &self.medicine_after,
            &self.medicine_before,
            &self.medicine_for_needs,
            &self.animals,
            &self.other_people,
            &self.weather,
            &self.temperature_words,
            &self.clause_breaks,
            &self.fear,
            &self.modal,
            &self.resolved_before,
            &self.resolved_after,
            &self.returned,
            &self.topic_nouns,
            &self.topic_preps,
            &self.topic_verbs,
            &self.topic_after,
            &self.dose_nouns,
            &self.writer_words,
            &self.third_person,
            &self.companions,
            &self.hedges,
            &self.as_usual,
            &self.not_as_usual,
            &self.idioms,
            &self.things,
            &self.explained,
            &self.benign_causes,
            &self.topic_before,
            &self.perception,
            &self.not_real,
            &self.not_doses,
            &self.not_baclofen,
            &self.known_words,
        ]
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Context {
    pub id: String,
    pub rule: String,
    pub patterns: Vec<String>,
    /// A negation cancels it ("didn't take too many"); a gap context is itself often negative
    /// ("haven't taken my tablets") and is not negatable.
    #[serde(default)]
    pub negatable: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Sign {
    pub id: String,
    pub title: String,
    pub categories: Vec<String>,
    pub urgency: Urgency,
    pub sources: Vec<String>,
    pub why: String,
    pub patterns: Vec<String>,
}

impl Sign {
    pub fn has_category(&self, c: &str) -> bool {
        self.categories.iter().any(|x| x == c)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub category: String,
    pub urgency: Urgency,
    pub sources: Vec<String>,
    pub why: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Catalog {
    pub version: u32,
    pub limits: Limits,
    pub titration: Vec<TitrationStep>,
    pub forms: Vec<Form>,
    pub sources: Vec<Source>,
    pub interactions: Vec<Interaction>,
    pub text: TextRules,
    pub contexts: Vec<Context>,
    pub signs: Vec<Sign>,
    pub rules: Vec<Rule>,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("catalog TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("catalog: {0}")]
    Invalid(String),
}

impl Catalog {
    pub fn parse(src: &str) -> Result<Catalog, CatalogError> {
        let c: Catalog = toml::from_str(src)?;
        c.validate()?;
        Ok(c)
    }

    /// The catalog shipped in the binary, parsed once, from the JSON build.rs made of
    /// [`CATALOG_TOML`] (the same values; JSON parses several times faster). It is not validated
    /// again at every start: it is the same text in every run, and `builtin_catalog_is_valid`
    /// checks it.
    pub fn builtin() -> &'static Catalog {
        static C: OnceLock<Catalog> = OnceLock::new();
        C.get_or_init(|| {
            if CATALOG_JSON.is_empty() {
                toml::from_str(CATALOG_TOML).expect("the built-in catalog is checked by tests")
            } else {
                serde_json::from_str(CATALOG_JSON)
                    .expect("the built-in catalog is checked by tests")
            }
        })
    }

    pub fn sign(&self, id: &str) -> Option<&Sign> {
        self.signs.iter().find(|s| s.id == id)
    }
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
    pub fn source_title(&self, key: &str) -> Option<&str> {
        self.sources
            .iter()
            .find(|s| s.key == key)
            .map(|s| s.title.as_str())
    }

    /// The titles of `keys`, as a person reads them (never the internal key, unless unknown).
    pub fn source_titles(&self, keys: &[String]) -> Vec<String> {
        keys.iter()
            .map(|k| self.source_title(k).unwrap_or(k).to_string())
            .collect()
    }

    /// Ids unique; every source key known; every pattern well formed.
    pub fn validate(&self) -> Result<(), CatalogError> {
        let keys: BTreeSet<&str> = self.sources.iter().map(|s| s.key.as_str()).collect();
        if keys.len() != self.sources.len() {
            return Err(CatalogError::Invalid("duplicate source key".into()));
        }
        let mut ids = BTreeSet::new();
        let check_sources = |owner: &str, list: &[String]| -> Result<(), CatalogError> {
            if list.is_empty() {
                return Err(CatalogError::Invalid(format!("{owner} names no source")));
            }
            for k in list {
                if !keys.contains(k.as_str()) {
                    return Err(CatalogError::Invalid(format!(
                        "{owner} cites unknown source '{k}'"
                    )));
                }
            }
            Ok(())
        };
        for s in &self.signs {
            if !ids.insert(s.id.clone()) {
                return Err(CatalogError::Invalid(format!("duplicate id '{}'", s.id)));
            }
            check_sources(&s.id, &s.sources)?;
            if s.patterns.is_empty() {
                return Err(CatalogError::Invalid(format!(
                    "sign '{}' has no patterns",
                    s.id
                )));
            }
            for p in &s.patterns {
                parse_pattern(p)
                    .map_err(|e| CatalogError::Invalid(format!("sign '{}': {e}", s.id)))?;
            }
        }
        for r in &self.rules {
            if !ids.insert(r.id.clone()) {
                return Err(CatalogError::Invalid(format!("duplicate id '{}'", r.id)));
            }
            check_sources(&r.id, &r.sources)?;
        }
        for i in &self.interactions {
            check_sources(&i.class, &i.sources)?;
            for p in &i.patterns {
                parse_pattern(p).map_err(|e| {
                    CatalogError::Invalid(format!("interaction '{}': {e}", i.class))
                })?;
            }
        }
        for c in &self.contexts {
            if self.rule(&c.rule).is_none() {
                return Err(CatalogError::Invalid(format!(
                    "context '{}' names unknown rule '{}'",
                    c.id, c.rule
                )));
            }
            for p in &c.patterns {
                parse_pattern(p)
                    .map_err(|e| CatalogError::Invalid(format!("context '{}': {e}", c.id)))?;
            }
        }
        check_sources("limits", &self.limits.sources)?;
        for f in &self.forms {
            check_sources(&f.name, &f.sources)?;
        }
        Ok(())
    }
}

/// One term of a pattern, as written in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Term<'a> {
    pub text: &'a str,
    pub prefix: bool,
    pub exact: bool,
}

/// Segments joined by gaps; each segment is alternative phrases; a phrase is terms in a row.
pub type Pattern<'a> = Vec<Vec<Vec<Term<'a>>>>;

/// One word of a pattern: "=word" is matched exactly, "word*" as a prefix.
/// The pattern word that stands for a person named in the text (see `parse_term`).
pub const PERSON_TERM: &str = "@person";
/// The pattern word that stands for a time of day written in figures ("14:20", "3am", "7.30pm").
pub const CLOCK_TERM: &str = "@clock";

pub fn parse_term(w: &str) -> Result<Term<'_>, String> {
    // "@person": a word that names someone (the patient by name or relation, a family word).
    // "@clock": a time of day in figures.
    if w == PERSON_TERM || w == CLOCK_TERM {
        return Ok(Term {
            text: w,
            prefix: false,
            exact: true,
        });
    }
    let exact = w.starts_with('=');
    let w = w.trim_start_matches('=');
    let prefix = w.ends_with('*');
    let w = w.trim_end_matches('*');
    if w.is_empty() || !w.chars().all(|c| c.is_alphanumeric()) {
        return Err(format!("bad word '{w}'"));
    }
    if prefix && w.chars().count() < 3 {
        return Err(format!("prefix '{w}*' is too short"));
    }
    Ok(Term {
        text: w,
        prefix,
        exact,
    })
}

pub fn parse_pattern(p: &str) -> Result<Pattern<'_>, String> {
    let mut out = Vec::new();
    for seg in p.split(" ~ ") {
        let mut alts = Vec::new();
        for phrase in seg.split('|') {
            let mut terms = Vec::new();
            for w in phrase.split_whitespace() {
                terms.push(parse_term(w).map_err(|e| format!("{e} in pattern '{p}'"))?);
            }
            if terms.is_empty() {
                return Err(format!("empty alternative in pattern '{p}'"));
            }
            alts.push(terms);
        }
        out.push(alts);
    }
    Ok(out)
}

/// The distinct terms of the built-in catalog's patterns (each is tested once per token).
#[derive(Debug, Default)]
pub struct TermTable {
    pub terms: Vec<Term<'static>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_is_valid() {
        let c = Catalog::parse(CATALOG_TOML).expect("valid");
        Catalog::builtin()
            .validate()
            .expect("the catalog the app uses is valid");
        assert!(
            c.signs.len() >= 31,
            "every sign of warning-signs.md is present"
        );
        assert!(c.rules.len() >= 13);
        assert_eq!(c.limits.max_daily_mg, 80);
        assert_eq!(c.limits.min_spacing_hours, 2);
    }

    #[test]
    fn every_documented_sign_and_rule_is_in_the_catalog() {
        let c = Catalog::builtin();
        for id in [
            "seizure",
            "breathing_difficulty",
            "unconsciousness",
            "facial_swelling",
            "suicidal_thoughts",
            "hallucination",
            "high_fever",
            "altered_mental_state",
            "rebound_spasticity",
            "severe_weakness",
            "hives_rash",
            "confusion",
            "depression",
            "mood_change",
            "vomiting",
            "tremor",
            "muscle_cramps",
            "drowsiness",
            "dizziness",
            "weakness",
            "fatigue",
            "nausea",
            "headache",
            "insomnia",
            "constipation",
            "urinary_frequency",
            "urinary_retention",
            "dry_mouth",
            "blurred_vision",
            "low_blood_pressure",
            "itching_tingling",
            "pump_alarm",
        ] {
            assert!(c.sign(id).is_some(), "sign {id}");
        }
        for id in [
            "daily_max_exceeded",
            "large_single_dose",
            "double_dose",
            "missed_dose",
            "dose_gap",
            "rapid_reduction",
            "rapid_escalation",
            "withdrawal_window",
            "overdose_window",
            "sedative_interaction",
            "kidney_dose",
            "drowsiness_rising",
            "allergic_cluster",
        ] {
            assert!(c.rule(id).is_some(), "rule {id}");
        }
        let emergency: Vec<_> = c
            .signs
            .iter()
            .filter(|s| s.urgency == Urgency::Emergency)
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(
            emergency,
            [
                "seizure",
                "breathing_difficulty",
                "unconsciousness",
                "facial_swelling",
                "suicidal_thoughts",
                "pump_alarm"
            ]
        );
    }

    #[test]
    fn validation_catches_unknown_sources_and_duplicates() {
        let bad = CATALOG_TOML.replacen(
            "sources = [\"seed-000\", \"seed-001\", \"seed-002\", \"label-tablet\"]",
            "sources = [\"seed-999\"]",
            1,
        );
        assert!(
            Catalog::parse(&bad)
                .unwrap_err()
                .to_string()
                .contains("seed-999")
        );
        let dup = CATALOG_TOML.replacen("id = \"tremor\"", "id = \"seizure\"", 1);
        assert!(
            Catalog::parse(&dup)
                .unwrap_err()
                .to_string()
                .contains("duplicate id")
        );
    }

    #[test]
    fn pattern_syntax() {
        let p = parse_pattern("shallow|slow breath* ~ =fit").unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].len(), 2);
        assert_eq!(p[0][1].len(), 2);
        assert!(p[0][1][1].prefix);
        assert!(p[1][0][0].exact);
        assert!(parse_pattern("a||b").is_err());
        assert!(parse_pattern("ab*").is_err());
    }
}
