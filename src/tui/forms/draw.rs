//! Drawing an open form: a pure function of the form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Field, Form, FormBody};
use crate::safety::{CheckResult, Urgency};
use crate::tui::view::{Theme, centered};

/// The form over the screen: its fields, the live preview and the error, all wrapped. When the
/// terminal is too low, the hints of the other fields go first, then the fields scroll to keep
/// the focused one in view; the error keeps its own rows at the bottom.
pub fn draw_form(f: &mut Frame, form: &Form, area: Rect, theme: Theme) {
    let w = area.width.min(76);
    let inner = w.saturating_sub(2);
    let error = form.error.as_ref().map(|e| {
        Paragraph::new(Line::styled(
            format!("Not saved: {e}"),
            theme.urgency(Urgency::Urgent),
        ))
        .wrap(Wrap { trim: false })
    });
    let err_rows = error.as_ref().map_or(0, |p| p.line_count(inner) as u16);
    let room = area.height.saturating_sub(2 + err_rows);
    let mut body = Paragraph::new(body_lines(form, true, inner, theme)).wrap(Wrap { trim: false });
    let mut rows = body.line_count(inner) as u16;
    if rows > room {
        body = Paragraph::new(body_lines(form, false, inner, theme)).wrap(Wrap { trim: false });
        rows = body.line_count(inner) as u16;
    }
    let r = centered(area, w, rows + err_rows + 2);
    let long = format!(" {} (Enter saves, Esc cancels) ", form.title());
    let title = if long.chars().count() + 2 <= w as usize {
        long
    } else {
        format!(" {} ", form.title())
    };
    let block = Block::bordered().title(title);
    let inside = block.inner(r);
    f.render_widget(Clear, r);
    f.render_widget(block, r);
    let err_rows = err_rows.min(inside.height.saturating_sub(1));
    let [content, err_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(err_rows)]).areas(inside);
    // Keep the focused field in view.
    let focus_row = focus_line(form, rows > room) as u16;
    let scroll = (focus_row + 2).saturating_sub(content.height);
    f.render_widget(body.scroll((scroll, 0)), content);
    if let Some(e) = error {
        f.render_widget(e, err_area);
    }
}

/// The line of the focused field in [`body_lines`].
fn focus_line(form: &Form, compact: bool) -> usize {
    let rating = if form.rating().is_some() { 4 } else { 0 };
    let per_field = if compact { 1 } else { 2 };
    rating + form.focus * per_field
}

/// The rating scale (drowsiness), each field with its hint (`hints`: every field's, else the
/// focused field's only), and the live preview.
fn body_lines(form: &Form, hints: bool, inner: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    if let FormBody::Drowsiness(d) = &form.body {
        lines.extend(rating_lines(d.rating, d.quick, theme));
    }
    for (i, fld) in form.fields().iter().enumerate() {
        let focus = i == form.focus;
        lines.push(field_line(fld, focus, inner as usize, theme));
        let hint = if focus && fld.selected {
            "typing replaces it; Right or End keeps it"
        } else {
            fld.hint
        };
        if hints || focus {
            lines.push(Line::styled(format!("    {hint}"), theme.dim()));
        }
    }
    if let Some(p) = &form.preview {
        lines.extend(preview(p, theme));
    }
    lines
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
fn rating_lines(rating: u8, quick: bool, theme: Theme) -> Vec<Line<'static>> {
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
            if quick {
                format!("Drowsiness: {rating}/10  (a digit 0-9 saves it; 10: Right, Enter)")
            } else {
                format!("Drowsiness: {rating}/10  (Left/Right or a digit)")
            },
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
