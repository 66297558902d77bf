#include "hedgesim/model/bargaining.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace hedgesim::model {

namespace {

double weight(const BargainingActor& a)
{
  return a.capability * a.salience;
}

//! Weighted support for position xj over position xk (v^{jk} times the range, whose sign it shares).
double vote(const std::vector<BargainingActor>& actors, double xj, double xk)
{
  double v = 0;
  for (const auto& a : actors) {
    v += weight(a) * (std::abs(a.position - xk) - std::abs(a.position - xj));
  }
  return v;
}

//! The whole vote the group could cast over all ordered pairs of actor positions: the kAllPairs
//! norm. It depends on the actors alone, so a round works it out once for all its pairs.
double all_pairs_vote(const std::vector<BargainingActor>& actors)
{
  double all_pairs = 0;
  for (const auto& k : actors) {
    for (const auto& p : actors) {
      for (const auto& q : actors) {
        all_pairs += weight(k) * std::abs(std::abs(k.position - q.position) - std::abs(k.position - p.position));
      }
    }
  }
  return all_pairs;
}

//! all_pairs_vote() where `norm` divides by it; the kPerPair norm does not need it.
double all_pairs_norm(const std::vector<BargainingActor>& actors, ProbabilityNorm norm)
{
  return norm == ProbabilityNorm::kAllPairs ? all_pairs_vote(actors) : 0.0;
}

//! success_probability() with the group's all-pairs vote given.
double success_probability(const std::vector<BargainingActor>& actors, std::size_t i, std::size_t j,
                           ProbabilityNorm norm, double all_pairs)
{
  const double xi = actors[i].position;
  const double xj = actors[j].position;
  if (xi == xj) {
    return 0.0; // no contest between equal positions
  }
  double for_i = 0;
  double in_pair = 0;
  for (const auto& k : actors) {
    const double a = std::abs(k.position - xj) - std::abs(k.position - xi);
    if (a > 0) {
      for_i += weight(k) * a;
    }
    in_pair += weight(k) * std::abs(a);
  }
  if (norm == ProbabilityNorm::kPerPair) {
    return in_pair > 0 ? for_i / in_pair : 0.5;
  }
  return all_pairs > 0 ? for_i / all_pairs : 0.0;
}

//! challenge_utility() with i's basic utilities facing j and the group's all-pairs vote given.
double challenge_utility(const std::vector<BargainingActor>& actors, std::size_t i, std::size_t j,
                         const BasicUtilities& u, double median, const BargainingOptions& options, double all_pairs)
{
  const double xi = actors[i].position;
  const double xj = actors[j].position;
  // T = 1 when the median is closer to i than j is: the status quo would then improve for i.
  // With Q = 1 the term it selects is multiplied by zero.
  const double t = std::abs(xi - median) < std::abs(xi - xj) ? 1.0 : 0.0;
  const double p = success_probability(actors, i, j, options.probability, all_pairs);
  const double q = options.status_quo_probability;
  // The target's salience is the chance it resists; unresisted, the challenge succeeds.
  const double sj = actors[j].salience;
  return sj * (p * u.success + (1.0 - p) * u.failure) + (1.0 - sj) * u.success - q * u.status_quo -
         (1.0 - q) * (t * u.better + (1.0 - t) * u.worse);
}

//! basic_utilities() of every ordered pair (i, j) at i's risk exponent, row-major, as a round of
//! challenges uses them. Their pow() calls are most of a round's cost, and some recur: the status
//! quo's at one risk exponent, and a pair's success and failure with the roles swapped at equal
//! exponents (|xi - xj| is |xj - xi| exactly); those are worked out once. Empty for a zero range,
//! where every challenge is worth 0.
std::vector<BasicUtilities> pair_utilities(const std::vector<BargainingActor>& actors, const std::vector<double>& risk,
                                           double median, double range)
{
  const std::size_t n = actors.size();
  std::vector<BasicUtilities> table;
  if (range <= 0) {
    return table;
  }
  table.resize(n * n);
  const auto u = [](double base, double r) { return 2.0 - 4.0 * std::pow(base, r); };
  const auto same = [](double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
  };
  std::vector<double> status_quo(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t k = 0;
    while (k < i && !same(risk[k], risk[i])) {
      ++k;
    }
    status_quo[i] = k < i ? status_quo[k] : u(0.5, risk[i]);
    const double xi = actors[i].position;
    const double dim = std::abs(xi - median) / range;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == i) {
        continue;
      }
      // As basic_utilities(xi, xj, median, range, risk[i]).
      const double dij = std::abs(xi - actors[j].position) / range;
      BasicUtilities& b = table[i * n + j];
      if (j < i && same(risk[j], risk[i])) {
        b.success = table[j * n + i].success;
        b.failure = table[j * n + i].failure;
      } else {
        b.success = u(0.5 - 0.5 * dij, risk[i]);
        b.failure = u(0.5 + 0.5 * dij, risk[i]);
      }
      b.better = u(0.5 - 0.25 * (dim + dij), risk[i]);
      b.worse = u(0.5 + 0.25 * (dim + dij), risk[i]);
      b.status_quo = status_quo[i];
    }
  }
  return table;
}

