//! Words as people write them: tokens with their place in the text, one canonical form for the
//! many spellings of one word group ("could not", "couldn't", "couldnt", "wasn't able to"),
//! texting shorthand, Porter2 stems (rust-stemmers) and a capped edit distance for typos.

use std::collections::HashMap;

use super::lexicon::hash_word;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TokKind {
    Word,
    /// A comma, colon, bracket or a dash between spaces: a clause may end here.
    Comma,
    /// A sentence end: . ! ? ; or a line break.
    Boundary,
}

#[derive(Debug, Clone)]
pub(super) struct Tok {
    pub w: String,
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
    /// Ended in "'s" ("dad's", "Sam's").
    pub possessive: bool,
    /// Written with a capital first letter.
    pub cap: bool,
    /// Written between quote marks on its own ("the 'rash'").
    pub quoted: bool,
    /// Inside double quotes: someone's words ("Sam texted \"I can't do this\"").
    pub in_speech: bool,
}

fn quote_mark(c: Option<char>) -> bool {
    matches!(c, Some('"' | '\'' | '‘' | '’' | '“' | '”'))
}

/// Lower-cases, drops apostrophes inside words ("didn't" -> "didnt"), splits hyphens, keeps
/// decimals ("39.2"), turns the degree sign into a word and "&" into "and", and marks commas,
/// dashes and sentence ends.
pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut cur = String::new();
    let mut cur_start = 0;
    let mut cur_end = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut poss = false;
    let mut speech = false;
    let mut single = false;
    let flush = |out: &mut Vec<Tok>,
                 cur: &mut String,
                 s: usize,
                 e: usize,
                 poss: &mut bool,
                 speech: bool| {
        if !cur.is_empty() {
            out.push(Tok {
                w: std::mem::take(cur),
                start: s,
                end: e,
                kind: TokKind::Word,
                possessive: *poss,
                cap: text[s..].starts_with(|c: char| c.is_uppercase()),
                quoted: quote_mark(text[..s].chars().next_back())
                    && quote_mark(text[e..].chars().next()),
                in_speech: speech,
            });
        }
        *poss = false;
    };
    let mark = |out: &mut Vec<Tok>, kind: TokKind, w: &str, pos: usize, len: usize| {
        if kind == TokKind::Word || out.last().is_none_or(|t| t.kind != kind) {
            out.push(Tok {
                w: w.to_string(),
                start: pos,
                end: pos + len,
                kind,
                possessive: false,
                cap: false,
                quoted: false,
                in_speech: false,
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
            // Inside a word: dropped. "'s" at the end of a word marks a possessive.
            poss = next == Some('s') && chars.get(i + 2).is_none_or(|x| !x.1.is_alphanumeric());
        } else if (c == '/' || c == ':')
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit())
            && !cur.is_empty()
            && cur.chars().all(|x| x.is_ascii_digit())
        {
            // "84/50": a blood pressure reading stays one word; so does a time ("14:00").
            cur.push(c);
            cur_end = pos + 1;
        } else if (c == '.' || c == ',')
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit())
            && !cur.is_empty()
            && cur.chars().all(|x| x.is_ascii_digit() || x == '.')
        {
            cur.push('.');
            cur_end = pos + 1;
        } else {
            flush(&mut out, &mut cur, cur_start, cur_end, &mut poss, speech);
            // Single quotes open only before a letter after a space, and close only an opening
            // one: "Sam texted 'I'm done, sorry' from the car park" (not "the kids' coats").
            let opens = prev.is_none_or(|p| p.is_whitespace() || p == '(')
                && next.is_some_and(char::is_alphabetic);
            let closes = next.is_none_or(|n| n.is_whitespace() || n.is_ascii_punctuation());
            match c {
                '“' => (speech, single) = (true, false),
                '”' => speech = false,
                '"' => (speech, single) = (!speech, false),
                '\'' | '‘' | '’' if !speech && opens => (speech, single) = (true, true),
                '\'' | '‘' | '’' if speech && single && closes => speech = false,
                _ => {}
            }
            let spaced =
                prev.is_none_or(char::is_whitespace) && next.is_none_or(char::is_whitespace);
            match c {
                '.' | '!' | ';' | '\n' | '\r' => {
                    // "..." and "!!" are one boundary.
                    if out.last().is_some_and(|t| t.kind == TokKind::Comma) {
                        out.pop();
                    }
                    mark(&mut out, TokKind::Boundary, "", pos, 1);
                }
                ',' | ':' | '?' | '(' | ')' | '–' | '—'
                    if out.last().is_none_or(|t| t.kind != TokKind::Boundary) =>
                {
                    let mark_as = if c == ':' { ":" } else { "," };
                    mark(&mut out, TokKind::Comma, mark_as, pos, c.len_utf8());
                }
                '-' if spaced => mark(&mut out, TokKind::Comma, ",", pos, 1),
                '&' | '+' if spaced => mark(&mut out, TokKind::Word, "and", pos, 1),
                '/' if cur_is(&out, "w") => {
                    // "w/o" and "w/": without, with.
                    let last = out.last_mut().expect("checked");
                    if next == Some('o') && chars.get(i + 2).is_none_or(|x| !x.1.is_alphanumeric())
                    {
                        last.w = "without".into();
                    } else {
                        last.w = "with".into();
                    }
                }
                '°' | 'º' => mark(&mut out, TokKind::Word, "deg", pos, c.len_utf8()),
                _ => {}
            }
        }
    }
    flush(&mut out, &mut cur, cur_start, cur_end, &mut poss, speech);
    // The "o" left over from "w/o".
    let mut i = 1;
    while i < out.len() {
        if out[i].w == "o" && out[i - 1].w == "without" && out[i].start == out[i - 1].end + 1 {
            out[i - 1].end = out[i].end;
            out.remove(i);
        } else {
            i += 1;
        }
    }
    out
}

