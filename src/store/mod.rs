//! The diary file: the only module that speaks SQL.
//!
//! Every user action is one IMMEDIATE transaction; the connection runs in WAL mode with
//! synchronous=FULL, so a crash or power loss loses at most the action in flight.

pub mod backup;
pub mod journal;
pub mod pump;
pub mod schema;

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveTime, TimeZone, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use crate::domain::{
    About, Amount, Entry, EntryKind, Medicine, NewEntry, NewMedicine, NewRegimen, NewSupply,
    RatingScale, Regimen, SupplyEvent, SupplyKind,
};
pub use journal::{ChangeInfo, NextUndo, Origin, RestoreMark, Undone};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{0} is not a dosediary diary (it is not an SQLite file); it was left untouched. Give another path with --db"
    )]
    NotADiary(PathBuf),
    #[error(
        "{0} is an SQLite file of another program (it has tables the diary does not know); it was left untouched. Give another path with --db"
    )]
    ForeignDatabase(PathBuf),
    #[error(
        "{path} was written by a newer dosediary (schema {found}, this one knows up to {supported}); it was left untouched. Update dosediary to open it"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{}", damaged_line(path, detail, good_backup.as_deref()))]
    Corrupt {
        path: PathBuf,
        detail: String,
        /// The newest backup that passes the check, named in the message.
        good_backup: Option<PathBuf>,
    },
    #[error("{path} cannot be restored: {why}; the diary was not changed")]
    BadBackup { path: PathBuf, why: String },
    #[error(
        "cannot create the diary at {path}: {detail}. Check that the folder exists and is writable, or give another path with --db"
    )]
    Create { path: PathBuf, detail: String },
    #[error(
        "no diary at {0}; nothing was created. Check --db (or DOSEDIARY_DB), or start a diary: dosediary regimen set --dose 10 --times 08:00,14:00,20:00 (or dosediary log dose 10)"
    )]
    NoDiary(PathBuf),
    #[error(
        "{0} is read-only (its owner may not write it), so nothing was changed; reading commands (list, today, flags, export, report) still work. To log again, make it writable: chmod u+w {0}"
    )]
    ReadOnly(PathBuf),
    #[error(
        "{0} is read-only and was written by an older dosediary, which must upgrade it before reading; it was left as it is. Make it writable once (chmod u+w {0}) and run the command again"
    )]
    ReadOnlyOld(PathBuf),
    #[error(
        "the disk holding {} is full ({} free), so nothing was saved and the diary is as it was; it needs about {} free (its size, room to write and for its daily backup): free some space and try again",
        path.display(), human_bytes(*free), human_bytes(*needs)
    )]
    DiskFull {
        path: PathBuf,
        free: u64,
        needs: u64,
    },
    /// An import refused while it was read; nothing was imported.
    #[error("{0}")]
    Import(String),
    #[error("{0} is a folder; --db takes the path of a diary file, e.g. ~/diary.sqlite3")]
    IsADirectory(PathBuf),
    #[error("no entry with id {0}; `dosediary list` shows the ids")]
    NoSuchEntry(i64),
    #[error(
        "no planned step {0}; `dosediary regimen plan` lists the steps ahead with their numbers"
    )]
    NoSuchStep(i64),
    #[error(
        "step {0} is not planned: it started on {1}; only steps that have not started can be cancelled (set a new regimen instead)"
    )]
    StepStarted(i64, String),
    #[error(
        "cannot undo past the restore of {file} at {} UTC: everything before it was replaced by that backup{}",
        at.format("%Y-%m-%d %H:%M"),
        kept.as_ref().map(|k| format!("; the diary as it was before the restore is kept in {k} (`dosediary restore {k}` brings it back)")).unwrap_or_default()
    )]
    UndoRestore {
        at: DateTime<Utc>,
        file: String,
        kept: Option<String>,
    },
    #[error(
        "cannot redo: a newer change was made after the undo ({what}, at {} UTC); redo only brings back what undo took before anything new is changed",
        at.format("%Y-%m-%d %H:%M")
    )]
    RedoClosed { what: String, at: DateTime<Utc> },
    #[error("the diary file could not be read or written: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the diary file could not be migrated: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The one line for a damaged diary: what is wrong, that nothing was backed up over the good
/// copies, and the exact `restore` command for the newest good backup.
fn damaged_line(path: &Path, detail: &str, good: Option<&Path>) -> String {
    let fix = match good {
        Some(b) => format!(
            "the newest good backup is {}: `dosediary restore {}` brings it back (the damaged file is kept beside the backups)",
            b.file_name().unwrap_or_default().to_string_lossy(),
            b.display()
        ),
        None => format!(
            "no good backup was found in {}; copy the file somewhere safe before trying anything else",
            backup::backup_dir(path).display()
        ),
    };
    format!(
        "{} is damaged ({detail}); it was left untouched and no backup was made of it; {fix}",
        path.display()
    )
}

/// 1.2 MB, 340 KB, 12 bytes.
pub fn human_bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} bytes"),
        1_000..1_000_000 => format!("{} KB", n.div_ceil(1_000)),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}

/// Free bytes on the file system holding `dir` (for an unprivileged user).
pub fn free_space(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
        let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
        // SAFETY: `c` is a valid NUL-terminated path and `st` a valid out-pointer.
        if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
            return None;
        }
        Some(st.f_bavail as u64 * st.f_frsize as u64)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

impl StoreError {
    /// The disk holding the diary at `path` is full: how much is free and how much it needs.
    pub fn disk_full(path: &Path) -> StoreError {
        let size = |p: &Path| fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        let diary = size(path) + size(Path::new(&wal));
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        StoreError::DiskFull {
            path: path.to_path_buf(),
            free: free_space(dir).unwrap_or(0),
            // Room for the diary to grow by its own size once (a large import or the journal)
            // and for the daily backup, a copy of the same size; at least 1 MB.
            needs: (2 * diary).max(1_000_000),
        }
    }

