//! The terminal app: state (`app`), the key table (`keys`), one module per screen (`screens`),
//! typed forms (`forms`), the frame's layout (`view`) and the event loop.

pub mod app;
pub mod forms;
pub mod keys;
pub mod question;
pub mod screens;
mod undo;
pub mod view;

use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::{Local, TimeZone};
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;

pub use app::{Action, App, Screen};

use crate::diary::{Clock, auto_backup, diary_path};
use crate::store::Store;

/// Translates a key press into an action: form keys while a form is open, the key table otherwise.
pub fn key_action<Tz: TimeZone>(app: &App<Tz>, key: KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    if key.modifiers.contains(event::KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    if let Some(q) = &app.question {
        return Some(match key.code {
            KeyCode::Char(c) if q.is_yes(c) => Action::Yes,
            KeyCode::Char('n') | KeyCode::Char('N') => Action::No,
            KeyCode::Char(c) => Action::Char(c),
            _ => Action::Cancel,
        });
    }
    if app.form.is_some() {
        return keys::form_lookup(key);
    }
    if app.help {
        return Some(match key.code {
            KeyCode::Down | KeyCode::Char('j') | KeyCode::PageDown => Action::ScrollDown,
            KeyCode::Up | KeyCode::Char('k') | KeyCode::PageUp => Action::ScrollUp,
            _ => Action::Help,
        });
    }
    if key.code == KeyCode::Esc {
        return None;
    }
    keys::lookup(key, app.screen)
}

/// Opens the diary and runs the app until the user quits or a SIGTERM/SIGHUP arrives.
pub fn run_app(db: Option<PathBuf>, clock: Clock) -> Result<()> {
    let path = diary_path(db)?;
    let store = Store::open(&path)?;
    let backup_problem = auto_backup(&store, clock.now())?;
    let mut app = App::new(store, Local, clock)?;
    if backup_problem.is_some() {
        app.status = backup_problem;
    }

    let stop = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    // Our hook runs after ratatui's (which restores the terminal): turn mouse reporting off too.
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        prev(info);
    }));
    let mut terminal = ratatui::try_init()?;
    let _ = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let theme = view::Theme::from_env();
    // Events are read on their own thread (crossterm can block for good on a terminal that hung
    // up), so this loop always sees quit, SIGTERM/SIGHUP and a dead terminal within 250 ms.
    let (tx, rx) = mpsc::channel::<Event>();
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            if tx.send(ev).is_err() {
                break;
            }
        }
    });
    let result = (|| -> Result<()> {
        let mut last_tick = Instant::now();
        while !app.quit && !stop.load(Ordering::Relaxed) && !terminal_hung_up() {
            let size = terminal.size()?;
            app.viewport = ratatui::layout::Rect::new(0, 0, size.width, size.height);
            terminal.draw(|f| view::draw(f, &app, theme))?;
            let timeout = Duration::from_millis(250).saturating_sub(last_tick.elapsed());
            match rx.recv_timeout(timeout) {
                Ok(Event::Key(k)) => {
                    if let Some(a) = key_action(&app, k) {
                        app.update(a)?;
                    }
                }
                Ok(Event::Mouse(m)) => {
                    let action = match m.kind {
                        MouseEventKind::Down(MouseButton::Left) if m.row == 0 => {
                            view::tab_at(m.column).map(Action::ClickTab)
                        }
                        MouseEventKind::Down(MouseButton::Left)
                            if m.row >= view::list_top(&app, app.viewport) =>
                        {
                            let top = view::list_top(&app, app.viewport);
                            Some(Action::ClickRow((m.row - top) as usize))
                        }
                        MouseEventKind::ScrollUp => Some(Action::ScrollUp),
                        MouseEventKind::ScrollDown => Some(Action::ScrollDown),
                        _ => None,
                    };
                    if let Some(a) = action {
                        app.update(a)?;
                    }
                }
                Ok(Event::Paste(text)) => app.paste(&text),
                Ok(_) => {} // Resize and focus: the next draw uses the new size.
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            if last_tick.elapsed() >= Duration::from_millis(250) {
                app.update(Action::Tick)?;
                last_tick = Instant::now();
            }
        }
        Ok(())
    })();
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    result
}

/// True when standard input is a terminal that has hung up (closed window, killed multiplexer).
fn terminal_hung_up() -> bool {
    let mut fds = libc::pollfd {
        fd: 0,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout; poll only writes `revents`.
    let n = unsafe { libc::poll(&mut fds, 1, 0) };
    n > 0 && fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}
