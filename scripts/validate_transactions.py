#!/usr/bin/env python3
"""Validates JSON-lines transactions against schemas/transaction.schema.json.

Usage: validate_transactions.py SCHEMA FILE [--min N]
Checks every line with a real JSON Schema 2020-12 validator (jsonschema, formats on), plus
what JSON Schema cannot say: prices and order money have at most two decimals, line_number is
at most line_count, the order's totals add up to the cent, and every line of an order shares
the order's user, session, timestamp, payment, currency and totals. Exits 1 on the first few
failures, printing them.
"""
import json
import sys

from jsonschema import Draft202012Validator, FormatChecker


MONEY = ["price", "order_subtotal", "order_discount", "order_tax", "order_shipping", "order_total"]
SHARED = ["user_id", "session_id", "timestamp", "payment_method", "payment_provider", "currency", "line_count",
          "order_subtotal", "order_discount", "order_tax", "tax_included", "order_shipping", "order_total"]


def cents(value) -> int:
    return round(value * 100)


def order_errors(m: dict, orders: dict) -> list:
    """The order rules for one message; `orders` remembers each order's first line."""
    if "order_id" not in m:
        return []
    errors = []
    if m["line_number"] > m["line_count"]:
        errors.append(f"line_number {m['line_number']} > line_count {m['line_count']}")
    parts = cents(m["order_subtotal"]) - cents(m["order_discount"]) + cents(m["order_shipping"])
    parts += 0 if m["tax_included"] else cents(m["order_tax"])
    if parts != cents(m["order_total"]):
        errors.append(f"order_total {m['order_total']} is not subtotal - discount + shipping (+ tax)")
    first = orders.setdefault(m["order_id"], m)
    errors += [f"{key} differs from the order's first line" for key in SHARED if first[key] != m[key]]
    return errors


def main() -> int:
    schema_path, data_path = sys.argv[1], sys.argv[2]
    minimum = int(sys.argv[sys.argv.index("--min") + 1]) if "--min" in sys.argv else 1
    schema = json.load(open(schema_path, encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    count = failures = 0
    orders: dict = {}
    with open(data_path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            count += 1
            message = json.loads(line)
            errors = [f"{'/'.join(map(str, e.absolute_path)) or '$'}: {e.message}" for e in validator.iter_errors(message)]
            for key in MONEY:
                if f'"{key}":' not in line:
                    continue
                value = line.split(f'"{key}":', 1)[1].split(",", 1)[0].strip().rstrip("}")
                if "." in value and len(value.split(".")[1]) > 2:
                    errors.append(f"{key}: more than two decimals: {value}")
            errors += order_errors(message, orders)
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
