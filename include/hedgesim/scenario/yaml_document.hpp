// A scenario's YAML tree after `extends` overlays and `--set` overrides, with source locations.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hedgesim {

//! One `--set key.path=value` from the command line.
struct Override {
  std::string path;
  std::string value;
  //! Parses "key.path=value"; throws UsageError on a missing '=' or empty path.
  static Override parse(std::string_view text);
};

//! The merged YAML tree of a scenario file, its overlays and overrides.
//!
//! Every node keeps the line and column it was read from; `origin` records which file
//! (or which `--set`) each overridden key path came from, so errors name the right place.
class ScenarioDocument {
public:
  //! Loads `file`, resolving `extends` chains (relative to each including file), rejecting
  //! YAML syntax errors, duplicate keys and cycles, then applies `overrides` in order. `kind`
  //! is what messages call the file ("cannot open sweep file ...").
  static ScenarioDocument load(const std::filesystem::path& file, const std::vector<Override>& overrides = {},
                               std::string_view kind = "scenario");
  //! As load(), for a scenario's text already in memory: `name` stands for the file in error
  //! messages, and an `extends` path is taken relative to its directory.
  static ScenarioDocument parse(std::string_view text, const std::filesystem::path& name,
                                const std::vector<Override>& overrides = {});

  //! Applies `other` on top of this document as an `extends` chain would: mappings merge key by
  //! key, events by id, anything else is replaced. Errors about its keys name its file.
  void overlay(const ScenarioDocument& other);
  //! Sets one key path, as `--set` does, after everything loaded so far.
  void apply(const Override& override_);

  [[nodiscard]] const YAML::Node& root() const noexcept { return root_; }
  [[nodiscard]] const std::filesystem::path& file() const noexcept { return file_; }

  //! "FILE:LINE:COL" for a node at `key_path`, or "--set k=v" for an overridden path.
  [[nodiscard]] std::string where(const YAML::Node& node, std::string_view key_path) const;
  //! Throws ScenarioError "WHERE: key_path: message".
  [[noreturn]] void fail(const YAML::Node& node, std::string_view key_path, std::string_view message) const;

private:
  YAML::Node root_;
  std::filesystem::path file_;
  std::vector<std::pair<std::string, std::string>> origins_; // key path -> file name or "--set ..."

  static ScenarioDocument assemble(const std::filesystem::path& file, const std::string* text,
                                   const std::vector<Override>& overrides, std::string_view kind);
  void merge(YAML::Node base, const YAML::Node& overlay, const std::string& path, const std::string& origin);
  void merge_events(YAML::Node base, const YAML::Node& overlay, const std::string& origin);
  [[nodiscard]] std::string origin_of(std::string_view key_path) const;
};

//! "a.b" joined with "c" -> "a.b.c"; with an empty prefix -> "c".
std::string join_path(std::string_view prefix, std::string_view key);

//! A YAML scalar as a finite decimal number; nullopt for text, NaN, infinities or overflow.
std::optional<double> parse_finite_number(const std::string& text);

//! A whole number in [min, max] at `path`; otherwise fails with "expected an integer >= min, got ..."
//! (or "in [min, max]" when `max` is given).
std::uint64_t read_whole_number(const ScenarioDocument& document, const YAML::Node& node, const std::string& path,
                                std::uint64_t min, std::uint64_t max = std::numeric_limits<std::uint64_t>::max());

//! The mapping `parent[key]` at `path.key`; fails if it is missing or not a mapping.
YAML::Node require_map(const ScenarioDocument& document, const YAML::Node& parent, const std::string& key,
                       const std::string& path);

//! "[min, max]" with infinite bounds written as inf / -inf, as in messages and the docs.
std::string range_text(double min, double max);

//! How a node reads in an error message: `"text"` (see quoted_excerpt), `a mapping`, `a sequence`,
//! `an empty mapping`, `an empty sequence` or `nothing`.
std::string describe_node(const YAML::Node& node);

} // namespace hedgesim
