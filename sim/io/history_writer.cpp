#include "hedgesim/io/history_writer.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/io/chunk_index.hpp"
#include "hedgesim/io/file_writeback.hpp"
#include "hedgesim/io/hdf5_file.hpp"
#include "hedgesim/io/move_into_place.hpp"
#include "hedgesim/io/write_queue.hpp"

#include <fmt/format.h>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <set>
#include <system_error>
#include <utility>

namespace hedgesim::io {

namespace {

constexpr std::uint64_t kEventChunk = 1024;
constexpr std::array<const char*, 9> kAxes{"time",      "agent",   "partner", "hedger", "power",
                                           "dimension", "channel", "term",    "stat"};
// Names HDF5 dimension scales and netCDF readers give a meaning of their own.
const std::set<std::string> kReservedAttributes{"CLASS",      "NAME",          "DIMENSION_LIST",      "REFERENCE_LIST",
                                                "_FillValue", "_Netcdf4Dimid", "_Netcdf4Coordinates", "_NCProperties"};
const std::set<std::string> kReservedNames{
    "run",    "time",  "agent",  "partner",      "hedger",    "power", "dimension", "date", "agent_name", "agent_role",
    "events", "param", "params", "design_point", "replicate", "arm",   "pair",      "stat", "channel",    "term"};

std::uint64_t axis_length(const HistoryHeader& header, const std::string& axis)
{
  if (axis == "time") {
    return header.time.size();
  }
  if (axis == "agent" || axis == "partner") {
    return header.agents.size();
  }
  if (axis == "hedger") {
    return header.hedgers.size();
  }
  if (axis == "power") {
    return header.powers.size();
  }
  if (axis == "stat") {
    return header.statistics.size();
  }
  if (axis == "channel") {
    return header.channels.size();
  }
  if (axis == "term") {
    return header.terms.size();
  }
  return header.dimensions.size(); // "dimension"; names are validated first
}

std::uint64_t element_size(DType dtype)
{
  switch (dtype) {
  case DType::float64:
    return 8;
  case DType::int8:
    return 1;
  case DType::float32:
  case DType::int32:
    break;
  }
  return 4;
}

// Large pages where the variables fill 8 MiB or more before compression; a shard's block of
// summaries, or a file of a run or two, keeps to small ones and stays small.
std::uint64_t page_size_for(const HistoryHeader& header)
{
  std::uint64_t bytes = 0;
  for (const VariableSpec& spec : header.variables) {
    std::uint64_t values = header.runs;
    for (const std::string& dim : spec.dims) {
      values *= axis_length(header, dim);
    }
    bytes += values * element_size(spec.dtype);
  }
  return bytes >= std::uint64_t{8} * 1024 * 1024 ? h5::File::kLargePage : h5::File::kSmallPage;
}

// A dot file beside the target, unique per process, so the final rename stays on one filesystem.
std::filesystem::path temporary_path_for(const std::filesystem::path& target)
{
  return hidden_beside(target, fmt::format(".tmp-{}", ::getpid()));
}

// Whether process `pid` runs on this machine; one killed but not yet reaped (a zombie) does not.
bool process_runs(::pid_t pid)
{
  if (::kill(pid, 0) != 0) {
    return errno != ESRCH; // EPERM: it runs, as another user
  }
  std::ifstream stat(fmt::format("/proc/{}/stat", pid));
  std::string line;
  if (!std::getline(stat, line)) {
    return true; // no /proc to ask
  }
  // "PID (COMMAND) STATE ...", where COMMAND may hold spaces and parentheses.
  const std::size_t close = line.rfind(')');
  return close == std::string::npos || close + 2 >= line.size() || line[close + 2] != 'Z';
}

// Deletes the temporary files of `target` whose writer was killed before it could delete its own
// (its process no longer runs here): they would otherwise stay, hidden, as large as the output.
void remove_abandoned_temporaries(const std::filesystem::path& target)
{
  const std::string prefix = hidden_beside(target, ".tmp-").filename().string();
  const std::filesystem::path parent = target.parent_path().empty() ? "." : target.parent_path();
  std::error_code error;
  for (std::filesystem::directory_iterator it(parent, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(prefix) || name.size() == prefix.size() || name.size() - prefix.size() > 10 ||
        !std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix.size()), name.end(),
                     [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    const long long number = std::stoll(name.substr(prefix.size()));
    if (number > std::numeric_limits<::pid_t>::max()) {
      continue;
    }
    const auto pid = static_cast<::pid_t>(number);
    if (pid != ::getpid() && !process_runs(pid)) {
      std::error_code ignored;
      std::filesystem::remove(it->path(), ignored);
    }
  }
}

} // namespace

struct HistoryWriter::Impl {
  std::filesystem::path target;
  std::filesystem::path temporary;
  bool force = false; // may replace an existing target
  HistoryHeader header;
  Filters filters;                 // of the variables' chunks
  std::optional<h5::File> file;    // declared before the datasets, so destroyed after them
  std::vector<h5::Dataset> scales; // run, time, agent, partner, hedger, power, dimension[, channel][, term][, stat]
  std::vector<h5::Dataset> variables;
  std::optional<RunFilter> filter;        // checks and filters runs; knows how each variable is stored
  std::vector<h5::Dataset> event_columns; // event, run, time, type, actor, target, magnitude
  std::vector<bool> written;
  // Groups whose runs have not all arrived, and the buffers of finished ones for reuse. A
  // group's node stays put in the map, so its runs are copied in outside the lock.
  std::map<std::uint64_t, RunGroup> gathering;
  std::vector<RunGroup> spare_groups;
  // Events of runs that arrived before some earlier run; appended once the gap closes, so
  // the table stays sorted by run and holds only as many runs as workers are ahead.
  std::map<std::uint64_t, std::vector<EventRecord>> pending_events;
  std::uint64_t next_event_run = 0; // first run whose events are not in the table yet
  std::int64_t event_rows = 0;      // rows given to the table so far, written or in `ready`
  // Rows in run order not written yet: appending a few rows per run cost more than the
  // run's chunks (each append extends and writes seven datasets), so they go in batches.
  struct EventBatch {
    std::vector<std::int64_t> index;
    std::vector<std::int32_t> run;
    std::vector<double> time;
    std::vector<std::string> type;
    std::vector<std::string> actor;
    std::vector<std::string> target;
    std::vector<double> magnitude;
  } ready;
  bool committed = false;
  bool keep_temporary = false;            // the caller named the temporary file: an uncommitted writer leaves it
  std::mutex mutex;                       // write_run may be called from several worker threads
  std::optional<FileWriteback> writeback; // used on the queue's thread, then by commit
  // For place(), on the queue's thread: the temporary file open for reading, and per variable
  // its chunk index, read once its first chunk is in the file (the index never moves).
  int index_descriptor = -1;
  std::vector<std::optional<ChunkIndex>> chunk_indexes;
  // Every HDF5 call after the constructor's and before commit's runs on the queue's thread.
  // Declared last, so that its thread stops before the datasets and the file close.
  std::optional<WriteQueue> queue;

