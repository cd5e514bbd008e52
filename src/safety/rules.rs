//! Dose-pattern and combination rules: entries + regimen history + catalog + now -> flags.
//! Pure: the clock and the time zone are arguments.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDate, TimeZone, Utc};
use serde::Serialize;

use super::catalog::{Catalog, Urgency};
use super::text::{TextAnalysis, analyze};
use crate::domain::{Amount, Entry, EntryKind, Regimen};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FlagKind {
    Sign,
    Pattern,
}

/// One red flag, with its reason and sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    pub rule: String,
    pub kind: FlagKind,
    pub category: String,
    pub urgency: Urgency,
    pub at: DateTime<FixedOffset>,
    pub title: String,
    /// What was seen, with the numbers.
    pub detail: String,
    /// Why it matters.
    pub why: String,
    /// Who to call.
    pub advice: String,
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_id: Option<i64>,
    /// Stable key, used to acknowledge the flag.
    pub key: String,
    pub acknowledged: bool,
}

/// How long an unacknowledged flag stays "open" on Today.
pub const OPEN_DAYS: i64 = 7;

impl Flag {
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        !self.acknowledged && self.at.with_timezone(&Utc) >= now - Duration::days(OPEN_DAYS)
    }
}

fn fmt_day(d: &DateTime<FixedOffset>) -> String {
    d.format("%a %-d %b").to_string()
}
fn fmt_when(d: &DateTime<FixedOffset>) -> String {
    d.format("%H:%M on %a %-d %b").to_string()
}
pub fn fmt_duration(d: Duration) -> String {
    let mins = d.num_minutes().max(0);
    let (h, m) = (mins / 60, mins % 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// The regimen in force at `t` (the latest one that started at or before it).
pub fn regimen_at(regimens: &[Regimen], t: DateTime<Utc>) -> Option<&Regimen> {
    regimens
        .iter()
        .rev()
        .find(|r| r.effective_from.with_timezone(&Utc) <= t)
}

/// A scheduled dose time and what happened to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub at: DateTime<FixedOffset>,
    pub dose: Amount,
    /// Index into the entries of the dose assigned to this slot.
    pub taken_by: Option<usize>,
    pub skipped: bool,
}

/// Expands the regimen history into scheduled slots from the first regimen to `until` (local days,
/// wall-clock times in `tz`), and assigns each logged dose to a slot (see below).
pub fn schedule<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    from_day: Option<NaiveDate>,
    until: DateTime<Utc>,
    tz: &Tz,
) -> Vec<Slot> {
    let mut slots: Vec<Slot> = Vec::new();
    let Some(first) = regimens.first() else {
        return slots;
    };
    let start_day = first.effective_from.with_timezone(tz).date_naive();
    let start_day = from_day.map_or(start_day, |d| d.max(start_day));
    let end_day = until.with_timezone(tz).date_naive() + Duration::days(1);
    let mut day = start_day;
    while day <= end_day {
        // Times from whichever regimen is in force at each wall-clock time of this day.
        let mut times: Vec<(DateTime<FixedOffset>, Amount)> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        // Only the regimen in force as the day starts and those starting during it matter.
        let day_start = Utc.from_utc_datetime(
            &(day - Duration::days(1))
                .and_hms_opt(12, 0, 0)
                .expect("noon"),
        );
        let day_end = day_start + Duration::days(2);
        let first = regimens
            .iter()
            .rposition(|r| r.effective_from.with_timezone(&Utc) <= day_start)
            .unwrap_or(0);
        let relevant = regimens[first..]
            .iter()
            .take_while(|r| r.effective_from.with_timezone(&Utc) < day_end);
        for r in relevant {
            for t in &r.times {
                if !seen.insert(*t) {
                    continue;
                }
                let inst = match tz.from_local_datetime(&day.and_time(*t)) {
                    LocalResult::Single(x) | LocalResult::Ambiguous(x, _) => x,
                    LocalResult::None => {
                        match tz.from_local_datetime(&(day.and_time(*t) + Duration::hours(1))) {
                            LocalResult::Single(x) | LocalResult::Ambiguous(x, _) => x,
                            LocalResult::None => continue,
                        }
                    }
                };
                let u = inst.with_timezone(&Utc);
                if let Some(active) = regimen_at(regimens, u)
                    && active.times.contains(t)
                {
                    times.push((inst.fixed_offset(), active.dose_at(*t)));
                }
            }
        }
        times.sort_by_key(|x| x.0);
        for (at, dose) in times {
            slots.push(Slot {
                at,
                dose,
                taken_by: None,
                skipped: false,
            });
        }
        day += Duration::days(1);
    }
    // Assign doses to slots (as-needed doses never fill one). A dose belongs to the earliest open
    // slot whose window holds it; a
    // slot's window runs from where the previous one ended until 2 hours before the next slot (or
    // half the gap, if smaller): a late dose taken while the next is still 2 hours or more away
    // is the late dose (the documented missed-dose rule), one taken closer is the next dose early.
    let doses: Vec<usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            matches!(
                e.kind,
                EntryKind::Dose {
                    as_needed: false,
                    ..
                }
            )
        })
        .map(|(i, _)| i)
        .collect();
    let mut di = 0;
    for si in 0..slots.len() {
        let s_at = slots[si].at;
        let lo = if si > 0 {
            let prev = slots[si - 1].at;
            s_at - ((s_at - prev) / 2).min(Duration::hours(2))
        } else {
            s_at - Duration::hours(4)
        };
        let hi = match slots.get(si + 1) {
            Some(next) => next.at - ((next.at - s_at) / 2).min(Duration::hours(2)),
            None => s_at + Duration::hours(6),
        };
        while di < doses.len() && entries[doses[di]].at < lo {
            di += 1;
        }
        if di < doses.len() && entries[doses[di]].at <= hi {
            let e = &entries[doses[di]];
            slots[si].taken_by = Some(doses[di]);
            slots[si].skipped = matches!(e.kind, EntryKind::Dose { skipped: true, .. });
            di += 1;
        }
    }
    slots
}

