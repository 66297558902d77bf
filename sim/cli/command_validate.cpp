#include "hedgesim/cli/command.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <ostream>

namespace hedgesim::cli {

namespace po = boost::program_options;

int command_validate(const std::vector<std::string>& args, std::ostream& out)
{
  po::options_description options("validate options");
  std::vector<std::string> sets;
  auto add = options.add_options();
  add("help,h", "show this help");
  add("scenario", po::value<std::string>(), "scenario YAML file");
  add("set", po::value<std::vector<std::string>>(&sets)->composing(), "override a scenario key: key.path=value");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto vm = parse("validate", args, options, positional);
  if (vm.count("help") != 0U) {
    out << help_text("validate SCENARIO.yaml [--set key.path=value ...]", options);
    return kExitSuccess;
  }
  if (vm.count("scenario") == 0U) {
    throw UsageError("validate: missing SCENARIO.yaml (see `hedgesim validate --help`)");
  }
  const Scenario scenario = load_scenario(vm["scenario"].as<std::string>(), overrides_from(sets));
  fmt::print(out, "# {}: valid\n{}", vm["scenario"].as<std::string>(), to_yaml(scenario));
  return kExitSuccess;
}

} // namespace hedgesim::cli
