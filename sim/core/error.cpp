#include "hedgesim/core/error.hpp"

namespace hedgesim {

int exit_code_for(const std::exception& e) noexcept
{
  if (dynamic_cast<const UsageError*>(&e) != nullptr || dynamic_cast<const ScenarioError*>(&e) != nullptr) {
    return kExitBadInput;
  }
  return kExitRuntimeFailure;
}

} // namespace hedgesim
