#include "hedgesim/model/diplomatic_acts.hpp"

#include <algorithm>
#include <cmath>

namespace hedgesim::model {

namespace {
double largest_threat(const HedgerView& v)
{
  double stakes = 0;
  for (const auto& p : v.partners) {
    stakes = std::max(stakes, p.threat);
  }
  return stakes;
}

//! What a power pays the hedger: its trade share, its investment and its side payments.
double paid_by(const PartnerView& p)
{
  return p.trade_share + p.investment + p.inducement;
}
} // namespace

std::array<double, 3> vote_utilities(const HedgerView& v, const AlignmentRows& a, Eigen::Index sponsor,
                                     Eigen::Index target, double severity, const ModelParams& m)
{
  const PartnerView& t = v.partners[static_cast<std::size_t>(target)];
  constexpr int kDiplomatic = static_cast<int>(Dimension::diplomatic);
  // A vote reveals a side: it leans with diplomatic alignment and, for a state with kin minorities
  // of its own, with the norm of territorial integrity.
  const double lean = 0.5 * (a(sponsor, kDiplomatic) - a(target, kDiplomatic)) +
                      m.territorial_norm * severity * 0.5 * (v.nationalism + t.kin_minority_share);
  // Kuik: taking sides forgoes the insurance of hedging; voting against a threatening power provokes it.
  const double sides = m.weight_hedging * v.uncertainty * largest_threat(v);
  const double provoke = m.provocation * t.threat;
  // Criticising a power puts at stake what it pays: dependence buys silence (China's investment
  // and the Xinjiang camps, 004_ff5886b958f36f48.txt).
  const double stake = m.silence * paid_by(t);
  std::array<double, 3> u{};
  u[0] = -lean - sides;
  u[1] = 0.0;
  u[2] = lean - sides - provoke - stake;
  return u;
}

VoteChoice choose_vote(const std::array<double, 3>& utility, double rationality, double u)
{
  const double best = *std::max_element(utility.begin(), utility.end());
  std::array<double, 3> w{};
  double sum = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    w[i] = std::exp(rationality * (utility[i] - best));
    sum += w[i];
  }
  VoteChoice c;
  c.utility = utility;
  double cumulative = 0;
  c.vote = 1;
  for (std::size_t i = 0; i < 3; ++i) {
    cumulative += w[i] / sum;
    if (u < cumulative) {
      c.vote = static_cast<int>(i) - 1;
      break;
    }
  }
  return c;
}

std::array<double, 2> recognition_utilities(const HedgerView& v, const AlignmentRows& a, Eigen::Index requester,
                                            double severity, const ModelParams& m)
{
  const PartnerView& r = v.partners[static_cast<std::size_t>(requester)];
  constexpr int kDiplomatic = static_cast<int>(Dimension::diplomatic);
  // Recognising follows diplomatic alignment; it costs a state that fears for its own borders and
  // exposes it to the sanctions on the requester.
  const double recognise = a(requester, kDiplomatic) -
                           m.territorial_norm * severity * (v.nationalism + r.kin_minority_share) -
                           secondary_sanctions_exposure(v, m) * r.sanctioned;
  // Refusing displeases a requester in proportion to the threat it poses.
  const double refuse = -0.5 * m.provocation * r.threat;
  return {recognise, refuse};
}

std::array<double, 2> sanctions_utilities(const HedgerView& v, Eigen::Index sponsor, Eigen::Index target,
                                          double severity, const ModelParams& m)
{
  const PartnerView& s = v.partners[static_cast<std::size_t>(sponsor)];
  const PartnerView& t = v.partners[static_cast<std::size_t>(target)];
  // Enforcing cuts trade with the target and angers it; evading risks the sponsor's secondary
  // sanctions on what the hedger earns from the sponsor, and angers the sponsor.
  const double enforce = -severity * m.silence * paid_by(t) - 0.5 * m.provocation * t.threat;
  const double evade = -severity * secondary_sanctions_exposure(v, m) * paid_by(s) - 0.5 * m.provocation * s.threat;
  return {enforce, evade};
}

double binary_logit(const std::array<double, 2>& utility, double rationality) noexcept
{
  return 1.0 / (1.0 + std::exp(-rationality * (utility[0] - utility[1])));
}

} // namespace hedgesim::model
