//! The boosted tree ensembles, their thresholds and [`TrainedJudge`], the
//! default judge.

use super::*;

/// One regression tree: node `i` splits on `feature[i]` (going left when
/// the value is at most `threshold[i]`) or, with `feature[i] == -1`, is a
/// leaf worth `value[i]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    /// Split feature per node; -1 for a leaf.
    pub feature: Vec<i32>,
    /// Split threshold per node.
    pub threshold: Vec<f64>,
    /// Left child per node.
    pub left: Vec<u32>,
    /// Right child per node.
    pub right: Vec<u32>,
    /// Leaf value per node (log-odds).
    pub value: Vec<f64>,
}

// A path's features fit the bits of a `u64` ([`Tree::walk`]).
const _: () = assert!(N_FEATURES <= 64);

impl Tree {
    fn leaf(&self, x: &[f32; N_FEATURES]) -> f64 {
        self.walk(x).0
    }

    /// The leaf value for `x`, and the features read on the way to it
    /// (bit `f` set for feature `f`): a change to any other feature
    /// leads to the same leaf.
    fn walk(&self, x: &[f32; N_FEATURES]) -> (f64, u64) {
        let mut i = 0;
        let mut read = 0u64;
        // Depth is bounded by the node count (checked when loading).
        for _ in 0..self.feature.len() {
            let f = self.feature[i];
            if f < 0 {
                return (self.value[i], read);
            }
            read |= 1 << f;
            i = if f64::from(x[f as usize]) <= self.threshold[i] { self.left[i] } else { self.right[i] } as usize;
        }
        (0.0, read)
    }

    fn check(&self) -> std::result::Result<(), String> {
        let n = self.feature.len();
        if n == 0 || [self.threshold.len(), self.left.len(), self.right.len(), self.value.len()].iter().any(|l| *l != n) {
            return Err("a tree's node arrays differ in length".into());
        }
        for i in 0..n {
            let f = self.feature[i];
            if f >= 0 {
                if f as usize >= N_FEATURES || self.left[i] as usize >= n || self.right[i] as usize >= n {
                    return Err(format!("node {i} points outside the tree or the features"));
                }
                if self.left[i] as usize <= i || self.right[i] as usize <= i {
                    return Err(format!("node {i} has a child before it (a cycle)"));
                }
            } else if f != -1 {
                return Err(format!("node {i} has feature {f}"));
            }
            if !self.threshold[i].is_finite() || !self.value[i].is_finite() {
                return Err(format!("node {i} has a non-finite value"));
            }
        }
        Ok(())
    }
}

/// A boosted tree ensemble over [`FEATURE_NAMES`]:
/// `P = σ(base + Σ leaf values)`. `means` are the training means, used to
/// explain a decision: a feature's contribution is how much the log-odds
/// fall when it is set to its mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ensemble {
    /// Log-odds before any tree.
    pub base: f64,
    /// The trees.
    pub trees: Vec<Tree>,
    /// Training mean of each feature.
    pub means: Vec<f32>,
}

impl Ensemble {
    fn log_odds(&self, x: &[f32; N_FEATURES]) -> f64 {
        self.base + self.trees.iter().map(|t| t.leaf(x)).sum::<f64>()
    }

    /// The probability for a feature vector.
    pub fn probability(&self, x: &[f32; N_FEATURES]) -> f32 {
        (1.0 / (1.0 + (-self.log_odds(x)).exp())) as f32
    }

    /// The `k` features that moved the log-odds most, with their contributions.
    fn top(&self, x: &[f32; N_FEATURES], k: usize) -> Vec<(&'static str, f32)> {
        // Setting one feature to its mean moves only the trees whose path
        // for `x` reads it, so only those are walked again; the others
        // keep their leaf. Summed in the order of [`Ensemble::log_odds`],
        // the contributions are exactly those of walking every tree for
        // every feature, with about a tenth of the walks (a path of the
        // shipped model reads 3.6 features on average; BENCHMARKS.md,
        // "Forty-second session on the judge").
        let walked: Vec<(f64, u64)> = self.trees.iter().map(|t| t.walk(x)).collect();
        let z = self.base + walked.iter().map(|w| w.0).sum::<f64>();
        let mut c: Vec<(&'static str, f32)> = (0..N_FEATURES)
            .map(|i| {
                let mut y = *x;
                y[i] = self.means[i];
                let moved = |(t, &(leaf, read)): (&Tree, &(f64, u64))| if read >> i & 1 == 1 { t.leaf(&y) } else { leaf };
                let zy = self.base + self.trees.iter().zip(&walked).map(moved).sum::<f64>();
                (FEATURE_NAMES[i], (z - zy) as f32)
            })
            .collect();
        c.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(b.0)));
        c.truncate(k);
        c
    }
}

