//! The pair decision of consolidation: are two memories duplicates (merge),
//! an update (the newer supersedes the older), or distinct (leave both)?
//!
//! Cosine similarity alone cannot decide it: paraphrases, updates and near
//! misses about another subject overlap in cosine. [`HeuristicJudge`]
//! combines cheap, explainable signals (numbers that differ, negation
//! flips, change verbs, names, word overlap) and reports every one of them
//! with its decision. It sits behind [`PairJudge`] so a better judge can
//! replace it without touching dreaming.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::entry::Entry;

/// What to do with a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Same meaning: merge.
    Duplicate,
    /// Same subject, different value or polarity: the newer supersedes the older.
    Update,
    /// Leave both.
    Distinct,
}

/// A decision with its reason and the signals behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The decision.
    pub decision: Decision,
    /// One line a person can read.
    pub reason: String,
    /// Named signal values.
    pub scores: Vec<(String, f32)>,
}

/// Decides duplicate / update / distinct for a candidate pair.
pub trait PairJudge: Send + Sync {
    /// Judge `a` and `b`, whose embeddings have cosine `cosine`.
    fn judge(&self, a: &Entry, b: &Entry, cosine: f32) -> Verdict;
}

/// Thresholds of [`HeuristicJudge`]; the defaults favour precision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JudgeOptions {
    /// Minimum cosine for a duplicate. Default 0.90.
    pub duplicate_cosine: f32,
    /// Minimum cosine for a duplicate when the content words mostly agree
    /// (word overlap ≥ `duplicate_overlap`). Default 0.85.
    pub duplicate_cosine_with_overlap: f32,
    /// Word overlap (Jaccard of content words) that lowers the duplicate bar. Default 0.5.
    pub duplicate_overlap: f32,
    /// Minimum cosine for an update. Default 0.55.
    pub update_cosine: f32,
}

impl Default for JudgeOptions {
    fn default() -> Self {
        JudgeOptions {
            duplicate_cosine: 0.90,
            duplicate_cosine_with_overlap: 0.85,
            duplicate_overlap: 0.5,
            update_cosine: 0.55,
        }
    }
}

/// The default judge: explainable rules over lexical signals and cosine.
#[derive(Debug, Clone, Default)]
pub struct HeuristicJudge {
    /// Thresholds.
    pub options: JudgeOptions,
}

const STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "is",
    "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "it", "its", "this",
    "that", "these", "those", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "my", "your",
    "him", "them", "us", "me", "s", "will", "would", "can", "could", "should", "into", "about", "than", "then",
    "so", "very", "also", "just", "there", "here", "all", "any", "some",
];

const NEGATIONS: &[&str] = &["not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "n't", "cannot"];

/// Words that put a statement about someone else: "Tom's *brother* works
/// at Google" is not about Tom.
const RELATIONS: &[&str] = &[
    "wife", "husband", "partner", "spouse", "brother", "sister", "sibling", "mother", "father", "mom", "dad",
    "parent", "son", "daughter", "child", "kid", "cousin", "uncle", "aunt", "grandmother", "grandfather",
    "friend", "colleague", "coworker", "boss", "manager", "mentor", "neighbor", "neighbour", "roommate",
    "assistant", "deputy", "replica", "backup", "staging", "production", "frontend", "backend", "personal",
    "checking", "savings",
];

/// Prefixes of weekday and month names.
const CALENDAR: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "june", "july", "august", "september", "october", "november", "december",
];

/// Words that announce a change of state: "Tom left Google and joined Meta".
const CHANGE_WORDS: &[&str] = &[
    "now", "no longer", "anymore", "moved", "moves", "left", "leaves", "quit", "joined", "joins", "switched",
    "changed", "became", "becomes", "instead", "stopped", "started", "renamed", "replaced", "new", "currently",
    "since", "updated", "upgraded", "downgraded", "raised", "increased", "decreased", "reduced", "dropped",
    "rose", "went", "bumped", "relocated", "rescheduled", "postponed", "promoted", "cancelled", "canceled",
    "sold", "ended", "anymore", "longer",
];

struct Signals {
    words: BTreeSet<String>,
    /// Lower-case identifiers: hosts, e-mail addresses, repo and service names.
    idents: BTreeSet<String>,
    relations: BTreeSet<String>,
    numbers: BTreeSet<String>,
    names: BTreeSet<String>,
    /// Names used as possessives ("Tom's brother"): the statement is about
    /// someone or something of theirs, not about them.
    possessives: BTreeSet<String>,
    negations: usize,
    change_words: usize,
}

