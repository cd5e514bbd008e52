//! The emergency card: what a paramedic or a new doctor needs to know, wallet-sized when
//! printed (85.6 x 54 mm, front and back, with a fold line). The regimen comes from the diary;
//! the name and contacts from the config file.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::html::esc;
use crate::cli::{Clock, diary_path};
use crate::domain::Regimen;
use crate::safety::{Catalog, regimen_at};
use crate::store::Store;

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub card: CardConfig,
    pub emergency_contact: Option<Contact>,
    pub prescriber: Option<Contact>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CardConfig {
    /// The patient's name as it should appear on the card.
    pub name: Option<String>,
    /// Why baclofen is taken, e.g. "multiple sclerosis".
    pub condition: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    pub phone: Option<String>,
    pub relation: Option<String>,
}

impl Contact {
    fn line(&self) -> String {
        let mut s = self.name.clone();
        if let Some(r) = &self.relation {
            s.push_str(&format!(" ({r})"));
        }
        if let Some(p) = &self.phone {
            s.push_str(&format!(", {p}"));
        }
        s
    }
}

pub const EXAMPLE_CONFIG: &str = r#"[card]
name = "Alex Example"
condition = "multiple sclerosis"

[emergency_contact]
name = "Sam Example"
relation = "partner"
phone = "+44 7700 900123"

[prescriber]
name = "Dr Jones, neurology"
phone = "020 7946 0000"
"#;

/// The config file: `DOSEDIARY_CONFIG`, else the platform config dir's `config.toml`
/// (e.g. ~/.config/dosediary/config.toml).
pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DOSEDIARY_CONFIG").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "dosediary").map(|d| d.config_dir().join("config.toml"))
}

/// Reads the config; a missing file is no config, a broken one is one clear error.
pub fn load_config(path: &Path) -> Result<Option<Config>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let cfg: Config = toml::from_str(&text).map_err(|e| {
        let msg = e.message().replace('\n', " ");
        anyhow!(
            "{} is not a valid config: {msg}; accepted: [card] name, condition; [emergency_contact] and [prescriber] with name, phone, relation",
            path.display()
        )
    })?;
    Ok(Some(cfg))
}

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
}

const STOP_WARNING: &str = "DO NOT STOP BACLOFEN SUDDENLY.";
const STOP_WHY: &str = "If I cannot take my doses (unconscious, vomiting, no tablets, pump problem), withdrawal can start within 12-72 hours and can be life-threatening.";
const KIDNEY: &str = "Reduced kidney function: baclofen builds up; confusion or heavy drowsiness may be baclofen toxicity.";

impl Card {
    pub fn new(cfg: &Config, regimens: &[Regimen], now: DateTime<Utc>, cat: &Catalog) -> Card {
        Card {
            name: cfg.card.name.clone(),
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
        }
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
        let blank = "<span class=\"blank\"></span>";
        let name = self.name.as_deref().map(esc);
        let contact = self.emergency_contact.as_deref().map(esc);
        let kidney = if self.regimen.as_ref().is_some_and(|r| r.kidney_impairment) {
            format!("<p class=\"kidney\">{}</p>", esc(KIDNEY))
        } else {
            String::new()
        };
        let condition = self
            .condition
            .as_deref()
            .map(|c| format!("<p>Condition: {}</p>", esc(c)))
            .unwrap_or_default();
        let prescriber = self
            .prescriber
            .as_deref()
            .map(|p| format!("<p>Prescriber: {}</p>", esc(p)))
            .unwrap_or_default();
        format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baclofen emergency card</title><style>
@page {{ size: auto; margin: 12mm; }}
body {{ font: 7.2pt/1.25 system-ui, sans-serif; color: #000; margin: 0; }}
.sheet {{ display: flex; gap: 0; }}
.card {{ box-sizing: border-box; width: 85.6mm; height: 54mm; padding: 2.6mm 3mm; border: 0.3mm solid #000; overflow: hidden; }}
.card + .card {{ border-left: 0.3mm dashed #000; }}
h1 {{ font-size: 9.5pt; margin: 0 0 1mm; letter-spacing: 0.2mm; }}
p {{ margin: 0 0 0.9mm; }}
.stop {{ font-weight: bold; font-size: 8.4pt; border: 0.4mm solid #000; padding: 0.8mm 1.2mm; margin: 1mm 0; }}
.blank {{ display: inline-block; width: 40mm; border-bottom: 0.2mm solid #000; }}
.muted {{ color: #333; font-size: 6.2pt; }}
.help {{ margin-top: 6mm; font-size: 9pt; color: #333; }}
@media print {{ .help {{ display: none; }} }}
</style></head><body>
<div class="sheet">
<section class="card front">
<h1>BACLOFEN - EMERGENCY CARD</h1>
<p>Name: <b>{name}</b></p>
{condition}
<p>I take <b>baclofen</b>: <b>{regimen}</b></p>
<p class="stop">{stop}<br><span style="font-weight:normal;font-size:7pt">{why}</span></p>
<p class="muted">Updated {updated} from my dosediary.</p>
</section>
<section class="card back">
<p><b>Withdrawal signs</b> (call the local emergency number): {signs}.</p>
{kidney}
<p>Emergency contact: <b>{contact}</b></p>
{prescriber}
</section>
</div>
<p class="help">Print at 100% (no "fit to page"), cut along the outline, fold on the dashed line.</p>
</body></html>
"#,
            name = name.unwrap_or_else(|| blank.to_string()),
            regimen = esc(&self.regimen_line()),
            stop = esc(STOP_WARNING),
            why = esc(STOP_WHY),
            updated = self.updated.format("%-d %b %Y"),
            signs = esc(&self.signs_line()),
            contact = contact.unwrap_or_else(|| blank.to_string()),
        )
    }
}

pub fn cli_card(
    file: Option<PathBuf>,
    db: Option<PathBuf>,
    clock: Clock,
    out: &mut dyn Write,
) -> Result<()> {
    if let Some(f) = &file
        && !f
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("html"))
    {
        bail!(
            "--out {}: the card is an HTML page; accepted: a path ending in .html",
            f.display()
        );
    }
    let cfg_path = config_path();
    let cfg = match &cfg_path {
        Some(p) => load_config(p)?,
        None => None,
    };
    let path = diary_path(db)?;
    let regimens = match path.exists().then(|| Store::open_read(&path)).transpose()? {
        Some(st) => st.regimens()?,
        None => Vec::new(),
    };
    let card = Card::new(
        &cfg.clone().unwrap_or_default(),
        &regimens,
        clock.now,
        Catalog::builtin(),
    );
    match &file {
        Some(f) => {
            super::write_private(f, card.html().as_bytes())?;
            writeln!(
                out,
                "Wrote the emergency card to {}. Print it at 100% and cut it out (85.6 x 54 mm, fold in the middle).",
                f.display()
            )?;
        }
        None => write!(out, "{}", card.text())?,
    }
    if cfg.is_none() || card.emergency_contact.is_none() {
        let where_ = cfg_path
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "DOSEDIARY_CONFIG".into());
        eprintln!(
            "dosediary: note: no emergency contact set; the card has a blank line for one. To fill it in, write {where_} like this:\n{EXAMPLE_CONFIG}"
        );
    }
    Ok(())
}
