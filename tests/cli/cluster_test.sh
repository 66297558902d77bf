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

# The shipped sweep with per-run statistics instead of time series, written to $work/summary.yaml.
summary_sweep() {
  sed -e "s|scenario: ../post_nazarbayev_succession.yaml|scenario: $reference|" \
    -e 's|every: 12|every: 12\n  summary: [final, mean, max]|' "$sweep" >"$work/summary.yaml"
}

case "$case_name" in
determinism)
  expect 0 "$bin" sweep "$sweep" -o "$work/t1.h5" --threads 1
  expect 0 "$bin" sweep "$sweep" -o "$work/t2.h5" --threads 2
  for i in 0 1 2; do
    expect 0 "$bin" sweep "$sweep" -o "$work/shards" --shards 3 --shard "$i" --block-size 8 --quiet
    contains "$out" "wrote shard $i of 3 into $work/shards"
  done
  expect 0 "$bin" merge "$work/shards" -o "$work/merged.h5"
  contains "$out" "64 runs from 8 blocks"
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
  # Uncompressed blocks merge to uncompressed data identical to the default's.
  for i in 0 1; do
    expect 0 "$bin" run "$src/tests/golden/short.yaml" -o "$work/rn" --runs 9 --seed 3 --shards 2 --shard "$i" \
      --compression none --quiet
  done
  expect 0 "$bin" merge "$work/rn" -o "$work/rnm.h5"
  same "$work/r.h5" "$work/rnm.h5"
  expect 2 "$bin" run "$src/tests/golden/short.yaml" -o "$work/bad.h5" --compression zstd
  contains "$err" "run: --compression expects none, fast or small, got 'zstd'"
  # Summaries instead of series: the same from threads, shards and one re-created run.
  summary_sweep
  expect 0 "$bin" sweep "$work/summary.yaml" -o "$work/s1.h5" --threads 1 --quiet
  expect 0 "$bin" sweep "$work/summary.yaml" -o "$work/s2.h5" --threads 2 --quiet
  for i in 0 1; do
    expect 0 "$bin" sweep "$work/summary.yaml" -o "$work/ss" --shards 2 --shard "$i" --block-size 16 --quiet
  done
  expect 0 "$bin" merge "$work/ss" -o "$work/sm.h5"
  same "$work/s1.h5" "$work/s2.h5"
  same "$work/s1.h5" "$work/sm.h5"
  expect 0 "$bin" info "$work/sm.h5"
  contains "$out" "summary     final, mean, max per run"
  has_line "$out" "^  summary/alignment +float32 +\[64 x 3 x 1 x 3 x 3\]"
  has_line "$out" "^  stat +string +\[3\]"
  lacks "$out" "  strategy "
  expect 0 "$bin" run --from "$work/sm.h5" --run 5 -o "$work/one.h5"
  expect 0 "$bin" info "$work/one.h5"
  has_line "$out" "^  summary/strategy +float32 +\[1 x 3 x 1\]"
  ;;
