//! Parsing WHEN: the times people type for an entry.
//!
//! Accepted: RFC 3339 (`2026-11-20T08:00:00+01:00`), local `2026-11-20 08:00`, `08:00` (today),
//! `today 08:00`, `yesterday 21:00`, `now`, and relative `-90m` / `-2h` / `-1d` / `-1h30m`.
//! All parsing takes `now` (in the user's time zone) as an argument and never reads the clock.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime,
    TimeZone, Utc, Weekday,
};

/// How far in the future a time may be before it is refused (clock skew, typing slowly).
pub const FUTURE_TOLERANCE_MINUTES: i64 = 5;

pub const ACCEPTED: &str = "accepted: 2026-11-20T08:00:00+01:00, 2026-11-20 08:00, 08:00, yesterday 21:00, now, -90m, -2h, -1d";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    #[error("no time given; {ACCEPTED}")]
    Empty,
    #[error("'{0}' is not a time the diary understands; {ACCEPTED}")]
    Unparseable(String),
    #[error(
        "'{0}' is not a time the diary understands; accepted: e.g. 'thursday 08:00', 'tomorrow', 2026-11-26 08:00, -2d"
    )]
    UnparseablePlan(String),
    #[error(
        "'{0}' is more than 5 minutes in the future; log entries when they happen (for an earlier day use e.g. 'yesterday 21:00')"
    )]
    Future(String),
    #[error(
        "'{0}' does not exist in your time zone (the clocks jumped forward then); give a time before or after the change"
    )]
    Nonexistent(String),
    #[error("'{0}' is too far in the past; the diary accepts times from 1900 on")]
    TooOld(String),
    #[error(
        "{0} is more than a year ahead; accepted: a planned step within the next {MAX_PLAN_DAYS} days"
    )]
    TooFarAhead(String),
}

/// How far ahead a planned step (`regimen set --from`, `med add --from`) may start.
pub const MAX_PLAN_DAYS: i64 = 366;

