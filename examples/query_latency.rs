//! Single-query embedding latency: `cargo run --release --example query_latency`.
use dreamdb::embed::{default_model_dir, BertEmbedder, BertOptions, DeviceChoice, Embedder};
use std::time::Instant;

fn main() {
    let m = BertEmbedder::new(&default_model_dir().expect("model"), BertOptions { device: DeviceChoice::Cpu, ..Default::default() })
        .expect("model");
    let qs = ["When did Caroline go to the LGBTQ support group?", "What did Melanie paint?", "Where does Tom work now?"];
    m.embed(&qs).expect("warm");
    let mut lat: Vec<f64> = (0..300)
        .map(|i| {
            let t = Instant::now();
            m.embed(&[qs[i % 3]]).expect("embed");
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    lat.sort_by(f64::total_cmp);
    println!("query embedding p50 {:.2} ms, p99 {:.2} ms", lat[150], lat[296]);
}
