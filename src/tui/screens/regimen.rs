//! Regimen: the schedule in force, the maximum, kidney impairment, the taper plan and the
//! history of changes; `c` changes it.

use chrono::TimeZone;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{movement, step};
use crate::tui::app::{Action, App, FormBody};
use crate::tui::forms::RegimenFields;
use crate::tui::view::Theme;

#[derive(Debug, Clone, Default)]
pub struct RegimenState {
    /// The selected change in the history.
    pub sel: usize,
}

pub fn update<Tz: TimeZone>(app: &mut App<Tz>, action: Action) -> anyhow::Result<()> {
    if let Some(d) = movement(action, app.page()) {
        let n = app.regimens.len();
        app.screens.regimen.sel = step(app.screens.regimen.sel, n, d);
        return Ok(());
    }
    if action == Action::ChangeRegimen {
        let fields = RegimenFields::new(app.regimens.last());
        app.open(FormBody::Regimen(Box::new(fields)));
    }
    Ok(())
}

pub fn draw<Tz: TimeZone>(f: &mut Frame, app: &App<Tz>, area: Rect, theme: Theme) {
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
    lines.push(Line::styled(
        format!(
            "Titration (label): 5 mg three times a day for 3 days, then 10, 15, 20 mg; maximum {} a day.",
            crate::safety::Catalog::builtin().limits.max_daily()
        ),
        theme.dim(),
    ));
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
        let style = if i == app.screens.regimen.sel {
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
    lines.extend(pump_lines(app, theme));
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" Regimen (c changes it) ")),
        area,
    );
}

/// The pump, its settings history (each reprogramming), refills and alarms, newest first.
fn pump_lines<Tz: TimeZone>(app: &App<Tz>, theme: Theme) -> Vec<Line<'static>> {
    let h = &app.pump;
    if h.settings.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            "Intrathecal pump (P logs a refill or an alarm):",
            theme.bold(),
        ),
    ];
    if let Some(s) = &app.today.pump {
        for l in crate::safety::pump::describe(s) {
            lines.push(Line::raw(format!(" {l}")));
        }
    }
    lines.push(Line::styled(
        format!("Pump settings history ({} rows):", h.settings.len()),
        theme.bold(),
    ));
    for p in h.settings.iter().rev() {
        lines.push(Line::raw(format!(
            " from {}  {}  {}  reservoir {}",
            p.effective_from.format("%Y-%m-%d %H:%M"),
            p.concentration_text(),
            p.daily_text(),
            p.reservoir_text()
        )));
    }
    let mut events: Vec<(chrono::DateTime<chrono::FixedOffset>, String)> = h
        .refills
        .iter()
        .map(|r| (r.at, format!("refill {}", r.volume_text())))
        .chain(
            h.alarms
                .iter()
                .map(|a| (a.at, format!("alarm: {}", a.kind.words()))),
        )
        .collect();
    events.sort_by_key(|e| std::cmp::Reverse(e.0));
    if !events.is_empty() {
        lines.push(Line::styled("Refills and alarms:", theme.bold()));
        for (at, what) in events.into_iter().take(20) {
            lines.push(Line::raw(format!(
                " {}  {what}",
                at.format("%Y-%m-%d %H:%M")
            )));
        }
    }
    lines
}
