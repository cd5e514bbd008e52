//! The application layer: a [`Diary`] is the store, the clock, the catalog and the time zone, with
//! every operation the front ends share (log, edit, delete, undo, today, flags, supply, backup).
//! `cli`, `tui` and `report` call it and never each other; it calls `store` for data and
//! `safety` for judgement, and hands back plain values to draw.

pub mod about;
pub mod judge;
pub mod remind;
pub mod report;
pub mod today;
pub mod trends;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, Duration, Local, TimeZone, Utc};

use crate::domain::{Amount, Entry, EntryKind, NewEntry, Regimen};
use crate::safety::supply::SupplyStatus;
use crate::safety::text::Patient;
use crate::safety::{self, Catalog, Flag};
use crate::store::{self, EntryEdit, Store, Undone};

pub use today::Today;

/// Where "now" comes from. Only `main` builds the real one (it passes `Utc::now` in); tests and
/// scripts use a fixed instant.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    fixed: Option<DateTime<Utc>>,
    read: fn() -> DateTime<Utc>,
}

fn unset() -> DateTime<Utc> {
    DateTime::<Utc>::MIN_UTC
}

impl Clock {
    /// A clock that reads the time from `read` each time it is asked.
    pub fn new(read: fn() -> DateTime<Utc>) -> Clock {
        Clock { fixed: None, read }
    }

    /// A clock that always says `now`.
    pub fn fixed(now: DateTime<Utc>) -> Clock {
        Clock {
            fixed: Some(now),
            read: unset,
        }
    }

    /// `DOSEDIARY_NOW` (RFC 3339) when set, for reproducible scripts and tests, else `read`.
    pub fn from_env(read: fn() -> DateTime<Utc>) -> Result<Clock> {
        match std::env::var("DOSEDIARY_NOW") {
            Ok(s) if !s.trim().is_empty() => DateTime::parse_from_rfc3339(s.trim())
                .map(|t| Clock::fixed(t.with_timezone(&Utc)))
                .map_err(|_| {
                    anyhow!(
                        "DOSEDIARY_NOW='{s}' is not an RFC 3339 time such as 2026-11-20T08:00:00+01:00"
                    )
                }),
            _ => Ok(Clock::new(read)),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.fixed.unwrap_or_else(self.read)
    }

    /// Whether the time stands still (tests, `DOSEDIARY_NOW`).
    pub fn is_fixed(&self) -> bool {
        self.fixed.is_some()
    }

    /// This clock stopped at its current reading: one command sees one instant.
    pub fn frozen(&self) -> Clock {
        Clock::fixed(self.now())
    }
}

/// Resolves the diary path: --db, DOSEDIARY_DB, or the platform default.
pub fn diary_path(db: Option<PathBuf>) -> Result<PathBuf> {
    match db {
        Some(p) if p.as_os_str().is_empty() => {
            bail!("--db is empty; give the path of a diary file")
        }
        Some(p) => Ok(p),
        None => {
            let p = store::default_path()
                .context("no home folder to keep the diary in; give one with --db PATH")?;
            store::secure_default_dir(&p);
            Ok(p)
        }
    }
}

/// The automatic backup on open; returns a line for the user when it failed (also printed on
/// stderr). A failed backup never blocks the user's action. A diary found damaged by the check
/// before the backup is an error (nothing is copied over the good backups).
pub fn auto_backup(st: &Store, now: DateTime<Utc>) -> Result<Option<String>, store::StoreError> {
    if std::env::var_os("DOSEDIARY_NO_AUTO_BACKUP").is_some_and(|v| !v.is_empty()) {
        return Ok(None);
    }
    let pass = if crate::config::backups_encrypted() {
        match crate::config::passphrase_from_env() {
            Some(p) => Some(p),
            None => {
                // Never a plaintext copy when the user asked for encrypted ones.
                if !st.backup_due(now)? {
                    return Ok(None);
                }
                let msg = "the automatic backup was skipped: backups are set to be encrypted ([backups] encrypt = true in the config) and DOSEDIARY_PASSPHRASE is not set; make one with `dosediary backup --encrypt`".to_string();
                eprintln!("dosediary: warning: {msg}");
                return Ok(Some(msg));
            }
        }
    } else {
        None
    };
    match st.backup_if_due_with(now, pass.as_ref()) {
        Ok(_) => Ok(None),
        Err(e @ store::StoreError::Corrupt { .. }) => Err(e),
        Err(e) => {
            let full = match &e {
                store::StoreError::Sqlite(sq) => {
                    sq.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull)
                }
                store::StoreError::Io(io) => io.raw_os_error() == Some(libc::ENOSPC),
                _ => false,
            };
            let why = if full {
                let free = store::free_space(&store::backup::backup_dir(st.path()))
                    .or_else(|| store::free_space(crate::files::parent_dir(st.path())))
                    .unwrap_or(0);
                format!(
                    "the disk is full: {} free, a backup needs about {}",
                    store::human_bytes(free),
                    store::human_bytes(std::fs::metadata(st.path()).map(|m| m.len()).unwrap_or(0))
                )
            } else {
                e.to_string()
            };
            let msg = format!(
                "the automatic backup into {} failed ({why}); your entries are safe in the diary, but check the folder",
                store::backup::backup_dir(st.path()).display()
            );
            eprintln!("dosediary: warning: {msg}");
            Ok(Some(msg))
        }
    }
}

