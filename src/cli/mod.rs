//! The command line: clap definitions and one handler per subcommand.
//! Every argument is checked before the diary is opened, so refused input writes nothing.

pub mod args;
pub mod ask;
pub mod files;
pub mod interop;
pub mod print;
pub mod pump;
pub mod regimen;
pub mod setup;
pub mod undo;

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, Duration, FixedOffset, Local, NaiveTime, Utc};
use clap::{Args, Parser, Subcommand};

use crate::diary::{Clock, Diary, diary_path};
use crate::domain::{About, Amount, EntryKind, NewEntry, RatingScale, When, clean_text};
use crate::safety::digest::Filter;
use crate::safety::{self, Catalog, Flag, Urgency};
use crate::store::{self, EntryEdit, Store};

#[derive(Debug, Parser)]
#[command(
    name = "dosediary",
    version,
    about = "A private diary for baclofen: doses, drowsiness, symptoms and red flags. Nothing leaves this machine.",
    long_about = "A private diary for baclofen: doses, drowsiness, symptoms and red flags.\n\
        With no command it opens the terminal app. Nothing leaves this machine.\n\n\
        WHEN accepts: 2026-11-20T08:00:00+01:00, 2026-11-20 08:00, 08:00 (today), yesterday 21:00, now, -90m, -2h, -1d.\n\
        AMOUNT accepts: 10, 10mg, 2.5 mg, 300mcg (never mL: liquid strengths differ 5-fold)."
)]
pub struct Cli {
    /// The diary file (default: the platform data dir, e.g. ~/.local/share/dosediary/diary.sqlite3)
    #[arg(long, global = true, env = "DOSEDIARY_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log a dose, symptom, drowsiness, spasticity or spasm rating, or intake
    #[command(subcommand)]
    Log(LogCmd),
    /// Set, show or plan the prescribed regimen (kept as history)
    #[command(subcommand)]
    Regimen(RegimenCmd),
    /// Other medicines taken regularly (gabapentin, an opioid...): add, stop, list
    #[command(subcommand)]
    Med(MedCmd),
    /// List entries
    List {
        #[arg(long)]
        json: bool,
        /// From this time (WHEN, or a date like 2026-11-01)
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        since: Option<When>,
        /// Up to this time
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        until: Option<When>,
    },
    /// Is it helping? Per day, per regimen step (with the change from the step before), drowsiness
    /// by hours since the last dose, and with/without comparisons. Numbers and dates, no advice
    #[command(long_about = "Is it helping? The diary's numbers, with no advice:\n\
            - per local day: mg taken and scheduled, drowsiness (mean and n), spasticity, spasms, symptoms by sign, alcohol and other intakes;\n\
            - per regimen step: from, to, mg a day, days, mean spasticity and drowsiness with n (days rated), the change from the step before in points and %, marking a fall of spasticity by 30% or more (the usual threshold of a meaningful response);\n\
            - drowsiness by hours since the last dose, n per bin and the bin where it peaks (among bins of 3 ratings or more);\n\
            - with and without: alcohol or another medicine within 12 h, a dose 1 h or more late, the latest step against the one before, only when each side has 3 days or more: an association, not a cause.\n\
            The period defaults to the last 90 days, starting no earlier than the diary's first entry.")]
    Trends {
        #[arg(long)]
        json: bool,
        /// From this day (WHEN, or a date like 2026-11-01)
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        since: Option<When>,
        /// Up to this day
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        until: Option<When>,
    },
    /// Next dose due, today's doses and total, open flags
    Today {
        #[arg(long)]
        json: bool,
    },
    /// Analyse a text for warning signs without saving it
    Check {
        #[arg(long)]
        json: bool,
        /// The text to check, e.g. "shaking and feverish since I ran out"
        #[arg(value_name = "TEXT", num_args = 1.., required = true)]
        text: Vec<String>,
    },
    /// Red flags over the history, as they stood at --as-of
    Flags {
        /// Every flag as JSON, with its key (for --ack)
        #[arg(long)]
        json: bool,
        /// Only flags raised from this time (WHEN, or a date like 2026-11-01)
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        since: Option<When>,
        /// Judge the history as it stood at this time (later entries are ignored)
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        as_of: Option<When>,
        /// Mark a flag as seen (its key is in the JSON output); it stays listed, dimmed
        #[arg(long, value_name = "KEY")]
        ack: Option<String>,
        /// Show only flags of this urgency or above
        #[arg(long, value_name = "LEVEL", value_parser = args::choice::<Urgency>())]
        urgency: Option<Urgency>,
        /// Mark every routine flag as seen at once (urgent and emergency flags are never included)
        #[arg(long, conflicts_with = "ack")]
        ack_routine: bool,
    },
    /// Undo the last change (log, edit, delete, regimen, supply, pump or medicine change); repeat to go further back
    #[command(
        long_about = "Undo the last change (log, edit, delete, regimen, supply, pump or medicine change), wherever it was made (here or in the app); repeat to go further back.\n\
            Undo stops at a restore: everything before it was replaced by the backup (the diary as it was before the restore is kept, and `dosediary restore` brings it back)."
    )]
    Undo,
    /// Redo what the last undo took back; refused once anything new has been changed since
    #[command(
        long_about = "Redo what the last undo took back (repeat after several undos to bring them back newest first).\n\
            Refused once anything new has been changed after the undo: redo never replays a change over newer ones."
    )]
    Redo,
    /// Change an entry (its original recording time is kept)
    Edit(EditArgs),
    /// Delete an entry (undo brings it back)
    Delete {
        /// The entry id, from `dosediary list`
        #[arg(value_name = "ID", allow_hyphen_values = true, value_parser = args::entry_id)]
        id: i64,
    },
    /// Export entries as CSV or JSON (the diary's own formats), or as a FHIR R4 Bundle
    Export {
        /// What to write
        #[arg(long, value_name = "csv|json|fhir", value_parser = args::choice::<args::ExportFormat>())]
        format: args::ExportFormat,
        /// The file to write (default: print it)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Entries from this time (WHEN, or a date like 2026-11-01; csv and json)
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        since: Option<When>,
        /// Entries up to this time (csv and json)
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        until: Option<When>,
        /// Encrypt the file with a passphrase (age; from DOSEDIARY_PASSPHRASE or asked for)
        #[arg(long)]
        encrypt: bool,
    },
    /// Import a JSON export; entries already present are skipped
    Import { file: PathBuf },
    /// Write the report for the doctor: one self-contained HTML file, and/or a PDF printed by a
    /// headless Chromium (the last 91 days unless --since, never before the diary's first entry)
    Report {
        /// From this day (WHEN, or a date like 2026-08-01)
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        since: Option<When>,
        /// Up to this day (default: now)
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        until: Option<When>,
        /// The HTML report (prints on A4 and Letter from any browser)
        #[arg(long, value_name = "FILE.html")]
        out: Option<PathBuf>,
        /// Also (or instead) a PDF, printed by Chromium or Google Chrome if installed
        #[arg(long, value_name = "FILE.pdf")]
        pdf: Option<PathBuf>,
        /// Paper for the PDF (default a4)
        #[arg(long, value_name = "a4|letter", value_parser = args::choice::<crate::report::pdf::Paper>())]
        paper: Option<crate::report::pdf::Paper>,
    },
    /// Tablets on hand: add a pack, record a count, or show when they run out
    #[command(subcommand)]
    Supply(SupplyCmd),
    /// The intrathecal baclofen pump: settings, refills, alarms, and when a refill is needed
    #[command(subcommand)]
    Pump(pump::PumpCmd),
    /// The emergency card: regimen, "do not stop suddenly", withdrawal signs, contacts; printed
    /// as text, or with --out as a wallet-size HTML card (name and contacts come from the config
    /// file, e.g. ~/.config/dosediary/config.toml, or DOSEDIARY_CONFIG)
    Card {
        #[arg(long, value_name = "FILE.html")]
        out: Option<PathBuf>,
    },
    /// Who the diary is about and who writes it (self or caregiver), other names for the
    /// patient, the prescriber and the emergency contact; asked on a terminal, or from flags
    /// (or one answer per line on stdin) in scripts. Writes the config file (0600).
    Setup(setup::SetupArgs),
    /// Make a backup now into the backups folder beside the diary (one is also made
    /// automatically on open when the newest is over a day old; 7 daily and 4 weekly are kept)
    Backup {
        /// List the backups instead of making one
        #[arg(long)]
        list: bool,
        /// Encrypt the backup with a passphrase (age; from DOSEDIARY_PASSPHRASE or asked for);
        /// `[backups] encrypt = true` in the config does this for every backup
        #[arg(long)]
        encrypt: bool,
    },
    /// Write the dose times (and the dates that must not slip: tablets running out, pump refill
    /// and replacement) as an iCalendar file with alarms, for a calendar app
    Ics {
        /// The .ics file (default: print it)
        #[arg(long, value_name = "FILE.ics")]
        out: Option<PathBuf>,
        /// How many days ahead the dose events run (1-3660)
        #[arg(long, value_name = "N", default_value = "90", allow_hyphen_values = true,
              value_parser = interop::days_in_range)]
        days: u32,
    },
    /// Check once what is due now (a dose, a drowsiness rating, a refill, an open urgent flag);
    /// prints each new item once. Exit status: 0 nothing new, 3 something new. For a timer:
    /// see contrib/ (systemd, cron, launchd)
    Remind {
        #[arg(long)]
        json: bool,
    },
    /// Replace the diary with a backup; the diary as it is now is kept as a backup first
    Restore {
        /// A backup, e.g. from `dosediary backup --list`, or another diary file
        file: PathBuf,
    },
    /// Fill the diary with realistic sample data
    Demo {
        /// How many days of sample data, ending now (1-36500)
        #[arg(long, value_name = "N", default_value = "60", allow_hyphen_values = true, value_parser = args::demo_days)]
        days: u32,
        /// The same seed gives the same sample diary
        #[arg(long, value_name = "N", default_value = "1", allow_hyphen_values = true, value_parser = args::seed)]
        seed: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum LogCmd {
    /// A dose taken: AMOUNT as 10, 10mg, 2.5 mg or 300mcg
    Dose {
        #[arg(value_name = "AMOUNT", allow_hyphen_values = true, value_parser = args::amount)]
        amount: Amount,
        /// An as-needed dose (allowed by the regimen's --as-needed): it never stands in for a
        /// scheduled dose, and counts toward the daily total and the spacing
        #[arg(long)]
        as_needed: bool,
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        at: Option<When>,
        #[arg(long, value_name = "TEXT", value_parser = args::note)]
        note: Option<String>,
    },
    /// A scheduled dose deliberately not taken
    Skip {
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        at: Option<When>,
        #[arg(long, value_name = "TEXT", value_parser = args::note)]
        note: Option<String>,
    },
    /// A symptom in your own words
    Symptom {
        #[arg(value_name = "TEXT", allow_hyphen_values = true, value_parser = args::text)]
        text: String,
        /// 0 (none) to 10 (worst)
        #[arg(long, value_name = "0-10", allow_hyphen_values = true, value_parser = args::severity)]
        severity: Option<u8>,
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        at: Option<When>,
        #[arg(long, value_name = "TEXT", value_parser = args::note)]
        note: Option<String>,
        /// Who this is about: the patient (a serious sign counts even if it reads as someone
        /// else's) or someone else. Without it, a terminal asks when it matters.
        #[arg(long, value_name = "WHO", value_parser = args::choice::<About>())]
        about: Option<About>,
    },
    /// A drowsiness rating, 0 (wide awake) to 10 (cannot stay awake)
    Drowsiness {
        #[arg(value_name = "0-10", allow_hyphen_values = true, value_parser = args::drowsiness)]
        rating: u8,
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        at: Option<When>,
        #[arg(long, value_name = "TEXT", value_parser = args::note)]
        note: Option<String>,
    },
    /// A dose of another regular medicine taken (one added with `med add NAME`)
    Med {
        /// The medicine's name, as in `dosediary med list`
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        at: Option<When>,
        #[arg(long, value_name = "TEXT", value_parser = args::note)]
        note: Option<String>,
    },
    /// Spasticity: the average stiffness over the last 24 hours, 0 (none) to 10 (worst
    /// imaginable); best rated at bedtime, the same time each day
    #[command(
        long_about = "Spasticity: the average stiffness over the last 24 hours, on the spasticity numeric rating scale from 0 (no stiffness) to 10 (worst imaginable).\n\
            Rate it at bedtime, the same time each day, so the days compare. `dosediary trends` sets it against the dose steps."
    )]
    Spasticity {
        #[arg(value_name = "0-10", allow_hyphen_values = true, value_parser = args::spasticity)]
        rating: u8,
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        at: Option<When>,
        #[arg(long, value_name = "TEXT", value_parser = args::note)]
        note: Option<String>,
    },
    /// Spasm frequency over the last 24 hours: 0 none, 1 only when stimulated, 2 less than once
    /// an hour, 3 1-10 an hour, 4 more than 10 an hour
    Spasms {
        #[arg(value_name = "0-4", allow_hyphen_values = true, value_parser = args::spasms)]
        rating: u8,
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        at: Option<When>,
        #[arg(long, value_name = "TEXT", value_parser = args::note)]
        note: Option<String>,
    },
    /// Alcohol or another medicine, e.g. "2 beers", "oxycodone 5mg"
    Intake {
        #[arg(value_name = "TEXT", allow_hyphen_values = true, value_parser = args::text)]
        text: String,
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        at: Option<When>,
        #[arg(long, value_name = "TEXT", value_parser = args::note)]
        note: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RegimenCmd {
    /// Set the prescribed regimen from now, or a planned step (titration or taper) from a later
    /// --from; earlier regimens are kept
    #[command(
        long_about = "Set the prescribed regimen from now, or from --from WHEN.\n\
        A --from in the future is a planned step of a titration or taper: `regimen plan` lists the\n\
        steps ahead and `regimen cancel STEP` removes one. A planned reduction is judged at once:\n\
        a fall of half or more within 3 days is flagged as a rapid reduction.\n\n\
        Examples:\n  \
        dosediary regimen set --dose 10,10,20 --times 08:00,14:00,22:00\n  \
        dosediary regimen set --dose 15 --times 08:00,14:00,20:00 --from 'thursday 08:00' --planned-taper\n  \
        dosediary regimen set --dose 40 --times 08:00,13:00,19:00 --max-daily 120 --prescribed-above-label\n  \
        dosediary regimen set --dose 10 --times 08:00,20:00 --as-needed 10 --as-needed-max-daily 20 --as-needed-min-gap 4h"
    )]
    Set(regimen::SetArgs),
    /// Show the regimen in force and its history
    Show {
        #[arg(long)]
        json: bool,
    },
    /// The planned steps ahead (regimens set to start later), with their step numbers
    Plan {
        #[arg(long)]
        json: bool,
    },
    /// Remove a planned step that has not started (its number is in `regimen plan`); undo brings it back
    Cancel {
        /// The step number from `dosediary regimen plan`
        #[arg(value_name = "STEP", allow_hyphen_values = true, value_parser = args::step)]
        step: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum MedCmd {
    /// Add a medicine taken regularly; with --class the rules know it (e.g. a daily sedative is
    /// stated once instead of flagged with every dose)
    Add {
        /// The name on the pack, e.g. gabapentin
        #[arg(value_name = "NAME")]
        name: String,
        /// The dose as written, e.g. "300 mg"
        #[arg(long, value_name = "TEXT")]
        dose: Option<String>,
        /// Times it is taken, e.g. 08:00,20:00
        #[arg(long, value_name = "HH:MM[,HH:MM...]", value_parser = args::sorted_times)]
        // `std::vec::Vec`: one value holding the list (clap reads a plain `Vec` as repeated values).
        times: Option<std::vec::Vec<NaiveTime>>,
        /// Interaction class: alcohol is not one; e.g. opioid, benzodiazepine, anticonvulsant
        #[arg(long, value_name = "CLASS", value_parser = args::med_class)]
        class: Option<String>,
        /// Taken since (default now)
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::plan_when)]
        from: Option<When>,
    },
    /// Stop a medicine (it stays in the history)
    Stop {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
        at: Option<When>,
    },
    /// The medicines taken now, and stopped ones
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SupplyCmd {
    /// Tablets added to what is on hand, e.g. `supply add 90 --strength 10` for a new pack
    Add {
        /// Number of tablets added (1 or more)
        #[arg(value_name = "COUNT", allow_hyphen_values = true, value_parser = args::tablets_added)]
        count: u32,
        #[command(flatten)]
        pack: SupplyArgs,
    },
    /// What is really on hand, counted: the stock is reckoned from here, e.g. `supply count 23 --strength 10`
    Count {
        /// Number of tablets on hand (0 when none are left)
        #[arg(value_name = "COUNT", allow_hyphen_values = true, value_parser = args::tablets_counted)]
        count: u32,
        #[command(flatten)]
        pack: SupplyArgs,
    },
    /// Tablets left and the projected run-out under the regimen
    Show {
        #[arg(long)]
        json: bool,
    },
}

