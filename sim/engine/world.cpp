#include "hedgesim/engine/world.hpp"

#include <limits>

namespace hedgesim::engine {

World::World(const Scenario& scenario)
    : conditions(scenario), levers(scenario.size() * scenario.size()),
      strategy(scenario.size(), model::Strategy::not_applicable), decisions(scenario.size()),
      occurrences(scenario.events.size(), 0), legitimacy(scenario.size(), std::numeric_limits<double>::quiet_NaN()),
      unrest_hazard(scenario.size(), std::numeric_limits<double>::quiet_NaN()),
      member(scenario.size() * scenario.institutions.size(), 0), succession_step(scenario.size(), -1),
      first_succession_step(scenario.size(), -1), grievance(scenario.size() * scenario.size(), 0.0),
      enforcing(scenario.size() * scenario.size(), 0), exposure_seen(scenario.size() * scenario.size())
{
  model::Efforts none{};
  none.fill(std::numeric_limits<double>::quiet_NaN());
  effort.assign(scenario.size(), none);
  for (std::size_t i = 0; i < scenario.size(); ++i) {
    if (scenario.agents[i].role == Role::hedger) {
      legitimacy[i] = scenario.agents[i].params.legitimacy;
      unrest_hazard[i] = scenario.agents[i].params.unrest_hazard;
      effort[i] = model::initial_efforts(scenario.agents[i].params, scenario.model);
    }
  }
  const auto n = static_cast<Eigen::Index>(scenario.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (auto& m : alignment) {
    m = Eigen::MatrixXd::Constant(n, n, nan);
  }
  intent = Eigen::MatrixXd::Constant(n, n, nan);
  threat = Eigen::MatrixXd::Constant(n, n, nan);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      if (i == j) {
        continue;
      }
      const auto& rel = scenario.relation(static_cast<std::size_t>(i), static_cast<std::size_t>(j)).params;
      intent(i, j) = rel.intent_baseline;
      const bool hedger_to_power = scenario.agents[static_cast<std::size_t>(i)].role == Role::hedger &&
                                   scenario.agents[static_cast<std::size_t>(j)].role == Role::great_power;
      if (hedger_to_power) {
        for (int d = 0; d < kDimensions; ++d) {
          alignment[static_cast<std::size_t>(d)](i, j) = rel.alignment(d);
        }
        for (int m : scenario.relation(static_cast<std::size_t>(i), static_cast<std::size_t>(j)).memberships) {
          member[static_cast<std::size_t>(i) * scenario.institutions.size() + static_cast<std::size_t>(m)] = 1;
        }
      }
    }
  }
}

double World::mean_alignment(std::size_t hedger, std::size_t power) const
{
  double sum = 0;
  for (const auto& m : alignment) {
    sum += m(static_cast<Eigen::Index>(hedger), static_cast<Eigen::Index>(power));
  }
  return sum / kDimensions;
}

} // namespace hedgesim::engine
