//! The doctor report's data: everything the report shows, read from the store and judged at one
//! instant, as plain values. `report::html` renders it; nothing here knows HTML.

use std::collections::{BTreeMap, HashMap, HashSet};

use anyhow::Result;
use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDate, TimeZone, Utc};

use super::{Judged, Reader};
use crate::domain::pump::PumpHistory;
use crate::domain::{Entry, EntryKind, Medicine, Regimen};
use crate::safety::digest::{self, WeekDigest};
use crate::safety::trends::Trends;
use crate::safety::{self, Flag, Urgency, schedule};

/// The report covers this many days back from its end unless `--since` says otherwise.
pub const DEFAULT_DAYS: i64 = 91;

/// Who the report is about and for, from the config (`[patient] name`, `[prescriber]`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct People {
    pub patient: Option<String>,
    /// The prescriber as one line: "Dr Jones, neurology, 020 7946 0000".
    pub prescriber: Option<String>,
}

impl People {
    /// The names from the config file (a missing file names nobody; a broken one is an error
    /// naming the file).
    pub fn from_config() -> Result<People> {
        let cfg = match crate::config::config_path() {
            Some(p) => crate::config::load_config(&p)?,
            None => None,
        };
        Ok(cfg.map_or_else(People::default, |c| People {
            patient: c.patient_name(),
            prescriber: c.prescriber.map(|p| p.line()),
        }))
    }
}

/// The period the report covers, in local days.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportPeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The first day asked for (default: 91 days back), when the diary starts later than that.
    pub asked_from: Option<NaiveDate>,
    /// The day of the diary's first entry.
    pub diary_start: Option<NaiveDate>,
}

impl ReportPeriod {
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }
}

/// Scheduled doses in the period and what became of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Adherence {
    pub on_time: u32,
    pub late: u32,
    pub missed: u32,
    pub skipped: u32,
    /// Doses taken outside any scheduled slot (as-needed doses included).
    pub extra: u32,
}

impl Adherence {
    pub fn scheduled(&self) -> u32 {
        self.on_time + self.late + self.missed + self.skipped
    }
}

/// A documented sign read in the period's symptoms.
#[derive(Debug, Clone, PartialEq)]
pub struct SignCount {
    pub title: String,
    pub times: u32,
    /// Mean and worst severity of the entries that gave one, and how many gave one.
    pub mean_severity: Option<f64>,
    pub worst: Option<u8>,
}

/// A flag as the report shows it (sources by title).
#[derive(Debug, Clone, PartialEq)]
pub struct FlagLine {
    pub at: DateTime<FixedOffset>,
    pub urgency: Urgency,
    pub title: String,
    pub detail: String,
    pub why: String,
    pub advice: String,
    pub sources: Vec<String>,
}

/// Something the patient (or their caregiver) wrote: a symptom or a note, with the flags it raised.
#[derive(Debug, Clone, PartialEq)]
pub struct Words {
    pub at: DateTime<FixedOffset>,
    /// "symptom", or the kind of entry a note is on ("dose", "intake", ...).
    pub kind: &'static str,
    /// A symptom's text, or what the note is on ("10 mg").
    pub text: String,
    pub severity: Option<u8>,
    /// Who the text is about, when the writer said it is someone else.
    pub about_other: bool,
    pub note: Option<String>,
    /// The flags raised by this entry: (urgency, title).
    pub flags: Vec<(Urgency, String)>,
}

/// One local day's intakes and other medicines' doses.
#[derive(Debug, Clone, PartialEq)]
pub struct IntakeDay {
    pub date: NaiveDate,
    /// "08:00 gabapentin 300 mg".
    pub meds: Vec<String>,
    /// "19:30 2 beers".
    pub intakes: Vec<String>,
}

/// A pump refill as the report lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct RefillRow {
    pub at: DateTime<FixedOffset>,
    pub volume: String,
    pub concentration: String,
    /// The next refill date the clinic gave.
    pub refill_by: Option<NaiveDate>,
    pub note: String,
}

/// The pump section's rows.
#[derive(Debug, Clone, PartialEq)]
pub struct PumpReport {
    pub status: Vec<String>,
    /// (from, concentration, daily dose, change from the setting before).
    pub settings: Vec<(DateTime<FixedOffset>, String, String, String)>,
    pub refills: Vec<RefillRow>,
    /// (when, what, urgency, still open, note).
    pub alarms: Vec<(DateTime<FixedOffset>, String, Urgency, bool, String)>,
    pub signs: Vec<FlagLine>,
}

