// Golden-file regression test: a short scenario at a fixed seed against stored results.
//
// The expected results live in tests/golden/short.expected. When a deliberate model change
// alters them, regenerate with
//   HEDGESIM_UPDATE_GOLDEN=1 ./build/tests/hedgesim_tests --gtest_filter='Golden.*'
// and review the diff before committing it.
#include "hedgesim/engine/recorder.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace hedgesim;

namespace {

const fs::path kSource{HEDGESIM_SOURCE_DIR};
// Results are printed with 9 significant digits; values may differ by this much after a
// compiler or library change that reorders floating-point operations.
constexpr double kTolerance = 1e-6;

//! One line per recorded fact: final alignments, strategies and the event log of each run.
std::string summarise(const Scenario& s)
{
  const io::HistoryHeader header = engine::history_header(s, s.meta.seed, s.meta.runs);
  std::ostringstream out;
  for (std::uint64_t run = 0; run < s.meta.runs; ++run) {
    engine::Simulation sim(s, s.meta.seed, run);
    while (!sim.done()) {
      sim.step();
    }
    const auto& w = sim.world();
    for (std::size_t h = 0; h < s.size(); ++h) {
      if (s.agents[h].role != Role::hedger) {
        continue;
      }
      out << fmt::format("run {} {} strategy {}\n", run, s.agents[h].id, model::to_string(w.strategy[h]));
      for (std::size_t g = 0; g < s.size(); ++g) {
        if (s.agents[g].role != Role::great_power) {
          continue;
        }
        for (int d = 0; d < kDimensions; ++d) {
          out << fmt::format(
              "run {} alignment {} {} {} {:.9g}\n", run, s.agents[h].id, s.agents[g].id,
              kDimensionNames[static_cast<std::size_t>(d)],
              w.alignment[static_cast<std::size_t>(d)](static_cast<Eigen::Index>(h), static_cast<Eigen::Index>(g)));
        }
        out << fmt::format("run {} threat {} {} {:.9g}\n", run, s.agents[h].id, s.agents[g].id,
                           w.threat(static_cast<Eigen::Index>(h), static_cast<Eigen::Index>(g)));
      }
    }
    for (const auto& e : sim.events()) {
      out << fmt::format("run {} event {:.9g} {} {} {} {:.9g}\n", run, e.time, e.type, e.actor.empty() ? "-" : e.actor,
                         e.target.empty() ? "-" : e.target, e.magnitude);
    }
  }
  return out.str();
}

//! Compares line by line; numbers (tokens that parse fully as doubles) within kTolerance.
void expect_matches(const std::string& expected, const std::string& actual)
{
  std::istringstream e(expected);
  std::istringstream a(actual);
  std::string le;
  std::string la;
  int line = 0;
  while (true) {
    const bool more_e = static_cast<bool>(std::getline(e, le));
    const bool more_a = static_cast<bool>(std::getline(a, la));
    ++line;
    ASSERT_EQ(more_e, more_a) << "line " << line << ": one result is longer (expected: '" << le << "', got: '" << la
                              << "')";
    if (!more_e) {
      return;
    }
    std::istringstream te(le);
    std::istringstream ta(la);
    std::string xe;
    std::string xa;
    while (te >> xe) {
      ASSERT_TRUE(static_cast<bool>(ta >> xa)) << "line " << line << ": '" << la << "' is shorter than '" << le << "'";
      char* end_e = nullptr;
      char* end_a = nullptr;
      const double ve = std::strtod(xe.c_str(), &end_e);
      const double va = std::strtod(xa.c_str(), &end_a);
      if (*end_e == '\0' && *end_a == '\0' && !xe.empty() && !xa.empty()) {
        ASSERT_NEAR(ve, va, kTolerance) << "line " << line << ": expected '" << le << "', got '" << la << "'";
      } else {
        ASSERT_EQ(xe, xa) << "line " << line << ": expected '" << le << "', got '" << la << "'";
      }
    }
  }
}

} // namespace

TEST(Golden, ShortScenarioMatchesStoredResults)
{
  const Scenario s = load_scenario(kSource / "tests/golden/short.yaml");
  const std::string actual = summarise(s);
  const fs::path expected_file = kSource / "tests/golden/short.expected";
  if (std::getenv("HEDGESIM_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_file) << actual;
    GTEST_SKIP() << "regenerated " << expected_file;
  }
  std::ifstream in(expected_file);
  ASSERT_TRUE(in) << "missing " << expected_file << "; regenerate with HEDGESIM_UPDATE_GOLDEN=1";
  std::stringstream expected;
  expected << in.rdbuf();
  expect_matches(expected.str(), actual);
}
