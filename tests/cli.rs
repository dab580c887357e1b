//! The `dreamdb` command line as scripts use it: import → recall → export.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn dreamdb(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dreamdb"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("DREAMDB_MODEL", common::model_dir())
        .env_remove("DREAMDB_DB")
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "exit {:?}: {}", out.status, String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// What a script reads: `--json` on the commands that print ids and
/// records, no progress output on a non-terminal stderr, help and completions.
#[test]
fn scripts_read_json_and_stderr_stays_quiet_off_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("store");
    let run = |args: &[&str]| -> (serde_json::Value, String) {
        let out = dreamdb(&db, args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let stdout = ok(out);
        let lines = json_lines(&stdout);
        assert_eq!(lines.len(), 1, "{args:?}: {stdout}");
        (lines[0].clone(), stderr)
    };
    let file = tmp.path().join("mem.jsonl");
    let lines: String = (0..40).map(|i| format!("{{\"text\": \"note number {i} about the garden\"}}\n")).collect();
    std::fs::write(&file, lines).unwrap();
    let (v, stderr) = run(&["import", file.to_str().unwrap(), "--json"]);
    assert_eq!(v["imported"], 40);
    assert_eq!(stderr, "", "no progress bar when stderr is not a terminal");

    let (v, _) = run(&["remember", "The office is closed on Fridays.", "--json"]);
    let id = v["id"].as_u64().unwrap();
    let (v, _) = run(&["session", "start", "--title", "tidy the garden", "--json"]);
    let s = v["session"].as_u64().unwrap();
    let (v, _) = run(&["session", "log", &s.to_string(), "pulled the weeds", "--json"]);
    assert_eq!(v, serde_json::json!({"session": s, "turn": 0}));
    let (v, _) = run(&["session", "end", &s.to_string(), "--success", "--json"]);
    assert_eq!((v["status"].as_str(), v["turns"].as_u64()), (Some("closed"), Some(1)));
    let (v, stderr) = run(&["--quiet", "dream", "--json"]);
    assert_eq!(v["sessions_reviewed"], serde_json::json!([s]));
    assert_eq!(stderr, "");
    let dream = v["dream_id"].as_u64().unwrap();
    let (v, _) = run(&["undo", &dream.to_string(), "--json"]);
    assert_eq!(v["dream_id"], dream);
    let (v, _) = run(&["get", &id.to_string(), "--json"]);
    assert_eq!(v["text"], "The office is closed on Fridays.");
    let (v, _) = run(&["history", &id.to_string(), "--json"]);
    assert_eq!(v["action"], "created", "{v}");
    let (v, _) = run(&["forget", &id.to_string(), "--json"]);
    assert_eq!(v, serde_json::json!({"forgotten": id}));
    let (v, _) = run(&["stats", "--json"]);
    assert_eq!(v["entries"], 41, "40 imported and 1 episode; the remembered one forgotten");

    let help = ok(dreamdb(&db, &["--help"]));
    assert!(help.contains("Examples:") && help.contains("dreamdb mcp") && help.contains("dreamdb serve"), "{help}");
    // Completions need no store.
    let out = Command::new(env!("CARGO_BIN_EXE_dreamdb")).args(["completions", "bash"]).env_remove("DREAMDB_DB").output().unwrap();
    let script = ok(out);
    assert!(script.contains("_dreamdb()") && script.contains("import-sessions"), "{script}");
}