/// The trained pair model: P(duplicate) and P(update), with the
/// thresholds chosen when it was trained. Produced by
/// `scripts/train_judge.py`; the shipped one is [`JudgeModel::builtin`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JudgeModel {
    /// Feature names, in order; must equal [`FEATURE_NAMES`].
    pub features: Vec<String>,
    /// P(same meaning).
    pub duplicate: Ensemble,
    /// P(same subject, newer value or flipped polarity).
    pub update: Ensemble,
    /// Default probability thresholds: `duplicate`, `update`.
    pub thresholds: Thresholds,
    /// What it was trained on, in words.
    pub trained_on: String,
}

/// Probability thresholds of [`TrainedJudge`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// P(duplicate) at or above which a pair merges.
    pub duplicate: f32,
    /// P(update) at or above which the newer entry supersedes the older.
    pub update: f32,
    /// P(update) at or above which an update the hand rules also see
    /// passes. Default 0.4; at or above `update` it changes nothing.
    #[serde(default = "default_update_with_rules")]
    pub update_with_rules: f32,
    /// P(update) at or above which an update passes when the newer
    /// statement has a change word the older lacks ("moved", "switched",
    /// "no longer"; the feature `change_newer`). Default 0.5; at or above
    /// `update` it changes nothing.
    #[serde(default = "default_update_with_change")]
    pub update_with_change: f32,
    /// P(duplicate) at or above which two statements merge when they say
    /// the same words in another form or order (`same_words`: "sells" /
    /// "sold", "mgr" / "manager"). Default 0.4 (0.5 until the forty-ninth
    /// session): every content word must be on the other side, so the
    /// model's doubt below even odds is mostly about a verb it has seen
    /// swapped only in near misses ("booked" / "reserved" at 0.48, "caps" /
    /// "limits" at 0.43). At or above `duplicate` it changes nothing.
    #[serde(default = "default_duplicate_same_words")]
    pub duplicate_same_words: f32,
    /// P(duplicate) at or above which two statements count as the same fact
    /// when one newer statement updates both ([`PairJudge::same_fact`]),
    /// unless the lexicon finds them about different things
    /// ([`different_things`]) or they give one value for two periods.
    /// Default 0.7.
    #[serde(default = "default_same_fact")]
    pub same_fact: f32,
    /// P(update) at or above which an update verdict is firm enough to
    /// supersede along a chain ([`PairJudge::firm_update`]), or beside the
    /// fact the newer statement takes ([`PairJudge::sure_update`]).
    /// Default 0.9, the update bar of the precision-first option.
    #[serde(default = "default_chain")]
    pub chain: f32,
    /// P(duplicate) at or above which an older statement goes with the
    /// fact a newer statement takes when the newer statement is also
    /// judged, at the update bar `update`, to update it
    /// ([`PairJudge::updated_alike`]), unless the two are held apart as
    /// for `same_fact`. Default 0.5: more likely than not one fact.
    #[serde(default = "default_same_fact_updated")]
    pub same_fact_updated: f32,
    /// The same, when the update verdict passed only at a lower bar, with
    /// the hand rules' or a change word's second opinion
    /// (`update_with_rules`, `update_with_change`): a weaker reading of
    /// the update asks a stronger reading of the same fact. Default 0.6.
    #[serde(default = "default_same_fact_weakly_updated")]
    pub same_fact_weakly_updated: f32,
    /// P(duplicate) at or above which two statements count as one fact
    /// when a dream joins two groups of merged statements, each statement
    /// of the one against each of the other ([`PairJudge::same_group`]),
    /// with the vetoes of `same_fact`. Below `same_fact`: a statement
    /// judged a duplicate of one member of a group is already close to
    /// the group, and each of its other members must still clear this
    /// bar. Default 0.6.
    #[serde(default = "default_same_group")]
    pub same_group: f32,
}

pub(super) fn default_update_with_rules() -> f32 {
    0.4
}

pub(super) fn default_update_with_change() -> f32 {
    0.5
}

pub(super) fn default_duplicate_same_words() -> f32 {
    0.4
}