//! challenge_utility() of i facing j, from pair_utilities() and the group's all-pairs vote.
double challenge_utility(const std::vector<BargainingActor>& actors, std::size_t i, std::size_t j,
                         const std::vector<BasicUtilities>& table, double median, const BargainingOptions& options,
                         double all_pairs)
{
  if (table.empty()) {
    return 0.0; // no range
  }
  return challenge_utility(actors, i, j, table[i * actors.size() + j], median, options, all_pairs);
}

//! risk_exponents() with the group's all-pairs vote given.
std::vector<double> risk_exponents(const std::vector<BargainingActor>& actors, double median, double range,
                                   const BargainingOptions& options, double all_pairs)
{
  const std::size_t n = actors.size();
  const std::vector<BasicUtilities> table = pair_utilities(actors, std::vector<double>(n, 1.0), median, range);
  std::vector<double> security(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (j != i) {
        // What the others expect from challenging i: the more, the more exposed i's position.
        security[i] += challenge_utility(actors, j, i, table, median, options, all_pairs);
      }
    }
  }
  return risk_from_security(security);
}

} // namespace

double issue_range(const std::vector<BargainingActor>& actors)
{
  if (actors.empty()) {
    return 0.0;
  }
  const auto [lo, hi] = std::minmax_element(actors.begin(), actors.end(),
                                            [](const auto& a, const auto& b) { return a.position < b.position; });
  return hi->position - lo->position;
}

double median_voter_position(const std::vector<BargainingActor>& actors)
{
  if (actors.empty()) {
    return 0.0;
  }
  std::vector<double> candidates;
  candidates.reserve(actors.size());
  for (const auto& a : actors) {
    candidates.push_back(a.position);
  }
  std::sort(candidates.begin(), candidates.end());
  double best = candidates.front();
  double best_support = -std::numeric_limits<double>::infinity();
  for (double xj : candidates) {
    bool beats_all = true;
    double support = 0;
    for (double xk : candidates) {
      const double v = vote(actors, xj, xk);
      support += v;
      beats_all = beats_all && v >= 0;
    }
    if (beats_all) {
      return xj; // the Condorcet winner
    }
    if (support > best_support) {
      best_support = support; // no Condorcet winner: the most total support
      best = xj;
    }
  }
  return best;
}

double weighted_mean_position(const std::vector<BargainingActor>& actors)
{
  double sum = 0;
  double total = 0;
  for (const auto& a : actors) {
    sum += weight(a) * a.position;
    total += weight(a);
  }
  return total > 0 ? sum / total : 0.0;
}

double success_probability(const std::vector<BargainingActor>& actors, std::size_t i, std::size_t j,
                           ProbabilityNorm norm)
{
  return success_probability(actors, i, j, norm, all_pairs_norm(actors, norm));
}

BasicUtilities basic_utilities(double xi, double xj, double median, double range, double risk)
{
  const double dij = std::abs(xi - xj) / range;
  const double dim = std::abs(xi - median) / range;
  const auto u = [risk](double base) { return 2.0 - 4.0 * std::pow(base, risk); };
  return BasicUtilities{u(0.5 - 0.5 * dij), u(0.5 + 0.5 * dij), u(0.5 - 0.25 * (dim + dij)),
                        u(0.5 + 0.25 * (dim + dij)), u(0.5)};
}

