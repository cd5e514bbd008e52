//! `regimen set/plan/cancel`, `med add/stop/list` and `log med`: small handlers over the domain
//! checks and the store. Every argument is checked before the diary is opened.

use std::io::Write;

use anyhow::{Result, anyhow, bail};
use chrono::Utc;

use clap::Args;

use super::{Ctx, MedCmd, args, print};
use crate::domain::{
    Amount, DoseList, EntryKind, Gap, MedicineInput, NewEntry, RegimenArgs, TimeList, When,
    parse_medicine,
};
use crate::safety::{self, Catalog, regimen as sreg};

/// The arguments of `regimen set`, each read by its `value_parser`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The dose at every time (10), or one dose per time in the order of --times (10,10,20)
    #[arg(long = "dose", value_name = "MG[,MG...]", value_parser = args::doses)]
    pub doses: DoseList,
    /// Dose times, e.g. 08:00,14:00,20:00
    #[arg(long, value_name = "HH:MM[,HH:MM...]", value_parser = args::times)]
    pub times: TimeList,
    /// The daily maximum: 80 mg or less, or above 80 mg with --prescribed-above-label
    #[arg(long, value_name = "MG", allow_hyphen_values = true, value_parser = args::amount)]
    pub max_daily: Option<Amount>,
    /// The prescriber set --max-daily above the 80 mg label maximum (up to 300 mg)
    #[arg(long)]
    pub prescribed_above_label: bool,
    /// An as-needed dose allowed besides the schedule (e.g. for breakthrough spasms or cravings)
    #[arg(long, value_name = "MG", allow_hyphen_values = true, value_parser = args::amount)]
    pub as_needed: Option<Amount>,
    /// The most as-needed baclofen in one day (default: one as-needed dose)
    #[arg(long, value_name = "MG", allow_hyphen_values = true, value_parser = args::amount)]
    pub as_needed_max_daily: Option<Amount>,
    /// The least time between two as-needed doses, at least 1h (default 4h), e.g. 4h, 90m
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true, value_parser = args::gap)]
    pub as_needed_min_gap: Option<Gap>,
    /// Reduced kidney function (eGFR under 60)
    #[arg(long)]
    pub kidney_impairment: bool,
    /// This regimen is a step of a taper the prescriber planned
    #[arg(long)]
    pub planned_taper: bool,
    /// When it starts: any WHEN, a future time for a planned step, 'tomorrow 08:00',
    /// 'thursday 08:00' (the next Thursday)
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::plan_when)]
    pub from: Option<When>,
}

impl SetArgs {
    fn into_domain(self) -> RegimenArgs {
        RegimenArgs {
            doses: self.doses,
            times: self.times,
            max_daily: self.max_daily,
            prescribed_above_label: self.prescribed_above_label,
            kidney_impairment: self.kidney_impairment,
            planned_taper: self.planned_taper,
            as_needed: self.as_needed,
            as_needed_max_daily: self.as_needed_max_daily,
            as_needed_min_gap: self.as_needed_min_gap,
            from: self.from,
        }
    }
}

