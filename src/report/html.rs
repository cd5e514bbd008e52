//! The report for the doctor: one self-contained HTML file (no network, no external files) with
//! inline SVG charts, laid out to print on A4 and Letter. A pure function of a [`ReportData`]
//! through maud templates: every text is escaped by the template, never by hand.

use chrono::{DateTime, FixedOffset, NaiveDate};
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::chart;
use crate::diary::report::{FlagLine, ReportData, Words};
use crate::safety::Urgency;
use crate::safety::regimen::ABOVE_LABEL_BADGE;
use crate::safety::trends::{ASSOCIATION_LABEL, Change, MEANINGFUL_DROP_PCT, Mean, StepTrend};

/// The report's style sheet (screen and print); the PDF adds the paper size.
pub const CSS: &str = include_str!("../../assets/report.css");

pub fn when(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The whole report as one HTML document.
pub fn render(d: &ReportData) -> String {
    let p = &d.period;
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { "Baclofen diary report " (p.from) " to " (p.to) }
                style { (PreEscaped(CSS)) }
            }
            body {
                (header(d))
                (regimen(d))
                @if let Some(pump) = &d.pump { (super::pump::section(pump)) }
                (adherence(d))
                (charts(d))
                (symptoms(d))
                (words(d))
                (intakes(d))
                (flags(d))
                h2 { "Sources" }
                table { @for s in &d.sources { tr { td { (s) } } } }
            }
        }
    }
    .into_string()
        + "\n"
}

fn header(d: &ReportData) -> Markup {
    let p = &d.period;
    html! {
        h1 { "Baclofen diary: report for the prescriber" }
        p.people {
            "Patient: " b { (d.people.patient.as_deref().unwrap_or("not named in the config")) }
            @if let Some(pr) = &d.people.prescriber { " · Prescriber: " b { (pr) } }
        }
        @if d.above_label { p { span.badge { (ABOVE_LABEL_BADGE) } } }
        p {
            "Period: " b { (long_date(p.from)) " to " (long_date(p.to)) } " (" (p.days()) " days)."
            @if let (Some(asked), Some(start)) = (p.asked_from, p.diary_start) {
                " The diary starts on " (long_date(start)) ", so the period asked for (from "
                (long_date(asked)) ") begins there."
            }
        }
        p.muted.small {
            "Generated " (d.generated.format("%-d %B %Y %H:%M")) " by dosediary from the patient's own entries. "
            "Flags are matched against documented warning signs and cite their sources; they are not a diagnosis. "
            "Numbers and dates only: nothing here advises a change of dose."
        }
    }
}

fn regimen(d: &ReportData) -> Markup {
    html! {
        h2 { "Regimen" }
        @if d.regimens.is_empty() {
            p { "No regimen recorded." }
        } @else {
            table {
                thead { tr { th { "From" } th { "Doses" } th { "As needed" } th.num { "Daily" } th.num { "Maximum" } th { "Notes" } } }
                tbody {
                    @for r in d.regimens.iter().rev() {
                        @let notes = [
                            r.kidney_impairment.then_some("kidney impairment"),
                            r.planned_taper.then_some("planned taper"),
                            crate::safety::regimen::above_label(r).then_some(ABOVE_LABEL_BADGE),
                            (r.effective_from > d.generated).then_some("planned step"),
                        ].into_iter().flatten().collect::<Vec<_>>().join(", ");
                        tr {
                            td.when { (when(&r.effective_from)) }
                            td { (r.describe()) }
                            td { @if let Some(a) = r.as_needed { "as needed " (a.dose_mcg) " (max " (a.daily_limit()) " a day)" } }
                            td.num { (r.daily_total()) }
                            td.num { (r.max_daily_mcg) }
                            td { (notes) }
                        }
                    }
                }
            }
        }
        @if !d.medicines.is_empty() {
            h3 { "Other medicines taken regularly" }
            ul {
                @for m in &d.medicines {
                    li {
                        (m.describe())
                        @if m.class.is_none() { " (no interaction class given)" }
                        " (from " (m.from.format("%-d %b %Y"))
                        @if let Some(s) = m.stopped { " to " (s.format("%-d %b %Y")) }
                        ")"
                    }
                }
            }
        }
        @if let Some(s) = &d.sedative_statement { p.box { strong { (s) } } }
        @if let Some(s) = &d.supply { p { "Tablets on hand (" (d.generated.format("%-d %B %Y")) "): " (s) "." } }
    }
}

