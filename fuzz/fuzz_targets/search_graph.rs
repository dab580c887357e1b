#![no_main]
//! Arbitrary bytes as a checkpointed search graph: loading must fail
//! cleanly, and a graph that loads must be safe to walk.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dreamdb::fuzzing::load_search_graph(data);
});
