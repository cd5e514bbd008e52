//! The intrathecal pump: where the reservoir stands (the projected empty date, the clinic's
//! refill-by date, the elective replacement date) and the pump rules, each its own function:
//! `pump_refill_due`, `pump_alarm_logged`, `pump_withdrawal`. Pure: `now` and the time zone are
//! arguments (itb-boxed-warning, itb-alarms, label-intrathecal).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::Serialize;

use super::catalog::{Catalog, Urgency};
pub use super::rules::pump_alarm_logged::alarm_flags;
pub use super::rules::pump_refill_due::refill_due;
pub use super::rules::pump_withdrawal::withdrawal_flags;
use super::rules::{Flag, FlagKind, RuleId};
use crate::domain::pump::{
    AlarmKind, ERI_STOP_DAYS, PumpAlarm, PumpHistory, PumpRefill, PumpSetting, fmt_ml_ul,
};

/// The refill ladder: a routine reminder this many days ahead of the refill-needed-by date...
pub const ROUTINE_DAYS: i64 = 14;
/// ...urgent this many days ahead (or when the refill-by date has passed); an emergency once the
/// projected empty date has passed without a refill.
pub const URGENT_DAYS: i64 = 3;

/// Where the pump stands at `now`.
#[derive(Debug, Clone, Serialize)]
pub struct PumpStatus {
    /// The setting in force now.
    pub setting: PumpSetting,
    /// The last refill at or before now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_refill: Option<PumpRefill>,
    /// When the reservoir runs empty: last refill + volume x concentration / daily dose, walked
    /// across every reprogramming since.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projected_empty: Option<DateTime<FixedOffset>>,
    /// What is left in the reservoir now, mL (projected).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reservoir_left_ml: Option<f64>,
    /// The refill-by date the clinic gave (at the last refill, or set since).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clinic_refill_by: Option<NaiveDate>,
    /// The earlier of the projected empty date and the clinic's refill-by date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refill_needed_by: Option<NaiveDate>,
    /// Calendar days from today to `refill_needed_by` (negative when past).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
    /// The elective replacement indicator date and the date the pump stops (ERI + 90 days).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eri: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replacement_by: Option<NaiveDate>,
    /// Alarms not followed by a refill or a new pump setting.
    pub open_alarms: Vec<PumpAlarm>,
}

/// When the reservoir filled at `refill` runs empty, walking the settings in force from the
/// refill on (each reprogramming changes how fast the volume goes: daily dose / concentration).
/// Also returns the volume left at `now`, in microlitres.
pub fn projected_empty(
    history: &PumpHistory,
    refill: &PumpRefill,
    now: DateTime<Utc>,
) -> (Option<DateTime<Utc>>, f64) {
    let t0 = refill.at.with_timezone(&Utc);
    let mut left = f64::from(refill.volume_ul);
    let mut left_now = None;
    // The settings that apply from t0: the one in force then, and every later one.
    let mut segments: Vec<(DateTime<Utc>, &PumpSetting)> = Vec::new();
    // A refill logged before the first setting recorded: the first setting is all we know.
    if let Some(s) = history.setting_at(t0).or(history.settings.first()) {
        segments.push((t0, s));
    }
    for s in &history.settings {
        let f = s.effective_from.with_timezone(&Utc);
        if f > t0 {
            segments.push((f, s));
        }
    }
    let mut empty = None;
    for (i, (start, s)) in segments.iter().enumerate() {
        // Microlitres a second: (ng/day) / (mcg/mL) = uL/day.
        let rate = s.daily_ng as f64 / f64::from(s.concentration_mcg_per_ml) / 86_400.0;
        let end = segments.get(i + 1).map(|n| n.0);
        if left_now.is_none() && now >= *start && end.is_none_or(|e| now < e) {
            let used = (now - *start).num_seconds() as f64 * rate;
            left_now = Some((left - used).max(0.0));
        }
        let secs_to_empty = (left / rate).round();
        let at_empty = *start + Duration::seconds(secs_to_empty as i64);
        if end.is_none_or(|e| at_empty <= e) {
            empty = Some(at_empty);
            if left_now.is_none() && now >= at_empty {
                left_now = Some(0.0);
            }
            break;
        }
        let e = end.expect("a later segment");
        left -= (e - *start).num_seconds() as f64 * rate;
    }
    if left_now.is_none() && now < t0 {
        left_now = Some(f64::from(refill.volume_ul));
    }
    (empty, left_now.unwrap_or(0.0))
}

