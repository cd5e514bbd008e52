//! Free-text matching: normalisation, a compiled lexicon per sign, NegEx/ConText-style scope for
//! negation, hypotheticals, history, other subjects and medicine mentions, and temperatures.
//! Pure: no clock, no I/O.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use super::catalog::{Catalog, Pattern, Term, TermTable, Urgency, parse_pattern};

// ------------------------------------------------------------------ tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokKind {
    Word,
    Comma,
    Boundary,
}

#[derive(Debug, Clone)]
struct Tok {
    w: String,
    start: usize,
    end: usize,
    kind: TokKind,
}

/// Lower-cases, drops apostrophes inside words ("didn't" -> "didnt"), splits hyphens, keeps
/// decimals ("39.2"), turns the degree sign into a word, and marks commas and sentence ends.
fn tokenize(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut cur = String::new();
    let mut cur_start = 0;
    let mut cur_end = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let flush = |out: &mut Vec<Tok>, cur: &mut String, s: usize, e: usize| {
        if !cur.is_empty() {
            out.push(Tok {
                w: std::mem::take(cur),
                start: s,
                end: e,
                kind: TokKind::Word,
            });
        }
    };
    for (i, &(pos, c)) in chars.iter().enumerate() {
        let next = chars.get(i + 1).map(|x| x.1);
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        if c.is_alphanumeric() {
            if cur.is_empty() {
                cur_start = pos;
            }
            for l in c.to_lowercase() {
                cur.push(l);
            }
            cur_end = pos + c.len_utf8();
        } else if matches!(c, '\'' | '’' | '‘' | '`')
            && !cur.is_empty()
            && next.is_some_and(|n| n.is_alphabetic())
        {
            // inside a word: skip
        } else if (c == '.' || c == ',')
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit())
            && !cur.is_empty()
            && cur.chars().all(|x| x.is_ascii_digit() || x == '.')
        {
            cur.push('.');
            cur_end = pos + 1;
        } else {
            flush(&mut out, &mut cur, cur_start, cur_end);
            match c {
                '.' | '!' | '?' | ';' | '\n' | '\r'
                    if out.last().is_none_or(|t| t.kind != TokKind::Boundary) =>
                {
                    out.push(Tok {
                        w: String::new(),
                        start: pos,
                        end: pos + 1,
                        kind: TokKind::Boundary,
                    });
                }
                ',' => out.push(Tok {
                    w: ",".into(),
                    start: pos,
                    end: pos + 1,
                    kind: TokKind::Comma,
                }),
                '°' | 'º' => out.push(Tok {
                    w: "deg".into(),
                    start: pos,
                    end: pos + c.len_utf8(),
                    kind: TokKind::Word,
                }),
                _ => {}
            }
        }
    }
    flush(&mut out, &mut cur, cur_start, cur_end);
    out
}

/// Optimal-string-alignment distance, capped: returns `max + 1` as soon as it is exceeded.
/// Allocation-free for words up to 40 characters (longer words never match fuzzily).
#[allow(clippy::needless_range_loop)]
fn damerau(a: &str, b: &str, max: usize) -> usize {
    const N: usize = 41;
    let mut ab = ['\0'; N];
    let mut bb = ['\0'; N];
    let (mut n, mut m) = (0, 0);
    for c in a.chars() {
        if n == N - 1 {
            return max + 1;
        }
        ab[n] = c;
        n += 1;
    }
    for c in b.chars() {
        if m == N - 1 {
            return max + 1;
        }
        bb[m] = c;
        m += 1;
    }
    if n.abs_diff(m) > max {
        return max + 1;
    }
    let mut prev2 = [0usize; N];
    let mut prev = [0usize; N];
    let mut cur = [0usize; N];
    for j in 0..=m {
        prev[j] = j;
    }
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(ab[i - 1] != bb[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && ab[i - 1] == bb[j - 2] && ab[i - 2] == bb[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return max + 1;
        }
        prev2 = prev;
        prev = cur;
    }
    prev[m]
}

fn term_matches(t: &Term, w: &str) -> bool {
    if t.prefix {
        return w.starts_with(t.text.as_str());
    }
    if w == t.text {
        return true;
    }
    if t.exact || w.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let len = t.text.chars().count();
    if len < 7 {
        return false;
    }
    let max = if len >= 10 { 2 } else { 1 };
    if t.text.chars().next() != w.chars().next() {
        return false;
    }
    damerau(&t.text, w, max) <= max
}

// ------------------------------------------------------------------ compiled lexicon

/// What a pattern belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Sign(usize),
    Interaction(usize),
    Context(usize),
}

