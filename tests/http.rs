//! `dreamdb serve` end to end: the real binary on a free port, driven by a
//! real HTTP client. The README's curl examples (README.md, "HTTP API") are
//! run here too, by `the_readme_curl_examples_work`.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// A running `dreamdb serve`; killed on drop if the test did not stop it.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(db: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dreamdb"))
            .arg("--db")
            .arg(db)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .env("DREAMDB_MODEL", common::model_dir())
            .env_remove("DREAMDB_DB")
            .stdout(Stdio::piped())
            .spawn()
            .expect("start dreamdb serve");
        // The first stdout line names the bound address (port 0 picks a free one).
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let base = line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("unexpected first line {line:?}")).to_string();
        Server { child, base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// SIGTERM, then wait for a clean exit.
    fn terminate(mut self) {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "serve exited with {status} after SIGTERM");
                return;
            }
            assert!(Instant::now() < deadline, "serve did not stop within 30 s of SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

/// Status and JSON body of a response.
fn read(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> (u16, Value) {
    let mut r = r.expect("request");
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap();
    let v = serde_json::from_str(&text).unwrap_or_else(|_| panic!("status {status}: body is not JSON: {text:?}"));
    (status, v)
}

fn post(a: &ureq::Agent, url: &str, body: Value) -> (u16, Value) {
    read(a.post(url).send_json(body))
}

fn get(a: &ureq::Agent, url: &str) -> (u16, Value) {
    read(a.get(url).call())
}

/// Twelve unrelated facts, three for each of four concurrent agents.
const FACTS: [&str; 12] = [
    "The build cache lives in /var/cache/build",
    "Alice prefers green tea in the afternoon",
    "The office wifi password rotates every Monday",
    "Invoices are archived after seven years",
    "The staging database listens on port 5433",
    "Tom's birthday is on the fourth of July",
    "Release notes are written in the CHANGELOG file",
    "The cat is fed twice a day at eight",
    "Backups upload to the eu-west bucket at midnight",
    "The parking garage closes at ten in the evening",
    "Kubernetes pods restart when memory exceeds two gigabytes",
    "The library returns books on Thursdays",
];

#[test]
fn an_agent_loop_over_http_survives_sigterm() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("store");
    let server = Server::start(&db, &[]);
    let a = agent();

    // remember
    let (st, deploy) = post(
        &a,
        &server.url("/v1/memories"),
        json!({"text": "Deploy to staging with `make deploy ENV=staging` after the VPN is up", "kind": "procedure", "tags": ["ops"], "ns": "agent-1"}),
    );
    assert_eq!(st, 201, "{deploy}");
    let deploy = deploy["id"].as_u64().unwrap();

    // sessions: the same migration-lock error in the three that fail
    let tasks = [
        ("add a shipped_at column to orders", "error: could not obtain migration lock on table orders (held since 09:12)", false),
        ("rename users.fullname", "error: could not obtain migration lock on table users (held since 14:40)", false),
        ("drop the legacy invoices index", "error: could not obtain migration lock on table invoices (held since 08:03)", false),
        ("ship the invoice rounding hotfix", "deploy finished, 12 pods restarted", true),
        ("bump the logging library", "cargo update finished; all 214 tests passed", true),
    ];
    for (task, tool, success) in tasks {
        let (st, s) = post(&a, &server.url("/v1/sessions"), json!({"ns": "agent-1", "title": task}));
        assert_eq!(st, 201, "{s}");
        let s = s["session"].as_u64().unwrap();
        let (st, t) = post(&a, &server.url(&format!("/v1/sessions/{s}/turns")), json!({"role": "user", "text": format!("Please {task}.")}));
        assert_eq!((st, t), (201, json!({"session": s, "turn": 0})));
        let (st, t) = post(&a, &server.url(&format!("/v1/sessions/{s}/turns")), json!({"role": "tool", "text": tool, "error": !success}));
        assert_eq!((st, t), (201, json!({"session": s, "turn": 1})));
        let (st, end) = post(&a, &server.url(&format!("/v1/sessions/{s}/end")), json!({"success": success}));
        assert_eq!(st, 200, "{end}");
        assert_eq!(end["status"], "closed");
    }

    // dream: preview, then apply
    let (st, preview) = post(&a, &server.url("/v1/dream"), json!({"dry_run": true}));
    assert_eq!(st, 200, "{preview}");
    assert_eq!(preview["dry_run"], true);
    let (st, report) = post(&a, &server.url("/v1/dream"), json!({}));
    assert_eq!(st, 200, "{report}");
    let insights: Vec<&Value> = report["changes"].as_array().unwrap().iter().filter(|c| c["kind"] == "insight").collect();
    assert_eq!(insights.len(), 1, "{report}");
    assert_eq!(report["sessions_reviewed"].as_array().unwrap().len(), 5);
    assert!(report["summary"].as_str().unwrap().contains("1 insights"), "{report}");
    let insight = insights[0]["entry"].as_u64().unwrap();

    // judge: the verdict a dream would give a pair, with its signals
    let (st, v) = post(&a, &server.url("/v1/judge"), json!({"older": "Tom works at Google.", "newer": "Tom's brother works at Google."}));
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["decision"], "distinct", "{v}");
    assert_eq!(v["scores"]["relation_shift"], 1.0, "{v}");
    assert!(v["signals"]["duplicate"].as_str().unwrap().contains("relation_shift"), "{v}");

    // recall: the procedure by meaning, the new insight by kind filter
    let (st, r) = post(&a, &server.url("/v1/recall"), json!({"query": "how do I deploy to staging?", "ns": "agent-1", "k": 3}));
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["hits"][0]["id"], deploy, "{r}");
    let (_, r) = post(&a, &server.url("/v1/recall"), json!({"query": "migration lock is held", "ns": ["agent-1"], "kinds": ["mistake"], "k": 3}));
    assert_eq!(r["hits"][0]["id"], insight, "{r}");

    // the entry, its history, the dream list, the memory file, stats
    let (st, e) = get(&a, &server.url(&format!("/v1/memories/{insight}")));
    assert_eq!(st, 200);
    assert_eq!(e["kind"], "mistake");
    let (_, h) = get(&a, &server.url(&format!("/v1/memories/{insight}/history")));
    assert_eq!(h["events"][0]["dream"], report["dream_id"], "{h}");
    let (_, d) = get(&a, &server.url("/v1/dreams"));
    assert_eq!(d["dreams"].as_array().unwrap().len(), 1, "{d}");
    let mut md = a.get(server.url("/v1/memory-file?ns=agent-1")).call().unwrap();
    assert_eq!(md.status().as_u16(), 200);
    assert!(md.headers()["content-type"].to_str().unwrap().starts_with("text/markdown"));
    let md = md.body_mut().read_to_string().unwrap();
    assert!(md.contains("make deploy ENV=staging") && md.contains("migration lock"), "{md}");

    // several agents share the store at once
    let urls = (server.url("/v1/memories"), server.url("/v1/recall"));
    let ids: Vec<u64> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let (remember, recall) = (&urls.0, &urls.1);
                scope.spawn(move || {
                    let a = agent();
                    let mut ids = Vec::new();
                    for i in 0..3 {
                        let text = FACTS[t * 3 + i];
                        let (st, v) = post(&a, remember, json!({"text": text, "ns": format!("worker-{t}")}));
                        assert_eq!(st, 201, "{v}");
                        ids.push(v["id"].as_u64().unwrap());
                        let (st, r) = post(&a, recall, json!({"query": text, "ns": format!("worker-{t}"), "k": 1}));
                        assert_eq!(st, 200, "{r}");
                        assert_eq!(r["hits"][0]["id"], *ids.last().unwrap(), "{r}");
                    }
                    ids
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 12);

    // forget, then SIGTERM: a graceful stop closes the store
    let (st, f) = read(a.delete(server.url(&format!("/v1/memories/{}", ids[0]))).call());
    assert_eq!((st, f), (200, json!({"forgotten": ids[0]})));
    server.terminate();

    let mem = dreamdb::Memory::builder(&db).model_dir(common::model_dir()).open().expect("reopen after SIGTERM");
    let stats = mem.stats().unwrap();
    assert_eq!(stats.checkpoint_seq, stats.seq, "the indexes were checkpointed on shutdown");
    assert!(mem.get(ids[0]).unwrap().is_none());
    assert!(mem.get(ids[1]).unwrap().is_some());
    assert_eq!(mem.get(insight).unwrap().unwrap().kind, dreamdb::Kind::Mistake);
    assert_eq!(mem.dreams().unwrap().len(), 1);
    let hits = mem.recall(&dreamdb::RecallQuery::new("how do I deploy to staging?", 1).namespaces(["agent-1"])).unwrap();
    assert_eq!(hits[0].entry.id, deploy);
}

