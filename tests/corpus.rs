//! The symptom-text corpus (tests/corpus/README.md): every row's present signs AND the urgency
//! `check` gives for the text alone on an empty diary, written by the patient or by a caregiver.
//!
//! - `dev.tsv` (the split the matcher is tuned on) must be right on every row.
//! - `test.tsv` (held out, written by someone else) is only measured: the test prints aggregate
//!   counts, never a phrase, and asserts a floor set from the first honest measurement.
//!
//! Run `cargo test --test corpus -- --nocapture` to see both splits' figures.

use std::collections::BTreeSet;

use chrono::{TimeZone, Utc};
use dosediary::domain::{Entry, Regimen};
use dosediary::safety::{Patient, Urgency, Writer, check_text_for};

/// The caregiver config the README prescribes for `caregiver` rows.
fn caregiver() -> Patient {
    Patient {
        name: "Sam".into(),
        writer: Writer::Caregiver,
        also_called: [
            "Sam",
            "my husband",
            "my wife",
            "dad",
            "mum",
            "my son",
            "my daughter",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    }
}

struct Row {
    line: usize,
    signs: BTreeSet<String>,
    urgency: Urgency,
    writer: Writer,
    text: String,
}

fn parse_urgency(s: &str) -> Option<Urgency> {
    Some(match s {
        "none" => Urgency::None,
        "routine" => Urgency::Routine,
        "urgent" => Urgency::Urgent,
        "emergency" => Urgency::Emergency,
        _ => return None,
    })
}

/// Parses a split. Errors name the line number only (the test split's text is never shown).
fn parse(src: &str) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for (i, line) in src.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let bad = |what: &str| format!("line {}: {what}", i + 1);
        if cols.len() != 4 {
            return Err(bad("expected 4 tab-separated columns"));
        }
        let signs = if cols[0] == "-" {
            BTreeSet::new()
        } else {
            cols[0].split(',').map(|s| s.trim().to_string()).collect()
        };
        let urgency = parse_urgency(cols[1]).ok_or_else(|| bad("bad urgency"))?;
        let writer = match cols[2] {
            "self" => Writer::Own,
            "caregiver" => Writer::Caregiver,
            _ => return Err(bad("writer must be self or caregiver")),
        };
        rows.push(Row {
            line: i + 1,
            signs,
            urgency,
            writer,
            text: cols[3].to_string(),
        });
    }
    Ok(rows)
}

struct Outcome {
    got_signs: BTreeSet<String>,
    got_urgency: Urgency,
}

fn run(row: &Row) -> Outcome {
    let patient = match row.writer {
        Writer::Caregiver => caregiver(),
        _ => Patient {
            writer: Writer::Own,
            ..Patient::default()
        },
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 10, 12, 0, 0).unwrap();
    let empty: (&[Entry], &[Regimen]) = (&[], &[]);
    let r = check_text_for(&row.text, &patient, Some(empty), None, now, &Utc);
    Outcome {
        got_signs: r.signs.into_iter().map(|s| s.id).collect(),
        got_urgency: r.urgency,
    }
}

#[derive(Default, Debug)]
struct Figures {
    total: usize,
    signs_right: usize,
    urgency_right: usize,
    both_right: usize,
    /// A `none` row raised to urgent or emergency.
    cried_wolf: usize,
    /// An emergency row that came out below urgent.
    missed_emergency: usize,
}

impl Figures {
    fn add(&mut self, row: &Row, o: &Outcome) {
        self.total += 1;
        let s = o.got_signs == row.signs;
        let u = o.got_urgency == row.urgency;
        self.signs_right += usize::from(s);
        self.urgency_right += usize::from(u);
        self.both_right += usize::from(s && u);
        if row.urgency == Urgency::None && o.got_urgency >= Urgency::Urgent {
            self.cried_wolf += 1;
        }
        if row.urgency == Urgency::Emergency && o.got_urgency < Urgency::Urgent {
            self.missed_emergency += 1;
        }
    }
    fn pct(n: usize, d: usize) -> f64 {
        if d == 0 {
            0.0
        } else {
            100.0 * n as f64 / d as f64
        }
    }
    fn signs_pct(&self) -> f64 {
        Self::pct(self.signs_right, self.total)
    }
    fn urgency_pct(&self) -> f64 {
        Self::pct(self.urgency_right, self.total)
    }
    fn safety_violations(&self) -> usize {
        self.cried_wolf + self.missed_emergency
    }
    fn summary(&self, name: &str) -> String {
        format!(
            "{name}: {} rows; signs exact {:.1}% ({}), urgency {:.1}% ({}), both {}; \
             safety violations {} ({} none raised to urgent+, {} emergencies below urgent)",
            self.total,
            self.signs_pct(),
            self.signs_right,
            self.urgency_pct(),
            self.urgency_right,
            self.both_right,
            self.safety_violations(),
            self.cried_wolf,
            self.missed_emergency
        )
    }
}

fn fmt_set(s: &BTreeSet<String>) -> String {
    if s.is_empty() {
        "-".into()
    } else {
        s.iter().cloned().collect::<Vec<_>>().join(",")
    }
}

/// A tuning split (dev or a retired held-out split) must be right on every row: signs and
/// urgency. Wrong rows are listed with their text (tuning rows are not secret).
fn tuning_split_is_right_on_every_row(name: &str, src: &str, min_rows: usize) {
    tuning_split_is_right_except(name, src, min_rows, &[]);
}

/// Like [`tuning_split_is_right_on_every_row`], with named rows the engine is known to get wrong
/// (each listed with its reason where it is called). A known miss that comes right fails the test
/// too, so the list only shrinks.
fn tuning_split_is_right_except(name: &str, src: &str, min_rows: usize, known: &[usize]) {
    let rows = parse(src).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut fig = Figures::default();
    let mut wrong = Vec::new();
    for row in &rows {
        let o = run(row);
        fig.add(row, &o);
        let is_wrong = o.got_signs != row.signs || o.got_urgency != row.urgency;
        if known.contains(&row.line) {
            if !is_wrong {
                wrong.push(format!(
                    "{name} line {}: listed as a known miss but now right: take it off the list",
                    row.line
                ));
            }
            continue;
        }
        if is_wrong {
            wrong.push(format!(
                "{name} line {}: {:?} ({:?}): expected {} {:?}, got {} {:?}",
                row.line,
                row.text,
                row.writer,
                fmt_set(&row.signs),
                row.urgency,
                fmt_set(&o.got_signs),
                o.got_urgency
            ));
        }
    }
    println!("{}", fig.summary(name));
    assert!(
        rows.len() >= min_rows,
        "{name} has {} rows; keep at least {min_rows}",
        rows.len()
    );
    assert!(
        wrong.is_empty(),
        "{}\n{} of {} {name} rows wrong:\n{}",
        fig.summary(name),
        wrong.len(),
        rows.len(),
        wrong.join("\n")
    );
}

#[test]
fn dev_split_is_right_on_every_row() {
    tuning_split_is_right_on_every_row("dev", include_str!("corpus/dev.tsv"), 700);
}

/// A second development split (473 rows, 2026-11-21), written fresh by someone who read neither
/// the engine nor the other splits, aimed at signs described without their textbook words, bare
/// relations for the patient, and hard negatives.
#[test]
fn dev2_split_is_right_on_every_row() {
    // Before any tuning on it (engine of 8eb33fd) this split measured signs 78.4%, urgency 78.6%,
    // 35 safety violations. Known misses, each still wrong for a stated reason:
    // - urgency right, one sign more or less: 41 ("flaked out" also read as fatigue), 250 ("can't
    //   focus on his phone" also read as confusion), 267 (a fifth sign in a long note), 272 ("no"
    //   reaches across "and" to "biting everyone's head off"), 276 ("can't pee or poo": the longer
    //   match swallows the shorter), 292 ("like a zombie" after a bad night read as drowsiness).
    // - missed, urgent: 94 ("he might not know where he is" reads as hypothetical), 289 (odd
    //   acts, no sign words).
    // - cried wolf: 400 ("I must be seeing things" as a joke).
    // (331, 334, 380, lists of sign names after a naming clause and a comma, and 360, a nurse's
    // own wheeze said with "herself", came right in session 6.)
    tuning_split_is_right_except(
        "dev2",
        include_str!("corpus/dev2.tsv"),
        473,
        &[41, 94, 250, 267, 272, 276, 289, 292, 400],
    );
}

