//! Scope that follows the sentence, in the NegEx / ConText style (Chapman et al. 2001, 2009;
//! trigger lists in assets/baclofen.toml with their sources) but with real scopes:
//!
//! - The text is split into sentences and clauses: a comma, a dash, a clause word ("but", "so",
//!   "because", "then", ...) or "and" before a new subject starts a new clause.
//! - A negation covers its own clause only, at most six words on, and stops at a medicine noun
//!   ("two days without tablets, shaking" keeps the shaking). It reaches over a comma list only when
//!   the list is closed by "or"/"nor" ("denies fever, chills or rigors").
//! - Hypotheticals and fears ("if", "in case", "nervous I might") cover the rest of the sentence up
//!   to a terminator, and a following "I'll ..." clause.
//! - Resolved states ("all gone now", "went away overnight"), history, topics and names ("a
//!   podcast about hallucinations", "an epilepsy fun run") and medicines are not present signs.
//! - The subject is the nearest person before the mention (inside the mention first, then in the
//!   clause, then earlier in the sentence), read with the diary's patient config.
//! - Hedges ("a bit", "I think") and "as usual" / "not worse" are reported, not excluded.

use super::lexicon::Phrases;
use super::words::Word;
use super::{Exclusion, Patient, Writer};
use crate::safety::catalog::TextRules;

/// The trigger lists, compiled.
pub(super) struct Triggers {
    neg_before: Phrases,
    neg_after: Phrases,
    pub pseudo: Phrases,
    pub exclude: Phrases,
    terminators: Phrases,
    clause_breaks: Phrases,
    hypothetical: Phrases,
    hypothetical_after: Phrases,
    fear: Phrases,
    modal: Phrases,
    historical: Phrases,
    resolved_before: Phrases,
    resolved_after: Phrases,
    returned: Phrases,
    topic_nouns: Phrases,
    topic_preps: Phrases,
    topic_after: Phrases,
    medicine_after: Phrases,
    medicine_before: Phrases,
    medicine_for_needs: Phrases,
    dose_nouns: Phrases,
    animals: Phrases,
    other_people: Phrases,
    writer_words: Phrases,
    third_person: Phrases,
    companions: Phrases,
    hedges: Phrases,
    as_usual: Phrases,
    not_as_usual: Phrases,
    list_or: Phrases,
}

impl Triggers {
    pub fn new(t: &TextRules) -> Triggers {
        let p = |l: &[String]| Phrases::new(l);
        Triggers {
            neg_before: p(&t.negation_before),
            neg_after: p(&t.negation_after),
            pseudo: p(&t.pseudo),
            exclude: p(&t.exclude),
            terminators: p(&t.terminators),
            clause_breaks: p(&t.clause_breaks),
            hypothetical: p(&t.hypothetical),
            hypothetical_after: p(&t.hypothetical_after),
            fear: p(&t.fear),
            modal: p(&t.modal),
            historical: p(&t.historical),
            resolved_before: p(&t.resolved_before),
            resolved_after: p(&t.resolved_after),
            returned: p(&t.returned),
            topic_nouns: p(&t.topic_nouns),
            topic_preps: p(&t.topic_preps),
            topic_after: p(&t.topic_after),
            medicine_after: p(&t.medicine_after),
            medicine_before: p(&t.medicine_before),
            medicine_for_needs: p(&t.medicine_for_needs),
            dose_nouns: p(&t.dose_nouns),
            animals: p(&t.animals),
            other_people: p(&t.other_people),
            writer_words: p(&t.writer_words),
            third_person: p(&t.third_person),
            companions: p(&t.companions),
            hedges: p(&t.hedges),
            as_usual: p(&t.as_usual),
            not_as_usual: p(&t.not_as_usual),
            list_or: p(&["or".into(), "nor".into()]),
        }
    }
}

/// Who a mention is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    Patient,
    Other,
}

/// A text's words split into clauses, with the coverage of pseudo-triggers.
pub(super) struct Scope<'a> {
    pub words: &'a [Word],
    tr: &'a Triggers,
    patient: Vec<Vec<String>>,
    writer: Writer,
    pub clause: Vec<usize>,
    pseudo: Vec<bool>,
    not_usual: Vec<bool>,
    exclude: Vec<bool>,
}

/// How one mention reads in its context.
#[derive(Debug, Clone, Default)]
pub(super) struct Reading {
    pub excluded: Option<Exclusion>,
    pub hedge: Option<String>,
    pub as_usual: Option<String>,
}

