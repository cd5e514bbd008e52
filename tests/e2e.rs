//! End to end: the real binary in a pseudo-terminal, keys typed as a person would, the screen read
//! with vt100, then the diary file checked and the terminal found back in its normal mode.

mod common;

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Screen {
    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }
    /// Waits until the screen shows `needle` and then stops changing.
    fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut last = String::new();
        let mut stable_since = Instant::now();
        loop {
            let t = self.text();
            if t != last {
                last = t.clone();
                stable_since = Instant::now();
            }
            if t.contains(needle) && stable_since.elapsed() > Duration::from_millis(150) {
                return t;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {needle:?}; screen:\n{t}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

#[test]
fn dose_symptom_undo_quit_in_a_real_terminal() {
    let (dir, db) = temp_db();
    // A regimen, so that `d` is pre-filled with the scheduled dose.
    bin(&db)
        .args([
            "regimen",
            "set",
            "--dose",
            "10",
            "--times",
            "08:00,14:00,20:00",
            "--from",
            "-1d",
        ])
        .assert()
        .success();

    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin("dosediary"));
    cmd.env("DOSEDIARY_DB", &db);
    cmd.env("DOSEDIARY_NOW", NOW);
    cmd.env("TZ", TZ);
    cmd.env("TERM", "xterm-256color");
    cmd.cwd(dir.path());
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let parser = Arc::new(Mutex::new(vt100::Parser::new(30, 100, 0)));
    let raw = Arc::new(Mutex::new(Vec::<u8>::new()));
    {
        let parser = Arc::clone(&parser);
        let raw = Arc::clone(&raw);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                parser.lock().unwrap().process(&buf[..n]);
                raw.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
    }
    let screen = Screen { parser };
    let mut send = |s: &str| {
        writer.write_all(s.as_bytes()).unwrap();
        writer.flush().unwrap();
    };

    let t = screen.wait_for("Next dose");
    assert!(t.contains("1 Today"), "{t}");
    // At 12:00 the 08:00 dose is late, and the next one is still 2 hours away.
    assert!(
        t.contains("Next dose: 10 mg at 08:00 (4 h 0 min ago)"),
        "{t}"
    );
    assert!(t.contains("[>] 08:00 late"), "{t}");
    // d, Enter: the scheduled dose, now.
    send("d");
    screen.wait_for("Log a dose");
    send("\r");
    let t = screen.wait_for("Saved: dose 10 mg at 12:00");
    assert!(
        t.contains("[x] 08:00 taken"),
        "the late dose counts for 08:00:\n{t}"
    );
    assert!(t.contains("Next dose: 10 mg at 14:00"), "{t}");
    // d Enter again, fast (a tremor, a double press): asked first, and Enter means no.
    send("d\r");
    let t = screen.wait_for("another? y/N");
    assert!(
        t.contains("You logged 10 mg at 12:00, less than a minute ago. Log"),
        "{t}"
    );
    send("\r");
    screen.wait_for("Not saved: You logged 10 mg at 12:00");
    // A symptom, with the live preview.
    send("s");
    screen.wait_for("Log a symptom");
    send("my lips are swelling");
    screen.wait_for("Preview: EMERGENCY");
    send("\r");
    let t = screen.wait_for("CALL YOUR LOCAL EMERGENCY NUMBER");
    assert!(t.contains("Swelling"), "{t}");
    // Undo the symptom.
    send("u");
    screen.wait_for("Undone: removed the symptom");
    send("q");

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "the app did not quit");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "exit status {status:?}");
    std::thread::sleep(Duration::from_millis(200));

    // The terminal was left in its normal mode: main screen, cursor shown, mouse reporting off.
    {
        let p = screen.parser.lock().unwrap();
        let s = p.screen();
        assert!(!s.alternate_screen(), "still on the alternate screen");
        assert!(!s.hide_cursor(), "cursor still hidden");
        assert_eq!(
            s.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting left on"
        );
    }
    let raw = String::from_utf8_lossy(&raw.lock().unwrap()).to_string();
    assert!(raw.contains("\x1b[?1049l"), "left the alternate screen");

    // The diary: one dose (the double press saved nothing), the undone symptom is not there.
    let v = json(bin(&db).args(["list", "--json"]));
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 1, "{v}");
    assert_eq!(a[0]["kind"], "dose");
    assert_eq!(a[0]["amount_mcg"], 10000);
    assert_eq!(a[0]["at"], "2026-11-20T12:00:00+01:00");
}

