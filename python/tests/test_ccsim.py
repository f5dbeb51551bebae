"""The Python module against the command line (the same figures, bit for bit), vectorised Erlang
against scalar calls, errors naming the path and value, and the GIL released while a run works.
Run by ctest with PYTHONPATH=build/python and CCSIM_BINARY=build/ccsim."""
import json
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pandas as pd
import pytest

import ccsim

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("CCSIM_BINARY", os.path.join(ROOT, "build", "ccsim"))
BILINGUAL = os.path.join(ROOT, "scenarios", "bilingual-helpline.json")
SMALL = os.path.join(ROOT, "scenarios", "small-team.json")


def cli_json(*args):
    done = subprocess.run([BINARY, *map(str, args), "--json", "-", "--quiet"], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def without_run_details(document):
    """A results document less what differs between two runs of the same figures: the command
    line in the provenance and the timings."""
    document = json.loads(json.dumps(document))
    document.pop("performance", None)
    document.pop("seconds", None)  # a schedule's solving time
    document.get("provenance", {}).pop("command", None)
    return document


def test_run_equals_the_command_line_bit_for_bit():
    module = ccsim.run(BILINGUAL, replications=4, seed=17, threads=2)
    cli = cli_json("run", BILINGUAL, "--replications", 4, "--seed", 17)
    assert without_run_details(module.json) == without_run_details(cli)
    # The tables hold the document's numbers unchanged.
    assert module.summary.loc["service_level", "mean"] == cli["summary"]["service_level"]["mean"]
    assert module.summary.loc["asa", "ci95"] == cli["summary"]["asa"]["ci95"]
    assert len(module.intervals) == len(cli["intervals"])
    assert module.intervals["offered"].tolist() == [row["offered"]["mean"] for row in cli["intervals"]]
    types = module.call_types
    assert sorted(types["call_type"].unique()) == sorted(t["name"] for t in cli["call_types"])
    french = types[types["call_type"] == "french"]
    expected = next(t for t in cli["call_types"] if t["name"] == "french")
    assert french["service_level"].tolist() == [row["service_level"]["mean"] for row in expected["intervals"]]
    groups = module.agent_groups
    assert len(groups) == len(cli["agent_groups"]) * len(cli["intervals"])
    assert list(groups.columns[:5]) == ["agent_group", "day", "weekday", "start", "end"]


def test_a_dict_scenario_and_set_overrides_equal_the_file_with_set():
    with open(SMALL) as f:
        document = json.load(f)
    document["staffing"]["agents"] = 7
    from_dict = ccsim.run(document, replications=3, seed=2, directory=os.path.dirname(SMALL))
    from_set = ccsim.run(SMALL, replications=3, seed=2, set={"staffing.agents": 7})
    assert from_dict.json["summary"] == from_set.json["summary"]
    assert from_dict.json["intervals"] == from_set.json["intervals"]
    cli = cli_json("run", SMALL, "--replications", 3, "--seed", 2, "--set", "staffing.agents=7")
    assert from_set.json["summary"] == cli["summary"]
    assert not [f for f in os.listdir(os.path.dirname(SMALL)) if f.startswith(".ccsim-scenario-")]


def test_staff_schedule_compare_sweep_equal_their_commands():
    assert without_run_details(ccsim.staff(SMALL, replications=6, threads=1)) == \
        without_run_details(cli_json("staff", SMALL, "--replications", 6))
    week = os.path.join(ROOT, "scenarios", "municipal-week.json")
    plan = ccsim.schedule(week, erlang=True)
    assert plan["optimal"] and plan["cost"] > 0
    assert without_run_details(plan) == without_run_details(cli_json("schedule", week, "--erlang"))
    module = ccsim.compare(SMALL, {"more": {"staffing.agents": 9}}, set={"run.replications": 5})
    cli = cli_json("compare", SMALL, "--variant", "more:staffing.agents=9", "--set", "run.replications=5")
    assert module["variants"][0]["difference"] == cli["variants"][0]["difference"]
    assert without_run_details(module["variants"][0]["results"].json) == without_run_details(cli["variants"][0]["results"])
    # More agents: service level up, clear of zero.
    assert module["variants"][0]["difference"]["summary"]["service_level"]["mean"] > 0
    points = ccsim.sweep(SMALL, {"staffing.agents": [6, 8]}, set={"run.replications": 3})
    assert without_run_details(points) == without_run_details(
        cli_json("sweep", SMALL, "--grid", "staffing.agents=[6,8]", "--set", "run.replications=3"))


@pytest.mark.parametrize("model,fixed", [
    ("c", {"interval": 1800, "aht": 180, "sl_target": 0.8, "answer_within": 20}),
    ("a", {"interval": 1800, "aht": 180, "sl_target": 0.8, "answer_within": 20, "patience": 120}),
    ("b", {"interval": 1800, "aht": 180, "block_target": 0.01}),
])
def test_numpy_erlang_equals_scalar_calls(model, fixed):
    function = getattr(ccsim, "erlang_" + model)
    calls = np.array([12, 40.5, 100, 260, 900])
    table = function(calls=calls, **fixed)
    assert isinstance(table, pd.DataFrame) and len(table) == len(calls)
    for i, c in enumerate(calls):
        scalar = function(calls=float(c), **fixed)
        row = table.iloc[i]
        assert row["calls"] == c
        for key, value in scalar.items():
            assert row[key] == value, (model, c, key)
    # The fewest agents (or lines) grows with the load.
    column = "lines" if model == "b" else "agents"
    assert list(table[column]) == sorted(table[column])


def test_erlang_arrays_broadcast_and_scalars_give_the_commands_json():
    table = ccsim.erlang_c(calls=np.array([[50], [100]]), agents=np.array([12, 14, 30]), interval=1800, aht=180)
    assert len(table) == 6 and table["agents"].tolist() == [12, 14, 30, 12, 14, 30]
    assert table["calls"].tolist() == [50, 50, 50, 100, 100, 100]
    done = subprocess.run([BINARY, "erlang", "c", "--calls", "100", "--interval", "30m", "--aht", "180",
                           "--agents", "14", "--json"], capture_output=True, text=True, check=True)
    assert ccsim.erlang_c(calls=100, interval="30m", aht=180, agents=14) == json.loads(done.stdout)


def test_bad_input_raises_with_the_path_and_value():
    with pytest.raises(ccsim.ScenarioError, match=r"run\.replications.*-5|-5.*run\.replications"):
        ccsim.run(SMALL, set={"run.replications": -5})
    with open(SMALL) as f:
        document = json.load(f)
    document["staffing"]["agentz"] = 3
    with pytest.raises(ccsim.ScenarioError, match="agentz"):
        ccsim.run(document)
    with pytest.raises(ccsim.ScenarioError, match=r"--aht"):
        ccsim.erlang_c(calls=100, interval=1800, aht=-1, agents=14)
    with pytest.raises(ccsim.ScenarioError, match=r"element 1 \(calls=-4"):
        ccsim.erlang_c(calls=np.array([10, -4]), interval=1800, aht=180, agents=14)
    with pytest.raises(ccsim.ScenarioError, match="different shapes"):
        ccsim.erlang_c(calls=np.array([1, 2, 3]), agents=np.array([4, 5]), interval=1800, aht=180)
    with pytest.raises(ccsim.ScenarioError, match=r"--aht: nan is not a finite number"):
        ccsim.erlang_c(calls=100, interval=1800, aht=float("nan"), agents=14)
    with pytest.raises(TypeError, match="scenario: a file path or a dict, not int"):
        ccsim.run(42)


def test_wrong_types_nan_and_unserialisable_dicts_are_named(tmp_path):
    with open(SMALL) as f:
        document = json.load(f)
    with pytest.raises(TypeError, match="set: a dict"):
        ccsim.run(SMALL, set=["staffing.agents", 3])
    with pytest.raises(TypeError, match="--replications: a number, text or path, not dict"):
        ccsim.run(SMALL, replications={"n": 3})
    # A value JSON cannot hold: named by its path, and no temporary file is left behind.
    document["staffing"]["agents"] = float("nan")
    with pytest.raises(ccsim.ScenarioError, match=r"^staffing\.agents: nan is not a finite number$"):
        ccsim.run(document, directory=tmp_path)
    document["staffing"]["agents"] = object()
    with pytest.raises(TypeError, match=r"^staffing\.agents: object is not a JSON value"):
        ccsim.run(document, directory=tmp_path)
    assert list(tmp_path.iterdir()) == []
    # A NaN element of an array is named by its index.
    with pytest.raises(ccsim.ScenarioError, match=r"element 2 \(calls=nan\): --calls: nan is not a finite number"):
        ccsim.erlang_c(calls=np.array([10.0, 20.0, np.nan]), interval=1800, aht=180, agents=14)


INTERRUPTED = r"""
import signal, sys, threading, time, os, json
import ccsim
# After a call that wrote a file (its temporaries' signal handlers come and go), Ctrl-C is still Python's.
out = sys.argv[2]
ccsim.command("run", sys.argv[1], "--replications", "2", "--json", out, "--quiet")
assert signal.getsignal(signal.SIGINT) is signal.default_int_handler, signal.getsignal(signal.SIGINT)
threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
started = time.monotonic()
try:
    ccsim.run(sys.argv[1], replications=100000, threads=1)
except KeyboardInterrupt:
    print(json.dumps({"interrupted_after": time.monotonic() - started}))
"""


def test_ctrl_c_interrupts_a_long_run_within_a_second(tmp_path):
    script = tmp_path / "interrupted.py"
    script.write_text(INTERRUPTED)
    done = subprocess.run([sys.executable, str(script), BILINGUAL, str(tmp_path / "out.json")], capture_output=True, text=True,
                          timeout=120, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    # A run of 100,000 replications takes minutes; the interrupt came at 0.5 s.
    assert figures["interrupted_after"] < 3.0, figures


def test_without_pandas_tables_are_plain(monkeypatch):
    monkeypatch.setattr(ccsim, "_pd", None)
    results = ccsim.run(SMALL, replications=2, seed=1)
    assert isinstance(results.summary, dict) and "service_level" in results.summary
    assert isinstance(results.intervals, list) and "offered_ci95" in results.intervals[0]
    table = ccsim.erlang_c(calls=np.array([50, 100]), interval=1800, aht=180, agents=14)
    assert isinstance(table, dict) and table["agents"].tolist() == [14, 14]


def test_the_gil_is_released_while_the_engine_runs():
    started, finished = threading.Event(), threading.Event()

    def simulate():
        started.set()
        ccsim.run(BILINGUAL, replications=40, threads=1)
        finished.set()

    worker = threading.Thread(target=simulate)
    worker.start()
    started.wait()
    time.sleep(0.02)  # the worker is inside the run by now
    ticks = 0
    while not finished.is_set():
        ticks += 1  # Python runs here only if the run let go of the GIL
    worker.join()
    assert ticks > 1000


def test_the_worked_example_of_docs_python_md_runs(tmp_path):
    chart = tmp_path / "week.png"
    done = subprocess.run([sys.executable, os.path.join(ROOT, "python", "examples", "forecast_week.py"), str(chart)],
                          capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg"})
    assert done.returncode == 0, done.stderr
    assert "of 76 open half hours below 80 %" in done.stdout
    assert chart.stat().st_size > 10000


def test_run_from_the_scenarios_folder_with_a_bare_name(tmp_path, monkeypatch):
    """A planner in the folder of their scenario: ccsim.run("week.json") finds the forecast beside it."""
    for name in ("forecast-week.json", "forecast-week.csv"):
        with open(os.path.join(ROOT, "scenarios", name), "rb") as source:
            (tmp_path / name).write_bytes(source.read())
    monkeypatch.chdir(tmp_path)
    bare = ccsim.run("forecast-week.json", replications=2)
    absolute = ccsim.run(str(tmp_path / "forecast-week.json"), replications=2)
    assert bare.summary.loc["offered", "mean"] == absolute.summary.loc["offered", "mean"] > 1000
    with pytest.raises(ccsim.ScenarioError, match="a file this command reads"):
        ccsim.command("run", "forecast-week.json", "--csv", "forecast-week.csv")
