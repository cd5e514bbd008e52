//! Signs and dose stories read from the shape of a text rather than from one phrase:
//! blood-pressure readings ("BP 86/54"), reality checks ("talking to a man in the corner ...
//! there's nobody there"), and numbers compared ("took 4 instead of 2", "cut down from 60 to 20
//! in two days").

use super::Exclusion;
use super::scope::Scope;
use super::{SignMatch, TextAnalysis, push_context};
use crate::safety::catalog::Catalog;

/// A sign mention at words[s..e], read in its context like any lexicon match.
pub(super) fn mention(
    cat: &Catalog,
    id: &str,
    scope: &Scope,
    (s, e): (usize, usize),
    matched: String,
) -> Option<SignMatch> {
    let sign = cat.sign(id)?;
    // A reading is the patient's own unless said of someone else: "the machine said 87 over 53"
    // and "took dad's blood pressure, 90/55" are readings, not things.
    let r = scope.judge_as(s, e, !matches!(id, "low_blood_pressure" | "pump_alarm"));
    Some(SignMatch {
        id: sign.id.clone(),
        title: sign.title.clone(),
        categories: sign.categories.clone(),
        urgency: sign.urgency,
        matched,
        sources: sign.sources.clone(),
        excluded: r.excluded,
        hedge: r.hedge,
        as_usual: r.as_usual,
        span: (s, e),
        evidence: true,
    })
}

/// Below 90 systolic is low blood pressure (NHS "low blood pressure": lower than 90/60).
const LOW_SYSTOLIC: u32 = 90;
/// Below 90/60 is low blood pressure (NHS); "90/55" is low by its lower figure.
const LOW_DIASTOLIC: u32 = 60;

/// "BP 86/54", "blood pressure was 88/52": a reading with a blood-pressure word in its sentence.
pub(super) fn blood_pressure(
    cat: &Catalog,
    scope: &Scope,
    span_text: &dyn Fn(usize, usize) -> String,
) -> Vec<SignMatch> {
    let w = scope.words;
    let mut out = Vec::new();
    for i in 0..w.len() {
        // "86/54", or as it is said: "85 over 50".
        let (reading, end) = match w[i].w.split_once('/') {
            Some((a, b)) => ((a, b), i + 1),
            None if i + 2 < w.len() && w[i + 1].w == "over" => {
                ((w[i].w.as_str(), w[i + 2].w.as_str()), i + 3)
            }
            None => continue,
        };
        let (Ok(sys), Ok(dia)) = (reading.0.parse::<u32>(), reading.1.parse::<u32>()) else {
            continue;
        };
        if !(50..=250).contains(&sys) || !(25..=150).contains(&dia) || dia >= sys {
            continue;
        }
        let sent = w[i].sentence;
        let bp_word = (0..w.len()).any(|k| {
            w[k].sentence == sent
                && (matches!(
                    w[k].w.as_str(),
                    "bp" | "bps" | "pressure" | "monitor" | "cuff" | "systolic" | "machine"
                ) || (w[k].w == "pressure" && k > 0 && w[k - 1].w == "blood"))
        });
        if bp_word
            && (sys < LOW_SYSTOLIC || dia < LOW_DIASTOLIC)
            && let Some(m) = mention(
                cat,
                "low_blood_pressure",
                scope,
                (i, end),
                span_text(i, end),
            )
        {
            out.push(m);
        }
    }
    out
}

