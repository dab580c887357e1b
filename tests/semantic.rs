//! With the real model, paraphrased questions find the right memory among
//! distractors that share no key words with them.

mod common;

use dreamdb::{Memory, NewEntry, RecallQuery};

#[test]
fn paraphrased_queries_find_the_right_entry_among_distractors() {
    let dir = tempfile::tempdir().unwrap();
    let mem = Memory::builder(dir.path()).embedder(common::model()).open().unwrap();
    let facts = [
        ("peanuts", "The user's daughter is allergic to peanuts."),
        ("deploys", "Deployments to production happen every Thursday afternoon."),
        ("password", "The database password rotates every 90 days."),
        ("tom", "Tom moved from Berlin to Lisbon last spring."),
        ("theme", "The user prefers dark mode in all editors."),
        ("ci", "Our CI pipeline runs on two-core machines with 24 GB of RAM."),
        ("report", "The quarterly report is due on the fifth business day."),
        ("maria", "Maria plays the cello in a community orchestra."),
        ("ratelimit", "The API rate limit is 100 requests per minute per key."),
        ("coffee", "The office coffee machine is broken again."),
        ("flight", "The flight to Tokyo leaves at 7am on March 3rd."),
        ("dog", "Their dog Biscuit is afraid of thunderstorms."),
    ];
    let entries = facts.iter().map(|(id, t)| NewEntry::new(*t).external_id(*id)).collect();
    mem.remember_batch(entries).unwrap();

    let questions = [
        ("Which food must the kid stay away from?", "peanuts"),
        ("When do we ship releases to prod?", "deploys"),
        ("In which city does Tom live now?", "tom"),
        ("What colour scheme does the user want for code editors?", "theme"),
        ("What instrument does Maria play?", "maria"),
        ("How many calls can a client make each minute?", "ratelimit"),
        ("What scares the pet during storms?", "dog"),
    ];
    for (q, want) in questions {
        let hits = mem.recall(&RecallQuery::new(q, 3)).unwrap();
        let top = hits[0].entry.external_id.as_deref().unwrap();
        assert_eq!(top, want, "query {q:?} found {:?}", hits[0].entry.text);
        assert!(hits[0].score > hits[1].score);
    }
}
