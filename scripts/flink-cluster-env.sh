# Sourced by scripts/flink-cluster-*: where the cluster's config, jars and run folder are.
# FLINK_RUN_DIR (default runs/flink-cluster) holds pids/, log/ and tmp/ (io.tmp.dirs and
# java.io.tmpdir: Flink leaves blobs and native libs behind, ~1 GB per killed TaskManager).
FLINK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FLINK_HOME_DIR="$FLINK_ROOT/runner-configs/flink-cluster"
FLINK_CONF_DIR="$FLINK_HOME_DIR/conf"
FLINK_LIB_DIR="$FLINK_HOME_DIR/target/lib"
FLINK_RUN_DIR="${FLINK_RUN_DIR:-$FLINK_ROOT/runs/flink-cluster}"
FLINK_TASKMANAGERS="${FLINK_TASKMANAGERS:-2}"

# A flat key from flink-conf.yaml (like Flink's own config.sh does).
flink_conf() {
  sed -n "s/^$1:[[:space:]]*//p" "$FLINK_CONF_DIR/flink-conf.yaml" | tail -n 1
}

FLINK_REST_PORT="$(flink_conf rest.port)"
FLINK_REST="http://localhost:$FLINK_REST_PORT"

flink_classpath() {
  local jars=("$FLINK_LIB_DIR"/*.jar)
  local IFS=:
  echo "${jars[*]}"
}

# True if the PID in file $1 is alive and is one of ours (its command line names our run folder):
# a stale PID file must never make us signal an unrelated process.
flink_pid_alive() {
  local pid
  [ -s "$1" ] || return 1
  pid="$(cat "$1")"
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$FLINK_RUN_DIR/"
}

# REST /overview as "taskmanagers slots-total slots-available jobs-running", or nothing.
flink_overview() {
  curl -fsS --max-time 2 "$FLINK_REST/overview" 2>/dev/null \
    | jq -r '"\(.taskmanagers) \(."slots-total") \(."slots-available") \(."jobs-running")"' 2>/dev/null || true
}

flink_rss_mb() {
  awk '/^VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"
}