/// A perception or an exchange ("keeps talking to a man in the corner", "can hear a radio")
/// and, later in the same or the next sentence, that nothing is there ("There's nobody there.",
/// "everything's off"): a hallucination.
pub(super) fn reality_checks(
    cat: &Catalog,
    scope: &Scope,
    span_text: &dyn Fn(usize, usize) -> String,
) -> Vec<SignMatch> {
    let (w, tr) = (scope.words, scope.triggers());
    let mut out = Vec::new();
    for j in 0..w.len() {
        // "watched a film about someone who passed out": fainted, not died.
        let passed_out = |len: usize| {
            w[j + len - 1].w == "passed" && w.get(j + len).is_some_and(|x| x.w == "out")
        };
        let listed = tr
            .not_real
            .starting_at(w, j)
            .filter(|&len| !passed_out(len))
            .and_then(|_| {
                let sent = w[j].sentence;
                let lo = j.saturating_sub(30);
                let mut seen = (lo..j).rev().filter_map(|k| {
                    (w[k].sentence + 1 >= sent)
                        .then(|| tr.perception.starting_at(w, k).map(|len| (k, len)))
                        .flatten()
                });
                let nearest = seen.next()?;
                // "I can see kids in the garden but my husband says there's nobody there": the
                // one who says so checks what was seen before.
                if reporting(&w[nearest.0].w)
                    && let Some(earlier) = seen.find(|&(k, _)| !reporting(&w[k].w))
                {
                    return Some(earlier);
                }
                Some(nearest)
            });
        let found = listed.or_else(|| denied_perception(w, j, |k| tr.perception.starting_at(w, k)));
        let Some((k, len)) = found else {
            continue;
        };
        if k + len > j {
            continue;
        }
        // "saw a fox in the garden, the garden is empty now": it has gone, not a check.
        if (j..(j + 6).min(w.len())).any(|x| {
            w[x].sentence == w[j].sentence
                && (x == j || !w[x].comma_before)
                && matches!(w[x].w.as_str(), "now" | "anymore" | "nowadays")
        }) {
            continue;
        }
        // "says he's never seen things that weren't there"
        if (k..(k + 5).min(j)).any(|x| {
            matches!(
                w[x].w.as_str(),
                "never" | "not" | "didnt" | "hasnt" | "havent" | "hadnt" | "doesnt" | "isnt"
            )
        }) {
            continue;
        }
        // Looking or asking for someone who is not there ("keeps asking for his mum who passed
        // in 2003") is disorientation; seeing or talking to them is a hallucination.
        let seeking = matches!(
            w[k].w.as_str(),
            "looking" | "asking" | "calling" | "waiting"
        ) && w.get(k + 1).is_some_and(|x| x.w == "for");
        let id = if seeking {
            "altered_mental_state"
        } else {
            "hallucination"
        };
        // The words matched run to the end of the check: "... and I don't own a dog".
        let end = (j + 1..(j + 4).min(w.len()))
            .take_while(|&x| w[x].sentence == w[j].sentence && !w[x].comma_before)
            .last()
            .map_or(j + 1, |x| x + 1);
        if let Some(m) = mention(cat, id, scope, (k, k + len), span_text(k, end)) {
            out.push(m);
        }
    }
    out
}

/// A verb that reports what someone says or believes, which may be the reality check itself.
fn reporting(w: &str) -> bool {
    matches!(
        w,
        "says" | "said" | "thinks" | "told" | "tells" | "insists" | "insisted" | "swears" | "swore"
    )
}

/// A day or a time of the week: "there's no GP on Fridays".
fn timetable_word(w: &str) -> bool {
    let w = w.strip_suffix('s').unwrap_or(w);
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "weekend"
            | "today"
            | "tomorrow"
            | "till"
            | "until"
            | "anymore"
            | "now"
            | "left"
    )
}

/// Words that name something heard or seen that could be there or not: a person, an animal, a
/// sound. "hearing someone calling my name and the flat's empty".
fn perceived_being(w: &str) -> bool {
    matches!(
        w,
        "someone"
            | "somebody"
            | "people"
            | "person"
            | "man"
            | "men"
            | "woman"
            | "women"
            | "lady"
            | "kids"
            | "children"
            | "child"
            | "boy"
            | "girl"
            | "voice"
            | "voices"
            | "music"
            | "footsteps"
            | "knocking"
            | "singing"
            | "talking"
            | "whispering"
            | "name"
            | "figure"
            | "figures"
            | "faces"
            | "soldiers"
    )
}

