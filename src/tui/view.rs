//! Drawing: a pure function of the app state. Nothing here changes state or touches the diary.

use chrono::TimeZone;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Clear, Gauge, Paragraph, Sparkline, Tabs, Wrap,
};

use super::app::{App, Form, FormKind, Row, SCREENS, Screen};
use super::keys;
use crate::model::{SlotStatus, countdown};
use crate::safety::{Catalog, Flag, Urgency};

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
    fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
    fn dim(&self) -> Style {
        Style::default().add_modifier(Modifier::DIM)
    }
    fn bold(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }
    fn accent(&self) -> Style {
        self.c(Style::default(), Color::Cyan)
    }
}

pub fn draw<Tz: TimeZone>(f: &mut Frame, app: &mut App<Tz>, theme: Theme) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "Make the window larger: dosediary needs {MIN_WIDTH}x{MIN_HEIGHT}, this is {}x{}. q quits.",
            area.width, area.height
        );
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let [tabs_area, banner_area, body, status_area, bar_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner_height(app)),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_tabs(f, app, tabs_area, theme);
    draw_banner(f, app, banner_area, theme);
    app.list_top = body.y + 1;
    app.page = body.height.saturating_sub(2).max(1) as usize;
    match app.screen {
        Screen::Today => draw_today(f, app, body, theme),
        Screen::History => draw_history(f, app, body, theme),
        Screen::Trends => draw_trends(f, app, body, theme),
        Screen::Flags => draw_flags(f, app, body, theme),
        Screen::Regimen => draw_regimen(f, app, body, theme),
    }
    let status = app.status.clone().unwrap_or_default();
    f.render_widget(Paragraph::new(status).style(theme.bold()), status_area);
    draw_bar(f, app, bar_area, theme);
    if let Some(form) = &app.form {
        draw_form(f, form, area, theme);
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

fn draw_today<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let t = &app.today;
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    // Left: schedule, next dose, total.
    let mut lines: Vec<Line> = Vec::new();
    match &t.regimen {
        None => {
            lines.push(Line::styled("Welcome to dosediary.", theme.bold()));
            lines.push(Line::raw(""));
            lines.push(Line::raw("No regimen is set yet. Press 5 then c to enter"));
            lines.push(Line::raw("your prescription (dose, times, maximum)."));
            lines.push(Line::raw(""));
            lines.push(Line::raw("Or from a shell:"));
            lines.push(Line::raw(
                " dosediary regimen set --dose 10 --times 08:00,14:00,20:00",
            ));
            lines.push(Line::raw("To look around first:"));
            lines.push(Line::raw(
                " dosediary --db /tmp/demo.sqlite3 demo --days 90",
            ));
            lines.push(Line::raw(""));
            lines.push(Line::raw(
                "d logs a dose, s a symptom, z drowsiness, ? help.",
            ));
        }
        Some(r) => {
            match &t.next_dose {
                Some(n) => lines.push(Line::from(vec![
                    Span::styled("Next dose: ", theme.bold()),
                    Span::styled(
                        format!(
                            "{} at {} ({})",
                            n.amount,
                            n.at.format("%H:%M"),
                            countdown(n.in_minutes)
                        ),
                        theme.status(n.status).add_modifier(Modifier::BOLD),
                    ),
                ])),
                None => lines.push(Line::raw("No more doses scheduled today.")),
            }
            lines.push(Line::styled(
                format!("Schedule: {}", r.describe()),
                theme.dim(),
            ));
            if let Some(b) = &t.above_label {
                lines.push(Line::styled(format!("[{b}]"), theme.bold()));
            }
            if let Some(step) = &t.next_step {
                lines.push(Line::styled(step.clone(), theme.bold()));
            }
            if let Some(a) = &t.as_needed_line {
                lines.push(Line::raw(a.clone()));
            }
            for s in &t.schedule {
                let taken = match (&s.taken_at, &s.taken_amount) {
                    (Some(at), Some(a)) => format!("  {a} at {}", at.format("%H:%M")),
                    _ => String::new(),
                };
                lines.push(Line::from(vec![
                    Span::styled(
                        format!(" {} {} {:<8}", s.status.symbol(), s.time, s.status.label()),
                        theme.status(s.status),
                    ),
                    Span::raw(format!(" {}{taken}", s.amount)),
                ]));
            }
            if let Some(n) = &t.missed_dose_note {
                lines.push(Line::raw(""));
                lines.push(Line::raw(n.clone()));
            }
        }
    }
    if let Some(s) = &t.supply {
        let u = crate::safety::supply::urgency(s, app.now);
        let mark = match u {
            Urgency::Urgent | Urgency::Emergency => "!! ",
            Urgency::Routine => "! ",
            Urgency::None => "",
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark}Supply: "), theme.bold()),
            Span::styled(
                crate::safety::supply::short(s, app.now, &app.tz),
                if u == Urgency::None {
                    theme.dim()
                } else {
                    theme.urgency(u)
                },
            ),
        ]));
    }
    let gauge_h = if t.regimen.is_some() || t.total_mcg > 0 {
        3
    } else {
        0
    };
    let [sched, gauge_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(gauge_h)]).areas(left);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" Today ")),
        sched,
    );
    if gauge_h > 0 {
        let ratio = (t.total_mcg as f64 / t.max_daily_mcg.max(1) as f64).clamp(0.0, 1.0);
        let over = t.total_mcg > t.max_daily_mcg;
        let label = format!(
            "{} of {} maximum{}",
            t.total,
            t.max_daily,
            if over { "  !! ABOVE MAXIMUM" } else { "" }
        );
        let style = if over {
            theme.urgency(Urgency::Urgent)
        } else {
            theme.accent()
        };
        f.render_widget(
            Gauge::default()
                .block(Block::bordered().title(" Total today "))
                .ratio(ratio)
                .label(label)
                .gauge_style(style),
            gauge_area,
        );
    }
    // Right: latest drowsiness, today's entries, flags count.
    let mut r: Vec<Line> = Vec::new();
    match &t.latest_drowsiness {
        Some(d) => r.push(Line::raw(format!(
            "Drowsiness: {}/10 at {}",
            d.kind.drowsiness().unwrap_or(0),
            d.at.format("%a %H:%M")
        ))),
        None => r.push(Line::raw("Drowsiness: not rated yet (z)")),
    }
    let routine = t
        .open_flags
        .iter()
        .filter(|f| f.urgency == Urgency::Routine)
        .count();
    if routine > 0 {
        r.push(Line::raw(format!(
            "{routine} routine flag(s) this week (4)"
        )));
    }
    r.push(Line::raw(""));
    let list = app.today_entries();
    if list.is_empty() {
        r.push(Line::styled("Nothing logged today.", theme.dim()));
    }
    for (k, &i) in list.iter().enumerate() {
        let e = &app.entries[i];
        let line = format!(
            "{} {:<7} {}",
            e.at.format("%H:%M"),
            e.kind.name(),
            e.kind.summary()
        );
        let style = if k == app.today_sel {
            theme.selected()
        } else {
            Style::default()
        };
        r.push(Line::styled(line, style));
    }
    f.render_widget(
        Paragraph::new(r).block(Block::bordered().title(" Logged today ")),
        right,
    );
}

