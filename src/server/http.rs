//! `dreamdb serve`: the store as a JSON HTTP API (axum on tokio).
//!
//! Every route runs one [`Op`](super::Op) on the shared store, on a
//! blocking thread. Errors are JSON, `{"error": {"code", "message"}}`, with
//! a 4xx status for what the caller can fix: bad JSON or arguments (400),
//! an unknown id or route (404), a taken external id (409), a body over the
//! limit (413). The OpenAPI 3.1 document at [`OPENAPI_PATH`] is kept by
//! hand in [`openapi`], with request schemas taken from the argument types;
//! a test checks that it lists exactly the routes the router serves.
//!
//! Shutdown (SIGINT or SIGTERM) stops accepting connections, lets requests
//! in flight finish, then closes the store, which checkpoints its indexes.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Path, Query, Request, State};
use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

use super::{
    event_json, DreamArgs, ErrorBody, ForgetArgs, GetArgs, JudgeArgs, MemoryFileArgs, Op, RecallArgs, RememberArgs,
    SessionEndArgs, SessionLogArgs, SessionStartArgs, SharedMemory,
};
use crate::Memory;

/// Where the OpenAPI document is served.
pub const OPENAPI_PATH: &str = "/openapi.json";

/// The default request body limit: room for a text at the engine's limit
/// ([`crate::MAX_TEXT_BYTES`]) and its JSON escaping.
pub const DEFAULT_MAX_BODY: usize = 2 * crate::MAX_TEXT_BYTES + 64 * 1024;

/// An error response.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
}

impl ApiError {
    fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError { status, body: ErrorBody { code: code.into(), message: message.into() } }
    }
}

impl From<crate::Error> for ApiError {
    fn from(e: crate::Error) -> ApiError {
        let (status, body) = ErrorBody::from_engine(&e);
        ApiError { status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), body }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(message = %self.body.message, "request failed");
        }
        (self.status, Json(json!({ "error": self.body }))).into_response()
    }
}

/// A JSON body parsed into `T`. Any content type is read as JSON (so a
/// bare `curl -d` works), an empty body reads as `{}`, and every failure
/// is an [`ApiError`].
struct ApiJson<T>(T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(req, state).await.map_err(|rej| {
            let code = if rej.status() == StatusCode::PAYLOAD_TOO_LARGE { "payload_too_large" } else { "bad_request" };
            ApiError::new(rej.status(), code, rej.body_text())
        })?;
        let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) { b"{}" } else { &bytes };
        parse_json(bytes).map(ApiJson)
    }
}

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        let what = if e.is_data() { "invalid request body" } else { "request body is not valid JSON" };
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", format!("{what}: {e}"))
    })
}

/// Merge an id from the path into a JSON body object, so one argument type
/// serves both MCP (id in the arguments) and HTTP (id in the path).
fn with_path_id<T: DeserializeOwned>(field: &str, id: u64, body: Bytes) -> Result<T, ApiError> {
    let mut obj: Map<String, Value> = if body.iter().all(u8::is_ascii_whitespace) { Map::new() } else { parse_json(&body)? };
    if obj.contains_key(field) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("`{field}` comes from the path; leave it out of the body"),
        ));
    }
    obj.insert(field.into(), json!(id));
    serde_json::from_value(Value::Object(obj))
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "bad_request", format!("invalid request body: {e}")))
}

fn parse_id(what: &str, raw: &str) -> Result<u64, ApiError> {
    raw.parse().map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "bad_request", format!("{what} id {raw:?} is not a number")))
}

/// Run an engine call on a blocking thread.
async fn blocking<R: Send + 'static>(
    mem: &SharedMemory,
    f: impl FnOnce(&Memory) -> crate::Result<R> + Send + 'static,
) -> Result<R, ApiError> {
    let mem = mem.clone();
    match tokio::task::spawn_blocking(move || f(&mem)).await {
        Ok(r) => r.map_err(ApiError::from),
        Err(e) => Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", format!("request task failed: {e}"))),
    }
}

async fn run_op<T: Op>(mem: &SharedMemory, args: T) -> Result<Value, ApiError> {
    blocking(mem, move |m| args.run(m)).await
}

