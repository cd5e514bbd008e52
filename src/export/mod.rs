//! Export (JSON and CSV) and import of the diary: the file formats and their readers.

pub mod fhir;
pub mod ics;
pub mod stream;

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, FixedOffset, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Amount, Entry, EntryKind, NewRegimen, Regimen, SupplyEvent, SupplyKind};

pub const EXPORT_FORMAT: &str = "dosediary-export";
pub const EXPORT_SCHEMA_VERSION: u32 = 1;

/// The JSON export: stable ids, no time-varying fields, so a round trip is byte-identical.
#[derive(Debug, Serialize, Deserialize)]
pub struct ExportFile {
    pub format: String,
    pub schema_version: u32,
    pub entries: Vec<ExportEntry>,
    #[serde(default)]
    pub regimens: Vec<ExportRegimen>,
    /// Tablets added and counted (absent when the supply was never tracked).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supply: Vec<ExportSupply>,
    /// The intrathecal pump's settings history, refills and alarms (each absent when empty, so
    /// an export of a diary without a pump is what it always was).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pump_settings: Vec<crate::domain::pump::PumpSetting>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pump_refills: Vec<crate::domain::pump::PumpRefill>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pump_alarms: Vec<crate::domain::pump::PumpAlarm>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ExportSupply {
    /// "add" or "count"
    pub kind: String,
    pub at: DateTime<FixedOffset>,
    pub tablets: u32,
    pub strength_mcg: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ExportEntry {
    pub uid: String,
    pub kind: String,
    pub at: DateTime<FixedOffset>,
    pub recorded_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_mcg: Option<u64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub skipped: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<u8>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drowsiness_rating: bool,
    /// Who a symptom is about, when the writer answered: "patient" or "other".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<crate::domain::About>,
    /// A rating's scale: "spasticity" (0-10) or "spasms" (0-4); absent in older exports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// A rating's value on its scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<DateTime<Utc>>,
    /// An as-needed dose.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub as_needed: bool,
    /// The dose of a ticked medicine (kind "med"), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub med_dose: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ExportRegimen {
    pub effective_from: DateTime<FixedOffset>,
    pub dose_mcg: u64,
    pub times: Vec<String>,
    pub max_daily_mcg: u64,
    pub kidney_impairment: bool,
    #[serde(default)]
    pub planned_taper: bool,
    pub recorded_at: DateTime<Utc>,
    /// One dose per time when they differ.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doses_mcg: Vec<u64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub prescribed_above_label: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_needed: Option<crate::domain::AsNeeded>,
}

impl ExportEntry {
    pub fn from_entry(e: &Entry) -> Self {
        let (amount_mcg, skipped, text, severity, drowsiness_rating) = match &e.kind {
            EntryKind::Dose {
                amount_mcg,
                skipped,
                ..
            } => (Some(amount_mcg.mcg()), *skipped, None, None, false),
            EntryKind::Symptom {
                text,
                severity,
                drowsiness_rating,
                ..
            } => (
                None,
                false,
                Some(text.clone()),
                *severity,
                *drowsiness_rating,
            ),
            EntryKind::Intake { text } | EntryKind::Med { name: text, .. } => {
                (None, false, Some(text.clone()), None, false)
            }
            EntryKind::Rating { .. } => (None, false, None, None, false),
        };
        let (scale, value) = match &e.kind {
            EntryKind::Rating { scale, value } => (Some(scale.name().to_string()), Some(*value)),
            _ => (None, None),
        };
        ExportEntry {
            uid: e.uid.clone(),
            kind: e.kind.name().to_string(),
            at: e.at,
            recorded_at: e.recorded_at,
            amount_mcg,
            skipped,
            text,
            severity,
            drowsiness_rating,
            about: match &e.kind {
                EntryKind::Symptom { about, .. } => *about,
                _ => None,
            },
            scale,
            value,
            note: e.note.clone(),
            edited_at: e.edited_at,
            as_needed: e.kind.is_as_needed(),
            med_dose: match &e.kind {
                EntryKind::Med { dose, .. } => dose.clone(),
                _ => None,
            },
        }
    }

