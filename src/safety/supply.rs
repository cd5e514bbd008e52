//! Tablets on hand and when they run out, under the regimen in force and any regimen already set
//! to start later. Pure: supply events, entries, regimens, `now` and the time zone go in.
//!
//! The stock is reckoned from the latest count (or, with no count, from the first addition):
//! what was counted, plus what was added since, minus every dose logged since. The run-out is the
//! first scheduled dose that the tablets left cannot cover in full.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::Serialize;

use super::catalog::{Catalog, Urgency};
use super::rules::{Flag, FlagKind, RuleId};
use crate::domain::{Amount, Entry, EntryKind, Regimen, SupplyEvent, SupplyKind};

/// Under this many days left the flag is urgent; under `ROUTINE_DAYS`, a routine reminder.
pub const URGENT_DAYS: i64 = 3;
pub const ROUTINE_DAYS: i64 = 7;
/// How far ahead the projection looks.
pub const HORIZON_DAYS: i64 = 400;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupplyStatus {
    /// The count or first addition the stock is reckoned from.
    pub since: DateTime<FixedOffset>,
    /// What is left, in micrograms; negative when more was logged than was on hand.
    pub on_hand_mcg: i64,
    pub on_hand: String,
    /// The strength of the latest addition or count; tablets are counted in it.
    pub strength_mcg: u64,
    pub strength: String,
    /// Tablets of `strength` left (a half tablet shows as .5).
    pub tablets_left: f64,
    /// More doses were logged than tablets were on hand: a count is needed.
    pub overdrawn: bool,
    /// The first scheduled dose the tablets left cannot cover in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_out: Option<DateTime<FixedOffset>>,
    /// Days from now to `run_out`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_left: Option<f64>,
    /// Scheduled doses the tablets left cover in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doses_left: Option<u32>,
    /// Enough for more than `HORIZON_DAYS` at the regimen.
    pub beyond_horizon: bool,
}

fn fmt_signed(mcg: i64) -> String {
    if mcg < 0 {
        format!("-{}", Amount::from_mcg(mcg.unsigned_abs()))
    } else {
        Amount::from_mcg(mcg as u64).to_string()
    }
}

/// Scheduled dose instants (with the dose) on local `date`, under the regimens in force that day.
fn slots_on<Tz: TimeZone>(
    date: NaiveDate,
    regimens: &[Regimen],
    tz: &Tz,
) -> Vec<(DateTime<Utc>, Amount)> {
    let start = local_instant(date, chrono::NaiveTime::MIN, tz);
    let end = local_instant(date + Duration::days(1), chrono::NaiveTime::MIN, tz);
    let (Some(start), Some(end)) = (start, end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, r) in regimens.iter().enumerate() {
        let from = r.effective_from.with_timezone(&Utc);
        let until = regimens
            .get(i + 1)
            .map(|n| n.effective_from.with_timezone(&Utc));
        if from >= end || until.is_some_and(|u| u <= start) {
            continue;
        }
        for t in &r.times {
            if let Some(at) = local_instant(date, *t, tz)
                && at >= from
                && until.is_none_or(|u| at < u)
            {
                out.push((at, r.dose_mcg));
            }
        }
    }
    out.sort();
    out
}

fn local_instant<Tz: TimeZone>(
    date: NaiveDate,
    t: chrono::NaiveTime,
    tz: &Tz,
) -> Option<DateTime<Utc>> {
    tz.from_local_datetime(&date.and_time(t))
        .earliest()
        .map(|x| x.with_timezone(&Utc))
}

