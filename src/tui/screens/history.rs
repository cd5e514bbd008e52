//! History: every entry by day, newest first, with a filter by kind; edit and delete act on the
//! selected entry.

use chrono::{NaiveDate, TimeZone};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::{movement, step, visible_window};
use crate::domain::Entry;
use crate::store::{PageDirection, Store};
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
    fn next(self) -> KindFilter {
        match self {
            KindFilter::All => KindFilter::Doses,
            KindFilter::Doses => KindFilter::Symptoms,
            KindFilter::Symptoms => KindFilter::Intakes,
            KindFilter::Intakes => KindFilter::All,
        }
    }
}

/// A row of the History list: a day header or an entry (index into the screen's loaded
/// entries, [`HistoryState::entries`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Day(NaiveDate),
    Entry(usize),
}

/// Entries read from the diary at a time as the list scrolls.
pub const PAGE: usize = 200;
/// The most entries held at once: scrolling further drops the far end (read again on the way
/// back).
pub const HELD: usize = 3 * PAGE;

/// History pages from the store as it scrolls (keyset pagination): it holds at most [`HELD`]
/// entries around the selection, whatever the length of the diary.
#[derive(Debug, Clone, Default)]
pub struct HistoryState {
    /// The entries held, newest first: a stretch of the diary that moves as the list scrolls.
    pub entries: Vec<Entry>,
    pub rows: Vec<Row>,
    pub sel: usize,
    pub filter: KindFilter,
    /// The diary holds entries newer than the first held / older than the last held.
    pub newer: bool,
    pub older: bool,
    /// How many entries pass the filter in the whole diary.
    pub total: usize,
    /// Whether `entries` was read since the diary last changed.
    pub loaded: bool,
}

fn cursor(e: &Entry) -> (chrono::DateTime<chrono::Utc>, i64) {
    (e.at.with_timezone(&chrono::Utc), e.id)
}

impl HistoryState {
    fn kind(&self) -> Option<&'static str> {
        match self.filter {
            KindFilter::All => None,
            KindFilter::Doses => Some("dose"),
            KindFilter::Symptoms => Some("symptom"),
            KindFilter::Intakes => Some("intake"),
        }
    }

    /// Reads the entries again after the diary changed: from the newest when the newest were
    /// held, else the same stretch (from the first held on); the selected entry stays selected
    /// when it is still there.
    pub fn reload(&mut self, store: &Store) -> anyhow::Result<()> {
        let keep = self.selected_entry().map(|e| e.id);
        let from = match (self.newer, self.entries.first()) {
            (true, Some(first)) => {
                // The first held entry itself, and what follows it.
                let (t, id) = cursor(first);
                Some((t, id + 1))
            }
            _ => None,
        };
        let n = self.entries.len().clamp(PAGE, HELD);
        let mut page = store.entries_page(self.kind(), from, PageDirection::Older, n + 1)?;
        self.older = page.len() > n;
        page.truncate(n);
        self.newer = match page.first() {
            Some(f) => !store
                .entries_page(self.kind(), Some(cursor(f)), PageDirection::Newer, 1)?
                .is_empty(),
            None => false,
        };
        self.entries = page;
        self.total = store.count_of(self.kind())?;
        self.loaded = true;
        self.rebuild(keep);
        Ok(())
    }

    /// Rebuilds the rows from the held entries under the filter; selects `keep` when held, else
    /// keeps the selection in range and off day headers.
    fn rebuild(&mut self, keep: Option<i64>) {
        self.rows.clear();
        let mut day = None;
        for (i, e) in self.entries.iter().enumerate() {
            if day != Some(e.local_day()) {
                day = Some(e.local_day());
                self.rows.push(Row::Day(e.local_day()));
            }
            self.rows.push(Row::Entry(i));
        }
        if let Some(id) = keep
            && let Some(r) = self
                .rows
                .iter()
                .position(|r| matches!(r, Row::Entry(i) if self.entries[*i].id == id))
        {
            self.sel = r;
            return;
        }
        let n = self.rows.len();
        self.sel = self.sel.min(n.saturating_sub(1));
        if let Some(Row::Day(_)) = self.rows.get(self.sel)
            && self.sel + 1 < n
        {
            self.sel += 1;
        }
    }

    /// The index of the selected entry in [`Self::entries`].
    pub fn selected(&self) -> Option<usize> {
        match self.rows.get(self.sel) {
            Some(Row::Entry(i)) => Some(*i),
            _ => None,
        }
    }

    /// The selected entry.
    pub fn selected_entry(&self) -> Option<&Entry> {
        self.selected().and_then(|i| self.entries.get(i))
    }

    /// Reads the next page when the selection comes within a page of either end of what is
    /// held, and drops the far end beyond [`HELD`].
    fn page_in(&mut self, store: &Store, page: usize) -> anyhow::Result<()> {
        let keep = self.selected_entry().map(|e| e.id);
        let near = page.max(1) * 2;
        if self.older && self.sel + near >= self.rows.len() {
            let last = self.entries.last().map(cursor);
            let more = store.entries_page(self.kind(), last, PageDirection::Older, PAGE + 1)?;
            self.older = more.len() > PAGE;
            self.entries.extend(more.into_iter().take(PAGE));
            if self.entries.len() > HELD {
                self.entries.drain(..self.entries.len() - HELD);
                self.newer = true;
            }
            self.rebuild(keep);
        } else if self.newer && self.sel < near {
            let first = self.entries.first().map(cursor);
            let more = store.entries_page(self.kind(), first, PageDirection::Newer, PAGE + 1)?;
            self.newer = more.len() > PAGE;
            let mut entries: Vec<Entry> = more.into_iter().take(PAGE).rev().collect();
            entries.append(&mut self.entries);
            if entries.len() > HELD {
                entries.truncate(HELD);
                self.older = true;
            }
            self.entries = entries;
            self.rebuild(keep);
        }
        Ok(())
    }

    /// Home: the newest entries; End: the oldest.
    fn jump(&mut self, store: &Store, newest: bool) -> anyhow::Result<()> {
        let dir = if newest {
            PageDirection::Older
        } else {
            PageDirection::Newer
        };
        let mut page = store.entries_page(self.kind(), None, dir, PAGE + 1)?;
        let more = page.len() > PAGE;
        page.truncate(PAGE);
        if newest {
            (self.newer, self.older) = (false, more);
        } else {
            page.reverse();
            (self.newer, self.older) = (more, false);
        }
        self.entries = page;
        self.rebuild(None);
        let n = self.rows.len();
        self.sel = if newest { 0 } else { n.saturating_sub(1) };
        self.move_by(0);
        Ok(())
    }

    /// Moves the selection, skipping day headers in the direction of travel.
    fn move_by(&mut self, delta: i64) {
        let n = self.rows.len();
        let mut s = step(self.sel, n, delta);
        while let Some(Row::Day(_)) = self.rows.get(s) {
            if delta <= 0 && s == 0 {
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
    if !h.loaded {
        h.reload(&app.store)?;
    }
    match action {
        Action::Home if h.newer => return h.jump(&app.store, true),
        Action::End if h.older => return h.jump(&app.store, false),
        _ => {}
    }
    if let Some(d) = movement(action, page) {
        h.move_by(d);
        return h.page_in(&app.store, page);
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
            h.entries.clear();
            h.newer = false;
            h.reload(&app.store)?;
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
                let e = &st.entries[*i];
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
        st.total,
        st.filter.label()
    );
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        area,
    );
}
