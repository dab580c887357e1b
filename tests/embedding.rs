//! The candle embedder against vectors recorded once from
//! sentence-transformers (models/reference_vectors.py).

mod common;

use common::{cosine, model};

#[derive(serde::Deserialize)]
struct Reference {
    texts: Vec<String>,
    vectors: Vec<Vec<f32>>,
}

fn reference() -> Reference {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reference_vectors.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn vectors_match_sentence_transformers_reference() {
    let r = reference();
    assert!(r.texts.len() >= 8);
    let refs: Vec<&str> = r.texts.iter().map(String::as_str).collect();
    let got = model().embed(&refs).unwrap();
    for ((text, want), got) in r.texts.iter().zip(&r.vectors).zip(&got) {
        assert_eq!(got.len(), 384);
        let c = cosine(want, got);
        assert!(c >= 0.999, "cosine {c} < 0.999 for {:?}", &text[..text.len().min(60)]);
    }
}

#[test]
fn a_text_embeds_the_same_alone_and_in_a_padded_batch() {
    let r = reference();
    let refs: Vec<&str> = r.texts.iter().map(String::as_str).collect();
    let batch = model().embed(&refs).unwrap();
    for (i, t) in refs.iter().enumerate() {
        let alone = model().embed(&[t]).unwrap().remove(0);
        let c = cosine(&alone, &batch[i]);
        assert!(c > 0.9999, "text {i}: padding changed the vector (cosine {c})");
    }
}

#[test]
fn texts_longer_than_the_window_are_truncated_like_the_reference() {
    // The reference set holds a ~550-token text; sentence-transformers cuts
    // it to 256 tokens. A text that only differs after token 256 must embed
    // identically.
    let r = reference();
    let long = r.texts.iter().max_by_key(|t| t.len()).unwrap();
    let extended = format!("{long} and then a completely different ending about submarines and volcanoes");
    let v = model().embed(&[long, &extended]).unwrap();
    assert!(cosine(&v[0], &v[1]) > 0.99999);
}
