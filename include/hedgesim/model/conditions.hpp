// The exogenous conditions of one run: the parameters events may change, copied from the Scenario.
#pragma once

#include "hedgesim/scenario/scenario.hpp"

#include <vector>

namespace hedgesim::model {

//! World, agent and relation parameters as they stand at a step of one run.
struct Conditions {
  WorldParams world;
  std::vector<AgentParams> agents;
  std::vector<RelationParams> relations; // row-major agents x agents
  std::vector<InstitutionParams> institutions;

  explicit Conditions(const Scenario& scenario);

  [[nodiscard]] std::size_t size() const noexcept { return agents.size(); }
  [[nodiscard]] const RelationParams& relation(std::size_t from, std::size_t to) const noexcept
  {
    return relations[from * agents.size() + to];
  }
  //! The number a ParamRef points at.
  [[nodiscard]] double& at(const ParamRef& ref);
  [[nodiscard]] double get(const ParamRef& ref) const;
};

//! Applies one event effect, clamping the result into the parameter's range; returns the change.
double apply_effect(Conditions& conditions, const EventEffect& effect);

//! Whether an event's condition holds under the current conditions.
bool condition_holds(const Conditions& conditions, const EventCondition& condition);

} // namespace hedgesim::model
