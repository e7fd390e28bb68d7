#!/usr/bin/env python3
"""Validates every --json line the tests kept (.build/json-outputs, one file per mmio run)
against schema/mmio.schema.json, and checks that every kind of record was seen at least once
(not with --partial, for a few outputs such as the lab's). Exit 1 with the first offending
lines otherwise.

    Tests/check-json-outputs.py [--partial] [OUTPUTS_DIR] [SCHEMA]
"""
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(__file__).resolve().parent.parent
arguments = sys.argv[1:]
partial = "--partial" in arguments
arguments = [argument for argument in arguments if argument != "--partial"]
outputs = pathlib.Path(arguments[0] if len(arguments) > 0 else root / ".build/json-outputs")
schema = json.loads(pathlib.Path(arguments[1] if len(arguments) > 1 else root / "schema/mmio.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
names = [ref["$ref"].split("/")[-1] for ref in schema["oneOf"]]
kinds = {name: jsonschema.Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": schema["$defs"]}) for name in names}
whole = jsonschema.Draft202012Validator(schema)

files = sorted(outputs.glob("*.jsonl"))
if not files:
    sys.exit(f"check-json-outputs: no JSON outputs under {outputs}: did the tests run?")
seen = {name: 0 for name in kinds}
bad = []
lines = 0
for path in files:
    for line in path.read_text().splitlines():
        lines += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            bad.append(f"{path.name}: not JSON ({error}): {line[:200]}")
            continue
        errors = list(whole.iter_errors(record))
        if errors:
            bad.append(f"{path.name}: {errors[0].message[:300]}: {line[:300]}")
            continue
        for name, validator in kinds.items():
            if validator.is_valid(record):
                seen[name] += 1
missing = [name for name, count in seen.items() if count == 0]
print(f"check-json-outputs: {lines} lines from {len(files)} runs; " + ", ".join(f"{name} {count}" for name, count in seen.items()))
if bad:
    print("\n".join(bad[:20]))
    sys.exit(f"check-json-outputs: {len(bad)} lines do not fit the schema")
if missing and not partial:
    sys.exit(f"check-json-outputs: no test printed a {', '.join(missing)} record")