mpi)
  [[ -n "$mpiexec" ]] || fail "no mpiexec given"
  expect 0 "$bin" sweep "$sweep" -o "$work/t2.h5" --threads 2
  # Under mpirun the runs are streamed to rank 0 unless blocks are asked for.
  expect 0 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" sweep "$sweep" -o "$work/mpi.h5" --quiet
  contains "$out" "64 runs on 2 MPI ranks (1 thread each), streamed to rank 0"
  same "$work/t2.h5" "$work/mpi.h5"
  left=$(find "$work" -maxdepth 1 -name '*mpi.h5*')
  [[ "$left" == "$work/mpi.h5" ]] || fail "a streamed job left more than its output: $(ls -a "$work")"
  expect 1 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" sweep "$sweep" -o "$work/mpi.h5" --quiet
  contains "$err" "output exists; use --force to overwrite"
  # With --blocks each rank writes blocks, which rank 0 merges and removes.
  expect 0 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" sweep "$sweep" -o "$work/bl.h5" --blocks --quiet
  has_line "$out" "^  merged [0-9]+ blocks in "
  same "$work/t2.h5" "$work/bl.h5"
  [[ ! -e "$work/.bl.h5.shards" ]] || fail "the ranks' blocks were not removed"
  # --keep-shards implies the blocks.
  expect 0 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" sweep "$sweep" -o "$work/mpi.h5" --force --keep-shards --quiet
  [[ -e "$work/.mpi.h5.shards/manifest.json" ]] || fail "--keep-shards removed the blocks"
  # status finds the blocks of an MPI job by its output's name.
  expect 0 "$bin" status "$work/mpi.h5"
  contains "$out" "$work/mpi.h5: an MPI job in blocks, merged when every rank is done"
  contains "$out" "total: 64/64 runs (100.0 %), 0 failed, 2/2 shards done"
  lacks "$out" "hedgesim merge"
  expect 1 "$bin" status "$work/nothing.h5"
  contains "$err" "$work/nothing.h5: no shard directory, output, run in progress, or MPI job's journal or blocks"
  expect 2 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" sweep "$sweep" -o "$work/sb.h5" --stream --blocks --quiet
  contains "$err" "sweep: --stream and --blocks are two ways to run under mpirun; give one"
  expect 2 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" sweep "$sweep" -o "$work/sb.h5" --stream --fail slow --quiet
  contains "$err" "sweep: --stream stops at a failed run (--fail slow needs --blocks)"
  # --fail slow implies the blocks: the failed run is recorded in its rank's progress file.
  expect 1 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" sweep "$sweep" -o "$work/fs.h5" --fail slow --inject-failure 40 --quiet
  contains "$err" "1 run failed (first: run 40: "
  contains "$err" "see $work/.fs.h5.shards/shard-0001/progress.json"
  summary_sweep
  expect 0 "$bin" sweep "$work/summary.yaml" -o "$work/s2.h5" --threads 2 --quiet
  expect 0 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" sweep "$work/summary.yaml" -o "$work/smpi.h5" --quiet
  same "$work/s2.h5" "$work/smpi.h5"
  # --stream: the ranks send their runs to rank 0, which writes them; no blocks, same data.
  expect 0 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" sweep "$sweep" -o "$work/st.h5" --stream --quiet
  contains "$out" "64 runs on 2 MPI ranks (1 thread each), streamed to rank 0"
  same "$work/t2.h5" "$work/st.h5"
  [[ ! -e "$work/.st.h5.shards" ]] || fail "--stream wrote blocks"
  expect 0 "$mpiexec" --allow-run-as-root --oversubscribe -n 3 "$bin" sweep "$work/summary.yaml" -o "$work/st3.h5" --stream --quiet
  same "$work/s2.h5" "$work/st3.h5"
  # Several simulating threads per rank: the same data.
  expect 0 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" sweep "$sweep" -o "$work/stt.h5" --stream --threads 3 --quiet
  contains "$out" "64 runs on 2 MPI ranks (3 threads each), streamed to rank 0"
  same "$work/t2.h5" "$work/stt.h5"
  # A failed run on either rank, with one thread or several, leaves no output: only the journal
  # and the temporary file it points into, if rank 0 had written any group by then, else nothing.
  # Runs 3 and 10 are in the first batches of rank 0 and rank 1, taken while MPI starts.
  for threads in 1 3; do
    for run in 3 10 60; do
      expect 1 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" sweep "$sweep" -o "$work/sf.h5" --stream --threads "$threads" --inject-failure "$run" --quiet
      contains "$err" "run $run: failure injected by --inject-failure"
      left=$(find "$work" -maxdepth 1 -name '*sf.h5*' | sort | tr '\n' ' ')
      if [[ $err == *"runs kept in $work/.sf.h5.journal"* ]]; then
        [[ "$left" == "$work/.sf.h5.journal $work/.sf.h5.journal-data-1 $work/.sf.h5.journal-progress " ]] || fail "a failed --stream job that kept runs left: $(ls -a "$work")"
      else
        [[ -z "$left" ]] || fail "a failed --stream job that kept nothing left a file: $(ls -a "$work")"
      fi
      rm -f "$work"/.sf.h5.journal*
    done
  done
  # A run failing after some flushes: the journal of the runs written and the file it points
  # into are left (--journal, the default, is accepted).
  expect 0 "$bin" run "$reference" --runs 2000 --seed 3 -o "$work/j2.h5" --threads 2 --quiet
  for threads in 1 3; do
    rm -f "$work"/.sj.h5.journal*
    expect 1 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" run "$reference" --runs 2000 --seed 3 -o "$work/sj.h5" --stream --journal --threads "$threads" --inject-failure 1700 --quiet
    contains "$err" "run 1700: failure injected by --inject-failure; "
    has_line "$err" "; [0-9]+ runs kept in $work/.sj.h5.journal: the same command resumes from there$"
    left=$(find "$work" -maxdepth 1 -name '*sj.h5*' | sort | tr '\n' ' ')
    [[ "$left" == "$work/.sj.h5.journal $work/.sj.h5.journal-data-1 $work/.sj.h5.journal-progress " ]] || fail "a failed --stream job left other than its journal, data and progress: $(ls -a "$work")"
    # status reads the journal and rank 0's last progress.
    expect 0 "$bin" status "$work/sj.h5"
    has_line "$out" "^$work/sj.h5: a streamed MPI job of 2000 runs, plan [0-9a-f]+, compression fast$"
    has_line "$out" "^  journal: [1-9][0-9]*/2000 runs recorded, which a rerun of the same command keeps$"
    has_line "$out" "^  rank 0: [1-9][0-9]*/2000 runs written, failed, updated [0-9:]+ ago$"
    contains "$out" "stopped: the same command resumes from the runs recorded"
  done
  # The cause gone, the command writes only what the journal lacks, and the journal and its data go.
  expect 0 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" run "$reference" --runs 2000 --seed 3 -o "$work/sj.h5" --stream --threads 3 --quiet
  has_line "$out" "resumed: [0-9]+ runs kept from before"
  same "$work/j2.h5" "$work/sj.h5"
  left=$(find "$work" -maxdepth 1 -name '*sj.h5*')
  [[ "$left" == "$work/sj.h5" ]] || fail "the journal or its data stayed after the output was written: $(ls -a "$work")"
  expect 0 "$bin" status "$work/sj.h5"
  [[ "$out" == "$work/sj.h5: complete, 2000 runs of post_nazarbayev_succession" ]] || fail "status of a finished output: $out"
  expect 2 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" sweep "$sweep" -o "$work/sk.h5" --stream --keep-shards --quiet
  contains "$err" "--stream writes no blocks to keep; drop --keep-shards"
  # Interrupted (mpirun passes SIGINT on to the ranks): a failure, and nothing left but the journal
  # and its data.
  for threads in 1 2; do
    "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" run "$reference" --runs 100000 -o "$work/si.h5" --stream --threads "$threads" --quiet >/dev/null 2>&1 &
    pid=$!
    sleep 3
    kill -INT "$pid"
    if wait "$pid"; then fail "an interrupted --stream job exited 0 ($threads threads per rank)"; fi
    left=$(find "$work" -maxdepth 1 -name '*si.h5*' | sort | tr '\n' ' ')
    [[ "$left" == "$work/.si.h5.journal $work/.si.h5.journal-data-1 $work/.si.h5.journal-progress " ]] || fail "an interrupted --stream job left: $(ls -a "$work")"
    expect 0 "$bin" status "$work/si.h5"
    has_line "$out" "^  rank 0: [0-9]+/100000 runs written, interrupted, updated "
    rm -f "$work"/.si.h5.journal*
  done
  # A second job of the same output, started while the first runs, stops at once and leaves the
  # first one's files alone; the first goes on to finish.
  "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" run "$reference" --runs 3000 -o "$work/two.h5" --quiet >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 500); do
    [[ -s "$work/.two.h5.journal" ]] && break
    sleep 0.02
  done
  expect 1 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" run "$reference" --runs 3000 -o "$work/two.h5" --force --quiet
  contains "$err" "$work/two.h5: another job is writing it (its journal $work/.two.h5.journal is locked); wait for that job to end, or stop it"
  wait "$pid" || fail "the first job of an output failed when a second one was started"
  expect 0 "$bin" status "$work/two.h5"
  contains "$out" "$work/two.h5: complete, 3000 runs"
  # SIGTERM to the ranks themselves, as SLURM sends at a time limit: rank 0 says what it kept.
  "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" run "$reference" --runs 100000 -o "$work/sterm.h5" --stream --quiet >/dev/null 2>"$work/st.err" &
  pid=$!
  sleep 3
  pkill -TERM -f -- "^$bin run .*-o $work/sterm.h5"
  if wait "$pid"; then fail "a --stream job whose ranks got SIGTERM exited 0"; fi
  has_line "$(cat "$work/st.err")" "^hedgesim: error: interrupted; no output written; [0-9]+ runs kept in $work/.sterm.h5.journal: the same command resumes from there$"
  ;;
