//! The pair decision of consolidation: are two memories duplicates (merge),
//! an update (the newer supersedes the older), or distinct (leave both)?
//!
//! Cosine similarity alone cannot decide it: paraphrases, updates and near
//! misses about another subject overlap in cosine. [`pair_features`] turns
//! a pair into cheap, explainable signals (alignment of content words,
//! numbers and names that differ, negation and antonym flips, another
//! subject, change words, cosine). [`TrainedJudge`], the default, runs two
//! small boosted tree ensembles over them (P(duplicate), P(update);
//! trained by `scripts/train_judge.py`, shipped as `judge_model.json`) and
//! names the features that decided. [`HeuristicJudge`] is the earlier
//! hand-written rule set over the same signals. Both sit behind
//! [`PairJudge`], so a better judge can replace them without touching
//! dreaming.
//!
//! The module follows the reading of a pair: `reading` reads one
//! statement (spellings, numbers, dates, amounts, names, negations and
//! the other signals), `change` reads what a newer statement changes in
//! an older one (antonyms, denials, endings, announced changes, a value
//! replaced), `distinct` what holds two statements apart (a value, a
//! place, a name or a holder swapped in place, and the vetoes built on
//! them), `features` turns a pair into the model's feature vector and
//! `model` holds the tree ensembles and the [`TrainedJudge`] over them.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::dream::lexicon::Lexicon;
use crate::dream::wordvec::TextCache;
use crate::entry::Entry;

mod change;
mod distinct;
mod features;
mod model;
mod reading;
#[cfg(test)]
mod tests;

use change::*;
use distinct::*;
use features::*;
use reading::*;

pub use distinct::{cohyponym_swap, different_things};
pub use features::{pair_features, FEATURE_NAMES, N_FEATURES};
pub use model::{Ensemble, JudgeModel, Thresholds, Tree, TrainedJudge};
pub use reading::forget_readings;


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

/// The score named `name` of a verdict, if it has one.
fn score(v: &Verdict, name: &str) -> Option<f32> {
    v.scores.iter().find(|(k, _)| k == name).map(|(_, s)| *s)
}

/// Decides duplicate / update / distinct for a candidate pair.
pub trait PairJudge: Send + Sync {
    /// Judge `a` and `b`, whose embeddings have cosine `cosine`.
    fn judge(&self, a: &Entry, b: &Entry, cosine: f32) -> Verdict;

    /// The verdict without the costlier parts of its reason, for the many
    /// pairs that never become a change; [`PairJudge::explain`] completes
    /// it for those that do. Default: [`PairJudge::judge`].
    fn judge_quick(&self, a: &Entry, b: &Entry, cosine: f32) -> Verdict {
        self.judge(a, b, cosine)
    }

    /// Completes the reason of a verdict from [`PairJudge::judge_quick`].
    /// Default: nothing to add.
    fn explain(&self, _verdict: &mut Verdict) {}

    /// Whether an update verdict is firm enough to supersede along a chain.
    /// In A → B → C, when C takes A, it also supersedes B if B was judged
    /// to update A; that inference rests on two verdicts, whose errors
    /// compound, so it may ask for more than one update verdict does.
    /// Default: every update verdict is firm.
    fn firm_update(&self, _verdict: &Verdict) -> bool {
        true
    }

    /// Whether an update verdict is sure enough that the newer statement
    /// supersedes this older statement as well as the fact it takes (the
    /// closest), though the judge does not hold the two older statements
    /// the same fact ([`PairJudge::same_fact`]): a paraphrase the merge
    /// missed, updated by the same statement. Default: never, so that a
    /// newer statement replaces one fact.
    fn sure_update(&self, _verdict: &Verdict) -> bool {
        false
    }

    /// Whether a newer statement that takes `fact` also takes `other`, an
    /// older statement `verdict` judged it to update, though neither surely
    /// ([`PairJudge::sure_update`]) nor as the same fact as `fact`
    /// ([`PairJudge::same_fact`]): two readings that each fall short of
    /// their own bar, read together. A paraphrase of the fact that the
    /// merge missed is judged updated by the fact's update and reads as
    /// likely the same fact, where a near miss about another thing seldom
    /// does both. Default: never.
    fn updated_alike(&self, _fact: &Entry, _other: &Entry, _cosine: f32, _verdict: &Verdict) -> bool {
        false
    }

    /// Whether a verdict, though maybe not a duplicate, comes close to one:
    /// the two statements may be one fact in other words. A merge is
    /// refused when a statement so close to one side was judged an update
    /// of the other. Default: the verdict is a duplicate.
    fn close_to_duplicate(&self, verdict: &Verdict) -> bool {
        verdict.decision == Decision::Duplicate
    }