/// What `supply add` and `supply count` share besides the count.
#[derive(Debug, Args)]
pub struct SupplyArgs {
    /// The strength of one tablet in mg, as on the pack: 5, 10, 15, 20, 25, 30 or 40
    #[arg(long, value_name = "MG", allow_hyphen_values = true, value_parser = crate::domain::parse_strength)]
    pub strength: Amount,
    /// When (default: now)
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
    pub at: Option<When>,
    #[arg(long, value_name = "TEXT", value_parser = args::note)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The entry id, from `dosediary list`
    #[arg(value_name = "ID", allow_hyphen_values = true, value_parser = args::entry_id)]
    pub id: i64,
    /// New time (WHEN)
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = args::when)]
    pub at: Option<When>,
    /// New amount (doses)
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true, value_parser = args::amount)]
    pub amount: Option<Amount>,
    /// New text (symptoms, intakes)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = args::text)]
    pub text: Option<String>,
    /// New severity (symptoms, drowsiness), or the new rating (spasticity 0-10, spasms 0-4)
    #[arg(long, value_name = "0-10", allow_hyphen_values = true, value_parser = args::severity)]
    pub severity: Option<u8>,
    /// New note; --note '' removes the note
    #[arg(long, value_name = "TEXT", value_parser = args::edit_note)]
    pub note: Option<String>,
    /// Who a symptom is about: the patient (its serious signs count) or someone else
    #[arg(long, value_name = "WHO", value_parser = args::choice::<About>())]
    pub about: Option<About>,
}

