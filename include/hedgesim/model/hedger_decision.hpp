// The hedger's move each step: candidate alignment changes chosen by a logit (quantal response) rule.
#pragma once

#include "hedgesim/core/random.hpp"
#include "hedgesim/model/hedger_utility.hpp"

namespace hedgesim::model {

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

struct Decision {
  Move move;               // the chosen move
  AlignmentRows alignment; // the alignment after the move
  Efforts effort{};        // the internal efforts after the move
  UtilityTerms chosen;     // terms of the chosen alignment
  Move alternative;        // the best-scoring candidate other than the chosen one
  UtilityTerms alternative_terms;
};

//! Scores staying, every single-component alignment move and every single internal-effort move of
//! size `step` and draws one with
//! probability proportional to exp(rationality * (U - U_stay) / step), drawn as the argmax of the
//! scaled utilities plus one Gumbel draw per candidate (so paired runs share their noise).
Decision decide(const HedgerView& view, const AlignmentRows& current, const ModelParams& model, double step,
                RandomStream& random);

} // namespace hedgesim::model