fn cur_is(out: &[Tok], w: &str) -> bool {
    out.last()
        .is_some_and(|t| t.kind == TokKind::Word && t.w == w)
}

/// Words whose "'s" is "is" or "has", never a possessive.
const CONTRACTED: &[&str] = &[
    "he",
    "she",
    "it",
    "that",
    "what",
    "who",
    "there",
    "here",
    "where",
    "how",
    "let",
    "this",
    "when",
    "why",
    "everyone",
    "everybody",
    "someone",
    "somebody",
    "nobody",
    "nothing",
    "something",
    "everything",
];

/// A word of the text after canonical rewriting, with the byte span it came from.
#[derive(Debug, Clone)]
pub(super) struct Word {
    pub w: String,
    pub stem: String,
    pub start: usize,
    pub end: usize,
    /// A comma (or dash) stood right before this word.
    pub comma_before: bool,
    /// That mark was a colon ("the signs to watch for: fever, ...").
    pub colon_before: bool,
    pub sentence: usize,
    /// Written with a capital first letter.
    pub cap: bool,
    /// Written with "'s" that is not "is" or "has" ("Sam's birthday").
    pub possessive: bool,
    /// Written between quote marks on its own ("the 'rash' was fence paint").
    pub quoted: bool,
    /// Inside double quotes: someone's words.
    pub in_speech: bool,
    /// `hash_word` of the word and of its stem (trigger lists are keyed by them).
    pub hash: u64,
    pub stem_hash: u64,
}

/// Rewrites word groups into one canonical form: "could not" -> "couldnt", "wasnt able to" ->
/// "couldnt", "cnt" -> "cant", "idk" -> "i dont know". Longest match first.
/// One rewrite: the words it replaces and the words it puts in their place.
type Rewrite = (Vec<String>, Vec<String>);

#[derive(Debug, Default)]
pub(super) struct Canon {
    by_first: HashMap<String, Vec<Rewrite>>,
}

impl Canon {
    /// `rules` are "from words=to words".
    pub fn new(rules: &[String]) -> Canon {
        let mut c = Canon::default();
        for r in rules {
            let Some((from, to)) = r.split_once('=') else {
                continue;
            };
            let from: Vec<String> = from.split_whitespace().map(str::to_string).collect();
            let to: Vec<String> = to.split_whitespace().map(str::to_string).collect();
            if let Some(f) = from.first() {
                c.by_first.entry(f.clone()).or_default().push((from, to));
            }
        }
        for v in c.by_first.values_mut() {
            v.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
        }
        c
    }

