//! How flags are presented to a person: every urgent and emergency flag on its own, routine ones
//! gathered into one digest per week ("this week: dry mouth 3 times, headache twice"), most
//! urgent first and newest first within a level. Scripts still get every flag (`flags --json`).

use chrono::{Datelike, Duration, NaiveDate, TimeZone};
use serde::Serialize;

use super::catalog::Urgency;
use super::rules::Flag;

/// Routine flags of one week (Monday to Sunday, local days).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekDigest {
    pub week_start: NaiveDate,
    /// What was flagged and how often, most frequent first: ("dry mouth", 3).
    pub counts: Vec<(String, usize)>,
    /// The keys of the routine flags it gathers (to acknowledge them all at once).
    pub keys: Vec<String>,
    /// Every flag in it has been acknowledged.
    pub acknowledged: bool,
}

impl WeekDigest {
    pub fn total(&self) -> usize {
        self.counts.iter().map(|c| c.1).sum()
    }

    /// "Week of Mon 9 Nov" or "This week".
    pub fn heading(&self, today: NaiveDate) -> String {
        if week_start(today) == self.week_start {
            "This week".to_string()
        } else {
            format!("Week of {}", self.week_start.format("%a %-d %b"))
        }
    }

    /// "dry mouth 3 times, headache twice".
    pub fn summary(&self) -> String {
        self.counts
            .iter()
            .map(|(what, n)| format!("{what} {}", times(*n)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The whole line a person reads.
    pub fn line(&self, today: NaiveDate) -> String {
        format!(
            "{}: {}: mention at your next visit.",
            self.heading(today),
            self.summary()
        )
    }
}

fn times(n: usize) -> String {
    match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    }
}

/// The Monday of `d`'s week.
pub fn week_start(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// One line of the presented list.
#[derive(Debug, Clone, PartialEq)]
pub enum Item<'a> {
    One(&'a Flag),
    Digest(WeekDigest),
}

impl Item<'_> {
    pub fn urgency(&self) -> Urgency {
        match self {
            Item::One(f) => f.urgency,
            Item::Digest(_) => Urgency::Routine,
        }
    }
}

/// Which flags a person asked to see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    /// This level and above ("urgent" shows urgent and emergency).
    AtLeast(Urgency),
    /// This level only.
    Only(Urgency),
}

impl Filter {
    pub fn admits(self, u: Urgency) -> bool {
        match self {
            Filter::All => true,
            Filter::AtLeast(x) => u >= x,
            Filter::Only(x) => u == x,
        }
    }
    /// The app cycles through these with one key: all, emergency, urgent, routine.
    pub fn next(self) -> Filter {
        match self {
            Filter::All => Filter::Only(Urgency::Emergency),
            Filter::Only(Urgency::Emergency) => Filter::Only(Urgency::Urgent),
            Filter::Only(Urgency::Urgent) => Filter::Only(Urgency::Routine),
            _ => Filter::All,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::AtLeast(Urgency::Urgent) => "urgent and emergency",
            Filter::AtLeast(Urgency::Emergency) | Filter::Only(Urgency::Emergency) => {
                "emergency only"
            }
            Filter::Only(Urgency::Urgent) => "urgent only",
            Filter::Only(Urgency::Routine) => "routine only",
            Filter::AtLeast(_) | Filter::Only(_) => "filtered",
        }
    }
}

/// One row of the presented list, by position in the flags it was made from (for a front end
/// that keeps the rows between frames).
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    One(usize),
    /// A week's routine flags, with their positions.
    Digest(WeekDigest, Vec<usize>),
}

/// The presented list: urgent and emergency flags one by one, routine ones as weekly digests;
/// most urgent first, then newest first.
pub fn present<'a, Tz: TimeZone>(flags: &'a [Flag], tz: &Tz, filter: Filter) -> Vec<Item<'a>> {
    present_rows(flags, tz, filter)
        .into_iter()
        .map(|r| match r {
            Row::One(i) => Item::One(&flags[i]),
            Row::Digest(d, _) => Item::Digest(d),
        })
        .collect()
}

