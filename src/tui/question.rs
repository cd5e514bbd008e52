//! A yes/no question over the screen. The default is No: only `y` says yes; any other key
//! (n, Enter, Esc) says no.

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
    /// Undo this journal change (shown to the user first); confirmed by a second `u`.
    Undo(i64),
}

#[derive(Debug, Clone)]
pub struct Question {
    /// The question, ending in "y/N".
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
    /// The keys that answer, as the dialog and the key bar show them: (yes key, yes, no).
    pub fn keys(&self) -> (&'static str, &'static str, &'static str) {
        match self.yes {
            Pending::Undo(_) => ("u", "undo it", "any other key: keep it"),
            _ => ("y", "yes", "n, Enter or Esc: no"),
        }
    }
    fn title(&self) -> &'static str {
        match self.yes {
            Pending::Undo(_) => " Undo? ",
            _ => " Are you sure? ",
        }
    }
}

pub fn draw(f: &mut Frame, q: &Question, area: Rect, theme: Theme) {
    let w = area.width.min(64);
    let (yes_key, yes, no) = q.keys();
    let body = Paragraph::new(vec![
        Line::styled(q.text.clone(), theme.bold()),
        Line::raw(""),
        Line::styled(format!("{yes_key}: {yes}   {no}"), theme.dim()),
    ])
    .wrap(Wrap { trim: true });
    let h = body.line_count(w.saturating_sub(2)) as u16 + 2;
    let r = centered(area, w, h);
    f.render_widget(Clear, r);
    f.render_widget(body.block(Block::bordered().title(q.title())), r);
}
