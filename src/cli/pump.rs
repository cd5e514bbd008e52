//! `pump set | refill | alarm | show`: the intrathecal baclofen pump. Every argument is checked
//! before the diary is opened; `refill` and `alarm` never create a diary.

use std::io::Write;

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use clap::{Args, Subcommand};

use super::{Ctx, args, print};
use crate::diary::{Reader, diary_path};
use crate::domain::When;
use crate::domain::pump::{
    AlarmKind, CONCENTRATION_MAX, CONCENTRATION_MIN, NewPumpAlarm, NewPumpRefill, NewPumpSetting,
    PumpHistory, PumpSetting, RESERVOIR_MAX_UL, RESERVOIR_MIN_UL, VOLUME_MIN_UL, date_in,
    fmt_ml_ul, parse_concentration, parse_daily, parse_refill_volume, parse_reservoir, phone,
    short_text,
};
use crate::safety::{self, Catalog};
use crate::store::Store;

pub use crate::domain::pump::SET_FIRST;

#[derive(Debug, Subcommand)]
pub enum PumpCmd {
    /// Record the pump's settings (the first time, or after a reprogramming: a new row, the
    /// history is kept). Options left out keep their last value.
    #[command(
        long_about = "Record the intrathecal pump's settings: the drug concentration in the reservoir, the reservoir size and the daily dose it delivers.\n\
        The first time, --concentration, --reservoir and --daily are needed; after a reprogramming give only what changed (a new row is kept, the history stays).\n\
        Example: dosediary pump set --concentration 2000 --reservoir 20 --daily 400 --model \"SynchroMed II\" --clinic \"Leeds pump clinic\" --clinic-phone \"0113 555 0101\""
    )]
    Set(SetArgs),
    /// Log a refill (the reservoir filled at the clinic); with --concentration or --daily the
    /// pump was also reprogrammed
    Refill(RefillArgs),
    /// Log a pump alarm: low-reservoir, critical, eri or other
    #[command(
        long_about = "Log a pump alarm. Kinds: low-reservoir (call the pump clinic today), critical (empty reservoir, end of service/battery, motor stall: the drug is no longer flowing, an emergency), eri (elective replacement indicator: the pump stops within about 90 days), other (any alarm you cannot name: treated as critical until the clinic says otherwise)."
    )]
    Alarm(AlarmArgs),
    /// The pump: settings, last refill, projected empty date, refill needed by, replacement date,
    /// open alarms and flags
    Show {
        #[arg(long)]
        json: bool,
    },
}

/// What a setting, or a refill that reprograms the pump, gives: the concentration and daily
/// dose (each kept from the setting in force when left out), and the clinic's refill-by date.
#[derive(Debug, Args)]
pub struct Programming {
    /// Drug concentration in the reservoir, mcg per mL (10-4000; common: 50, 500, 1000, 2000)
    #[arg(long, value_name = "MCG_PER_ML", allow_hyphen_values = true, value_parser = parse_concentration)]
    pub concentration: Option<u32>,
    /// Daily dose delivered, mcg a day (1-3000)
    #[arg(long, value_name = "MCG", allow_hyphen_values = true, value_parser = parse_daily)]
    pub daily: Option<u64>,
    /// The (next) refill-by date the clinic gave (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true, value_parser = args::when)]
    pub refill_by: Option<When>,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    #[command(flatten)]
    pub prog: Programming,
    /// Reservoir size, mL (1-50; pumps hold 10, 18, 20 or 40)
    #[arg(long, value_name = "ML", allow_hyphen_values = true, value_parser = parse_reservoir)]
    pub reservoir: Option<u32>,
    /// Pump model, e.g. "SynchroMed II"
    #[arg(long, value_name = "TEXT", value_parser = short_text)]
    pub model: Option<String>,
    /// Date the pump was implanted (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true, value_parser = args::when)]
    pub implanted: Option<When>,
    /// Elective replacement indicator date (YYYY-MM-DD): the pump stops about 90 days later
    #[arg(long, value_name = "DATE", allow_hyphen_values = true, value_parser = args::when)]
    pub eri: Option<When>,
    /// The pump clinic's name
    #[arg(long, value_name = "TEXT", value_parser = short_text)]
    pub clinic: Option<String>,
    /// The pump clinic's phone number (shown in every pump warning)
    #[arg(long, value_name = "TEXT", value_parser = phone)]
    pub clinic_phone: Option<String>,
    /// When these settings took effect (default: now; the first setting: the implant date if given)
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
    pub at: Option<When>,
}