/// A reality check told by what was perceived, not by a stock phrase: the thing seen is denied
/// ("there's a dog at the foot of my bed and I don't own a dog", "music coming out of the
/// radiator. There's no music."), or the place it was in is empty or dry ("saw children playing in
/// the garden. the garden is empty.", "hearing someone calling my name and the flat's empty").
/// Returns the perception (start, length) that the check at `j` answers.
fn denied_perception(
    w: &[super::words::Word],
    j: usize,
    perception: impl Fn(usize) -> Option<usize>,
) -> Option<(usize, usize)> {
    let word = |k: usize| w.get(k).map_or("", |x| x.w.as_str());
    let same = |k: usize| k < w.len() && w[k].sentence == w[j].sentence;
    // What the check denies: the thing (its index), or an empty place.
    let (thing, empty) = if word(j) == "no"
        && (matches!(word(j.wrapping_sub(1)), "theres" | "is" | "was" | "are" | "were")
            || matches!(word(j + 2), "there" | "in" | "at" | "playing"))
        && same(j + 1)
        // "there's no GP on Fridays": a timetable, not a denial of what was seen.
        && !(j + 2..j + 5).any(|k| same(k) && timetable_word(word(k)))
    {
        (Some(j + 1), false)
    } else if matches!(word(j), "own" | "have" | "got" | "keep")
        && matches!(
            word(j.wrapping_sub(1)),
            "dont" | "doesnt" | "havent" | "hasnt" | "never" | "didnt"
        )
        && same(j + 1)
    {
        // "we don't have cats", "I don't own a dog".
        let t = if matches!(word(j + 1), "a" | "an" | "any") {
            j + 2
        } else {
            j + 1
        };
        (Some(t).filter(|&t| same(t)), false)
    } else if matches!(word(j), "empty" | "dry" | "silent" | "spotless" | "bare")
        && j >= 1
        && (matches!(
            word(j - 1),
            "is" | "was" | "are" | "were" | "bone" | "completely" | "totally" | "dead" | "stone"
        ) || w[j - 1].possessive
            || (w[j - 1].w.ends_with('s') && w[j - 1].w.len() > 3))
    {
        // The place: the noun before the verb ("the garden is empty", "the flat's empty").
        let mut p = j - 1;
        while p > 0
            && matches!(
                word(p),
                "is" | "was"
                    | "are"
                    | "were"
                    | "bone"
                    | "completely"
                    | "totally"
                    | "dead"
                    | "stone"
            )
        {
            p -= 1;
        }
        (Some(p), true)
    } else {
        return None;
    };
    let thing = thing?;
    // A device or a message checked and found quiet is not a perception denied: "there's no
    // alarm on it".
    if !empty
        && matches!(
            w[thing].stem.as_str(),
            "alarm"
                | "beep"
                | "alert"
                | "error"
                | "messag"
                | "text"
                | "call"
                | "letter"
                | "email"
                | "appoint"
                | "signal"
                | "read"
                | "record"
                | "note"
                | "warn"
                | "light"
        )
    {
        return None;
    }
    let sent = w[j].sentence;
    let lo = j.saturating_sub(30);
    // A perception before the check, in the same or the sentence before, whose next few words
    // name the thing denied (or, for an empty place, a being or a sound).
    (lo..j).rev().find_map(|k| {
        if w[k].sentence + 1 < sent {
            return None;
        }
        let len = perception(k).or_else(|| {
            (word(k) == "theres"
                || (word(k) == "there" && matches!(word(k + 1), "is" | "are" | "was" | "were"))
                || matches!(word(k), "watched" | "watching" | "noticed" | "spotted"))
            .then_some(1)
        })?;
        // Seeing a professional is a visit ("saw the GP, there's no GP on Fridays now").
        if super::scope::is_staff(word(k + len)) || super::scope::is_staff(word(k + len + 1)) {
            return None;
        }
        // "heard the kids next door": someone really there.
        if (k + len..j).any(|e| {
            w[e].w.starts_with("neighbour") || (word(e) == "next" && word(e + 1) == "door")
        }) {
            return None;
        }
        // "there's water running down the walls, they're bone dry": the place said again as
        // a pronoun.
        let pronoun = empty && matches!(word(thing), "theyre" | "its" | "it" | "they" | "thats");
        let heard = pronoun && k + len < thing
            || (k + len..(k + len + 12).min(j)).any(|e| {
                (w[e].stem == w[thing].stem && e != thing) || (empty && perceived_being(&w[e].w))
            });
        heard.then_some((k, len))
    })
}

