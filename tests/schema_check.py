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

scenarios = sorted(root.glob("scenarios/*.json")) + sorted(root.glob("bench/*.json"))
assert len(scenarios) >= 6, scenarios
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
}
for name, mutate in mistakes.items():
    bad = copy.deepcopy(base)
    mutate(bad)
    assert list(validator.iter_errors(bad)), f"the schema accepts a scenario with {name}"
print(f"{len(scenarios)} scenarios valid; {len(mistakes)} mistakes rejected")
