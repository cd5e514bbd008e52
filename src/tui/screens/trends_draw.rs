//! Drawing the Trends screen from numbers already worked out ([`TrendsData`]): every part is a
//! list of lines built for a width, so the same parts stack on a narrow window (and scroll) and
//! sit side by side on a wide one.
//!
//! The charts are drawn here rather than with ratatui's `Chart`: three series must share one
//! column per bin so a regimen step lines up with its effects, each bin carries its "n =", and
//! a day without data must stay blank (a gap) while a zero is drawn; `Chart` lays each chart's
//! axes out on its own and joins points across gaps.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use super::trends::{Adherence, HeatDay, TimeBin, TrendsData, bin_words};
use crate::diary::today::SlotStatus;
use crate::safety::trends::{Change, Mean, StepTrend, Trends};
use crate::tui::view::Theme;

/// Columns left of the plot: a name, a y value and the axis.
pub const GUTTER: usize = 13;
const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// The widest window that stacks the parts; wider ones put some side by side.
const WIDE: u16 = 150;

/// The whole screen: one bordered block titled with the range, its parts inside. The lines are
/// laid out once per size ([`TrendsData::page`]) and written straight into the buffer.
pub fn draw(f: &mut Frame, d: &TrendsData, scroll: u16, area: Rect, theme: Theme) {
    let inner_w = area.width.saturating_sub(2) as usize;
    let inner_h = area.height.saturating_sub(2) as usize;
    let key = (inner_w, inner_h, theme.color);
    if d.page.borrow().as_ref().is_none_or(|(k, _)| *k != key) {
        *d.page.borrow_mut() = Some((key, page(d, inner_w, inner_h, theme)));
    }
    let cached = d.page.borrow();
    let Some((_, lines)) = cached.as_ref() else {
        return;
    };
    let max_scroll = lines.len().saturating_sub(inner_h) as u16;
    let scroll = scroll.min(max_scroll);
    let more = if max_scroll > 0 { ", j/k scroll" } else { "" };
    let from = if d.t.from.year() == d.t.to.year() {
        d.t.from.format("%-d %b")
    } else {
        d.t.from.format("%-d %b %Y")
    };
    let title = format!(
        " {} days: {} to {}, {} (r range{more}) ",
        d.range_days,
        from,
        d.t.to.format("%-d %b %Y"),
        bin_words(d.range_days),
    );
    let block = Block::bordered().title(title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let buf = f.buffer_mut();
    for (row, line) in lines
        .iter()
        .skip(scroll as usize)
        .take(inner.height as usize)
        .enumerate()
    {
        put_line(buf, inner, inner.y + row as u16, line);
    }
}

/// Writes a line's characters into the buffer, cut at the area's right edge. Every character on
/// this screen is one column wide; spaces are left as they are (blank), so only what is drawn
/// costs anything.
fn put_line(buf: &mut Buffer, area: Rect, y: u16, line: &Line) {
    let end = area.x.saturating_add(area.width);
    let mut x = area.x;
    for span in &line.spans {
        let style = line.style.patch(span.style);
        for c in span.content.chars() {
            if x >= end {
                return;
            }
            if c != ' '
                && let Some(cell) = buf.cell_mut((x, y))
            {
                cell.set_char(c).set_style(style);
            }
            x += 1;
        }
    }
}

/// Every part, top to bottom, for an inner width and height.
pub fn page(d: &TrendsData, w: usize, h: usize, theme: Theme) -> Vec<Line<'static>> {
    let wide = w + 2 >= WIDE as usize;
    let steps = with_heading(
        "Regimen steps",
        steps_table(&d.t, theme)
            .into_iter()
            .chain(compare(&d.t, theme))
            .collect(),
        theme,
    );
    let hours = with_heading(
        "Drowsiness by hours since the last dose",
        hours_since_dose(&d.t, theme),
        theme,
    );
    let heat = with_heading(
        "Doses taken and symptom days",
        heatmap(&d.heat, d.today, w, theme),
        theme,
    );
    let mut out = Vec::new();
    if wide {
        let below = steps.len().max(hours.len()) + heat.len() + 2;
        let ph = (h.saturating_sub(below + 7) / 3).clamp(2, 8);
        out.extend(chart(d, w, ph, theme));
        out.push(Line::raw(""));
        out.extend(side_by_side(steps, hours, 74));
        out.push(Line::raw(""));
        out.extend(heat);
    } else {
        let ph = (h.saturating_sub(7) / 3).clamp(2, 5);
        out.extend(chart(d, w, ph, theme));
        for part in [steps, hours, heat] {
            out.push(Line::raw(""));
            out.extend(part);
        }
    }
    out
}

