#include "hedgesim/io/history_slice.hpp"

#include "hedgesim/core/error.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace hedgesim::io {

HistorySlice::HistorySlice(const std::filesystem::path& path)
    : name_(path.string()), summary_(read_history_summary(path)), file_(h5::File::open_read(path))
{
  agent_names_ = file_.has_dataset("agent_name") ? file_.open_dataset("agent_name").read_strings() : summary_.agents;
  if (agent_names_.size() != summary_.agents.size()) {
    agent_names_ = summary_.agents;
  }
  dimensions_ = file_.has_dataset("dimension") ? file_.open_dataset("dimension").read_strings()
                                               : std::vector<std::string>{"security", "economic", "diplomatic"};
  channels_ = file_.has_dataset("channel") ? file_.open_dataset("channel").read_strings() : std::vector<std::string>{};
  terms_ = file_.has_dataset("term") ? file_.open_dataset("term").read_strings() : std::vector<std::string>{};
}

bool HistorySlice::has(std::string_view dataset) const
{
  return file_.has_dataset(dataset);
}

std::vector<std::uint64_t> HistorySlice::run_shape(std::string_view dataset) const
{
  std::vector<std::uint64_t> shape = file_.open_dataset(dataset).shape();
  if (shape.empty()) {
    throw IoError(fmt::format("{}: '{}' is not a per-run dataset", name_, dataset));
  }
  shape.erase(shape.begin());
  return shape;
}

h5::Dataset HistorySlice::open_run(std::string_view dataset, std::uint64_t run, std::vector<std::uint64_t>& offset,
                                   std::vector<std::uint64_t>& count) const
{
  h5::Dataset data = file_.open_dataset(dataset);
  count = data.shape();
  if (count.empty() || run >= count.front()) {
    throw IoError(fmt::format("{}: '{}' has no run {}", name_, dataset, run));
  }
  offset.assign(count.size(), 0);
  offset.front() = run;
  count.front() = 1;
  return data;
}

std::vector<double> HistorySlice::run_as_double(std::string_view dataset, std::uint64_t run) const
{
  std::vector<std::uint64_t> offset;
  std::vector<std::uint64_t> count;
  const h5::Dataset data = open_run(dataset, run, offset, count);
  return data.read_slab_as_double(offset, count);
}

std::vector<std::int64_t> HistorySlice::run_as_int(std::string_view dataset, std::uint64_t run) const
{
  std::vector<std::uint64_t> offset;
  std::vector<std::uint64_t> count;
  const h5::Dataset data = open_run(dataset, run, offset, count);
  return data.read_slab_as_int64(offset, count);
}

std::vector<EventRecord> HistorySlice::run_events(std::uint64_t run) const
{
  std::vector<EventRecord> events;
  if (!file_.has_dataset("events/run")) {
    return events;
  }
  // The table is sorted by run: find the run's rows, then read only those of each column.
  const std::vector<std::int64_t> runs = file_.open_dataset("events/run").read_as_int64();
  const auto wanted = static_cast<std::int64_t>(run);
  const auto [first, last] = std::equal_range(runs.begin(), runs.end(), wanted);
  if (first == last) {
    return events;
  }
  const std::uint64_t offset[1] = {static_cast<std::uint64_t>(first - runs.begin())};
  const std::uint64_t count[1] = {static_cast<std::uint64_t>(last - first)};
  const std::vector<double> time = file_.open_dataset("events/time").read_slab_as_double(offset, count);
  const std::vector<std::string> type = file_.open_dataset("events/type").read_slab_strings(offset, count);
  const std::vector<std::string> actor = file_.open_dataset("events/actor").read_slab_strings(offset, count);
  const std::vector<std::string> target = file_.open_dataset("events/target").read_slab_strings(offset, count);
  const std::vector<double> magnitude = file_.open_dataset("events/magnitude").read_slab_as_double(offset, count);
  events.reserve(count[0]);
  for (std::size_t i = 0; i < count[0]; ++i) {
    events.push_back(EventRecord{static_cast<std::int32_t>(run), time[i], type[i], actor[i], target[i], magnitude[i]});
  }
  return events;
}

} // namespace hedgesim::io
