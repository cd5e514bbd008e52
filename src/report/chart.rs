//! The report's charts, inline SVG drawn from the trends: daily mg with spasticity and
//! drowsiness on the same dated axis, and drowsiness by hours since the last dose. Days without
//! data are gaps, never zeros; no information is carried by colour alone (dashes and markers).

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use maud::{Markup, html};

use crate::safety::trends::{DayTrend, HoursSinceDose, Trends};

/// The drawing's width in SVG units (it is scaled to the page width).
const W: f64 = 640.0;
const LEFT: f64 = 46.0;
const RIGHT: f64 = 12.0;
/// Above this many days the rating lines show weekly means.
pub const WEEKLY_ABOVE_DAYS: usize = 120;

fn f(x: f64) -> String {
    format!("{x:.1}")
}

/// Where each day sits on the x axis.
struct XAxis {
    from: NaiveDate,
    n: usize,
}

impl XAxis {
    fn step(&self) -> f64 {
        (W - LEFT - RIGHT) / self.n.max(1) as f64
    }
    fn x(&self, d: NaiveDate) -> f64 {
        LEFT + ((d - self.from).num_days() as f64 + 0.5) * self.step()
    }
    fn left_of(&self, d: NaiveDate) -> f64 {
        LEFT + (d - self.from).num_days() as f64 * self.step()
    }
    /// Where a tick sits: under its bar for daily ticks, at the start of its day otherwise.
    fn tick_x(&self, d: NaiveDate) -> f64 {
        if self.n <= 14 {
            self.x(d)
        } else {
            self.left_of(d)
        }
    }
    /// The dated ticks: every day, every Monday, every month's first, or every quarter's.
    fn ticks(&self) -> Vec<(NaiveDate, String)> {
        let last = self.from + Duration::days(self.n as i64 - 1);
        let days = (0..self.n as i64).map(|k| self.from + Duration::days(k));
        let year_of = |d: NaiveDate| d.year() != last.year() || d.year() != self.from.year();
        match self.n {
            0..=14 => days.map(|d| (d, d.format("%-d %b").to_string())).collect(),
            15..=70 => days
                .filter(|d| d.weekday() == Weekday::Mon)
                .map(|d| (d, d.format("%-d %b").to_string()))
                .collect(),
            71..=400 => days
                .filter(|d| d.day() == 1)
                .map(|d| {
                    let fmt = if d.month() == 1 || (year_of(d) && d == self.from) {
                        "%b %Y"
                    } else {
                        "%b"
                    };
                    (d, d.format(fmt).to_string())
                })
                .collect(),
            _ => days
                .filter(|d| d.day() == 1 && (d.month() - 1) % 3 == 0)
                .map(|d| (d, d.format("%b %Y").to_string()))
                .collect(),
        }
    }
}

/// A panel: a band of the drawing with its own y scale.
struct Panel {
    top: f64,
    height: f64,
    max: f64,
}

impl Panel {
    fn y(&self, v: f64) -> f64 {
        self.top + self.height - (v / self.max).clamp(0.0, 1.0) * self.height
    }
    fn bottom(&self) -> f64 {
        self.top + self.height
    }
    /// The y axis: line, ticks with values, and the axis title written up the side.
    fn axis(&self, ticks: &[f64], title: &str) -> Markup {
        let mid = self.top + self.height / 2.0;
        html! {
            line x1=(f(LEFT)) y1=(f(self.top)) x2=(f(LEFT)) y2=(f(self.bottom())) stroke="#555" {}
            @for t in ticks {
                line x1=(f(LEFT - 3.0)) y1=(f(self.y(*t))) x2=(f(W - RIGHT)) y2=(f(self.y(*t))) stroke="#e2e2e2" {}
                text x=(f(LEFT - 5.0)) y=(f(self.y(*t) + 3.5)) text-anchor="end" { (format!("{t:.0}")) }
            }
            text x="10" y=(f(mid)) text-anchor="middle" transform=(format!("rotate(-90 10 {})", f(mid))) { (title) }
        }
    }
}

