//! Backups: consistent copies of the diary in a `backups/` folder beside it.
//!
//! A copy is made with `VACUUM INTO` (a consistent snapshot even while another process writes),
//! into a file created 0600 before SQLite touches it, synced, then renamed into place, so a crash
//! never leaves a half-written backup under a backup's name. Rotation keeps the newest backup of
//! each of the 7 most recent days that have one, and then the newest of each of the 4 weeks
//! before those. Copies kept before a restore are never rotated away.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use super::{Result, Store, StoreError, check_header, create_private_file, schema};

/// A new automatic backup is made on open when the newest is older than this.
pub const AUTO_INTERVAL_HOURS: i64 = 24;
pub const KEEP_DAILY: usize = 7;
pub const KEEP_WEEKLY: usize = 4;

const STAMP: &str = "%Y%m%dT%H%M%SZ";
const BEFORE_RESTORE: &str = "-before-restore";
/// The extra suffix of an age-encrypted backup.
pub const ENCRYPTED_SUFFIX: &str = ".age";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    /// Automatic or `dosediary backup`: rotated.
    Regular,
    /// The diary as it was just before a restore: kept until the user deletes it.
    BeforeRestore,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub at: DateTime<Utc>,
    /// 1 for the first backup made in a given second, 2, 3... for later ones.
    pub seq: u32,
    pub kind: BackupKind,
    /// An age-encrypted copy (`.sqlite3.age`), opened only with its passphrase.
    pub encrypted: bool,
}

impl BackupFile {
    fn newest_first(a: &&BackupFile, b: &&BackupFile) -> std::cmp::Ordering {
        (b.at, b.seq).cmp(&(a.at, a.seq))
    }
}

/// What a diary file holds, read without changing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiarySummary {
    pub schema_version: i64,
    pub entries: i64,
    pub regimens: i64,
    pub newest_entry: Option<String>,
}

/// The folder backups of `diary` go to: `backups/` beside it.
pub fn backup_dir(diary: &Path) -> PathBuf {
    diary
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

fn stem(diary: &Path) -> String {
    diary
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "diary".into())
}

/// Reads a backup's time and kind from its name: `{stem}-{YYYYMMDDTHHMMSSZ}[-N][-before-restore].sqlite3`.
fn parse_name(stem: &str, name: &str) -> Option<(DateTime<Utc>, u32, BackupKind)> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?;
    let rest = rest.strip_suffix(ENCRYPTED_SUFFIX).unwrap_or(rest);
    let rest = rest.strip_suffix(".sqlite3")?;
    let stamp = rest.get(..16)?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    let mut tail = &rest[16..];
    let kind = match tail.strip_suffix(BEFORE_RESTORE) {
        Some(t) => {
            tail = t;
            BackupKind::BeforeRestore
        }
        None => BackupKind::Regular,
    };
    let seq = if tail.is_empty() {
        1
    } else {
        let n = tail.strip_prefix('-')?;
        if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        n.parse().ok()?
    };
    Some((at, seq, kind))
}

/// The backups of `diary`, newest first. A missing folder means none.
pub fn list(diary: &Path) -> Result<Vec<BackupFile>> {
    let dir = backup_dir(diary);
    let stem = stem(diary);
    let rd = match fs::read_dir(&dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut out = Vec::new();
    for ent in rd {
        let ent = ent?;
        let name = ent.file_name();
        let Some(name) = name.to_str() else { continue };
        if let Some((at, seq, kind)) = parse_name(&stem, name) {
            out.push(BackupFile {
                path: ent.path(),
                at,
                seq,
                kind,
                encrypted: name.ends_with(ENCRYPTED_SUFFIX),
            });
        }
    }
    out.sort_by(|a, b| BackupFile::newest_first(&a, &b));
    Ok(out)
}

/// Which backups rotation removes (pure: the same list always gives the same answer).
/// Kept: the newest of each of the `KEEP_DAILY` most recent days that have a backup, then the
/// newest of each of the `KEEP_WEEKLY` ISO weeks before the oldest day kept, and every
/// before-restore copy. Days and weeks are UTC.
pub fn to_remove(files: &[BackupFile]) -> Vec<PathBuf> {
    let mut regular: Vec<&BackupFile> = files
        .iter()
        .filter(|f| f.kind == BackupKind::Regular)
        .collect();
    regular.sort_by(BackupFile::newest_first);
    let mut keep = vec![false; regular.len()];
    let mut days = Vec::new();
    let mut weeks = Vec::new();
    for (i, f) in regular.iter().enumerate() {
        let day = f.at.date_naive();
        if days.contains(&day) {
            continue;
        }
        if days.len() < KEEP_DAILY {
            days.push(day);
            keep[i] = true;
            continue;
        }
        let w = day.iso_week();
        let week = (w.year(), w.week());
        // The week of the oldest daily backup is already represented.
        let oldest_daily = days.last().map(|d: &chrono::NaiveDate| {
            let w = d.iso_week();
            (w.year(), w.week())
        });
        if Some(week) == oldest_daily || weeks.contains(&week) {
            continue;
        }
        if weeks.len() < KEEP_WEEKLY {
            weeks.push(week);
            keep[i] = true;
        }
    }
    regular
        .iter()
        .zip(keep)
        .filter(|(_, k)| !k)
        .map(|(f, _)| f.path.clone())
        .collect()
}

/// Removes the backups rotation does not keep, but never the newest one that passes the check
/// (older copies may have been damaged on disk).
fn rotate(diary: &Path) -> Result<()> {
    let files = list(diary)?;
    // An encrypted copy cannot be opened here, but it was made only after the check passed.
    let good = files
        .iter()
        .find(|b| b.encrypted || inspect(&b.path).is_ok())
        .map(|b| b.path.clone());
    for old in to_remove(&files) {
        if Some(&old) != good.as_ref() {
            let _ = fs::remove_file(old);
        }
    }
    Ok(())
}

fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn make_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).map_err(|e| {
        StoreError::Io(std::io::Error::other(format!(
            "the backups folder {} cannot be made ({e}); move what is in the way or make the folder writable",
            dir.display()
        )))
    })
}

