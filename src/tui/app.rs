//! App state and `update`: an action changes the diary (one transaction) and the state; the view
//! draws the state. Driven the same way by the event loop and by tests. Each screen's own state,
//! keys and drawing live in `screens/`; forms live in `forms/`.

use chrono::{DateTime, TimeZone, Utc};
use ratatui::layout::Rect;

use super::question::{Pending, Question};
use super::screens::{self, Screens};
use crate::diary::judge::Window;
use crate::diary::today::{self as model, Today};
use crate::diary::{Clock, FlagsRead, RECENT_DAYS, Reader};
use crate::domain::{Amount, Entry, EntryKind};
use crate::safety::rules::Known;
use crate::safety::{self, Flag, Urgency};
use crate::store::Store;

pub use super::forms::{Form, FormBody, FormError, FormEvent, FormKind};
pub use super::screens::history::{KindFilter, Row};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Today,
    History,
    Trends,
    Flags,
    Regimen,
}

pub const SCREENS: [Screen; 5] = [
    Screen::Today,
    Screen::History,
    Screen::Trends,
    Screen::Flags,
    Screen::Regimen,
];

impl Screen {
    pub fn title(self) -> &'static str {
        match self {
            Screen::Today => "Today",
            Screen::History => "History",
            Screen::Trends => "Trends",
            Screen::Flags => "Flags",
            Screen::Regimen => "Regimen",
        }
    }
    fn index(self) -> usize {
        SCREENS.iter().position(|s| *s == self).unwrap_or(0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    NextScreen,
    PrevScreen,
    Goto(Screen),
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    LogDose,
    SkipDose,
    /// Dismiss the drowsiness prompt.
    NotNow,
    LogSymptom,
    RateDrowsiness,
    /// Rate spasticity 0-10 and spasms 0-4.
    RateBenefit,
    LogIntake,
    /// `D`: an as-needed dose (never fills a scheduled slot).
    LogAsNeeded,
    Undo,
    /// Ctrl-R: make the last undone change again.
    Redo,
    Edit,
    Delete,
    Help,
    Acknowledge,
    /// `A` on Flags: acknowledge every routine flag at once (asks first).
    AcknowledgeRoutine,
    CycleFilter,
    CycleRange,
    ChangeRegimen,
    RecordSupply,
    /// `P`: the pump form (a refill or an alarm).
    LogPump,
    // Forms
    Char(char),
    Backspace,
    /// Delete: the character under the cursor.
    DeleteChar,
    WordLeft,
    WordRight,
    /// Ctrl-U: clear from the start of the field to the cursor.
    ClearToStart,
    /// Ctrl-W: delete the word before the cursor.
    DeleteWordBack,
    /// Ctrl-K: clear from the cursor to the end of the field.
    ClearToEnd,
    NextField,
    PrevField,
    Left,
    Right,
    Submit,
    Cancel,
    // Questions
    Yes,
    No,
    // Mouse and time
    ClickTab(usize),
    ClickRow(usize),
    ScrollUp,
    ScrollDown,
    Tick,
}

pub struct App<Tz: TimeZone> {
    pub store: Store,
    pub tz: Tz,
    /// Where "now" comes from: fixed in tests, the real clock (from `main`) otherwise.
    pub clock: Clock,
    pub now: DateTime<Utc>,
    pub screen: Screen,
    pub entries: Vec<Entry>,
    pub regimens: Vec<crate::domain::Regimen>,
    /// Newest first: the open ones, or every flag from `flags_from` on.
    pub flags: Vec<Flag>,
    /// Where `flags` starts (`None`: only those that can still be open, what Today needs).
    pub flags_from: Option<DateTime<Utc>>,
    /// Where `entries` starts (the last [`RECENT_DAYS`], what Today needs, or further back for
    /// the Trends range).
    pub entries_from: Option<DateTime<Utc>>,
    pub today: Today,
    /// Each screen's own state (selection, filter, range).
    pub screens: Screens,
    pub form: Option<Form>,
    /// A yes/no question over everything (default no).
    pub question: Option<Question>,
    pub help: bool,
    /// How far the help overlay is scrolled.
    pub help_scroll: u16,
    pub status: Option<String>,
    pub supply_events: Vec<crate::domain::SupplyEvent>,
    /// Other medicines taken regularly (`med add`).
    pub medicines: Vec<crate::domain::Medicine>,
    /// The supply as worked out at a minute (since the epoch); cleared on reload.
    supply_cache: Option<(i64, Option<safety::supply::SupplyStatus>)>,
    /// The intrathecal pump's settings, refills and alarms (empty without a pump).
    pub pump: crate::domain::pump::PumpHistory,
    /// The live preview's history: the bounded window the rules look back over, read from the
    /// diary and its texts analysed once per form (not on every keystroke); cleared on reload.
    preview_window: Option<(Window, Known)>,
    pub quit: bool,
    pub data_version: i64,
    /// The terminal's size, set by the event loop (paging and mouse rows are worked out from it).
    pub viewport: Rect,
    /// This run of the app: its changes are journalled as made here, and `u` undoes them at once.
    pub session: crate::store::Origin,
    /// Who the diary is about (the config's `[patient]`): named in "Is this about ...?".
    pub patient: safety::Patient,
}

impl<Tz: TimeZone> App<Tz> {
    pub fn new(mut store: Store, tz: Tz, clock: Clock) -> anyhow::Result<App<Tz>> {
        let now = clock.now();
        let session = crate::store::Origin::new_app_session(now);
        store.set_origin(session.clone())?;
        let today = model::today(&[], &[], &[], now, &tz);
        let mut app = App {
            store,
            tz,
            clock,
            now,
            screen: Screen::Today,
            entries: Vec::new(),
            regimens: Vec::new(),
            flags: Vec::new(),
            flags_from: None,
            entries_from: None,
            today,
            screens: Screens::default(),
            form: None,
            question: None,
            help: false,
            help_scroll: 0,
            status: None,
            supply_events: Vec::new(),
            medicines: Vec::new(),
            supply_cache: None,
            pump: Default::default(),
            preview_window: None,
            quit: false,
            data_version: 0,
            viewport: Rect::new(0, 0, 80, 24),
            session,
            // A config that cannot be read leaves the writer unknown (nothing missed).
            patient: crate::config::patient().unwrap_or_default(),
        };
        app.reload()?;
        Ok(app)
    }

    /// What the screen shown reads: entries from an instant, and flags from an instant (`None`:
    /// the open ones). Today (and every screen's Today figures) needs the last [`RECENT_DAYS`];
    /// Trends its range (and the days before it its numbers look back over); Flags the pages
    /// loaded so far. History pages from the store itself (screens::history).
    fn reads(&self) -> (DateTime<Utc>, Option<DateTime<Utc>>) {
        let recent = self.now - chrono::Duration::days(RECENT_DAYS);
        match self.screen {
            Screen::Trends => {
                let from = screens::trends::reads_from(self);
                (recent.min(from - chrono::Duration::days(2)), Some(from))
            }
            Screen::Flags => (recent, Some(screens::flags::reads_from(self))),
            _ => (recent, None),
        }
    }

    /// Whether what is loaded falls short of what the screen shown reads.
    fn falls_short(&self) -> bool {
        let (entries, flags) = self.reads();
        self.entries_from.is_none_or(|e| e > entries)
            || match (flags, self.flags_from) {
                (Some(want), Some(have)) => have > want,
                (Some(_), None) => true,
                (None, _) => false,
            }
    }

    /// Reloads from the diary and re-runs the engine over what the screen shown reads (see
    /// [`App::reads`]), never the whole history; Today (the first frame) reads the last
    /// [`RECENT_DAYS`] and the regimens, through the same loading function as `dosediary today`.
    pub fn reload(&mut self) -> anyhow::Result<()> {
        let (since, flags_from) = self.reads();
        let read = flags_from.map_or(FlagsRead::Open, FlagsRead::Since);
        let reader =
            Reader::new(&self.store, self.now, &self.tz).with_patient(self.patient.clone());
        let snap = reader.snapshot(Some(since), read)?;
        if self.screen == Screen::Flags {
            let start = reader.history_start()?;
            let st = &mut self.screens.flags;
            st.complete = flags_from.is_some_and(|f| start.is_none_or(|s| s >= f));
        }
        self.entries_from = Some(since);
        self.flags_from = flags_from;
        self.entries = snap.entries;
        self.regimens = snap.regimens;
        self.supply_events = snap.supply_events;
        self.medicines = snap.medicines;
        self.pump = snap.pump;
        self.preview_window = None;
        let minute = self.now.timestamp().div_euclid(60);
        self.supply_cache = Some((minute, snap.supply));
        let mut flags = snap.flags;
        flags.reverse(); // newest first
        self.flags = flags;
        self.screens.history.loaded = false;
        if self.screen == Screen::History {
            self.screens.history.reload(&self.store)?;
        }
        self.recompute();
        self.data_version = self.store.data_version();
        Ok(())
    }

    /// Tablets on hand and the run-out, when the supply is tracked. Worked out once per reload
    /// and per minute, not on every 250 ms tick.
    fn supply_status(&mut self) -> Option<safety::supply::SupplyStatus> {
        let minute = self.now.timestamp().div_euclid(60);
        if let Some((m, s)) = &self.supply_cache
            && *m == minute
        {
            return s.clone();
        }
        // Read from the diary: the reckoning point may lie before the entries held here.
        let s = Reader::new(&self.store, self.now, &self.tz)
            .supply(&self.regimens, self.now)
            .ok()
            .flatten();
        self.supply_cache = Some((minute, s.clone()));
        s
    }

    fn refresh_today(&mut self) {
        self.today = model::today(
            &self.entries,
            &self.regimens,
            &self.flags,
            self.now,
            &self.tz,
        );
        let supply = self.supply_status();
        self.today = std::mem::replace(
            &mut self.today,
            model::today(&[], &[], &[], self.now, &self.tz),
        )
        .with_supply(supply, self.now, &self.tz);
        self.today.sedative_note = safety::regimen::sedative_statement(
            &self.medicines,
            self.now,
            safety::Catalog::builtin(),
        );
        self.today.pump = safety::pump::status(&self.pump, self.now, &self.tz);
        self.today.pump_line = self.today.pump.as_ref().map(safety::pump::today_line);
    }

    /// Derived state after the data changed: Today, History's rows, selections in range.
    pub fn recompute(&mut self) {
        self.refresh_today();
        self.screens.trends.invalidate();
        self.screens.flags.rebuild(&self.flags, &self.tz);
        let n = self.today_entries().len();
        self.screens.today.sel = self.screens.today.sel.min(n.saturating_sub(1));
        let n = self.regimens.len();
        self.screens.regimen.sel = self.screens.regimen.sel.min(n.saturating_sub(1));
    }

    /// Today's entries, newest first (the list on the Today screen).
    pub fn today_entries(&self) -> Vec<usize> {
        let d = self.local_now().date_naive();
        (0..self.entries.len())
            .rev()
            .filter(|&i| self.entries[i].local_day() == d)
            .collect()
    }

    /// The entry selected on the screen shown (History, or Today's list).
    pub fn selected_entry(&self) -> Option<&Entry> {
        match self.screen {
            Screen::History => self.screens.history.selected_entry(),
            Screen::Today => self
                .today_entries()
                .get(self.screens.today.sel)
                .and_then(|&i| self.entries.get(i)),
            _ => None,
        }
    }

    pub fn local_now(&self) -> DateTime<Tz> {
        self.now.with_timezone(&self.tz)
    }

    /// Rows a list shows at once at the current terminal size (for paging).
    pub fn page(&self) -> usize {
        super::view::list_area(self, self.viewport)
            .height
            .saturating_sub(2)
            .max(1) as usize
    }

    /// Called on every tick: moves the clock and picks up entries written by other processes.
    pub fn tick(&mut self) -> anyhow::Result<()> {
        let old_day = self.local_now().date_naive();
        self.now = self.clock.now();
        let v = self.store.data_version();
        if v != self.data_version || old_day != self.local_now().date_naive() {
            self.reload()?;
        } else {
            self.refresh_today();
        }
        Ok(())
    }

    pub fn update(&mut self, action: Action) -> anyhow::Result<()> {
        self.update_inner(action)?;
        // The Trends screen's numbers are worked out here, once per range or change, not
        // while drawing.
        if self.screen == Screen::Trends {
            screens::trends::prepare(self);
        }
        Ok(())
    }

    fn update_inner(&mut self, action: Action) -> anyhow::Result<()> {
        if let Some(q) = self.question.take() {
            return self.answer(q, action);
        }
        if self.form.is_some() {
            return self.update_form(action);
        }
        if self.help {
            match action {
                Action::Tick => {}
                Action::ScrollUp => self.help_scroll = self.help_scroll.saturating_sub(1),
                Action::ScrollDown => self.help_scroll = self.help_scroll.saturating_add(1),
                _ => self.help = false,
            }
            return Ok(());
        }
        if !self.update_global(action)? {
            match self.screen {
                Screen::Today => screens::today::update(self, action)?,
                Screen::History => screens::history::update(self, action)?,
                Screen::Trends => screens::trends::update(self, action)?,
                Screen::Flags => screens::flags::update(self, action)?,
                Screen::Regimen => screens::regimen::update(self, action)?,
            }
        }
        if self.falls_short() {
            self.reload()?;
        }
        if self.screen == Screen::History && !self.screens.history.loaded {
            self.screens.history.reload(&self.store)?;
        }
        Ok(())
    }

    /// Actions that mean the same on every screen; false when the action is the screen's.
    fn update_global(&mut self, action: Action) -> anyhow::Result<bool> {
        match action {
            Action::Quit => self.quit = true,
            Action::Help => {
                self.help = true;
                self.help_scroll = 0;
            }
            Action::NextScreen => self.screen = SCREENS[(self.screen.index() + 1) % SCREENS.len()],
            Action::PrevScreen => {
                self.screen = SCREENS[(self.screen.index() + SCREENS.len() - 1) % SCREENS.len()]
            }
            Action::Goto(s) => self.screen = s,
            Action::ClickTab(i) => {
                if let Some(s) = SCREENS.get(i) {
                    self.screen = *s;
                }
            }
            Action::LogDose => self.open_dose_form(),
            Action::LogAsNeeded => self.open_as_needed_form(),
            Action::LogSymptom => self.open(FormBody::Symptom(Default::default())),
            Action::RateDrowsiness => {
                let r = self.today.latest_drowsiness.as_ref();
                let rating = r.and_then(|e| e.kind.drowsiness()).unwrap_or(3);
                let mut fields = super::forms::DrowsinessFields::new(rating);
                // From the prompt on Today, a digit saves at once.
                fields.quick =
                    self.screen == Screen::Today && screens::today::rating_prompt(self).is_some();
                self.open(FormBody::Drowsiness(fields));
            }
            Action::RateBenefit => self.open(FormBody::Benefit(Default::default())),
            Action::LogIntake => self.open(FormBody::Intake(Default::default())),
            Action::Undo => self.undo()?,
            Action::Redo => self.redo()?,
            Action::Edit => self.open_edit_form(),
            Action::Delete => self.delete_selected()?,
            Action::RecordSupply => self.open_supply_form(),
            Action::LogPump => match self.pump.setting_at(self.now).or(self.pump.current()) {
                Some(p) => {
                    let f = super::forms::PumpFields::new(p);
                    self.open(FormBody::Pump(Box::new(f)));
                }
                None => {
                    self.status = Some(format!(
                        "No pump recorded: {}",
                        crate::domain::pump::SET_FIRST
                    ))
                }
            },
            Action::Tick => self.tick()?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The answer to a question: `y` does what it asked; anything else is no. A tick leaves
    /// the question open.
    fn answer(&mut self, q: Question, action: Action) -> anyhow::Result<()> {
        if let Pending::About(form) = &q.yes {
            return self.answer_about(q.clone(), form.clone(), action);
        }
        match action {
            Action::Yes => match q.yes {
                Pending::SaveForm(form) => {
                    self.form = Some(form.clone());
                    self.submit_checked(&form, false)?;
                }
                Pending::Undo(id) => self.confirm_undo(id)?,
                Pending::AckRoutine(keys) => {
                    screens::flags::acknowledge_routine(self, &keys)?;
                }
                Pending::About(_) => {}
            },
            Action::Tick => {
                self.question = Some(q);
                self.tick()?;
            }
            _ => {
                self.status = Some(q.no);
                // A regimen form stays open to be corrected; other forms were complete.
                if !matches!(&q.yes, Pending::SaveForm(f) if f.kind == FormKind::Regimen) {
                    self.form = None;
                }
            }
        }
        Ok(())
    }

    /// "Is this about <patient>?": `y` saves the symptom as the patient's (its serious sign
    /// counts), `n` as someone else's, Esc or Enter unanswered (saved, not counted yet); other
    /// keys leave the question open.
    fn answer_about(&mut self, q: Question, mut form: Form, action: Action) -> anyhow::Result<()> {
        let about = match action {
            Action::Yes => Some(crate::domain::About::Patient),
            Action::No => Some(crate::domain::About::Other),
            Action::Cancel => None,
            Action::Tick => {
                self.question = Some(q);
                return self.tick();
            }
            _ => {
                self.question = Some(q);
                return Ok(());
            }
        };
        if let FormBody::Symptom(f) = &mut form.body {
            f.about = about;
            f.asked = true;
        }
        self.form = Some(form.clone());
        self.submit_checked(&form, false)
    }

    /// The question to ask before saving a symptom whose serious sign reads as someone else's.
    fn about_question(&self, form: &Form) -> Option<Question> {
        let FormBody::Symptom(f) = &form.body else {
            return None;
        };
        if f.asked {
            return None;
        }
        let signs = crate::diary::about::pending(f.text.value(), &self.patient);
        if signs.is_empty() {
            return None;
        }
        Some(Question {
            text: crate::diary::about::question(&self.patient, &signs),
            no: String::new(),
            yes: Pending::About(form.clone()),
        })
    }

    pub fn open(&mut self, body: FormBody) {
        self.form = Some(Form::new(body));
    }

    fn delete_selected(&mut self) -> anyhow::Result<()> {
        let Some(e) = self.selected_entry().cloned() else {
            self.status = Some("Select an entry to delete.".into());
            return Ok(());
        };
        self.store.delete(e.id, self.now)?;
        self.status = Some(format!(
            "Deleted {} {} at {}. Press u to undo.",
            e.kind.name(),
            e.kind.summary(),
            e.at.format("%H:%M %a %-d %b")
        ));
        self.reload()
    }

    fn open_dose_form(&mut self) {
        let amount = self
            .today
            .next_dose
            .as_ref()
            .map(|n| n.amount_mcg)
            .or_else(|| self.today.regimen.as_ref().map(|r| r.dose_mcg))
            .or_else(|| {
                self.entries.iter().rev().find_map(|e| match e.kind {
                    EntryKind::Dose {
                        amount_mcg,
                        skipped: false,
                        ..
                    } => Some(amount_mcg),
                    _ => None,
                })
            })
            .map(Amount::as_arg)
            .unwrap_or_default();
        self.open(FormBody::Dose(super::forms::DoseFields::new(amount)));
    }

    /// `D`: the as-needed dose form, when the regimen in force allows one.
    fn open_as_needed_form(&mut self) {
        match safety::regimen_at(&self.regimens, self.now).and_then(|r| r.as_needed) {
            Some(a) => {
                let amount = a.dose_mcg.to_string().replace(' ', "");
                self.open(FormBody::Dose(super::forms::DoseFields::as_needed(amount)));
            }
            None => {
                self.status = Some(
                    "No as-needed dose in the regimen: add one with c on Regimen (As-needed dose), or log this dose with d."
                        .into(),
                )
            }
        }
    }

    fn open_edit_form(&mut self) {
        match self.selected_entry() {
            Some(e) => {
                let body = FormBody::Edit(super::forms::EditFields::new(e));
                self.open(body);
            }
            None => {
                self.status = Some("Select an entry to edit (History, or today's list).".into())
            }
        }
    }

    fn open_supply_form(&mut self) {
        // The strength of the last pack, else the scheduled dose when it is a tablet strength.
        let strength = self
            .supply_events
            .last()
            .map(|e| e.strength_mcg)
            .or_else(|| {
                self.regimens
                    .last()
                    .map(|r| r.dose_mcg)
                    .filter(|d| [5, 10, 20].contains(&(d.mcg() / 1000)) && d.mcg() % 1000 == 0)
            });
        self.open(FormBody::Supply(super::forms::SupplyFields::new(strength)));
    }

    /// Pasted text (bracketed paste) goes into the open form's focused field.
    pub fn paste(&mut self, text: &str) {
        if let Some(form) = self.form.as_mut() {
            form.paste(text);
            self.update_preview();
        }
    }

    fn update_form(&mut self, action: Action) -> anyhow::Result<()> {
        let Some(form) = self.form.as_mut() else {
            return Ok(());
        };
        match form.handle(action) {
            FormEvent::Cancel => {
                self.form = None;
                self.status = Some("Cancelled; nothing saved.".into());
                return Ok(());
            }
            FormEvent::Submit => return self.submit(),
            FormEvent::Edited => {}
        }
        self.update_preview();
        Ok(())
    }

    /// The bounded window the live preview judges against, read once per reload (a new entry
    /// or a new day reloads).
    fn preview_window(&mut self) -> Option<&(Window, Known)> {
        if self.preview_window.is_none() {
            let w = Reader::new(&self.store, self.now, &self.tz)
                .window(self.now)
                .ok()?;
            let known = Known::of(&w.entries, &self.patient);
            self.preview_window = Some((w, known));
        }
        self.preview_window.as_ref()
    }

    /// Live preview of what the text being typed will flag.
    fn update_preview(&mut self) {
        let wants = self.form.as_ref().is_some_and(|f| {
            matches!(f.body, FormBody::Intake(_)) || f.body.preview_text().is_some()
        });
        if wants {
            self.preview_window();
        }
        let Some(form) = self.form.as_ref() else {
            return;
        };
        let preview = match &form.body {
            FormBody::Intake(f) => {
                let t = f.text.value().trim();
                (!t.is_empty()).then(|| self.intake_preview(t))
            }
            // A bounded window: what the rules look back over (safety::rules::window), with its
            // texts analysed once.
            body => body.preview_text().map(|t| {
                let history = self
                    .preview_window
                    .as_ref()
                    .map(|(w, k)| w.history(Some(k)));
                safety::check_text_in(t, &self.patient, history, None, self.now, &self.tz)
            }),
        };
        if let Some(form) = self.form.as_mut() {
            form.preview = preview;
        }
    }

    /// What an intake logged now would flag, given the recent history (e.g. alcohol or another
    /// sedative with baclofen): the rules run over the history plus this intake.
    fn intake_preview(&self, text: &str) -> safety::CheckResult {
        let probe = Entry {
            id: -1,
            uid: String::new(),
            at: self.local_now().fixed_offset(),
            recorded_at: self.now,
            kind: EntryKind::Intake { text: text.into() },
            note: None,
            edited_at: None,
        };
        // Only the window the rules look back over (bounded work on a long diary).
        let (mut entries, regimens, from, known) = match &self.preview_window {
            Some((w, k)) => (w.entries.clone(), &w.regimens[..], Some(w.from), Some(k)),
            None => (Vec::new(), &self.regimens[..], Some(self.now), None),
        };
        entries.retain(|e| e.at.with_timezone(&Utc) <= self.now);
        entries.push(probe);
        let cat = safety::Catalog::builtin();
        let rules: Vec<Flag> = safety::rules::evaluate_window(
            &entries,
            regimens,
            &[],
            self.now,
            &self.tz,
            cat,
            from,
            known,
            &self.patient,
        )
        .into_iter()
        .filter(|f| f.entry_id == Some(-1))
        .collect();
        let urgency = rules
            .iter()
            .map(|f| f.urgency)
            .max()
            .unwrap_or(Urgency::None);
        safety::CheckResult {
            urgency,
            signs: Vec::new(),
            not_counted: Vec::new(),
            interactions: Vec::new(),
            temperatures: Vec::new(),
            rules,
            advice: urgency.advice().to_string(),
        }
    }

    /// Validates and saves the form; invalid input is explained inline and never saved; a
    /// repeat (a dose just logged, the same symptom again) is asked about first.
    fn submit(&mut self) -> anyhow::Result<()> {
        let Some(form) = self.form.clone() else {
            return Ok(());
        };
        self.submit_checked(&form, true)
    }

    /// The entry a form would add, when it parses.
    fn new_entry(&self, form: &Form) -> Option<crate::domain::NewEntry> {
        let now = self.local_now();
        match &form.body {
            FormBody::Dose(f) => f.parse(&now).ok().map(|d| d.entry()),
            FormBody::Symptom(f) => f.parse(&now).ok().map(|s| s.entry()),
            FormBody::Drowsiness(f) => f.parse(&now).ok().map(|d| d.entry()),
            _ => None,
        }
    }

    fn submit_checked(&mut self, form: &Form, guard: bool) -> anyhow::Result<()> {
        // A maximum above the label's is saved only once confirmed as the prescriber's.
        if let FormBody::Regimen(f) = &form.body
            && let Some(max) = f.needs_above_label()
        {
            let label = safety::Catalog::builtin().limits.max_daily();
            let mut yes = form.clone();
            if let FormBody::Regimen(f) = &mut yes.body {
                f.above_label = true;
            }
            self.question = Some(Question {
                text: format!(
                    "{label} a day is the label maximum; record {max} as prescribed above label? y/n"
                ),
                no: format!(
                    "Not saved: the daily maximum is {label} or less unless your prescriber set it higher; change it, or press Enter and y."
                ),
                yes: Pending::SaveForm(yes),
            });
            return Ok(());
        }
        if guard && let Some(new) = self.new_entry(form) {
            let reader = Reader::new(&self.store, self.now, &self.tz);
            if let Some(r) = reader.find_repeat(&new)? {
                self.question = Some(Question {
                    text: r.question(),
                    no: format!("Not saved: {} Nothing was added.", r.sentence()),
                    yes: Pending::SaveForm(form.clone()),
                });
                return Ok(());
            }
        }
        if let Some(q) = self.about_question(form) {
            self.question = Some(q);
            return Ok(());
        }
        match self.save(form) {
            Ok(msg) => {
                self.form = None;
                self.status = Some(msg);
                self.reload()?;
            }
            Err(e) => {
                if let Some(f) = self.form.as_mut() {
                    f.error = Some(e);
                }
            }
        }
        Ok(())
    }

    /// Saves the regimen form: a planned step says when it starts; a maximum above the label
    /// (already confirmed) and a too-fast reduction are said.
    fn save_regimen(&mut self, f: &super::forms::RegimenFields) -> Result<String, String> {
        let now = self.local_now();
        let err = |e: crate::store::StoreError| e.to_string();
        let parse = |e: FormError| e.to_string();
        let r = f.parse(&now).map_err(parse)?;
        let from = r.effective_from.with_timezone(&Utc);
        let earlier = safety::regimen_at(&self.regimens, from);
        if earlier.is_some_and(|e| r.same_settings_as(e)) {
            return Ok("No change: this is the regimen already in force; nothing saved.".into());
        }
        let first = self.regimens.is_empty();
        let cat = safety::Catalog::builtin();
        let saved = self.store.set_regimen(&r, self.now).map_err(err)?;
        // Judged against the regimens before this one (not yet reloaded).
        let warning = safety::regimen::taper_warning(
            &self.regimens,
            saved.effective_from,
            saved.daily_total(),
            cat,
        );
        let mut msg = if saved.effective_from.with_timezone(&Utc) > self.now {
            format!(
                "Planned step saved: {}.",
                safety::regimen::step_line(&saved, self.now, &self.tz)
            )
        } else if first {
            "Regimen saved.".into()
        } else {
            "Regimen saved; the earlier one is kept in the history.".into()
        };
        if saved.prescribed_above_label {
            msg.push_str(&format!(
                " {} a day recorded as prescribed above the {} label maximum.",
                saved.max_daily_mcg,
                cat.limits.max_daily()
            ));
        }
        if let Some(w) = warning {
            msg.push_str(&format!(" !! Too fast a reduction: {}", w.text));
        }
        Ok(msg)
    }

    /// Parses the form into its domain value and writes it (one transaction); the message says
    /// what was saved.
    fn save(&mut self, form: &Form) -> Result<String, String> {
        let now = self.local_now();
        let err = |e: crate::store::StoreError| e.to_string();
        let parse = |e: FormError| e.to_string();
        match &form.body {
            FormBody::Dose(f) => {
                let d = f.parse(&now).map_err(parse)?;
                if d.as_needed
                    && safety::regimen_at(&self.regimens, d.at.with_timezone(&Utc))
                        .and_then(|r| r.as_needed)
                        .is_none()
                {
                    return Err(f
                        .at
                        .error(format!(
                            "the regimen in force at {} has no as-needed dose; accepted: a time when it had one, or log it with d as a plain dose",
                            d.at.format("%a %-d %b %H:%M")
                        ))
                        .to_string());
                }
                let e = self.store.insert(&d.entry(), self.now).map_err(err)?;
                Ok(format!(
                    "Saved: dose {} at {}{}.",
                    e.kind.summary(),
                    e.at.format("%H:%M"),
                    if d.as_needed {
                        " (it does not fill a scheduled dose)"
                    } else {
                        ""
                    }
                ))
            }
            FormBody::Symptom(f) => {
                let s = f.parse(&now).map_err(parse)?;
                let saved = self.store.insert(&s.entry(), self.now).map_err(err)?;
                let mut u = form.preview.as_ref().map_or(Urgency::None, |p| p.urgency);
                let who = crate::diary::about::who(&self.patient);
                match s.about {
                    // The signs set aside as someone else's count now.
                    Some(crate::domain::About::Patient) => {
                        let pending = crate::diary::about::pending(&s.text, &self.patient);
                        u = u.max(crate::diary::about::worst(&pending));
                    }
                    Some(crate::domain::About::Other) => {
                        return Ok(format!(
                            "Saved as about someone else; it does not count for {who}."
                        ));
                    }
                    None if f.asked => {
                        return Ok(format!(
                            "Saved, not counted yet. To answer later: dosediary edit {} --about patient (or other).",
                            saved.id
                        ));
                    }
                    None => {}
                }
                Ok(match u {
                    Urgency::Emergency | Urgency::Urgent => {
                        format!("Saved. {} {}", u.label(), u.advice())
                    }
                    _ => "Saved.".into(),
                })
            }
            FormBody::Drowsiness(f) => {
                let d = f.parse(&now).map_err(parse)?;
                self.store.insert(&d.entry(), self.now).map_err(err)?;
                Ok(format!("Saved: drowsiness {}/10.", d.rating))
            }
            FormBody::Benefit(f) => {
                let ratings = f.parse(&now).map_err(parse)?;
                let mut saved = Vec::new();
                for r in &ratings {
                    let e = self.store.insert(r, self.now).map_err(err)?;
                    saved.push(e.kind.summary());
                }
                Ok(format!("Saved: {}.", saved.join(", ")))
            }
            FormBody::Intake(f) => {
                let i = f.parse(&now).map_err(parse)?;
                self.store.insert(&i.entry(), self.now).map_err(err)?;
                Ok("Saved.".into())
            }
            FormBody::Regimen(f) => self.save_regimen(f),
            FormBody::Supply(f) => {
                let s = f.parse(&now).map_err(parse)?;
                self.store.add_supply(&s.supply(), self.now).map_err(err)?;
                Ok(format!(
                    "Saved: {} tablets of {} {}. u undoes it.",
                    s.tablets,
                    s.strength,
                    if s.kind == crate::domain::SupplyKind::Add {
                        "added"
                    } else {
                        "counted"
                    }
                ))
            }
            FormBody::Pump(f) => {
                let p = f.parse(&now).map_err(parse)?;
                match p {
                    super::forms::PumpForm::Refill(r) => {
                        let saved = self
                            .store
                            .add_pump_refill(&r, None, self.now)
                            .map_err(err)?;
                        Ok(format!(
                            "Saved: pump refill of {} at {}. u undoes it.",
                            saved.volume_text(),
                            saved.at.format("%H:%M")
                        ))
                    }
                    super::forms::PumpForm::Alarm(a) => {
                        let saved = self.store.add_pump_alarm(&a, self.now).map_err(err)?;
                        let u = safety::pump::alarm_urgency(saved.kind);
                        Ok(format!(
                            "Saved: pump {} at {}. {} {}",
                            saved.kind.words(),
                            saved.at.format("%H:%M"),
                            u.label(),
                            if u == Urgency::Emergency {
                                u.advice()
                            } else {
                                "Call the pump clinic today."
                            }
                        ))
                    }
                }
            }
            FormBody::Edit(f) => {
                if !matches!(self.store.entry(f.id), Ok(Some(_))) {
                    return Err("that entry is gone".into());
                }
                let e = f.parse(&now).map_err(parse)?;
                self.store.edit(e.id, &e.edit, self.now).map_err(err)?;
                Ok("Changed; the original recording time is kept.".into())
            }
        }
    }
}
