#!/usr/bin/env bash
# The Native AOT sample (samples/AotConsole: a server-to-server token, then create, list and delete a
# meeting) against its own JIT build, in one run: cold-start wall time and peak memory of the whole
# process (medians of alternating runs), and the size on disk. Needs clang and zlib1g-dev.
#   bench/aot-sample/run.sh [RUNS]     (default 15)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-15}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet build ZoomKit.slnx -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
dotnet pack ZoomKit.slnx -c Release --no-build -nologo -o "$work/packages" >/dev/null
version=$(ls "$work/packages" | sed -n 's/^ZoomKit\.\([0-9][^a-zA-Z]*\..*\)\.nupkg$/\1/p' | head -n 1)
global=$(dotnet nuget locals global-packages -l | sed 's/^global-packages: //')
rm -rf "$global"zoomkit "$global"zoomkit.*
restore=(-p:ZoomKitVersion="$version" -p:RestoreAdditionalProjectSources="$work/packages")
dotnet publish samples/AotConsole -c Release -r linux-x64 -nologo -v q -o "$work/aot" "${restore[@]}" >/dev/null
dotnet publish samples/AotConsole -c Release -r linux-x64 -nologo -v q -o "$work/jit" -p:PublishAot=false --self-contained false "${restore[@]}" >/dev/null

Emulator__Apps__0__ClientId=bench Emulator__Apps__0__ClientSecret=bench-secret Emulator__Apps__0__AccountId=emulator-account \
  src/ZoomKit.Cli/bin/Release/net10.0/zoomkit emulator --port 47300 >/dev/null 2>&1 &
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:47300/_emulator/stats >/dev/null && break; sleep 0.2; done
export Zoom__ClientId=bench Zoom__ClientSecret=bench-secret Zoom__AccountId=emulator-account \
  Zoom__OAuthBaseUrl=http://127.0.0.1:47300 Zoom__ApiBaseUrl=http://127.0.0.1:47300/v2

measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null; cat "$work/time"; }
for build in jit aot; do measure "$work/$build/AotConsole" >/dev/null; done   # warm the file cache
: >"$work/jit.txt"; : >"$work/aot.txt"
for _ in $(seq 1 "$runs"); do
  for build in jit aot; do measure "$work/$build/AotConsole" >>"$work/$build.txt"; done
done
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
jit_time=$(cut -d' ' -f1 "$work/jit.txt" | median); aot_time=$(cut -d' ' -f1 "$work/aot.txt" | median)
jit_rss=$(cut -d' ' -f2 "$work/jit.txt" | median); aot_rss=$(cut -d' ' -f2 "$work/aot.txt" | median)
jit_size=$(du -sk --exclude='*.pdb' --exclude='*.dbg' "$work/jit" | cut -f1); aot_size=$(du -sk --exclude='*.pdb' --exclude='*.dbg' "$work/aot" | cut -f1)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "| build | wall time (median of $runs) | ratio | peak memory | ratio | size on disk | ratio |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '| JIT, framework-dependent (baseline) | %.3f s | 1.00 | %.1f MiB | 1.00 | %.1f MiB | 1.00 |\n' "$jit_time" "$(ratio "$jit_rss" 1024)" "$(ratio "$jit_size" 1024)"
printf '| Native AOT | %.3f s | %s | %.1f MiB | %s | %.1f MiB | %s |\n' "$aot_time" "$(ratio "$aot_time" "$jit_time")" "$(ratio "$aot_rss" 1024)" "$(ratio "$aot_rss" "$jit_rss")" "$(ratio "$aot_size" 1024)" "$(ratio "$aot_size" "$jit_size")"