fn cover(words: &[Word], ph: &Phrases) -> Vec<bool> {
    let mut c = vec![false; words.len()];
    for i in 0..words.len() {
        if let Some(len) = ph.starting_at(words, i) {
            for x in c.iter_mut().skip(i).take(len) {
                *x = true;
            }
        }
    }
    c
}

impl<'a> Scope<'a> {
    pub fn new(words: &'a [Word], tr: &'a Triggers, patient: &Patient) -> Scope<'a> {
        let mut names: Vec<Vec<String>> = patient
            .also_called
            .iter()
            .chain(std::iter::once(&patient.name))
            .map(|n| {
                n.to_lowercase()
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<String>>()
            })
            .filter(|v| !v.is_empty())
            .collect();
        names.sort_by_key(|v| std::cmp::Reverse(v.len()));
        let mut s = Scope {
            words,
            tr,
            patient: names,
            writer: patient.writer,
            clause: Vec::new(),
            pseudo: cover(words, &tr.pseudo),
            not_usual: cover(words, &tr.not_as_usual),
            exclude: cover(words, &tr.exclude),
        };
        s.clause = s.split_clauses();
        s
    }

    /// Words that may not stand in the gap of a pattern: clause words and conditionals.
    pub fn gap_stops(&self) -> Vec<bool> {
        let w = self.words;
        (0..w.len())
            .map(|j| {
                self.tr.clause_breaks.starting_at(w, j).is_some()
                    || matches!(w[j].w.as_str(), "if" | "unless" | "whether")
            })
            .collect()
    }

    /// Words of a phrase that is not a symptom at all ("sick of", "cut down", "keep fit").
    pub fn excluded(&self, s: usize, e: usize) -> bool {
        (s..e).any(|k| self.exclude[k])
    }

    fn split_clauses(&self) -> Vec<usize> {
        let w = self.words;
        let mut out = Vec::with_capacity(w.len());
        let mut id = 0;
        for i in 0..w.len() {
            let new = i > 0
                && (w[i].sentence != w[i - 1].sentence
                    || w[i].comma_before
                    || self.tr.clause_breaks.starting_at(w, i).is_some()
                    || (matches!(w[i].w.as_str(), "and" | "or" | "plus" | "so")
                        && i + 1 < w.len()
                        && self.starts_subject(i + 1)));
            if new {
                id += 1;
            }
            out.push(id);
        }
        out
    }

    /// A clause subject or a time word starts at `i` ("and I", "and he", "and now").
    fn starts_subject(&self, i: usize) -> bool {
        let w = self.words;
        self.tr.writer_words.starting_at(w, i).is_some()
            || self.tr.third_person.starting_at(w, i).is_some()
            || self.patient_name_at(i).is_some()
            || matches!(
                w[i].w.as_str(),
                "now"
                    | "then"
                    | "still"
                    | "also"
                    | "its"
                    | "it"
                    | "theres"
                    | "this"
                    | "today"
                    | "no"
                    | "not"
                    | "cant"
                    | "couldnt"
                    | "havent"
                    | "hasnt"
                    | "didnt"
                    | "dont"
            )
    }

    /// The length of a patient name or relation starting at `i`.
    fn patient_name_at(&self, i: usize) -> Option<usize> {
        let w = self.words;
        self.patient
            .iter()
            .find(|n| {
                i + n.len() <= w.len()
                    && n.iter()
                        .zip(&w[i..])
                        .all(|(a, b)| *a == b.w && b.sentence == w[i].sentence)
            })
            .map(Vec::len)
    }

    fn patient_name_ending_at(&self, k: usize) -> bool {
        self.patient
            .iter()
            .any(|n| n.len() <= k + 1 && self.patient_name_at(k + 1 - n.len()) == Some(n.len()))
    }

    fn clause_start(&self, i: usize) -> usize {
        let c = self.clause[i];
        let mut k = i;
        while k > 0 && self.clause[k - 1] == c {
            k -= 1;
        }
        k
    }

    fn clause_end(&self, i: usize) -> usize {
        let c = self.clause[i];
        let mut k = i;
        while k < self.words.len() && self.clause[k] == c {
            k += 1;
        }
        k
    }

    /// Where a negation may start from for a mention at `s`: its clause, or the first item of a
    /// comma list closed by "or"/"nor" ("denies fever, chills or rigors").
    fn negation_start(&self, s: usize) -> usize {
        let w = self.words;
        let mut start = self.clause_start(s);
        let end = self.clause_end(s);
        let short = |a: usize, b: usize| b - a <= 4;
        // The list must be closed by or/nor in this item or a later short item.
        let mut closed = false;
        let mut k = start;
        let mut item_end = end;
        loop {
            if (k..item_end).any(|j| self.tr.list_or.contains_word(&w[j].w)) {
                closed = true;
                break;
            }
            if item_end >= w.len()
                || !w[item_end].comma_before
                || w[item_end].sentence != w[s].sentence
                || !short(k, item_end)
            {
                break;
            }
            k = item_end;
            item_end = self.clause_end(k);
        }
        if !closed {
            return start;
        }
        while start > 0
            && w[start].comma_before
            && w[start - 1].sentence == w[s].sentence
            && short(self.clause_start(start - 1), start)
        {
            start = self.clause_start(start - 1);
        }
        start
    }

    /// Reads the sign mention at words[s..e].
    pub fn judge(&self, s: usize, e: usize) -> Reading {
        let hedge = self.hedge(s, e);
        let as_usual = self.as_usual(s);
        let excluded = self
            .thing_not_symptom(s, e)
            .or_else(|| self.negated_or_unreal(s, e))
            .or_else(|| self.after_mention(s, e))
            .or_else(|| {
                (self.subject(s, e, false) == Subject::Other).then_some(Exclusion::OtherSubject)
            });
        Reading {
            excluded,
            hedge,
            as_usual,
        }
    }

    /// Reads a dose-context or intake mention: negated, hypothetical, past, or done by someone
    /// else. Its subject is who acts, not whose tablets ("took her tablets instead of mine").
    pub fn judge_context(&self, s: usize, e: usize) -> Option<Exclusion> {
        self.negated_or_unreal(s, e)
            .or_else(|| self.after_mention(s, e))
            .or_else(|| {
                (self.subject(s, e, true) == Subject::Other).then_some(Exclusion::OtherSubject)
            })
    }

    /// Medicines ("anti-seizure tablets", "tablets for my fits") and topics or names ("a podcast
    /// about hallucinations", "an epilepsy fun run").
    fn thing_not_symptom(&self, s: usize, e: usize) -> Option<Exclusion> {
        let (w, tr) = (self.words, self.tr);
        let n = w.len();
        let sent = w[s].sentence;
        let same = |k: usize| w[k].sentence == sent;
        if e < n && same(e) && !w[e].comma_before {
            if tr.medicine_after.starting_at(w, e).is_some() {
                return Some(Exclusion::Medicine);
            }
            if tr.topic_after.starting_at(w, e).is_some() {
                return Some(Exclusion::Topic);
            }
        }
        if s > 0 && same(s - 1) && tr.medicine_before.ending_at(w, s - 1).is_some() {
            return Some(Exclusion::Medicine);
        }
        if s >= 2
            && w[s - 2].w == "for"
            && matches!(
                w[s - 1].w.as_str(),
                "my" | "the" | "his" | "her" | "their" | "your"
            )
        {
            let lo = s.saturating_sub(6);
            if (lo..s - 2).any(|k| same(k) && tr.medicine_for_needs.starting_at(w, k).is_some()) {
                return Some(Exclusion::Medicine);
            }
        }
        // A topic noun, then a preposition, then the mention: "a podcast about hallucinations".
        let lo = s.saturating_sub(5).max(self.clause_start(s));
        for k in lo..s {
            if tr.topic_nouns.starting_at(w, k).is_some()
                && (k + 1..s).any(|j| tr.topic_preps.starting_at(w, j).is_some())
            {
                return Some(Exclusion::Topic);
            }
        }
        None
    }

    /// Triggers before the mention: negation (its clause), hypothetical and fear, history,
    /// resolution (the sentence up to a terminator).
    fn negated_or_unreal(&self, s: usize, e: usize) -> Option<Exclusion> {
        let (w, tr) = (self.words, self.tr);
        let neg_from = self.negation_start(s);
        let sent = w[s].sentence;
        let mut k = s;
        let mut steps = 0;
        let mut in_clause = true;
        while k > 0 {
            k -= 1;
            steps += 1;
            if w[k].sentence != sent || steps > 12 {
                break;
            }
            if k < neg_from {
                in_clause = false;
            }
            if tr.terminators.ending_at(w, k).is_some() && !self.pseudo[k] {
                // "but", "however", "now": earlier triggers do not reach the mention.
                break;
            }
            if !self.pseudo[k] {
                if in_clause
                    && steps <= 7
                    && tr.neg_before.ending_at(w, k).is_some()
                    && self.negation_reaches(k, s)
                {
                    return Some(Exclusion::Negated);
                }
                if tr.hypothetical.ending_at(w, k).is_some() && self.hypothetical_reaches(k, s) {
                    return Some(Exclusion::Hypothetical);
                }
                if tr.fear.ending_at(w, k).is_some()
                    && ((k + 1..s).any(|j| tr.modal.starting_at(w, j).is_some())
                        || matches!(w.get(k + 1).map(|x| x.w.as_str()), Some("of" | "about")))
                {
                    return Some(Exclusion::Hypothetical);
                }
            }
            if tr.historical.ending_at(w, k).is_some() {
                return Some(Exclusion::Historical);
            }
            if in_clause && tr.resolved_before.ending_at(w, k).is_some() && !self.returned_after(e)
            {
                return Some(Exclusion::Resolved);
            }
        }
        None
    }

    /// A negation ending at word `k` reaches the mention at `s` unless a medicine noun stands
    /// between ("no tablets since Friday, shaking"), a new subject does ("don't know why I'm
    /// dizzy"), or, for a negated verb, an "and" does ("didn't eat and vomited").
    fn negation_reaches(&self, k: usize, s: usize) -> bool {
        let (w, tr) = (self.words, self.tr);
        let between = k + 1..s;
        if between
            .clone()
            .any(|j| tr.dose_nouns.starting_at(w, j).is_some())
        {
            return false;
        }
        if between.clone().any(|j| {
            tr.writer_words.starting_at(w, j).is_some()
                || tr.third_person.starting_at(w, j).is_some()
                || self.patient_name_at(j).is_some()
        }) {
            return false;
        }
        let verbal = matches!(
            w[k].w.as_str(),
            "dont"
                | "didnt"
                | "doesnt"
                | "cant"
                | "couldnt"
                | "wont"
                | "wouldnt"
                | "wasnt"
                | "werent"
                | "isnt"
                | "arent"
                | "havent"
                | "hasnt"
                | "hadnt"
                | "aint"
                | "not"
        );
        !(verbal
            && between
                .into_iter()
                .any(|j| matches!(w[j].w.as_str(), "and" | "then" | "plus")))
    }

    /// A hypothetical trigger at `k` covers its clause and later clauses of the sentence that
    /// go on in the future or conditional ("if I stop, I'll have a fit").
    fn hypothetical_reaches(&self, k: usize, s: usize) -> bool {
        let w = self.words;
        let mut c = k + 1;
        while c < s {
            let next = self.clause_end(c);
            if next > s {
                return true;
            }
            // Crossing into the clause at `next`: only "I'll", "he will", "she might"...
            let x = next;
            let modal_next = (self.tr.writer_words.starting_at(w, x).is_some()
                || self.tr.third_person.starting_at(w, x).is_some())
                && (self.tr.modal.starting_at(w, x + 1).is_some()
                    || matches!(w[x].w.as_str(), "ill" | "youll" | "theyll" | "itll"));
            if !modal_next && !matches!(w[x].w.as_str(), "ill" | "youll" | "theyll" | "itll") {
                return false;
            }
            c = next;
        }
        true
    }

    fn returned_after(&self, e: usize) -> bool {
        let w = self.words;
        (e..w.len())
            .take_while(|&j| w[j].sentence == w[e.min(w.len() - 1)].sentence)
            .any(|j| self.tr.returned.starting_at(w, j).is_some())
    }

    /// Triggers after the mention: "fever: none", "seizures ruled out", "the rash is all gone
    /// now", "had a seizure years ago", "hallucinations can be a withdrawal sign".
    fn after_mention(&self, s: usize, e: usize) -> Option<Exclusion> {
        let (w, tr) = (self.words, self.tr);
        let n = w.len();
        if e >= n {
            return None;
        }
        let clause_end = self.clause_end(s).max(e);
        let mut j = e;
        while j < n && w[j].sentence == w[s].sentence {
            let in_clause = j < clause_end;
            let near = j - e < 5;
            if tr.terminators.starting_at(w, j).is_some() && !self.pseudo[j] && j > e {
                break;
            }
            if in_clause && near && !self.pseudo[j] && tr.neg_after.starting_at(w, j).is_some() {
                return Some(Exclusion::Negated);
            }
            // "Fever: none." "Rash? No." A negation word standing alone right after.
            if j == e
                && tr.neg_after.starting_at(w, j).is_some_and(|len| {
                    j + len >= n
                        || w[j + len].sentence != w[j].sentence
                        || self.clause[j + len] != self.clause[j]
                })
            {
                return Some(Exclusion::Negated);
            }
            if in_clause && near && tr.hypothetical_after.starting_at(w, j).is_some() {
                return Some(Exclusion::Hypothetical);
            }
            if in_clause
                && !self.pseudo[j]
                && tr.resolved_after.starting_at(w, j).is_some()
                && !self.returned_after(j)
            {
                return Some(Exclusion::Resolved);
            }
            if tr.historical.starting_at(w, j).is_some() {
                return Some(Exclusion::Historical);
            }
            j += 1;
        }
        None
    }

    /// The subject a word at `k` names, if any. `Other` for companions is skipped ("went out
    /// with mum").
    fn subject_at(&self, k: usize) -> Option<Subject> {
        let (w, tr) = (self.words, self.tr);
        if self.patient_name_ending_at(k) {
            return Some(Subject::Patient);
        }
        let companion = k > 0 && tr.companions.ending_at(w, k - 1).is_some()
            || k > 1
                && tr.companions.ending_at(w, k - 2).is_some()
                && matches!(
                    w[k - 1].w.as_str(),
                    "my" | "the" | "a" | "our" | "his" | "her"
                );
        if tr.other_people.ending_at(w, k).is_some() || tr.animals.ending_at(w, k).is_some() {
            return if companion {
                None
            } else {
                Some(Subject::Other)
            };
        }
        if tr.writer_words.ending_at(w, k).is_some() {
            return Some(if self.writer == Writer::Caregiver {
                Subject::Other
            } else {
                Subject::Patient
            });
        }
        if tr.third_person.ending_at(w, k).is_some() {
            if companion {
                return None;
            }
            return Some(if self.writer == Writer::Own {
                Subject::Other
            } else {
                Subject::Patient
            });
        }
        None
    }

    /// Who the mention at words[s..e] is about: a person inside the mention ("couldn't wake
    /// him"), else the nearest before it in the sentence, else the patient.
    fn subject(&self, s: usize, e: usize, doer_only: bool) -> Subject {
        let w = self.words;
        // Inside the mention: "couldn't wake him", "wants to end his life", "kill myself".
        for k in (s..e).rev() {
            let named = self.patient_name_ending_at(k)
                || self.tr.third_person.ending_at(w, k).is_some()
                || w[k].w == "myself";
            if named && let Some(x) = self.subject_at(k) {
                return x;
            }
        }
        let mut k = s;
        while k > 0 && w[k - 1].sentence == w[s].sentence {
            k -= 1;
            // An object pronoun is the subject only right before the mention ("found him
            // fitting"), never further back ("to make them last and the cramps are back").
            if k + 1 < s && matches!(w[k].w.as_str(), "him" | "them" | "me" | "us" | "it") {
                continue;
            }
            // Owners of an earlier clause do not carry over ("gave him his tablets, shaking").
            if self.clause[k] != self.clause[s]
                && matches!(w[k].w.as_str(), "his" | "their" | "her")
            {
                continue;
            }
            if doer_only
                && matches!(
                    w[k].w.as_str(),
                    "my" | "his" | "her" | "their" | "our" | "your" | "me" | "him" | "them" | "us"
                )
            {
                continue;
            }
            if let Some(x) = self.subject_at(k) {
                return x;
            }
        }
        Subject::Patient
    }

    /// A hedge in the mention's clause: "a bit", "slightly", "I think", "maybe".
    fn hedge(&self, s: usize, e: usize) -> Option<String> {
        let w = self.words;
        let (a, b) = (self.clause_start(s), self.clause_end(s).max(e));
        (a..b)
            .find_map(|k| self.tr.hedges.starting_at(w, k).map(|len| (k, len)))
            .map(|(k, len)| join(&w[k..k + len]))
    }

    /// "as usual", "same as always", "not worse" in the mention's sentence (not "worse than
    /// usual").
    fn as_usual(&self, s: usize) -> Option<String> {
        let w = self.words;
        let sent = w[s].sentence;
        (0..w.len())
            .filter(|&k| w[k].sentence == sent && !self.not_usual[k])
            .find_map(|k| self.tr.as_usual.starting_at(w, k).map(|len| (k, len)))
            .map(|(k, len)| join(&w[k..k + len]))
    }
}

fn join(ws: &[Word]) -> String {
    ws.iter()
        .map(|x| x.w.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}
