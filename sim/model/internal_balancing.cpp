#include "hedgesim/model/internal_balancing.hpp"

#include <algorithm>

namespace hedgesim::model {

double defence_effort(double share_of_gdp, const ModelParams& m) noexcept
{
  return m.spending_ceiling > 0 ? std::clamp(share_of_gdp / m.spending_ceiling, 0.0, 1.0) : 0.0;
}

double military_spending(double effort, const ModelParams& m) noexcept
{
  return effort * m.spending_ceiling;
}

Efforts initial_efforts(const AgentParams& hedger, const ModelParams& m) noexcept
{
  // In the order of Effort.
  return {defence_effort(hedger.military_spending, m), hedger.arms_diversification, hedger.reform};
}

} // namespace hedgesim::model
