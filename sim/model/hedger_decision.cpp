#include "hedgesim/model/hedger_decision.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hedgesim::model {

namespace {
struct Candidate {
  Move move;
  AlignmentRows alignment;
  Efforts effort;
  UtilityTerms terms;
};
} // namespace

Decision decide(const HedgerView& view, const AlignmentRows& current, const ModelParams& model, double step,
                RandomStream& random)
{
  // Gumbel-max form of the logit: every candidate slot gets its own draw, in a fixed order that
  // skipped slots keep, so two paired runs whose utilities differ a little mostly pick the same
  // move (common random numbers couple them far better than one draw on a cumulative sum).
  std::vector<Candidate> candidates;
  std::vector<double> noise;
  candidates.reserve(1 + 2 * (static_cast<std::size_t>(current.rows()) * kDimensions + kEffortCount));
  const auto gumbel = [&random] { return -std::log(-std::log(random.uniform())); };
  candidates.push_back({Move{}, current, view.effort, evaluate_utility(view, current, model)});
  noise.push_back(gumbel());
  for (Eigen::Index g = 0; g < current.rows(); ++g) {
    for (int d = 0; d < kDimensions; ++d) {
      for (double sign : {-1.0, 1.0}) {
        const double draw = gumbel();
        AlignmentRows next = current;
        next(g, d) = std::clamp(current(g, d) + sign * step, -1.0, 1.0);
        if (next(g, d) == current(g, d)) {
          continue; // at the end of the scale: the move would duplicate staying
        }
        candidates.push_back({Move{static_cast<int>(g), d, -1, next(g, d) - current(g, d)}, next, view.effort,
                              evaluate_utility(view, next, model)});
        noise.push_back(draw);
      }
    }
  }
  // Internal balancing: the hedger's own efforts move by the same step (after the alignment slots,
  // so adding them left those slots' draws unchanged).
  for (int k = 0; k < kEffortCount; ++k) {
    for (double sign : {-1.0, 1.0}) {
      const double draw = gumbel();
      Efforts next = view.effort;
      const auto slot = static_cast<std::size_t>(k);
      next[slot] = std::clamp(view.effort[slot] + sign * step, 0.0, 1.0);
      if (next[slot] == view.effort[slot]) {
        continue;
      }
      candidates.push_back({Move{-1, -1, k, next[slot] - view.effort[slot]}, current, next,
                            evaluate_utility(view, current, next, model)});
      noise.push_back(draw);
    }
  }

  // Quantal response: utility gains per unit moved, so the rationality does not depend on the step length.
  // P(c) = exp(s U_c) / sum exp(s U_k) is the law of argmax(s U_c + Gumbel noise).
  const double scale = step > 0 ? model.rationality / step : 0.0;
  const double stay = candidates.front().terms.total;
  std::size_t chosen = 0;
  double best_score = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const double score = scale * (candidates[i].terms.total - stay) + noise[i];
    if (score > best_score) {
      best_score = score;
      chosen = i;
    }
  }

  std::size_t alternative = chosen == 0 ? 1 : 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (i != chosen && candidates[i].terms.total > candidates[alternative].terms.total) {
      alternative = i;
    }
  }
  alternative = std::min(alternative, candidates.size() - 1);

  Decision d;
  d.move = candidates[chosen].move;
  d.alignment = candidates[chosen].alignment;
  d.effort = candidates[chosen].effort;
  d.chosen = candidates[chosen].terms;
  d.alternative = candidates[alternative].move;
  d.alternative_terms = candidates[alternative].terms;
  return d;
}

} // namespace hedgesim::model
