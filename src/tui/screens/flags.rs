//! Flags: urgent and emergency flags one by one, routine ones as one digest line per week (the
//! same presentation as `dosediary flags`, from `safety::digest`), most urgent first, then
//! newest. `f` cycles the urgency shown (all, emergency, urgent, routine); `a` acknowledges the
//! selected flag (or the selected week's routine ones); `A` acknowledges every routine flag at
//! once, after a y/n question that says how many. Acknowledged flags stay listed, dimmed.
//!
//! The screen reads the flags of the last [`PAGE_WEEKS`] weeks when it opens (judged over the
//! window the rules look back over, see `diary::judge`), and the weeks before, a page at a time,
//! as the selection reaches the end of the list: never the whole history at once, except for
//! `A`, which acknowledges every routine flag there is.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{movement, step, visible_window};
use crate::safety::digest::{self, Filter, Row, WeekDigest};
use crate::safety::{Catalog, Flag, Urgency};
use crate::tui::app::{Action, App};
use crate::tui::question::{Pending, Question};
use crate::tui::view::Theme;

/// Weeks of flags read at a time (the first page ends with this week).
pub const PAGE_WEEKS: i64 = 13;

#[derive(Debug, Clone, Default)]
pub struct FlagsState {
    pub sel: usize,
    /// Which urgencies are shown.
    pub filter: Filter,
    /// The rows shown, rebuilt when the flags or the filter change (not on every frame).
    pub rows: Vec<Row>,
    /// Where the pages read so far start (a Monday's midnight); `None`: the first page.
    pub from: Option<DateTime<Utc>>,
    /// Whether the pages read reach the start of the diary's history.
    pub complete: bool,
}

impl FlagsState {
    /// The rows for `flags` under the current filter; the selection kept in range.
    pub fn rebuild<Tz: TimeZone>(&mut self, flags: &[Flag], tz: &Tz) {
        self.rows = digest::present_rows(flags, tz, self.filter);
        self.sel = self.sel.min(self.rows.len().saturating_sub(1));
    }
}

/// The Monday `weeks` weeks before the Monday of `day`'s week.
fn monday_back(day: NaiveDate, weeks: i64) -> NaiveDate {
    digest::week_start(day) - Duration::weeks(weeks)
}

/// Where the flags the screen shows start: the first page (the last [`PAGE_WEEKS`] weeks, from
/// a Monday), or the older pages read since.
pub fn reads_from<Tz: TimeZone>(app: &App<Tz>) -> DateTime<Utc> {
    app.screens.flags.from.unwrap_or_else(|| {
        let today = app.local_now().date_naive();
        crate::diary::trends::local_midnight(&app.tz, monday_back(today, PAGE_WEEKS - 1))
    })
}

/// What a row stands for, to find it again once older flags are added (rows re-sort).
fn row_id(row: &Row) -> (Option<usize>, Option<NaiveDate>) {
    match row {
        Row::One(i) => (Some(*i), None),
        Row::Digest(d, _) => (None, Some(d.week_start)),
    }
}

/// Reads older flags: a page at a time until the list grows (or the history's start is
/// reached), or, with `all`, everything back to the start at once. The selection stays on its
/// row.
fn load_older<Tz: TimeZone>(app: &mut App<Tz>, all: bool) -> anyhow::Result<()> {
    let reader =
        crate::diary::Reader::new(&app.store, app.now, &app.tz).with_patient(app.patient.clone());
    let Some(start) = reader.history_start()? else {
        app.screens.flags.complete = true;
        return Ok(());
    };
    let selected = app
        .screens
        .flags
        .rows
        .get(app.screens.flags.sel)
        .map(row_id);
    let rows_before = app.screens.flags.rows.len();
    let mut to = reads_from(app);
    while !app.screens.flags.complete {
        let from = if all {
            start - Duration::days(1)
        } else {
            let day = to.with_timezone(&app.tz).date_naive();
            crate::diary::trends::local_midnight(&app.tz, monday_back(day, PAGE_WEEKS))
        };
        let older = reader.flags_between(from, to)?;
        // Newest first, and all older than those already read.
        app.flags.extend(older.into_iter().rev());
        app.flags_from = Some(from);
        let st = &mut app.screens.flags;
        st.from = Some(from);
        st.complete = start >= from;
        st.rows = digest::present_rows(&app.flags, &app.tz, st.filter);
        if st.rows.len() > rows_before {
            break;
        }
        to = from;
    }
    let st = &mut app.screens.flags;
    if let Some(id) = selected
        && let Some(k) = st.rows.iter().position(|r| row_id(r) == id)
    {
        st.sel = k;
    }
    Ok(())
}

