// Sweep files, run plans and what sweeps and pairs write.
#include "hedgesim/cli/app.hpp"
#include "hedgesim/core/error.hpp"
#include "hedgesim/core/text.hpp"
#include "hedgesim/engine/ensemble.hpp"
#include "hedgesim/io/history_reader.hpp"
#include "hedgesim/io/history_slice.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"
#include "hedgesim/sweep/run_plan.hpp"
#include "hedgesim/sweep/sweep.hpp"

#include "support/expect_throw_msg.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <numeric>
#include <sstream>

namespace fs = std::filesystem;
using namespace hedgesim;
using hedgesim::testing::TempDir;

namespace {

const fs::path kSource = HEDGESIM_SOURCE_DIR;
const std::string kShort = (kSource / "tests/golden/short.yaml").string();

std::string sweep_text(const std::string& design, const std::string& parameters, const std::string& extra = "")
{
  return "sweep:\n  name: t\n  scenario: " + kShort + "\n  seed: 3\n  replicates: 2\n  design: " + design +
         "\nparameters:\n" + parameters + extra;
}

const std::string kTwo = "  - {path: agents.russia.revisionism, range: [0.0, 1.0]}\n"
                         "  - {path: model.rationality, values: [5, 20, 50]}\n";

engine::EnsembleOptions threads(unsigned n)
{
  engine::EnsembleOptions o;
  o.threads = n;
  return o;
}

std::vector<std::string> datasets(const fs::path& file)
{
  std::vector<std::string> out;
  for (const auto& d : io::read_history_summary(file).datasets) {
    out.push_back(d.path);
  }
  return out;
}

void expect_identical(const fs::path& a, const fs::path& b)
{
  const auto paths = datasets(a);
  ASSERT_EQ(paths, datasets(b));
  for (const auto& p : paths) {
    EXPECT_EQ(io::read_dataset_bytes(a, p), io::read_dataset_bytes(b, p)) << p;
  }
}

} // namespace

TEST(Sweep, RunPlanNumbersRunsByPointThenReplicate)
{
  const TempDir dir;
  const auto sw = sweep::load_sweep(dir.write("s.yaml", sweep_text("{type: lhs, points: 5}", kTwo)));
  const auto plan = sweep::RunPlan::from_sweep(sw);
  ASSERT_EQ(plan.points(), 5U);
  ASSERT_EQ(plan.runs(), 10U);
  EXPECT_EQ(plan.master_seed(), 3U);
  for (std::uint64_t run = 0; run < plan.runs(); ++run) {
    EXPECT_EQ(plan.design_point(run), run / 2);
    EXPECT_EQ(plan.replicate(run), run % 2);
    EXPECT_EQ(plan.stream_run(run), run);
  }
  const auto a = plan.params_for(4);
  const auto b = plan.params_for(5);
  EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())); // replicates share their point
}

TEST(Sweep, APatchedScenarioEqualsTheScenarioWithTheSameKeysSet)
{
  const TempDir dir;
  const std::string params = kTwo + "  - {path: relations.kazakhstan.china.alignment.security, range: [-0.5, 0.5]}\n";
  const auto plan = sweep::RunPlan::from_sweep(
      sweep::load_sweep(dir.write("s.yaml", sweep_text("{type: random, points: 3}", params))));
  for (std::uint64_t run = 0; run < plan.runs(); ++run) {
    const auto values = plan.params_for(run);
    std::vector<Override> sets;
    for (std::size_t j = 0; j < values.size(); ++j) {
      sets.push_back(Override{plan.param_names()[j], format_number(values[j])});
    }
    EXPECT_EQ(to_yaml(plan.scenario_for(run)), to_yaml(load_scenario(kShort, sets))) << run;
  }
}

