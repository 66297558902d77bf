// What a run records: the variable list, its shapes, the recorded steps, and its documentation.
#include "hedgesim/engine/recorder.hpp"
#include "hedgesim/model/internal_balancing.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

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
  if (dim == "hedger") {
    return h.hedgers.size();
  }
  if (dim == "power") {
    return h.powers.size();
  }
  if (dim == "dimension") {
    return h.dimensions.size();
  }
  if (dim == "channel") {
    return h.channels.size();
  }
  if (dim == "term") {
    return h.terms.size();
  }
  ADD_FAILURE() << "unknown dimension " << dim;
  return 0;
}

std::size_t length(const io::VariableData& data)
{
  return std::visit([](const auto& v) { return v.size(); }, data);
}

//! The buffer of variable `name` in a run's record, converted to double.
std::vector<double> values(const io::HistoryHeader& h, const io::RunRecord& r, const std::string& name)
{
  for (std::size_t i = 0; i < h.variables.size(); ++i) {
    if (h.variables[i].name == name) {
      return std::visit([](const auto& v) { return std::vector<double>(v.begin(), v.end()); }, r.variables[i]);
    }
  }
  ADD_FAILURE() << name << " is not recorded";
  return {};
}

const std::vector<std::string> kMoveFields{"move_partner", "move_dimension", "move_delta"};

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
    // One membership dataset per institution of the scenario, documented once.
    if (name.rfind("membership/", 0) == 0) {
      name = "membership/<institution id>";
    }
    EXPECT_NE(doc.str().find("`" + name + "`"), std::string::npos) << name << " is not in docs/file-format.md";
  }
}

TEST(Recorder, DecisionsAreRecordedWithTheirBestAlternative)
{
  const Scenario s = load_scenario(kSource / "tests/golden/short.yaml");
  const io::HistoryHeader h = engine::history_header(s, 1, 1);
  const engine::RunResult r = engine::simulate_run(s, h, 1, 0);
  const std::vector<int> hedgers = s.agents_with_role(Role::hedger);
  const std::size_t steps = h.time.size();
  const std::size_t channels = model::kChannels;
  ASSERT_EQ(h.channels.size(), channels);
  ASSERT_EQ(h.hedgers.size(), hedgers.size());
  std::map<std::string, std::vector<double>> v;
  for (const std::string prefix : {"decision/", "decision/alternative_"}) {
    for (const auto& field : kMoveFields) {
      v[prefix + field] = values(h, r.record, prefix + field);
      ASSERT_EQ(v[prefix + field].size(), steps * hedgers.size() * channels) << prefix + field;
    }
  }
  const std::vector<double> alternative_total = values(h, r.record, "decision/alternative_total");
  const std::vector<double> alternative_terms = values(h, r.record, "decision/alternative_terms");
  ASSERT_EQ(h.terms.size(), static_cast<std::size_t>(model::kTermCount));
  ASSERT_EQ(alternative_terms.size(), steps * hedgers.size() * channels * h.terms.size());
  const std::vector<int> powers = s.agents_with_role(Role::great_power);
  std::size_t moves = 0;
  std::size_t internal = 0;
  std::size_t several = 0; // steps where a hedger moved in more than one channel
  for (std::size_t t = 0; t < steps; ++t) {
    for (std::size_t k = 0; k < hedgers.size(); ++k) {
      const auto i = static_cast<std::size_t>(hedgers[k]); // the hedger's agent index
      std::size_t moved = 0;
      for (std::size_t c = 0; c < channels; ++c) {
        const std::size_t at = (t * hedgers.size() + k) * channels + c;
        const double partner = v["decision/move_partner"][at];
        const double dimension = v["decision/move_dimension"][at];
        const double delta = v["decision/move_delta"][at];
        const double alt_partner = v["decision/alternative_move_partner"][at];
        const double alt_dimension = v["decision/alternative_move_dimension"][at];
        const double alt_delta = v["decision/alternative_move_delta"][at];
        // A move names a great power and a dimension, an internal move the hedger itself and an effort
        // code; a stay names neither.
        for (const auto& [p, d, dl] :
             {std::tuple{partner, dimension, delta}, std::tuple{alt_partner, alt_dimension, alt_delta}}) {
          if (p < 0) {
            EXPECT_EQ(p, -1);
            EXPECT_EQ(d, -1);
            EXPECT_EQ(dl, 0.0);
          } else if (static_cast<std::size_t>(p) == i) {
            EXPECT_GE(d, model::kFirstEffortCode);
            EXPECT_LT(d, model::kFirstEffortCode + model::kEffortCount);
            EXPECT_NE(dl, 0.0);
            ++internal;
          } else {
            EXPECT_NE(std::find(powers.begin(), powers.end(), static_cast<int>(p)), powers.end()) << p;
            EXPECT_GE(d, 0);
            EXPECT_LT(d, kDimensions);
            EXPECT_NE(dl, 0.0);
          }
        }
        moves += partner >= 0 ? 1 : 0;
        moved += partner >= 0 ? 1 : 0;
        // A channel moves its own dimension (the internal channel an effort).
        if (partner >= 0) {
          EXPECT_EQ(c == model::kInternalChannel, dimension >= model::kFirstEffortCode) << "channel " << c;
          EXPECT_TRUE(c == model::kInternalChannel || dimension == static_cast<double>(c)) << "channel " << c;
        }
        // The best alternative is another option than the one chosen.
        EXPECT_FALSE(partner == alt_partner && dimension == alt_dimension && (delta > 0) == (alt_delta > 0))
            << "step " << t << " agent " << i;
        double sum = 0;
        for (std::size_t term = 0; term < h.terms.size(); ++term) {
          sum += alternative_terms[at * h.terms.size() + term];
        }
        EXPECT_NEAR(sum, alternative_total[at], 1e-5);
      }
      several += moved > 1 ? 1 : 0;
    }
  }
  EXPECT_GT(moves, 0U);
  EXPECT_GT(several, 0U);
  EXPECT_GT(internal, 0U); // internal balancing moves are recorded too
}

