// What a hedgesim history file holds: the layout of format v4.0, shared by writer and reader.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace hedgesim::io {

inline constexpr const char* kHistoryFiletype = "hedgesim.history";
//! Bump the major number on any change an older reader would misread; the minor on additions.
inline constexpr std::array<int, 2> kHistoryFormatVersion{4, 0};

enum class DType { float32, float64, int8, int32 };

//! One per-run variable; stored as dataset `name` with shape [run, dims...].
struct VariableSpec {
  std::string name;              // dataset path, e.g. "alignment" or "state/legitimacy"
  std::vector<std::string> dims; // dimensions after `run`, each one of the axes in HistoryHeader
  DType dtype = DType::float32;
  std::string units;                        // "1" for dimensionless
  std::string long_name;                    // one-line meaning
  std::map<std::string, std::string> attrs; // extra string attributes (e.g. enum code meanings)
};

//! Per-run columns of a sweep or of counterfactual pairs (format 1.1); empty for a plain ensemble.
struct SweepColumns {
  std::string design;                     // root attribute `design` ("lhs", ...); "" = not a sweep
  std::string sweep_yaml;                 // root attribute: the resolved sweep text
  std::uint64_t points = 0;               // root attribute `design_points`: rows of the whole design
  std::uint64_t replicates = 0;           // root attribute `replicates`: runs per design point
  std::vector<std::string> params;        // coordinate `param`: the swept key paths
  std::vector<double> values;             // `params[run, param]`, row-major
  std::vector<std::int32_t> design_point; // `design_point[run]`
  std::vector<std::int32_t> replicate;    // `replicate[run]`
  std::string intervention_yaml;          // pairs: root attribute, the resolved scenario of arm 1
  std::vector<std::int32_t> arm;          // pairs: `arm[run]`, 0 baseline, 1 intervention
  std::vector<std::int32_t> pair;         // pairs: `pair[run]`, the run index of the paired run

  [[nodiscard]] bool is_sweep() const noexcept { return !design.empty(); }
  [[nodiscard]] bool is_paired() const noexcept { return !arm.empty(); }
};

//! Everything known before the first run: root attributes and the coordinate axes.
struct HistoryHeader {
  std::string scenario_name;
  std::string scenario_yaml; // the full resolved scenario text
  std::uint64_t master_seed = 0;
  std::uint64_t runs = 0;
  std::uint64_t first_run = 0; // the `run` coordinate is first_run .. first_run + runs - 1
  std::string hedgesim_version;
  std::string git_sha;
  std::string created;   // ISO 8601 UTC, e.g. "2026-11-22T09:00:00Z"
  std::string time_step; // "month", "quarter" or "year"

  std::vector<double> time;        // decimal years, dimension `time`
  std::vector<std::string> dates;  // ISO "YYYY-MM", one per time
  std::vector<std::string> agents; // agent ids, dimension `agent` and `partner`
  std::vector<std::string> agent_names;
  std::vector<std::string> agent_roles;
  std::vector<std::string> hedgers;    // ids of the hedgers, dimension `hedger` (format 3.0)
  std::vector<std::string> powers;     // ids of the great powers, dimension `power` (format 3.0)
  std::vector<std::string> dimensions; // "security", "economic", "diplomatic"
  std::vector<std::string> channels;   // dimension `channel` of decision/ (format 2.0); may be empty
  std::vector<std::string> terms;      // dimension `term` of the utility terms (format 4.0); may be empty
  std::vector<std::string> statistics; // dimension `stat` of summary variables (format 1.2); may be empty
  std::size_t event_type_width = 0;    // bytes of the fixed-width events/type; 0: variable-length strings
  std::vector<VariableSpec> variables;
  SweepColumns sweep;
};

//! One row of the events table.
struct EventRecord {
  std::int32_t run = 0;
  double time = 0.0;      // decimal year
  std::string type;       // event id or great-power move kind
  std::string actor;      // agent id or "" for the world
  std::string target;     // agent id or ""
  double magnitude = 0.0; // size of the effect in the units of its target

  bool operator==(const EventRecord&) const = default;
};

//! One variable of one run: a flat row-major buffer over the variable's dims (without `run`).
using VariableData =
    std::variant<std::vector<float>, std::vector<double>, std::vector<std::int8_t>, std::vector<std::int32_t>>;

//! The data of one run; `variables[i]` belongs to HistoryHeader::variables[i] and has its dtype.
struct RunRecord {
  std::vector<VariableData> variables;
  std::vector<EventRecord> events;
};

} // namespace hedgesim::io