/// One end of a time range, when given.
pub type Bound = Option<DateTime<Utc>>;

/// What every handler is given: the diary's location, the clock stopped at the command's
/// instant, and the time zone.
pub struct Ctx {
    pub db: Option<PathBuf>,
    pub clock: Clock,
    pub now: DateTime<Utc>,
    pub tz: Local,
}

impl Ctx {
    pub fn new(db: Option<PathBuf>, clock: Clock) -> Ctx {
        let clock = clock.frozen();
        Ctx {
            db,
            now: clock.now(),
            clock,
            tz: Local,
        }
    }
    pub fn local_now(&self) -> DateTime<Local> {
        self.now.with_timezone(&self.tz)
    }
    /// `--at`: now when not given; else from 1900 to now + 5 minutes.
    pub fn when(&self, w: Option<&When>) -> Result<DateTime<FixedOffset>> {
        match w {
            None => Ok(self.local_now().fixed_offset()),
            Some(w) => w
                .resolve(&self.local_now())
                .map_err(|e| anyhow!("--at: {e}")),
        }
    }
    /// `--since` and `--until` together; refused when --since comes after --until.
    pub fn range(&self, since: Option<&When>, until: Option<&When>) -> Result<(Bound, Bound)> {
        let s = self.bound("--since", since)?;
        let u = self.bound("--until", until)?;
        if let (Some(a), Some(b), Some(since), Some(until)) = (s, u, since, until)
            && a > b
        {
            bail!(
                "--since {} is after --until {}; accepted: a --since that comes before --until",
                since.raw(),
                until.raw()
            );
        }
        Ok((s, u))
    }
    /// A range bound: WHEN, or a plain date (local midnight); may lie in the future.
    pub fn bound(&self, flag: &str, w: Option<&When>) -> Result<Option<DateTime<Utc>>> {
        let Some(w) = w else { return Ok(None) };
        w.instant(&self.local_now())
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|e| anyhow!("{flag}: {e}"))
    }
    /// Opens (creating if needed) the diary, with the automatic backup when one is due.
    pub fn open(&self) -> Result<Diary> {
        Diary::open(self.db.clone(), self.clock)
    }
    /// Opens the diary only when it exists.
    pub fn open_existing(&self) -> Result<Option<Diary>> {
        Diary::open_existing(self.db.clone(), self.clock)
    }
    /// An existing diary to change; none is created, a read-only one is refused.
    fn open_existing_or_fail(&self) -> Result<Diary> {
        Diary::open_to_change(self.db.clone(), self.clock)
    }
    /// An existing diary to read; none is created.
    pub fn open_reading(&self) -> Result<Diary> {
        Diary::open_reading(self.db.clone(), self.clock)
    }
    /// The diary read-only when it exists, without the automatic backup.
    pub fn peek(&self) -> Result<Option<Diary>> {
        Diary::peek(self.db.clone(), self.clock)
    }
}

