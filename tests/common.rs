//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A fixed "now" for every command-line test: Friday 20 November 2026, 12:00 in Berlin.
pub const NOW: &str = "2026-11-20T12:00:00+01:00";
pub const TZ: &str = "Europe/Berlin";

pub fn bin(db: &Path) -> Command {
    bin_at(db, NOW)
}

pub fn bin_at(db: &Path, now: &str) -> Command {
    let mut c = Command::cargo_bin("dosediary").expect("binary built");
    c.env("DOSEDIARY_DB", db)
        .env("DOSEDIARY_NOW", now)
        .env("TZ", TZ)
        .env_remove("NO_COLOR");
    c
}

pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("diary.sqlite3");
    (dir, p)
}

pub fn stdout(c: &mut Command) -> String {
    let out = c.output().expect("runs");
    assert!(
        out.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).expect("utf8")
}

pub fn json(c: &mut Command) -> serde_json::Value {
    let s = stdout(c);
    serde_json::from_str(&s).unwrap_or_else(|e| panic!("not JSON ({e}):\n{s}"))
}