#[derive(Debug)]
struct CPattern {
    owner: Owner,
    /// segment -> alternatives -> term ids
    segs: Vec<Vec<Vec<u32>>>,
}

/// A list of trigger phrases as token sequences, indexed by their first and last word.
#[derive(Debug, Default)]
struct Phrases {
    by_first: HashMap<String, Vec<Vec<String>>>,
    by_last: HashMap<String, Vec<Vec<String>>>,
    all: Vec<Vec<String>>,
}

impl Phrases {
    fn new(list: &[String]) -> Self {
        let mut p = Phrases::default();
        for s in list {
            let words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
            if words.is_empty() {
                continue;
            }
            p.by_first
                .entry(words[0].clone())
                .or_default()
                .push(words.clone());
            p.by_last
                .entry(words[words.len() - 1].clone())
                .or_default()
                .push(words.clone());
            p.all.push(words);
        }
        p
    }
    /// Longest phrase that ends at word index `end` (inclusive) in `words`.
    fn ending_at(&self, words: &[&str], end: usize) -> Option<usize> {
        self.by_last
            .get(words[end])?
            .iter()
            .filter(|p| {
                p.len() <= end + 1
                    && p.iter()
                        .rev()
                        .zip(words[..=end].iter().rev())
                        .all(|(a, b)| a == b)
            })
            .map(Vec::len)
            .max()
    }
    /// Longest phrase that starts at word index `start`.
    fn starting_at(&self, words: &[&str], start: usize) -> Option<usize> {
        self.by_first
            .get(*words.get(start)?)?
            .iter()
            .filter(|p| {
                start + p.len() <= words.len() && p.iter().zip(&words[start..]).all(|(a, b)| a == b)
            })
            .map(Vec::len)
            .max()
    }
}

struct Matcher {
    terms: TermTable,
    /// exact word -> term ids whose text equals it (non-prefix)
    exact: HashMap<String, Vec<u32>>,
    /// first char -> prefix terms
    prefixes: HashMap<char, Vec<u32>>,
    /// first char -> fuzzy-eligible terms
    fuzzy: HashMap<char, Vec<u32>>,
    patterns: Vec<CPattern>,
    /// first term of any first-segment alternative -> (pattern, alternative)
    starts: HashMap<u32, Vec<(usize, usize)>>,
    neg_before: Phrases,
    neg_after: Phrases,
    pseudo: Phrases,
    exclude: Phrases,
    terminators: Phrases,
    clause_subjects: Phrases,
    hypothetical: Phrases,
    hypothetical_after: Phrases,
    historical: Phrases,
    medicine_after: Phrases,
    medicine_before: Phrases,
    medicine_for_needs: Phrases,
    animals: Phrases,
    other_people: Phrases,
    patient_subjects: Phrases,
    weather: Phrases,
    temperature_words: Phrases,
    unless: Vec<Phrases>,
}

