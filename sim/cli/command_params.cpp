#include "hedgesim/cli/command.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/scenario/parameter_dictionary.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <ostream>

namespace hedgesim::cli {

namespace po = boost::program_options;

int command_params(const std::vector<std::string>& args, std::ostream& out)
{
  po::options_description options("params options");
  auto add = options.add_options();
  add("help,h", "show this help");
  add("markdown", "print the Markdown tables of docs/scenario-reference.md");
  const auto vm = parse("params", args, options, po::positional_options_description{});
  if (vm.count("help") != 0U) {
    out << help_text("params [--markdown]", options);
    return kExitSuccess;
  }
  out << parameter_reference_markdown();
  return kExitSuccess;
}

} // namespace hedgesim::cli
