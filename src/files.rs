//! Output files written safely: health data never lands in a file someone else prepared.
//!
//! Every file dosediary writes outside the diary (export, report, card, PDF) goes through
//! [`write_private`]: a temporary file created exclusively (`O_EXCL`, a random name, mode 0600)
//! in the target's folder by the `tempfile` crate, filled, synced, then renamed over the target.
//! A symlink or a pre-created file at any predictable name is never opened. Temporary names are
//! `.{target}.{pid}.{random}.partial`; one left by a killed run is removed by the next write into
//! the same folder once its process is gone ([`clean_partials`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The suffix of every temporary file dosediary leaves while writing.
pub const PARTIAL_SUFFIX: &str = ".partial";

/// The folder a path lives in (`.` for a bare file name).
pub fn parent_dir(p: &Path) -> &Path {
    p.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Writes `bytes` to `p` with owner-only permissions (0600), through an exclusive temporary file
/// in the same folder and a rename: the target is either the old file or the complete new one.
pub fn write_private(p: &Path, bytes: &[u8]) -> Result<()> {
    let dir = parent_dir(p);
    if !dir.is_dir() {
        bail!(
            "cannot write {}: the folder {} does not exist",
            p.display(),
            dir.display()
        );
    }
    if p.is_dir() {
        bail!("cannot write {}: it is a folder", p.display());
    }
    clean_partials(dir);
    let mut tmp = partial_in(dir, p).with_context(|| format!("cannot write {}", p.display()))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", p.display()))?;
    tmp.persist(p)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", p.display()))?;
    sync_dir(dir);
    Ok(())
}

/// A new exclusive 0600 temporary file in `dir` for writing `target`, named
/// `.{target}.{pid}.{random}.partial`; removed when dropped unless persisted.
pub fn partial_in(dir: &Path, target: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("dosediary");
    let prefix = format!(".{name}.{}.", std::process::id());
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(PARTIAL_SUFFIX).rand_bytes(8);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o600));
    }
    b.tempfile_in(dir)
}

/// Removes `.*.{pid}.*.partial` files in `dir` whose process is no longer running (left by a
/// killed export, backup or restore). Files of a live process are left alone. Returns what was
/// removed.
pub fn clean_partials(dir: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return removed;
    };
    for ent in rd.flatten() {
        let name = ent.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = partial_pid(name) else {
            continue;
        };
        if !process_alive(pid) && std::fs::remove_file(ent.path()).is_ok() {
            removed.push(ent.path());
        }
    }
    removed
}

/// The process id in a partial file's name `.{name}.{pid}.{random}.partial`.
fn partial_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(PARTIAL_SUFFIX)?;
    let mut parts = rest.rsplitn(3, '.');
    let _random = parts.next()?;
    let pid = parts.next()?;
    let _target = parts.next().filter(|t| !t.is_empty())?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: kill with signal 0 only checks whether the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

/// Makes a rename in `dir` durable.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_names_carry_the_pid() {
        assert_eq!(partial_pid(".report.html.123.AbCd0123.partial"), Some(123));
        assert_eq!(
            partial_pid(".diary-20261121T080509Z.sqlite3.77.x1y2z3w4.partial"),
            Some(77)
        );
        assert_eq!(partial_pid(".report.html.tmp"), None);
        assert_eq!(partial_pid("report.html"), None);
        assert_eq!(partial_pid(".x.partial"), None);
        assert_eq!(partial_pid(".a.b.c.partial"), None);
    }

    #[test]
    fn a_partial_of_a_dead_process_is_removed_and_a_live_one_kept() {
        let d = tempfile::tempdir().unwrap();
        let mine = d
            .path()
            .join(format!(".x.csv.{}.abcdefgh.partial", std::process::id()));
        // Process ids wrap well below this on Linux (pid_max is at most 2^22).
        let dead = d.path().join(".x.csv.99999999.abcdefgh.partial");
        let other = d.path().join("x.csv");
        for p in [&mine, &dead, &other] {
            std::fs::write(p, b"x").unwrap();
        }
        assert_eq!(clean_partials(d.path()), vec![dead.clone()]);
        assert!(mine.exists() && other.exists() && !dead.exists());
    }
}