impl Matcher {
    fn build(c: &Catalog) -> Matcher {
        let mut terms = TermTable::default();
        let mut patterns = Vec::new();
        let mut add = |owner: Owner, src: &str, terms: &mut TermTable| {
            let p: Pattern = parse_pattern(src).expect("catalog patterns are validated");
            let segs = p
                .iter()
                .map(|alts| {
                    alts.iter()
                        .map(|ph| ph.iter().map(|t| terms.intern(t)).collect())
                        .collect()
                })
                .collect();
            patterns.push(CPattern { owner, segs });
        };
        for (i, s) in c.signs.iter().enumerate() {
            for p in &s.patterns {
                add(Owner::Sign(i), p, &mut terms);
            }
        }
        for (i, s) in c.interactions.iter().enumerate() {
            for p in &s.patterns {
                add(Owner::Interaction(i), p, &mut terms);
            }
        }
        for (i, s) in c.contexts.iter().enumerate() {
            for p in &s.patterns {
                add(Owner::Context(i), p, &mut terms);
            }
        }
        let mut exact: HashMap<String, Vec<u32>> = HashMap::new();
        let mut prefixes: HashMap<char, Vec<u32>> = HashMap::new();
        let mut fuzzy: HashMap<char, Vec<u32>> = HashMap::new();
        for (i, t) in terms.terms.iter().enumerate() {
            let first = t.text.chars().next().unwrap_or(' ');
            if t.prefix {
                prefixes.entry(first).or_default().push(i as u32);
            } else {
                exact.entry(t.text.clone()).or_default().push(i as u32);
                if !t.exact && t.text.chars().count() >= 7 {
                    fuzzy.entry(first).or_default().push(i as u32);
                }
            }
        }
        let mut starts: HashMap<u32, Vec<(usize, usize)>> = HashMap::new();
        for (pi, p) in patterns.iter().enumerate() {
            for (ai, alt) in p.segs[0].iter().enumerate() {
                starts.entry(alt[0]).or_default().push((pi, ai));
            }
        }
        let t = &c.text;
        Matcher {
            terms,
            exact,
            prefixes,
            fuzzy,
            patterns,
            starts,
            neg_before: Phrases::new(&t.negation_before),
            neg_after: Phrases::new(&t.negation_after),
            pseudo: Phrases::new(&t.pseudo),
            exclude: Phrases::new(&t.exclude),
            terminators: Phrases::new(&t.terminators),
            clause_subjects: Phrases::new(&t.clause_subjects),
            hypothetical: Phrases::new(&t.hypothetical),
            hypothetical_after: Phrases::new(&t.hypothetical_after),
            historical: Phrases::new(&t.historical),
            medicine_after: Phrases::new(&t.medicine_after),
            medicine_before: Phrases::new(&t.medicine_before),
            medicine_for_needs: Phrases::new(&t.medicine_for_needs),
            animals: Phrases::new(&t.animals),
            other_people: Phrases::new(&t.other_people),
            patient_subjects: Phrases::new(&t.patient_subjects),
            weather: Phrases::new(&t.weather),
            temperature_words: Phrases::new(&t.temperature_words),
            unless: c
                .interactions
                .iter()
                .map(|i| Phrases::new(&i.unless))
                .collect(),
        }
    }

