// What a run records: the variable list, its shapes, the recorded steps, and its documentation.
#include "hedgesim/engine/recorder.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace hedgesim;

namespace {

const fs::path kSource{HEDGESIM_SOURCE_DIR};

std::size_t axis_length(const io::HistoryHeader& h, const std::string& dim)
{
  if (dim == "time") {
    return h.time.size();
  }
  if (dim == "agent" || dim == "partner") {
    return h.agents.size();
  }
  if (dim == "dimension") {
    return h.dimensions.size();
  }
  ADD_FAILURE() << "unknown dimension " << dim;
  return 0;
}

std::size_t length(const io::VariableData& data)
{
  return std::visit([](const auto& v) { return v.size(); }, data);
}

} // namespace

TEST(Recorder, BuffersHaveTheShapeTheHeaderDeclares)
{
  const Scenario s = load_scenario(kSource / "tests/golden/short.yaml");
  const io::HistoryHeader h = engine::history_header(s, 1, 1);
  const engine::RunResult r = engine::simulate_run(s, h, 1, 0);
  ASSERT_EQ(r.record.variables.size(), h.variables.size());
  for (std::size_t i = 0; i < h.variables.size(); ++i) {
    std::size_t expected = 1;
    for (const auto& d : h.variables[i].dims) {
      expected *= axis_length(h, d);
    }
    EXPECT_EQ(length(r.record.variables[i]), expected) << h.variables[i].name;
  }
}

TEST(Recorder, OutputEveryKeepsEveryKthStepAndTheLast)
{
  const Scenario s = load_scenario(kSource / "tests/golden/short.yaml", {Override::parse("output.every=12")});
  const auto steps = engine::recorded_steps(s);
  const TimeAxis axis(s.meta.start, s.meta.end, s.meta.step);
  ASSERT_GE(steps.size(), 2U);
  EXPECT_EQ(steps[0], 0U);
  EXPECT_EQ(steps[1], 12U);
  EXPECT_EQ(steps.back(), axis.size() - 1);
  const io::HistoryHeader h = engine::history_header(s, 1, 1);
  EXPECT_EQ(h.dates.size(), steps.size());
  EXPECT_EQ(h.dates.back(), s.meta.end.iso());
}

TEST(Recorder, OutputVariablesSelectDatasets)
{
  const Scenario s =
      load_scenario(kSource / "tests/golden/short.yaml", {Override::parse("output.variables=[strategy]")});
  const io::HistoryHeader h = engine::history_header(s, 1, 1);
  ASSERT_EQ(h.variables.size(), 1U);
  EXPECT_EQ(h.variables[0].name, "strategy");
}

TEST(Recorder, EveryRecordedDatasetIsDocumentedInTheFileFormat)
{
  std::ifstream in(kSource / "docs/file-format.md");
  ASSERT_TRUE(in);
  std::stringstream doc;
  doc << in.rdbuf();
  const Scenario s = load_scenario(kSource / "tests/golden/short.yaml");
  for (const auto& v : engine::history_header(s, 1, 1).variables) {
    std::string name = v.name;
    if (name.rfind("state/utility_", 0) == 0) {
      // Documented once as a family: `state/utility_<term>` with the term names listed.
      EXPECT_NE(doc.str().find(name.substr(std::string("state/utility_").size())), std::string::npos) << name;
      name = "state/utility_<term>";
    }
    EXPECT_NE(doc.str().find("`" + name + "`"), std::string::npos) << name << " is not in docs/file-format.md";
  }
}
