#include "hedgesim/scenario/output_catalogue.hpp"

#include "hedgesim/core/text.hpp"
#include "hedgesim/scenario/yaml_document.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace hedgesim {

namespace {
const std::array kOutputGroups{
    OutputGroup{"alignment",
                "alignment of each hedger toward each great power per dimension, and its Kuik posture band"},
    OutputGroup{"strategy", "balancing / hedging / bandwagoning label of each hedger"},
    OutputGroup{"threat",
                "Walt threat each agent perceives from each partner, and the perceived hostile intent behind it"},
    OutputGroup{"levers", "coercion and inducement each great power applies to each hedger, and its grievances"},
    OutputGroup{"utility", "utility terms of each hedger's chosen alignment and of its best alternative"},
    OutputGroup{"domestic", "each hedger's legitimacy and its hazard of a regime crisis"},
    OutputGroup{"internal", "each hedger's internal balancing: military spending, arms diversification and reform"},
    OutputGroup{"conditions", "exogenous conditions: oil price, uncertainty, rivalry and each agent's capability"},
    OutputGroup{"exposure",
                "each hedger's trade, export, arms-import and export-route shares by partner, and kin minorities"},
    OutputGroup{"institutions", "each hedger's membership of each institution"},
};
} // namespace

std::span<const OutputGroup> output_groups()
{
  return kOutputGroups;
}

std::vector<std::string> read_output_variables(const ScenarioDocument& document, const YAML::Node& list,
                                               const TextReader& text)
{
  if (!list.IsSequence()) {
    document.fail(list, "output.variables",
                  fmt::format("expected a list of variable names, got {}", describe_node(list)));
  }
  std::vector<std::string> names;
  for (const auto& g : output_groups()) {
    names.emplace_back(g.name);
  }
  std::vector<std::string> chosen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string item = fmt::format("output.variables[{}]", i);
    const std::string name = text(list[i], item);
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      document.fail(list[i], item, fmt::format("no output variable \"{}\"{}", name, did_you_mean(name, names)));
    }
    if (std::find(chosen.begin(), chosen.end(), name) == chosen.end()) {
      chosen.push_back(name);
    }
  }
  return chosen;
}

} // namespace hedgesim
