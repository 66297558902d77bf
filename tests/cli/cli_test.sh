#!/usr/bin/env bash
# End-to-end tests of the hedgesim command line: exit codes, messages, files.
# usage: cli_test.sh HEDGESIM_BINARY SOURCE_DIR CASE
set -u
bin=$1
src=$2
case_name=$3
# shellcheck source=lib.sh
source "$src/tests/cli/lib.sh"
scenario="$src/tests/golden/short.yaml"

case "$case_name" in
help)
  expect 0 "$bin" --help
  contains "$out" "usage: hedgesim COMMAND"
  contains "$out" "exit codes:"
  contains "$out" "2  bad usage or bad input"
  # Every command and option row keeps a gap between its synopsis and its summary.
  rows=$(sed -n '/^commands:/,/^exit codes:/p' <<<"$out" | grep '^  [a-z-]')
  [[ -n $rows ]] || fail "no command rows in: $out"
  ! grep -Ev '^  [^ ].*[^ ]  +[^ ]' <<<"$rows" || fail "a row runs its synopsis into its summary"
  expect 0 "$bin" run --help
  contains "$out" "--force"
  ;;
version)
  expect 0 "$bin" --version
  [[ "$out" =~ ^hedgesim\ [0-9]+\.[0-9]+\.[0-9]+\ \(.+\)$ ]] || fail "bad version line: $out"
  ;;
bad_usage)
  expect 2 "$bin"
  contains "$err" "missing COMMAND"
  expect 2 "$bin" rnu
  contains "$err" "unknown command 'rnu' (did you mean 'run'?)"
  expect 2 "$bin" run "$scenario"
  contains "$err" "run: missing -o OUT.h5"
  expect 2 "$bin" run "$scenario" -o "$work/x.h5" --bogus
  contains "$err" "bogus"
  expect 2 "$bin" run "$scenario" -o "$work/x.h5" --froce
  contains "$err" "run: unrecognised option '--froce' (did you mean '--force'?)"
  expect 2 "$bin" run "$scenario" -o "$work/x.h5" --runs -1
  contains "$err" "run: --runs expects a whole number in [1, 2147483647], got '-1'"
  expect 2 "$bin" run "$scenario" -o "$work/x.h5" --runs 0
  expect 2 "$bin" run "$scenario" -o "$work/x.h5" --seed -5
  contains "$err" "run: --seed expects a whole number >= 0, got '-5'"
  expect 2 "$bin" run "$scenario" -o "$work/x.h5" --threads two
  [[ ! -e "$work/x.h5" ]] || fail "an output was written despite bad usage"
  ;;
bad_scenario)
  printf 'scenario:\n  name: x\n  start: 2019-03\n  end: 2020-01\n  stpe: month\n' >"$work/bad.yaml"
  expect 2 "$bin" validate "$work/bad.yaml"
  contains "$err" "$work/bad.yaml:5:3: scenario.stpe: unknown key (did you mean 'step'?)"
  expect 2 "$bin" run "$work/bad.yaml" -o "$work/out.h5"
  [[ ! -e "$work/out.h5" ]] || fail "an output was written for a bad scenario"
  expect 2 "$bin" validate "$work/missing.yaml"
  contains "$err" "cannot open scenario file"
  ;;
validate)
  expect 0 "$bin" validate "$scenario" --set model.rationality=7
  contains "$out" "valid"
  contains "$out" "rationality: 7"
  # The printed scenario is complete: it validates again on its own.
  sed '1d' "$work/stdout" >"$work/resolved.yaml"
  expect 0 "$bin" validate "$work/resolved.yaml"
  expect 2 "$bin" validate "$scenario" --set model.rationality=high
  contains "$err" "--set model.rationality=high: model.rationality: expected a number"
  ;;
run_and_info)
  expect 0 "$bin" run "$scenario" -o "$work/out.h5" --runs 4 --seed 9
  contains "$out" "wrote $work/out.h5"
  contains "$out" "4 runs, seed 9"
  contains "$out" "kazakhstan at 2026-06: hedging"
  [[ -s "$work/out.h5" ]] || fail "no output file"
  ls -A "$work" | grep -q '\.tmp-' && fail "temporary file left behind"
  expect 0 "$bin" info "$work/out.h5"
  contains "$out" "filetype    hedgesim.history 4.0"
  contains "$out" "scenario    golden_short"
  contains "$out" "seed        9"
  contains "$out" "runs        4"
  contains "$out" "time        2019-03 .. 2026-06"
  contains "$out" "kazakhstan (hedger)"
  contains "$out" "(run, time, hedger, power, dimension)" # the axes of alignment
  contains "$out" "alignment"
  ;;
no_overwrite)
  expect 0 "$bin" run "$scenario" -o "$work/out.h5" --runs 2
  before=$(sha256sum "$work/out.h5")
  expect 1 "$bin" run "$scenario" -o "$work/out.h5" --runs 3
  contains "$err" "output exists; use --force to overwrite"
  [[ "$(sha256sum "$work/out.h5")" == "$before" ]] || fail "the existing output was modified"
  expect 0 "$bin" run "$scenario" -o "$work/out.h5" --runs 3 --force
  expect 0 "$bin" info "$work/out.h5"
  contains "$out" "runs        3"
  ;;
info_errors)
  expect 1 "$bin" info "$work/nothing.h5"
  contains "$err" "nothing.h5"
  echo "not hdf5" >"$work/text.h5"
  expect 1 "$bin" info "$work/text.h5"
  ;;
interrupt)
  # SIGTERM mid-run: exit 1, and neither the output nor a temporary file is left.
  "$bin" run "$src/scenarios/post_nazarbayev_succession.yaml" -o "$work/big.h5" --runs 1000000 \
    >"$work/stdout" 2>"$work/stderr" &
  pid=$!
  sleep 1
  kill -TERM "$pid"
  wait "$pid"
  code=$?
  [[ $code -eq 1 ]] || fail "exit $code after SIGTERM, wanted 1"
  contains "$(cat "$work/stderr")" "interrupted; no output written"
  [[ -z "$(ls -A "$work" | grep -v '^std')" ]] || fail "files left behind: $(ls -A "$work")"
  ;;
params)
  expect 0 "$bin" params --markdown
  contains "$out" "| \`world.oil_price\` |"
  contains "$out" "COW National Material Capabilities"
  ;;
*)
  fail "unknown case"
  ;;
esac
echo "ok [$case_name]"
