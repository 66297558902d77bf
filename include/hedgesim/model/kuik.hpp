// Kuik's alignment spectrum: seven bands from pure balancing to pure bandwagoning.
#pragma once

#include <array>
#include <cstdint>

namespace hedgesim::model {

//! Band codes -3..+3, from pure balancing to pure bandwagoning.
enum class KuikBand : std::int8_t {
  pure_balancing = -3,
  indirect_balancing = -2,
  dominance_denial = -1,
  economic_pragmatism = 0,
  binding_engagement = 1,
  limited_bandwagoning = 2,
  pure_bandwagoning = 3,
};

//! Names in code order (-3 .. +3).
inline constexpr std::array<const char*, 7> kKuikBandNames{
    "pure_balancing",     "indirect_balancing",   "dominance_denial", "economic_pragmatism",
    "binding_engagement", "limited_bandwagoning", "pure_bandwagoning"};

//! Width of one band on the [-1, 1] alignment scale (seven equal bands).
inline constexpr double kBandWidth = 2.0 / 7.0;

//! The band an alignment in [-1, 1] falls in; band edges belong to the band above.
KuikBand kuik_band(double alignment) noexcept;

const char* to_string(KuikBand band) noexcept;

} // namespace hedgesim::model
