//! The diary file: pragmas, STRICT tables, migrations, undo, DST, and parser robustness.

use chrono::{DateTime, Duration, FixedOffset, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use dosediary::domain::{Amount, EntryKind, NewEntry, NewRegimen, parse_when};
use dosediary::store::{EntryEdit, Store, StoreError, schema};
use proptest::prelude::*;
use rusqlite::Connection;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}
fn now() -> DateTime<Utc> {
    t("2026-11-20T12:00:00+01:00").with_timezone(&Utc)
}
fn dose(at: &str, mg: u64) -> NewEntry {
    NewEntry {
        at: t(at),
        kind: EntryKind::Dose {
            amount_mcg: Amount::from_mg(mg),
            skipped: false,
            as_needed: false,
        },
        note: None,
    }
}

#[test]
fn pragmas_and_strict_tables() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("d.sqlite3");
    let mut st = Store::open(&p).unwrap();
    st.insert(&dose("2026-11-20T08:00:00+01:00", 10), now())
        .unwrap();
    let c = st.connection();
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    let fk: i64 = c
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    // Every table is STRICT.
    let mut stmt = c
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        .unwrap();
    let tables: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(tables.len() >= 4);
    for (name, sql) in &tables {
        assert!(sql.trim_end().ends_with("STRICT"), "{name} is not STRICT");
    }
    // Readable rows: integer micrograms and UTC text with the offset beside it.
    let (amount, at, off): (i64, String, i64) = c
        .query_row(
            "SELECT amount_mcg, taken_at_utc, utc_offset_min FROM entries",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (amount, at.as_str(), off),
        (10_000, "2026-11-20T07:00:00Z", 60)
    );
    // STRICT and CHECK refuse nonsense written behind the app's back.
    assert!(c.execute("INSERT INTO entries (uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, amount_mcg) VALUES ('x','dose','t',0,'t','ten')", []).is_err());
    assert!(c.execute("INSERT INTO entries (uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, severity, text) VALUES ('y','symptom','t',0,'t',11,'a')", []).is_err());
}

#[test]
fn range_queries_use_the_time_index() {
    let d = tempfile::tempdir().unwrap();
    let st = Store::open(&d.path().join("d.sqlite3")).unwrap();
    let plan: Vec<String> = st
        .connection()
        .prepare("EXPLAIN QUERY PLAN SELECT id FROM entries WHERE taken_at_utc >= ?1 AND taken_at_utc < ?2 AND deleted_at_utc IS NULL ORDER BY taken_at_utc, id")
        .unwrap()
        .query_map(["a", "b"], |r| r.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        plan.iter().any(|l| l.contains("entries_by_time")),
        "{plan:?}"
    );
}

#[test]
fn migrates_a_file_made_by_the_first_schema_keeping_every_entry() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("old.sqlite3");
    {
        let mut c = Connection::open(&p).unwrap();
        schema::migrations().to_version(&mut c, 1).unwrap();
        c.execute(
            "INSERT INTO entries (uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, amount_mcg) VALUES ('old-1','dose','2025-01-02T07:00:00Z',60,'2025-01-02T07:01:00Z',15000)",
            [],
        )
        .unwrap();
        c.execute(
            "INSERT INTO entries (uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, text, severity) VALUES ('old-2','symptom','2025-01-02T09:00:00Z',60,'2025-01-02T09:00:00Z','dizzy',3)",
            [],
        )
        .unwrap();
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1);
    }
    let mut st = Store::open(&p).unwrap();
    assert_eq!(st.schema_version().unwrap(), schema::latest_version());
    let all = st.all_entries().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].uid, "old-1");
    assert_eq!(
        all[0].kind,
        EntryKind::Dose {
            amount_mcg: Amount::from_mg(15),
            skipped: false,
            as_needed: false
        }
    );
    assert_eq!(all[0].at.to_rfc3339(), "2025-01-02T08:00:00+01:00");
    // The new tables work: undo journal and acknowledgements.
    st.insert(&dose("2026-11-20T08:00:00+01:00", 10), now())
        .unwrap();
    assert!(st.undo(now()).unwrap().is_some());
    st.acknowledge("k", now()).unwrap();
    assert!(st.acknowledged().unwrap().contains("k"));
}

