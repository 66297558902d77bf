// Endogenous exposure: how a hedger's trade, export markets, arms suppliers and export routes are
// spread over its partners, and how alignment, threat and coercion shift that spread.
#pragma once

#include <span>
#include <vector>

namespace hedgesim::model {

//! Elasticities of a partner's log attraction in one family of shares.
struct ExposureElasticity {
  double alignment = 0; // per unit change of alignment on the family's dimension
  double threat = 0;    // per unit rise of the partner's Walt threat (diversification away)
  double coercion = 0;  // per unit rise of the partner's economic controls
};

//! What changed for one partner since the last step.
struct ExposureDrivers {
  double trend = 0;            // [1 / year]
  double alignment_change = 0; // alignment on the family's dimension
  double threat_change = 0;
  double coercion_change = 0;
};

//! Change of a partner's log attraction over a step of `years`.
double attraction_change(const ExposureDrivers& d, const ExposureElasticity& e, double years) noexcept;

//! Multinomial-logit shares after each modelled partner's log attraction changes by `log_change`,
//! the rest of the world keeping its attraction: s'_g = s_g e^{x_g} / (1 - sum s + sum s e^{x}).
//! A zero share stays zero (a new partner enters only through an event).
std::vector<double> shift_shares(std::span<const double> shares, std::span<const double> log_change);
//! As above, into `out` (one per share, not overlapping `shares`).
void shift_shares(std::span<const double> shares, std::span<const double> log_change, std::span<double> out);

} // namespace hedgesim::model