/// Rewrites an error that comes from a damaged diary file into the one line that names the
/// `restore` command and the newest good backup (SQLite's own text is kept once, in brackets).
pub fn explain_error(e: anyhow::Error, db: Option<PathBuf>) -> anyhow::Error {
    enum Fault {
        Damaged(String),
        Full,
        ReadOnly,
    }
    let fault = e.chain().find_map(|c| {
        if let Some(io) = c.downcast_ref::<std::io::Error>()
            && io.raw_os_error() == Some(libc::ENOSPC)
        {
            return Some(Fault::Full);
        }
        let sq = match c.downcast_ref::<store::StoreError>() {
            Some(store::StoreError::Sqlite(sq)) => sq,
            Some(store::StoreError::Io(io)) if io.raw_os_error() == Some(libc::ENOSPC) => {
                return Some(Fault::Full);
            }
            Some(_) => return None,
            _ => c.downcast_ref::<rusqlite::Error>()?,
        };
        match sq.sqlite_error_code()? {
            rusqlite::ErrorCode::DatabaseCorrupt => Some(Fault::Damaged(sq.to_string())),
            rusqlite::ErrorCode::DiskFull => Some(Fault::Full),
            rusqlite::ErrorCode::ReadOnly => Some(Fault::ReadOnly),
            _ => None,
        }
    });
    let (Some(fault), Ok(path)) = (fault, diary_path(db)) else {
        return e;
    };
    match fault {
        Fault::Damaged(detail) => store::StoreError::damaged(&path, detail).into(),
        Fault::Full => store::StoreError::disk_full(&path).into(),
        Fault::ReadOnly => store::StoreError::ReadOnly(path).into(),
    }
}