pub(super) fn default_same_fact() -> f32 {
    0.7
}

pub(super) fn default_chain() -> f32 {
    0.9
}

pub(super) fn default_same_fact_updated() -> f32 {
    0.5
}

pub(super) fn default_same_group() -> f32 {
    0.6
}

pub(super) fn default_same_fact_weakly_updated() -> f32 {
    0.6
}

/// Index of `rules_update` in [`FEATURE_NAMES`].
pub(super) const RULES_UPDATE: usize = N_FEATURES - 1;
/// Index of `change_newer` in [`FEATURE_NAMES`].
pub(super) const CHANGE_NEWER: usize = 24;

pub(super) const BUILTIN_MODEL: &str = include_str!("../judge_model.json");

impl JudgeModel {
    /// Parse and check a model file.
    pub fn from_json(text: &str) -> crate::Result<JudgeModel> {
        let m: JudgeModel =
            serde_json::from_str(text).map_err(|e| crate::Error::invalid(format!("judge model: {e}")))?;
        if m.features.iter().map(String::as_str).ne(FEATURE_NAMES.iter().copied()) {
            return Err(crate::Error::invalid(format!(
                "judge model: features {:?} do not match this build's {:?}",
                m.features, FEATURE_NAMES
            )));
        }
        for (what, e) in [("duplicate", &m.duplicate), ("update", &m.update)] {
            if e.means.len() != N_FEATURES || e.means.iter().any(|v| !v.is_finite()) || !e.base.is_finite() {
                return Err(crate::Error::invalid(format!("judge model: {what} needs a finite base and {N_FEATURES} means")));
            }
            for (i, t) in e.trees.iter().enumerate() {
                t.check().map_err(|why| crate::Error::invalid(format!("judge model: {what} tree {i}: {why}")))?;
            }
        }
        for (what, t) in [("duplicate", m.thresholds.duplicate), ("update", m.thresholds.update)] {
            if !t.is_finite() {
                return Err(crate::Error::invalid(format!("judge model: the {what} threshold is not finite")));
            }
        }
        Ok(m)
    }

    /// The model shipped with dreamdb (`src/dream/judge_model.json`).
    pub fn builtin() -> &'static JudgeModel {
        static MODEL: std::sync::OnceLock<JudgeModel> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| JudgeModel::from_json(BUILTIN_MODEL).expect("the shipped judge model is valid (unit-tested)"))
    }
}

/// The default judge: two boosted tree ensembles over [`pair_features`],
/// trained on MRPC train, SICK train and part of the agent-memory set.
/// Update wins over duplicate when both pass their thresholds and its
/// probability is higher. Every verdict names its probabilities and the
/// features that moved them most.
#[derive(Debug, Clone)]
pub struct TrainedJudge {
    /// The model.
    pub model: Arc<JudgeModel>,
    /// Thresholds; the defaults (the model's) favour precision.
    pub thresholds: Thresholds,
}

impl Default for TrainedJudge {
    fn default() -> Self {
        let model = JudgeModel::builtin().clone();
        TrainedJudge { thresholds: model.thresholds, model: Arc::new(model) }
    }
}

impl TrainedJudge {
    /// The shipped model with other thresholds.
    pub fn with_thresholds(thresholds: Thresholds) -> Self {
        TrainedJudge { thresholds, ..Default::default() }
    }

    /// The shipped model with the merge and update bars a caller asked for
    /// (probabilities from 0 to 1; `None` keeps the model's). An update bar
    /// set here is the one bar: neither the hand rules' second opinion nor
    /// a change word lowers it. The chain bar ([`Thresholds::chain`], 0.9) stays: below it
    /// an update verdict still supersedes directly, but not along a chain.
    /// Used by the CLI, the HTTP and MCP servers and Python.
    pub fn with_bars(merge: Option<f32>, update: Option<f32>) -> crate::Result<Self> {
        for (name, bar) in [("merge_threshold", merge), ("update_threshold", update)] {
            if let Some(p) = bar.filter(|p| !(0.0..=1.0).contains(p)) {
                return Err(crate::Error::invalid(format!("{name} {p} is not a probability: give a number from 0 to 1")));
            }
        }
        let mut t = JudgeModel::builtin().thresholds;
        if let Some(m) = merge {
            t.duplicate = m;
            t.duplicate_same_words = m;
        }
        if let Some(u) = update {
            t.update = u;
            t.update_with_rules = u;
            t.update_with_change = u;
        }
        Ok(Self::with_thresholds(t))
    }