struct Ctx<'a, Tz: TimeZone> {
    cat: &'a Catalog,
    entries: &'a [Entry],

    now: DateTime<Utc>,
    tz: &'a Tz,
    flags: Vec<Flag>,
    analyses: Vec<Option<Rc<TextAnalysis>>>,
}

impl<Tz: TimeZone> Ctx<'_, Tz> {
    fn push(
        &mut self,
        rule: &str,
        urgency: Urgency,
        at: DateTime<FixedOffset>,
        detail: String,
        entry_id: Option<i64>,
        matched: Option<String>,
    ) {
        let r = self.cat.rule(rule).expect("rule ids come from the catalog");
        self.flags.push(Flag {
            rule: rule.to_string(),
            kind: FlagKind::Pattern,
            category: r.category.clone(),
            urgency,
            at,
            title: r.title.clone(),
            detail,
            why: r.why.clone(),
            advice: urgency.advice().to_string(),
            sources: r.sources.clone(),
            matched,
            entry_id,
            key: String::new(),
            acknowledged: false,
        });
    }
    fn local(&self, t: DateTime<Utc>) -> DateTime<FixedOffset> {
        t.with_timezone(self.tz).fixed_offset()
    }
}

/// Days of history before the open-flag window that every rule may look back over (a 72 h
/// withdrawal window after a gap, 3 days of totals, 14 days of drowsiness, with margin).
pub const LOOKBACK_DAYS: i64 = 30;

/// The flags that can still be open at `now` (the last [`OPEN_DAYS`]), from a bounded slice of
/// the history: cost independent of how many years the diary holds.
pub fn evaluate_recent<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
) -> Vec<Flag> {
    let from = now - Duration::days(OPEN_DAYS + LOOKBACK_DAYS);
    let start = entries.partition_point(|e| e.at.with_timezone(&Utc) < from);
    let open_from = now - Duration::days(OPEN_DAYS);
    evaluate_from(&entries[start..], regimens, now, tz, cat, Some(from), None)
        .into_iter()
        .filter(|f| f.at.with_timezone(&Utc) >= open_from)
        .collect()
}

/// Evaluates every sign and rule over the history as it stood at `now`.
/// `entries` must be sorted by time; entries after `now` and regimens starting after it are ignored.
pub fn evaluate<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
) -> Vec<Flag> {
    evaluate_from(entries, regimens, now, tz, cat, None, None)
}

/// As [`evaluate`], reusing an analysis the caller already made of one text (`check`).
pub fn evaluate_seeded<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
    seed: (&str, Rc<TextAnalysis>),
) -> Vec<Flag> {
    evaluate_from(entries, regimens, now, tz, cat, None, Some(seed))
}

