//! Free-text matching: words as people write them (canonical forms, Porter2 stems, typos), a
//! compiled lexicon per sign, sentence and clause scopes in the NegEx/ConText style (negation,
//! hypotheticals and fears, history, resolution, topics, medicines), the subject of each mention
//! read with the diary's patient config, hedges, "as usual", and temperatures.
//! Pure: no clock, no I/O.

mod evidence;
mod lexicon;
mod scope;
mod temperature;
mod words;

use std::sync::OnceLock;

use serde::Serialize;

use super::catalog::{Catalog, Context, Urgency};
use lexicon::{Found, Lexicon, Owner, Phrases};
use scope::{Scope, Triggers};
use temperature::{TempWords, read_temperature, temp_start, weather_heat};
use words::{Word, tokenize};

struct Matcher {
    lex: Lexicon,
    tr: Triggers,
    temp: TempWords,
    unless: Vec<Phrases>,
    pump_noncritical: Phrases,
    pump_critical: Phrases,
}

impl Matcher {
    fn build(c: &'static Catalog) -> Matcher {
        let lex = Lexicon::build(c);
        let tr = Triggers::new(&c.text, &|w| lex.stem(w));
        Matcher {
            lex,
            tr,
            temp: TempWords {
                temperature_words: Phrases::new(&c.text.temperature_words),
                weather: Phrases::new(&c.text.weather),
            },
            unless: c
                .interactions
                .iter()
                .map(|i| Phrases::new(&i.unless))
                .collect(),
            pump_noncritical: Phrases::new(&c.text.pump_noncritical),
            pump_critical: Phrases::new(&c.text.pump_critical),
        }
    }
}

fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| Matcher::build(Catalog::builtin()))
}

// ------------------------------------------------------------------ results

/// Why a mention was not counted as a present sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    Negated,
    Hypothetical,
    Historical,
    OtherSubject,
    Medicine,
    BelowThreshold,
    /// Over: "the rash is all gone now", "went away overnight".
    Resolved,
    /// A topic or a name: "a podcast about hallucinations", "an epilepsy fun run".
    Topic,
    /// An ordinary cause: "heard voices, turned out it was the telly", "laughing so hard I could
    /// barely breathe".
    Explained,
}

impl Exclusion {
    pub fn describe(self) -> &'static str {
        match self {
            Exclusion::Negated => "negated",
            Exclusion::Hypothetical => "hypothetical",
            Exclusion::Historical => "in the past",
            Exclusion::OtherSubject => "about someone or something else",
            Exclusion::Medicine => "names a medicine",
            Exclusion::BelowThreshold => "temperature below 38.0 °C / 100.4 °F",
            Exclusion::Resolved => "already over",
            Exclusion::Topic => "a topic or a name, not a symptom",
            Exclusion::Explained => "explained by an ordinary cause",
        }
    }
}

/// One sign found in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignMatch {
    pub id: String,
    pub title: String,
    pub categories: Vec<String>,
    pub urgency: Urgency,
    /// The words of the text that matched.
    pub matched: String,
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excluded: Option<Exclusion>,
    /// A hedge in the same clause ("a bit", "slightly", "I think"): the sign is present, but an
    /// emergency that rests only on the text's context is read as urgent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hedge: Option<String>,
    /// "as usual", "same as always", "not worse" in the same sentence: not new or worse, so a
    /// gap in doses in the text does not raise it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_usual: Option<String>,
    #[serde(skip)]
    pub span: (usize, usize),
    /// Read from the shape of the text (a reading, a reality check), not from a sign's words: it
    /// confirms a worded mention and does not take away its hedge.
    #[serde(skip)]
    pub evidence: bool,
}

impl SignMatch {
    pub fn present(&self) -> bool {
        self.excluded.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InteractionMatch {
    pub class: String,
    pub title: String,
    pub matched: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContextMatch {
    pub id: String,
    pub rule: String,
    pub matched: String,
    /// A hedge on the dose story itself ("maybe double dosed", "I think he missed one"): an
    /// emergency resting on it is read as urgent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hedge: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Temperature {
    pub celsius: f64,
    pub matched: String,
}

/// Everything the matcher read in one text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TextAnalysis {
    /// Present signs, one per id (the first mention).
    pub signs: Vec<SignMatch>,
    /// Mentions not counted, with the reason.
    pub not_counted: Vec<SignMatch>,
    pub interactions: Vec<InteractionMatch>,
    pub contexts: Vec<ContextMatch>,
    pub temperatures: Vec<Temperature>,
}

impl TextAnalysis {
    pub fn has(&self, id: &str) -> bool {
        self.signs.iter().any(|s| s.id == id)
    }
    pub fn has_category(&self, cat: &str) -> bool {
        self.signs
            .iter()
            .any(|s| s.categories.iter().any(|c| c == cat))
    }
    pub fn has_context(&self, id: &str) -> bool {
        self.contexts.iter().any(|c| c.id == id)
    }
    pub fn max_sign_urgency(&self) -> Urgency {
        self.signs
            .iter()
            .map(|s| s.urgency)
            .max()
            .unwrap_or(Urgency::None)
    }
}

// ------------------------------------------------------------------ analysis

/// Who writes the diary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Writer {
    /// Not said yet (no `[patient]` in the config): "I" and also "he"/"she" are read as the
    /// patient, so a caregiver's note is never missed before setup.
    #[default]
    Unknown,
    /// The patient writes about themselves: "I", "me", "my legs" are the patient; "he" and
    /// "she" are someone else.
    #[serde(rename = "self")]
    Own,
    /// Someone writes about the patient: the patient's names and relations and he/she/they are
    /// the patient; the writer's own "I" is not.
    Caregiver,
}

/// The patient a diary belongs to, as the text matcher needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Patient {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub writer: Writer,
    /// Names and relations the writer uses for the patient ("Tom", "my husband", "dad").
    #[serde(default)]
    pub also_called: Vec<String>,
}

/// Analyses a text against the built-in catalog, in a diary whose writer is not known.
pub fn analyze(text: &str) -> TextAnalysis {
    analyze_for(text, &Patient::default())
}

/// Analyses a text written in the diary of `patient` (by the patient or by a caregiver).
pub fn analyze_for(text: &str, patient: &Patient) -> TextAnalysis {
    analyze_with(Catalog::builtin(), matcher(), text, patient)
}

fn analyze_with(cat: &Catalog, m: &Matcher, text: &str, patient: &Patient) -> TextAnalysis {
    let toks = tokenize(text);
    let stem = |w: &str| m.lex.stem(w);
    let words: Vec<Word> = m.lex.canon.words(&toks, &stem);
    let mut word_terms: Vec<Vec<u32>> = words.iter().map(|w| m.lex.terms_for(w)).collect();
    let scope = Scope::new(&words, &m.tr, patient);
    if let Some(t) = m.lex.person_term() {
        for (i, terms) in word_terms.iter_mut().enumerate() {
            if scope.names_someone_ending_at(i) {
                terms.push(t);
            }
        }
    }
    if let Some(t) = m.lex.clock_term() {
        for (w, terms) in words.iter().zip(word_terms.iter_mut()) {
            if is_clock_time(&w.w) {
                terms.push(t);
            }
        }
    }
    let found = m.lex.find(&words, &word_terms, &scope.gap_words());
    let span_text = |s: usize, e: usize| -> String {
        if e <= s {
            return String::new();
        }
        text.get(words[s].start..words[e - 1].end)
            .unwrap_or_default()
            .to_string()
    };
    let mut out = TextAnalysis::default();
    let readings = temperatures(m, &words, text, &span_text, &mut out);
    let mut hits = Vec::new();
    for f in &found {
        match f.owner {
            Owner::Sign(si) => {
                if let Some(h) = sign_hit(cat, m, &scope, f, si, &readings, &span_text) {
                    hits.push(h);
                }
            }
            Owner::Interaction(ii) => interaction(cat, m, &scope, f, ii, &span_text, &mut out),
            Owner::Context(ci) => context(cat, m, &scope, f, ci, &span_text, &mut out),
        }
    }
    // A measured high temperature is a fever even with no fever word, read in its context ("if
    // I get a temperature over 38 ...").
    if let Some(r) = readings
        .iter()
        .rev()
        .find(|r| r.celsius >= cat.limits.fever_c)
        && let Some(mut h) = evidence::mention(cat, "high_fever", &scope, r.span, r.matched.clone())
    {
        h.span = (r.span.0, r.span.0);
        if h.excluded.is_none() && cooled_since(r, &readings, &words, cat.limits.fever_c) {
            h.excluded = Some(Exclusion::Resolved);
        }
        hits.push(h);
    }
    hits.extend(evidence::blood_pressure(cat, &scope, &span_text));
    hits.extend(evidence::reality_checks(cat, &scope, &span_text));
    if let Some(h) = evidence::missed_refill(cat, &scope, &span_text, &hits) {
        hits.push(h);
    }
    let noncritical = (0..words.len()).any(|k| m.pump_noncritical.starting_at(&words, k).is_some());
    if let Some(h) = evidence::pump_sound(cat, &scope, &span_text, &hits, noncritical) {
        hits.push(h);
    }
    if let Some(h) = evidence::farewell(cat, &scope, &span_text) {
        hits.push(h);
    }
    evidence::compared_numbers(cat, &scope, &span_text, &mut out);
    large_amount(cat, &words, &scope, &span_text, &mut out);
    ran_out(cat, m, &words, &scope, &span_text, &mut out);
    inherit_in_lists(&words, &mut hits);
    merge_hits(&words, &mut out, hits);
    out
}

