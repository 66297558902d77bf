#include "hedgesim/model/hedger_decision.hpp"

#include "hedgesim/model/gumbel_choice.hpp"

#include <algorithm>
#include <array>
#include <cmath>
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

//! One channel's candidates as parallel columns, so that their postures go to the scoring and
//! their scores to the choice as they are.
struct Candidates {
  std::vector<Move> move;
  std::vector<HedgerUtility::Nearby> posture; // what each move leads to (the first, staying, aside)
  std::vector<double> utility;
  std::vector<double> uniform; // the slot's draw, behind the candidate's Gumbel noise

  void clear() noexcept
  {
    move.clear();
    posture.clear();
    utility.clear();
    uniform.clear();
  }
  void add(const Move& m, const HedgerUtility::Nearby& p, double draw)
  {
    move.push_back(m);
    posture.push_back(p);
    uniform.push_back(draw);
  }
};

//! Every candidate of `channel` from the current posture, staying first, with its utility. Each
//! slot takes its draw, in slot order, whether or not it is skipped (a move past the end of the
//! scale), so the draws of the other slots do not depend on where the posture is. `base` is the
//! security column of `current`.
void channel_candidates(int channel, const HedgerView& view, const AlignmentRows& current, double stay,
                        const HedgerUtility& utility, const HedgerUtility::SecurityColumn& base, double step,
                        RandomStream& random, Candidates& out)
{
  out.clear();
  out.add(Move{}, HedgerUtility::Nearby{}, random.uniform());
  if (channel != kInternalChannel) {
    for (Eigen::Index g = 0; g < current.rows(); ++g) {
      for (double sign : {-1.0, 1.0}) {
        const double draw = random.uniform();
        const double moved = std::clamp(current(g, channel) + sign * step, -1.0, 1.0);
        if (moved == current(g, channel)) {
          continue; // at the end of the scale: the move would duplicate staying
        }
        out.add(Move{static_cast<int>(g), channel, -1, moved - current(g, channel)},
                HedgerUtility::Nearby{static_cast<int>(g), channel, -1, moved}, draw);
      }
    }
  } else {
    for (int k = 0; k < kEffortCount; ++k) {
      for (double sign : {-1.0, 1.0}) {
        const double draw = random.uniform();
        const auto slot = static_cast<std::size_t>(k);
        const double moved = std::clamp(view.effort[slot] + sign * step, 0.0, 1.0);
        if (moved == view.effort[slot]) {
          continue;
        }
        out.add(Move{-1, -1, k, moved - view.effort[slot]}, HedgerUtility::Nearby{-1, -1, k, moved}, draw);
      }
    }
  }
  out.utility.resize(out.move.size());
  out.utility[0] = stay;
  utility.totals(current, view.effort, base, std::span(out.posture).subspan(1), std::span(out.utility).subspan(1));
}

} // namespace

Decision decide(const HedgerView& view, const AlignmentRows& current, const ModelParams& model, double step,
                RandomStream& random)
{
  // Quantal response: utility gains per unit moved, so the rationality does not depend on the step
  // length. P(c) = exp(s U_c) / sum exp(s U_k) is the law of argmax(s U_c + Gumbel noise), and a
  // draw per slot couples paired runs far better than one draw on a cumulative sum.
  const double scale = step > 0 ? model.rationality / step : 0.0;
  // Per thread, so that their memory serves every decision the thread makes.
  thread_local HedgerUtility::Context spare;
  thread_local HedgerUtility::SecurityColumn base;
  HedgerUtility utility(view, model, std::move(spare));
  utility.security_column(current, base);
  const double stay = utility(current, view.effort, base).total;
  Decision d;
  d.alignment = current;
  d.effort = view.effort;
  thread_local Candidates candidates;
  thread_local std::vector<double> base_scores; // scale x (utility - stay), to which the choice adds the noise
  for (int c = 0; c < kChannels; ++c) {
    channel_candidates(c, view, current, stay, utility, base, step, random, candidates);
    base_scores.clear();
    for (const double u : candidates.utility) {
      base_scores.push_back(scale * (u - stay));
    }
    const std::size_t chosen = gumbel_argmax(base_scores, candidates.uniform);
    std::size_t alternative = chosen;
    for (std::size_t i = 0; i < candidates.utility.size(); ++i) {
      if (i != chosen && (alternative == chosen || candidates.utility[i] > candidates.utility[alternative])) {
        alternative = i;
      }
    }
    const auto slot = static_cast<std::size_t>(c);
    d.move[slot] = candidates.move[chosen];
    d.alternative[slot] = candidates.move[alternative];
  }

  // The channels' choices are made at once (synchronously), so they all start from `current`.
  for (const Move& m : d.move) {
    apply(m, d.alignment, d.effort);
  }
  // The final posture and each channel's alternative to it, scored together.
  thread_local std::array<AlignmentRows, kChannels> swapped; // per thread: their memory is kept
  std::array<Efforts, kChannels> swapped_effort{};
  std::array<HedgerUtility::Posture, kChannels + 1> postures;
  postures[0] = {&d.alignment, &d.effort};
  for (std::size_t c = 0; c < d.move.size(); ++c) {
    swapped[c] = current;
    swapped_effort[c] = view.effort;
    for (std::size_t k = 0; k < d.move.size(); ++k) {
      apply(k == c ? d.alternative[k] : d.move[k], swapped[c], swapped_effort[c]);
    }
    postures[c + 1] = {&swapped[c], &swapped_effort[c]};
  }
  std::array<UtilityTerms, kChannels + 1> terms;
  utility.evaluate(postures, terms);
  d.chosen = terms[0];
  std::copy(terms.begin() + 1, terms.end(), d.alternative_terms.begin());
  spare = std::move(utility).release();
  return d;
}

} // namespace hedgesim::model
