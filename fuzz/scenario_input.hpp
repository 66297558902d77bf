// What the scenario-loader fuzz target does with one input, shared with the regression test that
// replays its findings without the fuzzer.
//
// An input is a scenario's text, loaded as if it were a file in a sandbox directory that holds
// a few base files it may `extends`, with the `--set` overrides its leading "#set" lines give.
// The loader's documented answer to bad input is a ScenarioError; a scenario that loads must
// also survive the round trip through its resolved text. Anything else (another exception, a
// crash, a sanitizer report, a hang) is a bug.
#pragma once

#include "hedgesim/core/error.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <array>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hedgesim::fuzz {

//! Base files an input may extend by their bare names, as (name, path under the source tree).
inline constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kSandboxFiles{{
    {"base.yaml", "tests/data/scenarios/base.yaml"},
    {"minimal.yaml", "tests/data/scenarios/minimal.yaml"},
    {"post_nazarbayev_succession.yaml", "scenarios/post_nazarbayev_succession.yaml"},
}};

//! Creates `dir` holding copies of the sandbox's base files taken from `source_dir`.
inline void prepare_sandbox(const std::filesystem::path& source_dir, const std::filesystem::path& dir)
{
  std::filesystem::create_directories(dir);
  for (const auto& [name, relative] : kSandboxFiles) {
    std::filesystem::copy_file(source_dir / relative, dir / name, std::filesystem::copy_options::overwrite_existing);
  }
}

//! False when `text` extends something outside the sandbox (an absolute path, a path through a
//! directory, "." or ".."): that would read whatever the machine holds, e.g. /dev/zero forever.
inline bool extends_stays_inside(std::string_view text)
{
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception&) {
    return true; // the loader rejects it before looking at `extends`
  }
  if (!root.IsMap()) {
    return true;
  }
  const YAML::Node base = std::as_const(root)["extends"];
  if (!base || !base.IsScalar()) {
    return true;
  }
  const std::string& name = base.Scalar();
  return name.find('/') == std::string::npos && name != "." && name != "..";
}

//! The `--set` overrides an input asks for: each leading line "#set key.path=value" (a YAML
//! comment, so the text parses the same with or without them).
inline std::vector<std::string> set_lines(std::string_view text)
{
  constexpr std::string_view kPrefix = "#set ";
  std::vector<std::string> sets;
  while (text.substr(0, kPrefix.size()) == kPrefix) {
    const auto end = text.find('\n');
    sets.emplace_back(text.substr(kPrefix.size(), end == std::string_view::npos ? end : end - kPrefix.size()));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  return sets;
}

enum class Outcome { loaded, rejected };

//! Loads `text` as `dir`/input.yaml with the overrides of its "#set" lines. Returns whether it
//! loaded or was rejected with a ScenarioError (or, for a malformed override, a UsageError);
//! throws std::logic_error if its resolved text does not load back to itself. Every other
//! exception passes through.
inline Outcome check_scenario_text(std::string_view text, const std::filesystem::path& dir)
{
  std::string resolved;
  try {
    std::vector<Override> overrides;
    for (const auto& set : set_lines(text)) {
      overrides.push_back(Override::parse(set));
    }
    resolved = to_yaml(load_scenario_text(text, dir / "input.yaml", overrides));
  } catch (const ScenarioError&) {
    return Outcome::rejected;
  } catch (const UsageError&) {
    return Outcome::rejected;
  }
  // Outside the try: the resolved text of a valid scenario must load, so a ScenarioError is a bug here.
  const std::string again = to_yaml(load_scenario_text(resolved, dir / "resolved.yaml"));
  if (again != resolved) {
    throw std::logic_error("the resolved scenario does not load back to the same text:\n" + resolved + "\n---\n" +
                           again);
  }
  return Outcome::loaded;
}

} // namespace hedgesim::fuzz
