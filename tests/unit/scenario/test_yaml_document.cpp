#include "hedgesim/scenario/yaml_document.hpp"

#include "hedgesim/core/error.hpp"
#include "support/expect_throw_msg.hpp"
#include "support/temp_dir.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace hedgesim {
namespace {

namespace fs = std::filesystem;

//! A fixture under tests/data/scenarios, spelt as the loader spells it in messages.
std::string fixture(std::string_view relative)
{
  return (fs::path(HEDGESIM_TEST_DATA) / "scenarios" / relative).lexically_normal().string();
}

using hedgesim::testing::TempDir;

std::vector<std::string> event_ids(const YAML::Node& events)
{
  std::vector<std::string> ids;
  for (const auto& e : events) {
    ids.push_back(e["id"].as<std::string>());
  }
  return ids;
}

// --- small helpers --------------------------------------------------------------------------------

TEST(JoinPath, JoinsWithADot)
{
  EXPECT_EQ(join_path("", "agents"), "agents");
  EXPECT_EQ(join_path("agents", "russia"), "agents.russia");
  EXPECT_EQ(join_path("agents.russia.levers", "military"), "agents.russia.levers.military");
  EXPECT_EQ(join_path("events[2]", "at"), "events[2].at");
}

TEST(DescribeNode, NamesWhatWasFound)
{
  EXPECT_EQ(describe_node(YAML::Load("high")), "\"high\"");
  EXPECT_EQ(describe_node(YAML::Load("0.5")), "\"0.5\"");
  EXPECT_EQ(describe_node(YAML::Load("{a: 1}")), "a mapping");
  EXPECT_EQ(describe_node(YAML::Load("[1, 2]")), "a sequence");
  EXPECT_EQ(describe_node(YAML::Load("~")), "nothing");
  EXPECT_EQ(describe_node(YAML::Node()), "nothing");
  const YAML::Node map = YAML::Load("{a: 1}");
  EXPECT_EQ(describe_node(map["b"]), "nothing"); // an absent key
}

TEST(OverrideParse, SplitsAtTheFirstEqualsSign)
{
  const Override simple = Override::parse("agents.russia.revisionism=0.8");
  EXPECT_EQ(simple.path, "agents.russia.revisionism");
  EXPECT_EQ(simple.value, "0.8");
  const Override with_equals = Override::parse("scenario.description=a=b");
  EXPECT_EQ(with_equals.path, "scenario.description");
  EXPECT_EQ(with_equals.value, "a=b");
  const Override empty_value = Override::parse("scenario.description=");
  EXPECT_EQ(empty_value.path, "scenario.description");
  EXPECT_EQ(empty_value.value, "");
}

TEST(OverrideParse, RejectsAMissingPathOrValue)
{
  EXPECT_THROW_MSG(Override::parse("world.rivalry"), UsageError, "--set world.rivalry: expected key.path=value");
  EXPECT_THROW_MSG(Override::parse("=0.5"), UsageError, "--set =0.5: expected key.path=value");
  EXPECT_THROW_MSG(Override::parse(""), UsageError, "--set : expected key.path=value");
}

// --- loading and overlays -------------------------------------------------------------------------

TEST(ScenarioDocument, LoadsAFileAsItIs)
{
  const std::string path = fixture("base.yaml");
  const ScenarioDocument doc = ScenarioDocument::load(path);
  EXPECT_EQ(doc.file(), fs::path(path));
  EXPECT_EQ(doc.root()["scenario"]["name"].as<std::string>(), "test_base");
  EXPECT_EQ(doc.root()["agents"]["big"]["levers"]["military"].as<std::string>(), "0.5");
  EXPECT_EQ(event_ids(doc.root()["events"]), (std::vector<std::string>{"oil_drop", "pressure"}));
}

TEST(ScenarioDocument, OverlayMergesMappingsKeyByKey)
{
  const ScenarioDocument doc = ScenarioDocument::load(fixture("overlay.yaml"));
  const YAML::Node& root = doc.root();
  EXPECT_FALSE(root["extends"]); // consumed
  EXPECT_EQ(root["world"]["rivalry"].as<std::string>(), "0.8");
  EXPECT_EQ(root["agents"]["big"]["levers"]["military"].as<std::string>(), "0.9");
  EXPECT_EQ(root["agents"]["big"]["revisionism"].as<std::string>(), "0.3");
  EXPECT_EQ(root["agents"]["small"]["capability"].as<std::string>(), "0.01");
  // the base's key order survives
  std::vector<std::string> top;
  for (const auto& kv : root) {
    top.push_back(kv.first.Scalar());
  }
  EXPECT_EQ(top, (std::vector<std::string>{"scenario", "agents", "relations", "events", "world"}));
}

TEST(ScenarioDocument, OverlayEventsAppendOrReplaceById)
{
  const ScenarioDocument doc = ScenarioDocument::load(fixture("overlay.yaml"));
  const YAML::Node events = doc.root()["events"];
  EXPECT_EQ(event_ids(events), (std::vector<std::string>{"oil_drop", "pressure", "thaw"}));
  EXPECT_EQ(events[1]["at"].as<std::string>(), "2021-06"); // the overlay's version
}

TEST(ScenarioDocument, ExtendsIsRelativeToTheIncludingFile)
{
  const ScenarioDocument doc = ScenarioDocument::load(fixture("overlays/deeper.yaml"));
  EXPECT_EQ(doc.root()["agents"]["small"]["nationalism"].as<std::string>(), "0.1");
  EXPECT_EQ(doc.root()["world"]["rivalry"].as<std::string>(), "0.8");
  EXPECT_EQ(doc.root()["scenario"]["name"].as<std::string>(), "test_base");
}

TEST(ScenarioDocument, OverlayCanBeInheritedByAnotherDirectory)
{
  // A temporary overlay far from the fixtures, extending one by an absolute path.
  const TempDir dir;
  const std::string path =
      dir.write("far.yaml", fmt::format("extends: {}\nworld:\n  uncertainty: 0.9\n", fixture("overlay.yaml")));
  const ScenarioDocument doc = ScenarioDocument::load(path);
  EXPECT_EQ(doc.root()["world"]["uncertainty"].as<std::string>(), "0.9");
  EXPECT_EQ(doc.root()["world"]["rivalry"].as<std::string>(), "0.8");
  EXPECT_EQ(doc.where(doc.root()["world"]["uncertainty"], "world.uncertainty"), fmt::format("{}:3:16", path));
}

TEST(ScenarioDocument, EmptyOverlaySectionChangesNothing)
{
  const TempDir dir;
  const std::string path = dir.write("empty.yaml", fmt::format("extends: {}\nworld:\n", fixture("overlay.yaml")));
  const ScenarioDocument doc = ScenarioDocument::load(path);
  EXPECT_EQ(doc.root()["world"]["rivalry"].as<std::string>(), "0.8");
}

TEST(ScenarioDocument, ParsesTextAsIfItWereTheNamedFile)
{
  const std::string overlay = fixture("overlay.yaml");
  std::ifstream in(overlay);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const ScenarioDocument from_text = ScenarioDocument::parse(text, overlay, {Override::parse("world.uncertainty=0.9")});
  const ScenarioDocument from_file = ScenarioDocument::load(overlay, {Override::parse("world.uncertainty=0.9")});
  EXPECT_EQ(from_text.file(), from_file.file());
  EXPECT_EQ(YAML::Dump(from_text.root()), YAML::Dump(from_file.root())); // `extends` found next to `overlay`
  const YAML::Node& root = from_text.root();
  EXPECT_EQ(from_text.where(root["world"]["rivalry"], "world.rivalry"), overlay + ":4:12");
  EXPECT_EQ(from_text.where(root["agents"]["small"]["capability"], "agents.small.capability"),
            fixture("base.yaml") + ":9:17");
}

TEST(ScenarioDocumentErrors, TextErrorsNameTheGivenName)
{
  EXPECT_THROW_MSG(ScenarioDocument::parse("", "in_memory.yaml"), ScenarioError,
                   "in_memory.yaml: the file is empty; expected a scenario mapping");
  EXPECT_THROW_MSG(ScenarioDocument::parse("a: 1\na: 2\n", "in_memory.yaml"), ScenarioError,
                   "in_memory.yaml:2:1: a: duplicate key (first given at line 1)");
  EXPECT_THROW_MSG(ScenarioDocument::parse("extends: no_such_base.yaml\n", "dir/in_memory.yaml"), ScenarioError,
                   "dir/in_memory.yaml:1:10: extends: cannot open scenario file 'dir/no_such_base.yaml'");
}

TEST(ScenarioDocumentErrors, AliasInsideItsOwnAnchor)
{
  // The alias makes the sequence its own element: a cycle, not a tree.
  EXPECT_THROW_MSG(ScenarioDocument::parse("a: &x [*x]\n", "in.yaml"), ScenarioError,
                   "in.yaml:1:4: a[0]: expected a tree, got an alias to a node that contains it");
  EXPECT_THROW_MSG(ScenarioDocument::parse("a:\n  b: &x {c: {d: *x}}\n", "in.yaml"), ScenarioError,
                   "in.yaml:2:6: a.b.c.d: expected a tree, got an alias to a node that contains it");
}

TEST(ScenarioDocument, AliasesAreCheckedOnceEach)
{
  // Each level names the one before twice: 2^40 paths through 41 nodes, walked in no time.
  std::string text = "l0: &l0 [x, x]\n";
  for (int i = 1; i <= 40; ++i) {
    text += fmt::format("l{}: &l{} [*l{}, *l{}]\n", i, i, i - 1, i - 1);
  }
  EXPECT_NO_THROW(static_cast<void>(ScenarioDocument::parse(text, "in.yaml")));
  text += "l41: [*l40, {a: 1, a: 2}]\n";
  EXPECT_THROW_MSG(ScenarioDocument::parse(text, "in.yaml"), ScenarioError,
                   "in.yaml:42:20: l41[1].a: duplicate key (first given at line 42)");
}

// --- where and fail -------------------------------------------------------------------------------

TEST(ScenarioDocumentWhere, NamesTheFileEachKeyCameFrom)
{
  const std::string base = fixture("base.yaml");
  const std::string overlay = fixture("overlay.yaml");
  const ScenarioDocument doc = ScenarioDocument::load(overlay, {Override::parse("world.uncertainty=0.9")});
  const YAML::Node& root = doc.root();
  EXPECT_EQ(doc.where(root["agents"]["small"]["capability"], "agents.small.capability"), base + ":9:17");
  EXPECT_EQ(doc.where(root["agents"]["big"]["revisionism"], "agents.big.revisionism"), base + ":14:18");
  EXPECT_EQ(doc.where(root["world"]["rivalry"], "world.rivalry"), overlay + ":4:12");
  EXPECT_EQ(doc.where(root["agents"]["big"]["levers"]["military"], "agents.big.levers.military"), overlay + ":8:17");
  EXPECT_EQ(doc.where(root["events"][0]["at"], "events[0].at"), base + ":24:9");
  EXPECT_EQ(doc.where(root["events"][2]["at"], "events[2].at"), overlay + ":16:9");
  EXPECT_EQ(doc.where(root["world"]["uncertainty"], "world.uncertainty"), "--set world.uncertainty=0.9");
}

TEST(ScenarioDocumentWhere, FailThrowsOneLine)
{
  const std::string base = fixture("base.yaml");
  const ScenarioDocument doc = ScenarioDocument::load(base);
  EXPECT_THROW_MSG(doc.fail(doc.root()["world"], "world", "expected something else"), ScenarioError,
                   fmt::format("{}: world: expected something else", base)); // no node, no line
  EXPECT_THROW_MSG(doc.fail(doc.root()["scenario"]["end"], "scenario.end", "expected a later date"), ScenarioError,
                   fmt::format("{}:5:8: scenario.end: expected a later date", base));
}

// --- file-level errors ----------------------------------------------------------------------------

TEST(ScenarioDocumentErrors, MissingFile)
{
  const std::string path = fixture("no_such_scenario.yaml");
  EXPECT_THROW_MSG(ScenarioDocument::load(path), ScenarioError, fmt::format("cannot open scenario file '{}'", path));
}

TEST(ScenarioDocumentErrors, EmptyFile)
{
  const TempDir dir;
  const std::string path = dir.write("empty.yaml", "# nothing here\n");
  EXPECT_THROW_MSG(ScenarioDocument::load(path), ScenarioError,
                   fmt::format("{}: the file is empty; expected a scenario mapping", path));
}

TEST(ScenarioDocumentErrors, TopLevelIsNotAMapping)
{
  const TempDir dir;
  const std::string path = dir.write("list.yaml", "- scenario\n- agents\n");
  EXPECT_THROW_MSG(
      ScenarioDocument::load(path), ScenarioError,
      fmt::format("{}:1:1: expected a mapping of scenario sections at the top level, got a sequence", path));
}

TEST(ScenarioDocumentErrors, DuplicateKeyInsideAList)
{
  const TempDir dir;
  const std::string path = dir.write("dup.yaml", "events:\n"
                                                 "  - id: a\n"
                                                 "    at: 2020-01\n"
                                                 "  - id: b\n"
                                                 "    at: 2020-02\n"
                                                 "    at: 2020-03\n");
  EXPECT_THROW_MSG(ScenarioDocument::load(path), ScenarioError,
                   fmt::format("{}:6:5: events[1].at: duplicate key (first given at line 5)", path));
}

TEST(ScenarioDocumentErrors, DuplicateKeyInAnOverlayNamesTheOverlay)
{
  const TempDir dir;
  const std::string path =
      dir.write("dup.yaml", fmt::format("extends: {}\nworld:\n  rivalry: 0.1\n  rivalry: 0.2\n", fixture("base.yaml")));
  EXPECT_THROW_MSG(ScenarioDocument::load(path), ScenarioError,
                   fmt::format("{}:4:3: world.rivalry: duplicate key (first given at line 3)", path));
}

TEST(ScenarioDocumentErrors, ExtendsMustBeAPath)
{
  const TempDir dir;
  const std::string path = dir.write("bad.yaml", "extends: [a.yaml, b.yaml]\n");
  EXPECT_THROW_MSG(ScenarioDocument::load(path), ScenarioError,
                   fmt::format("{}:1:10: extends: expected a path to a scenario file, got a sequence", path));
}

TEST(ScenarioDocumentErrors, FileThatExtendsItself)
{
  const TempDir dir;
  const std::string path = dir.write("self.yaml", "extends: self.yaml\n");
  EXPECT_THROW_MSG(ScenarioDocument::load(path), ScenarioError,
                   fmt::format("{}:1:10: extends: expected a chain of base files without a cycle, got "
                               "self.yaml -> self.yaml",
                               path));
}

// --- --set ----------------------------------------------------------------------------------------

TEST(ScenarioDocumentSet, ChangesOnlyItsPath)
{
  // Regression: walking the path once rebound the root onto its children.
  const ScenarioDocument doc =
      ScenarioDocument::load(fixture("base.yaml"), {Override::parse("agents.big.levers.military=0.7")});
  const YAML::Node& root = doc.root();
  EXPECT_EQ(root["agents"]["big"]["levers"]["military"].as<std::string>(), "0.7");
  EXPECT_EQ(root["agents"]["small"]["capability"].as<std::string>(), "0.01");
  EXPECT_EQ(root["agents"]["big"]["capability"].as<std::string>(), "0.2");
  EXPECT_EQ(root["scenario"]["name"].as<std::string>(), "test_base");
  EXPECT_EQ(root.size(), 4u);
}

TEST(ScenarioDocumentSet, IndexesLists)
{
  const ScenarioDocument doc =
      ScenarioDocument::load(fixture("base.yaml"), {Override::parse("events[1].at=2021-05"),
                                                    Override::parse("events[0].effects[0].value=25")});
  EXPECT_EQ(doc.root()["events"][1]["at"].as<std::string>(), "2021-05");
  EXPECT_EQ(doc.root()["events"][0]["effects"][0]["value"].as<std::string>(), "25");
  EXPECT_EQ(doc.root()["events"][0]["at"].as<std::string>(), "2020-06");
  EXPECT_EQ(doc.where(doc.root()["events"][1]["at"], "events[1].at"), "--set events[1].at=2021-05");
  EXPECT_EQ(doc.where(doc.root()["events"][0]["at"], "events[0].at"), fixture("base.yaml") + ":24:9");
}

TEST(ScenarioDocumentSet, ReadsTheValueAsYaml)
{
  const ScenarioDocument doc =
      ScenarioDocument::load(fixture("base.yaml"), {Override::parse("output.variables=[alignment, threat]")});
  const YAML::Node vars = doc.root()["output"]["variables"];
  ASSERT_TRUE(vars.IsSequence());
  EXPECT_EQ(vars.size(), 2u);
  EXPECT_EQ(vars[1].as<std::string>(), "threat");
}

TEST(ScenarioDocumentSet, Errors)
{
  const std::string base = fixture("base.yaml");
  EXPECT_THROW_MSG(ScenarioDocument::load(base, {Override::parse("events[5].at=2020-02")}), ScenarioError,
                   "--set events[5].at=2020-02: events: there is no element [5] to set");
  EXPECT_THROW_MSG(ScenarioDocument::load(base, {Override::parse("events[x].at=2020-02")}), ScenarioError,
                   "--set events[x].at=2020-02: events: expected an index [0], [1], ..., got [x]");
  EXPECT_THROW_MSG(ScenarioDocument::load(base, {Override::parse("agents.big.capability.x=1")}), ScenarioError,
                   "--set agents.big.capability.x=1: agents.big.capability: expected a mapping to set a key in, "
                   "got \"0.2\"");
  EXPECT_THROW_MSG(ScenarioDocument::load(base, {Override::parse("world.rivalry=[0.5")}), ScenarioError,
                   "--set world.rivalry=[0.5: world.rivalry: YAML syntax error in the value: "
                   "end of sequence flow not found");
  EXPECT_THROW_MSG(ScenarioDocument::load(base, {Override::parse("world..rivalry=0.5")}), UsageError,
                   "--set world..rivalry=0.5: empty key in the path");
}

} // namespace
} // namespace hedgesim
