//! The regimen as an iCalendar file (RFC 5545), built with the `icalendar` crate.
//!
//! One daily recurring event per dose time of the regimen in force and of each planned step (from its
//! start until the next step or the end of the horizon), each with a display alarm at the dose time;
//! all-day events with alarms 7 days and 1 day before for dates that must not slip (the tablets
//! running out; pump refill-by and replacement dates). Times carry the diary's time zone, defined in
//! a VTIMEZONE built from the zone's real transitions over the calendar's span. UIDs are stable, so
//! importing a newer file updates events instead of duplicating them.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Utc,
};
use icalendar::{Alarm, Calendar, CalendarDateTime, Component, Event, EventLike, Trigger};

use crate::domain::{Amount, Regimen};

/// A date that must not slip, as an all-day event.
#[derive(Debug, Clone)]
pub struct DueDate {
    /// Stable id: "supply-runout", "pump-refill", "pump-replacement".
    pub key: &'static str,
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
}

/// What goes into the calendar.
pub struct IcsInput<'a> {
    pub regimens: &'a [Regimen],
    /// Per-time doses when the regimen has them (same order as `times`); else the regimen's dose.
    pub dose_at: &'a dyn Fn(&Regimen, usize) -> Amount,
    pub dates: &'a [DueDate],
    pub now: DateTime<Utc>,
    /// How many days ahead the dose events run.
    pub days: u32,
    /// The time zone's id (IANA name when known).
    pub tzid: &'a str,
}

const PRODID: &str = "-//dosediary//dosediary 1//EN";
const DOMAIN: &str = "dosediary.local";

/// Builds the calendar text (CRLF line ends, folded lines).
pub fn calendar<Tz: TimeZone>(input: &IcsInput, tz: &Tz) -> String {
    let horizon = input.now + Duration::days(i64::from(input.days));
    let mut cal = Calendar::new();
    cal.properties.retain(|p| p.key() != "PRODID");
    cal.append_property(("PRODID", PRODID));
    cal.name("Baclofen doses (dosediary)")
        .description("Dose times and dates that must not slip, from your dosediary.")
        .timezone(input.tzid);
    let stamp = input.now;
    for (i, r) in input.regimens.iter().enumerate() {
        let start = r.effective_from.with_timezone(&Utc);
        let end = input
            .regimens
            .get(i + 1)
            .map(|n| n.effective_from.with_timezone(&Utc))
            .unwrap_or(horizon)
            .min(horizon);
        // Steps that ended before now are history, not reminders.
        if end <= input.now || start >= end {
            continue;
        }
        for (slot, t) in r.times.iter().enumerate() {
            if let Some(ev) = dose_event(input, r, slot, *t, start, end, tz, stamp) {
                cal.push(ev);
            }
        }
    }
    for d in input.dates {
        cal.push(date_event(d, stamp));
    }
    let text = cal.done().to_string();
    let (from, to) = span(input);
    insert_timezone(&text, &vtimezone(input.tzid, tz, from, to))
}

fn span(input: &IcsInput) -> (DateTime<Utc>, DateTime<Utc>) {
    let first = input
        .regimens
        .iter()
        .map(|r| r.effective_from.with_timezone(&Utc))
        .min()
        .unwrap_or(input.now)
        .min(input.now);
    let last = input.now + Duration::days(i64::from(input.days) + 400);
    (first - Duration::days(366), last)
}

#[allow(clippy::too_many_arguments)]
fn dose_event<Tz: TimeZone>(
    input: &IcsInput,
    r: &Regimen,
    slot: usize,
    t: NaiveTime,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    tz: &Tz,
    stamp: DateTime<Utc>,
) -> Option<Event> {
    // The first day at or after the step's start on which this time comes after the start.
    let mut day = start.with_timezone(tz).date_naive();
    let first = loop {
        if let Some(at) = tz.from_local_datetime(&day.and_time(t)).earliest()
            && at.with_timezone(&Utc) >= start
        {
            break at.with_timezone(&Utc);
        }
        day = day.succ_opt()?;
        if day > end.with_timezone(tz).date_naive() {
            return None;
        }
    };
    if first >= end {
        return None;
    }
    let dose = (input.dose_at)(r, slot);
    let hhmm = t.format("%H:%M").to_string();
    // UNTIL is the last instant the event may start (RFC 5545: in UTC when DTSTART has a TZID).
    let until = (end - Duration::seconds(1)).format("%Y%m%dT%H%M%SZ");
    let mut ev = Event::new();
    ev.uid(&format!(
        "dose-{}-{}@{DOMAIN}",
        r.effective_from.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ"),
        t.format("%H%M")
    ))
    .timestamp(stamp)
    .summary(&format!("Baclofen {dose} ({hhmm})"))
    .description(&format!(
        "Scheduled dose: {dose} at {hhmm} ({} a day). Log it in dosediary ('d' in the app, or: dosediary log dose {}). If it is late, take it when you remember unless the next dose is under 2 hours away; never take two doses at once.",
        r.daily_total(),
        dose.to_string().replace(' ', "")
    ))
    .starts(CalendarDateTime::WithTimezone {
        date_time: first.with_timezone(tz).naive_local(),
        tzid: input.tzid.to_string(),
    })
    .ends(CalendarDateTime::WithTimezone {
        date_time: first.with_timezone(tz).naive_local() + Duration::minutes(10),
        tzid: input.tzid.to_string(),
    })
    .add_property("RRULE", format!("FREQ=DAILY;UNTIL={until}"))
    .add_property("TRANSP", "TRANSPARENT")
    .add_property("CATEGORIES", "Medication")
    .alarm(Alarm::display(
        &format!("Baclofen {dose} due now ({hhmm})"),
        Trigger::before_start(Duration::zero()),
    ));
    Some(ev.done())
}