/// As [`evaluate`], judging the dose schedule only from `from` on (when `entries` is a slice that
/// starts there).
fn evaluate_from<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
    from: Option<DateTime<Utc>>,
    seed: Option<(&str, Rc<TextAnalysis>)>,
) -> Vec<Flag> {
    let cut = entries.partition_point(|e| e.at.with_timezone(&Utc) <= now);
    let entries = &entries[..cut];
    let rcut = regimens.partition_point(|r| r.effective_from.with_timezone(&Utc) <= now);
    let regimens = &regimens[..rcut];
    let mut memo: HashMap<&str, Rc<TextAnalysis>> = seed.into_iter().collect();
    let analyses = entries
        .iter()
        .map(|e| match &e.kind {
            EntryKind::Symptom {
                drowsiness_rating: true,
                ..
            } => None,
            EntryKind::Symptom { text, .. }
            | EntryKind::Intake { text }
            | EntryKind::Med { name: text, .. } => Some(Rc::clone(
                memo.entry(text.as_str())
                    .or_insert_with(|| Rc::new(analyze(text))),
            )),
            EntryKind::Dose { .. } | EntryKind::Rating { .. } => None,
        })
        .collect();
    let mut cx = Ctx {
        cat,
        entries,
        now,
        tz,
        flags: Vec::new(),
        analyses,
    };
    let lim = &cat.limits;

    // ---- per-dose rules
    let doses: Vec<(usize, &Entry, Amount)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e.kind {
            EntryKind::Dose {
                amount_mcg,
                skipped: false,
                ..
            } => Some((i, e, amount_mcg)),
            _ => None,
        })
        .collect();
    let cap = Amount::from_mg(lim.max_daily_mg);
    let mut totals: BTreeMap<NaiveDate, Amount> = BTreeMap::new();
    let mut over_max: Vec<NaiveDate> = Vec::new();
    for (k, &(_, e, amt)) in doses.iter().enumerate() {
        let day = e.local_day();
        let before = totals.get(&day).copied().unwrap_or(Amount::from_mcg(0));
        let after = before.saturating_add(amt);
        totals.insert(day, after);
        let reg = regimen_at(regimens, e.at.with_timezone(&Utc));
        // The prescriber's maximum when it was set above the label, else never above 80 mg.
        let max = reg.map_or(cap, |r| {
            if r.prescribed_above_label {
                r.effective_max()
            } else {
                r.max_daily_mcg.min(cap)
            }
        });
        if after > max && !over_max.contains(&day) {
            over_max.push(day);
            let detail = format!(
                "{after} logged on {}, above the {max} daily maximum (the dose of {amt} at {} took it over).",
                fmt_day(&e.at),
                e.at.format("%H:%M")
            );
            cx.push(
                "daily_max_exceeded",
                Urgency::Urgent,
                e.at,
                detail,
                Some(e.id),
                None,
            );
        }
        // Large single dose.
        let emergency = Amount::from_mg(lim.emergency_single_dose_mg);
        if amt >= emergency {
            let detail = format!(
                "{amt} in one dose at {}; single doses of 200 mg or more have caused coma, delirium and seizures.",
                fmt_when(&e.at)
            );
            cx.push(
                "large_single_dose",
                Urgency::Emergency,
                e.at,
                detail,
                Some(e.id),
                None,
            );
        } else if let Some(r) = reg
            && amt.mcg() > r.dose_mcg.mcg() * lim.large_single_dose_factor
        {
            let detail = format!(
                "{amt} in one dose at {}, more than twice the prescribed {} dose.",
                fmt_when(&e.at),
                r.dose_mcg
            );
            cx.push(
                "large_single_dose",
                Urgency::Urgent,
                e.at,
                detail,
                Some(e.id),
                None,
            );
        }
        // Two doses too close.
        if k > 0 {
            let (_, prev, pamt) = doses[k - 1];
            let gap = e.at - prev.at;
            if gap < Duration::hours(lim.min_spacing_hours) {
                let detail = format!(
                    "{pamt} at {} and {amt} at {}: {} apart, closer than the {} h minimum spacing.",
                    prev.at.format("%H:%M"),
                    fmt_when(&e.at),
                    fmt_duration(gap),
                    lim.min_spacing_hours
                );
                cx.push(
                    "double_dose",
                    Urgency::Urgent,
                    e.at,
                    detail,
                    Some(e.id),
                    None,
                );
            }
        }
    }

    // ---- schedule rules: missed_dose and dose_gap
    let slots = schedule(
        entries,
        regimens,
        from.map(|f| f.with_timezone(tz).date_naive()),
        now,
        tz,
    );
    let gap_len = Duration::hours(lim.dose_gap_hours);
    let taken_times: Vec<DateTime<Utc>> =
        doses.iter().map(|d| d.1.at.with_timezone(&Utc)).collect();
    // Withdrawal windows: (start, end) in UTC.
    let mut withdrawal_windows: Vec<(DateTime<Utc>, DateTime<Utc>, String)> = Vec::new();
    let mut gap_covered_until: Option<DateTime<Utc>> = None;
    // Judge the schedule only from when the diary was really kept: the first dose logged, or the
    // moment the first regimen was recorded, whichever is earlier (a backdated regimen does not
    // invent missed doses for days nobody logged).
    let judge_from = doses
        .first()
        .map(|d| d.1.at.with_timezone(&Utc))
        .into_iter()
        .chain(
            regimens
                .iter()
                .map(|r| r.recorded_at.max(r.effective_from.with_timezone(&Utc)))
                .min(),
        )
        .min()
        .map(|j| from.map_or(j, |f| j.max(f)));
    for (si, s) in slots.iter().enumerate() {
        let s_utc = s.at.with_timezone(&Utc);
        if s_utc > now {
            break;
        }
        if judge_from.is_some_and(|j| s_utc < j - Duration::hours(6)) {
            continue;
        }
        let next_due = slots.get(si + 1).map(|n| n.at.with_timezone(&Utc));
        if s.taken_by.is_none()
            && let Some(nd) = next_due
            && nd <= now
        {
            let detail = format!(
                "the {} dose due at {} was not logged by {}, when the next was due.",
                s.dose,
                s.at.format("%H:%M on %a %-d %b"),
                cx.local(nd).format("%H:%M")
            );
            cx.push(
                "missed_dose",
                Urgency::Routine,
                cx.local(nd),
                detail,
                None,
                None,
            );
        }
        let taken = s.taken_by.is_some() && !s.skipped;
        if taken || gap_covered_until.is_some_and(|u| s_utc < u) {
            continue;
        }
        // The gap runs from this slot to the next dose actually taken.
        let idx = taken_times.partition_point(|t| *t <= s_utc);
        let next_dose = taken_times.get(idx).copied();
        let gap_end = next_dose.unwrap_or(now);
        gap_covered_until = Some(next_dose.unwrap_or(DateTime::<Utc>::MAX_UTC));
        if gap_end - s_utc >= gap_len {
            let fired = s_utc + gap_len;
            let detail = match next_dose {
                Some(nd) => format!(
                    "no dose logged from the dose due at {} until {} ({}).",
                    s.at.format("%H:%M on %a %-d %b"),
                    fmt_when(&cx.local(nd)),
                    fmt_duration(nd - s_utc)
                ),
                None => format!(
                    "no dose logged since the dose due at {} ({} so far).",
                    s.at.format("%H:%M on %a %-d %b"),
                    fmt_duration(now - s_utc)
                ),
            };
            withdrawal_windows.push((
                s_utc,
                gap_end + Duration::hours(lim.withdrawal_window_hours),
                format!("a gap in doses ({})", detail.trim_end_matches('.')),
            ));
            cx.push(
                "dose_gap",
                Urgency::Urgent,
                cx.local(fired),
                detail,
                None,
                None,
            );
        }
    }

    // ---- daily totals over calendar days: rapid_reduction / rapid_escalation / kidney
    let today = now.with_timezone(tz).date_naive();
    if let Some(&first_day) = totals.keys().next() {
        let total = |d: NaiveDate| totals.get(&d).copied().unwrap_or(Amount::from_mcg(0));
        let mut d = first_day;
        let mut prev_reduction = false;
        let mut prev_escalation = false;
        while d <= today {
            let t = total(d);
            let prev_max = (1..=lim.rapid_reduction_days)
                .map(|k| total(d - Duration::days(k)))
                .max()
                .unwrap_or(Amount::from_mcg(0));
            let end_of_day = day_end(tz, d);
            let reg = regimen_at(regimens, end_of_day.min(now));
            let active = reg.is_some();
            // Reduction: complete days only.
            let mut reduction = false;
            if d < today
                && !prev_max.is_zero()
                && (active || !t.is_zero())
                && (t.mcg() as f64) <= prev_max.mcg() as f64 * lim.rapid_reduction_fraction
            {
                let planned =
                    reg.is_some_and(|r| super::regimen::is_planned_step(r, regimens, cat));
                if !planned {
                    reduction = true;
                    if !prev_reduction {
                        let at = cx.local(end_of_day);
                        let pct = 100 - (t.mcg() * 100 / prev_max.mcg());
                        let detail = format!(
                            "{t} on {}, down from {prev_max} a day within the 3 days before (a fall of {pct}%), outside a planned taper.",
                            fmt_day(&at)
                        );
                        let start = tz_day_start(tz, d);
                        withdrawal_windows.push((
                            start,
                            end_of_day + Duration::hours(lim.withdrawal_window_hours),
                            format!("a sharp reduction ({})", detail.trim_end_matches('.')),
                        ));
                        cx.push("rapid_reduction", Urgency::Urgent, at, detail, None, None);
                    }
                }
            }
            prev_reduction = reduction;
            let mut escalation = false;
            if !prev_max.is_zero() && t.mcg() > prev_max.mcg() + lim.escalation_mg_per_3_days * 1000
            {
                escalation = true;
                if !prev_escalation {
                    let at = doses
                        .iter()
                        .rev()
                        .find(|x| x.1.local_day() == d)
                        .map_or(cx.local(end_of_day.min(now)), |x| x.1.at);
                    let detail = format!(
                        "{t} on {}, up from at most {prev_max} a day in the 3 days before (more than 15 mg per 3 days).",
                        fmt_day(&at)
                    );
                    cx.push("rapid_escalation", Urgency::Routine, at, detail, None, None);
                }
            }
            prev_escalation = escalation;
            d += Duration::days(1);
        }
    }

    // kidney_dose: first day of each run of days >= 20 mg while kidney impairment is set.
    let kidney_mg = Amount::from_mg(lim.kidney_daily_mg);
    let mut kidney_days: Vec<NaiveDate> = Vec::new();
    {
        let mut run_prev: Option<NaiveDate> = None;
        let mut running: BTreeMap<NaiveDate, Amount> = BTreeMap::new();
        for &(_, e, amt) in &doses {
            let day = e.local_day();
            let t = running.entry(day).or_insert(Amount::from_mcg(0));
            let before = *t;
            *t = t.saturating_add(amt);
            let Some(r) = regimen_at(regimens, e.at.with_timezone(&Utc)) else {
                continue;
            };
            if r.kidney_impairment && before < kidney_mg && *t >= kidney_mg {
                kidney_days.push(day);
                if run_prev != Some(day - Duration::days(1)) {
                    let detail = format!(
                        "{} logged on {} with kidney impairment set (20 mg a day or more).",
                        *t,
                        fmt_day(&e.at)
                    );
                    cx.push(
                        "kidney_dose",
                        Urgency::Urgent,
                        e.at,
                        detail,
                        Some(e.id),
                        None,
                    );
                }
                run_prev = Some(day);
            }
        }
    }

    // ---- sign flags and the combinations that use them
    let mut allergic_seen: Vec<(DateTime<Utc>, String, i64)> = Vec::new();
    let mut allergic_fired_until: Option<DateTime<Utc>> = None;
    let overdose_triggers: Vec<(DateTime<Utc>, String)> = cx
        .flags
        .iter()
        .filter(|f| {
            matches!(
                f.rule.as_str(),
                "daily_max_exceeded" | "double_dose" | "large_single_dose"
            )
        })
        .map(|f| (f.at.with_timezone(&Utc), f.detail.clone()))
        .collect();
    let drowsy_high = lim.drowsy_high;
    for (i, e) in entries.iter().enumerate() {
        let Some(a) = cx.analyses[i].as_ref().map(Rc::clone) else {
            continue;
        };
        let t = e.at.with_timezone(&Utc);
        let sev = match e.kind {
            EntryKind::Symptom { severity, .. } => severity,
            _ => None,
        };
        if matches!(e.kind, EntryKind::Symptom { .. }) {
            for s in &a.signs {
                let sign = cat.sign(&s.id).expect("sign from catalog");
                let sev_txt = sev
                    .map(|v| format!(" (severity {v}/10)"))
                    .unwrap_or_default();
                let detail = format!(
                    "\"{}\" in a symptom logged at {}{sev_txt}.",
                    s.matched,
                    fmt_when(&e.at)
                );
                cx.flags.push(Flag {
                    rule: s.id.clone(),
                    kind: FlagKind::Sign,
                    category: sign.categories.first().cloned().unwrap_or_default(),
                    urgency: s.urgency,
                    at: e.at,
                    title: sign.title.clone(),
                    detail,
                    why: sign.why.clone(),
                    advice: s.urgency.advice().to_string(),
                    sources: sign.sources.clone(),
                    matched: Some(s.matched.clone()),
                    entry_id: Some(e.id),
                    key: String::new(),
                    acknowledged: false,
                });
            }
            // Withdrawal sign after a gap or a sharp reduction, or with "ran out" in the text.
            // The most serious withdrawal sign in the text decides the urgency: seizures, fever,
            // hallucinations, confusion, rebound spasticity are an emergency after a gap; early
            // signs alone (tremor, cramps, tingling) are urgent: call the prescriber today.
            if let Some(ws) = a
                .signs
                .iter()
                .filter(|s| s.categories.iter().any(|c| c == "withdrawal"))
                .max_by_key(|s| s.urgency)
            {
                let window = withdrawal_windows
                    .iter()
                    .rev()
                    .find(|w| w.0 <= t && t <= w.1);
                let ctx = a.contexts.iter().find(|c| c.rule == "withdrawal_window");
                if window.is_some() || ctx.is_some() {
                    let cause = match (window, ctx) {
                        (Some(w), _) => w.2.clone(),
                        (None, Some(c)) => format!("the note says \"{}\"", c.matched),
                        _ => unreachable!(),
                    };
                    let u = if ws.urgency >= Urgency::Urgent {
                        Urgency::Emergency
                    } else {
                        Urgency::Urgent
                    };
                    let early = if u == Urgency::Urgent {
                        " (an early withdrawal sign)"
                    } else {
                        ""
                    };
                    let detail = format!(
                        "\"{}\"{early} at {}, after {cause}.",
                        ws.matched,
                        fmt_when(&e.at)
                    );
                    cx.push(
                        "withdrawal_window",
                        u,
                        e.at,
                        detail,
                        Some(e.id),
                        Some(ws.matched.clone()),
                    );
                }
            }
            // Overdose sign within 24 h after too much.
            if let Some(os) = a
                .signs
                .iter()
                .find(|s| s.categories.iter().any(|c| c == "overdose"))
            {
                let trig = overdose_triggers.iter().rev().find(|(ft, _)| {
                    *ft <= t && t - *ft <= Duration::hours(lim.overdose_window_hours)
                });
                let ctx = a.contexts.iter().find(|c| c.rule == "overdose_window");
                if trig.is_some() || ctx.is_some() {
                    let cause = match (trig, ctx) {
                        (Some((_, d)), _) => d.trim_end_matches('.').to_string(),
                        (None, Some(c)) => format!("the note says \"{}\"", c.matched),
                        _ => unreachable!(),
                    };
                    let detail = format!(
                        "\"{}\" at {}, within 24 h after {cause}.",
                        os.matched,
                        fmt_when(&e.at)
                    );
                    cx.push(
                        "overdose_window",
                        Urgency::Emergency,
                        e.at,
                        detail,
                        Some(e.id),
                        Some(os.matched.clone()),
                    );
                }
            }
            // Allergic signs together.
            for s in a
                .signs
                .iter()
                .filter(|s| s.categories.iter().any(|c| c == "allergic"))
            {
                allergic_seen.push((t, s.id.clone(), e.id));
            }
            allergic_seen
                .retain(|(at, _, _)| t - *at <= Duration::hours(lim.allergic_cluster_hours));
            let mut distinct: Vec<&str> = allergic_seen.iter().map(|x| x.1.as_str()).collect();
            distinct.sort();
            distinct.dedup();
            if distinct.len() >= 2 && allergic_fired_until.is_none_or(|u| t > u) {
                allergic_fired_until = Some(t + Duration::hours(lim.allergic_cluster_hours));
                let names: Vec<String> = distinct
                    .iter()
                    .map(|id| {
                        cat.sign(id)
                            .map_or(id.to_string(), |s| s.title.to_lowercase())
                    })
                    .collect();
                let detail = format!(
                    "{} within {} h, the latest at {}.",
                    names.join(" and "),
                    lim.allergic_cluster_hours,
                    fmt_when(&e.at)
                );
                cx.push(
                    "allergic_cluster",
                    Urgency::Emergency,
                    e.at,
                    detail,
                    Some(e.id),
                    None,
                );
            }
            // Kidney impairment with confusion or heavy drowsiness.
            let confused = a.has("confusion") || a.has("altered_mental_state");
            let very_drowsy = a.has("drowsiness") && sev.is_some_and(|v| v >= drowsy_high);
            if confused || very_drowsy {
                let what = if confused {
                    "confusion".to_string()
                } else {
                    "drowsiness of 7/10 or more".to_string()
                };
                kidney_emergency(&mut cx, &kidney_days, e, &what);
            }
        }
    }
    // Drowsiness ratings of 7/10 or more with kidney impairment.
    for e in entries {
        if let Some(r) = e.kind.drowsiness()
            && r >= drowsy_high
        {
            kidney_emergency(
                &mut cx,
                &kidney_days,
                e,
                &format!("drowsiness rated {r}/10"),
            );
        }
    }

    sedative_rule(&mut cx, &taken_times);
    drowsiness_rising(&mut cx);

    let mut flags = cx.flags;
    for f in &mut flags {
        f.key = format!(
            "{}|{}|{}",
            f.rule,
            f.at.with_timezone(&Utc).format("%Y-%m-%dT%H:%M:%SZ"),
            f.entry_id.map(|i| i.to_string()).unwrap_or_default()
        );
    }
    flags.sort_by(|a, b| a.at.cmp(&b.at).then(b.urgency.cmp(&a.urgency)));
    flags
}