/// Floors for the held-out split, set from its first honest measurement and raised only from later
/// measurements, never by tuning on the split. Earlier held-out splits were retired into tuning (see
/// the `retired_*` tests). This one is four splits written independently on 2026-11-22 from the
/// same prompt, none of them read by the engine's developer: split 20 (a balanced mix with more US
/// English and texting shorthand, teenagers and young adults with cerebral palsy, partners texting
/// updates, high doses for alcohol use disorder), split 24 (a balanced mix) and split 25 (older
/// patients and their adult children, several days in one note), 1,841 rows after the 28 whose
/// text is also a tuning row were dropped without being read; and split 34 (hard none rows, 633
/// rows, none repeating a tuning text), added in session 9: 2,474 rows.
///
/// First measurements (signs exact / urgency exact / safety violations):
/// - split 20 alone (620 rows): session-8 start (cb963a6) 93.5/94.5/12; after retired split 19:
///   93.9/94.7/12; after splits 21-23: 94.4/95.2/10.
/// - split 24 (630 rows): cb963a6 95.1/95.9/8; 3d9e83f 95.7/96.5/6.
/// - split 25 (619 rows): cb963a6 90.5/91.9/9; 3d9e83f 91.1/92.4/9.
/// - all three, deduplicated (1,841 rows): cb963a6 92.9/94.0/29 (15 none raised to urgent+, 14
///   emergencies below urgent); 3d9e83f 93.6/94.6/25 (12 and 13); session 9, after tuning on
///   splits 26-30: 94.0/95.0/23 (12 and 11).
/// - split 34 (633 rows, hard none rows, added unread in session 9 after its first measurement):
///   8d1372a (session-9 start) 94.0/94.2/15; 5c4b040 94.2/94.5/14 (all 14 cried wolf).
/// - all four (2,474 rows): 8d1372a 93.7/94.5/40 (27 cried wolf, 13 emergencies below urgent);
///   5c4b040 94.1/94.9/37 (26 and 11).
/// - split 38 (250 rows, balanced, added unread in session 10): 0b5e942 and d0ac972 97.2/97.6/3;
///   all five (2,724 rows): 0b5e942 94.3/95.1/40, d0ac972 94.4/95.2/39.
/// - split 31 (630 rows, balanced, added unread at the start of session 11 after being measured
///   twice): 0b5e942 97.3/97.5/8, d0ac972 97.5/97.6/7; all six (3,354 rows) at d0ac972:
///   94.96/95.6/46 (32 cried wolf, 14 emergencies below urgent).
const TEST_MIN_ROWS: usize = 3354;
const TEST_FLOOR_SIGNS_PCT: f64 = 94.9;
const TEST_FLOOR_URGENCY_PCT: f64 = 95.6;
const TEST_MAX_SAFETY_VIOLATIONS: Option<usize> = Some(43);

#[test]
fn test_split_is_measured_without_showing_it() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/test.tsv");
    let Ok(src) = std::fs::read_to_string(path) else {
        println!("test: tests/corpus/test.tsv is not there yet; nothing measured");
        return;
    };
    // Errors and figures name line numbers and counts only, never a phrase.
    let rows = parse(&src).unwrap_or_else(|e| panic!("test.tsv: {e}"));
    let mut fig = Figures::default();
    for row in &rows {
        fig.add(row, &run(row));
    }
    let summary = fig.summary("test");
    println!("{summary}");
    assert!(
        rows.len() >= TEST_MIN_ROWS,
        "test.tsv has {} rows; the split needs at least {TEST_MIN_ROWS}",
        rows.len()
    );
    assert!(
        fig.signs_pct() >= TEST_FLOOR_SIGNS_PCT,
        "{summary}: signs below the floor {TEST_FLOOR_SIGNS_PCT}%"
    );
    assert!(
        fig.urgency_pct() >= TEST_FLOOR_URGENCY_PCT,
        "{summary}: urgency below the floor {TEST_FLOOR_URGENCY_PCT}%"
    );
    if let Some(max) = TEST_MAX_SAFETY_VIOLATIONS {
        assert!(
            fig.safety_violations() <= max,
            "{summary}: more safety violations than the ceiling {max}"
        );
    }
}

/// The first held-out split (565 rows, written 2026-11-21), retired after its last figures were
/// reported (signs 83.9%, urgency 84.1%, 33 safety violations): it is now tuned on like dev and
/// must be right on every row; a newly written `test.tsv` is the held-out split.
#[test]
fn retired_split_is_right_on_every_row() {
    tuning_split_is_right_on_every_row(
        "retired_test1",
        include_str!("corpus/retired_test1.tsv"),
        565,
    );
}

/// The second held-out split (587 rows), retired on 2026-11-21 after its last figures were reported
/// (signs 89.3%, urgency 89.9%, 27 safety violations): tuned on from then on.
#[test]
fn second_retired_split_is_right_on_every_row() {
    // Line 260 ("spelling test: hallucination, tremor, seizure") was a known miss until the
    // tokenizer told a colon from a comma (a bare list after a colon that names things is a topic).
    tuning_split_is_right_except(
        "retired_test2",
        include_str!("corpus/retired_test2.tsv"),
        587,
        &[],
    );
}

/// The third held-out split (635 rows, written independently on 2026-11-21), retired after its
/// figures were reported: on the engine at the start of that session (aeacbae) signs 88.7%,
/// urgency 89.4%, 20 safety violations; on the engine of 7985e4d signs 92.3%, urgency 92.4%, 13
/// safety violations. Tuned on from then on.
#[test]
fn third_retired_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason:
    // - urgency right, a sign more: 13 ("can't focus on the screen" also read as confusion), 215
    //   ("kept forgetting" read as confusion), 405 ("stopped it because of the drowsiness" still
    //   counts the drowsiness), 528 ("throat's closing" read as swelling as well; dev labels it so).
    // (217, a corrected belief, and 259, "googling seizures", came right: research words before a
    // sign make it a topic, except for suicidal thoughts: "been googling suicide".)
    tuning_split_is_right_except(
        "retired_test3",
        include_str!("corpus/retired_test3.tsv"),
        635,
        &[13, 215, 405, 528],
    );
}

/// The fourth held-out split (611 rows, 2026-11-21), retired after its figures were reported
/// (session-start engine aeacbae: 89.0/87.1/28 violations; engine of 18f74a4: 92.8/91.2/21).
#[test]
fn fourth_retired_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason:
    // - urgency right, a sign more or less: 162 ("now foggy" alone is not read as confusion:
    //   "foggy" is weather too), 219 (a dose cut "because of the drowsiness" still counts the
    //   drowsiness), 308 ("what's the point" after a wish to die is also read as low mood).
    // (345, "so confused ... I put the kettle in the fridge", came right when an odd act said
    // with a plainer sign in its sentence was read as that sign.)
    // (407, "ran out." with nothing after it, came right when a bare "ran out" was read as a gap.)
    // - cried wolf: 382 ("this form is giving me a headache").
    // (534, a carer's own dizziness, came right when staff who head a clause and tell of their
    // own state, with no reporting verb, were read as other people.)
    // (582, a list after "went through withdrawal signs with us:", came right with colon lists.)
    tuning_split_is_right_except(
        "retired_test4",
        include_str!("corpus/retired_test4.tsv"),
        611,
        &[162, 219, 308, 382],
    );
}

/// The fifth held-out split (618 rows, 2026-11-21), retired after its figures were reported
/// (session-start engine aeacbae: 87.1/88.2/23 violations; engine of 9ac151d: 91.7/92.7/18).
#[test]
fn fifth_retired_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason:
    // - missed, urgent or emergency: 431 ("slightly sick" alone is not read as vomiting), 481 (a gap told as "his grandmother forgot to pack his tablets": the
    //   one who forgot is not the patient).
    // - urgency right, a sign more or less: 311 and 435 (confusion said "confused by his
    //   crossword", "seemed confused" after a hallucination), 348 (night notes of a third wee),
    //   349 ("grumpier" not read), 576 ("restless" read as mood change), 583 (disorientation
    //   beside a hallucination), 584 ("very stiff, more than ever before" across a comma).
    // Came right since: 67 (a list then "none of them for me"), 215 ("wide awake" alone is no
    // longer sleeplessness), 377 (temperatures in words), 502 ("couldn't wake Sam": `@person`),
    // 68 ("the vomiting bug"), 147 ("he'd pass out"), 546 ("I see the people ... nobody there"),
    // 74 ("anxious" thinking about what could happen).
    tuning_split_is_right_except(
        "retired_test5",
        include_str!("corpus/retired_test5.tsv"),
        618,
        &[311, 348, 349, 431, 435, 481, 576, 583, 584],
    );
}