double challenge_utility(const std::vector<BargainingActor>& actors, std::size_t i, std::size_t j,
                         const std::vector<double>& risk, double median, double range, const BargainingOptions& options)
{
  if (range <= 0) {
    return 0.0;
  }
  const BasicUtilities u = basic_utilities(actors[i].position, actors[j].position, median, range, risk[i]);
  return challenge_utility(actors, i, j, u, median, options, all_pairs_norm(actors, options.probability));
}

std::vector<double> risk_from_security(const std::vector<double>& security)
{
  std::vector<double> risk(security.size(), 1.0);
  if (security.empty()) {
    return risk;
  }
  const auto [lo, hi] = std::minmax_element(security.begin(), security.end());
  if (*hi - *lo <= 0) {
    return risk;
  }
  for (std::size_t i = 0; i < security.size(); ++i) {
    const double rel = (2.0 * security[i] - *hi - *lo) / (*hi - *lo);
    risk[i] = (1.0 - rel / 3.0) / (1.0 + rel / 3.0);
  }
  return risk;
}

std::vector<double> risk_exponents(const std::vector<BargainingActor>& actors, double median, double range,
                                   const BargainingOptions& options)
{
  return risk_exponents(actors, median, range, options, all_pairs_norm(actors, options.probability));
}

Offer resolve_pair(std::size_t i, std::size_t j, double xi, double xj, double a, double b)
{
  if (a > 0 && b > 0) {
    // Conflict: the one expecting less gives way completely; a tie leaves both where they are.
    if (a > b) {
      return {PairOutcome::kConflict, j, xi};
    }
    if (b > a) {
      return {PairOutcome::kConflict, i, xj};
    }
    return {PairOutcome::kStatusQuo, i, xi};
  }
  if (a > 0 && b <= 0) {
    // i has the upper hand: j concedes the share |b/a| of the distance, or all of it.
    if (a >= -b) {
      return {PairOutcome::kCompromise, j, xj + (xi - xj) * (-b / a)};
    }
    return {PairOutcome::kCapitulation, j, xi};
  }
  if (b > 0 && a <= 0) {
    if (b >= -a) {
      return {PairOutcome::kCompromise, i, xi + (xj - xi) * (-a / b)};
    }
    return {PairOutcome::kCapitulation, i, xj};
  }
  return {PairOutcome::kStatusQuo, i, xi};
}

std::vector<double> accept_least_move(const std::vector<double>& positions, const std::vector<Offer>& offers)
{
  std::vector<double> next = positions;
  std::vector<double> best(positions.size(), std::numeric_limits<double>::infinity());
  for (const auto& o : offers) {
    const double distance = std::abs(o.target - positions[o.mover]);
    // Strictly less: among equally small moves the first offer stands, so the order is fixed.
    if (distance > 0 && distance < best[o.mover]) {
      best[o.mover] = distance;
      next[o.mover] = o.target;
    }
  }
  return next;
}

std::vector<BargainingRound> bargain(std::vector<BargainingActor> actors, const BargainingOptions& options)
{
  std::vector<BargainingRound> history;
  const std::size_t n = actors.size();
  if (n == 0) {
    return history;
  }
  // The issue's scale is set by the opening positions; it must not shrink as actors converge.
  const double range = issue_range(actors);
  // Each round starts from the median the previous one ended with (of the same positions).
  double median = median_voter_position(actors);
  for (int round = 0; round < options.rounds; ++round) {
    const double all_pairs = all_pairs_norm(actors, options.probability);
    const std::vector<double> risk = risk_exponents(actors, median, range, options, all_pairs);
    const std::vector<BasicUtilities> table = pair_utilities(actors, risk, median, range);
    std::vector<double> positions(n);
    for (std::size_t k = 0; k < n; ++k) {
      positions[k] = actors[k].position;
    }
    std::vector<Offer> offers;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = i + 1; j < n; ++j) {
        const double a = challenge_utility(actors, i, j, table, median, options, all_pairs);
        const double b = challenge_utility(actors, j, i, table, median, options, all_pairs);
        offers.push_back(resolve_pair(i, j, positions[i], positions[j], a, b));
      }
    }
    // Simultaneous moves: every offer is judged on the positions at the start of the round.
    const std::vector<double> next = accept_least_move(positions, offers);
    for (std::size_t k = 0; k < n; ++k) {
      actors[k].position = next[k];
    }
    median = median_voter_position(actors);
    history.push_back(BargainingRound{next, risk, median, weighted_mean_position(actors)});
  }
  return history;
}

} // namespace hedgesim::model
