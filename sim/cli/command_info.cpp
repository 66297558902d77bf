#include "hedgesim/cli/command.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/io/history_reader.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>
#include <limits>
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
  if (s.first_run != 0) {
    fmt::print(out, "runs        {} (runs {} .. {})\n", s.runs, s.first_run, s.first_run + s.runs - 1);
  } else {
    fmt::print(out, "runs        {}\n", s.runs);
  }
  if (s.sweep.is_sweep()) {
    fmt::print(out, "sweep       {} design, {} points x {} replicates\n", s.sweep.design, s.sweep.points,
               s.sweep.replicates);
    const std::size_t k = s.sweep.params.size();
    for (std::size_t j = 0; j < k; ++j) {
      double lo = std::numeric_limits<double>::infinity();
      double hi = -lo;
      for (std::size_t r = 0; r * k + j < s.sweep.values.size(); ++r) {
        lo = std::min(lo, s.sweep.values[r * k + j]);
        hi = std::max(hi, s.sweep.values[r * k + j]);
      }
      fmt::print(out, "  param     {} in [{:.4g}, {:.4g}]\n", s.sweep.params[j], lo, hi);
    }
  }
  if (s.sweep.is_paired()) {
    fmt::print(out, "pairs       arm 0 baseline, arm 1 intervention; run r pairs with pair[r]\n");
  }
  if (!s.dates.empty()) {
    fmt::print(out, "time        {} .. {} ({} recorded steps)\n", s.dates.front(), s.dates.back(), s.dates.size());
  }
  std::string agents;
  for (std::size_t i = 0; i < s.agents.size(); ++i) {
    agents +=
        fmt::format("{}{} ({})", i == 0 ? "" : ", ", s.agents[i], i < s.agent_roles.size() ? s.agent_roles[i] : "?");
  }
  fmt::print(out, "agents      {}\n", agents);
  if (!s.statistics.empty()) {
    fmt::print(out, "summary     {} per run over the recorded steps (summary/)\n", fmt::join(s.statistics, ", "));
  }
  fmt::print(out, "events      {}\n", s.events);
  fmt::print(out, "datasets\n");
  std::size_t width = 0;
  for (const auto& d : s.datasets) {
    width = std::max(width, d.path.size());
  }
  for (const auto& d : s.datasets) {
    std::string shape;
    for (std::size_t i = 0; i < d.shape.size(); ++i) {
      shape += fmt::format("{}{}", i == 0 ? "" : " x ", d.shape[i]);
    }
    // Axes are named where every one has a scale, as every variable's does: the axes differ
    // between variables (`agent` or `hedger`, `partner` or `power`).
    const bool named =
        !d.dims.empty() && std::none_of(d.dims.begin(), d.dims.end(), [](const std::string& n) { return n.empty(); });
    fmt::print(out, "  {:<{}} {:<8} [{}]{}{}\n", d.path, width, d.dtype, shape, d.units.empty() ? "" : " " + d.units,
               named ? fmt::format("  ({})", fmt::join(d.dims, ", ")) : "");
  }
  return kExitSuccess;
}

} // namespace hedgesim::cli