/// [`present`], by positions in `flags`.
pub fn present_rows<Tz: TimeZone>(flags: &[Flag], tz: &Tz, filter: Filter) -> Vec<Row> {
    let mut ones: Vec<usize> = Vec::new();
    let mut weeks: std::collections::BTreeMap<NaiveDate, Vec<usize>> = Default::default();
    for (i, f) in flags.iter().enumerate() {
        if !filter.admits(f.urgency) {
            continue;
        }
        if f.urgency >= Urgency::Urgent {
            ones.push(i);
        } else {
            let day = f.at.with_timezone(tz).date_naive();
            weeks.entry(week_start(day)).or_default().push(i);
        }
    }
    ones.sort_by(|&a, &b| {
        let (x, y) = (&flags[a], &flags[b]);
        y.urgency.cmp(&x.urgency).then(y.at.cmp(&x.at))
    });
    let mut rows: Vec<Row> = ones.into_iter().map(Row::One).collect();
    for (start, ix) in weeks.into_iter().rev() {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for &i in &ix {
            let what = flags[i].title.to_lowercase();
            match counts.iter_mut().find(|c| c.0 == what) {
                Some(c) => c.1 += 1,
                None => counts.push((what, 1)),
            }
        }
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        let d = WeekDigest {
            week_start: start,
            counts,
            keys: ix.iter().map(|&i| flags[i].key.clone()).collect(),
            acknowledged: ix.iter().all(|&i| flags[i].acknowledged),
        };
        rows.push(Row::Digest(d, ix));
    }
    rows
}

/// The keys of the routine flags not yet acknowledged: what "acknowledge all routine" marks
/// (urgent and emergency flags are never included).
pub fn routine_unacknowledged(flags: &[Flag]) -> Vec<String> {
    flags
        .iter()
        .filter(|f| f.urgency == Urgency::Routine && !f.acknowledged)
        .map(|f| f.key.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::safety::FlagKind;
    use chrono::{DateTime, FixedOffset};

    fn flag(rule: &str, title: &str, u: Urgency, at: &str) -> Flag {
        let at: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(at).unwrap();
        Flag {
            rule: rule.into(),
            kind: FlagKind::Sign,
            category: "side-effect".into(),
            urgency: u,
            at,
            title: title.into(),
            detail: String::new(),
            why: String::new(),
            advice: u.advice().into(),
            sources: vec![],
            matched: None,
            entry_id: None,
            key: format!("{rule}|{at}"),
            acknowledged: false,
        }
    }

    #[test]
    fn routine_flags_become_one_digest_per_week_and_serious_ones_stay_single() {
        let fs = vec![
            flag(
                "dry_mouth",
                "Dry mouth",
                Urgency::Routine,
                "2026-11-09T08:00:00+01:00",
            ),
            flag(
                "dry_mouth",
                "Dry mouth",
                Urgency::Routine,
                "2026-11-10T08:00:00+01:00",
            ),
            flag(
                "headache",
                "Headache",
                Urgency::Routine,
                "2026-11-11T08:00:00+01:00",
            ),
            flag(
                "dry_mouth",
                "Dry mouth",
                Urgency::Routine,
                "2026-11-15T22:00:00+01:00",
            ),
            flag(
                "headache",
                "Headache",
                Urgency::Routine,
                "2026-11-12T08:00:00+01:00",
            ),
            flag(
                "seizure",
                "Seizure",
                Urgency::Emergency,
                "2026-11-03T08:00:00+01:00",
            ),
            flag(
                "dose_gap",
                "Long gap",
                Urgency::Urgent,
                "2026-11-12T09:00:00+01:00",
            ),
            flag(
                "tremor",
                "Tremor",
                Urgency::Routine,
                "2026-11-17T09:00:00+01:00",
            ),
        ];
        let tz = FixedOffset::east_opt(3600).unwrap();
        let items = present(&fs, &tz, Filter::All);
        assert_eq!(items.len(), 4, "{items:?}");
        // Emergency first even though it is the oldest, then urgent, then the newest week.
        assert!(matches!(items[0], Item::One(f) if f.rule == "seizure"));
        assert!(matches!(items[1], Item::One(f) if f.rule == "dose_gap"));
        let today = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let Item::Digest(d) = &items[2] else { panic!() };
        assert_eq!(
            d.line(today),
            "This week: tremor once: mention at your next visit."
        );
        let Item::Digest(d) = &items[3] else { panic!() };
        assert_eq!(
            d.line(today),
            "Week of Mon 9 Nov: dry mouth 3 times, headache twice: mention at your next visit."
        );
        assert_eq!(d.keys.len(), 5);

        let serious = present(&fs, &tz, Filter::AtLeast(Urgency::Urgent));
        assert_eq!(serious.len(), 2);
        let only_routine = present(&fs, &tz, Filter::Only(Urgency::Routine));
        assert!(only_routine.iter().all(|i| matches!(i, Item::Digest(_))));
    }
}