/// The sixth held-out split (606 rows, 2026-11-21), retired after its figures were reported
/// (session-start engine aeacbae: 88.1/88.1/24 violations; engine of bf40301: 91.1/91.3/14).
#[test]
fn sixth_retired_split_is_right_on_every_row() {
    // Line 358 was relabelled: a missed pump refill is the sign pump_alarm (corpus README, step
    // 3); its writer had left it out. Known misses, each still wrong for a stated reason (none is
    // a safety violation):
    // - urgency right, a sign more or less: 262 ("not sleeping much" beside "manic" is also read
    //   as insomnia), 324 ("whole body shaking" in a fit is also tremor), 588 ("he kept
    //   forgetting" his doses is also read as confusion).
    // - missed, routine: 526 ("confused about the date": "confused about the ..." is excluded
    //   for "confused about the new instructions").
    // - over-read: 206 ("tearful" read as low mood, "giddy" as dizziness, in a note about mood).
    // - cried wolf, routine: 199 ("charting cramps ... nothing to report"), 412 ("making my head
    //   spin" about a spreadsheet), 454 ("fell asleep at 11 and woke at 7"), 455 ("not because I
    //   was sleepy": the negation does not cross "because").
    tuning_split_is_right_except(
        "retired_test6",
        include_str!("corpus/retired_test6.tsv"),
        606,
        &[199, 206, 262, 324, 412, 454, 455, 526, 588],
    );
}

/// The seventh held-out split (626 rows, 2026-11-22), retired after its figures were reported
/// (engine aeacbae: 87.5/86.6/14 violations; 3a0b661: 91.1/90.6/12; first contact with this
/// session's engine work: 91.2/90.7/11).
#[test]
fn seventh_retired_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason (none is a safety violation):
    // - urgency right, a sign more or less: 292 ("thirsty mouth" is not read as dry mouth), 370
    //   ("my normal weakness" beside severe weakness), 620 ("usually stiff as a board" read as
    //   rebound stiffness beside floppiness).
    // - missed, urgent: 464 (a dog taken for a wolf, a lamp for a person: misperceptions with no
    //   sign words).
    // - cried wolf, routine: 22 ("chewing gum for dry mouth was my sister's tip"), 70 (a tingling
    //   "I had before the op is gone completely now": the resolution is too far after it), 139
    //   ("friends keep saying I look tired. I don't feel it"), 597 (a caregiver's own blurry
    //   eyesight told as "it's mine").
    tuning_split_is_right_except(
        "retired_test7",
        include_str!("corpus/retired_test7.tsv"),
        626,
        &[22, 70, 139, 292, 370, 464, 597, 620],
    );
}

/// The eighth held-out split (635 rows, 2026-11-22: short texting-style notes, tricky grammar),
/// the test split for part of session 6, retired after its figures were reported (aeacbae:
/// 88.5/89.1/24 violations; 3a0b661: 93.4/93.2/18; 58d388a: 94.0/93.9/17).
#[test]
fn eighth_retired_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason (none is a safety violation):
    // - urgency right, a sign more or less: 13 ("doubled up ... an hour later" also read as
    //   sleeplessness), 274 ("a bit wobbly on the stairs" beside weak legs read as dizziness).
    // - missed, routine: 391 ("to the loo for a wee all evening, every 20 mins": the comma ends
    //   the pattern's gap).
    // - cried wolf, routine: 445 ("no way he's drowsy": the negation does not reach past "he's").
    tuning_split_is_right_except(
        "retired_test8",
        include_str!("corpus/retired_test8.tsv"),
        635,
        &[13, 274, 391, 445],
    );
}

/// The ninth held-out split (638 rows, 2026-11-22: signs described rather than named, slang,
/// dictation errors, cry-wolf traps from ordinary life), retired after its figures were reported
/// (aeacbae: 87.1/87.8/25 violations; 3a0b661: 93.1/93.1/17; 58d388a: 93.9/93.6/16).
#[test]
fn ninth_retired_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason (none is a safety violation):
    // - urgency right, a sign more or less: 123 ("cos the spasms were awful", the reason for a
    //   double dose, read as rebound spasticity), 353 ("struggling to go to the toilet, really
    //   backed up" also read as retention).
    // - missed, routine: 393 ("screen going blurry": the screen is read as a thing that is
    //   blurry, and the headache after it goes with it), 395 (a blood pressure in words,
    //   "ninety over fifty five").
    // - cried wolf, routine: 556 ("the whole stand" shaking), 616 ("everyone's throwing up": "everyone" must
    //   not be another person in "everyone would be better off without me"), 622 ("the shakes"
    //   meaning milkshakes).
    tuning_split_is_right_except(
        "retired_test9",
        include_str!("corpus/retired_test9.tsv"),
        638,
        &[123, 353, 393, 395, 556, 616, 622],
    );
}

/// The tenth held-out split (628 rows, 2026-11-22: a balanced mix of every style), the test split
/// for part of session 6, retired after its figures were reported (aeacbae: 90.1/89.2/28
/// violations; 3a0b661: 94.1/93.8/18; 58d388a and dfa5b68: 95.2/95.2/15).
#[test]
fn tenth_retired_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason:
    // (230, 261 and 447, three cried-wolf safety violations, came right: a check "for" a sign,
    // a word learned followed by a list, a nurse's own breathlessness said with "herself".)
    // - cried wolf, routine: 75 ("the paperwork is making me sick"), 422 ("dizzy for the first
    //   three days ..., none of that since"), 481 ("just tired eyes from the drive").
    // - a sign or the urgency off by one: 160 ("arms a bit weak lifting the kettle"), 291 ("got
    //   his 20 mg twice" is not read as a double dose: "twice a day" is the usual schedule), 442
    //   ("a bit mixed up today"), 547 ("foggy" alone).
    tuning_split_is_right_except(
        "retired_test10",
        include_str!("corpus/retired_test10.tsv"),
        628,
        &[75, 160, 291, 422, 442, 481, 547],
    );
}

/// The eleventh held-out split (620 rows, 2026-11-22: signs easy to miss, told without their
/// words or played down; hard none rows), retired after its figures were reported (3a0b661:
/// 91.0/92.3/19 violations; dfa5b68: 92.1/93.4/17).
#[test]
fn eleventh_retired_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason (none is a safety violation):
    // - urgency right, a sign more or less: 8 ("a bit of a wobble" beside a fit), 25 (a faint
    //   "for a few seconds" also read as sleep trouble), 218 ("despite forgetting two of his
    //   doses" read as confusion), 280 ("seeing things a bit blurred" also read as hallucinating),
    //   527 ("prob just anxiety" read as a mood change), 567 ("like I've rolled in nettles"),
    //   593 ("weak wobbly knees" also dizziness).
    // - missed, routine: 302 ("sat down till it passed a bit" read as resolved), 312 ("neither
    //   of us slept, well he didn't").
    // - cried wolf, routine: 336 ("didn't hear mum complain of cramps once"), 411 ("Linda the carer": carers are not other people),
    //   626 ("is blurred vision a side effect? asking for my gran").
    tuning_split_is_right_except(
        "retired_test11",
        include_str!("corpus/retired_test11.tsv"),
        620,
        &[8, 25, 218, 280, 302, 312, 336, 411, 527, 567, 593, 626],
    );
}

