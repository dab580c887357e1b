//! Hybrid recall: fusion of dense and lexical candidates, filters, as-of,
//! and both indexes hiding or finding updated and forgotten entries, also
//! after a reopen. Uses the real model where meaning matters.

mod common;

use dreamdb::{EntryUpdate, Filter, Memory, NewEntry, RecallMode, RecallQuery, Status};

fn open(path: &std::path::Path) -> Memory {
    Memory::builder(path).embedder(common::model()).open().unwrap()
}

fn ids(mem: &Memory, q: RecallQuery) -> Vec<String> {
    mem.recall(&q).unwrap().into_iter().filter_map(|h| h.entry.external_id).collect()
}

fn facts(mem: &Memory) {
    let facts = [
        ("code", "Ticket XK-4471 tracks the flaky login test."),
        ("allergy", "The user's daughter is allergic to peanuts."),
        ("deploy", "Deployments to production happen every Thursday afternoon."),
        ("lisbon", "Tom moved from Berlin to Lisbon last spring."),
        ("cello", "Maria plays the cello in a community orchestra."),
        ("vault", "API keys are kept in the team vault, never in the repository."),
    ];
    mem.remember_batch(facts.iter().map(|(id, t)| NewEntry::new(*t).external_id(*id)).collect()).unwrap();
}

#[test]
fn hybrid_finds_rare_tokens_like_bm25_and_paraphrases_like_dense() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    facts(&mem);
    // An opaque identifier: BM25 finds it; the dense model has no idea.
    let q = || RecallQuery::new("status of XK-4471?", 3);
    assert_eq!(ids(&mem, q().mode(RecallMode::Lexical))[0], "code");
    assert_eq!(ids(&mem, q())[0], "code");
    // A paraphrase with no shared content word: dense finds it, BM25 cannot.
    let q = || RecallQuery::new("Which food must the kid stay away from?", 3);
    assert!(ids(&mem, q().mode(RecallMode::Lexical)).iter().all(|id| id != "allergy"));
    assert_eq!(ids(&mem, q().mode(RecallMode::Dense))[0], "allergy");
    assert_eq!(ids(&mem, q())[0], "allergy");
    // Hybrid hits say which retriever found them.
    let hit = &mem.recall(&RecallQuery::new("XK-4471 flaky login test", 1)).unwrap()[0];
    assert!(hit.dense.is_some() && hit.lexical.is_some(), "{hit:?}");
}

#[test]
fn updated_and_forgotten_entries_are_right_in_both_indexes_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let check = |mem: &Memory| {
        for mode in [RecallMode::Lexical, RecallMode::Dense, RecallMode::Hybrid] {
            // The old text must match neither index any more.
            for h in mem.recall(&RecallQuery::new("cello orchestra music", 6).mode(mode)).unwrap() {
                if h.entry.external_id.as_deref() == Some("cello") {
                    assert!(h.lexical.is_none() && h.dense.unwrap_or(0.0) < 0.4, "{mode:?}: old text still matches: {h:?}");
                }
            }
            let pilot = ids(mem, RecallQuery::new("cargo airline pilot", 1).mode(mode));
            assert_eq!(pilot, vec!["cello"], "{mode:?}: new text not found");
            let vault = ids(mem, RecallQuery::new("team vault API keys repository", 6).mode(mode));
            assert!(!vault.contains(&"vault".to_string()), "{mode:?}: forgotten entry came back");
        }
    };
    {
        let mem = open(dir.path());
        facts(&mem);
        let cello = mem.get_by_external_id("default", "cello").unwrap().unwrap();
        mem.update(cello.id, EntryUpdate { text: Some("Maria now flies as a pilot for a cargo airline.".into()), ..Default::default() })
            .unwrap();
        let vault = mem.get_by_external_id("default", "vault").unwrap().unwrap();
        mem.forget(vault.id).unwrap();
        check(&mem);
    }
    let mem = open(dir.path());
    assert_eq!(mem.open_report().lexical_replayed, 0, "clean close: nothing to replay");
    check(&mem);
}

#[test]
fn filters_and_as_of_apply_to_both_retrievers() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let t2024 = dreamdb::parse_rfc3339("2024-01-01T00:00:00Z").unwrap();
    let old = mem
        .remember(NewEntry::new("The weekly sync is on Tuesdays at 09:30.").namespace("team").created_at(t2024))
        .unwrap();
    mem.remember(NewEntry::new("The weekly sync moved to Wednesdays at 10:00.").namespace("team").tag("meetings"))
        .unwrap();
    let archived = mem.archive(old, Some("replaced by the Wednesday slot")).unwrap();
    assert_eq!(archived.status, Status::Archived);
    let now = dreamdb::now_millis();
    for mode in [RecallMode::Lexical, RecallMode::Dense, RecallMode::Hybrid] {
        let q = |f: Filter| {
            let mut r = RecallQuery::new("weekly sync day", 5).mode(mode);
            r.filter = Filter { namespaces: vec!["team".into()], ..f };
            mem.recall(&r).unwrap().into_iter().map(|h| h.entry.id).collect::<Vec<_>>()
        };
        assert!(!q(Filter::default()).contains(&old), "{mode:?}: archived entry shown by default");
        assert!(q(Filter { statuses: vec![Status::Archived], ..Default::default() }).contains(&old));
        // As of a day after its creation and before its archiving, it was active.
        assert!(q(Filter { as_of: Some(t2024 + 86_400_000), ..Default::default() }).contains(&old), "{mode:?}");
        assert!(!q(Filter { as_of: Some(now + 1000), ..Default::default() }).contains(&old), "{mode:?}");
        assert!(q(Filter { as_of: Some(t2024 - 1), ..Default::default() }).is_empty(), "{mode:?}: nothing existed yet");
        assert!(!q(Filter { tags: vec!["meetings".into()], ..Default::default() }).contains(&old));
    }
    mem.restore(old).unwrap();
    let hits = mem.recall(&RecallQuery::new("weekly sync Tuesdays", 2).namespaces(["team"])).unwrap();
    assert_eq!(hits[0].entry.id, old);
    let story: Vec<_> = mem.history(old).unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(story, vec![dreamdb::Action::Created, dreamdb::Action::Archived, dreamdb::Action::Restored]);
}