fn with_heading(title: &str, mut lines: Vec<Line<'static>>, theme: Theme) -> Vec<Line<'static>> {
    lines.insert(0, Line::styled(title.to_string(), theme.bold()));
    lines
}

/// Two parts side by side, the left one padded to `left_w` columns.
fn side_by_side(
    left: Vec<Line<'static>>,
    right: Vec<Line<'static>>,
    left_w: usize,
) -> Vec<Line<'static>> {
    let n = left.len().max(right.len());
    let mut l = left.into_iter();
    let mut r = right.into_iter();
    (0..n)
        .map(|_| {
            let mut a = l.next().unwrap_or_default();
            let pad = left_w.saturating_sub(a.width());
            a.spans.push(Span::raw(" ".repeat(pad)));
            a.spans.extend(r.next().unwrap_or_default().spans);
            a
        })
        .collect()
}

/// How many columns a bin takes, and the bins that fit (the newest).
pub fn bin_width(bins: usize, plot_w: usize) -> (usize, usize) {
    let fit = bins.min(plot_w.max(1));
    ((plot_w / fit.max(1)).clamp(1, 8), fit)
}

/// A "nice" top for a mg axis.
fn nice_top(max: f64) -> f64 {
    let step = if max <= 20.0 { 5.0 } else { 10.0 };
    ((max / step).ceil() * step).max(5.0)
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The gutter: a name, a y value right-aligned and the axis character.
fn gutter(name: &str, value: &str, axis: char) -> String {
    format!("{name:<9}{value:>3}{axis}")
}

/// One panel of `h` rows: bars in eighths of a row, "_" for zero, blank for no data.
fn panel(
    name: (&str, &str),
    values: &[Option<f64>],
    top: f64,
    h: usize,
    w: usize,
    style: Style,
) -> Vec<Line<'static>> {
    let bar_w = if w >= 2 { w - 1 } else { 1 };
    let top_label = num(top);
    let mid = h / 2;
    (0..h)
        .map(|r| {
            let from_bottom = h - 1 - r;
            let g = match r {
                0 => gutter(name.0, &top_label, '┤'),
                _ if r == h - 1 => gutter("", "0", '┤'),
                1 => gutter(name.1, "", '│'),
                _ if r == mid && h >= 5 => gutter("", &num(top * (h - r) as f64 / h as f64), '┤'),
                _ => gutter("", "", '│'),
            };
            let mut row = String::with_capacity(values.len() * w * 3);
            for v in values {
                let c = match v {
                    None => ' ',
                    Some(x) if *x <= 0.0 && from_bottom == 0 => '_',
                    Some(x) if *x <= 0.0 => ' ',
                    Some(x) => {
                        let units = ((x / top.max(1e-9)) * (h * 8) as f64).round().max(1.0) as i64;
                        let fill = units - 8 * from_bottom as i64;
                        match fill {
                            f if f >= 8 => '█',
                            f if f <= 0 => ' ',
                            f => LEVELS[f as usize - 1],
                        }
                    }
                };
                row.extend(std::iter::repeat_n(c, bar_w));
                row.extend(std::iter::repeat_n(' ', w - bar_w));
            }
            Line::from(vec![Span::raw(g), Span::styled(row, style)])
        })
        .collect()
}