struct Running {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    screen: Screen,
}

fn start(db: &std::path::Path) -> Running {
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin("dosediary"));
    cmd.env("DOSEDIARY_DB", db);
    cmd.env("DOSEDIARY_NOW", NOW);
    cmd.env("TZ", TZ);
    cmd.env("TERM", "xterm-256color");
    let child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
    {
        let parser = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                parser.lock().unwrap().process(&buf[..n]);
            }
        });
    }
    Running {
        child,
        master: Some(pair.master),
        screen: Screen { parser },
    }
}

fn exits_within(child: &mut Box<dyn portable_pty::Child + Send + Sync>, secs: u64) -> bool {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    false
}

#[test]
fn sigterm_restores_the_terminal_and_exits() {
    let (_d, db) = temp_db();
    let mut r = start(&db);
    r.screen.wait_for("1 Today");
    let pid = r.child.process_id().expect("pid");
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid as i32, libc::SIGTERM) }, 0);
    assert!(exits_within(&mut r.child, 5), "did not exit on SIGTERM");
    std::thread::sleep(Duration::from_millis(200));
    let p = r.screen.parser.lock().unwrap();
    assert!(!p.screen().alternate_screen());
    assert!(!p.screen().hide_cursor());
}

/// A closed window or a killed multiplexer hangs the terminal up: the kernel sends SIGHUP.
#[test]
fn sighup_ends_the_app() {
    let (_d, db) = temp_db();
    let mut r = start(&db);
    r.screen.wait_for("1 Today");
    let pid = r.child.process_id().expect("pid");
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid as i32, libc::SIGHUP) }, 0);
    assert!(exits_within(&mut r.child, 5), "kept running after SIGHUP");
    drop(r.master.take());
}

/// A dose logged from the command line is undone in the app only after it is shown and a second
/// `u`; `Ctrl-R` brings it back; the diary file agrees.
#[test]
fn undo_of_a_command_line_change_asks_then_ctrl_r_redoes() {
    let (_d, db) = temp_db();
    stdout(bin(&db).args(["log", "dose", "10", "--at", "08:00"]));
    let count = || {
        json(bin(&db).args(["list", "--json"]))
            .as_array()
            .unwrap()
            .len()
    };
    let mut r = start(&db);
    let mut writer = r.master.as_ref().unwrap().take_writer().unwrap();
    let mut send = |s: &str| {
        writer.write_all(s.as_bytes()).unwrap();
        writer.flush().unwrap();
    };

    r.screen.wait_for("1 Today");
    send("u");
    let t = r.screen.wait_for("u: undo it");
    let flat = t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Undo this change?"), "{t}");
    assert!(flat.contains("made from the command line at 12:00"), "{t}");
    assert_eq!(count(), 1, "nothing undone before the second u");
    send("u");
    r.screen.wait_for("Undone: removed the dose 10 mg");
    assert_eq!(count(), 0);
    send("\x12"); // Ctrl-R
    r.screen.wait_for("Redone: logged the dose 10 mg");
    send("q");
    assert!(exits_within(&mut r.child, 10), "the app did not quit");
    let status = r.child.wait().unwrap();
    assert!(status.success(), "exit status {status:?}");
    let v = json(bin(&db).args(["list", "--json"]));
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v[0]["amount_mcg"], 10000);
}