fn visible_window(sel: usize, len: usize, height: usize) -> (usize, usize) {
    if height == 0 {
        return (0, 0);
    }
    let top = sel.saturating_sub(sel % height);
    (top, (top + height).min(len))
}

fn draw_history<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let h = area.height.saturating_sub(2) as usize;
    let (top, end) = visible_window(app.history_sel, app.history_rows.len(), h);
    let mut lines = Vec::new();
    if app.history_rows.is_empty() {
        lines.push(Line::styled(
            "No entries yet. d logs a dose, s a symptom.",
            theme.dim(),
        ));
    }
    for (k, row) in app.history_rows[top..end].iter().enumerate() {
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
                    text.push_str(&format!("  ({n})"));
                }
                if e.edited_at.is_some() {
                    text.push_str("  [edited]");
                }
                let style = if top + k == app.history_sel {
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
        app.filter.label()
    );
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        area,
    );
}

fn draw_trends<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let [a, b] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
    let [c, d] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(bottom);
    let range = app.range_days;
    // Drowsiness over time.
    let drowsy = app.drowsiness_by_day();
    let mean = if drowsy.is_empty() {
        0.0
    } else {
        drowsy.iter().map(|x| x.1).sum::<f64>() / drowsy.len() as f64
    };
    let data: Vec<u64> = drowsy.iter().map(|x| (x.1 * 10.0).round() as u64).collect();
    let w = a.width.saturating_sub(2) as usize;
    let data = if data.len() > w {
        data[data.len() - w..].to_vec()
    } else {
        data
    };
    f.render_widget(
        Sparkline::default()
            .block(
                Block::bordered()
                    .title(format!(" Drowsiness, {range} days (r): mean {mean:.1}/10 ")),
            )
            .data(&data)
            .max(100)
            .style(theme.accent()),
        a,
    );
    // Daily totals against the maximum.
    let totals = app.totals_by_day();
    let max_mg = app.today.max_daily_mcg as f64 / 1000.0;
    let peak = totals.iter().map(|x| x.1.mg_f64()).fold(0.0, f64::max);
    let over = totals
        .iter()
        .filter(|x| x.1.mcg() > app.today.max_daily_mcg)
        .count();
    let data: Vec<u64> = totals.iter().map(|x| x.1.mcg() / 1000).collect();
    let w = b.width.saturating_sub(2) as usize;
    let data = if data.len() > w {
        data[data.len() - w..].to_vec()
    } else {
        data
    };
    f.render_widget(
        Sparkline::default()
            .block(Block::bordered().title(format!(
                " Daily mg (top = {max_mg:.0} max), peak {peak:.0}, {over} over "
            )))
            .data(&data)
            .max(max_mg.max(1.0) as u64)
            .style(theme.accent()),
        b,
    );
    // Drowsiness by hours since the last dose.
    let buckets = app.drowsiness_by_hours_since_dose();
    let bars: Vec<Bar> = buckets
        .iter()
        .map(|(label, v, n)| {
            Bar::default()
                .label(Line::from(label.clone()))
                .value((v * 10.0).round() as u64)
                .text_value(if *n > 0 {
                    format!("{v:.1}")
                } else {
                    "-".into()
                })
        })
        .collect();
    f.render_widget(
        BarChart::default()
            .block(Block::bordered().title(" Drowsiness by hours since dose (peak 1-2 h) "))
            .data(BarGroup::default().bars(&bars))
            .bar_width(4)
            .bar_gap(1)
            .max(100)
            .bar_style(theme.accent()),
        c,
    );
    // Symptom calendar: the last weeks, one cell a day.
    let cal = app.symptom_calendar();
    let today = app.now.with_timezone(&app.tz).date_naive();
    let weeks = (d.height.saturating_sub(3) as i64).clamp(1, 12);
    let mut lines = vec![Line::styled("     Mo Tu We Th Fr Sa Su", theme.dim())];
    use chrono::Datelike;
    let monday = today - chrono::Duration::days(today.weekday().num_days_from_monday() as i64);
    for wk in (0..weeks).rev() {
        let start = monday - chrono::Duration::weeks(wk);
        let mut spans = vec![Span::raw(format!("{} ", start.format("%d%b")))];
        for k in 0..7 {
            let day = start + chrono::Duration::days(k);
            let (txt, style) = if day > today {
                ("  ".to_string(), Style::default())
            } else {
                match cal.get(&day) {
                    None => (" .".to_string(), theme.dim()),
                    Some(&(n, u)) => {
                        let mark = match u {
                            Urgency::Emergency => "!",
                            Urgency::Urgent => "*",
                            _ => "",
                        };
                        let s = if mark.is_empty() {
                            format!("{:>2}", n.min(9))
                        } else {
                            format!("{}{mark}", n.min(9))
                        };
                        (s, theme.urgency(u))
                    }
                }
            };
            spans.push(Span::styled(format!("{txt} "), style));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::styled(
        "n = symptoms; * urgent, ! emergency",
        theme.dim(),
    ));
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Symptom calendar ")),
        d,
    );
}

