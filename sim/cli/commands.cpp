#include "hedgesim/cli/command.hpp"

#include <array>

namespace hedgesim::cli {

namespace {
// The one list of subcommands: dispatch and `hedgesim --help` both read it.
const std::array kCommands{
    Command{"run", "run SCENARIO.yaml -o OUT.h5", "simulate an ensemble and write its full history (HDF5)",
            command_run},
    Command{"validate", "validate SCENARIO.yaml", "check a scenario and print it fully resolved", command_validate},
    Command{"info", "info OUT.h5", "describe what a history file holds", command_info},
    Command{"params", "params [--markdown]", "print the parameter dictionary", command_params},
};
} // namespace

std::span<const Command> commands()
{
  return kCommands;
}

} // namespace hedgesim::cli
