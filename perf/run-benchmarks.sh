#!/usr/bin/env bash
# Runs the perf module's JMH benchmarks and prints their summary tables:
#   1. ScoringBenchmark: scoring cost per event against batch size (ONNX Runtime session alone,
#      BatchScorer, a plain loop over the scorer, the ring pipeline, the plain-Java forward pass);
#   2. LheReadBenchmark: LHE.gz reading plus observables against plain gunzip (of
#      ../shared/data/ssww/ssww_cW_lin.lhe.gz, or of the shipped sample when that is absent).
# About 6 minutes on two cores. Run it on an otherwise idle machine.
#
# Usage: perf/run-benchmarks.sh [JMH options, e.g. -p batch=64,4096]
# The JMH options go to ScoringBenchmark only; LheReadBenchmark always runs with its own settings.
# Environment:
#   MODEL=path.onnx   score with this model (default: models/vae.onnx if present, else a random
#                     stand-in of the default architecture, seed 7; MODEL=random asks for it);
#                     a path that is not a file is refused before building
#   MVN_OPTS=-o       extra Maven options (e.g. offline)
#   SKIP_BUILD=1      do not rebuild the modules first
#   ONLY=scoring|lhe  run one of the two (anything else is refused before building)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

case "${ONLY:-}" in
  "" | scoring | lhe) ;;
  *)
    echo "error: ONLY='$ONLY' is not a benchmark; expected ONLY=scoring or ONLY=lhe," \
      "or no ONLY to run both" >&2
    exit 2
    ;;
esac

if [[ -n "${MODEL:-}" && "$MODEL" != random && ! -f "$MODEL" ]]; then
  echo "error: MODEL='$MODEL' is not a file; expected an exported model (.onnx) or MODEL=random" >&2
  exit 2
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q ${MVN_OPTS:-} -pl perf -am install -DskipTests
fi
mvn -B -q ${MVN_OPTS:-} -pl perf dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
# The classpath goes in the environment, and JMH hands it to its forks in a manifest JAR: ONNX
# Runtime 1.29's Java binding crashes (SIGSEGV, no hs_err file) in any JVM whose command line is
# longer than about 4 KB, which a -cp of this module's dependencies is.
export CLASSPATH="perf/target/classes:$(cat perf/target/classpath.txt)"
jmh_fork_classpath="-Djmh.separateClasspathJAR=true"

model="${MODEL:-}"
if [[ -z "$model" ]]; then
  if [[ -f models/vae.onnx ]]; then model=models/vae.onnx; else model=random; fi
fi

echo "load before the run: $(cat /proc/loadavg)"
if [[ "${ONLY:-scoring}" == scoring ]]; then
  java "$jmh_fork_classpath" org.vbsanomaly.perf.ScoringBenchmark -p model="$model" "$@"
fi
if [[ "${ONLY:-lhe}" == lhe ]]; then
  java "$jmh_fork_classpath" -Dvbs.shared.dir="$root/../shared" org.vbsanomaly.perf.LheReadBenchmark
fi
echo "load after the run: $(cat /proc/loadavg)"