#[test]
fn migrates_a_schema_2_diary_keeping_its_undo_journal() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("v2.sqlite3");
    {
        let mut c = Connection::open(&p).unwrap();
        schema::migrations().to_version(&mut c, 2).unwrap();
        c.execute_batch(
            "INSERT INTO entries (uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, amount_mcg) VALUES ('v2-1','dose','2026-11-19T07:00:00Z',60,'2026-11-19T07:00:00Z',10000);
             INSERT INTO entries (uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, amount_mcg) VALUES ('v2-2','dose','2026-11-19T13:00:00Z',60,'2026-11-19T13:00:00Z',10000);
             INSERT INTO changes (at_utc, action, entry_id) VALUES ('2026-11-19T07:00:00Z','insert',1);
             INSERT INTO changes (at_utc, action, entry_id) VALUES ('2026-11-19T13:00:00Z','insert',2);
             INSERT INTO acknowledged_flags VALUES ('some|key|', '2026-11-19T13:00:00Z');",
        )
        .unwrap();
    }
    let mut st = Store::open(&p).unwrap();
    assert_eq!(st.schema_version().unwrap(), schema::latest_version());
    assert_eq!(st.all_entries().unwrap().len(), 2);
    assert!(st.acknowledged().unwrap().contains("some|key|"));
    // The journal survived the rebuild of its table: the next undo removes the 13:00 dose.
    let u = st.undo(now()).unwrap().unwrap();
    assert!(u.description.contains("dose 10 mg"), "{}", u.description);
    let left = st.all_entries().unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].uid, "v2-1");
    // Supply is journalled too: undo withdraws it.
    let s = dosediary::domain::NewSupply {
        kind: dosediary::domain::SupplyKind::Add,
        at: chrono::DateTime::parse_from_rfc3339("2026-11-20T08:00:00+01:00").unwrap(),
        tablets: 90,
        strength_mcg: Amount::from_mg(10),
        note: None,
    };
    st.add_supply(&s, now()).unwrap();
    assert_eq!(st.supply_events().unwrap().len(), 1);
    let u = st.undo(now()).unwrap().unwrap();
    assert!(
        u.description.contains("90 tablets of 10 mg"),
        "{}",
        u.description
    );
    assert!(st.supply_events().unwrap().is_empty());
    // The foreign keys of the rebuilt table still hold.
    let fk: i64 = st
        .connection()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
}

#[test]
fn migrates_a_schema_3_diary_to_ratings_keeping_ids_journal_and_deleted_rows() {
    use dosediary::domain::RatingScale;
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("v3.sqlite3");
    {
        let mut c = Connection::open(&p).unwrap();
        c.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
        schema::migrations().to_version(&mut c, 3).unwrap();
        c.execute_batch(
            "INSERT INTO entries (uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, amount_mcg) VALUES ('v3-1','dose','2026-11-19T07:00:00Z',60,'2026-11-19T07:00:00Z',10000);
             INSERT INTO entries (uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, text, severity, drowsiness_rating, note) VALUES ('v3-2','symptom','2026-11-19T09:00:00Z',60,'2026-11-19T09:00:00Z','drowsiness',6,1,'after lunch');
             INSERT INTO entries (uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, text, deleted_at_utc) VALUES ('v3-3','intake','2026-11-19T19:00:00Z',60,'2026-11-19T19:00:00Z','2 beers','2026-11-19T19:05:00Z');
             INSERT INTO changes (at_utc, action, entry_id) VALUES ('2026-11-19T07:00:00Z','insert',1);
             INSERT INTO changes (at_utc, action, entry_id) VALUES ('2026-11-19T09:00:00Z','insert',2);
             INSERT INTO changes (at_utc, action, entry_id) VALUES ('2026-11-19T19:00:00Z','insert',3);
             INSERT INTO changes (at_utc, action, entry_id) VALUES ('2026-11-19T19:05:00Z','delete',3);",
        )
        .unwrap();
    }
    let mut st = Store::open(&p).unwrap();
    assert_eq!(st.schema_version().unwrap(), schema::latest_version());
    let all = st.all_entries().unwrap();
    assert_eq!(all.len(), 2, "the deleted intake stays deleted");
    assert_eq!((all[0].id, all[0].uid.as_str()), (1, "v3-1"));
    assert_eq!((all[1].id, all[1].uid.as_str()), (2, "v3-2"));
    assert_eq!(all[1].kind.drowsiness(), Some(6));
    assert_eq!(all[1].note.as_deref(), Some("after lunch"));
    // The journal still points at the same rows: undoing the delete brings the intake back.
    let u = st.undo(now()).unwrap().unwrap();
    assert!(u.description.contains("2 beers"), "{}", u.description);
    assert_eq!(st.all_entries().unwrap().len(), 3);
    // Ratings are stored and read back on their scales.
    for (scale, value) in [(RatingScale::Spasticity, 7), (RatingScale::Spasms, 4)] {
        let e = st
            .insert(
                &NewEntry {
                    at: t("2026-11-19T22:00:00+01:00"),
                    kind: EntryKind::Rating { scale, value },
                    note: None,
                },
                now(),
            )
            .unwrap();
        assert_eq!(e.kind, EntryKind::Rating { scale, value });
        assert_eq!(
            st.entry(e.id).unwrap().unwrap().kind.rating(scale),
            Some(value)
        );
    }
    // The table itself refuses a spasm rating above 4 and a rating without a scale.
    let c = st.connection();
    assert!(c.execute("INSERT INTO entries (uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, text, severity) VALUES ('x','rating','2026-11-19T22:00:00Z',60,'2026-11-19T22:00:00Z','spasms',5)", []).is_err());
    assert!(c.execute("INSERT INTO entries (uid, kind, taken_at_utc, utc_offset_min, recorded_at_utc, text, severity) VALUES ('y','rating','2026-11-19T22:00:00Z',60,'2026-11-19T22:00:00Z','mood',5)", []).is_err());
    let fk: i64 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    let idx: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'entries_by_time'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(idx, 1);
}

