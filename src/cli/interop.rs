//! The handlers that put the diary into the tools people already use: `ics` (calendar),
//! `remind` (one check, for a timer), `export --format fhir`, and encrypted copies
//! (`--encrypt`, and reading them back in `import` and `restore`).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use super::Ctx;
use crate::crypto::{self, Passphrase};
use crate::diary::remind;
use crate::domain::{Amount, Regimen};
use crate::export::fhir::{self, FhirInput};
use crate::export::ics::{self, DueDate, IcsInput};
use crate::files::write_private;

/// `remind` found something new to say: the process exits with status 3 (the lines are printed).
#[derive(Debug, thiserror::Error)]
#[error("something is due")]
pub struct SomethingDue;

/// The shortest passphrase accepted for a new encrypted file.
const MIN_PASSPHRASE: usize = 8;

/// The passphrase: `DOSEDIARY_PASSPHRASE`, or asked for on the terminal (twice for a new file).
pub fn passphrase(new_file: bool) -> Result<Passphrase> {
    let p = match std::env::var("DOSEDIARY_PASSPHRASE") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            if !std::io::stdin().is_terminal() {
                bail!(
                    "a passphrase is needed: set DOSEDIARY_PASSPHRASE, or run this in a terminal to be asked for it; nothing was written"
                );
            }
            let p = rpassword::prompt_password("Passphrase: ")
                .context("cannot read the passphrase from the terminal")?;
            if new_file {
                let again = rpassword::prompt_password("The same passphrase again: ")
                    .context("cannot read the passphrase from the terminal")?;
                if again != p {
                    bail!("the two passphrases differ; nothing was written");
                }
            }
            p
        }
    };
    if new_file && p.chars().count() < MIN_PASSPHRASE {
        bail!(
            "the passphrase is too short to protect health data; accepted: {MIN_PASSPHRASE} characters or more (a few words are easiest to remember)"
        );
    }
    Ok(Passphrase::new(p))
}

/// Bytes for an output: encrypted when asked. An encrypted file is binary, so it is never
/// written to a terminal.
pub fn seal(content: Vec<u8>, encrypt: bool, to_file: bool) -> Result<Vec<u8>> {
    if !encrypt {
        return Ok(content);
    }
    if !to_file && std::io::stdout().is_terminal() {
        bail!(
            "an encrypted export is binary and is not shown on the screen; accepted: --out FILE, or redirect the output to a file"
        );
    }
    let pass = passphrase(true)?;
    Ok(crypto::encrypt(&content, &pass)?)
}

/// Writes an output to `file` (0600, never through a prepared link) or to `out`. A `raw` output
/// (an encrypted file, an iCalendar file with its CRLF line ends) goes to standard output as it
/// is, past the guard that makes control characters visible in text output.
pub fn write_bytes(
    file: Option<PathBuf>,
    bytes: &[u8],
    raw: bool,
    out: &mut dyn Write,
) -> Result<()> {
    match file {
        Some(p) => {
            write_private(&p, bytes)?;
            writeln!(out, "Wrote {}.", p.display())?;
        }
        None if raw => {
            out.flush()?;
            let mut so = std::io::stdout().lock();
            so.write_all(bytes)?;
            so.flush()?;
        }
        None => out.write_all(bytes)?,
    }
    Ok(())
}

/// When `file` is age-encrypted, its plaintext in a private temporary folder (0700, removed when
/// the returned guard is dropped); `None` for a plain file.
pub fn decrypted_copy(file: &Path) -> Result<Option<(tempfile::TempDir, PathBuf)>> {
    // A file that cannot be read is left to the plain path, which says why in its own words.
    if !crypto::file_is_encrypted(file).unwrap_or(false) {
        return Ok(None);
    }
    let pass = passphrase(false)?;
    let dir = tempfile::Builder::new()
        .prefix("dosediary-")
        .tempdir()
        .context("cannot make a private temporary folder")?;
    let plain = dir.path().join("plain");
    let mut w = std::fs::OpenOptions::new();
    w.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        w.mode(0o600);
    }
    let mut f = w.open(&plain)?;
    let input = std::fs::File::open(file)?;
    crypto::decrypt_into(input, &mut f, &pass)
        .map_err(|e| anyhow::anyhow!("{}: {e}; nothing was changed", file.display()))?;
    f.sync_all()?;
    Ok(Some((dir, plain)))
}

