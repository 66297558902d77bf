#!/usr/bin/env bash
# End-to-end tests of `hedgesim sweep`, `hedgesim compare` and `hedgesim run --from`.
# usage: sweep_test.sh HEDGESIM_BINARY SOURCE_DIR CASE
set -u
bin=$1
src=$2
case_name=$3
# shellcheck source=lib.sh
source "$src/tests/cli/lib.sh"
scenario="$src/tests/golden/short.yaml"

cat >"$work/sweep.yaml" <<YAML
sweep:
  name: small
  scenario: $scenario
  seed: 5
  replicates: 2
  design: {type: lhs, points: 3}
parameters:
  - {path: agents.russia.revisionism, range: [0.2, 0.9]}
  - {path: model.rationality, values: [5, 20]}
output: {variables: [alignment, strategy], every: 6}
YAML

case "$case_name" in
sweep_and_info)
  expect 0 "$bin" sweep "$work/sweep.yaml" -o "$work/out.h5" --threads 2
  contains "$out" "wrote $work/out.h5"
  contains "$out" "sweep small: lhs design, 3 points x 2 replicates = 6 runs, seed 5"
  contains "$out" "param agents.russia.revisionism:"
  contains "$out" "runs/s"
  expect 0 "$bin" info "$work/out.h5"
  contains "$out" "filetype    hedgesim.history 4.0"
  contains "$out" "sweep       lhs design, 3 points x 2 replicates"
  contains "$out" "param     model.rationality in [5, 20]"
  contains "$out" "params"
  expect 1 "$bin" sweep "$work/sweep.yaml" -o "$work/out.h5"
  contains "$err" "output exists; use --force to overwrite"
  expect 0 "$bin" sweep "$work/sweep.yaml" -o "$work/out.h5" --force
  ;;
sweep_errors)
  expect 2 "$bin" sweep "$work/sweep.yaml"
  contains "$err" "sweep: missing -o OUT.h5"
  sed 's/type: lhs/type: lsh/' "$work/sweep.yaml" >"$work/bad.yaml"
  expect 2 "$bin" sweep "$work/bad.yaml" -o "$work/out.h5"
  contains "$err" "$work/bad.yaml:6:18: sweep.design.type: expected one of grid, random, lhs, sobol, morris, got \"lsh\" (did you mean 'lhs'?)"
  [[ $(wc -l <"$work/stderr") -eq 1 ]] || fail "the error is not one line: $err"
  [[ ! -e "$work/out.h5" ]] || fail "an output was written for a bad sweep"
  ;;
run_from)
  expect 0 "$bin" sweep "$work/sweep.yaml" -o "$work/out.h5" --threads 2
  expect 0 "$bin" run --from "$work/out.h5" --run 3 -o "$work/one.h5"
  contains "$out" "run 3 of $work/out.h5"
  expect 0 "$bin" info "$work/one.h5"
  contains "$out" "runs        1 (runs 3 .. 3)"
  expect 2 "$bin" run --from "$work/out.h5" --run 6 -o "$work/bad.h5"
  contains "$err" "run: --run expects a run of $work/out.h5 (0 .. 5), got 6"
  expect 2 "$bin" run "$scenario" --from "$work/out.h5" --run 1 -o "$work/bad.h5"
  contains "$err" "run: --from takes its scenario, seed and parameters from the file"
  # A plain ensemble's run too.
  expect 0 "$bin" run "$scenario" -o "$work/plain.h5" --runs 3 --seed 4
  expect 0 "$bin" run --from "$work/plain.h5" --run 2 -o "$work/plain2.h5"
  ;;
compare)
  expect 0 "$bin" compare "$scenario" "$scenario" -o "$work/pairs.h5" --runs 3 --seed 2 --threads 2 --quiet
  contains "$out" "3 paired runs, seed 2"
  [[ -z "$err" ]] || fail "compare --quiet wrote to stderr: $err"
  contains "$out" "arm 1: kazakhstan"
  expect 0 "$bin" info "$work/pairs.h5"
  contains "$out" "runs        6"
  contains "$out" "pairs       arm 0 baseline, arm 1 intervention"
  expect 0 "$bin" run --from "$work/pairs.h5" --run 4 -o "$work/one.h5"
  printf 'extends: %s\nagents:\n  other: {role: hedger, capability: 0.01}\n' "$scenario" >"$work/more.yaml"
  expect 2 "$bin" compare "$scenario" "$work/more.yaml" -o "$work/bad.h5"
  contains "$err" "expected the agents, span and output of"
  ;;
*)
  fail "unknown case"
  ;;
esac
