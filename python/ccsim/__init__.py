"""ccsim from Python: contact-centre queueing formulas and simulation.

Every function mirrors a ``ccsim`` command and runs the same code in-process (the GIL released
while it runs), so its figures are the command line's, bit for bit:

    run(scenario, set=..., replications=..., seed=..., threads=...)  ->  Results
    erlang_b / erlang_c / erlang_a(**flags)   ->  dict, or a DataFrame for array arguments
    staff / schedule / compare / sweep(scenario, **flags)  ->  the command's JSON as a dict

``scenario`` is a file path or a dict (a dict's relative paths, e.g. a forecast file, are read
from ``directory``, by default the working directory). Keyword arguments are the command's flags
with ``_`` for ``-`` (``answer_within=20`` is ``--answer-within 20``); times are seconds (or
strings such as "90s", "3m", "1.5h"). ``True`` gives a bare flag, a list repeats it. Bad input
raises ``ScenarioError`` with the command's one-line message, which names the JSON path (or the
flag) and the value.

Tables are pandas DataFrames when pandas is installed, else plain dicts and lists of dicts.
"""

import json
import math
import numbers
import os
import tempfile
import warnings

from . import _ccsim

try:
    import pandas as _pd
except ImportError:  # plain dicts and lists instead
    _pd = None

try:
    import numpy as _np
except ImportError:
    _np = None

__all__ = ["ScenarioError", "Results", "run", "erlang_b", "erlang_c", "erlang_a", "staff",
           "schedule", "compare", "sweep", "command"]

_EXIT_BAD_INPUT = 2
_EXIT_INTERRUPTED = 130


class ScenarioError(ValueError):
    """Bad input: a scenario field, a flag or a value ccsim refuses (the command's exit status 2).
    The message names the JSON path (or flag) and the value."""


def command(*args):
    """Runs ``ccsim ARGS...`` in-process; returns its standard output. Raises ScenarioError for
    bad input (exit status 2) and RuntimeError for any other failure; warnings become Python
    warnings."""
    status, out, err = _ccsim.command([str(a) for a in args])
    return _checked(status, out, err)


def _checked(status, out, err):
    message = " ".join(line.strip() for line in err.splitlines() if line.strip())
    if status == _EXIT_INTERRUPTED:
        raise KeyboardInterrupt(_without_prefix(message))
    if status == _EXIT_BAD_INPUT:
        raise ScenarioError(_without_prefix(message))
    if status != 0:
        raise RuntimeError(_without_prefix(message) or "ccsim failed with exit status %d" % status)
    for line in err.splitlines():
        if line.strip():
            warnings.warn(_without_prefix(line.strip()), stacklevel=3)
    return out


def _without_prefix(message):
    return message[len("ccsim: "):] if message.startswith("ccsim: ") else message


def _value_text(value, flag="value"):
    """A flag's value as the command line takes it (floats in full precision)."""
    if _np is not None and isinstance(value, _np.generic):
        value = value.item()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        if not math.isfinite(value):
            raise ScenarioError("%s: %r is not a finite number" % (flag, value))
        return repr(float(value))
    if isinstance(value, (str, os.PathLike)):
        return os.fspath(value)
    raise TypeError("%s: a number, text or path, not %s" % (flag, type(value).__name__))


def _flags(options):
    """``{"answer_within": 20, "table": True}`` -> ``["--answer-within", "20", "--table"]``."""
    args = []
    for name, value in options.items():
        if value is None or value is False:
            continue
        flag = "--" + name.replace("_", "-")
        if value is True:
            args.append(flag)
        elif isinstance(value, (list, tuple)):
            for one in value:
                args += [flag, _value_text(one, flag)]
        else:
            args += [flag, _value_text(value, flag)]
    return args


def _set_flags(overrides):
    """``set={"staffing.agents": 12}`` -> ``--set staffing.agents=12`` (values as JSON)."""
    if overrides is None:
        return []
    if not isinstance(overrides, dict):
        raise TypeError("set: a dict of PATH: VALUE, not %s" % (type(overrides).__name__,))
    args = []
    for path, value in overrides.items():
        text = value if isinstance(value, str) else json.dumps(_plain(value))
        args += ["--set", "%s=%s" % (path, text)]
    return args


