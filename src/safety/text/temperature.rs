//! Body temperatures in a text: "temp 39.2", "101.5F", "38 degrees", read in °C; "38 degrees
//! outside" is weather.

use super::lexicon::Phrases;
use super::words::{Word, damerau};

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
    let (v, mut unit) = parse_number(&words[i].w)?;
    let mut end = i + 1;
    let next = |k: usize| {
        words
            .get(k)
            .filter(|x| x.sentence == words[i].sentence)
            .map(|x| x.w.as_str())
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
    let sent = words[i].sentence;
    let lo = i.saturating_sub(4);
    let temp_word = (lo..i).any(|k| words[k].sentence == sent && temp_word_at(m, words, k));
    let bare_celsius = || {
        let w = &words[i].w;
        let one_decimal = w.split_once('.').is_some_and(|(_, d)| d.len() == 1);
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
                    )
            });
        one_decimal
            && (38.0..=43.0).contains(&v)
            && !money
            && next(i + 1).is_none_or(|x| !unit_after(x))
    };
    if unit.is_none() && !temp_word && !bare_celsius() {
        return None;
    }
    let weather = (0..words.len())
        .any(|k| words[k].sentence == sent && m.weather.starting_at(words, k).is_some());
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