/// SQLite's `PRAGMA quick_check` on an open connection: `None` when the file is sound, otherwise
/// what it found (first lines only).
pub fn damage(conn: &Connection) -> Option<String> {
    let found: rusqlite::Result<Vec<String>> = conn
        .prepare("PRAGMA quick_check(3)")
        .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect());
    match found {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => None,
        Ok(lines) => Some(
            lines
                .iter()
                .filter(|l| !l.starts_with("***"))
                .cloned()
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Err(e) => Some(e.to_string()),
    }
}

/// The newest backup of `diary` that passes the check (damaged or foreign files are skipped).
pub fn newest_good(diary: &Path) -> Option<BackupFile> {
    list(diary)
        .ok()?
        .into_iter()
        .find(|b| !b.encrypted && inspect(&b.path).is_ok())
}

/// Removes what killed backups or restores left in the backups folder.
pub fn clean_partials(diary: &Path) {
    crate::files::clean_partials(&backup_dir(diary));
}

/// Checks that `path` is a dosediary diary this build can open, without writing to it.
pub fn inspect(path: &Path) -> Result<DiarySummary> {
    let bad = |why: String| StoreError::BadBackup {
        path: path.to_path_buf(),
        why,
    };
    if path.is_dir() {
        return Err(bad("it is a folder".into()));
    }
    let len = fs::metadata(path)
        .map_err(|e| bad(format!("it cannot be read ({e})")))?
        .len();
    if len == 0 {
        return Err(bad("it is empty".into()));
    }
    check_header(path).map_err(|_| bad("it is not an SQLite file".into()))?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| bad(format!("it cannot be opened ({e})")))?;
    if let Some(found) = damage(&conn) {
        return Err(bad(format!("it is damaged ({found})")));
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > schema::latest_version() {
        return Err(bad(format!(
            "it was written by a newer dosediary (schema {version}, this one knows up to {})",
            schema::latest_version()
        )));
    }
    let has_entries: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('entries', 'regimens')",
        [],
        |r| r.get(0),
    )?;
    if version < 1 || has_entries != 2 {
        return Err(bad("it is not a dosediary diary".into()));
    }
    let entries: i64 = conn.query_row(
        "SELECT count(*) FROM entries WHERE deleted_at_utc IS NULL",
        [],
        |r| r.get(0),
    )?;
    let regimens: i64 = conn.query_row(
        "SELECT count(*) FROM regimens WHERE deleted_at_utc IS NULL",
        [],
        |r| r.get(0),
    )?;
    let newest_entry: Option<String> = conn.query_row(
        "SELECT max(taken_at_utc) FROM entries WHERE deleted_at_utc IS NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(DiarySummary {
        schema_version: version,
        entries,
        regimens,
        newest_entry,
    })
}