/// Runs one subcommand. Output goes to `out`; errors are returned for `main` to print as one line.
pub fn run(cmd: Command, db: Option<PathBuf>, clock: Clock, out: &mut dyn Write) -> Result<()> {
    let ctx = &Ctx::new(db, clock);
    match cmd {
        Command::Log(l) => log(l, ctx, out),
        Command::Regimen(c) => regimen(c, ctx, out),
        Command::Med(c) => self::regimen::med(c, ctx, out),
        Command::List { json, since, until } => {
            let (since, until) = ctx.range(since.as_ref(), until.as_ref())?;
            let d = ctx.open_reading()?;
            let st = &d.store;
            let entries = st.entries_between(since, until.map(|u| u + Duration::seconds(1)))?;
            if json {
                let v: Vec<_> = entries.iter().map(print::entry_json).collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
            } else {
                print::entries(out, &entries)?;
            }
            Ok(())
        }
        Command::Today { json } => {
            let t = ctx.open_reading()?.today()?.today;
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&print::today_json(&t))?
                )?;
            } else {
                print::today(out, &t)?;
            }
            Ok(())
        }
        Command::Check { json, text } => check(json, &text, ctx, out),
        Command::Flags {
            json,
            since,
            as_of,
            ack,
            urgency,
            ack_routine,
        } => flags(
            FlagsOpts {
                json,
                since,
                as_of,
                ack,
                urgency,
                ack_routine,
            },
            ctx,
            out,
        ),
        Command::Undo => undo::undo(ctx, out),
        Command::Redo => undo::redo(ctx, out),
        Command::Edit(a) => edit(a, ctx, out),
        Command::Delete { id } => {
            let mut d = ctx.open_existing_or_fail()?;
            let st = &mut d.store;
            let e = st.delete(id, ctx.now)?;
            writeln!(
                out,
                "Deleted #{id}: {} {} at {}. `dosediary undo` brings it back.",
                e.kind.name(),
                e.kind.summary(),
                e.at.format("%a %-d %b %H:%M")
            )?;
            Ok(())
        }
        Command::Export {
            format,
            out: file,
            since,
            until,
            encrypt,
        } => {
            if format == args::ExportFormat::Fhir {
                if since.is_some() || until.is_some() {
                    bail!(
                        "--since/--until do not apply to a FHIR export (it is the whole diary, for a care team); accepted: export --format fhir [--out FILE] [--encrypt]"
                    );
                }
                interop::fhir_export(file, encrypt, ctx, out)
            } else {
                files::export(format, file, since, until, encrypt, ctx, out)
            }
        }
        Command::Import { file } => files::import(&file, ctx, out),
        Command::Report {
            since,
            until,
            out: file,
            pdf,
            paper,
        } => files::report(
            files::ReportArgs {
                since,
                until,
                out: file,
                pdf,
                paper,
            },
            ctx,
            out,
        ),
        Command::Supply(c) => supply_cmd(c, ctx, out),
        Command::Trends { json, since, until } => trends_cmd(json, since, until, ctx, out),
        Command::Pump(c) => pump::run(c, ctx, out),
        Command::Card { out: file } => files::card(file, ctx, out),
        Command::Setup(a) => setup::run(a, out),
        Command::Backup { list, encrypt } => backup_cmd(list, encrypt, ctx, out),
        Command::Ics { out: file, days } => interop::ics_cmd(file, days, ctx, out),
        Command::Remind { json } => interop::remind_cmd(json, ctx, out),
        Command::Restore { file } => restore_cmd(&file, ctx, out),
        Command::Demo { days, seed } => files::demo(days, seed, ctx, out),
    }
}

/// `regimen set` and `regimen show`.
fn regimen(c: RegimenCmd, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let cat = Catalog::builtin();
    match c {
        RegimenCmd::Set(a) => regimen::set(a, ctx, out),
        RegimenCmd::Plan { json } => regimen::plan(json, ctx, out),
        RegimenCmd::Cancel { step } => regimen::cancel(step, ctx, out),
        RegimenCmd::Show { json } => {
            let d = ctx.open_reading()?;
            let st = &d.store;
            let all = st.regimens()?;
            let current = safety::regimen_at(&all, ctx.now).cloned();
            let meds = st.medicines()?;
            let sedative = safety::regimen::sedative_statement(&meds, ctx.now, cat);
            let planned: Vec<String> = safety::regimen::planned_steps(&all, ctx.now)
                .iter()
                .map(|r| safety::regimen::step_line(r, ctx.now, &ctx.tz))
                .collect();
            if json {
                let v = serde_json::json!({
                    "current": current,
                    "history": all,
                    "planned": planned,
                    "above_label": current.as_ref().is_some_and(safety::regimen::above_label),
                    "sedative_note": sedative,
                });
                writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
            } else {
                print::regimen(out, current.as_ref(), &all)?;
                for p in &planned {
                    writeln!(out, "Planned: {p}.")?;
                }
                if let Some(s) = sedative {
                    writeln!(out, "{s}")?;
                }
            }
            Ok(())
        }
    }
}

/// `flags`: the history's flags as they stood at --as-of, or --ack KEY to mark one as seen.
/// The options of `flags`.
struct FlagsOpts {
    json: bool,
    since: Option<When>,
    as_of: Option<When>,
    ack: Option<String>,
    urgency: Option<Urgency>,
    ack_routine: bool,
}

fn flags(o: FlagsOpts, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let FlagsOpts {
        json,
        since,
        as_of,
        ack,
        urgency,
        ack_routine,
    } = o;
    let since = ctx.bound("--since", since.as_ref())?;
    let as_of = ctx.bound("--as-of", as_of.as_ref())?;
    let filter = urgency.map_or(Filter::All, Filter::AtLeast);
    let mut d = ctx.open_reading()?;
    let flags = d.judged(as_of)?.flags;
    if ack_routine {
        if d.store.is_read_only() {
            return Err(store::StoreError::ReadOnly(d.path().to_path_buf()).into());
        }
        let keys = safety::digest::routine_unacknowledged(&flags);
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        d.store.acknowledge_all(&keys, ctx.now)?;
        writeln!(
            out,
            "Acknowledged {} routine flag{}; urgent and emergency flags are unchanged.",
            keys.len(),
            if keys.len() == 1 { "" } else { "s" }
        )?;
        return Ok(());
    }
    if let Some(key) = ack {
        if !flags.iter().any(|f| f.key == key) {
            bail!("--ack: no flag with key '{key}'; `dosediary flags --json` lists the keys");
        }
        if d.store.is_read_only() {
            return Err(store::StoreError::ReadOnly(d.path().to_path_buf()).into());
        }
        d.store.acknowledge(&key, ctx.now)?;
        writeln!(
            out,
            "Acknowledged; the flag stays in the list, marked as seen."
        )?;
        return Ok(());
    }
    let flags: Vec<Flag> = flags
        .into_iter()
        .filter(|f| since.is_none_or(|s| f.at.with_timezone(&Utc) >= s))
        .filter(|f| filter.admits(f.urgency))
        .collect();
    if json {
        writeln!(out, "{}", print::flags_json(&flags)?)?;
    } else {
        let today = as_of.unwrap_or(ctx.now).with_timezone(&ctx.tz).date_naive();
        print::flags(out, &flags, &ctx.tz, today, filter)?;
    }
    Ok(())
}

