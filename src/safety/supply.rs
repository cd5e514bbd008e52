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
    /// The strength of the open pack (the one doses are drawn from first).
    pub strength_mcg: u64,
    pub strength: String,
    /// Tablets of `strength` left (a half tablet shows as .5).
    pub tablets_left: f64,
    /// Each strength on hand, counted separately (strongest first).
    pub by_strength: Vec<StrengthStock>,
    /// More doses were logged than tablets were on hand: a count is needed.
    pub overdrawn: bool,
    /// The first scheduled dose the tablets left cannot cover in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_out: Option<DateTime<FixedOffset>>,
    /// The tablets are gone: the scheduled dose they could not cover has passed. Fixed at that
    /// dose (it does not slide forward with every missed dose).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ran_out: Option<DateTime<FixedOffset>>,
    /// Days from now to `run_out`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_left: Option<f64>,
    /// Scheduled doses the tablets left cover in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doses_left: Option<u32>,
    /// Enough for more than `HORIZON_DAYS` at the regimen.
    pub beyond_horizon: bool,
}

/// Tablets of one strength on hand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrengthStock {
    pub strength_mcg: u64,
    pub strength: String,
    pub on_hand_mcg: i64,
    pub tablets_left: f64,
}

/// Tablets on hand by strength (micrograms of each), and the open pack's strength.
#[derive(Debug, Clone, Default)]
struct Stock {
    /// (strength mcg, mcg on hand), in the order the strengths were first recorded.
    by: Vec<(u64, i64)>,
    open: Option<u64>,
}

impl Stock {
    fn get_mut(&mut self, strength: u64) -> &mut i64 {
        if let Some(i) = self.by.iter().position(|(s, _)| *s == strength) {
            &mut self.by[i].1
        } else {
            self.by.push((strength, 0));
            &mut self.by.last_mut().expect("just pushed").1
        }
    }
    fn total(&self) -> i64 {
        self.by.iter().map(|(_, m)| *m).sum()
    }
    /// The strengths to draw from: the open pack's first, then the strongest first.
    fn order(&self) -> Vec<u64> {
        let mut v: Vec<u64> = self.by.iter().map(|(s, _)| *s).collect();
        v.sort_by(|a, b| b.cmp(a));
        if let Some(o) = self.open.filter(|o| self.left(*o) > 0)
            && let Some(i) = v.iter().position(|s| *s == o)
        {
            let o = v.remove(i);
            v.insert(0, o);
        }
        v
    }
    fn left(&self, strength: u64) -> i64 {
        self.by
            .iter()
            .find(|(s, _)| *s == strength)
            .map_or(0, |(_, m)| *m)
    }
    /// How `dose` is made up from the tablets on hand: whole tablets of the open pack when they
    /// make it, else whole tablets strongest first, then half tablets. `None` when the tablets on
    /// hand cannot make it.
    fn plan(&self, dose: u64) -> Option<Vec<(u64, u64)>> {
        let order = self.order();
        if let Some(&o) = order.first()
            && dose.is_multiple_of(o)
            && self.left(o) >= dose as i64
        {
            return Some(vec![(o, dose)]);
        }
        let mut rem = dose;
        let mut take: Vec<(u64, u64)> = Vec::new();
        for unit_div in [1, 2] {
            for &s in &order {
                let unit = s / unit_div;
                if unit == 0 || rem == 0 {
                    continue;
                }
                let already = take
                    .iter()
                    .filter(|(x, _)| *x == s)
                    .map(|(_, m)| *m)
                    .sum::<u64>();
                let avail = (self.left(s).max(0) as u64).saturating_sub(already) / unit;
                let k = (rem / unit).min(avail);
                if k > 0 {
                    take.push((s, k * unit));
                    rem -= k * unit;
                }
            }
        }
        (rem == 0).then_some(take)
    }
    /// Takes `dose` off the stock; when the tablets cannot make it, what is missing comes off
    /// the open pack (it goes negative: a count is needed).
    fn draw(&mut self, dose: u64) {
        match self.plan(dose) {
            Some(take) => {
                for (s, m) in &take {
                    *self.get_mut(*s) -= *m as i64;
                }
                if let Some((s, _)) = take.first() {
                    self.open = Some(*s);
                }
            }
            None => {
                let from = self.order().first().copied().or(self.open).unwrap_or(1000);
                let mut rem = dose as i64;
                for s in self.order() {
                    let l = self.left(s).max(0).min(rem);
                    *self.get_mut(s) -= l;
                    rem -= l;
                }
                *self.get_mut(from) -= rem;
            }
        }
    }
}

