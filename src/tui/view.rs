//! Drawing: a pure function of the app state. Nothing here changes state or touches the diary.
//! This file lays out the frame (tabs, banner, screen, status, key bar) and draws the overlays;
//! each screen draws itself (`screens/`), and forms draw themselves (`forms/draw.rs`).

use chrono::TimeZone;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Clear, Paragraph, Tabs, Wrap};

use super::app::{App, SCREENS, Screen};
use super::keys;
use super::screens;
use crate::diary::today::SlotStatus;
use crate::safety::{Flag, Urgency};

/// Below this the app shows a note instead of the screens.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// Styles; with NO_COLOR only modifiers (bold, reverse, dim) are used. Nothing is carried by colour
/// alone: every urgency and status also has a word and a symbol.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
    fn c(&self, s: Style, fg: Color) -> Style {
        if self.color { s.fg(fg) } else { s }
    }
    pub fn urgency(&self, u: Urgency) -> Style {
        match u {
            Urgency::Emergency => {
                let s = Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED);
                self.c(s, Color::Red)
            }
            Urgency::Urgent => self.c(Style::default().add_modifier(Modifier::BOLD), Color::Yellow),
            Urgency::Routine => self.c(Style::default(), Color::Cyan),
            Urgency::None => Style::default(),
        }
    }
    pub fn status(&self, s: SlotStatus) -> Style {
        match s {
            SlotStatus::Taken => self.c(Style::default(), Color::Green),
            SlotStatus::Missed => self.c(Style::default().add_modifier(Modifier::BOLD), Color::Red),
            SlotStatus::Late => {
                self.c(Style::default().add_modifier(Modifier::BOLD), Color::Yellow)
            }
            SlotStatus::Due => Style::default().add_modifier(Modifier::BOLD),
            SlotStatus::Skipped => Style::default().add_modifier(Modifier::DIM),
            SlotStatus::Upcoming => Style::default(),
        }
    }
    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
    pub fn dim(&self) -> Style {
        Style::default().add_modifier(Modifier::DIM)
    }
    pub fn bold(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }
    pub fn accent(&self) -> Style {
        self.c(Style::default(), Color::Cyan)
    }
}

/// The areas of a frame, top to bottom: tabs, banner, the screen's body, status line, key bar.
struct Areas {
    tabs: Rect,
    banner: Rect,
    body: Rect,
    status: Rect,
    bar: Rect,
}

/// Rows a text takes wrapped at `width`.
fn rows(p: &Paragraph, width: u16) -> u16 {
    p.line_count(width).min(u16::MAX as usize) as u16
}

/// The layout keeps, in order: the emergency line (wrapped, never cut), the screen's body (at
/// least 3 rows), the key bar; the flags under the emergency line and a long status message get
/// what is left.
fn areas<Tz: TimeZone>(app: &App<Tz>, area: Rect) -> Areas {
    let w = area.width;
    let (head, flags) = banner_paragraphs(app, Theme { color: false });
    let head_h = head.as_ref().map_or(0, |p| rows(p, w));
    let status_h = app
        .status
        .as_deref()
        .filter(|s| !s.is_empty())
        .map_or(0, |s| rows(&Paragraph::new(s).wrap(Wrap { trim: true }), w))
        .clamp(u16::from(area.height >= 16), 3);
    // What the body can spare for the flags and a long status, keeping 6 rows (or what is
    // left under the emergency line).
    let min_body = BODY_ROWS.min(area.height.saturating_sub(1 + head_h + 1 + 1));
    let mut spare = area.height.saturating_sub(1 + head_h + min_body + 1 + 1);
    let mut flags_h = 0;
    for p in &flags {
        let h = rows(p, w);
        if h > spare {
            break;
        }
        flags_h += h;
        spare -= h;
    }
    let status_h = status_h.min(1 + spare);
    let [tabs, banner, body, status, bar] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(head_h + flags_h),
        Constraint::Min(0),
        Constraint::Length(status_h),
        Constraint::Length(1),
    ])
    .areas(area);
    Areas {
        tabs,
        banner,
        body,
        status,
        bar,
    }
}

/// Where the screen's list is drawn at a terminal size (for paging and mouse rows).
pub fn list_area<Tz: TimeZone>(app: &App<Tz>, area: Rect) -> Rect {
    areas(app, area).body
}

/// The terminal row of a list's first row at a terminal size (below the list's border).
pub fn list_top<Tz: TimeZone>(app: &App<Tz>, area: Rect) -> u16 {
    list_area(app, area).y + 1
}

/// The fewest rows the screen's body keeps before flag details or a long status get any.
const BODY_ROWS: u16 = 6;

/// Below this width the screens stack their columns.
pub const NARROW: u16 = 70;