fn supply_cmd(c: SupplyCmd, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let (kind, tablets, a) = match c {
        SupplyCmd::Show { json } => {
            let d = ctx.open_reading()?;
            let st = &d.store;
            let regimens = st.regimens()?;
            let s = d.supply(&regimens, ctx.now)?;
            if json {
                let v = serde_json::json!({
                    "supply": s,
                    "summary": s.as_ref().map(|s| safety::supply::summary(s, ctx.now, &ctx.tz)),
                    "events": st.supply_events()?,
                });
                writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
                return Ok(());
            }
            match s {
                None => writeln!(
                    out,
                    "No tablets recorded yet. Add a pack with: dosediary supply add 90 --strength 10"
                )?,
                Some(s) => {
                    writeln!(
                        out,
                        "Supply: {}.",
                        safety::supply::summary(&s, ctx.now, &ctx.tz)
                    )?;
                    if s.by_strength.len() > 1 {
                        for b in &s.by_strength {
                            writeln!(
                                out,
                                "  {}: {} tablet{} ({}){}",
                                b.strength,
                                b.tablets_left,
                                if b.tablets_left == 1.0 { "" } else { "s" },
                                Amount::from_mcg(b.on_hand_mcg.max(0) as u64),
                                if b.strength_mcg == s.strength_mcg {
                                    ", the open pack: doses are taken from it first"
                                } else {
                                    ""
                                }
                            )?;
                        }
                    }
                    writeln!(
                        out,
                        "Reckoned from {} ({}); doses logged since are taken off.",
                        s.since.format("%a %-d %b %Y %H:%M"),
                        if st
                            .supply_events()?
                            .iter()
                            .any(|e| e.kind == crate::domain::SupplyKind::Count && e.at == s.since)
                        {
                            "the latest count"
                        } else {
                            "the first pack added"
                        }
                    )?;
                    if let Some(f) = safety::supply::flag(&s, ctx.now, &ctx.tz, Catalog::builtin())
                    {
                        print::flag_block(out, &f)?;
                    }
                }
            }
            return Ok(());
        }
        SupplyCmd::Add { count, pack } => (crate::domain::SupplyKind::Add, count, pack),
        SupplyCmd::Count { count, pack } => (crate::domain::SupplyKind::Count, count, pack),
    };
    let strength = a.strength;
    let at = ctx.when(a.at.as_ref())?;
    let note = a.note;
    let mut d = ctx.open()?;
    let st = &mut d.store;
    let ev = st.add_supply(
        &crate::domain::NewSupply {
            kind,
            at,
            tablets,
            strength_mcg: strength,
            note,
        },
        ctx.now,
    )?;
    writeln!(
        out,
        "{} {} tablet{} of {} ({}) at {}.",
        if kind == crate::domain::SupplyKind::Add {
            "Added"
        } else {
            "Counted"
        },
        ev.tablets,
        if ev.tablets == 1 { "" } else { "s" },
        ev.strength_mcg,
        ev.total(),
        ev.at.format("%H:%M on %a %-d %b")
    )?;
    let regimens = st.regimens()?;
    if let Some(s) = d.supply(&regimens, ctx.now)? {
        writeln!(
            out,
            "Supply: {}.",
            safety::supply::summary(&s, ctx.now, &ctx.tz)
        )?;
        if let Some(f) = safety::supply::flag(&s, ctx.now, &ctx.tz, Catalog::builtin()) {
            print::flag_block(out, &f)?;
        }
    }
    Ok(())
}

fn backup_cmd(list: bool, encrypt: bool, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let path = diary_path(ctx.db.clone())?;
    if list {
        let files = store::backup::list(&path)?;
        if files.is_empty() {
            writeln!(
                out,
                "No backups yet in {}.",
                store::backup::backup_dir(&path).display()
            )?;
        }
        for f in &files {
            let size = std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0);
            writeln!(
                out,
                "{}  {:>8} KiB  {}{}",
                f.at.with_timezone(&ctx.tz).format("%a %-d %b %Y %H:%M"),
                size.div_ceil(1024),
                f.path.display(),
                if f.kind == store::backup::BackupKind::BeforeRestore {
                    "  (kept before a restore)"
                } else {
                    ""
                }
            )?;
        }
        return Ok(());
    }
    let st = path
        .exists()
        .then(|| Store::open_read(&path))
        .transpose()?
        .ok_or_else(|| {
            anyhow!(
                "there is no diary at {} yet; nothing to back up",
                path.display()
            )
        })?;
    let pass = if encrypt || crate::config::backups_encrypted() {
        Some(interop::passphrase(true)?)
    } else {
        None
    };
    let file = st.backup_now_with(ctx.now, store::backup::BackupKind::Regular, pass.as_ref())?;
    let kept = store::backup::list(&path)?.len();
    writeln!(
        out,
        "Backup written: {} ({} entries). Backups kept in {}: {} (the newest of each of the last 7 days, then one a week for 4 weeks).",
        file.display(),
        st.count_entries()?,
        store::backup::backup_dir(&path).display(),
        kept
    )?;
    Ok(())
}