/// The supply as it stands at `now`; `None` when no tablets were ever recorded. `entries` must
/// hold every dose from the reckoning point (see [`reckon_from`]) and from the start of today.
pub fn status<Tz: TimeZone>(
    events: &[SupplyEvent],
    entries: &[Entry],
    regimens: &[Regimen],
    now: DateTime<Utc>,
    tz: &Tz,
) -> Option<SupplyStatus> {
    let (events, base) = reckoning(events, now);
    let first = *events.get(base)?;
    let since = first.at.with_timezone(&Utc);
    let mut stock: i64 = events[base..].iter().map(|e| e.total().mcg() as i64).sum();
    let doses = || {
        entries.iter().filter_map(|e| match e.kind {
            EntryKind::Dose {
                amount_mcg,
                skipped: false,
            } if e.at.with_timezone(&Utc) <= now => Some((e.at.with_timezone(&Utc), amount_mcg)),
            _ => None,
        })
    };
    // A dose at the very moment of a count is in the count; one at the moment of an addition is
    // taken from it.
    stock -= doses()
        .filter(|(at, _)| {
            if first.kind == SupplyKind::Count {
                *at > since
            } else {
                *at >= since
            }
        })
        .map(|(_, a)| a.mcg() as i64)
        .sum::<i64>();
    let strength = events.last().map_or(first.strength_mcg, |e| e.strength_mcg);
    let mut st = SupplyStatus {
        since: first.at,
        on_hand_mcg: stock,
        on_hand: fmt_signed(stock.max(0)),
        strength_mcg: strength.mcg(),
        strength: strength.to_string(),
        tablets_left: (stock.max(0) as f64 / strength.mcg() as f64 * 2.0).floor() / 2.0,
        overdrawn: stock < 0,
        run_out: None,
        days_left: None,
        doses_left: None,
        beyond_horizon: false,
    };
    if regimens.is_empty() {
        return Some(st);
    }
    let today = now.with_timezone(tz).date_naive();
    // Doses logged today beyond the scheduled times already past cover upcoming slots of today
    // (a dose taken a little early).
    let today_slots = slots_on(today, regimens, tz);
    let past = today_slots.iter().filter(|(at, _)| *at <= now).count();
    let taken_today = doses()
        .filter(|(at, _)| at.with_timezone(tz).date_naive() == today)
        .count();
    let mut covered = taken_today.saturating_sub(past);
    let mut left = stock.max(0);
    let mut n = 0u32;
    for d in 0..HORIZON_DAYS {
        let date = today + Duration::days(d);
        for (at, dose) in slots_on(date, regimens, tz) {
            if at <= now {
                continue;
            }
            if d == 0 && covered > 0 {
                covered -= 1;
                continue;
            }
            if left < dose.mcg() as i64 {
                let local = at.with_timezone(tz).fixed_offset();
                st.run_out = Some(local);
                st.days_left = Some((at - now).num_minutes() as f64 / 1440.0);
                st.doses_left = Some(n);
                return Some(st);
            }
            left -= dose.mcg() as i64;
            n += 1;
        }
    }
    st.doses_left = Some(n);
    st.beyond_horizon = true;
    Some(st)
}

/// Where the stock is reckoned from: the latest count at or before `now`, else the first
/// addition. Callers load doses from here (and from the start of today).
pub fn reckon_from(events: &[SupplyEvent], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let (events, base) = reckoning(events, now);
    events.get(base).map(|e| e.at.with_timezone(&Utc))
}

/// The events up to `now`, and the index of the one the stock is reckoned from.
fn reckoning(events: &[SupplyEvent], now: DateTime<Utc>) -> (Vec<&SupplyEvent>, usize) {
    let events: Vec<&SupplyEvent> = events
        .iter()
        .filter(|e| e.at.with_timezone(&Utc) <= now)
        .collect();
    let base = events
        .iter()
        .rposition(|e| e.kind == SupplyKind::Count)
        .unwrap_or(0);
    (events, base)
}

/// "37" or "2.5" tablets.
fn tablets_text(s: &SupplyStatus) -> String {
    if s.tablets_left.fract() == 0.0 {
        format!("{}", s.tablets_left as i64)
    } else {
        format!("{:.1}", s.tablets_left)
    }
}

/// "later today", "tomorrow", "in 3 days".
pub fn when_words<Tz: TimeZone>(at: DateTime<FixedOffset>, now: DateTime<Utc>, tz: &Tz) -> String {
    let today = now.with_timezone(tz).date_naive();
    let day = at.with_timezone(tz).date_naive();
    match (day - today).num_days() {
        i64::MIN..=0 => "today".into(),
        1 => "tomorrow".into(),
        n => format!("in {n} days"),
    }
}