/// The diary as the front ends see it.
pub struct Diary<Tz: TimeZone = Local> {
    pub store: Store,
    pub clock: Clock,
    pub catalog: &'static Catalog,
    pub tz: Tz,
    /// What the automatic backup on open had to say, when it failed.
    pub backup_problem: Option<String>,
    /// Who the diary is about and who writes it (the config's `[patient]`; see `setup`).
    pub patient: Patient,
}

/// Which flags a [`Snapshot`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagsRead {
    /// Those that can still be open (the last week): Today and `dosediary today`.
    Open,
    /// Every flag raised from this instant on (and the open ones, when it is later), judged in
    /// the bounded window the rules look back over: the range the Trends screen shows, or the
    /// pages of the Flags screen loaded so far.
    Since(DateTime<Utc>),
}

/// Everything the first frame and `today` need, read in one go.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The entries read (the whole history, or the recent slice asked for), oldest first.
    pub entries: Vec<Entry>,
    pub regimens: Vec<Regimen>,
    /// Flags with acknowledgements applied, oldest first.
    pub flags: Vec<Flag>,
    pub supply_events: Vec<crate::domain::SupplyEvent>,
    pub supply: Option<SupplyStatus>,
    /// The intrathecal pump's settings, refills and alarms (empty without a pump).
    pub pump: crate::domain::pump::PumpHistory,
    pub today: Today,
    /// Other medicines taken regularly (`med add`).
    pub medicines: Vec<crate::domain::Medicine>,
}

/// The history and its flags, as they stood at a time.
#[derive(Debug, Clone)]
pub struct Judged {
    pub entries: Vec<Entry>,
    pub regimens: Vec<Regimen>,
    pub flags: Vec<Flag>,
}

/// How many days of history the open flags need: the week they stay open plus the rules' look-back.
pub const RECENT_DAYS: i64 = safety::rules::OPEN_DAYS + safety::rules::LOOKBACK_DAYS;

impl Diary<Local> {
    /// Opens (creating if needed) the diary at `db` and makes the automatic backup when one is due.
    pub fn open(db: Option<PathBuf>, clock: Clock) -> Result<Diary> {
        let st = Store::open(&diary_path(db)?)?;
        Diary::new(st, clock, Local)
    }

