#include "hedgesim/scenario/parameter_dictionary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace hedgesim {
namespace {

// Data sets a parameter may cite by name. A new data set is added here on purpose, in review;
// anything else must be an assumption with its reason or cite a seed text.
const std::vector<std::string_view> kNamedDataSets{
    "EIA ",                               // U.S. Energy Information Administration price series
    "COW National Material Capabilities", // Correlates of War, CINC
    "SIPRI Arms Transfers Database",
    "SIPRI Military Expenditure Database",
    "national trade statistics",
    "national census",
    "CPC pipeline", // Caspian Pipeline Consortium throughput, in the calibration facts
    "dated event timeline (scenarios/data/timeline.csv)",
};

// A seed text is cited by its file name, e.g. 001_6a37c59486a432e9.txt.
const std::regex kSeedText(R"((^|[^0-9A-Za-z_])0[0-9]{2}_[0-9a-f]+\.txt\b)");

bool is_sourced(std::string_view source)
{
  if (source.starts_with("assumption")) {
    return true;
  }
  for (const auto& name : kNamedDataSets) {
    if (source.starts_with(name)) {
      return true;
    }
  }
  return std::regex_search(std::string(source), kSeedText);
}

bool is_dotted_key(std::string_view key)
{
  static const std::regex pattern(R"(^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$)");
  return std::regex_match(std::string(key), pattern);
}

//! Every check that holds for all four tables.
template <class Block>
void check_table(std::span<const NumberSpec<Block>> specs, std::string_view table)
{
  ASSERT_FALSE(specs.empty()) << table;
  std::set<std::string_view> keys;
  std::vector<double Block::*> fields; // member pointers compare for equality only
  for (const auto& spec : specs) {
    SCOPED_TRACE(std::string(table) + "." + std::string(spec.key));
    EXPECT_TRUE(is_dotted_key(spec.key));
    EXPECT_TRUE(keys.insert(spec.key).second) << "duplicate key";
    ASSERT_NE(spec.field, nullptr);
    EXPECT_EQ(std::find(fields.begin(), fields.end(), spec.field), fields.end()) << "two keys write the same field";
    fields.push_back(spec.field);
    EXPECT_FALSE(spec.meaning.empty()) << "no meaning";
    EXPECT_FALSE(spec.unit.empty()) << "no unit";
    EXPECT_FALSE(spec.source.empty()) << "no source";
    EXPECT_TRUE(is_sourced(spec.source))
        << "source must start with \"assumption\", name a seed text (0NN_<hex>.txt) or a named data set: "
        << spec.source;
    EXPECT_FALSE(std::isnan(spec.min));
    EXPECT_FALSE(std::isnan(spec.max));
    EXPECT_LE(spec.min, spec.max);
    if (!spec.required()) {
      EXPECT_TRUE(std::isfinite(spec.default_value));
      EXPECT_GE(spec.default_value, spec.min) << "default below the range";
      EXPECT_LE(spec.default_value, spec.max) << "default above the range";
      if (spec.integer) {
        EXPECT_EQ(std::floor(spec.default_value), spec.default_value) << "integer key with a fractional default";
      }
    }
  }
  // Every field of the block is in the table (all fields are doubles, and no two keys share one).
  EXPECT_EQ(specs.size() * sizeof(double), sizeof(Block)) << table << ": a field has no dictionary entry";
}

TEST(ParameterDictionary, WorldTable)
{
  check_table<WorldParams>(world_parameters(), "world");
}

TEST(ParameterDictionary, ModelTable)
{
  check_table<ModelParams>(model_parameters(), "model");
}

TEST(ParameterDictionary, AgentTable)
{
  check_table<AgentParams>(agent_parameters(), "agents.<id>");
}

TEST(ParameterDictionary, RelationTable)
{
  check_table<RelationParams>(relation_parameters(), "relations.<agent>.<partner>");
}

TEST(ParameterDictionary, RolesApplyToAgentsOnly)
{
  for (const auto& s : world_parameters()) {
    EXPECT_EQ(s.applies, Applies::all) << s.key;
  }
  for (const auto& s : model_parameters()) {
    EXPECT_EQ(s.applies, Applies::all) << s.key;
  }
  for (const auto& s : relation_parameters()) {
    EXPECT_EQ(s.applies, Applies::all) << s.key;
  }
}

TEST(ParameterDictionary, EventsCannotChangeModelRulesOrAlignment)
{
  // The loader tells users that model parameters are fixed for a run and that alignment moves
  // only through decisions; the dictionary must agree.
  for (const auto& s : model_parameters()) {
    EXPECT_FALSE(s.exogenous) << "model." << s.key;
  }
  for (const auto& s : relation_parameters()) {
    EXPECT_EQ(s.exogenous, !std::string_view(s.key).starts_with("alignment.")) << s.key;
  }
}

TEST(ParameterDictionary, CapabilityIsTheOnlyRequiredKey)
{
  std::vector<std::string_view> required;
  for (const auto& s : agent_parameters()) {
    if (s.required()) {
      required.push_back(s.key);
    }
  }
  EXPECT_EQ(required, (std::vector<std::string_view>{"capability"}));
  for (const auto& s : world_parameters()) {
    EXPECT_FALSE(s.required()) << s.key;
  }
  for (const auto& s : model_parameters()) {
    EXPECT_FALSE(s.required()) << s.key;
  }
  for (const auto& s : relation_parameters()) {
    EXPECT_FALSE(s.required()) << s.key;
  }
}

TEST(ParameterDictionary, StructuralKeysAreDescribed)
{
  std::set<std::string_view> paths;
  for (const auto& k : structural_keys()) {
    SCOPED_TRACE(std::string(k.path));
    EXPECT_TRUE(paths.insert(k.path).second) << "duplicate structural key";
    EXPECT_FALSE(k.type.empty());
    EXPECT_FALSE(k.default_text.empty());
    EXPECT_FALSE(k.meaning.empty());
  }
}

TEST(ParameterDictionary, SourceCheckRejectsUnsourcedText)
{
  // The check itself must be able to fail.
  EXPECT_FALSE(is_sourced(""));
  EXPECT_FALSE(is_sourced("a reasonable guess"));
  EXPECT_FALSE(is_sourced("see 1_abc.txt"));
  EXPECT_FALSE(is_sourced("see 001_xyz.txt"));
  EXPECT_TRUE(is_sourced("assumption: equal weights"));
  EXPECT_TRUE(is_sourced("the second lever (001_6a37c59486a432e9.txt)"));
  EXPECT_TRUE(is_sourced("SIPRI Arms Transfers Database"));
}

TEST(ParameterDictionary, MarkdownListsEveryKey)
{
  const std::string markdown = parameter_reference_markdown();
  const auto listed = [&](std::string_view prefix, std::string_view key) {
    return markdown.find("| `" + std::string(prefix) + std::string(key) + "` |") != std::string::npos;
  };
  for (const auto& s : world_parameters()) {
    EXPECT_TRUE(listed("world.", s.key)) << s.key;
  }
  for (const auto& s : model_parameters()) {
    EXPECT_TRUE(listed("model.", s.key)) << s.key;
  }
  for (const auto& s : agent_parameters()) {
    EXPECT_TRUE(listed("", s.key)) << s.key;
  }
  for (const auto& s : relation_parameters()) {
    EXPECT_TRUE(listed("", s.key)) << s.key;
  }
  for (const auto& k : structural_keys()) {
    EXPECT_TRUE(listed("", k.path)) << k.path;
  }
}

} // namespace
} // namespace hedgesim
