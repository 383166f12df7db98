#!/usr/bin/env bash
# Builds and runs the samples from packed ZoomKit packages (package references, not project
# references) against the packaged emulator (the zoomkit tool, installed from the same folder):
# each one creates, lists and deletes a meeting. ./test.sh runs it after packing.
#   samples/check.sh PACKAGE_FOLDER WORK_FOLDER
set -euo pipefail
cd "$(dirname "$0")"
packages=$(cd "$1" && pwd)
work=$(mkdir -p "$2" && cd "$2" && pwd)
version=$(ls "$packages" | sed -n 's/^ZoomKit\.\([0-9][^a-zA-Z]*\..*\)\.nupkg$/\1/p' | head -n 1)
[ -n "$version" ] || { echo "samples: no ZoomKit package in $packages" >&2; exit 1; }

# The same version may have been packed before with other contents: restore this folder's, not a cached copy.
global=$(dotnet nuget locals global-packages -l | sed 's/^global-packages: //')
rm -rf "$global"zoomkit "$global"zoomkit.*
restore=(-p:ZoomKitVersion="$version" -p:RestoreAdditionalProjectSources="$packages")

free_port() { local port=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done; echo "$port"; }
emulator_port=$(free_port 47100)
web_port=$(free_port $((emulator_port + 1)))
emulator="http://127.0.0.1:$emulator_port"
pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop EXIT

# --- the packaged emulator, from the zoomkit tool -------------------------------------------
dotnet tool install ZoomKit.Cli --tool-path "$work/tools" --add-source "$packages" --version "$version" >/dev/null
# One app for all three samples: the web sample's redirect URI, and server-to-server for the account of the demo user.
Emulator__AutoApprove=true Emulator__Apps__0__ClientId=sample-app Emulator__Apps__0__ClientSecret=sample-secret \
  Emulator__Apps__0__RedirectUris__0="http://127.0.0.1:$web_port/zoom" Emulator__Apps__0__AccountId=emulator-account \
  "$work/tools/zoomkit" emulator --port "$emulator_port" >"$work/emulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -fs "$emulator/_emulator/stats" >/dev/null && break; sleep 0.2; done
curl -fs "$emulator/_emulator/stats" >/dev/null || { echo "samples: the emulator did not start" >&2; cat "$work/emulator.log" >&2; exit 1; }
export Zoom__ClientId=sample-app Zoom__ClientSecret=sample-secret Zoom__OAuthBaseUrl="$emulator" Zoom__ApiBaseUrl="$emulator/v2"

# --- the Native AOT console: zero trim or AOT warnings (warnings are errors), then a run --------
dotnet publish AotConsole -c Release -r linux-x64 -nologo -v q -o "$work/aot" "${restore[@]}" >"$work/aot-publish.log" 2>&1 \
  || { cat "$work/aot-publish.log" >&2; echo "samples: the AOT console did not publish" >&2; exit 1; }
Zoom__AccountId=emulator-account "$work/aot/AotConsole" | sed 's/^/samples: AotConsole: /'

# --- the worker service: schedules tomorrow's stand-up, lists, deletes, stops ------------------
dotnet build Worker -c Release -nologo -v q "${restore[@]}" >"$work/worker-build.log" 2>&1 \
  || { cat "$work/worker-build.log" >&2; echo "samples: the worker did not build" >&2; exit 1; }
Zoom__AccountId=emulator-account dotnet run --project Worker -c Release --no-build -- --Sample:Once=true \
  --Sample:TokenDatabase="$work/worker-tokens.db" >"$work/worker.log" 2>&1 \
  || { cat "$work/worker.log" >&2; echo "samples: the worker failed" >&2; exit 1; }
grep -q "Scheduled the stand-up" "$work/worker.log" && grep -q "Deleted the stand-up" "$work/worker.log" \
  || { cat "$work/worker.log" >&2; echo "samples: the worker did not schedule and delete" >&2; exit 1; }
echo "samples: Worker: $(grep -c 'Scheduled\|Listed\|Deleted' "$work/worker.log") steps logged: scheduled, listed, deleted"

# --- the minimal API: sign in with Zoom (the emulator approves), create, list, delete ---------
dotnet build MinimalApi -c Release -nologo -v q "${restore[@]}" >"$work/web-build.log" 2>&1 \
  || { cat "$work/web-build.log" >&2; echo "samples: the minimal API did not build" >&2; exit 1; }
Zoom__RedirectUri="http://127.0.0.1:$web_port/zoom" dotnet run --project MinimalApi -c Release --no-build --no-launch-profile -- \
  --urls "http://127.0.0.1:$web_port" --Sample:TokenDatabase="$work/web-tokens.db" >"$work/web.log" 2>&1 &
pids+=($!)
web="http://127.0.0.1:$web_port"
for _ in $(seq 1 100); do curl -fs "$web/" >/dev/null && break; sleep 0.2; done
jar="$work/cookies"
curl -fsSL -c "$jar" -b "$jar" "$web/login" | grep -q "Signed in with Zoom" \
  || { cat "$work/web.log" >&2; echo "samples: sign-in to the minimal API failed" >&2; exit 1; }
created=$(curl -fsS -b "$jar" -H 'content-type: application/json' \
  -d "{\"topic\":\"Minimal API sample\",\"startTime\":\"$(date -u -d tomorrow +%Y-%m-%dT10:00:00Z)\",\"duration\":30}" "$web/meetings")
id=$(echo "$created" | grep -o '"id":[0-9]*' | grep -o '[0-9]*')
[ -n "$id" ] || { echo "samples: the minimal API created no meeting: $created" >&2; exit 1; }
curl -fsS -b "$jar" "$web/meetings" | grep -q "\"id\":$id" || { echo "samples: meeting $id is not listed" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -X DELETE "$web/meetings/$id")" = 204 ] || { echo "samples: meeting $id was not deleted" >&2; exit 1; }
curl -fsS -b "$jar" "$web/meetings" | grep -q "\"id\":$id" && { echo "samples: meeting $id is still listed" >&2; exit 1; }
echo "samples: MinimalApi: signed in, created $id, listed, deleted"
echo "samples: all three ran against ZoomKit $version from $packages"
