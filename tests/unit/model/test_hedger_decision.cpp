#include "hedgesim/model/hedger_decision.hpp"

#include "support/model_fixtures.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
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

//! The documented candidate set of one channel: staying, then +-step on the channel's dimension
//! toward every partner (or on every internal effort), skipping moves that the ends of the scale
//! would turn into staying; with their utilities from the current posture.
struct Candidate {
  MoveKey key;
  double utility;
};
std::vector<Candidate> candidates(int channel, const HedgerView& v, const AlignmentRows& a, const ModelParams& m,
                                  double step)
{
  std::vector<Candidate> out{{MoveKey{-1, -1, 0}, evaluate_utility(v, a, m).total}};
  if (channel != kInternalChannel) {
    for (int g = 0; g < a.rows(); ++g) {
      for (int sign : {-1, 1}) {
        AlignmentRows b = a;
        b(g, channel) = std::clamp(a(g, channel) + sign * step, -1.0, 1.0);
        if (b(g, channel) != a(g, channel)) {
          out.push_back({MoveKey{g, channel, sign}, evaluate_utility(v, b, m).total});
        }
      }
    }
    return out;
  }
  for (int k = 0; k < kEffortCount; ++k) {
    for (int sign : {-1, 1}) {
      Efforts e = v.effort;
      const auto slot = static_cast<std::size_t>(k);
      e[slot] = std::clamp(v.effort[slot] + sign * step, 0.0, 1.0);
      if (e[slot] != v.effort[slot]) {
        out.push_back({MoveKey{-1, kFirstEffortCode + k, sign}, evaluate_utility(v, a, e, m).total});
      }
    }
  }
  return out;
}

