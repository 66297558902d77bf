// The hedger's moves each step: one choice per policy channel, each by a logit (quantal response)
// rule, all made at once from the start-of-step posture.
#pragma once

#include "hedgesim/core/random.hpp"
#include "hedgesim/model/hedger_utility.hpp"

namespace hedgesim::model {

//! The policy channels a hedger moves in parallel: one per alignment dimension (defence,
//! economic and foreign policy are run by different parts of a state, and hedging is the
//! combination of their measures) and one for internal balancing.
inline constexpr int kChannels = kDimensions + 1;
inline constexpr int kInternalChannel = kDimensions;
inline constexpr std::array<const char*, kChannels> kChannelNames{"security", "economic", "diplomatic", "internal"};

//! One candidate: shift the alignment toward one partner on one dimension by `delta`, or one
//! internal effort by `delta` (internal balancing), or stay.
struct Move {
  int partner = -1; // row in the alignment block; -1 = none
  int dimension = -1;
  int effort = -1; // an internal move: index into Efforts; -1 = none
  double delta = 0;

  [[nodiscard]] bool stays() const noexcept { return partner < 0 && effort < 0; }
  [[nodiscard]] bool internal() const noexcept { return effort >= 0; }
};

template <class T>
using PerChannel = std::array<T, kChannels>;

struct Decision {
  PerChannel<Move> move;                      // the move chosen in each channel
  AlignmentRows alignment;                    // the alignment after all moves
  Efforts effort{};                           // the internal efforts after all moves
  UtilityTerms chosen;                        // terms of the posture after all moves
  PerChannel<Move> alternative;               // each channel's best-scoring candidate other than its choice
  PerChannel<UtilityTerms> alternative_terms; // the posture with that channel's alternative instead
};

//! Adds `move` to a posture (nothing for a stay).
void apply(const Move& move, AlignmentRows& alignment, Efforts& effort) noexcept;

//! In each channel, scores staying and every single-component move of size `step` (toward or away
//! from each partner on the channel's dimension, or up or down one internal effort) from the
//! current posture, and draws one with probability proportional to
//! exp(rationality * (U - U_stay) / step), as the argmax of the scaled utilities plus one Gumbel
//! draw per candidate (so paired runs share their noise). The channels' choices are then applied
//! together. A channel's alternative is scored in the final posture with the channel's choice
//! swapped for it, so chosen and alternative terms differ by that channel alone.
Decision decide(const HedgerView& view, const AlignmentRows& current, const ModelParams& model, double step,
                RandomStream& random);

} // namespace hedgesim::model