/// The twelfth held-out split (621 rows, 2026-11-22: a balanced mix of every style), the test split
/// for part of session 6, retired after its figures were reported (3a0b661: 94.2/95.3/15
/// violations; dfa5b68: 94.4/95.3/14; 6100dba and 697b774: 94.7/95.5/14).
#[test]
fn twelfth_retired_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason:
    // - missed emergency, a safety violation: 573 ("his flatmate says he's wandering about not
    //   knowing where he is": "he" is read as the flatmate, as "his brother says he gets pins and
    //   needles" must be).
    // - urgency off by one: 474 ("maybe a bit of a fever" after readings of 37.9 and 38.2: the
    //   readings confirm it without the hedge).
    // - a sign more or less: 261 ("the TV looks fuzzy" also confusion), 287 (a blood pressure in
    //   words), 308 ("giddy one minute" in a note about mood), 330 ("a
    //   bit muddled now" after a parenthesis), 334 ("no fever or pain, she's just peeing every 30
    //   mins" read as retention), 349 (a lone systolic figure), 375 ("sat on the floor till it
    //   passed" read as resolved).
    // - cried wolf, routine: 126 ("the only thing trembling was my bank balance").
    tuning_split_is_right_except(
        "retired_test12",
        include_str!("corpus/retired_test12.tsv"),
        621,
        &[126, 261, 287, 308, 330, 334, 349, 375, 474, 573],
    );
}

/// The thirteenth held-out split (622 rows, 2026-11-22: forum posts and long notes in the voices
/// of the seed comments, caregivers of children with cerebral palsy, late-night notes on high
/// doses), retired after its figures were reported (3a0b661: 91.2/92.3/16; 697b774:
/// 92.1/93.7/11).
#[test]
fn thirteenth_retired_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason:
    // - cried wolf, a safety violation: 139 ("he didn't faint, he slid down the wall on purpose":
    //   "on purpose" cannot be a harmless cause, it would hide "skipping doses on purpose and now
    //   he says the cat is talking to him").
    // - urgency right, a sign more or less: 82 (a long post: "dopey",
    //   "can't sleep at all" read as well), 87 ("to get through the cravings" read as fatigue), 90
    //   ("my lips went blue" in a fit also read as breathing), 342 and 470 (wobbly or weak beside
    //   severe weakness), 435 ("couldn't work out the parking machine"), 481 ("fell asleep on the sofa" read as drowsiness), 579 ("didn't know
    //   what town I was in" absorbed by the hallucination beside it).
    // - missed, routine or urgent: 423 ("a little
    //   shake" is an idiom for a salt shaker), 464 ("running 101.2": "running" cannot be a
    //   temperature word, "running 40 min late").
    // - cried wolf, routine: 148 and 159 (a caregiver's own sickness and tiredness told without
    //   "I" first), 206 and 634 ("is it normal to feel dizzy on baclofen? Starting next week":
    //   "is it normal to" also opens real reports), 239 ("not that I have headaches").
    tuning_split_is_right_except(
        "retired_test13",
        include_str!("corpus/retired_test13.tsv"),
        622,
        &[
            82, 87, 90, 139, 148, 159, 206, 239, 342, 423, 435, 464, 470, 481, 579, 634,
        ],
    );
}

/// The fourteenth held-out split (631 rows, 2026-11-22: a balanced mix of every style, hard none
/// rows of every kind), retired after its figures were reported (3a0b661: 93.3/92.6/24; 697b774:
/// 94.8/94.3/18; dd43b54: 95.1/94.9/15).
#[test]
fn fourteenth_retired_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason:
    // (115, "refill by 3 March, it's 6 March and no-one called us", came right when a refill
    // told as missed across a clause was read in a note about a pump.)
    // - urgency right, a sign more or less: 111 ("nodded off" before "couldn't wake him" is
    //   absorbed by it), 301 ("a bit wobbly" also read as dizziness).
    // - urgency off by one: 196 (a hedge "think" about the double dose, not about the sign), 197
    //   ("maybe a bit limp": the hedge keeps "limp" from reading as severe weakness), 382 ("no
    //   more than they always do" is not read as "as usual").
    // - missed, routine: 392 ("peeing like every 30 mins"), 399 (a blood pressure in words,
    //   "eighty over fifty").
    // - cried wolf, routine: 484 ("when I started in March, not anymore"), 489 ("was low last
    //   month but it's 120/80 now"), 589 ("making me sick" said of paperwork by the carer).
    tuning_split_is_right_except(
        "retired_test14",
        include_str!("corpus/retired_test14.tsv"),
        631,
        &[111, 196, 197, 301, 382, 392, 399, 484, 489, 589],
    );
}

/// The fifteenth held-out split (620 rows, 2026-11-22: voice-dictated notes with no punctuation
/// and speech-to-text errors, long forum posts with the sign in the middle), retired after its
/// figures were reported (aeacbae: 82.6/83.4/35; 3a0b661: 90.0/90.5/20; dd43b54:
/// 92.4/92.9/15).
#[test]
fn fifteenth_retired_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason:
    // - cried wolf, a safety violation: 208 ("the ambulance was for the lady at number 6, she
    //   fainted": "for the lady" reads as company, so "she" stays the patient).
    // - urgency off by one: 431, 488 (a hedge about the cause, "maybe I'm coming down with
    //   something", after the sign's clause), 436 ("took the 20mg twice": the strength before
    //   "twice" is not read as too much).
    // - a sign more or less, urgency right: 261 ("arms feel week", a homophone), 263 ("takes
    //   forever to get a wee out"), 264 ("the floor feels like a boat deck"), 265 and 338 (odd
    //   acts beside a plainer sign), 291 (a long post: "constantly parched"), 474 ("a bit
    //   dizzy" also read as a hallucination by the fuzzy matcher), 505 ("face twitching" in a
    //   fit also read as tremor), 551 ("forgot to refill my prescription" read as a pump
    //   refill), 596 ("talking to me like I'm his mother"), 597 ("can see people in her room").
    // - missed, routine or urgent: 272 ("usual
    //   little tremor ... no different to normal" reads the tremor away), 299 ("falling a
    //   sleep", speech-to-text), 317 ("arms feel weak ... like I did a workout but I didn't"),
    //   339, 351 and 366 (how often someone goes to the loo, told in numbers), 410 ("everything feels
    //   black"), 455 (a long post: "her temp was 38.9").
    // - cried wolf, routine: 13 ("a proper headache" of paperwork).
    tuning_split_is_right_except(
        "retired_test15",
        include_str!("corpus/retired_test15.tsv"),
        620,
        &[
            13, 208, 261, 263, 264, 265, 272, 291, 299, 317, 338, 339, 351, 366, 410, 431, 436,
            455, 474, 488, 505, 551, 596, 597,
        ],
    );
}

/// The sixteenth held-out split (625 rows, 2026-11-22: family and paid carers of children with
/// cerebral palsy, spouses with MS, adult children of a parent with spinal cord injury, agency
/// handover notes; their own symptoms, other people's and the pet's), retired after its figures
/// were reported (aeacbae: 84.0/84.3/29; 3a0b661: 91.0/90.9/20; dd43b54: 93.4/93.6/13; after
/// tuning on splits 14, 15 and 17: 93.4/93.8/14).
#[test]
fn sixteenth_retired_split_is_right_on_every_row() {
    // (139, "the little man in the corner had been watching her - there was no man", came right
    // when reality checks took in "there was no man".)
    // Known misses, each still wrong for a stated reason:
    // (549, a cried-wolf safety violation, came right in session 9.)
    // (87, "the refill appointment was two weeks ago and nobody rang to rebook", came right with
    // a refill told as missed across a clause.)
    // - urgency off by one: 100 ("tonight's dose on top of the afternoon one"), 188 ("a bit
    //   floppier than usual" after a double dose: the hedge keeps it from severe weakness).
    // - a sign more or less, urgency right: 9 ("face twitching" in a fit also read as tremor),
    //   109 ("forgot to refill my script" read as a pump refill), 220 ("can't see a future" also
    //   read as not seeing), 243 ("prickly pins and needles" also read as low mood), 393 ("can't
    //   focus on the telly" also read as confusion), 56 ("just being paranoid" as a hedge is also
    //   read as a hallucination).
    // - missed, routine or urgent: 141 ("cartoon characters come out of the telly"), 146 ("a cat on the telly": the telly
    //   explains it), 166 ("dressed for work, he retired 10 years ago"), 203 ("a red rash creeping up his neck" after "I noticed"), 258 and
    //   308 (handover shorthand), 316 ("bowels haven't moved in 5 days"), 342 ("the whiteboard is fuzzy").
    // - cried wolf, routine: 459 ("warned that ... could make me confused"), 470 ("the movicol sorted it"), 482 ("went off after I
    //   rubbed it"), 569 and 573 (the carer's own dizzy spell and sleepless
    //   night).
    tuning_split_is_right_except(
        "retired_test16",
        include_str!("corpus/retired_test16.tsv"),
        625,
        &[
            9, 56, 100, 109, 141, 146, 166, 188, 203, 220, 243, 258, 308, 316, 342, 393, 459, 470,
            482, 569, 573,
        ],
    );
}

