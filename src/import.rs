//! The JSONL import format: one memory per line.
//!
//! `{"text": "...", "id": "ext-1", "ns": "agent-a", "kind": "fact",
//! "tags": ["ops"], "importance": 0.7, "created_at": "2026-01-02T03:04:05Z",
//! "meta": {...}}`; only `text` is required. Parsing takes raw bytes so
//! invalid UTF-8 is reported as a bad line rather than aborting the file;
//! the CLI's `import` reports every bad line with its number. A fuzz target
//! (`fuzz/fuzz_targets/import_line.rs`) feeds it arbitrary bytes.

use serde::Deserialize;

use crate::entry::parse_rfc3339;
use crate::error::{Error, Result};
use crate::memory::NewEntry;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportLine {
    text: String,
    id: Option<String>,
    ns: Option<String>,
    kind: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    importance: Option<f32>,
    created_at: Option<String>,
    meta: Option<serde_json::Value>,
}

/// Parse one import line (without its newline) into a new entry. Errors
/// are `InvalidInput` with a message fit for a person.
pub fn parse_entry_line(line: &[u8]) -> Result<NewEntry> {
    let l: ImportLine = serde_json::from_slice(line).map_err(|e| Error::invalid(e.to_string()))?;
    if l.text.trim().is_empty() {
        return Err(Error::invalid("text is empty"));
    }
    let mut e = NewEntry::new(l.text);
    if let Some(ns) = l.ns {
        e.namespace = ns;
    }
    if let Some(k) = l.kind {
        e.kind = k.parse()?;
    }
    if let Some(i) = l.importance {
        if !(0.0..=1.0).contains(&i) {
            return Err(Error::invalid(format!("importance must be within 0.0..=1.0, got {i}")));
        }
    }
    e.tags = l.tags;
    e.importance = l.importance;
    e.external_id = l.id;
    e.created_at = l.created_at.as_deref().map(parse_rfc3339).transpose()?;
    e.metadata = l.meta;
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_lines_parse_and_bad_ones_say_why() {
        let e = parse_entry_line(br#"{"text":"deploy with make ship","ns":"ops","kind":"procedure","tags":["x"]}"#).unwrap();
        assert_eq!((e.text.as_str(), e.namespace.as_str(), e.tags.len()), ("deploy with make ship", "ops", 1));
        let bad: [(&[u8], &str); 6] = [
            (b"{\"text\": \"caf\xff\"}", "invalid unicode"),
            (br#"{"text": "  "}"#, "text is empty"),
            (br#"{"txt": "typo"}"#, "unknown field"),
            (br#"{"text": "x", "kind": "rumour"}"#, "kind"),
            (br#"{"text": "x", "created_at": "yesterday"}"#, "yesterday"),
            (br#"{"text": "x", "importance": 7}"#, "importance"),
        ];
        for (line, why) in bad {
            let err = parse_entry_line(line).unwrap_err().to_string();
            assert!(matches!(parse_entry_line(line), Err(Error::InvalidInput(_))), "{err}");
            assert!(err.to_lowercase().contains(why), "{:?}: {err}", String::from_utf8_lossy(line));
        }
    }
}
