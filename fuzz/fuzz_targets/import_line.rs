#![no_main]
//! Arbitrary bytes as a JSONL import line: parsing must fail cleanly.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dreamdb::fuzzing::parse_import_line(data);
});
