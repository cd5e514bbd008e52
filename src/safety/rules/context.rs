//! What every rule reads: the history cut at `now`, each text analysed once, the doses taken, the
//! daily totals and the schedule. Built once per evaluation and never changed by a rule.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};

use super::schedule::{Slot, schedule_with};
use super::{Flag, FlagKind, RuleId};
use crate::domain::{About, Amount, Entry, EntryKind, Medicine, Regimen};
use crate::safety::catalog::{Catalog, Limits, Urgency};
use crate::safety::text::{Exclusion, Patient, TextAnalysis, analyze_for};

/// One dose taken (skipped doses are not here).
#[derive(Debug, Clone, Copy)]
pub struct Taken<'a> {
    pub entry: &'a Entry,
    pub amount: Amount,
}

impl Taken<'_> {
    pub fn utc(&self) -> DateTime<Utc> {
        self.entry.at.with_timezone(&Utc)
    }
}

/// A stretch of time in which a withdrawal sign counts as withdrawal, and why.
#[derive(Debug, Clone)]
pub struct Window {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub cause: String,
}

/// An analysis with the writer's answer to "Is this about the patient?" applied: with `Patient`,
/// signs set aside only because they read as someone else's count; with `Other`, nothing in the
/// text counts for the patient.
pub fn answered(a: &TextAnalysis, about: About) -> TextAnalysis {
    let mut out = a.clone();
    match about {
        About::Patient => {
            let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut out.not_counted)
                .into_iter()
                .partition(|s| s.excluded == Some(Exclusion::OtherSubject));
            out.not_counted = rest;
            for mut s in mine {
                if !out.signs.iter().any(|x| x.id == s.id) {
                    s.excluded = None;
                    out.signs.push(s);
                }
            }
            out.signs.sort_by_key(|s| s.span);
        }
        About::Other => {
            for mut s in std::mem::take(&mut out.signs) {
                s.excluded = Some(Exclusion::OtherSubject);
                out.not_counted.push(s);
            }
            out.interactions.clear();
            out.contexts.clear();
        }
    }
    out
}

/// Analyses of texts made once and kept (by text, for one patient): the app's live preview
/// analyses its window's texts when the form opens, not on every keystroke.
#[derive(Debug, Default, Clone)]
pub struct Known {
    by_text: HashMap<String, Rc<TextAnalysis>>,
}

impl Known {
    /// Every text of `entries` analysed for `patient`.
    pub fn of(entries: &[Entry], patient: &Patient) -> Known {
        let mut by_text = HashMap::new();
        for e in entries {
            if let EntryKind::Symptom { text, .. }
            | EntryKind::Intake { text }
            | EntryKind::Med { name: text, .. } = &e.kind
            {
                by_text
                    .entry(text.clone())
                    .or_insert_with(|| Rc::new(analyze_for(text, patient)));
            }
        }
        Known { by_text }
    }

    pub fn get(&self, text: &str) -> Option<Rc<TextAnalysis>> {
        self.by_text.get(text).cloned()
    }
}

pub struct Ctx<'a, Tz: TimeZone> {
    pub cat: &'a Catalog,
    pub lim: &'a Limits,
    pub entries: &'a [Entry],
    pub regimens: &'a [Regimen],
    /// Other medicines taken regularly (`med add`), with their interaction classes.
    pub meds: &'a [Medicine],
    pub now: DateTime<Utc>,
    pub tz: &'a Tz,
    /// One analysis per entry with text (symptoms that are not ratings, intakes).
    pub analyses: Vec<Option<Rc<TextAnalysis>>>,
    /// Doses taken, in time order.
    pub doses: Vec<Taken<'a>>,
    /// Total taken per local day.
    pub totals: BTreeMap<chrono::NaiveDate, Amount>,
    pub slots: Vec<Slot>,
    /// The schedule is judged only from when the diary was really kept (see [`Ctx::new`]).
    pub judge_from: Option<DateTime<Utc>>,
}

