//! App state and `update`: an action changes the diary (one transaction) and the state; the view
//! draws the state. Driven the same way by the event loop and by tests.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::domain::{
    Amount, DEFAULT_MAX_DAILY, Entry, EntryKind, NewEntry, NewRegimen, NewSupply, Regimen,
    SupplyKind, clean_text, parse_severity, parse_strength, parse_tablets, parse_times, parse_when,
};
use crate::model::{self, Today};
use crate::safety::{self, Catalog, CheckResult, Flag, Urgency};
use crate::store::{EntryEdit, Store};

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
    LogSymptom,
    RateDrowsiness,
    LogIntake,
    Undo,
    Edit,
    Delete,
    Help,
    Acknowledge,
    CycleFilter,
    CycleRange,
    ChangeRegimen,
    RecordSupply,
    // Forms
    Char(char),
    Backspace,
    NextField,
    PrevField,
    Left,
    Right,
    Submit,
    Cancel,
    // Mouse and time
    ClickTab(usize),
    ClickRow(usize),
    ScrollUp,
    ScrollDown,
    Tick,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Dose,
    Symptom,
    Drowsiness,
    Intake,
    Regimen,
    Supply,
    Edit(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub label: &'static str,
    pub value: String,
    pub hint: &'static str,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
    /// Live preview of what a symptom text will flag.
    pub preview: Option<CheckResult>,
    /// For the drowsiness form: the rating.
    pub rating: u8,
}

impl Form {
    fn new(kind: FormKind, fields: Vec<(&'static str, String, &'static str)>) -> Form {
        Form {
            kind,
            fields: fields
                .into_iter()
                .map(|(label, value, hint)| Field { label, value, hint })
                .collect(),
            focus: 0,
            error: None,
            preview: None,
            rating: 3,
        }
    }
    pub fn title(&self) -> &'static str {
        match self.kind {
            FormKind::Dose => "Log a dose",
            FormKind::Symptom => "Log a symptom",
            FormKind::Drowsiness => "Rate drowsiness",
            FormKind::Intake => "Log alcohol or another medicine",
            FormKind::Regimen => "Change the regimen",
            FormKind::Supply => "Record tablets on hand",
            FormKind::Edit(_) => "Edit entry",
        }
    }
    pub fn value(&self, label: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map_or("", |f| f.value.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindFilter {
    All,
    Doses,
    Symptoms,
    Intakes,
}

impl KindFilter {
    pub fn label(self) -> &'static str {
        match self {
            KindFilter::All => "all",
            KindFilter::Doses => "doses",
            KindFilter::Symptoms => "symptoms",
            KindFilter::Intakes => "intakes",
        }
    }
    fn accepts(self, e: &Entry) -> bool {
        matches!(
            (self, &e.kind),
            (KindFilter::All, _)
                | (KindFilter::Doses, EntryKind::Dose { .. })
                | (KindFilter::Symptoms, EntryKind::Symptom { .. })
                | (KindFilter::Intakes, EntryKind::Intake { .. })
        )
    }
}

/// A row of the History list: a day header or an entry (index into `entries`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Day(NaiveDate),
    Entry(usize),
}

pub struct App<Tz: TimeZone> {
    pub store: Store,
    pub tz: Tz,
    /// Fixed in tests; `None` reads the real clock on every tick.
    pub fixed_now: Option<DateTime<Utc>>,
    pub now: DateTime<Utc>,
    pub screen: Screen,
    pub entries: Vec<Entry>,
    pub regimens: Vec<Regimen>,
    pub flags: Vec<Flag>,
    /// Whether `flags` covers the whole history (else only the last week).
    pub flags_complete: bool,
    pub today: Today,
    pub history_rows: Vec<Row>,
    pub history_sel: usize,
    pub filter: KindFilter,
    pub today_sel: usize,
    pub flags_sel: usize,
    pub regimen_sel: usize,
    pub range_days: i64,
    pub form: Option<Form>,
    pub help: bool,
    pub status: Option<String>,
    pub supply_events: Vec<crate::domain::SupplyEvent>,
    /// The supply as worked out at a minute (since the epoch); cleared on reload.
    supply_cache: Option<(i64, Option<safety::supply::SupplyStatus>)>,
    pub quit: bool,
    pub data_version: i64,
    /// Heights of the list areas as last drawn, for paging and mouse clicks.
    pub list_top: u16,
    pub page: usize,
}