    /// Turns tokens into words: canonical forms, sentence ids and comma marks.
    pub fn words(&self, toks: &[Tok], stem: &dyn Fn(&str) -> String) -> Vec<Word> {
        // Word tokens with their comma/sentence context.
        let mut raw: Vec<(usize, bool, usize)> = Vec::new();
        let mut colons: Vec<bool> = Vec::new();
        let mut sid = 0;
        let mut comma = false;
        let mut colon = false;
        for (i, t) in toks.iter().enumerate() {
            match t.kind {
                TokKind::Word => {
                    raw.push((i, comma, sid));
                    colons.push(colon);
                    comma = false;
                    colon = false;
                }
                TokKind::Comma => {
                    comma = true;
                    colon |= t.w == ":";
                }
                TokKind::Boundary => {
                    sid += 1;
                    comma = false;
                    colon = false;
                }
            }
        }
        let mut out: Vec<Word> = Vec::with_capacity(raw.len());
        let mut k = 0;
        while k < raw.len() {
            let first = &toks[raw[k].0].w;
            let hit = self.by_first.get(first.as_str()).and_then(|cands| {
                cands.iter().find(|(from, _)| {
                    k + from.len() <= raw.len()
                        && from.iter().enumerate().all(|(j, f)| {
                            let (ti, c, s) = raw[k + j];
                            toks[ti].w == *f && (j == 0 || (!c && s == raw[k].2))
                        })
                })
            });
            match hit {
                Some((from, to)) => {
                    let start = toks[raw[k].0].start;
                    let end = toks[raw[k + from.len() - 1].0].end;
                    for w in to {
                        let st = stem(w);
                        out.push(Word {
                            w: w.clone(),
                            hash: hash_word(w),
                            stem_hash: hash_word(&st),
                            stem: st,
                            start,
                            end,
                            comma_before: raw[k].1 && out.last().is_none_or(|l| l.start != start),
                            colon_before: colons[k] && out.last().is_none_or(|l| l.start != start),
                            sentence: raw[k].2,
                            cap: toks[raw[k].0].cap,
                            possessive: false,
                            quoted: false,
                            in_speech: toks[raw[k].0].in_speech,
                        });
                    }
                    k += from.len();
                }
                None => {
                    let t = &toks[raw[k].0];
                    // "dad's pump" -> "dad pump"; "he's", "it's", "that's" stay contractions.
                    let w = match t.w.strip_suffix('s') {
                        Some(base) if t.possessive && !CONTRACTED.contains(&base) => base,
                        _ => t.w.as_str(),
                    };
                    let st = stem(w);
                    out.push(Word {
                        w: w.to_string(),
                        hash: hash_word(w),
                        stem_hash: hash_word(&st),
                        stem: st,
                        start: t.start,
                        end: t.end,
                        comma_before: raw[k].1,
                        colon_before: colons[k],
                        sentence: raw[k].2,
                        cap: t.cap,
                        possessive: w.len() < t.w.len(),
                        quoted: t.quoted,
                        in_speech: t.in_speech,
                    });
                    k += 1;
                }
            }
        }
        out
    }
}

/// Optimal-string-alignment distance, capped: returns `max + 1` as soon as it is exceeded.
/// Allocation-free for words up to 40 characters (longer words never match fuzzily).
#[allow(clippy::needless_range_loop)]
pub(super) fn damerau(a: &str, b: &str, max: usize) -> usize {
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

/// How many typos a word of this length may carry: one from 5 letters, two from 10.
pub(super) fn typo_allowance(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=9 => 1,
        _ => 2,
    }
}

/// A word as it sounds, for typos that follow the sound ("headake", "nausious", "dizzie"): "ch",
/// "ck", "c" and "q" become "k", "ph" "f", "z" "s", "ee" "i", and doubled letters one.
pub(super) fn sound(w: &str) -> String {
    let w = w
        .replace("ch", "k")
        .replace("ck", "k")
        .replace("ph", "f")
        .replace("ee", "i")
        .replace(['c', 'q'], "k")
        .replace('z', "s");
    let mut out = String::with_capacity(w.len());
    for c in w.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// A digit said as a word ("seven"), for numbers written in words.
pub(super) fn digit_word(w: &str) -> Option<f64> {
    Some(match w {
        "zero" | "nought" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        _ => return None,
    })
}
