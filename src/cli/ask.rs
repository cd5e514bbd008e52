//! "Is this about <patient>?": asked before a symptom is saved when a serious sign in it was set
//! aside only because it reads as someone else's. On a terminal the question is asked; in a
//! script (`--about` not given, stdin not a terminal) the entry is saved unanswered and the
//! command says how to answer later.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Result;

use crate::domain::About;
use crate::safety::text::{Patient, SignMatch};

pub use crate::diary::about::{pending, question, who};

/// Asks on `err`, reads the answer from `input`: y/yes is the patient, n/no someone else; an
/// unclear answer is asked again (three times), then left unanswered.
pub fn ask(
    patient: &Patient,
    signs: &[SignMatch],
    input: &mut dyn BufRead,
    err: &mut dyn Write,
) -> Result<Option<About>> {
    for _ in 0..3 {
        write!(err, "{} ", question(patient, signs))?;
        err.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            writeln!(err)?;
            return Ok(None);
        }
        match line.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" => return Ok(Some(About::Patient)),
            "n" | "no" => return Ok(Some(About::Other)),
            _ => writeln!(err, "Please answer y (yes) or n (no).")?,
        }
    }
    Ok(None)
}

/// For `log symptom` without `--about`: asks on a terminal when the text needs an answer.
pub fn about_if_needed(text: &str) -> Result<Option<About>> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Ok(None);
    }
    let patient = crate::config::patient()?;
    let signs = pending(text, &patient);
    if signs.is_empty() {
        return Ok(None);
    }
    ask(&patient, &signs, &mut stdin.lock(), &mut std::io::stderr())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::safety::text::Writer;

    fn tom() -> Patient {
        Patient {
            name: "Tom".into(),
            writer: Writer::Caregiver,
            also_called: vec!["my husband".into()],
        }
    }

    #[test]
    fn the_question_names_the_patient_and_reads_y_or_n() {
        let signs = pending("my neighbour had a fit", &Patient::default());
        assert!(
            !signs.is_empty(),
            "a fit about someone else waits for an answer"
        );
        let q = question(&tom(), &signs);
        assert!(q.contains("Is this about Tom? y/n"), "{q}");
        assert!(q.contains("(seizure)"), "{q}");
        let mut err = Vec::new();
        let a = ask(&tom(), &signs, &mut "maybe\nY\n".as_bytes(), &mut err).unwrap();
        assert_eq!(a, Some(About::Patient));
        assert!(String::from_utf8(err).unwrap().contains("Please answer y"));
        let a = ask(&tom(), &signs, &mut "no\n".as_bytes(), &mut Vec::new()).unwrap();
        assert_eq!(a, Some(About::Other));
        let a = ask(&tom(), &signs, &mut "".as_bytes(), &mut Vec::new()).unwrap();
        assert_eq!(a, None, "end of input leaves it unanswered");
        assert_eq!(who(&Patient::default()), "the person this diary is for");
        let me = Patient {
            writer: Writer::Own,
            ..Patient::default()
        };
        assert_eq!(who(&me), "you");
    }

    #[test]
    fn nothing_is_asked_for_the_patients_own_or_mild_signs() {
        assert!(pending("I had a fit", &Patient::default()).is_empty());
        assert!(pending("my neighbour has a headache", &Patient::default()).is_empty());
    }
}
