//! The iCalendar file: built by `dosediary::ics`, parsed back with the `icalendar` crate's parser.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use dosediary::domain::{Amount, Regimen};
use dosediary::export::ics::{DueDate, IcsInput, calendar, transitions};
use icalendar::parser::{Component, read_calendar, unfold};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn regimen(id: i64, from: &str, mg: u64, times: &[&str]) -> Regimen {
    Regimen {
        id,
        effective_from: at(from),
        dose_mcg: Amount::from_mg(mg),
        times: times
            .iter()
            .map(|t| NaiveTime::parse_from_str(t, "%H:%M").unwrap())
            .collect(),
        max_daily_mcg: Amount::from_mg(80),
        kidney_impairment: false,
        planned_taper: false,
        recorded_at: at(from).with_timezone(&Utc),
        doses_mcg: Vec::new(),
        prescribed_above_label: false,
        as_needed: None,
    }
}

fn prop<'a>(c: &'a Component<'a>, name: &str) -> Option<String> {
    c.find_prop(name).map(|p| p.val.as_str().to_string())
}

fn build(regimens: &[Regimen], dates: &[DueDate], now: &str, days: u32) -> String {
    let dose_at = |r: &Regimen, _slot: usize| r.dose_mcg;
    let input = IcsInput {
        regimens,
        dose_at: &dose_at,
        dates,
        now: at(now).with_timezone(&Utc),
        days,
        tzid: "Europe/Berlin",
    };
    calendar(&input, &Berlin)
}

#[test]
fn berlin_has_the_two_2026_changes_at_the_right_instants() {
    let ts = transitions(
        &Berlin,
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
    );
    // EU rule: last Sunday of March and of October at 01:00 UTC.
    assert_eq!(ts.len(), 2);
    assert_eq!(
        ts[0].at,
        Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap()
    );
    assert_eq!(ts[0].from.local_minus_utc(), 3600);
    assert_eq!(ts[0].to.local_minus_utc(), 7200);
    assert_eq!(
        ts[1].at,
        Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).unwrap()
    );
}

#[test]
fn dose_times_recur_daily_in_local_time_across_the_autumn_change_with_alarms() {
    // Now: Friday 23 Oct 2026, 12:00 in Berlin (CEST, +02:00). The clocks go back on Sunday 25 Oct.
    // The regimen started on 1 Oct; a planned step starts on Tue 27 Oct at 00:00 (+01:00).
    let regs = [
        regimen(
            1,
            "2026-10-01T00:00:00+02:00",
            10,
            &["08:00", "14:00", "20:00"],
        ),
        regimen(2, "2026-10-27T00:00:00+01:00", 15, &["08:00", "20:00"]),
    ];
    let text = build(&regs, &[], "2026-10-23T12:00:00+02:00", 30);
    assert!(text.contains("\r\n"), "iCalendar lines end in CRLF");
    let unfolded = unfold(&text);
    let cal = read_calendar(&unfolded).expect("the calendar parses back");
    let events: Vec<&Component> = cal
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    // Three times of the first step, two of the planned one.
    assert_eq!(events.len(), 5, "{text}");
    let tz = cal
        .components
        .iter()
        .find(|c| c.name == "VTIMEZONE")
        .expect("a VTIMEZONE is present");
    assert_eq!(prop(tz, "TZID").as_deref(), Some("Europe/Berlin"));
    // The autumn change is defined: 03:00 CEST becomes 02:00 CET.
    let std = tz
        .components
        .iter()
        .find(|c| c.name == "STANDARD" && prop(c, "DTSTART").as_deref() == Some("20261025T030000"))
        .expect("the 25 Oct 2026 change is in the VTIMEZONE");
    assert_eq!(prop(std, "TZOFFSETFROM").as_deref(), Some("+0200"));
    assert_eq!(prop(std, "TZOFFSETTO").as_deref(), Some("+0100"));

    let eight = events
        .iter()
        .find(|e| prop(e, "SUMMARY").as_deref() == Some("Baclofen 10 mg (08:00)"))
        .expect("the 08:00 dose of the first step");
    let start = eight.find_prop("DTSTART").unwrap();
    // Local wall time with the zone, not a UTC instant: the dose stays at 08:00 after the change.
    assert_eq!(start.val.as_str(), "20261001T080000");
    assert!(
        start
            .params
            .iter()
            .any(|p| p.key == "TZID" && p.val.as_ref().map(|v| v.as_str()) == Some("Europe/Berlin"))
    );
    // It ends before the planned step: its last start is before Tue 27 Oct 00:00 CET = 26 Oct 23:00 UTC.
    assert_eq!(
        prop(eight, "RRULE").as_deref(),
        Some("FREQ=DAILY;UNTIL=20261026T225959Z")
    );
    let alarm = eight
        .components
        .iter()
        .find(|c| c.name == "VALARM")
        .expect("every dose event has an alarm");
    assert_eq!(prop(alarm, "ACTION").as_deref(), Some("DISPLAY"));

    let planned = events
        .iter()
        .find(|e| prop(e, "SUMMARY").as_deref() == Some("Baclofen 15 mg (20:00)"))
        .expect("the planned step's 20:00 dose");
    assert_eq!(prop(planned, "DTSTART").as_deref(), Some("20261027T200000"));
    // The horizon: now (23 Oct 12:00 +02:00 = 10:00 UTC) + 30 days = 22 Nov 2026 10:00 UTC, less
    // a second.
    assert_eq!(
        prop(planned, "RRULE").as_deref(),
        Some("FREQ=DAILY;UNTIL=20261122T095959Z")
    );
}