/// Mean of each rating line per point: daily, or weekly over long periods. `None` is a gap.
fn rating_points(
    days: &[DayTrend],
    pick: fn(&DayTrend) -> Option<f64>,
    weekly: bool,
) -> Vec<(NaiveDate, Option<f64>, f64)> {
    let width = if weekly { 7 } else { 1 };
    days.chunks(width)
        .map(|c| {
            let v: Vec<f64> = c.iter().filter_map(pick).collect();
            let mean = (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
            // The point sits in the middle of its days.
            (c[0].date, mean, (c.len() as f64 - 1.0) / 2.0)
        })
        .collect()
}

/// A line broken where there is no value; lone points keep their marker.
fn gapped_path(points: &[(f64, Option<f64>)]) -> String {
    let mut d = String::new();
    let mut open = false;
    for (x, y) in points {
        match y {
            Some(y) => {
                d.push_str(&format!(
                    "{}{},{} ",
                    if open { "L" } else { "M" },
                    f(*x),
                    f(*y)
                ));
                open = true;
            }
            None => open = false,
        }
    }
    d
}

/// Daily mg taken (bars), the scheduled mg (a step line) and the daily maximum, above
/// spasticity and drowsiness (0-10) on the same dated axis; dotted lines mark regimen steps.
pub fn dose_and_ratings(t: &Trends, max_mg: f64) -> Markup {
    let days = &t.days;
    let ax = XAxis {
        from: t.from,
        n: days.len(),
    };
    let peak = days
        .iter()
        .map(|d| d.taken_mg.max(d.scheduled_mg.unwrap_or(0.0)))
        .fold(max_mg, f64::max);
    let top_max = (peak * 1.1 / 10.0).ceil() * 10.0;
    let mg = Panel {
        top: 10.0,
        height: 120.0,
        max: top_max,
    };
    let rt = Panel {
        top: 160.0,
        height: 110.0,
        max: 10.0,
    };
    let h = rt.bottom() + 34.0;
    let weekly = days.len() > WEEKLY_ABOVE_DAYS;
    let bw = (ax.step() * 0.8).max(0.4);
    let line = |pick: fn(&DayTrend) -> Option<f64>| -> Vec<(f64, Option<f64>)> {
        rating_points(days, pick, weekly)
            .into_iter()
            .map(|(d, v, half)| (ax.x(d) + half * ax.step(), v.map(|v| rt.y(v))))
            .collect()
    };
    let spast = line(|d| d.spasticity.map(|m| m.exact));
    let drows = line(|d| d.drowsiness.map(|m| m.exact));
    let sched: Vec<(f64, Option<f64>)> = days
        .iter()
        .flat_map(|d| {
            let y = d.scheduled_mg.map(|v| mg.y(v));
            [(ax.left_of(d.date), y), (ax.left_of(d.date) + ax.step(), y)]
        })
        .collect();
    let label = format!(
        "Baclofen mg per day and {} spasticity and drowsiness ratings, {} to {}",
        if weekly { "weekly mean" } else { "daily" },
        t.from,
        t.to
    );
    html! {
        svg viewBox=(format!("0 0 {W} {h}")) role="img" aria-label=(label) {
            (mg.axis(&[0.0, top_max / 2.0, top_max], "mg per day"))
            (rt.axis(&[0.0, 5.0, 10.0], "rating 0-10"))
            @for (d, _) in ax.ticks() {
                @let x = ax.tick_x(d);
                line x1=(f(x)) y1=(f(mg.top)) x2=(f(x)) y2=(f(mg.bottom())) stroke="#e6e6e6" {}
                line x1=(f(x)) y1=(f(rt.top)) x2=(f(x)) y2=(f(rt.bottom())) stroke="#e6e6e6" {}
            }
            // Days with nothing logged at all: shaded, so a gap reads as a gap.
            @for d in days.iter().filter(|d| !d.logged) {
                rect x=(f(ax.left_of(d.date))) y=(f(mg.top)) width=(f(ax.step())) height=(f(rt.bottom() - mg.top)) fill="#eeeeee" {}
            }
            @for d in days.iter().filter(|d| d.taken_mg > 0.0) {
                rect x=(f(ax.x(d.date) - bw / 2.0)) y=(f(mg.y(d.taken_mg))) width=(f(bw)) height=(f(mg.bottom() - mg.y(d.taken_mg))) fill="#7d9cc9" {}
            }
            path d=(gapped_path(&sched)) fill="none" stroke="#111" stroke-width="1.2" stroke-dasharray="5 2" {}
            line x1=(f(LEFT)) y1=(f(mg.y(max_mg))) x2=(f(W - RIGHT)) y2=(f(mg.y(max_mg))) stroke="#a00" stroke-dasharray="2 2" {}
            text x=(f(W - RIGHT - 2.0)) y=(f(mg.y(max_mg) - 3.0)) text-anchor="end" { (format!("daily maximum {max_mg:.0} mg")) }
            // Regimen steps, through both panels.
            @for s in t.steps.iter().skip(1) {
                line x1=(f(ax.left_of(s.from))) y1=(f(mg.top)) x2=(f(ax.left_of(s.from))) y2=(f(rt.bottom())) stroke="#333" stroke-dasharray="1 2" {}
            }
            path d=(gapped_path(&spast)) fill="none" stroke="#1b5e20" stroke-width="1.6" {}
            path d=(gapped_path(&drows)) fill="none" stroke="#b45f06" stroke-width="1.4" stroke-dasharray="4 2" {}
            @for (x, y) in spast.iter().filter_map(|(x, y)| y.map(|y| (*x, y))) {
                circle cx=(f(x)) cy=(f(y)) r="1.8" fill="#1b5e20" {}
            }
            @for (x, y) in drows.iter().filter_map(|(x, y)| y.map(|y| (*x, y))) {
                rect x=(f(x - 1.6)) y=(f(y - 1.6)) width="3.2" height="3.2" fill="#b45f06" {}
            }
            line x1=(f(LEFT)) y1=(f(rt.bottom())) x2=(f(W - RIGHT)) y2=(f(rt.bottom())) stroke="#555" {}
            line x1=(f(LEFT)) y1=(f(mg.bottom())) x2=(f(W - RIGHT)) y2=(f(mg.bottom())) stroke="#555" {}
            // Dated ticks: a light line through both panels, the date under the ratings (under
            // the bar for daily ticks, at the start of the day otherwise).
            @for (d, l) in ax.ticks() {
                @let x = ax.tick_x(d);
                line x1=(f(x)) y1=(f(mg.bottom())) x2=(f(x)) y2=(f(mg.bottom() + 4.0)) stroke="#555" {}
                line x1=(f(x)) y1=(f(rt.bottom())) x2=(f(x)) y2=(f(rt.bottom() + 4.0)) stroke="#555" {}
                text x=(f(x)) y=(f(rt.bottom() + 15.0)) text-anchor="middle" { (l) }
            }
            (legend(rt.bottom() + 30.0, weekly))
        }
    }
}

fn legend(y: f64, weekly: bool) -> Markup {
    let mean = if weekly { "weekly mean" } else { "daily mean" };
    html! {
        rect x=(f(LEFT)) y=(f(y - 7.0)) width="10" height="8" fill="#7d9cc9" {}
        text x=(f(LEFT + 14.0)) y=(f(y)) { "mg taken" }
        line x1=(f(LEFT + 70.0)) y1=(f(y - 3.0)) x2=(f(LEFT + 90.0)) y2=(f(y - 3.0)) stroke="#111" stroke-dasharray="5 2" {}
        text x=(f(LEFT + 94.0)) y=(f(y)) { "mg scheduled" }
        line x1=(f(LEFT + 170.0)) y1=(f(y - 3.0)) x2=(f(LEFT + 190.0)) y2=(f(y - 3.0)) stroke="#1b5e20" stroke-width="1.6" {}
        circle cx=(f(LEFT + 180.0)) cy=(f(y - 3.0)) r="1.8" fill="#1b5e20" {}
        text x=(f(LEFT + 194.0)) y=(f(y)) { "spasticity, " (mean) }
        line x1=(f(LEFT + 320.0)) y1=(f(y - 3.0)) x2=(f(LEFT + 340.0)) y2=(f(y - 3.0)) stroke="#b45f06" stroke-dasharray="4 2" {}
        rect x=(f(LEFT + 328.4)) y=(f(y - 4.6)) width="3.2" height="3.2" fill="#b45f06" {}
        text x=(f(LEFT + 344.0)) y=(f(y)) { "drowsiness, " (mean) }
        line x1=(f(LEFT + 470.0)) y1=(f(y - 7.0)) x2=(f(LEFT + 470.0)) y2=(f(y + 1.0)) stroke="#333" stroke-dasharray="1 2" {}
        text x=(f(LEFT + 476.0)) y=(f(y)) { "regimen step" }
    }
}

/// Mean drowsiness by hours since the last dose, with the number of ratings in each bin.
pub fn hours_since_dose(h: &HoursSinceDose) -> Markup {
    let p = Panel {
        top: 10.0,
        height: 120.0,
        max: 10.0,
    };
    let n = h.bins.len().max(1) as f64;
    let step = (W - LEFT - RIGHT) / n;
    html! {
        svg viewBox=(format!("0 0 {W} 186")) role="img" aria-label="Mean drowsiness by hours since the last dose" {
            (p.axis(&[0.0, 5.0, 10.0], "drowsiness 0-10"))
            line x1=(f(LEFT)) y1=(f(p.bottom())) x2=(f(W - RIGHT)) y2=(f(p.bottom())) stroke="#555" {}
            @for (k, b) in h.bins.iter().enumerate() {
                @let x = LEFT + k as f64 * step;
                @if let Some(m) = b.mean {
                    rect x=(f(x + step * 0.15)) y=(f(p.y(m))) width=(f(step * 0.7)) height=(f(p.bottom() - p.y(m))) fill="#b45f06" {}
                    text x=(f(x + step / 2.0)) y=(f(p.y(m) - 3.0)) text-anchor="middle" { (format!("{m:.1}")) }
                } @else {
                    text x=(f(x + step / 2.0)) y=(f(p.bottom() - 4.0)) text-anchor="middle" { "no data" }
                }
                text x=(f(x + step / 2.0)) y=(f(p.bottom() + 14.0)) text-anchor="middle" { (b.label) }
                text x=(f(x + step / 2.0)) y=(f(p.bottom() + 27.0)) text-anchor="middle" { "n = " (b.n) }
            }
            text x=(f(W / 2.0)) y="182" text-anchor="middle" { "hours since the last dose" }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_line_breaks_where_a_day_has_no_value_and_keeps_lone_points_out_of_it() {
        let pts = [
            (1.0, Some(5.0)),
            (2.0, Some(6.0)),
            (3.0, None),
            (4.0, Some(7.0)),
            (5.0, None),
            (6.0, Some(8.0)),
            (7.0, Some(9.0)),
        ];
        // Three runs: 1-2, the lone 4 (a move with no line), 6-7.
        assert_eq!(
            gapped_path(&pts),
            "M1.0,5.0 L2.0,6.0 M4.0,7.0 M6.0,8.0 L7.0,9.0 "
        );
        assert_eq!(gapped_path(&[(1.0, None)]), "");
    }

    #[test]
    fn the_date_axis_labels_days_weeks_months_or_quarters_by_length() {
        let ticks = |from: &str, n: usize| XAxis { from: day(from), n }.ticks();
        // 10 days: every day.
        let t = ticks("2026-11-12", 10);
        assert_eq!(t.len(), 10);
        assert_eq!(t[0].1, "12 Nov");
        // 30 days from Thu 22 Oct: the Mondays 26 Oct, 2, 9 and 16 Nov.
        let t: Vec<String> = ticks("2026-10-22", 30).into_iter().map(|x| x.1).collect();
        assert_eq!(t, ["26 Oct", "2 Nov", "9 Nov", "16 Nov"]);
        // 365 days from 22 Nov 2025: each month's first, January with its year.
        let t: Vec<String> = ticks("2025-11-22", 365).into_iter().map(|x| x.1).collect();
        assert_eq!(t.len(), 12);
        assert_eq!(t[0], "Dec");
        assert_eq!(t[1], "Jan 2026");
        // Two years: quarters, with years.
        let t: Vec<String> = ticks("2024-11-22", 730).into_iter().map(|x| x.1).collect();
        assert_eq!(t[0], "Jan 2025");
        assert_eq!(t[1], "Apr 2025");
    }

    #[test]
    fn weekly_points_are_means_of_the_days_that_have_a_rating() {
        use crate::safety::trends::trends;
        // No entries at all: every point is a gap.
        let t = trends::<chrono::Utc>(&[], &[], day("2026-01-01"), day("2026-01-14"), &chrono::Utc);
        let p = rating_points(&t.days, |d| d.spasticity.map(|m| m.exact), true);
        assert_eq!(p.len(), 2);
        assert!(p.iter().all(|x| x.1.is_none()));
        // The second point sits in the middle of its 7 days.
        assert_eq!(p[1].0, day("2026-01-08"));
        assert_eq!(p[1].2, 3.0);
    }
}