    /// Checks one imported entry; `n` is its position for the error line.
    pub fn to_entry(&self, n: usize) -> Result<Entry> {
        let bad = |what: &str| anyhow!("entry {n} (uid '{}'): {what}", self.uid);
        if self.uid.trim().is_empty() || self.uid.len() > 100 {
            return Err(bad("the uid is empty or too long"));
        }
        // Text as the command line takes it: present, not only controls, at most 2000
        // characters (stored as written).
        let text_ok = |t: &Option<String>| -> Result<String> {
            match t {
                Some(t) => match crate::domain::clean_text(t) {
                    Ok(_) => Ok(t.clone()),
                    Err(e) => Err(bad(&format!("text: {e}"))),
                },
                None => Err(bad("the text is missing")),
            }
        };
        if let Some(n) = &self.note {
            crate::domain::clean_note(n).map_err(|e| bad(&format!("note: {e}")))?;
        }
        if self
            .med_dose
            .as_ref()
            .is_some_and(|d| d.chars().count() > 60 || d.chars().any(char::is_control))
        {
            return Err(bad(
                "med_dose is longer than 60 characters or has control characters",
            ));
        }
        let kind = match self.kind.as_str() {
            "dose" => {
                let a = self
                    .amount_mcg
                    .ok_or_else(|| bad("a dose without amount_mcg"))?;
                if a > crate::domain::amount::MAX_ACCEPTED_MCG || (a == 0 && !self.skipped) {
                    return Err(bad("amount_mcg is zero or above 1000 mg"));
                }
                EntryKind::Dose {
                    amount_mcg: Amount::from_mcg(a),
                    skipped: self.skipped,
                    as_needed: self.as_needed,
                }
            }
            "symptom" => {
                if self.severity.is_some_and(|s| s > 10) {
                    return Err(bad("severity outside 0-10"));
                }
                if self.drowsiness_rating && self.severity.is_none() {
                    return Err(bad("a drowsiness rating without its 0-10 severity"));
                }
                EntryKind::Symptom {
                    text: text_ok(&self.text)?,
                    severity: self.severity,
                    drowsiness_rating: self.drowsiness_rating,
                    about: self.about,
                }
            }
            "intake" => EntryKind::Intake {
                text: text_ok(&self.text)?,
            },
            "rating" => {
                let scale = self
                    .scale
                    .as_deref()
                    .and_then(crate::domain::RatingScale::from_name)
                    .ok_or_else(|| {
                        bad("a rating without a scale (accepted: spasticity, spasms)")
                    })?;
                let value = self
                    .value
                    .filter(|v| *v <= scale.highest())
                    .ok_or_else(|| {
                        bad(&format!(
                            "the {} rating has no value or one above {}",
                            scale.name(),
                            scale.highest()
                        ))
                    })?;
                EntryKind::Rating { scale, value }
            }
            "med" => EntryKind::Med {
                name: text_ok(&self.text)?,
                dose: self.med_dose.clone(),
            },
            other => {
                return Err(bad(&format!(
                    "unknown kind '{other}' (accepted: dose, symptom, intake, rating, med)"
                )));
            }
        };
        Ok(Entry {
            id: 0,
            uid: self.uid.clone(),
            at: self.at,
            recorded_at: self.recorded_at,
            kind,
            note: self.note.clone(),
            edited_at: self.edited_at,
        })
    }
}

impl ExportRegimen {
    pub fn from_regimen(r: &Regimen) -> Self {
        ExportRegimen {
            effective_from: r.effective_from,
            dose_mcg: r.dose_mcg.mcg(),
            times: r
                .times
                .iter()
                .map(|t| t.format("%H:%M").to_string())
                .collect(),
            max_daily_mcg: r.max_daily_mcg.mcg(),
            kidney_impairment: r.kidney_impairment,
            planned_taper: r.planned_taper,
            recorded_at: r.recorded_at,
            doses_mcg: r.doses_mcg.iter().map(|d| d.mcg()).collect(),
            prescribed_above_label: r.prescribed_above_label,
            as_needed: r.as_needed,
        }
    }
}

pub fn export_json(
    entries: &[Entry],
    regimens: &[Regimen],
    supply: &[SupplyEvent],
) -> Result<String> {
    export_json_with_pump(
        entries,
        regimens,
        supply,
        &crate::domain::pump::PumpHistory::default(),
    )
}

/// As [`export_json`], with the pump's rows.
pub fn export_json_with_pump(
    entries: &[Entry],
    regimens: &[Regimen],
    supply: &[SupplyEvent],
    pump: &crate::domain::pump::PumpHistory,
) -> Result<String> {
    let f = ExportFile {
        pump_settings: pump.settings.clone(),
        pump_refills: pump.refills.clone(),
        pump_alarms: pump.alarms.clone(),
        format: EXPORT_FORMAT.into(),
        schema_version: EXPORT_SCHEMA_VERSION,
        entries: entries.iter().map(ExportEntry::from_entry).collect(),
        regimens: regimens.iter().map(ExportRegimen::from_regimen).collect(),
        supply: supply
            .iter()
            .map(|e| ExportSupply {
                kind: e.kind.name().to_string(),
                at: e.at,
                tablets: e.tablets,
                strength_mcg: e.strength_mcg.mcg(),
                note: e.note.clone(),
                recorded_at: e.recorded_at,
            })
            .collect(),
    };
    Ok(serde_json::to_string_pretty(&f)? + "\n")
}

pub const CSV_COLUMNS: &[&str] = &[
    "uid",
    "kind",
    "at",
    "utc_offset_minutes",
    "local_date",
    "local_time",
    "amount_mcg",
    "amount_mg",
    "skipped",
    "text",
    "severity",
    "drowsiness_rating",
    "note",
    "recorded_at",
    "edited_at",
];

/// CSV with a header row, written by the `csv` crate (RFC 4180 quoting). The free-text cells
/// (text, note) are shown safely ([`crate::domain::sanitize`]) and neutralised against formula
/// injection ([`crate::domain::safe_text::csv_cell`]); the JSON export stays lossless.
pub fn export_csv(entries: &[Entry]) -> String {
    use crate::domain::safe_text::csv_cell;
    let safe = |t: String| csv_cell(&crate::domain::sanitize(&t)).into_owned();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_COLUMNS).expect("writing to memory");
    for e in entries {
        let x = ExportEntry::from_entry(e);
        let row = [
            x.uid.clone(),
            x.kind.clone(),
            x.at.to_rfc3339(),
            (x.at.offset().local_minus_utc() / 60).to_string(),
            x.at.format("%Y-%m-%d").to_string(),
            x.at.format("%H:%M").to_string(),
            x.amount_mcg.map(|a| a.to_string()).unwrap_or_default(),
            x.amount_mcg
                .map(|a| format!("{}", a as f64 / 1000.0))
                .unwrap_or_default(),
            if x.kind == "dose" {
                x.skipped.to_string()
            } else {
                String::new()
            },
            safe(x.text.clone().or(x.scale.clone()).unwrap_or_default()),
            x.severity
                .or(x.value)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            if x.kind == "symptom" {
                x.drowsiness_rating.to_string()
            } else {
                String::new()
            },
            safe(x.note.clone().unwrap_or_default()),
            x.recorded_at.to_rfc3339(),
            x.edited_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
        ];
        w.write_record(&row).expect("writing to memory");
    }
    let bytes = w.into_inner().expect("writing to memory");
    String::from_utf8(bytes).expect("every cell is UTF-8")
}

