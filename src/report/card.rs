//! The emergency card: what a paramedic or a new doctor needs to know, wallet-sized when
//! printed (85.6 x 54 mm, front and back, with a fold line). The regimen comes from the diary;
//! the name and contacts from the config file.

use chrono::{DateTime, Utc};
use maud::{DOCTYPE, PreEscaped, html};

use crate::config::{Config, Contact};
use crate::domain::Regimen;
use crate::safety::{Catalog, regimen_at};

/// The card's style sheet.
const CARD_CSS: &str = include_str!("../../assets/card.css");

/// Everything on the card.
#[derive(Debug, Clone)]
pub struct Card {
    pub name: Option<String>,
    pub condition: Option<String>,
    pub regimen: Option<Regimen>,
    pub withdrawal_signs: Vec<String>,
    pub emergency_contact: Option<String>,
    pub prescriber: Option<String>,
    pub updated: DateTime<Utc>,
    /// The intrathecal pump, when the diary has one.
    pub pump: Option<PumpCard>,
}

/// The pump's part of the card (label-intrathecal, itb-boxed-warning: pump model, drug and
/// concentration, mcg/day, refill-by date, clinic and phone, "do not interrupt").
#[derive(Debug, Clone)]
pub struct PumpCard {
    pub setting: crate::domain::pump::PumpSetting,
    pub refill_by: Option<chrono::NaiveDate>,
}

const PUMP_WARNING: &str = "INTRATHECAL BACLOFEN: DO NOT INTERRUPT.";
const PUMP_SIGNS: &str = "If the pump stops (empty, alarm, battery, catheter): high fever, confusion, spasticity returning much worse, muscle rigidity. Call the local emergency number (911 / 112 / 999) and say \"intrathecal baclofen pump\".";

const STOP_WARNING: &str = "DO NOT STOP BACLOFEN SUDDENLY.";
const STOP_WHY: &str = "If I cannot take my doses (unconscious, vomiting, no tablets, pump problem), withdrawal can start within 12-72 hours and can be life-threatening.";
const KIDNEY: &str = "Reduced kidney function: baclofen builds up; confusion or heavy drowsiness may be baclofen toxicity.";

impl Card {
    pub fn new(cfg: &Config, regimens: &[Regimen], now: DateTime<Utc>, cat: &Catalog) -> Card {
        Card {
            // The card's own name if one is set (how it should read on the card), else the
            // patient's.
            name: cfg
                .card
                .name
                .clone()
                .filter(|n| !n.trim().is_empty())
                .or_else(|| cfg.patient_name()),
            condition: cfg.card.condition.clone(),
            regimen: regimen_at(regimens, now).cloned(),
            withdrawal_signs: cat
                .signs
                .iter()
                .filter(|s| s.has_category("withdrawal"))
                .map(|s| s.title.to_lowercase())
                .collect(),
            emergency_contact: cfg.emergency_contact.as_ref().map(Contact::line),
            prescriber: cfg.prescriber.as_ref().map(Contact::line),
            updated: now,
            pump: None,
        }
    }

    /// Adds the pump as it stands (its setting in force and the refill-needed-by date).
    pub fn with_pump(mut self, status: Option<&crate::safety::pump::PumpStatus>) -> Card {
        self.pump = status.map(|s| PumpCard {
            setting: s.setting.clone(),
            refill_by: s.refill_needed_by,
        });
        self
    }

    /// "SynchroMed II: baclofen 2000 mcg/mL, 400 mcg/day"
    fn pump_line(p: &PumpCard) -> String {
        format!(
            "{}baclofen {}, {}",
            p.setting
                .model
                .as_deref()
                .map(|m| format!("{m}: "))
                .unwrap_or_default(),
            p.setting.concentration_text(),
            p.setting.daily_text()
        )
    }

    fn pump_lines(&self) -> Vec<String> {
        let Some(p) = &self.pump else {
            return Vec::new();
        };
        let mut v = vec![format!("Intrathecal pump: {}", Self::pump_line(p))];
        if let Some(d) = p.refill_by {
            v.push(format!("Refill by: {}", d.format("%a %-d %b %Y")));
        }
        if let Some(c) = p.setting.clinic_text() {
            v.push(format!("Pump clinic: {c}"));
        }
        v.push(format!("{PUMP_WARNING} {PUMP_SIGNS}"));
        v
    }

