//! Qualifiers the rules read in a text: is a sign stated as the writer's usual ("as usual", "not
//! worse", "same as always")? Phrases come from the catalog's `[text] as_usual` and
//! `new_or_worse`. If the text matcher reports such a qualifier itself, the rules can read it
//! from the analysis instead; until then this reads the words.

use crate::safety::catalog::Catalog;

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['\'', '\u{2019}'], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Where `phrase` (space-separated words) occurs in `ws`.
fn find(ws: &[String], phrase: &str) -> Vec<usize> {
    let p: Vec<&str> = phrase.split_whitespace().collect();
    if p.is_empty() || p.len() > ws.len() {
        return Vec::new();
    }
    (0..=ws.len() - p.len())
        .filter(|&i| p.iter().zip(&ws[i..]).all(|(a, b)| *a == b))
        .collect()
}

/// True when the text says what it reports is as usual or not worse, and nothing in it says new
/// or worse (a "worse" right after "not"/"no" is the not-worse qualifier, not worse).
pub fn stated_as_usual(cat: &Catalog, text: &str) -> bool {
    let ws = words(text);
    let usual = cat.text.as_usual.iter().any(|p| !find(&ws, p).is_empty());
    if !usual {
        return false;
    }
    let negator = |i: usize| {
        i > 0
            && matches!(
                ws[i - 1].as_str(),
                "not" | "no" | "isnt" | "wasnt" | "any" | "nothing"
            )
    };
    !cat.text
        .new_or_worse
        .iter()
        .any(|p| find(&ws, p).into_iter().any(|i| !negator(i)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_and_not_worse_are_read_but_worse_than_usual_is_not() {
        let c = Catalog::builtin();
        for t in [
            "tremor as usual",
            "legs cramping, not worse",
            "shaky hands, same as always",
            "Cramps again... normal for me",
            "spasms no worse than yesterday",
        ] {
            assert!(stated_as_usual(c, t), "{t}");
        }
        for t in [
            "tremor",
            "tremor worse than usual",
            "shaking, new today, my usual dose missed",
            "cramps, more than usual",
            "first time my hands shake like this, usual tea",
            "missed my usual dose and now my hands shake",
            "tremor, dose unchanged",
        ] {
            assert!(!stated_as_usual(c, t), "{t}");
        }
    }
}