/// "n =" under every bin: the count when it fits, "+" for 10 or more in a narrow bin, "." none.
fn n_row(name: &str, ns: &[u32], w: usize, theme: Theme) -> Line<'static> {
    let mut row = String::with_capacity(ns.len() * w);
    for n in ns {
        let s = match n {
            0 => ".".to_string(),
            n if n.to_string().len() < w.max(2) => n.to_string(),
            1..=9 => n.to_string(),
            _ => "+".to_string(),
        };
        row.push_str(&format!("{s:<w$}"));
    }
    Line::from(vec![
        Span::styled(gutter(name, "", '│'), theme.dim()),
        Span::styled(row, theme.dim()),
    ])
}

/// The shared time axis: mg a day, drowsiness and stiffness, each with its "n =", the regimen
/// steps, and the dates.
pub fn chart(d: &TrendsData, width: usize, h: usize, theme: Theme) -> Vec<Line<'static>> {
    let plot_w = width.saturating_sub(GUTTER + 1).max(1);
    let (w, fit) = bin_width(d.bins.len(), plot_w);
    let bins: &[TimeBin] = &d.bins[d.bins.len() - fit..];
    let mg_top = nice_top(bins.iter().filter_map(|b| b.mg).fold(0.0, f64::max));
    let mg: Vec<Option<f64>> = bins.iter().map(|b| b.mg).collect();
    let dr: Vec<Option<f64>> = bins.iter().map(|b| b.drowsiness).collect();
    let sp: Vec<Option<f64>> = bins.iter().map(|b| b.spasticity).collect();
    let mut out = Vec::with_capacity(3 * h + 8);
    out.extend(panel(
        ("mg/day", "taken"),
        &mg,
        mg_top,
        h,
        w,
        theme.accent(),
    ));
    let ns = |f: fn(&TimeBin) -> u32| bins.iter().map(f).collect::<Vec<u32>>();
    out.push(n_row("n=days", &ns(|b| b.mg_n), w, theme));
    out.extend(panel(("drowsy", "0-10"), &dr, 10.0, h, w, theme.accent()));
    out.push(n_row("n=ratings", &ns(|b| b.drowsiness_n), w, theme));
    out.extend(panel(
        ("stiffness", "0-10"),
        &sp,
        10.0,
        h,
        w,
        theme.accent(),
    ));
    out.push(n_row("n=ratings", &ns(|b| b.spasticity_n), w, theme));
    out.push(step_row(&d.t.steps, bins, w));
    let (ticks, labels) = axis(bins, w);
    // The corner sits under the y axis (the gutter's last column).
    out.push(Line::raw(format!("{:1$}{ticks}", "", GUTTER - 1)));
    out.push(Line::raw(format!("{:GUTTER$}{labels}", "")));
    let (a, b) = (
        "blank: nothing logged  _: zero  .: n = 0  +: n of 10 or more",
        "^: a new regimen step (mg/day)",
    );
    if width >= a.len() + b.len() + 2 {
        out.push(Line::styled(format!("{a}  {b}"), theme.dim()));
    } else {
        out.push(Line::styled(a, theme.dim()));
        out.push(Line::styled(b, theme.dim()));
    }
    if fit < d.bins.len() {
        out.push(Line::styled(
            format!(
                "The oldest {} bins do not fit: widen the window to see them.",
                d.bins.len() - fit
            ),
            theme.dim(),
        ));
    }
    out
}

/// "^30" under the bin where a new regimen step starts.
fn step_row(steps: &[StepTrend], bins: &[TimeBin], w: usize) -> Line<'static> {
    let mut cells = vec![' '; bins.len() * w + 8];
    for s in steps.iter().skip(1) {
        let Some(k) = bins.iter().position(|b| b.from <= s.from && s.from <= b.to) else {
            continue;
        };
        let label = format!("^{}", s.mg_a_day.map_or("none".into(), num));
        for (i, c) in label.chars().enumerate() {
            if let Some(x) = cells.get_mut(k * w + i) {
                *x = c;
            }
        }
    }
    let row: String = cells.into_iter().collect();
    Line::raw(format!("{}{}", gutter("regimen", "", '│'), row.trim_end()))
}