/// The earliest instant the diary accepts (typed, or in an imported file).
pub fn earliest() -> DateTime<Utc> {
    DateTime::<Utc>::from_naive_utc_and_offset(
        NaiveDate::from_ymd_opt(1900, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("a valid date"),
        Utc,
    )
}

/// A WHEN as typed, read but not yet placed in time: relative and wall-clock forms need "now"
/// and the time zone, which only the caller has (the command line parses with clap, before the
/// clock is asked). [`When::resolve`] and its siblings place it and apply the range checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    raw: String,
    form: Form,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Form {
    Now,
    Ago(Duration),
    Exact(DateTime<FixedOffset>),
    /// A wall-clock time `days` days from today (0 today, -1 yesterday, 1 tomorrow).
    DayAt(i64, NaiveTime),
    /// The next such weekday (a week ahead when it is today), at a wall-clock time.
    Weekday(Weekday, NaiveTime),
    Local(NaiveDateTime),
}

impl When {
    /// The forms of an entry's time or a range bound: RFC 3339, `2026-11-20 08:00`, a date,
    /// `08:00`, `today 08:00`, `yesterday 21:00`, `now`, `-90m`, `2h ago`.
    pub fn parse(input: &str) -> Result<When, WhenError> {
        let raw = input.trim();
        if raw.is_empty() {
            return Err(WhenError::Empty);
        }
        let lower = raw.to_lowercase();
        let bad = || WhenError::Unparseable(raw.to_string());
        let form = if lower == "now" {
            Form::Now
        } else if let Some(rel) = parse_relative(&lower) {
            Form::Ago(rel.ok_or_else(bad)?)
        } else if let Ok(dt) = DateTime::parse_from_rfc3339(raw) {
            Form::Exact(dt)
        } else if let Some(rest) = lower.strip_prefix("yesterday") {
            Form::DayAt(-1, parse_clock(rest.trim()).ok_or_else(bad)?)
        } else if let Some(rest) = lower.strip_prefix("today") {
            Form::DayAt(0, parse_clock(rest.trim()).ok_or_else(bad)?)
        } else if let Some(time) = parse_clock(&lower) {
            Form::DayAt(0, time)
        } else if let Some(naive) = parse_local_datetime(&lower) {
            Form::Local(naive)
        } else if let Ok(d) = NaiveDate::parse_from_str(&lower, "%Y-%m-%d") {
            Form::Local(d.and_time(NaiveTime::MIN))
        } else {
            return Err(bad());
        };
        Ok(When {
            raw: raw.to_string(),
            form,
        })
    }

    /// The start of a planned step: any WHEN, plus `tomorrow [HH:MM]` and a weekday
    /// `thursday [HH:MM]` (the next one). A day alone means its midnight.
    pub fn parse_plan(input: &str) -> Result<When, WhenError> {
        let raw = input.trim();
        let lower = raw.to_lowercase();
        let mut words = lower.split_whitespace();
        let first = words.next().unwrap_or("");
        let rest: Vec<&str> = words.collect();
        let day = if first == "tomorrow" {
            Some(None)
        } else {
            first.parse::<Weekday>().ok().map(Some)
        };
        let Some(day) = day else {
            return When::parse(raw).map_err(|e| match e {
                WhenError::Unparseable(s) => WhenError::UnparseablePlan(s),
                e => e,
            });
        };
        let time = match rest.as_slice() {
            [] => NaiveTime::MIN,
            [t] => parse_clock(t).ok_or_else(|| WhenError::UnparseablePlan(raw.to_string()))?,
            _ => return Err(WhenError::UnparseablePlan(raw.to_string())),
        };
        let form = match day {
            None => Form::DayAt(1, time),
            Some(w) => Form::Weekday(w, time),
        };
        Ok(When {
            raw: raw.to_string(),
            form,
        })
    }

    /// As typed (trimmed).
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The instant, with the local UTC offset in force then; no range check. Ambiguous local
    /// times (the repeated hour when clocks go back) resolve to the earlier of the two.
    pub fn instant<Tz: TimeZone>(
        &self,
        now: &DateTime<Tz>,
    ) -> Result<DateTime<FixedOffset>, WhenError> {
        let tz = now.timezone();
        let old = || WhenError::TooOld(self.raw.clone());
        let t = match &self.form {
            Form::Now => now.fixed_offset(),
            Form::Ago(d) => now
                .clone()
                .checked_sub_signed(*d)
                .ok_or_else(old)?
                .fixed_offset(),
            Form::Exact(t) => *t,
            Form::DayAt(days, time) => {
                let day = now
                    .date_naive()
                    .checked_add_signed(Duration::days(*days))
                    .ok_or_else(old)?;
                local(&tz, day.and_time(*time), &self.raw)?
            }
            Form::Weekday(w, time) => {
                let today = now.weekday().num_days_from_monday() as i64;
                let d = (w.num_days_from_monday() as i64 - today).rem_euclid(7);
                let day = now.date_naive() + Duration::days(if d == 0 { 7 } else { d });
                local(&tz, day.and_time(*time), &self.raw)?
            }
            Form::Local(naive) => local(&tz, *naive, &self.raw)?,
        };
        if t.with_timezone(&Utc) < earliest() {
            return Err(old());
        }
        Ok(t)
    }

    /// An entry's time: from 1900 to `now` + 5 minutes.
    pub fn resolve<Tz: TimeZone>(
        &self,
        now: &DateTime<Tz>,
    ) -> Result<DateTime<FixedOffset>, WhenError> {
        let t = self.instant(now)?;
        if t.signed_duration_since(now.clone()) > Duration::minutes(FUTURE_TOLERANCE_MINUTES) {
            return Err(WhenError::Future(self.raw.clone()));
        }
        Ok(t)
    }

    /// The start of a planned step: from 1900 to a year ahead.
    pub fn resolve_plan<Tz: TimeZone>(
        &self,
        now: &DateTime<Tz>,
    ) -> Result<DateTime<FixedOffset>, WhenError> {
        let t = self.instant(now)?;
        if t.signed_duration_since(now.clone()) > Duration::days(MAX_PLAN_DAYS) {
            return Err(WhenError::TooFarAhead(
                t.format("%Y-%m-%d %H:%M").to_string(),
            ));
        }
        Ok(t)
    }
}

impl std::str::FromStr for When {
    type Err = WhenError;
    fn from_str(s: &str) -> Result<When, WhenError> {
        When::parse(s)
    }
}

/// Parses a WHEN string relative to `now`, returning the instant with the local UTC offset in force
/// at that instant. Ambiguous local times (the repeated hour when clocks go back) resolve to the
/// earlier of the two; give an RFC 3339 time with an explicit offset to pick the later one.
pub fn parse_when<Tz: TimeZone>(
    input: &str,
    now: &DateTime<Tz>,
) -> Result<DateTime<FixedOffset>, WhenError> {
    When::parse(input)?.resolve(now)
}

/// Like [`parse_when`] but accepts times in the future (range bounds such as `--until`).
pub fn parse_bound<Tz: TimeZone>(
    input: &str,
    now: &DateTime<Tz>,
) -> Result<DateTime<FixedOffset>, WhenError> {
    When::parse(input)?.instant(now)
}

/// Converts a local wall-clock time to an instant, handling the DST gap and overlap.
pub fn local<Tz: TimeZone>(
    tz: &Tz,
    naive: NaiveDateTime,
    raw: &str,
) -> Result<DateTime<FixedOffset>, WhenError> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.fixed_offset()),
        // The repeated hour: the earlier instant (chrono's `Local` lists the later one first).
        LocalResult::Ambiguous(a, b) => Ok(a.fixed_offset().min(b.fixed_offset())),
        LocalResult::None => Err(WhenError::Nonexistent(raw.to_string())),
    }
}

