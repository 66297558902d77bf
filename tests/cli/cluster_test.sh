#!/usr/bin/env bash
# End-to-end tests of shards, merge, resume, status, diff and MPI: every way of running a
# plan must give the same data, byte for byte, as one threaded run.
# usage: cluster_test.sh HEDGESIM_BINARY SOURCE_DIR CASE [MPIEXEC]
set -u
bin=$1
src=$2
case_name=$3
# shellcheck source=lib.sh
source "$src/tests/cli/lib.sh"
mpiexec=${4:-}
sweep="$src/scenarios/sweeps/russia_revisionism.yaml"
reference="$src/scenarios/post_nazarbayev_succession.yaml"

same() { expect 0 "$bin" diff "$1" "$2"; contains "$out" "identical:"; }

case "$case_name" in
determinism)
  expect 0 "$bin" sweep "$sweep" -o "$work/t1.h5" --threads 1
  expect 0 "$bin" sweep "$sweep" -o "$work/t2.h5" --threads 2
  for i in 0 1 2; do
    expect 0 "$bin" sweep "$sweep" -o "$work/shards" --shards 3 --shard "$i" --block-size 8 --quiet
    contains "$out" "wrote shard $i of 3 into $work/shards"
  done
  expect 0 "$bin" merge "$work/shards" -o "$work/merged.h5"
  contains "$out" "64 runs from 9 blocks"
  same "$work/t1.h5" "$work/t2.h5"
  same "$work/t1.h5" "$work/merged.h5"
  # The shard index may come from SLURM.
  SLURM_ARRAY_TASK_ID=1 expect 0 "$bin" sweep "$sweep" -o "$work/slurm" --shards 2 --quiet
  contains "$out" "wrote shard 1 of 2"
  # A plain ensemble shards too.
  expect 0 "$bin" run "$src/tests/golden/short.yaml" -o "$work/r.h5" --runs 9 --seed 3
  expect 0 "$bin" run "$src/tests/golden/short.yaml" -o "$work/rs" --runs 9 --seed 3 --shards 2 --shard 0 --block-size 2
  expect 0 "$bin" run "$src/tests/golden/short.yaml" -o "$work/rs" --runs 9 --seed 3 --shards 2 --shard 1 --block-size 2
  expect 0 "$bin" merge "$work/rs" -o "$work/rm.h5"
  same "$work/r.h5" "$work/rm.h5"
  ;;
mpi)
  [[ -n "$mpiexec" ]] || fail "no mpiexec given"
  expect 0 "$bin" sweep "$sweep" -o "$work/t2.h5" --threads 2
  expect 0 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" sweep "$sweep" -o "$work/mpi.h5" --quiet
  contains "$out" "64 runs on 2 MPI ranks"
  same "$work/t2.h5" "$work/mpi.h5"
  [[ ! -e "$work/.mpi.h5.shards" ]] || fail "the ranks' blocks were not removed"
  expect 1 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" sweep "$sweep" -o "$work/mpi.h5" --quiet
  contains "$err" "output exists; use --force to overwrite"
  expect 0 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" sweep "$sweep" -o "$work/mpi.h5" --force --keep-shards --quiet
  [[ -e "$work/.mpi.h5.shards/manifest.json" ]] || fail "--keep-shards removed the blocks"
  ;;
kill_resume)
  args=(run "$reference" --runs 600 --seed 5 -o "$work/shard" --shards 1 --shard 0 --threads 1 --block-size 16 --quiet)
  "$bin" "${args[@]}" >/dev/null 2>&1 &
  pid=$!
  # Kill once some blocks are done, so the rerun has both kept and missing blocks.
  for _ in $(seq 1 200); do
    [[ -e "$work/shard/shard-0000/block-000002.h5" ]] && break
    sleep 0.05
  done
  kill -9 "$pid" 2>/dev/null || fail "the shard finished before it could be killed"
  wait "$pid" 2>/dev/null
  [[ ! -e "$work/shard/shard-0000/block-000037.h5" ]] || fail "the shard finished before it was killed"
  expect 2 "$bin" "${args[@]}"
  contains "$err" "shard 0 has already started; use --resume to go on or --force to start afresh"
  expect 0 "$bin" "${args[@]}" --resume
  contains "$out" "kept from before"
  expect 0 "$bin" merge "$work/shard" -o "$work/resumed.h5"
  expect 0 "$bin" run "$reference" --runs 600 --seed 5 -o "$work/threads.h5" --threads 2 --quiet
  same "$work/threads.h5" "$work/resumed.h5"
  ;;
