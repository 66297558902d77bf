// Internal balancing: the hedger's own efforts beside its alignments — military spending,
// diversifying its arms suppliers and reform — chosen by the same rule as its alignment moves.
#pragma once

#include "hedgesim/scenario/scenario.hpp"

#include <array>
#include <cstddef>

namespace hedgesim::model {

enum class Effort : int { defence = 0, diversification, reform };
inline constexpr int kEffortCount = 3;
inline constexpr std::array<const char*, kEffortCount> kEffortNames{"defence", "arms_diversification", "reform"};

//! Each effort in [0, 1]; defence is military spending as a share of the model's ceiling.
using Efforts = std::array<double, kEffortCount>;

//! One effort of `efforts`.
[[nodiscard]] constexpr double effort(const Efforts& efforts, Effort which) noexcept
{
  return efforts[static_cast<std::size_t>(which)];
}

//! An internal move is recorded with the hedger itself as partner and this code plus the effort
//! as its dimension, after the alignment dimensions.
inline constexpr int kFirstEffortCode = kDimensions;

//! Defence effort of a hedger spending `share_of_gdp` percent of GDP on its military.
[[nodiscard]] double defence_effort(double share_of_gdp, const ModelParams& model) noexcept;

//! Military spending in percent of GDP at defence effort `effort`.
[[nodiscard]] double military_spending(double effort, const ModelParams& model) noexcept;

//! The efforts a hedger starts with, from its parameters.
[[nodiscard]] Efforts initial_efforts(const AgentParams& hedger, const ModelParams& model) noexcept;

} // namespace hedgesim::model
