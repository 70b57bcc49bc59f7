#!/usr/bin/env bash
# The benchmark the project keeps: per-phase times of both setups on the local and the container self-test stacks, and
# of the misconfiguration catalogue on the local stack, fresh and with a kept container stack, read from the reports'
# own timings and written as a table to target/benchmark/benchmark.md (the machine it ran on at its top).
# Needs what command 2 needs, and a Docker engine for the container rows. Usage: bash src/build/benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/benchmark
rm -rf "$out"
mkdir -p "$out"

run() { # run NAME MAVEN-ARGS...: one Maven run of the named ITs; its reports go to $out/NAME/
  local name=$1 t0
  shift
  rm -f target/e2e-report/*.json
  t0=$(date +%s)
  if ! mvn -B -Pselftest verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false "$@" >"$out/$name.log" 2>&1; then
    echo "benchmark: run '$name' failed; its output is in $out/$name.log" >&2
    exit 1
  fi
  echo "$name: $(($(date +%s) - t0)) s of Maven wall time ($*)" | tee -a "$out/wall.txt"
  mkdir -p "$out/$name"
  cp target/e2e-report/*.json "$out/$name/"
}

mvn -q -Premove-kept-stack process-classes >/dev/null
run fresh -Dit.test=LocalSelfTestIT,MisconfigurationIT,ContainersVerificationIT
run kept -Dit.test=ContainersVerificationIT -De2e.reuse=true     # starts the stack it keeps
run reused -Dit.test=ContainersVerificationIT -De2e.reuse=true   # takes it up again
mvn -q -Premove-kept-stack process-classes >/dev/null

machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(date -u +%Y-%m-%d)"
mvn -q exec:java -Dexec.mainClass=io.github.akoc.report.Benchmark -Dexec.args="$out '$machine'"
{ printf "\n## Maven wall time per run\n\n"; sed "s/^/- /" "$out/wall.txt"; } >>"$out/benchmark.md"
