#include "hedgesim/model/hedger_utility.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hedgesim::model {

namespace {

double positive(double x) noexcept
{
  return x > 0 ? x : 0.0;
}

//! How far the oil price is below its reference, as a log ratio; 0 at or above it.
double oil_slump(const HedgerView& v) noexcept
{
  const double ratio = v.oil_price > 0 ? v.oil_reference_price / v.oil_price : 1.0;
  return positive(std::log(ratio));
}

//! hardship() with the oil slump worked out.
double hardship(const HedgerView& v, double slump, double resilience) noexcept
{
  return 1.0 + (1.0 - resilience) * v.commodity_export_share * slump;
}

//! Security: the threat each power still poses after appeasing it, after outside protection
//! (`shield`, from the security column) and after the hedger's own forces deter a share of it; and
//! the risk of arms bought from a power seen as hostile, which diversification removes (entrapment
//! in a patron's war is its own term).
double security_term(const HedgerView& v, const HedgerUtility::Context& c, const AlignmentRows& a, const Efforts& e,
                     const ModelParams& m, const double* mean, const std::vector<double>& shield)
{
  // Internal balancing: own forces deter a share of every threat (003_ce2053823aa32a23.txt).
  const double deterred = 1.0 - m.self_reliance * effort(e, Effort::defence);
  const double undiversified = 1.0 - effort(e, Effort::diversification);
  double total = 0;
  for (std::size_t g = 0; g < v.partners.size(); ++g) {
    const PartnerView& p = v.partners[g];
    const double sec = a(static_cast<Eigen::Index>(g), 0);
    // Walt: aligning with a threatening power may divert its threat; opposing it provokes.
    const double exposure = positive(1.0 - m.appeasement * positive(sec) + m.provocation * positive(-mean[g]));
    total -= p.threat * exposure * (1.0 - shield[g]) * deterred;
    total -= c.partner[g].arms_risk * undiversified;
  }
  return total;
}

//! Prosperity: gains from trade, investment and side payments, less coercion and sanctions exposure,
//! less what defence and buying arms elsewhere cost.
double prosperity_term(const HedgerView& v, const HedgerUtility::Context& c, const AlignmentRows& a, const Efforts& e,
                       const ModelParams& m, const double* means)
{
  // A reformed, diversified economy absorbs part of economic coercion and of oil hardship.
  const double resilience = m.reform_resilience * effort(e, Effort::reform);
  const double defence = effort(e, Effort::defence);
  const double diversification = effort(e, Effort::diversification);
  double total = -m.defence_cost * defence * defence - m.diversification_cost * diversification * diversification;
  for (std::size_t g = 0; g < v.partners.size(); ++g) {
    const PartnerView& p = v.partners[g];
    const HedgerUtility::Context::Partner& f = c.partner[g];
    const auto row = static_cast<Eigen::Index>(g);
    const double econ = a(row, 1);
    const double mean = means[g];
    // Schweller: bandwagoning for profit; gains grow with economic engagement.
    total += f.gains * (1.0 + econ);
    // Inducements are paid for overall alignment.
    total += f.inducement * (1.0 + mean);
    // Economic controls hurt in proportion to dependence and to how far the hedger drifts away.
    total -= (1.0 - resilience) * p.coercion_economic * f.controlled * 0.5 * (1.0 - mean);
    // Trading deeply with a sanctioned power exposes the hedger to secondary sanctions, unless it
    // enforces them (then its trade with the power shrinks instead, in the exposure rule).
    total -= f.sanctions * positive(econ);
  }
  // Oil income itself (c.oil_income): the same for every candidate, so it never changes a choice,
  // but it keeps the prosperity level falling (not rising) when the oil price collapses.
  return hardship(v, c.oil_slump, resilience) * total + c.oil_income;
}

//! Autonomy: reliance on one power in security or in the economy gives up independence; squares
//! punish concentration (the multi-vector aim of limiting reliance on any one state,
//! 001_6a37c59486a432e9.txt). Diplomatic alignment creates no dependence of its own, but closeness
//! to a power seen as hostile costs at home, the more so the more nationalist the public (the 2014
//! statehood remarks and the 550th-anniversary answer, 001_6a37c59486a432e9.txt).
double autonomy_term(const HedgerView& v, const AlignmentRows& a, const ModelParams& m)
{
  double reliance = 0;
  double sovereignty = 0;
  for (std::size_t g = 0; g < v.partners.size(); ++g) {
    const auto row = static_cast<Eigen::Index>(g);
    reliance += positive(a(row, 0)) * positive(a(row, 0)) + positive(a(row, 1)) * positive(a(row, 1));
    sovereignty += v.partners[g].intent * positive(a(row, 2));
  }
  return -(1.0 + v.nationalism) * reliance - m.sovereignty * v.nationalism * sovereignty;
}

//! Hedging premium (Kuik): under uncertainty and high stakes, not taking sides is insurance.
double hedging_term(const HedgerView& v, const HedgerUtility::Context& c, const AlignmentRows& a, const double* means)
{
  if (v.partners.size() < 2) {
    return 0.0;
  }
  double highest = -std::numeric_limits<double>::infinity();
  double lowest = std::numeric_limits<double>::infinity();
  for (Eigen::Index g = 0; g < a.rows(); ++g) {
    const double mean = means[g];
    highest = std::max(highest, mean);
    lowest = std::min(lowest, mean);
  }
  const double spread = highest - lowest; // in [0, 2]
  return v.uncertainty * c.stakes * (1.0 - 0.5 * spread);
}

//! The leader's own preferred course weighs more in a personalist regime, and reform costs personal
//! rule the more, the more personal the regime (003_ce2053823aa32a23.txt).
double leader_term(const HedgerView& v, const Efforts& e, const ModelParams& m, const double* means)
{
  const double reform = effort(e, Effort::reform);
  double total = -v.personalism * m.reform_cost * reform * reform;
  for (std::size_t g = 0; g < v.partners.size(); ++g) {
    const double gap = means[g] - v.partners[g].orientation;
    total -= v.personalism * gap * gap;
  }
  return total;
}

//! Membership obligations: alignment below an institution's floor costs (binding engagement).
double institutions_term(const HedgerView& v, const HedgerUtility::Context& c, const AlignmentRows& a)
{
  double total = 0;
  for (std::size_t g = 0; g < v.partners.size(); ++g) {
    for (int d = 0; d < kDimensions; ++d) {
      if (!c.partner[g].floor[static_cast<std::size_t>(d)]) {
        continue; // no floor: the shortfall is 0, and taking 0 from the total leaves it as it is
      }
      const double shortfall =
          positive(v.partners[g].membership_floor[static_cast<std::size_t>(d)] - a(static_cast<Eigen::Index>(g), d));
      total -= shortfall * shortfall;
    }
  }
  return total;
}

} // namespace

