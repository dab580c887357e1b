"""The README's Python example is python/examples/agent_loop.py, and it runs."""

import os
import re
import subprocess
import sys

from conftest import ROOT

EXAMPLE = ROOT / "python/examples/agent_loop.py"


def test_the_readme_example_is_the_example_file():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Python\n", 1)[1]
    block = re.search(r"```python\n(.*?)```", section, re.S)
    assert block, "no python block in the README's Python section"
    assert block.group(1) == EXAMPLE.read_text()


def test_the_agent_loop_example_merges_learns_and_recalls(model_dir, tmp_path):
    env = dict(os.environ, DREAMDB_MODEL=str(model_dir), TMPDIR=str(tmp_path))
    out = subprocess.run(
        [sys.executable, str(EXAMPLE)], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "merge: Alice's favourite drink is green tea." in lines
    insight = [line for line in lines if line.startswith("insight: ")]
    assert len(insight) == 1 and "migration lock" in insight[0] and "3 sessions" in insight[0], lines
    # The recall prints the insight first, as a mistake.
    assert lines[-1].split(" ", 1)[1] == "mistake: " + insight[0].removeprefix("insight: "), lines
