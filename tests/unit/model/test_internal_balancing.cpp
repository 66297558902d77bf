// Internal balancing: where each effort's utility peaks, and how that optimum moves with the
// conditions the rule is meant to answer (docs/model.md, "Internal balancing").
#include "hedgesim/model/hedger_utility.hpp"
#include "hedgesim/model/internal_balancing.hpp"

#include "support/model_fixtures.hpp"

#include <gtest/gtest.h>

namespace hedgesim::model {
namespace {

using test::default_model_params;
using test::kRussia;
using test::three_partner_view;

const AlignmentRows kAlignment = test::alignment({{0.3, 0.3, 0.3}, {0.0, 0.2, 0.1}, {0.1, 0.1, 0.1}});

//! The effort level on a fine grid with the highest total utility, the other efforts held.
double best_effort(const HedgerView& v, Effort which, const ModelParams& m)
{
  double best = 0;
  double best_utility = -1e300;
  for (int i = 0; i <= 1000; ++i) {
    Efforts e = v.effort;
    e[static_cast<std::size_t>(which)] = i / 1000.0;
    const double u = evaluate_utility(v, kAlignment, e, m).total;
    if (u > best_utility) {
      best_utility = u;
      best = e[static_cast<std::size_t>(which)];
    }
  }
  return best;
}

HedgerView view()
{
  HedgerView v = three_partner_view();
  v.regime_security = 0.5;
  v.legitimacy = 0.6;
  v.effort = {0.2, 0.1, 0.3};
  return v;
}

TEST(InternalBalancing, SpendingAndEffortConvertAtTheCeiling)
{
  ModelParams m = default_model_params();
  m.spending_ceiling = 4.0;
  EXPECT_DOUBLE_EQ(defence_effort(1.0, m), 0.25);
  EXPECT_DOUBLE_EQ(military_spending(0.25, m), 1.0);
  EXPECT_DOUBLE_EQ(defence_effort(9.0, m), 1.0); // above the ceiling: full effort
  AgentParams a;
  a.military_spending = 2.0;
  a.arms_diversification = 0.1;
  a.reform = 0.3;
  const Efforts e = initial_efforts(a, m);
  EXPECT_DOUBLE_EQ(e[static_cast<std::size_t>(Effort::defence)], 0.5);
  EXPECT_DOUBLE_EQ(e[static_cast<std::size_t>(Effort::diversification)], 0.1);
  EXPECT_DOUBLE_EQ(e[static_cast<std::size_t>(Effort::reform)], 0.3);
}

TEST(InternalBalancing, DefenceEffortRisesWithThreatAndHasAnInteriorOptimum)
{
  const ModelParams m = default_model_params();
  HedgerView v = view();
  const double calm = best_effort(v, Effort::defence, m);
  EXPECT_GT(calm, 0.0);
  EXPECT_LT(calm, 1.0);
  for (auto& p : v.partners) {
    p.threat *= 1.5;
  }
  EXPECT_GT(best_effort(v, Effort::defence, m), calm + 0.01);
}

TEST(InternalBalancing, AnOilSlumpMakesDefenceDearer)
{
  // Guns against butter: spending weighs more when oil income has fallen.
  const ModelParams m = default_model_params();
  HedgerView v = view();
  const double normal = best_effort(v, Effort::defence, m);
  v.oil_price = v.oil_reference_price / 2;
  EXPECT_LT(best_effort(v, Effort::defence, m), normal - 0.01);
}

TEST(InternalBalancing, OwnForcesDeterNothingWithoutSelfReliance)
{
  ModelParams m = default_model_params();
  m.self_reliance = 0;
  EXPECT_EQ(best_effort(view(), Effort::defence, m), 0.0);
}

TEST(InternalBalancing, DiversificationRisesWithTheHostilityOfTheMainSupplier)
{
  const ModelParams m = default_model_params();
  HedgerView v = view();
  v.partners[kRussia].intent = 0.2;
  const double friendly = best_effort(v, Effort::diversification, m);
  v.partners[kRussia].intent = 0.6;
  EXPECT_GT(best_effort(v, Effort::diversification, m), friendly + 0.01);
  // A supplier the hedger does not buy from gives no reason to diversify away from it.
  v.partners[kRussia].arms_share = 0;
  v.partners[kRussia].intent = 1.0;
  for (auto& p : v.partners) {
    p.intent = p.arms_share > 0 ? 0.0 : p.intent;
  }
  EXPECT_EQ(best_effort(v, Effort::diversification, m), 0.0);
}

TEST(InternalBalancing, ReformFallsWithPersonalismAndRisesWithRegimeSecurity)
{
  const ModelParams m = default_model_params();
  HedgerView v = view();
  v.personalism = 0.8;
  const double personal = best_effort(v, Effort::reform, m);
  v.personalism = 0.3;
  const double institutional = best_effort(v, Effort::reform, m);
  EXPECT_GT(institutional, personal + 0.01);
  v.regime_security = 0.9;
  EXPECT_GT(best_effort(v, Effort::reform, m), institutional);
}

TEST(InternalBalancing, ReformAbsorbsEconomicCoercion)
{
  // A reformed economy loses less to the same economic controls.
  const ModelParams m = default_model_params();
  HedgerView v = view();
  const auto cost_of_coercion = [&](double reform) {
    Efforts e = v.effort;
    e[static_cast<std::size_t>(Effort::reform)] = reform;
    HedgerView coerced = v;
    coerced.partners[kRussia].coercion_economic = 0.5;
    return evaluate_utility(v, kAlignment, e, m).term[static_cast<int>(Term::prosperity)] -
           evaluate_utility(coerced, kAlignment, e, m).term[static_cast<int>(Term::prosperity)];
  };
  EXPECT_GT(cost_of_coercion(0.0), 0.0);
  EXPECT_LT(cost_of_coercion(1.0), cost_of_coercion(0.0));
  EXPECT_NEAR(cost_of_coercion(1.0), (1.0 - m.reform_resilience) * cost_of_coercion(0.0), 1e-12);
}

} // namespace
} // namespace hedgesim::model