double hardship(const HedgerView& v, double resilience) noexcept
{
  return hardship(v, oil_slump(v), resilience);
}

HedgerUtility::HedgerUtility(const HedgerView& view, const ModelParams& model) : view_(view), model_(model)
{
  const HedgerView& v = view;
  context_.oil_income =
      v.oil_price > 0 ? v.commodity_export_share * std::log(v.oil_price / v.oil_reference_price) : 0.0;
  context_.oil_slump = oil_slump(v);
  for (const auto& p : v.partners) {
    context_.stakes = std::max(context_.stakes, p.threat);
  }
  const std::size_t n = v.partners.size();
  context_.partner.resize(n);
  for (std::size_t g = 0; g < n; ++g) {
    const PartnerView& p = v.partners[g];
    Context::Partner& f = context_.partner[g];
    f.arms_risk = model.arms_dependence * p.intent * p.arms_share;
    f.gains = (p.trade_share + p.investment) * 0.5;
    f.inducement = p.inducement * 0.5;
    f.controlled = p.trade_share + p.export_route_share;
    f.sanctions = model.sanctions_exposure * p.sanctioned * (1.0 - p.enforced);
    for (std::size_t d = 0; d < f.floor.size(); ++d) {
      f.floor[d] = p.membership_floor[d] != -std::numeric_limits<double>::infinity();
    }
  }
  context_.relative.resize(n * n);
  for (std::size_t g = 0; g < n; ++g) {
    for (std::size_t k = 0; k < n; ++k) {
      const PartnerView& p = v.partners[g];
      const PartnerView& q = v.partners[k];
      context_.relative[g * n + k] =
          q.capability + p.capability > 0 ? q.capability / (q.capability + p.capability) : 0.0;
    }
  }
}