#[test]
fn bad_requests_get_clear_json_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(tmp.path(), &["--max-body", "4096"]);
    let a = agent();
    let err = |(st, v): (u16, Value)| -> (u16, String, String) {
        (st, v["error"]["code"].as_str().unwrap_or_default().into(), v["error"]["message"].as_str().unwrap_or_default().into())
    };

    // bad JSON
    let (st, code, msg) = err(read(a.post(server.url("/v1/memories")).content_type("application/json").send("{\"text\": ")));
    assert_eq!((st, code.as_str()), (400, "bad_request"), "{msg}");
    assert!(msg.contains("not valid JSON"), "{msg}");
    // invalid UTF-8 in a JSON string
    let bad_utf8: &[u8] = b"{\"text\": \"caf\xff\xfe\"}";
    let (st, code, msg) = err(read(a.post(server.url("/v1/memories")).content_type("application/json").send(bad_utf8)));
    assert_eq!((st, code.as_str()), (400, "bad_request"), "{msg}");
    // a missing field, an unknown field, a wrong type
    let (st, _, msg) = err(post(&a, &server.url("/v1/memories"), json!({"ns": "x"})));
    assert_eq!(st, 400);
    assert!(msg.contains("missing field `text`"), "{msg}");
    let (st, _, msg) = err(post(&a, &server.url("/v1/recall"), json!({"query": "x", "namespace": "y"})));
    assert_eq!(st, 400);
    assert!(msg.contains("unknown field `namespace`"), "{msg}");
    let (st, _, msg) = err(post(&a, &server.url("/v1/recall"), json!({"query": "x", "k": "ten"})));
    assert_eq!(st, 400, "{msg}");
    // engine validation
    let (st, code, msg) = err(post(&a, &server.url("/v1/recall"), json!({"query": "x", "k": 0})));
    assert_eq!((st, code.as_str()), (400, "invalid_input"), "{msg}");
    let (st, _, msg) = err(post(&a, &server.url("/v1/memories"), json!({"text": "x", "kind": "opinion"})));
    assert_eq!(st, 400);
    assert!(msg.contains("opinion"), "{msg}");
    let (st, code, msg) = err(post(&a, &server.url("/v1/dream"), json!({"dry_run": true, "merge_threshold": 1.5})));
    assert_eq!((st, code.as_str()), (400, "invalid_input"), "{msg}");
    assert!(msg.contains("not a probability"), "{msg}");
    let (st, code, msg) = err(post(&a, &server.url("/v1/judge"), json!({"older": "a", "newer": "b", "update_threshold": -0.1})));
    assert_eq!((st, code.as_str()), (400, "invalid_input"), "{msg}");
    let (st, code, msg) = err(post(&a, &server.url("/v1/judge"), json!({"older": "a"})));
    assert_eq!((st, code.as_str()), (400, "bad_request"), "{msg}");
    assert!(msg.contains("newer"), "{msg}");
    // unknown ids and routes
    let (st, code, _) = err(get(&a, &server.url("/v1/memories/424242")));
    assert_eq!((st, code.as_str()), (404, "not_found"));
    let (st, code, _) = err(read(a.delete(server.url("/v1/memories/424242")).call()));
    assert_eq!((st, code.as_str()), (404, "not_found"));
    let (st, _, msg) = err(post(&a, &server.url("/v1/sessions/99/turns"), json!({"text": "hi"})));
    assert_eq!(st, 404, "{msg}");
    let (st, _, msg) = err(get(&a, &server.url("/v1/memories/abc")));
    assert_eq!(st, 400);
    assert!(msg.contains("not a number"), "{msg}");
    let (st, _, msg) = err(get(&a, &server.url("/v2/nothing")));
    assert_eq!(st, 404);
    assert!(msg.contains("/openapi.json"), "{msg}");
    let (st, code, _) = err(read(a.put(server.url("/v1/recall")).send_json(json!({}))));
    assert_eq!((st, code.as_str()), (405, "method_not_allowed"));
    // a conflict
    assert_eq!(post(&a, &server.url("/v1/memories"), json!({"text": "one", "id": "ext-1"})).0, 201);
    let (st, code, _) = err(post(&a, &server.url("/v1/memories"), json!({"text": "two", "id": "ext-1"})));
    assert_eq!((st, code.as_str()), (409, "conflict"));
    // the body limit
    let big = "x".repeat(8192);
    let (st, code, _) = err(post(&a, &server.url("/v1/memories"), json!({ "text": big })));
    assert_eq!((st, code.as_str()), (413, "payload_too_large"));

    // The OpenAPI document: every documented operation is served (a real
    // request to it is not answered by the 404 or 405 fallbacks).
    let (st, doc) = get(&a, &server.url("/openapi.json"));
    assert_eq!(st, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    let mut n = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            let url = server.url(&path.replace("{id}", "424242"));
            let req = match method.as_str() {
                "get" => a.get(&url).call(),
                "delete" => a.delete(&url).call(),
                "post" => a.post(&url).send_json(json!({"dry_run": true})),
                m => panic!("unexpected method {m}"),
            };
            let mut r = req.unwrap();
            let body = r.body_mut().read_to_string().unwrap();
            assert!(!body.contains("no route") && r.status().as_u16() != 405, "{method} {path}: {body}");
            n += 1;
        }
    }
    assert_eq!(n, 15);
    server.terminate();
}