/// The seventeenth held-out split (622 rows, 2026-11-22: signs played down or hedged,
/// catastrophising about harmless things, high doses for alcohol use disorder, pump refill and
/// alarm stories, sign words in idioms, jokes, quotes, questions, plans and past years), retired
/// after its figures were reported (aeacbae: 88.9/89.1/25; 3a0b661: 92.1/92.1/20; dd43b54:
/// 94.4/94.1/15).
#[test]
fn seventeenth_retired_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason:
    // (156, a cried-wolf safety violation, "I thought the lump on my arm was hives, it's one
    // mosquito bite", came right in session 9.)
    // (569, "refill was meant to be Monday, I forgot, it's now Friday", came right with a refill
    // told as missed across a clause.)
    // - a sign more or less, urgency right: 255 ("usual evening wobble" also read as
    //   dizziness), 303 ("sick after lunch" after "queasy ... then"), 351 ("giddy" as high
    //   spirits), 553 ("keep forgetting where I am" read as confusion, not an altered state).
    // - missed, routine or urgent: 274 ("arms feel weak lifting"),
    //   410 ("every radio and speaker was off"), 464 ("feels hopeless" told by the patient's "says").
    // (494, "asked who the lady in the hall was. There was no lady.", came right when reality
    // checks took in "asked who" and "there was no lady".)
    // - cried wolf, routine: 79 ("How do people tell baclofen dizziness from ...": "people"
    //   is not another person, or "everyone would be better off" would be too), 14 and 82 ("in
    //   2021" said after the subject),
    //   93 ("it's the telly that's blurry"), 98 ("a weak chess player").
    tuning_split_is_right_except(
        "retired_test17",
        include_str!("corpus/retired_test17.tsv"),
        622,
        &[14, 79, 82, 93, 98, 255, 274, 303, 351, 410, 464, 553],
    );
}

/// The eighteenth held-out split (635 rows, 2026-11-22: a balanced mix of every style), retired
/// after its figures were reported (aeacbae: 88.5/89.4/34; 3a0b661: 93.4/93.9/23; dd43b54:
/// 95.3/95.9/15; e0d2df8: 96.2/96.5/13).
#[test]
fn eighteenth_retired_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason:
    // - a sign more or less, urgency right: 5 ("my face went grey" in a fit also read as
    //   breathing), 15 ("bc spasms were awful" before the seizure also read as stiffness and
    //   "awful" nights), 125 ("thinks nurses are in the kitchen").
    // - missed, routine or urgent: 270 (a long note: "raised red blotches", then "No lip
    //   swelling" read over the whole list), 378 ("strain to pass water"), 399 ("systolic in the
    //   low 80s").
    // - cried wolf, routine: 497 (a question with "?"
    //   read as a comma).
    tuning_split_is_right_except(
        "retired_test18",
        include_str!("corpus/retired_test18.tsv"),
        635,
        &[5, 15, 125, 270, 378, 399, 497],
    );
}

/// The nineteenth held-out split (620 rows, first-week users, night notes, family updates and
/// pumps), retired on 2026-11-22 after its last figures were reported (signs 93.9%, urgency 94.4%,
/// 14 safety violations): tuned on from then on.
#[test]
fn nineteenth_retired_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason:
    // - a sign more or less, urgency right: 152 ("woke at 3 and had no idea where I was" also
    //   read as insomnia), 155 ("acting really strange" also read as a mood change).
    // - urgency one step high: 279 ("so tired and weak" read as severe weakness).
    // - cried wolf, routine: 526 ("Tom at work": a capital that opens a sentence is not read as a name), 550 ("felt sick all day from worry").
    tuning_split_is_right_except(
        "retired_test19",
        include_str!("corpus/retired_test19.tsv"),
        620,
        &[152, 155, 279, 526, 550],
    );
}

/// Split 21 (620 rows: signs told by what was seen or done, dose stories in any order), written
/// on 2026-11-22 by a helper from the held-out prompt and measured once before it was read
/// (cb963a6: 91.1/91.8/27; 9e943bd: 91.3/91.9/27), then tuned on.
#[test]
fn twenty_first_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason:
    // - a sign more or less, urgency right: 9 and 556 of split 23 ("twitching" in a fit also read
    //   as tremor), 79 ("calling me by her dead grandad's name"), 380 ("can't go for
    //   a wee or a poo properly": one reading per phrase), 346 ("the telly looks fuzzy" read as
    //   confusion).
    // - urgency one step low: 89 ("doubled up at lunch" is not read as too much when a caregiver
    //   writes "my husband doubled up").
    // - missed, routine or urgent: 138 ("saw bees crawling ... that weren't there": "bees" is an
    //   ordinary cause, for the hives of the garden), 156 ("has to go home, she is home"), 249
    //   ("without knowing how I got there or where I was" after "ended up in the neighbours'
    //   garden"), 276 ("can't stop shaking, hands and knees"), 387 ("keeps asking to go for a
    //   wee, every 15 minutes").
    // - urgency one step high: 266 ("unusually aggressive" read as altered mental state).
    // - cried wolf, routine: 542 (zombies "with their arms limp" in a video game), 576 ("out like
    //   a light by nine after the wedding"), 623 ("the shaking washing machine").
    tuning_split_is_right_except(
        "retired_test21",
        include_str!("corpus/retired_test21.tsv"),
        620,
        &[
            9, 79, 89, 138, 156, 249, 266, 276, 346, 380, 387, 542, 576, 623,
        ],
    );
}

/// Split 22 (627 rows: pump users and people on high doses for alcohol use disorder, long notes
/// and agency handover notes), written on 2026-11-22 by a helper from the held-out prompt and
/// measured once before it was read (cb963a6: 93.6/93.6/20; 9e943bd: 93.8/93.8/19), then tuned on.
#[test]
fn twenty_second_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason:
    // - a sign more or less, urgency right: 11 ("Pump alarm not going, refill was last week"
    //   read as a missed refill beside a fit), 198 ("he says they're not bothering him" read as
    //   a reality check), 292 ("giddy" with "hyper" also read as dizziness), 430 ("peeing all
    //   the time" read as retention).
    // - missed, routine: 283 ("mildly confused at teatime, settled with a cuppa" read as
    //   resolved), 319 ("c/o cramp ... stretched, settled" read as resolved).
    // - cried wolf, routine: 499 ("stopped feeling queasy once I started taking it with toast"),
    //   599 ("hospital notes mention confusion"), 600 (a list of questions after a colon).
    // (675, a cried-wolf safety violation, "the 'rash' was just beetroot juice", came right in
    // session 9 with single words in quote marks.)
    tuning_split_is_right_except(
        "retired_test22",
        include_str!("corpus/retired_test22.tsv"),
        627,
        &[11, 198, 283, 292, 319, 430, 499, 599, 600],
    );
}

/// Split 23 (622 rows: hard none and routine rows, the same words on both sides), written on
/// 2026-11-22 by a helper from the held-out prompt and measured once before it was read
/// (cb963a6: 93.1/93.4/16; 9e943bd: 93.4/93.7/15), then tuned on.
#[test]
fn twenty_third_split_is_right_on_every_row() {
    // Known misses, each still wrong for a stated reason:
    // - a sign more or less, urgency right: 31 ("mum's foggy" alone), 556 ("twitching" in a fit
    //   also read as tremor).
    // - urgency one step low: 33 ("can't even hold his spoon" is not severe weakness, because
    //   "shaking, can't hold a spoon" is a tremor).
    // - missed, routine: 226 ("up and down all night, can't settle"), 236 ("the telly looks
    //   fuzzy, can't focus on it"), 427 ("can't go, straining").
    // - cried wolf, routine: 67 ("could this stuff cause blurred vision?"), 87 (a nickname
    //   "Dizzy"), 94 ("googled '...legs feel weak...'": the quote is more than five words after
    //   "googled"), 153 ("makes me feel faint, but that's not a symptom"), 228 ("anxious she'll
    //   get the shakes" read as a mood change), 306 ("my carer's been itchy"), 386 (a question
    //   "would a low blood pressure reading explain ..."), 445 ("Watched Vertigo").
    tuning_split_is_right_except(
        "retired_test23",
        include_str!("corpus/retired_test23.tsv"),
        622,
        &[
            31, 33, 67, 87, 94, 153, 226, 228, 236, 306, 386, 427, 445, 556,
        ],
    );
}