    /// A damaged diary at `path`, with the newest good backup looked up.
    pub fn damaged(path: &Path, detail: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: detail.into(),
            good_backup: backup::newest_good(path).map(|b| b.path),
        }
    }

    /// True for SQLite's "the file is damaged" errors.
    pub fn is_damage(e: &rusqlite::Error) -> bool {
        matches!(
            e,
            rusqlite::Error::SqliteFailure(c, _) if c.code == rusqlite::ErrorCode::DatabaseCorrupt
        )
    }
}

/// What an import brings besides its entries (read after them).
#[derive(Debug, Clone, Default)]
pub struct ImportRest {
    pub regimens: Vec<NewRegimen>,
    pub regimen_recorded: Vec<DateTime<Utc>>,
    pub supply: Vec<SupplyEvent>,
    pub pump: crate::domain::pump::PumpHistory,
}

/// A file beside the diary while an import's transaction is open, so that a writer kept waiting
/// can say why ("the diary is busy importing").
struct ImportMarker(PathBuf);

impl ImportMarker {
    fn path_for(diary: &Path) -> PathBuf {
        let mut s = diary.as_os_str().to_owned();
        s.push("-importing");
        PathBuf::from(s)
    }
    fn new(diary: &Path) -> ImportMarker {
        let p = Self::path_for(diary);
        let _ = fs::write(&p, std::process::id().to_string());
        ImportMarker(p)
    }
}

impl Drop for ImportMarker {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// The busy handler of every connection: wait (SQLite retries while this returns true) and,
/// after two seconds, say once on stderr why. Gives up after 10 minutes.
fn busy_wait(count: i32) -> bool {
    use std::sync::atomic::{AtomicBool, Ordering};
    static SAID: AtomicBool = AtomicBool::new(false);
    // 10 ms a try: 200 tries are two seconds, 60,000 are ten minutes.
    if count == 200 && !SAID.swap(true, Ordering::Relaxed) {
        let importing = BUSY_DIARY.with(|p| {
            p.borrow()
                .as_ref()
                .is_some_and(|d| ImportMarker::path_for(d).exists())
        });
        let what = if importing { "busy importing" } else { "busy" };
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "dosediary: the diary is {what}; waiting..."
        );
    }
    std::thread::sleep(std::time::Duration::from_millis(10));
    count < 60_000
}

thread_local! {
    /// The diary this thread's connection waits on, for the busy message.
    static BUSY_DIARY: std::cell::RefCell<Option<PathBuf>> = const { std::cell::RefCell::new(None) };
}

/// A change to an existing entry (edit keeps the original recording time).
#[derive(Debug, Clone, PartialEq)]
pub struct EntryEdit {
    pub at: DateTime<FixedOffset>,
    pub kind: EntryKind,
    pub note: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Before {
    at: DateTime<FixedOffset>,
    #[serde(flatten)]
    kind: EntryKind,
    note: Option<String>,
    edited_at: Option<DateTime<Utc>>,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    /// Where this connection's changes are recorded as made (the command line unless set).
    origin: Origin,
}

/// How a diary is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create it when missing; refuse a read-only file.
    Create,
    /// Only an existing diary; refuse a read-only file.
    Write,
    /// Only an existing diary; a read-only file is opened read-only and never changed.
    Read,
}

/// True when the file's owner may not write it (mode without u+w): the user made it read-only.
/// Judged by the mode bits, not by access(2), so that root is refused the same way.
pub fn is_read_only_file(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o200 == 0)
    }
    #[cfg(not(unix))]
    {
        fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
    }
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The default diary path: the platform data dir, e.g. `~/.local/share/dosediary/diary.sqlite3`.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "dosediary").map(|d| d.data_dir().join("diary.sqlite3"))
}

/// Formats an instant the way the diary stores it: sortable, readable, second precision.
pub fn fmt_utc(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Reads the stored form `YYYY-MM-DDTHH:MM:SSZ` directly (hot path: two per row); anything else
/// goes through the RFC 3339 parser.
fn parse_utc(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
    {
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        if let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(se)) = (
            num(0..4),
            num(5..7),
            num(8..10),
            num(11..13),
            num(14..16),
            num(17..19),
        ) && let Some(t) =
            chrono::NaiveDate::from_ymd_opt(y as i32, mo, d).and_then(|d| d.and_hms_opt(h, mi, se))
        {
            return Ok(Utc.from_utc_datetime(&t));
        }
    }
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

fn with_offset(utc: DateTime<Utc>, offset_min: i64) -> DateTime<FixedOffset> {
    let off = FixedOffset::east_opt((offset_min * 60) as i32)
        .unwrap_or(FixedOffset::east_opt(0).expect("zero offset"));
    off.from_utc_datetime(&utc.naive_utc())
}

/// Drops sub-second precision so that what is stored reads back identical.
pub fn trunc_secs(t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    let off = *t.offset();
    let secs = t.timestamp();
    off.timestamp_opt(secs, 0).single().unwrap_or(t)
}

fn offset_min(t: &DateTime<FixedOffset>) -> i64 {
    (t.offset().local_minus_utc() / 60) as i64
}

/// A new stable id: time plus a process-random part. Hand-written rather than pulling a UUID crate
/// for one call; collisions need the same nanosecond and the same 64 random bits.
pub fn new_uid(now: &DateTime<Utc>) -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_i64(now.timestamp_nanos_opt().unwrap_or_default());
    h.write_u32(std::process::id());
    format!("{:x}-{:016x}", now.timestamp_millis(), h.finish())
}

pub(crate) fn sqlite_err_to_store(path: &Path, e: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(code, ref msg) = e {
        use rusqlite::ErrorCode::*;
        match code.code {
            NotADatabase => return StoreError::NotADiary(path.to_path_buf()),
            DatabaseCorrupt => {
                return StoreError::damaged(
                    path,
                    msg.clone().unwrap_or_else(|| "malformed".into()),
                );
            }
            CannotOpen | ReadOnly | PermissionDenied => {
                return StoreError::Create {
                    path: path.to_path_buf(),
                    detail: msg.clone().unwrap_or_else(|| code.to_string()),
                };
            }
            _ => {}
        }
    }
    StoreError::Sqlite(e)
}

/// Which way a page of [`Store::entries_page`] goes from its cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageDirection {
    /// Older entries, newest first.
    Older,
    /// Newer entries, oldest first.
    Newer,
}