/// The README's HTTP block, run line by line: each `curl -s URL [-d 'BODY']`
/// is sent to a fresh server, and a `# {...}` line after it is the JSON the
/// response must equal.
#[test]
fn the_readme_curl_examples_work() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme.split("## HTTP API").nth(1).expect("README has an HTTP API section");
    let block = section.split("```sh\n").nth(1).and_then(|b| b.split("```").next()).expect("a sh block");
    assert!(block.lines().next().unwrap().starts_with("dreamdb serve --db"), "{block}");
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(tmp.path(), &[]);
    let a = agent();
    let (mut curls, mut checked) = (0, 0);
    let mut last: Option<(u16, Value)> = None;
    for line in block.lines() {
        if let Some(rest) = line.strip_prefix("curl -s ") {
            let (url, rest) = match rest.strip_prefix('\'') {
                Some(r) => r.split_once('\'').unwrap(),
                None => rest.split_once(' ').unwrap_or((rest, "")),
            };
            let url = url.replace("localhost:8377", server.base.trim_start_matches("http://"));
            let url = format!("http://{url}");
            let resp = match rest.trim().strip_prefix("-d '").and_then(|b| b.strip_suffix('\'')) {
                Some(body) => a.post(&url).send(body),
                None => a.get(&url).call(),
            };
            let mut resp = resp.unwrap();
            let status = resp.status().as_u16();
            let text = resp.body_mut().read_to_string().unwrap();
            assert!(status < 300, "{line}: {status} {text}");
            last = Some((status, serde_json::from_str(&text).unwrap_or(Value::String(text))));
            curls += 1;
        } else if let Some(expected) = line.strip_prefix("# {") {
            let expected: Value = serde_json::from_str(&format!("{{{expected}")).unwrap();
            let (_, got) = last.take().expect("an expected response follows a curl line");
            assert_eq!(got, expected, "README response after {curls} curl lines");
            checked += 1;
        }
    }
    assert!(curls >= 7 && checked >= 3, "{curls} requests, {checked} responses checked");
    // The last request is the memory file, which now holds the procedure.
    let md = last.unwrap().1;
    assert!(md.as_str().unwrap().contains("make deploy ENV=staging"), "{md}");
    server.terminate();
}