fn number(w: &str) -> Option<f64> {
    // "15ml instead of 5ml": an amount written with its unit.
    let w = w
        .strip_suffix("mg")
        .or_else(|| w.strip_suffix("mls"))
        .or_else(|| w.strip_suffix("ml"))
        .unwrap_or(w);
    // "the 25s", "the 10mgs": tablets named by their strength.
    let w = match w.strip_suffix('s') {
        Some(d) if !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) => d,
        _ => w.strip_suffix("mgs").unwrap_or(w),
    };
    if let Some(d) = super::words::digit_word(w).filter(|&d| d > 0.0) {
        return Some(d);
    }
    Some(match w {
        "a" => 1.0,
        "both" => 2.0,
        "ten" => 10.0,
        "half" => 0.5,
        _ => w.parse::<f64>().ok().filter(|v| v.is_finite())?,
    })
}

fn determiner_or_usual(w: &str) -> bool {
    matches!(
        w,
        "the" | "my" | "his" | "her" | "their" | "usual" | "normal" | "a"
    )
}

/// "took 4 instead of 2", "took the 25s instead of the 10s" (too much) and "cut myself down from 60 to 20 in two days" (a fast
/// reduction: half or less, not a planned taper).
pub(super) fn compared_numbers(
    cat: &Catalog,
    scope: &Scope,
    span_text: &dyn Fn(usize, usize) -> String,
    out: &mut TextAnalysis,
) {
    let w = scope.words;
    let n = w.len();
    let same = |a: usize, b: usize| b < n && w[a].sentence == w[b].sentence;
    let word = |k: usize| w.get(k).map_or("", |x| x.w.as_str());
    for i in 0..n {
        // "took 4 instead of 2"
        // "took the 20mg tabs thinking they were the 10s": what was meant, as after "instead of".
        let meant_at = if word(i) == "instead" && word(i + 1) == "of" {
            Some(i + 2)
        } else if matches!(word(i), "thinking" | "thought")
            && matches!(word(i + 1), "they" | "it" | "theyre" | "its")
        {
            Some(if matches!(word(i + 2), "were" | "was") {
                i + 3
            } else {
                i + 2
            })
        } else {
            None
        };
        if let Some(from) = meant_at
            && i >= 1
        {
            // "instead of 2", "instead of the 10s", "instead of my usual 10".
            let Some((end, after)) = (from..(from + 3).min(n))
                .take_while(|&k| k == from || determiner_or_usual(word(k - 1)))
                .find_map(|k| number(word(k)).filter(|_| same(i, k)).map(|v| (k + 1, v)))
            else {
                continue;
            };
            // The amount given, in the unit of the one meant when there is one: "gave my son 10
            // ml of the 25mg/5ml instead of 2 ml".
            let unit = word(end);
            let before = (i.saturating_sub(6)..i)
                .rev()
                .filter(|&k| same(k, i))
                .find_map(|k| {
                    number(word(k))
                        .filter(|_| matches!(unit, "ml" | "mls") && word(k + 1) == unit)
                        .map(|v| (k, v))
                })
                .or_else(|| {
                    (i.saturating_sub(3)..i)
                        .rev()
                        .find_map(|k| number(word(k)).map(|v| (k, v)))
                });
            let took = |k: usize| {
                (k.saturating_sub(3)..k).any(|t| {
                    same(t, k)
                        && matches!(
                            word(t),
                            "took"
                                | "taken"
                                | "take"
                                | "taking"
                                | "had"
                                | "swallowed"
                                | "gave"
                                | "given"
                                | "got"
                                | "grabbed"
                                | "popped"
                                | "used"
                                | "picked"
                                | "drew"
                                | "drawn"
                        )
                })
            };
            // "gave him 2ml instead of 10ml of the liquid": less than meant is no overdose,
            // whatever a mix-up phrase around it said.
            if let Some((k, v)) = before
                && v < after
                && word(k).starts_with(|c: char| c.is_ascii_digit())
                && took(k)
            {
                out.contexts.retain(|c| {
                    !(c.rule == "overdose_window"
                        && c.matched.to_lowercase().contains("instead of"))
                });
            }
            if let Some((k, v)) = before
                && v > after
                && took(k)
                && scope.judge_context(k, end).is_none()
                && let end = if matches!(unit, "ml" | "mls" | "mg" | "mgs") {
                    end + 1
                } else {
                    end
                }
                && let Some(c) = cat.contexts.iter().find(|c| c.rule == "overdose_window")
            {
                let lo = k.saturating_sub(3);
                push_context(out, c, span_text(lo, end), scope.context_hedge(lo, end));
            }
        }
        fast_reduction(cat, scope, span_text, out, i);
    }
}