impl<Tz: TimeZone> App<Tz> {
    pub fn new(store: Store, tz: Tz, fixed_now: Option<DateTime<Utc>>) -> anyhow::Result<App<Tz>> {
        let now = fixed_now.unwrap_or_else(Utc::now);
        let today = model::today(&[], &[], &[], now, &tz);
        let mut app = App {
            store,
            tz,
            fixed_now,
            now,
            screen: Screen::Today,
            entries: Vec::new(),
            regimens: Vec::new(),
            flags: Vec::new(),
            flags_complete: false,
            today,
            history_rows: Vec::new(),
            history_sel: 0,
            filter: KindFilter::All,
            today_sel: 0,
            flags_sel: 0,
            regimen_sel: 0,
            range_days: 30,
            form: None,
            help: false,
            status: None,
            supply_events: Vec::new(),
            supply_cache: None,
            quit: false,
            data_version: 0,
            list_top: 0,
            page: 10,
        };
        app.reload()?;
        Ok(app)
    }

    /// Reloads everything from the diary and re-runs the engine.
    pub fn reload(&mut self) -> anyhow::Result<()> {
        self.entries = self.store.all_entries()?;
        self.regimens = self.store.regimens()?;
        // The whole history's flags only where they are shown; Today needs the open ones only.
        self.flags_complete = matches!(self.screen, Screen::Flags | Screen::Trends);
        let mut flags = if self.flags_complete {
            safety::evaluate(
                &self.entries,
                &self.regimens,
                self.now,
                &self.tz,
                Catalog::builtin(),
            )
        } else {
            safety::evaluate_recent(
                &self.entries,
                &self.regimens,
                self.now,
                &self.tz,
                Catalog::builtin(),
            )
        };
        self.supply_events = self.store.supply_events()?;
        self.supply_cache = None;
        flags.extend(
            self.supply_status()
                .and_then(|s| safety::supply::flag(&s, self.now, &self.tz, Catalog::builtin())),
        );
        self.store.mark_acknowledged(&mut flags)?;
        flags.reverse(); // newest first
        self.flags = flags;
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
        let s = safety::supply::status(
            &self.supply_events,
            &self.entries,
            &self.regimens,
            self.now,
            &self.tz,
        );
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
    }

    fn recompute(&mut self) {
        self.refresh_today();
        self.history_rows.clear();
        let mut day = None;
        for (i, e) in self.entries.iter().enumerate().rev() {
            if !self.filter.accepts(e) {
                continue;
            }
            if day != Some(e.local_day()) {
                day = Some(e.local_day());
                self.history_rows.push(Row::Day(e.local_day()));
            }
            self.history_rows.push(Row::Entry(i));
        }
        self.clamp();
    }

    fn clamp(&mut self) {
        let n = self.history_rows.len();
        self.history_sel = self.history_sel.min(n.saturating_sub(1));
        if let Some(Row::Day(_)) = self.history_rows.get(self.history_sel)
            && self.history_sel + 1 < n
        {
            self.history_sel += 1;
        }
        self.flags_sel = self.flags_sel.min(self.flags.len().saturating_sub(1));
        self.today_sel = self
            .today_sel
            .min(self.today_entries().len().saturating_sub(1));
        self.regimen_sel = self.regimen_sel.min(self.regimens.len().saturating_sub(1));
    }

