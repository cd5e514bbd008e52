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
}

#[derive(Debug, Clone)]
pub struct Question {
    /// The question, ending in "y/N".
    pub text: String,
    /// The status line after a no.
    pub no: String,
    pub yes: Pending,
}

pub fn draw(f: &mut Frame, q: &Question, area: Rect, theme: Theme) {
    let w = area.width.min(64);
    let body = Paragraph::new(vec![
        Line::styled(q.text.clone(), theme.bold()),
        Line::raw(""),
        Line::styled("y: yes   n, Enter or Esc: no", theme.dim()),
    ])
    .wrap(Wrap { trim: true });
    let h = body.line_count(w.saturating_sub(2)) as u16 + 2;
    let r = centered(area, w, h);
    f.render_widget(Clear, r);
    f.render_widget(body.block(Block::bordered().title(" Are you sure? ")), r);
}
