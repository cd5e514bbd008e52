//! Parsing WHEN: the times people type for an entry.
//!
//! Accepted: RFC 3339 (`2026-11-20T08:00:00+01:00`), local `2026-11-20 08:00`, `08:00` (today),
//! `today 08:00`, `yesterday 21:00`, `now`, and relative `-90m` / `-2h` / `-1d` / `-1h30m`.
//! All parsing takes `now` (in the user's time zone) as an argument and never reads the clock.

use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
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
        "'{0}' is more than 5 minutes in the future; log entries when they happen (for an earlier day use e.g. 'yesterday 21:00')"
    )]
    Future(String),
    #[error(
        "'{0}' does not exist in your time zone (the clocks jumped forward then); give a time before or after the change"
    )]
    Nonexistent(String),
    #[error("'{0}' is too far in the past; the diary accepts times after 1970")]
    TooOld(String),
}

/// Parses a WHEN string relative to `now`, returning the instant with the local UTC offset in force
/// at that instant. Ambiguous local times (the repeated hour when clocks go back) resolve to the
/// earlier of the two; give an RFC 3339 time with an explicit offset to pick the later one.
pub fn parse_when<Tz: TimeZone>(
    input: &str,
    now: &DateTime<Tz>,
) -> Result<DateTime<FixedOffset>, WhenError> {
    parse_when_inner(input, now, false)
}

/// Like [`parse_when`] but accepts times in the future (range bounds such as `--until`).
pub fn parse_bound<Tz: TimeZone>(
    input: &str,
    now: &DateTime<Tz>,
) -> Result<DateTime<FixedOffset>, WhenError> {
    parse_when_inner(input, now, true)
}

fn parse_when_inner<Tz: TimeZone>(
    input: &str,
    now: &DateTime<Tz>,
    allow_future: bool,
) -> Result<DateTime<FixedOffset>, WhenError> {
    let raw = input.trim();
    if raw.is_empty() {
        return Err(WhenError::Empty);
    }
    let lower = raw.to_lowercase();
    let tz = now.timezone();
    let result = if lower == "now" {
        Ok(to_fixed(now))
    } else if let Some(rel) = parse_relative(&lower) {
        let d = rel.ok_or_else(|| WhenError::Unparseable(raw.to_string()))?;
        let t = now
            .clone()
            .checked_sub_signed(d)
            .ok_or_else(|| WhenError::TooOld(raw.to_string()))?;
        Ok(to_fixed(&t))
    } else if let Ok(dt) = DateTime::parse_from_rfc3339(raw) {
        Ok(dt)
    } else if let Some(rest) = lower.strip_prefix("yesterday") {
        let time =
            parse_clock(rest.trim()).ok_or_else(|| WhenError::Unparseable(raw.to_string()))?;
        let day = now
            .date_naive()
            .pred_opt()
            .ok_or_else(|| WhenError::TooOld(raw.to_string()))?;
        local(&tz, day.and_time(time), raw)
    } else if let Some(rest) = lower.strip_prefix("today") {
        let time =
            parse_clock(rest.trim()).ok_or_else(|| WhenError::Unparseable(raw.to_string()))?;
        local(&tz, now.date_naive().and_time(time), raw)
    } else if let Some(time) = parse_clock(&lower) {
        local(&tz, now.date_naive().and_time(time), raw)
    } else if let Some(naive) = parse_local_datetime(&lower) {
        local(&tz, naive, raw)
    } else if let Ok(d) = NaiveDate::parse_from_str(&lower, "%Y-%m-%d") {
        local(&tz, d.and_hms_opt(0, 0, 0).expect("midnight"), raw)
    } else {
        Err(WhenError::Unparseable(raw.to_string()))
    }?;
    if result.timestamp() < 0 {
        return Err(WhenError::TooOld(raw.to_string()));
    }
    if !allow_future
        && result.signed_duration_since(now.clone()) > Duration::minutes(FUTURE_TOLERANCE_MINUTES)
    {
        return Err(WhenError::Future(raw.to_string()));
    }
    Ok(result)
}

fn to_fixed<Tz: TimeZone>(t: &DateTime<Tz>) -> DateTime<FixedOffset> {
    t.fixed_offset()
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
    use chrono::Utc;

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
            parse_when("1900-01-01 08:00", &n),
            Err(WhenError::TooOld(_))
        ));
        let _ = Utc::now();
    }
}
