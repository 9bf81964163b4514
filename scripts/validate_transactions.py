#!/usr/bin/env python3
"""Validates JSON-lines transactions against schemas/transaction.schema.json.

Usage: validate_transactions.py SCHEMA FILE [--min N]
Checks every line with a real JSON Schema 2020-12 validator (jsonschema, formats on), plus
what JSON Schema cannot say about floats: prices have at most two decimals. Exits 1 on the
first few failures, printing them.
"""
import json
import sys

from jsonschema import Draft202012Validator, FormatChecker


def main() -> int:
    schema_path, data_path = sys.argv[1], sys.argv[2]
    minimum = int(sys.argv[sys.argv.index("--min") + 1]) if "--min" in sys.argv else 1
    schema = json.load(open(schema_path, encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    count = failures = 0
    with open(data_path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            count += 1
            message = json.loads(line)
            errors = [f"{'/'.join(map(str, e.absolute_path)) or '$'}: {e.message}" for e in validator.iter_errors(message)]
            price = line.split('"price":', 1)[1].split(",", 1)[0]
            if "." in price and len(price.split(".")[1]) > 2:
                errors.append(f"price: more than two decimals: {price}")
            if errors:
                failures += 1
                if failures <= 5:
                    print(f"{data_path}:{number}: " + "; ".join(errors))
    if count < minimum:
        print(f"{data_path}: expected at least {minimum} transactions, found {count}")
        return 1
    print(f"schema: {count - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