/// `regimen set`.
pub fn set(a: SetArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let cat = Catalog::builtin();
    let r = a
        .into_domain()
        .build(&cat.limits.dose_limits(), &ctx.local_now())
        .map_err(|e| anyhow!(e))?;
    let mut d = ctx.open()?;
    let st = &mut d.store;
    let before = st.regimens()?;
    let saved = st.set_regimen(&r, ctx.now)?;
    let daily = saved.daily_total();
    let planned = saved.effective_from.with_timezone(&Utc) > ctx.now;
    writeln!(
        out,
        "{} {}: {} ({} a day, maximum {}{}{}{}).",
        if planned {
            format!("Planned step {} from", saved.id)
        } else {
            "Regimen set from".to_string()
        },
        saved.effective_from.format("%a %-d %b %Y %H:%M"),
        saved.describe(),
        daily,
        saved.max_daily_mcg,
        if saved.prescribed_above_label {
            format!(", {}", sreg::ABOVE_LABEL_BADGE)
        } else {
            String::new()
        },
        if saved.kidney_impairment {
            ", kidney impairment"
        } else {
            ""
        },
        if saved.planned_taper {
            ", planned taper"
        } else {
            ""
        }
    )?;
    if let Some(a) = &saved.as_needed {
        writeln!(
            out,
            "As needed: {} at a time, at most {} a day, at least {} apart; it never replaces a scheduled dose.",
            a.dose_mcg,
            a.daily_limit(),
            safety::rules::fmt_duration(chrono::Duration::minutes(i64::from(a.min_gap_min)))
        )?;
    }
    if planned {
        writeln!(
            out,
            "`dosediary regimen plan` lists the steps ahead; `dosediary regimen cancel {}` removes this one.",
            saved.id
        )?;
    }
    if saved.prescribed_above_label {
        writeln!(
            out,
            "Recorded as the prescriber's decision: {} a day is above the {label} label maximum. Daily totals are judged against {}; above {label} a day the diary watches alcohol with drowsiness, breathing, confusion and mood elevation more closely. Sources: {}.",
            saved.max_daily_mcg,
            saved.effective_max(&cat.limits.dose_limits()),
            high_dose_sources(cat),
            label = cat.limits.max_daily()
        )?;
    }
    let max = saved.effective_max(&cat.limits.dose_limits());
    let with_prn = daily.saturating_add(
        saved
            .as_needed
            .map_or(Amount::from_mcg(0), |a| a.daily_limit()),
    );
    if daily > max {
        writeln!(
            out,
            "!! Note: the scheduled doses add up to {daily}, above the {max} daily maximum. Check this with your prescriber today."
        )?;
    } else if with_prn > max {
        writeln!(
            out,
            "Note: the schedule with every as-needed dose allowed comes to {with_prn}, above the {max} daily maximum; the diary flags a day that goes over it."
        )?;
    }
    if saved.kidney_impairment && daily >= Amount::from_mg(cat.limits.kidney_daily_mg) {
        writeln!(
            out,
            "!! Note: with kidney impairment, 20 mg a day or more tripled hospital admissions for confusion (muanda-2019). Discuss this regimen with your prescriber today."
        )?;
    }
    if let Some(w) = sreg::taper_warning(&before, saved.effective_from, daily, cat) {
        writeln!(out, "!! Too fast a reduction: {}", w.text)?;
    }
    Ok(())
}

