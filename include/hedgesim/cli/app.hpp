// The `hedgesim` command line: subcommands over the library, with documented exit codes.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace hedgesim::cli {

//! Runs the command line `args` (without the program name); returns the process exit code.
//! Errors are one line on `err`: no stack traces for user mistakes.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace hedgesim::cli
