#include "hedgesim/scenario/yaml_document.hpp"

#include "hedgesim/core/error.hpp"
#include "support/expect_throw_msg.hpp"
#include "support/temp_dir.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <ostream>
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

//! A file that is no scenario document, and the one line that loading it must give: `{path}`
//! stands for the file's path.
struct BadDocument {
  const char* name; // of the test
  const char* file;
  std::string text;
  const char* message;
};

void PrintTo(const BadDocument& bad, std::ostream* out)
{
  *out << bad.name;
}

class ScenarioDocumentRejects : public ::testing::TestWithParam<BadDocument> {};

TEST_P(ScenarioDocumentRejects, WithOneLocatedLine)
{
  const BadDocument& bad = GetParam();
  const TempDir dir;
  const std::string path = dir.write(bad.file, bad.text);
  EXPECT_THROW_MSG(ScenarioDocument::load(path), ScenarioError,
                   fmt::format(fmt::runtime(bad.message), fmt::arg("path", path)));
}

INSTANTIATE_TEST_SUITE_P(
    Documents, ScenarioDocumentRejects,
    ::testing::Values(
        BadDocument{"EmptyFile", "empty.yaml", "# nothing here\n",
                    "{path}: the file is empty; expected a scenario mapping"},
        BadDocument{"TopLevelIsNotAMapping", "list.yaml", "- scenario\n- agents\n",
                    "{path}:1:1: expected a mapping of scenario sections at the top level, got a sequence"},
        BadDocument{"DuplicateKeyInsideAList", "dup.yaml",
                    "events:\n  - id: a\n    at: 2020-01\n  - id: b\n    at: 2020-02\n    at: 2020-03\n",
                    "{path}:6:5: events[1].at: duplicate key (first given at line 5)"},
        BadDocument{"ExtendsMustBeAPath", "bad.yaml", "extends: [a.yaml, b.yaml]\n",
                    "{path}:1:10: extends: expected a path to a scenario file, got a sequence"},
        BadDocument{"FileThatExtendsItself", "self.yaml", "extends: self.yaml\n",
                    "{path}:1:10: extends: expected a chain of base files without a cycle, got self.yaml -> self.yaml"},
        BadDocument{"TabIndentationIsNamed", "tabs.yaml", "scenario:\n\tname: x\n",
                    "{path}:2:1: expected spaces for indentation, got a tab"},
        BadDocument{"NulByte", "binary.yaml", std::string("world:\n  ri\0valry: 1\n", 20),
                    "{path}:2:5: expected a YAML text file, got a NUL byte (a binary file?)"},
        BadDocument{"InvalidUtf8", "latin1.yaml", "world:\n  # caf\xc3\xa9\n  rivalry: \xe9t\xe9\n",
                    "{path}:3:12: expected UTF-8 text, got the invalid byte 0xe9"},
        BadDocument{"SecondDocument", "two.yaml", "world: {rivalry: 0.5}\n---\nagents: {}\n",
                    "{path}:3:1: expected one YAML document, got a second one (after a '---' line)"}),
    [](const ::testing::TestParamInfo<BadDocument>& param) { return std::string(param.param.name); });

TEST(ScenarioDocumentErrors, MissingFile)
{
  const std::string path = fixture("no_such_scenario.yaml");
  EXPECT_THROW_MSG(ScenarioDocument::load(path), ScenarioError, fmt::format("cannot open scenario file '{}'", path));
}

TEST(ScenarioDocumentErrors, DuplicateKeyInAnOverlayNamesTheOverlay)
{
  const TempDir dir;
  const std::string path =
      dir.write("dup.yaml", fmt::format("extends: {}\nworld:\n  rivalry: 0.1\n  rivalry: 0.2\n", fixture("base.yaml")));
  EXPECT_THROW_MSG(ScenarioDocument::load(path), ScenarioError,
                   fmt::format("{}:4:3: world.rivalry: duplicate key (first given at line 3)", path));
}

// --- documents no scenario should be: each gets one located line, none a crash -------------------

TEST(ScenarioDocumentErrors, TabsInCommentsAndValuesAreFine)
{
  const TempDir dir;
  const std::string path = dir.write("tabs.yaml", "world:\n\t# a comment\n  rivalry:\t0.5\n");
  EXPECT_EQ(ScenarioDocument::load(path).root()["world"]["rivalry"].as<std::string>(), "0.5");
}