fn tablets(mcg: i64, strength: u64) -> f64 {
    (mcg.max(0) as f64 / strength as f64 * 2.0).floor() / 2.0
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
        for (t, dose) in r.slots() {
            if let Some(at) = local_instant(date, t, tz)
                && at >= from
                && until.is_none_or(|u| at < u)
            {
                out.push((at, dose));
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
    let doses: Vec<(DateTime<Utc>, Amount)> = entries
        .iter()
        .filter_map(|e| match e.kind {
            EntryKind::Dose {
                amount_mcg,
                skipped: false,
                ..
            } if e.at.with_timezone(&Utc) <= now => Some((e.at.with_timezone(&Utc), amount_mcg)),
            _ => None,
        })
        .collect();
    // Walk events and doses in time order. A dose at the very moment of a count is in the count;
    // one at the moment of an addition is taken from it.
    let mut stock = Stock::default();
    let mut last_change = since;
    let mut di = doses.partition_point(|(at, _)| *at < since);
    if first.kind == SupplyKind::Count {
        // Doses at the very moment of the first count are in it.
        while di < doses.len() && doses[di].0 == since {
            di += 1;
        }
    }
    for (k, ev) in events[base..].iter().enumerate() {
        let t = ev.at.with_timezone(&Utc);
        while di < doses.len()
            && (doses[di].0 < t || (doses[di].0 == t && ev.kind == SupplyKind::Count && k > 0))
        {
            stock.draw(doses[di].1.mcg());
            last_change = last_change.max(doses[di].0);
            di += 1;
        }
        let m = ev.total().mcg() as i64;
        match ev.kind {
            SupplyKind::Count => *stock.get_mut(ev.strength_mcg.mcg()) = m,
            SupplyKind::Add => *stock.get_mut(ev.strength_mcg.mcg()) += m,
        }
        if stock.open.is_none_or(|o| stock.left(o) <= 0) {
            stock.open = Some(ev.strength_mcg.mcg());
        }
        last_change = last_change.max(t);
    }
    for &(at, d) in &doses[di..] {
        stock.draw(d.mcg());
        last_change = last_change.max(at);
    }
    let total = stock.total();
    let open = stock.open.unwrap_or(
        events
            .last()
            .map_or(first.strength_mcg, |e| e.strength_mcg)
            .mcg(),
    );
    let mut by: Vec<StrengthStock> = stock
        .by
        .iter()
        .map(|(s, m)| StrengthStock {
            strength_mcg: *s,
            strength: Amount::from_mcg(*s).to_string(),
            on_hand_mcg: *m,
            tablets_left: tablets(*m, *s),
        })
        .collect();
    by.sort_by_key(|b| std::cmp::Reverse(b.strength_mcg));
    let mut st = SupplyStatus {
        since: first.at,
        on_hand_mcg: total,
        on_hand: fmt_signed(total.max(0)),
        strength_mcg: open,
        strength: Amount::from_mcg(open).to_string(),
        tablets_left: tablets(stock.left(open), open),
        by_strength: by,
        overdrawn: stock.by.iter().any(|(_, m)| *m < 0),
        run_out: None,
        ran_out: None,
        days_left: None,
        doses_left: None,
        beyond_horizon: false,
    };
    if regimens.is_empty() {
        return Some(st);
    }
    // Ran out: the first scheduled dose after the last dose or supply change that the tablets
    // left cannot make has already passed. It stays there until tablets or doses are logged.
    let after_change = (0..3)
        .flat_map(|d| {
            slots_on(
                last_change.with_timezone(tz).date_naive() + Duration::days(d),
                regimens,
                tz,
            )
        })
        .find(|(at, _)| *at > last_change);
    if let Some((at, dose)) = after_change
        && at <= now
        && stock.plan(dose.mcg()).is_none()
    {
        let local = at.with_timezone(tz).fixed_offset();
        st.ran_out = Some(local);
        st.run_out = Some(local);
        st.days_left = Some((at - now).num_minutes() as f64 / 1440.0);
        st.doses_left = Some(0);
        return Some(st);
    }
    project(st, &doses, stock, regimens, now, tz)
}

/// The run-out ahead: the first scheduled dose from `now` the tablets cannot make.
fn project<Tz: TimeZone>(
    mut st: SupplyStatus,
    doses: &[(DateTime<Utc>, Amount)],
    mut stock: Stock,
    regimens: &[Regimen],
    now: DateTime<Utc>,
    tz: &Tz,
) -> Option<SupplyStatus> {
    let today = now.with_timezone(tz).date_naive();
    // Doses logged today beyond the scheduled times already past cover upcoming slots of today
    // (a dose taken a little early).
    let today_slots = slots_on(today, regimens, tz);
    let past = today_slots.iter().filter(|(at, _)| *at <= now).count();
    let taken_today = doses
        .iter()
        .filter(|(at, _)| at.with_timezone(tz).date_naive() == today)
        .count();
    let mut covered = taken_today.saturating_sub(past);
    if stock.total() < 0 {
        for s in stock.by.iter_mut() {
            s.1 = s.1.max(0);
        }
    }
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
            if stock.plan(dose.mcg()).is_none() {
                let local = at.with_timezone(tz).fixed_offset();
                st.run_out = Some(local);
                st.days_left = Some((at - now).num_minutes() as f64 / 1440.0);
                st.doses_left = Some(n);
                return Some(st);
            }
            stock.draw(dose.mcg());
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
fn count_text(t: f64) -> String {
    if t.fract() == 0.0 {
        format!("{}", t as i64)
    } else {
        format!("{t:.1}")
    }
}

/// The strengths on hand: "37 tablets of 10 mg", or "3 tablets of 10 mg and 30 tablets of 5 mg".
fn stock_text(s: &SupplyStatus) -> String {
    let on_hand: Vec<&StrengthStock> = s
        .by_strength
        .iter()
        .filter(|b| b.tablets_left > 0.0)
        .collect();
    if on_hand.len() < 2 {
        let t = s
            .by_strength
            .iter()
            .find(|b| b.tablets_left > 0.0)
            .map_or((s.tablets_left, s.strength.as_str()), |b| {
                (b.tablets_left, b.strength.as_str())
            });
        return format!(
            "{} tablet{} of {}",
            count_text(t.0),
            if t.0 == 1.0 { "" } else { "s" },
            t.1
        );
    }
    on_hand
        .iter()
        .map(|b| {
            format!(
                "{} tablet{} of {}",
                count_text(b.tablets_left),
                if b.tablets_left == 1.0 { "" } else { "s" },
                b.strength
            )
        })
        .collect::<Vec<_>>()
        .join(" and ")
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
    let mut line = format!("{} left ({})", stock_text(s), s.on_hand);
    if let Some(r) = s.ran_out {
        line.push_str(&format!(
            "; ran out {}: not enough for the {} dose",
            r.format("%a %-d %b %H:%M"),
            r.format("%H:%M")
        ));
        return line;
    }
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
    let mut line = if s
        .by_strength
        .iter()
        .filter(|b| b.tablets_left > 0.0)
        .count()
        > 1
    {
        s.by_strength
            .iter()
            .filter(|b| b.tablets_left > 0.0)
            .map(|b| format!("{} x {}", count_text(b.tablets_left), b.strength))
            .collect::<Vec<_>>()
            .join(" + ")
            + " left"
    } else {
        format!("{} x {} left", count_text(s.tablets_left), s.strength)
    };
    if let Some(r) = s.ran_out {
        line.push_str(&format!(", ran out {}", r.format("%a %-d %b %H:%M")));
    } else if let Some(r) = s.run_out {
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
    if s.ran_out.is_some() {
        return Urgency::Urgent;
    }
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
    let detail = if s.ran_out.is_some() {
        format!(
            "{}. Every scheduled dose since has been missed for want of tablets.",
            summary(s, now, tz)
        )
    } else {
        format!(
            "{}. The tablets on hand cover {} more scheduled dose{}.",
            summary(s, now, tz),
            s.doses_left.unwrap_or(0),
            if s.doses_left == Some(1) { "" } else { "s" }
        )
    };
    let refill = match (urgency, s.ran_out.is_some()) {
        (_, true) => {
            "Get baclofen today: call your pharmacy or prescriber; at night or at the weekend, an out-of-hours (on-duty) pharmacy can often supply an emergency amount, or call your urgent care line (NHS 111 in the UK, your doctor's after-hours number elsewhere). If fever, confusion, hallucinations, seizures or severe stiffness start, call your local emergency number (911, 112, 999)."
        }
        (Urgency::Urgent, false) => {
            "Call your pharmacy or prescriber today for a refill; if that is at night or at the weekend, an out-of-hours (on-duty) pharmacy or your urgent care line can help."
        }
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