/// The key bar's word for `f` on this screen: the filter in force.
pub fn filter_label(f: Filter) -> &'static str {
    match f {
        Filter::Only(Urgency::Emergency) => "show: emergency",
        Filter::Only(Urgency::Urgent) => "show: urgent",
        Filter::Only(Urgency::Routine) => "show: routine",
        _ => "show: all",
    }
}

pub fn update<Tz: TimeZone>(app: &mut App<Tz>, action: Action) -> anyhow::Result<()> {
    let page = app.page();
    let n = app.screens.flags.rows.len();
    let st = &mut app.screens.flags;
    if let Some(d) = movement(action, page) {
        let was = st.sel as i64;
        st.sel = step(st.sel, n, d);
        // At the end of the list, the older flags are read (a page at a time), and the move
        // goes on into them.
        if d > 0 && st.sel + 1 >= n && !st.complete {
            let left = (was + d - st.sel as i64).max(0);
            load_older(app, false)?;
            let st = &mut app.screens.flags;
            st.sel = step(st.sel, st.rows.len(), left);
        }
        return Ok(());
    }
    match action {
        Action::ClickRow(row) => {
            let top = st.sel.saturating_sub(st.sel % page.max(1));
            if top + row < n {
                st.sel = top + row;
            }
        }
        Action::CycleFilter => {
            st.filter = st.filter.next();
            st.sel = 0;
            let (flags, tz) = (&app.flags, &app.tz);
            app.screens.flags.rebuild(flags, tz);
        }
        Action::Acknowledge => acknowledge_selected(app)?,
        Action::AcknowledgeRoutine => {
            // Every routine flag there is: the whole history is read for this one question.
            if !app.screens.flags.complete {
                load_older(app, true)?;
            }
            let keys = digest::routine_unacknowledged(&app.flags);
            if keys.is_empty() {
                app.status = Some("No routine flags left to acknowledge.".into());
            } else {
                let n = keys.len();
                app.question = Some(Question {
                    text: format!(
                        "Acknowledge all {n} routine flag{}? They stay listed, dimmed; urgent and emergency flags are not touched. y/N",
                        if n == 1 { "" } else { "s" }
                    ),
                    no: "Nothing acknowledged.".into(),
                    yes: Pending::AckRoutine(keys),
                });
            }
        }
        _ => {}
    }
    Ok(())
}

/// `a`: the selected flag, or every routine flag of the selected week.
fn acknowledge_selected<Tz: TimeZone>(app: &mut App<Tz>) -> anyhow::Result<()> {
    let st = &app.screens.flags;
    match st.rows.get(st.sel).cloned() {
        Some(Row::One(i)) => {
            if let Some(f) = app.flags.get(i).cloned() {
                app.store.acknowledge(&f.key, app.now)?;
                app.status = Some(format!(
                    "Acknowledged: {}. It stays listed, dimmed.",
                    f.title
                ));
                app.reload()?;
            }
        }
        Some(Row::Digest(d, ix)) => {
            let keys: Vec<&str> = ix
                .iter()
                .filter_map(|&i| app.flags.get(i))
                .filter(|f| !f.acknowledged)
                .map(|f| f.key.as_str())
                .collect();
            let n = keys.len();
            app.store.acknowledge_all(&keys, app.now)?;
            let today = app.local_now().date_naive();
            app.status = Some(format!(
                "Acknowledged {n} routine flag{} ({}). They stay listed, dimmed.",
                if n == 1 { "" } else { "s" },
                d.heading(today).to_lowercase()
            ));
            app.reload()?;
        }
        None => {}
    }
    Ok(())
}

/// `A` answered yes: every routine flag in `keys` is marked as seen, in one transaction.
pub fn acknowledge_routine<Tz: TimeZone>(app: &mut App<Tz>, keys: &[String]) -> anyhow::Result<()> {
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    app.store.acknowledge_all(&keys, app.now)?;
    let n = keys.len();
    app.status = Some(format!(
        "Acknowledged {n} routine flag{}; urgent and emergency flags are unchanged.",
        if n == 1 { "" } else { "s" }
    ));
    app.reload()
}