    fn regimen_line(&self) -> String {
        match &self.regimen {
            Some(r) => format!(
                "{} ({} a day{}{})",
                r.describe().replace(',', ", ").replace(",  ", ", "),
                r.daily_total(),
                if r.planned_taper {
                    ", a planned taper"
                } else {
                    ""
                },
                if crate::safety::regimen::above_label(r) {
                    format!("; {}", crate::safety::regimen::ABOVE_LABEL_BADGE)
                } else {
                    String::new()
                }
            ),
            None if self.pump.is_some() => "by intrathecal pump (below)".to_string(),
            None => "dose as prescribed (no regimen in the diary yet)".to_string(),
        }
    }

    fn signs_line(&self) -> String {
        let mut s = self.withdrawal_signs.join(", ");
        if let Some(f) = s.get_mut(..1) {
            f.make_ascii_uppercase();
        }
        s
    }

    /// The card as plain text, for the terminal.
    pub fn text(&self) -> String {
        let blank = "________________________";
        let mut t = String::new();
        t.push_str("BACLOFEN - EMERGENCY CARD\n");
        t.push_str(&format!(
            "Name: {}\n",
            self.name.as_deref().unwrap_or(blank)
        ));
        if let Some(c) = &self.condition {
            t.push_str(&format!("Condition: {c}\n"));
        }
        t.push_str(&format!("I take baclofen: {}\n", self.regimen_line()));
        for l in self.pump_lines() {
            t.push_str(&l);
            t.push('\n');
        }
        t.push_str(&format!("{STOP_WARNING} {STOP_WHY}\n"));
        t.push_str(&format!("Withdrawal signs: {}.\n", self.signs_line()));
        if self.regimen.as_ref().is_some_and(|r| r.kidney_impairment) {
            t.push_str(&format!("{KIDNEY}\n"));
        }
        t.push_str(&format!(
            "Emergency contact: {}\n",
            self.emergency_contact.as_deref().unwrap_or(blank)
        ));
        if let Some(p) = &self.prescriber {
            t.push_str(&format!("Prescriber: {p}\n"));
        }
        t.push_str(&format!(
            "Updated {} from my dosediary.\n",
            self.updated.format("%-d %b %Y")
        ));
        t
    }

    /// The card as one self-contained HTML page: front and back at wallet size (85.6 x 54 mm)
    /// side by side with a fold line, to print at 100% and cut out.
    pub fn html(&self) -> String {
        let blank = html! { span.blank {} };
        let kidney = self.regimen.as_ref().is_some_and(|r| r.kidney_impairment);
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    title { "Baclofen emergency card" }
                    style { (PreEscaped(CARD_CSS)) }
                }
                body {
                    div.sheet {
                        section.card.front {
                            h1 { "BACLOFEN - EMERGENCY CARD" }
                            p { "Name: " b { @match &self.name { Some(n) => (n), None => (blank) } } }
                            @if let Some(c) = &self.condition { p { "Condition: " (c) } }
                            p { "I take " b { "baclofen" } ": " b { (self.regimen_line()) } }
                            @if let Some(p) = &self.pump {
                                p {
                                    "Intrathecal pump: " b { (Self::pump_line(p)) }
                                    @if let Some(d) = p.refill_by { "; refill by " b { (d.format("%-d %b %Y")) } }
                                }
                            }
                            p.stop { (STOP_WARNING) br; span style="font-weight:normal;font-size:7pt" { (STOP_WHY) } }
                            p.muted { "Updated " (self.updated.format("%-d %b %Y")) " from my dosediary." }
                        }
                        section.card.back {
                            @if let Some(p) = &self.pump {
                                p.stop { (PUMP_WARNING) br; span style="font-weight:normal;font-size:6.6pt" { (PUMP_SIGNS) } }
                                @if let Some(c) = p.setting.clinic_text() { p { "Pump clinic: " b { (c) } } }
                            }
                            p { b { "Withdrawal signs" } " (call the local emergency number): " (self.signs_line()) "." }
                            @if kidney { p.kidney { (KIDNEY) } }
                            p { "Emergency contact: " b { @match &self.emergency_contact { Some(c) => (c), None => (blank) } } }
                            @if let Some(p) = &self.prescriber { p { "Prescriber: " (p) } }
                        }
                    }
                    p.help { "Print at 100% (no \"fit to page\"), cut along the outline, fold on the dashed line." }
                }
            }
        }
        .into_string()
            + "\n"
    }
}
