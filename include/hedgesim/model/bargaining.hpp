// Bueno de Mesquita's expected-utility bargaining model, as specified by Scholz, Calbert & Smith (2011).
//
// Actors hold positions on one issue; each round every actor weighs challenging every other,
// offers follow from the signs of the two expected utilities, and each actor accepts the offer
// that moves it least. docs/model.md lists the equations, the choices made where the published
// specification is ambiguous, and the docking result on the EC emission-standards case.
#pragma once

#include <cstddef>
#include <vector>

namespace hedgesim::model {

//! One bargainer.
struct BargainingActor {
  double capability = 0; // share of the group's power, >= 0
  double position = 0;   // on the issue's scale
  double salience = 0;   // in [0, 1]
};

//! How the probability that a challenger prevails is normalised.
enum class ProbabilityNorm {
  //! Support for the challenger over the total support cast in every ordered pair of actor
  //! positions. Small probabilities; reproduces the published EC forecast.
  kAllPairs,
  //! Support for the challenger over the support cast in this pair only (the printed equation);
  //! P^i + P^j = 1. Keeps the EC median at its initial position (see docs/model.md).
  kPerPair,
};

//! Rounds after which a forecast is read: the EC test case docks after one and two rounds and
//! overshoots the published interval from the third (docs/model.md).
inline constexpr int kForecastRounds = 2;

struct BargainingOptions {
  double status_quo_probability = 1.0; // Q: probability the status quo holds if nobody challenges
  int rounds = 1;
  ProbabilityNorm probability = ProbabilityNorm::kAllPairs;
};

//! The state after one round.
struct BargainingRound {
  std::vector<double> positions;
  std::vector<double> risk; // risk exponents r_i used in the round, in [0.5, 2]
  double median = 0;        // median-voter (Condorcet) position of the new positions
  double mean = 0;          // capability x salience weighted mean of the new positions
};

//! i's basic utilities facing j (Scholz et al. section 3), on positions scaled by `range`.
struct BasicUtilities {
  double success = 0;    // U_s: i's challenge of j succeeds
  double failure = 0;    // U_f: i's challenge fails
  double better = 0;     // U_b: no challenge, and the status quo moves toward i
  double worse = 0;      // U_w: no challenge, and the status quo moves away from i
  double status_quo = 0; // U_sq: nothing changes
};

//! What the signs of E^i(U_ij) and E^j(U_ji) imply for one pair.
enum class PairOutcome { kStatusQuo, kConflict, kCompromise, kCapitulation };

//! The move one pair implies: `mover` is offered `target`.
struct Offer {
  PairOutcome outcome = PairOutcome::kStatusQuo;
  std::size_t mover = 0;
  double target = 0;
};

//! Spread of the actors' positions, x_max - x_min.
double issue_range(const std::vector<BargainingActor>& actors);

//! The median-voter position: the actor position that beats or ties every other in
//! pairwise votes weighted by capability x salience (ties: the lowest such position).
double median_voter_position(const std::vector<BargainingActor>& actors);

//! Capability x salience weighted mean position.
double weighted_mean_position(const std::vector<BargainingActor>& actors);

//! P^i: probability that i prevails over j, from third-party support weighted by capability x salience.
double success_probability(const std::vector<BargainingActor>& actors, std::size_t i, std::size_t j,
                           ProbabilityNorm norm);

//! i's basic utilities facing a rival at `xj`, with risk exponent `risk`.
BasicUtilities basic_utilities(double xi, double xj, double median, double range, double risk);

//! E^i(U_ij): i's expected utility of challenging j, with i's risk exponent `risk[i]`.
double challenge_utility(const std::vector<BargainingActor>& actors, std::size_t i, std::size_t j,
                         const std::vector<double>& risk, double median, double range,
                         const BargainingOptions& options);

//! r_i from security totals: the least secure actor gets 0.5 (risk acceptant), the most secure 2.
std::vector<double> risk_from_security(const std::vector<double>& security);

//! Risk exponents from each actor's security (what the others expect, at r = 1, from challenging it).
std::vector<double> risk_exponents(const std::vector<BargainingActor>& actors, double median, double range,
                                   const BargainingOptions& options);

//! The offer implied by a = E^i(U_ij) and b = E^j(U_ji) for actors i and j at xi and xj.
Offer resolve_pair(std::size_t i, std::size_t j, double xi, double xj, double a, double b);

//! New positions: each actor takes, among the offers that would move it, the one that moves it least.
std::vector<double> accept_least_move(const std::vector<double>& positions, const std::vector<Offer>& offers);

//! Runs `options.rounds` rounds from `actors`; returns the state after each. The issue's range is
//! fixed at the initial spread of positions; the median is recomputed at the start of every round.
std::vector<BargainingRound> bargain(std::vector<BargainingActor> actors, const BargainingOptions& options);

} // namespace hedgesim::model
