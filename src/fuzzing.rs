//! Entry points for the fuzz targets in `fuzz/` (not a stable API).
//!
//! Records are read back from disk, where a bad sector or a bug in another
//! version could have changed any byte: decoding must return an error,
//! never panic or allocate without bound.

use crate::dream::DreamReport;
use crate::entry::{Entry, Session, Turn};
use crate::history::Event;
use crate::store::codec;

/// Decode `data` as every record type the store holds; errors are fine,
/// panics are bugs.
pub fn decode_records(data: &[u8]) {
    let _ = codec::decode::<Entry>(data, "fuzz entry");
    let _ = codec::decode::<Session>(data, "fuzz session");
    let _ = codec::decode::<Turn>(data, "fuzz turn");
    let _ = codec::decode::<Event>(data, "fuzz event");
    let _ = codec::decode::<DreamReport>(data, "fuzz dream");
    let _ = codec::decode_vector(data, 384, "fuzz vector");
    let _ = codec::key_id(data);
}

/// Load `data` as a checkpointed search graph (`search.graph`) and walk
/// it; errors are fine, panics are bugs.
pub fn load_search_graph(data: &[u8]) {
    if let Ok((g, _)) = crate::index::SearchGraph::from_bytes(data, 8, "fuzz") {
        let q = [0.5f32, -0.5, 0.5, -0.5, 0.0, 0.0, 0.0, 0.0];
        let _ = g.search(&crate::index::Query::new(&q), 10, None);
    }
}

/// Parse `data` as an import line; errors are fine, panics are bugs.
pub fn parse_import_line(data: &[u8]) {
    let _ = crate::import::parse_entry_line(data);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_and_flipped_records_decode_to_errors() {
        let e = Entry { text: "a memory".into(), tags: vec!["t".into()], ..Default::default() };
        let bytes = codec::encode(&e);
        assert!(codec::decode::<Entry>(&bytes, "entry").is_ok());
        for cut in 0..bytes.len() {
            decode_records(&bytes[..cut]);
            assert!(codec::decode::<Entry>(&bytes[..cut], "entry").is_err() || cut == bytes.len());
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0xff;
            decode_records(&b);
        }
    }
}
