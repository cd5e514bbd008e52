//! Body temperatures in a text: "temp 39.2", "101.5F", "38 degrees", read in °C; "38 degrees
//! outside" is weather.

use super::lexicon::Phrases;
use super::words::{Word, damerau, digit_word};

pub(super) struct TempWords {
    pub temperature_words: Phrases,
    pub weather: Phrases,
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

/// A temperature written in words, starting at word `i`: "thirty-eight point five", "a hundred
/// and two", "one hundred and one point four". Returns the value and the end of its words.
fn number_in_words(words: &[Word], i: usize) -> Option<(f64, usize)> {
    // "thirty-eight point oh".
    let unit = |w: &str| if w == "oh" { Some(0.0) } else { digit_word(w) };
    let at = |k: usize| {
        words
            .get(k)
            .filter(|x| x.sentence == words[i].sentence)
            .map(|x| x.w.as_str())
    };
    let mut k = i;
    let mut v = match at(k)? {
        "thirty" => 30.0,
        "forty" => 40.0,
        "ninety" => 90.0,
        "hundred" => 100.0,
        "a" | "one" if at(k + 1) == Some("hundred") => {
            k += 1;
            100.0
        }
        _ => return None,
    };
    k += 1;
    if v == 100.0 && at(k) == Some("and") && at(k + 1).and_then(unit).is_some() {
        k += 1;
    }
    if let Some(u) = at(k).and_then(unit) {
        v += u;
        k += 1;
    }
    if at(k) == Some("point")
        && let Some(d) = at(k + 1).and_then(unit)
    {
        v += d / 10.0;
        k += 2;
    }
    Some((v, k))
}

/// A temperature word, also misspelt ("temprature", "tempreture").
fn temp_word_at(m: &TempWords, words: &[Word], k: usize) -> bool {
    m.temperature_words.starting_at(words, k).is_some()
        || (words[k].w.len() >= 9 && damerau(&words[k].w, "temperature", 2) <= 2)
}

/// Words after a number that say it is not a temperature.
fn unit_after(w: &str) -> bool {
    matches!(
        w,
        "mg" | "mgs"
            | "ml"
            | "mls"
            | "mcg"
            | "g"
            | "kg"
            | "kgs"
            | "kilos"
            | "lb"
            | "lbs"
            | "st"
            | "stone"
            | "pounds"
            | "quid"
            | "dollars"
            | "euros"
            | "p"
            | "percent"
            | "pc"
            | "km"
            | "miles"
            | "mph"
            | "cm"
            | "mm"
            | "inches"
            | "hours"
            | "hrs"
            | "minutes"
            | "mins"
            | "seconds"
            | "secs"
            | "days"
            | "weeks"
            | "years"
            | "fm"
            | "am"
            | "pm"
            | "units"
            | "tablets"
            | "pills"
            | "x"
    )
}

/// Where the words describing a temperature start (the temperature word, if any).
pub(super) fn temp_start(m: &TempWords, words: &[Word], i: usize) -> usize {
    let lo = i.saturating_sub(4);
    (lo..i)
        .find(|&k| words[k].sentence == words[i].sentence && temp_word_at(m, words, k))
        .unwrap_or(i)
}

/// Reads a body temperature starting at word `i`, in °C, and the end of its words.
/// A number written alone with one decimal between 38.0 and 43.0 ("now he's rigid and 38.9"),
/// with no unit or currency around it, is a temperature in °C.
pub(super) fn read_temperature(
    m: &TempWords,
    words: &[Word],
    text: &str,
    i: usize,
) -> Option<(f64, usize)> {
    let next = |k: usize| {
        words
            .get(k)
            .filter(|x| x.sentence == words[i].sentence)
            .map(|x| x.w.as_str())
    };
    // "38 point 5": a decimal said aloud (voice typing).
    let spoken_decimal = |k: usize| {
        (next(k) == Some("point"))
            .then(|| next(k + 1))
            .flatten()
            .and_then(|d| {
                digit_word(d).or_else(|| (d.len() == 1).then(|| d.parse::<f64>().ok()).flatten())
            })
    };
    let (v, mut unit, mut end, in_words, decimal) = match parse_number(&words[i].w) {
        Some((v, None)) if v.fract() == 0.0 && spoken_decimal(i + 1).is_some() => {
            let d = spoken_decimal(i + 1).unwrap_or(0.0);
            (v + d / 10.0, None, i + 3, false, true)
        }
        Some((v, u)) => {
            let one_decimal = words[i]
                .w
                .split_once('.')
                .is_some_and(|(_, d)| d.chars().filter(char::is_ascii_digit).count() == 1);
            (v, u, i + 1, false, one_decimal)
        }
        None => {
            let (v, e) = number_in_words(words, i)?;
            let decimal = (i..e).any(|k| words[k].w == "point");
            (v, None, e, true, decimal)
        }
    };
    let after = end;
    if unit.is_none() {
        match next(after) {
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
                match next(after + 1) {
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
    let sent = words[i].sentence;
    let lo = i.saturating_sub(4);
    let temp_word = (lo..i).any(|k| words[k].sentence == sent && temp_word_at(m, words, k));
    // A bare number with one decimal: 38.0-43.0 is °C, 99.5-108.0 is °F ("she's at 100.9").
    let bare_celsius = || {
        let money = text[..words[i].start].ends_with(['£', '$', '€'])
            || (i.saturating_sub(3)..i).any(|k| {
                words[k].sentence == sent
                    && matches!(
                        words[k].w.as_str(),
                        "paid"
                            | "pay"
                            | "cost"
                            | "costs"
                            | "spent"
                            | "price"
                            | "priced"
                            | "worth"
                            | "bought"
                            | "sold"
                            | "charged"
                            | "owe"
                            | "owed"
                            | "bill"
                            | "fare"
                            | "station"
                            | "radio"
                            | "channel"
                            | "tuned"
                            | "listening"
                            | "page"
                            | "score"
                            | "scored"
                            | "room"
                            | "number"
                            | "bus"
                            | "route"
                            | "mileage"
                            | "weighed"
                            | "weigh"
                            | "weighs"
                            | "weight"
                    )
            });
        (!in_words || (38.0..=43.0).contains(&v))
            && decimal
            && ((38.0..=43.0).contains(&v) || !in_words && (99.5..=108.0).contains(&v))
            && !money
            && next(after).is_none_or(|x| !unit_after(x))
    };
    if unit.is_none() && !temp_word && !bare_celsius() {
        return None;
    }
    let weather = weather_near(m, words, i, decimal && unit.is_some()) || weather_said(words, i);
    // "temperature outside hit 38": the weather word right after the temperature word.
    let weather_named = (lo..i).any(|k| {
        words[k].sentence == sent
            && temp_word_at(m, words, k)
            && words.get(k + 1).is_some_and(|x| {
                matches!(x.w.as_str(), "outside" | "outdoors" | "today" | "forecast")
            })
            && m.weather.starting_at(words, k + 1).is_some()
    });
    if weather && (!temp_word || weather_named) {
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

/// A weather word in the sentence of the reading at `i` ("38 in Seville today, stayed in the
/// shade"); a place only in the reading's own clause ("38 in the car", not "moving house, now
/// running 101.8"); none for a reading to the tenth with a unit and a body that feels it ("38.7C
/// in the hotel room and sweating buckets").
fn weather_near(m: &TempWords, words: &[Word], i: usize, exact: bool) -> bool {
    let sent = words[i].sentence;
    let same_clause = |k: usize| {
        let (a, b) = (k.min(i), k.max(i));
        (a + 1..=b).all(|j| !words[j].comma_before)
    };
    let felt = (0..words.len()).any(|k| {
        words[k].sentence == sent
            && matches!(
                words[k].w.as_str(),
                "sweating" | "shivering" | "shaking" | "clammy" | "burning" | "feverish"
            )
    });
    if exact && felt {
        return false;
    }
    (0..words.len()).any(|k| {
        words[k].sentence == sent
            && m.weather.starting_at(words, k).is_some()
            && (same_clause(k)
                || !matches!(
                    words[k].w.as_str(),
                    "room"
                        | "house"
                        | "office"
                        | "car"
                        | "water"
                        | "bath"
                        | "shower"
                        | "kettle"
                        | "oven"
                        | "fridge"
                        | "freezer"
                        | "inside"
                        | "indoors"
                        | "radiator"
                        | "tub"
                        | "air"
                ))
    })
}

/// A heat word read as a fever ("boiling hot", "roasting", "like an oven") that is about the day
/// or a place: "it's roasting hot outside", "boiling hot on the beach", "baking hot day". Not when
/// a body feels it ("I'm boiling hot", "burning hot and shivering", "hot to the touch").
pub(super) fn weather_heat(m: &TempWords, words: &[Word], s: usize, e: usize) -> bool {
    let heat = (s..e).any(|k| {
        matches!(
            words[k].w.as_str(),
            "hot" | "boiling" | "roasting" | "burning" | "scorching" | "baking" | "sweltering"
        )
    });
    let fever_word = (s..e).any(|k| {
        let w = words[k].w.as_str();
        w.starts_with("fever") || w.starts_with("temp") || w.starts_with("pyrex")
    });
    // "burning up" is said of a body, wherever it is.
    let idiom = (s..e).any(|k| words[k].w == "up");
    if !heat || fever_word || idiom || words.get(e).is_some_and(|x| x.w == "to") {
        return false;
    }
    let sent = words[s].sentence;
    let felt = words.iter().any(|x| {
        x.sentence == sent
            && matches!(
                x.w.as_str(),
                "sweating"
                    | "sweaty"
                    | "shivering"
                    | "shivery"
                    | "shaking"
                    | "clammy"
                    | "feverish"
                    | "chills"
                    | "flushed"
            )
    });
    let clause_from = (0..s)
        .rev()
        .find(|&k| words[k + 1].comma_before || words[k].sentence != sent)
        .map_or(0, |k| k + 1);
    let clause_to = (e..words.len())
        .find(|&k| words[k].comma_before || words[k].sentence != sent)
        .unwrap_or(words.len());
    let before = &words[s.saturating_sub(3).max(clause_from)..s];
    let body = before.iter().any(|x| {
        matches!(
            x.w.as_str(),
            "i" | "im"
                | "ive"
                | "he"
                | "hes"
                | "she"
                | "shes"
                | "they"
                | "theyre"
                | "feel"
                | "feels"
                | "felt"
                | "feeling"
                | "skin"
                | "forehead"
                | "body"
                | "head"
                | "chest"
                | "him"
                | "her"
                | "me"
        )
    });
    if felt || body {
        return false;
    }
    let dummy = before
        .iter()
        .any(|x| matches!(x.w.as_str(), "it" | "its" | "day" | "weather" | "out"));
    let place = (clause_from..clause_to).any(|k| m.weather.starting_at(words, k).is_some())
        || (e..clause_to).any(|k| matches!(words[k].w.as_str(), "day" | "here"));
    dummy || place
}

/// A reading said of a place: "it was 39 degrees in Madrid", "39 in Seville". Not "38.9 on the
/// thermometer in A&E".
fn weather_said(words: &[Word], i: usize) -> bool {
    let sent = words[i].sentence;
    let measured = words.iter().any(|x| {
        x.sentence == sent
            && matches!(
                x.w.as_str(),
                "thermometer" | "temp" | "temperature" | "fever" | "forehead" | "armpit" | "ear"
            )
    });
    // A capitalised place right after: "in Madrid", not "in A&E" (short capitals).
    let place = (i + 1..(i + 4).min(words.len())).any(|k| {
        words[k].sentence == sent
            && words[k].w == "in"
            && words
                .get(k + 1)
                .is_some_and(|x| x.cap && x.sentence == sent && x.w.len() > 3)
    });
    place && !measured
}