type ApiResult = Result<Response, ApiError>;

fn ok(v: Value) -> ApiResult {
    Ok(Json(v).into_response())
}

fn created(v: Value) -> ApiResult {
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

async fn remember(State(mem): State<SharedMemory>, ApiJson(a): ApiJson<RememberArgs>) -> ApiResult {
    created(run_op(&mem, a).await?)
}

async fn get_entry(State(mem): State<SharedMemory>, Path(id): Path<String>) -> ApiResult {
    ok(run_op(&mem, GetArgs { id: parse_id("entry", &id)? }).await?)
}

async fn forget(State(mem): State<SharedMemory>, Path(id): Path<String>) -> ApiResult {
    ok(run_op(&mem, ForgetArgs { id: parse_id("entry", &id)? }).await?)
}

async fn history(State(mem): State<SharedMemory>, Path(id): Path<String>) -> ApiResult {
    let id = parse_id("entry", &id)?;
    let events = blocking(&mem, move |m| m.history(id)).await?;
    if events.is_empty() {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("no history for entry {id}")));
    }
    let events: Vec<Value> = events.iter().map(event_json).collect();
    ok(json!({ "entry": id, "events": events }))
}

async fn recall(State(mem): State<SharedMemory>, ApiJson(a): ApiJson<RecallArgs>) -> ApiResult {
    ok(run_op(&mem, a).await?)
}

async fn session_start(State(mem): State<SharedMemory>, ApiJson(a): ApiJson<SessionStartArgs>) -> ApiResult {
    created(run_op(&mem, a).await?)
}

async fn session_log(State(mem): State<SharedMemory>, Path(id): Path<String>, body: Bytes) -> ApiResult {
    let a: SessionLogArgs = with_path_id("session", parse_id("session", &id)?, body)?;
    created(run_op(&mem, a).await?)
}

async fn session_end(State(mem): State<SharedMemory>, Path(id): Path<String>, body: Bytes) -> ApiResult {
    let a: SessionEndArgs = with_path_id("session", parse_id("session", &id)?, body)?;
    ok(run_op(&mem, a).await?)
}

async fn dream(State(mem): State<SharedMemory>, ApiJson(a): ApiJson<DreamArgs>) -> ApiResult {
    ok(run_op(&mem, a).await?)
}

async fn judge(State(mem): State<SharedMemory>, ApiJson(a): ApiJson<JudgeArgs>) -> ApiResult {
    ok(run_op(&mem, a).await?)
}

async fn dreams(State(mem): State<SharedMemory>) -> ApiResult {
    let list = blocking(&mem, |m| m.dreams()).await?;
    ok(json!({ "dreams": list }))
}

async fn memory_file(State(mem): State<SharedMemory>, query: Result<Query<MemoryFileArgs>, axum::extract::rejection::QueryRejection>) -> ApiResult {
    let Query(a) = query.map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "bad_request", e.body_text()))?;
    let v = run_op(&mem, a).await?;
    let text = v["markdown"].as_str().unwrap_or_default().to_string();
    Ok(([(header::CONTENT_TYPE, "text/markdown; charset=utf-8")], text).into_response())
}

async fn stats(State(mem): State<SharedMemory>) -> ApiResult {
    let s = blocking(&mem, |m| m.stats()).await?;
    ok(serde_json::to_value(s).map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?)
}

async fn health() -> ApiResult {
    ok(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

async fn openapi_doc() -> ApiResult {
    ok(openapi())
}

async fn no_route(method: Method, uri: Uri) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("no route {method} {}; see {OPENAPI_PATH}", uri.path()))
}

async fn wrong_method(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{method} is not allowed on {}; see {OPENAPI_PATH}", uri.path()),
    )
}