TEST(Sweep, GridUsesEveryValueAndEvenlySpacedLevels)
{
  const TempDir dir;
  const auto plan =
      sweep::RunPlan::from_sweep(sweep::load_sweep(dir.write("s.yaml", sweep_text("{type: grid, levels: 3}", kTwo))));
  ASSERT_EQ(plan.points(), 9U);
  std::vector<double> revisionism;
  std::vector<double> rationality;
  for (std::uint64_t p = 0; p < 9; ++p) {
    revisionism.push_back(plan.params_for(p * 2)[0]);
    rationality.push_back(plan.params_for(p * 2)[1]);
  }
  EXPECT_EQ(revisionism, (std::vector<double>{0, 0, 0, 0.5, 0.5, 0.5, 1, 1, 1}));
  EXPECT_EQ(rationality, (std::vector<double>{5, 20, 50, 5, 20, 50, 5, 20, 50}));
}

TEST(Sweep, DistributionsAreClippedToTheParameterRange)
{
  const TempDir dir;
  const auto sw = sweep::load_sweep(dir.write(
      "s.yaml", sweep_text("{type: random, points: 400}",
                           "  - {path: world.uncertainty, distribution: {type: normal, mean: 0.9, sd: 0.3}}\n"
                           "  - {path: world.rivalry, range: [0.2, 0.6], distribution: {type: normal, mean: 0.4, "
                           "sd: 1}}\n")));
  const auto plan = sweep::RunPlan::from_sweep(sw);
  int at_top = 0;
  for (std::uint64_t p = 0; p < plan.points(); ++p) {
    const auto v = plan.params_for(p * 2);
    EXPECT_GE(v[0], 0.0);
    EXPECT_LE(v[0], 1.0);
    EXPECT_GE(v[1], 0.2);
    EXPECT_LE(v[1], 0.6);
    at_top += v[0] == 1.0 ? 1 : 0;
  }
  EXPECT_GT(at_top, 50); // P(x > 1) = 37 %: the tail piles up on the bound
  EXPECT_EQ(sw.parameters[0].value_at(0.5), 0.9);
  EXPECT_EQ(sw.parameters[0].value_at(0.0), 0.0);
  EXPECT_EQ(sw.parameters[0].value_at(1.0), 1.0);
}

