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
