//! Text and JSON output of the command line.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::diary::today::{Today, countdown};
use crate::domain::{Amount, Entry, EntryKind, Regimen};
use crate::safety::digest::{self, Filter, Item};
use crate::safety::{Catalog, CheckResult, Flag, Urgency};

/// One entry as JSON: `id`, `kind`, `at` and its fields (the contract of `list --json`).
pub fn entry_json(e: &Entry) -> Value {
    let mut v = json!({
        "id": e.id,
        "uid": e.uid,
        "kind": e.kind.name(),
        "at": e.at.to_rfc3339(),
        "utc_offset_minutes": e.at.offset().local_minus_utc() / 60,
        "local_date": e.local_day().to_string(),
        "recorded_at": e.recorded_at.to_rfc3339(),
    });
    let m = v.as_object_mut().expect("object");
    match &e.kind {
        EntryKind::Dose {
            amount_mcg,
            skipped,
            as_needed,
        } => {
            m.insert("amount_mcg".into(), json!(amount_mcg.mcg()));
            m.insert("amount_mg".into(), json!(amount_mcg.mg_f64()));
            m.insert("amount".into(), json!(amount_mcg.to_string()));
            m.insert("skipped".into(), json!(skipped));
            if *as_needed {
                m.insert("as_needed".into(), json!(true));
            }
        }
        EntryKind::Symptom {
            text,
            severity,
            drowsiness_rating,
            about,
        } => {
            m.insert("text".into(), json!(text));
            m.insert("severity".into(), json!(severity));
            m.insert("drowsiness_rating".into(), json!(drowsiness_rating));
            if let Some(a) = about {
                m.insert("about".into(), json!(a.name()));
            }
        }
        EntryKind::Intake { text } => {
            m.insert("text".into(), json!(text));
        }
        EntryKind::Med { name, dose } => {
            m.insert("medicine".into(), json!(name));
            m.insert("text".into(), json!(name));
            if let Some(d) = dose {
                m.insert("dose".into(), json!(d));
            }
        }
        EntryKind::Rating { scale, value } => {
            m.insert("scale".into(), json!(scale));
            m.insert("value".into(), json!(value));
            m.insert("max".into(), json!(scale.highest()));
            m.insert("meaning".into(), json!(scale.meaning(*value)));
        }
    }
    m.insert("note".into(), json!(e.note));
    if let Some(ed) = e.edited_at {
        m.insert("edited_at".into(), json!(ed.to_rfc3339()));
    }
    v
}

pub fn entries(out: &mut dyn Write, entries: &[Entry]) -> io::Result<()> {
    if entries.is_empty() {
        return writeln!(out, "No entries.");
    }
    let mut day = None;
    for e in entries {
        if day != Some(e.local_day()) {
            day = Some(e.local_day());
            writeln!(out, "{}", e.at.format("%A %-d %B %Y"))?;
        }
        let note = e
            .note
            .as_deref()
            .map(|n| format!("  ({})", crate::domain::sanitize(n)))
            .unwrap_or_default();
        writeln!(
            out,
            "  #{:<6} {}  {:<8} {}{note}",
            e.id,
            e.at.format("%H:%M"),
            e.kind.name(),
            e.kind.summary()
        )?;
    }
    Ok(())
}

pub fn flag_block(out: &mut dyn Write, f: &Flag) -> io::Result<()> {
    let ack = if f.acknowledged { "  (seen)" } else { "" };
    writeln!(
        out,
        "{} {}  {}{ack}",
        f.urgency.symbol(),
        f.urgency.label(),
        crate::domain::sanitize(&f.title)
    )?;
    writeln!(out, "    Seen: {}", crate::domain::sanitize(&f.detail))?;
    writeln!(out, "    Why:  {}", f.why)?;
    writeln!(out, "    {}", f.advice)?;
    writeln!(
        out,
        "    Sources: {}",
        Catalog::builtin().source_titles(&f.sources).join("; ")
    )?;
    Ok(())
}

