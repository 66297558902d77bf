#include "hedgesim/model/hedger_utility.hpp"

#include "hedgesim/core/lanes.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hedgesim::model {

namespace {

static_assert(kDimensions == 3, "row_mean() adds three columns as Eigen's mean() does");

template <class T>
const T& effort_of(const std::array<T, kEffortCount>& e, Effort which) noexcept
{
  return e[static_cast<std::size_t>(which)];
}

//! The mean of row `g` of `a`, added up in the order Eigen's mean() of a three-column row takes.
template <class A>
auto row_mean(const A& a, Eigen::Index g) noexcept
{
  return (a(g, 0) + (a(g, 1) + a(g, 2))) / 3.0;
}

//! How far the oil price is below its reference, as a log ratio; 0 at or above it.
double oil_slump(const HedgerView& v) noexcept
{
  const double ratio = v.oil_price > 0 ? v.oil_reference_price / v.oil_price : 1.0;
  return positive_part(std::log(ratio));
}

//! hardship() with the oil slump worked out.
template <class T>
T hardship(const HedgerView& v, double slump, const T& resilience) noexcept
{
  return 1.0 + (1.0 - resilience) * v.commodity_export_share * slump;
}

// The terms below are written once for a posture (T = double, A = AlignmentRows, E = Efforts) and
// once for several postures lane by lane (T = Lanes); see core/lanes.hpp.

//! Security: the threat each power still poses after appeasing it, after outside protection
//! (`shield`, from the security column) and after the hedger's own forces deter a share of it; and
//! the risk of arms bought from a power seen as hostile, which diversification removes (entrapment
//! in a patron's war is its own term).
template <class T, class A, class E>
T security_term(const HedgerView& v, const HedgerUtility::Context& c, const A& a, const E& e, const ModelParams& m,
                const T* mean, const T* shield)
{
  // Internal balancing: own forces deter a share of every threat (003_ce2053823aa32a23.txt).
  const T deterred = 1.0 - m.self_reliance * effort_of(e, Effort::defence);
  const T undiversified = 1.0 - effort_of(e, Effort::diversification);
  T total = 0.0;
  for (std::size_t g = 0; g < v.partners.size(); ++g) {
    const PartnerView& p = v.partners[g];
    const T sec = a(static_cast<Eigen::Index>(g), 0);
    // Walt: aligning with a threatening power may divert its threat; opposing it provokes.
    const T exposure =
        positive_part(1.0 - m.appeasement * positive_part(sec) + m.provocation * positive_part(-mean[g]));
    total -= p.threat * exposure * (1.0 - shield[g]) * deterred;
    total -= c.partner[g].arms_risk * undiversified;
  }
  return total;
}

//! Prosperity: gains from trade, investment and side payments, less coercion and sanctions exposure,
//! less what defence and buying arms elsewhere cost.
template <class T, class A, class E>
T prosperity_term(const HedgerView& v, const HedgerUtility::Context& c, const A& a, const E& e, const ModelParams& m,
                  const T* means)
{
  // A reformed, diversified economy absorbs part of economic coercion and of oil hardship.
  const T resilience = m.reform_resilience * effort_of(e, Effort::reform);
  const T defence = effort_of(e, Effort::defence);
  const T diversification = effort_of(e, Effort::diversification);
  T total = -m.defence_cost * defence * defence - m.diversification_cost * diversification * diversification;
  for (std::size_t g = 0; g < v.partners.size(); ++g) {
    const PartnerView& p = v.partners[g];
    const HedgerUtility::Context::Partner& f = c.partner[g];
    const auto row = static_cast<Eigen::Index>(g);
    const T econ = a(row, 1);
    const T mean = means[g];
    // Schweller: bandwagoning for profit; gains grow with economic engagement.
    total += f.gains * (1.0 + econ);
    // Inducements are paid for overall alignment.
    total += f.inducement * (1.0 + mean);
    // Economic controls hurt in proportion to dependence and to how far the hedger drifts away.
    total -= (1.0 - resilience) * p.coercion_economic * f.controlled * 0.5 * (1.0 - mean);
    // Trading deeply with a sanctioned power exposes the hedger to secondary sanctions, unless it
    // enforces them (then its trade with the power shrinks instead, in the exposure rule).
    total -= f.sanctions * positive_part(econ);
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
template <class T, class A>
T autonomy_term(const HedgerView& v, const A& a, const ModelParams& m)
{
  T reliance = 0.0;
  T sovereignty = 0.0;
  for (std::size_t g = 0; g < v.partners.size(); ++g) {
    const auto row = static_cast<Eigen::Index>(g);
    reliance += positive_part(T(a(row, 0))) * positive_part(T(a(row, 0))) +
                positive_part(T(a(row, 1))) * positive_part(T(a(row, 1)));
    sovereignty += v.partners[g].intent * positive_part(T(a(row, 2)));
  }
  return -(1.0 + v.nationalism) * reliance - m.sovereignty * v.nationalism * sovereignty;
}

//! Hedging premium (Kuik): under uncertainty and high stakes, not taking sides is insurance.
template <class T, class A>
T hedging_term(const HedgerView& v, const HedgerUtility::Context& c, const A& a, const T* means)
{
  if (v.partners.size() < 2) {
    return 0.0;
  }
  T highest = -std::numeric_limits<double>::infinity();
  T lowest = std::numeric_limits<double>::infinity();
  for (Eigen::Index g = 0; g < a.rows(); ++g) {
    const T mean = means[g];
    highest = max_of(highest, mean);
    lowest = min_of(lowest, mean);
  }
  const T spread = highest - lowest; // in [0, 2]
  return v.uncertainty * c.stakes * (1.0 - 0.5 * spread);
}

//! The leader's own preferred course weighs more in a personalist regime, and reform costs personal
//! rule the more, the more personal the regime (003_ce2053823aa32a23.txt).
template <class T, class E>
T leader_term(const HedgerView& v, const E& e, const ModelParams& m, const T* means)
{
  const T reform = effort_of(e, Effort::reform);
  T total = -v.personalism * m.reform_cost * reform * reform;
  for (std::size_t g = 0; g < v.partners.size(); ++g) {
    const T gap = means[g] - v.partners[g].orientation;
    total -= v.personalism * gap * gap;
  }
  return total;
}

//! Membership obligations: alignment below an institution's floor costs (binding engagement).
template <class T, class A>
T institutions_term(const HedgerView& v, const HedgerUtility::Context& c, const A& a)
{
  T total = 0.0;
  for (std::size_t g = 0; g < v.partners.size(); ++g) {
    for (int d = 0; d < kDimensions; ++d) {
      if (!c.partner[g].floor[static_cast<std::size_t>(d)]) {
        continue; // no floor: the shortfall is 0, and taking 0 from the total leaves it as it is
      }
      const T shortfall = positive_part(v.partners[g].membership_floor[static_cast<std::size_t>(d)] -
                                        a(static_cast<Eigen::Index>(g), d));
      total -= shortfall * shortfall;
    }
  }
  return total;
}

//! The security column of posture `a` (HedgerUtility::security_column), into `shield` (one per
//! partner) and the three sums.
template <class T, class A>
void fill_security_column(const HedgerView& v, const ModelParams& m, const HedgerUtility::Context& context, const A& a,
                          T* shield, T& entrapment_out, T& ties_out, T& abandonment_out)
{
  const std::size_t n = v.partners.size();
  // Plain pointers and local sums: writes through the outputs would otherwise make the compiler
  // reload every input after each of them.
  const PartnerView* partners = v.partners.data();
  const double* relative = context.relative.data();
  for (std::size_t g = 0; g < n; ++g) {
    // External balancing: a reliable, stronger third power that the hedger aligns with offsets the threat.
    T cover = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
      if (k == g) {
        continue;
      }
      const PartnerView& q = partners[k];
      // An ally's help counts fully only with its arms in the hedger's hands.
      cover += positive_part(T(a(static_cast<Eigen::Index>(k), 0))) * q.reliability * relative[g * n + k] * 0.5 *
               (1.0 + q.arms_share);
    }
    shield[g] = min_of(T(1.0), m.protection * cover);
  }
  T entrapment = 0.0;
  T ties = 0.0;
  T abandonment = 0.0;
  for (std::size_t g = 0; g < n; ++g) {
    const PartnerView& p = partners[g];
    const T sec = positive_part(T(a(static_cast<Eigen::Index>(g), 0)));
    // Entrapment (Snyder): the risk of being drawn into a patron's war grows with security alignment.
    entrapment -= m.entrapment * p.at_war * sec;
    // Regime security: when legitimacy is low, security ties to a reliable patron protect the
    // regime itself (Russian backing for the regime in 2004-05, 001_6a37c59486a432e9.txt; January 2022).
    ties += p.reliability * sec;
    // Abandonment (Snyder): relying in security on a patron that may not come costs in proportion
    // to its unreliability (and to the stakes, applied by the caller).
    abandonment -= (1.0 - p.reliability) * sec;
  }
  entrapment_out = entrapment;
  ties_out = ties;
  abandonment_out = abandonment;
}

//! The weighted terms of posture (a, e) with security column (shield, entrapment, ties,
//! abandonment), into `term`; returns their sum, added in term order.
template <class T, class A, class E>
T weighted_terms(const HedgerView& v, const HedgerUtility::Context& c, const ModelParams& m, const A& a, const E& e,
                 const T* shield, const T& entrapment, const T& ties, const T& abandonment,
                 std::array<T, kTermCount>& term)
{
  // Each row's mean enters four terms; it is worked out once. Few partners fit on the stack.
  const auto rows = static_cast<std::size_t>(a.rows());
  std::array<T, 8> inline_means; // NOLINT(cppcoreguidelines-pro-type-member-init): the first `rows` are set below
  std::vector<T> heap_means;
  T* means = inline_means.data();
  if (rows > inline_means.size()) {
    heap_means.resize(rows);
    means = heap_means.data();
  }
  for (std::size_t g = 0; g < rows; ++g) {
    means[g] = row_mean(a, static_cast<Eigen::Index>(g));
  }
  term[static_cast<int>(Term::security)] = m.weight_security * security_term<T>(v, c, a, e, m, means, shield);
  term[static_cast<int>(Term::prosperity)] = m.weight_prosperity * prosperity_term<T>(v, c, a, e, m, means);
  term[static_cast<int>(Term::autonomy)] = m.weight_autonomy * autonomy_term<T>(v, a, m);
  term[static_cast<int>(Term::hedging)] = m.weight_hedging * hedging_term<T>(v, c, a, means);
  term[static_cast<int>(Term::leader)] = m.weight_leader * leader_term<T>(v, e, m, means);
  term[static_cast<int>(Term::institutions)] = m.weight_institutions * institutions_term<T>(v, c, a);
  // A security risk, so it keeps the security weight it had when it was part of that term.
  term[static_cast<int>(Term::entrapment)] = m.weight_security * entrapment;
  // Reform protects the regime too, by the legitimacy it earns (003_ce2053823aa32a23.txt).
  term[static_cast<int>(Term::regime_security)] =
      m.weight_regime_security *
      (v.regime_security * ((1.0 - v.legitimacy) * ties + m.reform_legitimacy * effort_of(e, Effort::reform)));
  // The stakes of abandonment are the largest threat.
  term[static_cast<int>(Term::abandonment)] = m.weight_abandonment * (c.stakes * abandonment);
  T total = 0.0;
  for (const T& t : term) {
    total += t;
  }
  return total;
}

//! Several postures side by side, one per lane: each alignment entry and effort as Lanes.
template <std::size_t W>
struct LanePostures {
  Eigen::Index row_count = 0;  // kept beside `entry`: the terms ask for it in their loops
  std::vector<Lanes<W>> entry; // row-major, rows x kDimensions
  std::array<Lanes<W>, kEffortCount> effort{};

  [[nodiscard]] Eigen::Index rows() const noexcept { return row_count; }
  const Lanes<W>& operator()(Eigen::Index g, Eigen::Index d) const noexcept
  {
    return entry[static_cast<std::size_t>(g * kDimensions + d)];
  }
  Lanes<W>& operator()(Eigen::Index g, Eigen::Index d) noexcept
  {
    return entry[static_cast<std::size_t>(g * kDimensions + d)];
  }
};

} // namespace

double hardship(const HedgerView& v, double resilience) noexcept
{
  return hardship(v, oil_slump(v), resilience);
}

HedgerUtility::HedgerUtility(const HedgerView& view, const ModelParams& model) : HedgerUtility(view, model, Context{})
{
}

HedgerUtility::HedgerUtility(const HedgerView& view, const ModelParams& model, Context spare)
    : view_(view), model_(model)
{
  // Only the vectors' memory is taken over; every value is set below.
  context_.partner = std::move(spare.partner);
  context_.relative = std::move(spare.relative);
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
    f.sanctions = secondary_sanctions_exposure(view, model) * p.sanctioned * (1.0 - p.enforced);
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
  out.shield.resize(view_.partners.size());
  fill_security_column(view_, model_, context_, a, out.shield.data(), out.entrapment, out.ties, out.abandonment);
}

UtilityTerms HedgerUtility::operator()(const AlignmentRows& a, const Efforts& e) const
{
  SecurityColumn s;
  security_column(a, s);
  return (*this)(a, e, s);
}

UtilityTerms HedgerUtility::operator()(const AlignmentRows& a, const Efforts& e, const SecurityColumn& s) const
{
  UtilityTerms u;
  u.total = weighted_terms(view_, context_, model_, a, e, s.shield.data(), s.entrapment, s.ties, s.abandonment, u.term);
  return u;
}

namespace {

//! Room for scoring postures kLanes at a time, per thread.
struct LaneWorkspace {
  using L = Lanes<HedgerUtility::kLanes>;
  LanePostures<HedgerUtility::kLanes> batch;
  std::vector<L> shield;
  L entrapment{};
  L ties{};
  L abandonment{};
  std::array<L, kTermCount> term{};

