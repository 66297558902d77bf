#include "hedgesim/model/kuik.hpp"

#include <algorithm>
#include <cmath>

namespace hedgesim::model {

KuikBand kuik_band(double alignment) noexcept
{
  // 3.5 bands per alignment unit; the epsilon keeps exact band edges (k/7) in the band above.
  const double index = std::floor((alignment + 1.0) * 3.5 + 1e-9);
  return static_cast<KuikBand>(static_cast<int>(std::clamp(index, 0.0, 6.0)) - 3);
}

const char* to_string(KuikBand band) noexcept
{
  const int index = static_cast<int>(band) + 3;
  return kKuikBandNames[static_cast<std::size_t>(index)];
}

} // namespace hedgesim::model