pub fn draw<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, theme: Theme) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "Make the window larger: dosediary needs {MIN_WIDTH}x{MIN_HEIGHT}, this is {}x{}. q quits.",
            area.width, area.height
        );
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let a = areas(app, area);
    draw_tabs(f, app, a.tabs, theme);
    draw_banner(f, app, a.banner, theme);
    match app.screen {
        Screen::Today => screens::today::draw(f, app, a.body, theme),
        Screen::History => screens::history::draw(f, app, a.body, theme),
        Screen::Trends => screens::trends::draw(f, app, a.body, theme),
        Screen::Flags => screens::flags::draw(f, app, a.body, theme),
        Screen::Regimen => screens::regimen::draw(f, app, a.body, theme),
    }
    let status = app.status.clone().unwrap_or_default();
    f.render_widget(
        Paragraph::new(status)
            .style(theme.bold())
            .wrap(Wrap { trim: true }),
        a.status,
    );
    draw_bar(f, app, a.bar, theme);
    // Overlays keep the tabs and the banner (the emergency line) in view.
    let below = Rect {
        y: a.body.y,
        height: area.height.saturating_sub(a.body.y - area.y),
        ..area
    };
    if let Some(q) = &app.question {
        super::question::draw(f, q, below, theme);
    } else if let Some(form) = &app.form {
        super::forms::draw::draw_form(f, form, below, theme);
    } else if app.help {
        draw_help(f, app, below, theme);
    }
}

/// The open flags that need action (urgent and emergency, not acknowledged).
fn banner_flags<Tz: TimeZone>(app: &App<Tz>) -> Vec<&Flag> {
    app.today
        .open_flags
        .iter()
        .filter(|f| f.urgency >= Urgency::Urgent)
        .collect()
}

/// The banner's head line (the call to action) and up to two flags, each wrapped.
fn banner_paragraphs<Tz: TimeZone>(
    app: &App<Tz>,
    theme: Theme,
) -> (Option<Paragraph<'static>>, Vec<Paragraph<'static>>) {
    let flags = banner_flags(app);
    let Some(top) = flags.iter().map(|f| f.urgency).max() else {
        return (None, Vec::new());
    };
    let head = match top {
        Urgency::Emergency => {
            "!!! EMERGENCY: CALL YOUR LOCAL EMERGENCY NUMBER NOW (911 / 112 / 999) !!!".to_string()
        }
        _ => "!! URGENT: contact your prescriber today".to_string(),
    };
    let wrap = Wrap { trim: false };
    let head = Paragraph::new(Line::from(Span::styled(head, theme.urgency(top)))).wrap(wrap);
    let lines = flags
        .iter()
        .take(2)
        .map(|fl| {
            Paragraph::new(Line::from(vec![
                Span::styled(
                    format!("{} {} ", fl.urgency.symbol(), fl.urgency.label()),
                    theme.urgency(fl.urgency),
                ),
                Span::raw(format!("{}: {}", fl.title, fl.detail)),
            ]))
            .wrap(wrap)
        })
        .collect();
    (Some(head), lines)
}

/// The tab titles: every screen's name when they fit, else the shown screen's name and the
/// others' numbers.
fn tab_titles(width: u16, shown: Screen) -> Vec<String> {
    let full: Vec<String> = SCREENS
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{} {}", i + 1, s.title()))
        .collect();
    let w: usize = full.iter().map(|t| t.len() + 3).sum();
    if w <= width as usize {
        return full;
    }
    SCREENS
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if *s == shown {
                full[i].clone()
            } else {
                format!("{}", i + 1)
            }
        })
        .collect()
}

fn draw_tabs<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let titles: Vec<Line> = tab_titles(area.width, app.screen)
        .into_iter()
        .map(Line::from)
        .collect();
    let sel = SCREENS.iter().position(|s| *s == app.screen).unwrap_or(0);
    let tabs = Tabs::new(titles)
        .select(sel)
        .highlight_style(theme.selected().add_modifier(Modifier::BOLD))
        .divider("|");
    f.render_widget(tabs, area);
}

/// Tab index at a column of the tab bar at full width (for mouse clicks); mirrors how `Tabs`
/// lays titles out.
pub fn tab_at(col: u16) -> Option<usize> {
    tab_at_in(col, u16::MAX, Screen::Today)
}

/// Tab index at a column of a tab bar `width` wide with `shown` selected.
pub fn tab_at_in(col: u16, width: u16, shown: Screen) -> Option<usize> {
    let mut x = 0u16;
    for (i, t) in tab_titles(width, shown).iter().enumerate() {
        let w = t.len() as u16 + 2;
        if col >= x && col < x + w {
            return Some(i);
        }
        x += w + 1;
    }
    None
}