/// `08:00`, `8:00`, `0800`? (no: four bare digits are too easy to mistype), `8am`, `8:30pm`, `08:00:30`.
pub fn parse_clock(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    if s.is_empty() || s.len() > 11 {
        return None;
    }
    let (body, pm) = if let Some(b) = s.strip_suffix("pm") {
        (b.trim(), Some(true))
    } else if let Some(b) = s.strip_suffix("am") {
        (b.trim(), Some(false))
    } else {
        (s, None)
    };
    let parts: Vec<&str> = body.split(':').collect();
    let num = |p: &str| -> Option<u32> {
        if p.is_empty() || p.len() > 2 || !p.chars().all(|c| c.is_ascii_digit()) {
            None
        } else {
            p.parse().ok()
        }
    };
    let (mut h, m, sec) = match (parts.as_slice(), pm) {
        ([h], Some(_)) => (num(h)?, 0, 0),
        ([h, m], _) if m.len() == 2 => (num(h)?, num(m)?, 0),
        ([h, m, s], _) if m.len() == 2 && s.len() == 2 => (num(h)?, num(m)?, num(s)?),
        _ => return None,
    };
    if let Some(is_pm) = pm {
        if h == 0 || h > 12 {
            return None;
        }
        if h == 12 {
            h = 0;
        }
        if is_pm {
            h += 12;
        }
    }
    NaiveTime::from_hms_opt(h, m, sec)
}

fn parse_local_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let (date, time) = s.split_once(['t', ' '])?;
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    let time = parse_clock(time.trim())?;
    Some(date.and_time(time))
}

