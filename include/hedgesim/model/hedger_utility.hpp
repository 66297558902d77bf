// What a hedger values in an alignment: the utility terms and their weights.
#pragma once

#include "hedgesim/model/internal_balancing.hpp"
#include "hedgesim/scenario/scenario.hpp"

#include <Eigen/Core>
#include <array>
#include <limits>
#include <span>
#include <utility>
#include <vector>

namespace hedgesim::model {

//! A hedger's alignment toward each great power (rows) on each dimension (columns), in [-1, 1].
using AlignmentRows = Eigen::Matrix<double, Eigen::Dynamic, kDimensions>;

//! The named terms of the hedger utility (docs/model.md, "Hedger utility"). Entrapment comes last so
//! that the older terms keep their indices; it is weighted by the security weight, as a security risk.
enum class Term : int {
  security = 0,
  prosperity,
  autonomy,
  hedging,
  leader,
  institutions,
  entrapment,
  regime_security,
  abandonment
};
inline constexpr int kTermCount = 9;
inline constexpr std::array<const char*, kTermCount> kTermNames{"security",   "prosperity",      "autonomy",
                                                                "hedging",    "leader",          "institutions",
                                                                "entrapment", "regime_security", "abandonment"};

//! What the hedger knows of one great power when weighing its alignment.
struct PartnerView {
  double threat = 0;      // Walt threat perceived from this power
  double intent = 0;      // hostile intent perceived in this power
  double capability = 0;  // CINC
  double reliability = 0; // as a protector
  double trade_share = 0;
  double investment = 0;
  double arms_share = 0;
  double export_route_share = 0;
  double kin_minority_share = 0;
  double sanctioned = 0;
  double enforced = 0; // 1 if the hedger enforces the sanctions on this power
  double at_war = 0;
  double orientation = 0; // the hedger leader's preferred mean alignment
  double inducement = 0;  // side payments on offer (lever in effect)
  double coercion_economic = 0;
  //! -inf where no membership binds; the default binds nothing (a zero floor would cost every negative alignment).
  std::array<double, kDimensions> membership_floor{-std::numeric_limits<double>::infinity(),
                                                   -std::numeric_limits<double>::infinity(),
                                                   -std::numeric_limits<double>::infinity()};
};

//! What the hedger knows of itself and the world.
struct HedgerView {
  double nationalism = 0;
  double personalism = 0;
  double commodity_export_share = 0;
  double uncertainty = 0;
  double oil_price = 0;
  double oil_reference_price = 1;
  double legitimacy = 1;             // current; low legitimacy makes regime protection valuable
  double sanctioned = 0;             // sanctions others impose on the hedger itself
  double regime_security = 0;        // the leadership's weight on regime survival
  Efforts effort{};                  // internal balancing now: defence, diversification, reform
  std::vector<PartnerView> partners; // one per great power, in agent order
};

//! Weighted contributions of each term; they sum to `total`.
struct UtilityTerms {
  std::array<double, kTermCount> term{};
  double total = 0;
};

//! The hedger utility of one view, for scoring many postures: what depends on the view alone (oil
//! income, the oil slump behind hardship, the stakes, each pair of partners' relative capability)
//! is worked out once. Keeps references to `view` and `model`, which must outlive it.
class HedgerUtility {
public:
  HedgerUtility(const HedgerView& view, const ModelParams& model);

  //! Utility of alignment `a` (partners x dimensions) with internal efforts `effort`.
  [[nodiscard]] UtilityTerms operator()(const AlignmentRows& a, const Efforts& effort) const;

  //! What the terms need besides the posture.
  struct Context {
    double oil_income = 0;        // commodity income against the reference price: negative in a slump
    double oil_slump = 0;         // log(reference / price) where the price is below its reference, else 0
    double stakes = 0;            // the largest threat
    std::vector<double> relative; // partners x partners, row-major: capability of k / (that of g + k) at (g, k)
    //! Per partner, the leading factors of the terms' products that do not depend on the posture,
    //! multiplied out in the terms' own order.
    struct Partner {
      double arms_risk = 0;                  // arms_dependence x intent x arms_share
      double gains = 0;                      // (trade_share + investment) x 0.5
      double inducement = 0;                 // inducement x 0.5
      double controlled = 0;                 // trade_share + export_route_share
      double sanctions = 0;                  // sanctions_exposure x sanctioned x (1 - enforced)
      std::array<bool, kDimensions> floor{}; // whether a membership floor binds on the dimension
    };
    std::vector<Partner> partner;
  };