/// Everything the report shows.
#[derive(Debug, Clone)]
pub struct ReportData {
    pub generated: DateTime<FixedOffset>,
    pub people: People,
    pub period: ReportPeriod,
    /// Every regimen, oldest first (planned steps included).
    pub regimens: Vec<Regimen>,
    /// The regimen in force now is above the 80 mg label maximum, as prescribed.
    pub above_label: bool,
    /// The documented daily maximum in mg (80), and the prescribed one when higher.
    pub label_max_mg: f64,
    pub medicines: Vec<Medicine>,
    pub sedative_statement: Option<String>,
    pub supply: Option<String>,
    pub pump: Option<PumpReport>,
    pub adherence: Adherence,
    pub trends: Trends,
    /// The daily maximum in force on each day of the period (for the chart's line), in mg.
    pub max_mg: f64,
    pub signs: Vec<SignCount>,
    pub words: Vec<Words>,
    pub notes: Vec<Words>,
    pub intakes: Vec<IntakeDay>,
    pub med_doses: u32,
    pub intake_count: u32,
    /// Urgent and emergency flags one by one, newest first.
    pub serious: Vec<FlagLine>,
    /// Routine flags by week and sign, newest week first.
    pub routine: Vec<WeekDigest>,
    pub counts: [usize; 3],
    /// Every source of the catalog, by title.
    pub sources: Vec<String>,
}

fn day_start<Tz: TimeZone>(d: NaiveDate, tz: &Tz) -> DateTime<Utc> {
    let midnight = d.and_hms_opt(0, 0, 0).expect("midnight");
    match tz.from_local_datetime(&midnight) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => Utc.from_utc_datetime(&midnight),
    }
}

fn flag_line(f: &Flag, cat: &safety::Catalog) -> FlagLine {
    FlagLine {
        at: f.at,
        urgency: f.urgency,
        title: f.title.clone(),
        detail: f.detail.clone(),
        why: f.why.clone(),
        advice: f.advice.clone(),
        sources: cat.source_titles(&f.sources),
    }
}

impl<Tz: TimeZone> Reader<'_, Tz> {
    /// The report's data for `since..=until` (default: the last 91 days, clipped to the diary's
    /// first entry and to today).
    pub fn report_data(
        &self,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
        people: People,
    ) -> Result<ReportData> {
        let Judged {
            entries: all,
            regimens,
            flags,
        } = self.judged(None)?;
        let now = self.now;
        let pump_history = self.store.pump_history()?;
        // The diary exists from its first entry, pump refill or pump alarm.
        let diary_start = self
            .store
            .first_entry_at()?
            .into_iter()
            .chain(pump_history.refills.iter().map(|r| r.at))
            .chain(pump_history.alarms.iter().map(|a| a.at))
            .map(|t| t.date_naive())
            .min();
        let today = now.with_timezone(self.tz).date_naive();
        let to = until
            .map(|u| u.with_timezone(self.tz).date_naive())
            .unwrap_or(today)
            .min(today);
        let asked = since
            .map(|s| s.with_timezone(self.tz).date_naive())
            .unwrap_or(to - Duration::days(DEFAULT_DAYS - 1));
        let from = diary_start.map_or(to, |s| asked.max(s)).min(to);
        let end = until.unwrap_or(now).min(now);
        let start = day_start(from, self.tz);
        let in_period = |t: DateTime<FixedOffset>| {
            let u = t.with_timezone(&Utc);
            u >= start && u <= end && t.date_naive() <= to
        };
        let entries: Vec<&Entry> = all.iter().filter(|e| in_period(e.at)).collect();
        let flags: Vec<&Flag> = flags.iter().filter(|f| in_period(f.at)).collect();
        let medicines = self.store.medicines()?;
        let current = safety::regimen_at(&regimens, now);
        let label_max = self.catalog.limits.max_daily();
        let max_mg = current.map_or(label_max.mg_f64(), |r| r.max_daily_mcg.mg_f64());
        let supply = self
            .supply(&regimens, now)?
            .map(|s| self.supply_summary(&s));
        let pump = pump_report(pump_history, &flags, start, end, self)?;
        let owned: Vec<Flag> = flags.iter().map(|f| (*f).clone()).collect();
        let (words, notes) = words(&entries, &owned);
        Ok(ReportData {
            generated: now.with_timezone(self.tz).fixed_offset(),
            people,
            period: ReportPeriod {
                from,
                to,
                asked_from: (asked < from).then_some(asked),
                diary_start,
            },
            above_label: current.is_some_and(safety::regimen::above_label),
            label_max_mg: label_max.mg_f64(),
            sedative_statement: safety::regimen::sedative_statement(&medicines, now, self.catalog),
            medicines,
            supply,
            pump,
            adherence: adherence(&all, &regimens, from, start, end, self.tz),
            trends: self.trends(from, to)?,
            max_mg,
            signs: sign_counts(&entries, &self.patient),
            words,
            notes,
            intake_count: entries
                .iter()
                .filter(|e| matches!(e.kind, EntryKind::Intake { .. }))
                .count() as u32,
            med_doses: entries
                .iter()
                .filter(|e| matches!(e.kind, EntryKind::Med { .. }))
                .count() as u32,
            intakes: intake_days(&entries),
            serious: digest::present(&owned, self.tz, digest::Filter::AtLeast(Urgency::Urgent))
                .into_iter()
                .filter_map(|i| match i {
                    digest::Item::One(f) => Some(flag_line(f, self.catalog)),
                    digest::Item::Digest(_) => None,
                })
                .collect(),
            routine: digest::present(&owned, self.tz, digest::Filter::Only(Urgency::Routine))
                .into_iter()
                .filter_map(|i| match i {
                    digest::Item::Digest(w) => Some(w),
                    digest::Item::One(_) => None,
                })
                .collect(),
            counts: [Urgency::Emergency, Urgency::Urgent, Urgency::Routine]
                .map(|u| owned.iter().filter(|f| f.urgency == u).count()),
            sources: self
                .catalog
                .sources
                .iter()
                .map(|s| s.title.clone())
                .collect(),
            regimens,
        })
    }
}