impl Store {
    /// True when the diary holds nothing worth a backup (no entries, no regimens, even deleted).
    fn is_blank(&self) -> Result<bool> {
        let n: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM entries) + (SELECT count(*) FROM regimens)",
            [],
            |r| r.get(0),
        )?;
        Ok(n == 0)
    }

    /// Writes a consistent copy of the diary to `dest`, which must not exist: created 0600,
    /// filled by `VACUUM INTO`, synced to disk.
    pub fn copy_to(&self, dest: &Path) -> Result<()> {
        create_private_file(dest)?;
        let res = self.vacuum_into(dest);
        if res.is_err() {
            let _ = fs::remove_file(dest);
        }
        res
    }

    /// `VACUUM INTO` an existing empty file, then sync it.
    fn vacuum_into(&self, dest: &Path) -> Result<()> {
        let dest_str = dest.to_str().ok_or_else(|| StoreError::Create {
            path: dest.to_path_buf(),
            detail: "the path is not valid UTF-8".into(),
        })?;
        self.conn
            .execute("VACUUM INTO ?1", [dest_str])
            .map_err(|e| super::sqlite_err_to_store(&self.path, e))?;
        fs::File::open(dest)?.sync_all()?;
        Ok(())
    }

    /// Refuses (with the newest good backup named) when the diary fails `PRAGMA quick_check`.
    pub fn check_sound(&self) -> Result<()> {
        match damage(&self.conn) {
            None => Ok(()),
            Some(found) => Err(StoreError::damaged(&self.path, found)),
        }
    }

    /// Makes a backup now into `backups/` beside the diary, then rotates. Returns its path.
    /// A damaged diary is never copied (the good backups stay as they are): it is refused with
    /// the newest good backup named.
    pub fn backup_now(&self, now: DateTime<Utc>, kind: BackupKind) -> Result<PathBuf> {
        self.backup_now_with(now, kind, None)
    }

    /// [`Self::backup_now`], encrypted with a passphrase when one is given: the checked copy is
    /// made as a private temporary file in the backups folder, encrypted into
    /// `{stem}-{stamp}.sqlite3.age` (0600) and removed; no plaintext copy is left behind.
    pub fn backup_now_with(
        &self,
        now: DateTime<Utc>,
        kind: BackupKind,
        pass: Option<&crate::crypto::Passphrase>,
    ) -> Result<PathBuf> {
        self.check_sound()?;
        let dir = backup_dir(&self.path);
        make_private_dir(&dir)?;
        crate::files::clean_partials(&dir);
        let stem = stem(&self.path);
        let suffix = if kind == BackupKind::BeforeRestore {
            BEFORE_RESTORE
        } else {
            ""
        };
        let ext = if pass.is_some() {
            format!(".sqlite3{ENCRYPTED_SUFFIX}")
        } else {
            ".sqlite3".to_string()
        };
        let stamp = now.format(STAMP);
        let mut name = format!("{stem}-{stamp}{suffix}{ext}");
        let mut n = 2;
        while dir.join(&name).exists() {
            name = format!("{stem}-{stamp}-{n}{suffix}{ext}");
            n += 1;
        }
        let final_path = dir.join(&name);
        let partial = crate::files::partial_in(&dir, &final_path)?;
        self.vacuum_into(partial.path())?;
        let done = match pass {
            None => partial,
            Some(pass) => {
                let sealed = crate::files::partial_in(&dir, &final_path)?;
                let mut w = crate::crypto::encrypt_to(sealed.as_file(), pass)?;
                std::io::copy(&mut fs::File::open(partial.path())?, &mut w)?;
                w.finish()?.sync_all()?;
                // The plaintext copy is removed when `partial` is dropped here.
                drop(partial);
                sealed
            }
        };
        done.persist_noclobber(&final_path)
            .map_err(|e| StoreError::Io(e.error))?;
        sync_dir(&dir);
        rotate(&self.path)?;
        Ok(final_path)
    }

    /// The automatic backup made on open: only when the diary holds something and the newest
    /// backup is more than a day old (or dated in the future, after the clock was wrong).
    pub fn backup_if_due(&self, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
        self.backup_if_due_with(now, None)
    }

    /// [`Self::backup_if_due`], encrypted with `pass` when given.
    pub fn backup_if_due_with(
        &self,
        now: DateTime<Utc>,
        pass: Option<&crate::crypto::Passphrase>,
    ) -> Result<Option<PathBuf>> {
        let run = || -> Result<Option<PathBuf>> {
            if !self.backup_due(now)? {
                return Ok(None);
            }
            self.backup_now_with(now, BackupKind::Regular, pass)
                .map(Some)
        };
        run().map_err(|e| match e {
            StoreError::Sqlite(sq) if StoreError::is_damage(&sq) => {
                StoreError::damaged(&self.path, sq.to_string())
            }
            e => e,
        })
    }

    /// Whether the automatic backup is due: the diary holds something and the newest regular
    /// backup is a day old or more (or dated in the future). A damaged diary is an error here.
    pub fn backup_due(&self, now: DateTime<Utc>) -> Result<bool> {
        let newest = list(&self.path)?
            .into_iter()
            .find(|f| f.kind == BackupKind::Regular);
        let due = match newest {
            None => true,
            Some(f) => {
                now - f.at >= Duration::hours(AUTO_INTERVAL_HOURS)
                    || f.at - now > Duration::hours(AUTO_INTERVAL_HOURS)
            }
        };
        if !due {
            return Ok(false);
        }
        // Checked before anything else reads the tables: a damaged diary is named as such.
        self.check_sound()?;
        Ok(!self.is_blank()?)
    }

    /// Replaces the diary's contents with those of `src` (a backup or another diary file), after
    /// checking it and keeping the diary as it was in a before-restore backup. Uses SQLite's
    /// backup API, so another process with the diary open sees the change rather than a swapped
    /// file. Returns what was restored and where the previous diary was kept.
    pub fn restore_from(
        &mut self,
        src: &Path,
        now: DateTime<Utc>,
    ) -> Result<(DiarySummary, Option<PathBuf>)> {
        self.restore_from_as(src, src, now)
    }

    /// As [`Store::restore_from`]; the journal names the restored file `shown` (the encrypted
    /// backup the user gave, rather than its decrypted temporary copy).
    pub fn restore_from_as(
        &mut self,
        src: &Path,
        shown: &Path,
        now: DateTime<Utc>,
    ) -> Result<(DiarySummary, Option<PathBuf>)> {
        let summary = inspect(src)?;
        let same = match (fs::canonicalize(src), fs::canonicalize(&self.path)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same {
            return Err(StoreError::BadBackup {
                path: src.to_path_buf(),
                why: "it is the diary itself".into(),
            });
        }
        if damage(&self.conn).is_some() {
            let path = self.path.clone();
            // Close the damaged file before it is replaced.
            self.conn = Connection::open_in_memory()?;
            let kept = replace_damaged(&path, src, now)?;
            let origin = self.origin.clone();
            *self = Store::open(&path)?;
            self.set_origin(origin)?;
            self.mark_restored(shown, Some(&kept), now)?;
            return Ok((summary, Some(kept)));
        }
        let kept = if self.is_blank()? {
            None
        } else {
            Some(self.backup_now(now, BackupKind::BeforeRestore)?)
        };
        let source = Connection::open_with_flags(
            src,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        {
            let b = rusqlite::backup::Backup::new(&source, &mut self.conn)?;
            b.run_to_completion(256, std::time::Duration::from_millis(10), None)?;
        }
        drop(source);
        self.configure()?;
        self.migrate()?;
        // Undo does not cross the restore: the journal before it is the backup's.
        self.mark_restored(shown, kept.as_deref(), now)?;
        Ok((summary, kept))
    }
}

/// Restores `src` (already checked) over a damaged diary at `path` that no connection has open:
/// the damaged file (and its WAL) are kept byte for byte as `{stem}-{stamp}-damaged.sqlite3` in
/// the backups folder (never listed or rotated), then a clean copy of `src` is built beside the
/// diary and renamed over it. Returns where the damaged file was kept.
pub fn replace_damaged(path: &Path, src: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    let dir = backup_dir(path);
    make_private_dir(&dir)?;
    crate::files::clean_partials(&dir);
    let mut kept = dir.join(format!(
        "{}-{}-damaged.sqlite3",
        stem(path),
        now.format(STAMP)
    ));
    let mut n = 2;
    while kept.exists() {
        kept = dir.join(format!(
            "{}-{}-{n}-damaged.sqlite3",
            stem(path),
            now.format(STAMP)
        ));
        n += 1;
    }
    let wal = sidecar(path, "-wal");
    let shm = sidecar(path, "-shm");
    copy_private(path, &kept)?;
    if wal.exists() {
        copy_private(&wal, &sidecar(&kept, "-wal"))?;
    }
    let diary_dir = crate::files::parent_dir(path);
    crate::files::clean_partials(diary_dir);
    let fresh = crate::files::partial_in(diary_dir, path)?;
    {
        let source = Connection::open_with_flags(
            src,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let dest = fresh.path().to_str().ok_or_else(|| StoreError::Create {
            path: path.to_path_buf(),
            detail: "the path is not valid UTF-8".into(),
        })?;
        source.execute("VACUUM INTO ?1", [dest])?;
        fs::File::open(fresh.path())?.sync_all()?;
    }
    // A stale WAL would be replayed into the restored file: it goes first.
    for f in [&wal, &shm] {
        match fs::remove_file(f) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    fresh.persist(path).map_err(|e| StoreError::Io(e.error))?;
    sync_dir(diary_dir);
    Ok(kept)
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Copies a file byte for byte into a new 0600 file.
fn copy_private(from: &Path, to: &Path) -> Result<()> {
    create_private_file(to)?;
    let mut src = fs::File::open(from)?;
    let mut dst = fs::OpenOptions::new().write(true).open(to)?;
    std::io::copy(&mut src, &mut dst)?;
    dst.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn f(s: &str, kind: BackupKind) -> BackupFile {
        let at = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
            .unwrap()
            .and_utc();
        BackupFile {
            path: PathBuf::from(format!("b/{}", at.format(STAMP))),
            at,
            seq: 1,
            kind,
            encrypted: false,
        }
    }

    #[test]
    fn names_round_trip() {
        let at = Utc.with_ymd_and_hms(2026, 11, 21, 8, 5, 9).unwrap();
        assert_eq!(
            parse_name("diary", "diary-20261121T080509Z.sqlite3"),
            Some((at, 1, BackupKind::Regular))
        );
        assert_eq!(
            parse_name("diary", "diary-20261121T080509Z-3-before-restore.sqlite3"),
            Some((at, 3, BackupKind::BeforeRestore))
        );
        assert_eq!(parse_name("diary", "other-20261121T080509Z.sqlite3"), None);
        assert_eq!(
            parse_name("diary", "diary-20261121T080509Z-x.sqlite3"),
            None
        );
        assert_eq!(
            parse_name("diary", ".diary-20261121T080509Z.sqlite3.partial"),
            None
        );
        assert_eq!(parse_name("diary", "diary-2026.sqlite3"), None);
    }

    #[test]
    fn rotation_keeps_seven_days_then_four_weeks() {
        // One backup a day for 60 days (Sun 2026-09-20 .. Wed 2026-11-18), two on the last day.
        let mut files: Vec<BackupFile> = (0..60)
            .map(|d| {
                let day = chrono::NaiveDate::from_ymd_opt(2026, 9, 20).unwrap() + Duration::days(d);
                f(&format!("{day} 09:00"), BackupKind::Regular)
            })
            .collect();
        files.push(f("2026-11-18 21:00", BackupKind::Regular));
        files.push(f("2026-09-01 10:00", BackupKind::BeforeRestore));
        let gone = to_remove(&files);
        let mut kept: Vec<String> = files
            .iter()
            .filter(|x| !gone.contains(&x.path))
            .map(|x| x.at.format("%Y-%m-%d %H:%M %a").to_string())
            .collect();
        kept.sort();
        let expected = [
            // A before-restore copy is never rotated away.
            "2026-09-01 10:00 Tue",
            // The newest of each of the 4 ISO weeks (Monday to Sunday) before the week of
            // Thu 12 Nov, the oldest daily one.
            "2026-10-18 09:00 Sun",
            "2026-10-25 09:00 Sun",
            "2026-11-01 09:00 Sun",
            "2026-11-08 09:00 Sun",
            // The newest of each of the last 7 days that have a backup.
            "2026-11-12 09:00 Thu",
            "2026-11-13 09:00 Fri",
            "2026-11-14 09:00 Sat",
            "2026-11-15 09:00 Sun",
            "2026-11-16 09:00 Mon",
            "2026-11-17 09:00 Tue",
            "2026-11-18 21:00 Wed",
        ];
        assert_eq!(kept, expected);
        assert_eq!(kept.len(), 12);
        assert_eq!(gone.len(), files.len() - 12);
    }

    #[test]
    fn rotation_with_few_backups_removes_nothing() {
        let files = vec![
            f("2026-11-18 09:00", BackupKind::Regular),
            f("2026-11-10 09:00", BackupKind::Regular),
        ];
        assert!(to_remove(&files).is_empty());
        assert!(to_remove(&[]).is_empty());
    }

    #[test]
    fn a_later_backup_in_the_same_second_is_the_newer() {
        let mut a = f("2026-11-18 09:00", BackupKind::Regular);
        let mut b = a.clone();
        a.path = PathBuf::from("b/diary-20261118T090000Z.sqlite3");
        b.path = PathBuf::from("b/diary-20261118T090000Z-2.sqlite3");
        b.seq = 2;
        assert_eq!(to_remove(&[a.clone(), b.clone()]), vec![a.path.clone()]);
        assert_eq!(to_remove(&[b, a.clone()]), vec![a.path]);
    }
}
