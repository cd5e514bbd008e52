//! Benchmarks over a generated 10-year diary (`cargo bench`). Figures are reported in the README's
//! Performance section; CI only checks that they build.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use criterion::{Criterion, criterion_group, criterion_main};
use dosediary::demo;
use dosediary::diary::{Clock, RECENT_DAYS};
use dosediary::domain::{Amount, EntryKind, NewEntry};
use dosediary::export::{export_csv, export_json};
use dosediary::safety::{Catalog, analyze, check_text, evaluate, evaluate_recent};
use dosediary::store::Store;
use dosediary::tui::app::{Action, App, Screen};
use dosediary::tui::view::{self, Theme};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The same instant as [`now`], for the binary.
const NOW: &str = "2026-11-20T15:30:00+01:00";

fn now() -> chrono::DateTime<Utc> {
    Berlin
        .with_ymd_and_hms(2026, 11, 20, 15, 30, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// A 10-year diary, generated once per bench run.
fn ten_years(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("ten.sqlite3");
    let mut st = Store::open(&p).unwrap();
    let d = demo::generate(3650, 1, now(), &Berlin);
    let rec: Vec<_> = d
        .regimens
        .iter()
        .map(|r| r.effective_from.with_timezone(&Utc))
        .collect();
    st.import_all(&d.entries, &d.regimens, &rec, now()).unwrap();
    p
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = ten_years(dir.path());
    let st = Store::open(&path).unwrap();
    let entries = st.all_entries().unwrap();
    let regimens = st.regimens().unwrap();
    let cat = Catalog::builtin();
    eprintln!(
        "10-year diary: {} entries, {} regimens",
        entries.len(),
        regimens.len()
    );

    let phrase = "shaking all over and burning up since I ran out of pills";
    let _ = analyze(phrase); // build the lexicon once
    c.bench_function("check one phrase (analyze)", |b| {
        b.iter(|| analyze(std::hint::black_box(phrase)))
    });
    c.bench_function("check one phrase (check_text, no history)", |b| {
        b.iter(|| check_text(std::hint::black_box(phrase), None, None, now(), &Berlin))
    });

    let mut g = c.benchmark_group("10-year diary");
    g.sample_size(20).measurement_time(Duration::from_secs(6));
    g.bench_function("load all entries", |b| b.iter(|| st.all_entries().unwrap()));
    g.bench_function("flags over the whole history", |b| {
        b.iter(|| evaluate(&entries, &regimens, now(), &Berlin, cat))
    });
    g.bench_function("open flags (last week, bounded)", |b| {
        b.iter(|| evaluate_recent(&entries, &regimens, now(), &Berlin, cat))
    });
    g.bench_function("export json", |b| {
        b.iter(|| export_json(&entries, &regimens, &[]).unwrap())
    });
    g.bench_function("export csv", |b| b.iter(|| export_csv(&entries)));
    g.bench_function("open + first frame 200x60", |b| {
        b.iter(|| {
            let st = Store::open(&path).unwrap();
            let app = App::new(st, Berlin, Clock::fixed(now())).unwrap();
            let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
            t.draw(|f| view::draw(f, &app, Theme { color: true }))
                .unwrap();
        })
    });
    // Switching to a screen that reads its range (the app already open on Today).
    for (name, screen) in [
        ("open the Flags screen (13 weeks)", Screen::Flags),
        ("open the Trends screen (30 days)", Screen::Trends),
    ] {
        g.bench_function(name, |b| {
            b.iter_batched(
                || App::new(Store::open(&path).unwrap(), Berlin, Clock::fixed(now())).unwrap(),
                |mut app| app.update(Action::Goto(screen)).unwrap(),
                criterion::BatchSize::LargeInput,
            )
        });
    }
    g.finish();

    let mut g = c.benchmark_group("render 200x60");
    let mut app = App::new(Store::open(&path).unwrap(), Berlin, Clock::fixed(now())).unwrap();
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    for screen in [
        Screen::Today,
        Screen::History,
        Screen::Trends,
        Screen::Flags,
        Screen::Regimen,
    ] {
        app.update(Action::Goto(screen)).unwrap();
        g.bench_function(screen.title(), |b| {
            b.iter(|| {
                // A full redraw each time: clear the previous buffer so nothing is skipped.
                term.clear().unwrap();
                term.draw(|f| view::draw(f, &app, Theme { color: true }))
                    .unwrap();
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("supply and backups");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    // Worst case: one pack recorded ten years ago, every dose since drawn from it.
    let first = entries.first().unwrap().at;
    let events = vec![dosediary::domain::SupplyEvent {
        id: 1,
        kind: dosediary::domain::SupplyKind::Add,
        at: first,
        tablets: 10_000,
        strength_mcg: Amount::from_mg(20),
        note: None,
        recorded_at: now(),
    }];
    g.bench_function("supply status + run-out (10 years of doses)", |b| {
        b.iter(|| dosediary::safety::supply::status(&events, &entries, &regimens, now(), &Berlin))
    });
    let bdir = tempfile::tempdir().unwrap();
    let copy = bdir.path().join("diary.sqlite3");
    std::fs::copy(&path, &copy).unwrap();
    let bst = Store::open(&copy).unwrap();
    let mut t = now();
    g.bench_function("backup now (VACUUM INTO + rotation)", |b| {
        b.iter(|| {
            t += chrono::Duration::days(1);
            bst.backup_now(t, dosediary::store::backup::BackupKind::Regular)
                .unwrap()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("durable insert");
    g.sample_size(30).measurement_time(Duration::from_secs(5));
    let ins_dir = tempfile::tempdir().unwrap();
    let mut ins = Store::open(&ins_dir.path().join("ins.sqlite3")).unwrap();
    let at = now().with_timezone(&Berlin).fixed_offset();
    g.bench_function("log a dose (synchronous=FULL, one transaction)", |b| {
        b.iter(|| {
            ins.insert(
                &NewEntry {
                    at,
                    kind: EntryKind::Dose {
                        amount_mcg: Amount::from_mg(10),
                        skipped: false,
                        as_needed: false,
                    },
                    note: None,
                },
                now(),
            )
            .unwrap()
        })
    });
    g.finish();
}

/// Runs `cmd` to completion, output discarded, and returns its wall time.
fn run_process(cmd: &mut Command) -> Duration {
    let t = Instant::now();
    let st = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success(), "{cmd:?} failed");
    t.elapsed()
}

/// Runs `cmd` in a fresh 200x60 pseudo-terminal and returns the time from spawning it until
/// `until` has been written (the app's first frame) or, with `None`, until it has ended (sqlite3).
/// Both sides of the first-frame comparison go through this one launcher: portable-pty spawns
/// with a `pre_exec` hook, so the child is forked from this (large) bench process, a cost that a
/// plain `Command` (posix_spawn) does not pay. Launching one side each way made the app look
/// about 4 ms slower than it is beside sqlite3.
fn in_pty(cmd: CommandBuilder, until: Option<&[u8]>) -> Duration {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 60,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let t = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 65536];
    let elapsed = loop {
        // The terminal closes (EIO) once the child has ended.
        let n = reader.read(&mut buf).unwrap_or_default();
        if n == 0 {
            assert!(until.is_none(), "the app ended before its first frame");
            let _ = child.wait();
            break t.elapsed();
        }
        seen.extend_from_slice(&buf[..n]);
        if let Some(marker) = until
            && seen.windows(marker.len()).any(|w| w == marker)
        {
            break t.elapsed();
        }
    };
    if until.is_some() {
        child.kill().unwrap();
        let _ = child.wait();
    }
    elapsed
}

/// Starts the real binary in a 200x60 pseudo-terminal and returns the time until its first frame
/// (the Today tab and its "Next dose" panel) has been written.
fn first_frame(db: &Path) -> Duration {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_dosediary"));
    cmd.env("DOSEDIARY_DB", db);
    cmd.env("DOSEDIARY_NOW", NOW);
    cmd.env("DOSEDIARY_NO_AUTO_BACKUP", "1");
    cmd.env("TZ", "Europe/Berlin");
    cmd.env("TERM", "xterm-256color");
    in_pty(cmd, Some(b"Next"))
}

fn whole_process(c: &mut Criterion, path: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.sqlite3");
    let bin = env!("CARGO_BIN_EXE_dosediary");
    let dd = |db: &Path| {
        let mut cmd = Command::new(bin);
        cmd.env("DOSEDIARY_DB", db)
            .env("DOSEDIARY_NOW", NOW)
            .env("DOSEDIARY_NO_AUTO_BACKUP", "1")
            .env("TZ", "Europe/Berlin");
        cmd
    };
    let mut g = c.benchmark_group("whole process, 10-year diary");
    g.sample_size(20).measurement_time(Duration::from_secs(6));
    g.bench_function("first frame", |b| {
        b.iter_custom(|n| (0..n).map(|_| first_frame(path)).sum())
    });
    // The floor: sqlite3 reading the same 37 days (and the regimens) from the same file, launched
    // in a pseudo-terminal the same way as the app.
    let since = (now() - chrono::Duration::days(RECENT_DAYS))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let query = format!(
        "SELECT * FROM entries WHERE taken_at_utc >= '{since}' AND deleted_at_utc IS NULL ORDER BY taken_at_utc; SELECT * FROM regimens;"
    );
    let sqlite3 = Command::new("sqlite3").arg("-version").output().is_ok();
    if sqlite3 {
        g.bench_function("sqlite3 reading the same 37 days", |b| {
            b.iter_custom(|n| {
                (0..n)
                    .map(|_| {
                        let mut cmd = CommandBuilder::new("sqlite3");
                        cmd.arg(path);
                        cmd.arg(&query);
                        in_pty(cmd, None)
                    })
                    .sum()
            })
        });
    } else {
        eprintln!(
            "note: sqlite3 is not installed; the first-frame floor is not measured (apt-get install sqlite3)"
        );
    }
    let phrase = "shaking all over and burning up since I ran out of pills";
    g.bench_function("check one phrase", |b| {
        b.iter_custom(|n| {
            (0..n)
                .map(|_| run_process(dd(path).args(["check", phrase])))
                .sum()
        })
    });
    g.bench_function("check one phrase, no diary", |b| {
        b.iter_custom(|n| {
            (0..n)
                .map(|_| run_process(dd(&empty).args(["check", phrase])))
                .sum()
        })
    });
    g.finish();
}

fn preview(c: &mut Criterion, path: &Path) {
    let mut app = App::new(Store::open(path).unwrap(), Berlin, Clock::fixed(now())).unwrap();
    app.update(Action::LogSymptom).unwrap();
    for ch in "shaking and feverish since I ran ou".chars() {
        app.update(Action::Char(ch)).unwrap();
    }
    let mut g = c.benchmark_group("symptom form, 10-year diary");
    g.bench_function("one keystroke of the live preview", |b| {
        b.iter(|| {
            app.update(Action::Char('t')).unwrap();
            app.update(Action::Backspace).unwrap();
        })
    });
    g.finish();
}

fn process_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = ten_years(dir.path());
    preview(c, &path);
    whole_process(c, &path);
}

criterion_group!(diary, benches, process_benches);
criterion_main!(diary);