/// "took 100 mg", "swallowed 250mg": a single amount above the daily maximum, with a verb of
/// taking, is too much baclofen in the text (leung-2006, label-ozobax 2.1).
fn large_amount(
    cat: &Catalog,
    words: &[Word],
    scope: &Scope,
    span_text: &dyn Fn(usize, usize) -> String,
    out: &mut TextAnalysis,
) {
    let Some(ctx) = cat.contexts.iter().find(|c| c.rule == "overdose_window") else {
        return;
    };
    if out.contexts.iter().any(|c| c.id == ctx.id) {
        return;
    }
    for i in 0..words.len() {
        let w = words[i].w.as_str();
        let (num, unit_next) = match w.strip_suffix("mg") {
            Some(n) if !n.is_empty() => (n, false),
            _ => (w, true),
        };
        let Ok(mg) = num.parse::<f64>() else {
            continue;
        };
        if unit_next
            && !words
                .get(i + 1)
                .is_some_and(|x| matches!(x.w.as_str(), "mg" | "mgs" | "milligrams"))
        {
            continue;
        }
        if mg <= cat.limits.max_daily_mg as f64 {
            continue;
        }
        let lo = i.saturating_sub(4);
        let took = (lo..i).any(|k| {
            words[k].sentence == words[i].sentence
                && matches!(
                    words[k].w.as_str(),
                    "took" | "taken" | "take" | "swallowed" | "had" | "gave" | "given" | "ate"
                )
        });
        if took && scope.judge_context(lo, i + 1).is_none() {
            out.contexts.push(ContextMatch {
                id: ctx.id.clone(),
                rule: ctx.rule.clone(),
                matched: span_text(lo, (i + 2).min(words.len())),
                hedge: scope.context_hedge(lo, i + 1),
            });
            return;
        }
    }
}

/// "ran out, legs all tingly", "we ran out on Friday": "ran out" with nothing after it, or only
/// a time, is the tablets running out in a medicine diary ("ran out of milk" and "ran out the
/// door" are not).
fn ran_out(
    cat: &Catalog,
    m: &Matcher,
    words: &[Word],
    scope: &Scope,
    span_text: &dyn Fn(usize, usize) -> String,
    out: &mut TextAnalysis,
) {
    let Some(ctx) = cat.contexts.iter().find(|c| c.rule == "withdrawal_window") else {
        return;
    };
    if out.contexts.iter().any(|c| c.rule == ctx.rule) {
        return;
    }
    for i in 0..words.len().saturating_sub(1) {
        if !matches!(words[i].w.as_str(), "ran" | "run" | "running" | "runs")
            || words[i + 1].w != "out"
            || words[i + 1].sentence != words[i].sentence
            || words[i + 1].comma_before
        {
            continue;
        }
        let bare = words.get(i + 2).is_none_or(|x| {
            x.sentence != words[i].sentence
                || x.comma_before
                || matches!(
                    x.w.as_str(),
                    "yesterday"
                        | "today"
                        | "on"
                        | "last"
                        | "this"
                        | "again"
                        | "over"
                        | "at"
                        | "two"
                        | "2"
                        | "3"
                        | "three"
                        | "days"
                        | "since"
                        | "and"
                        | "so"
                        | "sunday"
                        | "monday"
                        | "tuesday"
                        | "wednesday"
                        | "thursday"
                        | "friday"
                        | "saturday"
                )
        });
        let denied = (i.saturating_sub(3)..i + 2).any(|j| {
            m.tr.not_gaps
                .starting_at(words, j)
                .is_some_and(|len| j + len > i)
        });
        if bare && !denied && scope.judge_context(i, i + 2).is_none() {
            push_context(out, ctx, span_text(i, i + 2), scope.context_hedge(i, i + 2));
            return;
        }
    }
}

/// A list of signs shares its context: "side effects like drowsiness, dizziness and weakness",
/// "the leaflet lists seizures, hallucinations and confusion". A mention that directly follows a
/// hypothetical, past or topic mention, joined by a comma, "and" or "or", is read the same way.
/// Negations are left to their own scope ("no headache, dizzy since lunch" keeps the dizziness).
fn inherit_in_lists(words: &[Word], hits: &mut [SignMatch]) {
    hits.sort_by_key(|h| h.span.0);
    for i in 1..hits.len() {
        let (prev, cur) = (&hits[i - 1], &hits[i]);
        let Some(reason) = prev.excluded else {
            continue;
        };
        if !matches!(
            reason,
            Exclusion::Hypothetical | Exclusion::Historical | Exclusion::Topic
        ) || !cur.present()
            || cur.span.0 < prev.span.1
            || cur.span.1 <= cur.span.0
        {
            continue;
        }
        let gap = &words[prev.span.1..cur.span.0];
        let joined = gap.len() <= 2
            && gap.iter().all(|w| {
                matches!(
                    w.w.as_str(),
                    "and" | "or" | "nor" | "also" | "plus" | "a" | "the"
                )
            })
            && (words[cur.span.0].comma_before || !gap.is_empty())
            && words[cur.span.0].sentence == words[prev.span.1.min(words.len() - 1)].sentence;
        if joined {
            hits[i].excluded = Some(reason);
        }
    }
}

/// A body temperature read in the text.
struct Reading {
    sentence: usize,
    celsius: f64,
    matched: String,
    /// The words it was read from.
    span: (usize, usize),
}

fn temperatures(
    m: &Matcher,
    words: &[Word],
    text: &str,
    span_text: &dyn Fn(usize, usize) -> String,
    out: &mut TextAnalysis,
) -> Vec<Reading> {
    let mut readings: Vec<Reading> = Vec::new();
    for i in 0..words.len() {
        if let Some((c, end)) = read_temperature(&m.temp, words, text, i) {
            let start = temp_start(&m.temp, words, i);
            readings.push(Reading {
                sentence: words[i].sentence,
                celsius: c,
                matched: span_text(start, end),
                span: (start, end),
            });
        }
    }
    for r in &readings {
        out.temperatures.push(Temperature {
            celsius: (r.celsius * 10.0).round() / 10.0,
            matched: r.matched.clone(),
        });
    }
    readings
}

/// A later normal reading said to hold "since" or "now", with no fever medicine in the text:
/// "38.4 on Sunday with a cold, 36.9 since Monday". A reading brought down by paracetamol is
/// still a fever.
fn cooled_since(r: &Reading, readings: &[Reading], words: &[Word], fever_c: f64) -> bool {
    let word = |k: usize| words.get(k).map_or("", |x| x.w.as_str());
    let medicine = words.iter().any(|x| {
        matches!(
            x.w.as_str(),
            "paracetamol"
                | "tylenol"
                | "ibuprofen"
                | "calpol"
                | "nurofen"
                | "acetaminophen"
                | "advil"
                | "motrin"
                | "antipyretic"
        )
    });
    // After a reading, a bare "36.9" is one too.
    let normal_at = |k: usize| {
        readings
            .iter()
            .any(|l| l.span.0 <= k && k < l.span.1 && l.celsius < fever_c - 0.5)
            || words[k].w.contains('.')
                && words[k]
                    .w
                    .parse::<f64>()
                    .is_ok_and(|v| (35.0..fever_c - 0.5).contains(&v))
    };
    !medicine
        && (r.span.1..words.len()).any(|k| {
            normal_at(k)
                && words[k].sentence <= words[r.span.0].sentence + 1
                && (word(k + 1) == "since" || word(k + 1) == "now" || k > 0 && word(k - 1) == "now")
        })
}