    /// P(duplicate) at `bar`, or at the bar of the same words in another
    /// form or order ([`Thresholds::duplicate_same_words`], `same_words`),
    /// where a merge would read them as one statement; and not held apart.
    fn one_fact_at(&self, a: &Entry, b: &Entry, cosine: f32, bar: f32) -> bool {
        let (so, sn) = signals_in_order(a, b);
        let t = &self.thresholds;
        let pd = self.model.duplicate.probability(&features(&so, &sn, reading_cosine(&so, &sn, cosine).0));
        (pd >= bar || (pd >= t.duplicate_same_words && same_words(&so, &sn))) && apart(&so, &sn, true).is_none()
    }

    /// P(duplicate) and P(update) for `older` and `newer`.
    pub fn probabilities(&self, older: &str, newer: &str, cosine: f32) -> (f32, f32) {
        let x = pair_features(older, newer, cosine);
        (self.model.duplicate.probability(&x), self.model.update.probability(&x))
    }

    /// The three features that moved P(`toward`) most for a verdict of this
    /// judge, with their effect on its log-odds ("cosine +3.62, ..."); `None`
    /// for `Distinct` or a verdict from another judge.
    pub fn signals(&self, v: &Verdict, toward: Decision) -> Option<String> {
        let model = match toward {
            Decision::Update => &self.model.update,
            Decision::Duplicate => &self.model.duplicate,
            Decision::Distinct => return None,
        };
        if v.scores.len() != 2 + N_FEATURES {
            return None;
        }
        let mut x = [0f32; N_FEATURES];
        for (slot, (_, f)) in x.iter_mut().zip(&v.scores[2..]) {
            *slot = *f;
        }
        Some(explain(&model.top(&x, 3)))
    }
}

pub(super) fn explain(top: &[(&str, f32)]) -> String {
    top.iter().map(|(n, c)| format!("{n} {c:+.2}")).collect::<Vec<_>>().join(", ")
}

/// One rule of the chain that ends [`TrainedJudge::judge_quick`]: when
/// `reads` holds for the decision so far and `rule` fires, the rule's
/// decision and reason replace it.
pub(super) fn overrule(
    verdict: (Decision, String),
    reads: impl Fn(Decision) -> bool,
    rule: impl FnOnce() -> Option<(Decision, String)>,
) -> (Decision, String) {
    if reads(verdict.0) {
        rule().unwrap_or(verdict)
    } else {
        verdict
    }
}

impl PairJudge for TrainedJudge {
    fn judge(&self, a: &Entry, b: &Entry, cosine: f32) -> Verdict {
        let mut v = self.judge_quick(a, b, cosine);
        self.explain(&mut v);
        v
    }

