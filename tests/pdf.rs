//! The report printed to PDF by a real headless Chromium, read back with poppler's pdfinfo and
//! pdftotext. `.ci/run` installs Debian's `chromium` and `poppler-utils`; without them this test
//! fails and says what to install (it is never skipped).

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn tool(name: &str) -> std::path::PathBuf {
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        let p = dir.join(name);
        if p.is_file() {
            return p;
        }
    }
    panic!(
        "{name} is not installed: the PDF test needs Debian's chromium and poppler-utils \
         (bash .ci/run installs them; or: sudo apt-get install chromium poppler-utils)"
    );
}

fn pdfinfo(pdf: &Path) -> String {
    let out = Command::new(tool("pdfinfo")).arg(pdf).output().unwrap();
    assert!(out.status.success(), "pdfinfo failed on {pdf:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pages(info: &str) -> u32 {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|v| v.trim().parse().unwrap())
        .expect("a page count")
}

/// The PDF's text with all runs of whitespace made one space (lines wrap differently in print).
fn pdftext(pdf: &Path) -> String {
    let out = Command::new(tool("pdftotext"))
        .args([pdf.as_os_str(), "-".as_ref()])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The PDF's text with its layout kept (`pdftotext -layout`): a table row stays on one line,
/// its cells in order, runs of spaces squashed to one.
fn pdflayout(pdf: &Path) -> String {
    let out = Command::new(tool("pdftotext"))
        .args(["-layout".as_ref(), pdf.as_os_str(), "-".as_ref()])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(squash)
        .collect::<Vec<_>>()
        .join("\n")
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_report_prints_to_pdf_in_headless_chromium() {
    assert!(
        dosediary::report::pdf::find_chromium().is_some(),
        "no Chromium: the PDF test needs Debian's chromium and poppler-utils \
         (bash .ci/run installs them; or: sudo apt-get install chromium poppler-utils)"
    );
    let (d, db) = temp_db();
    stdout(bin(&db).args(["demo", "--days", "120", "--seed", "3"]));
    let pdf = d.path().join("report.pdf");
    let html = d.path().join("report.html");
    let out = stdout(bin(&db).args([
        "report",
        "--out",
        html.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
    ]));
    assert!(out.contains("Wrote the PDF report"), "{out}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&pdf).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the PDF is health data: private");
    }

    let info = pdfinfo(&pdf);
    assert!(info.contains("(A4)"), "A4 by default:\n{info}");
    let n = pages(&info);
    // 90 days of a demo diary: the sections, three charts and the flag table need a few pages,
    // not one and not dozens.
    assert!((2..=20).contains(&n), "{n} pages");

    let text = pdftext(&pdf);
    for heading in [
        "Baclofen diary: report for the prescriber",
        "Regimen",
        "Adherence",
        "Daily totals",
        "Drowsiness",
        "Symptoms",
        "Flags",
        "Sources",
    ] {
        assert!(text.contains(heading), "no '{heading}' in the PDF");
    }
    // The current regimen and the flags the diary itself reports are in the printed text.
    let reg = json(bin(&db).args(["regimen", "show", "--json"]));
    let times = reg["current"]["times"].as_array().unwrap();
    let times: Vec<&str> = times.iter().map(|t| t.as_str().unwrap()).collect();
    assert!(text.contains(&times.join(",")), "regimen times {times:?}");
    let flags = json(bin(&db).args(["flags", "--json", "--since", "-90d"]));
    let urgent: Vec<&serde_json::Value> = flags
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["urgency"] == "urgent" || f["urgency"] == "emergency")
        .collect();
    assert!(!urgent.is_empty(), "the demo has urgent flags");
    for f in urgent {
        let title = squash(f["title"].as_str().unwrap());
        assert!(text.contains(&title), "flag '{title}' missing from the PDF");
    }
    // Every source cited is listed with its title, never its internal key (issue 12 point 5).
    assert!(text.contains(&squash("Baclofen: 7 things you should know")));
    assert!(!text.contains("seed-001"));

    // Letter paper on request.
    let letter = d.path().join("letter.pdf");
    stdout(bin(&db).args([
        "report",
        "--pdf",
        letter.to_str().unwrap(),
        "--paper",
        "letter",
    ]));
    let info = pdfinfo(&letter);
    assert!(info.to_lowercase().contains("(letter)"), "{info}");
}

#[test]
fn pdf_without_a_browser_says_how_to_install_one_and_writes_nothing() {
    let (d, db) = temp_db();
    stdout(bin(&db).args(["log", "dose", "10", "--at", "08:00"]));
    let pdf = d.path().join("r.pdf");
    let out = bin(&db)
        .env("DOSEDIARY_CHROMIUM", d.path().join("no-such-browser"))
        .args(["report", "--pdf", pdf.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("apt install chromium"), "{err}");
    assert!(!pdf.exists());
    for (args, needle) in [
        (vec!["report"], "--out FILE.html, --pdf FILE.pdf"),
        (vec!["report", "--pdf", "r.txt"], "ending in .pdf"),
        (
            vec!["report", "--out", "r.html", "--paper", "a4"],
            "--paper is for the PDF",
        ),
        (
            vec!["report", "--pdf", "r.pdf", "--paper", "a3"],
            "accepted: a4, letter",
        ),
    ] {
        let out = bin(&db).current_dir(d.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    assert!(!d.path().join("r.html").exists() && !d.path().join("r.pdf").exists());
}

/// What `strace -f -e trace=network,close` shows going out to the network: DNS queries (anything to port
/// 53), TCP connects, and datagrams sent or received on an internet socket. A UDP `connect`
/// followed only by `getsockname` (the kernel picking a local address, no packet sent) is not
/// traffic.
fn network_traffic(trace: &str) -> Vec<String> {
    use std::collections::HashMap;
    // (pid, fd) -> (inet?, stream?, when made): the order matters, because descriptor numbers
    // are reused after a close (which this trace does not show).
    let mut socks: HashMap<(String, String), (bool, bool, usize)> = HashMap::new();
    let mut out = Vec::new();
    // Calls interrupted by another process's are split in two ("<unfinished ...>" and
    // "<... connect resumed>"): join them first.
    let mut pending: HashMap<String, String> = HashMap::new();
    let mut lines = Vec::new();
    for line in trace.lines() {
        let Some((pid, rest)) = line.split_once(' ') else {
            continue;
        };
        let rest = rest.trim_start();
        if let Some(head) = rest.strip_suffix("<unfinished ...>") {
            pending.insert(pid.to_string(), head.trim_end().to_string());
        } else if rest.starts_with("<... ") {
            let tail = rest.split_once("resumed>").map(|(_, t)| t).unwrap_or("");
            let head = pending.remove(pid).unwrap_or_default();
            lines.push(format!("{pid} {head}{tail}"));
        } else {
            lines.push(line.to_string());
        }
    }
    // The newest socket made with each descriptor number in any process, for threads that
    // share a descriptor table.
    let mut by_fd: HashMap<String, (bool, bool, usize)> = HashMap::new();
    for (seq, line) in lines.iter().enumerate() {
        let mut parts = line.splitn(2, ' ');
        let (Some(pid), Some(rest)) = (parts.next(), parts.next()) else {
            continue;
        };
        let rest = rest.trim_start();
        let call = rest.split('(').next().unwrap_or("");
        let arg0 = rest
            .split_once('(')
            .map(|(_, a)| a.split([',', ')']).next().unwrap_or("").trim().to_string())
            .unwrap_or_default();
        // A closed descriptor's number is free for any later socket, pipe or inherited IPC
        // channel: what was known about it is forgotten.
        if call == "close" {
            socks.remove(&(pid.to_string(), arg0.clone()));
            by_fd.insert(arg0.clone(), (false, false, seq));
            continue;
        }
        // A socket pair (Chromium's IPC) takes descriptor numbers too: never internet sockets.
        if call == "socketpair" {
            if let Some(pair) = rest.split_once('[').and_then(|(_, r)| r.split_once(']')) {
                for fd in pair.0.split(',').map(str::trim) {
                    socks.insert((pid.to_string(), fd.to_string()), (false, false, seq));
                    by_fd.insert(fd.to_string(), (false, false, seq));
                }
            }
            continue;
        }
        if call == "socket" {
            if let Some(fd) = rest.rsplit("= ").next().map(str::trim) {
                let inet = rest.contains("AF_INET");
                let stream = rest.contains("SOCK_STREAM");
                socks.insert((pid.to_string(), fd.to_string()), (inet, stream, seq));
                by_fd.insert(fd.to_string(), (inet, stream, seq));
            }
            continue;
        }
        let inet_dest = rest.contains("sin_port=") || rest.contains("sin6_port=");
        // The newest socket made with this descriptor number: by this thread, or by another
        // thread of the same process after it (threads show as separate pids and share one
        // descriptor table; a closed descriptor's number is reused, e.g. for a netlink socket).
        let own = socks.get(&(pid.to_string(), arg0.clone())).copied();
        let any = by_fd.get(&arg0).copied();
        let newest = match (own, any) {
            (Some(o), Some(a)) if a.2 > o.2 => Some(a),
            (Some(o), _) => Some(o),
            (None, a) => a,
        };
        let known = newest.map(|(i, st, _)| (i, st));
        // Send and receive calls are judged by the socket this descriptor last stood for.
        let on_inet = own.is_some() && newest.is_some_and(|(inet, _, _)| inet);
        match call {
            "connect" if inet_dest => {
                let dns = rest.contains("htons(53)");
                let stream = known.is_none_or(|(_, s)| s);
                if dns || stream {
                    out.push(line.to_string());
                }
            }
            "sendto" | "sendmsg" | "sendmmsg" | "recvfrom" | "recvmsg" | "recvmmsg"
                if inet_dest || on_inet =>
            {
                out.push(line.to_string())
            }
            _ => {}
        }
    }
    out
}

#[test]
fn the_pdf_report_makes_no_network_connection() {
    let strace = tool_or(
        "strace",
        "strace (bash .ci/run installs it; or: sudo apt-get install strace)",
    );
    assert!(
        dosediary::report::pdf::find_chromium().is_some(),
        "no Chromium: bash .ci/run installs it"
    );
    let (d, db) = temp_db();
    stdout(bin(&db).args(["demo", "--days", "30"]));
    let pdf = d.path().join("r.pdf");
    let trace = d.path().join("trace.txt");
    let exe = assert_cmd::cargo::cargo_bin("dosediary");
    let out = Command::new(strace)
        .args(["-f", "-e", "trace=network,close", "-o"])
        .arg(&trace)
        .arg(exe)
        .args(["report", "--pdf"])
        .arg(&pdf)
        .env("DOSEDIARY_DB", &db)
        .env("DOSEDIARY_NOW", NOW)
        .env("TZ", TZ)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let trace = std::fs::read_to_string(&trace).unwrap();
    assert!(
        trace.contains("socket("),
        "strace saw the processes: {trace:.200}"
    );
    let traffic = network_traffic(&trace);
    assert!(traffic.is_empty(), "network use:\n{}", traffic.join("\n"));
}

fn tool_or(name: &str, hint: &str) -> std::path::PathBuf {
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        let p = dir.join(name);
        if p.is_file() {
            return p;
        }
    }
    panic!("{name} is not installed: {hint}");
}

#[test]
fn the_network_reader_sees_dns_and_tcp_but_not_a_local_address_probe() {
    let t = "\
1 socket(AF_INET6, SOCK_DGRAM, IPPROTO_IP) = 24
1 connect(24, {sa_family=AF_INET6, sin6_port=htons(443), inet_pton(AF_INET6, \"2001:4860:4860::8888\", &sin6_addr)}, 28) = 0
1 getsockname(24, {sa_family=AF_INET6, sin6_port=htons(53545)}, [28]) = 0
2 socket(AF_INET, SOCK_DGRAM|SOCK_NONBLOCK, IPPROTO_IP) = 27
2 connect(27, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"10.0.0.53\")}, 16) = 0
2 sendmmsg(27, [{msg_hdr={msg_name=NULL}}], 2, MSG_NOSIGNAL) = 2
3 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 9
3 connect(9, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(\"1.2.3.4\")}, 16) = -1 EINPROGRESS
4 socket(AF_UNIX, SOCK_STREAM, 0) = 5
4 sendmsg(5, {msg_name=NULL}, MSG_NOSIGNAL) = 8
5 socket(AF_INET6, SOCK_DGRAM, IPPROTO_IP <unfinished ...>
6 socket(AF_UNIX, SOCK_STREAM, 0) = 6
5 <... socket resumed>) = 31
5 connect(31, {sa_family=AF_INET6, sin6_port=htons(443)}, 28 <unfinished ...>
6 sendmsg(6, {msg_name=NULL}, MSG_NOSIGNAL) = 8
5 <... connect resumed>) = 0
";
    let seen = network_traffic(t);
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(seen[0].contains("htons(53)"));
    assert!(seen[1].starts_with("2 sendmmsg"));
    assert!(seen[2].contains("1.2.3.4"));
}

/// A diary built by hand, command by command, for the report's numbers. Berlin time (+01:00).
/// Now is Fri 20 Nov 2026 12:00 (tests/common.rs); the first entry is Mon 9 Nov 2026.
fn hand_built_diary() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (d, db) = temp_db();
    let cfg = d.path().join("config.toml");
    std::fs::write(
        &cfg,
        "[patient]\nname = \"Robin Quill\"\n\n[prescriber]\nname = \"Dr Amara Okafor\"\nphone = \"030 555 0199\"\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        stdout(bin(&db).env("DOSEDIARY_CONFIG", &cfg).args(args));
    };
    // Step 1: 10 mg at 08:00 and 20:00 (20 mg a day) from Mon 9 Nov 07:00; step 2: 15 mg twice
    // (30 mg a day) from Sat 14 Nov 07:00. A day belongs to the step in force at its end, so
    // step 1 is 9-13 Nov (5 days) and step 2 is 14-20 Nov (7 days).
    run(&[
        "regimen",
        "set",
        "--dose",
        "10",
        "--times",
        "08:00,20:00",
        "--from",
        "2026-11-09 07:00",
    ]);
    run(&[
        "regimen",
        "set",
        "--dose",
        "15",
        "--times",
        "08:00,20:00",
        "--from",
        "2026-11-14 07:00",
    ]);
    run(&[
        "med",
        "add",
        "gabapentin",
        "--dose",
        "300 mg",
        "--times",
        "08:00",
        "--class",
        "anticonvulsant",
        "--from",
        "2026-11-09 07:00",
    ]);
    // Every scheduled dose, on time, so no dose pattern is flagged.
    for day in 9..=20 {
        let mg = if day < 14 { "10" } else { "15" };
        for time in ["08:00", "20:00"] {
            if day == 20 && time == "20:00" {
                continue; // later than now
            }
            let at = format!("2026-11-{day:02} {time}");
            if day == 10 && time == "08:00" {
                run(&[
                    "log",
                    "dose",
                    mg,
                    "--at",
                    &at,
                    "--note",
                    "took it with porridge",
                ]);
            } else {
                run(&["log", "dose", mg, "--at", &at]);
            }
        }
    }
    // Spasticity (bedtime). Step 1: 9 Nov 8, 10 Nov 8, 11 Nov 7, 12 Nov 6 and 8 (day mean 7);
    // 13 Nov none. Step mean = (8 + 8 + 7 + 7) / 4 = 7.5, n = 4 days.
    // Step 2: 14 Nov 5, 15 Nov 5, 16 Nov 4, 17 Nov 6: mean = 20 / 4 = 5.0, n = 4.
    // Change: 5.0 - 7.5 = -2.5 points, -2.5 / 7.5 = -33.3 %, a fall of 30 % or more with both
    // steps rated on at least 3 days: marked.
    for (at, v) in [
        ("2026-11-09 22:00", "8"),
        ("2026-11-10 22:00", "8"),
        ("2026-11-11 22:00", "7"),
        ("2026-11-12 21:00", "6"),
        ("2026-11-12 22:00", "8"),
        ("2026-11-14 22:00", "5"),
        ("2026-11-15 22:00", "5"),
        ("2026-11-16 22:00", "4"),
        ("2026-11-17 22:00", "6"),
    ] {
        run(&["log", "spasticity", v, "--at", at]);
    }
    // Drowsiness. Step 1: 9 Nov 2, 11 Nov 4: mean 3.0, n = 2. Step 2: 14 Nov 5, 16 Nov 6,
    // 18 Nov 4: mean 5.0, n = 3. Change: +2.0 points, +2.0 / 3.0 = +66.7 %, shown as +67%.
    for (at, v) in [
        ("2026-11-09 09:30", "2"),
        ("2026-11-11 09:30", "4"),
        ("2026-11-14 09:30", "5"),
        ("2026-11-16 09:30", "6"),
        ("2026-11-18 09:30", "4"),
    ] {
        run(&["log", "drowsiness", v, "--at", at]);
    }
    // The patient's words: a routine sign, an emergency, and markup that must stay text.
    run(&[
        "log",
        "symptom",
        "dry mouth all morning",
        "--severity",
        "2",
        "--at",
        "2026-11-12 14:00",
    ]);
    run(&[
        "log",
        "symptom",
        "my lips are swelling and I have hives",
        "--at",
        "2026-11-16 10:00",
    ]);
    run(&[
        "log",
        "symptom",
        "<script>alert(1)</script> legs stiff",
        "--at",
        "2026-11-17 18:00",
        "--note",
        "Tom & Jerry <b>",
    ]);
    // Gabapentin ticked off three mornings; one intake.
    for day in ["11", "12", "13"] {
        run(&[
            "log",
            "med",
            "gabapentin",
            "--at",
            &format!("2026-11-{day} 08:05"),
        ]);
    }
    run(&[
        "log",
        "intake",
        "1 glass of wine",
        "--at",
        "2026-11-15 19:00",
    ]);
    (d, db, cfg)
}

#[test]
fn the_report_v2_on_a_hand_built_diary() {
    let (d, db, cfg) = hand_built_diary();
    let html = d.path().join("r.html");
    let pdf = d.path().join("r.pdf");
    stdout(bin(&db).env("DOSEDIARY_CONFIG", &cfg).args([
        "report",
        "--out",
        html.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
    ]));
    let layout = pdflayout(&pdf);
    let text = pdftext(&pdf);
    let line = |start: &str| -> &str {
        layout
            .lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line starting '{start}' in:\n{layout}"))
    };
    // Who and for whom, from the config.
    assert!(layout.contains("Patient: Robin Quill · Prescriber: Dr Amara Okafor, 030 555 0199"));
    // The default 91 days end today (Fri 20 Nov) and would start 90 days before, on 22 Aug
    // (Aug 22 -> Sep 22 is 31 days, -> Oct 22 30 more, -> Nov 20 29 more: 90). The diary starts
    // on Mon 9 Nov, so the period is 9-20 Nov: 12 days.
    assert!(
        text.contains("Period: 9 November 2026 to 20 November 2026 (12 days)."),
        "{text}"
    );
    assert!(text.contains(
        "The diary starts on 9 November 2026, so the period asked for (from 22 August 2026) begins there."
    ));
    // The chart's dated axis (12 days: every day) and its labelled y axes.
    assert!(layout.contains(
        "9 Nov 10 Nov 11 Nov 12 Nov 13 Nov 14 Nov 15 Nov 16 Nov 17 Nov 18 Nov 19 Nov 20 Nov"
    ));
    assert!(layout.contains("mg per day") && layout.contains("rating 0-10"));
    // 12 days x 2 doses, less 20 Nov 20:00 (after now): 23 scheduled, all logged on time.
    assert_eq!(line("23 "), "23 23 0 0 0 0");
    // The step table, with the numbers worked out in hand_built_diary: from, to, mg a day, days,
    // spasticity mean (n), change, drowsiness mean (n), change, the >= 30 % drop mark.
    assert_eq!(
        line("2026-11-09 2026-11-13"),
        "2026-11-09 2026-11-13 20 5 7.5 (n=4) - 3.0 (n=2) -"
    );
    assert_eq!(
        line("2026-11-14 2026-11-20"),
        "2026-11-14 2026-11-20 30 7 5.0 (n=4) -2.5 (-33%) 5.0 (n=3) +2.0 (+67%) yes"
    );
    // Drowsiness by hours since the dose: every rating was at 09:30, 1.5 h after the 08:00
    // dose: one bin, 1-2 h, n = 5, mean (2 + 4 + 5 + 6 + 4) / 5 = 4.2.
    assert!(layout.contains("n=0 n=5 n=0"), "{layout}");
    assert!(
        text.contains("4.2")
            && text.contains("Highest among bins of at least 3 ratings: 1-2 h after a dose.")
    );
    // The patient's words, each dated, with the flags they raised.
    let dry = line("2026-11-12 14:00");
    assert!(
        dry.contains("“dry mouth all morning” (severity") && dry.contains("! routine: Dry mouth"),
        "{dry}"
    );
    let lips = line("2026-11-16 10:00 “my lips are swelling and I have");
    assert!(
        lips.contains("!!! EMERGENCY: Swelling of face, lips, tongue"),
        "{lips}"
    );
    assert!(
        text.contains("!!! EMERGENCY: Several allergic signs together !! URGENT: Hives or rash")
    );
    // Markup in the patient's words is text, shown as written.
    assert!(line("2026-11-17 18:00").contains("“<script>alert(1)</script> legs"));
    assert!(text.contains("Note: Tom & Jerry <b>"));
    assert_eq!(
        line("2026-11-10 08:00"),
        "2026-11-10 08:00 dose 10 mg: took it with porridge"
    );
    // Other medicines: the regular one with its class, the combination stated once, each dose
    // ticked off by day, and the intake.
    assert!(text.contains("gabapentin 300 mg at 08:00 (anticonvulsant) (from 9 Nov 2026)"));
    assert_eq!(
        text.matches("Taken regularly with baclofen: gabapentin")
            .count(),
        1
    );
    assert!(
        text.contains(
            "3 doses of other medicines ticked off and 1 intake (alcohol, other medicines)"
        )
    );
    for day in ["2026-11-11 Wed", "2026-11-12 Thu", "2026-11-13 Fri"] {
        assert_eq!(line(day), format!("{day} 08:05 gabapentin 300 mg"));
    }
    assert_eq!(
        line("2026-11-15 Sun"),
        "2026-11-15 Sun 19:00 1 glass of wine"
    );
    // Flags: emergency "swelling of face, lips..." and "several allergic signs together" (the
    // swelling and the hives of 16 Nov 10:00 within 6 h), urgent "hives or rash"; routine: dry
    // mouth (12 Nov) and baclofen with alcohol (the wine on Sun 15 Nov), both in the week of
    // Mon 9 Nov.
    assert!(
        text.contains("5 flags: 2 emergency, 1 urgent, 2 routine."),
        "{text}"
    );
    assert!(line("2026-11-16 10:00 !!! Swelling of face").contains("lips, tongue or throat:"));
    assert!(line("2026-11-16 10:00 !!! Several allergic signs").len() > 40);
    assert!(line("2026-11-16 10:00 !! URGENT Hives or rash:").len() > 40);
    assert_eq!(
        line("Mon 9 Nov 2026"),
        "Mon 9 Nov 2026 dry mouth once, baclofen with alcohol or another sedative once"
    );
    // Every emergency says to call the local emergency number.
    assert_eq!(
        text.matches("Call your local emergency number now").count(),
        2
    );
    // Sources by title, never by key, anywhere in the report.
    for s in &dosediary::safety::Catalog::builtin().sources {
        assert!(!text.contains(&s.key), "source key {} in the report", s.key);
    }
    let n = pages(&pdfinfo(&pdf));
    assert!((2..=5).contains(&n), "{n} pages for 12 days");

    // The HTML keeps the patient's markup as text.
    let h = std::fs::read_to_string(&html).unwrap();
    assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt; legs stiff"));
    assert!(h.contains("Tom &amp; Jerry &lt;b&gt;"));
    assert!(!h.contains("<script") && !h.contains("Jerry <b>"));

    // Letter: the same rows on Letter paper.
    let letter = d.path().join("letter.pdf");
    stdout(bin(&db).env("DOSEDIARY_CONFIG", &cfg).args([
        "report",
        "--pdf",
        letter.to_str().unwrap(),
        "--paper",
        "letter",
    ]));
    assert!(pdfinfo(&letter).to_lowercase().contains("(letter)"));
    let l = pdflayout(&letter);
    assert!(
        l.contains("2026-11-14 2026-11-20 30 7 5.0 (n=4) -2.5 (-33%) 5.0 (n=3) +2.0 (+67%) yes")
    );
}

#[test]
fn an_above_label_prescription_shows_its_badge_and_a_clipped_since_says_so() {
    let (d, db) = temp_db();
    let cfg = d.path().join("none.toml");
    stdout(bin(&db).args([
        "regimen",
        "set",
        "--dose",
        "40",
        "--times",
        "08:00,14:00,20:00",
        "--max-daily",
        "120",
        "--prescribed-above-label",
        "--from",
        "2026-11-18 07:00",
    ]));
    stdout(bin(&db).args(["log", "dose", "40", "--at", "2026-11-18 08:00"]));
    let html = d.path().join("r.html");
    stdout(bin(&db).env("DOSEDIARY_CONFIG", &cfg).args([
        "report",
        "--since",
        "2026-11-01 00:00",
        "--out",
        html.to_str().unwrap(),
    ]));
    let h = std::fs::read_to_string(&html).unwrap();
    assert!(
        h.contains("<span class=\"badge\">above label maximum, prescribed</span>"),
        "{h}"
    );
    // Asked from 1 Nov; the diary's first entry is 18 Nov: 18-20 Nov, 3 days.
    assert!(
        h.contains("18 November 2026 to 20 November 2026</b> (3 days)."),
        "{h}"
    );
    assert!(h.contains("(from 1 November 2026) begins there."));
    // No config: the patient is not named, and nothing is made up.
    assert!(h.contains("Patient: <b>not named in the config</b>"));
    assert!(!h.contains("Prescriber:"));
}
