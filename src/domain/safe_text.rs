//! Stored text shown safely: the one place that decides which characters may reach a terminal
//! or a spreadsheet. The diary stores what the user typed; everything that shows it (the command
//! line, the app, the CSV export) goes through [`sanitize`], and the command line's standard
//! output goes through [`SafeWriter`] as a last guard.
//!
//! Hand-written rather than a crate: the rule is a dozen character ranges, and the crates that
//! strip ANSI sequences leave bidi overrides and zero-width characters alone.

use std::borrow::Cow;
use std::io::{self, Write};

/// Characters that must never reach a terminal or a spreadsheet raw: C0 controls (ESC starts
/// every terminal escape sequence), DEL, C1 controls (U+009B is a one-character CSI), the bidi
/// embeddings, overrides and isolates and the marks that reorder text (U+061C, U+200E/F,
/// U+202A-202E, U+2066-2069), zero-width characters (U+200B-200D, U+2060, U+FEFF) and the line
/// and paragraph separators (U+2028/2029).
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1F}'
        | '\u{7F}'..='\u{9F}'
        | '\u{061C}'
        | '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}'
        | '\u{FEFF}')
}

/// Stored text made safe to show on one line: tabs and line breaks become spaces, other C0
/// controls and DEL become their visible Control Pictures (ESC shows as ␛), C1 controls become
/// U+FFFD, and the invisible reordering and zero-width characters are removed.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{0}'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
            '\u{7F}' => out.push('\u{2421}'),
            '\u{80}'..='\u{9F}' => out.push('\u{FFFD}'),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// True when the text has nothing a reader could see: only whitespace, controls, terminal
/// escape sequences (`ESC [ ... m`, `ESC ] ... BEL`, C1 CSI) and invisible characters.
pub fn is_blank(s: &str) -> bool {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // CSI: parameters and intermediates up to a final byte in @..~.
            '\u{1b}' if chars.peek() == Some(&'[') => {
                chars.next();
                for x in chars.by_ref() {
                    if ('@'..='~').contains(&x) {
                        break;
                    }
                }
            }
            '\u{9b}' => {
                for x in chars.by_ref() {
                    if ('@'..='~').contains(&x) {
                        break;
                    }
                }
            }
            // OSC, DCS, APC, PM, SOS: up to BEL or ST (ESC \\).
            '\u{1b}' if matches!(chars.peek(), Some(']' | 'P' | '_' | '^' | 'X')) => {
                chars.next();
                while let Some(x) = chars.next() {
                    if x == '\u{7}' || x == '\u{9c}' {
                        break;
                    }
                    if x == '\u{1b}' && chars.peek() == Some(&'\\') {
                        chars.next();
                        break;
                    }
                }
            }
            // Any other escape: ESC and one character.
            '\u{1b}' => {
                chars.next();
            }
            c if c.is_whitespace() || is_unsafe(c) => {}
            _ => return false,
        }
    }
    true
}

/// The cell a spreadsheet will not run as a formula (OWASP "CSV injection"): a cell that starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Standard output's last guard: any unsafe character that reaches it (other than `\n` and
/// `\t`, which the output's own layout uses) is written as a `\uXXXX` escape. The escape keeps
/// JSON valid and lossless (serde_json already escapes C0 controls inside strings) and makes the
/// character visible in text.
pub struct SafeWriter<W: Write> {
    inner: W,
    /// The start of a UTF-8 sequence split across two writes.
    carry: Vec<u8>,
}

impl<W: Write> SafeWriter<W> {
    pub fn new(inner: W) -> Self {
        SafeWriter {
            inner,
            carry: Vec::new(),
        }
    }

    fn emit(&mut self, s: &str) -> io::Result<()> {
        if !s.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t') {
            return self.inner.write_all(s.as_bytes());
        }
        let mut out = String::with_capacity(s.len() + 8);
        for c in s.chars() {
            if is_unsafe(c) && c != '\n' && c != '\t' {
                out.push_str(&format!("\\u{:04x}", c as u32));
            } else {
                out.push(c);
            }
        }
        self.inner.write_all(out.as_bytes())
    }
}

impl<W: Write> Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.carry);
        bytes.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&bytes) {
            Ok(_) => bytes.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            // Not UTF-8 at all: passed on as it is (our output is always UTF-8).
            Err(_) => {
                self.inner.write_all(&bytes)?;
                return Ok(buf.len());
            }
        };
        let s = std::str::from_utf8(&bytes[..valid]).expect("checked above");
        self.emit(s)?;
        self.carry = bytes[valid..].to_vec();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.carry.is_empty() {
            let rest = std::mem::take(&mut self.carry);
            self.inner.write_all(&rest)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_made_visible_and_invisible_characters_removed() {
        assert_eq!(sanitize("dizzy"), "dizzy");
        assert_eq!(sanitize("a\u{1b}[31mred\u{7}"), "a\u{241b}[31mred\u{2407}");
        assert_eq!(sanitize("x\u{9b}2J"), "x\u{fffd}2J");
        assert_eq!(sanitize("ab\u{202e}cd\u{2066}e\u{200b}f\u{feff}"), "abcdef");
        assert_eq!(sanitize("two\nlines\ttab"), "two lines tab");
    }

    #[test]
    fn blank_means_nothing_to_see() {
        assert!(is_blank("\u{1b}\u{7} \u{202e}\u{200b}"));
        assert!(is_blank(
            "\u{1b}[2J\u{1b}[0;31m\u{1b}]0;title\u{7}\u{9b}2J\u{1b}c"
        ));
        assert!(is_blank("\u{1b}]8;;http://x\u{1b}\\"));
        assert!(!is_blank("\u{1b}[31mx"));
        assert!(!is_blank("\u{1b}]0;t\u{7}dizzy"));
    }

    #[test]
    fn formulas_are_neutralised() {
        for s in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(csv_cell(s), format!("'{s}"));
        }
        assert_eq!(csv_cell("dizzy = bad"), "dizzy = bad");
    }

    #[test]
    fn the_writer_escapes_even_across_split_writes() {
        let mut w = SafeWriter::new(Vec::new());
        let s = "ok \u{1b}[2J \u{202e}x\n";
        let b = s.as_bytes();
        // Split inside the three-byte U+202E.
        let cut = s.find('\u{202e}').unwrap() + 1;
        w.write_all(&b[..cut]).unwrap();
        w.write_all(&b[cut..]).unwrap();
        w.flush().unwrap();
        assert_eq!(
            String::from_utf8(w.inner).unwrap(),
            "ok \\u001b[2J \\u202ex\n"
        );
    }
}
