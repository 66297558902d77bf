#include "hedgesim/scenario/summary_spec.hpp"

#include "hedgesim/core/text.hpp"
#include "hedgesim/scenario/yaml_document.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>

namespace hedgesim {

namespace {

constexpr std::array<std::string_view, 5> kNames{"final", "mean", "min", "max", "sd"};

} // namespace

std::span<const std::string_view> statistic_names() noexcept
{
  return kNames;
}

std::string_view to_string(Statistic statistic) noexcept
{
  return kNames[static_cast<std::size_t>(statistic)];
}

std::optional<Statistic> parse_statistic(std::string_view name) noexcept
{
  const auto found = std::find(kNames.begin(), kNames.end(), name);
  if (found == kNames.end()) {
    return std::nullopt;
  }
  return static_cast<Statistic>(found - kNames.begin());
}

SummarySpec read_summary_spec(const ScenarioDocument& document, const YAML::Node& output)
{
  SummarySpec spec;
  if (!output || !output.IsMap()) {
    return spec;
  }
  const YAML::Node list = output["summary"];
  if (list) {
    const std::vector<std::string> names(kNames.begin(), kNames.end());
    if (!list.IsSequence() || list.size() == 0) {
      document.fail(list, "output.summary",
                    fmt::format("expected a non-empty list of statistics ({}), got {}", fmt::join(names, ", "),
                                list.IsSequence() ? "an empty list" : describe_node(list)));
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string item = fmt::format("output.summary[{}]", i);
      if (!list[i].IsScalar() || list[i].Scalar().empty()) {
        document.fail(list[i], item, fmt::format("expected text, got {}", describe_node(list[i])));
      }
      const std::string name = list[i].Scalar();
      const std::optional<Statistic> stat = parse_statistic(name);
      if (!stat) {
        document.fail(
            list[i], item,
            fmt::format("expected one of {}, got \"{}\"{}", fmt::join(names, ", "), name, did_you_mean(name, names)));
      }
      if (std::find(spec.statistics.begin(), spec.statistics.end(), *stat) != spec.statistics.end()) {
        document.fail(list[i], item, fmt::format("expected each statistic once, got \"{}\" again", name));
      }
      spec.statistics.push_back(*stat);
    }
  }
  spec.series = !list; // summaries replace the series unless output.series says otherwise
  if (const YAML::Node series = output["series"]) {
    if (!list) {
      document.fail(series, "output.series", "applies only with output.summary (the time series are recorded anyway)");
    }
    if (!series.IsScalar() || (series.Scalar() != "true" && series.Scalar() != "false")) {
      document.fail(series, "output.series", fmt::format("expected true or false, got {}", describe_node(series)));
    }
    spec.series = series.Scalar() == "true";
  }
  return spec;
}

void write_summary_spec(const SummarySpec& spec, YAML::Node& output)
{
  if (!spec.summarises()) {
    return;
  }
  YAML::Node stats(YAML::NodeType::Sequence);
  for (const Statistic stat : spec.statistics) {
    stats.push_back(std::string(to_string(stat)));
  }
  stats.SetStyle(YAML::EmitterStyle::Flow);
  output["summary"] = stats;
  output["series"] = spec.series ? "true" : "false";
}

} // namespace hedgesim