/// Split 26 (633 rows, 2026-11-22): emergencies and urgent signs that are easy to miss (35%
/// emergency). First measured on the session-9 start (8d1372a): 90.5/90.2/34 (5 none raised, 29
/// emergencies below urgent).
#[test]
fn twenty_sixth_split_is_right_on_every_row() {
    // Known misses at the end of session 9, each named by the wording the engine reads wrong:
    // - missed, urgent: 243 ("she's seeing water pouring down the walls and asked ..."); 250
    //  ("my son told his teacher there were spiders coming ...").
    // - urgency one step low: 197 ("we switched
    //  Sam to the Fleqsuvy and I gave ..."); 220 ("pump alarming, no idea what kind, sounds
    //  different from ...").
    // - urgency too high: 394 ("since the pharmacy ran out mum's said a couple ...").
    // - cried wolf, routine: 596 ("the carer before me had a headache and went ...").
    // - urgency right, a sign more or less: 11 ("think i had a seizure?? lost about 5 mins,
    //  ..."); 30 ("Missed doses all week while I was away with ..."); 55 ("Mum's been hard to
    //  wake all morning. She opens ..."); 174 ("Dad stopped his baclofen last week because he
    //  thought ..."); 179 ("We forgot to reorder and Sam's been without since ..."); 193 ("Took
    //  my tablets twice by accident. Can't stand, can't ..."); 370 ("Sam skipped his tablets
    //  for 2 days because he ..."); 444 ("so drowsy and foggy I put the milk in ...").
    tuning_split_is_right_except(
        "retired_test26",
        include_str!("corpus/retired_test26.tsv"),
        633,
        &[
            11, 30, 55, 174, 179, 193, 197, 220, 243, 250, 370, 394, 444, 596,
        ],
    );
}

/// Split 28 (620 rows, 2026-11-22): a balanced mix written by non-native English speakers and
/// US writers. First measured on the session-9 start (8d1372a): 94.2/94.4/9 (6 none raised, 3
/// emergencies below urgent).
#[test]
fn twenty_eighth_split_is_right_on_every_row() {
    // Known misses at the end of session 9, each named by the wording the engine reads wrong:
    // - missed, urgent: 403 ("my legs are stiff like usual although I missed ..."); 408 ("her
    //  arms are stiff as usual, she missed the ..."); 484 ("They missed a dose at the respite
    //  centre but ..."); 605 ("This morning I drove to my old job, the ..."); 624 ("missed my
    //  meds for 2 days because of the ...").
    // - missed, routine: 256 ("lightheaded in the shower this morning, sat on the ..."); 294
    //  ("she had to wee four times during the movie, ..."); 307 ("everything is fuzzy at the
    //  edges, like looking through ..."); 320 ("dad gets his words mixed up since the dose
    //  ..."); 599 ("Long drive to my sister in Ohio yesterday. Had ...").
    // - urgency one step low: 447 ("my tablets won't last till thursday so I skipped ...").
    // - urgency too high: 360 ("feel like a wet rag, no power for nothing ..."); 376 ("my son
    //  gets lost in his own sentences today, ..."); 455 ("Replacement due alarm on my pump
    //  today, the battery ...").
    // - cried wolf, routine: 7 ("didnt sleep bad last night for once, no cramps ..."); 68 ("I
    //  am afraid to become constipated again with the ..."); 74 ("Maybe I will be sleepy
    //  tomorrow with the new ..."); 108 ("Insomnia was bad in January but now I sleep ...");
    //  111 ("The headache is finish now, I am ok."); 143 ("learning English words for the
    //  doctor: dizziness, nausea, constipation. ..."); 182 ("Couldn't sleep at all, worrying
    //  about the pump surgery. ..."); 197 ("Me, not Sam: constipated from the hospital food.
    //  He's ..."); 244 ("The paperwork for mum's pump is giving me a ...").
    // - urgency right, a sign more or less: 492 ("I think I had a small fit in the ...").
    tuning_split_is_right_except(
        "retired_test28",
        include_str!("corpus/retired_test28.tsv"),
        620,
        &[
            7, 68, 74, 108, 111, 143, 182, 197, 244, 256, 294, 307, 320, 360, 376, 403, 408, 447,
            455, 484, 492, 599, 605, 624,
        ],
    );
}

/// Split 27 (624 rows, 2026-11-22): hard none rows and routine rows (55% none). First measured
/// on the session-9 start (8d1372a): 92.1/92.1/17 (16 none raised, 1 emergency below urgent);
/// after tuning on splits 26 and 28: 92.1/92.1/16.
#[test]
fn twenty_seventh_split_is_right_on_every_row() {
    // Known misses at the end of session 9, each named by the wording the engine reads wrong:
    // - missed, routine: 369 ("head swimming and unsteady on my feet, like I've ..."); 401
    //  ("wee wee wee, can't get through a film without ..."); 407 ("her bladder scan showed
    //  400ml left after she went, ..."); 416 ("the telly looks blurry, can't make out the
    //  faces"); 500 ("back and forth to the loo all afternoon, must ...").
    // - cried wolf, urgent: 205 ("The nurse showed a video of a man whose ...").
    // - cried wolf, routine: 63 ("work drama is giving me a headache lol, figuratively, ..."); 84 ("Was sure I'd be
    //  sick on the ferry but ..."); 110 ("For Dr K: is it safe to take ibuprofen ..."); 143 ("My cat is called Dizzy.
    //  Dizzy knocked my tablets ..."); 154 ("Throwback to 2015, the week I threw up every
    //  ..."); 193
    //  ("Tried the Vertigo ride at the fair with the ..."); 194 ("The shakes in that video
    //  about alcohol withdrawal were ..."); 203 ("On the cruise the captain announced rough
    //  seas and ..."); 211 ("Headache tablets, anti-sickness, constipation sachets: the holiday
    //  first-aid bag ..."); 215 ("Fall asleep watching the darts? Nope, stayed up for ...");
    //  228 ("Pins and needles? Only in the knitting basket. Legs ..."); 281 ("Sam's got itchy
    //  feet, wants to book a week ..."); 295 ("Fully expected dad to be up all night after
    //  ..."); 305 ("The agency carer mentioned she gets migraines; I said ..."); 327 ("Mum's
    //  audiobook is about a detective with vertigo, she ..."); 330 ("Difficult week for me: bad
    //  back, migraine, hardly any ..."); 334 ("Mum's gone to the Shake Rattle and Roll dance
    //  ...").
    // - urgency right, a sign more or less: 351 ("zombie mode: sleepy after every dose and
    //  wiped out ...").
    tuning_split_is_right_except(
        "retired_test27",
        include_str!("corpus/retired_test27.tsv"),
        624,
        &[
            63, 84, 110, 143, 154, 193, 194, 203, 205, 211, 215, 228, 281, 295, 305, 327, 330, 334,
            351, 369, 401, 407, 416, 500,
        ],
    );
}

/// Split 29 (620 rows, 2026-11-22): high doses for alcohol use disorder and intrathecal pumps,
/// with as many ordinary MS and spinal cord injury notes. First measured on the session-9 start
/// (8d1372a): 95.6/96.5/7 (4 none raised, 3 emergencies below urgent); after tuning on splits 26
/// and 28: 95.8/96.6/6.
#[test]
fn twenty_ninth_split_is_right_on_every_row() {
    // Known misses at the end of session 9, each named by the wording the engine reads wrong:
    // - missed, routine: 285 ("totally scatterbrained today, mixed up my PIN twice, 4 ...");
    //  333 ("he had four cans on top of his 120 ...").
    // - cried wolf, routine: 188 ("they x-rayed his catheter because the dose seemed weak,
    //  ..."); 196 ("my wife laughed so hard at the wedding speech ...").
    // - urgency right, a sign more or less: 268 ("foggy and exhausted, 150mg a day is a lot");
    //  279 ("light-headed standing up, home cuff reads 86/52"); 376 ("everything feels
    //  pointless, dragging myself through the days. 90 ..."); 467 ("Sam is agitated and sees
    //  faces in the wallpaper"); 507 ("took three days' worth by mistake, limp and vomiting");
    //  523 ("ran out on Monday, 39 degrees and I keep ..."); 623 ("Bad night. Drank most of a
    //  bottle of vodka ...").
    tuning_split_is_right_except(
        "retired_test29",
        include_str!("corpus/retired_test29.tsv"),
        620,
        &[188, 196, 268, 279, 285, 333, 376, 467, 507, 523, 623],
    );
}