fn normalise(w: &str) -> String {
    let w = w.to_lowercase();
    let w = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).unwrap_or(&w).to_string();
    // A light stemmer: enough to align "works"/"work", "meetings"/"meeting",
    // "likes"/"like", "boxes"/"box", "policies"/"policy".
    if w.len() <= 3 {
        return w;
    }
    if let Some(stem) = w.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suf in ["sses", "xes", "zes", "ches", "shes"] {
        if w.ends_with(suf) {
            return w[..w.len() - 2].to_string();
        }
    }
    if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        return w[..w.len() - 1].to_string();
    }
    w
}

/// Canonical forms for values written several ways: "2,400" → "2400",
/// "2 p.m." → "14:00", "10:00" → "10:00".
fn canonical_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        // Thousands separators between digits.
        if chars[i] == ',' && i > 0 && chars[i - 1].is_ascii_digit() && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    // "2 p.m." / "10 a.m." / "2pm" → 24-hour "HH:00".
    let mut fixed = String::with_capacity(out.len());
    let words: Vec<&str> = out.split(' ').collect();
    let mut j = 0;
    while j < words.len() {
        let w = words[j];
        let next = words.get(j + 1).map(|n| n.to_lowercase());
        let (hour, merid, used) = if let (Ok(h), Some(n)) = (w.parse::<u32>(), next.as_deref()) {
            if n.starts_with("a.m") || n == "am" {
                (Some(h), Some(false), 2)
            } else if n.starts_with("p.m") || n == "pm" {
                (Some(h), Some(true), 2)
            } else {
                (None, None, 1)
            }
        } else {
            (None, None, 1)
        };
        if let (Some(h), Some(pm)) = (hour, merid) {
            let h24 = if pm && h < 12 { h + 12 } else if !pm && h == 12 { 0 } else { h };
            fixed.push_str(&format!("{h24:02}:00"));
            let tail: String = words[j + 1].chars().filter(|c| !c.is_alphanumeric() && *c != '.').collect();
            fixed.push_str(&tail);
        } else {
            fixed.push_str(w);
        }
        fixed.push(' ');
        j += used;
    }
    fixed
}

