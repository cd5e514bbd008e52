//! The report for the doctor: one self-contained HTML file (no network, no external files) with
//! inline SVG charts drawn here, laid out to print on A4 and Letter.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::Result;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::diary::{Diary, Judged};
use crate::domain::{Entry, EntryKind, Regimen};
use crate::safety::{Catalog, Urgency, analyze, schedule};

pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const CSS: &str = r#"
@page { size: auto; margin: 14mm; }
body { font: 10.5pt/1.4 system-ui, sans-serif; color: #111; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 16pt; margin: 0 0 2mm; } h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; } th, td { text-align: left; padding: 1mm 2mm; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #f2f2f2; } tr, figure, .flag { break-inside: avoid; page-break-inside: avoid; }
.emergency { font-weight: bold; } .urgent { font-weight: bold; } .muted { color: #555; }
.box { border: 1px solid #999; padding: 2mm 3mm; margin: 2mm 0; }
svg { width: 100%; height: auto; } svg text { font: 8px sans-serif; fill: #333; }
@media print { a { color: inherit; text-decoration: none; } }
"#;

struct Period {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
}

fn bars_svg(title: &str, values: &[(String, f64)], max: f64, line: Option<(f64, &str)>) -> String {
    let (w, h, left, bottom) = (600.0, 150.0, 30.0, 18.0);
    let n = values.len().max(1) as f64;
    let bw = (w - left) / n;
    let top = max.max(line.map_or(0.0, |l| l.0)).max(1.0) * 1.1;
    let y = |v: f64| (h - bottom) - v / top * (h - bottom - 6.0);
    let mut s = format!(
        r#"<figure><svg viewBox="0 0 {w} {h}" role="img" aria-label="{}">"#,
        esc(title)
    );
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{}" x2="{w}" y2="{}" stroke="#888"/>"##,
        h - bottom,
        h - bottom
    );
    for (k, v) in [0.0, top / 1.1 / 2.0, top / 1.1].iter().enumerate() {
        let _ = write!(
            s,
            r#"<text x="0" y="{:.1}">{}</text>"#,
            y(*v) + 3.0,
            if k == 0 {
                "0".into()
            } else {
                format!("{v:.0}")
            }
        );
    }
    let step = (values.len() / 12).max(1);
    for (i, (label, v)) in values.iter().enumerate() {
        let x = left + i as f64 * bw;
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#4a78b5"/>"##,
            x + bw * 0.1,
            y(*v),
            (bw * 0.8).max(0.5),
            (h - bottom) - y(*v)
        );
        if i % step == 0 {
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{}">{}</text>"#,
                x,
                h - 5.0,
                esc(label)
            );
        }
    }
    if let Some((v, label)) = line {
        let _ = write!(
            s,
            r##"<line x1="{left}" y1="{:.1}" x2="{w}" y2="{:.1}" stroke="#b00" stroke-dasharray="4 3"/><text x="{}" y="{:.1}" fill="#b00">{}</text>"##,
            y(v),
            y(v),
            w - 90.0,
            y(v) - 3.0,
            esc(label)
        );
    }
    let _ = write!(
        s,
        "</svg><figcaption class=\"muted\">{}</figcaption></figure>",
        esc(title)
    );
    s
}

pub fn report<Tz: TimeZone>(
    d: &Diary<Tz>,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
) -> Result<String> {
    let Judged {
        entries: all,
        regimens,
        flags,
    } = d.judged(None)?;
    let now = d.now();
    let to = until.unwrap_or(now).min(now);
    let from = since.unwrap_or_else(|| to - Duration::days(90));
    let p = Period { from, to };
    // Chart labels: day and month, with the year when the period spans more than a year.
    let day_fmt = if to - from > Duration::days(366) {
        "%b %Y"
    } else {
        "%d %b"
    };
    let in_range = |t: DateTime<Utc>| t >= p.from && t <= p.to;
    let entries: Vec<Entry> = all
        .iter()
        .filter(|e| in_range(e.at.with_timezone(&Utc)))
        .cloned()
        .collect();
    let flags: Vec<_> = flags
        .into_iter()
        .filter(|f| in_range(f.at.with_timezone(&Utc)))
        .collect();
    let tz = d.tz.clone();
    let day = |t: DateTime<Utc>| t.with_timezone(&tz).date_naive();
    let (d0, d1) = (day(p.from), day(p.to));
    let cat = Catalog::builtin();

    let mut h = String::new();
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Baclofen diary report {d0} to {d1}</title><style>{CSS}</style></head><body>"
    );
    let _ = write!(
        h,
        "<h1>Baclofen diary: report for the prescriber</h1><p class=\"muted\">{} to {} ({} days). Generated {} by dosediary from the patient's own entries. Flags are matched against documented warning signs and cite their sources; they are not a diagnosis.</p>",
        d0.format("%-d %B %Y"),
        d1.format("%-d %B %Y"),
        (d1 - d0).num_days() + 1,
        now.with_timezone(&tz)
            .fixed_offset()
            .format("%-d %B %Y %H:%M")
    );

    // Regimen and its changes.
    h.push_str("<h2>Regimen</h2>");
    if regimens.is_empty() {
        h.push_str("<p>No regimen recorded.</p>");
    } else {
        h.push_str("<table><tr><th>From</th><th>Doses</th><th>As needed</th><th>Daily</th><th>Maximum</th><th>Notes</th></tr>");
        for r in regimens.iter().rev() {
            let notes = [
                r.kidney_impairment.then_some("kidney impairment"),
                r.planned_taper.then_some("planned taper"),
                crate::safety::regimen::above_label(r)
                    .then_some(crate::safety::regimen::ABOVE_LABEL_BADGE),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                r.effective_from.format("%Y-%m-%d %H:%M"),
                esc(&r.describe()),
                r.as_needed
                    .map(|a| format!("as needed {} (max {} a day)", a.dose_mcg, a.daily_limit()))
                    .unwrap_or_default(),
                r.daily_total(),
                r.max_daily_mcg,
                notes
            );
        }
        h.push_str("</table>");
    }
    medicines_section(&mut h, &d.store, now)?;
    if let Some(sup) = d.supply(&regimens, now)? {
        let _ = write!(
            h,
            "<p>Tablets on hand ({}): {}.</p>",
            now.with_timezone(&tz).fixed_offset().format("%-d %B %Y"),
            esc(&crate::safety::supply::summary(&sup, now, &tz))
        );
    }

    h.push_str(&super::pump::section(
        &d.store.pump_history()?,
        &flags,
        p.from,
        p.to,
        now,
        &tz,
    ));

    // Adherence.
    let slots = schedule(&all, &regimens, Some(d0), p.to, &tz);
    let mut taken = 0;
    let mut late = 0;
    let mut missed = 0;
    let mut skipped = 0;
    let mut assigned = std::collections::HashSet::new();
    for s in slots.iter().filter(|s| in_range(s.at.with_timezone(&Utc))) {
        match s.taken_by {
            Some(i) => {
                assigned.insert(i);
                if s.skipped {
                    skipped += 1;
                } else if all[i].at - s.at > Duration::minutes(60) {
                    late += 1;
                } else {
                    taken += 1;
                }
            }
            None => missed += 1,
        }
    }
    let extra = all
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            in_range(e.at.with_timezone(&Utc))
                && matches!(e.kind, EntryKind::Dose { skipped: false, .. })
                && !assigned.contains(i)
        })
        .count();
    let _ = write!(
        h,
        "<h2>Adherence</h2><table><tr><th>Scheduled doses</th><th>On time (within 1 h)</th><th>Late</th><th>Missed</th><th>Skipped</th><th>Extra (unscheduled)</th></tr><tr><td>{}</td><td>{taken}</td><td>{late}</td><td>{missed}</td><td>{skipped}</td><td>{extra}</td></tr></table>",
        taken + late + missed + skipped
    );

    // Daily totals.
    let mut totals: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    let mut d = d0;
    while d <= d1 {
        totals.insert(d, 0.0);
        d += Duration::days(1);
    }
    for e in &entries {
        *totals.entry(e.local_day()).or_default() += e.kind.taken().mg_f64();
    }
    let max_mg = regimens
        .last()
        .map_or(80.0, |r: &Regimen| r.max_daily_mcg.mg_f64().min(80.0));
    let vals: Vec<(String, f64)> = totals
        .iter()
        .map(|(d, v)| (d.format(day_fmt).to_string(), *v))
        .collect();
    let peak = vals.iter().map(|x| x.1).fold(0.0, f64::max);
    h.push_str("<h2>Daily totals</h2>");
    h.push_str(&bars_svg(&format!("Baclofen taken per day (mg); dashed line: the {max_mg:.0} mg daily maximum; peak {peak:.1} mg"), &vals, peak, Some((max_mg, &format!("max {max_mg:.0} mg")))));

    // Drowsiness trend and against hours since dose.
    let mut by_day: BTreeMap<NaiveDate, (f64, u32)> = BTreeMap::new();
    let mut buckets = [(0.0f64, 0u32); 8];
    let mut last_dose: Option<DateTime<Utc>> = None;
    for e in &all {
        let t = e.at.with_timezone(&Utc);
        if !e.kind.taken().is_zero() {
            last_dose = Some(t);
        }
        if let Some(r) = e.kind.drowsiness()
            && in_range(t)
        {
            let x = by_day.entry(e.local_day()).or_default();
            x.0 += f64::from(r);
            x.1 += 1;
            if let Some(ld) = last_dose {
                let k = ((t - ld).num_minutes() / 60).clamp(0, 7) as usize;
                buckets[k].0 += f64::from(r);
                buckets[k].1 += 1;
            }
        }
    }
    h.push_str("<h2>Drowsiness</h2>");
    if by_day.is_empty() {
        h.push_str("<p>No drowsiness ratings in this period.</p>");
    } else {
        let vals: Vec<(String, f64)> = by_day
            .iter()
            .map(|(d, (s, n))| (d.format(day_fmt).to_string(), s / f64::from(*n)))
            .collect();
        h.push_str(&bars_svg(
            "Mean drowsiness per day (0 wide awake - 10 cannot stay awake)",
            &vals,
            10.0,
            None,
        ));
        let vals: Vec<(String, f64)> = buckets
            .iter()
            .enumerate()
            .map(|(k, (s, n))| {
                (
                    if k == 7 {
                        "7 h+".into()
                    } else {
                        format!("{k}-{} h", k + 1)
                    },
                    if *n > 0 { s / f64::from(*n) } else { 0.0 },
                )
            })
            .collect();
        h.push_str(&bars_svg("Mean drowsiness by hours since the last dose (peak effect is expected 1-2 h after a dose)", &vals, 10.0, None));
    }

    // Symptoms by sign.
    let mut freq: BTreeMap<String, (u32, u32, u32, u8)> = BTreeMap::new();
    for e in &entries {
        if let EntryKind::Symptom {
            text,
            severity,
            drowsiness_rating: false,
            ..
        } = &e.kind
        {
            for s in analyze(text).signs {
                let x = freq.entry(s.title.clone()).or_default();
                x.0 += 1;
                if let Some(v) = severity {
                    x.1 += u32::from(*v);
                    x.2 += 1;
                    x.3 = x.3.max(*v);
                }
            }
        }
    }
    h.push_str("<h2>Symptoms</h2>");
    if freq.is_empty() {
        h.push_str("<p>No symptoms matching a documented sign in this period.</p>");
    } else {
        h.push_str("<table><tr><th>Sign</th><th>Times logged</th><th>Mean severity</th><th>Worst</th></tr>");
        let mut rows: Vec<_> = freq.into_iter().collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r.1.0));
        for (t, (n, s, k, m)) in rows {
            let mean = if k > 0 {
                format!("{:.1}/10", f64::from(s) / f64::from(k))
            } else {
                "-".into()
            };
            let worst = if k > 0 { format!("{m}/10") } else { "-".into() };
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{n}</td><td>{mean}</td><td>{worst}</td></tr>",
                esc(&t)
            );
        }
        h.push_str("</table>");
    }

    // Flags.
    let count = |u: Urgency| flags.iter().filter(|f| f.urgency == u).count();
    let _ = write!(
        h,
        "<h2>Flags</h2><p>{} flags: {} emergency, {} urgent, {} routine.</p>",
        flags.len(),
        count(Urgency::Emergency),
        count(Urgency::Urgent),
        count(Urgency::Routine)
    );
    let mut shown = flags
        .iter()
        .filter(|f| f.urgency >= Urgency::Urgent)
        .collect::<Vec<_>>();
    shown.reverse();
    if !shown.is_empty() {
        h.push_str(
            "<table><tr><th>When</th><th>Urgency</th><th>What was seen</th><th>Sources</th></tr>",
        );
        for f in &shown {
            let _ = write!(
                h,
                "<tr class=\"flag\"><td>{}</td><td class=\"{}\">{} {}</td><td><b>{}</b>: {}</td><td>{}</td></tr>",
                f.at.format("%Y-%m-%d %H:%M"),
                f.urgency.as_str(),
                f.urgency.symbol(),
                f.urgency.label(),
                esc(&f.title),
                esc(&f.detail),
                esc(&cat.source_titles(&f.sources).join("; "))
            );
        }
        h.push_str("</table>");
    }
    let mut routine: BTreeMap<&str, usize> = BTreeMap::new();
    for f in flags.iter().filter(|f| f.urgency == Urgency::Routine) {
        *routine.entry(f.title.as_str()).or_default() += 1;
    }
    if !routine.is_empty() {
        h.push_str("<p class=\"muted\">Routine flags: ");
        h.push_str(
            &routine
                .iter()
                .map(|(t, n)| format!("{} ({n})", esc(t)))
                .collect::<Vec<_>>()
                .join(", "),
        );
        h.push_str(".</p>");
    }

    // Notes.
    let notes: Vec<&Entry> = entries.iter().filter(|e| e.note.is_some()).collect();
    if !notes.is_empty() {
        h.push_str("<h2>Notes</h2><table><tr><th>When</th><th>Entry</th><th>Note</th></tr>");
        for e in notes {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{} {}</td><td>{}</td></tr>",
                e.at.format("%Y-%m-%d %H:%M"),
                e.kind.name(),
                esc(&e.kind.summary()),
                esc(e.note.as_deref().unwrap_or(""))
            );
        }
        h.push_str("</table>");
    }

    // Sources.
    h.push_str("<h2>Sources</h2><table>");
    for s in &cat.sources {
        let _ = write!(h, "<tr><td>{}</td></tr>", esc(&s.title));
    }
    h.push_str("</table></body></html>\n");
    Ok(h)
}

/// Other medicines taken regularly, and the sedative combination stated once.
fn medicines_section(
    h: &mut String,
    st: &crate::store::Store,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    let meds = st.medicines()?;
    if meds.is_empty() {
        return Ok(());
    }
    h.push_str("<h3>Other medicines</h3><ul>");
    for m in &meds {
        let _ = write!(
            h,
            "<li>{} (from {}{})</li>",
            esc(&m.describe()),
            m.from.format("%-d %b %Y"),
            m.stopped
                .map(|s| format!(" to {}", s.format("%-d %b %Y")))
                .unwrap_or_default()
        );
    }
    h.push_str("</ul>");
    if let Some(s) =
        crate::safety::regimen::sedative_statement(&meds, now, crate::safety::Catalog::builtin())
    {
        let _ = write!(h, "<p><strong>{}</strong></p>", esc(&s));
    }
    Ok(())
}
