#!/usr/bin/env bash
# Hadoop Streaming on Spark (HDInsightStreaming) against the same mapper and reducer as a shell
# pipeline, `cat | map | sort | reduce`, on the same generated text (BENCHMARKS.md, issue 16).
#
#   Benchmarks/spark-streaming/streaming-benchmark.sh RELEASE_BIN_DIR [SIZE_MB] [RUNS]
#
# RELEASE_BIN_DIR is the folder of the release `pipehost` (and libSparkPlugin.so beside it), e.g.
# .build/release. SIZE_MB defaults to 1024 (1 GB), RUNS to 3. Spark comes from the project's
# .pipehost/venv-spark (scripts/install-spark). The data and job folders go under
# ${BENCH_WORK:-/tmp/pipehost-streaming-bench}; the generated input is kept between runs.
#
# The job is a log aggregation: every input line is an access-log record; the mapper (awk) emits
# `user<TAB>bytes`, the reducer (awk) sums each user's run of lines, which needs its input sorted
# by key. The streaming job runs on local[1], local[2] and local[4] with as many reducers, once
# without and once with a combiner (the reducer itself, as Hadoop jobs usually do). Each line of
# the report is the median wall time of RUNS `pipehost run` processes (start to exit) or pipelines,
# and its ratio to the shell pipeline. Every run's output is checked against the shell's.
set -euo pipefail

bin=${1:?usage: streaming-benchmark.sh RELEASE_BIN_DIR [SIZE_MB] [RUNS]}
size_mb=${2:-1024}
runs=${3:-3}
bin=$(cd "$bin" && pwd)
repository=$(cd "$(dirname "$0")/../.." && pwd)
work=${BENCH_WORK:-/tmp/pipehost-streaming-bench}
mkdir -p "$work"
export LC_ALL=C

[ -x "$bin/pipehost" ] || { echo "no pipehost in $bin: build it with swift build -c release --product pipehost" >&2; exit 64; }
[ -f "$bin/libSparkPlugin.so" ] || { echo "no libSparkPlugin.so in $bin: swift build -c release --product SparkPlugin" >&2; exit 64; }
[ -d "$repository/.pipehost/venv-spark" ] || { echo "no .pipehost/venv-spark: run scripts/install-spark" >&2; exit 64; }

# MARK: Data (deterministic: the same bytes for the same size)
input="$work/access-${size_mb}mb.log"
if [ ! -f "$input.done" ]; then
    echo "generating $size_mb MB of access-log text in $input" >&2
    awk -v limit=$((size_mb * 1024 * 1024)) 'BEGIN {
        split("GET POST PUT DELETE", verbs, " "); split("200 200 200 304 404 500", codes, " ")
        seed = 42; written = 0
        while (written < limit) {
            seed = (seed * 1103515245 + 12345) % 2147483648
            line = sprintf("2024-05-%02d %02d:%02d:%02d %s /api/items/%d %s %d user-%05d",
                1 + seed % 28, seed % 24, seed % 60, (seed / 60) % 60, verbs[1 + seed % 4], seed % 100000,
                codes[1 + seed % 6], 200 + seed % 50000, (seed / 7) % 20000)
            print line; written += length(line) + 1
        }
    }' > "$input"
    touch "$input.done"
fi

# MARK: Programs
programs="$work/programs"
mkdir -p "$programs"
cat > "$programs/mapper.sh" <<'EOF'
#!/bin/sh
exec awk '{ print $7 "\t" $6 }'
EOF
cat > "$programs/reducer.sh" <<'EOF'
#!/bin/sh
exec awk -F '\t' '$1 != key { if (NR > 1) print key "\t" sum; key = $1; sum = 0 } { sum += $2 } END { if (NR > 0) print key "\t" sum }'
EOF
chmod +x "$programs/mapper.sh" "$programs/reducer.sh"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
now() { date +%s.%N; }

# MARK: Baseline: cat | map | sort | reduce
expected="$work/expected.txt"
times=()
for _ in $(seq "$runs"); do
    start=$(now)
    cat "$input" | "$programs/mapper.sh" | sort -t "$(printf '\t')" -k1,1 | "$programs/reducer.sh" > "$expected"
    times+=("$(echo "$(now) - $start" | bc)")
done
baseline=$(printf '%s\n' "${times[@]}" | median)
sort "$expected" -o "$expected"
printf '%-44s %8.2f s  %6s\n' "shell: cat | map | sort | reduce" "$baseline" "1.00"

# MARK: HDInsightStreaming through pipehost run
factory="$work/factory"
run_streaming() {  # cores combiner
    local cores=$1 combiner=$2 output="$work/output"
    rm -rf "$factory" && mkdir -p "$factory/pipeline" "$factory/linkedService"
    cat > "$factory/linkedService/LocalSpark.json" <<EOF
{"name": "LocalSpark", "properties": {"type": "HDInsightOnDemand", "typeProperties": {
  "clusterSize": 1, "timeToLive": "00:05:00", "version": "5.1", "sparkMaster": "local[$cores]"}}}
EOF
    local combine=""
    [ "$combiner" = yes ] && combine='"combiner": "reducer.sh",'
    cat > "$factory/pipeline/Streaming.json" <<EOF
{"name": "Streaming", "properties": {"activities": [{"name": "Aggregate", "type": "HDInsightStreaming",
  "linkedServiceName": {"referenceName": "LocalSpark", "type": "LinkedServiceReference"},
  "policy": {"timeout": "02:00:00"},
  "typeProperties": {"mapper": "mapper.sh", "reducer": "reducer.sh", $combine
    "input": "$input", "output": "$output",
    "filePaths": ["$programs/mapper.sh", "$programs/reducer.sh"],
    "defines": {"mapreduce.job.reduces": "$cores"}}}]}}
EOF
    local samples=()
    for _ in $(seq "$runs"); do
        rm -rf "$output"
        local start
        start=$(now)
        (cd "$repository" && "$bin/pipehost" run "$factory" --pipeline Streaming --no-store > "$work/run.log" 2>&1) || {
            echo "pipehost run failed (local[$cores], combiner $combiner):" >&2; tail -40 "$work/run.log" >&2; exit 1; }
        samples+=("$(echo "$(now) - $start" | bc)")
        cat "$output"/part-* | sort > "$work/actual.txt"
        cmp -s "$work/actual.txt" "$expected" || { echo "output differs from the shell pipeline's (local[$cores])" >&2; exit 1; }
    done
    local wall
    wall=$(printf '%s\n' "${samples[@]}" | median)
    printf '%-44s %8.2f s  %6.2f\n' "HDInsightStreaming local[$cores], combiner $combiner" "$wall" "$(echo "$wall / $baseline" | bc -l)"
}

echo "input: $size_mb MB, $(wc -l < "$input") lines; medians of $runs; ratio = time / shell time" >&2
for combiner in no yes; do
    for cores in 1 2 4; do
        run_streaming "$cores" "$combiner"
    done
done