    /// Whether `a` and `b` state the same fact, on a looser bar than a
    /// merge. When a newer statement updates several older ones, those that
    /// state the same fact as the closest match are superseded with it; the
    /// others are left alone. Default: the judge calls them duplicates.
    fn same_fact(&self, a: &Entry, b: &Entry, cosine: f32) -> bool {
        self.judge(a, b, cosine).decision == Decision::Duplicate
    }

    /// Whether `a` and `b` state the same fact, read when a dream joins a
    /// statement to a group of merged statements through one of its
    /// members: each other member must be the same fact as the statement
    /// on this bar. Default: [`PairJudge::same_fact`].
    fn same_group(&self, a: &Entry, b: &Entry, cosine: f32) -> bool {
        self.same_fact(a, b, cosine)
    }

    /// Why `a` and `b` can never be one statement, read from their words
    /// alone (no embedding), or `None`. A merge joins a statement to a
    /// keeper; the dream refuses it when the statement conflicts so with
    /// anything already merged into that keeper, so that "the printer in
    /// the office / warehouse is online" do not end up merged through a
    /// reworded third statement neither was compared with. Default: never.
    fn conflict(&self, _a: &Entry, _b: &Entry) -> Option<String> {
        None
    }

    /// Why `a` and `b` are never the same fact, read from their words
    /// alone, whatever the model says: the vetoes of
    /// [`PairJudge::same_fact`], looser than [`PairJudge::conflict`] (a
    /// word swapped in place counts whatever its part of speech: "is
    /// training for" / "is volunteering at" the Lagos half marathon). A
    /// statement goes with a superseded fact as the same fact only when
    /// nothing merged into that fact is held apart from it. Default: the
    /// conflicts.
    fn apart(&self, a: &Entry, b: &Entry) -> Option<String> {
        self.conflict(a, b)
    }

    /// Why `a` and `b` are about two things, so that neither is the same
    /// statement as the other nor a change of it, read from their words
    /// alone: the checks that overrule an update verdict. A newer
    /// statement takes no fact when something merged into that fact is so
    /// held apart from it. Default: never.
    fn two_things(&self, _a: &Entry, _b: &Entry) -> Option<String> {
        None
    }

    /// Why `other`, written after `fact` and before `newer`, is about
    /// another thing than the two, when `newer` announces a change of
    /// `fact` and keeps a detail of it that `other` replaced: then `other`
    /// neither updates `fact` nor is updated by `newer`. Read from their
    /// words alone. Default: never.
    fn restated_against(&self, _fact: &Entry, _other: &Entry, _newer: &Entry) -> Option<String> {
        None
    }
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

impl PairJudge for HeuristicJudge {
    fn judge(&self, a: &Entry, b: &Entry, cosine: f32) -> Verdict {
        let (sa, sb) = pair_signals(&a.text, &b.text);
        self.decide(&sa, &sb, a.created_at <= b.created_at, cosine)
    }
}

impl HeuristicJudge {
    /// The rules on analysed texts; `a_older`: `sa` is the older side.
    fn decide(&self, sa: &Signals, sb: &Signals, a_older: bool, cosine: f32) -> Verdict {
        let o = &self.options;
        let overlap = jaccard(&sa.words, &sb.words);
        let numbers_differ = !sa.numbers.is_empty() && !sb.numbers.is_empty() && sa.numbers != sb.numbers;
        let one_sided_numbers = sa.numbers.is_empty() != sb.numbers.is_empty();
        let polarity_flip = (sa.negations > 0) != (sb.negations > 0);
        let shared_names = sa.names.intersection(&sb.names).count();
        let names_differ = sa.names.symmetric_difference(&sb.names).count();
        let possessive_shift = sa.possessives != sb.possessives;
        let (older, newer) = if a_older { (sa, sb) } else { (sb, sa) };
        let change = newer.change_words.len() > older.change_words.len();
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

        let relation_shift = !same_relations(sa, sb);
        let ident_shift = !sa.idents.is_empty()
            && !sb.idents.is_empty()
            && !sa.idents.is_subset(&sb.idents)
            && !sb.idents.is_subset(&sa.idents);
        let older_names = if a_older { &sa.names } else { &sb.names };
        let newer_names = if a_older { &sb.names } else { &sa.names };
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
        let (older_s, newer_s) = if a_older { (sa, sb) } else { (sb, sa) };
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
