//! The trained pair judge with the real model, on pairs written for this
//! test (in none of its training data): a newer value supersedes, a
//! statement about someone else stays, paraphrases rank far above both; and a dream carries
//! each decision's probabilities and deciding features into its report and
//! the audit history.

mod common;

use dreamdb::dream::{ChangeKind, Decision, DreamOptions, PairJudge, TrainedJudge};
use dreamdb::{parse_rfc3339, Entry, Memory, NewEntry, Status};

fn judge(older: &str, newer: &str) -> (Decision, String) {
    let m = common::model();
    let v = m.embed(&[older, newer]).unwrap();
    let cos = common::cosine(&v[0], &v[1]);
    let e = |text: &str, at: i64| Entry { id: at as u64, text: text.into(), created_at: at, ..Default::default() };
    let verdict = TrainedJudge::default().judge(&e(older, 1), &e(newer, 2), cos);
    (verdict.decision, format!("cosine {cos:.3}: {}", verdict.reason))
}

/// The judge's soft alignment reads the default model's word-piece
/// vectors: another word for the same thing ("buys" / "purchases") is
/// matched far better than another thing ("staves" / "barrels"), and a
/// statement covers itself fully.
#[test]
fn word_vectors_match_other_words_for_the_same_thing() {
    use dreamdb::dream::judge::{pair_features, FEATURE_NAMES};
    common::model(); // the judge reads the same installed model
    let at = |name: &str| FEATURE_NAMES.iter().position(|n| *n == name).unwrap();
    let fact = "Mira buys the staves from Ozark Timber.";
    let synonym = pair_features(fact, "Mira purchases the staves from Ozark Timber.", 0.9);
    let other = pair_features(fact, "Mira buys the barrels from Ozark Timber.", 0.9);
    let same = pair_features(fact, fact, 1.0);
    let worst = at("soft_worst_newer");
    assert!(synonym[worst] > 0.45 && other[worst] < 0.25, "worst piece: synonym {}, other thing {}", synonym[worst], other[worst]);
    assert!(synonym[at("soft_cover_older")] > other[at("soft_cover_older")]);
    assert_eq!((same[at("soft_cover_older")], same[at("soft_worst_newer")], same[at("soft_gaps_older")]), (1.0, 1.0, 0.0));
}

#[test]
fn unseen_pairs_are_judged_by_meaning_values_and_subject() {
    let cases = [
        ("The invoice approval limit is 500 euros.", "The invoice approval limit is now 750 euros.", Decision::Update),
        ("Jonas Weber lives in Lisbon.", "Jonas Weber moved from Lisbon to Porto.", Decision::Update),
        ("The office coffee machine is working.", "The office coffee machine is not working.", Decision::Update),
        ("Dark mode is on in the team's code editor.", "Dark mode is off in the team's code editor.", Decision::Update),
        ("The guest Wi-Fi in the lobby is enabled.", "The guest Wi-Fi in the lobby is disabled.", Decision::Update),
        ("The design team is led by Marta Kowalska.", "The design team is led by Joon-ho Park.", Decision::Update),
        ("Jonas Weber lives in Lisbon.", "Jonas Weber's sister lives in Lisbon.", Decision::Distinct),
        ("The staging cluster runs Kubernetes 1.29.", "The production cluster runs Kubernetes 1.29.", Decision::Distinct),
        ("Priya Nair leads the data platform team.", "Priya Nair enjoys hiking in the Alps.", Decision::Distinct),
    ];
    let mut wrong = Vec::new();
    for (older, newer, want) in cases {
        let (got, why) = judge(older, newer);
        if got != want {
            wrong.push(format!("{older:?} / {newer:?}: want {want:?}, got {got:?} ({why})"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Paraphrases that restructure the sentence can sit below the
    // precision-first default merge threshold (a missed merge costs less
    // than a false one), but the model ranks them far above a statement
    // about someone else or another attribute.
    let p = |a: &str, b: &str| {
        let v = common::model().embed(&[a, b]).unwrap();
        TrainedJudge::default().probabilities(a, b, common::cosine(&v[0], &v[1])).0
    };
    let para = p("Priya Nair leads the data platform team.", "The data platform team is led by Priya Nair.");
    let other = p("Priya Nair leads the data platform team.", "Priya Nair's manager leads the data platform team.");
    let hobby = p("Priya Nair leads the data platform team.", "Priya Nair enjoys hiking in the Alps.");
    assert!(para > 0.5 && para > other + 0.3 && para > hobby + 0.3, "{para} {other} {hobby}");
    let other = p("The nightly backup job starts at 1 a.m.", "The weekly backup job starts at 1 a.m.");
    let para = p("The nightly backup job starts at 1 a.m.", "Every night at 1 a.m. the backup job starts.");
    assert!(para > 0.5 && para > other + 0.3, "{para} {other}");
    // So can a detail added, the time zone (P(duplicate) 0.78 against the
    // bar of 0.81 for the model trained on the blind sets, 0.76 against
    // 0.79 for the one that reads soft alignment).
    let para = p("The nightly backup job starts at 1 a.m.", "The nightly backup job starts at 1 a.m. UTC.");
    assert!(para > 0.5 && para > other + 0.3, "{para} {other}");
}

#[test]
fn a_dream_explains_its_decisions_in_the_report_and_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let mem = Memory::builder(dir.path()).embedder(common::model()).open().unwrap();
    let at = |d: &str| parse_rfc3339(&format!("{d}T09:00:00Z")).unwrap();
    let old = mem
        .remember(NewEntry::new("The team standup is at 9:30 every weekday.").namespace("ops").created_at(at("2024-02-01")))
        .unwrap();
    let new = mem
        .remember(NewEntry::new("The team standup is at 10:15 every weekday.").namespace("ops").created_at(at("2024-06-01")))
        .unwrap();
    let r = mem.dream(&DreamOptions::default()).unwrap();
    assert_eq!(mem.get(old).unwrap().unwrap().status, Status::Superseded, "{r:#?}");
    assert_eq!(mem.get(old).unwrap().unwrap().superseded_by, Some(new));
    let c = r.changes.iter().find(|c| c.kind == ChangeKind::Supersede).unwrap();
    assert!(c.reason.contains("P(update)"), "{}", c.reason);
    assert!(c.scores.iter().any(|(k, v)| k == "p_update" && *v > 0.4), "{:?}", c.scores);
    assert!(c.scores.iter().any(|(k, v)| k == "numbers_differ" && *v == 1.0), "{:?}", c.scores);
    let h = mem.history(old).unwrap();
    let reason = h.last().unwrap().reason.clone().unwrap();
    assert!(reason.contains("P(update)") && reason.contains(&c.reason), "{reason}");
}

