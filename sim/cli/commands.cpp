#include "hedgesim/cli/command.hpp"

#include <array>

namespace hedgesim::cli {

namespace {
// The one list of subcommands: dispatch and `hedgesim --help` both read it.
const std::array kCommands{
    Command{"run", "run SCENARIO.yaml -o OUT.h5", "simulate an ensemble and write its full history (HDF5)",
            command_run},
    Command{"sweep", "sweep SWEEP.yaml -o OUT.h5", "run a parameter sweep (design x replicates)", command_sweep},
    Command{"compare", "compare BASE.yaml INTERVENTION.yaml", "paired runs of two scenarios", command_compare},
    Command{"merge", "merge DIR -o OUT.h5", "join the blocks of a sharded sweep or run into one file", command_merge},
    Command{"status", "status DIR|OUTPUT", "how far a sharded job, or an MPI job writing OUTPUT, has got",
            command_status},
    Command{"slurm", "slurm SWEEP.yaml --shards N -o DIR", "write a SLURM array script for a sweep", command_slurm},
    Command{"diff", "diff A.h5 B.h5", "compare two history files' datasets byte for byte", command_diff},
    Command{"validate", "validate SCENARIO.yaml", "check a scenario and print it fully resolved", command_validate},
    Command{"info", "info OUT.h5", "describe what a history file holds", command_info},
    Command{"explain", "explain OUT.h5 --run K", "tell why a hedger moved, step by step, in one run", command_explain},
    Command{"params", "params [--markdown]", "print the parameter dictionary", command_params},
};
} // namespace

std::span<const Command> commands()
{
  return kCommands;
}

} // namespace hedgesim::cli
