#include "hedgesim/cli/command.hpp"

#include "hedgesim/cluster/shard_merge.hpp"
#include "hedgesim/core/error.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <ostream>

namespace hedgesim::cli {

namespace po = boost::program_options;

int command_merge(const std::vector<std::string>& args, std::ostream& out)
{
  po::options_description options("merge options");
  auto add = options.add_options();
  add("help,h", "show this help");
  add("dir", po::value<std::string>(), "shard directory (written by sweep/run --shards or hedgesim slurm)");
  add("output,o", po::value<std::string>(), "output HDF5 file (required)");
  add("threads,j", po::value<std::string>()->default_value("0"), "compression threads (0 = all cores)");
  add("force,f", "overwrite an existing output");
  po::positional_options_description positional;
  positional.add("dir", 1);
  const auto vm = parse("merge", args, options, positional);
  if (vm.count("help") != 0U) {
    out << help_text("merge DIR -o OUT.h5 [--force]", options);
    return kExitSuccess;
  }
  if (vm.count("dir") == 0U) {
    throw UsageError("merge: missing DIR (see `hedgesim merge --help`)");
  }
  if (vm.count("output") == 0U) {
    throw UsageError("merge: missing -o OUT.h5 (see `hedgesim merge --help`)");
  }
  check_output("merge", vm);
  const auto threads = threads_option("merge", vm);
  const std::string output = vm["output"].as<std::string>();
  const auto report = cluster::merge_shards(vm["dir"].as<std::string>(), output, vm.count("force") != 0U, threads, out);
  fmt::print(out, "wrote {}\n", output);
  fmt::print(out, "  {} runs from {} blocks in {:.2f} s\n", report.runs, report.blocks, report.seconds);
  return kExitSuccess;
}

} // namespace hedgesim::cli
