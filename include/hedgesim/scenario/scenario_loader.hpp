// From YAML to a validated Scenario, and back to the resolved YAML text stored in outputs.
#pragma once

#include "hedgesim/scenario/scenario.hpp"
#include "hedgesim/scenario/yaml_document.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hedgesim {

//! Loads, overlays, overrides and validates a scenario. Throws ScenarioError with
//! "FILE:LINE:COL: key.path: what was expected, what was found" on the first problem.
Scenario load_scenario(const std::filesystem::path& file, const std::vector<Override>& overrides = {});

//! As load_scenario, for a scenario's text already in memory; `name` stands for the file in error
//! messages, and an `extends` path is taken relative to its directory.
Scenario load_scenario_text(std::string_view text, const std::filesystem::path& name,
                            const std::vector<Override>& overrides = {});

//! Validates an already merged document.
Scenario build_scenario(const ScenarioDocument& document);

//! The fully resolved scenario (every default filled in) as YAML; loading it gives the same Scenario.
std::string to_yaml(const Scenario& scenario);

} // namespace hedgesim
