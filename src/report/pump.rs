//! The report's pump section: the pump as it stands, its dose changes, refills and alarms in the
//! period, and the pump flags raised in the period. Pure: a fragment of HTML from data values.

use std::fmt::Write;

use chrono::{DateTime, TimeZone, Utc};

use super::html::esc;
use crate::domain::pump::{PumpHistory, fmt_mcg_ng};
use crate::safety::Flag;

/// The section, or an empty string for a diary without a pump. `from..=to` is the period.
pub fn section<Tz: TimeZone>(
    h: &PumpHistory,
    flags: &[Flag],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: &Tz,
) -> String {
    if h.settings.is_empty() {
        return String::new();
    }
    let within = |t: DateTime<Utc>| t >= from && t <= to;
    let mut s = String::from("<h2>Intrathecal pump</h2>");
    if let Some(st) = crate::safety::pump::status(h, now, tz) {
        s.push_str("<ul>");
        for l in crate::safety::pump::describe(&st) {
            let _ = write!(s, "<li>{}</li>", esc(&l));
        }
        s.push_str("</ul>");
    }
    // Dose changes: the setting in force as the period starts, and every one set within it.
    let start = h.setting_at(from);
    let changes: Vec<_> = h
        .settings
        .iter()
        .filter(|p| {
            within(p.effective_from.with_timezone(&Utc)) || start.is_some_and(|s| s.id == p.id)
        })
        .collect();
    s.push_str("<h3>Pump settings (dose changes)</h3><table><tr><th>From</th><th>Concentration</th><th>Daily dose</th><th>Change</th></tr>");
    let mut prev: Option<u64> = None;
    for p in &changes {
        let change = match prev {
            Some(d) if d != p.daily_ng => format!(
                "{} {} mcg/day",
                if p.daily_ng > d { "up" } else { "down" },
                fmt_mcg_ng(p.daily_ng.abs_diff(d))
            ),
            Some(_) => "same dose".into(),
            None => "in force at the start".into(),
        };
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            p.effective_from.format("%Y-%m-%d %H:%M"),
            esc(&p.concentration_text()),
            esc(&p.daily_text()),
            esc(&change)
        );
        prev = Some(p.daily_ng);
    }
    s.push_str("</table>");
    let refills: Vec<_> = h
        .refills
        .iter()
        .filter(|r| within(r.at.with_timezone(&Utc)))
        .collect();
    s.push_str("<h3>Refills</h3>");
    if refills.is_empty() {
        s.push_str("<p>No refill logged in this period.</p>");
    } else {
        s.push_str("<table><tr><th>When</th><th>Volume</th><th>Concentration</th><th>Next refill by (clinic)</th><th>Note</th></tr>");
        for r in refills {
            let conc = h
                .setting_at(r.at.with_timezone(&Utc))
                .map(|p| p.concentration_text())
                .unwrap_or_default();
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                r.at.format("%Y-%m-%d %H:%M"),
                esc(&r.volume_text()),
                esc(&conc),
                r.refill_by.map(|d| d.to_string()).unwrap_or_default(),
                esc(r.note.as_deref().unwrap_or(""))
            );
        }
        s.push_str("</table>");
    }
    let alarms: Vec<_> = h
        .alarms
        .iter()
        .filter(|a| within(a.at.with_timezone(&Utc)))
        .collect();
    s.push_str("<h3>Alarms</h3>");
    if alarms.is_empty() {
        s.push_str("<p>No alarm logged in this period.</p>");
    } else {
        s.push_str("<table><tr><th>When</th><th>Alarm</th><th>Urgency</th><th>Since</th><th>Note</th></tr>");
        for a in alarms {
            let u = crate::safety::pump::alarm_urgency(a.kind);
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td></tr>",
                a.at.format("%Y-%m-%d %H:%M"),
                esc(a.kind.words()),
                u.symbol(),
                u.label(),
                if crate::safety::pump::alarm_open(h, a) {
                    "still open"
                } else {
                    "dealt with (refill or new settings logged after it)"
                },
                esc(a.note.as_deref().unwrap_or(""))
            );
        }
        s.push_str("</table>");
    }
    let signs: Vec<_> = flags
        .iter()
        .filter(|f| f.rule.starts_with("pump_") && within(f.at.with_timezone(&Utc)))
        .collect();
    s.push_str("<h3>Pump warning signs in this period</h3>");
    if signs.is_empty() {
        s.push_str("<p>None.</p>");
    } else {
        s.push_str("<ul>");
        for f in signs {
            let _ = write!(
                s,
                "<li>{} {} {}: {} <span class=\"muted\">({})</span></li>",
                f.urgency.symbol(),
                f.urgency.label(),
                f.at.format("%Y-%m-%d %H:%M"),
                esc(&format!("{}. {}", f.title, f.detail)),
                esc(&f.sources.join(", "))
            );
        }
        s.push_str("</ul>");
    }
    s
}
