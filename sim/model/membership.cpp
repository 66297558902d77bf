#include "hedgesim/model/membership.hpp"

#include <algorithm>
#include <cmath>

namespace hedgesim::model {

MembershipValue membership_value(const HedgerView& v, const AlignmentRows& a, Eigen::Index leader, Dimension dimension,
                                 double floor, const InstitutionParams& institution, const ModelParams& m)
{
  const PartnerView& p = v.partners[static_cast<std::size_t>(leader)];
  const int d = static_cast<int>(dimension);
  MembershipValue value;
  // Gains weigh more in hard times, as in the prosperity term, less the part reform absorbs.
  value.benefit =
      m.weight_institutions * institution.benefit * hardship(v, m.reform_resilience * effort(v.effort, Effort::reform));
  const double shortfall = std::max(0.0, floor - a(leader, d));
  value.obligations = -m.weight_institutions * shortfall * shortfall;
  if (dimension == Dimension::security) {
    value.entrapment = -m.weight_security * m.entrapment * p.at_war;
  }
  if (dimension == Dimension::economic) {
    value.sanctions = -m.weight_prosperity * secondary_sanctions_exposure(v, m) * p.sanctioned;
  }
  value.sovereignty = -m.weight_autonomy * m.sovereignty * v.nationalism * p.intent;
  value.total = value.benefit + value.obligations + value.entrapment + value.sanctions + value.sovereignty;
  return value;
}

double membership_probability(double value, bool member, double exit_cost, double rationality) noexcept
{
  const double margin = value + (member ? exit_cost : 0.0);
  return 1.0 / (1.0 + std::exp(-rationality * margin));
}

} // namespace hedgesim::model