    /// Opens the diary only when it exists (a read that must not create one).
    pub fn open_existing(db: Option<PathBuf>, clock: Clock) -> Result<Option<Diary>> {
        Store::open_existing(&diary_path(db)?)?
            .map(|st| Diary::new(st, clock, Local))
            .transpose()
    }

    /// An existing diary to change: "no diary at PATH" when there is none (nothing is created),
    /// and a read-only diary is refused.
    pub fn open_to_change(db: Option<PathBuf>, clock: Clock) -> Result<Diary> {
        let st = Store::open_with(&diary_path(db)?, store::OpenMode::Write)?;
        Diary::new(st, clock, Local)
    }

    /// An existing diary to read: "no diary at PATH" when there is none (nothing is created); a
    /// read-only diary is opened read-only.
    pub fn open_reading(db: Option<PathBuf>, clock: Clock) -> Result<Diary> {
        let st = Store::open_read(&diary_path(db)?)?;
        Diary::new(st, clock, Local)
    }

    /// The diary read-only when it exists, without the automatic backup (`check`, `card`).
    pub fn peek(db: Option<PathBuf>, clock: Clock) -> Result<Option<Diary>> {
        let path = diary_path(db)?;
        Ok(path
            .exists()
            .then(|| Store::open_read(&path))
            .transpose()?
            .map(|st| Diary::without_backup(st, clock, Local, None)))
    }
}

impl<Tz: TimeZone> Diary<Tz> {
    /// Wraps an open store; makes the automatic backup when one is due.
    pub fn new(store: Store, clock: Clock, tz: Tz) -> Result<Diary<Tz>> {
        let backup_problem = auto_backup(&store, clock.now())?;
        Ok(Diary::without_backup(store, clock, tz, backup_problem))
    }

    /// Wraps an open store as it is (the backup was dealt with by the caller).
    pub fn without_backup(
        store: Store,
        clock: Clock,
        tz: Tz,
        backup_problem: Option<String>,
    ) -> Diary<Tz> {
        Diary {
            store,
            clock,
            catalog: Catalog::builtin(),
            tz,
            backup_problem,
            // A config that cannot be read leaves the writer unknown, which reads he/she/they
            // as the patient too (nothing missed); `setup` and `card` name the broken file.
            patient: crate::config::patient().unwrap_or_default(),
        }
    }

    /// The same diary for `patient` (tests, and the app after `setup`).
    pub fn with_patient(mut self, patient: Patient) -> Diary<Tz> {
        self.patient = patient;
        self
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// A skip records the scheduled amount it stands for.
    pub fn with_scheduled_amount(&self, mut e: NewEntry) -> Result<NewEntry> {
        if let EntryKind::Dose {
            amount_mcg,
            skipped: true,
            ..
        } = &mut e.kind
        {
            // The dose of the slot it stands for (per-time doses differ).
            let regs = self.store.regimens()?;
            *amount_mcg = safety::regimen_at(&regs, e.at.with_timezone(&Utc))
                .map_or(Amount::from_mcg(0), |r| r.dose_near(e.at.time()));
        }
        Ok(e)
    }

    /// An entry like this one logged just before, when there is one.
    pub fn find_repeat(&self, new: &NewEntry) -> Result<Option<crate::domain::Repeat>> {
        self.reader().find_repeat(new)
    }

    /// Saves an entry (a skip with the scheduled amount it stands for).
    pub fn log(&mut self, e: NewEntry) -> Result<Entry> {
        let e = self.with_scheduled_amount(e)?;
        Ok(self.store.insert(&e, self.now())?)
    }

    pub fn edit(&mut self, id: i64, edit: &EntryEdit) -> Result<Entry> {
        Ok(self.store.edit(id, edit, self.now())?)
    }

    pub fn delete(&mut self, id: i64) -> Result<Entry> {
        Ok(self.store.delete(id, self.now())?)
    }

    pub fn undo(&mut self) -> Result<Option<Undone>> {
        Ok(self.store.undo(self.now())?)
    }

    /// Makes the newest undone change again (refused once something newer was changed).
    pub fn redo(&mut self) -> Result<Option<Undone>> {
        Ok(self.store.redo(self.now())?)
    }

    /// The read side at this instant.
    pub fn reader(&self) -> Reader<'_, Tz> {
        Reader {
            store: &self.store,
            now: self.now(),
            tz: &self.tz,
            catalog: self.catalog,
            patient: self.patient.clone(),
        }
    }