/// Split 30 (620 rows, 2026-11-22): long forum posts in the seed-001 voices, formal older
/// writers, night notes of carers. First measured on the session-9 start (8d1372a): 92.6/93.7/12
/// (4 none raised, 8 emergencies below urgent); after tuning on splits 26 and 28: 92.7/93.9/12.
#[test]
fn thirtieth_split_is_right_on_every_row() {
    // Known misses at the end of session 9, each named by the wording the engine reads wrong:
    // - missed, urgent: 185 ("my wife says
    //  I went out to the shop ...").
    // - missed, routine: 31 ("I find that I am obliged to pass water ..."); 326 ("Sam's blood
    //  pressure ninety over fifty-five this morning, the ..."); 527 ("arms feel weak lifting
    //  the kettle").
    // - urgency one step low: 245 ("ERI
    //  alarm AND another one I don't know, pump ..."); 500 ("Long night. Sam couldn't pass
    //  urine from teatime, district ...").
    // - cried wolf, routine: 347 ("the app has a button for logging dizziness, neat"); 380
    //  ("whoever said baclofen makes you a zombie never met ..."); 570 ("I collect old medical posters, got one
    //  about 'the ..."); 575 ("felt faint in the chemist queue, I'd skipped lunch; ...").
    // - urgency right, a sign more or less: 148 ("Night note, 23:40, writing because I can't
    //  settle. My ..."); 154 ("Mum's tablets ran out on Saturday, no repeat issued. ..."); 179
    //  ("He's been awake most nights, and the rigidity in ..."); 313 ("Night note 22:50. Sam
    //  drowsy since 8, a bit ..."); 331 ("i hate the doctors who keep saying 'its just ...");
    //  348 ("OK so week 2 on baclofen. Day 1 zombie. ..."); 378 ("Long one, sorry. On baclofen
    //  for alcohol, 150mg a ..."); 381 ("Sam had a fit at 3am, arms and legs ..."); 396 ("Dad
    //  is limp as a wet flannel and hasn't ..."); 446 ("Sam is not only tired but dizzy
    //  today"); 448 ("Started at 5mg 3x day, now 20mg 3x. Week ..."); 456 ("awake 3 nights
    //  straight and now hearing whispering in ..."); 472 ("US pharmacy rant: insurance needed a
    //  'prior authorization' for ..."); 480 ("Night note 04:20. Neither of us has slept. My
    //  ..."); 528 ("I've read every post on here and nobody says ..."); 537 ("Night note 00:45
    //  for the MS nurse visit on ..."); 543 ("Rant incoming. Waited 40 minutes at the pharmacy
    //  for ..."); 578 ("Night
    //  note, 01:50, waiting for the ambulance. Mum's repeat ...").
    tuning_split_is_right_except(
        "retired_test30",
        include_str!("corpus/retired_test30.tsv"),
        620,
        &[
            31, 148, 154, 179, 185, 245, 313, 326, 331, 347, 348, 378, 380, 381, 396, 446, 448,
            456, 472, 480, 500, 527, 528, 537, 543, 570, 575, 578,
        ],
    );
}

/// Split 37 (632 rows, 2026-11-22): hard none rows (49% none), mostly caregivers writing about
/// themselves, other residents, siblings, pets and visitors in the same note as the patient. First
/// measured on the session-10 start (0b5e942): 94.6/95.7/10 (10 none raised, 0 emergencies
/// below urgent), and the same on the engine of that moment; 2 violations left after tuning.
#[test]
fn thirty_seventh_split_is_right_on_every_row() {
    // Known misses at the end of session 10, each named by the wording the engine reads wrong:
    // - missed, urgent: 384 ("Dad's completely disorientated this evening, kept trying to catch
    //  ..."); 417 ("Missed three doses while I was away, cramping all ..."); 442 ("Stiff as
    //  usual in my legs, even though I ...").
    // - missed, routine: 270 ("Dad hasn't been for four days now, poor man's ..."); 300 ("Five
    //  trips to the toilet overnight for Sam, on ..."); 308 ("Nothing for three days, she's
    //  uncomfortable and bloated. I've ..."); 321 ("Side-effect list for the clinic: dry mouth
    //  most days, ...").
    // - urgency one step low: 436 ("He was a bit sick after taking his tablets ...").
    // - urgency too high: 297 ("Dad kept calling me by my brother's name today ...").
    // - cried wolf, urgent: 108
    //  ("The pump's low reservoir alarm went off at the ...").
    // - cried wolf, routine: 37 ("Bad night for me, awake till 4 with my ..."); 73 ("Jo in room
    //  6 had low blood pressure and ..."); 92 ("Is blurred vision a reason to ring? The leaflet
    //  ..."); 161 ("Had a podcast on about sleep disorders and insomnia ..."); 245 ("He might
    //  be constipated if he skips the prunes, ..."); 256 ("Jenny, the night nurse, told me she
    //  gets migraines ..."); 259 ("Dizzy, light-headed, nauseous: that was me on the boat
    //  ..."); 609 ("Sam's physio made the rest of us feel weak ...").
    // - urgency right, a sign more or less: 399 ("Red blotchy rash spreading up Mum's arms
    //  since the ..."); 449 ("Mum is muddled and doesn't know where she is, ..."); 459 ("Low
    //  reservoir alarm went off on Sam's pump during ..."); 472 ("I think Sam might have had a
    //  small seizure, ..."); 559 ("Doubled up my evening dose and I've been feeling ..."); 569
    //  ("My wife's arms are a bit weak lifting the ..."); 571 ("Mum's thirsty, mouth dry, and
    //  in and out of ..."); 578 ("Sam's got a headache and says his eyes have ...").
    tuning_split_is_right_except(
        "retired_test37",
        include_str!("corpus/retired_test37.tsv"),
        632,
        &[
            37, 73, 92, 108, 161, 245, 256, 259, 270, 297, 300, 308, 321, 384, 399, 417, 436, 442,
            449, 459, 472, 559, 569, 571, 578, 609,
        ],
    );
}

/// Split 32 (626 rows after dropping duplicates of tuning rows), care-home handovers and carers' texts in shorthand, written on
/// 2026-11-22 by someone who read neither the engine nor the other splits; measured unread at
/// first contact: 0b5e942 94.1/94.4/7, d0ac972 94.2/94.6/7; tuned on in session 11.
#[test]
fn thirty_second_split_is_right_on_every_row() {
    // Known misses at the end of session 11, each named by the wording the engine reads wrong:
    // - missed, urgent: 347 ("night staff: pt Sam reporting spiders on the wall, ..."); 403
    //  ("handover: low reservoir alarm on Sam's pump at 06:10, ..."); 420 ("handover: Sam's
    //  baclofen not given 08:00 or 14:00 (stock ...").
    // - missed, routine: 241 ("Sam vomited x1 after lunch, small amount, settled after, ...");
    //  256 ("struggling to go, hard stools, its the baclofen i ..."); 297 ("Sam a bit muddled
    //  this pm, lost the thread ..."); 309 ("mum in and out of the loo all afternoon, ...");
    //  311 ("shaking hands this morning, couldn't do my buttons"); 317 ("dad confused about
    //  which tablets he's had, muddled about ..."); 326 ("she can't stop shaking her hands this
    //  evening, noticed ..."); 337 ("text to Mike: Sam was sick once after dinner, ..."); 586
    //  ("eyes blurry after the lunch dose, cleared by teatime"); 590 ("arms feel weak lifting
    //  the kettle, still managing").
    // - urgency one step low: 421 ("ran out, 2 days no meds, cant sleep for ..."); 504 ("my
    //  wife says after missing 2 days of doses ...").
    // - cried wolf, routine: 118 ("the itching I had last week after the refill ..."); 123 ("can't sleep? me? never,
    //  out like a light every ..."); 145 ("the shaky handwriting in my diary is just the ...");
    //  ; 172 ("dad says the tea here is
    //  killing him it's ..."); 215 ("Sam mentioned feeling wobbly yesterday, today steady on
    //  his ...").
    // - urgency right, a sign more or less: 285 ("jittery hands and so tired, didn't sleep much
    //  with ..."); 395 ("cramping up all night after missing the evening and ..."); 454 ("I
    //  think dad had a small fit just now, ...").
    tuning_split_is_right_except(
        "retired_test32",
        include_str!("corpus/retired_test32.tsv"),
        626,
        &[
            118, 123, 145, 172, 215, 241, 256, 285, 297, 309, 311, 317, 326, 337, 347, 395, 403,
            420, 421, 454, 504, 586, 590,
        ],
    );
}

