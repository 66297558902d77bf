#include "hedgesim/scenario/scenario.hpp"

#include "hedgesim/scenario/output_catalogue.hpp"

#include <array>

namespace hedgesim {

const char* to_string(Role role) noexcept
{
  return role == Role::hedger ? "hedger" : "great_power";
}

int Scenario::agent_index(const std::string& id) const noexcept
{
  for (std::size_t i = 0; i < agents.size(); ++i) {
    if (agents[i].id == id) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

std::vector<int> Scenario::agents_with_role(Role role) const
{
  std::vector<int> out;
  for (std::size_t i = 0; i < agents.size(); ++i) {
    if (agents[i].role == role) {
      out.push_back(static_cast<int>(i));
    }
  }
  return out;
}

namespace {
const std::array kOutputGroups{
    OutputGroup{"alignment",
                "alignment of each hedger toward each great power per dimension, and its Kuik posture band"},
    OutputGroup{"strategy", "balancing / hedging / bandwagoning label of each hedger"},
    OutputGroup{"threat",
                "Walt threat each agent perceives from each partner, and the perceived hostile intent behind it"},
    OutputGroup{"levers", "coercion and inducement each great power applies to each hedger"},
    OutputGroup{"utility", "utility terms of each hedger's chosen alignment and of its best alternative"},
    OutputGroup{"domestic", "each hedger's legitimacy and its hazard of a regime crisis"},
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

} // namespace hedgesim