/// "cut myself down from 60 to 20 in two days": a fall to half or less, not a planned taper.
fn fast_reduction(
    cat: &Catalog,
    scope: &Scope,
    span_text: &dyn Fn(usize, usize) -> String,
    out: &mut TextAnalysis,
    i: usize,
) {
    let w = scope.words;
    let n = w.len();
    let same = |a: usize, b: usize| b < n && w[a].sentence == w[b].sentence;
    let word = |k: usize| w.get(k).map_or("", |x| x.w.as_str());
    if word(i) == "from" {
        let Some(from) = number(word(i + 1)).filter(|_| same(i, i + 1)) else {
            return;
        };
        let to_at = if word(i + 2) == "to" {
            i + 3
        } else if word(i + 2) == "down" && word(i + 3) == "to" {
            i + 4
        } else {
            return;
        };
        let Some(to) = number(word(to_at)).filter(|_| same(i, to_at)) else {
            return;
        };
        let reduced = (i.saturating_sub(4)..i).any(|k| {
            matches!(
                word(k),
                "cut"
                    | "cutting"
                    | "reduced"
                    | "reducing"
                    | "dropped"
                    | "dropping"
                    | "down"
                    | "lowered"
                    | "halved"
                    | "went"
                    | "came"
                    | "weaned"
            )
        });
        let planned = (0..n).any(|k| {
            same(i, k)
                && matches!(
                    word(k),
                    "slowly"
                        | "gradually"
                        | "taper"
                        | "tapering"
                        | "tapered"
                        | "planned"
                        | "plan"
                        | "weeks"
                        | "months"
                        | "schedule"
                )
        });
        if reduced
            && !planned
            && to * 2.0 <= from
            && scope.judge_context(i, to_at + 1).is_none()
            && let Some(c) = cat.contexts.iter().find(|c| c.rule == "withdrawal_window")
        {
            let lo = i.saturating_sub(4);
            push_context(
                out,
                c,
                span_text(lo, to_at + 1),
                scope.context_hedge(lo, to_at + 1),
            );
        }
    }
}