/// The pump section's rows, or `None` for a diary without a pump.
fn pump_report<Tz: TimeZone>(
    h: PumpHistory,
    flags: &[&Flag],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    r: &Reader<'_, Tz>,
) -> Result<Option<PumpReport>> {
    if h.settings.is_empty() {
        return Ok(None);
    }
    let within = |t: DateTime<Utc>| t >= from && t <= to;
    let status = safety::pump::status(&h, r.now, r.tz)
        .map(|s| safety::pump::describe(&s))
        .unwrap_or_default();
    // Dose changes: the setting in force as the period starts, and every one set within it.
    let first = h.setting_at(from);
    let mut prev: Option<u64> = None;
    let mut settings = Vec::new();
    for p in h.settings.iter().filter(|p| {
        within(p.effective_from.with_timezone(&Utc)) || first.is_some_and(|s| s.id == p.id)
    }) {
        let change = match prev {
            Some(d) if d != p.daily_ng => format!(
                "{} {} mcg/day",
                if p.daily_ng > d { "up" } else { "down" },
                crate::domain::pump::fmt_mcg_ng(p.daily_ng.abs_diff(d))
            ),
            Some(_) => "same dose".into(),
            None => "in force at the start".into(),
        };
        settings.push((
            p.effective_from,
            p.concentration_text(),
            p.daily_text(),
            change,
        ));
        prev = Some(p.daily_ng);
    }
    let refills = h
        .refills
        .iter()
        .filter(|r| within(r.at.with_timezone(&Utc)))
        .map(|r| {
            let conc = h
                .setting_at(r.at.with_timezone(&Utc))
                .map(|p| p.concentration_text())
                .unwrap_or_default();
            RefillRow {
                at: r.at,
                volume: r.volume_text(),
                concentration: conc,
                refill_by: r.refill_by,
                note: r.note.clone().unwrap_or_default(),
            }
        })
        .collect();
    let alarms = h
        .alarms
        .iter()
        .filter(|a| within(a.at.with_timezone(&Utc)))
        .map(|a| {
            (
                a.at,
                a.kind.words().to_string(),
                safety::pump::alarm_urgency(a.kind),
                safety::pump::alarm_open(&h, a),
                a.note.clone().unwrap_or_default(),
            )
        })
        .collect();
    let signs = flags
        .iter()
        .filter(|f| f.rule.starts_with("pump_"))
        .map(|f| flag_line(f, r.catalog))
        .collect();
    Ok(Some(PumpReport {
        status,
        settings,
        refills,
        alarms,
        signs,
    }))
}

