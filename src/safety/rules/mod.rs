//! Dose-pattern and combination rules: entries + regimen history + catalog + now -> flags.
//! Pure: the clock and the time zone are arguments.
//!
//! One module per rule. Each reads the shared, read-only [`context::Ctx`] (built once per
//! evaluation) and returns its flags; every limit comes from the catalog (`assets/baclofen.toml`).
//! [`RuleId`] names the rules; a test checks each against the catalog.

mod allergic_cluster;
mod as_needed_limit;
mod context;
mod daily_max_exceeded;
mod dose_gap;
mod double_dose;
mod drowsiness_rising;
mod high_dose_watch;
mod kidney_dose;
mod large_single_dose;
mod missed_dose;
mod overdose_window;
pub(crate) mod pump_alarm_logged;
pub(crate) mod pump_refill_due;
pub(crate) mod pump_withdrawal;
mod rapid_escalation;
mod rapid_reduction;
mod schedule;
mod sedative_interaction;
mod signs;
pub mod window;
mod withdrawal_window;

use std::rc::Rc;

use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDate, TimeZone, Utc};
use serde::Serialize;

use super::catalog::{Catalog, Urgency};
use super::text::{Patient, TextAnalysis};
use crate::domain::{Entry, Medicine, Regimen};
use context::Ctx;
pub use context::{Known, answered};
pub use schedule::{Slot, schedule, schedule_with};

/// The pattern rules, in the order their flags are listed when two share a time and an urgency.
/// Their ids are the catalog's `[[rules]]` ids (checked by a test).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    DailyMaxExceeded,
    LargeSingleDose,
    DoubleDose,
    MissedDose,
    DoseGap,
    RapidReduction,
    RapidEscalation,
    WithdrawalWindow,
    OverdoseWindow,
    AllergicCluster,
    KidneyDose,
    SedativeInteraction,
    DrowsinessRising,
    SupplyLow,
    PumpRefillDue,
    PumpAlarmLogged,
    PumpWithdrawal,
    AsNeededLimit,
    HighDoseWatch,
}

impl RuleId {
    pub const ALL: [RuleId; 19] = [
        RuleId::DailyMaxExceeded,
        RuleId::LargeSingleDose,
        RuleId::DoubleDose,
        RuleId::MissedDose,
        RuleId::DoseGap,
        RuleId::RapidReduction,
        RuleId::RapidEscalation,
        RuleId::WithdrawalWindow,
        RuleId::OverdoseWindow,
        RuleId::AllergicCluster,
        RuleId::KidneyDose,
        RuleId::SedativeInteraction,
        RuleId::DrowsinessRising,
        RuleId::SupplyLow,
        RuleId::PumpRefillDue,
        RuleId::PumpAlarmLogged,
        RuleId::PumpWithdrawal,
        RuleId::AsNeededLimit,
        RuleId::HighDoseWatch,
    ];

    /// The catalog id, as `flags --json` shows it in `rule`.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::DailyMaxExceeded => "daily_max_exceeded",
            RuleId::LargeSingleDose => "large_single_dose",
            RuleId::DoubleDose => "double_dose",
            RuleId::MissedDose => "missed_dose",
            RuleId::DoseGap => "dose_gap",
            RuleId::RapidReduction => "rapid_reduction",
            RuleId::RapidEscalation => "rapid_escalation",
            RuleId::WithdrawalWindow => "withdrawal_window",
            RuleId::OverdoseWindow => "overdose_window",
            RuleId::AllergicCluster => "allergic_cluster",
            RuleId::KidneyDose => "kidney_dose",
            RuleId::SedativeInteraction => "sedative_interaction",
            RuleId::DrowsinessRising => "drowsiness_rising",
            RuleId::SupplyLow => "supply_low",
            RuleId::PumpRefillDue => "pump_refill_due",
            RuleId::PumpAlarmLogged => "pump_alarm_logged",
            RuleId::PumpWithdrawal => "pump_withdrawal",
            RuleId::AsNeededLimit => "as_needed_limit",
            RuleId::HighDoseWatch => "high_dose_watch",
        }
    }

    pub fn parse(id: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|r| r.as_str() == id)
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

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
    /// The pattern rule that raised this flag (`None` for a sign flag).
    pub fn rule_id(&self) -> Option<RuleId> {
        match self.kind {
            FlagKind::Pattern => RuleId::parse(&self.rule),
            FlagKind::Sign => None,
        }
    }

    /// Where this flag sorts among flags of the same time and urgency: sign flags just before
    /// the rules that combine signs.
    fn order(&self) -> u8 {
        match self.rule_id() {
            Some(r) if r < RuleId::WithdrawalWindow => r as u8 * 2,
            Some(r) => r as u8 * 2 + 1,
            None => RuleId::WithdrawalWindow as u8 * 2,
        }
    }

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

