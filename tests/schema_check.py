"""Checks docs/scenario.schema.json against the scenarios: every shipped scenario validates, and
typical mistakes (an unknown field, a bad time of day, two arrival forms) are rejected, as the
ccsim parser rejects them."""
import copy
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(sys.argv[1])
schema = json.loads((root / "docs" / "scenario.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

scenarios = sorted(root.glob("scenarios/**/*.json")) + sorted(root.glob("bench/*.json"))
assert len(scenarios) >= 14, scenarios
for path in scenarios:
    errors = list(validator.iter_errors(json.loads(path.read_text())))
    assert not errors, f"{path}: {errors[0].message}"

base = json.loads((root / "scenarios" / "municipal-week.json").read_text())
mistakes = {
    "unknown field": lambda s: s.update({"stafing": {}}),
    "bad time of day": lambda s: s["staffing"]["shifts"][0].update({"end": "25:00"}),
    "two arrival forms": lambda s: s["arrivals"].update({"rate_per_hour": 10}),
    "bad duration": lambda s: s["handle_time"].update({"mean": "4 minutes"}),
    "unknown distribution": lambda s: s["patience"].update({"dist": "normal"}),
    "zero lines": lambda s: s.update({"lines": 0}),
    "redial probability above 1": lambda s: s["returns"].update({"redial_probability": 1.5}),
    "unknown returns field": lambda s: s["returns"].update({"redial_chance": 0.5}),
    "callback without an offer rule": lambda s: s.update({"callback": {"accept_probability": 0.5}}),
    "window mode without a window": lambda s: s.update({"callback": {"offer_at_position": 5, "mode": "window"}}),
    "bad callback policy": lambda s: s.update({"callback": {"offer_at_position": 5, "serve": "sometimes"}}),
}
for name, mutate in mistakes.items():
    bad = copy.deepcopy(base)
    mutate(bad)
    assert list(validator.iter_errors(bad)), f"the schema accepts a scenario with {name}"
print(f"{len(scenarios)} scenarios valid; {len(mistakes)} mistakes rejected")
