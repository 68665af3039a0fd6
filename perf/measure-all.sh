#!/usr/bin/env bash
# Runs every measurement of perf/README.md once, in order, on the shipped model: Hiccups, the
# scoring benchmark (batch 1 to 16384, 2 forks), the ring against the plain loop (4 forks), the LHE
# benchmark, the harness at 10 kHz, 100 kHz (sleeping and busy-spin wait, three runs each) and max
# (within 10 ms and within 0.5 ms), Hiccups, the 10-minute run at 100 kHz, Hiccups, the ONNX Runtime
# profile. About 38 minutes on two cores; run it on an otherwise idle machine. Results go to
# perf/results/RUN (default: the start time), one file or folder per step, and progress.log with the
# time and load of each step; their text is copied to perf/runs/RUN (kept in git).
#
# Usage: perf/measure-all.sh [RUN]
# Environment: SKIP_BUILD=1 (no build step of its own; bin/vbs-anomaly still rebuilds if a source
# is newer than its jar, so build first), MVN_OPTS=-o (offline Maven).
set -euo pipefail

# All in one function, so that bash has read the whole script before it runs any of it (an edit to
# the file during a 38-minute run would otherwise change what the rest of the run does).
main() {
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cd "$root"
  out="perf/results/${1:-$(date -u +%Y%m%dT%H%M%SZ)}"
  mkdir -p "$out"

  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    mvn -B -q ${MVN_OPTS:-} install -DskipTests
  fi
  mvn -B -q ${MVN_OPTS:-} -pl perf dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
  # The classpath travels in the environment (see run-benchmarks.sh: ONNX Runtime's Java binding
  # crashes in a JVM whose command line is longer than about 4 KB).
  export CLASSPATH="perf/target/classes:$(cat perf/target/classpath.txt)"
  export VBS_ANOMALY_JAVA_OPTS="-Xms1g -Xmx1g -Xmn800m -XX:+AlwaysPreTouch"
  model=models/vae.onnx

  step() {
    echo "== $1 $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/progress.log"
  }
  # A run that misses its aim exits 1 with its report written: that is a result, not a failure.
  bench() {
    local rc=0
    bin/vbs-anomaly bench --model "$model" "$@" || rc=$?
    [[ $rc == 0 || $rc == 1 ]]
  }

  step hiccups-before
  # One spinning thread sees the platform's own stalls; two also see each other's and the system's.
  java org.vbsanomaly.perf.Hiccups 10 1 > "$out/hiccups-before.txt" 2>&1
  java org.vbsanomaly.perf.Hiccups 10 2 >> "$out/hiccups-before.txt" 2>&1
  step jmh-scoring
  java -Djmh.separateClasspathJAR=true org.vbsanomaly.perf.ScoringBenchmark -p model="$model" \
    -p batch=1,8,64,512,4096,16384 -f 2 -wi 3 -i 5 > "$out/jmh-scoring.txt" 2>&1
  step jmh-ring-vs-loop
  # The ring against the plain loop again, with 4 forks: the ring runs two threads and meets the
  # platform's stalls twice, so its figure needs more forks than one table run gives it.
  java -Djmh.separateClasspathJAR=true org.vbsanomaly.perf.ScoringBenchmark -p model="$model" \
    -p batch=1,8,64,512,4096 -f 4 -wi 3 -i 5 ".*(ringPipeline|scorerLoop)" \
    > "$out/jmh-ring-vs-loop.txt" 2>&1
  step jmh-lhe
  # The shared data's full file when it is beside the clone, else the shipped sample's test split.
  java -Djmh.separateClasspathJAR=true -Dvbs.shared.dir="$root/../shared" \
    org.vbsanomaly.perf.LheReadBenchmark > "$out/jmh-lhe.txt" 2>&1
  step harness
  bench --rate 10k --duration 30 --warmup 5 --out "$out/bench-10k" > "$out/bench-10k.log" 2>&1
  # 100 kHz three times with each wait, alternating: the spread between runs is part of the answer.
  for n in 1 2 3; do
    for wait in sleeping busy-spin; do
      bench --rate 100k --duration 30 --warmup 5 --wait "$wait" --out "$out/bench-100k-$wait-$n" \
        > "$out/bench-100k-$wait-$n.log" 2>&1
    done
  done
  bench --rate max --duration 5 --warmup 2 --out "$out/bench-max" > "$out/bench-max.log" 2>&1
  # The highest rate whose p99 from the scheduled send time stays within 0.5 ms, scorer spinning.
  bench --rate max --duration 5 --warmup 2 --max-p99 500 --wait busy-spin \
    --out "$out/bench-max-500us" \
    > "$out/bench-max-500us.log" 2>&1
  step hiccups-after-harness
  java org.vbsanomaly.perf.Hiccups 10 1 > "$out/hiccups-after.txt" 2>&1
  step memory-10min
  # With the JVM's native memory tracking: a baseline after the first minute and the difference near
  # the end tell the JVM's own native memory (code cache, metaspace, GC, threads) from the rest of
  # the RSS (ONNX Runtime's allocations).
  # (The launcher execs java, so $! is the JVM's pid.)
  VBS_ANOMALY_JAVA_OPTS="$VBS_ANOMALY_JAVA_OPTS -XX:NativeMemoryTracking=summary" \
    bin/vbs-anomaly bench --model "$model" --rate 100k --duration 600 --warmup 10 \
    --sample-every 10 \
    --out "$out/bench-100k-10min" > "$out/bench-100k-10min.log" 2>&1 &
  bench_pid=$!
  sleep 70
  jcmd "$bench_pid" VM.native_memory baseline > "$out/nmt-baseline.txt" 2>&1 || true
  sleep 530
  jcmd "$bench_pid" VM.native_memory summary.diff > "$out/nmt-diff.txt" 2>&1 || true
  wait "$bench_pid" || [[ $? == 1 ]]
  step hiccups-end
  java org.vbsanomaly.perf.Hiccups 10 1 > "$out/hiccups-end.txt" 2>&1
  java org.vbsanomaly.perf.OnnxProfile "$model" 4096 200 > "$out/onnx-profile.txt" 2>&1
  step end
  # The text of the run (tables, summaries, percentiles, memory samples; not the interval logs and
  # plots) goes to perf/runs/, which is kept in git, so that perf/README.md's figures can be
  # checked.
  archive="perf/runs/$(basename "$out")"
  mkdir -p "$archive"
  (cd "$out" && find . -name '*.txt' -o -name '*.log' -o -name '*.hgrm' -o -name '*.csv') |
    while read -r f; do mkdir -p "$archive/$(dirname "$f")" && cp "$out/$f" "$archive/$f"; done
  echo "results in $out; their text in $archive"
}

main "$@"