/// Days of history before the open-flag window that every rule may look back over (a 72 h
/// withdrawal window after a gap, 3 days of totals, 14 days of drowsiness, with margin).
pub const LOOKBACK_DAYS: i64 = 30;

/// What the rules judge a history with, besides its entries and regimens: the other medicines
/// taken regularly (`med add`), whose diary it is (the config's `[patient]`; the default when
/// `None`), where the slice of history starts (see [`window`]; `None` is the whole history),
/// and texts analysed before.
#[derive(Clone, Copy, Default)]
pub struct Scope<'a> {
    pub meds: &'a [Medicine],
    pub patient: Option<&'a Patient>,
    pub from: Option<DateTime<Utc>>,
    pub known: Option<&'a Known>,
}

impl<'a> Scope<'a> {
    /// The whole history of `patient`'s diary, with the medicines taken regularly.
    pub fn of(meds: &'a [Medicine], patient: &'a Patient) -> Scope<'a> {
        Scope {
            meds,
            patient: Some(patient),
            ..Scope::default()
        }
    }
}

/// The flags that can still be open at `now` (the last [`OPEN_DAYS`]), from a bounded slice of
/// the history: cost independent of how many years the diary holds.
pub fn evaluate_recent<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
) -> Vec<Flag> {
    judge_recent(entries, regimens, now, tz, cat, Scope::default())
}

/// As [`evaluate_recent`], knowing the other medicines taken regularly (`med add`), for the
/// diary of `patient`.
pub fn evaluate_recent_full<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    meds: &[Medicine],
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
    patient: &Patient,
) -> Vec<Flag> {
    judge_recent(entries, regimens, now, tz, cat, Scope::of(meds, patient))
}

/// As [`judge`], keeping the flags that can still be open at `now`, from the slice of
/// `entries` (sorted by time) that every rule may look back over.
pub fn judge_recent<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
    scope: Scope,
) -> Vec<Flag> {
    let from = now - Duration::days(OPEN_DAYS + LOOKBACK_DAYS);
    let start = entries.partition_point(|e| e.at.with_timezone(&Utc) < from);
    let open_from = now - Duration::days(OPEN_DAYS);
    let scope = Scope {
        from: Some(from),
        ..scope
    };
    judge(&entries[start..], regimens, now, tz, cat, scope)
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
    judge(entries, regimens, now, tz, cat, Scope::default())
}

/// As [`evaluate`], knowing the other medicines taken regularly (`med add`), for the diary of
/// `patient`: a caregiver's words about the patient count as the patient's.
pub fn evaluate_full<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    meds: &[Medicine],
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
    patient: &Patient,
) -> Vec<Flag> {
    judge(entries, regimens, now, tz, cat, Scope::of(meds, patient))
}

/// As [`evaluate`], knowing the other medicines taken regularly (no patient config).
pub fn evaluate_with<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    meds: &[Medicine],
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
) -> Vec<Flag> {
    let scope = Scope {
        meds,
        ..Scope::default()
    };
    judge(entries, regimens, now, tz, cat, scope)
}

/// As [`judge`], reusing an analysis the caller already made of one text (`check`).
pub fn evaluate_seeded<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
    seed: (&str, Rc<TextAnalysis>),
    scope: Scope,
) -> Vec<Flag> {
    evaluate_from(entries, regimens, now, tz, cat, scope, Some(seed))
}