#[test]
fn uids_are_stable_and_past_steps_are_left_out() {
    let regs = [
        regimen(1, "2026-09-01T00:00:00+02:00", 5, &["08:00"]),
        regimen(2, "2026-10-01T00:00:00+02:00", 10, &["08:00", "20:00"]),
    ];
    let a = build(&regs, &[], "2026-10-23T12:00:00+02:00", 14);
    let b = build(&regs, &[], "2026-10-24T09:30:00+02:00", 14);
    let uids = |t: &str| -> Vec<String> {
        let u = unfold(t);
        let cal = read_calendar(&u).unwrap();
        let mut v: Vec<String> = cal
            .components
            .iter()
            .filter(|c| c.name == "VEVENT")
            .filter_map(|c| prop(c, "UID"))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        uids(&a),
        uids(&b),
        "the same regimen gives the same UIDs a day later"
    );
    assert_eq!(
        uids(&a).len(),
        2,
        "the September step has ended and is not a reminder"
    );
}

#[test]
fn due_dates_are_all_day_events_with_alarms_7_days_and_1_day_before() {
    let regs = [regimen(1, "2026-10-01T00:00:00+02:00", 10, &["08:00"])];
    let dates = [DueDate {
        key: "supply-runout",
        date: NaiveDate::from_ymd_opt(2026, 11, 12).unwrap(),
        summary: "Baclofen tablets run out".into(),
        description: "Ask for a refill before this day.".into(),
    }];
    let text = build(&regs, &dates, "2026-10-23T12:00:00+02:00", 30);
    let u = unfold(&text);
    let cal = read_calendar(&u).unwrap();
    let ev = cal
        .components
        .iter()
        .find(|c| prop(c, "UID").as_deref() == Some("supply-runout@dosediary.local"))
        .expect("the run-out event");
    let start = ev.find_prop("DTSTART").unwrap();
    assert_eq!(start.val.as_str(), "20261112");
    assert!(start.params.iter().any(|p| p.key == "VALUE"));
    let triggers: Vec<String> = ev
        .components
        .iter()
        .filter(|c| c.name == "VALARM")
        .filter_map(|c| prop(c, "TRIGGER"))
        .collect();
    assert_eq!(triggers.len(), 2, "{triggers:?}");
    assert!(triggers.iter().any(|t| t == "-P7D"), "{triggers:?}");
    assert!(triggers.iter().any(|t| t == "-P1D"), "{triggers:?}");
}
