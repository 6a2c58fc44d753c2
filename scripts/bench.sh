#!/usr/bin/env bash
# The benchmark of issue 3: `ladder grade` against a floor that only reads
# every file of the quarter once with the csv crate's ByteRecord loop.
#
#   scripts/bench.sh            100,000 managers (~6 raters each), with its
#                               ratings and interview rows as generated
#                               (by manager), then ordered by rater, by
#                               indicator and shuffled; then the same
#                               managers with twice the raters, by manager
#                               and shuffled; then the bundled quarter
#
# Quarters are generated once into target/bench/ (about 3.5 GB in all).
# Wall times are the best of RUNS runs (default 3); memory is the peak
# resident set of `ladder grade`, read by /usr/bin/time when it is there
# (Debian's `time` package).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-3}
standard=standards/group-account-manager.toml
cargo build --release --quiet --bin ladder --example floor --example synth
ladder=target/release/ladder
floor=target/release/examples/floor
synth=target/release/examples/synth

have_time=false
[ -x /usr/bin/time ] && have_time=true

# calc EXPRESSION: arithmetic on decimals (awk is everywhere; bc is not).
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }

# best_of RUNS CMD...: "SECONDS PEAK_KB CPU_SECONDS" of the fastest of RUNS
# runs (CPU = user + system time of that run; 0 without /usr/bin/time).
best_of() {
  local count=$1; shift
  local best="" best_kb=0 best_cpu=0 seconds kb user system start end
  for _ in $(seq "$count"); do
    start=$(date +%s.%N)
    if $have_time; then
      /usr/bin/time -o target/bench/time.txt -f "%M %U %S" "$@" >/dev/null 2>&1
      read -r kb user system < target/bench/time.txt
    else
      "$@" >/dev/null 2>&1; kb=0 user=0 system=0
    fi
    end=$(date +%s.%N)
    seconds=$(calc "$end - $start")
    if [ -z "$best" ] || [ "$(calc "$seconds < $best")" != "0.000000" ]; then
      best=$seconds
      best_cpu=$(calc "$user + $system")
    fi
    if [ "$kb" -gt "$best_kb" ]; then best_kb=$kb; fi
  done
  echo "$best $best_kb $best_cpu"
}

# quarter DIR MANAGERS [synth flags…]: generates DIR unless it is there.
quarter() {
  local dir=$1 managers=$2; shift 2
  if [ ! -f "$dir/ratings.csv" ]; then
    echo "generating $dir ($managers managers)…"
    "$synth" --standard "$standard" --managers "$managers" --seed 2026 --out "$dir" "$@" >/dev/null
  fi
}

# bench NAME DIR [EXPECTED]: floor and grade on one quarter; with EXPECTED,
# whether the ranking is that file's bytes.
bench() {
  local name=$1 dir=$2
  local rows
  rows=$(wc -l < "$dir/ratings.csv")
  read -r floor_s _ floor_cpu <<<"$(best_of "$runs" "$floor" "$dir")"
  read -r grade_s grade_kb grade_cpu <<<"$(best_of "$runs" "$ladder" grade "$dir" --standard "$standard" --output target/bench/ranked.csv --quiet)"
  printf '%-28s %11s rating rows  floor %6.2f s  grade %6.2f s  ratio %5.2f  peak %s\n' \
    "$name" "$((rows - 1))" "$floor_s" "$grade_s" "$(calc "$grade_s / $floor_s")" \
    "$( $have_time && echo "$((grade_kb / 1024)) MB" || echo "n/a (no /usr/bin/time)")"
  if $have_time; then
    printf '%-28s CPU: floor %6.2f s  grade %6.2f s (%s cores)\n' "" "$floor_cpu" "$grade_cpu" "$(nproc)"
  fi
  # The same managers in another row order must grade to the same bytes.
  if [ -n "${3:-}" ]; then
    if cmp -s target/bench/ranked.csv "$3"; then
      printf '%-28s output identical to the rows as generated\n' ""
    else
      printf '%-28s OUTPUT DIFFERS from the rows as generated\n' ""
    fi
  fi
}

# reordered SOURCE DIR ORDER: DIR holds SOURCE's quarter with its ratings
# and interview rows in another order, as real exports come: `rater` (a 360
# tool's submissions, rater by rater), `indicator`, or `shuffled` (a fixed
# seed, so every run times the same file). Made once, like the quarters.
reordered() {
  local source=$1 dir=$2 order=$3 file
  [ -f "$dir/ratings.csv" ] && return
  echo "reordering $source by $order into $dir…"
  mkdir -p "$dir"
  for file in roster.csv exam.csv kpi.csv; do cp "$source/$file" "$dir/$file"; done
  # The rater is column 2 of both files; the indicator column 4 of the
  # ratings, 3 of the interview.
  for file in ratings.csv:4 interview.csv:3; do
    local name=${file%%:*} indicator=${file##*:}
    {
      head -n 1 "$source/$name"
      case $order in
        rater) tail -n +2 "$source/$name" | LC_ALL=C sort -t, -k2,2 -s ;;
        indicator) tail -n +2 "$source/$name" | LC_ALL=C sort -t, -k"$indicator,$indicator" -s ;;
        shuffled) tail -n +2 "$source/$name" | shuf --random-source=<(yes 2026) ;;
      esac
    } > "$dir/$name"
  done
}

mkdir -p target/bench
quarter target/bench/q100k 100000
quarter target/bench/q100k-double 100000 --raters-per-manager 12
for order in rater indicator shuffled; do
  reordered target/bench/q100k "target/bench/q100k-by-$order" "$order"
done
reordered target/bench/q100k-double target/bench/q100k-double-shuffled shuffled
bench "100,000 managers" target/bench/q100k
cp target/bench/ranked.csv target/bench/ranked-q100k.csv
for order in rater indicator shuffled; do
  label="  … by $order"
  [ "$order" = shuffled ] && label="  … shuffled"
  bench "$label" "target/bench/q100k-by-$order" target/bench/ranked-q100k.csv
done
bench "100,000 managers, 2× raters" target/bench/q100k-double
cp target/bench/ranked.csv target/bench/ranked-q100k-double.csv
bench "  … shuffled" target/bench/q100k-double-shuffled target/bench/ranked-q100k-double.csv

read -r small_s small_kb _ <<<"$(best_of 5 "$ladder" grade examples/2026Q3 --standard "$standard" --output target/bench/small.csv --quiet)"
printf '%-28s grade %5.0f ms  peak %s\n' "bundled 2026Q3 (120)" "$(calc "$small_s * 1000")" \
  "$( $have_time && echo "$((small_kb / 1024)) MB" || echo "n/a")"