  //! As HedgerUtility(view, model), reusing the memory of `spare`, the context of an earlier
  //! utility (see release()): a decision then allocates nothing for it.
  HedgerUtility(const HedgerView& view, const ModelParams& model, Context spare);
  //! Gives up the context, for the next utility to reuse.
  [[nodiscard]] Context release() && noexcept { return std::move(context_); }

  //! What the security column of a posture decides alone: the outside protection against each
  //! partner's threat (the costliest part of a score) and the sums behind the entrapment, regime
  //! security and abandonment terms. Postures that differ only in the other columns or in the
  //! efforts share it.
  struct SecurityColumn {
    std::vector<double> shield; // per partner: the share of its threat that allies offset
    double entrapment = 0;      // the entrapment term before its weight
    double ties = 0;            // reliability-weighted security alignment, which protects the regime
    double abandonment = 0;     // the abandonment term before the stakes and its weight
  };

  //! The security column of `a`, into `out` (whose memory is reused).
  void security_column(const AlignmentRows& a, SecurityColumn& out) const;

  //! As operator()(a, e), with `s` worked out by security_column() from a posture whose security
  //! column is bit for bit that of `a`.
  [[nodiscard]] UtilityTerms operator()(const AlignmentRows& a, const Efforts& e, const SecurityColumn& s) const;

  //! A posture one entry away from another: alignment entry (row, column), or internal effort
  //! `effort`, set to `value`.
  struct Nearby {
    int row = -1;    // alignment row (partner); -1 for an effort
    int column = -1; // alignment column (dimension)
    int effort = -1; // index into Efforts; -1 for an alignment entry
    double value = 0;
  };

  //! How many postures totals() scores at once.
  static constexpr std::size_t kLanes = 2;

  //! The totals of `postures`, each one entry away from (a, e), into `out` (as many): bit for bit
  //! what operator() gives each of them. `s` is the security column of `a`. The postures are scored
  //! kLanes at a time, each operation applied to all of them together, in the order one score
  //! takes; that gives the processor independent work where one score is a chain of dependent steps.
  void totals(const AlignmentRows& a, const Efforts& e, const SecurityColumn& s, std::span<const Nearby> postures,
              std::span<double> out) const;

  //! A posture to score: alignment and efforts, which must outlive the call. All of one call's
  //! postures have as many rows as the view has partners.
  struct Posture {
    const AlignmentRows* alignment = nullptr;
    const Efforts* effort = nullptr;
  };

  //! The terms of each of `postures`, into `out` (as many): bit for bit what operator() gives,
  //! scored kLanes at a time as totals() does.
  void evaluate(std::span<const Posture> postures, std::span<UtilityTerms> out) const;

private:
  const HedgerView& view_;
  const ModelParams& model_;
  Context context_;
};

//! Utility of alignment `a` (partners x dimensions) with internal efforts `effort`.
UtilityTerms evaluate_utility(const HedgerView& view, const AlignmentRows& a, const Efforts& effort,
                              const ModelParams& model);

//! Utility of alignment `a` with the hedger's current efforts.
inline UtilityTerms evaluate_utility(const HedgerView& view, const AlignmentRows& a, const ModelParams& model)
{
  return evaluate_utility(view, a, view.effort, model);
}

//! Economic hardship multiplier: oil below its reference makes gains and losses weigh more; the
//! part that reform absorbs (`resilience`, in [0, 1]) does not count.
double hardship(const HedgerView& view, double resilience = 0.0) noexcept;

//! What secondary sanctions can cost the hedger per unit of a power's sanctions: the model's
//! exposure, less the share that sanctions on the hedger itself have already taken (a state cut
//! off from the sanctioning markets and banks has little left for them to threaten).
[[nodiscard]] inline double secondary_sanctions_exposure(const HedgerView& view, const ModelParams& model) noexcept
{
  return model.sanctions_exposure * (1.0 - view.sanctioned);
}

} // namespace hedgesim::model