    /// Today's entries, newest first (the list on the Today screen).
    pub fn today_entries(&self) -> Vec<usize> {
        let d = self.now.with_timezone(&self.tz).date_naive();
        (0..self.entries.len())
            .rev()
            .filter(|&i| self.entries[i].local_day() == d)
            .collect()
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        match self.screen {
            Screen::History => match self.history_rows.get(self.history_sel) {
                Some(Row::Entry(i)) => self.entries.get(*i),
                _ => None,
            },
            Screen::Today => self
                .today_entries()
                .get(self.today_sel)
                .and_then(|&i| self.entries.get(i)),
            _ => None,
        }
    }

    fn local_now(&self) -> DateTime<Tz> {
        self.now.with_timezone(&self.tz)
    }

    /// Called on every tick: moves the clock and picks up entries written by other processes.
    pub fn tick(&mut self) -> anyhow::Result<()> {
        let old_day = self.local_now().date_naive();
        self.now = self.fixed_now.unwrap_or_else(Utc::now);
        let v = self.store.data_version();
        if v != self.data_version || old_day != self.local_now().date_naive() {
            self.reload()?;
        } else {
            self.refresh_today();
        }
        Ok(())
    }

    pub fn update(&mut self, action: Action) -> anyhow::Result<()> {
        if self.form.is_some() {
            return self.update_form(action);
        }
        if self.help {
            if !matches!(action, Action::Tick | Action::ScrollUp | Action::ScrollDown) {
                self.help = false;
            }
            return Ok(());
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.help = true,
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
            Action::Up | Action::ScrollUp => self.move_sel(-1),
            Action::Down | Action::ScrollDown => self.move_sel(1),
            Action::PageUp => self.move_sel(-(self.page as i64)),
            Action::PageDown => self.move_sel(self.page as i64),
            Action::Home => self.move_sel(-(i64::MAX / 2)),
            Action::End => self.move_sel(i64::MAX / 2),
            Action::ClickRow(r) => self.click_row(r),
            Action::LogDose => self.open_dose_form(),
            Action::SkipDose => self.skip_next()?,
            Action::LogSymptom => {
                self.form = Some(Form::new(
                    FormKind::Symptom,
                    vec![
                        ("What you notice", String::new(), "in your own words"),
                        ("Severity 0-10", String::new(), "optional"),
                        ("When", "now".into(), "now, 08:00, -2h, yesterday 21:00"),
                    ],
                ))
            }
            Action::RateDrowsiness => {
                let mut f = Form::new(
                    FormKind::Drowsiness,
                    vec![("When", "now".into(), "now, -1h, 14:30")],
                );
                f.rating = self
                    .today
                    .latest_drowsiness
                    .as_ref()
                    .and_then(|e| e.kind.drowsiness())
                    .unwrap_or(3);
                self.form = Some(f);
            }
            Action::LogIntake => {
                self.form = Some(Form::new(
                    FormKind::Intake,
                    vec![
                        ("What", String::new(), "e.g. 2 beers, oxycodone 5mg"),
                        ("When", "now".into(), "now, 20:00, -1h"),
                    ],
                ))
            }
            Action::Undo => {
                self.status = Some(match self.store.undo(self.now)? {
                    Some(u) => format!("Undone: {}.", u.description),
                    None => "Nothing to undo.".into(),
                });
                self.reload()?;
            }
            Action::Edit => self.open_edit_form(),
            Action::Delete => {
                if let Some(e) = self.selected_entry().cloned() {
                    self.store.delete(e.id, self.now)?;
                    self.status = Some(format!(
                        "Deleted {} {} at {}. Press u to undo.",
                        e.kind.name(),
                        e.kind.summary(),
                        e.at.format("%H:%M %a %-d %b")
                    ));
                    self.reload()?;
                } else {
                    self.status = Some("Select an entry to delete.".into());
                }
            }
            Action::Acknowledge => {
                if let Some(f) = self.flags.get(self.flags_sel).cloned() {
                    self.store.acknowledge(&f.key, self.now)?;
                    self.status = Some(format!(
                        "Acknowledged: {}. It stays listed, dimmed.",
                        f.title
                    ));
                    self.reload()?;
                }
            }
            Action::CycleFilter => {
                self.filter = match self.filter {
                    KindFilter::All => KindFilter::Doses,
                    KindFilter::Doses => KindFilter::Symptoms,
                    KindFilter::Symptoms => KindFilter::Intakes,
                    KindFilter::Intakes => KindFilter::All,
                };
                self.history_sel = 0;
                self.recompute();
            }
            Action::CycleRange => {
                self.range_days = match self.range_days {
                    7 => 30,
                    30 => 90,
                    90 => 365,
                    _ => 7,
                }
            }
            Action::ChangeRegimen => self.open_regimen_form(),
            Action::RecordSupply => self.open_supply_form(),
            Action::Tick => self.tick()?,
            _ => {}
        }
        if matches!(self.screen, Screen::Flags | Screen::Trends) && !self.flags_complete {
            self.reload()?;
        }
        Ok(())
    }