fn adherence(d: &ReportData) -> Markup {
    let a = &d.adherence;
    html! {
        h2 { "Adherence" }
        table {
            thead { tr { th { "Scheduled doses" } th { "On time (within 1 h)" } th { "Late" } th { "Missed" } th { "Skipped" } th { "Extra (unscheduled)" } } }
            tbody { tr { td { (a.scheduled()) } td { (a.on_time) } td { (a.late) } td { (a.missed) } td { (a.skipped) } td { (a.extra) } } }
        }
    }
}

fn mean(m: Option<Mean>) -> Markup {
    html! {
        @match m {
            Some(m) => { (format!("{:.1}", m.exact)) " " span.muted.small { "(n=" (m.n) ")" } }
            None => span.muted { "-" },
        }
    }
}

fn change(c: Option<Change>) -> String {
    match c {
        Some(c) => match c.percent {
            Some(p) => format!("{:+.1} ({p:+.0}%)", c.points),
            None => format!("{:+.1}", c.points),
        },
        None => "-".into(),
    }
}

fn step_row(s: &StepTrend) -> Markup {
    html! {
        tr {
            td.when { (s.from) } td.when { (s.to) }
            td.num { @match s.mg_a_day { Some(mg) => (format!("{mg}")), None => "no regimen" } }
            td.num { (s.days) }
            td.num { (mean(s.spasticity)) }
            td.num { (change(s.spasticity_change)) }
            td.num { (mean(s.drowsiness)) }
            td.num { (change(s.drowsiness_change)) }
            td.num { @if s.meaningful_drop { span.drop { "yes" } } }
        }
    }
}

fn charts(d: &ReportData) -> Markup {
    let t = &d.trends;
    let bins = &t.drowsiness_by_hours_since_dose;
    html! {
        h2 { "Daily totals" }
        figure {
            (chart::dose_and_ratings(t, d.max_mg))
            figcaption.muted {
                "Baclofen taken per day (bars), scheduled (dashed step line) and the daily maximum, above the spasticity (0 none - 10 worst) and drowsiness (0 wide awake - 10 cannot stay awake) ratings on the same dates. "
                @if t.days.len() > chart::WEEKLY_ABOVE_DAYS { "Ratings are weekly means of the daily means. " }
                "Shaded days have no entries; a break in a line is a day (or week) without a rating."
            }
        }
        h2 { "Regimen steps" }
        @if t.steps.is_empty() {
            p { "No days in this period." }
        } @else {
            table {
                thead { tr { th { "From" } th { "To" } th.num { "mg/day" } th.num { "Days" } th.num { "Spasticity" } th.num { "Change" } th.num { "Drowsiness" } th.num { "Change" } th.num { "Drop ≥30%" } } }
                tbody { @for s in &t.steps { (step_row(s)) } }
            }
            p.muted.small {
                "A step's mean is the mean of its days' means; n is the number of days with a rating. Change is from the step before, in points and percent; "
                "\"Drop ≥30%\": spasticity fell by " (format!("{MEANINGFUL_DROP_PCT:.0}")) "% or more from the step before, both steps with at least 3 rated days (the usual threshold of a meaningful response)."
            }
        }
        @let usable: Vec<_> = t.compare.iter().filter(|c| c.enough).collect();
        @if !usable.is_empty() {
            h3 { "With and without (" (ASSOCIATION_LABEL) ")" }
            table {
                thead { tr { th { "Rating" } th { "With" } th.num { "Mean" } th { "Without" } th.num { "Mean" } } }
                tbody { @for c in usable { tr { td { (c.metric) } td { (c.with_label) } td.num { (mean(c.with)) } td { (c.without_label) } td.num { (mean(c.without)) } } } }
            }
        }
        h2 { "Drowsiness" }
        @if bins.bins.iter().all(|b| b.n == 0) {
            p { "No drowsiness ratings after a dose in this period." }
        } @else {
            figure {
                (chart::hours_since_dose(bins))
                figcaption.muted {
                    "Mean drowsiness by hours since the last dose; n is the number of ratings. "
                    @match &bins.peak { Some(p) => { "Highest among bins of at least 3 ratings: " (p) " after a dose." } None => "No bin has the 3 ratings needed to name a peak." }
                }
            }
        }
    }
}

