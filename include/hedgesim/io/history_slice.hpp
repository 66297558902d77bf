// One run's slice of a history file: its coordinates, its slab of any per-run dataset and its events.
#pragma once

#include "hedgesim/io/hdf5_file.hpp"
#include "hedgesim/io/history_reader.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hedgesim::io {

//! A history file opened to read one run at a time: the coordinates up front, data on demand.
//! Each per-run variable is chunked by groups of eight runs, so reading one run decompresses
//! one chunk, which stays cached for the next runs of its group.
class HistorySlice {
public:
  //! Opens `path` and checks its filetype and major version. Throws IoError.
  explicit HistorySlice(const std::filesystem::path& path);

  //! Root attributes, coordinates and the dataset list, as `hedgesim info` sees them.
  [[nodiscard]] const HistorySummary& summary() const noexcept { return summary_; }
  [[nodiscard]] std::uint64_t runs() const noexcept { return summary_.runs; }
  [[nodiscard]] const std::vector<std::string>& dates() const noexcept { return summary_.dates; }
  [[nodiscard]] const std::vector<std::string>& agents() const noexcept { return summary_.agents; }
  [[nodiscard]] const std::vector<std::string>& agent_roles() const noexcept { return summary_.agent_roles; }
  //! Display names; the ids where the file has no `agent_name`.
  [[nodiscard]] const std::vector<std::string>& agent_names() const noexcept { return agent_names_; }
  [[nodiscard]] const std::vector<std::string>& dimensions() const noexcept { return dimensions_; }
  //! The policy channels of `decision/` (empty in a file without them).
  [[nodiscard]] const std::vector<std::string>& channels() const noexcept { return channels_; }
  //! The utility terms of `state/utility_terms` and `decision/alternative_terms` (empty in a file without them).
  [[nodiscard]] const std::vector<std::string>& terms() const noexcept { return terms_; }

  [[nodiscard]] bool has(std::string_view dataset) const;
  //! The axes of a per-run dataset after `run`, e.g. {time, agent} lengths.
  [[nodiscard]] std::vector<std::uint64_t> run_shape(std::string_view dataset) const;
  //! Run `run` of a per-run numeric dataset, row-major over its axes after `run`. Throws IoError.
  [[nodiscard]] std::vector<double> run_as_double(std::string_view dataset, std::uint64_t run) const;
  [[nodiscard]] std::vector<std::int64_t> run_as_int(std::string_view dataset, std::uint64_t run) const;
  //! The events of run `run`, in the order they happened (the table is sorted by run). Throws IoError.
  [[nodiscard]] std::vector<EventRecord> run_events(std::uint64_t run) const;

private:
  std::string name_; // the file as named in messages
  HistorySummary summary_;
  h5::File file_;
  std::vector<std::string> agent_names_;
  std::vector<std::string> dimensions_;
  std::vector<std::string> channels_;
  std::vector<std::string> terms_;

  //! Opens a per-run dataset and checks `run` against its first axis; returns the slab bounds.
  [[nodiscard]] h5::Dataset open_run(std::string_view dataset, std::uint64_t run, std::vector<std::uint64_t>& offset,
                                     std::vector<std::uint64_t>& count) const;
};

} // namespace hedgesim::io
