//! Times the start-up stages of `today` in one process: `cargo run --release --example startup --
//! DIARY` (each stage is made once per process; run it a few times).
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("diary path");
    let t0 = Instant::now();
    let t = Instant::now();
    let c = dosediary::safety::Catalog::parse(dosediary::safety::catalog::CATALOG_TOML).unwrap();
    println!("catalog parse+validate {:?}", t.elapsed());
    let t = Instant::now();
    let _: dosediary::safety::Catalog =
        toml::from_str(dosediary::safety::catalog::CATALOG_TOML).unwrap();
    println!("catalog toml only      {:?}", t.elapsed());
    drop(c);
    let t = Instant::now();
    let _ = dosediary::safety::Catalog::builtin();
    println!("builtin                {:?}", t.elapsed());
    let t = Instant::now();
    let _ = dosediary::safety::analyze("");
    println!("matcher build          {:?}", t.elapsed());
    let t = Instant::now();
    let st = dosediary::store::Store::open_read(std::path::Path::new(&path)).unwrap();
    println!("store open             {:?}", t.elapsed());
    let clock = dosediary::diary::Clock::from_env(chrono::Utc::now).unwrap();
    let t = Instant::now();
    let d = dosediary::diary::Diary::without_backup(st, clock, chrono::Local, None);
    println!("diary                  {:?}", t.elapsed());
    let t = Instant::now();
    let s = d.today().unwrap();
    println!(
        "today                  {:?} ({} entries)",
        t.elapsed(),
        s.entries.len()
    );
    println!("total                  {:?}", t0.elapsed());
}