missing_and_status)
  expect 0 "$bin" sweep "$sweep" -o "$work/d" --shards 3 --shard 0 --block-size 8
  expect 0 "$bin" sweep "$sweep" -o "$work/d" --shards 3 --shard 2 --block-size 8
  expect 0 "$bin" status "$work/d"
  contains "$out" "$work/d: sweep russia_revisionism, 64 runs in 3 shards (blocks of 8)"
  contains "$out" "shard 0: 22/22 runs, 0 failed, done"
  contains "$out" "shard 1: 0/21 runs, not started"
  contains "$out" "total: 43/64 runs (67.2 %), 0 failed, 2/3 shards done"
  expect 1 "$bin" merge "$work/d" -o "$work/m.h5"
  contains "$out" "missing: shard-0001/block-000000.h5"
  contains "$err" "21 of 64 runs are missing (runs 22-42) in 3 blocks"
  [[ $(wc -l <"$work/stderr") -eq 1 ]] || fail "the error is not one line: $err"
  [[ ! -e "$work/m.h5" ]] || fail "merge wrote an output with runs missing"
  expect 0 "$bin" sweep "$sweep" -o "$work/d" --shards 3 --shard 1 --block-size 8
  expect 0 "$bin" status "$work/d"
  contains "$out" "complete: hedgesim merge"
  expect 0 "$bin" merge "$work/d" -o "$work/m.h5"
  expect 1 "$bin" merge "$work/d" -o "$work/m.h5"
  contains "$err" "output exists; use --force to overwrite"
  ;;
errors)
  expect 2 "$bin" sweep "$sweep" -o "$work/d" --shard 1
  contains "$err" "sweep: --shard, --block-size and --resume need --shards N"
  expect 2 "$bin" sweep "$sweep" -o "$work/d" --shards 3 --shard 3
  contains "$err" "sweep: --shard expects 0 .. 2, got 3"
  (unset SLURM_ARRAY_TASK_ID; expect 2 "$bin" sweep "$sweep" -o "$work/d" --shards 3) || exit 1
  expect 2 "$bin" sweep "$sweep" -o "$work/d" --shards 2 --shard 0 --fail later
  contains "$err" "sweep: --fail expects fast or slow, got 'later'"
  expect 0 "$bin" sweep "$sweep" -o "$work/d" --shards 2 --shard 0 --quiet
  expect 2 "$bin" sweep "$sweep" -o "$work/d" --shards 3 --shard 0 --quiet
  contains "$err" "holds shards of another plan (64 runs, 2 shards, block size 64"
  expect 1 "$bin" status "$work"
  contains "$err" "no manifest"
  expect 1 "$bin" merge "$work" -o "$work/x.h5"
  contains "$err" "no manifest"
  expect 0 "$bin" sweep "$sweep" -o "$work/a.h5" --quiet
  expect 0 "$bin" run "$src/tests/golden/short.yaml" -o "$work/b.h5" --quiet
  expect 1 "$bin" diff "$work/a.h5" "$work/b.h5"
  contains "$out" "differ: dataset"
  expect 2 "$bin" diff "$work/a.h5"
  contains "$err" "diff: expects two history files"
  expect 0 "$bin" slurm "$sweep" --shards 3 -o "$work/sl" --time 00:10:00 --mem 1G --partition debug
  contains "$out" "submit:  sbatch $work/sl/submit.sbatch"
  script=$(cat "$work/sl/submit.sbatch")
  contains "$script" "#SBATCH --array=0-2"
  contains "$script" "#SBATCH --time=00:10:00"
  contains "$script" "#SBATCH --output=$work/sl/logs/shard-%a.out"
  contains "$script" "--shard \"\$SLURM_ARRAY_TASK_ID\" --shards 3"
  contains "$script" "--resume"
  expect 0 "$bin" status "$work/sl"
  contains "$out" "shard 2: 0/21 runs, not started"
  expect 2 "$bin" slurm "$sweep" --shards 3 -o "$work/sl2" --time 10min
  contains "$err" "slurm: --time expects [D-]HH:MM:SS, got '10min'"
  ;;
*)
  fail "unknown case"
  ;;
esac
