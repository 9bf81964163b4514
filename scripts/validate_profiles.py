#!/usr/bin/env python3
"""Validates every shipped profile against schemas/profile.schema.json (JSON Schema 2020-12)."""
import glob
import json
import sys

from jsonschema import Draft202012Validator

schema = json.load(open(sys.argv[1], encoding="utf-8"))
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
passed = failed = 0
for path in sorted(glob.glob(sys.argv[2] + "/*.json")):
    errors = list(validator.iter_errors(json.load(open(path, encoding="utf-8"))))
    for e in errors[:3]:
        print(f"{path}: {'/'.join(map(str, e.absolute_path)) or '$'}: {e.message}")
    failed += bool(errors)
    passed += not errors
print(f"profiles: {passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)
