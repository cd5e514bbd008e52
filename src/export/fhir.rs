//! The diary as a FHIR R4 Bundle of type `collection`, for a care team's systems.
//!
//! A pure function of the diary's history: a `Patient`, a `MedicationStatement` per regimen step, a
//! `MedicationAdministration` per logged dose (`completed`, or `not-done` for a skipped one), an
//! `Observation` per drowsiness rating and per symptom (the text in `valueString`, each present sign
//! as a code of the diary's own code system), and a `DetectedIssue` per urgent or emergency flag.
//! Resource ids are name-based UUIDs (v5) of the entries' stable uids, so exporting twice gives
//! the same ids.

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::domain::{Amount, Entry, EntryKind, RatingScale, Regimen};
use crate::safety::{Catalog, Flag, Urgency};

/// The diary's own code systems.
pub const SIGN_SYSTEM: &str = "urn:dosediary:sign";
pub const OBSERVATION_SYSTEM: &str = "urn:dosediary:observation";
pub const FLAG_SYSTEM: &str = "urn:dosediary:rule";
const RXNORM: &str = "http://www.nlm.nih.gov/research/umls/rxnorm";
/// RxNorm's ingredient concept for baclofen.
const RXNORM_BACLOFEN: &str = "1292";
const UCUM: &str = "http://unitsofmeasure.org";

/// What the bundle is built from.
pub struct FhirInput<'a> {
    pub patient_name: Option<&'a str>,
    pub entries: &'a [Entry],
    pub regimens: &'a [Regimen],
    pub flags: &'a [Flag],
    pub catalog: &'a Catalog,
    /// Present sign ids of a symptom text.
    pub signs_of: &'a dyn Fn(&str) -> Vec<String>,
    pub generated: DateTime<Utc>,
}

fn ns() -> Uuid {
    // A fixed namespace for the diary's name-based ids.
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:dosediary")
}

fn urn(kind: &str, key: &str) -> String {
    format!(
        "urn:uuid:{}",
        Uuid::new_v5(&ns(), format!("{kind}:{key}").as_bytes())
    )
}