    fn judge_quick(&self, a: &Entry, b: &Entry, cosine: f32) -> Verdict {
        let (so, sn) = signals_in_order(a, b);
        let (cosine, read_alike) = reading_cosine(&so, &sn, cosine);
        let x = features(&so, &sn, cosine);
        let m = &self.model;
        let (pd, pu) = (m.duplicate.probability(&x), m.update.probability(&x));
        let t = &self.thresholds;
        let mut scores = vec![("p_duplicate".to_string(), pd), ("p_update".to_string(), pu)];
        scores.extend(FEATURE_NAMES.iter().zip(x).map(|(n, v)| (n.to_string(), v)));
        // The hand rules ([`HeuristicJudge`], also the feature
        // `rules_update`) are a second opinion: an update they see passes
        // at the lower bar `update_with_rules`.
        let rules_update = x[RULES_UPDATE] == 1.0 && pu >= t.update_with_rules && pd < t.duplicate;
        // A change word only the newer statement says ("moved", "switched",
        // "no longer") is a second opinion too, a weaker one than the hand
        // rules, which also ask for the same subject: it passes at
        // `update_with_change`. "new" is none unless it qualifies a thing
        // the older statement names ("a new GP" after "the user's GP is
        // ..."): near misses say it of other things ("new hirers collect
        // their boats on Sundays").
        let lex = Lexicon::get();
        let in_older = |w: &str| says_a_form_of(&so, w, lex);
        let new_of_older = sn.frame.windows(2).any(|p| p[0] == "new" && in_older(&p[1]));
        let change_word = sn
            .change_words
            .iter()
            .find(|c| (**c != "new" || new_of_older) && !in_older(c))
            .copied();
        // (Not when the older already says the newer's word of ending:
        // "is unsubscribed from the Harbor Daily newsletter" is no state
        // that "the Harbor Weekly list now shows the user as
        // unsubscribed" changes.)
        // (Read last: most pairs fail the cheap tests before it.)
        let ended_alike = || ending(&sn).is_some_and(|w| ending(&so).is_some_and(|v| v == w));
        let change_update =
            x[CHANGE_NEWER] == 1.0 && change_word.is_some() && pu >= t.update_with_change && pd < t.duplicate && !ended_alike();
        let same_bar = t.same_fact.min(t.duplicate);
        let (decision, reason) = if rules_update && pu < t.update {
            (
                Decision::Update,
                format!(
                    "update: the change rules fire and P(update) {pu:.2} ≥ {:.2} (P(duplicate) {pd:.2})",
                    t.update_with_rules
                ),
            )
        } else if change_update && pu < t.update {
            let word = change_word.unwrap_or("a change word");
            (
                Decision::Update,
                format!(
                    "update: the newer statement says \"{word}\", a change the older does not announce, and P(update) {pu:.2} ≥ {:.2} (P(duplicate) {pd:.2})",
                    t.update_with_change
                ),
            )
        } else if pu >= t.update && pu >= pd {
            (Decision::Update, format!("update: P(update) {pu:.2} ≥ {:.2} (P(duplicate) {pd:.2})", t.update))
        } else if let Some((o, n)) = (pd >= same_bar).then(|| opposite_states_of_one_subject(&so, &sn)).flatten() {
            // The model reads the same fact, but its state has flipped
            // ("round-ups enabled" / "round-ups turned off"): the newer
            // state replaces the older, as for `state_flip`, here with the
            // model's word that the rest is the same. The same fact, not
            // the same statement: the flipped state itself lowers
            // P(duplicate), so the bar is `same_fact` (or the merge bar,
            // the lower).
            (
                Decision::Update,
                format!(
                    "update: P(duplicate) {pd:.2} ≥ {:.2}, but \"{}\" became \"{}\", so the newer state replaces the older (P(update) {pu:.2})",
                    same_bar,
                    plain_state(&o),
                    plain_state(&n)
                ),
            )
        } else if pd >= t.duplicate {
            match different_kinds(&so, &sn) {
                Some(why) => (
                    Decision::Distinct,
                    format!("distinct: P(duplicate) {pd:.2} ≥ {:.2}, but {why} (P(update) {pu:.2})", t.duplicate),
                ),
                None => {
                    (Decision::Duplicate, format!("duplicate: P(duplicate) {pd:.2} ≥ {:.2} (P(update) {pu:.2})", t.duplicate))
                }
            }
        } else if pd >= t.duplicate_same_words && same_words(&so, &sn) && different_kinds(&so, &sn).is_none() {
            (
                Decision::Duplicate,
                format!(
                    "duplicate: the same words, up to their forms, abbreviations, verbs of one meaning and order, and the same values, and P(duplicate) {pd:.2} ≥ {:.2} (P(update) {pu:.2})",
                    t.duplicate_same_words
                ),
            )
        } else {
            // Most pairs end here and no change records them: the
            // probabilities say why.
            (
                Decision::Distinct,
                format!("distinct: P(duplicate) {pd:.2} < {:.2}, P(update) {pu:.2} < {:.2}", t.duplicate, t.update),
            )
        };
        // The rules below read the words alone and overrule the verdict so
        // far, each when the decision it may change is the one it reads;
        // each gives its reason, and the probabilities follow it.
        let update = |why: String| (Decision::Update, format!("update: {why} (P(update) {pu:.2}, P(duplicate) {pd:.2})"));
        let distinct = |why: String| (Decision::Distinct, format!("distinct: {why} (P(duplicate) {pd:.2}, P(update) {pu:.2})"));
        let verdict = (decision, reason);
        // The same value for another period is neither the same statement
        // nor a change of it, whatever the model says.
        let verdict = overrule(verdict, |d| d != Decision::Distinct, || {
            period_swap(&so, &sn).map(|(o, n)| distinct(format!("{o} and {n} are different periods with the same value, so both statements hold")))
        });
        let verdict = overrule(verdict, |d| d != Decision::Update, || {
            state_flip(&so, &sn).map(|(o, n)| {
                update(format!(
                    "\"{o}\" became \"{n}\" and nothing else changed, so the newer state replaces the older"
                ))
            })
        });
        // Two things the other way round ("Prefer Rust over Go" / "Prefer Go
        // over Rust") in what the model reads as the same fact: the newer
        // order replaces the older.
        let verdict = overrule(verdict, |d| d != Decision::Update, || {
            (pd >= same_bar).then(|| order_reversed(&so, &sn)).flatten().map(|(a, w, b)| {
                update(format!(
                    "the model reads the same fact, but the newer statement puts \"{a}\" and \"{b}\" the other way round (\"{b} {w} {a}\"), so it replaces the older"
                ))
            })
        });
        let verdict = overrule(verdict, |d| d == Decision::Distinct, || {
            value_swap(&so, &sn).map(|(o, n)| {
                update(format!(
                    "the value \"{o}\" became \"{n}\" in the same statement, so the newer value replaces the older"
                ))
            })
        });
        // A task ticked or unticked in a task list.
        let verdict = overrule(verdict, |d| d != Decision::Update, || {
            task_done(&so, &sn).map(|done| {
                update(if done {
                    "the task is ticked as done where the older item had it open, so the newer box replaces the older".to_string()
                } else {
                    "the task is open again where the older item had it done, so the newer box replaces the older".to_string()
                })
            })
        });
        // A setting given another value ("Preferred editor: Vim" / "...:
        // Emacs"): too few words for the model to read a change in, and
        // never the same statement.
        let verdict = overrule(verdict, |d| d != Decision::Update, || {
            setting_changed(&so, &sn).map(|(o, n)| {
                update(format!("the setting's value \"{o}\" became \"{n}\", so the newer value replaces the older"))
            })
        });
        let verdict = overrule(verdict, |d| d == Decision::Distinct, || {
            place_swap(&so, &sn).map(|(o, n)| {
                update(format!("the place \"{o}\" became \"{n}\" in the same statement, so the newer place replaces the older"))
            })
        });
        let verdict = overrule(verdict, |d| d == Decision::Distinct, || {
            holder_swap(&so, &sn).map(|(o, n)| {
                update(format!(
                    "\"{n}\" holds, in the same words, the role \"{o}\" held, which one holds at a time, so the newer replaces the older"
                ))
            })
        });
        let verdict = overrule(verdict, |d| d == Decision::Distinct, || {
            announced_change(&so, &sn, Lexicon::get()).map(|word| {
                update(format!(
                    "the newer statement says \"{word}\" and gives a new value in the older's words, so it replaces it"
                ))
            })
        });
        let verdict = overrule(verdict, |d| d == Decision::Distinct, || {
            instead_of(&so, &sn, Lexicon::get()).map(|old| {
                update(format!("the newer statement gives its value instead of \"{old}\", the older's, so it replaces it"))
            })
        });
        let verdict = overrule(verdict, |d| d == Decision::Distinct, || {
            handover(&so, &sn, Lexicon::get()).map(|phrase| {
                update(format!(
                    "the newer statement hands the older's role on from its holder (\"{phrase}\"), so it replaces it"
                ))
            })
        });
        let verdict = overrule(verdict, |d| d == Decision::Distinct, || {
            changed_from_its_value(&so, &sn, Lexicon::get()).or_else(|| moved_from_its_value(&so, &sn, Lexicon::get())).map(|(o, n)| {
                update(format!(
                    "the newer statement changes the older's value from {o} to {n}, in its words, so it replaces it"
                ))
            })
        });
        let verdict = overrule(verdict, |d| d == Decision::Distinct, || {
            amount_changed_to(&so, &sn, Lexicon::get()).map(|(o, n)| {
                update(format!(
                    "the newer statement gives the amount {n} for the older's {o}, in the same words, so it replaces it"
                ))
            })
        });
        let verdict = overrule(verdict, |d| d == Decision::Distinct, || {
            negated_in_its_words(&so, &sn, Lexicon::get()).map(|word| {
                update(format!(
                    "one statement says \"{word}\" of what the other states, in the older's words and about nothing else, so the newer replaces the older"
                ))
            })
        });
        let verdict = overrule(verdict, |d| d != Decision::Update, || {
            cessation(&so, &sn, Lexicon::get()).map(|word| {
                update(format!(
                    "the newer statement says \"{word}\" of what the older states, in its words and about nothing else, so it replaces it"
                ))
            })
        });
        // Two amounts of money, each on one side only, are two prices
        // ("a private lesson costs £95" is not "a group lesson costs £45"),
        // whatever the model says of the rest.
        let verdict = overrule(verdict, |d| d == Decision::Duplicate, || {
            amounts_differ(&so, &sn).map(|(o, n)| {
                (
                    Decision::Distinct,
                    format!("distinct: P(duplicate) {pd:.2} ≥ {:.2}, but the amounts {o} and {n} differ (P(update) {pu:.2})", t.duplicate),
                )
            })
        });
        // A statement that moves on from the other's value ("from main to
        // trunk") is not the same statement. When the newer one moves on,
        // and the model reads the same fact, the newer value replaces the
        // older; when the older one does, the two are left apart.
        let verdict = overrule(verdict, |d| d == Decision::Duplicate, || {
            moved_on(&so, &sn).map(|(newer, o, n)| {
                if newer {
                    update(format!(
                        "the model reads the same fact, but the newer statement moves from \"{o}\", the older's value, to \"{n}\", so it replaces it"
                    ))
                } else {
                    distinct(format!(
                        "the older statement moves from \"{o}\", which the newer says, to \"{n}\", which it does not, so they are not the same statement"
                    ))
                }
            })
        });
        // So are two durations with the same count ("three days' / three
        // weeks' notice").
        let verdict = overrule(verdict, |d| d == Decision::Duplicate, || {
            count_of_another_unit(&so, &sn).map(|(o, n)| {
                (
                    Decision::Distinct,
                    format!("distinct: P(duplicate) {pd:.2} ≥ {:.2}, but {o}s and {n}s are different durations (P(update) {pu:.2})", t.duplicate),
                )
            })
        });
        // Another label in the subject, a route or a span of hours the
        // other way, a rate in another period, the other part of the week,
        // the other end of a span, another size at another price: neither
        // the same statement nor a change of it, whatever the model or the
        // rules above say.
        let verdict = overrule(verdict, |d| d != Decision::Distinct, || {
            held_apart(&so, &sn).map(distinct)
        });
        // A statement about a closed past is not made stale by a later
        // change, unless the newer one speaks of a closed past too (a
        // correction: "was a junior analyst until 2021 / 2022").
        let (decision, reason) = overrule(verdict, |d| d == Decision::Update, || {
            closed_past(&so)
                .filter(|_| closed_past(&sn).is_none())
                .map(|m| distinct(format!("the older statement speaks of a closed past (\"{m}\"), which a later change leaves true")))
        });
        let reason = if read_alike { format!("{reason}; the two read as one text once written one way (a stamp or list marker aside, abbreviations, numbers and spellings alike), so judged at cosine 1") } else { reason };
        Verdict { decision, reason, scores }
    }

