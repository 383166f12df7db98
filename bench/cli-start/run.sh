#!/usr/bin/env bash
# Cold start of the zoomkit CLI, whole process, against a .NET hello-world (JIT, with its apphost)
# built the same way in the same run: `zoomkit --help` and `zoomkit meetings list --json` (logged in,
# against the emulator), as the .NET tool's JIT build and as the native (AOT) executable. Medians of
# alternating runs; peak memory is the maximum resident set. Needs clang and zlib1g-dev.
#   bench/cli-start/run.sh [RUNS]     (default 21)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-21}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet build ZoomKit.slnx -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
jit=src/ZoomKit.Cli/bin/Release/net10.0/zoomkit
dotnet publish src/ZoomKit.Cli -c Release -r linux-x64 -p:PublishAot=true -nologo -v q -o "$work/aot" >/dev/null
aot="$work/aot/ZoomKit.Cli"
mkdir -p "$work/hello" && cat >"$work/hello/hello.csproj" <<'PROJ'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
</Project>
PROJ
echo 'Console.WriteLine("Hello, World!");' >"$work/hello/Program.cs"
dotnet build "$work/hello" -c Release -nologo -v q -o "$work/hello/out" >/dev/null
hello="$work/hello/out/hello"

# The emulator, and a logged-in profile with a few meetings.
Emulator__AutoApprove=true Emulator__Apps__0__ClientId=zoomkit-local Emulator__Apps__0__ClientSecret=zoomkit-local-secret \
  Emulator__Apps__0__RedirectUris__0=http://127.0.0.1:8765/callback Emulator__Apps__0__NativeLoopback=true \
  "$jit" emulator --port 47400 >/dev/null 2>&1 &
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:47400/_emulator/stats >/dev/null && break; sleep 0.2; done
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" ZOOMKIT_EmulatorUrl=http://127.0.0.1:47400
"$aot" login --no-browser --port 47401 >"$work/login-url" 2>/dev/null &
login=$!
for _ in $(seq 1 100); do [ -s "$work/login-url" ] && break; sleep 0.1; done
callback=$(curl -s -o /dev/null -w '%{redirect_url}' "$(head -n 1 "$work/login-url")")
curl -s -o /dev/null "$callback"
wait "$login"
for i in 1 2 3 4 5; do "$aot" meetings create --topic "Bench $i" --start "2030-01-0${i}T10:00" --timezone UTC --duration 30 >/dev/null; done

measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1; cat "$work/time"; }
cases=(hello jit-help aot-help jit-list aot-list)
run_case() {
  case $1 in
    hello) measure "$hello" ;;
    jit-help) measure "$jit" --help ;;
    aot-help) measure "$aot" --help ;;
    jit-list) measure "$jit" meetings list --json ;;
    aot-list) measure "$aot" meetings list --json ;;
  esac
}
for c in "${cases[@]}"; do run_case "$c" >/dev/null; done   # warm the file cache
for c in "${cases[@]}"; do : >"$work/$c.txt"; done
for _ in $(seq 1 "$runs"); do
  for c in "${cases[@]}"; do run_case "$c" >>"$work/$c.txt"; done
done
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
base_time=$(cut -d' ' -f1 "$work/hello.txt" | median); base_rss=$(cut -d' ' -f2 "$work/hello.txt" | median)
echo "| process | wall time (median of $runs) | ratio | peak memory | ratio |"
echo "| --- | ---: | ---: | ---: | ---: |"
for c in "${cases[@]}"; do
  t=$(cut -d' ' -f1 "$work/$c.txt" | median); m=$(cut -d' ' -f2 "$work/$c.txt" | median)
  name=$c
  case $c in
    hello) name='.NET hello-world, JIT (baseline)' ;;
    jit-help) name='`zoomkit --help`, .NET tool (JIT)' ;;
    aot-help) name='`zoomkit --help`, native (AOT)' ;;
    jit-list) name='`zoomkit meetings list --json`, .NET tool (JIT)' ;;
    aot-list) name='`zoomkit meetings list --json`, native (AOT)' ;;
  esac
  awk -v n="$name" -v t="$t" -v m="$m" -v bt="$base_time" -v bm="$base_rss" \
    'BEGIN { printf "| %s | %.3f s | %.2f | %.1f MiB | %.2f |\n", n, t, t / bt, m / 1024, m / bm }'
done