/// The dated x axis: a tick under every labelled bin and "%-d %b" labels that never overlap.
fn axis(bins: &[TimeBin], w: usize) -> (String, String) {
    let width = bins.len() * w;
    let mut ticks: Vec<char> = vec!['─'; width];
    let mut labels = vec![' '; width + 8];
    // Every k-th bin, the same k along the axis: room for "30 Nov" and a space.
    let every = 7usize.div_ceil(w.max(1));
    for (k, b) in bins.iter().enumerate().step_by(every) {
        let x = k * w;
        let label = b.from.format("%-d %b").to_string();
        if x + label.len() <= width + 3 {
            ticks[x] = '┬';
            for (i, c) in label.chars().enumerate() {
                labels[x + i] = c;
            }
        }
    }
    let ticks: String = std::iter::once('└').chain(ticks).collect();
    let labels: String = labels.into_iter().collect();
    (ticks, labels.trim_end().to_string())
}

fn mean_n(m: Option<Mean>) -> String {
    m.map_or("-".into(), |m| format!("{:.1} ({})", m.exact, m.n))
}

fn change(c: Option<Change>) -> String {
    match c {
        None => "-".into(),
        Some(c) => match c.percent {
            Some(p) => format!("{:+.1} {:+.0}%", c.points, p),
            None => format!("{:+.1}", c.points),
        },
    }
}

/// The step table, readable at 80 columns: short headings, no number cut.
pub fn steps_table(t: &Trends, theme: Theme) -> Vec<Line<'static>> {
    let row = |c: [&str; 7]| {
        format!(
            "{:<6} {:>5} {:>4} {:>10}  {:<13} {:>10}  {}",
            c[0], c[1], c[2], c[3], c[4], c[5], c[6]
        )
    };
    let mut out = vec![Line::styled(
        row([
            "From",
            "mg/d",
            "days",
            "stiff (n)",
            "change",
            "drowsy (n)",
            "change",
        ]),
        theme.dim(),
    )];
    if t.steps.is_empty() {
        out.push(Line::raw("No days in the range."));
    }
    for s in &t.steps {
        let from = s.from.format("%-d %b").to_string();
        let mg = s.mg_a_day.map_or("-".into(), num);
        let days = s.days.to_string();
        let stiff = mean_n(s.spasticity);
        let sc = format!(
            "{}{}",
            change(s.spasticity_change),
            if s.meaningful_drop { " *" } else { "" }
        );
        let dr = mean_n(s.drowsiness);
        let dc = change(s.drowsiness_change);
        out.push(Line::raw(row([&from, &mg, &days, &stiff, &sc, &dr, &dc])));
    }
    out.push(Line::styled(
        "(n): days rated. change: from the step before, in points and %.",
        theme.dim(),
    ));
    if t.steps.iter().any(|s| s.meaningful_drop) {
        out.push(Line::styled(
            "*: stiffness 30% or more below the step before.",
            theme.dim(),
        ));
    }
    out
}

/// With and without a factor, when both sides have enough days.
fn compare(t: &Trends, theme: Theme) -> Vec<Line<'static>> {
    let mut out = vec![Line::styled(
        "With and without (association, not cause):",
        theme.bold(),
    )];
    for c in &t.compare {
        let what = match c.factor.as_str() {
            "alcohol" => "alcohol <12 h",
            "other_medicine" => "other medicine <12 h",
            "late_dose" => "late dose <12 h",
            _ => "this step vs the last",
        };
        out.push(Line::raw(if c.enough {
            format!(
                "{} {what}: {} vs {} without",
                c.metric,
                mean_n(c.with),
                mean_n(c.without)
            )
        } else {
            format!(
                "{} {what}: too few days (n = {} / {}; 3 each)",
                c.metric,
                c.with.map_or(0, |m| m.n),
                c.without.map_or(0, |m| m.n)
            )
        }));
    }
    out
}