stream_kill_resume)
  [[ -n "$mpiexec" ]] || fail "no mpiexec given"
  # Both ranks killed with SIGKILL part of the way: the rerun copies the groups the journal
  # records from the killed writer's temporary file, removes both, and gives the data of an
  # uninterrupted run.
  # Few enough runs that the sanitized build, where this test runs alone, gets through quickly.
  runs=1200
  args=(run "$reference" --runs "$runs" --seed 5 -o "$work/k.h5" --stream --quiet)
  "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" "${args[@]}" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 1500); do
    # Some records past the heading's 4 KiB: the groups of at least one flush of the output.
    (($(stat -c %s "$work/.k.h5.journal" 2>/dev/null || echo 0) > 40000)) && break
    sleep 0.02
  done
  pkill -9 -f -- "-o $work/k.h5" || fail "the job finished before it could be killed"
  wait "$pid" 2>/dev/null
  while pgrep -f -- "-o $work/k.h5" >/dev/null; do sleep 0.05; done
  [[ ! -e "$work/k.h5" ]] || fail "the job finished before it was killed"
  [[ -e "$work/.k.h5.journal-data-1" ]] || fail "the killed writer left no temporary file: $(ls -a "$work")"
  expect 0 "$bin" status "$work/k.h5"
  has_line "$out" "^  journal: [1-9][0-9]*/$runs runs recorded, which a rerun of the same command keeps$"
  expect 0 "$mpiexec" --allow-run-as-root --oversubscribe -n 2 "$bin" "${args[@]}"
  has_line "$out" "resumed: [0-9]+ runs kept from before"
  left=$(find "$work" -maxdepth 1 -name '*k.h5*')
  [[ "$left" == "$work/k.h5" ]] || fail "the resumed job left more than its output: $(ls -a "$work")"
  expect 0 "$bin" run "$reference" --runs "$runs" --seed 5 -o "$work/threads.h5" --threads 2 --quiet
  same "$work/threads.h5" "$work/k.h5"
  # A journal of another plan is of no use: the job starts afresh, replaces it, and still writes
  # the same data.
  printf 'hedgesim stream journal 3 0 plan=0 runs=1 compression=fast data=.k2.h5.journal-data-4\nHSJR' >"$work/.k2.h5.journal"
  echo data >"$work/.k2.h5.journal-data-4"
  expect 0 "$mpiexec" --allow-run-as-root --oversubscribe -n 3 "$bin" run "$reference" --runs "$runs" --seed 5 -o "$work/k2.h5" --stream --quiet
  lacks "$out" "resumed"
  same "$work/threads.h5" "$work/k2.h5"
  left=$(find "$work" -maxdepth 1 -name '*k2.h5*')
  [[ "$left" == "$work/k2.h5" ]] || fail "another plan's journal or data stayed: $(ls -a "$work")"
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
  contains "$out" "shard 0: 24/24 runs, 0 failed, done"
  contains "$out" "shard 1: 0/24 runs, not started"
  contains "$out" "total: 40/64 runs (62.5 %), 0 failed, 2/3 shards done"
  expect 1 "$bin" merge "$work/d" -o "$work/m.h5"
  contains "$out" "missing: shard-0001/block-000000.h5"
  contains "$err" "24 of 64 runs are missing (runs 24-47) in 3 blocks"
  [[ $(wc -l <"$work/stderr") -eq 1 ]] || fail "the error is not one line: $err"
  [[ ! -e "$work/m.h5" ]] || fail "merge wrote an output with runs missing"
  expect 0 "$bin" sweep "$sweep" -o "$work/d" --shards 3 --shard 1 --block-size 8
  expect 0 "$bin" status "$work/d"
  contains "$out" "complete: hedgesim merge"
  expect 0 "$bin" merge "$work/d" -o "$work/m.h5"
  expect 1 "$bin" merge "$work/d" -o "$work/m.h5"
  contains "$err" "output exists; use --force to overwrite"
  # A run in one process: status reads its progress file while it runs. Killed, it leaves the
  # file, which status notes as silent once it is old.
  "$bin" run "$reference" -o "$work/long.h5" --runs 100000 --threads 1 --quiet &
  pid=$!
  for _ in $(seq 120); do
    [[ -e "$work/.long.h5.progress" ]] && break
    sleep 0.25
  done
  expect 0 "$bin" status "$work/long.h5"
  kill -9 "$pid"
  wait "$pid" 2>/dev/null
  contains "$out" "$work/long.h5: a run of 100000 runs in one process"
  has_line "$out" "^  [0-9]+/100000 runs written, running, [0-9.]+ runs/s, ETA .*, updated .* ago$"
  sed -i 's/"updated_unix": [0-9]*/"updated_unix": 1000/' "$work/.long.h5.progress"
  expect 0 "$bin" status "$work/long.h5"
  has_line "$out" "^silent for .*: the run has most likely been killed; a run in one process does not resume"
  # A run that ends, however it ends, leaves no progress file.
  expect 0 "$bin" run "$src/tests/golden/short.yaml" -o "$work/long.h5" --runs 3 --force --quiet
  [[ ! -e "$work/.long.h5.progress" ]] || fail "a finished run left its progress file"
  expect 0 "$bin" status "$work/long.h5"
  contains "$out" "$work/long.h5: complete, 3 runs of"
  ;;
