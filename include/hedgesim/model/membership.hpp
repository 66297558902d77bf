// Memberships as the hedger's own choice: join an institution on offer, keep it, or leave it.
#pragma once

#include "hedgesim/model/hedger_utility.hpp"

namespace hedgesim::model {

//! The weighted parts of what membership of one institution is worth to a hedger now.
struct MembershipValue {
  double benefit = 0;     // what the institution offers members, hardship-weighted
  double obligations = 0; // Kuik: binding engagement costs when alignment falls below the floor
  double entrapment = 0;  // Snyder: a security pact with a power at war
  double sanctions = 0;   // an economic union with a sanctioned power
  double sovereignty = 0; // membership led by a power seen as hostile costs at home
  double total = 0;       // the sum of the parts
};

//! Value of membership of an institution led by partner row `leader`, binding dimension `dimension`
//! at `floor`, for a hedger with alignment `a`.
MembershipValue membership_value(const HedgerView& view, const AlignmentRows& a, Eigen::Index leader,
                                 Dimension dimension, double floor, const InstitutionParams& institution,
                                 const ModelParams& model);

//! Probability of being a member after this step's choice: a logit on the value of membership; a
//! member counts what leaving would cost (the institution's exit cost and provoking its leader).
double membership_probability(double value, bool member, double exit_cost, double rationality) noexcept;

} // namespace hedgesim::model