/// Reads and checks a JSON export completely before anything is written.
/// Entries, regimens, and the regimens' recording times, read from an export.
pub struct Imported {
    pub entries: Vec<Entry>,
    pub regimens: Vec<NewRegimen>,
    /// When each regimen was recorded.
    pub recorded: Vec<DateTime<Utc>>,
    pub supply: Vec<SupplyEvent>,
    pub pump: crate::domain::pump::PumpHistory,
}

/// Reads and checks a whole export (into memory: for small files and tests; `import` streams).
pub fn read_export_at(path: &Path, now: DateTime<Utc>) -> Result<Imported> {
    let mut entries = Vec::new();
    let f = stream::read(path, now, &mut |e| {
        entries.push(e);
        Ok(())
    })?;
    let rest = read_rest(&f, now)?;
    Ok(Imported {
        entries,
        regimens: rest.regimens,
        recorded: rest.regimen_recorded,
        supply: rest.supply,
        pump: rest.pump,
    })
}

/// Refuses a time outside 1900 .. `now` + 5 minutes (`what` names it in the line).
fn in_range(t: DateTime<Utc>, now: DateTime<Utc>, what: &str) -> Result<()> {
    let ceiling = now + chrono::Duration::minutes(crate::domain::when::FUTURE_TOLERANCE_MINUTES);
    if t < crate::domain::when::earliest() || t > ceiling {
        bail!("{what} {t} is outside 1900 .. now + 5 minutes");
    }
    Ok(())
}