/// A refill; with --concentration or --daily the pump was also reprogrammed then.
#[derive(Debug, Args)]
pub struct RefillArgs {
    /// When the refill was done (default: now)
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
    pub at: Option<When>,
    /// Volume put in, mL (default: the whole reservoir)
    #[arg(long, value_name = "ML", allow_hyphen_values = true, value_parser = parse_refill_volume)]
    pub volume: Option<u32>,
    #[command(flatten)]
    pub prog: Programming,
    #[arg(long, value_name = "TEXT", value_parser = args::note)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct AlarmArgs {
    /// low-reservoir, critical, eri or other
    #[arg(value_name = "KIND", value_parser = AlarmKind::parse)]
    pub kind: AlarmKind,
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
    pub at: Option<When>,
    /// What the pump showed or the clinic said
    #[arg(long, value_name = "TEXT", value_parser = args::note)]
    pub note: Option<String>,
}

/// A date option, placed in time and checked against `range`.
fn date_arg(
    w: Option<&When>,
    ctx: &Ctx,
    what: &str,
    range: (NaiveDate, NaiveDate),
    words: &str,
) -> Result<Option<NaiveDate>> {
    w.map(|w| {
        let d = w
            .instant(&ctx.local_now())
            .map_err(|e| anyhow!("{what}: {e}"))?
            .date_naive();
        date_in(d, range, what, words).map_err(|e| anyhow!(e))
    })
    .transpose()
}

fn ymd(y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, 1, 1).expect("a valid year")
}

/// The refill-by range: a year either side of today.
fn refill_by_arg(w: Option<&When>, ctx: &Ctx) -> Result<Option<NaiveDate>> {
    let today = ctx.local_now().date_naive();
    date_arg(
        w,
        ctx,
        "--refill-by",
        (today - Duration::days(366), today + Duration::days(366)),
        "a date within a year of today, such as 2026-12-08",
    )
}

/// Opens an existing diary that has a pump, or says to set the pump first (creating nothing).
fn open_with_pump(ctx: &Ctx) -> Result<(Store, PumpHistory)> {
    let path = diary_path(ctx.db.clone())?;
    let st = Store::open_existing(&path)?.ok_or_else(|| anyhow!(SET_FIRST))?;
    let h = st.pump_history()?;
    if h.settings.is_empty() {
        bail!(SET_FIRST);
    }
    crate::diary::auto_backup(&st, ctx.now)?;
    Ok((st, h))
}

pub fn run(c: PumpCmd, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    match c {
        PumpCmd::Set(a) => set(a, ctx, out),
        PumpCmd::Refill(a) => refill(a, ctx, out),
        PumpCmd::Alarm(a) => alarm(a, ctx, out),
        PumpCmd::Show { json } => show(json, ctx, out),
    }
}