impl<'a, Tz: TimeZone> Ctx<'a, Tz> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        entries: &'a [Entry],
        regimens: &'a [Regimen],
        meds: &'a [Medicine],
        now: DateTime<Utc>,
        tz: &'a Tz,
        cat: &'a Catalog,
        from: Option<DateTime<Utc>>,
        seed: Option<(&str, Rc<TextAnalysis>)>,
        known: Option<&Known>,
        patient: &Patient,
    ) -> Self {
        let cut = entries.partition_point(|e| e.at.with_timezone(&Utc) <= now);
        let entries = &entries[..cut];
        let rcut = regimens.partition_point(|r| r.effective_from.with_timezone(&Utc) <= now);
        let regimens = &regimens[..rcut];
        let mut memo: HashMap<&str, Rc<TextAnalysis>> = seed.into_iter().collect();
        let mut analyse = |text: &'a str| -> Rc<TextAnalysis> {
            Rc::clone(memo.entry(text).or_insert_with(|| {
                known
                    .and_then(|k| k.get(text))
                    .unwrap_or_else(|| Rc::new(analyze_for(text, patient)))
            }))
        };
        let analyses = entries
            .iter()
            .map(|e| match &e.kind {
                EntryKind::Symptom {
                    drowsiness_rating: true,
                    ..
                } => None,
                EntryKind::Symptom {
                    text,
                    about: Some(about),
                    ..
                } => Some(Rc::new(answered(&analyse(text), *about))),
                EntryKind::Symptom { text, .. }
                | EntryKind::Intake { text }
                | EntryKind::Med { name: text, .. } => Some(analyse(text)),
                EntryKind::Dose { .. } | EntryKind::Rating { .. } => None,
            })
            .collect();
        let doses: Vec<Taken<'a>> = entries
            .iter()
            .filter_map(|e| match e.kind {
                EntryKind::Dose {
                    amount_mcg,
                    skipped: false,
                    ..
                } => Some(Taken {
                    entry: e,
                    amount: amount_mcg,
                }),
                _ => None,
            })
            .collect();
        let mut totals: BTreeMap<chrono::NaiveDate, Amount> = BTreeMap::new();
        for d in &doses {
            let t = totals
                .entry(d.entry.local_day())
                .or_insert(Amount::from_mcg(0));
            *t = t.saturating_add(d.amount);
        }
        let slots = schedule_with(
            &cat.limits,
            entries,
            regimens,
            from.map(|f| f.with_timezone(tz).date_naive()),
            now,
            tz,
        );
        // Judge the schedule only from when the diary was really kept: the first dose logged, or
        // the moment the first regimen was recorded, whichever is earlier (a backdated regimen
        // does not invent missed doses for days nobody logged).
        let judge_from = doses
            .first()
            .map(Taken::utc)
            .into_iter()
            .chain(
                regimens
                    .iter()
                    .map(|r| r.recorded_at.max(r.effective_from.with_timezone(&Utc)))
                    .min(),
            )
            .min()
            .map(|j| from.map_or(j, |f| j.max(f)));
        Ctx {
            judge_from,
            cat,
            lim: &cat.limits,
            entries,
            regimens,
            meds,
            now,
            tz,
            analyses,
            doses,
            totals,
            slots,
        }
    }

    pub fn local(&self, t: DateTime<Utc>) -> DateTime<FixedOffset> {
        t.with_timezone(self.tz).fixed_offset()
    }

    /// The scheduled slots up to `now` that the schedule rules judge, with their index.
    pub fn judged_slots(&self) -> impl Iterator<Item = (usize, &Slot)> {
        let grace = Duration::hours(self.lim.slot_window_after_last_hours);
        self.slots
            .iter()
            .enumerate()
            .take_while(|(_, s)| s.at.with_timezone(&Utc) <= self.now)
            .filter(move |(_, s)| {
                self.judge_from
                    .is_none_or(|j| s.at.with_timezone(&Utc) >= j - grace)
            })
    }

    /// The times of the doses taken, in order.
    pub fn taken_times(&self) -> Vec<DateTime<Utc>> {
        self.doses.iter().map(Taken::utc).collect()
    }

    /// The total taken on local day `d` (zero if none).
    pub fn total(&self, d: chrono::NaiveDate) -> Amount {
        self.totals.get(&d).copied().unwrap_or(Amount::from_mcg(0))
    }

    /// Symptom entries with their analysis and severity.
    pub fn symptoms(&self) -> impl Iterator<Item = (&'a Entry, &Rc<TextAnalysis>, Option<u8>)> {
        let entries: &'a [Entry] = self.entries;
        entries.iter().zip(&self.analyses).filter_map(|(e, a)| {
            let a = a.as_ref()?;
            match e.kind {
                EntryKind::Symptom { severity, .. } => Some((e, a, severity)),
                _ => None,
            }
        })
    }

    /// A pattern rule's flag with the catalog's title, category, reason and sources.
    pub fn flag(
        &self,
        rule: RuleId,
        urgency: Urgency,
        at: DateTime<FixedOffset>,
        detail: String,
        entry_id: Option<i64>,
        matched: Option<String>,
    ) -> Flag {
        let r = self
            .cat
            .rule(rule.as_str())
            .expect("every RuleId is in the catalog (tested)");
        Flag {
            rule: rule.as_str().to_string(),
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
        }
    }
}
