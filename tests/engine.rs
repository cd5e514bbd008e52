//! The safety engine: the labelled phrase corpus and scenario tests for every rule.

use std::collections::BTreeSet;

use dosediary::safety::analyze;

#[test]
fn labelled_corpus() {
    let src = include_str!("corpus/phrases.tsv");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in src.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (ids, text) = line.split_once('\t').unwrap_or_else(|| panic!("bad corpus line: {line:?}"));
        n += 1;
        let expected: BTreeSet<&str> = if ids == "-" { BTreeSet::new() } else { ids.split(',').collect() };
        let a = analyze(text);
        let got: BTreeSet<&str> = a.signs.iter().map(|s| s.id.as_str()).collect();
        if got != expected {
            failures.push(format!("{text:?}: expected {expected:?}, got {got:?} (not counted: {:?})", a.not_counted.iter().map(|s| (&s.id, s.excluded)).collect::<Vec<_>>()));
        }
    }
    assert!(n >= 300, "the corpus has {n} phrases; keep at least 300");
    assert!(failures.is_empty(), "{} of {n} phrases wrong:\n{}", failures.len(), failures.join("\n"));
}
