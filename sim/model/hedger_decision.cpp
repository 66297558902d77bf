#include "hedgesim/model/hedger_decision.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace hedgesim::model {

void apply(const Move& move, AlignmentRows& alignment, Efforts& effort) noexcept
{
  // Clamped again because x + (clamp(x + s) - x) can round past the end of the scale.
  if (move.internal()) {
    double& e = effort[static_cast<std::size_t>(move.effort)];
    e = std::clamp(e + move.delta, 0.0, 1.0);
  } else if (!move.stays()) {
    double& a = alignment(move.partner, move.dimension);
    a = std::clamp(a + move.delta, -1.0, 1.0);
  }
}

namespace {

struct Candidate {
  Move move;
  double utility = 0;
  double noise = 0;
};

//! Whether `a` and `b` have the same security column, bit for bit (so the same SecurityColumn).
bool same_security_column(const AlignmentRows& a, const AlignmentRows& b) noexcept
{
  if (a.rows() != b.rows()) {
    return false;
  }
  for (Eigen::Index g = 0; g < a.rows(); ++g) {
    if (std::bit_cast<std::uint64_t>(a(g, 0)) != std::bit_cast<std::uint64_t>(b(g, 0))) {
      return false;
    }
  }
  return true;
}

//! Every candidate of `channel` from the current posture, staying first. Each slot takes its
//! Gumbel draw whether or not it is skipped (a move past the end of the scale), so the draws of
//! the other slots do not depend on where the posture is. `scratch` holds a copy of `current`; each
//! candidate moves one entry of it, which is put back after scoring. `base` is the security column
//! of `current`, which every candidate outside the security channel keeps; `column` is room for
//! the security column of a candidate in it.
void channel_candidates(int channel, const HedgerView& view, const AlignmentRows& current, AlignmentRows& scratch,
                        double stay, const HedgerUtility& utility, const HedgerUtility::SecurityColumn& base,
                        HedgerUtility::SecurityColumn& column, double step, RandomStream& random,
                        std::vector<double>& noise, std::vector<Candidate>& out)
{
  // Every slot's Gumbel draw first, in slot order: the logarithms of a tight loop overlap, where
  // one between two candidates' scoring would wait for its own result.
  const std::size_t slots =
      1 + 2 * static_cast<std::size_t>(channel != kInternalChannel ? current.rows() : Eigen::Index{kEffortCount});
  noise.resize(slots);
  for (double& u : noise) {
    u = random.uniform();
  }
  for (double& u : noise) {
    u = -std::log(-std::log(u));
  }
  const double* gumbel = noise.data();
  out.clear();
  out.push_back({Move{}, stay, *gumbel++});
  if (channel != kInternalChannel) {
    for (Eigen::Index g = 0; g < current.rows(); ++g) {
      for (double sign : {-1.0, 1.0}) {
        const double draw = *gumbel++;
        const double moved = std::clamp(current(g, channel) + sign * step, -1.0, 1.0);
        if (moved == current(g, channel)) {
          continue; // at the end of the scale: the move would duplicate staying
        }
        scratch(g, channel) = moved;
        const HedgerUtility::SecurityColumn* kept = &base;
        if (channel == static_cast<int>(Dimension::security)) {
          utility.security_column(scratch, column);
          kept = &column;
        }
        out.push_back({Move{static_cast<int>(g), channel, -1, moved - current(g, channel)},
                       utility(scratch, view.effort, *kept).total, draw});
        scratch(g, channel) = current(g, channel);
      }
    }
    return;
  }
  for (int k = 0; k < kEffortCount; ++k) {
    for (double sign : {-1.0, 1.0}) {
      const double draw = *gumbel++;
      Efforts next = view.effort;
      const auto slot = static_cast<std::size_t>(k);
      next[slot] = std::clamp(view.effort[slot] + sign * step, 0.0, 1.0);
      if (next[slot] == view.effort[slot]) {
        continue;
      }
      out.push_back({Move{-1, -1, k, next[slot] - view.effort[slot]}, utility(current, next, base).total, draw});
    }
  }
}

} // namespace

Decision decide(const HedgerView& view, const AlignmentRows& current, const ModelParams& model, double step,
                RandomStream& random)
{
  // Quantal response: utility gains per unit moved, so the rationality does not depend on the step
  // length. P(c) = exp(s U_c) / sum exp(s U_k) is the law of argmax(s U_c + Gumbel noise), and a
  // draw per slot couples paired runs far better than one draw on a cumulative sum.
  const double scale = step > 0 ? model.rationality / step : 0.0;
  const HedgerUtility utility(view, model);
  HedgerUtility::SecurityColumn base;
  utility.security_column(current, base);
  HedgerUtility::SecurityColumn column;
  // Scores a posture, reusing the current security column where the posture has kept it.
  const auto scored = [&](const AlignmentRows& a, const Efforts& e) {
    if (same_security_column(a, current)) {
      return utility(a, e, base);
    }
    utility.security_column(a, column);
    return utility(a, e, column);
  };
  const double stay = utility(current, view.effort, base).total;
  Decision d;
  d.alignment = current;
  d.effort = view.effort;
  AlignmentRows scratch = current; // a posture to score, changed and restored candidate by candidate
  std::vector<double> noise;
  std::vector<Candidate> candidates;
  noise.reserve(1 + 2 * static_cast<std::size_t>(std::max<Eigen::Index>(current.rows(), kEffortCount)));
  candidates.reserve(1 + 2 * static_cast<std::size_t>(std::max<Eigen::Index>(current.rows(), kEffortCount)));
  for (int c = 0; c < kChannels; ++c) {
    channel_candidates(c, view, current, scratch, stay, utility, base, column, step, random, noise, candidates);
    std::size_t chosen = 0;
    double best_score = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const double score = scale * (candidates[i].utility - stay) + candidates[i].noise;
      if (score > best_score) {
        best_score = score;
        chosen = i;
      }
    }
    std::size_t alternative = chosen;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (i != chosen && (alternative == chosen || candidates[i].utility > candidates[alternative].utility)) {
        alternative = i;
      }
    }
    const auto slot = static_cast<std::size_t>(c);
    d.move[slot] = candidates[chosen].move;
    d.alternative[slot] = candidates[alternative].move;
  }

  // The channels' choices are made at once (synchronously), so they all start from `current`.
  for (const Move& m : d.move) {
    apply(m, d.alignment, d.effort);
  }
  d.chosen = scored(d.alignment, d.effort);
  for (std::size_t c = 0; c < d.move.size(); ++c) {
    scratch = current;
    Efforts e = view.effort;
    for (std::size_t k = 0; k < d.move.size(); ++k) {
      apply(k == c ? d.alternative[k] : d.move[k], scratch, e);
    }
    d.alternative_terms[c] = scored(scratch, e);
  }
  return d;
}

} // namespace hedgesim::model
