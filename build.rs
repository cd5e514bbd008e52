//! The built-in catalog (assets/baclofen.toml) as JSON in `$OUT_DIR/catalog.json`, and the
//! Porter2 stem of every lower-case word of the built-in catalog (assets/baclofen.toml),
//! written to `$OUT_DIR/stems.txt` as sorted "word<TAB>stem" lines: the matcher looks its words
//! up there instead of stemming them again at every start (src/safety/text/lexicon.rs), and
//! stems any other word itself. Same crate, same version: a test checks every line.
//! `$OUT_DIR/stems.idx` holds, for each line, where it starts and where its tab is (two u32,
//! little-endian), for a bisection that searches nothing.

use std::collections::BTreeMap;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=assets/baclofen.toml");
    let toml = std::fs::read_to_string("assets/baclofen.toml").expect("assets/baclofen.toml");
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let mut table = BTreeMap::new();
    for w in toml.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        if !w.is_empty() && !w.chars().any(char::is_uppercase) && !table.contains_key(w) {
            table.insert(w, stemmer.stem(w).into_owned());
        }
    }
    let mut out = String::new();
    let mut idx = Vec::new();
    for (w, s) in &table {
        idx.extend_from_slice(&u32::try_from(out.len()).expect("small").to_le_bytes());
        let tab = out.len() + w.len();
        idx.extend_from_slice(&u32::try_from(tab).expect("small").to_le_bytes());
        out.push_str(w);
        out.push('\t');
        out.push_str(s);
        out.push('\n');
    }
    let dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    // The catalog as JSON (src/safety/catalog.rs reads it at start-up). A TOML error leaves it
    // empty: the app then parses the TOML itself, and reports the error as it always did.
    let json = toml::from_str::<toml::Value>(&toml)
        .ok()
        .and_then(|v| serde_json::to_string(&v).ok())
        .unwrap_or_default();
    std::fs::write(dir.join("catalog.json"), json).expect("write catalog.json");
    std::fs::write(dir.join("stems.txt"), out).expect("write stems.txt");
    std::fs::write(dir.join("stems.idx"), idx).expect("write stems.idx");
}
