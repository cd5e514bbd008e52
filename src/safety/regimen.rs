//! Judging a prescription itself: how fast a step (planned or not) cuts the daily total, how a
//! planned step reads on Today, and what the regimen says about the rules' watch (above the label
//! maximum, a regularly taken sedative). Pure.

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use serde::Serialize;

use super::catalog::Catalog;
use crate::domain::{Amount, Medicine, Regimen};

/// A step that cuts the daily total by the rapid_reduction fraction or more within its days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaperWarning {
    pub from_total: Amount,
    pub to_total: Amount,
    pub percent: u64,
    pub starts: DateTime<FixedOffset>,
    pub text: String,
}

/// The daily total the regimens in force over the `days` days before `start` reached.
fn total_before(regimens: &[Regimen], start: DateTime<Utc>, days: i64) -> Option<Amount> {
    let lo = start - Duration::days(days);
    let mut best: Option<Amount> = None;
    for (i, r) in regimens.iter().enumerate() {
        let from = r.effective_from.with_timezone(&Utc);
        let until = regimens
            .get(i + 1)
            .map(|n| n.effective_from.with_timezone(&Utc));
        // In force at some moment of [lo, start).
        if from < start && until.is_none_or(|u| u > lo) {
            let t = r.daily_total();
            best = Some(best.map_or(t, |b| b.max(t)));
        }
    }
    best
}

/// Would a step of `to_total` a day from `start` trip rapid_reduction against the regimens set
/// before it? `regimens` are the others (sorted by start).
pub fn taper_warning(
    regimens: &[Regimen],
    start: DateTime<FixedOffset>,
    to_total: Amount,
    cat: &Catalog,
) -> Option<TaperWarning> {
    let lim = &cat.limits;
    let before: Vec<Regimen> = regimens
        .iter()
        .filter(|r| r.effective_from < start)
        .cloned()
        .collect();
    let from_total = total_before(&before, start.with_timezone(&Utc), lim.rapid_reduction_days)?;
    if from_total.is_zero()
        || (to_total.mcg() as f64) > from_total.mcg() as f64 * lim.rapid_reduction_fraction
    {
        return None;
    }
    let percent = 100 - to_total.mcg() * 100 / from_total.mcg();
    let text = format!(
        "this step cuts the daily total from {from_total} to {to_total} (a fall of {percent}%) within {} days, from {}: the diary flags a fall of half or more as a sharp reduction, and withdrawal can begin 12-72 h after a dose is cut. Check the steps with your prescriber before it starts; tapers usually go down over 1-2 weeks or more. Sources: {}.",
        lim.rapid_reduction_days,
        start.format("%a %-d %b %H:%M"),
        cat.source_titles(
            &cat.rule("rapid_reduction")
                .map(|r| r.sources.clone())
                .unwrap_or_default()
        )
        .join("; ")
    );
    Some(TaperWarning {
        from_total,
        to_total,
        percent,
        starts: start,
        text,
    })
}

/// A regimen counts as a planned taper step when it was flagged so, or set before it started,
/// unless it cuts the total too fast.
pub fn is_planned_step(r: &Regimen, regimens: &[Regimen], cat: &Catalog) -> bool {
    let ahead = r.recorded_at + Duration::minutes(1) < r.effective_from.with_timezone(&Utc);
    if !(r.planned_taper || ahead) {
        return false;
    }
    let others: Vec<Regimen> = regimens.iter().filter(|x| x.id != r.id).cloned().collect();
    taper_warning(&others, r.effective_from, r.daily_total(), cat).is_none()
}

/// Steps that start after `now`, in order.
pub fn planned_steps(regimens: &[Regimen], now: DateTime<Utc>) -> Vec<&Regimen> {
    regimens
        .iter()
        .filter(|r| r.effective_from.with_timezone(&Utc) > now)
        .collect()
}

/// "from Thursday: 15 mg at 08:00,14:00,20:00" (a weekday within the week, else the date;
/// the time when the step does not start at midnight).
pub fn step_line<Tz: TimeZone>(r: &Regimen, now: DateTime<Utc>, tz: &Tz) -> String {
    let local = r.effective_from.with_timezone(tz).fixed_offset();
    let today = now.with_timezone(tz).date_naive();
    let days = (local.date_naive() - today).num_days();
    let mut when = match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        2..=6 => local.format("%A").to_string(),
        _ => local.format("%a %-d %b").to_string(),
    };
    let first_dose = r.times.first().copied().unwrap_or(chrono::NaiveTime::MIN);
    if local.time() != chrono::NaiveTime::MIN && local.time() > first_dose {
        when.push_str(&format!(" {}", local.format("%H:%M")));
    }
    format!("from {when}: {}", r.describe())
}

/// The regimen is above the 80 mg label maximum: by the prescriber's maximum, or its schedule.
pub fn above_label(r: &Regimen) -> bool {
    r.prescribed_above_label || r.daily_total() > Catalog::builtin().limits.max_daily()
}

/// The badge shown on Today, Regimen, the report and the card.
pub const ABOVE_LABEL_BADGE: &str = "above label maximum, prescribed";

/// One line naming a regularly taken sedative and baclofen together, stated once (Regimen,
/// report) instead of a flag with every dose.
pub fn sedative_statement(meds: &[Medicine], now: DateTime<Utc>, cat: &Catalog) -> Option<String> {
    let names: Vec<String> = meds
        .iter()
        .filter(|m| m.active_at(now))
        .filter_map(|m| {
            let class = m.class.as_deref()?;
            let title = cat
                .interactions
                .iter()
                .find(|i| i.class == class)
                .map_or(class.to_string(), |i| i.title.clone());
            Some(format!("{} ({title})", m.name))
        })
        .collect();
    if names.is_empty() {
        return None;
    }
    // The source by its title, never its key.
    let source = cat
        .source_title("label-ozobax")
        .unwrap_or("the baclofen label");
    Some(format!(
        "Taken regularly with baclofen: {}. Together they add to drowsiness and can slow breathing ({source}, section 7.1); the diary does not flag each dose, but drowsiness of 7/10 or more, confusion or breathing trouble are judged with it in mind.",
        names.join(", ")
    ))
}