/// The routes, each with the methods it serves. The OpenAPI document must
/// list exactly these (a test checks it).
fn routes() -> Vec<(&'static str, MethodRouter<SharedMemory>, &'static [&'static str])> {
    vec![
        ("/health", get(health), &["get"]),
        (OPENAPI_PATH, get(openapi_doc), &["get"]),
        ("/v1/memories", post(remember), &["post"]),
        ("/v1/memories/{id}", get(get_entry).delete(forget), &["get", "delete"]),
        ("/v1/memories/{id}/history", get(history), &["get"]),
        ("/v1/recall", post(recall), &["post"]),
        ("/v1/sessions", post(session_start), &["post"]),
        ("/v1/sessions/{id}/turns", post(session_log), &["post"]),
        ("/v1/sessions/{id}/end", post(session_end), &["post"]),
        ("/v1/dream", post(dream), &["post"]),
        ("/v1/dreams", get(dreams), &["get"]),
        ("/v1/judge", post(judge), &["post"]),
        ("/v1/memory-file", get(memory_file), &["get"]),
        ("/v1/stats", get(stats), &["get"]),
    ]
}

/// The API over a shared store, with a body limit in bytes.
pub fn router(mem: SharedMemory, max_body: usize) -> Router {
    let mut r = Router::new();
    for (path, methods, _) in routes() {
        r = r.route(path, methods);
    }
    r.fallback(no_route)
        .method_not_allowed_fallback(wrong_method)
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(mem)
}

/// A request schema, self-contained: subschemas are inlined, since a
/// `#/$defs/...` reference would resolve against the OpenAPI document.
fn schema_of<T: JsonSchema>() -> Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().with(|s| s.inline_subschemas = true).into_generator();
    let mut v = serde_json::to_value(generator.into_root_schema_for::<T>()).unwrap_or(Value::Null);
    if let Some(m) = v.as_object_mut() {
        m.remove("$schema");
    }
    v
}

/// A request schema with a field removed (it comes from the path).
fn schema_without<T: JsonSchema>(field: &str) -> Value {
    let mut s = schema_of::<T>();
    if let Some(p) = s.get_mut("properties").and_then(Value::as_object_mut) {
        p.remove(field);
    }
    if let Some(r) = s.get_mut("required").and_then(Value::as_array_mut) {
        r.retain(|f| f != field);
    }
    s
}

/// The OpenAPI 3.1 document of this API.
pub fn openapi() -> Value {
    let body = |schema: Value| json!({ "required": true, "content": { "application/json": { "schema": schema } } });
    let json_out = |desc: &str| json!({ "description": desc, "content": { "application/json": { "schema": { "type": "object" } } } });
    let errors = json!({
        "400": { "$ref": "#/components/responses/Error" },
        "404": { "$ref": "#/components/responses/Error" },
        "413": { "$ref": "#/components/responses/Error" },
    });
    let id_param = |what: &str| json!([{ "name": "id", "in": "path", "required": true, "description": format!("{what} id"), "schema": { "type": "integer", "minimum": 0 } }]);
    let op = |summary: &str, req: Option<Value>, status: &str, out: Value, params: Option<Value>| {
        let mut o = json!({ "summary": summary, "responses": errors.clone() });
        o["responses"][status] = out;
        if let Some(r) = req {
            o["requestBody"] = body(r);
        }
        if let Some(p) = params {
            o["parameters"] = p;
        }
        o
    };
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "dreamdb",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Long-term memory for AI agents: remember, recall, log sessions, dream. \
                            Errors are {\"error\": {\"code\", \"message\"}}. Times are RFC 3339."
        },
        "paths": {
            "/health": { "get": op("Liveness check", None, "200", json_out("ok"), None) },
            OPENAPI_PATH: { "get": op("This document", None, "200", json_out("the OpenAPI document"), None) },
            "/v1/memories": { "post": op("Store one memory; returns {id}", Some(schema_of::<RememberArgs>()), "201", json_out("{id}"), None) },
            "/v1/memories/{id}": {
                "get": op("One entry with its status, links, recall count and metadata", None, "200", json_out("the entry"), Some(id_param("entry"))),
                "delete": op("Forget an entry (its history keeps a record); returns {forgotten}", None, "200", json_out("{forgotten}"), Some(id_param("entry"))),
            },
            "/v1/memories/{id}/history": { "get": op("The entry's audit events", None, "200", json_out("{entry, events}"), Some(id_param("entry"))) },
            "/v1/recall": { "post": op("The memories that best match a query; returns {query, hits}", Some(schema_of::<RecallArgs>()), "200", json_out("{query, hits}"), None) },
            "/v1/sessions": { "post": op("Start a work session; returns {session}", Some(schema_of::<SessionStartArgs>()), "201", json_out("{session}"), None) },
            "/v1/sessions/{id}/turns": { "post": op("Log a turn; returns {session, turn}", Some(schema_without::<SessionLogArgs>("session")), "201", json_out("{session, turn}"), Some(id_param("session"))) },
            "/v1/sessions/{id}/end": { "post": op("End a session with its outcome", Some(schema_without::<SessionEndArgs>("session")), "200", json_out("the session"), Some(id_param("session"))) },
            "/v1/dream": { "post": op("Dream once (dry_run to preview); returns the report with dream_id, summary and changes", Some(schema_of::<DreamArgs>()), "200", json_out("the dream report"), None) },
            "/v1/dreams": { "get": op("Past dreams", None, "200", json_out("{dreams}"), None) },
            "/v1/judge": { "post": op("How a dream would judge two statements (stores nothing); returns {decision, reason, cosine, signals, scores}", Some(schema_of::<JudgeArgs>()), "200", json_out("{decision, reason, cosine, signals, scores}"), None) },
            "/v1/memory-file": { "get": {
                "summary": "The namespace's active memory as Markdown",
                "parameters": [
                    { "name": "ns", "in": "query", "schema": { "type": "string" }, "description": "namespace [default: default]" },
                    { "name": "budget", "in": "query", "schema": { "type": "integer", "minimum": 1 }, "description": "size budget in bytes [default: 8192]" }
                ],
                "responses": { "200": { "description": "Markdown", "content": { "text/markdown": { "schema": { "type": "string" } } } }, "400": { "$ref": "#/components/responses/Error" } }
            } },
            "/v1/stats": { "get": op("Store figures per namespace", None, "200", json_out("the stats"), None) },
        },
        "components": {
            "schemas": { "Error": { "type": "object", "properties": { "error": schema_of::<ErrorBody>() }, "required": ["error"] } },
            "responses": { "Error": { "description": "An error the caller can read", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } } }
        }
    })
}