/// A pump refill told as missed across a comma or a clause, in a note about a pump: "my pump
/// refill was meant to be Monday, I forgot, it's now Friday", "the refill appointment was two
/// weeks ago and nobody rang to rebook". Only when no pump mention was read already; never for
/// "forgot to refill my prescription" in a note without a pump.
pub(super) fn missed_refill(
    cat: &Catalog,
    scope: &Scope,
    span_text: &dyn Fn(usize, usize) -> String,
    hits: &[SignMatch],
) -> Option<SignMatch> {
    let w = scope.words;
    let word = |k: usize| w.get(k).map_or("", |x| x.w.as_str());
    // A note about a pump, or a refill with an appointment, a date or a nurse (a prescription is
    // renewed, not given an appointment).
    let pump_note = w.iter().any(|x| {
        matches!(
            x.w.as_str(),
            "pump" | "pumps" | "reservoir" | "itb" | "intrathecal"
        )
    }) || (0..w.len()).any(|r| {
        w[r].stem.starts_with("refil")
            && matches!(
                word(r + 1),
                "appointment" | "appt" | "date" | "day" | "visit" | "clinic" | "nurse"
            )
    });
    // "clinic cancelled and I never got a new date, refill is now a week overdue": a refill
    // from a clinic, in a note that names no tablets or pharmacy.
    let clinic_refill = w.iter().any(|x| x.w == "clinic")
        && w.iter().any(|x| x.stem.starts_with("refil"))
        && !w.iter().any(|x| {
            matches!(
                x.w.as_str(),
                "pharmacy" | "chemist" | "prescription" | "script" | "tablets" | "pills" | "meds"
            )
        });
    if hits.iter().any(|h| h.id == "pump_alarm") || !(pump_note || clinic_refill) {
        return None;
    }
    let denied = |k: usize| {
        (k.saturating_sub(2)..k).any(|j| {
            matches!(
                word(j),
                "didnt" | "not" | "never" | "nobody" | "noone" | "hasnt" | "wasnt" | "havent"
            ) || word(j) == "one" && j > 0 && word(j - 1) == "no"
        })
    };
    for r in (0..w.len()).filter(|&r| w[r].stem.starts_with("refil")) {
        if let Some(m) = refill_date_passed(cat, scope, span_text, r) {
            return Some(m);
        }
        let sent = w[r].sentence;
        let hit = (r.saturating_sub(4)..(r + 14).min(w.len()))
            .filter(|&k| w[k].sentence == sent && k != r)
            .find(|&k| {
                // "now I'm past the refill-by date on my card", "the date had passed"
                let past = word(k) == "past" && k < r && !denied(k)
                    || word(k) == "passed" && k > r && matches!(word(k - 1), "had" | "has");
                let missed = past
                    || matches!(word(k), "forgot" | "forgotten" | "overdue" | "lapsed")
                    && !matches!(word(k + 1), "to" | "about")
                    && !denied(k)
                    || word(k) == "missed" && !denied(k)
                    // "the refill appointment was yesterday and I couldn't get there"
                    || matches!(word(k), "couldnt" | "cant")
                        && matches!(word(k + 1), "get" | "make" | "attend" | "go" | "drive")
                    // "the refill-by date on dad's pump card was yesterday"
                    || word(k) == "was"
                        && word(k + 1) == "yesterday"
                        && !(k + 2..w.len()).any(|j| {
                            matches!(word(j), "done" | "went" | "refilled" | "topped")
                        })
                    || matches!(word(k), "nobody" | "noone")
                        && matches!(
                            word(k + 1),
                            "rang" | "called" | "phoned" | "came" | "turned"
                        )
                    || word(k) == "no"
                        && word(k + 1) == "one"
                        && matches!(word(k + 2), "rang" | "called" | "phoned" | "came");
                // Not "the refill went ahead, but she missed her oral doses".
                let other_doses = (k + 1..(k + 4).min(w.len())).any(|j| {
                    matches!(
                        word(j),
                        "dose" | "doses" | "tablets" | "tablet" | "pills" | "oral" | "meds"
                    )
                });
                let turned = (r.min(k)..r.max(k)).any(|j| matches!(word(j), "but" | "however"));
                missed && !other_doses && !turned
            });
        // "what to do if the pump alarms or if he gets a fever after a missed refill"
        let condition =
            (0..r).any(|j| w[j].sentence == sent && matches!(word(j), "if" | "whether" | "unless"));
        if let Some(k) = hit.filter(|_| !condition) {
            let (a, b) = (r.min(k), r.max(k) + 1);
            // Read as a plan or a wish ("was meant to be Monday") it is still missed once
            // forgotten; only someone else's pump, a topic or the past rule it out.
            let mut m = mention(cat, "pump_alarm", scope, (a, b), span_text(a, b))?;
            if matches!(
                m.excluded,
                None | Some(Exclusion::Hypothetical) | Some(Exclusion::Negated)
            ) {
                m.excluded = None;
                return Some(m);
            }
        }
    }
    None
}

/// A farewell and a handover in one text: "I'm done, sorry for everything, look after the
/// kids", "goodbye, tell mum I love her, the passwords are in the drawer". Saying goodbye and
/// putting affairs in order are warning signs of suicide (AFSP, 988 Lifeline); either alone
/// is ordinary ("sorry for everything I said", "look after the kids while I'm out").
pub(super) fn farewell(
    cat: &Catalog,
    scope: &Scope,
    span_text: &dyn Fn(usize, usize) -> String,
) -> Option<SignMatch> {
    const FAREWELL: [&str; 7] = [
        "sorry for everything",
        "forgive me",
        "goodbye",
        "love you all",
        "im done",
        "this is goodbye",
        "say goodbye",
    ];
    const HANDOVER: [&str; 8] = [
        "look after the",
        "look after my",
        "look after mum",
        "look after dad",
        "take care of the",
        "take care of my",
        "tell the kids",
        "passwords are",
    ];
    let w = scope.words;
    let at = |k: usize, p: &str| {
        p.split(' ')
            .enumerate()
            .all(|(i, x)| w.get(k + i).is_some_and(|y| y.w == x))
    };
    let find = |list: &[&str]| {
        (0..w.len()).find_map(|k| {
            list.iter()
                .find(|p| at(k, p))
                .map(|p| (k, k + p.split(' ').count()))
        })
    };
    let (a, b) = find(&FAREWELL)?;
    let (c, d) = find(&HANDOVER)?;
    // "sorry for everything I said", "can you look after the dog": an apology for something
    // and a request are not a farewell.
    if matches!(
        w.get(b).map(|x| x.w.as_str()),
        Some("i" | "ive" | "that" | "we")
    ) || c > 0
        && !w[c].comma_before
        && w[c - 1].sentence == w[c].sentence
        && !matches!(w[c - 1].w.as_str(), "please" | "and" | "just")
    {
        return None;
    }
    if w[a].sentence.abs_diff(w[c].sentence) > 1 {
        return None;
    }
    // The words shown run to the one looked after: "... look after the kids".
    let d = if w
        .get(d)
        .is_some_and(|x| x.sentence == w[c].sentence && !x.comma_before)
    {
        d + 1
    } else {
        d
    };
    let (lo, hi) = (a.min(c), b.max(d));
    let m = mention(cat, "suicidal_thoughts", scope, (a, b), span_text(lo, hi))?;
    Some(m)
}