  [[noreturn]] void fail(const std::string& what) const { throw IoError(fmt::format("{}: {}", target.string(), what)); }

  void validate_header() const;
  void check_writable(std::uint64_t run) const;
  const h5::Dataset& scale(const std::string& axis) const;
  void write_root_attributes();
  void write_coordinates();
  void write_sweep_columns();
  void create_variables();
  void create_events();
  void append_ready_events(bool flush = false); // `flush`: write every ready row now
  void queue_events(std::uint64_t run, std::vector<EventRecord> events);
  void write_group(std::uint64_t group, const std::vector<h5::FilteredChunk>& chunks);
  std::vector<std::vector<h5::ChunkPlace>> places_of(const std::vector<std::uint64_t>& groups);
  void close_datasets();
};

void HistoryWriter::Impl::validate_header() const
{
  if (header.runs == 0) {
    fail("the header declares no runs");
  }
  if (header.dates.size() != header.time.size()) {
    fail(fmt::format("{} dates for {} time points", header.dates.size(), header.time.size()));
  }
  if (header.agent_names.size() != header.agents.size() || header.agent_roles.size() != header.agents.size()) {
    fail("agent_names and agent_roles must have one entry per agent");
  }
  const SweepColumns& sweep = header.sweep;
  if (sweep.is_sweep() && (sweep.values.size() != header.runs * sweep.params.size() ||
                           sweep.design_point.size() != header.runs || sweep.replicate.size() != header.runs)) {
    fail(fmt::format("the sweep columns do not have one row per run ({} runs, {} parameters)", header.runs,
                     sweep.params.size()));
  }
  if (!sweep.is_sweep() && !sweep.params.empty()) {
    fail("sweep parameters without a design");
  }
  if (sweep.is_paired() && (sweep.arm.size() != header.runs || sweep.pair.size() != header.runs)) {
    fail(fmt::format("the pair columns do not have one row per run ({} runs)", header.runs));
  }
  std::set<std::string> names;
  for (const VariableSpec& spec : header.variables) {
    if (spec.name.empty() || spec.name.front() == '/' || spec.name.back() == '/' ||
        kReservedNames.contains(spec.name) || spec.name.starts_with("events/")) {
      fail(fmt::format("invalid variable name '{}'", spec.name));
    }
    if (!names.insert(spec.name).second) {
      fail(fmt::format("variable '{}' declared twice", spec.name));
    }
    std::set<std::string> seen;
    for (const std::string& dim : spec.dims) {
      if (std::find(kAxes.begin(), kAxes.end(), dim) == kAxes.end()) {
        fail(fmt::format("variable '{}' has unknown dimension '{}'", spec.name, dim));
      }
      if (!seen.insert(dim).second) {
        fail(fmt::format("variable '{}' uses dimension '{}' twice", spec.name, dim));
      }
      if (dim == "stat" && header.statistics.empty()) {
        fail(fmt::format("variable '{}' has dimension 'stat' but the header names no statistics", spec.name));
      }
      if (dim == "channel" && header.channels.empty()) {
        fail(fmt::format("variable '{}' has dimension 'channel' but the header names no channels", spec.name));
      }
      if (dim == "term" && header.terms.empty()) {
        fail(fmt::format("variable '{}' has dimension 'term' but the header names no utility terms", spec.name));
      }
    }
    for (const auto& [key, value] : spec.attrs) {
      if (key.empty() || kReservedAttributes.contains(key)) {
        fail(fmt::format("variable '{}' has reserved attribute name '{}'", spec.name, key));
      }
    }
  }
}

const h5::Dataset& HistoryWriter::Impl::scale(const std::string& axis) const
{
  // Optional axes (channel, term, stat) are absent from some files, so look the scale up by its name.
  const auto found = std::find_if(scales.begin(), scales.end(), [&](const h5::Dataset& d) { return d.path() == axis; });
  if (found == scales.end()) {
    throw IoError(fmt::format("{}: no coordinate '{}'", target.string(), axis));
  }
  return *found;
}

void HistoryWriter::Impl::write_root_attributes()
{
  h5::File& out = *file;
  out.write_string_attribute("filetype", kHistoryFiletype);
  const std::array<std::int32_t, 2> version{kHistoryFormatVersion[0], kHistoryFormatVersion[1]};
  out.write_array_attribute("format_version", version);
  out.write_string_attribute("hedgesim_version", header.hedgesim_version);
  out.write_string_attribute("git_sha", header.git_sha);
  out.write_string_attribute("created", header.created);
  out.write_string_attribute("scenario_name", header.scenario_name);
  out.write_string_attribute("scenario_yaml", header.scenario_yaml);
  out.write_string_attribute("time_step", header.time_step);
  out.write_attribute("master_seed", header.master_seed);
  out.write_attribute("runs", header.runs);
  if (header.sweep.is_sweep()) {
    out.write_string_attribute("design", header.sweep.design);
    out.write_string_attribute("sweep_yaml", header.sweep.sweep_yaml);
    out.write_attribute("design_points", header.sweep.points);
    out.write_attribute("replicates", header.sweep.replicates);
  }
  if (header.sweep.is_paired()) {
    out.write_string_attribute("intervention_yaml", header.sweep.intervention_yaml);
  }
}

void HistoryWriter::Impl::write_coordinates()
{
  h5::File& out = *file;
  auto coordinate = [&](const char* name, h5::ElementType type, std::uint64_t length, const char* long_name) {
    const std::array<std::uint64_t, 1> shape{length};
    h5::Dataset dataset = out.create_dataset(name, type, shape);
    dataset.write_string_attribute("long_name", long_name);
    return dataset;
  };

  std::vector<std::int64_t> run_index(header.runs);
  std::iota(run_index.begin(), run_index.end(), static_cast<std::int64_t>(header.first_run));
  scales.push_back(coordinate("run", h5::ElementType::int64, header.runs, "run index within the ensemble"));
  scales.back().write(run_index);

  scales.push_back(coordinate("time", h5::ElementType::float64, header.time.size(), "time as decimal year"));
  scales.back().write(header.time);
  scales.back().write_string_attribute("units", "year");

  scales.push_back(coordinate("agent", h5::ElementType::string, header.agents.size(), "agent id"));
  scales.back().write(header.agents);
  scales.push_back(coordinate("partner", h5::ElementType::string, header.agents.size(),
                              "agent id of the partner in a dyad (second agent axis)"));
  scales.back().write(header.agents);
  scales.push_back(coordinate("hedger", h5::ElementType::string, header.hedgers.size(),
                              "agent id of each hedger: the axis of what only a hedger has"));
  scales.back().write(header.hedgers);
  scales.push_back(coordinate("power", h5::ElementType::string, header.powers.size(),
                              "agent id of each great power: the axis of what only a hedger-great power pair has"));
  scales.back().write(header.powers);
  scales.push_back(
      coordinate("dimension", h5::ElementType::string, header.dimensions.size(), "dimension of alignment"));
  scales.back().write(header.dimensions);
  if (!header.channels.empty()) {
    scales.push_back(coordinate("channel", h5::ElementType::string, header.channels.size(),
                                "policy channel of a hedger's decision (three alignment dimensions, then internal)"));
    scales.back().write(header.channels);
  }
  if (!header.terms.empty()) {
    scales.push_back(coordinate("term", h5::ElementType::string, header.terms.size(),
                                "weighted term of a hedger's utility (docs/model.md)"));
    scales.back().write(header.terms);
  }
  // Only files with summaries have the axis, so files without them are as before.
  if (!header.statistics.empty()) {
    scales.push_back(coordinate("stat", h5::ElementType::string, header.statistics.size(),
                                "statistic of a summary variable over the recorded steps"));
    scales.back().write(header.statistics);
  }

  for (auto& scale : scales) {
    scale.make_scale(scale.path());
  }

  h5::Dataset date = coordinate("date", h5::ElementType::string, header.dates.size(), "calendar month (YYYY-MM)");
  date.write(header.dates);
  date.attach_scale(scale("time"), 0);
  h5::Dataset name = coordinate("agent_name", h5::ElementType::string, header.agents.size(), "agent display name");
  name.write(header.agent_names);
  name.attach_scale(scale("agent"), 0);
  h5::Dataset role = coordinate("agent_role", h5::ElementType::string, header.agents.size(), "agent role");
  role.write(header.agent_roles);
  role.attach_scale(scale("agent"), 0);
}

// Known before the first run, so written whole at once (small: one row per run).
void HistoryWriter::Impl::write_sweep_columns()
{
  h5::File& out = *file;
  const SweepColumns& sweep = header.sweep;
  auto per_run = [&](const char* name, const std::vector<std::int32_t>& values, const char* long_name) {
    const std::array<std::uint64_t, 1> shape{header.runs};
    h5::Dataset dataset = out.create_dataset(name, h5::ElementType::int32, shape);
    dataset.write(values);
    dataset.write_string_attribute("long_name", long_name);
    dataset.write_string_attribute("units", "1");
    dataset.attach_scale(scale("run"), 0);
  };
  if (sweep.is_sweep()) {
    const std::array<std::uint64_t, 1> names_shape{sweep.params.size()};
    h5::Dataset param = out.create_dataset("param", h5::ElementType::string, names_shape);
    param.write(sweep.params);
    param.write_string_attribute("long_name", "swept scenario key path");
    param.make_scale("param");
    const std::array<std::uint64_t, 2> shape{header.runs, sweep.params.size()};
    h5::Dataset params = out.create_dataset("params", h5::ElementType::float64, shape);
    params.write(sweep.values);
    params.write_string_attribute("long_name", "value of each swept parameter in each run");
    params.write_string_attribute("units", "1");
    params.attach_scale(scale("run"), 0);
    params.attach_scale(param, 1);
    per_run("design_point", sweep.design_point, "design point (row of the design) of each run");
    per_run("replicate", sweep.replicate, "replicate of each run within its design point");
  }
  if (sweep.is_paired()) {
    per_run("arm", sweep.arm, "arm of a counterfactual pair: 0 baseline, 1 intervention");
    per_run("pair", sweep.pair, "run index of the paired run in the other arm");
  }
}

void HistoryWriter::Impl::create_variables()
{
  h5::File& out = *file;
  for (const VariableSpec& spec : header.variables) {
    std::vector<std::uint64_t> shape{header.runs};
    for (const std::string& dim : spec.dims) {
      shape.push_back(axis_length(header, dim));
    }
    const h5::ElementType type = h5::element_type_of(spec.dtype);
    const h5::DatasetOptions& options = filter->storage()[variables.size()];
    h5::Dataset dataset = out.create_dataset(spec.name, type, shape, options);
    if (spec.dtype == DType::float32) {
      dataset.write_attribute("_FillValue", std::numeric_limits<float>::quiet_NaN());
    } else if (spec.dtype == DType::float64) {
      dataset.write_attribute("_FillValue", std::numeric_limits<double>::quiet_NaN());
    }
    dataset.write_string_attribute("units", spec.units);
    dataset.write_string_attribute("long_name", spec.long_name);
    for (const auto& [key, value] : spec.attrs) {
      dataset.write_string_attribute(key, value);
    }
    dataset.attach_scale(scale("run"), 0);
    for (std::size_t axis = 0; axis < spec.dims.size(); ++axis) {
      dataset.attach_scale(scale(spec.dims[axis]), static_cast<unsigned>(axis + 1));
    }
    variables.push_back(std::move(dataset));
  }
}

void HistoryWriter::Impl::create_events()
{
  h5::File& out = *file;
  h5::Dataset event = out.create_extendable("events/event", h5::ElementType::int64, kEventChunk);
  event.write_string_attribute("long_name", "event index");
  event.make_scale("event");
  event_columns.push_back(std::move(event));
  // The table takes the variables' filters, so that `none` leaves every byte of the file
  // unfiltered: deflating the table alone cost a seventh of the writer's time (docs/performance.md).
  // Actor and target are agent ids, so a fixed width fits them all: such strings are written
  // without HDF5's heap of variable-length strings, which cost most of the table's time.
  std::size_t id_width = 1;
  for (const std::string& id : header.agents) {
    id_width = std::max(id_width, id.size());
  }
  auto column = [&](const char* name, h5::ElementType element, const char* long_name, const char* units,
                    std::size_t width = 0) {
    h5::Dataset dataset =
        out.create_extendable(fmt::format("events/{}", name), element, kEventChunk, filters.gzip_level,
                              filters.shuffle && element != h5::ElementType::string, width);
    if (width > 0) {
      dataset.write_string_attribute("_Encoding", "utf-8"); // netCDF readers then decode to text
    }
    dataset.write_string_attribute("long_name", long_name);
    if (units != nullptr) {
      dataset.write_string_attribute("units", units);
    }
    dataset.attach_scale(event_columns.front(), 0);
    event_columns.push_back(std::move(dataset));
  };
  column("run", h5::ElementType::int32, "run the event happened in", nullptr);
  column("time", h5::ElementType::float64, "time of the event as decimal year", "year");
  column("type", h5::ElementType::string, "event id or great-power move kind", nullptr, header.event_type_width);
  column("actor", h5::ElementType::string, "agent id of the actor, empty for the world", nullptr, id_width);
  column("target", h5::ElementType::string, "agent id of the target, empty if none", nullptr, id_width);
  column("magnitude", h5::ElementType::float64, "size of the effect in the units of its target", nullptr);
}

void HistoryWriter::Impl::append_ready_events(bool flush)
{
  // Taking the runs in order, each run's events in their own order, is a stable sort by run.
  auto next_run = pending_events.begin();
  std::uint64_t next = next_event_run;
  for (; next_run != pending_events.end() && next_run->first == next; ++next_run, ++next) {
    for (EventRecord& event : next_run->second) {
      ready.index.push_back(event_rows++);
      ready.run.push_back(event.run);
      ready.time.push_back(event.time);
      ready.type.push_back(std::move(event.type));
      ready.actor.push_back(std::move(event.actor));
      ready.target.push_back(std::move(event.target));
      ready.magnitude.push_back(event.magnitude);
    }
  }
  pending_events.erase(pending_events.begin(), next_run);
  next_event_run = next;
  constexpr std::size_t kBatchRows = 4096;
  if (ready.index.empty() || (!flush && ready.index.size() < kBatchRows)) {
    return;
  }
  queue->push([this, batch = std::move(ready)] {
    event_columns[0].append(batch.index);
    event_columns[1].append(batch.run);
    event_columns[2].append(batch.time);
    event_columns[3].append(batch.type);
    event_columns[4].append(batch.actor);
    event_columns[5].append(batch.target);
    event_columns[6].append(batch.magnitude);
  });
  ready = EventBatch{};
}

void HistoryWriter::Impl::close_datasets()
{
  chunk_indexes.clear();
  if (index_descriptor >= 0) {
    ::close(index_descriptor);
    index_descriptor = -1;
  }
  event_columns.clear();
  variables.clear();
  scales.clear();
}

RunFilter::RunFilter(const HistoryHeader& header, Compression compression, std::string label)
    : variables_(header.variables), label_(std::move(label)), groups_(ChunkGroups::of(header.runs))
{
  const Filters filters = filters_of(compression);
  for (const VariableSpec& spec : header.variables) {
    std::vector<std::uint64_t> per_run{1};
    for (const std::string& dim : spec.dims) {
      per_run.push_back(axis_length(header, dim));
    }
    h5::DatasetOptions options;
    // A chunk per group of runs: a group's runs fill whole chunks, and a reader of one run
    // touches one chunk. HDF5 refuses chunks on an axis of length zero, so such (empty)
    // variables stay contiguous.
    if (header.runs > 0 && std::find(per_run.begin(), per_run.end(), std::uint64_t{0}) == per_run.end()) {
      options.chunk = per_run;
      options.chunk.front() = groups_.group_runs;
      options.gzip_level = filters.gzip_level;
      options.shuffle = filters.shuffle;
    }
    options.nan_fill = spec.dtype == DType::float32 || spec.dtype == DType::float64;
    run_bytes_.push_back(
        std::accumulate(per_run.begin(), per_run.end(), element_size(spec.dtype), std::multiplies<>{}));
    storage_.push_back(std::move(options));
    run_shapes_.push_back(std::move(per_run));
  }
}

void RunFilter::fail(const std::string& what) const
{
  throw IoError(fmt::format("{}: {}", label_, what));
}

// Reads only what the constructor set up, so it needs no lock.
void RunFilter::check(std::uint64_t run, const RunRecord& record) const
{
  if (record.variables.size() != variables_.size()) {
    fail(fmt::format("run {} has {} variables, the header declares {}", run, record.variables.size(),
                     variables_.size()));
  }
  for (std::size_t i = 0; i < record.variables.size(); ++i) {
    const VariableSpec& spec = variables_[i];
    const std::vector<std::uint64_t>& per_run = run_shapes_[i];
    const std::uint64_t expected =
        std::accumulate(per_run.begin(), per_run.end(), std::uint64_t{1}, std::multiplies<>{});
    std::visit(
        [&](const auto& values) {
          using Value = typename std::decay_t<decltype(values)>::value_type;
          if (h5::element_type_of<Value>() != h5::element_type_of(spec.dtype)) {
            fail(fmt::format("run {}, variable '{}': {} data for a {} variable", run, spec.name,
                             h5::to_string(h5::element_type_of<Value>()),
                             h5::to_string(h5::element_type_of(spec.dtype))));
          }
          if (values.size() != expected) {
            fail(fmt::format("run {}, variable '{}': {} values, expected {}", run, spec.name, values.size(), expected));
          }
        },
        record.variables[i]);
  }
}

void RunFilter::start(std::uint64_t group, RunGroup& spare) const
{
  spare.index = group;
  spare.arrived = 0;
  spare.data.resize(variables_.size());
  for (std::size_t i = 0; i < variables_.size(); ++i) {
    spare.data[i].resize(storage_[i].chunk.empty() ? 0 : run_bytes_[i] * groups_.group_runs);
  }
}

void RunFilter::gather(std::uint64_t run, const RunRecord& record, RunGroup& group) const
{
  const std::uint64_t row = run - groups_.first_run(group.index);
  for (std::size_t i = 0; i < record.variables.size(); ++i) {
    if (storage_[i].chunk.empty()) {
      continue;
    }
    std::visit(
        [&](const auto& values) {
          static_assert(std::endian::native == std::endian::little, "chunks are gathered as little-endian bytes");
          std::memcpy(group.data[i].data() + row * run_bytes_[i], values.data(), run_bytes_[i]);
        },
        record.variables[i]);
  }
}

std::vector<h5::FilteredChunk> RunFilter::operator()(RunGroup& group) const
{
  const std::uint64_t used = runs_in_group(group.index);
  std::vector<h5::FilteredChunk> chunks(variables_.size());
  for (std::size_t i = 0; i < variables_.size(); ++i) {
    if (storage_[i].chunk.empty()) {
      continue;
    }
    std::vector<unsigned char>& bytes = group.data[i];
    std::fill(bytes.begin() + static_cast<std::ptrdiff_t>(used * run_bytes_[i]), bytes.end(), std::uint8_t{0});
    chunks[i] = h5::filter_chunk(bytes, element_size(variables_[i].dtype), storage_[i]);
  }
  return chunks;
}

HistoryWriter::HistoryWriter(std::filesystem::path path, HistoryHeader header, bool force, Compression compression,
                             std::filesystem::path temporary)
    : impl_(std::make_unique<Impl>())
{
  Impl& impl = *impl_;
  impl.target = std::move(path);
  impl.force = force;
  impl.header = std::move(header);
  impl.filters = filters_of(compression);
  std::error_code error;
  if (!force && std::filesystem::exists(std::filesystem::symlink_status(impl.target, error))) {
    throw IoError(fmt::format("{}: output exists; use --force to overwrite", impl.target.string()));
  }
  impl.validate_header();
  impl.filter.emplace(impl.header, compression, impl.target.string());
  make_parent_directory(impl.target);
  remove_abandoned_temporaries(impl.target);
  impl.keep_temporary = !temporary.empty();
  impl.temporary = impl.keep_temporary ? std::move(temporary) : temporary_path_for(impl.target);
  impl.written.assign(impl.header.runs, false);
  try {
    impl.file.emplace(h5::File::create(impl.temporary, impl.target.string(), page_size_for(impl.header)));
    impl.writeback.emplace(impl.temporary, impl.target.string());
    impl.write_root_attributes();
    impl.write_coordinates();
    impl.write_sweep_columns();
    impl.create_variables();
    impl.create_events();
    // Room for a few groups per worker: enough to ride out a slow write, little memory.
    constexpr std::size_t kQueuedWrites = 16;
    impl.queue.emplace(kQueuedWrites);
  } catch (...) {
    // The destructor does not run for a constructor that throws: clean up here.
    impl.close_datasets();
    impl.file.reset();
    std::filesystem::remove(impl.temporary, error);
    throw;
  }
}

HistoryWriter::~HistoryWriter()
{
  if (!impl_ || impl_->committed) {
    return;
  }
  if (impl_->queue) {
    impl_->queue->stop();
  }
  impl_->close_datasets();
  impl_->file.reset();
  if (!impl_->keep_temporary) {
    std::error_code ignored;
    std::filesystem::remove(impl_->temporary, ignored);
  }
}

void HistoryWriter::Impl::check_writable(std::uint64_t run) const
{
  if (committed) {
    fail(fmt::format("run {} written after commit", run));
  }
  if (run >= header.runs) {
    fail(fmt::format("run {} is out of range (runs = {})", run, header.runs));
  }
  if (written[run]) {
    fail(fmt::format("run {} written twice", run));
  }
}

void HistoryWriter::write_run(std::uint64_t run, const RunRecord& record)
{
  Impl& impl = *impl_;
  const RunFilter& filter = *impl.filter;
  // Checked before anything is stored, so a rejected record leaves the run unwritten.
  filter.check(run, record);
  RunGroup* group = nullptr;
  {
    const std::lock_guard lock(impl.mutex);
    impl.check_writable(run);
    const std::uint64_t index = run / filter.group_runs();
    auto [at, fresh] = impl.gathering.try_emplace(index);
    if (fresh) {
      if (!impl.spare_groups.empty()) {
        at->second = std::move(impl.spare_groups.back());
        impl.spare_groups.pop_back();
      }
      filter.start(index, at->second);
    }
    group = &at->second;
    for (std::size_t i = 0; i < impl.variables.size(); ++i) {
      if (filter.storage()[i].chunk.empty()) {
        // Contiguous only when an axis has length zero, so there is nothing to compress.
        std::vector<std::uint64_t> offset(filter.run_shapes()[i].size(), 0);
        offset[0] = run;
        std::visit(
            [&](const auto& values) {
              impl.queue->push([&impl, i, offset, values] {
                impl.variables[i].write_slab(offset, impl.filter->run_shapes()[i], values);
              });
            },
            record.variables[i]);
      }
    }
    impl.written[run] = true;
    impl.queue_events(run, record.events);
  }
  filter.gather(run, record, *group); // its own rows of the group: no other thread touches them
  std::optional<RunGroup> full;
  {
    const std::lock_guard lock(impl.mutex);
    if (++group->arrived < filter.runs_in_group(group->index)) {
      return;
    }
    full = std::move(impl.gathering.extract(group->index).mapped());
  }
  // Shuffled and deflated outside the lock: that is most of the cost, and it runs in parallel.
  std::vector<h5::FilteredChunk> chunks = filter(*full);
  impl.queue->push([&impl, index = full->index, chunks = std::move(chunks)] { impl.write_group(index, chunks); });
  const std::lock_guard lock(impl.mutex);
  impl.spare_groups.push_back(std::move(*full));
}

void HistoryWriter::Impl::queue_events(std::uint64_t run, std::vector<EventRecord> events)
{
  for (EventRecord& event : events) {
    event.run = static_cast<std::int32_t>(header.first_run + run); // the run argument is authoritative
  }
  pending_events.emplace(run, std::move(events));
  append_ready_events();
}

// On the queue's thread.
void HistoryWriter::Impl::write_group(std::uint64_t group, const std::vector<h5::FilteredChunk>& chunks)
{
  std::vector<std::uint64_t> offset;
  for (std::size_t i = 0; i < variables.size(); ++i) {
    const h5::DatasetOptions& options = filter->storage()[i];
    if (!options.chunk.empty()) {
      offset.assign(options.chunk.size(), 0);
      offset[0] = group * filter->group_runs();
      variables[i].write_chunk(offset, chunks[i]);
    }
  }
  writeback->advance();
}

void HistoryWriter::write_group_chunks(std::uint64_t group, std::vector<h5::FilteredChunk> chunks,
                                       std::vector<std::vector<EventRecord>> events)
{
  Impl& impl = *impl_;
  const RunFilter& filter = *impl.filter;
  const std::uint64_t runs = filter.runs_in_group(group);
  if (runs == 0) {
    impl.fail(fmt::format("chunk group {} is out of range ({} groups)", group, filter.groups()));
  }
  if (events.size() != runs) {
    impl.fail(fmt::format("chunk group {} holds {} runs, {} were given", group, runs, events.size()));
  }
  if (chunks.size() != impl.variables.size()) {
    impl.fail(fmt::format("chunk group {} has {} chunks, the header declares {} variables", group, chunks.size(),
                          impl.variables.size()));
  }
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const h5::DatasetOptions& options = filter.storage()[i];
    // A set mask bit skips one filter of the pipeline; bits past its end mean another pipeline.
    const unsigned filters = (options.shuffle ? 1U : 0U) + (options.gzip_level > 0 ? 1U : 0U);
    const bool fits = options.chunk.empty() ? chunks[i].bytes.empty() && chunks[i].filter_mask == 0
                                            : !chunks[i].bytes.empty() && (chunks[i].filter_mask >> filters) == 0;
    if (!fits) {
      impl.fail(
          fmt::format("chunk group {}, variable '{}': chunk does not fit the dataset's storage (mask {:#x}, {} bytes)",
                      group, impl.header.variables[i].name, chunks[i].filter_mask, chunks[i].bytes.size()));
    }
  }
  const std::uint64_t first = group * filter.group_runs();
  const std::lock_guard lock(impl.mutex);
  for (std::uint64_t run = first; run < first + runs; ++run) {
    impl.check_writable(run);
  }
  impl.queue->push([&impl, group, chunks = std::move(chunks)] { impl.write_group(group, chunks); });
  for (std::uint64_t run = first; run < first + runs; ++run) {
    impl.written[run] = true;
    impl.queue_events(run, std::move(events[run - first]));
  }
}

// On the queue's thread, after a flush.
std::vector<std::vector<h5::ChunkPlace>> HistoryWriter::Impl::places_of(const std::vector<std::uint64_t>& groups)
{
  std::vector<std::vector<h5::ChunkPlace>> found(groups.size(), std::vector<h5::ChunkPlace>(variables.size()));
  if (groups.empty()) {
    return found;
  }
  if (index_descriptor < 0) {
    index_descriptor = ::open(temporary.c_str(), O_RDONLY | O_CLOEXEC);
    if (index_descriptor < 0) {
      fail(fmt::format("cannot read '{}': {}", temporary.string(), std::generic_category().message(errno)));
    }
    chunk_indexes.resize(variables.size());
  }
  // The groups of a flush mostly follow one another: their entries are read in one go.
  const auto [lowest, highest] = std::minmax_element(groups.begin(), groups.end());
  const std::uint64_t span = *highest - *lowest + 1;
  const bool in_one_read = span <= 4 * groups.size();
  for (std::size_t i = 0; i < variables.size(); ++i) {
    if (filter->storage()[i].chunk.empty()) {
      continue;
    }
    std::optional<ChunkIndex>& index = chunk_indexes[i];
    if (!index) {
      index.emplace(index_descriptor, variables[i].header_address(), target.string());
    }
    // One chunk per group: a chunk spans every axis but the run axis whole.
    const std::vector<h5::ChunkPlace> read = in_one_read ? index->range(*lowest, span) : std::vector<h5::ChunkPlace>{};
    for (std::size_t k = 0; k < groups.size(); ++k) {
      found[k][i] = in_one_read ? read[groups[k] - *lowest] : index->at(groups[k]);
    }
  }
  return found;
}

std::future<void> HistoryWriter::place(std::vector<std::uint64_t> groups, Placed placed)
{
  Impl& impl = *impl_;
  auto promise = std::make_shared<std::promise<void>>();
  std::future<void> done = promise->get_future();
  impl.queue->push([&impl, promise, groups = std::move(groups), placed = std::move(placed)] {
    try {
      impl.file->flush();
      placed(impl.places_of(groups));
      promise->set_value();
    } catch (...) {
      promise->set_exception(std::current_exception());
      throw;
    }
  });
  return done;
}

const std::filesystem::path& HistoryWriter::temporary() const noexcept
{
  return impl_->temporary;
}

void HistoryWriter::commit()
{
  Impl& impl = *impl_;
  const std::lock_guard lock(impl.mutex);
  if (impl.committed) {
    impl.fail("already committed");
  }
  const auto missing = std::find(impl.written.begin(), impl.written.end(), false);
  if (missing != impl.written.end()) {
    impl.fail(fmt::format("run {} was never written", missing - impl.written.begin()));
  }
  impl.append_ready_events(true);
  impl.queue->drain(); // rethrows a failed write
  impl.queue->stop();
  impl.close_datasets();
  impl.file->close();
  impl.file.reset();
  // On the disk before the rename, and the rename after it: a crash of the machine leaves the
  // old output or the whole new one, never a renamed file with missing pages.
  impl.writeback->sync();
  impl.writeback.reset();
  // Without --force an output another job wrote meanwhile is not replaced either.
  const std::error_code error = move_into_place(impl.temporary, impl.target, impl.force);
  if (error == std::errc::file_exists) {
    impl.fail("output exists, written while this job ran; use --force to overwrite");
  }
  if (error) {
    impl.fail(fmt::format("cannot move '{}' into place: {}", impl.temporary.string(), error.message()));
  }
  impl.committed = true;
  sync_directory(impl.target.parent_path());
}

const HistoryHeader& HistoryWriter::header() const noexcept
{
  return impl_->header;
}

const h5::DatasetOptions& HistoryWriter::storage(std::size_t variable) const
{
  return impl_->filter->storage().at(variable);
}

const RunFilter& HistoryWriter::filter() const noexcept
{
  return *impl_->filter;
}

} // namespace hedgesim::io