TEST(Sweep, BadSweepFilesGiveOneLineWithPlaceAndKey)
{
  const TempDir dir;
  struct Case {
    std::string text;
    std::string message; // after "FILE:"
  };
  const std::vector<Case> cases{
      {sweep_text("{type: lsh, points: 4}", kTwo),
       "6:18: sweep.design.type: expected one of grid, random, lhs, sobol, morris, got \"lsh\" (did you mean 'lhs'?)"},
      {sweep_text("{type: lhs, points: 4}", "  - {path: agents.russia.revisionsim, range: [0, 1]}\n"),
       "8:12: parameters[0].path: expected a numeric scenario key, got \"agents.russia.revisionsim\" (did you mean "
       "'agents.russia.revisionism'?)"},
      {sweep_text("{type: lhs, points: 4}", "  - {path: agents.russa.revisionism, range: [0, 1]}\n"),
       "8:12: parameters[0].path: expected an agent id in \"agents.russa.revisionism\", got \"russa\" (did you "
       "mean 'russia'?)"},
      {sweep_text("{type: lhs, points: 4}", "  - {path: world.uncertainty, range: [0, 1.5]}\n"),
       "8:42: parameters[0].range[1]: expected a number in [0, 1], got \"1.5\""},
      {sweep_text("{type: lhs, points: 4}", "  - {path: agents.kazakhstan.revisionism, range: [0, 1]}\n"),
       "8:12: parameters[0].path: expected a key that applies to kazakhstan (hedger), got "
       "\"agents.kazakhstan.revisionism\", which applies to great_power agents only"},
      {sweep_text("{type: morris, trajectories: 4, levels: 5}", kTwo),
       "6:51: sweep.design.levels: expected an even number of levels >= 2, got 5"},
      {sweep_text("{type: grid}", kTwo),
       "8:5: parameters[0]: a grid design needs values for \"agents.russia.revisionism\", or sweep.design.levels "
       "for its range"},
      {sweep_text("{type: lhs, points: 4}", kTwo, "pairs: {set: {world.rivalry: 2}}\n"),
       "10:30: pairs.set.world.rivalry: expected a number in [0, 1], got \"2\""},
      {sweep_text("{type: lhs, points: 4}", kTwo, "output: {variables: [alignmnet]}\n"),
       "10:22: output.variables[0]: no output variable \"alignmnet\" (did you mean 'alignment'?)"},
      {"sweep:\n  name: t\n  scenario: nowhere.yaml\n  design: {type: lhs, points: 4}\nparameters:\n" + kTwo,
       "3:13: sweep.scenario: expected a scenario file (relative to the sweep file), got \"nowhere.yaml\", which "
       "does not exist"},
      {"sweep:\n  name: t\n  scenario: " + kShort + "\n  overlays: [nowhere.yaml]\n  design: {type: lhs, points: 4}\n" +
           "parameters:\n" + kTwo,
       "4:14: sweep.overlays[0]: expected a scenario file (relative to the sweep file), got \"nowhere.yaml\", which "
       "does not exist"},
      {"", " the file is empty; expected a sweep mapping"},
      {sweep_text("{type: lhs, points: 4}", kTwo) + "sweeps: 1\n",
       "10:1: sweeps: unknown section (did you mean 'sweep'?)"},
      {sweep_text("{type: lhs, points: 4}", kTwo, "output: {summary: [mean, meen]}\n"),
       "10:26: output.summary[1]: expected one of final, mean, min, max, sd, got \"meen\" (did you mean 'mean'?)"},
      {sweep_text("{type: lhs, points: 4}", kTwo, "output: {summary: [max, max]}\n"),
       "10:25: output.summary[1]: expected each statistic once, got \"max\" again"},
      {sweep_text("{type: lhs, points: 4}", kTwo, "output: {summary: []}\n"),
       "10:19: output.summary: expected a non-empty list of statistics (final, mean, min, max, sd), got an empty list"},
      {sweep_text("{type: lhs, points: 4}", kTwo, "output: {series: false}\n"),
       "10:18: output.series: applies only with output.summary (the time series are recorded anyway)"},
      {sweep_text("{type: lhs, points: 4}", kTwo, "output: {summary: [final], series: maybe}\n"),
       "10:36: output.series: expected true or false, got \"maybe\""},
      // Runs beyond what a file can number (int32) were built, allocated, or wrapped around.
      {sweep_text("{type: lhs, points: 100000000000}", kTwo),
       "6:31: sweep.design.points: expected an integer in [1, 2147483647], got \"100000000000\""},
      {sweep_text("{type: sobol, points: 1000000000}", kTwo),
       "6:11: sweep.design: expected at most 2147483647 runs in all (design points x replicates), got 8000000000"},
      {sweep_text("{type: grid, levels: 2147483647}", kTwo + "  - {path: world.rivalry, range: [0, 1]}\n"),
       "6:11: sweep.design: expected at most 2147483647 runs in all (design points x replicates), got "
       "18446744073709551615 or more"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string file = dir.write(fmt::format("bad{}.yaml", i), cases[i].text);
    EXPECT_THROW_MSG(sweep::load_sweep(file), ScenarioError, file + ":" + cases[i].message);
  }
}

TEST(Sweep, OverlaysMergeEventsByIdAsExtendsDoes)
{
  const TempDir dir;
  const Scenario base = load_scenario(kShort);
  // One event replaced by id, one added, and a key set; every other event of the base is kept.
  const std::string overlay =
      dir.write("overlay.yaml", "agents:\n  russia: {revisionism: 0.9}\n"
                                "events:\n"
                                "  - id: covid_oil_collapse\n"
                                "    at: 2020-04\n"
                                "    effects: [{op: set, path: world.oil_price, value: 40}]\n"
                                "  - id: extra_shock\n"
                                "    at: 2021-01\n"
                                "    effects: [{op: set, path: world.uncertainty, value: 0.7}]\n");
  const sweep::Sweep sw = sweep::load_sweep(
      dir.write("sweep.yaml", "sweep:\n  name: t\n  scenario: " + kShort + "\n  overlays: [" + overlay +
                                  "]\n  design: {type: lhs, points: 2}\nparameters:\n" + kTwo));
  const auto event = [](const Scenario& s, const std::string& id) {
    return std::find_if(s.events.begin(), s.events.end(), [&](const Event& e) { return e.id == id; });
  };
  ASSERT_EQ(sw.base.events.size(), base.events.size() + 1);
  for (const Event& e : base.events) {
    EXPECT_NE(event(sw.base, e.id), sw.base.events.end()) << e.id;
  }
  const auto replaced = event(sw.base, "covid_oil_collapse");
  ASSERT_EQ(replaced->effects.size(), 1U);
  EXPECT_EQ(replaced->effects[0].value, 40.0);
  EXPECT_NE(event(sw.base, "extra_shock"), sw.base.events.end());
  const auto russia =
      std::find_if(sw.base.agents.begin(), sw.base.agents.end(), [](const Agent& a) { return a.id == "russia"; });
  ASSERT_NE(russia, sw.base.agents.end());
  EXPECT_EQ(russia->params.revisionism, 0.9);
}

TEST(Sweep, SummariesComeFromTheScenarioUnlessTheSweepSetsItsOwn)
{
  const TempDir dir;
  const std::string scenario =
      dir.write("scenario.yaml", "extends: " + kShort + "\noutput: {summary: [final, mean], series: true}\n");
  const auto sweep_of = [&](const std::string& extra) {
    return "sweep:\n  name: t\n  scenario: " + scenario + "\n  design: {type: lhs, points: 2}\nparameters:\n" + kTwo +
           extra;
  };
  const sweep::Sweep inherited = sweep::load_sweep(dir.write("a.yaml", sweep_of("")));
  EXPECT_EQ(inherited.summary, inherited.base.output.summary);
  EXPECT_EQ(inherited.summary.statistics, (std::vector<Statistic>{Statistic::final, Statistic::mean}));
  EXPECT_TRUE(inherited.summary.series);
  EXPECT_EQ(sweep::RunPlan::from_sweep(inherited).summary(), inherited.summary);
  // The resolved sweep names them, so a resumed or re-created sweep records the same.
  EXPECT_NE(inherited.resolved_yaml.find("summary: [final, mean]"), std::string::npos) << inherited.resolved_yaml;

  const sweep::Sweep own = sweep::load_sweep(dir.write("b.yaml", sweep_of("output: {summary: [sd]}\n")));
  EXPECT_EQ(own.summary.statistics, std::vector<Statistic>{Statistic::sd});
  EXPECT_FALSE(own.summary.series);
  // A plain ensemble of the scenario records what its output section asks for.
  EXPECT_EQ(sweep::RunPlan::ensemble(load_scenario(scenario), 4, 1).summary(), inherited.summary);
}

TEST(Sweep, TheSameSweepGivesIdenticalBytesWithOneOrTwoThreads)
{
  const TempDir dir;
  const auto plan =
      sweep::RunPlan::from_sweep(sweep::load_sweep(dir.write("s.yaml", sweep_text("{type: sobol, points: 2}", kTwo))));
  ASSERT_EQ(plan.runs(), 2U * 4U * 2U);
  engine::run_ensemble(plan, threads(1), dir.path() / "a.h5");
  engine::run_ensemble(plan, threads(1), dir.path() / "b.h5");
  engine::run_ensemble(plan, threads(2), dir.path() / "c.h5");
  expect_identical(dir.path() / "a.h5", dir.path() / "b.h5");
  expect_identical(dir.path() / "a.h5", dir.path() / "c.h5");
  const auto h = io::read_history_summary(dir.path() / "a.h5");
  EXPECT_EQ(h.sweep.design, "sobol");
  EXPECT_EQ(h.sweep.params, plan.param_names());
  EXPECT_EQ(h.sweep.values.size(), plan.runs() * 2);
  EXPECT_EQ(h.sweep.design_point[5], 2);
  EXPECT_EQ(h.sweep.replicate[5], 1);
  EXPECT_TRUE(h.sweep.arm.empty());
}

TEST(Sweep, SummariesAreTheSameBytesWithOneOrTwoThreadsAndMatchTheSeries)
{
  const TempDir dir;
  const auto sw = sweep::load_sweep(dir.write(
      "s.yaml",
      sweep_text("{type: lhs, points: 3}", kTwo,
                 "output: {variables: [alignment, conditions], summary: [mean, final, sd], series: true}\n")));
  EXPECT_EQ(sw.summary.statistics.size(), 3U);
  EXPECT_NE(sw.resolved_yaml.find("summary: [mean, final, sd]"), std::string::npos) << sw.resolved_yaml;
  const auto plan = sweep::RunPlan::from_sweep(sw);
  engine::run_ensemble(plan, threads(1), dir.path() / "a.h5");
  engine::run_ensemble(plan, threads(2), dir.path() / "b.h5");
  expect_identical(dir.path() / "a.h5", dir.path() / "b.h5");
  const fs::path a = dir.path() / "a.h5";
  const auto h = io::read_history_summary(a);
  EXPECT_EQ(h.statistics, (std::vector<std::string>{"mean", "final", "sd"}));
  // world/oil_price is [run, time]; its summary [run, stat].
  const auto price = io::read_dataset_as_double(a, "world/oil_price");
  const auto stats = io::read_dataset_as_double(a, "summary/world/oil_price");
  const std::size_t steps = h.dates.size();
  ASSERT_EQ(price.size(), h.runs * steps);
  ASSERT_EQ(stats.size(), h.runs * 3);
  for (std::size_t r = 0; r < h.runs; ++r) {
    double sum = 0;
    for (std::size_t t = 0; t < steps; ++t) {
      sum += price[r * steps + t];
    }
    EXPECT_EQ(stats[r * 3], static_cast<double>(static_cast<float>(sum / static_cast<double>(steps)))) << r;
    EXPECT_EQ(stats[r * 3 + 1], price[r * steps + steps - 1]) << r;
  }

  // Without series: only the summaries, and the file is far smaller.
  const auto small = sweep::RunPlan::from_sweep(sweep::load_sweep(
      dir.write("t.yaml", sweep_text("{type: lhs, points: 3}", kTwo, "output: {summary: [mean, final, sd]}\n"))));
  engine::run_ensemble(small, threads(2), dir.path() / "c.h5");
  for (const auto& d : io::read_history_summary(dir.path() / "c.h5").datasets) {
    EXPECT_FALSE(d.path == "alignment" || d.path.starts_with("state/") || d.path.starts_with("dyad/")) << d.path;
  }
  EXPECT_EQ(io::read_dataset_as_double(dir.path() / "c.h5", "summary/world/oil_price"), stats);
}

TEST(Sweep, APlainEnsembleStoresNoParameters)
{
  const TempDir dir;
  engine::EnsembleOptions o;
  o.runs = 2;
  engine::run_ensemble(load_scenario(kShort), o, dir.path() / "plain.h5");
  const auto h = io::read_history_summary(dir.path() / "plain.h5");
  EXPECT_FALSE(h.sweep.is_sweep());
  EXPECT_TRUE(h.sweep.params.empty());
  for (const auto& d : h.datasets) {
    EXPECT_NE(d.path, "params");
    EXPECT_NE(d.path, "param");
  }
}

TEST(Sweep, RunFromRecreatesOneRunBitForBit)
{
  const TempDir dir;
  const std::string file = dir.write("s.yaml", sweep_text("{type: lhs, points: 3}", kTwo));
  const fs::path all = dir.path() / "all.h5";
  const fs::path one = dir.path() / "one.h5";
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(cli::run({"sweep", file, "-o", all.string(), "-j", "2"}, out, err), 0) << err.str();
  const std::uint64_t k = 4;
  ASSERT_EQ(cli::run({"run", "--from", all.string(), "--run", std::to_string(k), "-o", one.string()}, out, err), 0)
      << err.str();
  const auto h = io::read_history_summary(one);
  EXPECT_EQ(h.first_run, k);
  EXPECT_EQ(h.runs, 1U);
  for (const auto& d : io::read_history_summary(all).datasets) {
    if (d.shape.empty() || d.shape.front() != 6 || d.path.starts_with("events/")) {
      continue; // per-run datasets only; a run's bytes are a slice of the whole
    }
    const auto whole = io::read_dataset_bytes(all, d.path);
    const auto alone = io::read_dataset_bytes(one, d.path);
    ASSERT_EQ(whole.size(), alone.size() * 6) << d.path;
    EXPECT_TRUE(std::equal(alone.begin(), alone.end(), whole.begin() + static_cast<std::ptrdiff_t>(alone.size() * k)))
        << d.path;
  }
  const auto runs = io::read_dataset_as_int(all, "events/run");
  const auto magnitude = io::read_dataset_as_double(all, "events/magnitude");
  std::vector<double> expected;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (runs[i] == static_cast<std::int64_t>(k)) {
      expected.push_back(magnitude[i]);
    }
  }
  EXPECT_EQ(io::read_dataset_as_double(one, "events/magnitude"), expected);
  EXPECT_EQ(io::read_dataset_as_int(one, "events/run"), std::vector<std::int64_t>(expected.size(), k));
}