/// `regimen plan`.
pub fn plan(json: bool, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let d = ctx.open_reading()?;
    let st = &d.store;
    let all = st.regimens()?;
    let steps = sreg::planned_steps(&all, ctx.now);
    let cat = Catalog::builtin();
    if json {
        let v: Vec<_> = steps
            .iter()
            .map(|r| {
                let others: Vec<_> = all.iter().filter(|x| x.id != r.id).cloned().collect();
                serde_json::json!({
                    "step": r.id,
                    "from": r.effective_from,
                    "regimen": r,
                    "daily_total_mcg": r.daily_total().mcg(),
                    "line": sreg::step_line(r, ctx.now, &ctx.tz),
                    "warning": sreg::taper_warning(&others, r.effective_from, r.daily_total(), cat)
                        .map(|w| w.text),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(());
    }
    if steps.is_empty() {
        writeln!(
            out,
            "No planned steps. Plan one with: dosediary regimen set --dose 15 --times 08:00,14:00,20:00 --from 'thursday 08:00'"
        )?;
        return Ok(());
    }
    if let Some(cur) = safety::regimen_at(&all, ctx.now) {
        writeln!(
            out,
            "Now: {} ({} a day).",
            cur.describe(),
            cur.daily_total()
        )?;
    }
    writeln!(out, "Steps ahead:")?;
    for r in &steps {
        writeln!(
            out,
            "  step {}  {} ({} a day; starts {})",
            r.id,
            sreg::step_line(r, ctx.now, &ctx.tz),
            r.daily_total(),
            r.effective_from.format("%a %-d %b %Y %H:%M")
        )?;
        let others: Vec<_> = all.iter().filter(|x| x.id != r.id).cloned().collect();
        if let Some(w) = sreg::taper_warning(&others, r.effective_from, r.daily_total(), cat) {
            writeln!(out, "    !! Too fast a reduction: {}", w.text)?;
        }
    }
    Ok(())
}

/// `regimen cancel STEP`.
pub fn cancel(id: i64, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut d = ctx.open_existing_or_fail()?;
    let st = &mut d.store;
    let r = st.cancel_step(id, ctx.now)?;
    writeln!(
        out,
        "Cancelled planned step {id}: {} from {}. `dosediary undo` brings it back.",
        r.describe(),
        r.effective_from.format("%a %-d %b %Y %H:%M")
    )?;
    Ok(())
}

/// `med add`, `med stop`, `med list`.
pub fn med(c: MedCmd, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let cat = Catalog::builtin();
    match c {
        MedCmd::Add {
            name,
            dose,
            times,
            class,
            from,
        } => {
            let classes = args::med_classes();
            let input = MedicineInput {
                name,
                dose,
                times: times.unwrap_or_default(),
                class,
                from,
            };
            // Check the arguments before the diary is opened (the name check needs the list).
            parse_medicine(&input, &classes, &[], &ctx.local_now()).map_err(|e| anyhow!(e))?;
            let mut d = ctx.open()?;
            let st = &mut d.store;
            let current: Vec<String> = st
                .medicines()?
                .into_iter()
                .filter(|m| m.stopped.is_none())
                .map(|m| m.name)
                .collect();
            let m = parse_medicine(&input, &classes, &current, &ctx.local_now())
                .map_err(|e| anyhow!(e))?;
            let saved = st.add_medicine(&m, ctx.now)?;
            writeln!(
                out,
                "Added {} from {}.",
                saved.describe(),
                saved.from.format("%a %-d %b %Y")
            )?;
            if let Some(s) = sreg::sedative_statement(
                std::slice::from_ref(&saved),
                saved.from.with_timezone(&Utc),
                cat,
            ) {
                writeln!(out, "{s}")?;
            } else if saved.class.is_none() {
                writeln!(
                    out,
                    "No interaction class given: if it is a sedative (e.g. opioid, benzodiazepine, anticonvulsant), add it again with --class so the rules know."
                )?;
            }
            Ok(())
        }
        MedCmd::Stop { name, at } => {
            let at = ctx.when(at.as_ref())?;
            let mut d = ctx.open_existing_or_fail()?;
            let st = &mut d.store;
            let meds = st.medicines()?;
            let m = meds
                .iter()
                .find(|m| m.stopped.is_none() && m.name.eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| no_such_med(&name, &meds))?;
            if at < m.from {
                bail!(
                    "--at: {} is before {} was started ({}); accepted: a time after it",
                    at.format("%Y-%m-%d %H:%M"),
                    m.name,
                    m.from.format("%Y-%m-%d %H:%M")
                );
            }
            st.stop_medicine(m.id, at, ctx.now)?;
            writeln!(
                out,
                "Stopped {} at {}.",
                m.name,
                at.format("%a %-d %b %Y %H:%M")
            )?;
            Ok(())
        }
        MedCmd::List { json } => {
            let d = ctx.open_reading()?;
            let st = &d.store;
            let meds = st.medicines()?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&meds)?)?;
                return Ok(());
            }
            print::medicines(out, &meds, ctx.now)?;
            if let Some(s) = sreg::sedative_statement(&meds, ctx.now, cat) {
                writeln!(out, "{s}")?;
            }
            Ok(())
        }
    }
}

fn no_such_med(name: &str, meds: &[crate::domain::Medicine]) -> anyhow::Error {
    let current: Vec<&str> = meds
        .iter()
        .filter(|m| m.stopped.is_none())
        .map(|m| m.name.as_str())
        .collect();
    if current.is_empty() {
        anyhow!(
            "'{}' is not a medicine you take; none are listed yet: add one with `dosediary med add NAME`",
            name.trim()
        )
    } else {
        anyhow!(
            "'{}' is not a medicine you take; accepted: {}",
            name.trim(),
            current.join(", ")
        )
    }
}

/// `log med NAME`: a dose of another regular medicine, ticked off.
pub fn log_med(
    name: &str,
    at: Option<&When>,
    note: Option<String>,
    ctx: &Ctx,
    out: &mut dyn Write,
) -> Result<()> {
    let at = ctx.when(at)?;
    if name.trim().is_empty() {
        bail!("the medicine name is empty; accepted: a name from `dosediary med list`");
    }
    let mut d = ctx.open_existing_or_fail()?;
    let st = &mut d.store;
    let meds = st.medicines()?;
    let m = meds
        .iter()
        .find(|m| m.name.eq_ignore_ascii_case(name.trim()) && m.active_at(at.with_timezone(&Utc)))
        .ok_or_else(|| no_such_med(name, &meds))?;
    let e = st.insert(
        &NewEntry {
            at,
            kind: EntryKind::Med {
                name: m.name.clone(),
                dose: m.dose.clone(),
            },
            note,
        },
        ctx.now,
    )?;
    writeln!(
        out,
        "Logged #{}: {} at {}.",
        e.id,
        e.kind.summary(),
        e.at.format("%H:%M on %a %-d %b")
    )?;
    let flags = d.reader().judged_since(e.at.with_timezone(&Utc))?.flags;
    for f in flags.iter().filter(|f| f.entry_id == Some(e.id)) {
        print::flag_block(out, f)?;
    }
    Ok(())
}

/// The high-dose watch's published sources, by title (never the catalog's internal keys).
fn high_dose_sources(cat: &safety::Catalog) -> String {
    let keys = cat
        .rule("high_dose_watch")
        .map(|r| r.sources.clone())
        .unwrap_or_default();
    cat.source_titles(&keys).join("; ")
}
