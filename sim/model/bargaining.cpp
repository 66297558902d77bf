#include "hedgesim/model/bargaining.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hedgesim::model {

namespace {

double issue_range(const std::vector<BargainingActor>& actors)
{
  const auto [lo, hi] = std::minmax_element(actors.begin(), actors.end(),
                                            [](const auto& a, const auto& b) { return a.position < b.position; });
  return hi->position - lo->position;
}

//! v^{jk}: weighted support for position j over position k.
double vote(const std::vector<BargainingActor>& actors, double xj, double xk, double range)
{
  double v = 0;
  for (const auto& a : actors) {
    v += a.capability * a.salience * (std::abs(a.position - xk) - std::abs(a.position - xj)) / range;
  }
  return v;
}

//! Probability that i prevails over j: the weighted support of those who prefer i's position.
double prevail_probability(const std::vector<BargainingActor>& actors, double xi, double xj)
{
  double for_i = 0;
  double total = 0;
  for (const auto& k : actors) {
    const double a = std::abs(k.position - xj) - std::abs(k.position - xi);
    const double w = k.capability * k.salience;
    if (a > 0) {
      for_i += w * a;
    }
    total += w * std::abs(a);
  }
  return total > 0 ? for_i / total : 0.5;
}

} // namespace

double median_voter_position(const std::vector<BargainingActor>& actors)
{
  const double range = issue_range(actors);
  if (range <= 0) {
    return actors.front().position;
  }
  std::vector<double> candidates;
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
      const double v = vote(actors, xj, xk, range);
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
  double weight = 0;
  for (const auto& a : actors) {
    sum += a.capability * a.salience * a.position;
    weight += a.capability * a.salience;
  }
  return weight > 0 ? sum / weight : 0.0;
}

double challenge_utility(const std::vector<BargainingActor>& actors, std::size_t i, std::size_t j,
                         const std::vector<double>& risk, double median, double q)
{
  const double range = issue_range(actors);
  if (range <= 0) {
    return 0.0;
  }
  const double xi = actors[i].position;
  const double xj = actors[j].position;
  const double r = risk[i];
  const double dij = std::abs(xi - xj) / range;
  const double dim = std::abs(xi - median) / range;
  const auto u = [r](double base) { return 2.0 - 4.0 * std::pow(base, r); };
  const double success = u(0.5 - 0.5 * dij);
  const double failure = u(0.5 + 0.5 * dij);
  const double better = u(0.5 - 0.25 * (dim + dij));
  const double worse = u(0.5 + 0.25 * (dim + dij));
  const double status_quo = u(0.5);
  // T = 1 when the median is closer to i than j is: the status quo would then improve for i.
  const double t = std::abs(xi - median) < std::abs(xi - xj) ? 1.0 : 0.0;
  const double p = prevail_probability(actors, xi, xj);
  // The responder's salience decides whether it resists (Scholz et al.'s derivation).
  const double sj = actors[j].salience;
  return sj * (p * success + (1.0 - p) * failure) + (1.0 - sj) * success - q * status_quo -
         (1.0 - q) * (t * better + (1.0 - t) * worse);
}

std::vector<double> risk_exponents(const std::vector<BargainingActor>& actors, double median, double q)
{
  const std::size_t n = actors.size();
  const std::vector<double> neutral(n, 1.0);
  std::vector<double> security(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (j != i) {
        // What the others expect from challenging i.
        security[i] += challenge_utility(actors, j, i, neutral, median, q);
      }
    }
  }
  const auto [lo, hi] = std::minmax_element(security.begin(), security.end());
  std::vector<double> risk(n, 1.0);
  if (*hi - *lo <= 0) {
    return risk;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double rel = (2.0 * security[i] - *hi - *lo) / (*hi - *lo);
    risk[i] = (1.0 - rel / 3.0) / (1.0 + rel / 3.0);
  }
  return risk;
}

std::vector<BargainingRound> bargain(std::vector<BargainingActor> actors, const BargainingOptions& options)
{
  std::vector<BargainingRound> history;
  const std::size_t n = actors.size();
  for (int round = 0; round < options.rounds; ++round) {
    const double median = median_voter_position(actors);
    const std::vector<double> risk = risk_exponents(actors, median, options.status_quo_probability);
    std::vector<double> eu(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (i != j) {
          eu[i * n + j] = challenge_utility(actors, i, j, risk, median, options.status_quo_probability);
        }
      }
    }
    // Offers: for every unordered pair, the signs of the two expected utilities decide who moves.
    std::vector<double> best_move(n, std::numeric_limits<double>::infinity());
    std::vector<double> next(n);
    for (std::size_t k = 0; k < n; ++k) {
      next[k] = actors[k].position;
    }
    const auto offer = [&](std::size_t mover, double target) {
      const double distance = std::abs(target - actors[mover].position);
      if (distance > 0 && distance < best_move[mover]) {
        best_move[mover] = distance; // an actor takes the offer that moves it least
        next[mover] = target;
      }
    };
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = i + 1; j < n; ++j) {
        const double a = eu[i * n + j];
        const double b = eu[j * n + i];
        const double xi = actors[i].position;
        const double xj = actors[j].position;
        if (a > 0 && b > 0) {
          // Conflict: the one expecting less gives way completely.
          if (a > b) {
            offer(j, xi);
          } else if (b > a) {
            offer(i, xj);
          }
        } else if (a > 0 && b < 0) {
          // i has the upper hand: compromise if i's gain outweighs j's loss, else j capitulates.
          offer(j, a > -b ? xj + (xi - xj) * std::abs(b / a) : xi);
        } else if (b > 0 && a < 0) {
          offer(i, b > -a ? xi + (xj - xi) * std::abs(a / b) : xj);
        }
      }
    }
    for (std::size_t k = 0; k < n; ++k) {
      actors[k].position = next[k];
    }
    history.push_back(BargainingRound{next, risk, median_voter_position(actors), weighted_mean_position(actors)});
  }
  return history;
}

} // namespace hedgesim::model
