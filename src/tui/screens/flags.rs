//! Flags: every flag with its why and its source; `a` acknowledges the selected one (it stays
//! listed, dimmed).

use chrono::TimeZone;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{movement, step, visible_window};
use crate::safety::{Catalog, Flag, Urgency};
use crate::tui::app::{Action, App};
use crate::tui::view::Theme;

#[derive(Debug, Clone, Default)]
pub struct FlagsState {
    pub sel: usize,
}

pub fn update<Tz: TimeZone>(app: &mut App<Tz>, action: Action) -> anyhow::Result<()> {
    let page = app.page();
    let n = app.flags.len();
    let st = &mut app.screens.flags;
    if let Some(d) = movement(action, page) {
        st.sel = step(st.sel, n, d);
        return Ok(());
    }
    match action {
        Action::ClickRow(row) => {
            let top = st.sel.saturating_sub(st.sel % page.max(1));
            if top + row < n {
                st.sel = top + row;
            }
        }
        Action::Acknowledge => {
            if let Some(f) = app.flags.get(st.sel).cloned() {
                app.store.acknowledge(&f.key, app.now)?;
                app.status = Some(format!(
                    "Acknowledged: {}. It stays listed, dimmed.",
                    f.title
                ));
                app.reload()?;
            }
        }
        _ => {}
    }
    Ok(())
}

pub fn draw<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    // Narrow: the list above the detail.
    let [list_area, detail_area] = if area.width < crate::tui::view::NARROW {
        Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(area)
    } else {
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area)
    };
    let sel = app.screens.flags.sel;
    let h = list_area.height.saturating_sub(2) as usize;
    let (top, end) = visible_window(sel, app.flags.len(), h);
    let mut lines = Vec::new();
    if app.flags.is_empty() {
        lines.push(Line::styled(
            "No flags. The diary checks every entry against the documented warning signs.",
            theme.dim(),
        ));
    }
    for (k, fl) in app.flags[top..end].iter().enumerate() {
        let seen = if fl.acknowledged { " (seen)" } else { "" };
        let text = format!(
            "{} {} {:<9} {}{seen}",
            fl.urgency.symbol(),
            fl.at.format("%d %b %H:%M"),
            fl.urgency.label(),
            fl.title
        );
        let mut style = if fl.acknowledged {
            theme.dim()
        } else {
            theme.urgency(fl.urgency)
        };
        if fl.urgency == Urgency::Emergency && !fl.acknowledged {
            style = theme.urgency(Urgency::Urgent);
        }
        if top + k == sel {
            style = theme.selected();
        }
        lines.push(Line::styled(text, style));
    }
    let open = app.flags.iter().filter(|f| !f.acknowledged).count();
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(
            " Flags: {} ({open} not acknowledged) ",
            app.flags.len()
        ))),
        list_area,
    );
    let d = app
        .flags
        .get(sel)
        .map(|fl| why(fl, theme))
        .unwrap_or_default();
    f.render_widget(
        Paragraph::new(d)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(" Why ")),
        detail_area,
    );
}

/// The detail of one flag: what was seen, why it matters, what to do, the sources.
fn why(fl: &Flag, theme: Theme) -> Vec<Line<'static>> {
    let mut d: Vec<Line> = Vec::new();
    d.push(Line::styled(
        format!(
            "{} {} {}",
            fl.urgency.symbol(),
            fl.urgency.label(),
            fl.title
        ),
        theme.urgency(fl.urgency),
    ));
    d.push(Line::raw(format!(
        "{}",
        fl.at.format("%A %-d %B %Y, %H:%M")
    )));
    d.push(Line::raw(""));
    d.push(Line::from(vec![
        Span::styled("Seen: ", theme.bold()),
        Span::raw(fl.detail.clone()),
    ]));
    if let Some(m) = &fl.matched {
        d.push(Line::from(vec![
            Span::styled("Words: ", theme.bold()),
            Span::raw(format!("\"{m}\"")),
        ]));
    }
    d.push(Line::from(vec![
        Span::styled("Why: ", theme.bold()),
        Span::raw(fl.why.clone()),
    ]));
    d.push(Line::styled(fl.advice.clone(), theme.bold()));
    d.push(Line::raw(""));
    d.push(Line::styled("Sources:", theme.bold()));
    let cat = Catalog::builtin();
    for t in cat.source_titles(&fl.sources) {
        d.push(Line::raw(format!(" {t}")));
    }
    d.push(Line::raw(""));
    d.push(Line::styled(
        if fl.acknowledged {
            "Acknowledged."
        } else {
            "a: acknowledge (kept, dimmed)"
        },
        theme.dim(),
    ));
    d
}
