// Reads back what a history file holds, for `hedgesim info` and for tests.
#pragma once

#include "hedgesim/io/history_format.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace hedgesim::io {

//! A dataset's path, shape and dtype name as stored.
struct DatasetInfo {
  std::string path;
  std::vector<std::uint64_t> shape;
  std::string dtype; // "float32", "float64", "int8", "int32", "int64", "string"
  std::string units;
  std::vector<std::string> dims; // dimension scale of each axis, "" where none is attached
};

//! The root attributes, coordinates and dataset list of a history file.
struct HistorySummary {
  std::string filetype;
  std::array<int, 2> format_version{0, 0};
  std::string hedgesim_version;
  std::string git_sha;
  std::string created;
  std::string scenario_name;
  std::string scenario_yaml;
  std::uint64_t master_seed = 0;
  std::uint64_t runs = 0;
  std::vector<std::string> dates;
  std::vector<std::string> agents;
  std::vector<std::string> agent_roles;
  std::vector<std::string> hedgers;    // the `hedger` coordinate (format 3.0)
  std::vector<std::string> powers;     // the `power` coordinate (format 3.0)
  std::vector<std::string> statistics; // the `stat` coordinate of summary variables (format 1.2), if any
  std::uint64_t first_run = 0;         // first value of the `run` coordinate
  std::uint64_t events = 0;
  std::vector<DatasetInfo> datasets;
  //! Sweep and pair columns (format 1.1); empty for a plain ensemble and for 1.0 files.
  SweepColumns sweep;
};

//! Opens `path`, checks filetype and major version, and summarises it. Throws IoError.
HistorySummary read_history_summary(const std::filesystem::path& path);

//! Reads a whole float dataset (any stored float type) as doubles, row-major. Throws IoError.
std::vector<double> read_dataset_as_double(const std::filesystem::path& path, const std::string& dataset);

//! Reads a whole integer dataset (int8/int32/int64) as int64, row-major. Throws IoError.
std::vector<std::int64_t> read_dataset_as_int(const std::filesystem::path& path, const std::string& dataset);

//! The raw bytes of a dataset's data (not its metadata), for bit-identity checks. Throws IoError.
std::vector<unsigned char> read_dataset_bytes(const std::filesystem::path& path, const std::string& dataset);

} // namespace hedgesim::io