fn sign_hit(
    cat: &Catalog,
    m: &Matcher,
    scope: &Scope,
    f: &Found,
    si: usize,
    readings: &[Reading],
    span_text: &dyn Fn(usize, usize) -> String,
) -> Option<SignMatch> {
    let words = scope.words;
    if scope.excluded(f.start, f.end) {
        return None;
    }
    let s = &cat.signs[si];
    let r = scope.judge_as(f.start, f.end, !s.categories.iter().any(|c| c == "pump"));
    let mut excluded = r.excluded;
    if s.id == "suicidal_thoughts" {
        excluded = suicidal_reading(scope, f, excluded);
    }
    // A fit or a faint that ended is still a fit or a faint: "she was convulsing on the sofa, it
    // stopped after a bit but she's not right".
    if excluded == Some(Exclusion::Resolved)
        && matches!(s.id.as_str(), "seizure" | "unconsciousness")
        && !scope.said_long_ago(f.start, f.end)
    {
        excluded = scope.judged_past_resolution(f.start, f.end);
    }
    // "asked if I'd ever fainted. I said yes": a question answered yes is a report.
    if excluded == Some(Exclusion::Hypothetical) && scope.answered_yes(f.start, f.end) {
        excluded = None;
    }
    if s.id == "high_fever" && excluded.is_none() {
        let sent = words[f.start].sentence;
        let in_sentence: Vec<f64> = readings
            .iter()
            .filter(|r| r.sentence == sent)
            .map(|r| r.celsius)
            .collect();
        if !in_sentence.is_empty() && in_sentence.iter().all(|&c| c < cat.limits.fever_c) {
            excluded = Some(Exclusion::BelowThreshold);
        } else if weather_heat(&m.temp, words, f.start, f.end) {
            excluded = Some(Exclusion::OtherSubject);
        } else if let Some(r) = readings
            .iter()
            .rev()
            .find(|r| r.sentence == sent && r.celsius >= cat.limits.fever_c)
            && cooled_since(r, readings, words, cat.limits.fever_c)
        {
            excluded = Some(Exclusion::Resolved);
        }
    }
    // "refill appointment moved to Thursday, still a week before the reservoir date": a refill
    // moved but still in time is not a missed refill.
    if s.id == "pump_alarm" && excluded.is_none() && refill_still_in_time(words, f) {
        excluded = Some(Exclusion::Negated);
    }
    if s.id == "pump_alarm" && excluded.is_none() && staff_said_normal(words, f) {
        excluded = Some(Exclusion::Explained);
    }
    let mut urgency = s.urgency;
    if s.id == "pump_alarm" {
        // A non-critical alarm named as such ("low reservoir alarm") needs the clinic today;
        // any other alarm or a missed refill is an emergency (itb-alarms).
        // Read over the whole note: "Pump beeped three times. It's the low reservoir warning."
        // "the non-critical alarm, the low reservoir one": "non" that names the alarm denies
        // nothing after it.
        let denied = |k: usize| {
            (k.saturating_sub(5)..k).any(|j| {
                matches!(
                    words[j].w.as_str(),
                    "non" | "not" | "didnt" | "wasnt" | "isnt" | "unlike" | "never"
                ) && !(words[j].w == "non"
                    && words.get(j + 1).is_some_and(|x| x.w == "critical")
                    && j + 1 < k)
            })
        };
        let any = |ph: &Phrases| {
            (0..words.len()).any(|k| {
                ph.starting_at(words, k).is_some_and(|len| {
                    // "the battery swap surgery needs booking" is a plan, not a failure.
                    !words.get(k + len).is_some_and(|x| {
                        matches!(
                            x.w.as_str(),
                            "swap" | "change" | "changed" | "replacement" | "surgery" | "op"
                                | "operation" | "due"
                        )
                    })
                })
                    // "non critical", "not the critical one" are not critical.
                    && !(k > 0 && matches!(words[k - 1].w.as_str(), "non" | "not"))
                    && !(ph.contains_word("critical") && denied(k))
            })
        };
        // "not the low reservoir one", "didn't sound like the low reservoir one": a non-critical
        // alarm named only to rule it out.
        let named_out = (0..words.len())
            .any(|k| m.pump_noncritical.starting_at(words, k).is_some() && denied(k));
        if any(&m.pump_noncritical) && !any(&m.pump_critical) && !named_out {
            urgency = Urgency::Urgent;
        }
    }
    Some(SignMatch {
        id: s.id.clone(),
        title: s.title.clone(),
        categories: s.categories.clone(),
        urgency,
        matched: span_text(f.start, f.end),
        sources: s.sources.clone(),
        excluded,
        hedge: r.hedge,
        as_usual: r.as_usual,
        span: (f.start, f.end),
        evidence: false,
    })
}

/// Talk of ending one's life, read more widely than other signs: a possibility, a search or a
/// condition can be the wish itself.
fn suicidal_reading(scope: &Scope, f: &Found, excluded: Option<Exclusion>) -> Option<Exclusion> {
    let words = scope.words;
    // Talk of ending one's life is never only a possibility: "he said he might want to end it all".
    if excluded == Some(Exclusion::Hypothetical) && scope.only_a_modal_before(f.start) {
        return None;
    }
    // "if I don't wake up tomorrow that would be fine by me": a wish told as a condition.
    if excluded == Some(Exclusion::Hypothetical)
        && (f.start..f.end).any(|k| {
            matches!(
                words[k].w.as_str(),
                "mind" | "care" | "relief" | "best" | "blessing" | "sorry"
            ) || words[k].w == "fine" && words.get(k + 1).is_some_and(|x| x.w == "by")
        })
    {
        return None;
    }
    // Searching for ways to die is the sign itself: "been googling suicide"; not "looked up how
    // to spot a baclofen overdose".
    if excluded == Some(Exclusion::Topic)
        && !(f.start.saturating_sub(6)..f.start).any(|k| {
            matches!(
                words[k].w.as_str(),
                "spot"
                    | "signs"
                    | "symptoms"
                    | "recognise"
                    | "recognize"
                    | "identify"
                    | "treat"
                    | "prevent"
                    | "avoid"
                    | "tell"
            )
        })
        && (f.start.saturating_sub(3)..f.start).any(|k| {
            matches!(
                words[k].w.as_str(),
                "googling"
                    | "googled"
                    | "researching"
                    | "searching"
                    | "looking"
                    | "looked"
                    | "reading"
                    | "read"
            )
        })
    {
        return None;
    }
    excluded
}

fn interaction(
    cat: &Catalog,
    m: &Matcher,
    scope: &Scope,
    f: &Found,
    ii: usize,
    span_text: &dyn Fn(usize, usize) -> String,
    out: &mut TextAnalysis,
) {
    let words = scope.words;
    let int = &cat.interactions[ii];
    // "drinks" and friends are alcohol unless the text names something else to drink.
    if words[f.start].w.starts_with("drink")
        && m.unless[ii].all.iter().any(|u| {
            words
                .windows(u.len())
                .any(|w| w.iter().zip(u).all(|(a, b)| a.w == *b))
        })
    {
        return;
    }
    if scope.judge_context(f.start, f.end).is_some_and(|e| {
        matches!(
            e,
            Exclusion::Negated | Exclusion::Hypothetical | Exclusion::OtherSubject
        )
    }) {
        return;
    }
    if !out.interactions.iter().any(|x| x.class == int.class) {
        out.interactions.push(InteractionMatch {
            class: int.class.clone(),
            title: int.title.clone(),
            matched: span_text(f.start, f.end),
        });
    }
}

fn context(
    cat: &Catalog,
    m: &Matcher,
    scope: &Scope,
    f: &Found,
    ci: usize,
    span_text: &dyn Fn(usize, usize) -> String,
    out: &mut TextAnalysis,
) {
    let c = &cat.contexts[ci];
    // "doubled up laughing", "had one too many at the wedding": not a dose at all.
    if scope.inside_an_idiom(f.start, f.end) {
        return;
    }
    // "Not missed any tablets", "haven't run out": a gap denied is no gap.
    if c.rule == "withdrawal_window" {
        let w = scope.words;
        let lo = f.start.saturating_sub(3);
        if (lo..f.end).any(|j| {
            m.tr.not_gaps.starting_at(w, j).is_some_and(|len| {
                // Within one clause: "pharmacy had none, missed 3 doses" is not "none missed".
                j + len > f.start && (j + 1..j + len).all(|x| !w[x].comma_before)
            })
        }) {
            return;
        }
        if gap_in_something_else(m, w, f) {
            return;
        }
        // "can't get any sleep", "couldn't get any sense out of her": "any" of something else.
        if w[f.end - 1].w == "any"
            && w.get(f.end).is_some_and(|x| {
                x.sentence == w[f.start].sentence
                    && !x.comma_before
                    && m.tr.dose_nouns.starting_at(w, f.end).is_none()
                    && !matches!(
                        x.w.as_str(),
                        "for"
                            | "since"
                            | "from"
                            | "at"
                            | "till"
                            | "until"
                            | "left"
                            | "today"
                            | "yesterday"
                            | "this"
                            | "all"
                            | "of"
                            | "more"
                            | "in"
                            | "now"
                            | "and"
                            | "so"
                            | "over"
                            | "on"
                            | "last"
                            | "the"
                            | "after"
                    )
                    && !x.w.chars().all(|c| c.is_ascii_digit())
            })
        {
            return;
        }
    }
    if scope.judge_context(f.start, f.end).is_some_and(|e| {
        matches!(
            e,
            Exclusion::Hypothetical | Exclusion::OtherSubject | Exclusion::Historical
        ) || (c.negatable && e == Exclusion::Negated)
    }) {
        return;
    }
    // "had too much wine": too much of something that is not a medicine.
    if c.rule == "overdose_window" {
        let w = scope.words;
        let upto = (f.end + 3).min(w.len());
        // "took my lunch dose 3 times" names the dose: "lunch" and "times" are not the intake.
        let names_a_dose = (f.start..f.end).any(|j| m.tr.dose_nouns.starting_at(w, j).is_some());
        if !names_a_dose
            && (f.start..upto).any(|j| {
                w[j].sentence == w[f.start].sentence
                    && m.tr.not_doses.starting_at(w, j).is_some_and(|l| {
                        // "the lunch dose" is a dose, not lunch.
                        m.tr.dose_nouns.starting_at(w, j + l).is_none()
                    })
            })
        {
            return;
        }
    }
    push_context(
        out,
        c,
        span_text(f.start, f.end),
        scope.context_hedge(f.start, f.end),
    );
}