/// As [`evaluate_full`], over a slice of the history that starts at `from` (see [`window`]): the
/// schedule is judged from there on, so a bounded slice costs what it holds, whatever the length
/// of the diary. `None` is the whole history. `known`: texts analysed before (for `patient`).
#[allow(clippy::too_many_arguments)]
pub fn evaluate_window<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    meds: &[Medicine],
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
    from: Option<DateTime<Utc>>,
    known: Option<&Known>,
    patient: &Patient,
) -> Vec<Flag> {
    let scope = Scope {
        from,
        known,
        ..Scope::of(meds, patient)
    };
    judge(entries, regimens, now, tz, cat, scope)
}

/// Every sign and rule over `entries` (sorted by time) as they stood at `now`, in `scope`.
pub fn judge<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
    scope: Scope,
) -> Vec<Flag> {
    evaluate_from(entries, regimens, now, tz, cat, scope, None)
}

/// As [`judge`], with a text already analysed (`seed`).
fn evaluate_from<Tz: TimeZone>(
    entries: &[Entry],
    regimens: &[Regimen],
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
    scope: Scope,
    seed: Option<(&str, Rc<TextAnalysis>)>,
) -> Vec<Flag> {
    let default = Patient::default();
    let patient = scope.patient.unwrap_or(&default);
    let Scope {
        meds, from, known, ..
    } = scope;
    let cx = Ctx::new(
        entries, regimens, meds, now, tz, cat, from, seed, known, patient,
    );
    let mut too_much = daily_max_exceeded::check(&cx);
    too_much.extend(large_single_dose::check(&cx));
    too_much.extend(double_dose::check(&cx));
    let gaps = dose_gap::gaps(&cx);
    let reductions = rapid_reduction::reductions(&cx);
    let mut windows = dose_gap::windows(&cx, &gaps);
    windows.extend(rapid_reduction::windows(&cx, &reductions));

    let mut flags = Vec::new();
    flags.extend(overdose_window::check(&cx, &too_much));
    flags.extend(too_much);
    flags.extend(missed_dose::check(&cx));
    flags.extend(dose_gap::check(&cx, &gaps));
    flags.extend(rapid_reduction::check(&cx, &reductions));
    flags.extend(rapid_escalation::check(&cx));
    flags.extend(kidney_dose::check(&cx));
    flags.extend(signs::check(&cx));
    flags.extend(withdrawal_window::check(&cx, &windows));
    flags.extend(allergic_cluster::check(&cx));
    flags.extend(sedative_interaction::check(&cx));
    flags.extend(sedative_interaction::with_regular(&cx));
    flags.extend(drowsiness_rising::check(&cx));
    flags.extend(as_needed_limit::check(&cx));
    flags.extend(high_dose_watch::check(&cx));
    finish(flags)
}

/// Gives every flag its stable key and sorts by time, the most urgent first at the same time.
fn finish(mut flags: Vec<Flag>) -> Vec<Flag> {
    for f in &mut flags {
        f.key = format!(
            "{}|{}|{}",
            f.rule,
            f.at.with_timezone(&Utc).format("%Y-%m-%dT%H:%M:%SZ"),
            f.entry_id.map(|i| i.to_string()).unwrap_or_default()
        );
    }
    flags.sort_by(|a, b| {
        a.at.cmp(&b.at)
            .then(b.urgency.cmp(&a.urgency))
            .then(a.order().cmp(&b.order()))
    });
    flags
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_id_is_in_the_catalog_and_every_catalog_rule_has_an_id() {
        let cat = Catalog::builtin();
        for r in RuleId::ALL {
            assert!(
                cat.rule(r.as_str()).is_some(),
                "{r} missing from the catalog"
            );
            assert_eq!(RuleId::parse(r.as_str()), Some(r));
        }
        for r in &cat.rules {
            assert!(
                RuleId::parse(&r.id).is_some(),
                "catalog rule {} has no RuleId",
                r.id
            );
        }
        let mut sorted = RuleId::ALL;
        sorted.sort();
        assert_eq!(sorted, RuleId::ALL, "ALL lists every rule in order");
    }
}
