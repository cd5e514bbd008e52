//! Reading a JSON export in bounded memory: the `entries` array is read one entry at a time
//! (serde's streaming deserializer over a buffered file) and each entry is checked like typed
//! input and handed on; only the small arrays (regimens, supply, pump) are held whole.

use std::collections::HashSet;
use std::fmt;
use std::io::BufReader;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, Duration, Utc};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::{EXPORT_FORMAT, EXPORT_SCHEMA_VERSION, ExportEntry, ExportFile};
use crate::domain::Entry;

/// Everything in an export but its entries.
pub type Header = ExportFile;

/// Checks one entry beyond its own fields: its times lie between 1900 and `now` + 5 minutes, and
/// its uid is not already in this file.
fn check_more(e: &Entry, n: usize, seen: &mut HashSet<u64>, now: DateTime<Utc>) -> Result<()> {
    let bad = |what: String| anyhow!("entry {n} (uid '{}'): {what}", e.uid);
    let floor: DateTime<Utc> = "1900-01-01T00:00:00Z".parse().expect("a constant");
    let ceiling = now + Duration::minutes(crate::domain::when::FUTURE_TOLERANCE_MINUTES);
    for (what, t) in [
        ("at", e.at.with_timezone(&Utc)),
        ("recorded_at", e.recorded_at),
    ] {
        if t < floor || t > ceiling {
            return Err(bad(format!(
                "{what} {t} is outside 1900 .. now + 5 minutes"
            )));
        }
    }
    if e.edited_at.is_some_and(|t| t < floor || t > ceiling) {
        return Err(bad("edited_at is outside 1900 .. now + 5 minutes".into()));
    }
    // A 64-bit hash per uid keeps the set small (8 bytes an entry); a collision would only
    // refuse a good file, never let a duplicate through.
    use std::hash::{BuildHasher, BuildHasherDefault};
    let h = BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default()
        .hash_one(e.uid.as_str());
    if !seen.insert(h) {
        return Err(bad(
            "this uid appears twice in the file; each entry once (an export never repeats one)"
                .into(),
        ));
    }
    Ok(())
}

/// Streams the export at `path`: every entry, checked, goes to `each` (with its position); the
/// rest of the file is returned. Any refused entry or malformed part is an error naming it.
pub fn read(
    path: &Path,
    now: DateTime<Utc>,
    each: &mut dyn FnMut(Entry) -> Result<()>,
) -> Result<Header> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(1 << 16, file));
    let mut seen = HashSet::new();
    let mut failure: Option<anyhow::Error> = None;
    let header = FileSeed {
        each: &mut |n, x: ExportEntry| {
            let e = x.to_entry(n)?;
            check_more(&e, n, &mut seen, now)?;
            each(e)
        },
        failure: &mut failure,
    }
    .deserialize(&mut de)
    .and_then(|h| de.end().map(|()| h));
    if let Some(f) = failure {
        return Err(f);
    }
    let header = header.map_err(|e| {
        anyhow!(
            "{} is not a dosediary JSON export ({e}); nothing was imported",
            path.display()
        )
    })?;
    if header.format != EXPORT_FORMAT {
        bail!(
            "{} is not a dosediary JSON export (no \"format\": \"{EXPORT_FORMAT}\"); nothing was imported",
            path.display()
        );
    }
    if header.schema_version > EXPORT_SCHEMA_VERSION {
        bail!(
            "{} was exported by a newer dosediary (schema {}, this one reads up to {EXPORT_SCHEMA_VERSION}); nothing was imported. Update dosediary",
            path.display(),
            header.schema_version
        );
    }
    if header.schema_version == 0 {
        bail!(
            "{} has no valid schema_version; nothing was imported",
            path.display()
        );
    }
    Ok(header)
}

type Each<'a> = &'a mut dyn FnMut(usize, ExportEntry) -> Result<()>;

struct FileSeed<'a, 'b> {
    each: Each<'a>,
    failure: &'b mut Option<anyhow::Error>,
}

impl<'de> DeserializeSeed<'de> for FileSeed<'_, '_> {
    type Value = Header;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Header, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FileSeed<'_, '_> {
    type Value = Header;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a dosediary export object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Header, A::Error> {
        let mut rest = serde_json::Map::new();
        let mut had_entries = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "entries" {
                had_entries = true;
                map.next_value_seed(EntriesSeed {
                    each: &mut *self.each,
                    failure: &mut *self.failure,
                })?;
            } else {
                let v: serde_json::Value = map.next_value()?;
                rest.insert(key, v);
            }
        }
        if !had_entries {
            return Err(de::Error::missing_field("entries"));
        }
        rest.insert("entries".into(), serde_json::Value::Array(Vec::new()));
        serde_json::from_value(serde_json::Value::Object(rest)).map_err(de::Error::custom)
    }
}

struct EntriesSeed<'a, 'b> {
    each: Each<'a>,
    failure: &'b mut Option<anyhow::Error>,
}

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of entries")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0;
        while let Some(x) = seq.next_element::<ExportEntry>()? {
            n += 1;
            if let Err(e) = (self.each)(n, x) {
                *self.failure = Some(anyhow!("{e}; nothing was imported"));
                return Err(de::Error::custom("refused entry"));
            }
        }
        Ok(())
    }
}
