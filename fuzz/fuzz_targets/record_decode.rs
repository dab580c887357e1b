#![no_main]
//! Arbitrary bytes as stored records: decoding must fail cleanly.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dreamdb::fuzzing::decode_records(data);
});
