# Shared shell helpers for the project's scripts. Source it; do not run it.
# - select_java: export JAVA_HOME/PATH for a JDK >= 21 (JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm)
# - ensure_tools: a Python virtual environment with the SAM CLI and moto's server, created on first use
# - ensure_scan_tools: a separate virtual environment with checkov (its pins clash with the SAM CLI's)
# - ensure_localstack (scripts/lib/localstack.sh): LocalStack for scripts/rehearse-deploy, in its own venv
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_HOME="${EDGE_AUTOPILOT_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/edge-autopilot}"
VENV="$TOOLS_HOME/venv"
SCAN_VENV="$TOOLS_HOME/scan-venv"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

java_major() {
  # prints the major version of the JDK at $1 (a JAVA_HOME), or nothing
  local release="$1/release"
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
  else
    "$1/bin/javac" -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p'
  fi
}

select_java() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major="$(java_major "$JAVA_HOME")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      best="$JAVA_HOME"; best_major="$major"
    fi
  fi
  if [ -z "$best" ]; then
    for candidate in /usr/lib/jvm/*; do
      [ -d "$candidate" ] || continue
      major="$(java_major "$candidate")"
      if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
        best="$candidate"; best_major="$major"
      fi
    done
  fi
  [ -n "$best" ] || die "no JDK >= 21 found (looked at JAVA_HOME and /usr/lib/jvm/*). Install one (e.g. Temurin 21) and/or set JAVA_HOME."
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  command -v mvn >/dev/null || die "Maven (mvn) is not on PATH; install Maven 3.8+"
}

# ensure_venv DIR REQUIREMENTS WHAT BIN...: a virtual environment at DIR with REQUIREMENTS installed, (re)created when
# one of the BIN programs is missing or the requirements file changed since the last install.
# The interpreter is python3, or $VENV_PYTHON when set (LocalStack needs Python 3.13).
ensure_venv() {
  local dir="$1" requirements="$REPO_ROOT/$2" what="$3" bin missing="" python="${VENV_PYTHON:-python3}"
  shift 3
  local stamp="$dir/.requirements.sha" want
  want="$(sha256sum "$requirements" | cut -d' ' -f1)"
  for bin in "$@"; do
    [ -x "$dir/bin/$bin" ] || missing=yes
  done
  if [ -n "$missing" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    command -v "$python" >/dev/null || die "$python is required to install $what"
    log "installing $what into $dir (first run only)"
    mkdir -p "$TOOLS_HOME"
    "$python" -m venv "$dir"
    "$dir/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    echo "$want" > "$stamp"
  fi
}

ensure_tools() {
  ensure_venv "$VENV" scripts/requirements-tools.txt "the SAM CLI and moto's server" sam moto_server
  export PATH="$VENV/bin:$PATH"
  export MOTO_SERVER="$VENV/bin/moto_server"
  export SAM_CLI_TELEMETRY=0
}

ensure_scan_tools() {
  ensure_venv "$SCAN_VENV" scripts/requirements-scan.txt checkov checkov
  export CHECKOV="$SCAN_VENV/bin/checkov"
}

# Maven, quiet but with the Surefire summary, batch mode, using the selected JDK.
mvn_quiet() {
  mvn -B -ntp -Dstyle.color=never "$@"
}