failures)
  # --fail slow: the failing run costs its block only; the error is recorded and merge lists it.
  args=(sweep "$sweep" -o "$work/slow" --shards 1 --shard 0 --block-size 8 --threads 2 --quiet)
  expect 1 "$bin" "${args[@]}" --fail slow --inject-failure 10
  contains "$out" "failed: run 10: run 10: failure injected by --inject-failure"
  contains "$err" "1 run failed in shard 0; fix the cause and rerun with --resume"
  for b in 0 2 3 4 5 6 7; do
    [[ -e "$work/slow/shard-0000/block-00000$b.h5" ]] || fail "--fail slow lost block $b"
  done
  [[ ! -e "$work/slow/shard-0000/block-000001.h5" ]] || fail "the failed run's block was written"
  progress=$(cat "$work/slow/shard-0000/progress.json")
  contains "$progress" '"state": "failed"'
  contains "$progress" '"run": 10'
  contains "$progress" 'failure injected by --inject-failure'
  expect 0 "$bin" status "$work/slow"
  contains "$out" "shard 0: 56/64 runs, 1 failed, failed"
  expect 1 "$bin" merge "$work/slow" -o "$work/slow.h5"
  contains "$out" "failed: run 10: run 10: failure injected by --inject-failure"
  contains "$out" "missing: shard-0000/block-000001.h5"
  contains "$err" "8 of 64 runs are missing (runs 8-15) in 1 block; 1 failed: runs 10;"
  # The cause gone, --resume runs only the missing block, and the result is the threaded file.
  expect 0 "$bin" "${args[@]}" --resume
  contains "$out" "8 blocks (7 kept from before), 8 runs"
  expect 0 "$bin" merge "$work/slow" -o "$work/slow.h5"
  expect 0 "$bin" sweep "$sweep" -o "$work/threads.h5" --threads 2 --quiet
  same "$work/threads.h5" "$work/slow.h5"
  # --fail fast (the default) stops at the failing block: no later block is started.
  expect 1 "$bin" sweep "$sweep" -o "$work/fast" --shards 1 --shard 0 --block-size 8 --threads 1 --quiet \
    --inject-failure 10
  contains "$err" "run 10: failure injected by --inject-failure"
  [[ $(wc -l <"$work/stderr") -eq 1 ]] || fail "the error is not one line: $err"
  [[ -e "$work/fast/shard-0000/block-000000.h5" ]] || fail "--fail fast lost the block before the failure"
  [[ ! -e "$work/fast/shard-0000/block-000002.h5" ]] || fail "--fail fast went on after the failure"
  contains "$(cat "$work/fast/shard-0000/progress.json")" '"run": 10'
  expect 2 "$bin" sweep "$sweep" -o "$work/x.h5" --inject-failure 3
  contains "$err" "sweep: --inject-failure needs --shards N or mpirun"
  expect 2 "$bin" sweep "$sweep" -o "$work/y" --shards 1 --shard 0 --inject-failure 64
  contains "$err" "sweep: --inject-failure expects a run 0 .. 63, got 64"
  ;;
