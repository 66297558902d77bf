#include "hedgesim/model/hedger_decision.hpp"

#include "support/model_fixtures.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <tuple>
#include <vector>

namespace hedgesim::model {
namespace {

using test::alignment;
using test::default_model_params;
using test::kChina;
using test::three_partner_view;

constexpr double kStep = 0.25 / 12.0; // default adjustment rate over a monthly step
constexpr int kEcon = static_cast<int>(Dimension::economic);

//! A move as a comparable key: (partner, dimension, sign of delta).
using MoveKey = std::tuple<int, int, int>;
MoveKey key_of(const Move& m)
{
  return {m.partner, m.internal() ? kFirstEffortCode + m.effort : m.dimension,
          m.delta > 0 ? 1 : (m.delta < 0 ? -1 : 0)};
}

RandomStream stream(std::uint64_t run, std::uint32_t step = 0)
{
  return RandomStream(1234, run, 0, step, Stream::hedger_choice);
}

//! The documented candidate set: staying, then +-step on every alignment component and every
//! internal effort, skipping moves that the ends of the scale would turn into staying; with their
//! utilities.
struct Candidate {
  MoveKey key;
  AlignmentRows alignment;
  double utility;
};
std::vector<Candidate> candidates(const HedgerView& v, const AlignmentRows& a, const ModelParams& m, double step)
{
  std::vector<Candidate> out{{MoveKey{-1, -1, 0}, a, evaluate_utility(v, a, m).total}};
  for (int g = 0; g < a.rows(); ++g) {
    for (int d = 0; d < kDimensions; ++d) {
      for (int sign : {-1, 1}) {
        AlignmentRows b = a;
        b(g, d) = std::clamp(a(g, d) + sign * step, -1.0, 1.0);
        if (b(g, d) != a(g, d)) {
          out.push_back({MoveKey{g, d, sign}, b, evaluate_utility(v, b, m).total});
        }
      }
    }
  }
  for (int k = 0; k < kEffortCount; ++k) {
    for (int sign : {-1, 1}) {
      Efforts e = v.effort;
      const auto slot = static_cast<std::size_t>(k);
      e[slot] = std::clamp(v.effort[slot] + sign * step, 0.0, 1.0);
      if (e[slot] != v.effort[slot]) {
        out.push_back({MoveKey{-1, kFirstEffortCode + k, sign}, a, evaluate_utility(v, a, e, m).total});
      }
    }
  }
  return out;
}

double chi_square(const std::map<MoveKey, int>& counts, const std::vector<Candidate>& cands,
                  const std::vector<double>& probability, int n)
{
  double chi2 = 0;
  for (std::size_t i = 0; i < cands.size(); ++i) {
    const auto it = counts.find(cands[i].key);
    const double observed = it == counts.end() ? 0.0 : it->second;
    const double expected = probability[i] * n;
    chi2 += (observed - expected) * (observed - expected) / expected;
  }
  return chi2;
}

const AlignmentRows kInterior = alignment({{0.4, 0.3, 0.2}, {0.0, 0.1, 0.1}, {-0.1, 0.0, 0.1}});
const Efforts kInteriorEfforts{0.3, 0.2, 0.4};

TEST(HedgerDecision, ZeroRationalityMakesEveryCandidateEquallyLikely)
{
  ModelParams m = default_model_params();
  m.rationality = 0;
  HedgerView v = three_partner_view();
  v.effort = kInteriorEfforts;
  const auto cands = candidates(v, kInterior, m, kStep);
  ASSERT_EQ(cands.size(), 25u); // stay, 18 alignment moves, 6 internal moves
  const int n = 25 * 300;
  std::map<MoveKey, int> counts;
  for (int i = 0; i < n; ++i) {
    auto r = stream(static_cast<std::uint64_t>(i));
    ++counts[key_of(decide(v, kInterior, m, kStep, r).move)];
  }
  EXPECT_EQ(counts.size(), cands.size()); // every candidate drawn, nothing outside the set
  // 24 degrees of freedom: 51.18 is the 0.001 critical value.
  EXPECT_LT(chi_square(counts, cands, std::vector<double>(cands.size(), 1.0 / 25.0), n), 51.18);
}

TEST(HedgerDecision, ChoiceFrequenciesFollowTheLogitRule)
{
  ModelParams m = default_model_params();
  m.rationality = 2.0; // low enough that several candidates are drawn often
  HedgerView v = three_partner_view();
  v.effort = kInteriorEfforts;
  v.partners[kChina].investment = 0.4;
  const auto cands = candidates(v, kInterior, m, kStep);
  ASSERT_EQ(cands.size(), 25u);
  std::vector<double> p(cands.size());
  double sum = 0;
  for (std::size_t i = 0; i < cands.size(); ++i) {
    p[i] = std::exp(m.rationality * (cands[i].utility - cands[0].utility) / kStep);
    sum += p[i];
  }
  double smallest = 1;
  for (auto& x : p) {
    x /= sum;
    smallest = std::min(smallest, x);
  }
  const int n = 6000;
  ASSERT_GT(smallest * n, 5.0) << "test design: every expected count should exceed 5";
  std::map<MoveKey, int> counts;
  for (int i = 0; i < n; ++i) {
    auto r = stream(static_cast<std::uint64_t>(i));
    ++counts[key_of(decide(v, kInterior, m, kStep, r).move)];
  }
  EXPECT_LT(chi_square(counts, cands, p, n), 51.18); // 24 degrees of freedom, 0.001 critical value
}

TEST(HedgerDecision, HighRationalityPicksTheBestMove)
{
  ModelParams m = default_model_params();
  m.rationality = 1e4; // dictionary maximum
  HedgerView v = three_partner_view();
  v.partners[kChina].investment = 0.5;
  for (const AlignmentRows& a : {kInterior, test::uniform_alignment(3, 0.0)}) {
    const auto cands = candidates(v, a, m, kStep);
    std::size_t best = 0;
    for (std::size_t i = 1; i < cands.size(); ++i) {
      if (cands[i].utility > cands[best].utility) {
        best = i;
      }
    }
    int hits = 0;
    const int n = 400;
    for (int i = 0; i < n; ++i) {
      auto r = stream(static_cast<std::uint64_t>(i));
      const Decision d = decide(v, a, m, kStep, r);
      hits += key_of(d.move) == cands[best].key ? 1 : 0;
    }
    EXPECT_GE(hits, n * 99 / 100);
  }
}

TEST(HedgerDecision, DecisionIsConsistent)
{
  ModelParams m = default_model_params();
  const HedgerView v = three_partner_view();
  for (int i = 0; i < 200; ++i) {
    auto r = stream(static_cast<std::uint64_t>(i));
    const Decision d = decide(v, kInterior, m, kStep, r);
    const AlignmentRows diff = d.alignment - kInterior;
    if (d.move.stays()) {
      EXPECT_EQ(diff.cwiseAbs().maxCoeff(), 0.0);
    } else {
      EXPECT_NEAR(diff(d.move.partner, d.move.dimension), d.move.delta, 1e-15);
      EXPECT_NEAR(std::abs(d.move.delta), kStep, 1e-15);
      EXPECT_NEAR(diff.cwiseAbs().sum(), kStep, 1e-15); // one component only
    }
    EXPECT_NEAR(d.chosen.total, evaluate_utility(v, d.alignment, m).total, 1e-15);
  }
}

TEST(HedgerDecision, AlignmentStaysOnTheScaleAndBoundaryMovesAreNotDuplicated)
{
  ModelParams m = default_model_params();
  m.rationality = 0;
  HedgerView v = three_partner_view();
  v.effort = {1.0, 1.0, 1.0};
  const double step = 0.1;
  // At the top of the scale everywhere: only staying, the nine alignment moves down and the three
  // internal moves down remain.
  const AlignmentRows top = test::uniform_alignment(3, 1.0);
  ASSERT_EQ(candidates(v, top, m, step).size(), 13u);
  std::map<MoveKey, int> counts;
  const int n = 3000;
  for (int i = 0; i < n; ++i) {
    auto r = stream(static_cast<std::uint64_t>(i));
    const Decision d = decide(v, top, m, step, r);
    ASSERT_LE(d.alignment.maxCoeff(), 1.0);
    ASSERT_GE(d.move.delta, d.move.stays() ? 0.0 : -step - 1e-15);
    ASSERT_LE(d.move.delta, 0.0);
    ++counts[key_of(d.move)];
  }
  EXPECT_EQ(counts.size(), 13u);
  // Staying is one candidate in 13, not inflated by clamped copies of itself (SE at n=3000: 0.0049).
  const MoveKey stay{-1, -1, 0};
  EXPECT_NEAR(counts[stay] / static_cast<double>(n), 1.0 / 13.0, 0.025);

  // Near the ends a move is cut short at the end of the scale.
  const AlignmentRows near = alignment({{0.95, -0.95, 1.0}, {-1.0, 0.0, 0.97}, {0.5, -0.99, -0.5}});
  for (int i = 0; i < 2000; ++i) {
    auto r = stream(static_cast<std::uint64_t>(i));
    const Decision d = decide(v, near, m, step, r);
    ASSERT_LE(d.alignment.maxCoeff(), 1.0);
    ASSERT_GE(d.alignment.minCoeff(), -1.0);
    if (!d.move.stays() && !d.move.internal()) {
      ASSERT_NE(d.move.delta, 0.0);
      ASSERT_EQ(d.alignment(d.move.partner, d.move.dimension),
                std::clamp(near(d.move.partner, d.move.dimension) + (d.move.delta > 0 ? step : -step), -1.0, 1.0));
    }
  }
}

TEST(HedgerDecision, AlternativeIsTheBestOtherCandidate)
{
  const HedgerView v = three_partner_view();
  for (double rationality : {0.0, 20.0, 1e4}) {
    ModelParams m = default_model_params();
    m.rationality = rationality;
    const auto cands = candidates(v, kInterior, m, kStep);
    for (int i = 0; i < 200; ++i) {
      auto r = stream(static_cast<std::uint64_t>(i));
      const Decision d = decide(v, kInterior, m, kStep, r);
      ASSERT_NE(key_of(d.alternative), key_of(d.move));
      double best_other = -std::numeric_limits<double>::infinity();
      for (const auto& c : cands) {
        if (c.key != key_of(d.move)) {
          best_other = std::max(best_other, c.utility);
        }
      }
      ASSERT_EQ(d.alternative_terms.total, best_other);
    }
  }
}

TEST(HedgerDecision, ChineseInvestmentPullsEconomicAlignmentTowardChina)
{
  // Direction-of-effect test over an ensemble: the mean economic alignment toward China after
  // two years of monthly decisions is higher with large Chinese investment than with none.
  const ModelParams m = default_model_params();
  const int runs = 60;
  const int steps = 24;
  auto final_alignment = [&](double investment, std::uint64_t run) {
    HedgerView v = three_partner_view();
    v.partners[kChina].investment = investment;
    AlignmentRows a = test::uniform_alignment(3, 0.0);
    for (int t = 0; t < steps; ++t) {
      RandomStream r(77, run, 0, static_cast<std::uint32_t>(t), Stream::hedger_choice);
      a = decide(v, a, m, kStep, r).alignment;
    }
    return a(kChina, kEcon);
  };
  double sum_none = 0;
  double sum_large = 0;
  double sum_sq_diff = 0;
  for (int run = 0; run < runs; ++run) {
    const double none = final_alignment(0.0, static_cast<std::uint64_t>(run));
    const double large = final_alignment(0.6, static_cast<std::uint64_t>(run));
    sum_none += none;
    sum_large += large;
    sum_sq_diff += (large - none) * (large - none);
  }
  const double mean_diff = (sum_large - sum_none) / runs;
  const double sd_diff = std::sqrt(sum_sq_diff / runs - mean_diff * mean_diff);
  EXPECT_GT(mean_diff, 0.0);
  EXPECT_GT(mean_diff, 4 * sd_diff / std::sqrt(double{runs})) << "mean difference " << mean_diff;
}

TEST(HedgerDecision, SameStreamSameDecision)
{
  const ModelParams m = default_model_params();
  const HedgerView v = three_partner_view();
  for (int i = 0; i < 20; ++i) {
    auto r1 = stream(static_cast<std::uint64_t>(i));
    auto r2 = stream(static_cast<std::uint64_t>(i));
    EXPECT_EQ(key_of(decide(v, kInterior, m, kStep, r1).move), key_of(decide(v, kInterior, m, kStep, r2).move));
  }
}

} // namespace
} // namespace hedgesim::model