TEST(ScenarioDocumentErrors, Utf16WithAByteOrderMarkIsRead)
{
  std::string text = "\xFF\xFE"; // UTF-16 LE, as some editors save
  for (const char c : std::string("world: {rivalry: 0.5}\n")) {
    text += c;
    text += '\0';
  }
  const TempDir dir;
  const std::string path = dir.write("utf16.yaml", text);
  EXPECT_EQ(ScenarioDocument::load(path).root()["world"]["rivalry"].as<std::string>(), "0.5");
}

TEST(ScenarioDocumentErrors, StrayCommaOutsideFlowCollections)
{
  // yaml-cpp reports an empty document at such a comma without moving on; reading all the
  // documents then never ends. Each of these must fail at once, at the comma.
  EXPECT_THROW_MSG(ScenarioDocument::parse(",\n", "in.yaml"), ScenarioError,
                   "in.yaml:1:1: YAML syntax error: unexpected ',' outside a flow sequence or mapping");
  EXPECT_THROW_MSG(ScenarioDocument::parse("- x\n, b\n", "in.yaml"), ScenarioError,
                   "in.yaml:2:1: YAML syntax error: unexpected ',' outside a flow sequence or mapping");
  // In a second document, the second document is the first thing wrong.
  EXPECT_THROW_MSG(ScenarioDocument::parse("world: {rivalry: 0.5}\n---\n,\n", "in.yaml"), ScenarioError,
                   "in.yaml:3:1: expected one YAML document, got a second one (after a '---' line)");
}

TEST(ScenarioDocumentErrors, KeysMustBeNames)
{
  const TempDir dir;
  const std::string list = dir.write("list.yaml", "world:\n  [a, b]: 1\n");
  EXPECT_THROW_MSG(ScenarioDocument::load(list), ScenarioError,
                   fmt::format("{}:2:3: world: expected a key name, got a sequence", list));
  const std::string empty = dir.write("empty.yaml", "\"\": 1\n");
  EXPECT_THROW_MSG(ScenarioDocument::load(empty), ScenarioError,
                   fmt::format("{}:1:1: expected a section name, got an empty key", empty));
}

TEST(ScenarioDocumentErrors, DeepNesting)
{
  const TempDir dir;
  const std::string path = dir.write("deep.yaml", "world: " + std::string(10000, '[') + std::string(10000, ']') + "\n");
  EXPECT_THROW_MSG(
      ScenarioDocument::load(path), ScenarioError,
      fmt::format("{}:1:20008: expected at most 499 levels of nested mappings and sequences, got more", path));
}

TEST(ScenarioDocumentErrors, AliasCycle)
{
  // Without the check, every walk of the tree recursed until the stack overflowed.
  const TempDir dir;
  const std::string path = dir.write("cycle.yaml", "world: &w {rivalry: *w}\n");
  EXPECT_THROW_MSG(ScenarioDocument::load(path), ScenarioError,
                   fmt::format("{}:1:8: world.rivalry: expected an alias to a complete node, got an alias to a node "
                               "that contains it (a cycle)",
                               path));
}

TEST(ScenarioDocumentErrors, AliasBomb)
{
  // Nine levels of ten aliases each: 10^9 nodes from a few hundred bytes.
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level < 9; ++level) {
    text += fmt::format("a{0}: &a{0} [", level);
    for (int i = 0; i < 10; ++i) {
      text += fmt::format("{}*a{}", i == 0 ? "" : ", ", level - 1);
    }
    text += "]\n";
  }
  const TempDir dir;
  const std::string path = dir.write("bomb.yaml", text);
  try {
    ScenarioDocument::load(path);
    ADD_FAILURE() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("expected at most 10000000 YAML nodes once aliases are expanded, got more"),
              std::string::npos)
        << e.what();
  }
}

//! `links` anchored one-element sequences, NAME0 holding `first` and each next one an alias
//! of the one before: shallow in the file, `links` levels deep once expanded.
std::string alias_chain(const std::string& name, int links, const std::string& first)
{
  std::string text = fmt::format("{0}0: &{0}0 [{1}]\n", name, first);
  for (int i = 1; i < links; ++i) {
    text += fmt::format("{0}{1}: &{0}{1} [*{0}{2}]\n", name, i, i - 1);
  }
  return text;
}