/// The clinic's refill-by date as it stands: the newest given at or after the last refill.
fn clinic_refill_by(history: &PumpHistory, last: Option<&PumpRefill>) -> Option<NaiveDate> {
    let since = last.map(|r| r.at.with_timezone(&Utc));
    let mut best: Option<(DateTime<Utc>, NaiveDate)> = None;
    let mut consider = |t: DateTime<Utc>, d: Option<NaiveDate>| {
        if let Some(d) = d
            && since.is_none_or(|s| t >= s)
            && best.is_none_or(|(bt, _)| t >= bt)
        {
            best = Some((t, d));
        }
    };
    for s in &history.settings {
        consider(s.effective_from.with_timezone(&Utc), s.refill_by);
    }
    if let Some(r) = last {
        consider(r.at.with_timezone(&Utc), r.refill_by);
    }
    best.map(|b| b.1)
}

/// Whether an alarm is still open at `now`: nothing has been done about it in the diary (a refill
/// or new pump settings after it; for an ERI alarm, a replacement pump, i.e. a new implant date).
pub fn alarm_open(history: &PumpHistory, a: &PumpAlarm) -> bool {
    let t = a.at.with_timezone(&Utc);
    let reprogrammed = |replacement_only: bool| {
        history.settings.iter().any(|s| {
            s.effective_from.with_timezone(&Utc) > t
                && (!replacement_only || s.implanted.is_some_and(|d| d >= a.at.date_naive()))
        })
    };
    match a.kind {
        AlarmKind::Eri => !reprogrammed(true),
        _ => !(history.refills.iter().any(|r| r.at.with_timezone(&Utc) > t) || reprogrammed(false)),
    }
}

