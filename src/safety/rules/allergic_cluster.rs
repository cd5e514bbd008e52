//! allergic_cluster: two different allergic signs within the catalog's hours of each other.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::context::Ctx;
use super::{Flag, RuleId, fmt_when};
use crate::safety::catalog::Urgency;

pub(super) fn check<Tz: TimeZone>(cx: &Ctx<'_, Tz>) -> Vec<Flag> {
    let hours = cx.lim.allergic_cluster_hours;
    let mut seen: Vec<(DateTime<Utc>, &str)> = Vec::new();
    let mut fired_until: Option<DateTime<Utc>> = None;
    let mut flags = Vec::new();
    for (e, a, _) in cx.symptoms() {
        let t = e.at.with_timezone(&Utc);
        for s in a
            .signs
            .iter()
            .filter(|s| s.categories.iter().any(|c| c == "allergic"))
        {
            seen.push((t, s.id.as_str()));
        }
        seen.retain(|(at, _)| t - *at <= Duration::hours(hours));
        let mut distinct: Vec<&str> = seen.iter().map(|x| x.1).collect();
        distinct.sort();
        distinct.dedup();
        if distinct.len() < 2 || fired_until.is_some_and(|u| t <= u) {
            continue;
        }
        fired_until = Some(t + Duration::hours(hours));
        let names: Vec<String> = distinct
            .iter()
            .map(|id| {
                cx.cat
                    .sign(id)
                    .map_or(id.to_string(), |s| s.title.to_lowercase())
            })
            .collect();
        let detail = format!(
            "{} within {hours} h, the latest at {}.",
            names.join(" and "),
            fmt_when(&e.at)
        );
        flags.push(cx.flag(
            RuleId::AllergicCluster,
            Urgency::Emergency,
            e.at,
            detail,
            Some(e.id),
            None,
        ));
    }
    flags
}