//! The logit probabilities of `cands` at `rationality`.
std::vector<double> logit(const std::vector<Candidate>& cands, double rationality, double step)
{
  std::vector<double> p(cands.size());
  double sum = 0;
  for (std::size_t i = 0; i < cands.size(); ++i) {
    p[i] = std::exp(rationality * (cands[i].utility - cands[0].utility) / step);
    sum += p[i];
  }
  for (auto& x : p) {
    x /= sum;
  }
  return p;
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

//! Per channel, how often each move was drawn in `n` decisions from `a`.
std::array<std::map<MoveKey, int>, kChannels> draw_counts(const HedgerView& v, const AlignmentRows& a,
                                                          const ModelParams& m, double step, int n)
{
  std::array<std::map<MoveKey, int>, kChannels> counts;
  for (int i = 0; i < n; ++i) {
    auto r = stream(static_cast<std::uint64_t>(i));
    const Decision d = decide(v, a, m, step, r);
    for (std::size_t c = 0; c < kChannels; ++c) {
      ++counts[c][key_of(d.move[c])];
    }
  }
  return counts;
}

const AlignmentRows kInterior = alignment({{0.4, 0.3, 0.2}, {0.0, 0.1, 0.1}, {-0.1, 0.0, 0.1}});
const Efforts kInteriorEfforts{0.3, 0.2, 0.4};
constexpr double kChi2SixDof = 22.46; // 0.001 critical value with 6 degrees of freedom

TEST(HedgerDecision, ZeroRationalityMakesEveryCandidateOfAChannelEquallyLikely)
{
  ModelParams m = default_model_params();
  m.rationality = 0;
  HedgerView v = three_partner_view();
  v.effort = kInteriorEfforts;
  const int n = 7 * 300;
  const auto counts = draw_counts(v, kInterior, m, kStep, n);
  for (int c = 0; c < kChannels; ++c) {
    const auto cands = candidates(c, v, kInterior, m, kStep);
    ASSERT_EQ(cands.size(), 7u); // stay and six moves: three partners (or efforts), up or down
    const auto& seen = counts[static_cast<std::size_t>(c)];
    EXPECT_EQ(seen.size(), cands.size()) << kChannelNames[static_cast<std::size_t>(c)]; // nothing outside the set
    EXPECT_LT(chi_square(seen, cands, std::vector<double>(cands.size(), 1.0 / 7.0), n), kChi2SixDof)
        << kChannelNames[static_cast<std::size_t>(c)];
  }
}

TEST(HedgerDecision, ChoiceFrequenciesFollowTheLogitRuleInEachChannel)
{
  ModelParams m = default_model_params();
  m.rationality = 2.0; // low enough that several candidates are drawn often
  HedgerView v = three_partner_view();
  v.effort = kInteriorEfforts;
  v.partners[kChina].investment = 0.4;
  const int n = 4000;
  const auto counts = draw_counts(v, kInterior, m, kStep, n);
  for (int c = 0; c < kChannels; ++c) {
    const auto cands = candidates(c, v, kInterior, m, kStep);
    const std::vector<double> p = logit(cands, m.rationality, kStep);
    ASSERT_GT(*std::min_element(p.begin(), p.end()) * n, 5.0) << "test design: every expected count should exceed 5";
    EXPECT_LT(chi_square(counts[static_cast<std::size_t>(c)], cands, p, n), kChi2SixDof)
        << kChannelNames[static_cast<std::size_t>(c)];
  }
}

TEST(HedgerDecision, ChannelsAreDrawnIndependently)
{
  // With equal utilities the security and diplomatic choices are independent: both staying has
  // probability (1/7)^2 (SE at n=4900: 0.0029).
  ModelParams m = default_model_params();
  m.rationality = 0;
  const HedgerView v = three_partner_view();
  const int n = 4900;
  int both_stay = 0;
  int several = 0;
  for (int i = 0; i < n; ++i) {
    auto r = stream(static_cast<std::uint64_t>(i));
    const Decision d = decide(v, kInterior, m, kStep, r);
    both_stay += d.move[0].stays() && d.move[2].stays() ? 1 : 0;
    several += std::count_if(d.move.begin(), d.move.end(), [](const Move& mv) { return !mv.stays(); }) > 1 ? 1 : 0;
  }
  EXPECT_NEAR(both_stay / static_cast<double>(n), 1.0 / 49.0, 0.01);
  EXPECT_GT(several, n / 2); // moves in several channels in one step are the rule
}

TEST(HedgerDecision, HighRationalityPicksTheBestMoveInEachChannel)
{
  ModelParams m = default_model_params();
  m.rationality = 1e4; // dictionary maximum
  HedgerView v = three_partner_view();
  v.partners[kChina].investment = 0.5;
  for (const AlignmentRows& a : {kInterior, test::uniform_alignment(3, 0.0)}) {
    const int n = 400;
    const auto counts = draw_counts(v, a, m, kStep, n);
    for (int c = 0; c < kChannels; ++c) {
      const auto cands = candidates(c, v, a, m, kStep);
      const auto best = std::max_element(cands.begin(), cands.end(),
                                         [](const Candidate& x, const Candidate& y) { return x.utility < y.utility; });
      const auto& seen = counts[static_cast<std::size_t>(c)];
      const auto hits = seen.find(best->key);
      EXPECT_GE(hits == seen.end() ? 0 : hits->second, n * 99 / 100) << kChannelNames[static_cast<std::size_t>(c)];
    }
  }
}

TEST(HedgerDecision, TheChannelsMovesAreAppliedTogether)
{
  ModelParams m = default_model_params();
  HedgerView v = three_partner_view();
  v.effort = kInteriorEfforts;
  for (int i = 0; i < 200; ++i) {
    auto r = stream(static_cast<std::uint64_t>(i));
    const Decision d = decide(v, kInterior, m, kStep, r);
    AlignmentRows expected = kInterior;
    Efforts efforts = v.effort;
    for (int c = 0; c < kChannels; ++c) {
      const Move& mv = d.move[static_cast<std::size_t>(c)];
      if (mv.stays()) {
        continue;
      }
      EXPECT_NEAR(std::abs(mv.delta), kStep, 1e-15);
      if (c == kInternalChannel) {
        ASSERT_TRUE(mv.internal());
        efforts[static_cast<std::size_t>(mv.effort)] += mv.delta;
      } else {
        ASSERT_EQ(mv.dimension, c); // a channel moves its own dimension only
        expected(mv.partner, mv.dimension) += mv.delta;
      }
    }
    EXPECT_LT((d.alignment - expected).cwiseAbs().maxCoeff(), 1e-15);
    for (std::size_t k = 0; k < efforts.size(); ++k) {
      EXPECT_NEAR(d.effort[k], efforts[k], 1e-15);
    }
    EXPECT_EQ(d.chosen.total, evaluate_utility(v, d.alignment, d.effort, m).total);
  }
}

TEST(HedgerDecision, AlignmentStaysOnTheScaleAndBoundaryMovesAreNotDuplicated)
{
  ModelParams m = default_model_params();
  m.rationality = 0;
  HedgerView v = three_partner_view();
  v.effort = {1.0, 1.0, 1.0};
  const double step = 0.1;
  // At the top of the scale everywhere: in each channel only staying and the three moves down remain.
  const AlignmentRows top = test::uniform_alignment(3, 1.0);
  const int n = 3000;
  const auto counts = draw_counts(v, top, m, step, n);
  for (int c = 0; c < kChannels; ++c) {
    ASSERT_EQ(candidates(c, v, top, m, step).size(), 4u);
    const auto& seen = counts[static_cast<std::size_t>(c)];
    EXPECT_EQ(seen.size(), 4u);
    for (const auto& [key, count] : seen) {
      EXPECT_LE(std::get<2>(key), 0) << "a move up from the top";
    }
    // Staying is one candidate in 4, not inflated by clamped copies of itself (SE at n=3000: 0.0079).
    EXPECT_NEAR(seen.at(MoveKey{-1, -1, 0}) / static_cast<double>(n), 0.25, 0.04);
  }

  // Near the ends a move is cut short at the end of the scale.
  const AlignmentRows near = alignment({{0.95, -0.95, 1.0}, {-1.0, 0.0, 0.97}, {0.5, -0.99, -0.5}});
  for (int i = 0; i < 2000; ++i) {
    auto r = stream(static_cast<std::uint64_t>(i));
    const Decision d = decide(v, near, m, step, r);
    ASSERT_LE(d.alignment.maxCoeff(), 1.0);
    ASSERT_GE(d.alignment.minCoeff(), -1.0);
    for (int c = 0; c < kDimensions; ++c) {
      const Move& mv = d.move[static_cast<std::size_t>(c)];
      if (!mv.stays()) {
        ASSERT_NE(mv.delta, 0.0);
        ASSERT_EQ(d.alignment(mv.partner, mv.dimension),
                  std::clamp(near(mv.partner, mv.dimension) + (mv.delta > 0 ? step : -step), -1.0, 1.0));
      }
    }
  }
}

TEST(HedgerDecision, EachChannelsAlternativeIsItsBestOtherCandidate)
{
  HedgerView v = three_partner_view();
  v.effort = kInteriorEfforts;
  for (double rationality : {0.0, 20.0, 1e4}) {
    ModelParams m = default_model_params();
    m.rationality = rationality;
    for (int i = 0; i < 100; ++i) {
      auto r = stream(static_cast<std::uint64_t>(i));
      const Decision d = decide(v, kInterior, m, kStep, r);
      for (int c = 0; c < kChannels; ++c) {
        const auto slot = static_cast<std::size_t>(c);
        ASSERT_NE(key_of(d.alternative[slot]), key_of(d.move[slot]));
        const auto cands = candidates(c, v, kInterior, m, kStep);
        double best_other = -std::numeric_limits<double>::infinity();
        MoveKey best_key;
        for (const auto& cand : cands) {
          if (cand.key != key_of(d.move[slot]) && cand.utility > best_other) {
            best_other = cand.utility;
            best_key = cand.key;
          }
        }
        ASSERT_EQ(key_of(d.alternative[slot]), best_key);
        // Its terms: the final posture with this channel's choice swapped for the alternative.
        AlignmentRows a = kInterior;
        Efforts e = v.effort;
        for (std::size_t k = 0; k < kChannels; ++k) {
          apply(k == slot ? d.alternative[k] : d.move[k], a, e);
        }
        ASSERT_EQ(d.alternative_terms[slot].total, evaluate_utility(v, a, e, m).total);
      }
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
    const Decision d1 = decide(v, kInterior, m, kStep, r1);
    const Decision d2 = decide(v, kInterior, m, kStep, r2);
    for (std::size_t c = 0; c < kChannels; ++c) {
      EXPECT_EQ(key_of(d1.move[c]), key_of(d2.move[c]));
    }
    EXPECT_EQ(d1.alignment, d2.alignment);
  }
}

} // namespace
} // namespace hedgesim::model
