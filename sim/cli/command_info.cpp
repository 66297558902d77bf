#include "hedgesim/cli/command.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/io/history_reader.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <ostream>

namespace hedgesim::cli {

namespace po = boost::program_options;

int command_info(const std::vector<std::string>& args, std::ostream& out)
{
  po::options_description options("info options");
  auto add = options.add_options();
  add("help,h", "show this help");
  add("file", po::value<std::string>(), "history file (HDF5)");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto vm = parse("info", args, options, positional);
  if (vm.count("help") != 0U) {
    out << help_text("info OUT.h5", options);
    return kExitSuccess;
  }
  if (vm.count("file") == 0U) {
    throw UsageError("info: missing OUT.h5 (see `hedgesim info --help`)");
  }
  const auto s = io::read_history_summary(vm["file"].as<std::string>());
  fmt::print(out, "file        {}\n", vm["file"].as<std::string>());
  fmt::print(out, "filetype    {} {}.{}\n", s.filetype, s.format_version[0], s.format_version[1]);
  fmt::print(out, "written by  hedgesim {} ({}) at {}\n", s.hedgesim_version, s.git_sha, s.created);
  fmt::print(out, "scenario    {}\n", s.scenario_name);
  fmt::print(out, "seed        {}\n", s.master_seed);
  fmt::print(out, "runs        {}\n", s.runs);
  if (!s.dates.empty()) {
    fmt::print(out, "time        {} .. {} ({} recorded steps)\n", s.dates.front(), s.dates.back(), s.dates.size());
  }
  std::string agents;
  for (std::size_t i = 0; i < s.agents.size(); ++i) {
    agents +=
        fmt::format("{}{} ({})", i == 0 ? "" : ", ", s.agents[i], i < s.agent_roles.size() ? s.agent_roles[i] : "?");
  }
  fmt::print(out, "agents      {}\n", agents);
  fmt::print(out, "events      {}\n", s.events);
  fmt::print(out, "datasets\n");
  for (const auto& d : s.datasets) {
    std::string shape;
    for (std::size_t i = 0; i < d.shape.size(); ++i) {
      shape += fmt::format("{}{}", i == 0 ? "" : " x ", d.shape[i]);
    }
    fmt::print(out, "  {:<28} {:<8} [{}]{}\n", d.path, d.dtype, shape, d.units.empty() ? "" : " " + d.units);
  }
  return kExitSuccess;
}

} // namespace hedgesim::cli