void HedgerUtility::security_column(const AlignmentRows& a, SecurityColumn& out) const
{
  const HedgerView& v = view_;
  const ModelParams& m = model_;
  const std::size_t n = v.partners.size();
  out.shield.resize(n);
  // Plain pointers and local sums: writes through `out` would otherwise make the compiler reload
  // every input after each of them.
  const PartnerView* partners = v.partners.data();
  const double* relative = context_.relative.data();
  double* shield = out.shield.data();
  for (std::size_t g = 0; g < n; ++g) {
    // External balancing: a reliable, stronger third power that the hedger aligns with offsets the threat.
    double cover = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (k == g) {
        continue;
      }
      const PartnerView& q = partners[k];
      // An ally's help counts fully only with its arms in the hedger's hands.
      cover += positive(a(static_cast<Eigen::Index>(k), 0)) * q.reliability * relative[g * n + k] * 0.5 *
               (1.0 + q.arms_share);
    }
    shield[g] = std::min(1.0, m.protection * cover);
  }
  double entrapment = 0;
  double ties = 0;
  double abandonment = 0;
  for (std::size_t g = 0; g < n; ++g) {
    const PartnerView& p = partners[g];
    const double sec = positive(a(static_cast<Eigen::Index>(g), 0));
    // Entrapment (Snyder): the risk of being drawn into a patron's war grows with security alignment.
    entrapment -= m.entrapment * p.at_war * sec;
    // Regime security: when legitimacy is low, security ties to a reliable patron protect the
    // regime itself (Russian backing for the regime in 2004-05, 001_6a37c59486a432e9.txt; January 2022).
    ties += p.reliability * sec;
    // Abandonment (Snyder): relying in security on a patron that may not come costs in proportion
    // to its unreliability (and to the stakes, applied by the caller).
    abandonment -= (1.0 - p.reliability) * sec;
  }
  out.entrapment = entrapment;
  out.ties = ties;
  out.abandonment = abandonment;
}

UtilityTerms HedgerUtility::operator()(const AlignmentRows& a, const Efforts& e) const
{
  SecurityColumn s;
  security_column(a, s);
  return (*this)(a, e, s);
}

UtilityTerms HedgerUtility::operator()(const AlignmentRows& a, const Efforts& e, const SecurityColumn& s) const
{
  const HedgerView& v = view_;
  const Context& c = context_;
  const ModelParams& m = model_;
  // Each row's mean enters four terms; it is worked out once. Few partners fit on the stack.
  const auto rows = static_cast<std::size_t>(a.rows());
  std::array<double, 8> inline_means{};
  std::vector<double> heap_means;
  double* means = inline_means.data();
  if (rows > inline_means.size()) {
    heap_means.resize(rows);
    means = heap_means.data();
  }
  for (std::size_t g = 0; g < rows; ++g) {
    means[g] = a.row(static_cast<Eigen::Index>(g)).mean();
  }
  UtilityTerms u;
  u.term[static_cast<int>(Term::security)] = m.weight_security * security_term(v, c, a, e, m, means, s.shield);
  u.term[static_cast<int>(Term::prosperity)] = m.weight_prosperity * prosperity_term(v, c, a, e, m, means);
  u.term[static_cast<int>(Term::autonomy)] = m.weight_autonomy * autonomy_term(v, a, m);
  u.term[static_cast<int>(Term::hedging)] = m.weight_hedging * hedging_term(v, c, a, means);
  u.term[static_cast<int>(Term::leader)] = m.weight_leader * leader_term(v, e, m, means);
  u.term[static_cast<int>(Term::institutions)] = m.weight_institutions * institutions_term(v, c, a);
  // A security risk, so it keeps the security weight it had when it was part of that term.
  u.term[static_cast<int>(Term::entrapment)] = m.weight_security * s.entrapment;
  // Reform protects the regime too, by the legitimacy it earns (003_ce2053823aa32a23.txt).
  u.term[static_cast<int>(Term::regime_security)] =
      m.weight_regime_security *
      (v.regime_security * ((1.0 - v.legitimacy) * s.ties + m.reform_legitimacy * effort(e, Effort::reform)));
  // The stakes of abandonment are the largest threat.
  u.term[static_cast<int>(Term::abandonment)] = m.weight_abandonment * (c.stakes * s.abandonment);
  u.total = 0;
  for (double t : u.term) {
    u.total += t;
  }
  return u;
}

UtilityTerms evaluate_utility(const HedgerView& v, const AlignmentRows& a, const Efforts& e, const ModelParams& m)
{
  return HedgerUtility(v, m)(a, e);
}

} // namespace hedgesim::model