errors)
  expect 2 "$bin" sweep "$sweep" -o "$work/d" --shard 1
  contains "$err" "sweep: --shard, --block-size and --resume need --shards N"
  expect 2 "$bin" sweep "$sweep" -o "$work/d" --shards 3 --shard 3
  contains "$err" "sweep: --shard expects 0 .. 2, got 3"
  (unset SLURM_ARRAY_TASK_ID; expect 2 "$bin" sweep "$sweep" -o "$work/d" --shards 3) || exit 1
  expect 2 "$bin" sweep "$sweep" -o "$work/d" --shards 2 --shard 0 --fail later
  contains "$err" "sweep: --fail expects fast or slow, got 'later'"
  expect 2 "$bin" sweep "$sweep" -o "$work/e.h5" --stream
  contains "$err" "sweep: --stream needs mpirun with 2 or more ranks"
  expect 2 "$bin" sweep "$sweep" -o "$work/e.h5" --journal
  contains "$err" "sweep: --journal goes with --stream (blocks resume without one)"
  expect 2 "$bin" sweep "$sweep" -o "$work/e.h5" --blocks
  contains "$err" "sweep: --blocks needs mpirun with 2 or more ranks (--shards N writes blocks without it)"
  expect 0 "$bin" sweep "$sweep" -o "$work/d" --shards 2 --shard 0 --quiet
  expect 2 "$bin" sweep "$sweep" -o "$work/d" --shards 3 --shard 0 --quiet
  contains "$err" "holds shards of another plan (64 runs, 2 shards, block size 512"
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
  contains "$out" "shard 2: 0/16 runs, not started"
  expect 2 "$bin" slurm "$sweep" --shards 3 -o "$work/sl2" --time 10min
  contains "$err" "slurm: --time expects [D-]HH:MM:SS, got '10min'"
  ;;
*)
  fail "unknown case"
  ;;
esac