    pub fn mark_acknowledged(&self, flags: &mut [Flag]) -> Result<()> {
        self.reader().mark_acknowledged(flags)
    }

    pub fn judged(&self, as_of: Option<DateTime<Utc>>) -> Result<Judged> {
        self.reader().judged(as_of)
    }

    pub fn supply(&self, regimens: &[Regimen], at: DateTime<Utc>) -> Result<Option<SupplyStatus>> {
        self.reader().supply(regimens, at)
    }

    pub fn supply_summary(&self, s: &SupplyStatus) -> String {
        self.reader().supply_summary(s)
    }

    pub fn snapshot(&self, since: Option<DateTime<Utc>>, flags: FlagsRead) -> Result<Snapshot> {
        self.reader().snapshot(since, flags)
    }

    /// The doctor report's data (see [`report::ReportData`]).
    pub fn report_data(
        &self,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
        people: report::People,
    ) -> Result<report::ReportData> {
        self.reader().report_data(since, until, people)
    }

    /// Today as `dosediary today` shows it: a bounded read of the recent history.
    pub fn today(&self) -> Result<Snapshot> {
        self.snapshot(
            Some(self.now() - Duration::days(RECENT_DAYS)),
            FlagsRead::Open,
        )
    }
}

/// The read side of a diary at one instant: what the front ends load and judge. Borrowed, so a
/// front end that holds its own store (the app) loads through the same functions.
pub struct Reader<'a, Tz: TimeZone> {
    pub store: &'a Store,
    pub now: DateTime<Utc>,
    pub tz: &'a Tz,
    pub catalog: &'static Catalog,
    /// Who the diary is about (the config's `[patient]`).
    pub patient: Patient,
}

