#!/usr/bin/env bash
# The shape of the code (design.md): LoadGen's folders are layers, each using only the ones
# below it; C stays in Sources/Kafka; no Swift file over 300 lines. A type from a higher layer
# named in a lower one fails this script.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
python3 - <<'PY'
import glob, os, re, sys
order = ["Support", "Rate", "Metrics", "Profile", "Delivery", "Engine", "Verify", "Report", "Library"]
failures = []
folders = sorted({f.split("/")[2] for f in glob.glob("Sources/LoadGen/*/*.swift")})
for folder in folders:
    if folder not in order:
        failures.append(f"Sources/LoadGen/{folder}/ is not one of the layers {order}")
defines = {}
for f in glob.glob("Sources/LoadGen/*/*.swift"):
    folder = f.split("/")[2]
    for m in re.finditer(r"^(?:public |package |final |private |fileprivate )*(?:struct|class|enum|actor|protocol|typealias)\s+(\w+)", open(f).read(), re.M):
        defines.setdefault(m.group(1), folder)
for f in glob.glob("Sources/LoadGen/*/*.swift"):
    folder = f.split("/")[2]
    if folder not in order:
        continue
    code = re.sub(r'"[^"\n]*"', '""', re.sub(r"//.*", "", open(f).read()))
    for name, home in defines.items():
        if home in order and order.index(home) > order.index(folder) and re.search(r"\b" + name + r"\b", code):
            failures.append(f"{f} ({folder}) uses {name} from {home}, a higher layer")
for f in glob.glob("Sources/**/*.swift", recursive=True):
    lines = sum(1 for _ in open(f))
    if lines > 300:
        failures.append(f"{f} has {lines} lines (more than 300)")
    if not f.startswith(("Sources/Kafka/", "Sources/CRdKafka/")) and "rd_kafka_" in open(f).read():
        failures.append(f"{f} calls librdkafka outside Sources/Kafka")
for line in failures:
    print("FAIL: " + line)
if failures:
    sys.exit(1)
print(f"ok: {len(glob.glob('Sources/LoadGen/*/*.swift'))} LoadGen files in layers {' < '.join(order)}; no file over 300 lines; C only in Kafka")
PY
