// One numeric scenario key, resolved once to a field of a Scenario so that runs can set it directly.
#pragma once

#include "hedgesim/scenario/scenario.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace hedgesim::sweep {

//! `world.<key>`, `model.<key>`, `agents.<id>.<key>` or `relations.<agent>.<partner>.<key>`,
//! resolved through the parameter dictionary to a member pointer and its valid range.
struct ParameterTarget {
  enum class Scope { world, model, agent, relation } scope = Scope::world;
  int agent = -1;
  int partner = -1;
  std::size_t field = 0; // index into the scope's table in the parameter dictionary
  std::string path;      // as written
  double min = 0;
  double max = 0;
  bool integer = false;
};

//! Resolves `path` against `scenario` (agent ids, roles). Returns false and sets `error` to
//! "what was expected, what was found (did you mean ...)" when the path names no number.
bool resolve_target(const Scenario& scenario, std::string_view path, ParameterTarget& out, std::string& error);

//! Sets the number `target` points at. A relation becomes defined, as if the YAML set the key.
void set_parameter(Scenario& scenario, const ParameterTarget& target, double value);

//! The number `target` points at.
double get_parameter(const Scenario& scenario, const ParameterTarget& target);

} // namespace hedgesim::sweep