fn instant(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

fn mg_quantity(a: Amount) -> Value {
    json!({"value": a.mg_f64(), "unit": "mg", "system": UCUM, "code": "mg"})
}

fn baclofen() -> Value {
    json!({"coding": [{"system": RXNORM, "code": RXNORM_BACLOFEN, "display": "baclofen"}], "text": "baclofen"})
}

/// Builds the bundle.
pub fn bundle(input: &FhirInput) -> Value {
    let patient_url = urn("patient", "the-patient");
    let subject = json!({"reference": patient_url});
    let mut entries = vec![entry(&patient_url, patient(input.patient_name))];
    for (i, r) in input.regimens.iter().enumerate() {
        let next = input.regimens.get(i + 1).map(|n| &n.effective_from);
        let url = urn(
            "regimen",
            &format!("{}-{}", r.id, instant(&r.effective_from)),
        );
        entries.push(entry(&url, statement(r, next, &subject, input.generated)));
    }
    for e in input.entries {
        if let Some(res) = entry_resource(e, &subject, input) {
            entries.push(entry(&urn(e.kind.name(), &e.uid), res));
        }
    }
    for f in input.flags {
        if f.urgency >= Urgency::Urgent {
            entries.push(entry(
                &urn("flag", &f.key),
                issue(f, &subject, input.catalog),
            ));
        }
    }
    json!({
        "resourceType": "Bundle",
        "id": Uuid::new_v5(&ns(), input.generated.to_rfc3339().as_bytes()).to_string(),
        "meta": {"lastUpdated": input.generated.to_rfc3339_opts(SecondsFormat::Secs, true)},
        "type": "collection",
        "timestamp": input.generated.to_rfc3339_opts(SecondsFormat::Secs, true),
        "entry": entries,
    })
}

fn entry(full_url: &str, resource: Value) -> Value {
    json!({"fullUrl": full_url, "resource": resource})
}

fn patient(name: Option<&str>) -> Value {
    let mut p = json!({"resourceType": "Patient", "active": true});
    if let Some(n) = name.filter(|n| !n.trim().is_empty()) {
        p["name"] = json!([{"text": n}]);
    }
    p
}

fn statement(
    r: &Regimen,
    next: Option<&DateTime<FixedOffset>>,
    subject: &Value,
    now: DateTime<Utc>,
) -> Value {
    let ended = next.is_some_and(|n| n.with_timezone(&Utc) <= now);
    let planned = r.effective_from.with_timezone(&Utc) > now;
    let status = if planned {
        "intended"
    } else if ended {
        "completed"
    } else {
        "active"
    };
    let mut period = json!({"start": instant(&r.effective_from)});
    if let Some(n) = next {
        period["end"] = json!(instant(n));
    }
    let times: Vec<String> = r
        .times
        .iter()
        .map(|t| t.format("%H:%M:%S").to_string())
        .collect();
    let text = format!(
        "{} ({} a day, maximum {} a day){}",
        r.describe(),
        r.daily_total(),
        r.max_daily_mcg,
        if r.kidney_impairment {
            "; kidney impairment"
        } else {
            ""
        }
    );
    json!({
        "resourceType": "MedicationStatement",
        "status": status,
        "medicationCodeableConcept": baclofen(),
        "subject": subject,
        "effectivePeriod": period,
        "dateAsserted": r.recorded_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        "dosage": dosages(r, &text, &times),
    })
}

/// One dosage per distinct dose (with its times of day), and one for as-needed doses.
fn dosages(r: &Regimen, text: &str, times: &[String]) -> Value {
    let max = json!({
        "numerator": mg_quantity(r.max_daily_mcg),
        "denominator": {"value": 1, "unit": "day", "system": UCUM, "code": "d"}
    });
    let mut groups: Vec<(Amount, Vec<String>)> = Vec::new();
    for (t, label) in r.times.iter().zip(times) {
        let dose = r.dose_at(*t);
        match groups.iter_mut().find(|(d, _)| *d == dose) {
            Some((_, ts)) => ts.push(label.clone()),
            None => groups.push((dose, vec![label.clone()])),
        }
    }
    let mut out: Vec<Value> = groups
        .into_iter()
        .enumerate()
        .map(|(i, (dose, ts))| {
            json!({
                "sequence": i + 1,
                "text": text,
                "timing": {"repeat": {"timeOfDay": ts}},
                "route": {"text": "oral"},
                "doseAndRate": [{"doseQuantity": mg_quantity(dose)}],
                "maxDosePerPeriod": max,
            })
        })
        .collect();
    if let Some(p) = &r.as_needed {
        out.push(json!({
            "text": format!("{} as needed, at most {} a day", p.dose_mcg, p.daily_limit()),
            "asNeededBoolean": true,
            "route": {"text": "oral"},
            "doseAndRate": [{"doseQuantity": mg_quantity(p.dose_mcg)}],
            "maxDosePerPeriod": {
                "numerator": mg_quantity(p.daily_limit()),
                "denominator": {"value": 1, "unit": "day", "system": UCUM, "code": "d"}
            },
        }));
    }
    json!(out)
}

fn observation(code: &str, display: &str, at: &DateTime<FixedOffset>, subject: &Value) -> Value {
    json!({
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey", "display": "Survey"}]}],
        "code": {"coding": [{"system": OBSERVATION_SYSTEM, "code": code, "display": display}], "text": display},
        "subject": subject,
        "effectiveDateTime": instant(at),
    })
}

fn entry_resource(e: &Entry, subject: &Value, input: &FhirInput) -> Option<Value> {
    let mut res = match &e.kind {
        EntryKind::Dose {
            amount_mcg,
            skipped,
            as_needed,
        } => {
            let mut dosage = json!({"dose": mg_quantity(*amount_mcg)});
            if *as_needed {
                dosage["text"] = json!("as needed (not a scheduled dose)");
            }
            json!({
                "resourceType": "MedicationAdministration",
                "status": if *skipped { "not-done" } else { "completed" },
                "medicationCodeableConcept": baclofen(),
                "subject": subject,
                "effectiveDateTime": instant(&e.at),
                "dosage": dosage,
            })
        }
        EntryKind::Med { name, dose } => {
            let mut a = json!({
                "resourceType": "MedicationAdministration",
                "status": "completed",
                "medicationCodeableConcept": {"text": name},
                "subject": subject,
                "effectiveDateTime": instant(&e.at),
            });
            if let Some(d) = dose.as_deref().filter(|d| !d.is_empty()) {
                a["dosage"] = json!({"text": d});
            }
            a
        }
        EntryKind::Symptom {
            severity: Some(s),
            drowsiness_rating: true,
            ..
        } => {
            let mut o = observation("drowsiness", "Drowsiness rating (0-10)", &e.at, subject);
            o["valueInteger"] = json!(s);
            o
        }
        EntryKind::Symptom { text, severity, .. } => {
            let mut o = observation("symptom", "Symptom in the patient's words", &e.at, subject);
            o["valueString"] = json!(text);
            let signs = (input.signs_of)(text);
            if !signs.is_empty() {
                o["interpretation"] = json!([{
                    "coding": signs.iter().map(|id| json!({
                        "system": SIGN_SYSTEM,
                        "code": id,
                        "display": input.catalog.sign(id).map(|s| s.title.as_str()).unwrap_or(id),
                    })).collect::<Vec<_>>(),
                    "text": "warning signs read from the text"
                }]);
            }
            if let Some(s) = severity {
                o["component"] = json!([{
                    "code": {"coding": [{"system": OBSERVATION_SYSTEM, "code": "severity", "display": "Severity (0-10)"}]},
                    "valueInteger": s
                }]);
            }
            o
        }
        EntryKind::Rating { scale, value } => {
            let display = match scale {
                RatingScale::Spasticity => "Spasticity numeric rating, last 24 hours (0-10)",
                RatingScale::Spasms => "Spasm frequency, last 24 hours (0-4)",
            };
            let mut o = observation(scale.name(), display, &e.at, subject);
            o["valueInteger"] = json!(value);
            o
        }
        EntryKind::Intake { text } => {
            let mut o = observation("intake", "Alcohol or other medicine taken", &e.at, subject);
            o["valueString"] = json!(text);
            o
        }
    };
    if let Some(n) = e.note.as_deref().filter(|n| !n.is_empty()) {
        res["note"] = json!([{"text": n}]);
    }
    Some(res)
}

fn issue(f: &Flag, subject: &Value, catalog: &Catalog) -> Value {
    let severity = if f.urgency == Urgency::Emergency {
        "high"
    } else {
        "moderate"
    };
    let sources: Vec<String> = f
        .sources
        .iter()
        .map(|k| catalog.source_title(k).unwrap_or(k).to_string())
        .collect();
    json!({
        "resourceType": "DetectedIssue",
        "status": "final",
        "code": {"coding": [{"system": FLAG_SYSTEM, "code": f.rule, "display": f.title}], "text": f.title},
        "severity": severity,
        "patient": subject,
        "identifiedDateTime": instant(&f.at),
        "detail": format!("{} {} {} Sources: {}.", f.detail, f.why, f.advice, sources.join("; ")),
        "mitigation": [{"action": {"text": f.advice}}],
    })
}