fn adherence<Tz: TimeZone>(
    all: &[Entry],
    regimens: &[Regimen],
    from: NaiveDate,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    tz: &Tz,
) -> Adherence {
    let within = |t: DateTime<Utc>| t >= start && t <= end;
    let mut a = Adherence::default();
    let mut assigned = HashSet::new();
    for s in schedule(all, regimens, Some(from), end, tz)
        .iter()
        .filter(|s| within(s.at.with_timezone(&Utc)))
    {
        match s.taken_by {
            Some(i) => {
                assigned.insert(i);
                if s.skipped {
                    a.skipped += 1;
                } else if all[i].at - s.at > Duration::minutes(60) {
                    a.late += 1;
                } else {
                    a.on_time += 1;
                }
            }
            None => a.missed += 1,
        }
    }
    a.extra = all
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            within(e.at.with_timezone(&Utc))
                && matches!(e.kind, EntryKind::Dose { skipped: false, .. })
                && !assigned.contains(i)
        })
        .count() as u32;
    a
}

fn sign_counts(entries: &[&Entry], patient: &safety::Patient) -> Vec<SignCount> {
    let mut freq: BTreeMap<String, (u32, u32, u32, u8)> = BTreeMap::new();
    for e in entries {
        if let EntryKind::Symptom {
            text,
            severity,
            drowsiness_rating: false,
            ..
        } = &e.kind
        {
            for s in safety::analyze_for(text, patient).signs {
                let x = freq.entry(s.title.clone()).or_default();
                x.0 += 1;
                if let Some(v) = severity {
                    x.1 += u32::from(*v);
                    x.2 += 1;
                    x.3 = x.3.max(*v);
                }
            }
        }
    }
    let mut rows: Vec<SignCount> = freq
        .into_iter()
        .map(|(title, (times, sum, k, worst))| SignCount {
            title,
            times,
            mean_severity: (k > 0).then(|| f64::from(sum) / f64::from(k)),
            worst: (k > 0).then_some(worst),
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.times));
    rows
}

/// Every symptom text (with its note), and every note on other entries, oldest first, each
/// with the flags its entry raised.
fn words(entries: &[&Entry], flags: &[Flag]) -> (Vec<Words>, Vec<Words>) {
    let mut by_entry: HashMap<i64, Vec<(Urgency, String)>> = HashMap::new();
    for f in flags {
        if let Some(id) = f.entry_id {
            let v = by_entry.entry(id).or_default();
            if !v.iter().any(|x| x.1 == f.title) {
                v.push((f.urgency, f.title.clone()));
            }
        }
    }
    let mut words = Vec::new();
    let mut notes = Vec::new();
    for e in entries {
        let flags = by_entry.remove(&e.id).unwrap_or_default();
        match &e.kind {
            EntryKind::Symptom {
                text,
                severity,
                drowsiness_rating: false,
                about,
            } => words.push(Words {
                at: e.at,
                kind: "symptom",
                text: text.clone(),
                severity: *severity,
                about_other: *about == Some(crate::domain::About::Other),
                note: e.note.clone(),
                flags,
            }),
            k if e.note.is_some() => notes.push(Words {
                at: e.at,
                kind: k.name(),
                text: k.summary(),
                severity: None,
                about_other: false,
                note: e.note.clone(),
                flags,
            }),
            _ => {}
        }
    }
    (words, notes)
}

fn intake_days(entries: &[&Entry]) -> Vec<IntakeDay> {
    let mut days: BTreeMap<NaiveDate, IntakeDay> = BTreeMap::new();
    for e in entries {
        let (is_med, text) = match &e.kind {
            EntryKind::Med { name, dose } => (
                true,
                match dose {
                    Some(d) => format!("{name} {d}"),
                    None => name.clone(),
                },
            ),
            EntryKind::Intake { text } => (false, text.clone()),
            _ => continue,
        };
        let day = days.entry(e.local_day()).or_insert_with(|| IntakeDay {
            date: e.local_day(),
            meds: Vec::new(),
            intakes: Vec::new(),
        });
        let line = format!("{} {text}", e.at.format("%H:%M"));
        if is_med {
            day.meds.push(line);
        } else {
            day.intakes.push(line);
        }
    }
    days.into_values().collect()
}