/// A day of the week, however written ("sunday", "thurs").
pub(super) fn is_weekday(w: &str) -> bool {
    weekday(w).is_some()
}

/// "tuesday", "thurs": a day of the week, Monday 0.
fn weekday(w: &str) -> Option<u32> {
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let full = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    (0..7u32).find(|&d| {
        let (short, long) = (days[d as usize], full[d as usize]);
        w == long || w == short || (w.len() > 3 && long.starts_with(w))
    })
}

/// A sound and an implanted pump in one sentence, in either order: "a chirping coming from my
/// belly, it's the pump", "beeping through the wall and it turned out to be Sam's pump". A pump
/// that makes any sound is sounding an alarm; which one is for the clinic to say. Only when no
/// pump alarm was read already and no non-critical alarm is named (`named_noncritical`).
pub(super) fn pump_sound(
    cat: &Catalog,
    scope: &Scope,
    span_text: &dyn Fn(usize, usize) -> String,
    hits: &[SignMatch],
    named_noncritical: bool,
) -> Option<SignMatch> {
    if named_noncritical || hits.iter().any(|h| h.id == "pump_alarm") {
        return None;
    }
    let w = scope.words;
    let word = |k: usize| w.get(k).map_or("", |x| x.w.as_str());
    let pump = |k: usize| {
        word(k) == "pump"
            && !matches!(
                word(k.wrapping_sub(1)),
                "air"
                    | "bike"
                    | "breast"
                    | "insulin"
                    | "feeding"
                    | "feed"
                    | "water"
                    | "heat"
                    | "petrol"
                    | "pond"
                    | "sump"
                    | "tyre"
                    | "mattress"
                    | "fuel"
                    | "bilge"
                    | "tank"
                    | "milk"
                    | "foot"
                    | "hand"
                    | "stomach"
                    | "pool"
                    | "fish"
            )
            // "the pump nurse", "the pump manual": people and papers about the pump.
            && !matches!(
                word(k + 1),
                "nurse" | "nurses" | "clinic" | "team" | "manual" | "leaflet" | "booklet"
                    | "guide" | "card" | "specialist" | "doctor" | "consultant" | "service"
                    | "helpline" | "training" | "demo" | "video"
            )
    };
    let sound = |k: usize| {
        let x = word(k);
        [
            "beep", "bleep", "chirp", "alarm", "buzz", "siren", "squeal", "whistl", "doorbell",
        ]
        .iter()
        .any(|p| x.starts_with(p))
            || matches!(x, "tone" | "tones" | "noise" | "noises" | "boop")
    };
    // Another device's sound ("the smoke alarm", "alarm clock", "alarm reminders on my phone").
    let device = |j: usize| {
        matches!(
            word(j.wrapping_sub(1)),
            "smoke"
                | "fire"
                | "burglar"
                | "car"
                | "microwave"
                | "oven"
                | "kettle"
                | "bedside"
                | "phone"
                | "phones"
                | "door"
                | "clock"
                | "watch"
                | "washing"
                | "dryer"
                | "house"
                | "carbon"
                | "co"
                | "monitor"
                | "baby"
                | "my"
                | "set"
        ) || matches!(
            word(j + 1),
            "clock" | "clocks" | "date" | "reminder" | "reminders" | "set" | "on" | "app"
        )
    };
    // A sentence that says the pump is fine, or that rules the sound out.
    let calm = |sent: usize| {
        (0..w.len()).any(|k| {
            w[k].sentence == sent
                && (matches!(
                    word(k),
                    "fine"
                        | "quiet"
                        | "silent"
                        | "normal"
                        | "ok"
                        | "okay"
                        | "nothing"
                        | "not"
                        | "never"
                        | "checked"
                        | "whirring"
                        | "whirr"
                        | "whir"
                        | "hum"
                        | "humming"
                ) || word(k) == "no" && word(k + 1) != "idea")
        })
    };
    for p in (0..w.len()).filter(|&p| pump(p)) {
        let sent = w[p].sentence;
        if calm(sent) {
            continue;
        }
        let near = |j: usize| j.abs_diff(p) <= 8;
        let Some(j) = (0..w.len()).find(|&j| {
            w[j].sentence == sent
                && sound(j)
                && !device(j)
                // "what the alarms sound like": a question about sounds.
                && !(j.saturating_sub(3)..j).any(|q| matches!(word(q), "what" | "which" | "how"))
                && (near(j) || !matches!(word(j), "tone" | "tones" | "noise" | "noises"))
        }) else {
            continue;
        };
        let (a, b) = (p.min(j), p.max(j) + 1);
        let mut m = mention(cat, "pump_alarm", scope, (j, j + 1), span_text(a, b))?;
        // "heard beeping ... turned out to be Sam's pump": the pump is the explanation.
        if m.excluded == Some(Exclusion::Explained) && p > j {
            m.excluded = None;
        }
        return Some(m);
    }
    None
}

