//! The candle embedder against vectors recorded once from
//! sentence-transformers (models/reference_vectors.py).

mod common;

use common::{cosine, model};
use dreamdb::embed::Embedder;

#[derive(serde::Deserialize)]
struct Reference {
    texts: Vec<String>,
    vectors: Vec<Vec<f32>>,
}

fn reference() -> Reference {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reference_vectors.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// fp32 (whatever the default precision) against the reference.
#[test]
fn vectors_match_sentence_transformers_reference() {
    let r = reference();
    assert!(r.texts.len() >= 8);
    let refs: Vec<&str> = r.texts.iter().map(String::as_str).collect();
    let got = f32_model().embed(&refs).unwrap();
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

fn f32_model() -> dreamdb::embed::BertEmbedder {
    use dreamdb::embed::{BertEmbedder, BertOptions, DeviceChoice, Precision};
    let opts = BertOptions { device: DeviceChoice::Cpu, precision: Precision::F32, ..Default::default() };
    BertEmbedder::new(&common::model_dir(), opts).unwrap()
}

fn q8_model() -> dreamdb::embed::BertEmbedder {
    use dreamdb::embed::{BertEmbedder, BertOptions, DeviceChoice, Precision};
    let opts = BertOptions { device: DeviceChoice::Cpu, precision: Precision::Q8, ..Default::default() };
    BertEmbedder::new(&common::model_dir(), opts).unwrap()
}

#[test]
fn q8_vectors_stay_within_cosine_0_99_of_the_reference() {
    let r = reference();
    let refs: Vec<&str> = r.texts.iter().map(String::as_str).collect();
    let q8 = q8_model();
    let got = q8.embed(&refs).unwrap();
    let mut worst = 1.0f32;
    for ((text, want), got) in r.texts.iter().zip(&r.vectors).zip(&got) {
        assert_eq!(got.len(), 384);
        let norm: f32 = got.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-4, "q8 vector not normalised");
        let c = cosine(want, got);
        worst = worst.min(c);
        assert!(c >= 0.99, "q8 cosine {c} < 0.99 for {:?}", &text[..text.len().min(60)]);
    }
    println!("q8: worst cosine to the sentence-transformers reference {worst:.5}");
    // Padding in a batch must not move a q8 vector either.
    for (i, t) in refs.iter().enumerate() {
        let alone = q8.embed(&[t]).unwrap().remove(0);
        assert!(cosine(&alone, &got[i]) > 0.999, "text {i}: q8 vector changed with padding");
    }
}

#[test]
fn precisions_have_distinct_fingerprints_and_a_store_keeps_its_own() {
    use dreamdb::embed::Precision;
    use dreamdb::{Error, Memory, NewEntry};
    let q8 = q8_model();
    assert!(!q8.identity().compatible(&q8.identity_at(Precision::F32)));
    assert_eq!(q8.identity_at(Precision::Q8), *q8.identity());
    assert!(q8.identity().name.contains("q8"));

    let dir = tempfile::tempdir().unwrap();
    let open = |p: Option<Precision>| {
        let mut b = Memory::builder(dir.path()).model_dir(common::model_dir()).sync_writes(false);
        if let Some(p) = p {
            b = b.precision(p);
        }
        b.open()
    };
    // The store is made at the precision that is not the default.
    let other = if Precision::default() == Precision::F32 { Precision::Q8 } else { Precision::F32 };
    let mem = open(Some(other)).unwrap();
    mem.remember(NewEntry::new("the cat sat on the mat")).unwrap();
    let made = mem.model().clone();
    mem.close().unwrap();
    // Asked for the other precision: refused, never mixed.
    match open(Some(Precision::default())) {
        Err(Error::ModelMismatch { .. }) => {}
        Err(e) => panic!("expected a model mismatch, got {e}"),
        Ok(_) => panic!("an embedder at another precision opened the store"),
    }
    // Precision left to the default: the store's own is used.
    let mem = open(None).unwrap();
    assert_eq!(*mem.model(), made);
    let hits = mem.recall(&dreamdb::RecallQuery::new("where did the cat sit", 1)).unwrap();
    assert_eq!(hits.len(), 1);
}