    fn move_sel(&mut self, delta: i64) {
        let step = |sel: usize, n: usize| -> usize {
            if n == 0 {
                return 0;
            }
            (sel as i64 + delta).clamp(0, n as i64 - 1) as usize
        };
        match self.screen {
            Screen::History => {
                let n = self.history_rows.len();
                let mut s = step(self.history_sel, n);
                // Skip day headers in the direction of travel.
                while let Some(Row::Day(_)) = self.history_rows.get(s) {
                    if delta < 0 && s == 0 {
                        s = 1.min(n.saturating_sub(1));
                        break;
                    }
                    if delta < 0 {
                        s -= 1;
                    } else if s + 1 < n {
                        s += 1;
                    } else {
                        break;
                    }
                }
                self.history_sel = s;
            }
            Screen::Flags => self.flags_sel = step(self.flags_sel, self.flags.len()),
            Screen::Today => self.today_sel = step(self.today_sel, self.today_entries().len()),
            Screen::Regimen => self.regimen_sel = step(self.regimen_sel, self.regimens.len()),
            Screen::Trends => {}
        }
    }

    fn click_row(&mut self, row: usize) {
        match self.screen {
            Screen::History => {
                let top = self
                    .history_sel
                    .saturating_sub(self.history_sel % self.page.max(1));
                let target = top + row;
                if let Some(Row::Entry(_)) = self.history_rows.get(target) {
                    self.history_sel = target;
                }
            }
            Screen::Flags => {
                let top = self
                    .flags_sel
                    .saturating_sub(self.flags_sel % self.page.max(1));
                if top + row < self.flags.len() {
                    self.flags_sel = top + row;
                }
            }
            _ => {}
        }
    }

    fn open_dose_form(&mut self) {
        let amount = self
            .today
            .next_dose
            .as_ref()
            .map(|n| Amount::from_mcg(n.amount_mcg))
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
            .map(|a| a.to_string().replace(' ', ""))
            .unwrap_or_default();
        let mut f = Form::new(
            FormKind::Dose,
            vec![
                ("Amount", amount, "10, 10mg, 2.5 mg, 300mcg (not mL)"),
                ("When", "now".into(), "now, 14:00, -90m, yesterday 21:00"),
                ("Note", String::new(), "optional"),
            ],
        );
        if let Some(n) = &self.today.next_dose {
            f.error = None;
            let _ = n;
        }
        self.form = Some(f);
    }