  static LaneWorkspace& for_rows(Eigen::Index rows)
  {
    thread_local LaneWorkspace w;
    w.batch.row_count = rows;
    w.batch.entry.resize(static_cast<std::size_t>(rows) * kDimensions);
    w.shield.resize(static_cast<std::size_t>(rows));
    return w;
  }
};

} // namespace

void HedgerUtility::totals(const AlignmentRows& a, const Efforts& e, const SecurityColumn& s,
                           std::span<const Nearby> postures, std::span<double> out) const
{
  constexpr std::size_t W = kLanes;
  using L = LaneWorkspace::L;
  LaneWorkspace& w = LaneWorkspace::for_rows(a.rows());
  for (std::size_t first = 0; first < postures.size(); first += W) {
    const std::size_t count = std::min(W, postures.size() - first);
    // Lane j is posture first + j: (a, e) with one entry changed. Lanes past the last posture
    // are (a, e), and are not read.
    const Nearby* lane = postures.data() + first;
    auto value = [&](std::size_t j, int row, int column, int effort, double unchanged) {
      const bool moved = j < count && lane[j].row == row && lane[j].column == column && lane[j].effort == effort;
      return moved ? lane[j].value : unchanged;
    };
    for (Eigen::Index g = 0; g < a.rows(); ++g) {
      for (Eigen::Index d = 0; d < kDimensions; ++d) {
        w.batch(g, d) =
            L::from([&](std::size_t j) { return value(j, static_cast<int>(g), static_cast<int>(d), -1, a(g, d)); });
      }
    }
    for (std::size_t k = 0; k < e.size(); ++k) {
      w.batch.effort[k] = L::from([&](std::size_t j) { return value(j, -1, -1, static_cast<int>(k), e[k]); });
    }
    bool security_moved = false;
    for (std::size_t j = 0; j < count; ++j) {
      security_moved =
          security_moved || (lane[j].effort < 0 && lane[j].column == static_cast<int>(Dimension::security));
    }
    if (security_moved) {
      fill_security_column(view_, model_, context_, w.batch, w.shield.data(), w.entrapment, w.ties, w.abandonment);
    } else {
      for (std::size_t g = 0; g < w.shield.size(); ++g) {
        w.shield[g] = L(s.shield[g]);
      }
      w.entrapment = L(s.entrapment);
      w.ties = L(s.ties);
      w.abandonment = L(s.abandonment);
    }
    const L total = weighted_terms(view_, context_, model_, w.batch, w.batch.effort, w.shield.data(), w.entrapment,
                                   w.ties, w.abandonment, w.term);
    for (std::size_t j = 0; j < count; ++j) {
      out[first + j] = total.get(j);
    }
  }
}

void HedgerUtility::evaluate(std::span<const Posture> postures, std::span<UtilityTerms> out) const
{
  constexpr std::size_t W = kLanes;
  LaneWorkspace& w = LaneWorkspace::for_rows(static_cast<Eigen::Index>(view_.partners.size()));
  for (std::size_t first = 0; first < postures.size(); first += W) {
    const std::size_t count = std::min(W, postures.size() - first);
    // Lanes past the last posture repeat the first, and are not read.
    auto posture = [&](std::size_t j) -> const Posture& { return postures[first + (j < count ? j : 0)]; };
    for (Eigen::Index g = 0; g < w.batch.rows(); ++g) {
      for (Eigen::Index d = 0; d < kDimensions; ++d) {
        w.batch(g, d) = LaneWorkspace::L::from([&](std::size_t j) { return (*posture(j).alignment)(g, d); });
      }
    }
    for (std::size_t k = 0; k < kEffortCount; ++k) {
      w.batch.effort[k] = LaneWorkspace::L::from([&](std::size_t j) { return (*posture(j).effort)[k]; });
    }
    fill_security_column(view_, model_, context_, w.batch, w.shield.data(), w.entrapment, w.ties, w.abandonment);
    const auto total = weighted_terms(view_, context_, model_, w.batch, w.batch.effort, w.shield.data(), w.entrapment,
                                      w.ties, w.abandonment, w.term);
    for (std::size_t j = 0; j < count; ++j) {
      UtilityTerms& u = out[first + j];
      for (std::size_t t = 0; t < u.term.size(); ++t) {
        u.term[t] = w.term[t].get(j);
      }
      u.total = total.get(j);
    }
  }
}

UtilityTerms evaluate_utility(const HedgerView& v, const AlignmentRows& a, const Efforts& e, const ModelParams& m)
{
  return HedgerUtility(v, m)(a, e);
}

} // namespace hedgesim::model