fn date_event(d: &DueDate, stamp: DateTime<Utc>) -> Event {
    let mut ev = Event::new();
    ev.uid(&format!("{}@{DOMAIN}", d.key))
        .timestamp(stamp)
        .summary(&d.summary)
        .description(&d.description)
        .all_day(d.date)
        .add_property("CATEGORIES", "Medication")
        .alarm(days_before(7, &format!("In 7 days: {}", d.summary)))
        .alarm(days_before(1, &format!("Tomorrow: {}", d.summary)));
    ev.done()
}

/// A display alarm whole days before the start, written "-P7D" rather than in seconds.
fn days_before(days: i64, text: &str) -> Alarm {
    let mut a = Alarm::display(text, Trigger::before_start(Duration::days(days)));
    a.append_property(("TRIGGER", format!("-P{days}D").as_str()));
    a
}

/// One UTC-offset change of the zone: the instant and the offsets before and after it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transition {
    pub at: DateTime<Utc>,
    pub from: FixedOffset,
    pub to: FixedOffset,
}

/// The zone's offset changes between `from` and `to`, found by stepping hourly and then narrowing to
/// the second.
pub fn transitions<Tz: TimeZone>(
    tz: &Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Transition> {
    let off = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc()).fix();
    let mut out = Vec::new();
    let mut t = from;
    let mut cur = off(t);
    while t < to {
        let next = t + Duration::hours(1);
        let o = off(next);
        if o != cur {
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if off(mid) == cur {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(Transition {
                at: hi,
                from: cur,
                to: o,
            });
            cur = o;
        }
        t = next;
    }
    out
}

fn fmt_offset(o: FixedOffset) -> String {
    let s = o.local_minus_utc();
    let sign = if s < 0 { '-' } else { '+' };
    let s = s.abs();
    format!("{sign}{:02}{:02}", s / 3600, (s % 3600) / 60)
}

/// The VTIMEZONE component (CRLF lines) for the zone over `[from, to]`: one STANDARD or DAYLIGHT
/// observance per real transition (the larger offset is daylight time), or a single STANDARD one for
/// a zone without changes.
pub fn vtimezone<Tz: TimeZone>(
    tzid: &str,
    tz: &Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> String {
    let mut s = format!("BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\n");
    let ts = transitions(tz, from, to);
    if ts.is_empty() {
        let o = fmt_offset(tz.offset_from_utc_datetime(&from.naive_utc()).fix());
        s.push_str(&format!(
            "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:{o}\r\nTZOFFSETTO:{o}\r\nEND:STANDARD\r\n"
        ));
    }
    for t in ts {
        let kind = if t.to.local_minus_utc() > t.from.local_minus_utc() {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        // DTSTART is the onset in the local time in force before it.
        let onset: NaiveDateTime =
            t.at.naive_utc() + Duration::seconds(t.from.local_minus_utc().into());
        s.push_str(&format!(
            "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\nEND:{kind}\r\n",
            onset.format("%Y%m%dT%H%M%S"),
            fmt_offset(t.from),
            fmt_offset(t.to)
        ));
    }
    s.push_str("END:VTIMEZONE\r\n");
    s
}

/// Places the VTIMEZONE before the first component of the calendar text.
fn insert_timezone(cal: &str, vtz: &str) -> String {
    match cal.find("BEGIN:VEVENT") {
        Some(i) => format!("{}{vtz}{}", &cal[..i], &cal[i..]),
        None => cal.replacen("END:VCALENDAR", &format!("{vtz}END:VCALENDAR"), 1),
    }
}

/// The time zone's id: `TZ` when it names a zone ("Europe/Berlin", ":Europe/Berlin"), else the
/// system's zone name, else "UTC" for a diary kept in UTC.
pub fn tzid() -> String {
    if let Ok(tz) = std::env::var("TZ") {
        let tz = tz.trim().trim_start_matches(':');
        if tz.contains('/') && !tz.starts_with('/') || tz == "UTC" {
            return tz.to_string();
        }
    }
    iana_time_zone::get_timezone().unwrap_or_else(|_| "UTC".to_string())
}

/// A year and a day later, as a quick guard used by callers for the date events.
pub fn within_year(d: NaiveDate, today: NaiveDate) -> bool {
    d.year() <= today.year() + 1
}