def _plain(value):
    if _np is not None and isinstance(value, _np.generic):
        return value.item()
    if _np is not None and isinstance(value, _np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _scenario_text(scenario):
    """A dict scenario as JSON text; a value JSON cannot hold is named by its path (a non-finite
    number: ScenarioError; another type: TypeError), before any file is made."""
    def check(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise TypeError("%s: keys are text, not %s (%r)" % (path, type(key).__name__, key))
                check(item, "%s.%s" % (path, key) if path else key)
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                check(item, "%s[%d]" % (path, i))
        elif isinstance(value, bool) or value is None or isinstance(value, (str, numbers.Integral)):
            pass
        elif isinstance(value, numbers.Real):
            if not math.isfinite(value):
                raise ScenarioError("%s: %r is not a finite number" % (path or "scenario", value))
        else:
            raise TypeError("%s: %s is not a JSON value (text, number, bool, list or dict)" % (path or "scenario", type(value).__name__))
    plain = _plain(scenario)
    check(plain, "")
    return json.dumps(plain)


class _ScenarioFile:
    """A scenario argument as a path: a path as given, a dict written to a hidden file in
    ``directory`` (so that its relative paths are read from there) and removed afterwards."""

    def __init__(self, scenario, directory=None):
        self._temporary = None
        if isinstance(scenario, dict):
            if directory is not None and not isinstance(directory, (str, os.PathLike)):
                raise TypeError("directory: a folder's path, not %s" % (type(directory).__name__,))
            text = _scenario_text(scenario)  # (checked whole before a file exists)
            folder = os.fspath(directory) if directory is not None else os.getcwd()
            handle, self.path = tempfile.mkstemp(prefix=".ccsim-scenario-", suffix=".json", dir=folder)
            try:
                with os.fdopen(handle, "w") as f:
                    f.write(text)
            except BaseException:
                os.unlink(self.path)
                raise
            self._temporary = self.path
        elif isinstance(scenario, (str, os.PathLike)):
            if directory is not None:
                raise ScenarioError("directory: is for a scenario given as a dict; a file's paths are read from its folder")
            self.path = os.fspath(scenario)
        else:
            raise TypeError("scenario: a file path or a dict, not %s" % (type(scenario).__name__,))

    def __enter__(self):
        return self.path

    def __exit__(self, *exc):
        if self._temporary is not None:
            os.unlink(self._temporary)


def _json_command(name, scenario, overrides, options, directory=None, positional=()):
    with _ScenarioFile(scenario, directory) as path:
        args = [name, path, *positional, *_set_flags(overrides), *_flags(options), "--json", "-", "--quiet"]
        return json.loads(command(*args))


# ---------------------------------------------------------------------------------------------
# Results of a run as tables

def _estimates(row, prefix=""):
    """Flattens ``{"service_level": {"mean": m, "ci95": h}, ...}`` into ``service_level`` and
    ``service_level_ci95`` columns (nested dicts by name: ``handled_by_call_type.english``)."""
    flat = {}
    for key, value in row.items():
        if isinstance(value, dict) and "mean" in value:
            flat[prefix + key] = value["mean"]
            flat[prefix + key + "_ci95"] = value.get("ci95")
        elif isinstance(value, dict):
            flat.update(_estimates(value, prefix + key + "."))
        else:
            flat[prefix + key] = value
    return flat


def _table(rows, index=None):
    if _pd is None:
        return rows
    frame = _pd.DataFrame(rows)
    return frame.set_index(index) if index is not None and len(frame) else frame


class Results:
    """What ``ccsim run --json`` writes, as tables.

    summary       the whole horizon: one row per metric (index), columns ``mean`` and ``ci95``
    intervals     one row per interval: day, weekday, start, end, then each metric's mean and
                  ``<metric>_ci95`` (the 95 % half-width)
    call_types    the same per interval and call type (column ``call_type``)
    agent_groups  per interval and agent group (column ``agent_group``): agents, occupancy, handled
    definitions   what each metric means (service level as configured)
    json          the whole document (with ``provenance``: version, command, resolved scenario)
    """

    def __init__(self, document):
        self.json = document
        self.definitions = document.get("definitions", {})
        summary = [{"metric": name, "mean": value["mean"], "ci95": value.get("ci95")}
                   for name, value in document["summary"].items()]
        self.summary = _table(summary, "metric") if _pd is not None else document["summary"]
        self.intervals = _table([_estimates(row) for row in document["intervals"]])
        self.call_types = _table(self._per("call_types", "call_type"))
        self.agent_groups = _table(self._per("agent_groups", "agent_group"))

    def _per(self, key, column):
        # Each part's intervals are the run's, in the same order: the run's give their times.
        when = [{k: row[k] for k in ("day", "weekday", "start", "end") if k in row} for row in self.json["intervals"]]
        rows = []
        for part in self.json.get(key, []):
            for i, row in enumerate(part["intervals"]):
                rows.append({column: part["name"], **(when[i] if i < len(when) else {}), **_estimates(row)})
        return rows

    def __repr__(self):
        return "<ccsim.Results %s: %d replications, %d intervals>" % (
            self.json.get("scenario", ""), self.json.get("replications", 0), len(self.json.get("intervals", [])))


def run(scenario, set=None, replications=None, seed=None, threads=None, directory=None, **flags):
    """Simulates a scenario (``ccsim run``); returns Results. ``set`` overrides values by JSON path
    ({"staffing.agents": 12}); ``flags`` are run's other flags (e.g. ``replications_range``)."""
    options = {"replications": replications, "seed": seed, "threads": threads, **flags}
    return Results(_json_command("run", scenario, set, options, directory))


def staff(scenario, set=None, directory=None, **flags):
    """Staffing by simulation (``ccsim staff``): the fewest agents per interval meeting the
    targets. Returns the command's JSON as a dict."""
    return _json_command("staff", scenario, set, flags, directory)


def schedule(scenario, set=None, directory=None, **flags):
    """Shift scheduling (``ccsim schedule``): shifts by integer program, checked by simulation
    with ``simulate=True``. Returns the plan's JSON as a dict."""
    return _json_command("schedule", scenario, set, flags, directory)


def compare(scenario, variants, set=None, threads=None, directory=None, **flags):
    """Paired comparison (``ccsim compare``) with common random numbers. ``variants`` maps a name to
    overrides ({"later": {"routing.overflow[0].after": 60}}) or to a scenario file of the variant.
    Returns ``{"base", "variants": [{"name", "results", "difference"}]}`` with each ``results`` a
    Results."""
    variant_flags, files = [], []
    for name, change in variants.items():
        if isinstance(change, dict):
            text = ";".join("%s=%s" % (path, value if isinstance(value, str) else json.dumps(_plain(value)))
                            for path, value in change.items())
            variant_flags += ["--variant", "%s:%s" % (name, text)]
        else:
            files += ["--variant-file", os.fspath(change)]
    document = _json_command("compare", scenario, set, {"threads": threads, **flags}, directory,
                             positional=[*variant_flags, *files])
    document["base"] = Results(document["base"])
    for variant in document["variants"]:
        variant["results"] = Results(variant["results"])
    return document


def sweep(scenario, grid, set=None, threads=None, directory=None, **flags):
    """A grid of values (``ccsim sweep``): ``grid`` maps a path to "a:b[:step]" or a list of
    values. Returns the command's JSON as a dict (``points`` with their results)."""
    grid_flags = []
    for path, values in grid.items():
        text = values if isinstance(values, str) else json.dumps(_plain(list(values)))
        grid_flags += ["--grid", "%s=%s" % (path, text)]
    return _json_command("sweep", scenario, set, {"threads": threads, **flags}, directory, positional=grid_flags)


# ---------------------------------------------------------------------------------------------
# Erlang B, C and A, scalar or over arrays

def _erlang(model, options):
    arrays = {k: v for k, v in options.items() if _is_array(v)}
    if not arrays:
        return json.loads(command("erlang", model, *_flags(options), "--json"))
    if _np is None:
        raise ScenarioError("%s: array arguments need numpy" % ", ".join(arrays))
    names = list(arrays)
    try:
        columns = _np.broadcast_arrays(*[_np.asarray(arrays[n]) for n in names])
    except ValueError as e:
        raise ScenarioError("arrays of different shapes: %s (%s)" % (
            ", ".join("%s %s" % (n, _np.shape(arrays[n])) for n in names), e)) from None
    columns = [c.ravel() for c in columns]
    scalars = {k: v for k, v in options.items() if k not in arrays}
    calls = []
    for i in range(len(columns[0]) if columns else 0):
        one = {**scalars, **{n: columns[j][i] for j, n in enumerate(names)}}
        try:
            calls.append(["erlang", model, *_flags(one), "--json"])
        except ScenarioError as e:
            raise ScenarioError("element %d (%s): %s" % (
                i, ", ".join("%s=%s" % (n, columns[j][i]) for j, n in enumerate(names)), e)) from None
    rows = []
    for i, (status, out, err) in enumerate(_ccsim.commands(calls)):
        try:
            rows.append(json.loads(_checked(status, out, err)))
        except ScenarioError as e:
            raise ScenarioError("element %d (%s): %s" % (
                i, ", ".join("%s=%s" % (n, columns[j][i]) for j, n in enumerate(names)), e)) from None
    table = [{**{n: columns[j][i].item() for j, n in enumerate(names)}, **row} for i, row in enumerate(rows)]
    if _pd is not None:
        return _pd.DataFrame(table)
    return {key: _np.array([row.get(key) for row in table]) for key in table[0]} if table else {}


def _is_array(value):
    """numpy arrays, pandas Series and columns, lists and tuples (not strings)."""
    return isinstance(value, (list, tuple)) or (hasattr(value, "__array__") and not _is_scalar(value))


def _is_scalar(value):
    return _np is not None and _np.ndim(value) == 0


def erlang_b(**flags):
    """Erlang B (``ccsim erlang b``): blocking on ``lines`` lines, or the fewest lines for
    ``block_target``. Flags: load, calls, interval, rate, aht, lines, block_target."""
    return _erlang("b", flags)


def erlang_c(**flags):
    """Erlang C (``ccsim erlang c``, M/M/N or M/M/N/K): waiting and service level with ``agents``,
    or the fewest agents meeting the targets. Flags: load, calls, interval, rate, aht, agents,
    lines, answer_within, sl_target, asa_target, max_occupancy, max_p_wait, shrinkage,
    redial_probability, redial_delay. Any may be a numpy array: a DataFrame, one row per element."""
    return _erlang("c", flags)


def erlang_a(**flags):
    """Erlang A (``ccsim erlang a``, M/M/N+M): Erlang C's flags and ``patience`` (mean, seconds)."""
    return _erlang("a", flags)