#[test]
fn import_recall_export_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("store");
    let file = tmp.path().join("mem.jsonl");
    std::fs::write(
        &file,
        r#"{"text": "Tom works at Google as a software engineer.", "id": "tom-job", "created_at": "2023-05-08T13:56:00Z"}
{"text": "The staging database runs on port 5433.", "id": "db-port", "kind": "fact", "tags": ["ops"]}

{"text": "Alice prefers green tea in the afternoon.", "id": "alice-tea", "ns": "alice", "kind": "preference", "importance": 0.9, "meta": {"source": "chat"}}
"#,
    )
    .unwrap();
    let out = ok(dreamdb(&db, &["import", file.to_str().unwrap(), "--json"]));
    assert_eq!(json_lines(&out)[0]["imported"], 3);

    let out = ok(dreamdb(&db, &["recall", "which company employs Tom?", "-k", "2", "--json"]));
    let v = &json_lines(&out)[0];
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2, "only the default namespace is searched");
    assert_eq!(hits[0]["external_id"], "tom-job");
    for key in ["id", "external_id", "ns", "text", "score", "status"] {
        assert!(hits[0].get(key).is_some(), "hit lacks {key}");
    }
    assert_eq!(hits[0]["status"], "active");

    let out = ok(dreamdb(&db, &["recall", "favourite drink", "-k", "1", "--ns", "alice", "--json"]));
    assert_eq!(json_lines(&out)[0]["hits"][0]["external_id"], "alice-tea");

    let batch = tmp.path().join("queries.jsonl");
    std::fs::write(
        &batch,
        "{\"query\": \"what port does staging use\", \"k\": 1}\n{\"query\": \"tea\", \"k\": 1, \"ns\": \"alice\"}\n",
    )
    .unwrap();
    let out = ok(dreamdb(&db, &["recall", "--batch", batch.to_str().unwrap(), "--json"]));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["query_index"], 0);
    assert_eq!(lines[0]["hits"][0]["external_id"], "db-port");
    assert_eq!(lines[1]["hits"][0]["ns"], "alice");

    let id = ok(dreamdb(&db, &["remember", "The office is closed on Fridays.", "--tag", "office"]));
    let id: u64 = id.trim().parse().unwrap();
    ok(dreamdb(&db, &["forget", &id.to_string()]));

    let out = ok(dreamdb(&db, &["export"]));
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 3);
    let tom = rows.iter().find(|r| r["external_id"] == "tom-job").unwrap();
    assert_eq!(tom["created_at"], "2023-05-08T13:56:00Z");
    assert_eq!(tom["status"], "active");
    assert_eq!(tom["ns"], "default");
    assert!(tom["merged_into"].is_null() && tom["superseded_by"].is_null());
    for key in ["id", "external_id", "ns", "text", "kind", "created_at", "status", "merged_into", "superseded_by"] {
        assert!(tom.get(key).is_some(), "export lacks {key}");
    }

    let out = ok(dreamdb(&db, &["get", "alice-tea", "--ext", "--ns", "alice"]));
    let e: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(e["meta"]["source"], "chat");
    assert_eq!(e["recall_count"], 2);
}

#[test]
fn a_bad_import_line_is_reported_with_its_number_and_nothing_is_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("store");
    let file = tmp.path().join("bad.jsonl");
    std::fs::write(
        &file,
        "{\"text\": \"good one\"}\n{\"text\": \"bad time\", \"created_at\": \"yesterday\"}\n{not json}\n{\"text\": \"x\", \"kind\": \"banana\"}\n",
    )
    .unwrap();
    let out = dreamdb(&db, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for n in ["line 2", "line 3", "line 4"] {
        assert!(err.contains(n), "stderr lacks {n}: {err}");
    }
    assert!(!err.contains("line 1:"), "{err}");
    assert_eq!(ok(dreamdb(&db, &["export"])).lines().count(), 0);

    let out = ok(dreamdb(&db, &["import", file.to_str().unwrap(), "--skip-invalid", "--json"]));
    assert_eq!(json_lines(&out)[0]["imported"], 1);
    assert_eq!(json_lines(&out)[0]["invalid"], 3);
}

