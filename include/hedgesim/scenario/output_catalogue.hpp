// The variables a run can record, by the names `output.variables` accepts.
#pragma once

#include <span>
#include <string_view>

namespace hedgesim {

//! One recordable group of datasets.
struct OutputGroup {
  std::string_view name; // as written in output.variables
  std::string_view meaning;
};

//! Every name `output.variables` accepts; the engine records exactly these.
std::span<const OutputGroup> output_groups();

} // namespace hedgesim
