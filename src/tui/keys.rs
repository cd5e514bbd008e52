//! The one key table: it handles keys, and the help overlay and command bar are generated from it,
//! so help never drifts from behaviour.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{Action, Screen};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    On(&'static [Screen]),
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub code: KeyCode,
    pub shift: bool,
    /// Pressed with Ctrl.
    pub ctrl: bool,
    /// How the key is written in help.
    pub key: &'static str,
    pub action: Action,
    pub help: &'static str,
    pub scope: Scope,
    /// Shown in the bottom command bar.
    pub bar: bool,
}

const fn b(
    code: KeyCode,
    key: &'static str,
    action: Action,
    help: &'static str,
    scope: Scope,
    bar: bool,
) -> Binding {
    Binding {
        code,
        shift: false,
        ctrl: false,
        key,
        action,
        help,
        scope,
        bar,
    }
}

/// A key in a form, with Ctrl when `ctrl`.
const fn fk(
    code: KeyCode,
    ctrl: bool,
    key: &'static str,
    action: Action,
    help: &'static str,
    bar: bool,
) -> Binding {
    Binding {
        code,
        shift: false,
        ctrl,
        key,
        action,
        help,
        scope: Scope::Global,
        bar,
    }
}

/// The keys of an open form (any other printable key types itself). Drives the form's key
/// handling, its command bar and the help overlay's form section.
pub const FORM_KEYS: &[Binding] = &[
    fk(KeyCode::Enter, false, "Enter", Action::Submit, "save", true),
    fk(
        KeyCode::Esc,
        false,
        "Esc",
        Action::Cancel,
        "cancel, nothing saved",
        true,
    ),
    fk(
        KeyCode::Tab,
        false,
        "Tab",
        Action::NextField,
        "next field",
        true,
    ),
    fk(
        KeyCode::Down,
        false,
        "Down",
        Action::NextField,
        "next field",
        false,
    ),
    fk(
        KeyCode::BackTab,
        false,
        "S-Tab",
        Action::PrevField,
        "previous field",
        false,
    ),
    fk(
        KeyCode::Up,
        false,
        "Up",
        Action::PrevField,
        "previous field",
        false,
    ),
    fk(
        KeyCode::Left,
        false,
        "Left",
        Action::Left,
        "move left",
        false,
    ),
    fk(
        KeyCode::Right,
        false,
        "Right",
        Action::Right,
        "move right",
        false,
    ),
    fk(
        KeyCode::Home,
        false,
        "Home",
        Action::Home,
        "start of the field",
        false,
    ),
    fk(
        KeyCode::Char('a'),
        true,
        "C-a",
        Action::Home,
        "start of the field",
        false,
    ),
    fk(
        KeyCode::End,
        false,
        "End",
        Action::End,
        "end of the field",
        false,
    ),
    fk(
        KeyCode::Char('e'),
        true,
        "C-e",
        Action::End,
        "end of the field",
        false,
    ),
    fk(
        KeyCode::Left,
        true,
        "C-Left",
        Action::WordLeft,
        "word left",
        false,
    ),
    fk(
        KeyCode::Right,
        true,
        "C-Right",
        Action::WordRight,
        "word right",
        false,
    ),
    fk(
        KeyCode::Backspace,
        false,
        "Bksp",
        Action::Backspace,
        "delete before the cursor",
        false,
    ),
    fk(
        KeyCode::Delete,
        false,
        "Del",
        Action::DeleteChar,
        "delete under the cursor",
        false,
    ),
    fk(
        KeyCode::Char('u'),
        true,
        "C-u",
        Action::ClearToStart,
        "clear",
        true,
    ),
    fk(
        KeyCode::Char('w'),
        true,
        "C-w",
        Action::DeleteWordBack,
        "delete a word",
        false,
    ),
    fk(
        KeyCode::Backspace,
        true,
        "C-Bksp",
        Action::DeleteWordBack,
        "delete a word",
        false,
    ),
    fk(
        KeyCode::Char('k'),
        true,
        "C-k",
        Action::ClearToEnd,
        "clear after the cursor",
        false,
    ),
];

/// The action for a key in an open form: the form table, else a printable character types itself.
pub fn form_lookup(key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if let Some(b) = FORM_KEYS
        .iter()
        .find(|b| b.code == key.code && b.ctrl == ctrl)
    {
        return Some(b.action);
    }
    match key.code {
        KeyCode::Char(c) if !ctrl && !c.is_control() => Some(Action::Char(c)),
        _ => None,
    }
}