/// A gap in something that is not baclofen: "stopped taking the ibuprofen", "ran out of milk
/// today", "three weeks without a drink", "missed my morning bus". Read over the match and the
/// few words after it in the same clause; a baclofen dose named there ("ran out of milk and my
/// tablets") keeps the gap.
fn gap_in_something_else(m: &Matcher, w: &[Word], f: &Found) -> bool {
    let mut end = f.end;
    while end < w.len()
        && end < f.end + 4
        && !w[end].comma_before
        && w[end].sentence == w[f.start].sentence
    {
        end += 1;
    }
    let mut k = f.start;
    // "quit drinking cold turkey": the thing stopped can come first.
    while k > 0 && k + 3 > f.start && !w[k].comma_before && w[k - 1].sentence == w[f.start].sentence
    {
        k -= 1;
    }
    let mut other = false;
    let mut dose = false;
    while k < end {
        if let Some(len) = m.tr.not_baclofen.starting_at(w, k) {
            other = true;
            // "the blood pressure tablets", "ibuprofen tablets": the dose noun is the other one's.
            k += len;
            if k < end && m.tr.dose_nouns.starting_at(w, k).is_some() {
                k += 1;
            }
            continue;
        }
        if m.tr.dose_nouns.starting_at(w, k).is_some() {
            dose = true;
        }
        k += 1;
    }
    other && !dose
}

pub(super) fn push_context(
    out: &mut TextAnalysis,
    c: &Context,
    matched: String,
    hedge: Option<String>,
) {
    if let Some(prev) = out.contexts.iter_mut().find(|x| x.id == c.id) {
        // An unhedged mention of the same dose story outweighs a hedged one.
        if hedge.is_none() {
            prev.hedge = None;
        }
    } else {
        out.contexts.push(ContextMatch {
            id: c.id.clone(),
            rule: c.rule.clone(),
            matched,
            hedge,
        });
    }
}

/// Present mentions win over excluded ones of the same sign; the first mention is kept; a more
/// specific sign covering the same words absorbs a milder one ("severe weakness" vs "weak"), and
/// severe weakness absorbs weakness in its sentence ("legs like jelly, could barely stand").
fn merge_hits(words: &[Word], out: &mut TextAnalysis, mut hits: Vec<SignMatch>) {
    hits.sort_by_key(|h| h.span.0);
    // Itching without a rash is the early withdrawal sign; an itch said with hives ("covered in
    // spots that itch like mad") is the hives' own.
    if hits.iter().any(|h| h.id == "hives_rash" && h.present()) {
        hits.retain(|h| {
            !(h.id == "itching_tingling"
                && h.present()
                && h.matched.to_lowercase().starts_with("itch"))
        });
    }
    drop_swallowed(&mut hits);
    for h in hits {
        if h.present() {
            if let Some(prev) = out.signs.iter_mut().find(|s| s.id == h.id) {
                // A later mention that is new or worse outweighs an "as usual" one.
                if prev.as_usual.is_some() && h.as_usual.is_none() {
                    prev.as_usual = None;
                }
                // A measured temperature or a reality check confirms the words' mention: it does
                // not take away their hedge ("slightly feverish today, 38.1", "I think he is
                // seeing things, he swears there's a cat on the bed").
                // Details said after a hedged mention in its sentence go on with the hedge ("I
                // think mum is hallucinating, she's talking to someone who isn't there").
                let goes_on = same_sentence(words, prev.span.0, h.span.0);
                if prev.hedge.is_some() && h.hedge.is_none() && !h.evidence && !goes_on {
                    prev.hedge = None;
                }
                prev.urgency = prev.urgency.max(h.urgency);
            } else {
                out.signs.push(h);
            }
        } else if !out
            .not_counted
            .iter()
            .any(|s| s.id == h.id && s.matched == h.matched)
        {
            out.not_counted.push(h);
        }
    }
    // An altered-state mention that a milder sign said in its sentence explains.
    fn weak_altered(m: &str, by: &str) -> bool {
        let m = m.to_lowercase().replace(['\'', '’'], "");
        match by {
            // "a bit muddled, called me by my sister's name"
            "confusion"
                if ["called", "calling", "calls"]
                    .iter()
                    .any(|p| m.starts_with(p)) =>
            {
                true
            }
            "confusion" => {
                ["put", "putting", "puts", "left "]
                    .iter()
                    .any(|p| m.starts_with(p))
                    && [
                        "fridge",
                        "freezer",
                        "oven",
                        "microwave",
                        "washing",
                        "bin",
                        "dishwasher",
                    ]
                    .iter()
                    .any(|x| m.contains(x))
            }
            "mood_change" => [
                "unlike",
                "very unlike",
                "not himself",
                "not herself",
                "not myself",
                "agitated",
                "agitation",
                "isnt himself",
                "isnt herself",
                "not like",
                "aggressive",
            ]
            .iter()
            .any(|p| m.starts_with(p)),
            _ => false,
        }
    }
    // Said with a plainer sign in its sentence, an odd act ("muddled, put the kettle in the
    // fridge") is that confusion, and "very unlike her" after "agitated and snappy" is that mood.
    // Waking on the floor after a fit is the fit's own ("had a seizure in my sleep, woke up on
    // the floor").
    let after_a_fit = out.signs.iter().any(|a| {
        a.id == "unconsciousness"
            && ["woke", "wake", "waking"]
                .iter()
                .any(|p| a.matched.to_lowercase().starts_with(p))
            && out
                .signs
                .iter()
                .any(|b| b.id == "seizure" && same_sentence(words, a.span.0, b.span.0))
    });
    let explained_altered = out.signs.iter().any(|a| {
        a.id == "altered_mental_state"
            && out.signs.iter().any(|b| {
                weak_altered(&a.matched, &b.id) && same_sentence(words, a.span.0, b.span.0)
            })
    });
    let mut absorbed: Vec<String> = out
        .signs
        .iter()
        .filter(|a| {
            out.signs.iter().any(|b| {
                b.id != a.id
                    && !(explained_altered && b.id == "altered_mental_state")
                    && b.urgency >= a.urgency
                    && ((b.urgency > a.urgency
                        && b.span.0 <= a.span.0
                        && b.span.1 >= a.span.1
                        && b.span.1 > b.span.0
                        && subsumes(&b.id, &a.id))
                        || (same_sentence(words, a.span.0, b.span.0)
                            && matches!(
                                (b.id.as_str(), a.id.as_str()),
                                ("severe_weakness", "weakness")
                                    | ("seizure", "rebound_spasticity")
                                    | ("seizure", "confusion")
                                    | ("suicidal_thoughts", "unconsciousness")
                                    | ("unconsciousness", "drowsiness")
                                    | ("facial_swelling", "drowsiness")
                                    | ("altered_mental_state", "confusion")
                            )))
            })
        })
        .map(|a| a.id.clone())
        .collect();
    if explained_altered {
        absorbed.push("altered_mental_state".into());
    }
    if after_a_fit {
        absorbed.push("unconsciousness".into());
    }
    out.signs.retain(|s| !absorbed.contains(&s.id));
    out.not_counted
        .retain(|nc| !out.signs.iter().any(|s| s.id == nc.id));
}

/// Words belong to one sign: a present mention inside a longer one of another sign, or starting
/// inside an earlier one and running past it, is dropped ("bp really low" is not low mood;
/// "throwing up all night" is not "up all night").
fn drop_swallowed(hits: &mut Vec<SignMatch>) {
    let mut present: Vec<(usize, usize, String)> = hits
        .iter()
        .filter(|h| h.present() && h.span.1 > h.span.0)
        .map(|h| (h.span.0, h.span.1, h.id.clone()))
        .collect();
    // Of one sign's mentions ending on the same word, the shortest stands for them: "so tired
    // and so low" is low mood on "so low", not over "tired".
    let all = present.clone();
    present.retain(|(s, e, id)| {
        !all.iter()
            .any(|(s2, e2, id2)| id2 == id && e2 == e && s2 > s)
    });
    let base = |id: &str| {
        hits.iter()
            .filter(|h| h.id == id)
            .map(|h| h.urgency)
            .max()
            .unwrap_or(Urgency::None)
    };
    let swallowed: Vec<bool> = hits
        .iter()
        .map(|h| {
            let (s, e) = h.span;
            h.present()
                && e > s
                && present.iter().any(|(ps, pe, id)| {
                    *id != h.id
                        && ((*ps <= s && e <= *pe && pe - ps > e - s)
                            || (*ps < s && s < *pe && e > *pe))
                        // Whole words of another sign inside a longer match's gap stand: "has
                        // been throwing up and his temperature ...", "felt dizzy and sick".
                        && !(*ps < s && e < *pe)
                        // An emergency is never swallowed by a milder sign's longer words ("I
                        // think my breathing is a bit slow" is not slow thinking).
                        && (h.urgency < Urgency::Emergency || base(id) >= h.urgency)
                })
        })
        .collect();
    let mut i = 0;
    hits.retain(|_| {
        i += 1;
        !swallowed[i - 1]
    });
}

