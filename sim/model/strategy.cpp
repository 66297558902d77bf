#include "hedgesim/model/strategy.hpp"

#include "hedgesim/model/kuik.hpp"

namespace hedgesim::model {

namespace {
constexpr double kEngaged = 1.0 / 7.0; // lower edge of binding engagement
constexpr double kAllied = 5.0 / 7.0;  // lower edge of pure bandwagoning
} // namespace

Strategy classify_strategy(const AlignmentRows& a) noexcept
{
  const Eigen::Index n = a.rows();
  for (Eigen::Index g = 0; g < n; ++g) {
    const int band = static_cast<int>(kuik_band(a.row(g).mean()));
    if (band == -3) {
      return Strategy::balancing;
    }
    if (band <= -2) {
      for (Eigen::Index k = 0; k < n; ++k) {
        if (k != g && a(k, 0) >= kAllied) {
          return Strategy::balancing; // allied with one power against another
        }
      }
    }
  }
  for (Eigen::Index g = 0; g < n; ++g) {
    const int band = static_cast<int>(kuik_band(a.row(g).mean()));
    if (band == 3) {
      return Strategy::bandwagoning;
    }
    if (band == 2) {
      bool fallback = false;
      for (Eigen::Index k = 0; k < n; ++k) {
        if (k != g && a.row(k).maxCoeff() >= kEngaged) {
          fallback = true;
        }
      }
      if (!fallback) {
        return Strategy::bandwagoning;
      }
    }
  }
  return Strategy::hedging;
}

const char* to_string(Strategy strategy) noexcept
{
  return kStrategyNames[static_cast<std::size_t>(strategy)];
}

} // namespace hedgesim::model