    fn open_edit_form(&mut self) {
        let Some(e) = self.selected_entry().cloned() else {
            self.status = Some("Select an entry to edit (History, or today's list).".into());
            return;
        };
        let when = e.at.format("%Y-%m-%d %H:%M").to_string();
        let note = e.note.clone().unwrap_or_default();
        let fields = match &e.kind {
            EntryKind::Dose { amount_mcg, .. } => vec![
                ("Amount", amount_mcg.to_string().replace(' ', ""), "10mg"),
                ("When", when, "any WHEN"),
                ("Note", note, "optional"),
            ],
            EntryKind::Symptom { text, severity, .. } => vec![
                ("Text", text.clone(), "your words"),
                (
                    "Severity 0-10",
                    severity.map(|s| s.to_string()).unwrap_or_default(),
                    "optional",
                ),
                ("When", when, "any WHEN"),
                ("Note", note, "optional"),
            ],
            EntryKind::Intake { text } | EntryKind::Med { name: text, .. } => vec![
                ("Text", text.clone(), "e.g. 2 beers"),
                ("When", when, "any WHEN"),
                ("Note", note, "optional"),
            ],
        };
        self.form = Some(Form::new(FormKind::Edit(e.id), fields));
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
            })
            .map(|a| a.to_string().replace(' ', ""))
            .unwrap_or_default();
        self.form = Some(Form::new(
            FormKind::Supply,
            vec![
                ("Tablets", String::new(), "how many, e.g. 90"),
                ("Strength", strength, "mg per tablet: 5, 10, 20"),
                (
                    "New pack or count (p/c)",
                    "p".into(),
                    "p: add to what is left; c: this is all there is",
                ),
                ("When", "now".into(), "now, 09:00, -1d"),
            ],
        ));
    }

    fn open_regimen_form(&mut self) {
        let r = self.regimens.last();
        self.form = Some(Form::new(
            FormKind::Regimen,
            vec![
                (
                    "Dose each time",
                    r.map(|r| r.dose_mcg.to_string().replace(' ', ""))
                        .unwrap_or_else(|| "5mg".into()),
                    "e.g. 10mg",
                ),
                (
                    "Times",
                    r.map(|r| r.times_text())
                        .unwrap_or_else(|| "08:00,14:00,20:00".into()),
                    "HH:MM,HH:MM,...",
                ),
                (
                    "Daily maximum",
                    r.map(|r| r.max_daily_mcg.to_string().replace(' ', ""))
                        .unwrap_or_else(|| "80mg".into()),
                    "80mg or lower",
                ),
                (
                    "Kidney impairment (y/n)",
                    if r.is_some_and(|r| r.kidney_impairment) {
                        "y".into()
                    } else {
                        "n".into()
                    },
                    "eGFR under 60",
                ),
                (
                    "Planned taper (y/n)",
                    "n".into(),
                    "a taper your prescriber planned",
                ),
                ("From", "now".into(), "now, 2026-11-20 08:00"),
            ],
        ));
    }

    fn skip_next(&mut self) -> anyhow::Result<()> {
        let Some(n) = self.today.next_dose.clone() else {
            self.status = Some("No scheduled dose to skip.".into());
            return Ok(());
        };
        let at = if n.at.with_timezone(&Utc) > self.now {
            self.now.with_timezone(&self.tz).fixed_offset()
        } else {
            n.at
        };
        let e = NewEntry {
            at,
            kind: EntryKind::Dose {
                amount_mcg: Amount::from_mcg(n.amount_mcg),
                skipped: true,
                as_needed: false,
            },
            note: None,
        };
        self.store.insert(&e, self.now)?;
        self.status = Some(format!(
            "Marked the {} dose skipped. Press u to undo.",
            n.at.format("%H:%M")
        ));
        self.reload()
    }

    fn update_form(&mut self, action: Action) -> anyhow::Result<()> {
        let Some(form) = self.form.as_mut() else {
            return Ok(());
        };
        match action {
            Action::Cancel => {
                self.form = None;
                self.status = Some("Cancelled; nothing saved.".into());
                return Ok(());
            }
            Action::Submit => return self.submit(),
            Action::NextField | Action::Down if !form.fields.is_empty() => {
                form.focus = (form.focus + 1) % form.fields.len();
            }
            Action::PrevField | Action::Up if !form.fields.is_empty() => {
                form.focus = (form.focus + form.fields.len() - 1) % form.fields.len();
            }
            Action::Left if form.kind == FormKind::Drowsiness => {
                form.rating = form.rating.saturating_sub(1)
            }
            Action::Right if form.kind == FormKind::Drowsiness => {
                form.rating = (form.rating + 1).min(10)
            }
            Action::Char(c)
                if form.kind == FormKind::Drowsiness
                    && c.is_ascii_digit()
                    && form.focus == 0
                    && form.fields[0].value == "now" =>
            {
                form.rating = c.to_digit(10).unwrap_or(0) as u8;
            }
            Action::Char(c) => {
                if let Some(f) = form.fields.get_mut(form.focus)
                    && f.value.chars().count() < 500
                {
                    f.value.push(c);
                }
                form.error = None;
            }
            Action::Backspace => {
                if let Some(f) = form.fields.get_mut(form.focus) {
                    f.value.pop();
                }
                form.error = None;
            }
            Action::Tick => {}
            _ => {}
        }
        // Live preview of what a symptom text will flag.
        if let Some(form) = self.form.as_mut() {
            let text = match form.kind {
                FormKind::Symptom => Some(form.value("What you notice").to_string()),
                FormKind::Edit(_) => Some(form.value("Text").to_string()),
                _ => None,
            };
            form.preview = text.filter(|t| !t.trim().is_empty()).map(|t| {
                safety::check_text(
                    &t,
                    Some((&self.entries, &self.regimens)),
                    None,
                    self.now,
                    &self.tz,
                )
            });
        }
        Ok(())
    }

    fn when(&self, s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
        parse_when(s, &self.local_now()).map_err(|e| e.to_string())
    }

    /// Validates and saves the form; invalid input is explained inline and never saved.
    fn submit(&mut self) -> anyhow::Result<()> {
        let Some(form) = self.form.clone() else {
            return Ok(());
        };
        let result: Result<String, String> = (|| match form.kind {
            FormKind::Dose => {
                let a = Amount::parse(form.value("Amount")).map_err(|e| e.to_string())?;
                let at = self.when(form.value("When"))?;
                let note = opt_text(form.value("Note"))?;
                let e = self
                    .store
                    .insert(
                        &NewEntry {
                            at,
                            kind: EntryKind::Dose {
                                amount_mcg: a,
                                skipped: false,
                                as_needed: false,
                            },
                            note,
                        },
                        self.now,
                    )
                    .map_err(|e| e.to_string())?;
                Ok(format!(
                    "Saved: dose {} at {}.",
                    e.kind.summary(),
                    e.at.format("%H:%M")
                ))
            }
            FormKind::Symptom => {
                let text = clean_text(form.value("What you notice")).map_err(|e| e.to_string())?;
                let sev = match form.value("Severity 0-10").trim() {
                    "" => None,
                    s => Some(parse_severity(s).map_err(|e| e.to_string())?),
                };
                let at = self.when(form.value("When"))?;
                self.store
                    .insert(
                        &NewEntry {
                            at,
                            kind: EntryKind::Symptom {
                                text,
                                severity: sev,
                                drowsiness_rating: false,
                            },
                            note: None,
                        },
                        self.now,
                    )
                    .map_err(|e| e.to_string())?;
                let u = form.preview.as_ref().map_or(Urgency::None, |p| p.urgency);
                Ok(match u {
                    Urgency::Emergency | Urgency::Urgent => {
                        format!("Saved. {} {}", u.label(), u.advice())
                    }
                    _ => "Saved.".into(),
                })
            }
            FormKind::Drowsiness => {
                let at = self.when(form.value("When"))?;
                self.store
                    .insert(
                        &NewEntry {
                            at,
                            kind: EntryKind::Symptom {
                                text: "drowsiness".into(),
                                severity: Some(form.rating),
                                drowsiness_rating: true,
                            },
                            note: None,
                        },
                        self.now,
                    )
                    .map_err(|e| e.to_string())?;
                Ok(format!("Saved: drowsiness {}/10.", form.rating))
            }
            FormKind::Intake => {
                let text = clean_text(form.value("What")).map_err(|e| e.to_string())?;
                let at = self.when(form.value("When"))?;
                self.store
                    .insert(
                        &NewEntry {
                            at,
                            kind: EntryKind::Intake { text },
                            note: None,
                        },
                        self.now,
                    )
                    .map_err(|e| e.to_string())?;
                Ok("Saved.".into())
            }
            FormKind::Regimen => {
                let dose = Amount::parse(form.value("Dose each time"))
                    .map_err(|e| format!("Dose: {e}"))?;
                let times = parse_times(form.value("Times")).map_err(|e| format!("Times: {e}"))?;
                let max = Amount::parse(form.value("Daily maximum"))
                    .map_err(|e| format!("Maximum: {e}"))?;
                if max > DEFAULT_MAX_DAILY {
                    return Err(
                        "Maximum: above the 80 mg documented maximum; accepted: 80mg or less"
                            .into(),
                    );
                }
                let yes = |s: &str| -> Result<bool, String> {
                    match s.trim().to_lowercase().as_str() {
                        "y" | "yes" => Ok(true),
                        "n" | "no" | "" => Ok(false),
                        other => Err(format!("'{other}': accepted y or n")),
                    }
                };
                let kidney = yes(form.value("Kidney impairment (y/n)"))?;
                let taper = yes(form.value("Planned taper (y/n)"))?;
                let from = self.when(form.value("From"))?;
                self.store
                    .set_regimen(
                        &NewRegimen {
                            effective_from: from,
                            dose_mcg: dose,
                            times,
                            max_daily_mcg: max,
                            kidney_impairment: kidney,
                            planned_taper: taper,
                            doses_mcg: Vec::new(),
                            prescribed_above_label: false,
                            as_needed: None,
                        },
                        self.now,
                    )
                    .map_err(|e| e.to_string())?;
                Ok("Regimen saved; the earlier one is kept in the history.".into())
            }
            FormKind::Supply => {
                let kind = match form
                    .value("New pack or count (p/c)")
                    .trim()
                    .to_lowercase()
                    .as_str()
                {
                    "p" | "pack" | "" => SupplyKind::Add,
                    "c" | "count" => SupplyKind::Count,
                    other => return Err(format!("'{other}': accepted p (new pack) or c (count)")),
                };
                let min = u32::from(kind == SupplyKind::Add);
                let tablets = parse_tablets(form.value("Tablets"), min)?;
                let strength =
                    parse_strength(form.value("Strength")).map_err(|e| format!("Strength: {e}"))?;
                let at = self.when(form.value("When"))?;
                self.store
                    .add_supply(
                        &NewSupply {
                            kind,
                            at,
                            tablets,
                            strength_mcg: strength,
                            note: None,
                        },
                        self.now,
                    )
                    .map_err(|e| e.to_string())?;
                Ok(format!(
                    "Saved: {tablets} tablets of {strength} {}. u undoes it.",
                    if kind == SupplyKind::Add {
                        "added"
                    } else {
                        "counted"
                    }
                ))
            }
            FormKind::Edit(id) => {
                let cur = self
                    .entries
                    .iter()
                    .find(|e| e.id == id)
                    .cloned()
                    .ok_or("that entry is gone")?;
                let at = self.when(form.value("When"))?;
                let note = opt_text(form.value("Note"))?;
                let kind = match &cur.kind {
                    EntryKind::Dose {
                        skipped, as_needed, ..
                    } => EntryKind::Dose {
                        amount_mcg: Amount::parse(form.value("Amount"))
                            .map_err(|e| e.to_string())?,
                        skipped: *skipped,
                        as_needed: *as_needed,
                    },
                    EntryKind::Symptom {
                        drowsiness_rating, ..
                    } => EntryKind::Symptom {
                        text: clean_text(form.value("Text")).map_err(|e| e.to_string())?,
                        severity: match form.value("Severity 0-10").trim() {
                            "" => None,
                            s => Some(parse_severity(s).map_err(|e| e.to_string())?),
                        },
                        drowsiness_rating: *drowsiness_rating,
                    },
                    EntryKind::Intake { .. } => EntryKind::Intake {
                        text: clean_text(form.value("Text")).map_err(|e| e.to_string())?,
                    },
                    EntryKind::Med { dose, .. } => EntryKind::Med {
                        name: clean_text(form.value("Text")).map_err(|e| e.to_string())?,
                        dose: dose.clone(),
                    },
                };
                self.store
                    .edit(id, &EntryEdit { at, kind, note }, self.now)
                    .map_err(|e| e.to_string())?;
                Ok("Changed; the original recording time is kept.".into())
            }
        })();
        match result {
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

    // ----- numbers for the Trends screen

    /// Mean drowsiness per local day over the range, oldest first (day, mean).
    pub fn drowsiness_by_day(&self) -> Vec<(NaiveDate, f64)> {
        let from = self.local_now().date_naive() - Duration::days(self.range_days - 1);
        let mut m: BTreeMap<NaiveDate, (u32, u32)> = BTreeMap::new();
        for e in self.entries.iter().rev() {
            let d = e.local_day();
            if d < from {
                break;
            }
            if let Some(r) = e.kind.drowsiness() {
                let x = m.entry(d).or_insert((0, 0));
                x.0 += u32::from(r);
                x.1 += 1;
            }
        }
        m.into_iter()
            .map(|(d, (s, n))| (d, s as f64 / n as f64))
            .collect()
    }

    /// Total taken per local day over the range (every day, zeros included).
    pub fn totals_by_day(&self) -> Vec<(NaiveDate, Amount)> {
        let today = self.local_now().date_naive();
        let from = today - Duration::days(self.range_days - 1);
        let mut m: BTreeMap<NaiveDate, Amount> = (0..self.range_days)
            .map(|k| (from + Duration::days(k), Amount::from_mcg(0)))
            .collect();
        for e in self.entries.iter().rev() {
            let d = e.local_day();
            if d < from {
                break;
            }
            if let Some(x) = m.get_mut(&d) {
                *x = x.saturating_add(e.kind.taken());
            }
        }
        m.into_iter().collect()
    }

    /// Mean drowsiness by whole hours since the last dose (0-1 h, 1-2 h, ... 7 h+), over the range.
    pub fn drowsiness_by_hours_since_dose(&self) -> Vec<(String, f64, u32)> {
        let from = self.now - Duration::days(self.range_days);
        let mut buckets = [(0u32, 0u32); 8];
        let mut last_dose: Option<DateTime<Utc>> = None;
        for e in &self.entries {
            let t = e.at.with_timezone(&Utc);
            if !e.kind.taken().is_zero() {
                last_dose = Some(t);
            } else if let (Some(r), Some(ld)) = (e.kind.drowsiness(), last_dose)
                && t >= from
            {
                let h = ((t - ld).num_minutes() / 60).clamp(0, 7) as usize;
                buckets[h].0 += u32::from(r);
                buckets[h].1 += 1;
            }
        }
        buckets
            .iter()
            .enumerate()
            .map(|(h, (s, n))| {
                let label = if h == 7 {
                    "7h+".to_string()
                } else {
                    format!("{h}-{}h", h + 1)
                };
                (label, if *n > 0 { *s as f64 / *n as f64 } else { 0.0 }, *n)
            })
            .collect()
    }

    /// Symptom entries per local day over the range, with the worst urgency flagged that day.
    pub fn symptom_calendar(&self) -> BTreeMap<NaiveDate, (u32, Urgency)> {
        let from = self.local_now().date_naive() - Duration::days(self.range_days.max(28) - 1);
        let mut m: BTreeMap<NaiveDate, (u32, Urgency)> = BTreeMap::new();
        for e in self.entries.iter().rev() {
            if e.local_day() < from {
                break;
            }
            if matches!(
                e.kind,
                EntryKind::Symptom {
                    drowsiness_rating: false,
                    ..
                }
            ) {
                m.entry(e.local_day()).or_insert((0, Urgency::None)).0 += 1;
            }
        }
        for f in &self.flags {
            let d = f.at.date_naive();
            if d >= from && f.kind == safety::FlagKind::Sign {
                let x = m.entry(d).or_insert((0, Urgency::None));
                x.1 = x.1.max(f.urgency);
            }
        }
        m
    }
}

fn opt_text(s: &str) -> Result<Option<String>, String> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        clean_text(s).map(Some).map_err(|e| e.to_string())
    }
}