/// One row of the list as text.
fn row_text(app_flags: &[Flag], row: &Row, today: chrono::NaiveDate) -> (String, Urgency, bool) {
    match row {
        Row::One(i) => {
            let fl = &app_flags[*i];
            // Before the title, so a narrow column never cuts it off.
            let seen = if fl.acknowledged { "(seen) " } else { "" };
            (
                format!(
                    "{} {} {:<9} {seen}{}",
                    fl.urgency.symbol(),
                    fl.at.format("%d %b %H:%M"),
                    fl.urgency.label(),
                    fl.title
                ),
                fl.urgency,
                fl.acknowledged,
            )
        }
        Row::Digest(d, _) => {
            let seen = if d.acknowledged { "(seen) " } else { "" };
            (
                format!("{} {seen}{}", Urgency::Routine.symbol(), d.line(today)),
                Urgency::Routine,
                d.acknowledged,
            )
        }
    }
}

pub fn draw<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    // Narrow: the list above the detail.
    let [list_area, detail_area] = if area.width < crate::tui::view::NARROW {
        Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(area)
    } else {
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area)
    };
    let st = &app.screens.flags;
    let today = app.local_now().date_naive();
    let h = list_area.height.saturating_sub(2) as usize;
    let (top, end) = visible_window(st.sel, st.rows.len(), h);
    let mut lines = Vec::new();
    // Before the pages read: where they start, when older flags are left to read.
    let since = (!st.complete).then(|| {
        let d = reads_from(app).with_timezone(&app.tz).date_naive();
        let year = if d.year() == today.year() { "" } else { " %Y" };
        d.format(&format!("%-d %b{year}")).to_string()
    });
    if app.flags.is_empty() {
        lines.push(Line::styled(
            match &since {
                Some(d) => format!("No flags from {d} on. Move down (j) to read older ones."),
                None => {
                    "No flags. The diary checks every entry against the documented warning signs."
                        .to_string()
                }
            },
            theme.dim(),
        ));
    } else if st.rows.is_empty() {
        lines.push(Line::styled(
            format!(
                "No {} flags. f shows the others.",
                st.filter.label().trim_end_matches(" only")
            ),
            theme.dim(),
        ));
    }
    for (k, row) in st.rows[top..end].iter().enumerate() {
        let (text, u, seen) = row_text(&app.flags, row, today);
        let mut style = if seen {
            theme.dim()
        } else if u == Urgency::Emergency {
            theme.urgency(Urgency::Urgent)
        } else {
            theme.urgency(u)
        };
        if top + k == st.sel {
            style = theme.selected();
        }
        lines.push(Line::styled(text, style));
    }
    let open = app.flags.iter().filter(|f| !f.acknowledged).count();
    let routine = app
        .flags
        .iter()
        .filter(|f| f.urgency == Urgency::Routine)
        .count();
    if let Some(d) = &since
        && end == st.rows.len()
        && !st.rows.is_empty()
    {
        lines.push(Line::styled(
            format!("Read from {d}; move down for older flags."),
            theme.dim(),
        ));
    }
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(
            " Flags ({}){}: {open} of {} not acknowledged; {routine} routine, by week ",
            st.filter.label(),
            since.as_ref().map(|d| format!(" from {d}")).unwrap_or_default(),
            app.flags.len()
        ))),
        list_area,
    );
    let d = match st.rows.get(st.sel) {
        Some(Row::One(i)) => why(&app.flags[*i], theme),
        Some(Row::Digest(d, ix)) => week(&app.flags, d, ix, today, theme),
        None => Vec::new(),
    };
    f.render_widget(
        Paragraph::new(d)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(" Why ")),
        detail_area,
    );
}

/// The detail of a week's routine digest: every flag in it.
fn week(
    flags: &[Flag],
    d: &WeekDigest,
    ix: &[usize],
    today: chrono::NaiveDate,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut out = vec![
        Line::styled(
            format!("{} {}", Urgency::Routine.symbol(), d.line(today)),
            theme.urgency(Urgency::Routine),
        ),
        Line::raw(""),
        Line::raw(
            "Routine side effects and patterns are recorded and charted, not raised one by one. Mention them at your next visit.",
        ),
        Line::raw(""),
    ];
    let mut ix = ix.to_vec();
    ix.sort_by_key(|&i| flags[i].at);
    for i in ix {
        let f = &flags[i];
        out.push(Line::raw(format!(
            " {} {}{}",
            f.at.format("%a %-d %b %H:%M"),
            f.title,
            if f.acknowledged { " (seen)" } else { "" }
        )));
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        "a: acknowledge this week's   A: acknowledge all routine flags",
        theme.dim(),
    ));
    out
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
