#include "hedgesim/sweep/parameter_target.hpp"

#include "hedgesim/core/text.hpp"
#include "hedgesim/scenario/parameter_dictionary.hpp"

#include <fmt/format.h>

namespace hedgesim::sweep {

namespace {

template <class Block>
bool find_key(std::span<const NumberSpec<Block>> specs, const std::string& key, const std::string& prefix,
              ParameterTarget& out, std::string& error)
{
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].key == key) {
      out.field = i;
      out.min = specs[i].min;
      out.max = specs[i].max;
      out.integer = specs[i].integer;
      return true;
    }
  }
  std::vector<std::string> keys;
  for (const auto& s : specs) {
    keys.push_back(prefix + std::string(s.key));
  }
  error = fmt::format("expected a numeric scenario key, got \"{}\"{}", out.path, did_you_mean(prefix + key, keys));
  return false;
}

template <class Block>
double& field_of(Block& block, std::span<const NumberSpec<Block>> specs, std::size_t field)
{
  return block.*(specs[field].field);
}

} // namespace

bool resolve_target(const Scenario& scenario, std::string_view path_view, ParameterTarget& out, std::string& error)
{
  const std::string path(path_view);
  out = ParameterTarget{};
  out.path = path;
  const auto dot = path.find('.');
  const std::string head = path.substr(0, dot);
  const std::string rest = dot == std::string::npos ? "" : path.substr(dot + 1);
  std::vector<std::string> ids;
  for (const auto& a : scenario.agents) {
    ids.push_back(a.id);
  }
  const auto agent_at = [&](const std::string& id, int& index) {
    index = scenario.agent_index(id);
    if (index < 0) {
      error = fmt::format("expected an agent id in \"{}\", got \"{}\"{}", path, id, did_you_mean(id, ids));
      return false;
    }
    return true;
  };
  if (head == "world" && !rest.empty()) {
    out.scope = ParameterTarget::Scope::world;
    return find_key(world_parameters(), rest, "world.", out, error);
  }
  if (head == "model" && !rest.empty()) {
    out.scope = ParameterTarget::Scope::model;
    return find_key(model_parameters(), rest, "model.", out, error);
  }
  const auto dot2 = rest.find('.');
  if (head == "agents" && dot2 != std::string::npos) {
    out.scope = ParameterTarget::Scope::agent;
    const std::string id = rest.substr(0, dot2);
    if (!agent_at(id, out.agent) ||
        !find_key(agent_parameters(), rest.substr(dot2 + 1), fmt::format("agents.{}.", id), out, error)) {
      return false;
    }
    const auto& spec = agent_parameters()[out.field];
    const Role role = scenario.agents[static_cast<std::size_t>(out.agent)].role;
    if (spec.applies != Applies::all && (spec.applies == Applies::hedger) != (role == Role::hedger)) {
      error = fmt::format("expected a key that applies to {} ({}), got \"{}\", which applies to {} agents only", id,
                          to_string(role), path, spec.applies == Applies::hedger ? "hedger" : "great_power");
      return false;
    }
    return true;
  }
  const auto dot3 = dot2 == std::string::npos ? std::string::npos : rest.find('.', dot2 + 1);
  if (head == "relations" && dot3 != std::string::npos) {
    out.scope = ParameterTarget::Scope::relation;
    const std::string from = rest.substr(0, dot2);
    const std::string to = rest.substr(dot2 + 1, dot3 - dot2 - 1);
    if (!agent_at(from, out.agent) || !agent_at(to, out.partner)) {
      return false;
    }
    if (out.agent == out.partner) {
      error = fmt::format("expected a relation between two agents, got \"{}\" (an agent has no relation with itself)",
                          path);
      return false;
    }
    return find_key(relation_parameters(), rest.substr(dot3 + 1), fmt::format("relations.{}.{}.", from, to), out,
                    error);
  }
  error = fmt::format("expected a key path world.<key>, model.<key>, agents.<id>.<key> or "
                      "relations.<agent>.<partner>.<key>, got \"{}\"",
                      path);
  return false;
}

namespace {

double& slot(Scenario& s, const ParameterTarget& t)
{
  switch (t.scope) {
  case ParameterTarget::Scope::world:
    return field_of(s.world, world_parameters(), t.field);
  case ParameterTarget::Scope::model:
    return field_of(s.model, model_parameters(), t.field);
  case ParameterTarget::Scope::agent:
    return field_of(s.agents[static_cast<std::size_t>(t.agent)].params, agent_parameters(), t.field);
  case ParameterTarget::Scope::relation:
    break;
  }
  const std::size_t index = static_cast<std::size_t>(t.agent) * s.size() + static_cast<std::size_t>(t.partner);
  return field_of(s.relations[index].params, relation_parameters(), t.field);
}

} // namespace

void set_parameter(Scenario& scenario, const ParameterTarget& target, double value)
{
  slot(scenario, target) = value;
  if (target.scope == ParameterTarget::Scope::relation) {
    const std::size_t index =
        static_cast<std::size_t>(target.agent) * scenario.size() + static_cast<std::size_t>(target.partner);
    scenario.relations[index].defined = true; // as `relations.a.b.key: v` in the YAML would make it
  }
}

double get_parameter(const Scenario& scenario, const ParameterTarget& target)
{
  return slot(const_cast<Scenario&>(scenario), target);
}

} // namespace hedgesim::sweep
