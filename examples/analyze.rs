//! Prints what the matcher reads in a text: `cargo run --example analyze -- "text"`, or one text
//! per line on standard input. `--carer` reads it as a caregiver's diary for "Sam" (also called
//! "my husband", "my wife", "dad", "mum", "my son", "my daughter"); `--self` as the patient's
//! own diary (the corpus's `self` rows).
use std::io::BufRead;

use dosediary::safety::{Patient, Writer, analyze_for};

fn show(text: &str, p: &Patient) {
    let a = analyze_for(text, p);
    println!("{text}");
    for s in &a.signs {
        println!(
            "  present  {:<22} {:?} {:?} hedge {:?} as_usual {:?}",
            s.id, s.matched, s.urgency, s.hedge, s.as_usual
        );
    }
    for s in &a.not_counted {
        println!("  excluded {:<22} {:?} {:?}", s.id, s.matched, s.excluded);
    }
    for i in &a.interactions {
        println!("  intake   {:<22} {:?}", i.class, i.matched);
    }
    for c in &a.contexts {
        println!("  context  {:<22} {:?}", c.id, c.matched);
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut p = Patient::default();
    if let Some(i) = args.iter().position(|a| a == "--carer") {
        args.remove(i);
        p = Patient {
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
        };
    }
    if let Some(i) = args.iter().position(|a| a == "--self") {
        args.remove(i);
        p.writer = Writer::Own;
    }
    if args.is_empty() {
        for line in std::io::stdin().lock().lines().map_while(Result::ok) {
            show(&line, &p);
        }
    } else {
        show(&args.join(" "), &p);
    }
}
