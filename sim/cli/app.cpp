#include "hedgesim/cli/app.hpp"

#include "hedgesim/cli/command.hpp"
#include "hedgesim/core/error.hpp"
#include "hedgesim/core/text.hpp"
#include "hedgesim/version.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <new>
#include <ostream>
#include <string_view>

namespace hedgesim::cli {

namespace {

std::string usage()
{
  // One column for every synopsis, as wide as the longest one needs.
  std::size_t width = std::string_view("-h, --help").size();
  for (const Command& c : commands()) {
    width = std::max(width, c.synopsis.size());
  }
  width += 2;
  const auto row = [width](std::string_view left, std::string_view right) {
    return fmt::format("  {:<{}}{}\n", left, width, right);
  };
  std::string text = "usage: hedgesim COMMAND [ARGS...]\n\n"
                     "Agent-based simulation of small-state hedging between great powers.\n\n"
                     "commands:\n";
  for (const Command& c : commands()) {
    text += row(c.synopsis, c.summary);
  }
  text += "\noptions:\n" + row("-h, --help", "this text (or `hedgesim COMMAND --help`)") +
          row("--version", "print the version and the commit") +
          "\nexit codes:\n"
          "  0  success\n"
          "  1  runtime failure (an output cannot be written, a file cannot be read, a model error)\n"
          "  2  bad usage or bad input (unknown option, invalid scenario)\n";
  return text;
}

int dispatch(const std::vector<std::string>& args, std::ostream& out)
{
  if (args.empty()) {
    throw UsageError("missing COMMAND (see `hedgesim --help`)");
  }
  const std::string& first = args.front();
  if (first == "-h" || first == "--help" || first == "help") {
    out << usage();
    return kExitSuccess;
  }
  if (first == "--version" || first == "version") {
    fmt::print(out, "hedgesim {} ({})\n", kVersion, kGitSha);
    return kExitSuccess;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  std::vector<std::string> names;
  for (const Command& c : commands()) {
    if (c.name == first) {
      return c.main(rest, out);
    }
    names.emplace_back(c.name);
  }
  throw UsageError(fmt::format("unknown command '{}'{} (see `hedgesim --help`)", first, did_you_mean(first, names)));
}

} // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
  try {
    return dispatch(args, out);
  } catch (const Error& e) {
    // One line whatever the input held: a message may quote text with newlines in it.
    fmt::print(err, "hedgesim: error: {}\n", single_line(e.what()));
    return exit_code_for(e);
  } catch (const std::bad_alloc&) {
    fmt::print(err, "hedgesim: error: out of memory\n");
    return kExitRuntimeFailure;
  } catch (const std::exception& e) {
    fmt::print(err, "hedgesim: internal error: {}\n", single_line(e.what()));
    return kExitRuntimeFailure;
  }
}

} // namespace hedgesim::cli