const LISTS: &[Screen] = &[
    Screen::Today,
    Screen::History,
    Screen::Flags,
    Screen::Regimen,
];
const ENTRIES: &[Screen] = &[Screen::Today, Screen::History];

pub const KEYS: &[Binding] = &[
    b(
        KeyCode::Char('d'),
        "d",
        Action::LogDose,
        "log a dose (pre-filled; Enter saves)",
        Scope::Global,
        true,
    ),
    b(
        KeyCode::Char('D'),
        "D",
        Action::LogAsNeeded,
        "log an as-needed dose (not a scheduled one)",
        Scope::Global,
        false,
    ),
    b(
        KeyCode::Char('s'),
        "s",
        Action::LogSymptom,
        "log a symptom",
        Scope::Global,
        true,
    ),
    b(
        KeyCode::Char('z'),
        "z",
        Action::RateDrowsiness,
        "rate drowsiness 0-10",
        Scope::Global,
        true,
    ),
    b(
        KeyCode::Char('b'),
        "b",
        Action::RateBenefit,
        "rate stiffness 0-10, spasms 0-4",
        Scope::Global,
        true,
    ),
    b(
        KeyCode::Char('i'),
        "i",
        Action::LogIntake,
        "log alcohol or another medicine",
        Scope::Global,
        true,
    ),
    b(
        KeyCode::Char('K'),
        "K",
        Action::SkipDose,
        "mark the next dose skipped",
        Scope::On(&[Screen::Today]),
        true,
    ),
    b(
        KeyCode::Char('n'),
        "n",
        Action::NotNow,
        "not now: dismiss the drowsiness prompt",
        Scope::On(&[Screen::Today]),
        false,
    ),
    b(
        KeyCode::Char('u'),
        "u",
        Action::Undo,
        "undo the last change (asks first if made elsewhere)",
        Scope::Global,
        true,
    ),
    Binding {
        code: KeyCode::Char('r'),
        shift: false,
        ctrl: true,
        key: "C-r",
        action: Action::Redo,
        help: "redo what the last undo took back",
        scope: Scope::Global,
        bar: false,
    },
    b(
        KeyCode::Char('e'),
        "e",
        Action::Edit,
        "edit the selected entry",
        Scope::On(ENTRIES),
        true,
    ),
    b(
        KeyCode::Char('x'),
        "x",
        Action::Delete,
        "delete the selected entry (u undoes)",
        Scope::On(ENTRIES),
        true,
    ),
    b(
        KeyCode::Char('f'),
        "f",
        Action::CycleFilter,
        "filter by kind",
        Scope::On(&[Screen::History]),
        true,
    ),
    b(
        KeyCode::Char('r'),
        "r",
        Action::CycleRange,
        "range 7/30/90/365 days",
        Scope::On(&[Screen::Trends]),
        true,
    ),
    b(
        KeyCode::Char('f'),
        "f",
        Action::CycleFilter,
        "show flags of one urgency: all, emergency, urgent, routine",
        Scope::On(&[Screen::Flags]),
        true,
    ),
    b(
        KeyCode::Char('a'),
        "a",
        Action::Acknowledge,
        "acknowledge the selected flag (or the selected week's routine ones)",
        Scope::On(&[Screen::Flags]),
        true,
    ),
    b(
        KeyCode::Char('A'),
        "A",
        Action::AcknowledgeRoutine,
        "acknowledge all routine flags at once (asks first)",
        Scope::On(&[Screen::Flags]),
        true,
    ),
    b(
        KeyCode::Char('c'),
        "c",
        Action::ChangeRegimen,
        "change the regimen",
        Scope::On(&[Screen::Regimen]),
        true,
    ),
    b(
        KeyCode::Char('P'),
        "P",
        Action::LogPump,
        "pump: log a refill or an alarm",
        Scope::Global,
        false,
    ),
    b(
        KeyCode::Char('p'),
        "p",
        Action::RecordSupply,
        "record tablets on hand (a new pack, or a count)",
        Scope::On(&[Screen::Today, Screen::Regimen]),
        false,
    ),
    b(
        KeyCode::Tab,
        "Tab",
        Action::NextScreen,
        "next screen",
        Scope::Global,
        false,
    ),
    b(
        KeyCode::BackTab,
        "S-Tab",
        Action::PrevScreen,
        "previous screen",
        Scope::Global,
        false,
    ),
    b(
        KeyCode::Char('1'),
        "1",
        Action::Goto(Screen::Today),
        "Today",
        Scope::Global,
        false,
    ),
    b(
        KeyCode::Char('2'),
        "2",
        Action::Goto(Screen::History),
        "History",
        Scope::Global,
        false,
    ),
    b(
        KeyCode::Char('3'),
        "3",
        Action::Goto(Screen::Trends),
        "Trends",
        Scope::Global,
        false,
    ),
    b(
        KeyCode::Char('4'),
        "4",
        Action::Goto(Screen::Flags),
        "Flags",
        Scope::Global,
        false,
    ),
    b(
        KeyCode::Char('5'),
        "5",
        Action::Goto(Screen::Regimen),
        "Regimen",
        Scope::Global,
        false,
    ),
    b(
        KeyCode::Down,
        "Down",
        Action::Down,
        "move down",
        Scope::On(LISTS),
        false,
    ),
    b(
        KeyCode::Char('j'),
        "j",
        Action::Down,
        "move down",
        Scope::On(LISTS),
        false,
    ),
    b(
        KeyCode::Up,
        "Up",
        Action::Up,
        "move up",
        Scope::On(LISTS),
        false,
    ),
    b(
        KeyCode::Char('k'),
        "k",
        Action::Up,
        "move up",
        Scope::On(LISTS),
        false,
    ),
    b(
        KeyCode::PageDown,
        "PgDn",
        Action::PageDown,
        "page down",
        Scope::On(LISTS),
        false,
    ),
    b(
        KeyCode::PageUp,
        "PgUp",
        Action::PageUp,
        "page up",
        Scope::On(LISTS),
        false,
    ),
    b(
        KeyCode::Home,
        "Home",
        Action::Home,
        "newest / top",
        Scope::On(LISTS),
        false,
    ),
    b(
        KeyCode::End,
        "End",
        Action::End,
        "oldest / bottom",
        Scope::On(LISTS),
        false,
    ),
    b(
        KeyCode::Char('?'),
        "?",
        Action::Help,
        "help",
        Scope::Global,
        true,
    ),
    b(
        KeyCode::Char('q'),
        "q",
        Action::Quit,
        "quit",
        Scope::Global,
        true,
    ),
];