fn signals(text: &str) -> Signals {
    let text = &canonical_numbers(text);
    let lower = text.to_lowercase();
    let tokens: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == ':' || c == '.' || c == '-'))
        .map(|t| t.trim_matches(|c: char| c == '.' || c == ':' || c == '\'' || c == '-'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut words = BTreeSet::new();
    let mut idents = BTreeSet::new();
    let mut relations = BTreeSet::new();
    let mut numbers = BTreeSet::new();
    let mut names = BTreeSet::new();
    let mut possessives = BTreeSet::new();
    let mut negations = 0;
    for (i, t) in tokens.iter().enumerate() {
        let l = t.to_lowercase();
        let ident = t.chars().any(|c| c.is_alphabetic())
            && t.contains(['.', '@', '-', '_'])
            && !t.ends_with(['.', '-']);
        if t.chars().any(|c| c.is_ascii_digit()) && !ident {
            // 2-digit hours: "09:30" and "9:30" are one value.
            let v = l.trim_end_matches(['.', ',']).trim_start_matches('0').to_string();
            numbers.insert(if v.is_empty() || v.starts_with(':') { format!("0{v}") } else { v });
            continue;
        }
        if ident {
            idents.insert(l.clone());
        }
        let base = normalise(t.trim_end_matches(['\'', '’']));
        if RELATIONS.contains(&base.as_str()) {
            relations.insert(base.clone());
        }
        if NEGATIONS.contains(&l.as_str()) || l.ends_with("n't") {
            negations += 1;
        }
        // Days and months are values ("moved to Wednesdays"), not names.
        if CALENDAR.iter().any(|c| l.starts_with(c)) {
            numbers.insert(CALENDAR.iter().find(|c| l.starts_with(*c)).map(|c| c.to_string()).unwrap_or_default());
            continue;
        }
        if t.chars().next().is_some_and(|c| c.is_uppercase()) && i > 0 {
            names.insert(normalise(t));
        }
        if l.ends_with("'s") || l.ends_with("’s") {
            possessives.insert(normalise(t));
        }
        if !STOP.contains(&l.as_str()) && !NEGATIONS.contains(&l.as_str()) {
            words.insert(normalise(t));
        }
    }
    // Number words that carry values.
    for (w, n) in [("one", "1"), ("two", "2"), ("three", "3"), ("four", "4"), ("five", "5"), ("six", "6"), ("seven", "7"), ("eight", "8"), ("nine", "9"), ("ten", "10")] {
        if words.remove(w) {
            numbers.insert(n.to_string());
        }
    }
    let change_words = CHANGE_WORDS
        .iter()
        .filter(|c| {
            if c.contains(' ') {
                lower.contains(*c)
            } else {
                tokens.iter().any(|t| t.eq_ignore_ascii_case(c))
            }
        })
        .count();
    // Ordinals carry values too: "third grade" → "fourth grade".
    for (w, n) in [("first", "1st"), ("second", "2nd"), ("third", "3rd"), ("fourth", "4th"), ("fifth", "5th"), ("sixth", "6th")] {
        if words.remove(w) {
            numbers.insert(n.to_string());
        }
    }
    Signals { words, idents, relations, numbers, names, possessives, negations, change_words }
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f32 {
    let inter = a.intersection(b).count() as f32;
    let union = a.union(b).count() as f32;
    if union == 0.0 {
        1.0
    } else {
        inter / union
    }
}

impl PairJudge for HeuristicJudge {
    fn judge(&self, a: &Entry, b: &Entry, cosine: f32) -> Verdict {
        let o = &self.options;
        let (sa, sb) = (signals(&a.text), signals(&b.text));
        let overlap = jaccard(&sa.words, &sb.words);
        let numbers_differ = !sa.numbers.is_empty() && !sb.numbers.is_empty() && sa.numbers != sb.numbers;
        let one_sided_numbers = sa.numbers.is_empty() != sb.numbers.is_empty();
        let polarity_flip = (sa.negations > 0) != (sb.negations > 0);
        let shared_names = sa.names.intersection(&sb.names).count();
        let names_differ = sa.names.symmetric_difference(&sb.names).count();
        let possessive_shift = sa.possessives != sb.possessives;
        let (older, newer) = if a.created_at <= b.created_at { (&sa, &sb) } else { (&sb, &sa) };
        let change = newer.change_words > older.change_words;
        // Words only one side has: "brother" in "Tom's brother works at Google".
        let extra_a = sa.words.difference(&sb.words).count();
        let extra_b = sb.words.difference(&sa.words).count();
        let scores = vec![
            ("cosine".to_string(), cosine),
            ("word_overlap".to_string(), overlap),
            ("numbers_differ".to_string(), numbers_differ as u8 as f32),
            ("polarity_flip".to_string(), polarity_flip as u8 as f32),
            ("shared_names".to_string(), shared_names as f32),
            ("names_differ".to_string(), names_differ as f32),
            ("change_words".to_string(), change as u8 as f32),
            ("possessive_shift".to_string(), possessive_shift as u8 as f32),
        ];
        let verdict = |decision, reason: String| Verdict { decision, reason, scores: scores.clone() };

        let relation_shift = sa.relations != sb.relations;
        let ident_shift = !sa.idents.is_empty()
            && !sb.idents.is_empty()
            && !sa.idents.is_subset(&sb.idents)
            && !sb.idents.is_subset(&sa.idents);
        let older_names = if a.created_at <= b.created_at { &sa.names } else { &sb.names };
        let newer_names = if a.created_at <= b.created_at { &sb.names } else { &sa.names };
        let name_swap = !older_names.is_subset(newer_names) && !newer_names.is_subset(older_names);
        if relation_shift || ident_shift {
            let what = if relation_shift {
                format!("{:?}", sa.relations.symmetric_difference(&sb.relations).collect::<Vec<_>>())
            } else {
                format!("{:?}", sa.idents.symmetric_difference(&sb.idents).collect::<Vec<_>>())
            };
            return verdict(Decision::Distinct, format!("distinct: different subjects ({what})"));
        }
        if possessive_shift {
            return verdict(
                Decision::Distinct,
                format!("distinct: one is about something of {:?}, not the same subject", sa.possessives.symmetric_difference(&sb.possessives).collect::<Vec<_>>()),
            );
        }
        // A substitution ("the *web* team's sync" / "the *mobile* team's
        // sync moved") names another subject: the older statement has a
        // word the newer lacks, and the newer has one that is neither a
        // change word nor a name (names can be new values: a new city).
        let (older_s, newer_s) = if a.created_at <= b.created_at { (&sa, &sb) } else { (&sb, &sa) };
        let older_extra = older_s.words.difference(&newer_s.words).count();
        let newer_extra = newer_s
            .words
            .difference(&older_s.words)
            .filter(|w| !CHANGE_WORDS.contains(&w.as_str()) && !newer_s.names.contains(*w))
            .count();
        let substitution = older_extra > 0 && newer_extra > 0;
        let same_subject = (shared_names > 0 || overlap >= 0.3) && !name_swap && !substitution;
        if cosine >= o.update_cosine && same_subject {
            if numbers_differ && (overlap >= 0.4 || (change && overlap >= 0.25)) {
                return verdict(Decision::Update, format!("same subject, different numbers ({:?} vs {:?})", sa.numbers, sb.numbers));
            }
            if polarity_flip && cosine >= 0.7 {
                return verdict(Decision::Update, "same statement with its polarity flipped (negation)".into());
            }
            if change && cosine >= 0.6 && names_differ <= 2 {
                return verdict(Decision::Update, "the newer statement announces a change of state".into());
            }
        }
        // Equal, non-empty numbers are strong evidence of the same fact.
        let same_values = !sa.numbers.is_empty() && sa.numbers == sb.numbers;
        let dup_bar = if same_values {
            o.duplicate_cosine_with_overlap.min(0.80)
        } else if overlap >= o.duplicate_overlap {
            o.duplicate_cosine_with_overlap
        } else {
            o.duplicate_cosine
        };
        if cosine >= dup_bar && !numbers_differ && !one_sided_numbers && !polarity_flip && names_differ == 0 && !change {
            return verdict(
                Decision::Duplicate,
                format!("same meaning: cosine {cosine:.3} ≥ {dup_bar:.2}, no differing numbers, names or polarity"),
            );
        }
        let why = if names_differ > 0 {
            "different names"
        } else if extra_a + extra_b > 0 && overlap < o.duplicate_overlap {
            "different content words"
        } else {
            "not similar enough"
        };
        verdict(Decision::Distinct, format!("distinct: {why} (cosine {cosine:.3}, overlap {overlap:.2})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(text: &str, at: i64) -> Entry {
        Entry { id: at as u64, text: text.into(), importance: 0.5, created_at: at, ..Default::default() }
    }

    #[test]
    fn signals_pick_out_numbers_names_negation_and_change() {
        let j = HeuristicJudge::default();
        let v = j.judge(&e("The sync is at 09:30 on Tuesdays", 1), &e("The sync is at 10:00 on Tuesdays", 2), 0.9);
        assert_eq!(v.decision, Decision::Update, "{v:?}");
        let v = j.judge(&e("Tom works at Google", 1), &e("Tom left Google and joined Meta", 2), 0.75);
        assert_eq!(v.decision, Decision::Update, "{v:?}");
        let v = j.judge(
            &e("The weekly team sync is on Tuesdays at 09:30 in the small meeting room.", 1),
            &e("The team moved the weekly sync to Wednesdays at 10:00.", 2),
            0.65,
        );
        assert_eq!(v.decision, Decision::Update, "weekdays are values, not names: {v:?}");
        let v = j.judge(&e("The frontend repo pins Node.js 18.17", 1), &e("The backend repo now pins Node.js 20.11", 2), 0.93);
        assert_eq!(v.decision, Decision::Distinct, "{v:?}");
        let v = j.judge(&e("Rent is $2,400 a month", 1), &e("Monthly rent comes to 2400 dollars", 2), 0.86);
        assert_eq!(v.decision, Decision::Duplicate, "thousands separators: {v:?}");
        let v = j.judge(&e("Tom works at Google", 1), &e("Tom's brother works at Google", 2), 0.85);
        assert_eq!(v.decision, Decision::Distinct, "{v:?}");
        let v = j.judge(&e("Alice likes green tea", 1), &e("Alice does not like green tea", 2), 0.85);
        assert_eq!(v.decision, Decision::Update, "{v:?}");
        let v = j.judge(&e("Alice enjoys green tea", 1), &e("Alice really likes drinking green tea", 2), 0.92);
        assert_eq!(v.decision, Decision::Duplicate, "{v:?}");
        assert!(v.scores.iter().any(|(k, _)| k == "cosine"));
    }
}
