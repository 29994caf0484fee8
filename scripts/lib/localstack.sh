# LocalStack for scripts/rehearse-deploy: installed, provisioned for an offline run without Docker, started in-process
# on loopback, stopped. Source it after scripts/lib/common.sh; do not run it.
# - ensure_localstack: the pinned localstack-core in its own venv (Python 3.13), patched (scripts/lib/localstack/
#   patch_localstack.py), plus what LocalStack would otherwise download on first use of DynamoDB: DynamoDB Local (from
#   the Maven repository, the version the project's pom pins), a JDK >= 21 (select_java's, behind a `java` that binds
#   DynamoDB Local to 127.0.0.1) and a no-op in place of its loader agent. Idempotent: cheap when already there.
# - localstack_start WORKDIR: LocalStack in the background on 127.0.0.1:<free port>; exports AWS_ENDPOINT_URL.
# - localstack_stop: stops it and every process under it (DynamoDB Local's JVM) by PID, TERM then KILL after a timeout.

LOCALSTACK_VENV="$TOOLS_HOME/localstack-venv"
LOCALSTACK_LIB="$TOOLS_HOME/localstack-lib"   # what LocalStack finds under FILESYSTEM_ROOT/var/lib/localstack/lib
LOCALSTACK_PID=""
LOCALSTACK_LOG=""

python313() {
  # LocalStack 2026.3.0 does not import on Python 3.11 (`Lock | None` in packages/api.py): a 3.13 interpreter
  local candidate
  for candidate in "${PYTHON313:-}" "$(command -v python3.13 || true)" \
      "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/3.13*/bin/python3.13; do
    # (pyenv's shim python3.13 is on PATH even when 3.13 is not the selected version: try it, do not trust it)
    if [ -n "$candidate" ] && [ -x "$candidate" ] \
        && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  die "Python 3.13 is required for LocalStack (python3.13 on PATH, pyenv's 3.13.x, or PYTHON313=/path/to/python3.13)"
}

ensure_localstack() {
  VENV_PYTHON="$(python313)" ensure_venv "$LOCALSTACK_VENV" scripts/requirements-localstack.txt "LocalStack" python
  local site
  site="$("$LOCALSTACK_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  "$LOCALSTACK_VENV/bin/python" "$REPO_ROOT/scripts/lib/localstack/patch_localstack.py" "$site" >/dev/null \
    || die "could not patch LocalStack in $LOCALSTACK_VENV"
  ensure_localstack_dynamodb_local
  ensure_localstack_java
}

