import tempfile

import dreamdb

# The model is found through $DREAMDB_MODEL or ./models/cache (models/install.sh).
with dreamdb.Memory(tempfile.mkdtemp()) as mem:
    mem.remember("Alice's favourite drink is green tea.", namespace="agent-a")
    mem.remember("Alice's favorite drink is green tea.", namespace="agent-a")

    # Three sessions fail on the same tool error; two others succeed.
    tasks = [
        ("add a column to orders", "error: could not obtain migration lock on table orders", False),
        ("rename users.fullname", "error: could not obtain migration lock on table users", False),
        ("drop the invoices index", "error: could not obtain migration lock on table invoices", False),
        ("ship the rounding hotfix", "deploy finished, 12 pods restarted", True),
        ("bump the logging library", "cargo update finished; all 214 tests passed", True),
    ]
    for task, tool_output, success in tasks:
        s = mem.begin_session("agent-a", title=task)
        mem.log_turn(s, f"Please {task}.", role="user")
        mem.log_turn(s, tool_output, role="tool", error=not success)
        mem.end_session(s, success=success)

    # Between sessions: merge the duplicate, learn the recurring mistake.
    report = mem.dream()
    for change in report["changes"]:
        print(f"{change['kind']}: {change['text']}")

    for hit in mem.recall("what goes wrong with migrations?", k=3, namespace="agent-a", kinds=["mistake"]):
        print(f"{hit.score:.3f} {hit.kind}: {hit.text}")
