#include "hedgesim/io/history_reader.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/io/hdf5_file.hpp"

#include <fmt/format.h>

namespace hedgesim::io {

namespace {

// Reads a string coordinate if present; files are checked by version, so absence is not an error.
std::vector<std::string> optional_strings(const h5::File& file, const std::string& path)
{
  return file.has_dataset(path) ? file.open_dataset(path).read_strings() : std::vector<std::string>{};
}

std::uint64_t optional_uint64_attribute(const h5::Object& object, const std::string& name)
{
  if (!object.has_attribute(name)) {
    return 0;
  }
  const std::vector<std::uint64_t> values = object.read_attribute<std::uint64_t>(name);
  return values.empty() ? 0 : values.front();
}

} // namespace

HistorySummary read_history_summary(const std::filesystem::path& path)
{
  const h5::File file = h5::File::open_read(path);
  HistorySummary summary;
  summary.filetype = file.read_string_attribute_or_empty("filetype");
  if (summary.filetype != kHistoryFiletype) {
    throw IoError(fmt::format("{}: not a hedgesim history file (filetype '{}')", path.string(), summary.filetype));
  }
  const std::vector<std::int32_t> version = file.has_attribute("format_version")
                                                ? file.read_attribute<std::int32_t>("format_version")
                                                : std::vector<std::int32_t>{};
  if (version.size() != 2) {
    throw IoError(fmt::format("{}: format_version is not a pair of integers", path.string()));
  }
  summary.format_version = {version[0], version[1]};
  if (version[0] != kHistoryFormatVersion[0]) {
    throw IoError(fmt::format("{}: format version {}.{} is not supported by this hedgesim (reads {}.x)", path.string(),
                              version[0], version[1], kHistoryFormatVersion[0]));
  }
  summary.hedgesim_version = file.read_string_attribute_or_empty("hedgesim_version");
  summary.git_sha = file.read_string_attribute_or_empty("git_sha");
  summary.created = file.read_string_attribute_or_empty("created");
  summary.scenario_name = file.read_string_attribute_or_empty("scenario_name");
  summary.scenario_yaml = file.read_string_attribute_or_empty("scenario_yaml");
  summary.master_seed = optional_uint64_attribute(file, "master_seed");
  summary.runs = optional_uint64_attribute(file, "runs");
  summary.dates = optional_strings(file, "date");
  summary.agents = optional_strings(file, "agent");
  summary.agent_roles = optional_strings(file, "agent_role");
  summary.hedgers = optional_strings(file, "hedger");
  summary.powers = optional_strings(file, "power");
  summary.statistics = optional_strings(file, "stat");
  if (file.has_dataset("run")) {
    const std::vector<std::int64_t> runs = file.open_dataset("run").read_as_int64();
    summary.first_run = runs.empty() ? 0 : static_cast<std::uint64_t>(runs.front());
  }
  SweepColumns& sweep = summary.sweep;
  sweep.design = file.read_string_attribute_or_empty("design");
  sweep.sweep_yaml = file.read_string_attribute_or_empty("sweep_yaml");
  sweep.intervention_yaml = file.read_string_attribute_or_empty("intervention_yaml");
  sweep.points = optional_uint64_attribute(file, "design_points");
  sweep.replicates = optional_uint64_attribute(file, "replicates");
  sweep.params = optional_strings(file, "param");
  if (file.has_dataset("params")) {
    sweep.values = file.open_dataset("params").read_as_double();
  }
  const auto int32_column = [&](const char* name) {
    std::vector<std::int32_t> out;
    if (file.has_dataset(name)) {
      for (const std::int64_t v : file.open_dataset(name).read_as_int64()) {
        out.push_back(static_cast<std::int32_t>(v));
      }
    }
    return out;
  };
  sweep.design_point = int32_column("design_point");
  sweep.replicate = int32_column("replicate");
  sweep.arm = int32_column("arm");
  sweep.pair = int32_column("pair");

  for (const h5::DatasetEntry& entry : file.list_datasets()) {
    DatasetInfo info;
    info.path = entry.path;
    info.shape = entry.shape;
    info.dtype = std::string(h5::to_string(entry.type));
    const h5::Dataset dataset = file.open_dataset(entry.path);
    if (dataset.has_attribute("units")) {
      info.units = dataset.read_string_attribute("units");
    }
    info.dims = dataset.dimension_names();
    if (entry.path == "events/run" && !entry.shape.empty()) {
      summary.events = entry.shape.front();
    }
    summary.datasets.push_back(std::move(info));
  }
  return summary;
}

std::vector<double> read_dataset_as_double(const std::filesystem::path& path, const std::string& dataset)
{
  const h5::File file = h5::File::open_read(path);
  const h5::Dataset data = file.open_dataset(dataset);
  const h5::ElementType type = data.element_type();
  if (type != h5::ElementType::float32 && type != h5::ElementType::float64) {
    throw IoError(
        fmt::format("{}: dataset '{}' is {}, not a float dataset", path.string(), dataset, h5::to_string(type)));
  }
  return data.read_as_double();
}

std::vector<std::int64_t> read_dataset_as_int(const std::filesystem::path& path, const std::string& dataset)
{
  const h5::File file = h5::File::open_read(path);
  const h5::Dataset data = file.open_dataset(dataset);
  const h5::ElementType type = data.element_type();
  if (type != h5::ElementType::int8 && type != h5::ElementType::int32 && type != h5::ElementType::int64) {
    throw IoError(
        fmt::format("{}: dataset '{}' is {}, not an integer dataset", path.string(), dataset, h5::to_string(type)));
  }
  return data.read_as_int64();
}

std::vector<unsigned char> read_dataset_bytes(const std::filesystem::path& path, const std::string& dataset)
{
  const h5::File file = h5::File::open_read(path);
  return file.open_dataset(dataset).read_bytes();
}

} // namespace hedgesim::io