/// kidney_dose at emergency: `what` logged within 3 days of a day of 20 mg or more with kidney
/// impairment.
fn kidney_emergency<Tz: TimeZone>(
    cx: &mut Ctx<'_, Tz>,
    kidney_days: &[NaiveDate],
    e: &Entry,
    what: &str,
) {
    let day = e.local_day();
    if kidney_days
        .iter()
        .any(|d| *d <= day && day - *d <= Duration::days(3))
    {
        let detail = format!(
            "{what} logged at {} while taking 20 mg a day or more with kidney impairment.",
            fmt_when(&e.at)
        );
        cx.push(
            "kidney_dose",
            Urgency::Emergency,
            e.at,
            detail,
            Some(e.id),
            None,
        );
    }
}

fn day_end<Tz: TimeZone>(tz: &Tz, d: NaiveDate) -> DateTime<Utc> {
    tz_day_start(tz, d + Duration::days(1)) - Duration::seconds(1)
}

fn tz_day_start<Tz: TimeZone>(tz: &Tz, d: NaiveDate) -> DateTime<Utc> {
    let mut naive = d.and_hms_opt(0, 0, 0).expect("midnight");
    for _ in 0..4 {
        match tz.from_local_datetime(&naive) {
            LocalResult::Single(x) | LocalResult::Ambiguous(x, _) => return x.with_timezone(&Utc),
            LocalResult::None => naive += Duration::minutes(30),
        }
    }
    Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
}