//! The message for nesting past 1,000 levels under top-level key `key` of `path`, reported at
//! the innermost node, the first key's value.
std::string too_deep(const std::string& path, const std::string& key)
{
  return fmt::format("{}:1:5: {}[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]...: expected at most 1000 levels of "
                     "nesting once aliases are expanded, got more",
                     path, key);
}

TEST(ScenarioDocumentErrors, AliasChainTooDeep)
{
  // Each anchor wraps the one before: shallow in the file, 1,100 levels once expanded. Checking
  // each node against all its ancestors, and building each node's path, took a minute here.
  const TempDir dir;
  const std::string path = dir.write("chain.yaml", alias_chain("a", 1100, "x"));
  EXPECT_THROW_MSG(ScenarioDocument::load(path), ScenarioError, too_deep(path, "a999"));
}

TEST(ScenarioDocumentErrors, AliasReachedAgainDeeperStillCountsItsDepth)
{
  // a599 is 600 levels deep and passes where it is defined; each b wraps it once more. A subtree
  // checked once is not walked again, but its depth must still count where it is reached again.
  const TempDir dir;
  const std::string path = dir.write("deeper.yaml", alias_chain("a", 600, "x") + alias_chain("b", 500, "*a599"));
  // b399 is the first to reach 1,001 levels (1 + 400 b's + 600 a's).
  EXPECT_THROW_MSG(ScenarioDocument::load(path), ScenarioError, too_deep(path, "b399"));
}

TEST(ScenarioDocumentErrors, AliasesCountEveryTimeTheyAreReached)
{
  // l5 expands to 1,111,111 nodes; the definitions and 7 more aliases of l5 stay under 10^7
  // nodes, 8 do not. The limit is reported at the very node that passes it.
  const auto ladder = [](int aliases) {
    std::string text = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int level = 1; level < 6; ++level) {
      text += fmt::format("l{0}: &l{0} [*l{1}", level, level - 1);
      for (int i = 1; i < 10; ++i) {
        text += fmt::format(", *l{}", level - 1);
      }
      text += "]\n";
    }
    text += "m: [*l5";
    for (int i = 1; i < aliases; ++i) {
      text += ", *l5";
    }
    return text + "]\n";
  };
  const TempDir dir;
  const std::string under = dir.write("under.yaml", ladder(7));
  EXPECT_NO_THROW(ScenarioDocument::load(under));
  const std::string over = dir.write("over.yaml", ladder(8));
  EXPECT_THROW_MSG(ScenarioDocument::load(over), ScenarioError,
                   fmt::format("{}:1:37: m[7][8][8][8][8][8][9]: expected at most 10000000 YAML nodes once aliases are "
                               "expanded, got more",
                               over));
}

TEST(ScenarioDocumentErrors, SetValueTooDeepIsCutInTheMessage)
{
  const std::string base = fixture("base.yaml");
  EXPECT_THROW_MSG(ScenarioDocument::load(base, {Override::parse("world=" + std::string(2000, '['))}), ScenarioError,
                   "--set world=" + std::string(30, '[') +
                       "... (2000 characters): world: expected at most 499 levels of nested mappings and sequences, "
                       "got more");
}

TEST(ScenarioDocumentErrors, SetValueWithACycle)
{
  const std::string base = fixture("base.yaml");
  EXPECT_THROW_MSG(ScenarioDocument::load(base, {Override::parse("world=&w {rivalry: *w}")}), ScenarioError,
                   "--set world=&w {rivalry: *w}: world.rivalry: expected an alias to a complete node, got an alias "
                   "to a node that contains it (a cycle)");
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

TEST(ScenarioDocumentSet, IsTheOriginOfTheMappingsItCreates)
{
  // What the new agent lacks (its role) is missing from the --set, not from the file.
  const ScenarioDocument doc =
      ScenarioDocument::load(fixture("base.yaml"), {Override::parse("agents.nobody.capability=0.1")});
  EXPECT_EQ(doc.where(doc.root()["agents"]["nobody"], "agents.nobody.role"), "--set agents.nobody.capability=0.1");
  EXPECT_EQ(doc.where(doc.root()["agents"]["big"], "agents.big.role"), fixture("base.yaml") + ":12:5");
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