/// Flags as a person reads them: urgent and emergency ones one by one (most urgent, then newest,
/// first), routine ones as one digest per week; then the counts of every flag.
pub fn flags<Tz: chrono::TimeZone>(
    out: &mut dyn Write,
    flags: &[Flag],
    tz: &Tz,
    today: chrono::NaiveDate,
    filter: Filter,
) -> io::Result<()> {
    if flags.is_empty() {
        return writeln!(out, "No flags.");
    }
    let items = digest::present(flags, tz, filter);
    if items.is_empty() {
        writeln!(out, "No {} flags.", filter.label())?;
    }
    let mut digests = false;
    for item in &items {
        match item {
            Item::One(f) => {
                writeln!(out, "{}", f.at.format("%a %-d %b %Y %H:%M"))?;
                flag_block(out, f)?;
            }
            Item::Digest(d) => {
                if !digests {
                    writeln!(
                        out,
                        "Routine side effects and patterns, by week (each is recorded and charted):"
                    )?;
                    digests = true;
                }
                let seen = if d.acknowledged { "  (seen)" } else { "" };
                writeln!(out, "{} {}{seen}", Urgency::Routine.symbol(), d.line(today))?;
            }
        }
    }
    let e = flags
        .iter()
        .filter(|f| f.urgency == Urgency::Emergency)
        .count();
    let u = flags
        .iter()
        .filter(|f| f.urgency == Urgency::Urgent)
        .count();
    let r = flags
        .iter()
        .filter(|f| f.urgency == Urgency::Routine)
        .count();
    writeln!(
        out,
        "{} flags: {e} emergency, {u} urgent, {r} routine.",
        flags.len()
    )
}

/// `flags --json`: every flag as before, each with `source_titles` beside its source keys.
pub fn flags_json(flags: &[Flag]) -> serde_json::Result<String> {
    let cat = Catalog::builtin();
    let v: Vec<Value> = flags
        .iter()
        .map(|f| {
            let mut v = serde_json::to_value(f)?;
            if let Value::Object(m) = &mut v {
                m.insert("source_titles".into(), json!(cat.source_titles(&f.sources)));
            }
            Ok(v)
        })
        .collect::<serde_json::Result<_>>()?;
    serde_json::to_string_pretty(&v)
}

pub fn check(out: &mut dyn Write, r: &CheckResult) -> io::Result<()> {
    if r.signs.is_empty() && r.rules.is_empty() {
        writeln!(out, "No warning sign found.")?;
    }
    for s in &r.signs {
        writeln!(
            out,
            "{} {}  {}: \"{}\"  [{}]",
            s.urgency.symbol(),
            s.urgency.label(),
            s.title,
            crate::domain::sanitize(&s.matched),
            Catalog::builtin().source_titles(&s.sources).join("; ")
        )?;
    }
    for f in &r.rules {
        flag_block(out, f)?;
    }
    for s in &r.not_counted {
        let why = s.reason.map(|x| x.describe()).unwrap_or("not counted");
        writeln!(
            out,
            "  - not counted: {} \"{}\" ({why})",
            s.title,
            crate::domain::sanitize(&s.matched)
        )?;
    }
    for i in &r.interactions {
        writeln!(
            out,
            "  - mentions {}: \"{}\"",
            i.title,
            crate::domain::sanitize(&i.matched)
        )?;
    }
    writeln!(out, "Overall: {}. {}", r.urgency.label(), r.advice)
}

pub fn regimen(out: &mut dyn Write, current: Option<&Regimen>, all: &[Regimen]) -> io::Result<()> {
    match current {
        None => writeln!(
            out,
            "No regimen set. Set one with: dosediary regimen set --dose 10 --times 08:00,14:00,20:00"
        )?,
        Some(r) => {
            writeln!(
                out,
                "In force since {}:",
                r.effective_from.format("%a %-d %b %Y %H:%M")
            )?;
            writeln!(out, "  {} ({} a day)", r.describe(), r.daily_total())?;
            writeln!(out, "  daily maximum {}", r.max_daily_mcg)?;
            if crate::safety::regimen::above_label(r) {
                writeln!(out, "  [{}]", crate::safety::regimen::ABOVE_LABEL_BADGE)?;
            }
            if let Some(a) = &r.as_needed {
                writeln!(
                    out,
                    "  as needed: {} at a time, at most {} a day, at least {} apart",
                    a.dose_mcg,
                    a.daily_limit(),
                    crate::safety::rules::fmt_duration(chrono::Duration::minutes(i64::from(
                        a.min_gap_min
                    )))
                )?;
            }
            if r.kidney_impairment {
                writeln!(out, "  kidney impairment: yes")?;
            }
            if r.planned_taper {
                writeln!(out, "  part of a planned taper")?;
            }
        }
    }
    if all.len() > 1 {
        writeln!(out, "History:")?;
        for r in all.iter().rev() {
            writeln!(
                out,
                "  from {}  {}",
                r.effective_from.format("%Y-%m-%d %H:%M"),
                r.describe()
            )?;
        }
    }
    Ok(())
}

