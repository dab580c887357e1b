//! The feature vector of a pair, which the model reads.

use super::*;

/// The names of the features [`pair_features`] computes, in order.
pub const FEATURE_NAMES: [&str; 45] = [
    "cosine",
    "cosine_above_085",
    "word_jaccard",
    "coverage_min",
    "coverage_max",
    "unaligned_older",
    "unaligned_newer",
    "substitution",
    "length_ratio",
    "shorter_length",
    "numbers_same",
    "numbers_differ",
    "numbers_one_sided",
    "numbers_unaligned",
    "names_shared",
    "names_only_older",
    "names_only_newer",
    "name_swap",
    "negation_flip",
    "negation_both",
    "antonym_flip",
    "relation_shift",
    "possessive_shift",
    "identifier_shift",
    "change_newer",
    "change_older",
    "subject_same",
    "numbers_differ_x_coverage",
    "negation_flip_x_coverage",
    "change_newer_x_subject",
    "first_unaligned_older",
    "first_unaligned_newer",
    "only_values_differ",
    "other_words_older",
    "other_words_newer",
    "slot_after_verb",
    "slot_before_verb",
    "soft_cover_older",
    "soft_cover_newer",
    "soft_worst_older",
    "soft_worst_newer",
    "soft_gaps_older",
    "soft_gaps_newer",
    "rules_duplicate",
    "rules_update",
];

/// Number of features.
pub const N_FEATURES: usize = FEATURE_NAMES.len();

/// The feature vector of a pair, `older` first (time order matters for
/// change words and which side has the extra words). Every value is
/// finite; counts are squashed with `ln(1 + n)`.
pub fn pair_features(older: &str, newer: &str, cosine: f32) -> [f32; N_FEATURES] {
    let (so, sn) = pair_signals(older, newer);
    features(&so, &sn, cosine)
}