/// Alcohol or another CNS depressant within 12 h of a dose; worse with drowsiness, confusion or
/// breathing trouble in the 12 h after.
fn sedative_rule<Tz: TimeZone>(cx: &mut Ctx<'_, Tz>, taken: &[DateTime<Utc>]) {
    let lim = &cx.cat.limits;
    let w = Duration::hours(lim.sedative_window_hours);
    let mut new_flags = Vec::new();
    for (i, e) in cx.entries.iter().enumerate() {
        let Some(a) = &cx.analyses[i] else { continue };
        if a.interactions.is_empty() {
            continue;
        }
        let t = e.at.with_timezone(&Utc);
        let lo = taken.partition_point(|x| *x < t - w);
        let near = taken.get(lo).is_some_and(|x| *x <= t + w);
        if !near {
            continue;
        }
        let what: Vec<String> = a
            .interactions
            .iter()
            .map(|x| format!("{} (\"{}\")", x.title, x.matched))
            .collect();
        let mut urgency = Urgency::Routine;
        let mut at = e.at;
        let mut extra = String::new();
        // The same text, then the 12 h after.
        for (j, later) in cx.entries.iter().enumerate().skip(i) {
            let lt = later.at.with_timezone(&Utc);
            if lt > t + w {
                break;
            }
            let la = cx.analyses[j].as_ref();
            let breathing =
                la.is_some_and(|x| x.has("breathing_difficulty") || x.has("unconsciousness"));
            let confused = la.is_some_and(|x| x.has("confusion") || x.has("altered_mental_state"));
            let sev = match later.kind {
                EntryKind::Symptom { severity, .. } => severity,
                _ => None,
            };
            let drowsy = later
                .kind
                .drowsiness()
                .is_some_and(|r| r >= lim.drowsy_high)
                || (la.is_some_and(|x| x.has("drowsiness"))
                    && sev.is_some_and(|v| v >= lim.drowsy_high));
            if breathing && urgency < Urgency::Emergency {
                urgency = Urgency::Emergency;
                at = later.at;
                extra = format!(
                    " Breathing trouble or unresponsiveness logged at {}.",
                    later.at.format("%H:%M")
                );
            } else if (confused || drowsy) && urgency < Urgency::Urgent {
                urgency = Urgency::Urgent;
                at = later.at;
                extra = if confused {
                    format!(" Confusion logged at {}.", later.at.format("%H:%M"))
                } else {
                    format!(
                        " Drowsiness of 7/10 or more logged at {}.",
                        later.at.format("%H:%M")
                    )
                };
            }
        }
        let detail = format!(
            "{} logged at {}, within {} h of a baclofen dose.{extra}",
            what.join(", "),
            fmt_when(&e.at),
            lim.sedative_window_hours
        );
        new_flags.push((urgency, at, detail, e.id));
    }
    for (u, at, d, id) in new_flags {
        cx.push("sedative_interaction", u, at, d, Some(id), None);
    }
}