ensure_localstack_dynamodb_local() {
  # DynamoDB Local where LocalStack's DynamoDBLocalPackage looks (lib/dynamodb-local/2): DynamoDBLocal.jar, its
  # dependencies and sqlite4java's natives in DynamoDBLocal_lib, the agent jar LocalStack names on its command line.
  local sources="$REPO_ROOT/scripts/lib/localstack" version dir stamp want
  version="$(sed -n 's:.*<dynamodb.local.version>\(.*\)</dynamodb.local.version>.*:\1:p' "$REPO_ROOT/pom.xml")"
  [ -n "$version" ] || die "pom.xml has no dynamodb.local.version property"
  dir="$LOCALSTACK_LIB/dynamodb-local/2"
  stamp="$LOCALSTACK_LIB/.dynamodb-local.sha"
  want="$( (echo "$version"; cat "$sources/LoopbackDynamoDbLocal.java" "$sources/NoopAgent.java") | sha256sum | cut -d' ' -f1)"
  if [ -f "$dir/DynamoDBLocal.jar" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  log "providing DynamoDB Local $version (Maven) to LocalStack under $LOCALSTACK_LIB (first run only)"
  command -v javac >/dev/null || die "javac is required (run select_java first)"
  rm -rf "$dir" "$LOCALSTACK_LIB/launcher"
  mkdir -p "$dir/DynamoDBLocal_lib" "$LOCALSTACK_LIB/launcher"
  local pom="$LOCALSTACK_LIB/dynamodb-local-pom.xml"
  # a throw-away module whose parent is the project's pom: the same DynamoDBLocal version and SDK pins as the tests
  cat > "$pom" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>com.edgeautopilot</groupId>
    <artifactId>edge-autopilot</artifactId>
    <version>$(sed -n '0,/<artifactId>edge-autopilot<\/artifactId>/d; s:.*<version>\(.*\)</version>.*:\1:p' "$REPO_ROOT/pom.xml" | head -1)</version>
    <relativePath>$REPO_ROOT/pom.xml</relativePath>
  </parent>
  <artifactId>rehearsal-dynamodb-local</artifactId>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>com.amazonaws</groupId><artifactId>DynamoDBLocal</artifactId></dependency>
  </dependencies>
</project>
EOF
  mvn -B -ntp -q -f "$pom" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -Dmdep.stripVersion=true -DoutputDirectory="$dir/DynamoDBLocal_lib" >&2 \
    || die "could not resolve com.amazonaws:DynamoDBLocal:$version from the Maven repository"
  mv "$dir/DynamoDBLocal_lib/DynamoDBLocal.jar" "$dir/DynamoDBLocal.jar"
  javac -d "$LOCALSTACK_LIB/launcher" -cp "$dir/DynamoDBLocal.jar:$dir/DynamoDBLocal_lib/*" \
    "$sources/LoopbackDynamoDbLocal.java" "$sources/NoopAgent.java" || die "could not compile the DynamoDB Local launcher"
  printf 'Premain-Class: NoopAgent\n' > "$LOCALSTACK_LIB/launcher/agent.mf"
  jar --create --file "$dir/ddb-local-loader-0.1.jar" --manifest "$LOCALSTACK_LIB/launcher/agent.mf" \
    -C "$LOCALSTACK_LIB/launcher" NoopAgent.class
  echo "$want" > "$stamp"
}

ensure_localstack_java() {
  # LocalStack's JDK 21 (lib/java/21): links to select_java's JDK (>= 21), bin/java being the wrapper that binds
  # DynamoDB Local to loopback. Rebuilt every time (cheap): it follows the JDK selected now.
  [ -n "${JAVA_HOME:-}" ] || die "JAVA_HOME is not set (run select_java first)"
  local home="$LOCALSTACK_LIB/java/21" entry
  rm -rf "$home"
  mkdir -p "$home/bin"
  for entry in "$JAVA_HOME"/*; do
    [ "$(basename "$entry")" = bin ] || ln -s "$entry" "$home/"
  done
  for entry in "$JAVA_HOME"/bin/*; do
    [ "$(basename "$entry")" = java ] || ln -s "$entry" "$home/bin/"
  done
  sed -e "s|@REAL_JAVA@|$JAVA_HOME/bin/java|" -e "s|@LAUNCHER_DIR@|$LOCALSTACK_LIB/launcher|" \
    "$REPO_ROOT/scripts/lib/localstack/java" > "$home/bin/java"
  chmod +x "$home/bin/java"
}

free_loopback_port() {
  "$LOCALSTACK_VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

localstack_start() {
  local work="$1" root port deadline
  root="$work/localstack"
  mkdir -p "$root/var/lib/localstack/lib"
  ln -sfn "$LOCALSTACK_LIB/dynamodb-local" "$root/var/lib/localstack/lib/dynamodb-local"
  ln -sfn "$LOCALSTACK_LIB/java" "$root/var/lib/localstack/lib/java"
  port="$(free_loopback_port)"
  # OVERRIDE_IN_DOCKER=0: this machine has /.dockerenv, LocalStack would think it runs in its own container.
  # GATEWAY_SERVER=hypercorn: the default (twisted) gateway ignores GATEWAY_LISTEN's host and binds 0.0.0.0.
  # DNS_ADDRESS=0: no DNS server; DISABLE_EVENTS=1: no analytics; SKIP_SSL_CERT_DOWNLOAD=1: offline.
  OVERRIDE_IN_DOCKER=0 GATEWAY_SERVER=hypercorn GATEWAY_LISTEN="127.0.0.1:$port" DNS_ADDRESS=0 DISABLE_EVENTS=1 \
    SKIP_SSL_CERT_DOWNLOAD=1 FILESYSTEM_ROOT="$root" LOCALSTACK_VOLUME_DIR="$root/var/lib/localstack" \
    SERVICES=cloudformation,s3,lambda,dynamodb,sqs,sns,events,scheduler,iam,kms,logs,cloudwatch,sts,ssm \
    DYNAMODB_IN_MEMORY=1 \
    "$LOCALSTACK_VENV/bin/python" -m localstack.runtime.main > "$work/localstack.log" 2>&1 &
  LOCALSTACK_LOG="$work/localstack.log"
  LOCALSTACK_PID=$!
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  deadline=$((SECONDS + 90))
  until curl -fsS "$AWS_ENDPOINT_URL/_localstack/health" >/dev/null 2>&1; do
    kill -0 "$LOCALSTACK_PID" 2>/dev/null || { tail -30 "$work/localstack.log" >&2; die "LocalStack exited while starting"; }
    [ "$SECONDS" -lt "$deadline" ] || { tail -30 "$work/localstack.log" >&2; die "LocalStack did not answer within 90 s"; }
    sleep 0.5
  done
}

alive() {
  # running (a zombie, exited but not yet reaped by `wait`, is not)
  local state
  state="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
  [ -n "$state" ] && [ "${state:0:1}" != Z ]
}

descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

localstack_stop() {
  [ -n "$LOCALSTACK_PID" ] || return 0
  local pids pid waited=0
  # LocalStack's children (DynamoDB Local's JVM) are noted first: once LocalStack is gone they would be orphans
  pids="$LOCALSTACK_PID $(descendants "$LOCALSTACK_PID" | tr '\n' ' ')"
  kill -TERM $pids 2>/dev/null || true
  # LocalStack sometimes hangs after "Completed, bye!": 15 s, then KILL
  while [ "$waited" -lt 30 ]; do
    local running=""
    for pid in $pids; do alive "$pid" && running="$running $pid"; done
    [ -n "$running" ] || break
    # it said goodbye but hangs: no point waiting the whole timeout
    if [ "$waited" -ge 6 ] && grep -q "Completed, bye!" "$LOCALSTACK_LOG" 2>/dev/null; then break; fi
    sleep 0.5
    waited=$((waited + 1))
  done
  for pid in $pids; do
    if alive "$pid"; then
      log "process $pid ($(ps -o comm= -p "$pid" 2>/dev/null)) did not stop after TERM: KILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  wait "$LOCALSTACK_PID" 2>/dev/null || true
  LOCALSTACK_PID=""
}
