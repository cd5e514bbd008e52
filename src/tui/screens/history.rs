//! History: every entry by day, newest first, with a filter by kind; edit and delete act on the
//! selected entry.

use chrono::{NaiveDate, TimeZone};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::{movement, step, visible_window};
use crate::domain::{Entry, EntryKind};
use crate::tui::app::{Action, App};
use crate::tui::view::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KindFilter {
    #[default]
    All,
    Doses,
    Symptoms,
    Intakes,
}

impl KindFilter {
    pub fn label(self) -> &'static str {
        match self {
            KindFilter::All => "all",
            KindFilter::Doses => "doses",
            KindFilter::Symptoms => "symptoms",
            KindFilter::Intakes => "intakes",
        }
    }
    fn accepts(self, e: &Entry) -> bool {
        matches!(
            (self, &e.kind),
            (KindFilter::All, _)
                | (KindFilter::Doses, EntryKind::Dose { .. })
                | (KindFilter::Symptoms, EntryKind::Symptom { .. })
                | (KindFilter::Intakes, EntryKind::Intake { .. })
        )
    }
    fn next(self) -> KindFilter {
        match self {
            KindFilter::All => KindFilter::Doses,
            KindFilter::Doses => KindFilter::Symptoms,
            KindFilter::Symptoms => KindFilter::Intakes,
            KindFilter::Intakes => KindFilter::All,
        }
    }
}

/// A row of the History list: a day header or an entry (index into the app's entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Day(NaiveDate),
    Entry(usize),
}

#[derive(Debug, Clone, Default)]
pub struct HistoryState {
    pub rows: Vec<Row>,
    pub sel: usize,
    pub filter: KindFilter,
}

impl HistoryState {
    /// Rebuilds the rows from the entries (oldest first) under the filter; keeps the selection
    /// in range and off day headers.
    pub fn rebuild(&mut self, entries: &[Entry]) {
        self.rows.clear();
        let mut day = None;
        for (i, e) in entries.iter().enumerate().rev() {
            if !self.filter.accepts(e) {
                continue;
            }
            if day != Some(e.local_day()) {
                day = Some(e.local_day());
                self.rows.push(Row::Day(e.local_day()));
            }
            self.rows.push(Row::Entry(i));
        }
        let n = self.rows.len();
        self.sel = self.sel.min(n.saturating_sub(1));
        if let Some(Row::Day(_)) = self.rows.get(self.sel)
            && self.sel + 1 < n
        {
            self.sel += 1;
        }
    }

    /// The index of the selected entry.
    pub fn selected(&self) -> Option<usize> {
        match self.rows.get(self.sel) {
            Some(Row::Entry(i)) => Some(*i),
            _ => None,
        }
    }

    /// Moves the selection, skipping day headers in the direction of travel.
    fn move_by(&mut self, delta: i64) {
        let n = self.rows.len();
        let mut s = step(self.sel, n, delta);
        while let Some(Row::Day(_)) = self.rows.get(s) {
            if delta < 0 && s == 0 {
                s = 1.min(n.saturating_sub(1));
                break;
            }
            if delta < 0 {
                s -= 1;
            } else if s + 1 < n {
                s += 1;
            } else {
                break;
            }
        }
        self.sel = s;
    }
}

pub fn update<Tz: TimeZone>(app: &mut App<Tz>, action: Action) -> anyhow::Result<()> {
    let page = app.page();
    let h = &mut app.screens.history;
    if let Some(d) = movement(action, page) {
        h.move_by(d);
        return Ok(());
    }
    match action {
        Action::ClickRow(row) => {
            let target = h.sel.saturating_sub(h.sel % page.max(1)) + row;
            if let Some(Row::Entry(_)) = h.rows.get(target) {
                h.sel = target;
            }
        }
        Action::CycleFilter => {
            h.filter = h.filter.next();
            h.sel = 0;
            app.recompute();
        }
        _ => {}
    }
    Ok(())
}

pub fn draw<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let st = &app.screens.history;
    let h = area.height.saturating_sub(2) as usize;
    let (top, end) = visible_window(st.sel, st.rows.len(), h);
    let mut lines = Vec::new();
    if st.rows.is_empty() {
        lines.push(Line::styled(
            "No entries yet. d logs a dose, s a symptom.",
            theme.dim(),
        ));
    }
    for (k, row) in st.rows[top..end].iter().enumerate() {
        match row {
            Row::Day(d) => lines.push(Line::styled(
                d.format("%A %-d %B %Y").to_string(),
                theme.bold(),
            )),
            Row::Entry(i) => {
                let e = &app.entries[*i];
                let mut text = format!(
                    "  {}  {:<7} {}",
                    e.at.format("%H:%M"),
                    e.kind.name(),
                    e.kind.summary()
                );
                if let Some(n) = &e.note {
                    text.push_str(&format!("  ({})", crate::domain::sanitize(n)));
                }
                if e.edited_at.is_some() {
                    text.push_str("  [edited]");
                }
                let style = if top + k == st.sel {
                    theme.selected()
                } else {
                    Style::default()
                };
                lines.push(Line::styled(text, style));
            }
        }
    }
    let title = format!(
        " History: {} entries, filter {} (f) ",
        app.entries.len(),
        st.filter.label()
    );
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        area,
    );
}