/// Drowsiness by hours since the last dose: a bar per bin on a 0-10 scale, its mean and n.
fn hours_since_dose(t: &Trends, theme: Theme) -> Vec<Line<'static>> {
    let h = &t.drowsiness_by_hours_since_dose;
    const SCALE: usize = 20;
    let mut out = vec![Line::raw(match &h.peak {
        Some(p) => format!("Peak: {p} after a dose (the bin with the highest mean, n >= 3)"),
        None => "No peak yet: each bin needs 3 ratings.".to_string(),
    })];
    for b in &h.bins {
        let (bar, val) = match b.mean {
            Some(m) => {
                let eighths = (m / 10.0 * (SCALE * 8) as f64).round() as usize;
                let mut s = "█".repeat(eighths / 8);
                if !eighths.is_multiple_of(8) {
                    s.push(LEVELS[eighths % 8 - 1]);
                }
                (s, format!("{m:>4.1}"))
            }
            None => (String::new(), "   -".to_string()),
        };
        let marker = if h.peak.as_deref() == Some(b.label.as_str()) {
            " < peak"
        } else {
            ""
        };
        out.push(Line::from(vec![
            Span::raw(format!("{:<7}│", b.label)),
            Span::styled(format!("{bar:<SCALE$}"), theme.accent()),
            Span::raw(format!("{val}  n = {}{marker}", b.n)),
        ]));
    }
    out.push(Line::styled(
        format!("{:<7}0{:>9}{:>10}  drowsiness", "", "5", "10"),
        theme.dim(),
    ));
    out
}

fn adherence_style(a: Adherence, theme: Theme) -> Style {
    match a {
        Adherence::All => theme.status(SlotStatus::Taken),
        Adherence::Some => theme.status(SlotStatus::Late),
        Adherence::None => theme.status(SlotStatus::Missed),
        _ => theme.dim(),
    }
}

/// The calendar heatmap: a row per weekday, a column per week (newest right), each day two
/// symbols: doses taken of those scheduled, and symptoms. The legend names every symbol.
pub fn heatmap(
    days: &[HeatDay],
    today: chrono::NaiveDate,
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    const CELL: usize = 3;
    let weeks = days.len() / 7;
    let fit = weeks.min(width.saturating_sub(4) / CELL).max(1);
    let first = weeks.saturating_sub(fit);
    // Month names over the week that holds the 1st (and over the first week), placed from the
    // newest so a label that would touch the next one is left out.
    let mut month = vec![' '; 4 + (weeks - first) * CELL + 3];
    let mut next = usize::MAX;
    for wk in (first..weeks).rev() {
        let starts = (0..7).any(|k| days[wk * 7 + k].date.day() == 1) || wk == first;
        let x = 4 + (wk - first) * CELL;
        if starts && x + 4 <= next {
            let m = (days[wk * 7].date + chrono::Duration::days(6)).format("%b");
            for (i, c) in m.to_string().chars().enumerate() {
                month[x + i] = c;
            }
            next = x;
        }
    }
    let month: String = month.into_iter().collect();
    let mut out = vec![Line::styled(month.trim_end().to_string(), theme.dim())];
    for (k, name) in ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
        .iter()
        .enumerate()
    {
        let mut spans = vec![Span::styled(format!("{name}  "), theme.dim())];
        for wk in first..weeks {
            let d = &days[wk * 7 + k];
            if d.date > today {
                spans.push(Span::raw("   "));
                continue;
            }
            spans.push(Span::styled(
                d.adherence.symbol(),
                adherence_style(d.adherence, theme),
            ));
            spans.push(Span::styled(
                format!("{}{}", d.symptom_symbol(), " ".repeat(CELL - 2)),
                theme.urgency(d.worst),
            ));
        }
        out.push(Line::from(spans));
    }
    let a = "● all doses taken  ◐ some  ○ none  · nothing logged  - no schedule";
    let s = "s symptom logged  * urgent sign  ! emergency sign";
    if width >= a.chars().count() + s.chars().count() + 5 {
        out.push(Line::styled(format!("{a}  |  {s}"), theme.dim()));
    } else {
        out.push(Line::styled(a, theme.dim()));
        out.push(Line::styled(s, theme.dim()));
    }
    if fit < weeks {
        out.push(Line::styled(
            format!("the last {fit} of {weeks} weeks (widen the window for more)"),
            theme.dim(),
        ));
    }
    out
}