fn set(a: SetArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let (conc, reservoir, daily) = (a.prog.concentration, a.reservoir, a.prog.daily);
    let today = ctx.local_now().date_naive();
    let implanted = date_arg(
        a.implanted.as_ref(),
        ctx,
        "--implanted",
        (ymd(1980), today),
        "a date from 1980 to today, such as 2024-03-15",
    )?;
    let eri = date_arg(
        a.eri.as_ref(),
        ctx,
        "--eri",
        (ymd(1990), today + Duration::days(366 * 15)),
        "a date such as 2031-06-01",
    )?;
    let refill_by = refill_by_arg(a.prog.refill_by.as_ref(), ctx)?;
    let (model, clinic, phone) = (a.model, a.clinic, a.clinic_phone);
    let at = a.at.as_ref().map(|w| ctx.when(Some(w))).transpose()?;
    // The first setting needs the three numbers; check before anything is created.
    let path = diary_path(ctx.db.clone())?;
    let existing = match Store::open_existing(&path)? {
        Some(st) => st.pump_history()?,
        None => PumpHistory::default(),
    };
    let prev = existing.current().cloned();
    let (conc, reservoir, daily) = match (&prev, conc, reservoir, daily) {
        (_, Some(c), Some(r), Some(d)) => (c, r, d),
        (Some(p), c, r, d) => (
            c.unwrap_or(p.concentration_mcg_per_ml),
            r.unwrap_or(p.reservoir_ul),
            d.unwrap_or(p.daily_ng),
        ),
        (None, ..) => bail!(
            "the first pump setting needs --concentration MCG_PER_ML ({CONCENTRATION_MIN}-{CONCENTRATION_MAX}), --reservoir ML ({}-{}) and --daily MCG (1-3000), e.g. dosediary pump set --concentration 2000 --reservoir 20 --daily 400",
            fmt_ml_ul(RESERVOIR_MIN_UL),
            fmt_ml_ul(RESERVOIR_MAX_UL)
        ),
    };
    let implanted = implanted.or(prev.as_ref().and_then(|p| p.implanted));
    let local_now = ctx.local_now().fixed_offset();
    let effective_from = match (at, &prev, implanted) {
        (Some(t), ..) => t,
        (None, None, Some(d)) => start_of(d, &local_now),
        _ => local_now,
    };
    if let Some(d) = implanted
        && effective_from.date_naive() < d
    {
        bail!(
            "--at: {} is before the implant date {d}; accepted: a time on or after it",
            effective_from.format("%Y-%m-%d %H:%M")
        );
    }
    let s = NewPumpSetting {
        effective_from,
        concentration_mcg_per_ml: conc,
        reservoir_ul: reservoir,
        daily_ng: daily,
        model: model.or(prev.as_ref().and_then(|p| p.model.clone())),
        implanted,
        eri: eri.or(prev.as_ref().and_then(|p| p.eri)),
        refill_by,
        clinic: clinic.or(prev.as_ref().and_then(|p| p.clinic.clone())),
        clinic_phone: phone.or(prev.as_ref().and_then(|p| p.clinic_phone.clone())),
    };
    let mut st = ctx.open()?.store;
    let saved = st.set_pump(&s, ctx.now)?;
    writeln!(
        out,
        "Pump {}: baclofen {}, {}, reservoir {}, from {}.",
        if prev.is_some() {
            "reprogrammed"
        } else {
            "set"
        },
        saved.concentration_text(),
        saved.daily_text(),
        saved.reservoir_text(),
        saved.effective_from.format("%H:%M on %a %-d %b %Y")
    )?;
    if let Some(r) = st.regimens()?.last() {
        writeln!(
            out,
            "An oral regimen is also recorded ({} at {}): its doses are still expected and checked. The pump's refills and alarms are checked separately.",
            r.dose_mcg,
            r.times
                .iter()
                .map(|t| t.format("%H:%M").to_string())
                .collect::<Vec<_>>()
                .join(",")
        )?;
    }
    after_change(&st, ctx, out)
}

fn start_of(d: NaiveDate, like: &DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    d.and_hms_opt(0, 0, 0)
        .and_then(|n| n.and_local_timezone(*like.offset()).single())
        .unwrap_or(*like)
}

/// After any pump change: the pump's state and its flags that need action.
fn after_change(st: &Store, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let h = st.pump_history()?;
    if let Some(s) = safety::pump::status(&h, ctx.now, &ctx.tz) {
        writeln!(out, "{}", safety::pump::today_line(&s))?;
    }
    let flags = safety::pump::flags(&h, &[], ctx.now, &ctx.tz, Catalog::builtin());
    for f in flags.iter().filter(|f| f.rule != "pump_withdrawal") {
        print::flag_block(out, f)?;
    }
    Ok(())
}