fn symptoms(d: &ReportData) -> Markup {
    html! {
        h2 { "Symptoms" }
        @if d.signs.is_empty() {
            p { "No symptoms matching a documented sign in this period." }
        } @else {
            table {
                thead { tr { th { "Sign" } th.num { "Times logged" } th.num { "Mean severity" } th.num { "Worst" } } }
                tbody {
                    @for s in &d.signs {
                        tr {
                            td { (s.title) } td.num { (s.times) }
                            td.num { @match s.mean_severity { Some(m) => (format!("{m:.1}/10")), None => "-" } }
                            td.num { @match s.worst { Some(w) => (format!("{w}/10")), None => "-" } }
                        }
                    }
                }
            }
        }
    }
}

fn flag_mark(flags: &[(Urgency, String)]) -> Markup {
    html! {
        @for (u, t) in flags {
            div class=(u.as_str()) { (u.symbol()) " " (u.label()) ": " (t) }
        }
    }
}

fn words_table(rows: &[Words], first: &str) -> Markup {
    html! {
        table {
            thead { tr { th { "When" } th { (first) } th { "Flag" } } }
            tbody {
                @for w in rows {
                    tr {
                        td.when { (when(&w.at)) }
                        td {
                            @if w.kind == "symptom" {
                                "\u{201c}" (w.text) "\u{201d}"
                                @if let Some(s) = w.severity { " (severity " (s) "/10)" }
                                @if w.about_other { span.muted { " (about someone else, as the writer said)" } }
                                @if let Some(n) = &w.note { br; span.muted { "Note: " } (n) }
                            } @else {
                                span.muted { (w.kind) " " (w.text) ": " } (w.note.as_deref().unwrap_or(""))
                            }
                        }
                        td { (flag_mark(&w.flags)) }
                    }
                }
            }
        }
    }
}

fn words(d: &ReportData) -> Markup {
    html! {
        h2 { "In the patient's own words" }
        @if d.words.is_empty() {
            p { "No symptoms written in this period." }
        } @else {
            p.muted.small { "Every symptom written in the period, as written, with the flag it raised." }
            (words_table(&d.words, "Symptom as written"))
        }
        h2 { "Notes" }
        @if d.notes.is_empty() {
            p { "No notes on doses or other entries in this period." }
        } @else {
            (words_table(&d.notes, "Note"))
        }
    }
}

fn intakes(d: &ReportData) -> Markup {
    html! {
        h2 { "Intakes and other medicines" }
        p {
            (d.med_doses) (if d.med_doses == 1 { " dose" } else { " doses" }) " of other medicines ticked off and "
            (d.intake_count) (if d.intake_count == 1 { " intake" } else { " intakes" }) " (alcohol, other medicines) logged in this period."
        }
        @if !d.intakes.is_empty() {
            table {
                thead { tr { th { "Day" } th { "Other medicines taken" } th { "Intakes, as written" } } }
                tbody {
                    @for day in &d.intakes {
                        tr { td.when { (day.date.format("%Y-%m-%d %a")) } td { (day.meds.join("; ")) } td { (day.intakes.join("; ")) } }
                    }
                }
            }
        }
    }
}

fn flag_row(f: &FlagLine) -> Markup {
    html! {
        tr.flag {
            td.when { (when(&f.at)) }
            td class=(f.urgency.as_str()) { (f.urgency.symbol()) " " (f.urgency.label()) }
            td { b { (f.title) } ": " (f.detail) br; span.small { (f.why) " " b { (f.advice) } } }
            td.small { (f.sources.join("; ")) }
        }
    }
}

fn flags(d: &ReportData) -> Markup {
    let [em, ur, ro] = d.counts;
    html! {
        h2 { "Flags" }
        p { (em + ur + ro) " flags: " (em) " emergency, " (ur) " urgent, " (ro) " routine." }
        @if !d.serious.is_empty() {
            h3 { "Emergency and urgent flags, one by one" }
            table {
                thead { tr { th { "When" } th { "Urgency" } th { "What was seen, why it matters, who to call" } th { "Sources" } } }
                tbody { @for f in &d.serious { (flag_row(f)) } }
            }
        }
        @if !d.routine.is_empty() {
            h3 { "Routine flags by week and sign" }
            table {
                thead { tr { th { "Week of" } th { "Sign, times" } } }
                tbody {
                    @for w in &d.routine {
                        tr { td.when { (w.week_start.format("%a %-d %b %Y")) } td { (w.summary()) } }
                    }
                }
            }
        }
    }
}