/// `med list`: the medicines taken now, then stopped ones.
pub fn medicines(
    out: &mut dyn Write,
    meds: &[crate::domain::Medicine],
    now: chrono::DateTime<chrono::Utc>,
) -> io::Result<()> {
    if meds.is_empty() {
        return writeln!(
            out,
            "No other medicines listed. Add one with: dosediary med add gabapentin --dose \"300 mg\" --times 08:00,20:00 --class anticonvulsant"
        );
    }
    let (now_taken, stopped): (Vec<_>, Vec<_>) = meds.iter().partition(|m| m.stopped.is_none());
    if !now_taken.is_empty() {
        writeln!(out, "Taken regularly:")?;
        for m in &now_taken {
            let since = if m.from.with_timezone(&chrono::Utc) > now {
                "starts"
            } else {
                "since"
            };
            writeln!(
                out,
                "  {}  ({since} {})",
                m.describe(),
                m.from.format("%a %-d %b %Y")
            )?;
        }
    }
    if !stopped.is_empty() {
        writeln!(out, "Stopped:")?;
        for m in &stopped {
            writeln!(
                out,
                "  {}  ({} to {})",
                m.describe(),
                m.from.format("%-d %b %Y"),
                m.stopped
                    .map(|s| s.format("%-d %b %Y").to_string())
                    .unwrap_or_default()
            )?;
        }
    }
    Ok(())
}

pub fn today_json(t: &Today) -> Value {
    let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
    // Beside each amount in micrograms, the amount as people read it ("2.5 mg").
    fn text(v: Option<&mut Value>, mcg: &str, key: &str) {
        if let Some(m) = v.and_then(Value::as_object_mut)
            && let Some(a) = m.get(mcg).and_then(Value::as_u64)
        {
            m.insert(key.into(), Amount::from_mcg(a).to_string().into());
        }
    }
    text(Some(&mut v), "total_mcg", "total");
    text(Some(&mut v), "max_daily_mcg", "max_daily");
    text(v.get_mut("next_dose"), "amount_mcg", "amount");
    text(v.get_mut("yesterday_missed"), "amount_mcg", "amount");
    if let Some(slots) = v.get_mut("schedule").and_then(Value::as_array_mut) {
        for s in slots {
            text(Some(&mut *s), "amount_mcg", "amount");
            text(Some(s), "taken_amount_mcg", "taken_amount");
        }
    }
    if let Some(m) = v.as_object_mut() {
        m.insert(
            "doses".into(),
            Value::Array(t.doses.iter().map(entry_json).collect()),
        );
        m.insert(
            "latest_drowsiness".into(),
            t.latest_drowsiness.as_ref().map_or(Value::Null, entry_json),
        );
    }
    v
}

pub fn today(out: &mut dyn Write, t: &Today) -> io::Result<()> {
    writeln!(out, "{}", t.now.format("%A %-d %B %Y, %H:%M"))?;
    for f in t.open_flags.iter().filter(|f| f.urgency >= Urgency::Urgent) {
        flag_block(out, f)?;
    }
    if let Some(l) = &t.pump_line {
        writeln!(out, "{}", capitalise_first(l))?;
    }
    match &t.regimen {
        None if t.pump.is_some() => writeln!(out, "No oral regimen (pump only).")?,
        None => writeln!(
            out,
            "No regimen set. Set one with: dosediary regimen set --dose 10 --times 08:00,14:00,20:00"
        )?,
        Some(r) => {
            writeln!(
                out,
                "Regimen: {} ({} a day).",
                r.describe(),
                r.daily_total()
            )?;
            if let Some(b) = &t.above_label {
                writeln!(out, "[{b}]")?;
            }
            if let Some(n) = &t.next_dose {
                writeln!(
                    out,
                    "Next dose: {} at {} ({})",
                    n.amount_mcg,
                    crate::diary::today::slot_time(n.at, t.date),
                    countdown(n.in_minutes)
                )?;
            }
            if let Some(s) = &t.yesterday_missed {
                writeln!(
                    out,
                    "  {} {}  {:<8} {}",
                    s.status.symbol(),
                    crate::diary::today::slot_time(s.at, t.date),
                    s.status.label(),
                    s.amount_mcg
                )?;
            }
            for s in &t.schedule {
                let taken = match (&s.taken_at, &s.taken_amount_mcg) {
                    (Some(at), Some(a)) => format!(" - {a} at {}", at.format("%H:%M")),
                    _ => String::new(),
                };
                writeln!(
                    out,
                    "  {} {}  {:<8} {}{taken}",
                    s.status.symbol(),
                    s.time,
                    s.status.label(),
                    s.amount_mcg
                )?;
            }
        }
    }
    if let Some(n) = &t.missed_dose_note {
        writeln!(out, "{n}")?;
    }
    if t.regimen.is_some() || t.pump.is_none() || !t.doses.is_empty() {
        writeln!(
            out,
            "Total today: {} of {} maximum.",
            t.total_mcg, t.max_daily_mcg
        )?;
    }
    if let Some(a) = &t.as_needed_line {
        writeln!(out, "{a}.")?;
    }
    if let Some(s) = &t.next_step {
        writeln!(out, "Planned: {s}.")?;
    }
    if let Some(line) = &t.supply_line {
        writeln!(out, "Supply: {line}.")?;
    }
    if let Some(d) = &t.latest_drowsiness {
        writeln!(
            out,
            "Latest drowsiness: {}/10 at {}.",
            d.kind.drowsiness().unwrap_or(0),
            d.at.format("%a %H:%M")
        )?;
    }
    let routine = t
        .open_flags
        .iter()
        .filter(|f| f.urgency == Urgency::Routine)
        .count();
    if routine > 0 {
        writeln!(
            out,
            "{routine} routine flag(s) this week: `dosediary flags` lists them."
        )?;
    }
    Ok(())
}