    fn terms_for(&self, w: &str) -> Vec<u32> {
        let mut out: Vec<u32> = self.exact.get(w).cloned().unwrap_or_default();
        let Some(first) = w.chars().next() else {
            return out;
        };
        if let Some(ps) = self.prefixes.get(&first) {
            out.extend(
                ps.iter()
                    .copied()
                    .filter(|&i| term_matches(&self.terms.terms[i as usize], w)),
            );
        }
        if w.chars().count() >= 6
            && let Some(fs) = self.fuzzy.get(&first)
        {
            for &i in fs {
                if !out.contains(&i) && term_matches(&self.terms.terms[i as usize], w) {
                    out.push(i);
                }
            }
        }
        out
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
    #[serde(skip)]
    pub span: (usize, usize),
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

struct Found {
    owner: Owner,
    start: usize,
    end: usize, // exclusive, in word indices
}

/// Who writes the diary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Writer {
    /// The patient writes about themselves: "I", "me", "my legs" are the patient.
    #[default]
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

/// Analyses a text against the built-in catalog, written by the patient about themselves.
pub fn analyze(text: &str) -> TextAnalysis {
    analyze_for(text, &Patient::default())
}

/// Analyses a text written in the diary of `patient` (by the patient or by a caregiver).
pub fn analyze_for(text: &str, patient: &Patient) -> TextAnalysis {
    let _ = patient;
    analyze_with(Catalog::builtin(), matcher(), text)
}

#[allow(clippy::needless_range_loop)]
fn analyze_with(cat: &Catalog, m: &Matcher, text: &str) -> TextAnalysis {
    let toks = tokenize(text);
    // Word view with the position of each word in `toks`, and clause/sentence ids.
    let mut words: Vec<&str> = Vec::new();
    let mut wtok: Vec<usize> = Vec::new();
    let mut sentence: Vec<usize> = Vec::new();
    let mut comma_before: Vec<bool> = Vec::new();
    let mut sid = 0;
    let mut pending_comma = false;
    for (i, t) in toks.iter().enumerate() {
        match t.kind {
            TokKind::Word => {
                words.push(&t.w);
                wtok.push(i);
                sentence.push(sid);
                comma_before.push(pending_comma);
                pending_comma = false;
            }
            TokKind::Comma => pending_comma = true,
            TokKind::Boundary => {
                sid += 1;
                pending_comma = false;
            }
        }
    }
    let n = words.len();
    let word_terms: Vec<Vec<u32>> = words.iter().map(|w| m.terms_for(w)).collect();
    let has = |i: usize, t: u32| word_terms[i].contains(&t);
    let phrase_at = |alt: &[u32], i: usize| -> bool {
        if i + alt.len() > n {
            return false;
        }
        alt.iter().enumerate().all(|(k, &t)| {
            let j = i + k;
            has(j, t) && (k == 0 || (sentence[j] == sentence[i] && !comma_before[j]))
        })
    };

    // 1. Find every pattern occurrence (leftmost start, shortest continuation).
    let mut found: Vec<Found> = Vec::new();
    for i in 0..n {
        for &t in &word_terms[i] {
            let Some(cands) = m.starts.get(&t) else {
                continue;
            };
            for &(pi, ai) in cands {
                let p = &m.patterns[pi];
                let first = &p.segs[0][ai];
                if !phrase_at(first, i) {
                    continue;
                }
                if let Some(end) = match_rest(p, 1, i + first.len(), &phrase_at, &sentence, n)
                    && !found
                        .iter()
                        .any(|f| f.owner == p.owner && f.start == i && f.end <= end)
                {
                    found.push(Found {
                        owner: p.owner,
                        start: i,
                        end,
                    });
                }
            }
        }
    }

    let span_text = |s: usize, e: usize| -> String {
        let a = toks[wtok[s]].start;
        let b = toks[wtok[e - 1]].end;
        text.get(a..b).unwrap_or_default().to_string()
    };

    // Pseudo-negation and exclusion coverage.
    let cover = |ph: &Phrases| -> Vec<bool> {
        let mut c = vec![false; n];
        for i in 0..n {
            if let Some(len) = ph.starting_at(&words, i) {
                for x in c.iter_mut().skip(i).take(len) {
                    *x = true;
                }
            }
        }
        c
    };
    let pseudo_cov = cover(&m.pseudo);
    let exclude_cov = cover(&m.exclude);

    let mut out = TextAnalysis::default();

    // 2. Temperatures.
    let mut readings: Vec<(usize, f64, String)> = Vec::new();
    for i in 0..n {
        if let Some((c, end)) = read_temperature(m, &words, &sentence, i) {
            readings.push((
                sentence[i],
                c,
                span_text(temp_start(m, &words, &sentence, i), end),
            ));
        }
    }
    for (_, c, matched) in &readings {
        out.temperatures.push(Temperature {
            celsius: (*c * 10.0).round() / 10.0,
            matched: matched.clone(),
        });
    }

    let judged = |start: usize, end: usize| {
        judge(m, &words, &sentence, &comma_before, &pseudo_cov, start, end)
    };

    // 3. Judge each sign occurrence in context.
    let mut sign_hits: Vec<SignMatch> = Vec::new();
    for f in &found {
        if (f.start..f.end).any(|k| exclude_cov[k]) {
            continue;
        }
        match f.owner {
            Owner::Sign(si) => {
                let s = &cat.signs[si];
                let mut excluded = judged(f.start, f.end);
                if s.id == "high_fever" && excluded.is_none() {
                    let sent = sentence[f.start];
                    let in_sentence: Vec<f64> = readings
                        .iter()
                        .filter(|r| r.0 == sent)
                        .map(|r| r.1)
                        .collect();
                    if !in_sentence.is_empty()
                        && in_sentence.iter().all(|&c| c < cat.limits.fever_c)
                    {
                        excluded = Some(Exclusion::BelowThreshold);
                    }
                }
                sign_hits.push(SignMatch {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    categories: s.categories.clone(),
                    urgency: s.urgency,
                    matched: span_text(f.start, f.end),
                    sources: s.sources.clone(),
                    excluded,
                    span: (f.start, f.end),
                });
            }
            Owner::Interaction(ii) => {
                let int = &cat.interactions[ii];
                // "drinks" and friends are alcohol unless the text names something else to drink.
                if words[f.start].starts_with("drink")
                    && m.unless[ii].all.iter().any(|u| {
                        words
                            .windows(u.len())
                            .any(|w| w.iter().zip(u).all(|(a, b)| a == b))
                    })
                {
                    continue;
                }
                if judged(f.start, f.end).is_some_and(|e| {
                    matches!(
                        e,
                        Exclusion::Negated | Exclusion::Hypothetical | Exclusion::OtherSubject
                    )
                }) {
                    continue;
                }
                if !out.interactions.iter().any(|x| x.class == int.class) {
                    out.interactions.push(InteractionMatch {
                        class: int.class.clone(),
                        title: int.title.clone(),
                        matched: span_text(f.start, f.end),
                    });
                }
            }
            Owner::Context(ci) => {
                let c = &cat.contexts[ci];
                if judged(f.start, f.end).is_some_and(|e| {
                    matches!(
                        e,
                        Exclusion::Hypothetical | Exclusion::OtherSubject | Exclusion::Historical
                    )
                }) {
                    continue;
                }
                if !out.contexts.iter().any(|x| x.id == c.id) {
                    out.contexts.push(ContextMatch {
                        id: c.id.clone(),
                        rule: c.rule.clone(),
                        matched: span_text(f.start, f.end),
                    });
                }
            }
        }
    }
    // A measured high temperature is a fever even with no fever word.
    if let Some((sent, c, matched)) = readings.iter().find(|r| r.1 >= cat.limits.fever_c) {
        let first_word = (0..n).find(|&i| sentence[i] == *sent).unwrap_or(0);
        let s = cat.sign("high_fever").expect("catalog has high_fever");
        let _ = c;
        sign_hits.push(SignMatch {
            id: s.id.clone(),
            title: s.title.clone(),
            categories: s.categories.clone(),
            urgency: s.urgency,
            matched: matched.clone(),
            sources: s.sources.clone(),
            excluded: None,
            span: (first_word, first_word),
        });
    }
    // Present mentions win over excluded ones of the same sign; first mention kept.
    sign_hits.sort_by_key(|h| h.span.0);
    for h in sign_hits {
        if h.present() {
            if !out.signs.iter().any(|s| s.id == h.id) {
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
    // A more specific sign covering the same words absorbs a milder one ("severe weakness" vs "weak").
    let absorbed: Vec<String> = out
        .signs
        .iter()
        .filter(|a| {
            out.signs.iter().any(|b| {
                b.id != a.id
                    && b.urgency > a.urgency
                    && b.span.0 <= a.span.0
                    && b.span.1 >= a.span.1
                    && b.span.1 > b.span.0
                    && subsumes(&b.id, &a.id)
            })
        })
        .map(|a| a.id.clone())
        .collect();
    out.signs.retain(|s| !absorbed.contains(&s.id));
    out.not_counted
        .retain(|nc| !out.signs.iter().any(|s| s.id == nc.id));
    out
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
    )
}

fn match_rest(
    p: &CPattern,
    seg: usize,
    from: usize,
    phrase_at: &dyn Fn(&[u32], usize) -> bool,
    sentence: &[usize],
    n: usize,
) -> Option<usize> {
    if seg == p.segs.len() {
        return Some(from);
    }
    if from > n || from == 0 {
        return None;
    }
    let sent = sentence[from - 1];
    for gap in 0..=3 {
        let j = from + gap;
        if j >= n || sentence[j] != sent {
            break;
        }
        for alt in &p.segs[seg] {
            if phrase_at(alt, j)
                && let Some(end) = match_rest(p, seg + 1, j + alt.len(), phrase_at, sentence, n)
            {
                return Some(end);
            }
        }
    }
    None
}

/// Decides whether a mention at words[s..e] is a present symptom, and if not, why.
fn judge(
    m: &Matcher,
    words: &[&str],
    sentence: &[usize],
    comma_before: &[bool],
    pseudo: &[bool],
    s: usize,
    e: usize,
) -> Option<Exclusion> {
    let sent = sentence[s];
    let n = words.len();

    // Medicine: "anti-seizure tablets", "fever reducer", "tablets for my seizures".
    if e < n && sentence[e] == sent && m.medicine_after.starting_at(words, e).is_some() {
        return Some(Exclusion::Medicine);
    }
    if s > 0 && sentence[s - 1] == sent && m.medicine_before.ending_at(words, s - 1).is_some() {
        return Some(Exclusion::Medicine);
    }
    if s >= 2
        && words[s - 2] == "for"
        && matches!(
            words[s - 1],
            "my" | "the" | "his" | "her" | "their" | "your"
        )
    {
        let lo = s.saturating_sub(6);
        if (lo..s - 2)
            .any(|k| sentence[k] == sent && m.medicine_for_needs.starting_at(words, k).is_some())
        {
            return Some(Exclusion::Medicine);
        }
    }

    // Walk back through the clause for negation, hypothetical, history and the subject.
    let mut k = s;
    let mut steps = 0;
    let mut negation_open = true;
    let mut subject_found = false;
    while k > 0 {
        if comma_before[k] {
            negation_open = false;
        }
        k -= 1;
        steps += 1;
        if sentence[k] != sent || steps > 8 {
            break;
        }
        if let Some(len) = m.terminators.ending_at(words, k) {
            let _ = len;
            break;
        }
        if !pseudo[k] {
            if let Some(len) = m.hypothetical.ending_at(words, k) {
                let _ = len;
                return Some(Exclusion::Hypothetical);
            }
            if negation_open && steps <= 6 && m.neg_before.ending_at(words, k).is_some() {
                return Some(Exclusion::Negated);
            }
        }
        if m.historical.ending_at(words, k).is_some() {
            return Some(Exclusion::Historical);
        }
        if !subject_found {
            if m.animals.ending_at(words, k).is_some()
                || m.other_people.ending_at(words, k).is_some()
            {
                // "my friend says i had a seizure": the nearest subject is "i"; handled by order.
                return Some(Exclusion::OtherSubject);
            }
            if m.patient_subjects.ending_at(words, k).is_some() {
                subject_found = true;
            }
        }
        if m.clause_subjects.ending_at(words, k).is_some() {
            // A new clause starts here; negation before it does not reach the mention.
            negation_open = false;
        }
    }
    // After the mention: "fever: none", "seizures ruled out", "had a seizure years ago".
    let mut j = e;
    let mut steps = 0;
    while j < n && sentence[j] == sent && steps < 4 {
        if comma_before[j] && steps > 0 {
            break;
        }
        if m.terminators.starting_at(words, j).is_some() {
            break;
        }
        if !pseudo[j] && m.neg_after.starting_at(words, j).is_some() {
            // "fever no" but not "fever no one noticed" (pseudo covers "no one").
            return Some(Exclusion::Negated);
        }
        if m.hypothetical_after.starting_at(words, j).is_some() {
            return Some(Exclusion::Hypothetical);
        }
        j += 1;
        steps += 1;
    }
    let mut j = e;
    while j < n && sentence[j] == sent {
        if m.terminators.starting_at(words, j).is_some() {
            break;
        }
        if m.historical.starting_at(words, j).is_some() {
            return Some(Exclusion::Historical);
        }
        j += 1;
    }
    None
}

fn parse_number(w: &str) -> Option<(f64, Option<char>)> {
    let (num, unit) = match w.strip_suffix(['c', 'f']) {
        Some(n) => (n, w.chars().last()),
        None => (w, None),
    };
    if num.is_empty()
        || !num.chars().all(|c| c.is_ascii_digit() || c == '.')
        || num.chars().filter(|&c| c == '.').count() > 1
    {
        return None;
    }
    num.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(|v| (v, unit))
}

/// Where the words describing a temperature start (the temperature word, if any).
fn temp_start(m: &Matcher, words: &[&str], sentence: &[usize], i: usize) -> usize {
    let lo = i.saturating_sub(4);
    (lo..i)
        .find(|&k| {
            sentence[k] == sentence[i] && m.temperature_words.starting_at(words, k).is_some()
        })
        .unwrap_or(i)
}

/// Reads a body temperature starting at word `i`, in °C, and the end of its words.
fn read_temperature(
    m: &Matcher,
    words: &[&str],
    sentence: &[usize],
    i: usize,
) -> Option<(f64, usize)> {
    let (v, mut unit) = parse_number(words[i])?;
    let mut end = i + 1;
    let next = |k: usize| {
        words
            .get(k)
            .filter(|_| sentence.get(k) == Some(&sentence[i]))
            .copied()
    };
    if unit.is_none() {
        match next(i + 1) {
            Some("c" | "celsius" | "centigrade") => {
                unit = Some('c');
                end += 1;
            }
            Some("f" | "fahrenheit") => {
                unit = Some('f');
                end += 1;
            }
            Some("deg" | "degree" | "degrees" | "degs") => {
                end += 1;
                match next(i + 2) {
                    Some("c" | "celsius" | "centigrade") => {
                        unit = Some('c');
                        end += 1;
                    }
                    Some("f" | "fahrenheit") => {
                        unit = Some('f');
                        end += 1;
                    }
                    _ => unit = Some('?'),
                }
            }
            _ => {}
        }
    }
    let lo = i.saturating_sub(4);
    let temp_word = (lo..i)
        .any(|k| sentence[k] == sentence[i] && m.temperature_words.starting_at(words, k).is_some());
    if unit.is_none() && !temp_word {
        return None;
    }
    let weather = (0..words.len())
        .any(|k| sentence[k] == sentence[i] && m.weather.starting_at(words, k).is_some());
    if weather && !temp_word {
        return None;
    }
    let c = match unit {
        Some('c') => v,
        Some('f') => (v - 32.0) * 5.0 / 9.0,
        _ if (34.0..=44.0).contains(&v) => v,
        _ if (93.0..=111.0).contains(&v) => (v - 32.0) * 5.0 / 9.0,
        _ => return None,
    };
    if !(30.0..=46.0).contains(&c) {
        return None;
    }
    // 100.4 °F is exactly 38.0 °C; round away float noise so the boundary holds.
    Some(((c * 1000.0).round() / 1000.0, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(t: &str) -> Vec<String> {
        analyze(t).signs.into_iter().map(|s| s.id).collect()
    }

    #[test]
    fn tokenizer_handles_contractions_decimals_and_degrees() {
        let t: Vec<String> = tokenize("Didn't sleep; temp 39.2°C, anti-seizure")
            .into_iter()
            .map(|t| t.w)
            .collect();
        assert_eq!(
            t,
            [
                "didnt", "sleep", "", "temp", "39.2", "deg", "c", ",", "anti", "seizure"
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
    fn edit_distance() {
        assert_eq!(damerau("seizure", "siezure", 2), 1);
        assert_eq!(damerau("vomiting", "vomitting", 2), 1);
        assert!(damerau("fever", "never", 1) <= 1);
        assert!(!term_matches(
            &Term {
                text: "fever".into(),
                prefix: false,
                exact: false
            },
            "never"
        ));
    }
}