#[test]
fn a_newer_schema_is_refused_not_downgraded() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("new.sqlite3");
    drop(Store::open(&p).unwrap());
    {
        let c = Connection::open(&p).unwrap();
        c.execute_batch("PRAGMA user_version = 99;").unwrap();
    }
    match Store::open(&p) {
        Err(e @ StoreError::NewerSchema { found: 99, .. }) => {
            assert!(e.to_string().contains("newer dosediary"))
        }
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("opened a newer schema"),
    }
    let c = Connection::open(&p).unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 99, "left untouched");
}

#[test]
fn an_sqlite_file_of_another_program_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("other.sqlite3");
    Connection::open(&p)
        .unwrap()
        .execute_batch("CREATE TABLE photos (id INTEGER);")
        .unwrap();
    assert!(matches!(
        Store::open(&p),
        Err(StoreError::ForeignDatabase(_))
    ));
}

#[test]
fn edits_keep_recording_time_and_undo_is_several_levels_deep_across_reopen() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("d.sqlite3");
    let rec = now() - Duration::hours(3);
    {
        let mut st = Store::open(&p).unwrap();
        let e = st
            .insert(&dose("2026-11-20T08:00:00+01:00", 10), rec)
            .unwrap();
        let edited = st
            .edit(
                e.id,
                &EntryEdit {
                    at: t("2026-11-20T08:30:00+01:00"),
                    kind: EntryKind::Dose {
                        amount_mcg: Amount::from_mg(15),
                        skipped: false,
                        as_needed: false,
                    },
                    note: Some("late".into()),
                },
                now(),
            )
            .unwrap();
        assert_eq!(edited.recorded_at, rec);
        assert_eq!(edited.edited_at, Some(now()));
        st.insert(&dose("2026-11-20T11:00:00+01:00", 10), now())
            .unwrap();
        st.delete(e.id, now()).unwrap();
        assert_eq!(st.all_entries().unwrap().len(), 1);
    }
    let mut st = Store::open(&p).unwrap();
    assert!(
        st.undo(now())
            .unwrap()
            .unwrap()
            .description
            .contains("brought back")
    );
    assert_eq!(st.all_entries().unwrap().len(), 2);
    assert!(
        st.undo(now())
            .unwrap()
            .unwrap()
            .description
            .contains("removed")
    );
    assert!(
        st.undo(now())
            .unwrap()
            .unwrap()
            .description
            .contains("before the edit")
    );
    let e = &st.all_entries().unwrap()[0];
    assert_eq!(e.kind.taken(), Amount::from_mg(10));
    assert_eq!(e.at, t("2026-11-20T08:00:00+01:00"));
    assert_eq!(e.recorded_at, rec);
    assert!(st.undo(now()).unwrap().is_some());
    assert!(st.all_entries().unwrap().is_empty());
    assert!(st.undo(now()).unwrap().is_none());
}

#[test]
fn regimen_history_is_never_overwritten() {
    let d = tempfile::tempdir().unwrap();
    let mut st = Store::open(&d.path().join("d.sqlite3")).unwrap();
    let r = |from: &str, mg: u64| NewRegimen {
        effective_from: t(from),
        dose_mcg: Amount::from_mg(mg),
        times: vec![NaiveTime::from_hms_opt(8, 0, 0).unwrap()],
        max_daily_mcg: Amount::from_mg(80),
        kidney_impairment: false,
        planned_taper: false,
        doses_mcg: Vec::new(),
        prescribed_above_label: false,
        as_needed: None,
    };
    st.set_regimen(&r("2026-10-01T00:00:00+02:00", 10), now())
        .unwrap();
    st.set_regimen(&r("2026-11-01T00:00:00+01:00", 20), now())
        .unwrap();
    let all = st.regimens().unwrap();
    assert_eq!(all.len(), 2);
    let oct =
        dosediary::safety::regimen_at(&all, t("2026-10-15T12:00:00+02:00").with_timezone(&Utc))
            .unwrap();
    assert_eq!(oct.dose_mcg, Amount::from_mg(10));
    let nov = dosediary::safety::regimen_at(&all, now()).unwrap();
    assert_eq!(nov.dose_mcg, Amount::from_mg(20));
}