/// The action for a key on a screen. `K` (shift-k) skips; plain `k` moves up.
pub fn lookup(key: KeyEvent, screen: Screen) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl {
        match key.code {
            KeyCode::Char('c') | KeyCode::Char('q') => return Some(Action::Quit),
            KeyCode::Char('z') => return Some(Action::Undo),
            _ => {}
        }
    }
    KEYS.iter()
        .find(|k| {
            k.code == key.code
                && k.ctrl == ctrl
                && match k.scope {
                    Scope::Global => true,
                    Scope::On(s) => s.contains(&screen),
                }
        })
        .map(|k| k.action)
}

/// The short label shown in the command bar.
pub fn short(b: &Binding) -> &'static str {
    match b.action {
        Action::LogDose => "dose",
        Action::LogAsNeeded => "as needed",
        Action::LogSymptom => "symptom",
        Action::RateDrowsiness => "drowsy",
        Action::RateBenefit => "stiffness",
        Action::LogIntake => "intake",
        Action::SkipDose => "skip",
        Action::Undo => "undo",
        Action::Redo => "redo",
        Action::Edit => "edit",
        Action::Delete => "delete",
        Action::CycleFilter => "filter",
        Action::CycleRange => "range",
        Action::Acknowledge => "ack",
        Action::AcknowledgeRoutine => "ack routine",
        Action::ChangeRegimen => "change",
        Action::RecordSupply => "tablets",
        Action::LogPump => "pump",
        Action::Help => "help",
        Action::Quit => "quit",
        Action::Submit => "save",
        Action::Cancel => "cancel",
        Action::NextField => "next field",
        Action::ClearToStart => "clear",
        _ => b.help,
    }
}

/// The bindings that apply on a screen, for the command bar and help.
pub fn for_screen(screen: Screen) -> impl Iterator<Item = &'static Binding> {
    KEYS.iter().filter(move |k| match k.scope {
        Scope::Global => true,
        Scope::On(s) => s.contains(&screen),
    })
}