/// The 7-day mean drowsiness 2 points or more above the 7 days before (3 ratings in each at least).
fn drowsiness_rising<Tz: TimeZone>(cx: &mut Ctx<'_, Tz>) {
    let mut by_day: BTreeMap<NaiveDate, (u32, u32)> = BTreeMap::new();
    for (i, e) in cx.entries.iter().enumerate() {
        let v = e.kind.drowsiness().or_else(|| match e.kind {
            EntryKind::Symptom {
                severity: Some(s), ..
            } if cx.analyses[i].as_ref().is_some_and(|a| a.has("drowsiness")) => Some(s),
            _ => None,
        });
        if let Some(v) = v {
            let x = by_day.entry(e.local_day()).or_insert((0, 0));
            x.0 += u32::from(v);
            x.1 += 1;
        }
    }
    let Some((&first, _)) = by_day.iter().next() else {
        return;
    };
    let today = cx.now.with_timezone(cx.tz).date_naive();
    let sum = |from: NaiveDate, to: NaiveDate| -> (u32, u32) {
        by_day
            .range(from..=to)
            .fold((0, 0), |acc, (_, v)| (acc.0 + v.0, acc.1 + v.1))
    };
    let mut d = first + Duration::days(13);
    let mut prev = false;
    let points = cx.cat.limits.drowsiness_rising_points;
    while d <= today {
        let (s1, n1) = sum(d - Duration::days(6), d);
        let (s0, n0) = sum(d - Duration::days(13), d - Duration::days(7));
        let rising =
            n1 >= 3 && n0 >= 3 && (s1 as f64 / n1 as f64) - (s0 as f64 / n0 as f64) >= points;
        if rising && !prev {
            let m1 = s1 as f64 / n1 as f64;
            let m0 = s0 as f64 / n0 as f64;
            let at = cx.local(day_end(cx.tz, d).min(cx.now));
            let detail = format!(
                "average drowsiness {m1:.1}/10 in the 7 days to {}, up from {m0:.1}/10 the 7 days before.",
                fmt_day(&at)
            );
            cx.push(
                "drowsiness_rising",
                Urgency::Routine,
                at,
                detail,
                None,
                None,
            );
        }
        prev = rising;
        d += Duration::days(1);
    }
}