namespace {

//! Mean alignment of the first hedger toward Russia over time and dimensions, per run.
std::vector<double> mean_alignment(const fs::path& file, std::size_t max_steps = SIZE_MAX)
{
  const auto h = io::read_history_summary(file);
  const auto a = io::read_dataset_as_double(file, "alignment");
  const std::size_t n = h.agents.size();
  const std::size_t per_run = a.size() / h.runs;
  const std::size_t steps = std::min(max_steps, per_run / (n * n * 3));
  std::vector<double> out;
  for (std::size_t r = 0; r < h.runs; ++r) {
    double sum = 0;
    for (std::size_t t = 0; t < steps; ++t) {
      const std::size_t at = r * per_run + t * n * n * 3 + (0 * n + 1) * 3; // kazakhstan -> russia
      sum += a[at] + a[at + 1] + a[at + 2];
    }
    out.push_back(sum / static_cast<double>(3 * steps));
  }
  return out;
}

double variance(const std::vector<double>& x)
{
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
  double s = 0;
  for (double v : x) {
    s += (v - mean) * (v - mean);
  }
  return s / static_cast<double>(x.size() - 1);
}

} // namespace

TEST(Sweep, PairsWithANoOpInterventionAreBitIdentical)
{
  const TempDir dir;
  Scenario base = load_scenario(kShort);
  base.output.variables = {"alignment", "strategy"};
  const auto plan = sweep::RunPlan::compare(base, base, 4, 9);
  ASSERT_EQ(plan.runs(), 8U);
  EXPECT_EQ(plan.stream_run(5), 1U);
  engine::run_ensemble(plan, threads(2), dir.path() / "pairs.h5");
  const fs::path file = dir.path() / "pairs.h5";
  const auto bytes = io::read_dataset_bytes(file, "alignment");
  ASSERT_EQ(bytes.size() % 2, 0U);
  const auto half = static_cast<std::ptrdiff_t>(bytes.size() / 2);
  EXPECT_TRUE(std::equal(bytes.begin(), bytes.begin() + half, bytes.begin() + half));
  const auto h = io::read_history_summary(file);
  EXPECT_EQ(h.sweep.arm, (std::vector<std::int32_t>{0, 0, 0, 0, 1, 1, 1, 1}));
  EXPECT_EQ(h.sweep.pair, (std::vector<std::int32_t>{4, 5, 6, 7, 0, 1, 2, 3}));
  EXPECT_FALSE(h.sweep.is_sweep());
}

