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
use crate::model::SlotStatus;
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

/// The areas of a frame: tabs, banner, the screen's body, status line and key bar.
struct Areas {
    tabs: Rect,
    banner: Rect,
    body: Rect,
    status: Rect,
    bar: Rect,
}

fn areas<Tz: TimeZone>(app: &App<Tz>, area: Rect) -> Areas {
    let [tabs, banner, body, status, bar] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner_height(app)),
        Constraint::Min(3),
        Constraint::Length(1),
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
    f.render_widget(Paragraph::new(status).style(theme.bold()), a.status);
    draw_bar(f, app, a.bar, theme);
    if let Some(form) = &app.form {
        super::forms::draw::draw_form(f, form, area, theme);
    } else if app.help {
        draw_help(f, app, area, theme);
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

fn banner_height<Tz: TimeZone>(app: &App<Tz>) -> u16 {
    let n = banner_flags(app).len();
    if n == 0 { 0 } else { (n.min(2) as u16) + 1 }
}

fn draw_tabs<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let titles: Vec<Line> = SCREENS
        .iter()
        .enumerate()
        .map(|(i, s)| Line::from(format!("{} {}", i + 1, s.title())))
        .collect();
    let sel = SCREENS.iter().position(|s| *s == app.screen).unwrap_or(0);
    let tabs = Tabs::new(titles)
        .select(sel)
        .highlight_style(theme.selected().add_modifier(Modifier::BOLD))
        .divider("|");
    f.render_widget(tabs, area);
}

/// Tab index at a column of the tab bar (for mouse clicks); mirrors how `Tabs` lays titles out.
pub fn tab_at(col: u16) -> Option<usize> {
    let mut x = 0u16;
    for (i, s) in SCREENS.iter().enumerate() {
        let w = format!("{} {}", i + 1, s.title()).len() as u16 + 2;
        if col >= x && col < x + w {
            return Some(i);
        }
        x += w + 1;
    }
    None
}

fn draw_banner<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    if area.height == 0 {
        return;
    }
    let flags = banner_flags(app);
    let top = flags
        .iter()
        .map(|f| f.urgency)
        .max()
        .unwrap_or(Urgency::None);
    let mut lines = Vec::new();
    let head = match top {
        Urgency::Emergency => {
            "!!! EMERGENCY: CALL YOUR LOCAL EMERGENCY NUMBER NOW (911 / 112 / 999) !!!".to_string()
        }
        _ => "!! URGENT: contact your prescriber today".to_string(),
    };
    lines.push(Line::from(Span::styled(head, theme.urgency(top))));
    for fl in flags.iter().take(2) {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {} ", fl.urgency.symbol(), fl.urgency.label()),
                theme.urgency(fl.urgency),
            ),
            Span::raw(format!("{}: {}", fl.title, fl.detail)),
        ]));
    }
    f.render_widget(Paragraph::new(lines), area);
}

fn draw_bar<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let mut spans = Vec::new();
    if app.form.is_some() {
        for (k, d) in [("Enter", "save"), ("Esc", "cancel"), ("Tab", "next field")] {
            spans.push(Span::styled(format!(" {k} "), theme.selected()));
            spans.push(Span::raw(format!(" {d} ")));
        }
    } else {
        for b in keys::for_screen(app.screen).filter(|b| b.bar) {
            spans.push(Span::styled(format!(" {} ", b.key), theme.selected()));
            spans.push(Span::raw(format!(" {} ", keys::short(b))));
        }
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

fn draw_help<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let mut lines = vec![Line::styled(
        format!("Keys on {} (any key closes)", app.screen.title()),
        theme.bold(),
    )];
    // One line per action, with every key that does it.
    let mut rows: Vec<(String, &str)> = Vec::new();
    for b in keys::for_screen(app.screen) {
        match rows.iter_mut().find(|r| r.1 == b.help) {
            Some(r) => r.0 = format!("{}/{}", r.0, b.key),
            None => rows.push((b.key.to_string(), b.help)),
        }
    }
    for (k, h) in rows {
        lines.push(Line::raw(format!(" {k:<9} {h}")));
    }
    lines.push(Line::raw(" Ctrl-C    quit"));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "In forms: Enter saves, Esc cancels, Tab moves between fields.",
        theme.dim(),
    ));
    lines.push(Line::styled(
        "Mouse: click a tab or a row; the wheel scrolls.",
        theme.dim(),
    ));
    lines.push(Line::styled(
        "Every entry is saved the moment it is confirmed.",
        theme.dim(),
    ));
    let h = lines.len() as u16 + 2;
    let r = centered(area, 64, h);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(Text::from(lines))
            .alignment(Alignment::Left)
            .block(Block::bordered().title(" Help ")),
        r,
    );
}
