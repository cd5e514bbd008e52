//! Printing the HTML report to PDF with a headless Chromium (or Google Chrome), when one is
//! installed. Nothing is fetched: the report is self-contained and background networking is off.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};

/// How long Chromium may take to print before it is stopped.
const TIMEOUT: Duration = Duration::from_secs(90);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    fn css(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "letter",
        }
    }
}

pub const INSTALL_HINT: &str = "install Chromium (Debian/Ubuntu: sudo apt install chromium; Fedora: sudo dnf install chromium; macOS: brew install --cask chromium) or Google Chrome, or set DOSEDIARY_CHROMIUM to its path; the HTML report (--out FILE.html) prints from any browser too";

/// Finds a Chromium-family browser: `DOSEDIARY_CHROMIUM`, then the usual names on PATH, then the
/// usual macOS application paths.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DOSEDIARY_CHROMIUM").filter(|v| !v.is_empty()) {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
        "chrome",
    ];
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            for n in names {
                let p = dir.join(n);
                if p.is_file() {
                    return Some(p);
                }
            }
        }
    }
    [
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
}

/// The page size for print: the report says `size: auto` for browsers; the PDF gets the paper
/// from one more style rule, added at the end of the head (a later `@page` size wins).
pub fn with_paper(html: &str, paper: Paper) -> String {
    let rule = [
        "<style>@page ",
        "{",
        " size: ",
        paper.css(),
        "; ",
        "}",
        "</style></head>",
    ]
    .concat();
    html.replacen("</head>", &rule, 1)
}

#[cfg(unix)]
fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}
#[cfg(not(unix))]
fn is_root() -> bool {
    false
}

/// Flags that keep Chromium off the network while it prints a local file: every host name
/// resolves to nothing (so no DNS query leaves the machine), no proxy is looked up, and the
/// background services that phone home (updates, sync, metrics, safe browsing, translation,
/// optimisation hints, media router, crash reports) are off.
pub const NO_NETWORK: &[&str] = &[
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--no-proxy-server",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-breakpad",
    "--disable-crash-reporter",
    "--disable-quic",
    "--no-pings",
    "--no-service-autorun",
    "--metrics-recording-only",
    "--safebrowsing-disable-auto-update",
    "--disable-component-extensions-with-background-pages",
    "--disable-features=Translate,OptimizationHints,OptimizationGuideModelDownloading,MediaRouter,DialMediaRouteProvider,NetworkTimeServiceQuerying,CertificateTransparencyComponentUpdater,AutofillServerCommunication,SafeBrowsing,InterestFeedContentSuggestions,PrivacySandboxSettings4,AsyncDns",
    "--password-store=basic",
    "--use-mock-keychain",
];

/// A private scratch folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch> {
        let base = std::env::temp_dir();
        for i in 0..100u32 {
            let p = base.join(format!("dosediary-pdf-{}-{i}", std::process::id()));
            let mut b = fs::DirBuilder::new();
            #[cfg(unix)]
            {
                use std::os::unix::fs::DirBuilderExt;
                b.mode(0o700);
            }
            match b.create(&p) {
                Ok(()) => return Ok(Scratch(p)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e).context("cannot make a scratch folder for Chromium"),
            }
        }
        bail!("cannot make a scratch folder for Chromium in the temp folder")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Prints `html` to `out` as a PDF with `chromium`. The PDF is written 0600.
pub fn print(chromium: &Path, html: &str, paper: Paper, out: &Path) -> Result<()> {
    let scratch = Scratch::new()?;
    let page = scratch.0.join("report.html");
    crate::files::write_private(&page, with_paper(html, paper).as_bytes())?;
    let tmp_pdf = scratch.0.join("report.pdf");
    let url = format!("file://{}", page.display());
    let mut cmd = Command::new(chromium);
    cmd.arg("--headless")
        .arg("--disable-gpu")
        .arg("--no-first-run")
        .arg("--no-default-browser-check")
        .args(NO_NETWORK)
        .arg("--disable-dev-shm-usage")
        .arg(format!(
            "--user-data-dir={}",
            scratch.0.join("profile").display()
        ))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", tmp_pdf.display()));
    if is_root() {
        // Chromium refuses to run as root with its sandbox on.
        cmd.arg("--no-sandbox");
    }
    cmd.arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .with_context(|| format!("cannot start {}", chromium.display()))?;
    // Read stderr on a thread so a chatty Chromium never blocks on a full pipe.
    let mut err_pipe = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(p) = err_pipe.as_mut() {
            use std::io::Read;
            let _ = p.read_to_string(&mut s);
        }
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait()? {
            break st;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "{} did not finish printing within {} s; nothing was written",
                chromium.display(),
                TIMEOUT.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = reader.join().unwrap_or_default();
    let ok = fs::read(&tmp_pdf)
        .map(|b| b.starts_with(b"%PDF"))
        .unwrap_or(false);
    if !ok {
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(anyhow!(
            "{} could not print the report ({status}; it said: {last}); nothing was written",
            chromium.display()
        ));
    }
    let bytes = fs::read(&tmp_pdf)?;
    crate::files::write_private(out, &bytes)
        .with_context(|| format!("cannot write {}", out.display()))?;
    Ok(())
}
