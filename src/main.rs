//! dosediary: parse arguments, open the diary, dispatch. Errors are one line on stderr.

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use dosediary::cli::{self, Cli};
use dosediary::diary::Clock;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            // One clear line: what was wrong and what is accepted.
            say(&cli::args::clap_error_line(&e));
            return ExitCode::from(2);
        }
    };
    let clock = match Clock::from_env(chrono::Utc::now) {
        Ok(c) => c,
        Err(e) => {
            say(&e.to_string());
            return ExitCode::from(2);
        }
    };
    let db = cli.db.clone();
    let result = match cli.command {
        Some(cmd) => {
            // Nothing raw reaches the terminal: see domain::safe_text.
            let mut out = dosediary::domain::safe_text::SafeWriter::new(std::io::stdout().lock());
            let r = cli::run(cmd, cli.db, clock, &mut out);
            r.and_then(|()| Ok(std::io::Write::flush(&mut out)?))
        }
        None => dosediary::tui::run_app(cli.db, clock),
    };
    match result.map_err(|e| cli::explain_error(e, db)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // `remind` printed what is due: status 3, nothing more to say.
            if e.downcast_ref::<cli::interop::SomethingDue>().is_some() {
                return ExitCode::from(3);
            }
            if let Some(io) = e.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            say(&one_line(&chain_text(&e)));
            ExitCode::from(2)
        }
    }
}

fn one_line(s: &str) -> String {
    s.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The error and its causes, each said once: a cause whose text is already in the line (SQLite
/// repeats its message at every level) is left out.
fn chain_text(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        let text = text.trim();
        if text.is_empty() || line.contains(text) {
            continue;
        }
        // "Error code 13: database or disk is full" repeats what is already said.
        if let Some((_, rest)) = text.split_once(": ")
            && text.starts_with("Error code ")
            && line.contains(rest)
        {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(text);
    }
    line
}

/// One line on stderr; a stderr that cannot be written (a full disk, a closed pipe) is no reason
/// to panic.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "dosediary: {line}");
}