/// "the 2nd", "11th": a day of the month.
fn day_of_month(w: &str) -> Option<u32> {
    let d = w
        .strip_suffix("st")
        .or_else(|| w.strip_suffix("nd"))
        .or_else(|| w.strip_suffix("rd"))
        .or_else(|| w.strip_suffix("th"))?;
    d.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
}

/// "the refill was booked for the 2nd ... they haven't rung back, and today is the 11th": a
/// refill day named, a later day named as today, and nothing saying the refill was done.
fn refill_date_passed(
    cat: &Catalog,
    scope: &Scope,
    span_text: &dyn Fn(usize, usize) -> String,
    r: usize,
) -> Option<SignMatch> {
    let w = scope.words;
    let word = |k: usize| w.get(k).map_or("", |x| x.w.as_str());
    let today_word = |k: usize| {
        (k.saturating_sub(4)..k)
            .any(|j| matches!(word(j), "today" | "todays" | "now" | "its" | "tonight"))
    };
    // "refill date was tuesday, it's thursday": days of the week, the later one said as today.
    let weekday_passed = || {
        let (due_at, due) = (r + 1..(r + 7).min(w.len()))
            .take_while(|&k| w[k].sentence == w[r].sentence)
            .find_map(|k| weekday(word(k)).map(|d| (k, d)))?;
        (due_at + 1..(due_at + 6).min(w.len())).find_map(|k| {
            let d = weekday(word(k))?;
            (today_word(k) && d != due && word(k.saturating_sub(1)) != "on").then_some((k, 1, 0))
        })
    };
    let (today_at, today, due) = match weekday_passed() {
        Some(x) => x,
        None => {
            let due = (r + 1..(r + 8).min(w.len()))
                .take_while(|&k| w[k].sentence == w[r].sentence)
                .find_map(|k| day_of_month(word(k)))?;
            let (at, today) = (r + 1..w.len()).find_map(|k| {
                let d = day_of_month(word(k))?;
                (today_word(k) && word(k.saturating_sub(1)) == "the").then_some((k, d))
            })?;
            (at, today, due)
        }
    };
    let done = (r + 1..w.len()).any(|k| {
        matches!(
            word(k),
            "done"
                | "refilled"
                | "completed"
                | "ahead"
                | "topped"
                | "filled"
                | "went"
                | "fine"
                | "smoothly"
                | "happened"
                | "attended"
        )
    });
    if done || today <= due || today - due > 28 {
        return None;
    }
    let mut m = mention(
        cat,
        "pump_alarm",
        scope,
        (r, r + 1),
        span_text(r, today_at + 1),
    )?;
    if matches!(m.excluded, None | Some(Exclusion::Hypothetical)) {
        m.excluded = None;
        return Some(m);
    }
    None
}