/// Serve `mem` on `listener` until `shutdown` resolves, then wait for the
/// requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    mem: SharedMemory,
    max_body: usize,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(mem, max_body)).with_graceful_shutdown(shutdown).await
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

/// Bind `addr`, call `on_bound` with the address bound (port 0 picks a free
/// port), serve until SIGINT or SIGTERM, then close the store.
pub fn run(mem: Memory, addr: &str, max_body: usize, on_bound: impl FnOnce(SocketAddr)) -> crate::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let mem = Arc::new(mem);
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| crate::Error::Io(std::io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}"))))?;
        on_bound(listener.local_addr()?);
        serve(listener, mem.clone(), max_body, shutdown_signal()).await?;
        Ok::<_, crate::Error>(())
    })?;
    super::close_after(rt, mem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_lists_exactly_the_served_routes() {
        let doc = openapi();
        let paths = doc["paths"].as_object().expect("paths");
        let mut served = Vec::new();
        for (path, _, methods) in routes() {
            for m in methods {
                served.push(format!("{m} {path}"));
                assert!(paths.get(path).and_then(|p| p.get(*m)).is_some(), "{m} {path} is served but not in the OpenAPI document");
            }
        }
        let mut documented: Vec<String> = paths
            .iter()
            .flat_map(|(p, ops)| ops.as_object().into_iter().flatten().map(move |(m, _)| format!("{m} {p}")))
            .collect();
        documented.sort();
        served.sort();
        assert_eq!(documented, served, "the OpenAPI document lists routes the router does not serve");
        // Request bodies carry the argument types' schemas.
        let remember = &paths["/v1/memories"]["post"]["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(remember["required"], json!(["text"]));
        let turn = &paths["/v1/sessions/{id}/turns"]["post"]["requestBody"]["content"]["application/json"]["schema"];
        assert!(turn["properties"].get("session").is_none() && turn["properties"].get("text").is_some());
        // Every reference resolves within the document: no `$defs` left behind.
        assert!(!doc.to_string().contains("$defs"), "a request schema refers to $defs");
    }
}