/// An optional note or text as the command line takes it (not only controls, at most 2000
/// characters); `what` names it.
fn note_ok(n: Option<&str>, what: &str) -> Result<()> {
    if let Some(n) = n {
        crate::domain::clean_note(n).map_err(|e| anyhow!("{what}: {e}"))?;
    }
    Ok(())
}

/// One regimen of an export, held to every limit `regimen set` applies (see
/// [`crate::domain::check_regimen`]): the label maximum from the catalog unless prescribed
/// above it, never over 300 mg; times in order and each once; one dose per time; as-needed
/// limits; its start from 1900 to a year ahead (a planned step), recorded by now.
fn read_regimen(r: &ExportRegimen, now: DateTime<Utc>) -> Result<NewRegimen> {
    let times: Vec<NaiveTime> = r
        .times
        .iter()
        .map(|t| NaiveTime::parse_from_str(t, "%H:%M"))
        .collect::<Result<_, _>>()
        .map_err(|_| anyhow!("bad times {:?}; accepted: HH:MM", r.times))?;
    let reg = NewRegimen {
        effective_from: r.effective_from,
        dose_mcg: Amount::from_mcg(r.dose_mcg),
        times,
        max_daily_mcg: Amount::from_mcg(r.max_daily_mcg),
        kidney_impairment: r.kidney_impairment,
        planned_taper: r.planned_taper,
        doses_mcg: r.doses_mcg.iter().map(|d| Amount::from_mcg(*d)).collect(),
        prescribed_above_label: r.prescribed_above_label,
        as_needed: r.as_needed,
    };
    crate::domain::check_regimen(
        &reg,
        &crate::safety::Catalog::builtin().limits.dose_limits(),
    )
    .map_err(|e| anyhow!(e))?;
    let from = r.effective_from.with_timezone(&Utc);
    let plan_ceiling = now + chrono::Duration::days(crate::domain::when::MAX_PLAN_DAYS);
    if from < crate::domain::when::earliest() || from > plan_ceiling {
        bail!("effective_from {from} is outside 1900 .. a year from now");
    }
    in_range(r.recorded_at, now, "recorded_at")?;
    Ok(reg)
}

/// The regimens, supply and pump rows of an export, checked like the command line checks them;
/// the error names the row (its position) and the reason.
pub fn read_rest(f: &ExportFile, now: DateTime<Utc>) -> Result<crate::store::ImportRest> {
    let mut regimens = Vec::new();
    let mut recorded = Vec::new();
    for (i, r) in f.regimens.iter().enumerate() {
        let reg = read_regimen(r, now).map_err(|e| {
            anyhow!(
                "regimen {} (from {}): {e}; nothing was imported",
                i + 1,
                r.effective_from.format("%Y-%m-%d %H:%M")
            )
        })?;
        regimens.push(reg);
        recorded.push(r.recorded_at);
    }
    let mut supply = Vec::new();
    for (i, x) in f.supply.iter().enumerate() {
        let kind = match x.kind.as_str() {
            "add" => SupplyKind::Add,
            "count" => SupplyKind::Count,
            k => bail!(
                "supply {}: kind '{k}' is not known (accepted: add, count); nothing was imported",
                i + 1
            ),
        };
        if x.tablets > crate::domain::MAX_TABLETS || (kind == SupplyKind::Add && x.tablets == 0) {
            bail!(
                "supply {}: tablets must be 1-{} (0 allowed for a count); nothing was imported",
                i + 1,
                crate::domain::MAX_TABLETS
            );
        }
        let checked = crate::domain::parse_strength(&Amount::from_mcg(x.strength_mcg).as_arg())
            .map(drop)
            .map_err(|e| anyhow!("strength_mcg: {e}"))
            .and_then(|()| in_range(x.at.with_timezone(&Utc), now, "at"))
            .and_then(|()| in_range(x.recorded_at, now, "recorded_at"))
            .and_then(|()| note_ok(x.note.as_deref(), "note"));
        if let Err(e) = checked {
            bail!("supply {}: {e}; nothing was imported", i + 1);
        }
        supply.push(SupplyEvent {
            id: 0,
            kind,
            at: x.at,
            tablets: x.tablets,
            strength_mcg: Amount::from_mcg(x.strength_mcg),
            note: x.note.clone(),
            recorded_at: x.recorded_at,
        });
    }
    let pump = read_pump(f, now)?;
    Ok(crate::store::ImportRest {
        regimens,
        regimen_recorded: recorded,
        supply,
        pump,
    })
}

