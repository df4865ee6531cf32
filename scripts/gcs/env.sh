# Sourced by scripts/gcs-server-start and -stop: where the GCS-protocol server is installed and
# where one running server keeps its pid, port, log and object blobs.
#   EARMARK_GCS_CACHE  the npm install of scripts/gcs/package-lock.json (~/.cache/earmark/gcs-server)
#   GCS_RUN_DIR        one server's folder (runs/gcs-server): pid, port, server.log, tmp/
GCS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EARMARK_GCS_CACHE="${EARMARK_GCS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/earmark/gcs-server}"
GCS_RUN_DIR="${GCS_RUN_DIR:-$GCS_ROOT/runs/gcs-server}"

# True if the pid in $GCS_RUN_DIR/pid is alive and is our server (its command line names this
# run folder's port file): a stale pid file must never make us signal an unrelated process.
gcs_server_alive() {
  local pid
  [ -s "$GCS_RUN_DIR/pid" ] || return 1
  pid="$(cat "$GCS_RUN_DIR/pid")"
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "--port-file=$GCS_RUN_DIR/port"
}
