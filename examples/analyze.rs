//! Prints what the matcher reads in a text: `cargo run --example analyze -- "text"`.
fn main() {
    let text = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let a = dosediary::safety::analyze(&text);
    for s in &a.signs {
        println!("present  {:<22} {:?} span {:?}", s.id, s.matched, s.span);
    }
    for s in &a.not_counted {
        println!("excluded {:<22} {:?} {:?}", s.id, s.matched, s.excluded);
    }
    for i in &a.interactions {
        println!("intake   {:<22} {:?}", i.class, i.matched);
    }
    for c in &a.contexts {
        println!("context  {:<22} {:?}", c.id, c.matched);
    }
}
