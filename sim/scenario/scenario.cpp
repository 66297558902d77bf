#include "hedgesim/scenario/scenario.hpp"

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

} // namespace hedgesim