impl<'a, Tz: TimeZone> Reader<'a, Tz> {
    /// A reader for the patient of the config file.
    pub fn new(store: &'a Store, now: DateTime<Utc>, tz: &'a Tz) -> Reader<'a, Tz> {
        Reader {
            store,
            now,
            tz,
            catalog: Catalog::builtin(),
            patient: crate::config::patient().unwrap_or_default(),
        }
    }

    /// The same reader for `patient`.
    pub fn with_patient(mut self, patient: Patient) -> Reader<'a, Tz> {
        self.patient = patient;
        self
    }

    /// Marks the flags the user has seen.
    pub fn mark_acknowledged(&self, flags: &mut [Flag]) -> Result<()> {
        let seen = self
            .store
            .mark_acknowledged(flags.iter().map(|f| f.key.as_str()))?;
        for (f, seen) in flags.iter_mut().zip(seen) {
            f.acknowledged = seen;
        }
        Ok(())
    }

    /// The whole history and its flags as they stood at `as_of` (default now), acknowledgements
    /// applied.
    pub fn judged(&self, as_of: Option<DateTime<Utc>>) -> Result<Judged> {
        let entries = self.store.all_entries()?;
        let regimens = self.store.regimens()?;
        let at = as_of.unwrap_or(self.now);
        let meds = self.store.medicines()?;
        let mut flags = safety::evaluate_full(
            &entries,
            &regimens,
            &meds,
            at,
            self.tz,
            self.catalog,
            &self.patient,
        );
        self.add_forecasts(&mut flags, &regimens, at)?;
        Ok(Judged {
            entries,
            regimens,
            flags,
        })
    }

    /// The supply as it stands at `at`, when tablets were ever recorded.
    pub fn supply(&self, regimens: &[Regimen], at: DateTime<Utc>) -> Result<Option<SupplyStatus>> {
        let events = self.store.supply_events()?;
        let Some(from) = safety::supply::reckon_from(&events, at) else {
            return Ok(None);
        };
        // Doses from the reckoning point, and all of today's (a day back covers any time zone).
        let from = from.min(at - Duration::days(2));
        let entries = self.store.entries_between(Some(from), None)?;
        Ok(safety::supply::status(
            &events, &entries, regimens, at, self.tz,
        ))
    }

    /// The `supply_low` flag as it stands at `at`, if any.
    pub fn supply_flag(&self, regimens: &[Regimen], at: DateTime<Utc>) -> Result<Option<Flag>> {
        Ok(self
            .supply(regimens, at)?
            .and_then(|s| safety::supply::flag(&s, at, self.tz, self.catalog)))
    }

    /// The supply in one line, e.g. "23 tablets of 10 mg, until Sat 5 Dec".
    pub fn supply_summary(&self, s: &SupplyStatus) -> String {
        safety::supply::summary(s, self.now, self.tz)
    }

    /// The one loading function of Today, shared by `today` and the app: entries since `since`
    /// (`None`: the whole history), the regimens, the flags `read` asks for, the supply, and the
    /// Today view model.
    pub fn snapshot(&self, since: Option<DateTime<Utc>>, read: FlagsRead) -> Result<Snapshot> {
        let now = self.now;
        let entries = self.store.entries_between(since, None)?;
        let regimens = self.store.regimens()?;
        let medicines = self.store.medicines()?;
        let supply_events = self.store.supply_events()?;
        let supply = self.supply(&regimens, now)?;
        let pump = self.store.pump_history()?;
        let flags = match read {
            // Never later than the open ones: Today shows them on every screen.
            FlagsRead::Since(from) => {
                let open = now - Duration::days(safety::rules::OPEN_DAYS);
                self.judged_since(from.min(open))?.flags
            }
            FlagsRead::Open => {
                let mut flags = safety::evaluate_recent_full(
                    &entries,
                    &regimens,
                    &medicines,
                    now,
                    self.tz,
                    self.catalog,
                    &self.patient,
                );
                flags.extend(
                    supply
                        .as_ref()
                        .and_then(|s| safety::supply::flag(s, now, self.tz, self.catalog)),
                );
                let pump_flags = safety::pump::flags(&pump, &flags, now, self.tz, self.catalog);
                flags.extend(pump_flags);
                flags.sort_by(|a, b| a.at.cmp(&b.at).then(b.urgency.cmp(&a.urgency)));
                self.mark_acknowledged(&mut flags)?;
                flags
            }
        };
        let mut today = today::today(&entries, &regimens, &flags, now, self.tz);
        today.pump = safety::pump::status(&pump, now, self.tz);
        today.pump_line = today.pump.as_ref().map(safety::pump::today_line);
        let mut today = today.with_supply(supply.clone(), now, self.tz);
        today.sedative_note = safety::regimen::sedative_statement(&medicines, now, self.catalog);
        Ok(Snapshot {
            entries,
            regimens,
            flags,
            supply_events,
            supply,
            pump,
            today,
            medicines,
        })
    }

    /// An entry like this one logged just before (a dose within the minimum spacing, the same
    /// symptom again), when there is one.
    pub fn find_repeat(&self, new: &NewEntry) -> Result<Option<crate::domain::Repeat>> {
        let at_utc = new.at.with_timezone(&Utc);
        let near = self.store.entries_between(
            Some(at_utc - Duration::days(1)),
            Some(at_utc + Duration::days(1)),
        )?;
        let spacing = Duration::hours(self.catalog.limits.min_spacing_hours);
        Ok(crate::domain::find_repeat(&near, new, self.now, spacing))
    }
}