fn restore_cmd(file: &std::path::Path, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    // Check the file before the diary is opened or created: a refused file changes nothing.
    // An encrypted backup is opened into a private temporary copy first.
    let plain = interop::decrypted_copy(file)?;
    let given = file;
    let file = plain.as_ref().map(|(_, p)| p.as_path()).unwrap_or(file);
    let summary = store::backup::inspect(file)?;
    let path = diary_path(ctx.db.clone())?;
    let (summary2, kept) = match Store::open(&path) {
        Ok(mut st) => st.restore_from_as(file, given, ctx.now)?,
        // Too damaged to open: replaced as a file, the damaged one kept beside the backups.
        Err(store::StoreError::Corrupt { .. }) => {
            let kept = store::backup::replace_damaged(&path, file, ctx.now)?;
            Store::open(&path)?.mark_restored(given, Some(&kept), ctx.now)?;
            (summary.clone(), Some(kept))
        }
        Err(e) => return Err(e.into()),
    };
    debug_assert_eq!(summary, summary2);
    writeln!(
        out,
        "Restored {}: {} entries, {} regimen changes{}.",
        given.display(),
        summary.entries,
        summary.regimens,
        summary
            .newest_entry
            .as_deref()
            .and_then(|n| DateTime::parse_from_rfc3339(n).ok())
            .map(|n| format!(
                ", the newest from {}",
                n.with_timezone(&ctx.tz).format("%a %-d %b %Y %H:%M")
            ))
            .unwrap_or_default()
    )?;
    if let Some(k) = kept {
        writeln!(
            out,
            "The diary as it was is kept at {}; `dosediary restore {}` brings it back.",
            k.display(),
            k.display()
        )?;
    }
    Ok(())
}

/// An as-needed dose needs a regimen that allows one (checked before anything is written).
fn check_as_needed(ctx: &Ctx, at: DateTime<FixedOffset>) -> Result<()> {
    let hint = "set one with `dosediary regimen set --dose MG --times HH:MM,... --as-needed MG`, or log it as a plain dose without --as-needed";
    let Some(d) = ctx.peek()? else {
        bail!("--as-needed: there is no regimen with an as-needed dose yet; {hint}");
    };
    let regs = d.store.regimens()?;
    match safety::regimen_at(&regs, at.with_timezone(&Utc)) {
        Some(r) if r.as_needed.is_some() => Ok(()),
        _ => bail!(
            "--as-needed: the regimen in force at {} has no as-needed dose; {hint}",
            at.format("%a %-d %b %H:%M")
        ),
    }
}

fn log(l: LogCmd, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    // Every value was read by clap; place the time, then ask (on a terminal) who a symptom is
    // about: refused input writes nothing and asks nothing.
    let rating = |scale, value| EntryKind::Rating { scale, value };
    let symptom = |text, severity, drowsiness_rating, about| EntryKind::Symptom {
        text,
        severity,
        drowsiness_rating,
        about,
    };
    let (mut kind, at, note) = match l {
        LogCmd::Med { name, at, note } => {
            return regimen::log_med(&name, at.as_ref(), note, ctx, out);
        }
        LogCmd::Dose {
            amount,
            as_needed,
            at,
            note,
        } => (
            EntryKind::Dose {
                amount_mcg: amount,
                skipped: false,
                as_needed,
            },
            at,
            note,
        ),
        LogCmd::Skip { at, note } => (
            EntryKind::Dose {
                amount_mcg: Amount::from_mcg(0),
                skipped: true,
                as_needed: false,
            },
            at,
            note,
        ),
        LogCmd::Symptom {
            text,
            severity,
            at,
            note,
            about,
        } => (symptom(text, severity, false, about), at, note),
        LogCmd::Drowsiness { rating, at, note } => (
            symptom("drowsiness".into(), Some(rating), true, None),
            at,
            note,
        ),
        LogCmd::Spasticity {
            rating: r,
            at,
            note,
        } => (rating(RatingScale::Spasticity, r), at, note),
        LogCmd::Spasms {
            rating: r,
            at,
            note,
        } => (rating(RatingScale::Spasms, r), at, note),
        LogCmd::Intake { text, at, note } => (EntryKind::Intake { text }, at, note),
    };
    let at = ctx.when(at.as_ref())?;
    if let EntryKind::Symptom {
        text,
        drowsiness_rating: false,
        about: about @ None,
        ..
    } = &mut kind
    {
        *about = ask::about_if_needed(text)?;
    }
    if kind.is_as_needed() {
        check_as_needed(ctx, at)?;
    }
    let mut d = ctx.open()?;
    let new = d.with_scheduled_amount(NewEntry { at, kind, note })?;
    if let Some(r) = d.find_repeat(&new)? {
        eprintln!(
            "Warning: {} This one is logged too; `dosediary undo` removes it.",
            r.sentence()
        );
    }
    let e = d.log(new)?;
    if let EntryKind::Rating { scale, value } = e.kind {
        writeln!(
            out,
            "Logged #{}: {} {value}/{} ({}) at {}.",
            e.id,
            scale.name(),
            scale.highest(),
            scale.meaning(value),
            e.at.format("%H:%M on %a %-d %b")
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "Logged #{}: {} {} at {}.",
        e.id,
        e.kind.name(),
        e.kind.summary(),
        e.at.format("%H:%M on %a %-d %b")
    )?;
    if let EntryKind::Symptom {
        text, about: None, ..
    } = &e.kind
    {
        let signs = ask::pending(text, &d.patient);
        if !signs.is_empty() {
            writeln!(
                out,
                "Not counted yet: {} If it is, answer with: dosediary edit {} --about patient",
                ask::question(&d.patient, &signs).trim_end_matches(" y/n"),
                e.id
            )?;
        }
    }
    logged_flags(&d, &e, ctx, out)
}

/// `check TEXT`: judged against the bounded window the rules look back over, not the whole
/// history (see diary::judge); without a diary, against nothing.
fn check(json: bool, text: &[String], ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let text = clean_text(&text.join(" "))?;
    let patient = crate::config::patient()?;
    let res = match ctx.peek()? {
        Some(d) => d.reader().with_patient(patient).check(&text)?,
        None => {
            let mut res = safety::check_text_for(&text, &patient, None, None, ctx.now, &ctx.tz);
            let pump = Default::default();
            safety::pump::check_for_pump(&mut res, &pump, ctx.now, &ctx.tz, Catalog::builtin());
            res
        }
    };
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&res)?)?;
    } else {
        print::check(out, &res)?;
    }
    Ok(())
}

