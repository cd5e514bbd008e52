//! One module per screen: each owns its state, its keys (`update`) and its drawing (`draw`, a
//! pure function of the app's state).

pub mod flags;
pub mod history;
pub mod regimen;
pub mod today;
pub mod trends;
pub mod trends_draw;

/// The state each screen keeps for itself.
#[derive(Debug, Clone, Default)]
pub struct Screens {
    pub today: today::TodayState,
    pub history: history::HistoryState,
    pub trends: trends::TrendsState,
    pub flags: flags::FlagsState,
    pub regimen: regimen::RegimenState,
}

/// A selection moved by `delta` within `n` rows.
pub(crate) fn step(sel: usize, n: usize, delta: i64) -> usize {
    if n == 0 {
        return 0;
    }
    (sel as i64 + delta).clamp(0, n as i64 - 1) as usize
}

/// How far a movement action moves a selection (None: not a movement).
pub(crate) fn movement(action: super::Action, page: usize) -> Option<i64> {
    use super::Action;
    Some(match action {
        Action::Up | Action::ScrollUp => -1,
        Action::Down | Action::ScrollDown => 1,
        Action::PageUp => -(page as i64),
        Action::PageDown => page as i64,
        Action::Home => -(i64::MAX / 2),
        Action::End => i64::MAX / 2,
        _ => return None,
    })
}

/// The rows of a list shown when `sel` is selected: a page at a time.
pub(crate) fn visible_window(sel: usize, len: usize, height: usize) -> (usize, usize) {
    if height == 0 {
        return (0, 0);
    }
    let top = sel.saturating_sub(sel % height);
    (top, (top + height).min(len))
}
