#!/usr/bin/env bash
# End-to-end tests of `hedgesim explain`: the narrative of one run, and its errors.
# usage: explain_test.sh HEDGESIM_BINARY SOURCE_DIR CASE
set -u
bin=$1
src=$2
case_name=$3
# shellcheck source=lib.sh
source "$src/tests/cli/lib.sh"
scenario="$src/tests/golden/short.yaml"

history() {
  "$bin" run "$scenario" -o "$work/out.h5" --runs 2 --seed 5 "$@" >/dev/null 2>&1 || fail "run failed"
}

case "$case_name" in
narrative)
  history
  expect 0 "$bin" explain "$work/out.h5" --run 1
  contains "$out" "Kazakhstan in run 1 of golden_short (2019-03 .. 2026-06)"
  # The scheduled events, with their dates.
  has_line "$out" "^2022-02  event full_scale_invasion"
  has_line "$out" "^2019-03  event nazarbayev_resigns"
  contains "$out" "Summary: in run 1, 2019-03 .. 2026-06, Kazakhstan ends"
  contains "$out" "summed over its moves"
  lacks "$out" "cannot be explained"
  # With --all every decision is told (by default only those that change a posture band),
  # with the drivers under it in words.
  expect 0 "$bin" explain "$work/out.h5" --run 1 --all
  has_line "$out" "^[0-9]{4}-[0-9]{2}  (security|economic|diplomatic) alignment toward .* → "
  has_line "$out" "^ +driven by (security|prosperity|autonomy|the hedging premium|the leader's preference|institutional obligations|entrapment risk|regime security|abandonment risk) \([+−][0-9.e-]+ vs the best alternative: "
  expect 0 "$bin" explain "$work/out.h5" --run 1
  # The default agent is the first hedger.
  expect 0 "$bin" explain "$work/out.h5" --run 1 --agent kazakhstan
  [[ "$out" == "$(cat "$work/stdout")" ]] || fail "explicit agent differs from the default"
  ;;
all_and_window)
  history
  expect 0 "$bin" explain "$work/out.h5" --run 0
  default_lines=$(grep -c "^ \+\(driven by\|chosen by\|no term\)" "$work/stdout")
  expect 0 "$bin" explain "$work/out.h5" --run 0 --all
  all_lines=$(grep -c "^ \+\(driven by\|chosen by\|no term\)" "$work/stdout")
  (( all_lines > default_lines )) || fail "--all shows $all_lines decisions, default $default_lines"
  expect 0 "$bin" explain "$work/out.h5" --run 0 --all --from 2022-01 --to 2022-12
  contains "$out" "(2022-01 .. 2022-12)"
  has_line "$out" "^2022-02  event full_scale_invasion"
  lacks "$out" "nazarbayev_resigns"
  has_line "$out" "^2022-[0-9]{2}  "
  grep -Eq "^20(19|20|21|23|24|25|26)-" "$work/stdout" && fail "a line outside the window"
  ;;
no_utility)
  history --set 'output.variables=[alignment, strategy, levers]'
  expect 0 "$bin" explain "$work/out.h5" --run 0
  contains "$out" "decisions cannot be explained without the \`utility\` output"
  has_line "$out" "^2022-02  event full_scale_invasion"
  contains "$out" "Summary: in run 0"
  contains "$out" "with postures"
  ;;
errors)
  history
  expect 2 "$bin" explain "$work/out.h5" --run 2
  contains "$err" "explain: --run 2 is out of range: the file holds runs 0..1"
  [[ $(wc -l <"$work/stderr") -eq 1 ]] || fail "more than one line: $err"
  expect 2 "$bin" explain "$work/out.h5" --run -1
  expect 2 "$bin" explain "$work/out.h5"
  contains "$err" "explain: missing --run K"
  expect 2 "$bin" explain "$work/out.h5" --run 0 --agent kazakstan
  contains "$err" "explain: unknown agent 'kazakstan' (did you mean 'kazakhstan'?)"
  expect 2 "$bin" explain "$work/out.h5" --run 0 --agent russia
  contains "$err" "explain: 'russia' is a great power, not a hedger (hedgers: kazakhstan)"
  expect 2 "$bin" explain "$work/out.h5" --run 0 --from 2022-13
  contains "$err" "explain: --from expects a month YYYY-MM, got '2022-13'"
  expect 2 "$bin" explain "$work/out.h5" --run 0 --from 2023-01 --to 2022-01
  contains "$err" "explain: --from 2023-01 is after --to 2022-01"
  expect 2 "$bin" explain "$work/out.h5" --run 0 --from 2040-01
  contains "$err" "no recorded step"
  expect 1 "$bin" explain "$work/missing.h5" --run 0
  contains "$err" "missing.h5"
  printf 'not hdf5\n' >"$work/bad.h5"
  expect 1 "$bin" explain "$work/bad.h5" --run 0
  expect 0 "$bin" explain --help
  contains "$out" "--all"
  ;;
*)
  fail "unknown case"
  ;;
esac
echo "ok [$case_name]"
