//! The dose limits a prescription is held to (the 80 mg label maximum, the 200 mg scheduled dose,
//! the 100 mg as-needed dose and the 300 mg-a-day typo guard) come from the catalog only: a
//! catalog with other values changes every check and every message, and the built-in catalog's
//! values are the ones the command line refuses with.

mod common;

use chrono::{FixedOffset, TimeZone};
use common::*;
use dosediary::domain::{Amount, DoseList, RegimenInput, parse_regimen};
use dosediary::safety::Catalog;
use dosediary::safety::catalog::CATALOG_TOML;

/// The built-in catalog with `key = from` replaced by `key = to` in `[limits]`.
fn catalog_with(changes: &[(&str, u64, u64)]) -> Catalog {
    let mut toml = CATALOG_TOML.to_string();
    for (key, from, to) in changes {
        let line = format!("\n{key} = {from}\n");
        assert_eq!(
            toml.matches(&line).count(),
            1,
            "{key} = {from} in the catalog"
        );
        toml = toml.replace(&line, &format!("\n{key} = {to}\n"));
    }
    Catalog::parse(&toml).expect("still a valid catalog")
}

fn input(dose: &str, max: Option<&str>, above: bool) -> RegimenInput {
    RegimenInput {
        dose: dose.into(),
        times: "08:00,14:00,20:00".into(),
        max_daily: max.map(Into::into),
        prescribed_above_label: above,
        ..Default::default()
    }
}

#[test]
fn other_limits_in_the_catalog_change_the_checks_and_their_messages() {
    let now = FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
        .unwrap();
    let cat = catalog_with(&[
        ("max_daily_mg", 80, 60),
        ("max_scheduled_dose_mg", 200, 150),
        ("max_as_needed_dose_mg", 100, 40),
        ("typo_guard_daily_mg", 300, 250),
    ]);
    let lim = cat.limits.dose_limits();
    assert_eq!(lim.max_scheduled_dose, Amount::from_mg(150));
    // One dose: 150 mg passes, 160 mg is refused naming 150 mg.
    assert!(DoseList::parse("150", &lim).is_ok());
    let e = DoseList::parse("160", &lim).unwrap_err();
    assert!(e.contains("above 150 mg"), "{e}");
    assert!(e.contains("accepted: each dose up to 150 mg"), "{e}");
    // The built-in catalog takes 160 mg.
    assert!(DoseList::parse("160", &Catalog::builtin().limits.dose_limits()).is_ok());
    // A day: 3 x 85 mg = 255 mg is over this catalog's 250 mg guard.
    let e = parse_regimen(&input("85", Some("255"), true), &lim, &now).unwrap_err();
    assert!(e.contains("more than 250 mg"), "{e}");
    // A maximum of 70 mg is above this catalog's 60 mg label maximum.
    let e = parse_regimen(&input("10", Some("70"), false), &lim, &now).unwrap_err();
    assert!(e.contains("above the 60 mg label maximum"), "{e}");
    let r = parse_regimen(&input("10", Some("240"), true), &lim, &now).expect("prescribed");
    assert_eq!(r.max_daily_mcg, Amount::from_mg(240));
    // With no maximum given, the label maximum is the regimen's.
    let r = parse_regimen(&input("10", None, false), &lim, &now).unwrap();
    assert_eq!(r.max_daily_mcg, Amount::from_mg(60));
    // As-needed: 50 mg is above this catalog's 40 mg.
    let mut prn = input("10", None, false);
    prn.as_needed = Some("50".into());
    let e = parse_regimen(&prn, &lim, &now).unwrap_err();
    assert!(e.contains("above 40 mg"), "{e}");
}

#[test]
fn the_command_line_refuses_at_the_built_in_catalogs_values() {
    let lim = &Catalog::builtin().limits;
    let dose = lim.max_scheduled_dose_mg;
    let guard = lim.typo_guard_daily_mg;
    let refused = |args: &[String]| {
        let (_d, db) = temp_db();
        let out = bin(&db).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!db.exists());
        String::from_utf8(out.stderr).unwrap()
    };
    let set = |dose: String, times: &str, extra: &[&str]| {
        let mut a: Vec<String> = ["regimen", "set", "--dose", &dose, "--times", times]
            .map(String::from)
            .to_vec();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let err = refused(&set(format!("{}", dose + 1), "08:00", &[]));
    assert!(
        err.contains(&format!("{} mg in one dose is above {dose} mg", dose + 1)),
        "{err}"
    );
    let over = (guard + 1).to_string();
    let err = refused(&set(
        "10".into(),
        "08:00",
        &["--max-daily", &over, "--prescribed-above-label"],
    ));
    assert!(
        err.contains(&format!("{over} mg a day is more than {guard} mg")),
        "{err}"
    );
    // Exactly the catalog's values are accepted.
    let (_d, db) = temp_db();
    let at = guard.to_string();
    stdout(bin(&db).args(set(
        dose.to_string(),
        "08:00",
        &["--max-daily", &at, "--prescribed-above-label"],
    )));
}
