"""Fault suite (issue 13): kill -9 mid-build, damaged index files, concurrent processes, hostile
questions. Integration tier (child processes), but fast: the FakeEmbedder and a tiny corpus.

The scenarios live in eval/faults.py, which records the full run in eval/reports/faults.json.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("faults", ROOT / "eval" / "faults.py")
assert _spec is not None and _spec.loader is not None
faults = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(faults)

pytestmark = pytest.mark.integration


def test_kill_9_at_every_point_of_a_build(tmp_path):
    r = faults.kill_scenarios(tmp_path)
    assert r["failures"] == []
    assert r["killed"] == r["points"] == len(faults.KILL_POINTS)
    assert r["searches_ok"] == r["points"]
    assert r["served_wrong"] == r["tracebacks"] == 0
    assert r["partial_after_next_build"] == r["orphan_builds"] == 0


def test_every_index_file_damaged_every_way_is_rebuilt_never_served(tmp_path):
    r = faults.damage_scenarios(tmp_path)
    assert r.get("traceback", 0) == 0, r["failures"]
    assert r.get("wrong", 0) == 0, r["failures"]
    assert r.get("clear_line", 0) == 0, r["failures"]  # every case here can be rebuilt
    # Only damage to the ownership marker leaves the index usable as it is.
    assert r["rebuilt"] >= r["cases"] - len(faults.DAMAGES)


def test_processes_starting_together_embed_the_corpus_once(tmp_path):
    r = faults.concurrent_builders(tmp_path, 3)
    assert r["exit_0"] == 3 and r["built"] == 1 and r["found_fresh"] == 2
    assert r["tracebacks"] == r["os_or_sqlite_errors"] == 0 and r["leftovers"] == []


def test_two_rebuilds_at_once_both_succeed(tmp_path):
    r = faults.concurrent_builders(tmp_path, 2, rebuild=True)
    assert r["exit_0"] == 2 and r["tracebacks"] == r["os_or_sqlite_errors"] == 0
    assert r["built"] + r["found_fresh"] == 2 and r["leftovers"] == []


def test_searches_during_rebuilds_and_a_held_build_survives_cleanup(tmp_path):
    r = faults.search_during_builds(tmp_path, 2)
    assert r["searches"] > 0 and r["wrong"] == r["errors"] == 0
    assert r["reader_rebuilt"] == r["manifest_missing"] == 0
    assert r["builder_failures"] == 0
    assert r["held_build_deleted"] == 0 and r["held_reader_still_searches"]
    assert r["held_build_removed_after_close"]


def test_a_second_builder_gives_up_after_the_timeout_with_one_line(tmp_path):
    from assistant.index import IndexStore

    corpus = faults.make_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    store = IndexStore(index)
    env = {**os.environ, "ASSISTANT_LOCK_TIMEOUT": "1", "PYTHONPATH": str(ROOT)}
    with store.writing():
        r = subprocess.run(
            [sys.executable, str(ROOT / "eval" / "faults.py"), "--child", "none", "--"]
            + ["--corpus", str(corpus), "--index", str(index), "index"],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
    assert r.returncode == 2
    assert "waiting for it" in r.stderr and f"(pid {os.getpid()})" in r.stderr
    assert "error: another process" in r.stderr and "Traceback" not in r.stderr


def test_hostile_batch_files_lose_no_answer(tmp_path):
    r = faults.batch_fuzz(tmp_path, 150)
    for command in ("search", "ask"):
        c = r[command]
        assert c["lost"] == c["tracebacks"] == c["bugs"] == 0, c
        assert c["written"] > 0 and c["reported"] > 0 and c["exit_code"] == 1


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    work = tmp_path_factory.mktemp("fuzz")
    a = faults.fake_assistant(faults.make_corpus(work / "corpus"), work / "index", [])
    a.load()
    yield a
    a.close()


_pieces = st.sampled_from(faults.HOSTILE_PIECES[:-1]) | st.text(
    alphabet=st.characters(codec=None), max_size=30
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(_pieces, min_size=1, max_size=6).map(" ".join),
    st.sampled_from(["hybrid", "lexical", "dense"]),
)
def test_fuzzed_questions_are_searched_or_refused_cleanly(fake, question, mode):
    from assistant.errors import QueryError

    try:
        hits = fake.search(question, k=3, mode=mode)
    except QueryError as exc:
        assert "empty" in str(exc) or "no words" in str(exc)
        return
    assert len(hits) <= 3
