#!/usr/bin/env bash
# ZoomKit's test command: installs what the tests need when it is missing, starts what must run,
# runs every test project of the solution, stops what it started, and fails when any test failed
# or was skipped. Works on a fresh Debian machine as root, and as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Approving a new public API is a deliberate act at a developer's desk, never a side effect of a run here.
unset ZOOMKIT_ACCEPT_API

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- packages -------------------------------------------------------------------------------
# Debian packages the tests need: PostgreSQL for the shared token store, nginx as the TLS reverse proxy of the deployment test, Chromium for the browser tests (Playwright drives /usr/bin/chromium;
# it never downloads a browser), clang and zlib for the Native AOT sample, curl for the samples' checks.
# SQLite itself ships inside Microsoft.Data.Sqlite.
apt_packages=(chromium postgresql nginx clang zlib1g-dev curl)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- a throwaway PostgreSQL on 127.0.0.1 ------------------------------------------------------
results=$(mktemp -d)
pg_dir=$(mktemp -d /tmp/zoomkit-pg.XXXXXX)
pg_port=${ZOOMKIT_PG_PORT:-55432}
# A port something already listens on is skipped.
while (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$results" "$pg_dir"
}
trap cleanup EXIT
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pg_dir"
# Over TCP with a password, as in production (the store's pools must carry the credentials); pg_ctl uses the socket.
pg_password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
echo "$pg_password" > "$pg_dir/pwfile" && { [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$pg_dir/pwfile"; }
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --pwfile="$pg_dir/pwfile" -E UTF8 >/dev/null
pg_opts="-p $pg_port -c listen_addresses=127.0.0.1 -k $pg_dir -c max_connections=300"
if ! as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -o "$pg_opts" start >/dev/null; then
  echo "test.sh: PostgreSQL did not start on 127.0.0.1:$pg_port (set ZOOMKIT_PG_PORT to use another port):" >&2
  cat "$pg_dir/log" >&2
  exit 1
fi
export ZOOMKIT_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password;Database=postgres"
# The restart test stops and starts this server.
export ZOOMKIT_TEST_PG_CTL="$pg_bin/pg_ctl" ZOOMKIT_TEST_PG_DATA="$pg_dir/data" ZOOMKIT_TEST_PG_OPTS="$pg_opts"

# --- build and test -------------------------------------------------------------------------

dotnet build ZoomKit.slnx -c Release -nologo -clp:ErrorsOnly
# Every package, from this very build; the package tests read them.
packages="$results/packages"
dotnet pack ZoomKit.slnx -c Release --no-build -nologo -o "$packages" >/dev/null
export ZOOMKIT_TEST_PACKAGES="$packages"
status=0
# The samples, built from those packages and run against the packaged emulator.
samples_status=0
samples/check.sh "$packages" "$results/samples" || samples_status=$?
dotnet test ZoomKit.slnx -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?
# The CLI as a native executable (Native AOT, zero trim or AOT warnings: warnings are errors), and its
# tests run again against it. Published last: its restore is the native build's.
native_cli="$results/cli-native"
if dotnet publish src/ZoomKit.Cli -c Release -r linux-x64 -p:PublishAot=true -nologo -o "$native_cli" >"$results/cli-native.log" 2>&1; then
  ZOOMKIT_TEST_CLI_NATIVE="$native_cli/ZoomKit.Cli" dotnet test tests/ZoomKit.Cli.Tests -c Release --no-build --nologo \
    --logger "trx;LogFileName=cli-native.trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?
else
  cat "$results/cli-native.log" >&2
  echo "test.sh: the native CLI did not publish" >&2
  status=1
fi

# --- verdict from the TRX files: every test passed, none skipped -----------------------------
total=0 passed=0 failed=0 skipped=0 files=0
# Every test project of the solution must leave results with at least one test in them.
projects=$(grep -o 'Path="tests/[^"]*\.Tests\.csproj"' ZoomKit.slnx | wc -l)
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  if [ "$(echo "$(grep -o '<Counters [^>]*>' "$trx")" | grep -o ' total="[0-9]*"' | grep -o '[0-9]*')" -eq 0 ]; then
    echo "test.sh: $(basename "$trx") ran no test" >&2
    status=1
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$((total + $(get total)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted) + $(get inconclusive) + $(get notRunnable)))
done

echo
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$files" -eq 0 ] || [ "$total" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
if [ "$files" -lt "$projects" ]; then
  echo "test.sh: $projects test projects, but only $files left results" >&2
  exit 1
fi
if [ "$skipped" -gt 0 ]; then
  echo "test.sh: $skipped test(s) were skipped; every test must run" >&2
  exit 1
fi
if [ "$samples_status" -ne 0 ]; then
  echo "test.sh: the samples failed against the packages (above)" >&2
  exit 1
fi
if [ "$status" -ne 0 ] || [ "$failed" -gt 0 ]; then
  exit 1
fi
