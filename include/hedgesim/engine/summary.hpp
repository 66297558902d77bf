// Per-run statistics of a recorded variable over its time axis: what keeps sweep files small.
#pragma once

#include "hedgesim/io/history_format.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hedgesim::engine {

//! A statistic over the recorded steps of one run; the names are the `stat` coordinate's values.
enum class Statistic { final, mean, min, max, sd };

//! "final", "mean", "min", "max", "sd", in enum order.
std::span<const std::string_view> statistic_names() noexcept;
std::string_view to_string(Statistic statistic) noexcept;
std::optional<Statistic> parse_statistic(std::string_view name) noexcept;

//! What a run records of each selected variable: its time series, its statistics, or both.
struct SummarySpec {
  std::vector<Statistic> statistics; // empty: time series only
  bool series = true;                // with statistics: keep the time series too

  [[nodiscard]] bool summarises() const noexcept { return !statistics.empty(); }
  [[nodiscard]] bool records_series() const noexcept { return series || statistics.empty(); }
};

//! The dataset of `series`'s statistics: `summary/<name>`, with `stat` in place of `time`.
//! Floats keep their type; integer codes become float32 (a mean of codes is not a code).
io::VariableSpec summary_variable(const io::VariableSpec& series);

//! Reduces a [time, rest...] row-major buffer of `steps` rows to [stat, rest...] rows, one per
//! statistic, of summary_variable's type. NaN entries are skipped, so a statistic of an entry
//! that is NaN at every step is NaN; `final` is the value at the last step, NaN or not; `sd`
//! is the population standard deviation. Throws ModelError if the buffer is not `steps` rows.
io::VariableData summarise(const io::VariableData& series, std::size_t steps, std::span<const Statistic> statistics);

} // namespace hedgesim::engine