#[test]
fn errors_go_to_stderr_with_a_non_zero_exit() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("store");
    let out = dreamdb(&db, &["get", "12345"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not found"));
    let out = dreamdb(&db, &["remember", "x", "--kind", "banana"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown kind"));
}

#[test]
fn bad_lines_are_reported_by_number_then_backup_restore_erase_and_check() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("store");
    let file = tmp.path().join("mem.jsonl");
    let mut bytes = br#"{"text": "The nightly build runs at 02:00 UTC."}
{"text": "caf"#
        .to_vec();
    bytes.extend_from_slice(b"\xff\xfe is not UTF-8\"}\n{\"txt\": \"typo\"}\n{\"text\": \"Deploys need the ops approval label.\"}\n");
    std::fs::write(&file, &bytes).unwrap();
    let out = dreamdb(&db, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2:") && err.contains("line 3:") && err.contains("nothing imported"), "{err}");
    let out = ok(dreamdb(&db, &["import", file.to_str().unwrap(), "--skip-invalid", "--json"]));
    assert_eq!(json_lines(&out)[0]["imported"], 2);

    let backup = tmp.path().join("backup");
    let out = ok(dreamdb(&db, &["backup", backup.to_str().unwrap(), "--json"]));
    assert_eq!(json_lines(&out)[0]["entries"], 2);
    let restored = tmp.path().join("restored");
    ok(dreamdb(&restored, &["restore", backup.to_str().unwrap()]));
    assert_eq!(ok(dreamdb(&restored, &["export"])), ok(dreamdb(&db, &["export"])));

    let out = dreamdb(&db, &["erase", "--ns", "default"]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("--yes"));
    let out = ok(dreamdb(&db, &["erase", "0", "--json"]));
    assert_eq!(json_lines(&out)[0]["entries"], serde_json::json!([0]));
    let out = ok(dreamdb(&db, &["check", "--json"]));
    let report = &json_lines(&out)[0];
    assert_eq!((report["entries"].as_u64(), report["problems"].as_array().unwrap().len()), (Some(1), 0));
    // The restored copy still has both.
    assert_eq!(ok(dreamdb(&restored, &["export"])).lines().count(), 2);
}

/// The judge's thresholds are options of `dream`: a bar of 1 merges nothing
/// the default merges, and a value outside 0..=1 is refused with a reason.
#[test]
fn dream_thresholds_are_options() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("store");
    ok(dreamdb(&db, &["remember", "Alice's favourite drink is green tea."]));
    ok(dreamdb(&db, &["remember", "Alice's favorite drink is green tea."]));
    let merges = |args: &[&str]| -> usize {
        let mut all = vec!["dream", "--dry-run", "--json"];
        all.extend_from_slice(args);
        let v: serde_json::Value = serde_json::from_str(&ok(dreamdb(&db, &all))).unwrap();
        v["changes"].as_array().unwrap().iter().filter(|c| c["kind"] == "merge" && c["entry"] != c["target"]).count()
    };
    assert_eq!(merges(&[]), 1);
    assert_eq!(merges(&["--merge-threshold", "1"]), 0);
    let out = dreamdb(&db, &["dream", "--update-threshold", "1.5"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a probability"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// `judge` shows the decision a dream would make for two statements, with
/// the signals behind it, and stores nothing.
#[test]
fn judge_explains_a_pair_without_storing_it() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("store");
    let judge = |older: &str, newer: &str, extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["judge", "--json", older, newer];
        args.extend_from_slice(extra);
        serde_json::from_str(&ok(dreamdb(&db, &args))).unwrap()
    };
    let v = judge("Tom works at Google.", "Tom is employed by Google.", &[]);
    assert_eq!(v["decision"], "duplicate", "{v}");
    assert!(v["scores"]["p_duplicate"].as_f64().unwrap() >= 0.8, "{v}");
    assert!(v["signals"]["duplicate"].as_str().unwrap().contains("cosine"), "{v}");
    // The same pair under a bar it cannot reach.
    assert_eq!(judge("Tom works at Google.", "Tom is employed by Google.", &["--merge-threshold", "1"])["decision"], "distinct");
    let v = judge("Tom works at Google.", "Tom left Google and joined Meta.", &[]);
    assert_eq!(v["decision"], "update", "{v}");
    let v = judge("Tom works at Google.", "Tom's brother works at Google.", &[]);
    assert_eq!(v["decision"], "distinct", "{v}");
    assert!(v["scores"]["relation_shift"].as_f64().unwrap() == 1.0, "{v}");
    // Plain text names the decision first.
    let text = ok(dreamdb(&db, &["judge", "Tom works at Google.", "Tom is employed by Google."]));
    assert!(text.starts_with("duplicate\n  why: duplicate: P(duplicate)"), "{text}");
    let out = dreamdb(&db, &["judge", "a", "b", "--update-threshold", "2"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a probability"));
    assert_eq!(ok(dreamdb(&db, &["export"])), "", "judge stores nothing");
}
