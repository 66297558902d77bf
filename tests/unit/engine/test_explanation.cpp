// Which terms drove a decision: ranking and wording, on constructed inputs.
#include "hedgesim/engine/explanation.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>

using namespace hedgesim;
using engine::rank_drivers;
using engine::TermDriver;

namespace {

constexpr int kSecurity = static_cast<int>(model::Term::security);
constexpr int kProsperity = static_cast<int>(model::Term::prosperity);
constexpr int kAutonomy = static_cast<int>(model::Term::autonomy);
constexpr int kHedging = static_cast<int>(model::Term::hedging);
constexpr int kEntrapment = static_cast<int>(model::Term::entrapment);

using Terms = std::array<double, model::kTermCount>;

} // namespace

TEST(Explanation, RanksTermsByTheSizeOfTheirDifference)
{
  Terms chosen{};
  Terms alternative{};
  chosen[kSecurity] = -0.100;
  alternative[kSecurity] = -0.112; // +0.012
  chosen[kAutonomy] = -0.040;
  alternative[kAutonomy] = -0.048; // +0.008
  chosen[kHedging] = 0.010;
  alternative[kHedging] = 0.030; // -0.020
  chosen[kProsperity] = 0.5;
  alternative[kProsperity] = 0.5; // no difference: never a driver
  const auto drivers = rank_drivers(chosen, alternative);
  ASSERT_EQ(drivers.size(), 3U);
  EXPECT_EQ(drivers[0].term, kHedging);
  EXPECT_NEAR(drivers[0].difference, -0.020, 1e-15);
  EXPECT_EQ(drivers[1].term, kSecurity);
  EXPECT_NEAR(drivers[1].difference, 0.012, 1e-15);
  EXPECT_EQ(drivers[2].term, kAutonomy);
}

TEST(Explanation, KeepsAtMostTheRequestedNumberAndDropsNoise)
{
  Terms chosen{};
  const Terms alternative{};
  chosen[kSecurity] = 0.05;
  chosen[kProsperity] = 0.04;
  chosen[kAutonomy] = 0.03;
  chosen[kHedging] = 0.02;
  EXPECT_EQ(rank_drivers(chosen, alternative, 2).size(), 2U);
  EXPECT_EQ(rank_drivers(chosen, alternative).size(), 3U);
  // A difference under a tenth of the largest is rounding, not a reason.
  Terms small{};
  small[kSecurity] = 1.0;
  small[kEntrapment] = 0.05;
  const auto drivers = rank_drivers(small, alternative);
  ASSERT_EQ(drivers.size(), 1U);
  EXPECT_EQ(drivers[0].term, kSecurity);
}

TEST(Explanation, EqualDifferencesKeepTermOrderAndNaNIsIgnored)
{
  Terms chosen{};
  Terms alternative{};
  chosen[kEntrapment] = 0.01;
  chosen[kSecurity] = 0.01;
  alternative[kAutonomy] = std::numeric_limits<double>::quiet_NaN();
  const auto drivers = rank_drivers(chosen, alternative);
  ASSERT_EQ(drivers.size(), 2U);
  EXPECT_EQ(drivers[0].term, kSecurity);
  EXPECT_EQ(drivers[1].term, kEntrapment);
  EXPECT_TRUE(rank_drivers(Terms{}, Terms{}).empty());
}

TEST(Explanation, SignedAmountsReadAsText)
{
  EXPECT_EQ(engine::signed_amount(0.012), "+0.012");
  EXPECT_EQ(engine::signed_amount(0.008), "+0.008");
  EXPECT_EQ(engine::signed_amount(-0.0213), "\u22120.021");
  EXPECT_EQ(engine::signed_amount(-34), "\u221234");
  EXPECT_EQ(engine::signed_amount(0.7), "+0.7");
  EXPECT_EQ(engine::signed_amount(0), "+0");
  EXPECT_EQ(engine::signed_amount(2.5e-6), "+2.5e-06");
}

TEST(Explanation, PhraseNamesTheDriversAndTheAlternative)
{
  const std::vector<TermDriver> drivers{{kSecurity, 0.012}, {kAutonomy, 0.008}};
  EXPECT_EQ(engine::drivers_phrase(drivers, "more security alignment with China"),
            "driven by security (+0.012 vs the best alternative: more security alignment with China) and "
            "autonomy (+0.008)");
  const std::vector<TermDriver> mixed{{kHedging, -0.02}, {kSecurity, 0.012}, {kEntrapment, 0.004}};
  EXPECT_EQ(engine::drivers_phrase(mixed, "staying put"),
            "driven by security (+0.012 vs the best alternative: staying put) and entrapment risk (+0.004); "
            "against it: the hedging premium (\u22120.02)");
  const std::vector<TermDriver> against{{kHedging, -0.02}};
  EXPECT_EQ(engine::drivers_phrase(against, "staying put"),
            "chosen by the logit rule although it does worse on the hedging premium (\u22120.02 vs the best "
            "alternative: staying put)");
  EXPECT_EQ(engine::drivers_phrase({}, "staying put"), "no term set it apart from the best alternative (staying put)");
}

TEST(Explanation, JoinsWordsInProse)
{
  EXPECT_EQ(engine::join_words({}), "");
  EXPECT_EQ(engine::join_words({"a"}), "a");
  EXPECT_EQ(engine::join_words({"a", "b"}), "a and b");
  EXPECT_EQ(engine::join_words({"a", "b", "c"}), "a, b and c");
}

TEST(Explanation, EveryTermHasWords)
{
  for (int t = 0; t < model::kTermCount; ++t) {
    EXPECT_FALSE(engine::term_words(t).empty()) << model::kTermNames[static_cast<std::size_t>(t)];
  }
  EXPECT_EQ(engine::term_words(kEntrapment), "entrapment risk");
}