TEST(Recorder, UtilityTermsLieOnTheTermAxisAndSumToTheTotal)
{
  const Scenario s = load_scenario(kSource / "tests/golden/short.yaml");
  const io::HistoryHeader h = engine::history_header(s, 1, 1);
  ASSERT_EQ(h.terms, (std::vector<std::string>(model::kTermNames.begin(), model::kTermNames.end())));
  const engine::RunResult r = engine::simulate_run(s, h, 1, 0);
  const std::vector<double> total = values(h, r.record, "state/utility");
  const std::vector<double> terms = values(h, r.record, "state/utility_terms");
  ASSERT_EQ(terms.size(), total.size() * h.terms.size());
  std::size_t nonzero = 0; // terms that take part somewhere in the run
  for (std::size_t k = 0; k < h.terms.size(); ++k) {
    for (std::size_t at = 0; at < total.size(); ++at) {
      if (terms[at * h.terms.size() + k] != 0.0) {
        ++nonzero;
        break;
      }
    }
  }
  EXPECT_GE(nonzero, h.terms.size() - 1);
  for (std::size_t at = 0; at < total.size(); ++at) {
    double sum = 0;
    for (std::size_t k = 0; k < h.terms.size(); ++k) {
      sum += terms[at * h.terms.size() + k];
    }
    EXPECT_NEAR(sum, total[at], 1e-5) << "value " << at;
  }
}

TEST(Recorder, AStayRecordsMinusOneForTheMove)
{
  const Scenario s = load_scenario(kSource / "tests/golden/short.yaml");
  const io::HistoryHeader h = engine::history_header(s, 1, 1);
  engine::Simulation sim(s, 1, 0);
  sim.step();
  const auto hedger = static_cast<std::size_t>(s.agents_with_role(Role::hedger).front());
  model::Decision& d = sim.world().decisions[hedger];
  d.alternative.fill(model::Move{0, 1, -1, 0.02});
  d.move.fill(model::Move{});
  engine::Recorder recorder(s, h);
  recorder.record(sim);
  const io::RunRecord r = recorder.take(sim);
  ASSERT_EQ(h.hedgers.size(), 1U); // the hedger is the first entry of the `hedger` axis
  for (std::size_t c = 0; c < model::kChannels; ++c) {
    const std::size_t at = c;
    EXPECT_EQ(values(h, r, "decision/move_partner")[at], -1);
    EXPECT_EQ(values(h, r, "decision/move_dimension")[at], -1);
    EXPECT_EQ(values(h, r, "decision/move_delta")[at], 0.0);
    EXPECT_GE(values(h, r, "decision/alternative_move_partner")[at], 0);
  }
  EXPECT_EQ(values(h, r, "decision/move_partner").size(), model::kChannels); // one recorded step
}

TEST(Recorder, WhatOnlyHedgersHaveIsOnTheHedgerAxis)
{
  const Scenario s = load_scenario(kSource / "tests/golden/short.yaml");
  const io::HistoryHeader h = engine::history_header(s, 1, 1);
  std::vector<std::string> hedgers;
  std::vector<std::string> powers;
  for (const auto& a : s.agents) {
    (a.role == Role::hedger ? hedgers : powers).push_back(a.id);
  }
  EXPECT_EQ(h.hedgers, hedgers);
  EXPECT_EQ(h.powers, powers);
  std::map<std::string, std::vector<std::string>> dims;
  for (const auto& v : h.variables) {
    dims[v.name] = v.dims;
  }
  using Dims = std::vector<std::string>;
  EXPECT_EQ(dims["alignment"], (Dims{"time", "hedger", "power", "dimension"}));
  EXPECT_EQ(dims["posture"], (Dims{"time", "hedger", "power"}));
  EXPECT_EQ(dims["strategy"], (Dims{"time", "hedger"}));
  EXPECT_EQ(dims["state/utility"], (Dims{"time", "hedger"}));
  EXPECT_EQ(dims["decision/move_partner"], (Dims{"time", "hedger", "channel"}));
  EXPECT_EQ(dims["dyad/inducement"], (Dims{"time", "power", "hedger"}));
  EXPECT_EQ(dims["dyad/sanctions_enforced"], (Dims{"time", "hedger", "power"}));
  // What every agent has, or every pair, keeps the agent axes.
  EXPECT_EQ(dims["dyad/threat"], (Dims{"time", "agent", "partner"}));
  EXPECT_EQ(dims["state/capability"], (Dims{"time", "agent"}));
}

TEST(Recorder, NoDecisionDatasetsWithoutTheUtilityOutput)
{
  const Scenario s =
      load_scenario(kSource / "tests/golden/short.yaml", {Override::parse("output.variables=[alignment, strategy]")});
  for (const auto& v : engine::history_header(s, 1, 1).variables) {
    EXPECT_NE(v.name.rfind("decision/", 0), 0U) << v.name;
  }
}