    /// Adds the three features that moved the deciding probability most
    /// (39 more model evaluations: only for the changes a dream makes).
    fn explain(&self, v: &mut Verdict) {
        if let Some(why) = self.signals(v, v.decision) {
            v.reason.push_str("; ");
            v.reason.push_str(&why);
        }
    }

    /// P(duplicate) at the looser bar [`Thresholds::same_fact`], or at
    /// the bar of the same words in another form or order
    /// ([`Thresholds::duplicate_same_words`], `same_words`), where a merge
    /// would read them as one statement; and not held apart.
    fn same_fact(&self, a: &Entry, b: &Entry, cosine: f32) -> bool {
        self.one_fact_at(a, b, cosine, self.thresholds.same_fact)
    }

    /// As [`PairJudge::same_fact`], at the bar [`Thresholds::same_group`].
    fn same_group(&self, a: &Entry, b: &Entry, cosine: f32) -> bool {
        self.one_fact_at(a, b, cosine, self.thresholds.same_group)
    }

    fn apart(&self, a: &Entry, b: &Entry) -> Option<String> {
        let (so, sn) = signals_in_order(a, b);
        apart(&so, &sn, true)
    }

    fn two_things(&self, a: &Entry, b: &Entry) -> Option<String> {
        let (so, sn) = signals_in_order(a, b);
        two_things(&so, &sn)
    }