/// A DST week in Berlin: clocks go back on Sunday 25 October 2026 (03:00 -> 02:00) and forward on
/// Sunday 29 March 2026 (02:00 -> 03:00).
#[test]
fn dst_week() {
    // Overlap: 02:30 happens twice; the earlier (summer time, +02:00) is taken.
    let n = Berlin.with_ymd_and_hms(2026, 10, 25, 12, 0, 0).unwrap();
    let a = parse_when("02:30", &n).unwrap();
    assert_eq!(a.to_rfc3339(), "2026-10-25T02:30:00+02:00");
    // The later one can be given explicitly.
    let b = parse_when("2026-10-25T02:30:00+01:00", &n).unwrap();
    assert_eq!((b - a).num_minutes(), 60);
    // Relative times cross the change in real hours.
    // 12:00 CET is 11:00 UTC; ten real hours earlier is 01:00 UTC, which is 02:00 CET (the
    // second 02:00 of the day), eleven hours earlier on the wall clock.
    let c = parse_when("-10h", &n).unwrap();
    assert_eq!(c.to_rfc3339(), "2026-10-25T02:00:00+01:00");
    assert_eq!((n.fixed_offset() - c).num_hours(), 10);
    // Gap: 02:30 on 29 March does not exist.
    let n = Berlin.with_ymd_and_hms(2026, 3, 29, 12, 0, 0).unwrap();
    let err = parse_when("02:30", &n).unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert_eq!(
        parse_when("03:30", &n).unwrap().to_rfc3339(),
        "2026-03-29T03:30:00+02:00"
    );
    assert_eq!(
        parse_when("yesterday 23:00", &n).unwrap().to_rfc3339(),
        "2026-03-28T23:00:00+01:00"
    );

    // Stored and read back across the change: local days stay local.
    let d = tempfile::tempdir().unwrap();
    let mut st = Store::open(&d.path().join("d.sqlite3")).unwrap();
    for s in [
        "2026-10-24T23:30:00+02:00",
        "2026-10-25T02:30:00+02:00",
        "2026-10-25T02:30:00+01:00",
        "2026-10-25T23:30:00+01:00",
    ] {
        st.insert(
            &NewEntry {
                at: t(s),
                kind: EntryKind::Dose {
                    amount_mcg: Amount::from_mg(5),
                    skipped: false,
                    as_needed: false,
                },
                note: None,
            },
            now(),
        )
        .unwrap();
    }
    let all = st.all_entries().unwrap();
    let days: Vec<String> = all.iter().map(|e| e.local_day().to_string()).collect();
    assert_eq!(
        days,
        ["2026-10-24", "2026-10-25", "2026-10-25", "2026-10-25"]
    );
    assert_eq!(all[2].at.offset().local_minus_utc(), 3600);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn amount_parser_never_panics(s in "\\PC{0,24}") {
        let _ = Amount::parse(&s);
    }

    #[test]
    fn amount_parser_never_panics_on_numberish(s in "[-+0-9., ]{0,20}(mg|mcg|ml|µg|g|)") {
        if let Ok(a) = Amount::parse(&s) {
            prop_assert!(a.mcg() > 0 && a.mcg() <= 1_000_000);
        }
    }

    #[test]
    fn amount_round_trips_through_display(mcg in 1u64..=1_000_000) {
        let a = Amount::from_mcg(mcg);
        prop_assert_eq!(Amount::parse(&a.to_string()), Ok(a));
    }

    #[test]
    fn when_parser_never_panics(s in "\\PC{0,32}") {
        let _ = parse_when(&s, &Berlin.with_ymd_and_hms(2026, 3, 29, 3, 1, 0).unwrap());
    }

    #[test]
    fn when_parser_never_panics_on_timeish(s in "(-|yesterday |today |)[0-9]{0,12}[:.hmdw ]{0,3}[0-9]{0,4}(am|pm|h|m|d|)") {
        let n = Berlin.with_ymd_and_hms(2026, 10, 25, 2, 30, 0).earliest().unwrap();
        if let Ok(t) = parse_when(&s, &n) {
            prop_assert!(t.with_timezone(&Utc) <= n.with_timezone(&Utc) + Duration::minutes(5));
        }
    }
}