/// What a new entry raises: its flags, and for a dose the day's total and the supply.
fn logged_flags(d: &Diary, e: &crate::domain::Entry, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    // Flags this entry raises, judged in the bounded window around it (see diary::judge).
    let flags = d.reader().judged_since(e.at.with_timezone(&Utc))?.flags;
    let mine: Vec<&Flag> = flags
        .iter()
        .filter(|f| {
            // A flag tied to another entry, and the forecasts made at "now" (supply, pump
            // refill, open pump alarms), are not this entry's.
            f.entry_id == Some(e.id)
                || (f.entry_id.is_none()
                    && f.kind == safety::FlagKind::Pattern
                    && f.at == e.at
                    && !matches!(
                        f.rule.as_str(),
                        "supply_low" | "pump_refill_due" | "pump_alarm_logged"
                    ))
        })
        .collect();
    for f in &mine {
        print::flag_block(out, f)?;
    }
    if mine.is_empty()
        && matches!(
            e.kind,
            EntryKind::Symptom {
                drowsiness_rating: false,
                ..
            }
        )
    {
        writeln!(out, "No warning sign found in this text.")?;
    }
    if matches!(e.kind, EntryKind::Dose { .. })
        && !mine.iter().any(|f| f.urgency >= Urgency::Urgent)
    {
        let t = crate::diary::today::today(
            &d.store
                .entries_between(Some(ctx.now - Duration::days(3)), None)?,
            &d.store.regimens()?,
            &[],
            ctx.now,
            &ctx.tz,
        );
        writeln!(
            out,
            "Today: {} of {} maximum.",
            t.total_mcg, t.max_daily_mcg
        )?;
    }
    if matches!(e.kind, EntryKind::Dose { .. }) {
        let regimens = d.store.regimens()?;
        if let Some(s) = d.supply(&regimens, ctx.now)? {
            writeln!(
                out,
                "Supply: {}.",
                safety::supply::summary(&s, ctx.now, &ctx.tz)
            )?;
            if let Some(f) = safety::supply::flag(&s, ctx.now, &ctx.tz, Catalog::builtin())
                .filter(|f| f.urgency >= Urgency::Urgent)
            {
                print::flag_block(out, &f)?;
            }
        }
    }
    Ok(())
}

fn trends_cmd(
    json: bool,
    since: Option<When>,
    until: Option<When>,
    ctx: &Ctx,
    out: &mut dyn Write,
) -> Result<()> {
    let (since, until) = ctx.range(since.as_ref(), until.as_ref())?;
    let d = ctx.open_reading()?;
    let r = d.reader();
    let (from, to) = r.period(since, until, 90)?;
    let t = r.trends(from, to)?;
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&t)?)?;
    } else {
        print::trends(out, &t)?;
    }
    Ok(())
}

/// `edit --about`: who a symptom is about; refused for anything else.
fn set_about(kind: &mut EntryKind, id: i64, who: About) -> Result<()> {
    match kind {
        EntryKind::Symptom {
            drowsiness_rating: false,
            about,
            ..
        } => {
            *about = Some(who);
            Ok(())
        }
        _ => bail!(
            "#{id}: --about is for symptoms only (who a symptom is about); this is a {}",
            kind.name()
        ),
    }
}

fn edit(a: EditArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let at = a.at.as_ref().map(|w| ctx.when(Some(w))).transpose()?;
    let amount = a.amount;
    let (text, severity, note, about) = (a.text, a.severity, a.note, a.about);
    if at.is_none()
        && amount.is_none()
        && text.is_none()
        && severity.is_none()
        && note.is_none()
        && about.is_none()
    {
        bail!(
            "nothing to change; accepted: --at WHEN, --amount AMOUNT, --text TEXT, --severity 0-10, --note TEXT, --about patient|other"
        );
    }
    let mut d = ctx.open_existing_or_fail()?;
    let st = &mut d.store;
    let cur = st
        .entry(a.id)?
        .ok_or(store::StoreError::NoSuchEntry(a.id))?;
    let mut kind = cur.kind.clone();
    if let Some(who) = about {
        set_about(&mut kind, a.id, who)?;
    }
    match &mut kind {
        EntryKind::Dose { amount_mcg, .. } => {
            if text.is_some() || severity.is_some() {
                bail!(
                    "#{} is a dose; accepted for doses: --at, --amount, --note",
                    a.id
                );
            }
            if let Some(x) = amount {
                *amount_mcg = x;
            }
        }
        EntryKind::Symptom {
            text: t,
            severity: s,
            drowsiness_rating,
            ..
        } => {
            if amount.is_some() {
                bail!(
                    "#{} is a symptom; accepted for symptoms: --at, --text, --severity, --note",
                    a.id
                );
            }
            if let Some(x) = text {
                if *drowsiness_rating {
                    bail!(
                        "#{} is a drowsiness rating; change it with --severity",
                        a.id
                    );
                }
                *t = x;
            }
            if severity.is_some() {
                *s = severity;
            }
        }
        EntryKind::Rating { scale, value } => {
            if amount.is_some() || text.is_some() {
                bail!(
                    "#{} is a {} rating; accepted for ratings: --at, --severity (the new rating), --note",
                    a.id,
                    scale.name()
                );
            }
            if let Some(s) = severity {
                *value = crate::domain::parse_rating(*scale, &s.to_string())
                    .map_err(|e| anyhow!("--severity: {e}"))?;
            }
        }
        EntryKind::Intake { text: t } | EntryKind::Med { name: t, .. } => {
            if amount.is_some() || severity.is_some() {
                bail!(
                    "#{} is an intake; accepted for intakes: --at, --text, --note",
                    a.id
                );
            }
            if let Some(x) = text {
                *t = x;
            }
        }
    }
    let note = match note {
        Some(n) if n.is_empty() => None,
        Some(n) => Some(n),
        None => cur.note.clone(),
    };
    let e = st.edit(
        a.id,
        &EntryEdit {
            at: at.unwrap_or(cur.at),
            kind,
            note,
        },
        ctx.now,
    )?;
    writeln!(
        out,
        "Changed #{}: {} {} at {} (first recorded {}).",
        e.id,
        e.kind.name(),
        e.kind.summary(),
        e.at.format("%H:%M on %a %-d %b"),
        e.recorded_at
            .with_timezone(&ctx.tz)
            .format("%a %-d %b %H:%M")
    )?;
    Ok(())
}
