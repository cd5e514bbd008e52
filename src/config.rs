//! The user's config file (`config.toml`): the card's name and condition, the emergency contact
//! and the prescriber.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use serde::{Deserialize, Serialize};

use crate::safety::text::Patient;

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub card: CardConfig,
    pub emergency_contact: Option<Contact>,
    pub prescriber: Option<Contact>,
    /// Who the diary is about and who writes it (`dosediary setup` asks).
    #[serde(default)]
    pub patient: Patient,
    #[serde(default)]
    pub backups: BackupsConfig,
}

/// `[backups]`: `encrypt = true` makes every backup an age file (passphrase from
/// `DOSEDIARY_PASSPHRASE`, or asked for by `dosediary backup`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct BackupsConfig {
    #[serde(default)]
    pub encrypt: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CardConfig {
    /// The patient's name as it should appear on the card.
    pub name: Option<String>,
    /// Why baclofen is taken, e.g. "multiple sclerosis".
    pub condition: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    pub phone: Option<String>,
    pub relation: Option<String>,
}

impl Config {
    /// The patient's name: `[patient] name`, else `[card] name` (the report and the FHIR export
    /// name the patient this way; the card prefers its own `[card] name`).
    pub fn patient_name(&self) -> Option<String> {
        [Some(self.patient.name.as_str()), self.card.name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .find(|n| !n.is_empty())
            .map(str::to_string)
    }
}

impl Contact {
    pub fn line(&self) -> String {
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
            "{} is not a valid config: {msg}; accepted: [patient] name, writer (\"self\" or \"caregiver\"), also_called; [card] name, condition; [emergency_contact] and [prescriber] with name, phone, relation; [backups] encrypt = true|false",
            path.display()
        )
    })?;
    Ok(Some(cfg))
}

/// Whether the config asks for encrypted backups (a missing or broken config: no).
pub fn backups_encrypted() -> bool {
    config_path()
        .and_then(|p| load_config(&p).ok().flatten())
        .is_some_and(|c| c.backups.encrypt)
}

/// The passphrase from `DOSEDIARY_PASSPHRASE`, when set and not empty.
pub fn passphrase_from_env() -> Option<crate::crypto::Passphrase> {
    std::env::var("DOSEDIARY_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
        .map(crate::crypto::Passphrase::new)
}

/// The patient of the diary from the config at `path` (none: the writer is not known yet).
pub fn load_patient(path: Option<&Path>) -> Result<Patient> {
    Ok(match path {
        Some(p) => load_config(p)?.map(|c| c.patient).unwrap_or_default(),
        None => Patient::default(),
    })
}

/// The patient of the diary from the usual config file.
pub fn patient() -> Result<Patient> {
    load_patient(config_path().as_deref())
}
