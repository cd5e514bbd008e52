//! The handlers that write files: export, import, report, card and demo data.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, Duration, Utc};

use super::Ctx;
use crate::config::{EXAMPLE_CONFIG, config_path, load_config};
use crate::export::{export_csv, export_json_with_pump};
use crate::files::write_private;
use crate::report::card::Card;
use crate::report::{html, pdf};

pub fn export(
    format: super::args::ExportFormat,
    file: Option<PathBuf>,
    since: Option<crate::domain::When>,
    until: Option<crate::domain::When>,
    encrypt: bool,
    ctx: &Ctx,
    out: &mut dyn Write,
) -> Result<()> {
    let (since, until) = ctx.range(since.as_ref(), until.as_ref())?;
    let d = ctx.open_reading()?;
    let st = &d.store;
    let entries = st.entries_between(since, until.map(|u| u + Duration::seconds(1)))?;
    let content = if format == super::args::ExportFormat::Csv {
        export_csv(&entries)
    } else {
        export_json_with_pump(
            &entries,
            &st.regimens()?,
            &st.supply_events()?,
            &st.pump_history()?,
        )?
    };
    let bytes = super::interop::seal(content.into_bytes(), encrypt, file.is_some())?;
    super::interop::write_bytes(file, &bytes, encrypt, out)
}

pub fn import(file: &Path, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    // An encrypted export is read from a private temporary copy (removed at the end).
    let plain = super::interop::decrypted_copy(file)?;
    let file: &Path = plain.as_ref().map(|(_, p)| p.as_path()).unwrap_or(file);
    // First pass: the whole file is read and checked (in bounded memory) before the diary is
    // opened, so a refused file writes nothing.
    let mut total = 0usize;
    let header = crate::export::stream::read(file, ctx.now, &mut |_| {
        total += 1;
        Ok(())
    })?;
    let rest = crate::export::read_rest(&header, ctx.now)?;
    let (supply, pump) = (rest.supply.clone(), rest.pump.clone());
    drop(header);
    // Second pass: entries stream from a reader thread into one transaction.
    let mut d = ctx.open()?;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<crate::domain::Entry, String>>(1024);
    let path = file.to_path_buf();
    let now = ctx.now;
    let reader = std::thread::spawn(move || {
        let r = crate::export::stream::read(&path, now, &mut |e| {
            tx.send(Ok(e)).map_err(|_| anyhow!("the import stopped"))
        });
        if let Err(e) = &r {
            let _ = tx.send(Err(format!("{e:#}")));
        }
    });
    let mut entries = rx.into_iter();
    let mut reader = Some(reader);
    let mut rest = Some(rest);
    let mut take_rest = || {
        if let Some(h) = reader.take() {
            h.join()
                .map_err(|_| "the import's reader stopped".to_string())?;
        }
        rest.take()
            .ok_or_else(|| "the import ended early".to_string())
    };
    let (added, regs, sup, pumped) =
        d.store
            .import_stream(&mut entries, &mut take_rest, ctx.now)?;
    writeln!(
        out,
        "Imported {added} new entries and {regs} regimen changes ({} already present){}.",
        total - added,
        if supply.is_empty() {
            String::new()
        } else {
            format!("; {sup} of {} supply records", supply.len())
        }
    )?;
    let pump_rows = pump.settings.len() + pump.refills.len() + pump.alarms.len();
    if pump_rows > 0 {
        writeln!(
            out,
            "Pump: {pumped} of {pump_rows} settings, refills and alarms added ({} already present).",
            pump_rows - pumped
        )?;
    }
    Ok(())
}

pub struct ReportArgs {
    pub since: Option<crate::domain::When>,
    pub until: Option<crate::domain::When>,
    pub out: Option<PathBuf>,
    pub pdf: Option<PathBuf>,
    pub paper: Option<pdf::Paper>,
}

fn has_ext(p: &Path, ext: &str) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

pub fn report(a: ReportArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let (since, until) = ctx.range(a.since.as_ref(), a.until.as_ref())?;
    if a.out.is_none() && a.pdf.is_none() {
        bail!("report needs somewhere to go; accepted: --out FILE.html, --pdf FILE.pdf, or both");
    }
    if let Some(f) = &a.out
        && !has_ext(f, "html")
    {
        bail!(
            "--out {}: the report is an HTML file; accepted: a path ending in .html",
            f.display()
        );
    }
    if let Some(f) = &a.pdf
        && !has_ext(f, "pdf")
    {
        bail!("--pdf {}: accepted: a path ending in .pdf", f.display());
    }
    let paper = a.paper;
    if paper.is_some() && a.pdf.is_none() {
        bail!(
            "--paper is for the PDF; accepted with --pdf FILE.pdf (the HTML report fits A4 and Letter)"
        );
    }
    // Find the browser before anything is written.
    let chromium = match &a.pdf {
        Some(_) => Some(pdf::find_chromium().ok_or_else(|| {
            anyhow!(
                "--pdf needs a Chromium or Google Chrome and none was found; {}",
                pdf::INSTALL_HINT
            )
        })?),
        None => None,
    };
    let people = crate::diary::report::People::from_config()?;
    let d = ctx.open_reading()?;
    let html = html::render(&d.report_data(since, until, people)?);
    if let Some(f) = &a.out {
        write_private(f, html.as_bytes())?;
        writeln!(
            out,
            "Wrote the report to {}. Open it in a browser and print it (A4 or Letter).",
            f.display()
        )?;
    }
    if let (Some(f), Some(c)) = (&a.pdf, chromium) {
        pdf::print(&c, &html, paper.unwrap_or(pdf::Paper::A4), f)?;
        writeln!(
            out,
            "Wrote the PDF report to {} (printed by {}).",
            f.display(),
            c.display()
        )?;
    }
    Ok(())
}

pub fn demo(days: u32, seed: u64, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut d = ctx.open()?;
    let st = &mut d.store;
    if st.count_entries()? > 0 || !st.regimens()?.is_empty() {
        bail!(
            "{} already has entries; demo data goes only into an empty diary (try --db /tmp/demo.sqlite3)",
            st.path().display()
        );
    }
    let d = crate::demo::generate(days, seed, ctx.now, &ctx.tz);
    let recorded: Vec<DateTime<Utc>> = d
        .regimens
        .iter()
        .map(|r| r.effective_from.with_timezone(&Utc))
        .collect();
    let (added, regs) = st.import_all(&d.entries, &d.regimens, &recorded, ctx.now)?;
    writeln!(
        out,
        "Added {added} sample entries over {days} days and {regs} regimen changes to {}.",
        st.path().display()
    )?;
    Ok(())
}

pub fn card(file: Option<PathBuf>, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
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
    let (regimens, pump) = match ctx.peek()? {
        Some(d) => (d.store.regimens()?, d.store.pump_history()?),
        None => (Vec::new(), Default::default()),
    };
    let pump = crate::safety::pump::status(&pump, ctx.now, &ctx.tz);
    let card = Card::new(
        &cfg.clone().unwrap_or_default(),
        &regimens,
        ctx.now,
        crate::safety::Catalog::builtin(),
    )
    .with_pump(pump.as_ref());
    match &file {
        Some(f) => {
            write_private(f, card.html().as_bytes())?;
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
