# Sourced by the project's scripts: makes sure Swift is on PATH and the system packages
# loadgen needs are installed (librdkafka with its mock cluster, snappy, jemalloc, pkg-config,
# kcat),
# installing what is missing with apt-get.
set -euo pipefail

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
  export PATH="/opt/swift/usr/bin:$PATH"
fi
command -v swift >/dev/null 2>&1 || { echo "loadgen: Swift 6 is required (https://swift.org/install)" >&2; exit 1; }

loadgen_missing_packages() {
  local missing=()
  pkg-config --exists rdkafka 2>/dev/null && [ -f /usr/include/librdkafka/rdkafka_mock.h ] || missing+=(librdkafka-dev)
  dpkg -s libsnappy-dev >/dev/null 2>&1 || missing+=(libsnappy-dev)
  pkg-config --exists jemalloc 2>/dev/null || missing+=(libjemalloc-dev)
  command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
  command -v kcat >/dev/null 2>&1 || missing+=(kcat)
  for extra in "$@"; do
    case "$extra" in
      /*) [ -e "${extra%%:*}" ] || missing+=("${extra##*:}") ;;  # a file the package installs
      *) command -v "${extra%%:*}" >/dev/null 2>&1 || missing+=("${extra##*:}") ;;
    esac
  done
  echo "${missing[@]:-}"
}

# Installs what is missing. Arguments: extra "command:package" (or "/path/of/a/file:package")
# pairs to require.
loadgen_install_dependencies() {
  local missing
  missing=$(loadgen_missing_packages "$@")
  [ -z "$missing" ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "loadgen: installing $missing" >&2
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# Makes sure python3 can import jsonschema (for the schema tests), from PyPI or Debian.
loadgen_install_jsonschema() {
  python3 -c 'import jsonschema' 2>/dev/null && return 0
  python3 -m pip install --quiet --disable-pip-version-check jsonschema 2>/dev/null && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-jsonschema >/dev/null
}

# Builds the release binary (progress on stderr) and sets LOADGEN_BIN to its path.
loadgen_build_release() {
  swift build -c release --product loadgen >&2
  LOADGEN_BIN="$(swift build -c release --show-bin-path)/loadgen"
}

# Makes a scratch directory (LOADGEN_WORK) that goes, with any broker loadgen_start_broker
# started, when the script exits.
loadgen_scratch_dir() {
  LOADGEN_WORK=$(mktemp -d)
  trap '[ -n "$LOADGEN_BROKER_PID" ] && kill "$LOADGEN_BROKER_PID" 2>/dev/null; rm -rf "$LOADGEN_WORK"' EXIT
}

# Starts `loadgen broker --brokers 3 --partitions 12` (plus any extra arguments) in the
# background, its bootstrap file, stdout (broker.out) and log (broker.log, its stderr) in DIR,
# and waits until it serves. Sets
# LOADGEN_BROKER_PID (kill it when done: the scripts' EXIT traps do) and LOADGEN_BOOTSTRAP.
# usage: loadgen_start_broker LOADGEN_BINARY DIR [BROKER_ARGS...]
LOADGEN_BROKER_PID=""
LOADGEN_BOOTSTRAP=""
loadgen_start_broker() {
  local bin=$1 dir=$2
  shift 2
  "$bin" broker --brokers 3 --partitions 12 "$@" --bootstrap-file "$dir/bootstrap" >"$dir/broker.out" 2>"$dir/broker.log" &
  LOADGEN_BROKER_PID=$!
  for _ in $(seq 100); do [ -s "$dir/bootstrap" ] && break; sleep 0.1; done
  [ -s "$dir/bootstrap" ] || { echo "loadgen broker did not start: $(tail -3 "$dir/broker.log")" >&2; return 1; }
  LOADGEN_BOOTSTRAP=$(head -1 "$dir/bootstrap")
}

# Makes sure python3 can import MODULE: from PyPI (PIP_SPEC, which may pin a version) or, when
# that fails and DEBIAN_PACKAGE is given, from Debian. Returns non-zero when neither worked.
# usage: loadgen_install_python_package MODULE PIP_SPEC [DEBIAN_PACKAGE]
loadgen_install_python_package() {
  local module=$1 spec=$2 debian=${3:-}
  python3 -c "import $module" 2>/dev/null && return 0
  python3 -m pip install --quiet --disable-pip-version-check "$spec" >&2 2>/dev/null && python3 -c "import $module" 2>/dev/null && return 0
  [ -n "$debian" ] || return 1
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$debian" >/dev/null
  python3 -c "import $module" 2>/dev/null
}