fn draw_flags<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let [list_area, detail_area] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let h = list_area.height.saturating_sub(2) as usize;
    let (top, end) = visible_window(app.flags_sel, app.flags.len(), h);
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
        if top + k == app.flags_sel {
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
    let mut d: Vec<Line> = Vec::new();
    if let Some(fl) = app.flags.get(app.flags_sel) {
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
        for s in &fl.sources {
            d.push(Line::raw(format!(
                " {s}: {}",
                cat.source_title(s).unwrap_or("")
            )));
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
    }
    f.render_widget(
        Paragraph::new(d)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(" Why ")),
        detail_area,
    );
}

fn draw_regimen<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
    let mut lines = Vec::new();
    match &app.today.regimen {
        None => {
            lines.push(Line::styled(
                "No regimen set. Press c to enter the prescription.",
                theme.bold(),
            ));
        }
        Some(r) => {
            lines.push(Line::styled(
                format!("{}  ({} a day)", r.describe(), r.daily_total()),
                theme.bold(),
            ));
            lines.push(Line::raw(format!("Daily maximum: {}", r.max_daily_mcg)));
            if crate::safety::regimen::above_label(r) {
                lines.push(Line::styled(
                    format!("[{}]", crate::safety::regimen::ABOVE_LABEL_BADGE),
                    theme.bold(),
                ));
            }
            if let Some(a) = &r.as_needed {
                lines.push(Line::raw(format!(
                    "As needed: {} at a time, at most {} a day, {} apart",
                    a.dose_mcg,
                    a.daily_limit(),
                    crate::safety::rules::fmt_duration(chrono::Duration::minutes(i64::from(
                        a.min_gap_min
                    )))
                )));
            }
            if let Some(s) = &app.today.next_step {
                lines.push(Line::styled(format!("Planned: {s}"), theme.bold()));
            }
            if let Some(s) = &app.today.sedative_note {
                lines.push(Line::raw(s.clone()));
            }
            lines.push(Line::raw(format!(
                "Kidney impairment: {}",
                if r.kidney_impairment {
                    "yes (20 mg a day or more is flagged)"
                } else {
                    "no"
                }
            )));
            lines.push(Line::raw(format!(
                "Planned taper: {}",
                if r.planned_taper { "yes" } else { "no" }
            )));
            lines.push(Line::raw(format!(
                "In force since {}",
                r.effective_from.format("%a %-d %b %Y %H:%M")
            )));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Titration (label): 5 mg three times a day for 3 days, then 10, 15, 20 mg; maximum 80 mg a day.", theme.dim()));
    lines.push(Line::styled(
        "Never stop suddenly: any taper is planned with the prescriber.",
        theme.dim(),
    ));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("History ({} changes):", app.regimens.len()),
        theme.bold(),
    ));
    for (i, r) in app.regimens.iter().enumerate().rev() {
        let style = if i == app.regimen_sel {
            theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::styled(
            format!(
                " from {}  {}  max {}{}{}",
                r.effective_from.format("%Y-%m-%d %H:%M"),
                r.describe(),
                r.max_daily_mcg,
                if r.kidney_impairment { "  kidney" } else { "" },
                if r.planned_taper { "  taper" } else { "" }
            ),
            style,
        ));
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" Regimen (c changes it) ")),
        area,
    );
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn draw_form(f: &mut Frame, form: &Form, area: Rect, theme: Theme) {
    let preview_lines = form
        .preview
        .as_ref()
        .map_or(0, |p| 2 + p.signs.len().min(4) + p.rules.len().min(2));
    let h = (form.fields.len() * 2
        + 4
        + preview_lines
        + if form.kind == FormKind::Drowsiness {
            4
        } else {
            0
        }) as u16;
    let r = centered(area, 76, h);
    f.render_widget(Clear, r);
    let mut lines: Vec<Line> = Vec::new();
    if form.kind == FormKind::Drowsiness {
        let bar: String = (0..=10)
            .map(|i| {
                if i == form.rating {
                    format!("[{i}]")
                } else {
                    format!(" {i} ")
                }
            })
            .collect();
        lines.push(Line::styled(
            format!("Drowsiness: {}/10  (Left/Right or a digit)", form.rating),
            theme.bold(),
        ));
        lines.push(Line::raw(bar));
        lines.push(Line::styled(" 0 wide awake   3 a little sleepy   5 fighting sleep   8 nodding off   10 cannot stay awake", theme.dim()));
        lines.push(Line::raw(""));
    }
    for (i, fld) in form.fields.iter().enumerate() {
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
                format!("{}{cursor}", fld.value),
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
        lines.push(Line::raw(""));
        if p.signs.is_empty() && p.rules.is_empty() {
            lines.push(Line::styled(
                "Preview: no warning sign in this text.",
                theme.dim(),
            ));
        } else {
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
        }
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
