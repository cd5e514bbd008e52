//! Files the front ends write for the user (reports, exports, the card).

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

/// Writes a file with owner-only permissions (health data), via a temporary file and rename.
pub fn write_private(p: &Path, bytes: &[u8]) -> Result<()> {
    let dir = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        bail!(
            "cannot write {}: the folder {} does not exist",
            p.display(),
            dir.display()
        );
    }
    let tmp = dir.join(format!(
        ".{}.tmp",
        p.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("dosediary")
    ));
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o
        .open(&tmp)
        .with_context(|| format!("cannot write {}", p.display()))?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, p).with_context(|| format!("cannot write {}", p.display()))?;
    Ok(())
}