/// The pump's rows of an export, checked like the command line checks them.
fn read_pump(f: &ExportFile, now: DateTime<Utc>) -> Result<crate::domain::pump::PumpHistory> {
    use crate::domain::pump as p;
    let text = |t: &Option<String>, what: &str| -> Result<()> {
        match t {
            Some(t) if p::short_text(t).is_err() => {
                bail!("{what}: 1 to 200 characters of text are accepted")
            }
            _ => Ok(()),
        }
    };
    for (i, s) in f.pump_settings.iter().enumerate() {
        if !(p::CONCENTRATION_MIN..=p::CONCENTRATION_MAX).contains(&s.concentration_mcg_per_ml)
            || !(p::RESERVOIR_MIN_UL..=p::RESERVOIR_MAX_UL).contains(&s.reservoir_ul)
            || !(p::DAILY_MIN_NG..=p::DAILY_MAX_NG).contains(&s.daily_ng)
        {
            bail!(
                "pump setting {}: concentration must be {}-{} mcg/mL, reservoir 1-50 mL (in uL) and daily dose 1-3000 mcg (in ng); nothing was imported",
                i + 1,
                p::CONCENTRATION_MIN,
                p::CONCENTRATION_MAX
            );
        }
        let checked = in_range(s.effective_from.with_timezone(&Utc), now, "effective_from")
            .and_then(|()| in_range(s.recorded_at, now, "recorded_at"))
            .and_then(|()| text(&s.model, "model"))
            .and_then(|()| text(&s.clinic, "clinic"))
            .and_then(|()| text(&s.clinic_phone, "clinic_phone"));
        if let Err(e) = checked {
            bail!("pump setting {}: {e}; nothing was imported", i + 1);
        }
    }
    for (i, r) in f.pump_refills.iter().enumerate() {
        if !(p::VOLUME_MIN_UL..=p::RESERVOIR_MAX_UL).contains(&r.volume_ul) {
            bail!(
                "pump refill {}: the volume must be 0.5-50 mL (in uL); nothing was imported",
                i + 1
            );
        }
        let checked = in_range(r.at.with_timezone(&Utc), now, "at")
            .and_then(|()| in_range(r.recorded_at, now, "recorded_at"))
            .and_then(|()| note_ok(r.note.as_deref(), "note"));
        if let Err(e) = checked {
            bail!("pump refill {}: {e}; nothing was imported", i + 1);
        }
    }
    for (i, a) in f.pump_alarms.iter().enumerate() {
        let checked = in_range(a.at.with_timezone(&Utc), now, "at")
            .and_then(|()| in_range(a.recorded_at, now, "recorded_at"))
            .and_then(|()| note_ok(a.note.as_deref(), "note"));
        if let Err(e) = checked {
            bail!("pump alarm {}: {e}; nothing was imported", i + 1);
        }
    }
    let mut h = p::PumpHistory {
        settings: f.pump_settings.clone(),
        refills: f.pump_refills.clone(),
        alarms: f.pump_alarms.clone(),
    };
    h.settings.sort_by_key(|s| s.effective_from);
    h.refills.sort_by_key(|r| r.at);
    h.alarms.sort_by_key(|a| a.at);
    Ok(h)
}
