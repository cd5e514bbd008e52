//! A yes/no question over the screen. The default is No: only `y` says yes; any other key
//! (n, Enter, Esc) says no. The question "Is this about <patient>?" is the one exception: `y`
//! and `n` are both answers, and Esc or Enter save the symptom unanswered (not counted yet).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::forms::Form;
use super::view::{Theme, centered};

/// What `y` does.
#[derive(Debug, Clone)]
pub enum Pending {
    /// Save this form without asking again.
    SaveForm(Form),
    /// A symptom whose serious sign reads as someone else's: `y` saves it as the patient's (the
    /// sign counts), `n` as someone else's, Esc or Enter unanswered.
    About(Form),
    /// Acknowledge these routine flags (their keys) at once.
    AckRoutine(Vec<String>),
    /// Undo this journal change (shown to the user first); confirmed by a second `u`.
    Undo(i64),
}

impl Pending {
    /// The question box's title.
    pub fn title(&self) -> &'static str {
        match self {
            Pending::SaveForm(_) => " Are you sure? ",
            Pending::About(_) => " Who is this about? ",
            Pending::AckRoutine(_) => " Acknowledge routine flags? ",
            Pending::Undo(_) => " Undo? ",
        }
    }
    /// The keys that answer, as shown under the question and in the key bar.
    pub fn answers(&self) -> &'static [(&'static str, &'static str)] {
        match self {
            Pending::About(_) => &[
                ("y", "yes, save it as theirs"),
                ("n", "no, someone else"),
                ("Esc", "save, answer later"),
            ],
            Pending::Undo(_) => &[("u", "undo it"), ("any other key", "keep it")],
            _ => &[("y", "yes"), ("N", "no (Enter, Esc)")],
        }
    }
}

#[derive(Debug, Clone)]
pub struct Question {
    /// The question, ending in "y/N" (or "y/n" when both are answers).
    pub text: String,
    /// The status line after a no.
    pub no: String,
    pub yes: Pending,
}

impl Question {
    /// Whether `c` answers yes: `y`, or for an undo a second `u` (`y` too).
    pub fn is_yes(&self, c: char) -> bool {
        matches!(c, 'y' | 'Y') || (matches!(self.yes, Pending::Undo(_)) && c == 'u')
    }
}

pub fn draw(f: &mut Frame, q: &Question, area: Rect, theme: Theme) {
    let w = area.width.min(64);
    let hint = q
        .yes
        .answers()
        .iter()
        .map(|(k, what)| format!("{k}: {what}"))
        .collect::<Vec<_>>()
        .join("   ");
    let hint = match q.yes {
        Pending::About(_) | Pending::Undo(_) => hint,
        _ => "y: yes   n, Enter or Esc: no".to_string(),
    };
    let body = Paragraph::new(vec![
        Line::styled(q.text.clone(), theme.bold()),
        Line::raw(""),
        Line::styled(hint, theme.dim()),
    ])
    .wrap(Wrap { trim: true });
    let h = body.line_count(w.saturating_sub(2)) as u16 + 2;
    let r = centered(area, w, h);
    f.render_widget(Clear, r);
    f.render_widget(body.block(Block::bordered().title(q.yes.title())), r);
}