impl Store {
    /// Opens (creating if needed) the diary at `path`. Refuses, and leaves untouched, a file that
    /// is not an SQLite database, belongs to another program, or was written by a newer schema.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, OpenMode::Create)
    }

    /// Opens an existing diary without creating anything; `Ok(None)` when there is no file.
    pub fn open_existing(path: &Path) -> Result<Option<Store>> {
        if !path.exists() {
            return Ok(None);
        }
        Self::open_with(path, OpenMode::Write).map(Some)
    }

    /// Opens an existing diary for reading: `NoDiary` when there is none (nothing is created);
    /// a read-only file is opened read-only.
    pub fn open_read(path: &Path) -> Result<Store> {
        Self::open_with(path, OpenMode::Read)
    }

    /// Opens the diary at `path` in `mode`. An existing file is first looked at through a
    /// read-only connection (SQLite header, schema version, foreign tables), so nothing is ever
    /// written to a file that is not a dosediary diary this build can use.
    pub fn open_with(path: &Path, mode: OpenMode) -> Result<Store> {
        if path.is_dir() {
            return Err(StoreError::IsADirectory(path.to_path_buf()));
        }
        let exists = path.exists();
        if exists {
            check_header(path)?;
            precheck(path)?;
        } else if mode == OpenMode::Create {
            create_private_file(path)?;
        } else {
            return Err(StoreError::NoDiary(path.to_path_buf()));
        }
        let read_only = exists && is_read_only_file(path);
        if read_only {
            if mode != OpenMode::Read {
                return Err(StoreError::ReadOnly(path.to_path_buf()));
            }
            return Self::open_read_only(path);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| sqlite_err_to_store(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            read_only: false,
            origin: Origin::Cli,
        };
        store
            .configure()
            .map_err(|e| sqlite_err_to_store(path, e))?;
        store.migrate()?;
        store.install_origin()?;
        #[cfg(unix)]
        {
            // Private to its owner; the owner's own bits are left as they are.
            use std::os::unix::fs::PermissionsExt;
            if let Ok(m) = fs::metadata(path) {
                let mode = m.permissions().mode() & 0o7777;
                if mode & 0o077 != 0 {
                    let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode & 0o700));
                }
            }
        }
        Ok(store)
    }

    fn open_read_only(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| sqlite_err_to_store(path, e))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| sqlite_err_to_store(path, e))?;
        if version < schema::latest_version() {
            return Err(StoreError::ReadOnlyOld(path.to_path_buf()));
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            read_only: true,
            origin: Origin::Cli,
        })
    }

    /// True when the diary was opened read-only (the file is read-only).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn configure(&mut self) -> rusqlite::Result<()> {
        BUSY_DIARY.with(|p| *p.borrow_mut() = Some(self.path.clone()));
        self.conn.busy_handler(Some(busy_wait))?;
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(rusqlite::Error::InvalidQuery);
        }
        self.conn
            .execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<()> {
        let path = self.path.clone();
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| sqlite_err_to_store(&path, e))?;
        let latest = schema::latest_version();
        if version > latest {
            return Err(StoreError::NewerSchema {
                path,
                found: version,
                supported: latest,
            });
        }
        if version == 0 {
            let tables: i64 = self
                .conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                    [],
                    |r| r.get(0),
                )
                .map_err(|e| sqlite_err_to_store(&path, e))?;
            if tables > 0 {
                return Err(StoreError::ForeignDatabase(path));
            }
        }
        if version < latest {
            schema::migrations().to_latest(&mut self.conn)?;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Changes whenever another connection commits; cheap to poll.
    pub fn data_version(&self) -> i64 {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .unwrap_or(0)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    // ----- entries -----

    /// Saves a new entry and records it in the undo journal, in one transaction.
    pub fn insert(&mut self, e: &NewEntry, now: DateTime<Utc>) -> Result<Entry> {
        let uid = new_uid(&now);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = insert_row(&tx, &uid, e, &now)?;
        tx.execute(
            "INSERT INTO changes (at_utc, action, entry_id) VALUES (?1, 'insert', ?2)",
            params![fmt_utc(&now), id],
        )?;
        tx.commit()?;
        self.entry(id)?.ok_or(StoreError::NoSuchEntry(id))
    }

    /// Imports entries that already have stable ids, and regimens, in one transaction: all or
    /// nothing. Entries whose uid is present, and regimens already present, are skipped.
    /// Returns (entries added, regimens added).
    pub fn import_all(
        &mut self,
        entries: &[Entry],
        regimens: &[NewRegimen],
        regimen_recorded: &[DateTime<Utc>],
        now: DateTime<Utc>,
    ) -> Result<(usize, usize)> {
        self.import_with_supply(entries, regimens, regimen_recorded, &[], now)
            .map(|(a, r, _)| (a, r))
    }

    /// As [`Store::import_all`], with supply additions and counts (skipped when one with the
    /// same kind, time, tablets and strength is present). Returns (entries, regimens, supply)
    /// added.
    pub fn import_with_supply(
        &mut self,
        entries: &[Entry],
        regimens: &[NewRegimen],
        regimen_recorded: &[DateTime<Utc>],
        supply: &[SupplyEvent],
        now: DateTime<Utc>,
    ) -> Result<(usize, usize, usize)> {
        let empty = crate::domain::pump::PumpHistory::default();
        self.import_with_pump(entries, regimens, regimen_recorded, supply, &empty, now)
            .map(|(a, r, s, _)| (a, r, s))
    }

    /// As [`Store::import_with_supply`], with the pump's settings, refills and alarms (skipped
    /// when present), all in one transaction. Returns (entries, regimens, supply, pump rows) added.
    pub fn import_with_pump(
        &mut self,
        entries: &[Entry],
        regimens: &[NewRegimen],
        regimen_recorded: &[DateTime<Utc>],
        supply: &[SupplyEvent],
        pump_rows: &crate::domain::pump::PumpHistory,
        now: DateTime<Utc>,
    ) -> Result<(usize, usize, usize, usize)> {
        let mut it = entries.iter().cloned().map(Ok);
        let mut rest = || {
            Ok(ImportRest {
                regimens: regimens.to_vec(),
                regimen_recorded: regimen_recorded.to_vec(),
                supply: supply.to_vec(),
                pump: pump_rows.clone(),
            })
        };
        self.import_stream(&mut it, &mut rest, now)
    }

    /// The import in one transaction (all or nothing) with the entries streamed: each comes from
    /// `entries` as the file is read (an `Err` aborts and rolls back everything), then `rest`
    /// gives the regimens, supply and pump rows read after them. Another writer waiting for this
    /// transaction waits (see `configure`) instead of failing.
    pub fn import_stream(
        &mut self,
        entries: &mut dyn Iterator<Item = std::result::Result<Entry, String>>,
        rest: &mut dyn FnMut() -> std::result::Result<ImportRest, String>,
        now: DateTime<Utc>,
    ) -> Result<(usize, usize, usize, usize)> {
        let _marker = ImportMarker::new(&self.path);
        let pumped;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut added = 0;
        let mut regs = 0;
        let mut sup = 0;
        {
            let mut exists = tx.prepare("SELECT 1 FROM entries WHERE uid = ?1")?;
            let mut journal = tx.prepare(
                "INSERT INTO changes (at_utc, action, entry_id) VALUES (?1, 'import', ?2)",
            )?;
            let now_s = fmt_utc(&now);
            for e in entries {
                let e = e.map_err(StoreError::Import)?;
                if exists.exists([&e.uid])? {
                    continue;
                }
                let ne = NewEntry {
                    at: e.at,
                    kind: e.kind.clone(),
                    note: e.note.clone(),
                };
                let id = insert_row(&tx, &e.uid, &ne, &e.recorded_at)?;
                if let Some(ed) = e.edited_at {
                    tx.execute(
                        "UPDATE entries SET edited_at_utc = ?1 WHERE id = ?2",
                        params![fmt_utc(&ed), id],
                    )?;
                }
                journal.execute(params![now_s, id])?;
                added += 1;
            }
            let ImportRest {
                regimens,
                regimen_recorded,
                supply,
                pump: pump_rows,
            } = rest().map_err(StoreError::Import)?;
            let mut reg_exists = tx.prepare(
                "SELECT 1 FROM regimens WHERE effective_from_utc = ?1 AND dose_mcg = ?2 AND times = ?3 AND deleted_at_utc IS NULL",
            )?;
            for (i, r) in regimens.iter().enumerate() {
                let from = trunc_secs(r.effective_from);
                let times = r
                    .times
                    .iter()
                    .map(|t| t.format("%H:%M").to_string())
                    .collect::<Vec<_>>()
                    .join(",");
                let from_s = fmt_utc(&from.with_timezone(&Utc));
                if reg_exists.exists(params![from_s, r.dose_mcg.mcg() as i64, times])? {
                    continue;
                }
                let rec = regimen_recorded.get(i).copied().unwrap_or(now);
                insert_regimen(&tx, r, &rec)?;
                regs += 1;
            }
            let mut sup_exists = tx.prepare(
                "SELECT 1 FROM supply WHERE kind = ?1 AND at_utc = ?2 AND tablets = ?3 AND strength_mcg = ?4 AND deleted_at_utc IS NULL",
            )?;
            for e in &supply {
                let at = trunc_secs(e.at);
                let at_s = fmt_utc(&at.with_timezone(&Utc));
                let key = params![
                    e.kind.name(),
                    at_s,
                    i64::from(e.tablets),
                    e.strength_mcg.mcg() as i64
                ];
                if sup_exists.exists(key)? {
                    continue;
                }
                tx.execute(
                    "INSERT INTO supply (kind, at_utc, utc_offset_min, tablets, strength_mcg, note, recorded_at_utc)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        e.kind.name(),
                        at_s,
                        offset_min(&at),
                        i64::from(e.tablets),
                        e.strength_mcg.mcg() as i64,
                        e.note,
                        fmt_utc(&e.recorded_at),
                    ],
                )?;
                sup += 1;
            }
            pumped = pump::import_pump(&tx, &pump_rows)?;
        }
        tx.commit()?;
        Ok((added, regs, sup, pumped))
    }

    pub fn entry(&self, id: i64) -> Result<Option<Entry>> {
        let mut st = self.conn.prepare_cached(&format!(
            "{SELECT_ENTRY} WHERE id = ?1 AND deleted_at_utc IS NULL"
        ))?;
        Ok(st.query_row([id], row_to_entry).optional()?)
    }

    /// Live entries with `from <= at < to`, oldest first.
    pub fn entries_between(
        &self,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Vec<Entry>> {
        let from = from.map(|t| fmt_utc(&t)).unwrap_or_else(|| "0000".into());
        let to = to.map(|t| fmt_utc(&t)).unwrap_or_else(|| "9999".into());
        let mut st = self.conn.prepare_cached(&format!(
            "{SELECT_ENTRY} WHERE taken_at_utc >= ?1 AND taken_at_utc < ?2 AND deleted_at_utc IS NULL ORDER BY taken_at_utc, id"
        ))?;
        let rows = st.query_map([from, to], row_to_entry)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// One page of entries for a list that scrolls (keyset pagination, no offset): up to `limit`
    /// live entries of `kind` (`None`: every kind) strictly older than `after` (`Older`, newest
    /// first; `None`: from the newest) or strictly newer than it (`Newer`, oldest first; `None`:
    /// from the oldest). A cursor is an entry's time and id, the list's order.
    pub fn entries_page(
        &self,
        kind: Option<&str>,
        after: Option<(DateTime<Utc>, i64)>,
        direction: PageDirection,
        limit: usize,
    ) -> Result<Vec<Entry>> {
        let (cmp, order, start) = match direction {
            PageDirection::Older => ("<", "DESC", ("9999".to_string(), i64::MAX)),
            PageDirection::Newer => (">", "ASC", ("0000".to_string(), i64::MIN)),
        };
        let (t, id) = after.map_or(start, |(t, id)| (fmt_utc(&t), id));
        let mut st = self.conn.prepare_cached(&format!(
            "{SELECT_ENTRY} WHERE deleted_at_utc IS NULL AND (?1 IS NULL OR kind = ?1)
             AND (taken_at_utc, id) {cmp} (?2, ?3)
             ORDER BY taken_at_utc {order}, id {order} LIMIT ?4"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = st.query_map(rusqlite::params![kind, t, id, limit], row_to_entry)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// How many live entries of `kind` (`None`: every kind) the diary holds.
    pub fn count_of(&self, kind: Option<&str>) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM entries WHERE deleted_at_utc IS NULL AND (?1 IS NULL OR kind = ?1)",
            [kind],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// When the last dose actually taken (not skipped) before `before` was, if any: where a
    /// bounded judgement reads from when a gap in doses runs across its start.
    pub fn last_dose_before(&self, before: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let mut st = self.conn.prepare_cached(
            "SELECT taken_at_utc FROM entries WHERE taken_at_utc < ?1 AND kind = 'dose'
             AND skipped = 0 AND deleted_at_utc IS NULL ORDER BY taken_at_utc DESC LIMIT 1",
        )?;
        let t: Option<String> = st.query_row([fmt_utc(&before)], |r| r.get(0)).optional()?;
        Ok(t.map(|t| parse_utc(&t)).transpose()?)
    }

    /// When the first dose actually taken (not skipped) at or after `from` was, if any: how far
    /// a bounded judgement of the flags before `from` must read (a gap in doses running across
    /// `from` is named with the dose that ended it).
    pub fn first_dose_from(&self, from: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let mut st = self.conn.prepare_cached(
            "SELECT taken_at_utc FROM entries WHERE taken_at_utc >= ?1 AND kind = 'dose'
             AND skipped = 0 AND deleted_at_utc IS NULL ORDER BY taken_at_utc LIMIT 1",
        )?;
        let t: Option<String> = st.query_row([fmt_utc(&from)], |r| r.get(0)).optional()?;
        Ok(t.map(|t| parse_utc(&t)).transpose()?)
    }

    pub fn all_entries(&self) -> Result<Vec<Entry>> {
        self.entries_between(None, None)
    }

    /// When the oldest entry not deleted happened, with its local offset.
    pub fn first_entry_at(&self) -> Result<Option<DateTime<FixedOffset>>> {
        let row: Option<(String, i64)> = self
            .conn
            .query_row(
                "SELECT taken_at_utc, utc_offset_min FROM entries WHERE deleted_at_utc IS NULL
                 ORDER BY taken_at_utc LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(match row {
            Some((t, off)) => Some(with_offset(parse_utc(&t)?, off)),
            None => None,
        })
    }

    pub fn count_entries(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM entries WHERE deleted_at_utc IS NULL",
            [],
            |r| r.get(0),
        )?)
    }

    /// Changes an entry; its original recording time is kept and `edited_at` set.
    pub fn edit(&mut self, id: i64, edit: &EntryEdit, now: DateTime<Utc>) -> Result<Entry> {
        let before = self.entry(id)?.ok_or(StoreError::NoSuchEntry(id))?;
        let before_json = serde_json::to_string(&Before {
            at: before.at,
            kind: before.kind.clone(),
            note: before.note.clone(),
            edited_at: before.edited_at,
        })
        .map_err(|e| StoreError::Io(std::io::Error::other(e)))?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        write_fields(
            &tx,
            id,
            edit.at,
            &edit.kind,
            edit.note.as_deref(),
            Some(now),
        )?;
        tx.execute(
            "INSERT INTO changes (at_utc, action, entry_id, before_json) VALUES (?1, 'edit', ?2, ?3)",
            params![fmt_utc(&now), id, before_json],
        )?;
        tx.commit()?;
        self.entry(id)?.ok_or(StoreError::NoSuchEntry(id))
    }

    /// Soft-deletes an entry (undoable).
    pub fn delete(&mut self, id: i64, now: DateTime<Utc>) -> Result<Entry> {
        let before = self.entry(id)?.ok_or(StoreError::NoSuchEntry(id))?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE entries SET deleted_at_utc = ?1 WHERE id = ?2",
            params![fmt_utc(&now), id],
        )?;
        tx.execute(
            "INSERT INTO changes (at_utc, action, entry_id) VALUES (?1, 'delete', ?2)",
            params![fmt_utc(&now), id],
        )?;
        tx.commit()?;
        Ok(before)
    }

    // ----- regimen -----

    pub fn set_regimen(&mut self, r: &NewRegimen, now: DateTime<Utc>) -> Result<Regimen> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = insert_regimen(&tx, r, &now)?;
        tx.execute(
            "INSERT INTO changes (at_utc, action, regimen_id) VALUES (?1, 'regimen', ?2)",
            params![fmt_utc(&now), id],
        )?;
        tx.commit()?;
        let all = self.regimens()?;
        Ok(all
            .into_iter()
            .find(|x| x.id == id)
            .expect("regimen just written"))
    }

    /// Removes a planned step (a regimen that has not started by `now`); undo brings it back.
    /// The step is its id, as `regimen plan` shows it.
    pub fn cancel_step(&mut self, id: i64, now: DateTime<Utc>) -> Result<Regimen> {
        let r = self
            .regimens()?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or(StoreError::NoSuchStep(id))?;
        if r.effective_from.with_timezone(&Utc) <= now {
            return Err(StoreError::StepStarted(
                id,
                r.effective_from.format("%a %-d %b %Y %H:%M").to_string(),
            ));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE regimens SET deleted_at_utc = ?1 WHERE id = ?2",
            params![fmt_utc(&now), id],
        )?;
        tx.execute(
            "INSERT INTO changes (at_utc, action, regimen_id, before_json) VALUES (?1, 'regimen', ?2, '{\"cancelled\":true}')",
            params![fmt_utc(&now), id],
        )?;
        tx.commit()?;
        Ok(r)
    }

    /// Every regimen ever set, oldest effective date first.
    pub fn regimens(&self) -> Result<Vec<Regimen>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, effective_from_utc, utc_offset_min, dose_mcg, times, max_daily_mcg,
                    kidney_impairment, planned_taper, recorded_at_utc, doses, prescribed_above_label,
                    as_needed_mcg, as_needed_max_daily_mcg, as_needed_min_gap_min
             FROM regimens WHERE deleted_at_utc IS NULL ORDER BY effective_from_utc, id",
        )?;
        let rows = st.query_map([], |r| {
            let times: String = r.get(4)?;
            let doses: Option<String> = r.get(9)?;
            let as_needed = r
                .get::<_, Option<i64>>(11)?
                .map(|d| -> rusqlite::Result<_> {
                    Ok(crate::domain::AsNeeded {
                        dose_mcg: Amount::from_mcg(d as u64),
                        max_daily_mcg: r
                            .get::<_, Option<i64>>(12)?
                            .map(|m| Amount::from_mcg(m as u64)),
                        min_gap_min: r
                            .get::<_, Option<i64>>(13)?
                            .map_or(crate::domain::DEFAULT_AS_NEEDED_GAP_MIN, |g| g as u32),
                    })
                });
            Ok(Regimen {
                id: r.get(0)?,
                effective_from: with_offset(parse_utc(&r.get::<_, String>(1)?)?, r.get(2)?),
                dose_mcg: Amount::from_mcg(r.get::<_, i64>(3)? as u64),
                times: times
                    .split(',')
                    .filter_map(|t| NaiveTime::parse_from_str(t, "%H:%M").ok())
                    .collect(),
                max_daily_mcg: Amount::from_mcg(r.get::<_, i64>(5)? as u64),
                kidney_impairment: r.get::<_, i64>(6)? != 0,
                planned_taper: r.get::<_, i64>(7)? != 0,
                recorded_at: parse_utc(&r.get::<_, String>(8)?)?,
                doses_mcg: doses
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|d| d.trim().parse::<u64>().ok())
                    .map(Amount::from_mcg)
                    .collect(),
                prescribed_above_label: r.get::<_, i64>(10)? != 0,
                as_needed: as_needed.transpose()?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    // ----- other medicines -----

    /// Adds a medicine taken regularly besides baclofen.
    pub fn add_medicine(&mut self, m: &NewMedicine, now: DateTime<Utc>) -> Result<Medicine> {
        let from = trunc_secs(m.from);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO medicines (name, dose_text, times, class, from_utc, utc_offset_min, recorded_at_utc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                m.name,
                m.dose,
                m.times.iter().map(|t| t.format("%H:%M").to_string()).collect::<Vec<_>>().join(","),
                m.class,
                fmt_utc(&from.with_timezone(&Utc)),
                offset_min(&from),
                fmt_utc(&now),
            ],
        )?;
        let id = tx.last_insert_rowid();
        journal::journal_medicine(&tx, id, None, &now)?;
        tx.commit()?;
        Ok(self
            .medicines()?
            .into_iter()
            .find(|x| x.id == id)
            .expect("medicine just written"))
    }

    /// Ends a medicine at `at` (it stays in the history); undo takes the stop back.
    pub fn stop_medicine(
        &mut self,
        id: i64,
        at: DateTime<FixedOffset>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let at = trunc_secs(at);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before: Option<(Option<String>, Option<i64>)> = tx
            .query_row(
                "SELECT stopped_utc, stopped_offset_min FROM medicines WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let before = before.and_then(|(u, o)| u.map(|u| (u, o.unwrap_or(0))));
        tx.execute(
            "UPDATE medicines SET stopped_utc = ?1, stopped_offset_min = ?2 WHERE id = ?3",
            params![fmt_utc(&at.with_timezone(&Utc)), offset_min(&at), id],
        )?;
        journal::journal_medicine(&tx, id, Some((before, at)), &now)?;
        tx.commit()?;
        Ok(())
    }

    /// Every medicine ever added (stopped ones too), oldest first.
    pub fn medicines(&self) -> Result<Vec<Medicine>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, name, dose_text, times, class, from_utc, utc_offset_min, stopped_utc,
                    stopped_offset_min, recorded_at_utc
             FROM medicines WHERE deleted_at_utc IS NULL ORDER BY from_utc, id",
        )?;
        let rows = st.query_map([], |r| {
            let times: String = r.get(3)?;
            let stopped: Option<String> = r.get(7)?;
            Ok(Medicine {
                id: r.get(0)?,
                name: r.get(1)?,
                dose: r.get(2)?,
                times: times
                    .split(',')
                    .filter_map(|t| NaiveTime::parse_from_str(t, "%H:%M").ok())
                    .collect(),
                class: r.get(4)?,
                from: with_offset(parse_utc(&r.get::<_, String>(5)?)?, r.get(6)?),
                stopped: match stopped {
                    Some(s) => Some(with_offset(
                        parse_utc(&s)?,
                        r.get::<_, Option<i64>>(8)?.unwrap_or(0),
                    )),
                    None => None,
                },
                recorded_at: parse_utc(&r.get::<_, String>(9)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    // ----- supply -----

    /// Records tablets added or counted, in the undo journal, in one transaction.
    pub fn add_supply(&mut self, s: &NewSupply, now: DateTime<Utc>) -> Result<SupplyEvent> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let at = trunc_secs(s.at);
        tx.execute(
            "INSERT INTO supply (kind, at_utc, utc_offset_min, tablets, strength_mcg, note, recorded_at_utc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                s.kind.name(),
                fmt_utc(&at.with_timezone(&Utc)),
                offset_min(&at),
                i64::from(s.tablets),
                s.strength_mcg.mcg() as i64,
                s.note,
                fmt_utc(&now),
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO changes (at_utc, action, supply_id) VALUES (?1, 'supply', ?2)",
            params![fmt_utc(&now), id],
        )?;
        tx.commit()?;
        Ok(self
            .supply_events()?
            .into_iter()
            .find(|x| x.id == id)
            .expect("supply just written"))
    }

    /// Every supply addition and count not withdrawn, oldest first.
    pub fn supply_events(&self) -> Result<Vec<SupplyEvent>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, kind, at_utc, utc_offset_min, tablets, strength_mcg, note, recorded_at_utc
             FROM supply WHERE deleted_at_utc IS NULL ORDER BY at_utc, id",
        )?;
        let rows = st.query_map([], |r| {
            let kind: String = r.get(1)?;
            Ok(SupplyEvent {
                id: r.get(0)?,
                kind: if kind == "count" {
                    SupplyKind::Count
                } else {
                    SupplyKind::Add
                },
                at: with_offset(parse_utc(&r.get::<_, String>(2)?)?, r.get(3)?),
                tablets: r.get::<_, i64>(4)? as u32,
                strength_mcg: Amount::from_mcg(r.get::<_, i64>(5)? as u64),
                note: r.get(6)?,
                recorded_at: parse_utc(&r.get::<_, String>(7)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    // ----- flags -----

    pub fn acknowledge(&mut self, key: &str, now: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO acknowledged_flags (flag_key, acked_at_utc) VALUES (?1, ?2)",
            params![key, fmt_utc(&now)],
        )?;
        Ok(())
    }

    /// Acknowledges many flags in one transaction (the routine ones, all at once).
    pub fn acknowledge_all(&mut self, keys: &[&str], now: DateTime<Utc>) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare_cached(
                "INSERT OR IGNORE INTO acknowledged_flags (flag_key, acked_at_utc) VALUES (?1, ?2)",
            )?;
            let now = fmt_utc(&now);
            for k in keys {
                st.execute(params![k, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Marks the flags the user has acknowledged (they stay listed, dimmed).
    /// Which of these flag keys the user has acknowledged, in order. Plain keys: the store does
    /// not know what a flag is.
    pub fn mark_acknowledged<'k>(
        &self,
        keys: impl IntoIterator<Item = &'k str>,
    ) -> Result<Vec<bool>> {
        let acked = self.acknowledged()?;
        Ok(keys.into_iter().map(|k| acked.contains(k)).collect())
    }

    /// The reminder keys `remind` has already shown.
    pub fn reminded(&self) -> Result<HashSet<String>> {
        let mut st = self.conn.prepare_cached("SELECT key FROM reminded")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<HashSet<_>>>()?)
    }

    /// Records reminders as shown, and forgets those older than 60 days, in one transaction.
    pub fn mark_reminded<'k>(
        &mut self,
        keys: impl IntoIterator<Item = &'k str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut ins =
                tx.prepare_cached("INSERT OR IGNORE INTO reminded (key, at_utc) VALUES (?1, ?2)")?;
            for k in keys {
                ins.execute(rusqlite::params![k, fmt_utc(&now)])?;
            }
            tx.execute(
                "DELETE FROM reminded WHERE at_utc < ?1",
                [fmt_utc(&(now - chrono::Duration::days(60)))],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn acknowledged(&self) -> Result<HashSet<String>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT flag_key FROM acknowledged_flags")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<HashSet<_>>>()?)
    }
}

/// id, action, entry_id, regimen_id, before_json of a journal row.
const SELECT_ENTRY: &str =
    "SELECT id, uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, amount_mcg, skipped,
        text, severity, drowsiness_rating, note, edited_at_utc, about, as_needed, medicine, med_dose FROM entries";

fn row_to_entry(r: &Row) -> rusqlite::Result<Entry> {
    let kind: String = r.get(2)?;
    let at = with_offset(parse_utc(&r.get::<_, String>(3)?)?, r.get(4)?);
    let kind = match kind.as_str() {
        "dose" => EntryKind::Dose {
            amount_mcg: Amount::from_mcg(r.get::<_, i64>(6)? as u64),
            skipped: r.get::<_, i64>(7)? != 0,
            as_needed: r.get::<_, i64>(14)? != 0,
        },
        // A ticked dose of another medicine is stored as an intake marked `medicine`.
        "intake" if r.get::<_, i64>(15)? != 0 => EntryKind::Med {
            name: r.get(8)?,
            dose: r.get(16)?,
        },
        "symptom" => EntryKind::Symptom {
            text: r.get(8)?,
            severity: r.get::<_, Option<i64>>(9)?.map(|s| s as u8),
            drowsiness_rating: r.get::<_, i64>(10)? != 0,
            about: r
                .get::<_, Option<String>>(13)?
                .and_then(|a| About::from_name(&a)),
        },
        "rating" => {
            let scale: String = r.get(8)?;
            EntryKind::Rating {
                scale: RatingScale::from_name(&scale).unwrap_or(RatingScale::Spasticity),
                value: r.get::<_, i64>(9)? as u8,
            }
        }
        _ => EntryKind::Intake { text: r.get(8)? },
    };
    Ok(Entry {
        id: r.get(0)?,
        uid: r.get(1)?,
        at,
        recorded_at: parse_utc(&r.get::<_, String>(5)?)?,
        kind,
        note: r.get(11)?,
        edited_at: r
            .get::<_, Option<String>>(12)?
            .map(|s| parse_utc(&s))
            .transpose()?,
    })
}

struct Cols<'a> {
    amount: Option<i64>,
    skipped: i64,
    text: Option<&'a str>,
    severity: Option<i64>,
    rating: i64,
    about: Option<&'static str>,
    as_needed: i64,
    medicine: i64,
    med_dose: Option<&'a str>,
}

impl Cols<'_> {
    /// The stored `kind`: a ticked medicine is an intake marked `medicine`.
    fn kind(kind: &EntryKind) -> &'static str {
        match kind {
            EntryKind::Med { .. } => "intake",
            k => k.name(),
        }
    }
}

fn cols(kind: &EntryKind) -> Cols<'_> {
    match kind {
        EntryKind::Dose {
            amount_mcg,
            skipped,
            as_needed,
        } => Cols {
            amount: Some(amount_mcg.mcg() as i64),
            skipped: *skipped as i64,
            text: None,
            severity: None,
            rating: 0,
            about: None,
            as_needed: *as_needed as i64,
            medicine: 0,
            med_dose: None,
        },
        EntryKind::Symptom {
            text,
            severity,
            drowsiness_rating,
            about,
        } => Cols {
            amount: None,
            skipped: 0,
            text: Some(text),
            severity: severity.map(i64::from),
            rating: *drowsiness_rating as i64,
            about: about.map(About::name),
            as_needed: 0,
            medicine: 0,
            med_dose: None,
        },
        EntryKind::Intake { text } => Cols {
            amount: None,
            skipped: 0,
            text: Some(text),
            severity: None,
            rating: 0,
            about: None,
            as_needed: 0,
            medicine: 0,
            med_dose: None,
        },
        EntryKind::Med { name, dose } => Cols {
            amount: None,
            skipped: 0,
            text: Some(name),
            severity: None,
            rating: 0,
            as_needed: 0,
            medicine: 1,
            med_dose: dose.as_deref(),
            about: None,
        },
        EntryKind::Rating { scale, value } => Cols {
            amount: None,
            skipped: 0,
            text: Some(scale.name()),
            severity: Some(i64::from(*value)),
            rating: 0,
            about: None,
            as_needed: 0,
            medicine: 0,
            med_dose: None,
        },
    }
}

/// Writes one regimen row; returns its id.
fn insert_regimen(
    tx: &rusqlite::Transaction,
    r: &NewRegimen,
    recorded: &DateTime<Utc>,
) -> Result<i64> {
    let from = trunc_secs(r.effective_from);
    let doses = (!r.doses_mcg.is_empty()).then(|| {
        r.doses_mcg
            .iter()
            .map(|d| d.mcg().to_string())
            .collect::<Vec<_>>()
            .join(",")
    });
    let an = r.as_needed.as_ref();
    tx.execute(
        "INSERT INTO regimens (effective_from_utc, utc_offset_min, dose_mcg, times, max_daily_mcg,
                               kidney_impairment, planned_taper, recorded_at_utc, doses,
                               prescribed_above_label, as_needed_mcg, as_needed_max_daily_mcg,
                               as_needed_min_gap_min)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            fmt_utc(&from.with_timezone(&Utc)),
            offset_min(&from),
            r.dose_mcg.mcg() as i64,
            r.times
                .iter()
                .map(|t| t.format("%H:%M").to_string())
                .collect::<Vec<_>>()
                .join(","),
            r.max_daily_mcg.mcg() as i64,
            r.kidney_impairment as i64,
            r.planned_taper as i64,
            fmt_utc(recorded),
            doses,
            r.prescribed_above_label as i64,
            an.map(|a| a.dose_mcg.mcg() as i64),
            an.and_then(|a| a.max_daily_mcg).map(|m| m.mcg() as i64),
            an.map(|a| i64::from(a.min_gap_min)),
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn insert_row(
    tx: &rusqlite::Transaction,
    uid: &str,
    e: &NewEntry,
    recorded: &DateTime<Utc>,
) -> Result<i64> {
    let at = trunc_secs(e.at);
    let c = cols(&e.kind);
    tx.execute(
        "INSERT INTO entries (uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, amount_mcg, skipped,
                              text, severity, drowsiness_rating, note, about, as_needed, medicine, med_dose)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            uid,
            Cols::kind(&e.kind),
            fmt_utc(&at.with_timezone(&Utc)),
            offset_min(&at),
            fmt_utc(recorded),
            c.amount,
            c.skipped,
            c.text,
            c.severity,
            c.rating,
            e.note,
            c.about,
            c.as_needed,
            c.medicine,
            c.med_dose,
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn write_fields(
    tx: &rusqlite::Transaction,
    id: i64,
    at: DateTime<FixedOffset>,
    kind: &EntryKind,
    note: Option<&str>,
    edited: Option<DateTime<Utc>>,
) -> Result<()> {
    let at = trunc_secs(at);
    let c = cols(kind);
    tx.execute(
        "UPDATE entries SET kind = ?1, taken_at_utc = ?2, utc_offset_min = ?3, amount_mcg = ?4, skipped = ?5,
                text = ?6, severity = ?7, drowsiness_rating = ?8, note = ?9, edited_at_utc = ?10,
                about = ?12, as_needed = ?13, medicine = ?14, med_dose = ?15
         WHERE id = ?11",
        params![
            Cols::kind(kind),
            fmt_utc(&at.with_timezone(&Utc)),
            offset_min(&at),
            c.amount,
            c.skipped,
            c.text,
            c.severity,
            c.rating,
            note,
            edited.map(|t| fmt_utc(&t)),
            id,
            c.about,
            c.as_needed,
            c.medicine,
            c.med_dose,
        ],
    )?;
    Ok(())
}

/// Looks at an existing file through a read-only connection before anything may write to it:
/// a newer schema, or an SQLite file of another program, is refused here.
fn precheck(path: &Path) -> Result<()> {
    if fs::metadata(path).map(|m| m.len()).unwrap_or(0) == 0 {
        return Ok(());
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| sqlite_err_to_store(path, e))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| sqlite_err_to_store(path, e))?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| sqlite_err_to_store(path, e))?;
    let latest = schema::latest_version();
    if version > latest {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: latest,
        });
    }
    let (tables, ours): (i64, i64) = conn
        .query_row(
            "SELECT count(*), count(*) FILTER (WHERE name IN ('entries', 'regimens'))
             FROM sqlite_master WHERE type = 'table'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| sqlite_err_to_store(path, e))?;
    if (version == 0 && tables > 0) || (version > 0 && ours < 2) {
        return Err(StoreError::ForeignDatabase(path.to_path_buf()));
    }
    Ok(())
}

pub(crate) fn check_header(path: &Path) -> Result<()> {
    let mut f = fs::File::open(path).map_err(|e| StoreError::Create {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    let len = f.metadata()?.len();
    if len == 0 {
        return Ok(());
    }
    let mut head = [0u8; 16];
    if len < 100 || f.read_exact(&mut head).is_err() || &head != SQLITE_MAGIC {
        return Err(StoreError::NotADiary(path.to_path_buf()));
    }
    Ok(())
}

/// Creates the file 0600 (and its folder 0700 if the folder is new) before SQLite touches it.
pub(crate) fn create_private_file(path: &Path) -> Result<()> {
    let err = |e: std::io::Error| StoreError::Create {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        {
            let mut b = fs::DirBuilder::new();
            b.recursive(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::DirBuilderExt;
                b.mode(0o700);
            }
            b.create(dir).map_err(err)?;
        }
    }
    let mut o = fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path).map_err(err)?;
    Ok(())
}

/// Makes the default data folder private (it is ours alone).
pub fn secure_default_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::create_dir_all(dir);
        let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o700));
    }
}
