# shellcheck shell=bash
# Helpers shared by the whole-command benchmarks (scripts/bench-ranks, scripts/bench-builds).
# Sourced, not run.

# The median of the numbers on stdin, one or more per line.
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# 1-way time / (2 x 2-way time), two decimals.
efficiency() { awk -v one="$1" -v two="$2" 'BEGIN {printf "%.2f", one / (2 * two)}'; }

# mpirun as this user may call it: as root OpenMPI wants to be told, and the ranks may
# outnumber the cores.
# Sets the array `mpi`, to be followed by the rank count and the command.
mpirun_command() {
  # shellcheck disable=SC2034 # used by the scripts that source this file
  mpi=(mpirun -n)
  if [[ $(id -u) -eq 0 ]]; then
    # shellcheck disable=SC2034
    mpi=(mpirun --allow-run-as-root --oversubscribe -n)
  fi
}