fn same_sentence(words: &[Word], a: usize, b: usize) -> bool {
    match (words.get(a), words.get(b)) {
        (Some(x), Some(y)) => x.sentence == y.sentence,
        _ => false,
    }
}

/// Pairs where the stronger sign's words already say the milder one.
fn subsumes(strong: &str, mild: &str) -> bool {
    matches!(
        (strong, mild),
        ("severe_weakness", "weakness")
            | ("depression", "mood_change")
            | ("hallucination", "altered_mental_state")
            | ("hives_rash", "itching_tingling")
            | ("seizure", "tremor")
            | ("facial_swelling", "itching_tingling")
            | ("rebound_spasticity", "muscle_cramps")
            | ("unconsciousness", "drowsiness")
            | ("altered_mental_state", "confusion")
            | ("seizure", "rebound_spasticity")
            | ("suicidal_thoughts", "unconsciousness")
            | ("suicidal_thoughts", "drowsiness")
            | ("suicidal_thoughts", "depression")
    )
}

/// A refill mention followed in its sentence by "before the ... date", "in time", "ahead of":
/// moved but not missed. Never when the sentence also says it was missed or ran out.
/// "the pump beeped once when the nurse checked it, she said that's normal after a refill": a
/// beep the pump staff called normal or expected, in the same sentence or the next.
fn staff_said_normal(words: &[Word], f: &Found) -> bool {
    let sent = words[f.start].sentence;
    let near = |k: usize| words[k].sentence == sent || words[k].sentence == sent + 1;
    let staff = (0..words.len()).any(|k| near(k) && scope::is_staff(&words[k].w));
    staff
        && (f.end..words.len()).any(|k| {
            near(k)
                && matches!(
                    words[k].w.as_str(),
                    "normal" | "expected" | "routine" | "supposed" | "meant"
                )
                && (k.saturating_sub(3)..k).any(|j| {
                    matches!(
                        words[j].w.as_str(),
                        "said" | "says" | "told" | "explained" | "thats" | "its" | "is"
                    )
                })
                && !(k.saturating_sub(2)..k)
                    .any(|j| matches!(words[j].w.as_str(), "not" | "isnt" | "wasnt" | "never"))
        })
}

fn refill_still_in_time(words: &[Word], f: &Found) -> bool {
    let sent = words[f.start].sentence;
    let in_sent: Vec<usize> = (0..words.len())
        .filter(|&j| words[j].sentence == sent)
        .collect();
    let refill = (f.start..f.end).any(|j| words[j].stem.starts_with("refil"));
    let after = |j: usize, ws: &[&str]| words.get(j).is_some_and(|x| ws.contains(&x.w.as_str()));
    let in_time = in_sent.iter().any(|&j| {
        j >= f.end
            && (words[j].w == "before"
                && after(
                    j + 1,
                    &["the", "my", "his", "her", "its", "it", "our", "their"],
                )
                || words[j].w == "in" && after(j + 1, &["time", "plenty", "good"])
                || words[j].w == "ahead" && after(j + 1, &["of"])
                || words[j].w == "earlier"
                // "I've got two weeks left in the reservoir", "still loads of margin"
                || matches!(words[j].w.as_str(), "weeks" | "days")
                    && (after(j + 1, &["left", "to", "spare", "in"])
                        // "has 3 weeks of drug left"
                        || after(j + 1, &["of", "worth"])
                            && (j + 2..(j + 5).min(words.len()))
                                .any(|k| matches!(words[k].w.as_str(), "left" | "spare")))
                || words[j].w == "margin")
    });
    // "Refill done, 18 ml, no beeps": the refill has happened since.
    let done = (f.end..words.len()).any(|j| {
        words[j].w == "refilled"
            && !(j.saturating_sub(2)..j).any(|k| {
                matches!(
                    words[k].w.as_str(),
                    "not" | "never" | "hasnt" | "havent" | "wasnt" | "isnt" | "wont" | "cant"
                )
            })
            && words.get(j + 1).is_none_or(|x| x.w != "yet")
            || words[j].stem.starts_with("refil")
                && words.get(j + 1).is_some_and(|x| {
                    matches!(x.w.as_str(), "done" | "went" | "completed" | "happened")
                })
    });
    if refill && done {
        return true;
    }
    let missed = in_sent.iter().any(|&j| {
        matches!(
            words[j].w.as_str(),
            "missed" | "overdue" | "empty" | "alarm" | "alarming" | "beeping" | "late" | "forgot"
        ) || words[j].w == "ran" && after(j + 1, &["out", "dry"])
    });
    refill && in_time && !missed
}

