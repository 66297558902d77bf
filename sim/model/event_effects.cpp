#include "hedgesim/model/conditions.hpp"

#include "hedgesim/scenario/parameter_dictionary.hpp"

#include <algorithm>

namespace hedgesim::model {

Conditions::Conditions(const Scenario& scenario) : world(scenario.world)
{
  agents.reserve(scenario.size());
  for (const auto& a : scenario.agents) {
    agents.push_back(a.params);
  }
  relations.reserve(scenario.relations.size());
  for (const auto& r : scenario.relations) {
    relations.push_back(r.params);
  }
  for (const auto& inst : scenario.institutions) {
    institutions.push_back(inst.params);
  }
}

double& Conditions::at(const ParamRef& ref)
{
  switch (ref.scope) {
  case ParamRef::Scope::world:
    return world.*(world_parameters()[ref.field].field);
  case ParamRef::Scope::agent:
    return agents[static_cast<std::size_t>(ref.agent)].*(agent_parameters()[ref.field].field);
  case ParamRef::Scope::relation:
    return relations[static_cast<std::size_t>(ref.agent) * agents.size() + static_cast<std::size_t>(ref.partner)].*
           (relation_parameters()[ref.field].field);
  case ParamRef::Scope::institution:
    return institutions[static_cast<std::size_t>(ref.agent)].*(institution_parameters()[ref.field].field);
  }
  return world.oil_price; // unreachable: every scope is handled above
}

double Conditions::get(const ParamRef& ref) const
{
  return const_cast<Conditions*>(this)->at(ref);
}

double apply_effect(Conditions& conditions, const EventEffect& effect)
{
  double& slot = conditions.at(effect.target);
  const double before = slot;
  double after = before;
  switch (effect.op) {
  case EventEffect::Op::set:
    after = effect.value;
    break;
  case EventEffect::Op::add:
    after = before + effect.value;
    break;
  case EventEffect::Op::scale:
    after = before * effect.value;
    break;
  }
  const auto [lo, hi] = parameter_range(effect.target);
  slot = std::clamp(after, lo, hi);
  return slot - before;
}

bool condition_holds(const Conditions& conditions, const EventCondition& condition)
{
  const double v = conditions.get(condition.subject);
  switch (condition.op) {
  case EventCondition::Op::lt:
    return v < condition.value;
  case EventCondition::Op::le:
    return v <= condition.value;
  case EventCondition::Op::gt:
    return v > condition.value;
  case EventCondition::Op::ge:
    return v >= condition.value;
  }
  return false;
}

} // namespace hedgesim::model
