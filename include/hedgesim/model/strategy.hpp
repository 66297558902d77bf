// The balancing / hedging / bandwagoning label of a hedger's alignment.
#pragma once

#include "hedgesim/model/hedger_utility.hpp"

#include <array>
#include <cstdint>

namespace hedgesim::model {

enum class Strategy : std::int8_t { not_applicable = 0, balancing = 1, hedging = 2, bandwagoning = 3 };
inline constexpr std::array<const char*, 4> kStrategyNames{"not_applicable", "balancing", "hedging", "bandwagoning"};

//! Classifies a hedger's alignment block (great powers x dimensions), after Kuik:
//! - balancing: a pure-balancing posture toward some power, or indirect balancing toward it
//!   while allied in security (alignment >= 5/7) with another;
//! - bandwagoning: a pure-bandwagoning posture toward some power, or limited bandwagoning
//!   with no fallback (no other power engaged at 1/7 or above on any dimension);
//! - hedging: otherwise, i.e. no pure position and a fallback kept.
Strategy classify_strategy(const AlignmentRows& alignment) noexcept;

const char* to_string(Strategy strategy) noexcept;

} // namespace hedgesim::model