/// A time of day in figures: "14:20", "3am", "11pm", "7:30pm" (not "90s", "20mg" or "84/50").
fn is_clock_time(w: &str) -> bool {
    let w = w
        .strip_suffix("am")
        .or_else(|| w.strip_suffix("pm"))
        .map_or((w, false), |x| (x, true));
    let (digits, meridiem) = w;
    let hour_ok = |h: &str| {
        !h.is_empty()
            && h.len() <= 2
            && h.parse::<u32>().is_ok_and(|h| {
                if meridiem {
                    (1..=12).contains(&h)
                } else {
                    h <= 24
                }
            })
    };
    match digits.split_once([':', '.']) {
        Some((h, m)) => hour_ok(h) && m.len() == 2 && m.parse::<u32>().is_ok_and(|m| m < 60),
        None => meridiem && hour_ok(digits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(t: &str) -> Vec<String> {
        analyze(t).signs.into_iter().map(|s| s.id).collect()
    }

    #[test]
    fn tokenizer_handles_contractions_decimals_and_degrees() {
        let t: Vec<String> = tokenize("Didn't sleep; temp 39.2°C, anti-seizure w/o")
            .into_iter()
            .map(|t| t.w)
            .collect();
        assert_eq!(
            t,
            [
                "didnt", "sleep", "", "temp", "39.2", "deg", "c", ",", "anti", "seizure", "without"
            ]
        );
    }

    #[test]
    fn basic_signs_and_negation() {
        assert_eq!(ids("had a seizure this morning"), ["seizure"]);
        assert!(ids("no temperature since Sunday").is_empty());
        assert!(ids("the dog was sick on the carpet").is_empty());
        assert!(ids("hasn't vomited").is_empty());
        let v = ids("shaking all over and burning up since I ran out of pills");
        assert!(
            v.contains(&"tremor".to_string()) && v.contains(&"high_fever".to_string()),
            "{v:?}"
        );
        assert!(
            analyze("shaking all over and burning up since I ran out of pills")
                .has_context("stopped")
        );
    }

    #[test]
    fn scopes_follow_the_sentence() {
        assert_eq!(ids("no headache, dizzy since lunch"), ["dizziness"]);
        assert!(ids("denies fever, chills or rigors").is_empty());
        assert_eq!(ids("two days without tablets, shaking"), ["tremor"]);
        assert!(analyze("two days without tablets, shaking").has_context("stopped"));
        assert!(ids("nervous I might black out at the shops").is_empty());
        assert!(ids("the rash is all gone now").is_empty());
        assert!(ids("headache went away overnight").is_empty());
        assert!(ids("listened to a podcast about hallucinations").is_empty());
        assert!(ids("did an epilepsy fun run").is_empty());
        assert!(ids("my neighbour's boy has a temperature").is_empty());
        let a = analyze("a bit shaky since I ran out");
        assert_eq!(a.signs[0].hedge.as_deref(), Some("a bit"));
        let a = analyze("legs cramping as usual even though I missed one");
        assert_eq!(a.signs[0].as_usual.as_deref(), Some("as usual"));
        let a = analyze("cramps worse than usual");
        assert_eq!(a.signs[0].as_usual, None);
    }

    #[test]
    fn the_subject_follows_the_diary() {
        let carer = Patient {
            name: "Sam".into(),
            writer: Writer::Caregiver,
            also_called: vec!["my husband".into()],
        };
        let of = |t: &str, p: &Patient| -> Vec<String> {
            analyze_for(t, p).signs.into_iter().map(|s| s.id).collect()
        };
        assert_eq!(of("my husband had a fit", &carer), ["seizure"]);
        assert_eq!(of("Sam had a fit", &carer), ["seizure"]);
        assert_eq!(
            of("couldn't wake him this morning", &carer),
            ["unconsciousness"]
        );
        assert!(of("I had a headache all day", &carer).is_empty());
        let a = analyze_for("I nearly passed out, then he had a fit", &carer);
        assert_eq!(a.signs.len(), 1);
        let own = Patient {
            writer: Writer::Own,
            ..Patient::default()
        };
        assert!(of("my husband had a fit", &own).is_empty());
        assert!(of("he had a fit", &own).is_empty());
        assert_eq!(of("he had a fit", &Patient::default()), ["seizure"]);
        let a = analyze_for("my husband had a fit", &own);
        assert_eq!(a.not_counted[0].excluded, Some(Exclusion::OtherSubject));
        assert_eq!(of("my wife says I was shaking", &own), ["tremor"]);
        // A name or relation as the one who cannot be woken: the patient in the carer's diary,
        // someone else (to be asked about) in the patient's own.
        assert_eq!(
            of("couldn't rouse my husband this morning", &carer),
            ["unconsciousness"]
        );
        assert_eq!(
            of("couldn't wake Sam, he would not wake", &carer),
            ["unconsciousness"]
        );
        let a = analyze_for("couldn't rouse my husband this morning", &own);
        assert!(a.signs.is_empty());
        assert_eq!(a.not_counted[0].excluded, Some(Exclusion::OtherSubject));
    }

    /// The sign ids read in a text of the patient's own diary.
    fn own_ids(t: &str) -> Vec<String> {
        let own = Patient {
            writer: Writer::Own,
            ..Patient::default()
        };
        analyze_for(t, &own)
            .signs
            .into_iter()
            .map(|s| s.id)
            .collect()
    }

    #[test]
    fn session_seven_readings() {
        let ids = own_ids;
        // A fit at a clock time; "feeling fit at 60" is not one.
        assert_eq!(ids("Fit at 14:20, lasted 90s."), ["seizure"]);
        assert!(ids("feeling fit at 60").is_empty());
        // A question answered no, on its own.
        assert!(ids("\"Are you hearing voices?\" the nurse asked. No.").is_empty());
        assert_eq!(
            ids("the nurse asked if I had hallucinations. No change, still seeing bugs"),
            ["hallucination"]
        );
        // A sentence that opens in the past stays there; "today" brings it back.
        assert!(ids("last year I was hallucinating after a missed refill").is_empty());
        assert_eq!(
            ids("last year I had a fit, today I had another fit"),
            ["seizure"]
        );
        // A refill told as missed across a clause, in a note about a pump.
        assert_eq!(
            ids("my pump refill was meant to be Monday, I forgot, it's now Friday"),
            ["pump_alarm"]
        );
        assert!(ids("pump refill on Monday went fine, I forgot to mention it").is_empty());
        // Temperatures said aloud, and bare Fahrenheit; not a radio station.
        assert_eq!(
            ids("38 point 5 and huddled under two duvets"),
            ["high_fever"]
        );
        assert_eq!(ids("I'm at 100.9 and flushed"), ["high_fever"]);
        assert!(ids("the station is on 100.9").is_empty());
        // A reality check after what was seen, also in the next sentence.
        assert_eq!(
            ids("twice today I've seen a grey cat on my kitchen table and I don't have a cat"),
            ["hallucination"]
        );
        assert_eq!(
            ids("I asked who the lady in the hall was. There was no lady."),
            ["hallucination"]
        );
    }

    #[test]
    fn session_eight_readings() {
        let ids = own_ids;
        // What was perceived is denied, or the place it was in is empty.
        for t in [
            "there's a dog at the foot of my bed and I don't own a dog",
            "saw children playing in the garden. the garden is empty.",
            "hearing someone calling my name and the flat's empty",
            "keep seeing water pouring down the walls. Walls are bone dry.",
            "could hear music coming out of the radiator. There's no music.",
        ] {
            assert_eq!(ids(t), ["hallucination"], "{t}");
        }
        for t in [
            "I saw the GP today, there's no GP on Fridays now",
            "heard the kids next door, our garden is empty",
            "saw a fox in the garden this morning, the garden is empty now",
        ] {
            assert!(ids(t).is_empty(), "{t}");
        }
        assert!(
            !ids("thought I heard an alarm, checked the handset and there's no alarm on it")
                .contains(&"hallucination".to_string())
        );
        // "gone" as became, not as over.
        assert!(ids("dizzy and has gone completely limp").contains(&"dizziness".to_string()));
        assert!(ids("the dizziness has gone completely").is_empty());
        // An age in the past dates it; searching for a word is a topic.
        assert!(ids("had a fit once when I was 12, nothing since").is_empty());
        assert!(ids("googled baclofen withdrawal seizure at 1am, bad idea").is_empty());
        assert!(ids("went to the depression and anxiety talk at the centre").is_empty());
        // An object of a verb is not the subject of the "and" after it.
        let carer = Patient {
            name: "Sam".into(),
            writer: Writer::Caregiver,
            also_called: vec!["Sam".into()],
        };
        let a = analyze_for(
            "He's stopped seeing his friends and says everything feels hopeless.",
            &carer,
        );
        assert!(a.signs.iter().any(|s| s.id == "depression"));
        let a = analyze_for(
            "the home's other client had a fall and was confused",
            &carer,
        );
        assert!(a.signs.is_empty());
        // A condition that asks for signs covers its whole list; a condition with its own
        // consequence does not.
        let a = analyze_for(
            "call if Sam becomes floppy, very sleepy or hard to wake",
            &carer,
        );
        assert!(a.signs.is_empty(), "{:?}", a.signs);
        assert_eq!(
            ids("if the pain gets worse I'll ring, really dizzy"),
            ["dizziness"]
        );
        // Pump settings and tests are not alarms.
        assert!(ids("the pump alarm test at clinic was fine").is_empty());
        assert_eq!(ids("the pump alarm is going off"), ["pump_alarm"]);
        // A frame a few words in ("Three years ago"), a decade, a resolution after "after".
        assert!(ids("Three years ago I had a seizure after a missed dose.").is_empty());
        assert!(ids("had a swollen face to penicillin in the 1980s").is_empty());
        assert!(ids("my wheeze after the cold has cleared up").is_empty());
        assert_eq!(
            ids("wheezing after the walk has been awful"),
            ["breathing_difficulty"]
        );
        // "at first" in today's episode is not the past.
        assert_eq!(
            ids("couldn't be woken at all at first this morning"),
            ["unconsciousness"]
        );
        assert!(ids("the drowsiness was rough at first but after a month it eased").is_empty());
        // A list of signs named after a colon may say "him"; "he's" is a report.
        let a = analyze_for(
            "signs of overdose to watch for: vomiting, floppiness, can't wake him",
            &carer,
        );
        assert!(a.signs.is_empty(), "{:?}", a.signs);
        // A first name in the patient's own diary is someone else; staff and readings are not.
        assert!(ids("lunch with Jo, Jo's been having awful headaches").is_empty());
        assert_eq!(ids("Nurse Jo said the rash looks worse"), ["hives_rash"]);
        assert_eq!(
            ids("dizzy standing up, BP was 84/50"),
            ["dizziness", "low_blood_pressure"]
        );
    }

    #[test]
    fn session_nine_readings() {
        let ids = own_ids;
        let too_much = |t: &str| analyze(t).has_context("too_much");
        // A resolution after "and" and a body part speaks of that part, unless the part is one
        // of the sign's places.
        assert_eq!(ids("now puking and legs gone"), ["vomiting"]);
        assert!(ids("rash on his face and arms gone now").is_empty());
        assert!(ids("headache and nausea all gone now").is_empty());
        // Tablets named by their strength: the stronger instead of the weaker is too much.
        assert!(too_much(
            "picked up the 25s instead of the 10s and took two"
        ));
        assert!(too_much("took the 20mg instead of my usual 10 mg"));
        assert!(!too_much("took the 10s instead of the 20s"));
        // Dose already taken, then more; a handful; lots in a day.
        assert!(too_much("I'd already had my dose and took another"));
        assert!(too_much("took a handful to make the spasms stop"));
        assert!(too_much("necked a load of my baclofen last night"));
        assert!(too_much("took 3 lots today cos i lost track"));
        assert!(!too_much("I took 3 doses today as prescribed"));
        // Lay words for vomiting.
        for t in [
            "been sicking up all morning",
            "can't keep anything down since yesterday",
        ] {
            assert_eq!(ids(t), ["vomiting"], "{t}");
        }
        // Conditions: "Should ..." opening a sentence, "any X, call", a question to ask after
        // a colon, a question's list, a time clause inside a condition.
        for t in [
            "Should my tongue swell up, the ER is 10 minutes away.",
            "Doc says any rash, call same day.",
            "Ask at review: can the pump alarm be made louder",
            "the neuro asked whether I have had any falls, faints or fits since March",
            "what to do if I ever get a fever after a missed refill",
        ] {
            assert!(ids(t).is_empty(), "{t}");
        }
        assert_eq!(
            ids("I should call, my tongue is swelling up"),
            ["facial_swelling"]
        );
        // A word in quote marks said to be something else; an explanation in the next sentence;
        // a belief, then what it was.
        for t in [
            "the 'rash' was fence paint",
            "The pump beeped at 2am. Turned out to be the smoke alarm.",
            "thought the red marks on my wrist were hives, it was the wristband",
        ] {
            assert!(ids(t).is_empty(), "{t}");
        }
        // A refill day passed with nothing done; a refill done.
        assert_eq!(
            ids("my pump refill was booked for the 2nd, nobody rang back, today is the 11th"),
            ["pump_alarm"]
        );
        assert!(ids("pump refill booked for the 20th, today is the 11th").is_empty());
        assert!(
            ids("refill was due on the 12th, brought forward. Refill done, no beeps").is_empty()
        );
        // A temperature to the tenth with a body that feels it, whatever the room; a weather
        // place only in the reading's own clause.
        assert!(
            ids("38.7C in the hotel room and sweating buckets").contains(&"high_fever".to_string())
        );
        assert!(ids("moving house, now running 101.8").contains(&"high_fever".to_string()));
        assert!(ids("38 degrees in the car today").is_empty());
        // Owners and relations of someone else's are not the patient.
        let carer = Patient {
            name: "Sam".into(),
            writer: Writer::Caregiver,
            also_called: vec!["Sam".into(), "mum".into(), "my husband".into()],
        };
        for t in [
            "Sam's mum had terrible hallucinations",
            "my husband's mum has an itchy rash",
        ] {
            assert!(analyze_for(t, &carer).signs.is_empty(), "{t}");
        }
        let a = analyze_for(
            "mum took her tablets and then my aunt's baclofen, she's vomiting",
            &carer,
        );
        assert!(a.signs.iter().any(|s| s.id == "vomiting"));
    }

    #[test]
    fn session_eleven_readings() {
        let ids = own_ids;
        let gap = |t: &str| analyze(t).has_context("stopped");
        let too_much = |t: &str| analyze(t).has_context("too_much");
        // A sound and an implanted pump in one sentence, in either order, is an alarm; another
        // device's sound, or a pump said to be fine, is not.
        for t in [
            "a squealing from under his ribs, pretty sure it's the pump",
            "my pump keeps doing a triple bleep every few minutes",
            "heard a chirp in the night and it was coming from my pump",
        ] {
            assert_eq!(ids(t), ["pump_alarm"], "{t}");
        }
        for t in [
            "the smoke alarm chirped all night, my pump is fine",
            "set an alarm on my phone for the pump refill next week",
            "the air pump on the mattress makes a humming noise",
            "asked the pump nurse what the alarms sound like, she played them for us",
            "the pump clinic rang about the refill, my phone kept buzzing through dinner",
        ] {
            assert!(ids(t).is_empty(), "{t}");
        }
        // A refill date named, and a later day named as today.
        assert_eq!(
            ids("pump refill was meant to be monday, today is wednesday and nobody has rung"),
            ["pump_alarm"]
        );
        assert_eq!(
            ids("we are now past the refill date on his card"),
            ["pump_alarm"]
        );
        // "without" with nothing after it is a gap, not a negation.
        assert_eq!(
            ids("ran out friday, two days without and now I'm seeing things"),
            ["hallucination"]
        );
        assert!(gap("forgot my 8pm again last night"));
        assert!(gap("came off the liquid because it tasted awful"));
        assert!(!gap("forgot my keys again last night"));
        // Too much, said without the usual words.
        assert!(too_much("gave him 10ml instead of 2ml of the liquid"));
        assert!(too_much(
            "I'd been taking both boxes, the GP's and the hospital's"
        ));
        assert!(!too_much("gave him 2ml instead of 10ml of the liquid"));
        // Finality told sideways is talk of ending one's life; ordinary plans are not.
        for t in [
            "wrote a letter to each of the kids in case I'm not here",
            "I won't be around much longer, I've made my peace",
            "searched for painless ways to go last night",
        ] {
            assert_eq!(ids(t), ["suicidal_thoughts"], "{t}");
        }
        for t in [
            "won't be around next week, we're in Wales",
            "left a note for the carer about the shopping",
            "left a note for the kids in case they get home before me",
            "I won't be around much longer today, off for my scan",
            "cut my arm on the bramble bush while gardening",
            "we won't be here by christmas, moving to Leeds in December",
            "the stain on the carpet seems to have gone for good",
            "I wish the spasms would disappear for good",
            "lined up all my pills for the week in the new organiser",
            "thinking one step at a time with the new physio plan",
            "wrote a letter to my son just in case I forget to tell him about the boiler",
        ] {
            assert!(ids(t).is_empty(), "{t}");
        }
        // Not knowing the place one is in.
        assert_eq!(
            ids("at the station I had no idea what town I was in"),
            ["altered_mental_state"]
        );
        assert!(ids("no idea where the remote has gone again").is_empty());
        assert!(ids("no idea what town the wedding is in, must check the invite").is_empty());
        assert!(ids("the drain made a gurgling noise all night").is_empty());
        assert!(ids("kept seeing a dog in the park that looked like ours").is_empty());
        // A figure at the end of the bed, a dead relative talking, a wall that talks.
        for t in [
            "there was a girl sitting at the end of my bed all night",
            "my late mum was standing in the kitchen talking to me",
            "the wardrobe keeps whispering to me",
        ] {
            assert_eq!(ids(t), ["hallucination"], "{t}");
        }
        // Resolution, topics and people that are not the patient.
        assert!(ids("my ankles were swollen on the flight, back to normal now").is_empty());
        assert!(ids("the workshop tonight was all about depression and carers").is_empty());
        assert!(ids("we watched a programme about a woman who passed out at work").is_empty());
        assert!(ids("better off with the old gone, the new chair is lovely").is_empty());
        // A later normal reading "since" or "now" settles a fever; one brought down by
        // paracetamol, or one that came back, does not.
        assert!(ids("38.6 on saturday with the flu, 36.8 since sunday").is_empty());
        assert_eq!(
            ids("temp 38.9 at tea, now 37.1 after paracetamol"),
            ["high_fever"]
        );
        assert_eq!(
            ids("temp 38.6 at lunch, now 37.0, back up to 39.0 tonight"),
            ["high_fever"]
        );
        assert_eq!(
            ids("had a temperature on tuesday, fine now but it came back this evening"),
            ["high_fever"]
        );
        // Over, said in other words, but only days back for "nothing since".
        assert!(ids("threw up on friday but have been fine since saturday").is_empty());
        assert!(ids("was sick last week, nothing since").is_empty());
        assert_eq!(ids("was sick after lunch, nothing since"), ["vomiting"]);
        // A farewell with a handover is talk of ending one's life; an apology or a request
        // alone is not.
        assert_eq!(
            ids("forgive me, please look after the dog for me"),
            ["suicidal_thoughts"]
        );
        assert!(ids("sorry for everything I said, could you look after the dog").is_empty());
        // A medicine said not to cause a sign, or named as the kind that does not.
        assert!(ids("the new allergy pills don't make me sleepy at all").is_empty());
        assert!(ids("switched to a non-drowsy cold remedy").is_empty());
        assert_eq!(ids("these pills make me drowsy"), ["drowsiness"]);
        assert!(ids("my legs stopped twitching after a hot bath").is_empty());
        // Waking, forgetting and asking said of ordinary things.
        assert!(
            !ids("I came to at the end of the film, had nodded off")
                .contains(&"unconsciousness".to_string())
        );
        assert!(ids("I don't remember falling asleep last night").is_empty());
        assert!(ids("the new neighbour asked me where I lived").is_empty());
        assert!(!too_much("took both buses and the train to the clinic"));
        assert!(too_much(
            "the GP and the hospital both gave me a box and I took both lots"
        ));
    }

    #[test]
    fn session_eleven_readings_about_whom() {
        let carer = Patient {
            name: "Sam".into(),
            writer: Writer::Caregiver,
            also_called: vec!["Sam".into()],
        };
        let about_sam = |t: &str| {
            analyze_for(t, &carer)
                .signs
                .into_iter()
                .map(|s| s.id)
                .collect::<Vec<_>>()
        };
        // Quoted words are their speaker's.
        assert_eq!(
            about_sam("Sam rang me crying \"I want to end it all\""),
            ["suicidal_thoughts"]
        );
        assert!(about_sam("the man on the radio said \"I want to end it all\"").is_empty());
        assert_eq!(
            about_sam("Sam messaged 'goodbye, look after the kids' and turned his phone off"),
            ["suicidal_thoughts"]
        );
        assert!(about_sam("the kids' coats are soaked and I'm dizzy").is_empty());
        // A mention that opens with "he" is about him, after the writer's own "I".
        assert_eq!(
            about_sam("I called his name and he still wouldn't wake"),
            ["unconsciousness"]
        );
        assert_eq!(
            about_sam("he's making a gurgling noise and his lips are grey"),
            ["breathing_difficulty"]
        );
        // A name set beside what the person is: someone else, unless it is the patient's.
        assert!(about_sam("Kim, the night nurse, has been feeling very low lately").is_empty());
        assert_eq!(
            about_sam("Sam, our eldest, has been feeling very low lately"),
            ["depression"]
        );
        // A titled name is someone else.
        assert!(about_sam("Mr P across the hall was hallucinating again").is_empty());
        // "like a different person" is no list of kinds.
        assert_eq!(
            about_sam("he's like a different person and didn't know where he was"),
            ["altered_mental_state"]
        );
    }

    #[test]
    fn session_ten_readings() {
        let ids = own_ids;
        let gap = |t: &str| analyze(t).has_context("stopped");
        // "nothing" right before the sign negates it; not "nothing stops the shaking".
        assert!(ids("Nothing itchy, nothing swollen, nothing weird").is_empty());
        assert_eq!(ids("nothing stops the shaking"), ["tremor"]);
        // Heat of the day or a place is weather; a body that feels it is a fever.
        for t in [
            "it's roasting hot outside today, stayed in with the fan",
            "it was boiling hot on the beach",
            "sweltering, boiling hot day, drank loads",
            "boiling hot in here, opened the windows",
        ] {
            assert!(ids(t).is_empty(), "{t}");
        }
        for t in [
            "I'm boiling hot and shivery",
            "burning up in the car on the way home",
        ] {
            assert_eq!(ids(t), ["high_fever"], "{t}");
        }
        // A pump beep the nurse called normal.
        assert!(
            ids("the pump beeped once when the nurse checked it, she said that's normal after a refill")
                .is_empty()
        );
        assert_eq!(
            ids("pump alarm going off all night, nurse on the phone said it's not normal"),
            ["pump_alarm"]
        );
        // A gap in something that is not baclofen is no gap in doses.
        for t in [
            "can't get any sleep, my legs are much stiffer than usual",
            "ran out of milk today, legs much stiffer than usual",
            "stopped taking the ibuprofen on monday, seeing things at night",
            "been 3 weeks without a drink now, hands shaking a bit",
            "quit drinking cold turkey on saturday, now hearing voices",
            "dropped the codeine to once a day, legs rigid",
        ] {
            assert!(!gap(t), "{t}");
        }
        for t in [
            "pharmacy shut, couldn't get any, legs rigid",
            "haven't had any since friday and I'm seeing things",
            "Sam's refused meds since Saturday",
            "NOBODY gave me my baclofen for three days",
            "he's been on half his dose all week",
            "ran out of milk and my tablets on friday",
        ] {
            assert!(gap(t), "{t}");
        }
        // Words for the end of one's life; a film is a topic.
        assert_eq!(
            ids("i dont see the point in carrying on, been thinking how id do it"),
            ["suicidal_thoughts"]
        );
        assert!(
            !ids("dont see the point in carrying on with the physio")
                .contains(&"suicidal_thoughts".to_string())
        );
        assert!(!ids("saw a ghost film last night").contains(&"hallucination".to_string()));
    }

    #[test]
    fn session_ten_readings_about_whom() {
        let ids = own_ids;
        // A dose phrase inside an idiom is no dose.
        let too_much = |t: &str| analyze(t).has_context("too_much");
        assert!(!too_much("doubled up laughing at the panto, then threw up"));
        assert!(!too_much(
            "had one too many at the wedding and was sick in the taxi"
        ));
        assert!(too_much("doubled up my dose last night, threw up"));
        // A reflexive is whoever the pronoun before it is.
        let carer = Patient {
            name: "Sam".into(),
            writer: Writer::Caregiver,
            also_called: vec!["Sam".into()],
        };
        let about_sam = |t: &str| analyze_for(t, &carer).signs.len();
        assert_eq!(about_sam("the neighbour said he wants to kill himself"), 0);
        assert_eq!(about_sam("he said he wants to kill himself"), 1);
        // Suicidal hints said sideways, and the same words about something else.
        for t in [
            "sometimes I think the kids would manage fine without me",
            "been looking at how many of these it would take",
            "I keep driving past the bridge and thinking how easy it would be",
            "if I don't wake up tomorrow that would be fine by me",
            "no one would even notice if I was gone",
            "I've been saving my tablets up for something",
            "what's the point of me, honestly",
        ] {
            assert_eq!(ids(t), ["suicidal_thoughts"], "{t}");
        }
        for t in [
            "work would manage fine without me, they said, take the week",
            "the kids would manage fine without me for a weekend",
            "how many of these it would take to fill the box, no idea",
            "saving my tablets up for the holiday so I don't run short",
            "no one would notice if I was gone for an hour, the party was so busy",
            "I want it all to go away for good, the pain, the stiffness, all of it",
        ] {
            assert!(ids(t).is_empty(), "{t}");
        }
        // No response from a person is the sign; from the council it is not.
        assert!(ids("we can't get a response from the council about the ramp").is_empty());
        assert_eq!(about_sam("can't get any sense or response from him"), 1);
        assert_eq!(
            ids("can only get a few words out between breaths"),
            ["breathing_difficulty"]
        );
        // A relation of someone else is that relation; "before baclofen" is the past, "worse
        // than before the pump" is not; a voice from the radio is explained.
        assert_eq!(about_sam("Sam's mum thinks she's seeing things"), 0);
        assert_eq!(
            about_sam("Sam missed his dose at his dad's and now he's shaky"),
            1
        );
        assert!(ids("my legs were rigid before baclofen").is_empty());
        assert_eq!(
            ids("legs rigid, much worse than before the pump, and I'm at 38.9"),
            ["rebound_spasticity", "high_fever"]
        );
        assert!(ids("I heard voices downstairs, it was the radio my husband left on").is_empty());
        // "don't think I've had" and texting negations negate; "ever felt this" is no negation.
        for t in [
            "I don't think I've had a temp all week",
            "dnt think ive had a temp all wk tbh",
            "nt dizzy nt sick nt drowsy, just bored",
        ] {
            assert!(ids(t).is_empty(), "{t}");
        }
        assert_eq!(
            ids("I don't think I've ever felt this dizzy"),
            ["dizziness"]
        );
        // The person seen in a state is the one in it.
        assert_eq!(about_sam("I've never seen him so confused"), 1);
        assert_eq!(ids("my wife has never seen me so confused"), ["confusion"]);
        // A reading of a place is weather; slumped and grey is a collapse.
        assert!(ids("it was 39 degrees in Madrid, stayed in the hotel with the aircon").is_empty());
        assert_eq!(ids("temp 38.6 in the night, shivery"), ["high_fever"]);
        assert_eq!(
            about_sam("no idea what's wrong, he's slumped and grey and not answering me"),
            1
        );
        assert_eq!(about_sam("my son's not answering me, he's at uni"), 0);
        // What the patient reports, then that it is not there.
        assert_eq!(
            about_sam(
                "she keeps telling me the children upstairs are too noisy, we don't have an upstairs"
            ),
            1
        );
        assert_eq!(
            about_sam("he asked me to make tea, we don't have any milk"),
            0
        );
        // Questions answered together; a talk about a list of topics; fear is no stiffness.
        assert_eq!(
            about_sam(
                "Nurse's question list: seizures? hallucinations? fever over 38? All answered no for Sam."
            ),
            0
        );
        assert!(ids("The group talk was about burnout and depression in carers.").is_empty());
        assert!(ids("Rigid with fear before the job interview lol, legs behaved.").is_empty());
        assert!(ids("What if I get a fever on holiday? What counts as a seizure?").is_empty());
        assert_eq!(
            about_sam("Mum didn't stir all night and was cheerful this morning."),
            0
        );
        assert_eq!(about_sam("he didn't stir when I shook him"), 1);
        // A sign word written down or asked about in general; not one's own sign asked about.
        assert!(ids("Wrote \"fainting\" on the emergency card on the fridge").is_empty());
        assert!(ids("Does a temperature of 38 count as a fever for withdrawal?").is_empty());
        assert_eq!(
            ids("Is a rash spreading up my arms normal on the new tablets?"),
            ["hives_rash"]
        );
        // An episode of a sign is the sign; episodes about it are a topic.
        assert_eq!(ids("had a seizure episode at work"), ["seizure"]);
        assert!(ids("watched three episodes about seizures").is_empty());
    }

    #[test]
    fn pump_alarms() {
        let a = analyze("pump alarm going off");
        assert_eq!(a.signs[0].id, "pump_alarm");
        assert_eq!(a.signs[0].urgency, Urgency::Emergency);
        let a = analyze("low reservoir alarm on the pump");
        assert_eq!(a.signs[0].urgency, Urgency::Urgent);
    }

    #[test]
    fn clock_times_are_told_from_other_numbers() {
        for t in ["14:20", "3am", "11pm", "7:30pm", "0:05", "12am"] {
            assert!(is_clock_time(t), "{t}");
        }
        for t in [
            "90s", "20mg", "84/50", "14:75", "13pm", "am", "2026", "3", "25:00", "1:5",
        ] {
            assert!(!is_clock_time(t), "{t}");
        }
    }
}
