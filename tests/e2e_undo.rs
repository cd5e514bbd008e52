//! End to end in a pseudo-terminal: a dose logged from the command line is undone in the app only
//! after it is shown and a second `u`; `Ctrl-R` brings it back; the diary file agrees.

mod common;

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn wait_for(parser: &Mutex<vt100::Parser>, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let t = parser.lock().unwrap().screen().contents();
        if t.contains(needle) {
            return t;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {needle:?}; screen:\n{t}"
        );
        std::thread::sleep(Duration::from_millis(30));
    }
}

#[test]
fn undo_of_a_command_line_change_asks_then_ctrl_r_redoes() {
    let (dir, db) = temp_db();
    stdout(bin(&db).args(["log", "dose", "10", "--at", "08:00"]));

    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
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
    let mut send = |s: &str| {
        writer.write_all(s.as_bytes()).unwrap();
        writer.flush().unwrap();
    };

    wait_for(&parser, "1 Today");
    send("u");
    let t = wait_for(&parser, "u: undo it");
    let flat = t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Undo this change?"), "{t}");
    assert!(flat.contains("made from the command line at 12:00"), "{t}");
    assert_eq!(
        json(bin(&db).args(["list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        1,
        "nothing undone before the second u"
    );
    send("u");
    wait_for(&parser, "Undone: removed the dose 10 mg");
    assert_eq!(
        json(bin(&db).args(["list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        0
    );
    send("\x12"); // Ctrl-R
    wait_for(&parser, "Redone: logged the dose 10 mg");
    send("q");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            assert!(s.success(), "exit status {s:?}");
            break;
        }
        assert!(Instant::now() < deadline, "the app did not quit");
        std::thread::sleep(Duration::from_millis(20));
    }
    let v = json(bin(&db).args(["list", "--json"]));
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v[0]["amount_mcg"], 10000);
}