fn draw_banner<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let (Some(head), flags) = banner_paragraphs(app, theme) else {
        return;
    };
    let head_h = rows(&head, area.width).min(area.height);
    let [head_area, mut rest] =
        Layout::vertical([Constraint::Length(head_h), Constraint::Min(0)]).areas(area);
    f.render_widget(head, head_area);
    for p in flags {
        let h = rows(&p, rest.width);
        if h == 0 || h > rest.height {
            break;
        }
        let [this, next] =
            Layout::vertical([Constraint::Length(h), Constraint::Min(0)]).areas(rest);
        f.render_widget(p, this);
        rest = next;
    }
}

/// The key bar: the keys of the shown screen (or form) that fit, `?` help always among them.
/// The key bar: the keys of the shown screen (or form) that fit, `?` help always among them;
/// when not all fit, `d` and the screen's own keys come before the keys every screen has.
fn draw_bar<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    // (key, label, priority): 0 always shown, 1 `d` and the screen's own keys, 2 the rest.
    let items: Vec<(&str, &str, u8)> = if let Some(q) = &app.question {
        q.yes.answers().iter().map(|(k, d)| (*k, *d, 0)).collect()
    } else if app.form.is_some() {
        keys::FORM_KEYS
            .iter()
            .filter(|b| b.bar)
            .map(|b| {
                let p = if matches!(b.key, "Enter" | "Esc") {
                    0
                } else {
                    2
                };
                (b.key, keys::short(b), p)
            })
            .collect()
    } else {
        keys::for_screen(app.screen)
            .filter(|b| b.bar)
            .map(|b| {
                let p = match (b.key, b.scope) {
                    ("?", _) => 0,
                    ("d", _) | (_, keys::Scope::On(_)) => 1,
                    _ => 2,
                };
                let label = match (app.screen, b.action) {
                    (Screen::Flags, super::Action::CycleFilter) => {
                        screens::flags::filter_label(app.screens.flags.filter)
                    }
                    _ => keys::short(b),
                };
                (b.key, label, p)
            })
            .collect()
    };
    let width = |(k, d, _): &(&str, &str, u8)| k.len() + d.len() + 4;
    let mut room = area.width as usize;
    let mut shown = vec![false; items.len()];
    for p in 0..=2 {
        for (i, item) in items.iter().enumerate() {
            if item.2 == p && (p == 0 || width(item) <= room) {
                shown[i] = true;
                room = room.saturating_sub(width(item));
            }
        }
    }
    let mut spans = Vec::new();
    for (item, _) in items.iter().zip(&shown).filter(|(_, s)| **s) {
        spans.push(Span::styled(format!(" {} ", item.0), theme.selected()));
        spans.push(Span::raw(format!(" {} ", item.1)));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// One help line per action, with every key that does it.
fn help_rows<'a>(bindings: impl Iterator<Item = &'a keys::Binding>) -> Vec<Line<'static>> {
    let mut rows: Vec<(String, &str)> = Vec::new();
    for b in bindings {
        match rows.iter_mut().find(|r| r.1 == b.help) {
            Some(r) => r.0 = format!("{}/{}", r.0, b.key),
            None => rows.push((b.key.to_string(), b.help)),
        }
    }
    rows.into_iter()
        .map(|(k, h)| Line::raw(format!(" {k:<9} {h}")))
        .collect()
}

/// The help overlay: every key of the shown screen, then the keys of forms, from the key table.
pub fn help_lines<Tz: TimeZone>(app: &App<Tz>, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        format!("Keys on {}", app.screen.title()),
        theme.bold(),
    )];
    lines.extend(help_rows(keys::for_screen(app.screen)));
    lines.push(Line::raw(" Ctrl-C    quit"));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "In forms (a pre-filled value is selected: typing replaces it)",
        theme.bold(),
    ));
    lines.extend(help_rows(keys::FORM_KEYS.iter()));
    lines.push(Line::raw(" paste     pastes into the field"));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Mouse: click a tab or a row; the wheel scrolls.",
        theme.dim(),
    ));
    lines.push(Line::styled(
        "Every entry is saved the moment it is confirmed.",
        theme.dim(),
    ));
    lines
}

fn draw_help<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let lines = help_lines(app, theme);
    let r = centered(area, 64, lines.len() as u16 + 2);
    let fits = lines.len() as u16 + 2 <= r.height;
    let max_scroll = (lines.len() as u16 + 2).saturating_sub(r.height);
    let title = if fits {
        " Help (any key closes) ".to_string()
    } else {
        " Help: Down/Up scroll, other keys close ".to_string()
    };
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(Text::from(lines))
            .alignment(Alignment::Left)
            .wrap(Wrap { trim: false })
            .scroll((app.help_scroll.min(max_scroll), 0))
            .block(Block::bordered().title(title)),
        r,
    );
}