/// Split 33 (620 rows after dropping duplicates of tuning rows), emergencies easy to miss, about a third of rows emergencies, written on
/// 2026-11-22 by someone who read neither the engine nor the other splits; measured unread at
/// first contact: 0b5e942 89.4/88.5/44 (41 emergencies below urgent), d0ac972 89.4/88.5/43 (40); tuned on in session 11.
#[test]
fn thirty_third_split_is_right_on_every_row() {
    // Known misses at the end of session 11, each named by the wording the engine reads wrong:
    // - missed, emergency: 43 ("stockpiled a month of baclofen in a sock, I ..."); 147 ("I've been planning my own funeral and
    //  not in ..."); 148 ("I cut my arms this week, did it myself, ..."); 166 ("my wife says
    //  her pump is making the noise ..."); 588 ("been saving up my tablets, and not for the
    //  ...").
    // - missed, urgent: 204 ("woke my wife screaming that there were bugs crawling ..."); 282
    //  ("our neighbour found my husband in his pyjamas at ..."); 303 ("my grandson had to lift
    //  me, arms and legs ..."); 608 ("ended up in the neighbour's kitchen thinking it was
    //  ...").
    // - missed, routine: 396 ("mum's arms feel weak lifting the kettle"); 416 ("back and forth
    //  to the toilet to wee all ...").
    // - urgency two steps low: 591 ("my 7 year old filled my pill organiser for ...").
    // - urgency one step low: 156 ("the chemist gave mum half her usual supply by ..."); 194
    //  ("Moved house on Friday and the box with my ..."); 195 ("New pharmacy this month. The
    //  label says 25mg/5ml and ..."); 273 ("Sam's low and can't sleep, lying awake till 4").
    // - cried wolf, routine: 532 ("thought I was getting a headache but it never ...").
    // - urgency right, a sign more or less: 47 ("Sam's been low for weeks and today said she
    //  ..."); 139 ("i lost consciousness mid-sentence at dinner, my kids thought ..."); 275
    //  ("dad's confused and didn't know he was in his ..."); 324 ("Sam's been off the tablets
    //  since friday, shaking hands ..."); 394 ("she's irritable then giddy, mood all over the
    //  place"); 414 ("cant focus on my phone screen, words all smudgy").
    tuning_split_is_right_except(
        "retired_test33",
        include_str!("corpus/retired_test33.tsv"),
        620,
        &[
            43, 47, 139, 147, 148, 156, 166, 194, 195, 204, 273, 275, 282, 303, 324, 394, 396, 414,
            416, 532, 588, 591, 608,
        ],
    );
}

/// Split 35 (629 rows after dropping duplicates of tuning rows), dose stories, half of them caregivers', written on
/// 2026-11-22 by someone who read neither the engine nor the other splits; measured unread at
/// first contact: 0b5e942 and d0ac972 96.2/96.0/7; tuned on in session 11.
#[test]
fn thirty_fifth_split_is_right_on_every_row() {
    // Known misses at the end of session 11, each named by the wording the engine reads wrong:
    // - missed, urgent: 157 ("Dad woke up not knowing where he was and ...").
    // - missed, routine: 384 ("Three weeks on 20mg three times a day now. ...").
    // - urgency one step low: 118 ("raised myself from 100 to 180 mg for the ..."); 122 ("my
    //  son measured 15ml instead of 5ml of his ...").
    // - urgency too high: 327 ("my wife feels a bit sick on an empty ...").
    // - cried wolf, routine: 584 ("the price of
    //  baclofen makes me want to throw ..."); 590 ("went weak at the knees when the consultant
    //  said ..."); 615 ("she was vomiting last week with norovirus, it's been ...").
    // - urgency right, a sign more or less: 26 ("couldn't wake Sam up this morning, shouting
    //  his name ..."); 62 ("my daughter said she wants to hurt herself, she's ..."); 120 ("Sam
    //  took a handful extra last night and this ..."); 130 ("Doubled her dose at lunch by
    //  mistake. Mum was ..."); 160 ("my wife was foggy in the morning and by ..."); 390 ("BP
    //  ninety over sixty at the pharmacy check, legs ...").
    tuning_split_is_right_except(
        "retired_test35",
        include_str!("corpus/retired_test35.tsv"),
        629,
        &[
            26, 62, 118, 120, 122, 130, 157, 160, 327, 384, 390, 584, 590, 615,
        ],
    );
}

/// Split 36 (613 rows after dropping duplicates of tuning rows), emergencies told by frightened or exhausted writers, written on
/// 2026-11-22 by someone who read neither the engine nor the other splits; measured unread at
/// first contact: 0b5e942 90.9/92.2/25 (21 emergencies below urgent), d0ac972 90.7/92.0/26 (22); tuned on in session 11.
#[test]
fn thirty_sixth_split_is_right_on_every_row() {
    // Known misses at the end of session 11, each named by the wording the engine reads wrong:
    // - missed, emergency: 34 ("911 dispatcher told me to check if she responds ...").
    // - missed, urgent: 165 ("ran out on the trip, maybe not sure where ..."); 166 ("Sam's
    //  pharmacy had none, I think he's seeing people ..."); 170 ("little black shapes running
    //  along the skirting board again, ..."); 193 ("the school said Sam wandered off and didn't
    //  know ..."); 268 ("there's a dog under my desk at work. there ...").
    // - missed, routine: 336 ("took 10 minutes to get a wee out this ...").
    // - urgency one step low: 100 ("forgot to reorder, 36 hrs without, muscles clamped so
    //  ..."); 176 ("dozy all afternoon and when I opened my eyes ...").
    // - urgency too high: 163 ("hospital forgot my baclofen for two days. slightly hot, ...").
    // - cried wolf, urgent: 494 ("felt hopeless for the first fortnight, back cycling now
    //  ...").
    // - cried wolf, routine: 450 ("dad's staying in a sleepy little village for his ..."); 453
    //  ("the new job is a headache, the legs are ..."); 602 ("the leaflet lists dry mouth,
    //  blurred vision and constipation, ...").
    // - urgency right, a sign more or less: 101 ("pump refill got missed. my husband's legs are
    //  like ..."); 194 ("dad very confused this afternoon and kept asking which ..."); 290
    //  ("queasy all day and finally sick at teatime"); 342 ("my son says the board at school
    //  looks fuzzy ..."); 517 ("the child minder says my daughter had a fit ..."); 554 ("so
    //  drowsy after the 1pm dose and then I ..."); 556 ("had a fit in my sleep, wife says, woke
    //  ..."); 558 ("low for weeks and today I looked up how ..."); 559 ("hospital didn't give
    //  me my baclofen for 3 days ..."); 562 ("took 60mg in one go by mistake (misread the
    //  ..."); 586 ("can't lift my legs off the bed at all ...").
    tuning_split_is_right_except(
        "retired_test36",
        include_str!("corpus/retired_test36.tsv"),
        613,
        &[
            34, 100, 101, 163, 165, 166, 170, 176, 193, 194, 268, 290, 336, 342, 450, 453, 494,
            517, 554, 556, 558, 559, 562, 586, 602,
        ],
    );
}

#[test]
fn parse_rejects_malformed_rows_by_line_number_only() {
    let e = parse("# c\nseizure\temergency\tself\n").err().unwrap();
    assert_eq!(e, "line 2: expected 4 tab-separated columns");
    let e = parse("seizure\tsoon\tself\tx\n").err().unwrap();
    assert_eq!(e, "line 1: bad urgency");
    let e = parse("-\tnone\tnurse\tx\n").err().unwrap();
    assert_eq!(e, "line 1: writer must be self or caregiver");
}
