#include "hedgesim/model/exposure.hpp"

#include "hedgesim/core/error.hpp"

#include <algorithm>
#include <cmath>

namespace hedgesim::model {

double attraction_change(const ExposureDrivers& d, const ExposureElasticity& e, double years) noexcept
{
  // Schweller: ties follow gains; Walt: a state diversifies away from a threatening supplier.
  return d.trend * years + e.alignment * d.alignment_change - e.threat * d.threat_change -
         e.coercion * d.coercion_change;
}

std::vector<double> shift_shares(std::span<const double> shares, std::span<const double> log_change)
{
  std::vector<double> out(shares.size());
  shift_shares(shares, log_change, out);
  return out;
}

void shift_shares(std::span<const double> shares, std::span<const double> log_change, std::span<double> out)
{
  if (log_change.size() != shares.size() || out.size() != shares.size()) {
    throw ModelError("shift_shares: one log change and one output per share are needed");
  }
  double modelled = 0;
  double moved = 0;
  for (std::size_t g = 0; g < shares.size(); ++g) {
    modelled += shares[g];
    out[g] = shares[g] * std::exp(log_change[g]);
    moved += out[g];
  }
  const double rest = std::max(0.0, 1.0 - modelled);
  const double total = rest + moved;
  if (total <= 0) {
    std::copy(shares.begin(), shares.end(), out.begin());
    return;
  }
  for (double& s : out) {
    s /= total;
  }
}

} // namespace hedgesim::model
