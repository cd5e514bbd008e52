//! Times the stages of `flags` on a diary: `cargo run --release --example profile -- PATH`.
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("diary path");
    let t = Instant::now();
    let st = dosediary::store::Store::open(std::path::Path::new(&path)).unwrap();
    println!("open        {:?}", t.elapsed());
    let t = Instant::now();
    let e = st.all_entries().unwrap();
    println!("load {:>6}  {:?}", e.len(), t.elapsed());
    let r = st.regimens().unwrap();
    let now = chrono::Utc::now();
    let t = Instant::now();
    let f = dosediary::safety::evaluate(
        &e,
        &r,
        now,
        &chrono::Local,
        dosediary::safety::Catalog::builtin(),
    );
    println!("evaluate {:>5} {:?}", f.len(), t.elapsed());
    let t = Instant::now();
    let _ = dosediary::diary::today::today(&e, &r, &f, now, &chrono::Local);
    println!("today       {:?}", t.elapsed());
    let t = Instant::now();
    let _ = dosediary::safety::analyze("shaking all over and burning up since I ran out of pills");
    println!("analyze(1st){:?}", t.elapsed());
    let t = Instant::now();
    for _ in 0..1000 {
        let _ =
            dosediary::safety::analyze("shaking all over and burning up since I ran out of pills");
    }
    println!("analyze x1000 {:?}", t.elapsed());
}