    fn restated_against(&self, fact: &Entry, other: &Entry, newer: &Entry) -> Option<String> {
        restated_detail(&fact.text, &other.text, &newer.text).map(|(kept, added)| match added {
            Some(a) => format!("a later announced change of the fact keeps \"{kept}\" where this statement says \"{a}\""),
            None => format!("a later announced change of the fact keeps \"{kept}\", which this statement leaves out"),
        })
    }

    fn firm_update(&self, v: &Verdict) -> bool {
        score(v, "p_update").is_some_and(|p| p >= self.thresholds.chain)
    }

    /// As sure as a link of a chain ([`Thresholds::chain`]).
    fn sure_update(&self, v: &Verdict) -> bool {
        self.firm_update(v)
    }

    /// Judged an update, and as likely one fact with `fact` as
    /// [`Thresholds::same_fact_updated`] when the update passed the model's
    /// own bar ([`Thresholds::update`]), or as
    /// [`Thresholds::same_fact_weakly_updated`] when it passed only a lower
    /// bar the hand rules or a change word open; with none of the vetoes of
    /// [`PairJudge::same_fact`].
    fn updated_alike(&self, fact: &Entry, other: &Entry, cosine: f32, v: &Verdict) -> bool {
        let t = &self.thresholds;
        let by_model = score(v, "p_update").is_some_and(|p| p >= t.update);
        let bar = if by_model { t.same_fact_updated } else { t.same_fact_weakly_updated };
        v.decision == Decision::Update && {
            let (so, sn) = signals_in_order(fact, other);
            self.model.duplicate.probability(&features(&so, &sn, cosine)) >= bar && apart(&so, &sn, true).is_none()
        }
    }

