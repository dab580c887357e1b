//! `dreamdb mcp`: the store as Model Context Protocol tools over stdio,
//! with the official Rust SDK (`rmcp`).
//!
//! Each tool takes one of the argument types of [`crate::server`]; its
//! input schema is that type's JSON schema. Arguments are parsed here, not
//! by the SDK, so that bad arguments (a missing field, a wrong type, an
//! unknown field) come back as a tool result with `isError: true` and a
//! message the model can act on, like every engine error, instead of a
//! protocol error the client may hide. Results are JSON (structured
//! content, mirrored as text).

use std::sync::Arc;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::schema_for_input;
use rmcp::model::{CallToolResult, ContentBlock, Implementation, JsonObject, ServerCapabilities, ServerConfig};
use rmcp::{tool, tool_handler, tool_router, ServerHandler, ServiceExt};
use serde_json::Value;

use super::{
    DreamArgs, ErrorBody, ForgetArgs, JudgeArgs, MemoryFileArgs, Op, RecallArgs, RememberArgs, SessionEndArgs, SessionLogArgs,
    SessionStartArgs, SharedMemory,
};
use crate::Memory;

/// The MCP server: a shared store and the tool table.
#[derive(Clone)]
pub struct McpServer {
    mem: SharedMemory,
    tool_router: ToolRouter<McpServer>,
}

/// The input schema of a tool, from its argument type.
fn schema<T: Op>() -> Arc<JsonObject> {
    // The argument types are plain structs, so the schema is always an
    // object; a failure here is a programming error caught by the tests.
    #[allow(clippy::expect_used)]
    schema_for_input::<T>().expect("argument types have object schemas")
}

/// Parse the arguments and run the operation on a blocking thread.
async fn call<T: Op>(mem: &SharedMemory, tool: &str, args: JsonObject) -> CallToolResult {
    let parsed: T = match serde_json::from_value(Value::Object(args)) {
        Ok(a) => a,
        Err(e) => return error_result("invalid_arguments", format!("invalid arguments for {tool}: {e}")),
    };
    let mem = mem.clone();
    match tokio::task::spawn_blocking(move || parsed.run(&mem)).await {
        Ok(Ok(v)) => CallToolResult::structured(v),
        Ok(Err(e)) => {
            let (_, body) = ErrorBody::from_engine(&e);
            error_result(&body.code, body.message)
        }
        Err(e) => error_result("internal", format!("{tool} failed: {e}")),
    }
}

fn error_result(code: &str, message: String) -> CallToolResult {
    let mut r = CallToolResult::structured_error(serde_json::json!({ "code": code, "message": message }));
    // Clients show the text block to the model: make it the plain message.
    r.content = vec![ContentBlock::text(format!("error ({code}): {message}"))];
    r
}

#[tool_router]
impl McpServer {
    /// A server over a shared store.
    pub fn new(mem: SharedMemory) -> McpServer {
        McpServer { mem, tool_router: Self::tool_router() }
    }

    #[tool(
        description = "Store one memory (a fact, preference, procedure, note...). Returns its id.",
        input_schema = schema::<RememberArgs>()
    )]
    async fn remember(&self, args: JsonObject) -> CallToolResult {
        call::<RememberArgs>(&self.mem, "remember", args).await
    }

    #[tool(
        description = "Find the memories that best match a query (hybrid dense + BM25 search), \
                       with optional filters: namespaces, kinds, tags, time range, statuses, mode and k.",
        input_schema = schema::<RecallArgs>(),
        annotations(read_only_hint = true)
    )]
    async fn recall(&self, args: JsonObject) -> CallToolResult {
        call::<RecallArgs>(&self.mem, "recall", args).await
    }

    #[tool(
        description = "Remove an entry from memory by id (its audit history keeps a record).",
        input_schema = schema::<ForgetArgs>(),
        annotations(destructive_hint = true)
    )]
    async fn forget(&self, args: JsonObject) -> CallToolResult {
        call::<ForgetArgs>(&self.mem, "forget", args).await
    }

    #[tool(
        description = "Start a work session (a task); returns its id for session_log and session_end.",
        input_schema = schema::<SessionStartArgs>()
    )]
    async fn session_start(&self, args: JsonObject) -> CallToolResult {
        call::<SessionStartArgs>(&self.mem, "session_start", args).await
    }

    #[tool(
        description = "Log one turn of an open session: what was said or done, by whom, and whether it was an error.",
        input_schema = schema::<SessionLogArgs>()
    )]
    async fn session_log(&self, args: JsonObject) -> CallToolResult {
        call::<SessionLogArgs>(&self.mem, "session_log", args).await
    }

    #[tool(
        description = "End a session with its outcome (success, score, note). Its turns become searchable \
                       episodes, and the next dream learns from it.",
        input_schema = schema::<SessionEndArgs>()
    )]
    async fn session_end(&self, args: JsonObject) -> CallToolResult {
        call::<SessionEndArgs>(&self.mem, "session_end", args).await
    }

    #[tool(
        description = "Dream once: turn mistakes and procedures that recur across closed sessions into insights, \
                       merge duplicates, supersede outdated facts. dry_run reports the plan and changes nothing. \
                       Every change is explained and can be undone with the CLI (dreamdb undo).",
        input_schema = schema::<DreamArgs>()
    )]
    async fn dream(&self, args: JsonObject) -> CallToolResult {
        call::<DreamArgs>(&self.mem, "dream", args).await
    }

    #[tool(
        description = "How a dream would judge two statements: duplicate (merge), update (the newer supersedes \
                       the older) or distinct, with the reason, both probabilities and the signals behind them. \
                       Stores nothing.",
        input_schema = schema::<JudgeArgs>(),
        annotations(read_only_hint = true)
    )]
    async fn judge(&self, args: JsonObject) -> CallToolResult {
        call::<JudgeArgs>(&self.mem, "judge", args).await
    }

    #[tool(
        description = "The namespace's active memory as Markdown (sections by kind, most useful first), \
                       to read at the start of a task.",
        input_schema = schema::<MemoryFileArgs>(),
        annotations(read_only_hint = true)
    )]
    async fn memory_file(&self, args: JsonObject) -> CallToolResult {
        call::<MemoryFileArgs>(&self.mem, "memory_file", args).await
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for McpServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("dreamdb", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "dreamdb is your long-term memory. recall before a task; remember what you learn; \
                 log your work with session_start / session_log / session_end; dream between tasks.",
            )
    }
}

/// Serve the store over stdio until the client closes stdin (or SIGINT or
/// SIGTERM arrives), then close the store, checkpointing its indexes.
pub fn serve_stdio(mem: Memory) -> crate::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let mem = Arc::new(mem);
    rt.block_on(async {
        let service = McpServer::new(mem.clone())
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| crate::Error::Io(std::io::Error::other(format!("MCP handshake failed: {e}"))))?;
        // SIGINT or SIGTERM ends the service like a closed stdin does.
        let stop = service.cancellation_token();
        tokio::spawn(async move {
            super::http::shutdown_signal().await;
            stop.cancel();
        });
        service
            .waiting()
            .await
            .map_err(|e| crate::Error::Io(std::io::Error::other(format!("MCP server stopped: {e}"))))?;
        Ok::<_, crate::Error>(())
    })?;
    super::close_after(rt, mem)
}
