#include "hedgesim/model/hedger_decision.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hedgesim::model {

namespace {
struct Candidate {
  Move move;
  AlignmentRows alignment;
  UtilityTerms terms;
};
} // namespace

Decision decide(const HedgerView& view, const AlignmentRows& current, const ModelParams& model, double step,
                RandomStream& random)
{
  std::vector<Candidate> candidates;
  candidates.reserve(1 + 2 * static_cast<std::size_t>(current.rows()) * kDimensions);
  candidates.push_back({Move{}, current, evaluate_utility(view, current, model)});
  for (Eigen::Index g = 0; g < current.rows(); ++g) {
    for (int d = 0; d < kDimensions; ++d) {
      for (double sign : {-1.0, 1.0}) {
        AlignmentRows next = current;
        next(g, d) = std::clamp(current(g, d) + sign * step, -1.0, 1.0);
        if (next(g, d) == current(g, d)) {
          continue; // at the end of the scale: the move would duplicate staying
        }
        candidates.push_back(
            {Move{static_cast<int>(g), d, next(g, d) - current(g, d)}, next, evaluate_utility(view, next, model)});
      }
    }
  }

  // Quantal response: utility gains per unit moved, so the rationality does not depend on the step length.
  const double stay = candidates.front().terms.total;
  const double scale = step > 0 ? model.rationality / step : 0.0;
  double best = -std::numeric_limits<double>::infinity();
  for (const auto& c : candidates) {
    best = std::max(best, c.terms.total);
  }
  std::vector<double> weight(candidates.size());
  double sum = 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    // Subtracting the best keeps exp() from overflowing; it cancels in the ratio.
    weight[i] = std::exp(scale * ((candidates[i].terms.total - stay) - (best - stay)));
    sum += weight[i];
  }
  const double u = random.uniform() * sum;
  std::size_t chosen = candidates.size() - 1;
  double cumulative = 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    cumulative += weight[i];
    if (u < cumulative) {
      chosen = i;
      break;
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
  d.chosen = candidates[chosen].terms;
  d.alternative = candidates[alternative].move;
  d.alternative_terms = candidates[alternative].terms;
  return d;
}

} // namespace hedgesim::model