    /// A duplicate, or a pair the model holds as likely one fact as the
    /// bar of [`PairJudge::same_fact`] (not judged an update).
    fn close_to_duplicate(&self, v: &Verdict) -> bool {
        v.decision == Decision::Duplicate
            || (v.decision == Decision::Distinct && score(v, "p_duplicate").is_some_and(|p| p >= self.thresholds.same_fact))
    }

    /// The word-level vetoes of [`TrainedJudge::judge`] (opposite states,
    /// another name in the same place, different things of one kind,
    /// another noun before the same noun, another subject inserted, one
    /// value for two periods, a rate in another period, weekdays against
    /// the weekend, the two ends of a span, another size at another price,
    /// another label in the subject, a route the other way, two amounts of
    /// money), with a word swapped in place only where neither word
    /// reads as a verb ("indoor" / "outdoor" play yard): the lexicon misses
    /// some synonyms among verbs ("lives" / "resides"), and a conflict
    /// holds whatever the model says.
    fn conflict(&self, a: &Entry, b: &Entry) -> Option<String> {
        let (so, sn) = signals_in_order(a, b);
        apart(&so, &sn, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dream::judge::pair_features;

    /// [`Ensemble::top`] as first written: every tree walked again for
    /// every feature.
    fn top_walking_every_tree(e: &Ensemble, x: &[f32; N_FEATURES]) -> Vec<(&'static str, f32)> {
        let z = e.log_odds(x);
        (0..N_FEATURES)
            .map(|i| {
                let mut y = *x;
                y[i] = e.means[i];
                (FEATURE_NAMES[i], (z - e.log_odds(&y)) as f32)
            })
            .collect()
    }

    #[test]
    fn explanations_walk_only_the_trees_a_feature_moves_and_come_out_the_same() {
        let m = JudgeModel::builtin();
        let pairs = [
            ("Kestrel Bikes fixes punctures for £8.", "Kestrel Bikes repairs flat tyres for eight pounds."),
            ("The standup is at 9:30.", "The standup moved to 10:00."),
            ("Wren's sister lives in Oslo.", "Wren lives in Oslo."),
            ("", "The garage door code is 4471."),
        ];
        let mut seen = 0;
        for (a, b) in pairs {
            for x in [pair_features(a, b, 0.9), pair_features(b, a, 0.4)] {
                for e in [&m.duplicate, &m.update] {
                    let mut want = top_walking_every_tree(e, &x);
                    want.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(b.0)));
                    let got = e.top(&x, N_FEATURES);
                    // Bit for bit: the same sums in the same order.
                    let bits = |v: &[(&'static str, f32)]| v.iter().map(|(n, c)| (*n, c.to_bits())).collect::<Vec<_>>();
                    assert_eq!(bits(&got), bits(&want), "{a} / {b}");
                    seen += got.iter().filter(|(_, c)| *c != 0.0).count();
                }
            }
        }
        assert!(seen > 20, "the pairs move the log-odds through many features ({seen})");
    }
}