/// `-90m`, `-2h`, `-1d`, `-1h30m`, `90m ago`. Returns `None` when the text is not relative at all,
/// `Some(None)` when it looks relative but is malformed or out of range.
fn parse_relative(s: &str) -> Option<Option<Duration>> {
    let body = if let Some(b) = s.strip_prefix('-') {
        b.trim()
    } else if let Some(b) = s.strip_suffix("ago") {
        b.trim()
    } else {
        return None;
    };
    if body.is_empty() {
        return Some(None);
    }
    let mut total = Duration::zero();
    let mut digits = String::new();
    let mut any = false;
    for c in body.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            if digits.len() > 7 {
                return Some(None);
            }
        } else if c == ' ' {
            continue;
        } else {
            let n: i64 = match digits.parse() {
                Ok(n) => n,
                Err(_) => return Some(None),
            };
            digits.clear();
            let d = match c {
                'm' => Duration::try_minutes(n),
                'h' => Duration::try_hours(n),
                'd' => Duration::try_days(n),
                'w' => Duration::try_weeks(n),
                _ => return Some(None),
            };
            match d.and_then(|d| total.checked_add(&d)) {
                Some(t) => total = t,
                None => return Some(None),
            }
            any = true;
        }
    }
    if !digits.is_empty() || !any {
        return Some(None);
    }
    Some(Some(total))
}

#[cfg(test)]
mod tests {
    use super::*;
    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-20T12:00:00+01:00").unwrap()
    }

    #[test]
    fn forms() {
        let n = now();
        let p = |s: &str| parse_when(s, &n).map(|t| t.to_rfc3339());
        assert_eq!(p("08:00"), Ok("2026-11-20T08:00:00+01:00".into()));
        assert_eq!(p("yesterday 21:00"), Ok("2026-11-19T21:00:00+01:00".into()));
        assert_eq!(
            p("2026-11-19 07:30"),
            Ok("2026-11-19T07:30:00+01:00".into())
        );
        assert_eq!(
            p("2026-11-19T07:30"),
            Ok("2026-11-19T07:30:00+01:00".into())
        );
        assert_eq!(
            p("2026-11-20T08:00:00+02:00"),
            Ok("2026-11-20T08:00:00+02:00".into())
        );
        assert_eq!(p("-90m"), Ok("2026-11-20T10:30:00+01:00".into()));
        assert_eq!(p("-2h"), Ok("2026-11-20T10:00:00+01:00".into()));
        assert_eq!(p("-1d"), Ok("2026-11-19T12:00:00+01:00".into()));
        assert_eq!(p("-1h30m"), Ok("2026-11-20T10:30:00+01:00".into()));
        assert_eq!(p("2h ago"), Ok("2026-11-20T10:00:00+01:00".into()));
        assert_eq!(p("8am"), Ok("2026-11-20T08:00:00+01:00".into()));
        assert_eq!(p("now"), Ok("2026-11-20T12:00:00+01:00".into()));
        assert_eq!(p("12:04"), Ok("2026-11-20T12:04:00+01:00".into()));
    }

    #[test]
    fn refusals() {
        let n = now();
        assert!(matches!(parse_when("", &n), Err(WhenError::Empty)));
        assert!(matches!(
            parse_when("tomorrow", &n),
            Err(WhenError::Unparseable(_))
        ));
        assert!(matches!(
            parse_when("25:00", &n),
            Err(WhenError::Unparseable(_))
        ));
        assert!(matches!(parse_when("12:06", &n), Err(WhenError::Future(_))));
        assert!(matches!(
            parse_when("-5x", &n),
            Err(WhenError::Unparseable(_))
        ));
        assert!(matches!(
            parse_when("-", &n),
            Err(WhenError::Unparseable(_))
        ));
        assert!(matches!(
            parse_when("-99999999999d", &n),
            Err(WhenError::Unparseable(_))
        ));
        assert!(matches!(
            parse_when("1899-12-31 08:00", &n),
            Err(WhenError::TooOld(_))
        ));
        assert!(parse_when("1900-01-02 08:00", &n).is_ok());
        assert!(matches!(
            parse_when("-9999999w", &n),
            Err(WhenError::TooOld(_))
        ));
    }
}
