//! Drawing an open form: a pure function of the form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Field, Form, FormBody};
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
    let inner = r.width.saturating_sub(2) as usize;
    for (i, fld) in fields.iter().enumerate() {
        lines.push(field_line(fld, i == form.focus, inner, theme));
        let hint = if i == form.focus && fld.selected {
            "typing replaces it; Right or End keeps it"
        } else {
            fld.hint
        };
        lines.push(Line::styled(format!("    {hint}"), theme.dim()));
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

/// `> Label: value` with the cursor (a reversed cell) or the selection (the value reversed)
/// in the focused field; a long value scrolls to keep the cursor in view.
fn field_line(fld: &Field, focus: bool, inner: usize, theme: Theme) -> Line<'static> {
    let marker = if focus { ">" } else { " " };
    let label = format!("{marker} {}: ", fld.label);
    let label_style = if focus {
        theme.bold()
    } else {
        Style::default()
    };
    let value = fld.value();
    if !focus {
        return Line::from(vec![
            Span::styled(label, label_style),
            Span::raw(value.to_string()),
        ]);
    }
    if fld.selected {
        return Line::from(vec![
            Span::styled(label, label_style),
            Span::styled(value.to_string(), theme.selected()),
        ]);
    }
    // Keep the cursor in view: scroll by whole characters.
    let avail = inner.saturating_sub(label.chars().count()).max(2) - 1;
    let skip = fld.input.visual_scroll(avail);
    let chars: Vec<char> = value.chars().collect();
    let cur = fld.input.cursor();
    let before: String = chars[skip.min(cur)..cur].iter().collect();
    let at: String = chars.get(cur).map_or(" ".to_string(), |c| c.to_string());
    let after: String = chars.iter().skip(cur + 1).collect();
    Line::from(vec![
        Span::styled(label, label_style),
        Span::raw(before),
        Span::styled(at, theme.selected()),
        Span::raw(after),
    ])
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
