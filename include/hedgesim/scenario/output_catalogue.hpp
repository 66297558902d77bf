// The variables a run can record, by the names `output.variables` accepts.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hedgesim {

//! One recordable group of datasets.
struct OutputGroup {
  std::string_view name; // as written in output.variables
  std::string_view meaning;
};

//! Every name `output.variables` accepts; the engine records exactly these.
std::span<const OutputGroup> output_groups();

class ScenarioDocument;

//! Reads one text item at a key path, as the calling loader reads text.
using TextReader = std::function<std::string(const YAML::Node& node, const std::string& path)>;

//! Reads `output.variables`: a list of group names, each checked against output_groups() (unknown
//! names fail with a did-you-mean), duplicates dropped, in the order given.
std::vector<std::string> read_output_variables(const ScenarioDocument& document, const YAML::Node& list,
                                               const TextReader& text);

} // namespace hedgesim
