//! The report's pump section: the pump as it stands, its dose changes, refills and alarms in the
//! period, and the pump flags raised in the period. Pure: a fragment of HTML from data values.

use maud::{Markup, html};

use super::html::when;
use crate::diary::report::PumpReport;

/// The section for a diary with a pump.
pub fn section(p: &PumpReport) -> Markup {
    html! {
        h2 { "Intrathecal pump" }
        @if !p.status.is_empty() { ul { @for l in &p.status { li { (l) } } } }
        h3 { "Pump settings (dose changes)" }
        table {
            thead { tr { th { "From" } th { "Concentration" } th { "Daily dose" } th { "Change" } } }
            tbody { @for (at, conc, daily, change) in &p.settings { tr { td { (when(at)) } td { (conc) } td { (daily) } td { (change) } } } }
        }
        h3 { "Refills" }
        @if p.refills.is_empty() {
            p { "No refill logged in this period." }
        } @else {
            table {
                thead { tr { th { "When" } th { "Volume" } th { "Concentration" } th { "Next refill by (clinic)" } th { "Note" } } }
                tbody {
                    @for r in &p.refills {
                        tr { td { (when(&r.at)) } td { (r.volume) } td { (r.concentration) } td { @if let Some(b) = r.refill_by { (b) } } td { (r.note) } }
                    }
                }
            }
        }
        h3 { "Alarms" }
        @if p.alarms.is_empty() {
            p { "No alarm logged in this period." }
        } @else {
            table {
                thead { tr { th { "When" } th { "Alarm" } th { "Urgency" } th { "Since" } th { "Note" } } }
                tbody {
                    @for (at, what, u, open, note) in &p.alarms {
                        tr {
                            td { (when(at)) } td { (what) } td { (u.symbol()) " " (u.label()) }
                            td { @if *open { "still open" } @else { "dealt with (refill or new settings logged after it)" } }
                            td { (note) }
                        }
                    }
                }
            }
        }
        h3 { "Pump warning signs in this period" }
        @if p.signs.is_empty() {
            p { "None." }
        } @else {
            ul {
                @for f in &p.signs {
                    li {
                        (f.urgency.symbol()) " " (f.urgency.label()) " " (when(&f.at)) ": " (f.title) ". " (f.detail) " "
                        span.muted { "(" (f.sources.join("; ")) ")" }
                    }
                }
            }
        }
    }
}