TEST(Sweep, AnInterventionsOwnEventsFitTheEventsTable)
{
  // The table's type column is sized from every arm, not only the base: an intervention's
  // event with a longer id than any of the base's is written whole.
  const TempDir dir;
  Scenario base = load_scenario(kShort);
  base.output.variables = {"strategy"};
  Scenario more = base;
  Event long_one;
  long_one.id = "an_intervention_whose_id_is_longer_than_any_the_base_can_log";
  long_one.at = base.meta.start;
  more.events.push_back(long_one);
  const auto plan = sweep::RunPlan::compare(base, more, 2, 3);
  const fs::path file = dir.path() / "pairs.h5";
  engine::run_ensemble(plan, threads(2), file);
  const io::HistorySlice slice(file);
  const std::vector<io::EventRecord> events = slice.run_events(2); // run 0 of the intervention arm
  EXPECT_TRUE(
      std::any_of(events.begin(), events.end(), [&](const io::EventRecord& e) { return e.type == long_one.id; }));
}

TEST(Sweep, PairedDifferencesVaryFarLessThanIndependentOnes)
{
  const TempDir dir;
  Scenario base = load_scenario(kShort);
  base.output.variables = {"alignment"};
  // Noisy choices, where common random numbers pay off; near-deterministic choices leave little
  // noise for pairing to remove.
  base.model.rationality = 10;
  Scenario more = base;
  more.agents[static_cast<std::size_t>(more.agent_index("russia"))].params.lever_inducement += 0.1;
  const std::uint64_t n = 48;
  engine::run_ensemble(sweep::RunPlan::compare(base, more, n, 5), threads(2), dir.path() / "pairs.h5");
  engine::run_ensemble(sweep::RunPlan::ensemble(more, n, 6), threads(2), dir.path() / "other.h5");
  // The first two years: pairs share every draw until their choices part ways, after which
  // the logit choices decorrelate them; the advantage is largest early on.
  const auto paired = mean_alignment(dir.path() / "pairs.h5", 24);
  const auto other = mean_alignment(dir.path() / "other.h5", 24);
  std::vector<double> paired_diff;
  std::vector<double> independent_diff;
  for (std::size_t r = 0; r < n; ++r) {
    paired_diff.push_back(paired[n + r] - paired[r]);
    independent_diff.push_back(other[r] - paired[r]);
  }
  EXPECT_GT(std::abs(std::accumulate(paired_diff.begin(), paired_diff.end(), 0.0)), 0.0); // a real effect
  EXPECT_LT(variance(paired_diff), 0.25 * variance(independent_diff));
}

TEST(ShippedSweeps, EverySweepValidatesAndRunsAFewRuns)
{
  const TempDir dir;
  int count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kSource / "scenarios" / "sweeps")) {
    if (entry.path().extension() != ".yaml") {
      continue;
    }
    SCOPED_TRACE(entry.path().string());
    const auto plan = sweep::RunPlan::from_sweep(sweep::load_sweep(entry.path()));
    ASSERT_GE(plan.runs(), 3U);
    // The first, a middle and the last run, as a cluster shard would run them.
    for (const std::uint64_t run : {std::uint64_t{0}, plan.runs() / 2, plan.runs() - 1}) {
      const fs::path out = dir.path() / fmt::format("{}_{}.h5", entry.path().stem().string(), run);
      const auto summary = engine::run_ensemble(plan.window(run, 1), threads(1), out);
      EXPECT_EQ(summary.runs, 1U);
      EXPECT_EQ(io::read_history_summary(out).first_run, run);
    }
    ++count;
  }
  EXPECT_GE(count, 1);
}
