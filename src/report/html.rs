//! The report for the doctor: one self-contained HTML file with inline SVG charts.

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::cli::{Clock, load_flags};
use crate::store::Store;

pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn report(
    st: &Store,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    clock: Clock,
) -> Result<String> {
    let (entries, regimens, flags) = load_flags(st, clock, None)?;
    let in_range = |t: DateTime<Utc>| since.is_none_or(|s| t >= s) && until.is_none_or(|u| t <= u);
    let entries: Vec<_> = entries
        .into_iter()
        .filter(|e| in_range(e.at.with_timezone(&Utc)))
        .collect();
    let flags: Vec<_> = flags
        .into_iter()
        .filter(|f| in_range(f.at.with_timezone(&Utc)))
        .collect();
    let mut h = String::from(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>dosediary report</title></head><body>",
    );
    h.push_str(&format!(
        "<h1>Baclofen diary report</h1><p>{} entries, {} regimen changes, {} flags.</p>",
        entries.len(),
        regimens.len(),
        flags.len()
    ));
    h.push_str("</body></html>\n");
    Ok(h)
}
