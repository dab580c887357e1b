//! The agent-memory groups of `benches/data/agent_memory*.jsonl` (format in
//! benches/data/README.md), as the judge bench dreams them and the dream
//! bench times them: one reading and one dating rule for both.
#![allow(dead_code)]

use dreamdb::parse_rfc3339;

#[derive(serde::Deserialize)]
pub struct Dated {
    pub text: String,
    pub date: String,
}

#[derive(serde::Deserialize)]
pub struct Group {
    pub group: String,
    pub fact: Dated,
    pub paraphrases: Vec<String>,
    pub update: Dated,
    pub near_misses: Vec<String>,
    /// Where the reader found the group (benches/judge.rs: its index in
    /// `AGENT_FILES`, which says whether the judge trains on it).
    #[serde(skip)]
    pub source: usize,
}

/// Noon UTC of a `YYYY-MM-DD` day, in milliseconds.
pub fn day(d: &str) -> i64 {
    parse_rfc3339(&format!("{d}T12:00:00Z")).expect("date")
}

impl Group {
    /// (text, role, created_at) as the benches import them: paraphrases at
    /// the fact's time, near misses an hour later, the update at its date.
    pub fn items(&self) -> Vec<(String, &'static str, i64)> {
        let at = day(&self.fact.date);
        let mut v = vec![(self.fact.text.clone(), "fact", at)];
        v.extend(self.paraphrases.iter().map(|p| (p.clone(), "paraphrase", at)));
        v.extend(self.near_misses.iter().map(|n| (n.clone(), "near_miss", at + 3_600_000)));
        v.push((self.update.text.clone(), "update", day(&self.update.date)));
        v
    }
}
