// What a run records of each selected variable over time: its series, per-run statistics, or
// both (`output.summary` and `output.series`, in a scenario or a sweep).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace YAML {
class Node;
}

namespace hedgesim {

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
  bool operator==(const SummarySpec&) const = default;
};

class ScenarioDocument;

//! Reads `output.summary` (a non-empty list of distinct statistic names) and `output.series`
//! (true or false, only beside `output.summary`) from the `output` mapping of `document`; a
//! missing or non-mapping `output` gives the series alone. Fails with the key path and a
//! did-you-mean for misspelt statistics.
SummarySpec read_summary_spec(const ScenarioDocument& document, const YAML::Node& output);

//! Writes `spec` into an `output` mapping as read_summary_spec reads it; nothing for series alone.
void write_summary_spec(const SummarySpec& spec, YAML::Node& output);

} // namespace hedgesim
