#include "hedgesim/cli/command.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/io/history_reader.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>
#include <map>
#include <ostream>

namespace hedgesim::cli {

namespace po = boost::program_options;

int command_diff(const std::vector<std::string>& args, std::ostream& out)
{
  po::options_description options("diff options");
  auto add = options.add_options();
  add("help,h", "show this help");
  add("a", po::value<std::string>(), "first history file");
  add("b", po::value<std::string>(), "second history file");
  po::positional_options_description positional;
  positional.add("a", 1);
  positional.add("b", 1);
  const auto vm = parse("diff", args, options, positional);
  if (vm.count("help") != 0U) {
    out << help_text("diff A.h5 B.h5\n\nCompares every dataset's shape, type and data bytes (not the attributes, "
                     "which hold the creation time); exit 0 if all are identical, 1 if not.",
                     options);
    return kExitSuccess;
  }
  if (vm.count("a") == 0U || vm.count("b") == 0U) {
    throw UsageError("diff: expects two history files A.h5 B.h5 (see `hedgesim diff --help`)");
  }
  const std::string a = vm["a"].as<std::string>();
  const std::string b = vm["b"].as<std::string>();
  const io::HistorySummary sa = io::read_history_summary(a);
  const io::HistorySummary sb = io::read_history_summary(b);
  std::map<std::string, const io::DatasetInfo*> in_b;
  for (const auto& d : sb.datasets) {
    in_b[d.path] = &d;
  }
  for (const auto& d : sa.datasets) {
    const auto other = in_b.find(d.path);
    if (other == in_b.end()) {
      fmt::print(out, "differ: dataset '{}' is only in {}\n", d.path, a);
      return kExitRuntimeFailure;
    }
    if (other->second->shape != d.shape || other->second->dtype != d.dtype) {
      fmt::print(out, "differ: dataset '{}' is {} [{}] in {}, {} [{}] in {}\n", d.path, d.dtype,
                 fmt::join(d.shape, ", "), a, other->second->dtype, fmt::join(other->second->shape, ", "), b);
      return kExitRuntimeFailure;
    }
    const std::vector<unsigned char> bytes_a = io::read_dataset_bytes(a, d.path);
    const std::vector<unsigned char> bytes_b = io::read_dataset_bytes(b, d.path);
    if (bytes_a != bytes_b) {
      const auto at = std::mismatch(bytes_a.begin(), bytes_a.end(), bytes_b.begin(), bytes_b.end());
      fmt::print(out, "differ: dataset '{}' first differs at byte {}\n", d.path, at.first - bytes_a.begin());
      return kExitRuntimeFailure;
    }
    in_b.erase(other);
  }
  if (!in_b.empty()) {
    fmt::print(out, "differ: dataset '{}' is only in {}\n", in_b.begin()->first, b);
    return kExitRuntimeFailure;
  }
  fmt::print(out, "identical: {} datasets\n", sa.datasets.size());
  return kExitSuccess;
}

} // namespace hedgesim::cli
