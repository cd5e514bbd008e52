//! `dosediary setup`: who the diary is about, who writes it, the prescriber and the emergency
//! contact, written to the config file (0600). Asked on a terminal; from flags, or answers on
//! stdin one per line, in scripts. Other sections of the file are kept; an existing `[patient]`
//! is replaced only with `--force` (or a "y" on a terminal), never silently.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use clap::Args;

use crate::config::{Config, Contact, config_path, load_config};
use crate::safety::text::{Patient, Writer};

#[derive(Debug, Clone, Args, Default)]
pub struct SetupArgs {
    /// The patient's name, e.g. Tom
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Who writes the diary: self (the patient) or caregiver
    #[arg(long, value_name = "WHO", value_parser = ["self", "caregiver"])]
    pub writer: Option<String>,
    /// Other names and relations for the patient, comma-separated: "my husband,dad"
    #[arg(long, value_name = "NAMES")]
    pub also_called: Option<String>,
    /// The prescriber's name
    #[arg(long, value_name = "NAME")]
    pub prescriber: Option<String>,
    #[arg(long, value_name = "PHONE")]
    pub prescriber_phone: Option<String>,
    /// The emergency contact's name
    #[arg(long, value_name = "NAME")]
    pub emergency_contact: Option<String>,
    #[arg(long, value_name = "PHONE")]
    pub emergency_phone: Option<String>,
    /// Replace a [patient] already in the config file
    #[arg(long)]
    pub force: bool,
}

fn clean(s: &str) -> Result<String> {
    let t = s.trim();
    if t.chars().any(char::is_control) || t.chars().count() > 100 {
        bail!("'{t}' has control characters or is over 100 characters; accepted: a short name");
    }
    Ok(t.to_string())
}

fn writer(s: &str) -> Result<Writer> {
    match s.trim().to_ascii_lowercase().as_str() {
        "self" | "me" | "s" | "" => Ok(Writer::Own),
        "caregiver" | "carer" | "c" => Ok(Writer::Caregiver),
        other => bail!("writer '{other}' is not known; accepted: self, caregiver"),
    }
}

fn names(s: &str) -> Result<Vec<String>> {
    s.split(',')
        .map(clean)
        .filter(|n| n.as_ref().map_or(true, |n| !n.is_empty()))
        .collect()
}

fn contact(
    name: Option<String>,
    phone: Option<String>,
    old: Option<Contact>,
) -> Result<Option<Contact>> {
    match (name, old) {
        (Some(n), old) if !n.trim().is_empty() => Ok(Some(Contact {
            name: clean(&n)?,
            phone: phone
                .map(|p| clean(&p))
                .transpose()?
                .or(old.and_then(|o| o.phone)),
            relation: None,
        })),
        (_, old) => Ok(old),
    }
}

/// Reads the answers from `input` (one per line: name, writer, also called, prescriber,
/// prescriber phone, emergency contact, emergency phone); `prompt` shows the questions.
fn ask(input: &mut dyn BufRead, prompt: &mut dyn Write, show: bool) -> Result<SetupArgs> {
    let mut next = |q: &str| -> Result<Option<String>> {
        if show {
            write!(prompt, "{q}: ")?;
            prompt.flush()?;
        }
        let mut line = String::new();
        Ok((input.read_line(&mut line)? > 0 && !line.trim().is_empty())
            .then(|| line.trim().to_string()))
    };
    Ok(SetupArgs {
        name: next("Patient's name")?,
        writer: next("Who writes the diary: self or caregiver")?,
        also_called: next("Other names for the patient, comma-separated (e.g. my husband, dad)")?,
        prescriber: next("Prescriber's name (Enter to skip)")?,
        prescriber_phone: next("Prescriber's phone (Enter to skip)")?,
        emergency_contact: next("Emergency contact's name (Enter to skip)")?,
        emergency_phone: next("Emergency contact's phone (Enter to skip)")?,
        force: false,
    })
}

/// Applies the answers to `cfg`; refuses to replace another patient without `force`.
pub fn apply(cfg: &mut Config, a: SetupArgs, force: bool) -> Result<()> {
    let writer = a.writer.as_deref().map(writer).transpose()?;
    let patient = Patient {
        name: a
            .name
            .as_deref()
            .map(clean)
            .transpose()?
            .unwrap_or_default(),
        writer: writer.unwrap_or(Writer::Own),
        also_called: a
            .also_called
            .as_deref()
            .map(names)
            .transpose()?
            .unwrap_or_default(),
    };
    if patient.name.is_empty() {
        bail!("setup needs the patient's name; accepted: --name NAME (e.g. --name Tom)");
    }
    let old = &cfg.patient;
    if !old.name.is_empty() && *old != patient && !force {
        bail!(
            "the config already names the patient '{}'; accepted: --force to replace it",
            old.name
        );
    }
    cfg.patient = patient;
    cfg.prescriber = contact(a.prescriber, a.prescriber_phone, cfg.prescriber.take())?;
    cfg.emergency_contact = contact(
        a.emergency_contact,
        a.emergency_phone,
        cfg.emergency_contact.take(),
    )?;
    Ok(())
}

fn write_config(path: &Path, cfg: &Config) -> Result<()> {
    let dir = crate::files::parent_dir(path);
    if !dir.exists() {
        std::fs::create_dir_all(dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    let text = toml::to_string(cfg).map_err(|e| anyhow!("cannot write the config: {e}"))?;
    crate::files::write_private(path, text.as_bytes())
}

pub fn run(a: SetupArgs, out: &mut dyn Write) -> Result<()> {
    let path = config_path()
        .ok_or_else(|| anyhow!("no config folder; set DOSEDIARY_CONFIG to a file path"))?;
    let mut cfg = load_config(&path)?.unwrap_or_default();
    let flags_given = a.name.is_some() || a.writer.is_some() || a.also_called.is_some();
    let force = a.force;
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    let answers = if flags_given {
        a
    } else {
        ask(&mut stdin.lock(), &mut std::io::stderr(), terminal)?
    };
    let mut force = force;
    if terminal
        && !force
        && !cfg.patient.name.is_empty()
        && answers.name.as_deref() != Some(cfg.patient.name.as_str())
    {
        eprint!(
            "The config names the patient '{}'. Replace? y/n ",
            cfg.patient.name
        );
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        force = matches!(line.trim(), "y" | "Y" | "yes");
    }
    apply(&mut cfg, answers, force)?;
    write_config(&path, &cfg)?;
    let p = &cfg.patient;
    let who = match p.writer {
        Writer::Caregiver => "written by a caregiver",
        _ => "written by the patient",
    };
    writeln!(
        out,
        "Wrote {} (private, 0600): patient {}, {who}.",
        path.display(),
        p.name
    )?;
    if !p.also_called.is_empty() {
        writeln!(out, "Also called: {}.", p.also_called.join(", "))?;
    }
    Ok(())
}