/// `export --format fhir`.
pub fn fhir_export(
    file: Option<PathBuf>,
    encrypt: bool,
    ctx: &Ctx,
    out: &mut dyn Write,
) -> Result<()> {
    let d = ctx.open_reading()?;
    let j = d.judged(None)?;
    let name = crate::config::config_path()
        .and_then(|p| crate::config::load_config(&p).ok().flatten())
        .and_then(|c| c.patient_name());
    let cat = d.catalog;
    let patient = crate::config::patient().unwrap_or_default();
    let signs_of = |text: &str| -> Vec<String> {
        crate::safety::text::analyze_for(text, &patient)
            .signs
            .iter()
            .filter(|s| s.present())
            .map(|s| s.id.clone())
            .collect()
    };
    let bundle = fhir::bundle(&FhirInput {
        patient_name: name.as_deref(),
        entries: &j.entries,
        regimens: &j.regimens,
        flags: &j.flags,
        catalog: cat,
        signs_of: &signs_of,
        generated: ctx.now,
    });
    let mut text = serde_json::to_vec_pretty(&bundle)?;
    text.push(b'\n');
    let bytes = seal(text, encrypt, file.is_some())?;
    write_bytes(file, &bytes, encrypt, out)
}

/// `ics [--out FILE] [--days N]`.
pub fn ics_cmd(file: Option<PathBuf>, days: u32, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let d = ctx.open_reading()?;
    let regimens = d.store.regimens()?;
    let mut dates = Vec::new();
    if let Some(s) = d.supply(&regimens, ctx.now)?
        && let Some(run_out) = s.run_out
    {
        dates.push(DueDate {
            key: "supply-runout",
            date: run_out.with_timezone(&ctx.tz).date_naive(),
            summary: "Baclofen tablets run out".into(),
            description: format!(
                "At the doses prescribed, the tablets run out on {}. Ask your pharmacy or prescriber for a refill before then: running out means stopping suddenly, and withdrawal can begin within 12-72 hours.",
                run_out.format("%a %-d %b %H:%M")
            ),
        });
    }
    let pump = d.store.pump_history()?;
    if let Some(p) = crate::safety::pump::status(&pump, ctx.now, &ctx.tz) {
        if let Some(by) = p.refill_needed_by {
            dates.push(pump_date(
                "pump-refill",
                by,
                "Pump refill needed by today",
                "The baclofen pump must be refilled by this day. Never let a refill slip: an empty pump stops the drug suddenly, which can be life-threatening. Call the pump clinic to book it.",
            ));
        }
        if let Some(by) = p.replacement_by {
            dates.push(pump_date(
                "pump-replacement",
                by,
                "Pump replacement due (battery)",
                "The pump's elective replacement indicator was reached; the pump can stop around this day. Make sure the replacement is booked with the pump clinic.",
            ));
        }
    }
    if regimens.is_empty() && dates.is_empty() {
        bail!(
            "there is nothing to put in a calendar yet: set the regimen first with `dosediary regimen set --dose MG --times HH:MM,...`; nothing was written"
        );
    }
    let dose_at = |r: &Regimen, slot: usize| -> Amount {
        r.times
            .get(slot)
            .map(|t| r.dose_at(*t))
            .unwrap_or(r.dose_mcg)
    };
    let tzid = ics::tzid();
    let text = ics::calendar(
        &IcsInput {
            regimens: &regimens,
            dose_at: &dose_at,
            dates: &dates,
            now: ctx.now,
            days,
            tzid: &tzid,
        },
        &ctx.tz,
    );
    write_bytes(file, text.as_bytes(), true, out)
}

fn pump_date(key: &'static str, date: NaiveDate, summary: &str, description: &str) -> DueDate {
    DueDate {
        key,
        date,
        summary: summary.into(),
        description: description.into(),
    }
}

/// `remind [--json]`: what is newly due, once each; `SomethingDue` (exit 3) when anything was.
pub fn remind_cmd(json: bool, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut d = ctx.open_existing_or_fail()?;
    let snap = d.today()?;
    let items = remind::due(&snap.today, ctx.now);
    let seen = d.store.reminded()?;
    let total = items.len();
    let fresh = remind::fresh(items, &seen);
    d.store
        .mark_reminded(fresh.iter().map(|r| r.key.as_str()), ctx.now)?;
    if json {
        let v = serde_json::json!({
            "now": ctx.local_now().to_rfc3339(),
            "items": fresh,
            "already_reminded": total - fresh.len(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        for r in &fresh {
            writeln!(out, "{}", r.text)?;
        }
    }
    out.flush()?;
    if fresh.is_empty() {
        Ok(())
    } else {
        Err(SomethingDue.into())
    }
}

/// How many days ahead `ics` writes dose events.
pub fn days_in_range(s: &str) -> std::result::Result<u32, String> {
    let n: u32 = s
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a number of days; accepted: 1 to 3660"))?;
    if !(1..=3660).contains(&n) {
        return Err(format!("{n} days is out of range; accepted: 1 to 3660"));
    }
    Ok(n)
}
