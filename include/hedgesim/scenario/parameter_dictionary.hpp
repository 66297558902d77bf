// The single source of every scenario key: name, type, default, unit, range, meaning and source.
//
// The loader validates against it, the resolved-scenario writer emits from it, events resolve
// their target paths through it, and docs/scenario-reference.md is generated from it
// (`hedgesim params --markdown`) and checked against it by a test.
#pragma once

#include "hedgesim/scenario/scenario.hpp"

#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace hedgesim {

//! Which agents a per-agent key applies to.
enum class Applies { all, hedger, great_power };

//! A numeric key stored in a field of a parameter block.
template <class Block>
struct NumberSpec {
  std::string_view key; // relative to its block, dotted for nesting, e.g. "levers.military"
  double Block::*field;
  double default_value = 0.0; // NaN: required
  double min = 0.0;
  double max = 0.0;
  std::string_view unit;
  std::string_view meaning;
  std::string_view source; // a seed text, a named data set, or "assumption: <reason>"
  bool exogenous = true;   // events may change it
  Applies applies = Applies::all;
  bool integer = false;

  [[nodiscard]] bool required() const noexcept { return default_value != default_value; }
};

std::span<const NumberSpec<WorldParams>> world_parameters();
std::span<const NumberSpec<ModelParams>> model_parameters();
std::span<const NumberSpec<AgentParams>> agent_parameters();
std::span<const NumberSpec<RelationParams>> relation_parameters();
std::span<const NumberSpec<InstitutionParams>> institution_parameters();

//! The [min, max] range of the number a ParamRef points at.
std::pair<double, double> parameter_range(const ParamRef& ref);

//! A structural (non-numeric or container) key, for documentation and key checks.
struct KeySpec {
  std::string_view path; // with <id>, <agent>, <partner>, [i] placeholders
  std::string_view type;
  std::string_view default_text;
  std::string_view meaning;
};
std::span<const KeySpec> structural_keys();

//! The parameter reference (docs/scenario-reference.md, parameter tables) as Markdown.
std::string parameter_reference_markdown();

} // namespace hedgesim