/// One line for Today and `supply show`: what is left and when it runs out.
pub fn summary<Tz: TimeZone>(s: &SupplyStatus, now: DateTime<Utc>, tz: &Tz) -> String {
    let tablets = tablets_text(s);
    let mut line = format!(
        "{tablets} tablet{} of {} left ({})",
        if s.tablets_left == 1.0 { "" } else { "s" },
        s.strength,
        s.on_hand
    );
    match (s.run_out, s.beyond_horizon) {
        (Some(r), _) => line.push_str(&format!(
            "; runs out at the {} dose on {} ({})",
            r.format("%H:%M"),
            r.format("%a %-d %b"),
            when_words(r, now, tz)
        )),
        (None, true) => line.push_str("; enough for more than a year at this regimen"),
        (None, false) => line.push_str("; set a regimen to see when it runs out"),
    }
    if s.overdrawn {
        line.push_str(
            "; more doses were logged than tablets recorded: count them (`dosediary supply count N --strength MG`)",
        );
    }
    line
}

/// A short line for the Today screen: "37 x 10 mg left, run out Sun 22 Nov 14:00 (in 6 days)".
pub fn short<Tz: TimeZone>(s: &SupplyStatus, now: DateTime<Utc>, tz: &Tz) -> String {
    let tablets = tablets_text(s);
    let mut line = format!("{tablets} x {} left", s.strength);
    if let Some(r) = s.run_out {
        line.push_str(&format!(
            ", run out {} ({})",
            r.format("%a %-d %b %H:%M"),
            when_words(r, now, tz)
        ));
    } else if s.beyond_horizon {
        line.push_str(", over a year's worth");
    }
    if s.overdrawn {
        line.push_str(", count them");
    }
    line
}

/// How soon the tablets run out, as the flag would rate it.
pub fn urgency(s: &SupplyStatus, now: DateTime<Utc>) -> Urgency {
    match s.run_out {
        Some(r) if r.with_timezone(&Utc) - now < Duration::days(URGENT_DAYS) => Urgency::Urgent,
        Some(r) if r.with_timezone(&Utc) - now < Duration::days(ROUTINE_DAYS) => Urgency::Routine,
        _ => Urgency::None,
    }
}

/// The `supply_low` flag: urgent under 3 days left, a routine reminder under 7.
pub fn flag<Tz: TimeZone>(
    s: &SupplyStatus,
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
) -> Option<Flag> {
    let run_out = s.run_out?;
    let urgency = urgency(s, now);
    if urgency == Urgency::None {
        return None;
    }
    let r = cat.rule(RuleId::SupplyLow.as_str())?;
    let detail = format!(
        "{}. The tablets on hand cover {} more scheduled dose{}.",
        summary(s, now, tz),
        s.doses_left.unwrap_or(0),
        if s.doses_left == Some(1) { "" } else { "s" }
    );
    let refill = match urgency {
        Urgency::Urgent => "Call your pharmacy or prescriber today for a refill.",
        _ => "Order a refill from your pharmacy or prescriber this week.",
    };
    let advice = format!(
        "{refill} Do not stretch the tablets by skipping or cutting doses: stopping suddenly is how withdrawal starts."
    );
    Some(Flag {
        rule: r.id.clone(),
        kind: FlagKind::Pattern,
        category: r.category.clone(),
        urgency,
        at: now.with_timezone(tz).fixed_offset(),
        title: r.title.clone(),
        detail,
        why: r.why.clone(),
        advice,
        sources: r.sources.clone(),
        matched: None,
        entry_id: None,
        key: format!(
            "{}|{}|{}",
            RuleId::SupplyLow,
            run_out.with_timezone(&Utc).format("%Y-%m-%dT%H:%M:%SZ"),
            urgency.label()
        ),
        acknowledged: false,
    })
}
