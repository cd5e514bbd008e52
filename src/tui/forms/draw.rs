//! Drawing an open form: a pure function of the form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Form, FormBody};
use crate::safety::{CheckResult, Urgency};
use crate::tui::view::{Theme, centered};

pub fn draw_form(f: &mut Frame, form: &Form, area: Rect, theme: Theme) {
    let fields = form.fields();
    let preview_lines = form
        .preview
        .as_ref()
        .map_or(0, |p| 2 + p.signs.len().min(4) + p.rules.len().min(2));
    let rating = form.rating();
    let h = (fields.len() * 2 + 4 + preview_lines + if rating.is_some() { 4 } else { 0 }) as u16;
    let r = centered(area, 76, h);
    f.render_widget(Clear, r);
    let mut lines: Vec<Line> = Vec::new();
    if let FormBody::Drowsiness(d) = &form.body {
        lines.extend(rating_lines(d.rating, theme));
    }
    for (i, fld) in fields.iter().enumerate() {
        let focus = i == form.focus;
        let marker = if focus { ">" } else { " " };
        let cursor = if focus { "_" } else { "" };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{marker} {}: ", fld.label),
                if focus {
                    theme.bold()
                } else {
                    Style::default()
                },
            ),
            Span::styled(
                format!("{}{cursor}", fld.value()),
                if focus {
                    theme.selected()
                } else {
                    Style::default()
                },
            ),
        ]));
        lines.push(Line::styled(format!("    {}", fld.hint), theme.dim()));
    }
    if let Some(p) = &form.preview {
        lines.extend(preview(p, theme));
    }
    if let Some(e) = &form.error {
        lines.push(Line::styled(
            format!("Not saved: {e}"),
            theme.urgency(Urgency::Urgent),
        ));
    }
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered().title(format!(" {} (Enter saves, Esc cancels) ", form.title())),
        ),
        r,
    );
}

/// The 0-10 scale with the chosen rating in brackets, and what the numbers mean.
fn rating_lines(rating: u8, theme: Theme) -> Vec<Line<'static>> {
    let bar: String = (0..=10)
        .map(|i| {
            if i == rating {
                format!("[{i}]")
            } else {
                format!(" {i} ")
            }
        })
        .collect();
    vec![
        Line::styled(
            format!("Drowsiness: {rating}/10  (Left/Right or a digit)"),
            theme.bold(),
        ),
        Line::raw(bar),
        Line::styled(
            " 0 wide awake   3 a little sleepy   5 fighting sleep   8 nodding off   10 cannot stay awake",
            theme.dim(),
        ),
        Line::raw(""),
    ]
}

/// What the text typed so far would flag.
fn preview(p: &CheckResult, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::raw("")];
    if p.signs.is_empty() && p.rules.is_empty() {
        lines.push(Line::styled(
            "Preview: no warning sign in this text.",
            theme.dim(),
        ));
        return lines;
    }
    lines.push(Line::styled(
        format!("Preview: {} {}", p.urgency.label(), p.advice),
        theme.urgency(p.urgency),
    ));
    for s in p.signs.iter().take(4) {
        lines.push(Line::raw(format!(
            " {} {}: \"{}\"",
            s.urgency.symbol(),
            s.title,
            s.matched
        )));
    }
    for r in p.rules.iter().take(2) {
        lines.push(Line::raw(format!(" {} {}", r.urgency.symbol(), r.title)));
    }
    lines
}