/// The trends as text: steps, drowsiness by hours since dose, comparisons, then the days.
pub fn trends(out: &mut dyn Write, t: &crate::safety::trends::Trends) -> io::Result<()> {
    use crate::safety::trends::{DROP_NOTE, STEP_HEADINGS, fmt_mean};
    writeln!(
        out,
        "Trends from {} to {} ({} days). Numbers and dates only; n is the number of days rated (per day: of ratings).",
        t.from.format("%a %-d %b %Y"),
        t.to.format("%a %-d %b %Y"),
        t.days.len()
    )?;
    writeln!(out, "\nRegimen steps")?;
    let rows: Vec<[String; 7]> = t.steps.iter().map(|s| s.cells()).collect();
    let mut w = STEP_HEADINGS.map(str::len);
    for r in &rows {
        for (k, c) in r.iter().enumerate() {
            w[k] = w[k].max(c.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(k, c)| format!("{c:<width$}", width = w[k]))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "  {}", line(&STEP_HEADINGS.map(String::from)))?;
    for r in &rows {
        writeln!(out, "  {}", line(r))?;
    }
    if t.steps.iter().any(|s| s.meaningful_drop) {
        writeln!(out, "  {DROP_NOTE}")?;
    }
    let h = &t.drowsiness_by_hours_since_dose;
    writeln!(out, "\nDrowsiness by hours since the last dose")?;
    for b in &h.bins {
        writeln!(
            out,
            "  {:<7} {:>5}  n = {}",
            b.label,
            b.mean.map_or("-".into(), |m| format!("{m:.1}")),
            b.n
        )?;
    }
    match &h.peak {
        Some(p) => writeln!(
            out,
            "  Peak: {p} (the highest mean among bins with 3 ratings or more)."
        )?,
        None => writeln!(out, "  No peak: no bin has 3 ratings yet.")?,
    }
    writeln!(out, "\nWith and without (an association, not a cause)")?;
    for c in &t.compare {
        writeln!(out, "  {}", c.sentence())?;
    }
    writeln!(out, "\nDays")?;
    writeln!(
        out,
        "  Date        Taken/scheduled mg  Drowsiness    Spasticity    Spasms        Symptoms  Intakes"
    )?;
    for d in t.days.iter().filter(|d| d.logged) {
        writeln!(
            out,
            "  {}  {:>8}/{:<9}  {:<12}  {:<12}  {:<12}  {:<8}  {}",
            d.date,
            d.taken_mg,
            d.scheduled_mg.map_or("-".into(), |m| m.to_string()),
            fmt_mean(d.drowsiness),
            fmt_mean(d.spasticity),
            fmt_mean(d.spasms),
            d.symptom_entries,
            d.intakes.join("; ")
        )?;
    }
    let empty = t.days.iter().filter(|d| !d.logged).count();
    if empty > 0 {
        writeln!(out, "  ({empty} days with nothing logged are not listed.)")?;
    }
    Ok(())
}

/// "Pump: refill needed by ..." from "pump: ...".
fn capitalise_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
