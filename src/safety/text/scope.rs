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

use super::lexicon::{GapWords, Phrases};
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
    topic_verbs: Phrases,
    topic_after: Phrases,
    medicine_after: Phrases,
    medicine_before: Phrases,
    medicine_for_needs: Phrases,
    pub dose_nouns: Phrases,
    animals: Phrases,
    other_people: Phrases,
    writer_words: Phrases,
    third_person: Phrases,
    companions: Phrases,
    hedges: Phrases,
    as_usual: Phrases,
    not_as_usual: Phrases,
    list_or: Phrases,
    gap_fillers: Phrases,
    gap_stops: Phrases,
    pub not_gaps: Phrases,
    pub idioms: Phrases,
    things: Phrases,
    explained: Phrases,
    benign_causes: Phrases,
    topic_before: Phrases,
    pub perception: Phrases,
    pub not_real: Phrases,
    pub not_doses: Phrases,
    pub not_baclofen: Phrases,
}

impl Triggers {
    pub fn new(t: &TextRules, stem: &dyn Fn(&str) -> String) -> Triggers {
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
            topic_verbs: Phrases::stemmed(&t.topic_verbs, stem),
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
            gap_fillers: p(&t.gap_fillers),
            gap_stops: p(&t.gap_stops),
            not_gaps: p(&t.not_gaps),
            idioms: Phrases::stemmed(&t.idioms, stem),
            things: Phrases::stemmed(&t.things, stem),
            explained: Phrases::stemmed(&t.explained, stem),
            benign_causes: Phrases::stemmed(&t.benign_causes, stem),
            topic_before: p(&t.topic_before),
            perception: p(&t.perception),
            not_real: p(&t.not_real),
            not_doses: Phrases::stemmed(&t.not_doses, stem),
            not_baclofen: Phrases::stemmed(&t.not_baclofen, stem),
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
    /// The share of words written with a capital (a text in capitals has no names to find).
    caps_share: f64,
    /// Occurrences (start, end) of phrases that are not symptoms ("sick of", "shake * head").
    exclude: Vec<(usize, usize)>,
}

/// How one mention reads in its context.
#[derive(Debug, Clone, Default)]
pub(super) struct Reading {
    pub excluded: Option<Exclusion>,
    pub hedge: Option<String>,
    pub as_usual: Option<String>,
}

fn occurrences(words: &[Word], lists: &[&Phrases]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for ph in lists {
        for i in 0..words.len() {
            if let Some(len) = ph.starting_at(words, i) {
                out.push((i, i + len));
            }
        }
    }
    out
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
            exclude: occurrences(words, &[&tr.exclude, &tr.idioms]),
            caps_share: words.iter().filter(|x| x.cap).count() as f64 / words.len().max(1) as f64,
        };
        s.clause = s.split_clauses();
        s
    }

    pub fn triggers(&self) -> &Triggers {
        self.tr
    }

    /// What may stand in the gap between two segments of a pattern: clause words, conditionals
    /// and negations end it; fillers do not use it up; a few words may follow a comma in it.
    pub fn gap_words(&self) -> GapWords {
        let w = self.words;
        let n = w.len();
        let stop = (0..n)
            .map(|j| {
                self.tr.clause_breaks.starting_at(w, j).is_some()
                    || self.tr.gap_stops.starting_at(w, j).is_some()
                    || matches!(w[j].w.as_str(), "if" | "unless" | "whether")
            })
            .collect();
        let filler = (0..n)
            .map(|j| self.tr.gap_fillers.starting_at(w, j).is_some())
            .collect();
        let bridge = (0..n)
            .map(|j| {
                matches!(
                    w[j].w.as_str(),
                    "still"
                        | "very"
                        | "really"
                        | "so"
                        | "all"
                        | "quite"
                        | "now"
                        | "getting"
                        | "nothing"
                        // "legs in constant spasm, far worse than he's ever been"
                        | "far"
                        | "much"
                )
            })
            .collect();
        GapWords {
            stop,
            filler,
            bridge,
        }
    }

    /// Words of a phrase that is not a symptom at all ("sick of", "cut down", "keep fit"), unless
    /// the match goes on past the phrase ("went down like a sack of potatoes").
    pub fn excluded(&self, s: usize, e: usize) -> bool {
        self.exclude
            .iter()
            .any(|&(a, b)| a < e && s < b && !(s <= a && b < e))
    }

    /// A dose phrase inside a longer phrase that is no dose at all: "doubled up" in "doubled up
    /// laughing", "one too many" in "had one too many at the wedding"; not the phrase itself
    /// ("cold turkey").
    pub fn inside_an_idiom(&self, s: usize, e: usize) -> bool {
        self.exclude
            .iter()
            .any(|&(a, b)| a < e && s < b && (a < s || b > e))
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

    /// The length of a patient name or relation starting at `i`. A relation "my daughter" is
    /// also "daughter" alone ("daughter seized twice overnight"), unless someone else's ("her
    /// daughter", "my friend's daughter").
    fn patient_name_at(&self, i: usize) -> Option<usize> {
        let w = self.words;
        if i >= w.len() {
            return None;
        }
        let matches = |n: &[String]| {
            i + n.len() <= w.len()
                && n.iter().zip(&w[i..]).enumerate().all(|(k, (a, b))| {
                    // An owner written without its apostrophe: "dads hands", "sams legs".
                    let owner = k + 1 == n.len() && b.w.strip_suffix('s') == Some(a.as_str());
                    (*a == b.w || owner) && b.sentence == w[i].sentence
                })
        };
        let owned_by_another = i > 0
            && w[i - 1].sentence == w[i].sentence
            && (w[i - 1].possessive
                || matches!(
                    w[i - 1].w.as_str(),
                    "his" | "her" | "their" | "your" | "a" | "an" | "whose" | "my" | "other"
                ));
        // "my son in law" is not "my son".
        let in_law = |len: usize| {
            w.get(i + len).is_some_and(|x| x.w == "in")
                && w.get(i + len + 1)
                    .is_some_and(|x| x.w == "law" || x.w == "laws")
                || w.get(i + len).is_some_and(|x| x.w.starts_with("inlaw"))
        };
        self.patient.iter().find_map(|n| {
            if matches(n) && !in_law(n.len()) {
                Some(n.len())
            } else if n.len() > 1
                && n[0] == "my"
                && !owned_by_another
                && matches(&n[1..])
                && !in_law(n.len() - 1)
            {
                Some(n.len() - 1)
            } else {
                None
            }
        })
    }

    /// Word `k` ends a name for someone: the patient's name or a relation from the diary's
    /// settings ("Sam", "my husband"), or a family word ("my son", "her dad"). Whose it is stays
    /// for the subject rules to judge.
    pub fn names_someone_ending_at(&self, k: usize) -> bool {
        self.patient_name_ending_at(k)
            || matches!(
                self.words[k].w.as_str(),
                "son"
                    | "daughter"
                    | "husband"
                    | "wife"
                    | "partner"
                    | "mum"
                    | "mom"
                    | "mam"
                    | "dad"
                    | "mother"
                    | "father"
                    | "brother"
                    | "sister"
                    | "boy"
                    | "girl"
                    | "child"
                    | "nan"
                    | "gran"
                    | "grandad"
                    | "grandma"
                    | "grandpa"
                    | "granny"
                    | "nana"
                    | "hubby"
                    | "missus"
                    | "fiance"
                    | "fiancee"
                    | "lad"
                    | "lass"
            )
    }

    /// A first name in the patient's own diary, heading what is said of them: "Jo's been having
    /// awful headaches", "Tom at work has terrible constipation". A capitalised word that is not
    /// a common English word, then an owner's "'s" or a verb.
    fn someone_named(&self, k: usize) -> bool {
        let w = self.words;
        let x = &w[k];
        // A capital that only opens a sentence says nothing, unless an owner's "'s" follows.
        let opens = k == 0 || w[k - 1].sentence != x.sentence;
        x.cap
            && (!opens || x.possessive)
            && x.w.len() >= 2
            && x.w.chars().all(|c| c.is_ascii_alphabetic())
            && !super::lexicon::common_word(&x.w)
            && !is_staff(&x.w)
            && !matches!(
                x.w.as_str(),
                "bp" | "hr" | "obs" | "mri" | "ms" | "cp" | "sci" | "itb" | "er" | "ae" | "ecg"
                    | "sats" | "temp" | "rr" | "aud" | "nhs" | "cpn" | "ot"
            )
            && self.tr.writer_words.starting_at(w, k).is_none()
            && self.tr.third_person.starting_at(w, k).is_none()
            && !self.patient_name_ending_at(k)
            && (x.possessive
                || w.get(k + 1).is_some_and(|n| {
                    n.sentence == x.sentence
                        && !n.comma_before
                        && matches!(
                            n.w.as_str(),
                            "has" | "had" | "is" | "was" | "been" | "got" | "at" | "from" | "who"
                                | "gets" | "keeps" | "went" | "felt" | "feels" | "seems" | "looks"
                                | "hasnt" | "isnt"
                        )
                }))
            // "Nurse Jo", "Dr Khan": staff, who report on the patient.
            && !(k > 0
                && (is_staff(&w[k - 1].w)
                    || matches!(w[k - 1].w.as_str(), "dr" | "mr" | "mrs" | "ms" | "miss" | "sister")))
    }

    fn patient_name_ending_at(&self, k: usize) -> bool {
        (k.saturating_sub(3)..=k).any(|j| self.patient_name_at(j) == Some(k + 1 - j))
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

    /// Reads a mention; `things`: whether medicine and topic words around it can make it a
    /// thing (not for a pump, whose words are things: "missed Sam's pump refill appointment").
    pub fn judge_as(&self, s: usize, e: usize, things: bool) -> Reading {
        let hedge = self.hedge(s, e);
        let as_usual = self.as_usual(s);
        let excluded = self
            .kind_or_name(s)
            .or_else(|| self.about_a_topic(s, e))
            .or_else(|| things.then(|| self.thing_not_symptom(s, e)).flatten())
            .or_else(|| (!things).then(|| self.pump_part(e)).flatten())
            .or_else(|| self.listed_after_colon(s, e))
            // "my legs used to lock up": a past habit inside the mention's own words.
            .or_else(|| {
                (s + 1..e.saturating_sub(1))
                    .any(|k| {
                        self.words[k].w == "used"
                            && self.words[k + 1].w == "to"
                            && !self.pseudo[k + 1]
                    })
                    .then_some(Exclusion::Historical)
            })
            .or_else(|| self.negated_or_unreal(s, e))
            .or_else(|| self.after_mention(s, e))
            .or_else(|| self.resolved_later(e))
            .or_else(|| self.denied_next(s))
            .or_else(|| self.answered_no(s, e))
            .or_else(|| self.in_a_past_year(s, e))
            .or_else(|| self.planned(s))
            .or_else(|| self.resolved_after_relative(e))
            .or_else(|| self.feared_ahead(s, e))
            .or_else(|| self.explained(s, e, things))
            .or_else(|| {
                (self.subject(s, e, false) == Subject::Other).then_some(Exclusion::OtherSubject)
            });
        Reading {
            excluded,
            hedge,
            as_usual,
        }
    }

    /// A bare list after a colon, where the words before the colon name signs to know or watch
    /// for: "I know the overdose signs: slow breathing, can't be woken", "the nurse explained what
    /// to look for if the pump runs low: fever, itching". A list with a person or a time in it
    /// is a report ("the signs: he's shaking since lunch"), and so is "Symptoms today: fever".
    fn listed_after_colon(&self, s: usize, e: usize) -> Option<Exclusion> {
        let (w, tr) = (self.words, self.tr);
        let sent = w[s].sentence;
        let mut k = s;
        while !w[k].colon_before {
            if k == 0 || w[k - 1].sentence != sent {
                return self.listed_after_comma(s, e);
            }
            k -= 1;
        }
        let bare = self.bare_list(k, e, false);
        let start = (0..k).rev().take_while(|&j| w[j].sentence == sent).last()?;
        let naming = (start..k).any(|j| {
            tr.hypothetical.starting_at(w, j).is_some()
                || tr.topic_nouns.starting_at(w, j).is_some()
                || matches!(
                    w[j].w.as_str(),
                    "know"
                        | "knew"
                        | "explained"
                        | "learned"
                        | "learnt"
                        | "taught"
                        | "told"
                        | "showed"
                        | "listed"
                        | "lists"
                        | "list"
                        | "remember"
                        | "include"
                        | "includes"
                        | "asked"
                        | "asks"
                        | "asking"
                )
                || (w[j].w == "look" && w.get(j + 1).is_some_and(|x| x.w == "for"))
                || (w[j].w == "through"
                    && j > 0
                    && matches!(
                        w[j - 1].w.as_str(),
                        "went" | "go" | "going" | "gone" | "goes"
                    ))
        });
        (bare && naming).then_some(Exclusion::Topic)
    }

    /// From word `k` to the end of the sentence of the mention ending at `e`, no person and no
    /// time: a list of names ("fever, itching, stiffness coming back"), not a report ("he's
    /// shaking since lunch"). `strict` (after a comma) also rules out "all day", "this morning".
    fn bare_list(&self, k: usize, e: usize, strict: bool) -> bool {
        let (w, tr) = (self.words, self.tr);
        let sent = w[e.saturating_sub(1)].sentence;
        let end = (e..w.len())
            .find(|&j| w[j].sentence != sent)
            .unwrap_or(w.len());
        (k..end).all(|j| {
            tr.writer_words.starting_at(w, j).is_none()
                // "can't wake him" names a sign; "he's shaking" reports one.
                && (tr.third_person.starting_at(w, j).is_none()
                    || matches!(w[j].w.as_str(), "him" | "them"))
                && self.patient_name_at(j).is_none()
                && !matches!(
                    w[j].w.as_str(),
                    "since"
                        | "now"
                        | "today"
                        | "tonight"
                        | "yesterday"
                        | "again"
                        | "still"
                        | "last"
                )
                && !(strict
                    && matches!(
                        w[j].w.as_str(),
                        "this" | "all" | "day" | "night" | "morning"
                    ))
        })
    }

    /// A bare list after a comma that follows signs being named, with a stronger naming word
    /// than after a colon (not "told", not "if"): "the neuro went through the signs of an
    /// allergic reaction, hives and lip swelling", "sam got 14 across in the crossword,
    /// convulsion, 10 letters". Not "told the nurse, dizzy and sick".
    fn listed_after_comma(&self, s: usize, e: usize) -> Option<Exclusion> {
        let w = self.words;
        let sent = w[s].sentence;
        let start = self.clause_start(s);
        if start == 0 || !w[start].comma_before || w[start - 1].sentence != sent {
            return None;
        }
        // "did the crossword, then the pump started ...": what happened next is no list item.
        if matches!(w[start].w.as_str(), "then" | "later" | "suddenly" | "after") {
            return None;
        }
        // The list runs back through comma-joined items to the clause that names.
        let mut k = start;
        while k > 0 && w[k - 1].sentence == sent {
            let prev = self.clause_start(k - 1);
            let names = (prev..k).any(|j| {
                matches!(
                    w[j].w.as_str(),
                    "explained"
                        | "learned"
                        | "learnt"
                        | "taught"
                        | "listed"
                        | "crossword"
                        | "quiz"
                        | "spelling"
                        | "spellings"
                        | "leaflet"
                        | "leaflets"
                        | "pamphlet"
                        | "booklet"
                        | "list"
                        | "wordle"
                        | "scrabble"
                )
                    || (w[j].w == "through"
                        && j > 0
                        && matches!(w[j - 1].w.as_str(), "went" | "go" | "going" | "goes"))
                    // "read about", "read the bit about", not "read a book, dizzy all day"
                    || (w[j].w == "read"
                        && (w.get(j + 1).is_some_and(|x| matches!(x.w.as_str(), "about" | "up"))
                            || w.get(j + 2).is_some_and(|x| {
                                matches!(x.w.as_str(), "bit" | "section" | "part" | "page")
                            })))
                    || (matches!(w[j].w.as_str(), "signs" | "symptoms")
                        && w.get(j + 1).is_some_and(|x| x.w == "of"))
            });
            if names {
                break;
            }
            if prev == 0 || !w[prev].comma_before || prev + 4 < k {
                return None;
            }
            k = prev;
        }
        if k == 0 {
            return None;
        }
        let bare = self.bare_list(k, e, true);
        bare.then_some(Exclusion::Topic)
    }

    /// The next sentence denies them all: "fever, itching, stiffness coming back. None of that,
    /// thankfully."
    fn denied_next(&self, s: usize) -> Option<Exclusion> {
        let w = self.words;
        let sent = w[s].sentence;
        let j0 = (s..w.len()).find(|&j| w[j].sentence != sent)?;
        let next = w[j0].sentence;
        if next != sent + 1 {
            return None;
        }
        let end = (j0..w.len())
            .find(|&j| w[j].sentence != next)
            .unwrap_or(w.len());
        let mut j = j0;
        while j < end && matches!(w[j].w.as_str(), "thankfully" | "luckily" | "but" | "and") {
            j += 1;
        }
        let none_of = j + 2 < end
            && w[j].w == "none"
            && w[j + 1].w == "of"
            && matches!(
                w[j + 2].w.as_str(),
                "that" | "those" | "them" | "these" | "it" | "this"
            );
        let rest_ok = end - j <= 8
            && (j + 3..end).all(|k| {
                matches!(
                    w[k].w.as_str(),
                    "thankfully"
                        | "luckily"
                        | "so"
                        | "far"
                        | "for"
                        | "me"
                        | "him"
                        | "her"
                        | "them"
                        | "here"
                        | "yet"
                        | "today"
                        | "at"
                        | "all"
                        | "phew"
                        | "happened"
                        | "though"
                        | "i"
                        | "im"
                        | "glad"
                        | "to"
                        | "say"
                        | "now"
                        | "this"
                        | "time"
                        | "going"
                        | "on"
                )
            });
        // "... cramps or itching after a missed dose mean ring them. Haven't had either."
        let neither = end - j <= 6
            && (j..end).any(|k| matches!(w[k].w.as_str(), "either" | "neither"))
            && (j..end).any(|k| {
                matches!(
                    w[k].w.as_str(),
                    "havent" | "hasnt" | "hadnt" | "not" | "neither" | "didnt" | "no"
                )
            });
        (none_of && rest_ok || neither).then_some(Exclusion::Negated)
    }

    /// Reads a dose-context or intake mention: negated, hypothetical, past, or done by someone
    /// else. Its subject is who acts, not whose tablets ("took her tablets instead of mine").
    pub fn judge_context(&self, s: usize, e: usize) -> Option<Exclusion> {
        self.negated_or_unreal(s, e)
            .or_else(|| self.after_mention(s, e))
            .or_else(|| {
                (self.subject(s, e, true) == Subject::Other && !self.given_to_patient(s, e))
                    .then_some(Exclusion::OtherSubject)
            })
    }

    /// "I forgot to give Sam his tablets": whoever gives, the doses are the patient's.
    fn given_to_patient(&self, s: usize, e: usize) -> bool {
        let w = self.words;
        let n = w.len();
        let giving =
            (s..e).any(|k| matches!(w[k].w.as_str(), "give" | "gave" | "given" | "giving"));
        // In a caregiver's diary what the writer gives, packs or fetches is the patient's ("I
        // gave it again", "I forgot to pack her medicine").
        let fetching = (s.saturating_sub(2)..e).any(|k| {
            matches!(
                w[k].w.as_str(),
                "pack"
                    | "packed"
                    | "bring"
                    | "brought"
                    | "collect"
                    | "collected"
                    | "order"
                    | "ordered"
            )
        });
        if (giving || fetching) && self.writer != Writer::Own {
            return true;
        }
        giving
            && (e..(e + 3).min(n)).chain(s..e).any(|j| {
                w[j].sentence == w[s].sentence
                    && (self.patient_name_at(j).is_some()
                        || (self.writer != Writer::Own
                            && matches!(w[j].w.as_str(), "him" | "her" | "them" | "his" | "their")))
            })
    }

    /// A hedge on a dose story: in its clause or right before it in its sentence ("maybe double
    /// dosed", "I think Dad may have taken an extra dose").
    pub fn context_hedge(&self, s: usize, e: usize) -> Option<String> {
        let w = self.words;
        let lo = self.clause_start(s).min(s.saturating_sub(4));
        let hi = self.clause_end(s).max(e);
        (lo..hi)
            .filter(|&k| w[k].sentence == w[s].sentence)
            .find_map(|k| self.tr.hedges.starting_at(w, k).map(|len| (k, len)))
            // "forgot her noon dose, I think": a hedge that is the whole next clause.
            .or_else(|| {
                (hi < w.len() && w[hi].sentence == w[s].sentence)
                    .then(|| self.tr.hedges.starting_at(w, hi))
                    .flatten()
                    .filter(|&len| hi + len >= self.clause_end(hi))
                    .map(|len| (hi, len))
            })
            .map(|(k, len)| join(&w[k..k + len]))
    }

    /// The mention's sentence places it days or more ago ("last week", "a month ago").
    pub fn said_long_ago(&self, s: usize, _e: usize) -> bool {
        let w = self.words;
        let sent = w[s].sentence;
        (0..w.len()).any(|k| {
            w[k].sentence == sent
                && (matches!(
                    w[k].w.as_str(),
                    "ago"
                        | "weeks"
                        | "months"
                        | "years"
                        | "controlled"
                        | "control"
                        | "since"
                        | "kid"
                        | "child"
                        | "baby"
                ) || (w[k].w == "last"
                    && w.get(k + 1).is_some_and(|x| {
                        matches!(x.w.as_str(), "week" | "month" | "year" | "time")
                    })))
        })
    }

    /// The checks after resolution in [`Scope::judge_as`], for a mention whose resolution does
    /// not count (a fit that stopped is still a fit).
    pub fn judged_past_resolution(&self, s: usize, e: usize) -> Option<Exclusion> {
        self.feared_ahead(s, e)
            .or_else(|| self.explained(s, e, true))
            .or_else(|| {
                (self.subject(s, e, false) == Subject::Other).then_some(Exclusion::OtherSubject)
            })
            .or_else(|| self.denied_next(s))
            .or_else(|| self.answered_no(s, e))
            .or_else(|| self.in_a_past_year(s, e))
            .or_else(|| self.planned(s))
    }

    /// A plan for what to do if it happens: "should dad's legs go rigid after a missed refill we
    /// go straight to A&E, that's the plan".
    fn planned(&self, s: usize) -> Option<Exclusion> {
        let w = self.words;
        let sent = w[s].sentence;
        // Also what a card or a leaflet says to do: "the pump card says call straight away if she's
        // itchy after a missed refill".
        let conditional = (0..w.len()).any(|k| w[k].sentence == sent && w[k].w == "if");
        // "the leaflet says ring 999 for a fever ... after a missed refill": an instruction that
        // comes before the mention (not "pump alarm going off, card says call clinic").
        let instruction = (0..s).any(|k| {
            w[k].sentence == sent
                && matches!(w[k].w.as_str(), "says" | "said")
                && w.get(k + 1).is_some_and(|x| {
                    matches!(x.w.as_str(), "ring" | "call" | "phone" | "to" | "go")
                })
        });
        (0..w.len().saturating_sub(1))
            .any(|k| {
                w[k].sentence == sent
                    && ((matches!(w[k].w.as_str(), "thats" | "is")
                        && w[k + 1].w == "the"
                        && w.get(k + 2).is_some_and(|x| x.w == "plan"))
                        || ((conditional || instruction)
                            && matches!(w[k].w.as_str(), "card" | "leaflet" | "sheet" | "letter")
                            && matches!(w[k + 1].w.as_str(), "says" | "said"))
                        || (conditional
                            && matches!(w[k].w.as_str(), "says" | "said")
                            && w[k + 1].w == "the"
                            && w.get(k + 2).is_some_and(|x| {
                                matches!(x.w.as_str(), "card" | "leaflet" | "sheet" | "letter")
                            })))
            })
            .then_some(Exclusion::Hypothetical)
    }

    /// "the itching I had after the refill is all gone now": told as resolved after a relative
    /// clause about it.
    fn resolved_after_relative(&self, e: usize) -> Option<Exclusion> {
        let (w, tr) = (self.words, self.tr);
        let n = w.len();
        if e >= n
            || !(tr.writer_words.starting_at(w, e).is_some()
                || tr.third_person.starting_at(w, e).is_some()
                || self.patient_name_at(e).is_some()
                || w[e].w == "that")
        {
            return None;
        }
        (e + 1..n.min(e + 10))
            .take_while(|&j| {
                w[j].sentence == w[e].sentence && !w[j].comma_before && w[j].w != "and"
            })
            .any(|j| {
                (matches!(w[j].w.as_str(), "never" | "didnt")
                    && w.get(j + 1)
                        .is_some_and(|x| matches!(x.w.as_str(), "happened" | "happen" | "came")))
                    || (j > e + 2
                        && matches!(
                            w[j].w.as_str(),
                            "settled" | "cleared" | "stopped" | "passed"
                        ))
                    || matches!(w[j].w.as_str(), "is" | "are" | "has" | "have" | "was")
                        && (tr.resolved_after.starting_at(w, j).is_some()
                            || tr.resolved_after.starting_at(w, j + 1).is_some()
                            || (w.get(j + 1).is_some_and(|x| x.w == "all")
                                && tr.resolved_after.starting_at(w, j + 2).is_some()))
            })
            .then_some(Exclusion::Resolved)
    }

    /// A question put to the writer and answered yes: "the GP asked if I'd ever fainted. I said
    /// yes, twice this week".
    pub fn answered_yes(&self, s: usize, e: usize) -> bool {
        let w = self.words;
        let sent = w[s].sentence;
        let asked = (s.saturating_sub(10)..s).any(|k| {
            w[k].sentence == sent && matches!(w[k].w.as_str(), "asked" | "asks" | "asking" | "ask")
        });
        // "asked the GP whether baclofen can cause dry mouth, she said yes": a question about
        // the medicine, not about the writer.
        let general = (s.saturating_sub(10)..s).any(|k| {
            w[k].sentence == sent
                && matches!(w[k].w.as_str(), "cause" | "causes" | "give" | "gives")
        }) && !(s.saturating_sub(10)..e).any(|k| {
            w[k].sentence == sent && matches!(w[k].w.as_str(), "my" | "me" | "i" | "im" | "ive")
        });
        asked
            && !general
            && (e..w.len())
                .take_while(|&j| w[j].sentence <= sent + 1)
                .any(|j| matches!(w[j].w.as_str(), "yes" | "yep" | "yeah" | "yup"))
    }

    /// A question put to the writer and answered no: "\"Are you hearing voices?\" the nurse
    /// asked. No.", "the GP asked if I'd fainted and I said no".
    fn answered_no(&self, s: usize, e: usize) -> Option<Exclusion> {
        if self.all_answered_no(s) {
            return Some(Exclusion::Negated);
        }
        let w = self.words;
        let n = w.len();
        let sent = w[s].sentence;
        let k = (s.saturating_sub(10)..(e + 6).min(n)).find(|&k| {
            (sent..=sent + 1).contains(&w[k].sentence)
                && matches!(w[k].w.as_str(), "asked" | "asks" | "ask" | "asking")
        })?;
        let said_no = |from: usize, to: usize| {
            (from..to.min(n)).any(|j| {
                matches!(
                    w[j].w.as_str(),
                    "said" | "say" | "answered" | "replied" | "told"
                ) && (j + 1..(j + 3).min(n)).any(|x| {
                    matches!(w[x].w.as_str(), "no" | "none" | "nope" | "neither")
                        && w[x].sentence == w[j].sentence
                })
            })
        };
        let next = (k..n).find(|&j| w[j].sentence > w[k].sentence);
        // "No." on its own, not "No change, two this week".
        let no_next = next.is_some_and(|j| {
            matches!(w[j].w.as_str(), "no" | "nope" | "nah" | "never" | "none")
                && w.get(j + 1)
                    .is_none_or(|x| x.sentence != w[j].sentence || x.comma_before)
                || said_no(j, j + 3)
        });
        let end_of_k = next.unwrap_or(n);
        (no_next || said_no(e.max(k), end_of_k)).then_some(Exclusion::Negated)
    }

    /// A run of short questions answered together: "seizures? hallucinations? fever over 38?
    /// All answered no for Sam." ("?" marks a clause, not a sentence.)
    fn all_answered_no(&self, s: usize) -> bool {
        let w = self.words;
        let n = w.len();
        let sent = w[s].sentence;
        for j in s + 1..(s + 30).min(n) {
            if w[j].sentence > sent + 1 || w[j].w == "but" {
                return false;
            }
            if !(w[j].comma_before || w[j].sentence != w[j - 1].sentence) {
                continue;
            }
            let at = |k: usize, t: &str| w.get(j + k).is_some_and(|y| y.w == t);
            if at(0, "all") && (at(1, "no") || at(1, "negative") || at(1, "nos"))
                || at(0, "all") && at(1, "answered") && at(2, "no")
                || at(0, "no") && at(1, "to") && (at(2, "all") || at(2, "everything"))
                || at(0, "answered") && at(1, "no") && at(2, "to") && at(3, "all")
            {
                return true;
            }
        }
        false
    }

    /// A past year in the mention's clause: "had hives once in 2015", "fainted in 1975", "the
    /// last time my pump alarmed was 2022". Not "since 2019" ("hasn't had one since 2019").
    fn in_a_past_year(&self, s: usize, e: usize) -> Option<Exclusion> {
        let w = self.words;
        let sent_start = (0..s)
            .rev()
            .take_while(|&j| w[j].sentence == w[s].sentence)
            .last();
        let (a, mut b) = (sent_start.unwrap_or(s), self.clause_end(s).max(e));
        // "had a seizure when I stopped baclofen cold turkey in 2015": a "when" clause dates it.
        let mut reach = 5;
        if b < w.len()
            && w[b].sentence == w[s].sentence
            && matches!(w[b].w.as_str(), "when" | "after" | "before" | "while")
        {
            reach = b + 10 - e;
            b = self.clause_end(b);
        }
        // "last year I was hallucinating after a missed refill": a sentence that opens in the
        // past stays there until "but", "now" or "today".
        let back_then = |j: usize| {
            !(now_word(&w[j].w)
                || matches!(
                    w[j].w.as_str(),
                    "but" | "now" | "yet" | "however" | "since" | "still" | "anymore"
                ))
        };
        // "Three years ago I ended up in hospital": the frame may start a word or two in.
        if (a..(a + 3).min(s)).any(|st| {
            // Only a count before the frame: "Three years ago", "a few years ago".
            (a..st).all(|j| {
                super::words::digit_word(&w[j].w).is_some()
                    || w[j].w.parse::<u32>().is_ok()
                    || matches!(
                        w[j].w.as_str(),
                        "a" | "few"
                            | "couple"
                            | "of"
                            | "about"
                            | "around"
                            | "some"
                            | "over"
                            | "nearly"
                            | "almost"
                            | "many"
                            | "several"
                            | "ten"
                            | "twenty"
                    )
            }) && w[st].w != "used"
                && self
                    .tr
                    .historical
                    .starting_at(w, st)
                    // "stopped because of the cost, I'm hearing ...": a cause that is not the
                    // mention does not date it.
                    .is_some_and(|len| {
                        st + len <= s
                            && !(w[st + len - 1].w == "the"
                                && (st + len..=s).any(|j| w[j].comma_before))
                    })
        }) && (a..b).all(back_then)
        {
            return Some(Exclusion::Historical);
        }
        if self.at_a_young_age(s, e) {
            return Some(Exclusion::Historical);
        }
        // Right after the mention ("fainted in 1975") or shortly before it, not inside it
        // ("thinks it is 1990") nor past a relative ("his mum who passed in 2003").
        let relative = |x: usize, y: usize| {
            (x..y).any(|j| matches!(w[j].w.as_str(), "who" | "which" | "whose" | "that"))
        };
        // "thought he was at work in 1995": the year is what he believes, not when.
        let believed = |k: usize| {
            (k.saturating_sub(7)..k).any(|j| {
                matches!(
                    w[j].w.as_str(),
                    "thought"
                        | "thinks"
                        | "think"
                        | "believes"
                        | "believed"
                        | "convinced"
                        | "insists"
                        | "insisted"
                ) && w.get(j + 1).is_some_and(|x| {
                    matches!(
                        x.w.as_str(),
                        "hes" | "shes" | "its" | "im" | "theyre" | "we" | "were"
                    ) || matches!(x.w.as_str(), "he" | "she" | "it" | "i" | "they")
                        && w.get(j + 2).is_some_and(|y| {
                            matches!(y.w.as_str(), "was" | "is" | "were" | "are" | "am")
                        })
                })
            })
        };
        (a.max(s.saturating_sub(6))..b.min(e + reach))
            .filter(|&k| !(s..e).contains(&k) && !believed(k))
            .filter(|&k| {
                if k >= e {
                    !relative(e, k)
                } else {
                    !relative(k, s)
                }
            })
            .any(|k| {
                let y = w[k]
                    .w
                    .strip_suffix('s')
                    .filter(|_| w[k].w.len() == 5)
                    .unwrap_or(&w[k].w);
                y.len() == 4
                    && y.parse::<u32>().is_ok_and(|y| (1940..=2025).contains(&y))
                    && k > 0
                    // "in the 1980s"
                    && (w[k].w.len() == 5
                        && w[k - 1].w == "the"
                        && k > 1
                        && matches!(w[k - 2].w.as_str(), "in" | "during" | "from" | "since")
                        || year_preposition(&w[k - 1].w)
                    // "last time I stopped cold turkey (2019) I had hallucinations"
                    || k < s && w[k].comma_before && w.get(k + 1).is_some_and(|x| x.comma_before))
                    // Not a year in a clause of its own before: "he retired in 2009, and
                    // couldn't tell me what house he was in".
                    && !(k < s
                        && (k + 1..s).any(|j| {
                            w[j].comma_before && matches!(w[j].w.as_str(), "and" | "but" | "now")
                        }))
            })
            .then_some(Exclusion::Historical)
    }

    /// "had a fit once when I was 12", "fainted aged 9": an age in the past, after the mention,
    /// dates it.
    fn at_a_young_age(&self, s: usize, e: usize) -> bool {
        let w = self.words;
        let num = |k: usize| {
            w.get(k).is_some_and(|x| {
                x.w.parse::<u32>().is_ok_and(|v| (1..100).contains(&v))
                    || matches!(x.w.as_str(), "little" | "young" | "small" | "tiny" | "baby")
            })
        };
        // Also a frame that opens the sentence: "When I was 19 I had a horrible reaction".
        let first = Some(self.sentence_start(s)).filter(|&f| f + 4 <= s);
        (e..(e + 8).min(w.len())).chain(first).any(|k| {
            w[k].sentence == w[s].sentence
                && ((k + 3 < w.len()
                    && w[k].w == "when"
                    && matches!(w[k + 1].w.as_str(), "i" | "he" | "she" | "they" | "we")
                    && matches!(w[k + 2].w.as_str(), "was" | "were")
                    && (num(k + 3)
                        || (matches!(w[k + 3].w.as_str(), "a" | "at" | "in")
                            && w.get(k + 4).is_some_and(|x| {
                                matches!(
                                    x.w.as_str(),
                                    "kid"
                                        | "child"
                                        | "baby"
                                        | "teenager"
                                        | "teen"
                                        | "toddler"
                                        | "school"
                                        | "uni"
                                        | "college"
                                        | "primary"
                                )
                            }))))
                    || (matches!(w[k].w.as_str(), "aged" | "age") && num(k + 1)))
        })
    }

    /// The nearest condition before word `s` in its sentence is a bare modal ("he might want to
    /// end it all"): said as a possibility, not as a condition or advice.
    pub fn only_a_modal_before(&self, s: usize) -> bool {
        let w = self.words;
        (s.saturating_sub(12)..s)
            .rev()
            .take_while(|&k| w[k].sentence == w[s].sentence)
            .find_map(|k| self.tr.hypothetical.ending_at(w, k).map(|len| (k, len)))
            .is_some_and(|(k, len)| {
                len == 1 && matches!(w[k].w.as_str(), "might" | "may" | "could" | "would")
            })
    }

    /// A part or a setting of the pump named after the alarm words: "the pump alarm test at
    /// clinic was fine", "checked the alarm settings", "reservoir empty date is the 28th".
    fn pump_part(&self, e: usize) -> Option<Exclusion> {
        let w = self.words;
        let x = w
            .get(e)
            .filter(|x| !x.comma_before && x.sentence == w[e - 1].sentence)?;
        (matches!(
            x.w.as_str(),
            "test"
                | "tests"
                | "testing"
                | "settings"
                | "setting"
                | "check"
                | "checks"
                | "volume"
                | "demo"
                | "training"
        ) || x.w == "date" && w[e - 1].w == "empty")
            .then_some(Exclusion::Topic)
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
            // "the depression and anxiety talk": a topic after a pair of words too.
            let pair = matches!(w[e].w.as_str(), "and" | "or")
                && e + 2 < n
                && same(e + 2)
                && !w[e + 1].comma_before
                && !w[e + 2].comma_before
                && !negated_verb(&w[e + 1].w)
                && !matches!(
                    w[e + 1].w.as_str(),
                    "can"
                        | "could"
                        | "would"
                        | "will"
                        | "to"
                        | "then"
                        | "he"
                        | "she"
                        | "i"
                        | "they"
                )
                && tr.topic_after.starting_at(w, e + 2).is_some();
            if tr.topic_after.starting_at(w, e).is_some() || pair {
                return Some(Exclusion::Topic);
            }
            // A quality of a thing or an animal: "shaky wifi", "an itchy jumper", "fainting
            // goats".
            // A quality of another person: "a dizzy toddler"; of a thing after its kind:
            // "blurry school photos".
            let next_is_thing = e + 1 < n
                && same(e + 1)
                && !w[e + 1].comma_before
                && tr.things.starting_at(w, e + 1).is_some()
                && tr.writer_words.starting_at(w, e).is_none()
                && tr.third_person.starting_at(w, e).is_none()
                && !determiner(&w[e].w)
                && !matches!(
                    w[e].w.as_str(),
                    "after"
                        | "at"
                        | "since"
                        | "before"
                        | "in"
                        | "on"
                        | "with"
                        | "from"
                        | "during"
                        | "for"
                        | "all"
                        | "every"
                        | "last"
                        | "by"
                        | "to"
                        | "and"
                        | "or"
                        | "but"
                        | "so"
                        | "when"
                        | "while"
                        | "until"
                        | "till"
                        | "again"
                        | "now"
                        | "then"
                        | "up"
                        | "down"
                        | "out"
                        | "over"
                        | "off"
                        | "of"
                        | "like"
                        | "as"
                        | "than"
                        | "about"
                        | "around"
                        | "into"
                        | "through"
                        | "is"
                        | "was"
                        | "are"
                );
            if e == s + 1
                && (tr.things.starting_at(w, e).is_some()
                    || tr.animals.starting_at(w, e).is_some()
                    || next_is_thing
                    || (s > 0
                        && matches!(w[s - 1].w.as_str(), "a" | "an" | "the")
                        && tr.other_people.starting_at(w, e).is_some()
                        && self.patient_name_at(e).is_none()))
            {
                return Some(Exclusion::OtherSubject);
            }
        }
        if s > 0 && same(s - 1) && tr.medicine_before.ending_at(w, s - 1).is_some() {
            return Some(Exclusion::Medicine);
        }
        // "tablets for my seizures", "the antihistamine for hives".
        let for_at = if s >= 2
            && w[s - 2].w == "for"
            && matches!(
                w[s - 1].w.as_str(),
                "my" | "the" | "his" | "her" | "their" | "your"
            ) {
            Some(s - 2)
        } else if s >= 1 && w[s - 1].w == "for" {
            Some(s - 1)
        } else {
            None
        };
        if let Some(f) = for_at {
            let lo = s.saturating_sub(6);
            if (lo..f).any(|k| same(k) && tr.medicine_for_needs.starting_at(w, k).is_some()) {
                return Some(Exclusion::Medicine);
            }
        }
        None
    }

    /// A topic noun, then a preposition, then the mention: "a podcast about hallucinations",
    /// also inside a long match: "the pump manual section on alarms".
    fn about_a_topic(&self, s: usize, e: usize) -> Option<Exclusion> {
        let (w, tr) = (self.words, self.tr);
        let lo = s.saturating_sub(5).max(self.clause_start(s));
        // "The talk at the support group was about depression in carers": a topic noun heading
        // the clause, then "was about" right before the mention.
        // "... was about burnout and depression in carers": the mention in a short list after it.
        let about = (s.saturating_sub(4)..s).rev().find(|&p| {
            p >= 1
                && matches!(w[p].w.as_str(), "about" | "on")
                && (p + 1 == s || (p + 1..s).any(|j| matches!(w[j].w.as_str(), "and" | "or")))
        });
        // "a comedian whose set was all about fainting at weddings"
        let be = |p: usize| {
            let q = if p >= 2 && matches!(w[p - 1].w.as_str(), "all" | "mostly" | "entirely") {
                p - 1
            } else {
                p
            };
            (q >= 1 && matches!(w[q - 1].w.as_str(), "was" | "is" | "were" | "are")).then_some(q)
        };
        if let Some(p) = about
            && let Some(p) = be(p)
            && (p.saturating_sub(8).max(self.clause_start(s))..p - 1).any(|k| {
                tr.topic_nouns.starting_at(w, k).is_some()
                    // "the support group tonight was about depression in carers"
                    || matches!(
                        w[k].stem.as_str(),
                        "group" | "meet" | "session" | "class" | "cours" | "seminar" | "webinar" | "set"
                            | "routin" | "gig" | "joke" | "sketch"
                            | "workshop" | "lectur" | "sermon" | "discuss" | "confer"
                    )
            })
        {
            return Some(Exclusion::Topic);
        }
        let last = e.saturating_sub(1).max(s);
        let topic_in = |a: usize, b: usize| {
            (a..b).any(|k| {
                tr.topic_nouns.starting_at(w, k).is_some()
                    && (k + 1..b).any(|j| tr.topic_preps.starting_at(w, j).is_some())
            })
        };
        // "made comments about wanting to die": what someone says they want is no topic.
        let own_wish = matches!(
            w[s].w.as_str(),
            "not" | "wanting" | "killing" | "ending" | "taking"
        );
        if topic_in(lo, last) && !own_wish {
            return Some(Exclusion::Topic);
        }
        // "a film about a man with amnesia who can't remember where he is": a relative clause
        // goes on describing the topic.
        if let Some(r) = (s.saturating_sub(4)..s)
            .rev()
            .find(|&k| matches!(w[k].w.as_str(), "who" | "which" | "whose"))
            && r > 0
            && w[r - 1].sentence == w[s].sentence
            && topic_in(r.saturating_sub(8).max(self.clause_start(r - 1)), r)
        {
            return Some(Exclusion::Topic);
        }
        // "we talked about depression and how to spot it", not "talked about his depression".
        // "dad's talking about not wanting to wake up": what he says he wants is no topic.
        if let Some(k) = (lo..s).rev().find(|&k| w[k].w == "about" || w[k].w == "regarding")
            && !own_wish
            && k > 0
            && tr.topic_verbs.ending_at(w, k - 1).is_some()
            && (k + 1..s).all(|j| {
                tr.writer_words.starting_at(w, j).is_none()
                    && tr.third_person.starting_at(w, j).is_none()
                    && self.patient_name_at(j).is_none()
                    && !w[j].possessive
                    && !matches!(
                        w[j].w.as_str(),
                        "feeling" | "feel" | "being" | "having" | "getting" | "how" | "recent"
                            | "new" | "worse" | "ongoing" | "constant" | "these" | "those"
                    )
            })
            // "... about the depression I've had since": told as one's own.
            && (e..self.clause_end(s)).all(|j| {
                tr.writer_words.starting_at(w, j).is_none()
                    && tr.third_person.starting_at(w, j).is_none()
                    && self.patient_name_at(j).is_none()
            })
        {
            return Some(Exclusion::Topic);
        }
        // A bare list right after a clause about a topic: "read an article on baclofen
        // withdrawal, high fever and rigidity". Only a list with no person and no time in it
        // ("... withdrawal, shaking since I ran out" is a report).
        let start = self.clause_start(s);
        if start == 0 || !w[start].comma_before || w[start - 1].sentence != w[s].sentence {
            return None;
        }
        let end = self.clause_end(s);
        let bare = (start..end).all(|j| {
            self.tr.writer_words.starting_at(w, j).is_none()
                && self.tr.third_person.starting_at(w, j).is_none()
                && self.patient_name_at(j).is_none()
                && !matches!(
                    w[j].w.as_str(),
                    "since" | "now" | "today" | "tonight" | "yesterday" | "again" | "still"
                )
        });
        let prev = self.clause_start(start - 1);
        (bare && topic_in(prev, start)).then_some(Exclusion::Topic)
    }

    /// "the different pump alarm sounds" (a kind, not an event); a name or a title ("an Alabama
    /// Shakes tribute band", "Insomnia by Stephen King", "Fever-Tree tonic").
    fn kind_or_name(&self, s: usize) -> Option<Exclusion> {
        let (w, tr) = (self.words, self.tr);
        // A title after its kind: "the book Hallucinations".
        if w[s].cap
            && s > 0
            && w[s - 1].sentence == w[s].sentence
            && tr.topic_nouns.ending_at(w, s - 1).is_some()
        {
            return Some(Exclusion::Topic);
        }
        // A word in quote marks, said to be something else or named as a word: "the 'rash'
        // was fence paint", "heard \"seizure\" on the news", "sang 'Breathless'".
        if w[s].quoted
            && (w.get(s + 1).is_some_and(|x| {
                x.sentence == w[s].sentence && matches!(x.w.as_str(), "was" | "were" | "is")
            }) || s > 0
                && matches!(
                    w[s - 1].w.as_str(),
                    "heard"
                        | "sang"
                        | "sing"
                        | "word"
                        | "called"
                        | "titled"
                        | "named"
                        | "spelled"
                        | "spelt"
                        | "typed"
                        | "searched"
                        | "wrote"
                        | "write"
                        | "written"
                        | "writing"
                        | "labelled"
                        | "ticked"
                        | "circled"
                        | "song"
                        | "film"
                        | "book"
                ))
        {
            return Some(Exclusion::Topic);
        }
        // A pet's name: "Dizzy the cat".
        if w[s].cap
            && w.get(s + 1)
                .is_some_and(|x| x.w == "the" && x.sentence == w[s].sentence)
            && s + 2 < w.len()
            && tr.animals.starting_at(w, s + 2).is_some()
        {
            return Some(Exclusion::Topic);
        }
        // Searched for: "googled baclofen withdrawal seizure at 1am", but not a way to do
        // it: "searching online for ways to kill herself".
        let a_way = matches!(
            w[s].w.as_str(),
            "kill" | "killing" | "end" | "ending" | "die" | "dying" | "hurt" | "harm" | "suicide"
        ) && (s.saturating_sub(4)..s).any(|k| {
            matches!(
                w[k].w.as_str(),
                "ways" | "way" | "how" | "methods" | "method"
            )
        });
        let searched = !a_way
            && (s.saturating_sub(5)..s)
                .rev()
                .take_while(|&k| k + 1 == s || !w[k + 1].comma_before)
                .any(|k| {
                    w[k].sentence == w[s].sentence
                        && matches!(
                            w[k].w.as_str(),
                            "googled"
                                | "googling"
                                | "searched"
                                | "searching"
                                | "researched"
                                | "researching"
                        )
                });
        // "our support group topic this month is depression": a topic named with "is".
        if s >= 2
            && matches!(w[s - 1].w.as_str(), "is" | "was" | "be")
            && (s.saturating_sub(6)..s - 1).any(|k| {
                w[k].sentence == w[s].sentence
                    && matches!(
                        w[k].w.as_str(),
                        "topic" | "theme" | "subject" | "title" | "focus"
                    )
            })
        {
            return Some(Exclusion::Topic);
        }
        // "the topic was relapse and depression": also the second of a pair.
        let pair = s >= 3 && matches!(w[s - 1].w.as_str(), "and" | "or") && !w[s - 1].comma_before;
        let kind = searched
            || (s.saturating_sub(if pair { 4 } else { 2 })..s).any(|k| {
                w[k].sentence == w[s].sentence
                    && tr.topic_before.ending_at(w, k).is_some()
                    // "like a completely different person and didn't know where she was"
                    && !(w[k].w == "different"
                        && w.get(k + 1).is_some_and(|x| {
                            matches!(x.w.as_str(), "person" | "man" | "woman" | "people" | "lady")
                        }))
            })
            // "the difference between a low reservoir alarm and a critical alarm"
            || (s.saturating_sub(4)..s).any(|k| {
                w[k].sentence == w[s].sentence && matches!(w[k].w.as_str(), "between" | "explained")
            });
        (kind || self.in_a_name(s)).then_some(Exclusion::Topic)
    }

    /// A past trigger at `j`, after the mention at `s`: "years ago", "used to" looking
    /// forward ("used to get cramps"), not back ("down, not interested in anything he used to
    /// love"); not "worse than it used to be" (now, compared with the past), not "no history of
    /// asthma", not "couldn't be woken at all at first this morning" (the start of today's
    /// episode).
    fn past_after(&self, s: usize, j: usize) -> bool {
        let (w, tr) = (self.words, self.tr);
        let past_word = tr
            .historical
            .starting_at(w, j)
            .is_some_and(|len| !(len == 2 && w[j].w == "used"));
        if !past_word || self.pseudo[j] || (j.saturating_sub(2)..j).any(|k| w[k].w == "than") {
            return false;
        }
        let at_first_today = w[j].w == "at"
            && w.get(j + 1).is_some_and(|x| x.w == "first")
            && (0..w.len()).any(|k| {
                w[k].sentence == w[s].sentence
                    && (now_word(&w[k].w) || matches!(w[k].w.as_str(), "morning" | "tonight"))
            });
        !at_first_today
    }

    /// "...on Saturday after the stairs but that settled within minutes": a later clause of the
    /// sentence says it is over.
    fn resolved_later(&self, e: usize) -> Option<Exclusion> {
        let w = self.words;
        let n = w.len();
        if e >= n {
            return None;
        }
        let sent = w[e.min(n - 1)].sentence;
        (e..n)
            .take_while(|&j| w[j].sentence == sent)
            .any(|j| {
                (w[j].comma_before
                    || self.tr.terminators.starting_at(w, j).is_some()
                    || w[j].w == "and")
                    && (self.resolved_by_anaphor(j) || self.resolved_by_anaphor(j + 1))
            })
            .then_some(Exclusion::Resolved)
    }

    /// A capitalised word inside a sentence, next to another capitalised word (not "I") or
    /// followed by "by" and one, in a text that is not all capitals.
    fn in_a_name(&self, s: usize) -> bool {
        let w = self.words;
        let n = w.len();
        let initial = |k: usize| k == 0 || w[k - 1].sentence != w[k].sentence;
        let cap = |k: usize| {
            k < n
                && w[k].cap
                && !initial(k)
                && !matches!(w[k].w.as_str(), "i" | "im" | "ive" | "id" | "ill")
                && self.patient_name_at(k).is_none()
        };
        // A title at the start of a sentence: "Sleepy Hollow on telly tonight".
        let titled = |k: usize| {
            k < n && w[k].cap && !matches!(w[k].w.as_str(), "i" | "im" | "ive" | "id" | "ill")
        };
        let sentence_caps = {
            let in_sentence: Vec<&Word> =
                w.iter().filter(|x| x.sentence == w[s].sentence).collect();
            in_sentence.iter().filter(|x| x.cap).count() * 2 > in_sentence.len()
        };
        if initial(s)
            && !sentence_caps
            && titled(s)
            && cap(s + 1)
            && w[s + 1].sentence == w[s].sentence
        {
            return true;
        }
        if !cap(s) || self.caps_share > 0.5 {
            return false;
        }
        (s > 0 && cap(s - 1) && w[s - 1].sentence == w[s].sentence)
            || (cap(s + 1) && w[s + 1].sentence == w[s].sentence)
            || (s + 2 < n && w[s + 1].w == "by" && w[s + 2].cap)
    }

    /// Triggers before the mention: negation (its clause), hypothetical and fear, history,
    /// resolution (the sentence up to a terminator).
    fn negated_or_unreal(&self, s: usize, e: usize) -> Option<Exclusion> {
        let (w, tr) = (self.words, self.tr);
        let neg_from = self.negation_start(s);
        let sent = w[s].sentence;
        // "checked my face for swelling": a check for a sign, not the sign.
        let checked = (s.saturating_sub(3)..s).any(|k| {
            w[k].sentence == w[s].sentence
                && matches!(
                    w[k].w.as_str(),
                    "checked" | "check" | "checking" | "checks" | "examined" | "inspected"
                )
        });
        if checked && (s.saturating_sub(1)..e).any(|k| w[k].w == "for") {
            return Some(Exclusion::Hypothetical);
        }
        if self.inverted_condition(s) || self.instruction_for_any(s, e) {
            return Some(Exclusion::Hypothetical);
        }
        // "nothing itchy, nothing swollen": "nothing" right before the sign, not "nothing stops
        // the shaking".
        if s > 0 && w[s - 1].w == "nothing" && !w[s].comma_before && !self.pseudo[s - 1] {
            return Some(Exclusion::Negated);
        }
        // "can slow breathing": a condition whose last word starts the mention.
        if !self.pseudo[s]
            && self
                .tr
                .hypothetical
                .ending_at(w, s)
                .is_some_and(|len| len >= 2)
        {
            return Some(Exclusion::Hypothetical);
        }
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
            // "if he ever gets a fever after a missed refill": a time clause inside a
            // condition goes on with it.
            let time_in_condition = !w[k].comma_before
                && matches!(
                    w[k].w.as_str(),
                    "after" | "before" | "when" | "while" | "until" | "till"
                )
                && (k.saturating_sub(10)..k)
                    .any(|j| w[j].sentence == sent && matches!(w[j].w.as_str(), "if" | "whether"));
            if tr.terminators.ending_at(w, k).is_some() && !self.pseudo[k] && !time_in_condition {
                // "but", "however", "now": earlier triggers do not reach the mention.
                break;
            }
            if !self.pseudo[k] {
                if in_clause
                    && steps <= 7
                    && tr.neg_before.ending_at(w, k).is_some()
                    && self.negation_reaches(k, s)
                    && !self.negation_lifted(e)
                {
                    return Some(Exclusion::Negated);
                }
                if tr.hypothetical.ending_at(w, k).is_some() && self.hypothetical_reaches(k, s) {
                    return Some(Exclusion::Hypothetical);
                }
                if tr.fear.ending_at(w, k).is_some()
                    && ((k + 1..e).any(|j| tr.modal.starting_at(w, j).is_some())
                        || matches!(w.get(k + 1).map(|x| x.w.as_str()), Some("of" | "about"))
                        // "I fear the day the pump battery runs out"
                        || (w.get(k + 1).is_some_and(|x| x.w == "the")
                            && w.get(k + 2).is_some_and(|x| {
                                matches!(
                                    x.w.as_str(),
                                    "day" | "moment" | "time" | "thought" | "idea" | "prospect"
                                )
                            }))
                        // "dreading the hallucinations", "terrified of getting a fever"
                        || (s - k <= 2
                            && matches!(
                                w.get(k + 1).map(|x| x.w.as_str()),
                                Some("the" | "any" | "getting" | "having" | "a")
                            )))
                {
                    return Some(Exclusion::Hypothetical);
                }
            }
            // "used to have cramps", not "got used to the cramps"; "a fit last year, today
            // another" is today's.
            if tr.historical.ending_at(w, k).is_some_and(|len| {
                // "much worse than before the pump": a comparison, not the past.
                let start = k + 1 - len;
                let comparison = (start.saturating_sub(2)..start).any(|x| w[x].w == "than");
                // "stopped because of the cost, I'm hearing ...": the cause is not the sign.
                let other_cause = w[k].w == "the" && (k + 1..=s).any(|j| w[j].comma_before);
                !(comparison || other_cause)
            }) && !self.pseudo[k]
                && !(k + 1..s).any(|j| now_word(&w[j].w) || w[j].w == "yesterday")
            {
                return Some(Exclusion::Historical);
            }
            if in_clause && tr.resolved_before.ending_at(w, k).is_some() && !self.returned_after(e)
            {
                return Some(Exclusion::Resolved);
            }
        }
        None
    }

    /// "never had hives in my life until today": the negation holds only up to a time that has
    /// now come.
    fn negation_lifted(&self, e: usize) -> bool {
        let w = self.words;
        let n = w.len();
        (e..n.min(e + 8))
            .take_while(|&j| w[j].sentence == w[e.min(n - 1)].sentence)
            .any(|j| {
                // "no seizures for 5 yrs and then one this morning"
                (matches!(w[j].w.as_str(), "then")
                    && w.get(j + 1).is_some_and(|x| {
                        matches!(x.w.as_str(), "one" | "another" | "today" | "this")
                    }))
                    || (w[j].w == "before"
                        && w.get(j + 1).is_some_and(|x| {
                            matches!(x.w.as_str(), "today" | "tonight" | "this" | "yesterday")
                        }))
                    || matches!(w[j].w.as_str(), "until" | "till" | "til")
                        && w.get(j + 1).is_some_and(|x| {
                            matches!(
                                x.w.as_str(),
                                "today"
                                    | "now"
                                    | "this"
                                    | "yesterday"
                                    | "tonight"
                                    | "last"
                                    | "recently"
                            )
                        })
            })
    }

    /// Fear or worry before the mention and a future after it, in its sentence: "nervous my pump
    /// alarm will go off on the plane".
    fn feared_ahead(&self, s: usize, e: usize) -> Option<Exclusion> {
        let (w, tr) = (self.words, self.tr);
        let sent = w[s].sentence;
        let lo = s.saturating_sub(6);
        let fear = (lo..s).any(|k| w[k].sentence == sent && tr.fear.starting_at(w, k).is_some());
        let future = (e..(e + 3).min(w.len())).any(|j| {
            w[j].sentence == sent
                && matches!(
                    w[j].w.as_str(),
                    "will" | "might" | "may" | "could" | "would" | "ill" | "hell" | "shell"
                )
        });
        (fear && future).then_some(Exclusion::Hypothetical)
    }

    /// An ordinary cause: "heard voices downstairs, turned out Sam had left the telly on" (after
    /// the mention in its sentence), "laughing so hard I could barely breathe", "a tingle of
    /// excitement" (a happy cause just before or after it).
    /// `benign`: whether an ordinary cause near it may explain it (not a pump's alarm or
    /// refill: "her pump refill was missed in the snow").
    fn explained(&self, s: usize, e: usize, benign: bool) -> Option<Exclusion> {
        let (w, tr) = (self.words, self.tr);
        let n = w.len();
        let sent = w[s].sentence;
        let in_sent = |j: usize| j < n && w[j].sentence == sent;
        if (e..n)
            .take_while(|&j| in_sent(j))
            .any(|j| tr.explained.starting_at(w, j).is_some())
        {
            return Some(Exclusion::Explained);
        }
        // "The pump beeped at 2am. Turned out to be the smoke alarm": the next sentence opens
        // with the explanation.
        if let Some(j0) = (e..n).find(|&j| w[j].sentence == sent + 1)
            && (e..j0).all(|j| w[j].sentence == sent)
            && tr.explained.starting_at(w, j0).is_some()
        {
            return Some(Exclusion::Explained);
        }
        // "thought the red marks on his wrist were hives, it was the wristband": a belief,
        // then what it was.
        let thought = (s.saturating_sub(8)..s)
            .any(|k| in_sent(k) && matches!(w[k].w.as_str(), "thought" | "assumed"));
        if thought
            && (e..n).take_while(|&j| in_sent(j)).any(|j| {
                w[j].comma_before
                    && (matches!(w[j].w.as_str(), "it" | "they" | "but")
                        && w.get(j + 1)
                            .is_some_and(|x| matches!(x.w.as_str(), "was" | "were" | "it"))
                        || matches!(w[j].w.as_str(), "its" | "theyre"))
            })
        {
            return Some(Exclusion::Explained);
        }
        if !benign {
            return None;
        }
        let lo = s.saturating_sub(8);
        // Not across "now": "refill was missed in the snow and now her legs are rigid".
        let before = (lo..s).any(|k| {
            in_sent(k)
                && tr.benign_causes.starting_at(w, k).is_some()
                && !(k..s).any(|j| w[j].w == "now")
        });
        let after =
            (e..(e + 4).min(n)).any(|j| in_sent(j) && tr.benign_causes.starting_at(w, j).is_some());
        (before || after).then_some(Exclusion::Explained)
    }

    /// A negation ending at word `k` reaches the mention at `s` unless a medicine noun stands
    /// between ("no tablets since Friday, shaking"), a new subject does ("don't know why I'm
    /// dizzy"), or, for a negated verb, an "and" does ("didn't eat and vomited").
    fn negation_reaches(&self, k: usize, s: usize) -> bool {
        let (w, tr) = (self.words, self.tr);
        // "the tablets don't make me drowsy": the one made so is the object of the negated verb.
        if s == k + 3
            && matches!(w[k + 1].w.as_str(), "make" | "makes" | "made" | "making")
            && matches!(
                w[k + 2].w.as_str(),
                "me" | "him" | "her" | "us" | "them" | "you"
            )
            && matches!(
                w[k].w.as_str(),
                "dont" | "doesnt" | "didnt" | "never" | "not" | "wont" | "shouldnt"
            )
        {
            return true;
        }
        // "went 3 days without and had a seizure": "without" with nothing after it is a gap.
        if w[k].w == "without"
            && w.get(k + 1).is_some_and(|x| {
                x.comma_before || matches!(x.w.as_str(), "and" | "so" | "now" | "then" | "since")
            })
        {
            return false;
        }
        let between = k + 1..s;
        if between
            .clone()
            .any(|j| tr.dose_nouns.starting_at(w, j).is_some())
        {
            return false;
        }
        // "no fever no rash just knackered": "just" turns to what there is ("not just" is a
        // pseudo-negation and never gets here).
        if between.clone().any(|j| w[j].w == "just" && !self.pseudo[j]) {
            return false;
        }
        if between.clone().any(|j| {
            tr.writer_words.starting_at(w, j).is_some()
                || tr.third_person.starting_at(w, j).is_some()
                || self.patient_name_at(j).is_some()
        }) {
            return false;
        }
        let verbal = negated_verb(&w[k].w);
        // "no sleep and the shadows are talking to me": a new subject after "and".
        let new_subject = between.clone().any(|j| {
            w[j].w == "and"
                && w.get(j + 1).is_some_and(|x| {
                    matches!(
                        x.w.as_str(),
                        "the"
                            | "my"
                            | "his"
                            | "her"
                            | "their"
                            | "our"
                            | "this"
                            | "that"
                            | "these"
                            | "those"
                    )
                })
        });
        !(new_subject
            || verbal
                && between
                    .into_iter()
                    .any(|j| matches!(w[j].w.as_str(), "and" | "then" | "plus")))
    }

    /// A hypothetical trigger at `k` covers its clause and later clauses of the sentence that
    /// go on in the future or conditional ("if I stop, I'll have a fit").
    fn hypothetical_reaches(&self, k: usize, s: usize) -> bool {
        let w = self.words;
        // A trigger that ends its clause ("misread the label, had a fit") crosses into the next
        // clause like any other.
        let mut c = if k < s && self.clause[k + 1] != self.clause[k] {
            k
        } else {
            k + 1
        };
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
            // "if she becomes drowsy or her breathing slows": an alternative of the condition.
            let alternative = w[x].w == "or";
            let listed =
                self.condition_asks_for_signs(k, x) && self.condition_list(x, w[k].w == "whether");
            // "if he ever gets a fever after a missed refill": a time clause of the condition.
            let time_clause = !w[x].comma_before
                && matches!(
                    w[x].w.as_str(),
                    "after" | "before" | "when" | "while" | "until" | "till"
                );
            if !(modal_next
                || time_clause
                || alternative
                || listed
                || matches!(w[x].w.as_str(), "ill" | "youll" | "theyll" | "itll"))
            {
                return false;
            }
            c = next;
        }
        true
    }

    /// The condition from `k` to `x` asks for signs ("if Sam shows signs of withdrawal", "call if
    /// he becomes floppy") and has no consequence of its own yet ("if it gets worse I'll ring").
    fn condition_asks_for_signs(&self, k: usize, x: usize) -> bool {
        let w = self.words;
        matches!(w[k].w.as_str(), "if" | "whether")
            && (w[x].comma_before || w[x].w == "or")
            && (k..x).all(|j| {
                !matches!(
                    w[j].w.as_str(),
                    "ill"
                        | "will"
                        | "call"
                        | "ring"
                        | "phone"
                        | "then"
                        | "youll"
                        | "well"
                        | "shell"
                        | "hell"
                        | "theyll"
                )
            })
            && (k..x).any(|j| {
                matches!(
                    w[j].w.as_str(),
                    "shows"
                        | "show"
                        | "showing"
                        | "becomes"
                        | "become"
                        | "becoming"
                        | "gets"
                        | "get"
                        | "getting"
                        | "develops"
                        | "develop"
                        | "starts"
                        | "any"
                        | "signs"
                        | "symptoms"
                        | "notice"
                        | "notices"
                        | "seems"
                        | "looks"
                )
            })
    }

    /// From `x` to the end of the sentence (or to the advice, "call 999"), only short items of a
    /// list with no subject and nothing that says now: "if Sam shows signs of withdrawal (fever,
    /// rigidity, confusion) call 999", "call if he becomes floppy, very sleepy or hard to wake".
    /// In a question ("asked whether he has had any falls, faints or fits since March") an
    /// item may say since when.
    fn condition_list(&self, x: usize, question: bool) -> bool {
        let w = self.words;
        let mut c = x;
        let mut items = 0;
        while c < w.len() && w[c].sentence == w[x].sentence {
            if items > 0
                && matches!(
                    w[c].w.as_str(),
                    "call" | "ring" | "phone" | "dial" | "contact" | "seek" | "get" | "go"
                )
            {
                break;
            }
            let end = self.clause_end(c);
            let short = end - c <= 6
                && (c..end).all(|k| {
                    !matches!(
                        w[k].w.as_str(),
                        "i" | "im"
                            | "ive"
                            | "id"
                            | "he"
                            | "she"
                            | "hes"
                            | "shes"
                            | "hed"
                            | "shed"
                            | "they"
                            | "theyre"
                            | "we"
                            | "and"
                            | "now"
                            | "again"
                            | "today"
                            | "tonight"
                            | "still"
                            | "currently"
                            | "this"
                            | "but"
                    ) && (question || !matches!(w[k].w.as_str(), "since" | "last"))
                        && self.patient_name_at(k).is_none()
                });
            if !short {
                return false;
            }
            items += 1;
            c = end;
        }
        items > 0
    }

    fn returned_after(&self, e: usize) -> bool {
        let w = self.words;
        (e..w.len())
            .take_while(|&j| w[j].sentence == w[e.min(w.len() - 1)].sentence)
            .any(|j| {
                // "has not come back", "hasn't come back": a return that is denied is none.
                let denied = (j.saturating_sub(2)..=j).any(|k| {
                    self.tr
                        .neg_after
                        .starting_at(w, k)
                        .is_some_and(|len| k + len > j)
                });
                let not_before = j > 0 && (negated_verb(&w[j - 1].w) || w[j - 1].w == "never");
                self.tr.returned.starting_at(w, j).is_some() && !denied && !not_before
            })
    }

    /// The first word of the sentence of word `s`.
    fn sentence_start(&self, s: usize) -> usize {
        let w = self.words;
        (0..=s)
            .rev()
            .take_while(|&k| w[k].sentence == w[s].sentence)
            .last()
            .unwrap_or(s)
    }

    /// "Should my tongue swell up, the ER is 10 minutes away": a sentence opened by "should"
    /// and a subject is a condition, up to its comma; so is what follows "Ask at review:" or
    /// "Questions:".
    fn inverted_condition(&self, s: usize) -> bool {
        let w = self.words;
        let first = Some(self.sentence_start(s));
        // "Ask at review: can the pump alarm be made louder": a question to ask after a colon.
        let to_ask = first.is_some_and(|f| {
            matches!(
                w[f].w.as_str(),
                "ask" | "questions" | "question" | "qs" | "q"
            ) && (f + 1..=s).any(|k| w[k].colon_before)
        });
        to_ask
            || first.is_some_and(|f| {
                w[f].w == "should"
                    && f + 1 < s
                    && (determiner(&w[f + 1].w)
                        || self.patient_name_at(f + 1).is_some()
                        || matches!(
                            w[f + 1].w.as_str(),
                            "i" | "he" | "she" | "they" | "it" | "you"
                        ))
                    && (f + 1..=s).all(|k| !w[k].comma_before)
            })
            // "Does a temperature of 38 count as a fever?": a question about any such sign.
            || first.is_some_and(|f| {
                matches!(w[f].w.as_str(), "does" | "do" | "is" | "are" | "can" | "could")
                    && w.get(f + 1)
                        .is_some_and(|x| matches!(x.w.as_str(), "a" | "an" | "any"))
                    && f + 1 < s
                    && (f + 1..=s).all(|k| !w[k].comma_before)
                    // Not "Is a rash spreading up my arms normal?": someone's own sign.
                    && (f + 1..w.len())
                        .take_while(|&k| w[k].sentence == w[s].sentence && (k <= s || !w[k].comma_before))
                        .all(|k| {
                            !matches!(
                                w[k].w.as_str(),
                                "my" | "his" | "her" | "their" | "i" | "im" | "he" | "she" | "me"
                                    | "him" | "hes" | "shes" | "ive"
                            ) && self.patient_name_at(k).is_none()
                        })
            })
    }

    /// "Doc says any rash, call same day": a sign after "any", then an instruction to call.
    fn instruction_for_any(&self, s: usize, e: usize) -> bool {
        let w = self.words;
        s > 0
            && (s.saturating_sub(2)..s).any(|k| w[k].w == "any" && w[k].sentence == w[s].sentence)
            && (e..(e + 4).min(w.len())).any(|k| {
                w[k].sentence == w[s].sentence
                    && matches!(
                        w[k].w.as_str(),
                        "call" | "ring" | "phone" | "contact" | "dial" | "seek" | "report"
                    )
            })
    }

    /// "now puking and legs gone": a body part named after "and" is what the resolution
    /// speaks of, not the sign before it.
    fn other_body_part_between(&self, e: usize, j: usize) -> bool {
        let w = self.words;
        (e..j).any(|k| {
            w[k].w == "and"
                // "a rash on his face and arms": both places of the one sign.
                && !(k > 0 && body_part(&w[k - 1].w))
                && (k + 1..j).any(|b| {
                    body_part(&w[b].w) && (k + 1..b).all(|d| determiner(&w[d].w))
                })
        })
    }

    /// "has gone completely limp", "went blue": "gone" and "went" as became, not as over.
    fn became(&self, k: usize) -> bool {
        let w = self.words;
        let mut k = k;
        while k < w.len()
            && matches!(
                w[k].w.as_str(),
                "completely" | "totally" | "really" | "very" | "all" | "so" | "quite" | "a" | "bit"
            )
        {
            k += 1;
        }
        w.get(k).is_some_and(|x| {
            !x.comma_before
                && matches!(
                    x.w.as_str(),
                    "limp"
                        | "floppy"
                        | "stiff"
                        | "rigid"
                        | "blue"
                        | "grey"
                        | "gray"
                        | "pale"
                        | "white"
                        | "quiet"
                        | "silent"
                        | "cold"
                        | "still"
                        | "weak"
                        | "dizzy"
                        | "vacant"
                        | "blank"
                        | "funny"
                        | "weird"
                        | "strange"
                        | "wobbly"
                        | "numb"
                        | "purple"
                        | "clammy"
                        | "unresponsive"
                        | "loopy"
                        | "red"
                        | "puffy"
                        | "droopy"
                        | "slack"
                        | "tight"
                        | "lifeless"
                )
        })
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
        // "my wheeze after the cold has cleared up": the sign, a short "after" phrase, then
        // its resolution.
        if clause_end == e
            && clause_end + 3 < n
            && w[clause_end].w == "after"
            && (clause_end + 2..(clause_end + 5).min(n)).any(|j| {
                w[j].sentence == w[s].sentence
                    && matches!(w[j].w.as_str(), "has" | "have" | "is" | "are")
                    && tr.resolved_after.starting_at(w, j + 1).is_some()
                    && (clause_end + 1..j).all(|k| {
                        determiner(&w[k].w) || !matches!(w[k].w.as_str(), "i" | "he" | "she" | "it")
                    })
            })
        {
            return Some(Exclusion::Resolved);
        }
        // "the hives on my neck? gone.": the next clause is only a resolution.
        if clause_end < n
            && w[clause_end].sentence == w[s].sentence
            && let Some(len) = tr.resolved_after.starting_at(w, clause_end)
            // "bunged up, nothing since Thursday" is the sign going on.
            && !(clause_end..(clause_end + len + 1).min(n)).any(|j| w[j].w == "since")
            // "fine now but it came back tonight"
            && !self.returned_after(clause_end)
        {
            let end = clause_end + len;
            // "went away as soon as I sat down": when it went is still the resolution.
            let when = |k: usize| {
                matches!(
                    w[k].w.as_str(),
                    "as" | "once" | "when" | "after" | "within" | "overnight"
                )
            };
            if end >= n
                || w[end].sentence != w[clause_end].sentence
                || self.clause[end] != self.clause[clause_end]
                || when(end)
            {
                return Some(Exclusion::Resolved);
            }
        }
        // "thinks I'm depressed but honestly I'm just busy".
        if w[e].w == "but"
            && !self.pseudo[e]
            && let Some(x) = self.but_not_so(e + 1)
        {
            return Some(x);
        }
        // "cramps when you stop baclofen": said of anyone, a general question.
        if matches!(w[e].w.as_str(), "when" | "if" | "whenever")
            && w.get(e + 1)
                .is_some_and(|x| x.w == "you" && x.sentence == w[e].sentence)
        {
            return Some(Exclusion::Hypothetical);
        }
        let mut j = e;
        while j < n && w[j].sentence == w[s].sentence {
            let in_clause = j < clause_end;
            let near = j - e < 5;
            if tr.terminators.starting_at(w, j).is_some() && !self.pseudo[j] && j > e {
                // "...but that settled within minutes", "but it's completely gone now".
                if self.resolved_by_anaphor(j + 1) {
                    return Some(Exclusion::Resolved);
                }
                if w[j].w == "but"
                    && let Some(x) = self.but_not_so(j + 1)
                {
                    return Some(x);
                }
                break;
            }
            if w[j].comma_before && j > e && self.resolved_by_anaphor(j) {
                return Some(Exclusion::Resolved);
            }
            // "no" or "zero" with a word after it negates that word ("itchy all over with no
            // rash"), not the mention before it.
            let leads_a_noun = matches!(w[j].w.as_str(), "no" | "zero" | "nil")
                && j + 1 < n
                && w[j + 1].sentence == w[j].sentence
                && self.clause[j + 1] == self.clause[j];
            // A negation longer than the pseudo-negation at the same word wins: "hasn't gone
            // off" (the alarm) over "hasn't gone" (still there).
            let neg_len = tr.neg_after.starting_at(w, j).unwrap_or(0);
            let pseudo_wins = self.pseudo[j] && tr.pseudo.starting_at(w, j).unwrap_or(0) >= neg_len;
            if (in_clause || j == e) && near && !pseudo_wins && !leads_a_noun && neg_len > 0 {
                return Some(Exclusion::Negated);
            }
            // "asked about fits, faints or funny turns: none": a list closed by a bare "none".
            if j > e
                && w[j].colon_before
                && j - e <= 8
                && matches!(
                    w[j].w.as_str(),
                    "none" | "no" | "nil" | "nothing" | "negative"
                )
                && (j + 1 >= n || w[j + 1].sentence != w[j].sentence)
            {
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
                && tr
                    .resolved_after
                    .starting_at(w, j)
                    .is_some_and(|len| !self.became(j + len))
                // "better off with me gone": a person gone, not the sign.
                && !matches!(w[j - 1].w.as_str(), "me" | "him" | "her" | "them" | "us")
                && !self.returned_after(j)
                && !self.other_body_part_between(e, j)
            {
                return Some(Exclusion::Resolved);
            }
            if self.past_after(s, j) {
                return Some(Exclusion::Historical);
            }
            j += 1;
        }
        None
    }

    /// "that settled", "it's all gone now", "they've cleared up": a pronoun for the mention, a
    /// few fillers, then a resolution, starting at `j`.
    fn resolved_by_anaphor(&self, j: usize) -> bool {
        let (w, tr) = (self.words, self.tr);
        let n = w.len();
        let start = if w
            .get(j)
            .is_some_and(|x| matches!(x.w.as_str(), "and" | "but"))
        {
            j + 1
        } else {
            j
        };
        // ", fully recovered", ", all cleared up": over, said without a pronoun.
        let lead = usize::from(
            w.get(start)
                .is_some_and(|x| matches!(x.w.as_str(), "fully" | "completely" | "now" | "since")),
        );
        let over = |j: usize| {
            matches!(
                w.get(j).map(|x| x.w.as_str()),
                Some("recovered" | "cleared" | "sorted" | "settled" | "resolved" | "subsided")
            ) || (w
                .get(j)
                .is_some_and(|x| matches!(x.w.as_str(), "all" | "gone" | "better" | "none"))
                && w.get(j + 1).is_some_and(|x| {
                    matches!(
                        x.w.as_str(),
                        "gone" | "better" | "cleared" | "now" | "sorted" | "since" | "by"
                    )
                }))
        };
        if over(start + lead) && !self.returned_after(start + lead) {
            return true;
        }
        // "but fine now", "but all good now", "but has been fine since Monday", "5 days clear
        // now": over, said without a pronoun.
        let mut f = start;
        while f < n
            && f < start + 3
            && matches!(
                w[f].w.as_str(),
                "has" | "have" | "been" | "is" | "was" | "hes" | "shes" | "im" | "are" | "all"
            )
        {
            f += 1;
        }
        if f < n
            && matches!(
                w[f].w.as_str(),
                "fine" | "better" | "good" | "ok" | "okay" | "clear"
            )
            && w.get(f + 1).is_some_and(|x| {
                matches!(x.w.as_str(), "now" | "since" | "today") && x.sentence == w[f].sentence
            })
            && !self.returned_after(f)
        {
            return true;
        }
        // ", nothing since", ", none since": not again.
        if start + 1 < n
            && matches!(w[start].w.as_str(), "nothing" | "none")
            && w[start + 1].w == "since"
            && w
                .get(start + 2)
                .is_none_or(|x| x.comma_before || x.sentence != w[start].sentence)
            // Only a mention days back: "vomited once last month, nothing since", not "puked
            // after my 8am tablet, nothing since".
            && (0..start).any(|k| {
                w[k].sentence == w[start].sentence
                    && (matches!(w[k].w.as_str(), "last" | "ago" | "yesterday")
                        || super::evidence::is_weekday(&w[k].w))
            })
        {
            return true;
        }
        // ", back to normal today", ", back to himself": over, said without a pronoun.
        let word = |k: usize| w.get(k).map_or("", |x| x.w.as_str());
        if word(start + lead) == "back"
            && word(start + lead + 1) == "to"
            && matches!(
                word(start + lead + 2),
                "normal" | "myself" | "himself" | "herself" | "themselves" | "his" | "her" | "my"
            )
            && !self.returned_after(start + lead)
        {
            return true;
        }
        if start >= n
            || !matches!(
                w[start].w.as_str(),
                "that"
                    | "thats"
                    | "it"
                    | "its"
                    | "this"
                    | "they"
                    | "theyve"
                    | "theyre"
                    | "which"
                    | "both"
                    | "all"
            )
        {
            return false;
        }
        let mut k = start + 1;
        while k < n && k <= start + 4 && w[k].sentence == w[start].sentence {
            if tr.resolved_after.starting_at(w, k).is_some() && !self.returned_after(k) {
                return true;
            }
            if !matches!(
                w[k].w.as_str(),
                "has"
                    | "had"
                    | "have"
                    | "is"
                    | "was"
                    | "completely"
                    | "all"
                    | "totally"
                    | "since"
                    | "now"
                    | "quickly"
                    | "pretty"
                    | "mostly"
                    | "fully"
                    | "just"
                    | "been"
                    | "soon"
                    | "mainly"
                    | "almost"
            ) {
                return false;
            }
            k += 1;
        }
        false
    }

    /// After "but": "... but I didn't" (it did not happen), "... but not since" or "but bright as a
    /// button today" (over).
    fn but_not_so(&self, j: usize) -> Option<Exclusion> {
        let w = self.words;
        let word = |k: usize| w.get(k).map_or("", |x| x.w.as_str());
        let ends = |k: usize| k >= w.len() || w[k].sentence != w[j.min(w.len() - 1)].sentence;
        let pronoun = matches!(word(j), "i" | "he" | "she" | "we" | "they");
        if pronoun
            && matches!(
                word(j + 1),
                "didnt" | "wasnt" | "never" | "hasnt" | "havent" | "werent"
            )
            && ends(j + 2)
        {
            return Some(Exclusion::Negated);
        }
        let over = [
            ["not", "since"],
            ["none", "since"],
            ["not", "anymore"],
            ["not", "lately"],
            ["no", "longer"],
            ["not", "now"],
        ];
        if over.iter().any(|p| word(j) == p[0] && word(j + 1) == p[1]) {
            return Some(Exclusion::Resolved);
        }
        let well = [
            "honestly im",
            "im just busy",
            "actually im fine",
            "im fine really",
            "im fine honestly",
            "i really am fine",
            "im really not",
            "back to normal",
            "right as rain",
            "bright as a button",
            "back to himself",
            "back to herself",
            "back to myself",
            "fine again",
            "much better",
            "fine today",
            "better today",
        ];
        let here: Vec<&str> = (j..(j + 4).min(w.len())).map(word).collect();
        let here = here.join(" ");
        well.iter()
            .any(|p| here.starts_with(p))
            .then_some(Exclusion::Resolved)
    }

    /// Who says the quoted words that word `k` is in: the person before a speech verb just
    /// before the opening quote ("Sam texted me \"...\"", "she kept saying \"...\"").
    fn speaker_of(&self, k: usize) -> Option<Subject> {
        let w = self.words;
        let mut q = k;
        while q > 0 && w[q - 1].in_speech {
            q -= 1;
        }
        let lo = q.saturating_sub(8);
        let verb = (lo..q).rev().find(|&j| {
            matches!(
                w[j].stem.as_str(),
                "said"
                    | "say"
                    | "text"
                    | "wrote"
                    | "write"
                    | "told"
                    | "tell"
                    | "shout"
                    | "messag"
                    | "scream"
                    | "whisper"
                    | "cri"
                    | "sob"
                    | "yell"
                    | "mutter"
                    | "kept"
                    | "keep"
                    | "rang"
                    | "call"
                    | "repli"
                    | "answer"
            )
        })?;
        (lo..verb).rev().find_map(|j| {
            (!w[j].in_speech && !matches!(w[j].w.as_str(), "i" | "me" | "my"))
                .then(|| self.subject_at(j))
                .flatten()
        })
    }

    /// The subject a word at `k` names, if any. `Other` for companions is skipped ("went out
    /// with mum"). "We" includes the patient in either diary.
    fn subject_at(&self, k: usize) -> Option<Subject> {
        self.subject_at_as(k, true)
    }

    /// `things`: whether a thing can be the subject (of a sign, not of an intake or a dose story:
    /// "a glass of wine").
    fn subject_at_as(&self, k: usize, things: bool) -> Option<Subject> {
        let (w, tr) = (self.words, self.tr);
        if self.patient_name_ending_at(k) {
            // "the photos from Sam's birthday": an owner after a preposition is not the subject.
            let owner_in_phrase = w[k].possessive && {
                let first = (0..=k)
                    .rev()
                    .find(|&j| self.patient_name_at(j).is_some_and(|l| j + l == k + 1));
                first.is_some_and(|j| {
                    j > 0
                        && matches!(
                            w[j - 1].w.as_str(),
                            "in" | "of"
                                | "on"
                                | "at"
                                | "from"
                                | "with"
                                | "for"
                                | "about"
                                | "to"
                                | "by"
                                | "into"
                        )
                })
            };
            // "the old man in the bed next to Sam": a name after a preposition is company.
            let after_preposition = {
                let first = (0..=k)
                    .rev()
                    .find(|&j| self.patient_name_at(j).is_some_and(|l| j + l == k + 1));
                first.is_some_and(|j| {
                    j > 0
                        && matches!(
                            w[j - 1].w.as_str(),
                            "to" | "beside" | "near" | "with" | "opposite" | "behind" | "alongside"
                        )
                        && !w[k].possessive
                })
            };
            if after_preposition {
                return None;
            }
            // "Sam's dad", "my husband's mum": a relation of someone else's is not the patient.
            let relation_of_another = {
                let first = (0..=k)
                    .rev()
                    .find(|&j| self.patient_name_at(j).is_some_and(|l| j + l == k + 1));
                first.is_some_and(|j| j > 0 && self.owner_of_next(j - 1))
            };
            if relation_of_another {
                return Some(Subject::Other);
            }
            return (!owner_in_phrase).then_some(Subject::Patient);
        }
        let subject_form = matches!(
            w[k].w.as_str(),
            "he" | "she" | "they" | "hes" | "shes" | "theyre" | "hed" | "shed" | "theyve"
        );
        let companion = !subject_form
            && (k > 0 && tr.companions.ending_at(w, k - 1).is_some()
                || k > 1
                    && tr.companions.ending_at(w, k - 2).is_some()
                    && matches!(
                        w[k - 1].w.as_str(),
                        "my" | "the" | "a" | "our" | "his" | "her"
                    ));
        // "out of character" is nobody; a "charley horse" is a cramp.
        if w[k].w == "character" && k > 0 && w[k - 1].w == "of"
            || matches!(w[k].w.as_str(), "horse" | "horses")
                && k > 0
                && matches!(w[k - 1].w.as_str(), "charley" | "charlie")
        {
            return None;
        }
        if tr.other_people.ending_at(w, k).is_some() || tr.animals.ending_at(w, k).is_some() {
            let indefinite = matches!(
                w[k].w.as_str(),
                "someone" | "somebody" | "anyone" | "anybody" | "others"
            );
            return if companion && !indefinite {
                None
            } else {
                Some(Subject::Other)
            };
        }
        if things && tr.things.ending_at(w, k).is_some() && self.thing_is_subject(k) {
            return Some(Subject::Other);
        }
        if self.writer == Writer::Own && self.someone_named(k) {
            return Some(Subject::Other);
        }
        // "Jo, the carer, has been feeling low": a name set beside what that person is.
        if w[k].cap
            && !self.patient_name_ending_at(k)
            && w.get(k + 1).is_some_and(|x| {
                x.comma_before && matches!(x.w.as_str(), "the" | "our" | "my" | "a" | "his" | "her")
            })
            && (k + 2..(k + 4).min(w.len())).any(|j| {
                w[j].sentence == w[k].sentence
                    && !w[j].comma_before
                    && (is_staff(&w[j].w) || tr.other_people.ending_at(w, j).is_some())
            })
        {
            return Some(Subject::Other);
        }
        // "looked after the twins, both were sick": two people, not the one patient.
        if w[k].w == "both"
            && w.get(k + 1).is_some_and(|x| {
                matches!(
                    x.w.as_str(),
                    "were" | "are" | "had" | "have" | "got" | "been" | "of"
                )
            })
        {
            return Some(Subject::Other);
        }
        if matches!(w[k].w.as_str(), "we" | "us" | "our" | "ours" | "ourselves") {
            return Some(Subject::Patient);
        }
        if tr.writer_words.ending_at(w, k).is_some() {
            // "Sam texted me from work \"I can't do this anymore\"": the speaker's own words.
            if w[k].in_speech
                && let Some(x) = self.speaker_of(k)
            {
                return Some(x);
            }
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
            if self.writer == Writer::Own {
                return Some(Subject::Other);
            }
            // "the man in the next bed kept shouting that he could see snakes": a pronoun after
            // another person named in its sentence is that person.
            return Some(self.antecedent(k));
        }
        None
    }

    /// Word `j` owns the word after it ("my aunt's baclofen", "Sam's dad"), as against "'s" for
    /// "is" or "has" ("my aunt's been poorly", "Sam's vomiting").
    fn owner_of_next(&self, j: usize) -> bool {
        let w = self.words;
        w[j].possessive
            && w.get(j + 1).is_some_and(|x| {
                x.sentence == w[j].sentence
                    && !x.comma_before
                    && !x.w.ends_with("ing")
                    && !x.w.ends_with("ed")
                    && !matches!(
                        x.w.as_str(),
                        "been"
                            | "got"
                            | "gone"
                            | "had"
                            | "not"
                            | "just"
                            | "still"
                            | "always"
                            | "never"
                            | "really"
                            | "very"
                            | "so"
                            | "a"
                            | "an"
                            | "the"
                            | "on"
                            | "off"
                            | "in"
                            | "at"
                            | "back"
                            | "fine"
                            | "ok"
                            | "okay"
                            | "better"
                            | "worse"
                            | "poorly"
                            | "ill"
                            | "sick"
                            | "unwell"
                            | "too"
                            | "also"
                            | "now"
                            | "all"
                            | "quite"
                            | "bit"
                            | "more"
                            | "less"
                            | "much"
                            | "asleep"
                            | "awake"
                            | "out"
                            | "up"
                            | "down"
                            | "over"
                    )
            })
    }

    /// A thing at `k` is the subject of its clause, not an object or after a preposition: "the
    /// photo came out blurry", not "in his chair" or "can't find my glasses".
    fn thing_is_subject(&self, k: usize) -> bool {
        let w = self.words;
        // "the washing machine": the thing's own words start it.
        let first = k + 1 - self.tr.things.ending_at(w, k).unwrap_or(1);
        let cs = self.clause_start(k);
        // "my fantasy football team": a determiner and up to two plain words before it.
        if first > cs
            && first - cs <= 3
            && determiner(&w[cs].w)
            && (cs + 1..first).all(|j| {
                !w[j].w.ends_with("ed")
                    && !w[j].w.ends_with("ing")
                    && self.tr.writer_words.starting_at(w, j).is_none()
                    && self.tr.third_person.starting_at(w, j).is_none()
                    && self.tr.other_people.starting_at(w, j).is_none()
                    && self.patient_name_at(j).is_none()
            })
        {
            return true;
        }
        // Only determiners, owners and other nouns of the thing stand before it in its clause.
        (cs..first).all(|j| {
            determiner(&w[j].w)
                || w[j].possessive
                || matches!(
                    w[j].w.as_str(),
                    "waiting" | "front" | "back" | "whole" | "entire" | "all"
                )
                || self.tr.things.ending_at(w, j).is_some()
                || self.patient_name_at(j).is_some()
        })
    }

    /// Who a he/she/they at `k` stands for in a diary where it may be the patient: another
    /// person named before it in the sentence (not as company), else the patient.
    fn antecedent(&self, k: usize) -> Subject {
        let (w, tr) = (self.words, self.tr);
        let mut j = k;
        while j > 0 && w[j - 1].sentence == w[k].sentence {
            j -= 1;
            if self.patient_name_ending_at(j) {
                // "Sam's mum thinks she's seeing things": a relation of someone else is that
                // relation, when the pronoun fits.
                let owned = j > 0
                    && (self.owner_of_next(j - 1)
                        || matches!(w[j - 1].w.as_str(), "his" | "her" | "their"))
                    && self.heads_its_clause(j);
                if !owned {
                    return Subject::Patient;
                }
                if agrees(&w[k].w, &w[j].w) {
                    return Subject::Other;
                }
                continue;
            }
            if tr.third_person.ending_at(w, j).is_some() {
                // "the neighbour said he wants to kill himself": a reflexive is whoever the
                // pronoun before it is.
                let reflexive = matches!(w[k].w.as_str(), "himself" | "herself" | "themselves");
                return if reflexive && same_pronoun(&w[j].w, &w[k].w) {
                    self.antecedent(j)
                } else {
                    Subject::Patient
                };
            }
            // Only a person who is the subject of a clause ("the man in the next bed kept
            // shouting that he ..."), not an object ("doesn't want to see his mates, says he ...").
            // "the teacher says his hands were trembling": staff report on the patient.
            let staff_reporting = matches!(
                w[j].w.as_str(),
                "teacher" | "teachers" | "school" | "staff" | "nurse" | "doctor" | "carer"
            ) && w
                .get(j + 1)
                .is_some_and(|x| matches!(x.w.as_str(), "says" | "said" | "told" | "reported"));
            // A gendered person the pronoun agrees with counts even as an object: "the
            // ambulance was for the lady at number 6, she fainted in the heat".
            let gendered = agrees("he", &w[j].w) != agrees("she", &w[j].w)
                && !w[j].possessive
                && self.clause[j] != self.clause[k]
                && matches!(
                    w[k].w.as_str(),
                    "he" | "she" | "hes" | "shes" | "hed" | "shed"
                );
            if (tr.other_people.ending_at(w, j).is_some() || tr.animals.ending_at(w, j).is_some())
                && !staff_reporting
                // "then my aunt's baclofen as well, she's vomiting": an owner is not who "she" is.
                && !self.owner_of_next(j)
                && (self.heads_its_clause(j) || gendered)
                && agrees(&w[k].w, &w[j].w)
            {
                let companion = j > 0 && tr.companions.ending_at(w, j - 1).is_some()
                    || j > 1
                        && tr.companions.ending_at(w, j - 2).is_some()
                        && matches!(
                            w[j - 1].w.as_str(),
                            "my" | "the" | "a" | "our" | "his" | "her"
                        );
                if !companion {
                    return Subject::Other;
                }
            }
        }
        Subject::Patient
    }

    /// The person at `k` is the object of a verb in its clause: "stopped seeing his friends",
    /// not "the home's other client".
    fn object_of_a_verb(&self, k: usize) -> bool {
        let w = self.words;
        let cs = self.clause_start(k);
        let mut j = k;
        while j > cs
            && (determiner(&w[j - 1].w)
                || w[j - 1].possessive
                || matches!(
                    w[j - 1].w.as_str(),
                    "his"
                        | "her"
                        | "my"
                        | "their"
                        | "our"
                        | "other"
                        | "little"
                        | "best"
                        | "older"
                        | "old"
                        | "new"
                ))
        {
            j -= 1;
        }
        j > cs
            && !matches!(
                w[j - 1].w.as_str(),
                "and" | "or" | "but" | "with" | "to" | "for" | "from" | "at" | "by" | "of" | "in"
            )
    }

    /// Word `j` stands at the head of its clause: only determiners, owners and a few adjectives
    /// before it.
    fn heads_its_clause(&self, j: usize) -> bool {
        let w = self.words;
        (self.clause_start(j)..j).all(|k| {
            determiner(&w[k].w)
                || matches!(
                    w[k].w.as_str(),
                    "older" | "little" | "big" | "best" | "and" | "then" | "so" | "but" | "also"
                )
                || w[k].possessive
                || self.tr.other_people.ending_at(w, k).is_some()
        })
    }

    /// A person inside a mention who is its subject: a name, a reflexive ("kill himself"), the
    /// one who cannot be woken ("couldn't wake him"), whose life it is ("end his life"). Not
    /// the object of other verbs ("didn't recognise him").
    fn subject_inside(&self, s: usize, e: usize) -> Option<Subject> {
        let w = self.words;
        for k in (s..e).rev() {
            let word = w[k].w.as_str();
            let counts = self.patient_name_ending_at(k)
                // "I shouted and he still wouldn't wake": the mention opens with its subject.
                || (k == s && matches!(word, "he" | "she" | "hes" | "shes"))
                || matches!(
                    word,
                    "myself" | "himself" | "herself" | "themselves" | "yourself"
                )
                || (matches!(word, "him" | "her" | "them" | "me" | "us")
                    && k > s
                    && matches!(w[k - 1].stem.as_str(), "wake" | "woke" | "rous" | "waken"))
                // "the kids would manage fine without me": who they would be without.
                || (matches!(word, "him" | "her" | "me") && k > s && w[k - 1].w == "without")
                // "couldn't rouse my son": whose name or relation it is decides.
                || (self.names_someone_ending_at(k)
                    && (s.max(k.saturating_sub(2))..k)
                        .any(|j| matches!(w[j].stem.as_str(), "wake" | "woke" | "rous" | "waken")))
                || (matches!(word, "his" | "her" | "their" | "my")
                    && w.get(k + 1)
                        .is_some_and(|x| matches!(x.w.as_str(), "life" | "own")));
            if counts && let Some(x) = self.subject_at(k) {
                return Some(x);
            }
        }
        None
    }

    /// Who the mention at words[s..e] is about: a person inside the mention ("couldn't wake
    /// him"), else the nearest before it in the sentence, else the patient.
    fn subject(&self, s: usize, e: usize, doer_only: bool) -> Subject {
        if let Some(x) = self.subject_inside(s, e) {
            return x;
        }
        // Quoted words with no person of their own before the mention are the speaker's:
        // "Sam texted me 'sorry for everything, look after the kids'".
        if self.words[s].in_speech
            && !(0..s).any(|k| self.words[k].in_speech && self.subject_at(k).is_some())
            && let Some(x) = self.speaker_of(s)
        {
            return x;
        }
        if let Some(x) = self.subject_right_after(s, e, doer_only) {
            return x;
        }
        if let Some(x) = self.seen_in_a_state(s) {
            return x;
        }
        self.subject_before(s, doer_only)
    }

    /// "I've never seen him so confused", "found her this drowsy": the person seen is the one
    /// in the state, not the one who saw.
    fn seen_in_a_state(&self, s: usize) -> Option<Subject> {
        let w = self.words;
        let mut k = s;
        let mut steps = 0;
        while k > 0 && steps < 3 {
            k -= 1;
            steps += 1;
            if w[k].comma_before && k + 1 < s || w[k].sentence != w[s].sentence {
                return None;
            }
            if matches!(w[k].w.as_str(), "him" | "her" | "them" | "me")
                && k > 0
                && matches!(
                    w[k - 1].w.as_str(),
                    "seen"
                        | "saw"
                        | "see"
                        | "sees"
                        | "found"
                        | "find"
                        | "finds"
                        | "noticed"
                        | "watched"
                        | "caught"
                )
                && (k + 1..s).all(|j| {
                    matches!(
                        w[j].w.as_str(),
                        "so" | "this" | "that" | "really" | "very" | "looking" | "all" | "quite"
                    )
                })
            {
                return self.subject_at(k);
            }
        }
        None
    }

    /// Whose it is, said right after the mention: "exhausting for the volunteers", "splitting
    /// headache myself", "nappy rash on the baby".
    fn subject_right_after(&self, s: usize, e: usize, doer_only: bool) -> Option<Subject> {
        let w = self.words;
        // "exhausting for the volunteers": who it is for, right after it.
        if !doer_only
            && w.get(e).is_some_and(|x| {
                matches!(x.w.as_str(), "for" | "to") && x.sentence == w[s].sentence
            })
        {
            let k = if w
                .get(e + 1)
                .is_some_and(|x| matches!(x.w.as_str(), "the" | "all" | "our"))
            {
                e + 2
            } else {
                e + 1
            };
            if k < w.len() && self.tr.other_people.starting_at(w, k).is_some() {
                return Some(Subject::Other);
            }
        }
        // "splitting headache myself": the writer's own, whoever the diary is about.
        // Also "tired and snappy myself".
        let reach = if w.get(e).is_some_and(|x| x.w == "and") {
            3
        } else {
            2
        };
        if let Some(k) = (e..(e + reach).min(w.len()))
            .find(|&k| matches!(w[k].w.as_str(), "myself" | "himself" | "herself"))
            && w[k].sentence == w[s].sentence
        {
            // "the nurse on the ward was short of breath herself": a staff member's own.
            if k > 0 && self.role_before(s) {
                return Some(Subject::Other);
            }
            if let Some(who) = self.subject_at(k) {
                return Some(who);
            }
        }
        // "a rash on my hands", "cramp in my own leg": whose body it is, right after it.
        if let Some(x) = w.get(e)
            && matches!(x.w.as_str(), "on" | "in" | "across" | "over")
            && x.sentence == w[s].sentence
            && let Some(o) = w.get(e + 1)
            && o.w == "my"
            && self.patient_name_at(e + 1).is_none()
            && w.get(e + 2)
                .is_some_and(|p| body_part(&p.w) || p.w == "own")
            && let Some(who) = self.subject_at(e + 1)
        {
            return Some(who);
        }
        // "nappy rash on the baby": whose skin it is, right after it.
        if let Some(x) = w.get(e)
            && x.w == "on"
            && x.sentence == w[s].sentence
            && self.patient_name_at(e + 1).is_none()
        {
            let k = if w.get(e + 1).is_some_and(|x| determiner(&x.w)) {
                e + 2
            } else {
                e + 1
            };
            if k < w.len()
                && self.patient_name_at(k).is_none()
                && (self.tr.other_people.starting_at(w, k).is_some()
                    || self.tr.animals.starting_at(w, k).is_some())
            {
                return Some(Subject::Other);
            }
        }
        None
    }

    /// Who a relative clause or an earlier handling is about, at word `k` before the mention at
    /// `s`: "his friend who had a fit", "they sat me up, felt dizzy".
    fn subject_of_clause(&self, k: usize, s: usize) -> Option<Subject> {
        let w = self.words;
        // "his friend who had a fit": the one the relative clause is about.
        if matches!(w[k].w.as_str(), "who" | "that" | "whod" | "whos")
            && k > 0
            && w[k - 1].sentence == w[k].sentence
            && self.clause[k] == self.clause[s]
        {
            if self.patient_name_ending_at(k - 1) {
                return Some(Subject::Patient);
            }
            if self.tr.other_people.ending_at(w, k - 1).is_some()
                || self.tr.animals.ending_at(w, k - 1).is_some()
            {
                return Some(Subject::Other);
            }
        }
        // "they sat me up, felt dizzy": the one in the earlier clause who then felt it.
        if w[k].w == "me"
            && self.clause[k] != self.clause[s]
            && s - k <= 6
            && k > 0
            && matches!(
                w[k - 1].w.as_str(),
                "sat"
                    | "stood"
                    | "got"
                    | "helped"
                    | "lifted"
                    | "moved"
                    | "turned"
                    | "put"
                    | "took"
                    | "brought"
                    | "woke"
                    | "rolled"
                    | "laid"
                    | "hoisted"
                    | "walked"
            )
            && let Some(x) = self.subject_at(k)
        {
            return Some(x);
        }
        None
    }

    /// "a patient on my ward had a seizure": an owner after a preposition owns a place;
    /// it is not the subject.
    fn owns_a_place(&self, k: usize, s: usize) -> bool {
        let w = self.words;
        matches!(
            w[k].w.as_str(),
            "my" | "his" | "her" | "their" | "our" | "your"
        ) && k > 0
            && k + 1 < s
            && w[k - 1].sentence == w[k].sentence
            && matches!(
                w[k - 1].w.as_str(),
                "on" | "in"
                    | "at"
                    | "from"
                    | "into"
                    | "onto"
                    | "near"
                    | "outside"
                    | "inside"
                    | "around"
                    | "round"
                    | "across"
                    | "through"
                    | "under"
                    | "behind"
                    | "past"
                    | "along"
            )
            && self.patient_name_at(k).is_none()
            && self.patient_name_at(k + 1).is_none()
            && self.tr.other_people.starting_at(w, k + 1).is_none()
    }

    /// A member of staff heads the mention's clause ("the nurse (herself) was wheezing"): said
    /// with an emphatic "herself" or "himself", what follows is theirs, not the patient's.
    fn role_before(&self, s: usize) -> bool {
        let start = self.clause_start(s);
        (start..s).any(|j| is_staff(&self.words[j].w) && self.heads_its_clause(j))
    }

    /// A member of staff at `k` heads the mention's clause and tells of their own state, not of
    /// the patient's: "the carer from the agency had a fever", "Sam's carer phoned in sick with
    /// a migraine"; not "the nurse says he has a fever" or "the carer noticed his rash".
    fn staff_own(&self, k: usize, s: usize) -> bool {
        let w = self.words;
        is_staff(&w[k].w)
            && !w[k].possessive
            && self.clause[k] == self.clause[s]
            && self.heads_its_clause(k)
            && (k + 1..self.clause_end(s)).all(|j| {
                !matches!(
                    w[j].w.as_str(),
                    "says" | "said" | "told" | "tells" | "reported" | "reports" | "thinks"
                        | "thought" | "noticed" | "found" | "reckons" | "noted" | "mentioned"
                        | "asked" | "checked" | "saw" | "sees" | "spotted" | "wrote" | "that"
                        | "worried" | "concerned" | "explained" | "warned"
                ) && self.tr.third_person.starting_at(w, j).is_none()
                    && self.patient_name_at(j).is_none()
                    // The patient's doses, pump or person acted on: "the nurse couldn't refill
                    // the pump", "the GP halved my dose", "the carer gave it me again".
                    && !matches!(
                        w[j].w.as_str(),
                        "his" | "her" | "their" | "him" | "them" | "my" | "me" | "our" | "us"
                            | "pump" | "refill" | "dose" | "doses" | "tablets" | "baclofen"
                            | "meds" | "it" | "gave" | "give" | "given"
                    )
            })
    }

    /// The nearest person before the mention in its sentence who is its subject, else the
    /// patient.
    /// Word `k` lies in an aside set off by commas right after one of the patient's names
    /// ("Sam, our eldest, has been ..."), before the mention at `s`: the name's last word.
    fn appositive_of_patient(&self, k: usize, s: usize) -> Option<usize> {
        let w = self.words;
        let p = (k.saturating_sub(4)..k).rev().find(|&p| {
            w[p + 1].comma_before
                && self.patient_name_ending_at(p)
                && (p + 2..=k).all(|j| !w[j].comma_before)
        })?;
        let close = (p + 2..s).find(|&j| w[j].comma_before)?;
        (k < close && close - (p + 1) <= 4).then_some(p)
    }

    fn subject_before(&self, s: usize, doer_only: bool) -> Subject {
        let w = self.words;
        let mut k = self.past_a_side_clause(s).unwrap_or(s);
        while k > 0 && w[k - 1].sentence == w[s].sentence {
            k -= 1;
            // "Sam, our eldest, has been low": an aside after the patient's name is the name.
            if let Some(p) = self.appositive_of_patient(k, s) {
                k = p + 1;
                continue;
            }
            if let Some(x) = self.subject_of_clause(k, s) {
                return x;
            }
            // "the nurse herself was wheezing"
            if matches!(w[k].w.as_str(), "herself" | "himself") && self.role_before(s) {
                return Subject::Other;
            }
            if self.staff_own(k, s) {
                return Subject::Other;
            }
            // An object pronoun is the subject right before the mention ("found him fitting")
            // or after a verb that makes it feel something ("made me want to heave"), never
            // further back ("to make them last and the cramps are back").
            let causative = k > 0
                && self.clause[k] == self.clause[s]
                && matches!(
                    w[k - 1].w.as_str(),
                    "made"
                        | "make"
                        | "makes"
                        | "making"
                        | "left"
                        | "leave"
                        | "leaves"
                        | "leaving"
                        | "keeps"
                        | "kept"
                        | "got"
                        | "gets"
                );
            // "found me in the car park not knowing where I was": the one found.
            let found = k > 0
                && self.clause[k] == self.clause[s]
                && matches!(
                    w[k - 1].w.as_str(),
                    "found" | "find" | "finds" | "caught" | "spotted" | "noticed" | "discovered"
                );
            // "forgot I'd had them, chucking up": an object in an earlier clause is not the
            // subject; "me: sick as a dog" labels whose it is.
            if (k + 1 < s || self.clause[k] != self.clause[s] && !w[k + 1].colon_before)
                && !(causative && s - k <= 3)
                && !(found && s - k <= 7)
                && matches!(w[k].w.as_str(), "him" | "them" | "me" | "us" | "it")
            {
                continue;
            }
            // "I think", "I reckon": the writer hedging, not the subject; "I checked and it was
            // 38.2": the writer measuring.
            if w[k].w == "i"
                && w.get(k + 1).is_some_and(|x| {
                    matches!(
                        x.w.as_str(),
                        "think"
                            | "reckon"
                            | "guess"
                            | "suppose"
                            | "believe"
                            | "wonder"
                            | "suspect"
                            | "checked"
                            | "measured"
                    )
                })
            {
                continue;
            }
            // A comparison is not the subject: "talking to me like I'm her sister".
            if self.clause[k] != self.clause[s]
                && (self.clause_start(k)..k).any(|j| w[j].w == "like")
            {
                continue;
            }
            // A possessive pronoun stands for a thing, not a person: "took his tablets and then
            // mine by mistake, now very sleepy".
            if matches!(w[k].w.as_str(), "mine" | "yours") {
                continue;
            }
            if self.not_carried_over(k, s) {
                continue;
            }
            // Whose tablets is not who took them: "took my husband's baclofen as well as mine",
            // also with the apostrophe left out ("my wifes tablets").
            if doer_only
                && (w[k].possessive
                    || w[k].w.ends_with('s')
                        && self.tr.medicine_after.starting_at(w, k + 1).is_some())
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
            if self.owns_a_place(k, s) {
                continue;
            }
            // "knocking on a neighbour's door thinking it was my flat": an owner after a
            // preposition is neither the doer nor the one it happened to.
            if self.owner_of_next(k) && k + 1 < s && !body_part(&w[k + 1].w) && {
                let mut j = k;
                while j > 0 && determiner(&w[j - 1].w) {
                    j -= 1;
                }
                j > 0
                    && matches!(
                        w[j - 1].w.as_str(),
                        "on" | "at" | "in" | "into" | "to" | "from" | "outside" | "near" | "by"
                    )
            } {
                continue;
            }
            if let Some(x) = self.subject_at_as(k, !doer_only) {
                return x;
            }
        }
        Subject::Patient
    }

    /// Someone at `k`, in a clause before the mention at `s`, who is not its subject: owners
    /// and people met in an earlier clause, and an object before "and" and a verb.
    fn not_carried_over(&self, k: usize, s: usize) -> bool {
        let w = self.words;
        // Owners of an earlier clause do not carry over ("gave him his tablets, shaking",
        // "took my wife's tablets by mistake, been sick"), nor people seen or met in it
        // ("seeing little men on the cabinet, didn't know which house I was in").
        if self.clause[k] != self.clause[s]
            && (matches!(w[k].w.as_str(), "his" | "their" | "her")
                || w[k].possessive
                    // Whose medicine, not whose illness: "took my wife's tablets, been sick"
                    // but not "my son's asthma is playing up, wheezy all week".
                    && self.tr.medicine_after.starting_at(w, k + 1).is_some()
                    // "my son's got chickenpox": "'s" for "has" or "is" is a subject.
                    && !w.get(k + 1).is_some_and(|x| {
                        matches!(
                            x.w.as_str(),
                            "got" | "been" | "had" | "gone" | "not" | "just" | "still"
                                | "always" | "never" | "very" | "so" | "really" | "feeling"
                                | "complaining" | "being" | "having" | "getting" | "now"
                                | "also" | "off" | "a" | "an" | "in" | "at" | "come"
                        )
                    })
                    && self.subject_at_as(k, false) == Some(Subject::Other)
                || self.tr.other_people.ending_at(w, k).is_some()
                    && !self.patient_name_ending_at(k)
                    && !self.heads_its_clause(k))
        {
            return true;
        }
        // An object followed by "and" and a verb with no subject of its own: the verb is
        // the clause subject's ("He's stopped seeing his friends and says everything feels
        // hopeless").
        self.tr.other_people.ending_at(w, k).is_some()
            && !self.patient_name_ending_at(k)
            && self.object_of_a_verb(k)
            && (k + 1..s.saturating_sub(1)).any(|j| {
                w[j].w == "and"
                    && matches!(
                        w[j + 1].w.as_str(),
                        "says"
                            | "said"
                            | "tells"
                            | "told"
                            | "feels"
                            | "felt"
                            | "keeps"
                            | "kept"
                            | "seems"
                            | "seemed"
                            | "cries"
                            | "cried"
                            | "is"
                            | "was"
                            | "has"
                            | "had"
                            | "wont"
                            | "cant"
                            | "doesnt"
                            | "didnt"
                            | "looks"
                            | "looked"
                            | "hasnt"
                            | "isnt"
                            | "wasnt"
                            | "gets"
                            | "got"
                    )
            })
    }

    /// "missed his doses while I was away and doesn't know where he is": a mention right after
    /// an "and" with no subject of its own, inside a side clause ("while", "when", "because"),
    /// belongs to the subject before that side clause. Returns where to look back from.
    fn past_a_side_clause(&self, s: usize) -> Option<usize> {
        let w = self.words;
        let cs = self.clause_start(s);
        let side = matches!(
            w[cs].w.as_str(),
            "while" | "whilst" | "when" | "because" | "after" | "before" | "since" | "until" | "as"
        );
        let elided = (s.saturating_sub(2)..s).any(|a| {
            a > cs
                && w[a].w == "and"
                && (a + 1 == s
                    || matches!(
                        w[a + 1].w.as_str(),
                        "still" | "now" | "then" | "just" | "also" | "really" | "totally"
                    ))
        });
        (cs > 0 && side && elided && w[cs - 1].sentence == w[s].sentence).then_some(cs)
    }

    /// A hedge in the mention's clause: "a bit", "slightly", "I think", "maybe".
    fn hedge(&self, s: usize, e: usize) -> Option<String> {
        let w = self.words;
        let (a, b) = (self.clause_start(s), self.clause_end(s).max(e));
        let find = |a: usize, b: usize| {
            (a..b)
                .find_map(|k| self.tr.hedges.starting_at(w, k).map(|len| (k, len)))
                .map(|(k, len)| join(&w[k..k + len]))
        };
        find(a, b).or_else(|| {
            // "probably nothing but my temp's 38.2", "maybe it's just a cold, but she's 38.3":
            // a hedge put before a "but" that opens the sentence covers what follows.
            let first = (0..=s)
                .rev()
                .take_while(|&j| w[j].sentence == w[s].sentence)
                .last()?;
            let but = (first..s).find(|&j| w[j].w == "but")?;
            (but - first <= 14).then(|| find(first, but)).flatten()
        })
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

/// A negated verb: "didn't", "wasn't", "can't", "not".
fn negated_verb(w: &str) -> bool {
    matches!(
        w,
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
    )
}

/// A word that brings a story back to the present: "today", "this (week)", "again", "lately".
fn now_word(w: &str) -> bool {
    matches!(
        w,
        "today" | "tonight" | "this" | "currently" | "again" | "recently" | "lately" | "nowadays"
    )
}

/// A member of staff: "nurse", "carer", "physio", "gp".
pub(super) fn is_staff(w: &str) -> bool {
    matches!(
        w,
        "nurse"
            | "nurses"
            | "doctor"
            | "doc"
            | "gp"
            | "carer"
            | "paramedic"
            | "physio"
            | "consultant"
            | "neurologist"
            | "neuro"
            | "pharmacist"
            | "therapist"
            | "dentist"
            | "teacher"
            | "driver"
            | "cleaner"
            | "receptionist"
    )
}

fn join(ws: &[Word]) -> String {
    ws.iter()
        .map(|x| x.w.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A pronoun agrees with the person it may stand for: "Teachers say he was short-tempered" is
/// not about the teachers; "her sister ... he" is not the sister.
fn agrees(pronoun: &str, person: &str) -> bool {
    let singular = matches!(
        pronoun,
        "he" | "hes"
            | "hed"
            | "him"
            | "his"
            | "himself"
            | "she"
            | "shes"
            | "shed"
            | "her"
            | "herself"
    );
    let male = matches!(pronoun, "he" | "hes" | "hed" | "him" | "his" | "himself");
    let female = matches!(pronoun, "she" | "shes" | "shed" | "her" | "herself");
    let plural = person.ends_with('s') && !matches!(person, "boss" | "mrs" | "miss")
        || matches!(
            person,
            "children" | "grandchildren" | "people" | "men" | "women" | "folk" | "staff"
        );
    let woman = matches!(
        person,
        "mum"
            | "mother"
            | "wife"
            | "sister"
            | "daughter"
            | "aunt"
            | "auntie"
            | "gran"
            | "granny"
            | "grandma"
            | "grandmother"
            | "nan"
            | "nana"
            | "nanna"
            | "girl"
            | "girlfriend"
            | "woman"
            | "lady"
            | "niece"
            | "lass"
            | "stepmum"
            | "granddaughter"
            | "gf"
    );
    let man = matches!(
        person,
        "dad"
            | "father"
            | "husband"
            | "brother"
            | "son"
            | "uncle"
            | "grandad"
            | "granddad"
            | "grandpa"
            | "grandfather"
            | "boy"
            | "boyfriend"
            | "man"
            | "guy"
            | "bloke"
            | "fella"
            | "lad"
            | "nephew"
            | "stepdad"
            | "stepson"
            | "grandson"
            | "bf"
    );
    !(singular && plural || male && woman || female && man)
}

/// Two third-person pronouns that can be the same person: "he ... himself", "she ... herself".
fn same_pronoun(a: &str, b: &str) -> bool {
    let class = |x: &str| match x {
        "he" | "hes" | "hed" | "him" | "his" | "himself" => 1,
        "she" | "shes" | "shed" | "her" | "hers" | "herself" => 2,
        "they" | "theyre" | "theyve" | "them" | "their" | "themselves" => 3,
        _ => 0,
    };
    class(a) != 0 && class(a) == class(b)
}

/// A part of the body named on its own: "legs", "my arm", "her face".
fn body_part(w: &str) -> bool {
    matches!(
        w,
        "hands"
            | "hand"
            | "arms"
            | "arm"
            | "legs"
            | "leg"
            | "feet"
            | "foot"
            | "knees"
            | "knee"
            | "face"
            | "back"
            | "chest"
            | "neck"
            | "stomach"
            | "tummy"
            | "belly"
            | "skin"
            | "body"
            | "voice"
            | "speech"
            | "eyes"
            | "vision"
            | "balance"
            | "grip"
            | "appetite"
            | "calf"
            | "calves"
            | "thigh"
            | "thighs"
            | "toes"
            | "fingers"
            | "lips"
    )
}

/// Determiners, owners and the commonest adjectives that may stand before the head of a noun
/// phrase ("the old", "my new", "these").
fn determiner(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "my"
            | "his"
            | "her"
            | "their"
            | "our"
            | "your"
            | "this"
            | "that"
            | "these"
            | "those"
            | "new"
            | "old"
    )
}

/// A word before a year that dates something: "in 2015", "back 2009", "summer 2019".
fn year_preposition(w: &str) -> bool {
    matches!(
        w,
        "in" | "back"
            | "was"
            | "during"
            | "around"
            | "from"
            | "of"
            | "summer"
            | "winter"
            | "spring"
            | "autumn"
            | "christmas"
            | "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    )
}