/// The pump as it stands at `now` (the history is judged as of `now`); `None` without a pump.
pub fn status<Tz: TimeZone>(
    history: &PumpHistory,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Option<PumpStatus> {
    let h = history.as_of(now);
    let setting = h.setting_at(now)?.clone();
    let last_refill = h.refills.last().cloned();
    let (empty, left) = match &last_refill {
        Some(r) => {
            let (e, l) = projected_empty(&h, r, now);
            (e, Some(l))
        }
        None => (None, None),
    };
    let local = |t: DateTime<Utc>| t.with_timezone(tz).fixed_offset();
    let projected_empty = empty.map(local);
    let clinic = clinic_refill_by(&h, last_refill.as_ref());
    let needed = match (projected_empty.map(|e| e.date_naive()), clinic) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let today = local(now).date_naive();
    let eri = setting.eri;
    Some(PumpStatus {
        open_alarms: h
            .alarms
            .iter()
            .filter(|a| alarm_open(&h, a))
            .cloned()
            .collect(),
        last_refill,
        projected_empty,
        reservoir_left_ml: left.map(|ul| (ul / 10.0).round() / 100.0),
        clinic_refill_by: clinic,
        refill_needed_by: needed,
        days_left: needed.map(|d| (d - today).num_days()),
        eri,
        replacement_by: eri.map(|d| d + Duration::days(ERI_STOP_DAYS)),
        setting,
    })
}

/// "Tue 8 Dec (17 days)", "today", "Mon 7 Dec (2 days ago)".
pub fn date_words(d: NaiveDate, days_left: i64) -> String {
    let rel = match days_left {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        n if n < 0 => format!("{} days ago", -n),
        n => format!("{n} days"),
    };
    format!("{} ({rel})", d.format("%a %-d %b"))
}

/// The Today line: "pump: refill needed by Tue 8 Dec (17 days)".
pub fn today_line(s: &PumpStatus) -> String {
    let mut line = match (s.refill_needed_by, s.days_left) {
        (Some(d), Some(n)) => format!("pump: refill needed by {}", date_words(d, n)),
        _ => format!(
            "pump: {} at {}; log the last refill to see when it runs empty",
            s.setting.daily_text(),
            s.setting.concentration_text()
        ),
    };
    if let Some(a) = s.open_alarms.last() {
        line.push_str(&format!(
            "; open alarm: {} at {}",
            a.kind.name(),
            a.at.format("%a %-d %b %H:%M")
        ));
    }
    line
}

/// The lines of `pump show`.
pub fn describe(s: &PumpStatus) -> Vec<String> {
    let p = &s.setting;
    let mut out = vec![format!(
        "Pump{}: baclofen {}, {}, reservoir {}.",
        p.model
            .as_deref()
            .map(|m| format!(" ({m})"))
            .unwrap_or_default(),
        p.concentration_text(),
        p.daily_text(),
        p.reservoir_text()
    )];
    if let Some(d) = p.implanted {
        out.push(format!("Implanted {}.", d.format("%a %-d %b %Y")));
    }
    match &s.last_refill {
        Some(r) => out.push(format!(
            "Last refill: {} at {}; about {} mL left now.",
            r.volume_text(),
            r.at.format("%H:%M on %a %-d %b %Y"),
            s.reservoir_left_ml
                .map(|v| fmt_ml_ul((v * 1000.0).round() as u32))
                .unwrap_or_else(|| "?".into())
        )),
        None => out.push(
            "No refill logged yet: log the last one (`dosediary pump refill --at WHEN`) to see when the reservoir runs empty.".into(),
        ),
    }
    if let Some(e) = s.projected_empty {
        out.push(format!(
            "Projected empty: {} (last refill + volume x concentration / daily dose).",
            e.format("%H:%M on %a %-d %b %Y")
        ));
    }
    if let Some(c) = s.clinic_refill_by {
        out.push(format!(
            "Clinic's refill-by date: {}.",
            c.format("%a %-d %b %Y")
        ));
    }
    if let (Some(d), Some(n)) = (s.refill_needed_by, s.days_left) {
        out.push(format!("Refill needed by: {}.", date_words(d, n)));
    }
    if let (Some(eri), Some(stop)) = (s.eri, s.replacement_by) {
        out.push(format!(
            "Elective replacement indicator: {}; the pump stops around {} (ERI + {ERI_STOP_DAYS} days): plan the replacement before then.",
            eri.format("%a %-d %b %Y"),
            stop.format("%a %-d %b %Y")
        ));
    }
    if let Some(c) = p.clinic_text() {
        out.push(format!("Pump clinic: {c}."));
    }
    for a in &s.open_alarms {
        out.push(format!(
            "Open alarm: {} at {}{}.",
            a.kind.words(),
            a.at.format("%H:%M on %a %-d %b"),
            a.note
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        ));
    }
    out
}

pub(crate) fn clinic_call(p: &PumpSetting) -> String {
    match p.clinic_text() {
        Some(c) => format!("Call the pump clinic now ({c})"),
        None => "Call the pump clinic now".to_string(),
    }
}

pub(crate) fn emergency_call(p: &PumpSetting) -> String {
    let then = match p.clinic_text() {
        Some(c) => format!(" Then call the pump clinic ({c})."),
        None => " Then call the pump clinic.".to_string(),
    };
    format!(
        "{} Say the person has an intrathecal baclofen pump that may have stopped delivering.{then}",
        Urgency::Emergency.advice()
    )
}

/// A pump flag from the catalog's text for `rule`.
pub(crate) fn flag(
    cat: &Catalog,
    rule: RuleId,
    urgency: Urgency,
    at: DateTime<FixedOffset>,
    detail: String,
    advice: String,
    key: String,
) -> Option<Flag> {
    let r = cat.rule(rule.as_str())?;
    Some(Flag {
        rule: r.id.clone(),
        kind: FlagKind::Pattern,
        category: r.category.clone(),
        urgency,
        at,
        title: r.title.clone(),
        detail,
        why: r.why.clone(),
        advice,
        sources: r.sources.clone(),
        matched: None,
        entry_id: None,
        key,
        acknowledged: false,
    })
}

/// How close the refill is, as `pump_refill_due` rates it.
pub fn refill_urgency(s: &PumpStatus, now: DateTime<Utc>) -> Urgency {
    if s.projected_empty
        .is_some_and(|e| e.with_timezone(&Utc) <= now)
    {
        return Urgency::Emergency;
    }
    match s.days_left {
        Some(n) if n <= URGENT_DAYS => Urgency::Urgent,
        Some(n) if n <= ROUTINE_DAYS => Urgency::Routine,
        _ => Urgency::None,
    }
}

/// How urgent a logged alarm is: low reservoir and ERI are urgent (call the clinic today);
/// critical and any other or unknown alarm are an emergency (the drug may not be flowing).
pub fn alarm_urgency(kind: AlarmKind) -> Urgency {
    match kind {
        AlarmKind::LowReservoir | AlarmKind::Eri => Urgency::Urgent,
        AlarmKind::Critical | AlarmKind::Other => Urgency::Emergency,
    }
}

/// Adds to a `check` result what the text would mean for a pump user (`pump_withdrawal`), and
/// raises its urgency and advice to match.
pub fn check_for_pump<Tz: TimeZone>(
    res: &mut super::CheckResult,
    history: &PumpHistory,
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
) {
    if history.setting_at(now).is_none() {
        return;
    }
    let at = now.with_timezone(tz).fixed_offset();
    let signs: Vec<Flag> = res
        .signs
        .iter()
        .map(|s| Flag {
            rule: s.id.clone(),
            kind: FlagKind::Sign,
            category: s.categories.first().cloned().unwrap_or_default(),
            urgency: s.urgency,
            at,
            title: s.title.clone(),
            detail: String::new(),
            why: String::new(),
            advice: String::new(),
            sources: s.sources.clone(),
            matched: Some(s.matched.clone()),
            entry_id: Some(-1),
            key: String::new(),
            acknowledged: false,
        })
        .collect();
    for f in withdrawal_flags(history, &signs, cat) {
        if f.urgency > res.urgency {
            res.urgency = f.urgency;
            res.advice = f.advice.clone();
        }
        res.rules.push(f);
    }
}

/// Every pump flag as it stands at `now`: refill due, open alarms, and withdrawal signs among
/// the sign flags already raised from the history.
pub fn flags<Tz: TimeZone>(
    history: &PumpHistory,
    signs: &[Flag],
    now: DateTime<Utc>,
    tz: &Tz,
    cat: &Catalog,
) -> Vec<Flag> {
    if history.settings.is_empty() {
        return Vec::new();
    }
    let mut out = withdrawal_flags(&history.as_of(now), signs, cat);
    out.extend(alarm_flags(history, now, cat));
    if let Some(s) = status(history, now, tz) {
        out.extend(refill_due(&s, now, tz, cat));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }
    fn local(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }
    fn setting(id: i64, from: &str, conc: u32, daily_mcg: u64) -> PumpSetting {
        PumpSetting {
            id,
            effective_from: local(from),
            concentration_mcg_per_ml: conc,
            reservoir_ul: 20_000,
            daily_ng: daily_mcg * 1000,
            model: Some("SynchroMed II".into()),
            implanted: None,
            eri: None,
            refill_by: None,
            clinic: Some("Leeds pump clinic".into()),
            clinic_phone: Some("0113 555 0101".into()),
            recorded_at: t(from),
        }
    }
    fn refill(id: i64, at: &str, ml: u32) -> PumpRefill {
        PumpRefill {
            id,
            at: local(at),
            volume_ul: ml * 1000,
            refill_by: None,
            note: None,
            recorded_at: t(at),
        }
    }
    fn history(settings: Vec<PumpSetting>, refills: Vec<PumpRefill>) -> PumpHistory {
        PumpHistory {
            settings,
            refills,
            alarms: Vec::new(),
        }
    }
    const UTC: Utc = Utc;

    #[test]
    fn projection_20_ml_of_2000_at_400_a_day_is_100_days() {
        let h = history(
            vec![setting(1, "2026-01-01T00:00:00Z", 2000, 400)],
            vec![refill(1, "2026-11-01T10:00:00Z", 20)],
        );
        let (empty, left) = projected_empty(&h, &h.refills[0], t("2026-11-01T10:00:00Z"));
        assert_eq!(empty, Some(t("2026-11-01T10:00:00Z") + Duration::days(100)));
        assert_eq!(left, 20_000.0);
        let s = status(&h, t("2026-11-21T10:00:00Z"), &UTC).unwrap();
        // 20 of 100 days used: 16 mL left.
        assert_eq!(s.reservoir_left_ml, Some(16.0));
        assert_eq!(
            s.refill_needed_by,
            Some(NaiveDate::from_ymd_opt(2027, 2, 9).unwrap())
        );
        assert_eq!(s.days_left, Some(80));
    }

    #[test]
    fn projection_is_walked_across_a_reprogramming() {
        // 20 mL x 2000 mcg/mL = 40000 mcg. 400 mcg/day for 50 days uses 20000 mcg; the other
        // 20000 mcg at 500 mcg/day last 40 days: empty 90 days after the refill.
        let h = history(
            vec![
                setting(1, "2026-01-01T00:00:00Z", 2000, 400),
                setting(2, "2026-12-21T10:00:00Z", 2000, 500),
            ],
            vec![refill(1, "2026-11-01T10:00:00Z", 20)],
        );
        let (empty, _) = projected_empty(&h, &h.refills[0], t("2026-11-02T00:00:00Z"));
        assert_eq!(empty, Some(t("2026-11-01T10:00:00Z") + Duration::days(90)));
        // A concentration change without a refill changes the volume rate too: 1000 mcg/mL at
        // 400 mcg/day uses 0.4 mL a day. After 50 days 10 mL are left: 25 more days.
        let h2 = history(
            vec![
                setting(1, "2026-01-01T00:00:00Z", 2000, 400),
                setting(2, "2026-12-21T10:00:00Z", 1000, 400),
            ],
            vec![refill(1, "2026-11-01T10:00:00Z", 20)],
        );
        let (empty, _) = projected_empty(&h2, &h2.refills[0], t("2026-11-02T00:00:00Z"));
        assert_eq!(empty, Some(t("2026-11-01T10:00:00Z") + Duration::days(75)));
        // A reprogramming after the projected empty date changes nothing.
        let h3 = history(
            vec![
                setting(1, "2026-01-01T00:00:00Z", 2000, 400),
                setting(2, "2027-06-01T10:00:00Z", 2000, 100),
            ],
            vec![refill(1, "2026-11-01T10:00:00Z", 20)],
        );
        let (empty, _) = projected_empty(&h3, &h3.refills[0], t("2026-11-02T00:00:00Z"));
        assert_eq!(empty, Some(t("2026-11-01T10:00:00Z") + Duration::days(100)));
    }

    #[test]
    fn refill_needed_by_is_the_earlier_of_empty_and_clinic_date() {
        let mut r = refill(1, "2026-11-01T10:00:00Z", 20);
        r.refill_by = Some(NaiveDate::from_ymd_opt(2026, 12, 8).unwrap());
        let h = history(vec![setting(1, "2026-01-01T00:00:00Z", 2000, 400)], vec![r]);
        let s = status(&h, t("2026-11-21T12:00:00Z"), &UTC).unwrap();
        assert_eq!(s.clinic_refill_by, NaiveDate::from_ymd_opt(2026, 12, 8));
        assert_eq!(s.refill_needed_by, NaiveDate::from_ymd_opt(2026, 12, 8));
        assert_eq!(s.days_left, Some(17));
        assert_eq!(today_line(&s), "pump: refill needed by Tue 8 Dec (17 days)");
        // A refill-by date given before the last refill no longer counts.
        let mut old = setting(1, "2026-01-01T00:00:00Z", 2000, 400);
        old.refill_by = NaiveDate::from_ymd_opt(2026, 11, 2);
        let h = history(vec![old], vec![refill(1, "2026-11-01T10:00:00Z", 20)]);
        let s = status(&h, t("2026-11-21T12:00:00Z"), &UTC).unwrap();
        assert_eq!(s.clinic_refill_by, None);
        assert_eq!(s.refill_needed_by, NaiveDate::from_ymd_opt(2027, 2, 9));
    }

    #[test]
    fn flag_ladder_at_each_boundary() {
        let cat = Catalog::builtin();
        // Empty at 10:00 UTC on 9 Feb 2027 (100 days after the refill).
        let h = history(
            vec![setting(1, "2026-01-01T00:00:00Z", 2000, 400)],
            vec![refill(1, "2026-11-01T10:00:00Z", 20)],
        );
        let at = |now: &str| {
            let now = t(now);
            let s = status(&h, now, &UTC).unwrap();
            refill_due(&s, now, &UTC, cat).map(|f| f.urgency)
        };
        assert_eq!(at("2027-01-25T12:00:00Z"), None); // 15 days ahead
        assert_eq!(at("2027-01-26T00:00:00Z"), Some(Urgency::Routine)); // 14 days
        assert_eq!(at("2027-02-05T23:59:00Z"), Some(Urgency::Routine)); // 4 days
        assert_eq!(at("2027-02-06T00:00:00Z"), Some(Urgency::Urgent)); // 3 days
        assert_eq!(at("2027-02-09T09:59:59Z"), Some(Urgency::Urgent)); // empty in 1 s
        assert_eq!(at("2027-02-09T10:00:00Z"), Some(Urgency::Emergency)); // empty now
        assert_eq!(at("2027-03-01T10:00:00Z"), Some(Urgency::Emergency));
        let now = t("2027-02-10T00:00:00Z");
        let s = status(&h, now, &UTC).unwrap();
        let f = refill_due(&s, now, &UTC, cat).unwrap();
        assert!(f.advice.contains("911"), "{}", f.advice);
        assert!(f.advice.contains("0113 555 0101"), "{}", f.advice);
        assert!(f.sources.iter().any(|s| s == "itb-alarms"));
        // A refill logged since ends it.
        let mut h2 = h.clone();
        h2.refills.push(refill(2, "2027-02-09T12:00:00Z", 20));
        let s = status(&h2, now, &UTC).unwrap();
        assert_eq!(refill_due(&s, now, &UTC, cat), None);
        // As it stood before that refill, it was an emergency.
        let before = t("2027-02-09T11:00:00Z");
        let s = status(&h2, before, &UTC).unwrap();
        assert_eq!(
            refill_due(&s, before, &UTC, cat).map(|f| f.urgency),
            Some(Urgency::Emergency)
        );
    }

    #[test]
    fn a_passed_clinic_date_is_urgent_not_an_emergency() {
        let cat = Catalog::builtin();
        let mut r = refill(1, "2026-11-01T10:00:00Z", 20);
        r.refill_by = NaiveDate::from_ymd_opt(2026, 12, 8);
        let h = history(vec![setting(1, "2026-01-01T00:00:00Z", 2000, 400)], vec![r]);
        let now = t("2026-12-10T12:00:00Z");
        let s = status(&h, now, &UTC).unwrap();
        let f = refill_due(&s, now, &UTC, cat).unwrap();
        assert_eq!(f.urgency, Urgency::Urgent);
        assert!(
            f.detail.contains("was due by Tue 8 Dec (2 days ago)"),
            "{}",
            f.detail
        );
    }

    fn alarm(id: i64, at: &str, kind: AlarmKind) -> PumpAlarm {
        PumpAlarm {
            id,
            at: local(at),
            kind,
            note: None,
            recorded_at: t(at),
        }
    }

    #[test]
    fn alarms_by_kind_and_until_dealt_with() {
        let cat = Catalog::builtin();
        let mut h = history(
            vec![setting(1, "2026-01-01T00:00:00Z", 2000, 400)],
            vec![refill(1, "2026-11-01T10:00:00Z", 20)],
        );
        let now = t("2026-11-21T12:00:00Z");
        for (kind, want) in [
            (AlarmKind::LowReservoir, Urgency::Urgent),
            (AlarmKind::Eri, Urgency::Urgent),
            (AlarmKind::Critical, Urgency::Emergency),
            (AlarmKind::Other, Urgency::Emergency),
        ] {
            h.alarms = vec![alarm(1, "2026-11-21T08:00:00Z", kind)];
            let f = alarm_flags(&h, now, cat);
            assert_eq!(f.len(), 1, "{kind:?}");
            assert_eq!(f[0].urgency, want, "{kind:?}");
            assert_eq!(f[0].rule, "pump_alarm_logged");
            assert!(f[0].advice.contains("0113 555 0101"), "{}", f[0].advice);
            if want == Urgency::Emergency {
                assert!(f[0].advice.contains("911"), "{}", f[0].advice);
            }
        }
        // A low-reservoir alarm is dealt with by a refill after it; an ERI alarm is not.
        h.alarms = vec![
            alarm(1, "2026-11-20T08:00:00Z", AlarmKind::LowReservoir),
            alarm(2, "2026-11-20T09:00:00Z", AlarmKind::Eri),
        ];
        h.refills.push(refill(2, "2026-11-21T09:00:00Z", 20));
        let f = alarm_flags(&h, now, cat);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].matched.as_deref(), Some("eri"));
        let s = status(&h, now, &UTC).unwrap();
        assert_eq!(s.open_alarms.len(), 1);
        assert!(
            today_line(&s).contains("open alarm: eri"),
            "{}",
            today_line(&s)
        );
        // A new pump (a new implant date) deals with the ERI alarm.
        let mut new_pump = setting(2, "2026-11-21T10:00:00Z", 2000, 400);
        new_pump.implanted = NaiveDate::from_ymd_opt(2026, 11, 21);
        h.settings.push(new_pump);
        assert!(alarm_flags(&h, now, cat).is_empty());
    }

    fn sign(rule: &str, matched: &str, entry: i64, at: &str) -> Flag {
        Flag {
            rule: rule.into(),
            kind: FlagKind::Sign,
            category: "withdrawal".into(),
            urgency: Urgency::Routine,
            at: local(at),
            title: rule.into(),
            detail: String::new(),
            why: String::new(),
            advice: String::new(),
            sources: Vec::new(),
            matched: Some(matched.into()),
            entry_id: Some(entry),
            key: String::new(),
            acknowledged: false,
        }
    }

    #[test]
    fn pump_withdrawal_signs() {
        let cat = Catalog::builtin();
        let h = history(vec![setting(1, "2026-01-01T00:00:00Z", 2000, 400)], vec![]);
        let at = "2026-11-21T08:00:00Z";
        let one = |signs: Vec<Flag>| {
            let f = withdrawal_flags(&h, &signs, cat);
            assert!(f.len() <= 1);
            f.first().map(|f| (f.urgency, f.advice.clone()))
        };
        let (u, advice) = one(vec![sign("itching_tingling", "itchy", 1, at)]).unwrap();
        assert_eq!(u, Urgency::Urgent);
        assert!(advice.contains("Call the pump clinic now (Leeds pump clinic, 0113 555 0101)"));
        // Itching with a rash is not the pump's early sign (the rash flags on its own).
        assert_eq!(
            one(vec![
                sign("itching_tingling", "itchy", 1, at),
                sign("hives_rash", "rash", 1, at)
            ]),
            None
        );
        assert_eq!(
            one(vec![sign("itching_tingling", "tingling", 1, at)])
                .unwrap()
                .0,
            Urgency::Urgent
        );
        assert_eq!(
            one(vec![sign(
                "low_blood_pressure",
                "low blood pressure",
                1,
                at
            )])
            .unwrap()
            .0,
            Urgency::Urgent
        );
        assert_eq!(
            one(vec![sign(
                "rebound_spasticity",
                "stiffness coming back",
                1,
                at
            )])
            .unwrap()
            .0,
            Urgency::Urgent
        );
        for (r, m) in [
            ("rebound_spasticity", "rigid"),
            ("high_fever", "39.2"),
            ("confusion", "confused"),
            ("altered_mental_state", "doesn't know where he is"),
        ] {
            let (u, advice) = one(vec![sign(r, m, 1, at)]).unwrap();
            assert_eq!(u, Urgency::Emergency, "{r}");
            assert!(
                advice.contains("911") && advice.contains("0113 555 0101"),
                "{advice}"
            );
        }
        // Not a pump sign, and nothing before the pump was set.
        assert_eq!(one(vec![sign("headache", "headache", 1, at)]), None);
        let early = withdrawal_flags(
            &h,
            &[sign("high_fever", "fever", 2, "2025-06-01T08:00:00Z")],
            cat,
        );
        assert!(early.is_empty());
    }

    #[test]
    fn no_pump_no_flags() {
        let cat = Catalog::builtin();
        let h = PumpHistory::default();
        assert!(status(&h, t("2026-11-21T12:00:00Z"), &UTC).is_none());
        assert!(flags(&h, &[], t("2026-11-21T12:00:00Z"), &UTC, cat).is_empty());
    }

    #[test]
    fn a_refill_before_the_first_setting_uses_the_first_setting() {
        let h = history(
            vec![setting(1, "2026-11-20T00:00:00Z", 2000, 400)],
            vec![refill(1, "2026-11-01T10:00:00Z", 20)],
        );
        let (empty, _) = projected_empty(&h, &h.refills[0], t("2026-11-21T00:00:00Z"));
        assert_eq!(empty, Some(t("2026-11-01T10:00:00Z") + Duration::days(100)));
    }
}