pub(super) fn features(so: &Signals, sn: &Signals, cosine: f32) -> [f32; N_FEATURES] {
    let stems_o: BTreeSet<&str> = so.content.iter().map(|w| stem5(w)).collect();
    let stems_n: BTreeSet<&str> = sn.content.iter().map(|w| stem5(w)).collect();
    let aligned_o = so.content.iter().filter(|w| stems_n.contains(stem5(w))).count();
    let aligned_n = sn.content.iter().filter(|w| stems_o.contains(stem5(w))).count();
    let (len_o, len_n) = (so.content.len(), sn.content.len());
    let share = |aligned: usize, len: usize| if len == 0 { 1.0 } else { aligned as f32 / len as f32 };
    let (cov_o, cov_n) = (share(aligned_o, len_o), share(aligned_n, len_n));
    let inter = stems_o.intersection(&stems_n).count() as f32;
    let union = stems_o.union(&stems_n).count() as f32;
    let jac = if union == 0.0 { 1.0 } else { inter / union };
    let un_o = len_o - aligned_o;
    let un_n = len_n - aligned_n;
    let ln = |n: usize| (1.0 + n as f32).ln();
    let b = |x: bool| x as u8 as f32;
    let (no, nn) = (&so.numbers, &sn.numbers);
    let num_union = no.union(nn).count();
    let num_unaligned = if num_union == 0 { 0.0 } else { no.symmetric_difference(nn).count() as f32 / num_union as f32 };
    let names_shared = so.names.intersection(&sn.names).count();
    let names_o = so.names.difference(&sn.names).count();
    let names_n = sn.names.difference(&so.names).count();
    let neg_flip = (so.negations % 2 == 1) != (sn.negations % 2 == 1);
    let only_o: Vec<&String> = so.content.iter().filter(|w| !stems_n.contains(stem5(w))).collect();
    let only_n: Vec<&String> = sn.content.iter().filter(|w| !stems_o.contains(stem5(w))).collect();
    // One sale seen from its two sides is no flip ([`converse`]).
    let opens_alike = so.content.first().map(|w| stem5(w)) == sn.content.first().map(|w| stem5(w));
    let antonym = ANTONYMS.iter().any(|(x, y)| {
        let has = |side: &[&String], p: &str| side.iter().any(|w| starts(w, p));
        ((has(&only_o, x) && has(&only_n, y)) || (has(&only_o, y) && has(&only_n, x))) && (opens_alike || !converse(x, y))
    });
    let ident_shift = !so.idents.is_empty()
        && !sn.idents.is_empty()
        && !so.idents.is_subset(&sn.idents)
        && !sn.idents.is_subset(&so.idents);
    let numbers_differ = !no.is_empty() && !nn.is_empty() && no != nn;
    // A change word the other side says in another form ("is sold" /
    // "sells", "closed" / "closes") is the statement's own verb, and
    // announces no change.
    let lex = Lexicon::get();
    let announced = |a: &Signals, b: &Signals| a.change_words.iter().filter(|c| !says_a_form_of(b, c, lex)).count();
    let (change_newer, change_older) = (announced(sn, so) > announced(so, sn), announced(so, sn) > announced(sn, so));
    // The subject: the first content word (or the first name) of each side.
    let first = |s: &Signals| s.content.first().map(|w| stem5(w).to_string());
    let subject_same = match (first(so), first(sn)) {
        (Some(x), Some(y)) => x == y || (stems_n.contains(x.as_str()) && stems_o.contains(y.as_str())),
        _ => false,
    } || names_shared > 0;
    let cov_min = cov_o.min(cov_n);
    // Where the first word without a counterpart sits (0 = first content
    // word, 1 = last or none): another subject differs early, a new value late.
    let first_unaligned = |content: &[String], other: &BTreeSet<&str>, skip_change: bool| {
        let n = content.len();
        content
            .iter()
            .position(|w| !other.contains(stem5(w)) && (!skip_change || !CHANGE_WORDS.contains(&w.as_str())))
            .map_or(1.0, |i| if n <= 1 { 0.0 } else { i as f32 / (n - 1) as f32 })
    };
    // Everything but values (numbers, names) has a counterpart: the same
    // statement with another value.
    let is_value = |w: &String, s: &Signals| s.names.contains(w) || calendar_word(w);
    let other_o = only_o.iter().filter(|w| !is_value(w, so)).count();
    let other_n = only_n.iter().filter(|w| !is_value(w, sn) && !CHANGE_WORDS.contains(&w.as_str())).count();
    let other_words = other_o + other_n;
    let values_differ = numbers_differ || names_o > 0 || names_n > 0;
    // Verbs as the lexicon reads them, not only the short list: "hires out
    // its virginal for [£180 / £240] a day" parts after a verb (the
    // shipped model is trained on this reading since the twenty-sixth
    // session).
    let slot = slot_swap_with(&so.frame, &sn.frame, |w| likely_verb(w, Lexicon::get())).filter(|after| !after || !alike_middles(so, sn));
    // Word pieces matched by their vectors: other words for the same thing.
    let soft = crate::dream::wordvec::align(&so.text, &sn.text);
    // The hand rules' verdict, as one more signal the model may weigh.
    let rules = HeuristicJudge::default().decide(so, sn, true, cosine).decision;
    [
        cosine,
        (cosine - 0.85).max(0.0) * 10.0,
        jac,
        cov_min,
        cov_o.max(cov_n),
        ln(un_o),
        ln(un_n),
        b(un_o > 0 && un_n > 0),
        if len_o.max(len_n) == 0 { 1.0 } else { len_o.min(len_n) as f32 / len_o.max(len_n) as f32 },
        ln(len_o.min(len_n)),
        b(!no.is_empty() && no == nn),
        b(numbers_differ),
        b(no.is_empty() != nn.is_empty()),
        num_unaligned,
        ln(names_shared),
        ln(names_o),
        ln(names_n),
        b(names_o > 0 && names_n > 0),
        b(neg_flip),
        b(so.negations > 0 && sn.negations > 0),
        b(antonym),
        b(!same_relations(so, sn)),
        b(possessive_shift(so, sn)),
        b(ident_shift),
        b(change_newer),
        b(change_older),
        b(subject_same),
        b(numbers_differ) * cov_min,
        b(neg_flip) * cov_min,
        b(change_newer && subject_same),
        first_unaligned(&so.content, &stems_n, false),
        first_unaligned(&sn.content, &stems_o, true),
        b(other_words == 0 && values_differ),
        ln(other_o),
        ln(other_n),
        b(slot == Some(true)),
        b(slot == Some(false)),
        soft.cover.0,
        soft.cover.1,
        soft.worst.0,
        soft.worst.1,
        ln(soft.gaps.0),
        ln(soft.gaps.1),
        b(rules == Decision::Duplicate),
        b(rules == Decision::Update),
    ]
}

/// Whether one statement is about something of someone's that the other
/// does not name: "*Tom's brother* works at Google" / "Tom works at
/// Google". A possessive only one side writes is a restatement when what
/// it owns is named on the other side too: "*Rahul Gupta's motorbike*
/// insurance" / "Rahul Gupta insures his *motorbike*".
pub(super) fn possessive_shift(so: &Signals, sn: &Signals) -> bool {
    let owned_named = |s: &Signals, other: &Signals, p: &str| {
        let mut owned = s.frame.iter().enumerate().filter(|(i, w)| s.owner[*i] && normalise(w) == p).map(|(i, _)| s.frame.get(i + 1)).peekable();
        owned.peek().is_some()
            && owned.all(|next| {
                next.is_some_and(|w| !STOP.contains(&w.as_str()) && other.content.iter().any(|c| stem5(c) == stem5(&normalise(w))))
            })
    };
    so.possessives.symmetric_difference(&sn.possessives).any(|p| {
        let (s, other) = if so.possessives.contains(p) { (so, sn) } else { (sn, so) };
        !owned_named(s, other, p)
    })
}