fn refill(a: RefillArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let at = ctx.when(a.at.as_ref())?;
    let (volume, conc, daily, note) = (a.volume, a.prog.concentration, a.prog.daily, a.note);
    let refill_by = refill_by_arg(a.prog.refill_by.as_ref(), ctx)?;
    if let Some(d) = refill_by
        && d <= at.date_naive()
    {
        bail!(
            "--refill-by: {d} is not after the refill on {}; accepted: the next refill date the clinic gave, after this refill",
            at.format("%Y-%m-%d")
        );
    }
    let (mut st, h) = open_with_pump(ctx)?;
    let t = at.with_timezone(&Utc);
    let in_force: &PumpSetting = h
        .setting_at(t)
        .or(h.settings.first())
        .expect("a pump is set");
    if let Some(d) = h.settings.iter().filter_map(|s| s.implanted).max()
        && at.date_naive() < d
    {
        bail!(
            "--at: a refill on {} is before the pump was implanted ({d}); accepted: a time on or after {d}",
            at.format("%Y-%m-%d")
        );
    }
    let volume = volume.unwrap_or(in_force.reservoir_ul);
    if volume > in_force.reservoir_ul {
        bail!(
            "--volume: {} mL is more than the reservoir holds; accepted: {} to {} mL (the reservoir size; change it with pump set --reservoir)",
            fmt_ml_ul(volume),
            fmt_ml_ul(VOLUME_MIN_UL),
            fmt_ml_ul(in_force.reservoir_ul)
        );
    }
    let reprogram = (conc.is_some_and(|c| c != in_force.concentration_mcg_per_ml)
        || daily.is_some_and(|d| d != in_force.daily_ng))
    .then(|| {
        let mut n = in_force.to_new();
        n.effective_from = at;
        n.concentration_mcg_per_ml = conc.unwrap_or(n.concentration_mcg_per_ml);
        n.daily_ng = daily.unwrap_or(n.daily_ng);
        n.refill_by = None;
        n
    });
    let r = st.add_pump_refill(
        &NewPumpRefill {
            at,
            volume_ul: volume,
            refill_by,
            note,
        },
        reprogram.as_ref(),
        ctx.now,
    )?;
    writeln!(
        out,
        "Refill logged: {} at {}{}.",
        r.volume_text(),
        r.at.format("%H:%M on %a %-d %b %Y"),
        reprogram
            .as_ref()
            .map(|n| format!(
                "; pump now {} mcg/mL, {} mcg/day",
                n.concentration_mcg_per_ml,
                crate::domain::pump::fmt_mcg_ng(n.daily_ng)
            ))
            .unwrap_or_default()
    )?;
    after_change(&st, ctx, out)
}

fn alarm(a: AlarmArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let (kind, note) = (a.kind, a.note);
    let at = ctx.when(a.at.as_ref())?;
    let (mut st, h) = open_with_pump(ctx)?;
    if let Some(d) = h.settings.iter().filter_map(|s| s.implanted).max()
        && at.date_naive() < d
    {
        bail!(
            "--at: an alarm on {} is before the pump was implanted ({d}); accepted: a time on or after {d}",
            at.format("%Y-%m-%d")
        );
    }
    let saved = st.add_pump_alarm(&NewPumpAlarm { at, kind, note }, ctx.now)?;
    writeln!(
        out,
        "Alarm logged: {} at {}.",
        saved.kind.words(),
        saved.at.format("%H:%M on %a %-d %b %Y")
    )?;
    after_change(&st, ctx, out)
}

fn show(json: bool, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let path = diary_path(ctx.db.clone())?;
    let st = Store::open_existing(&path)?;
    let h = match &st {
        Some(st) => st.pump_history()?,
        None => PumpHistory::default(),
    };
    let status = safety::pump::status(&h, ctx.now, &ctx.tz);
    let flags = match &st {
        Some(st) => {
            let f = Reader::new(st, ctx.now, &ctx.tz).judged(None)?.flags;
            f.into_iter()
                .filter(|f| f.rule.starts_with("pump_") && f.is_open(ctx.now))
                .collect()
        }
        None => Vec::new(),
    };
    if json {
        let v = serde_json::json!({
            "pump": status,
            "summary": status.as_ref().map(safety::pump::describe),
            "settings": h.settings,
            "refills": h.refills,
            "alarms": h.alarms,
            "flags": flags,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(());
    }
    let Some(s) = status else {
        writeln!(out, "No pump recorded. {}", capitalise(SET_FIRST))?;
        return Ok(());
    };
    for l in safety::pump::describe(&s) {
        writeln!(out, "{l}")?;
    }
    if h.settings.len() > 1 {
        writeln!(out, "Settings history:")?;
        for p in h.settings.iter().rev() {
            writeln!(
                out,
                "  {}  {}, {}, reservoir {}",
                p.effective_from.format("%Y-%m-%d %H:%M"),
                p.concentration_text(),
                p.daily_text(),
                p.reservoir_text()
            )?;
        }
    }
    for f in &flags {
        print::flag_block(out, f)?;
    }
    Ok(())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
