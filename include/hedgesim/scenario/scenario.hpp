// The validated, frozen description of a simulation: what the YAML says, resolved and checked.
#pragma once

#include "hedgesim/core/calendar.hpp"
#include "hedgesim/scenario/summary_spec.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hedgesim {

//! The three alignment dimensions (Kuik): security, economic, diplomatic.
enum class Dimension : int { security = 0, economic = 1, diplomatic = 2 };
inline constexpr int kDimensions = 3;
inline constexpr std::array<const char*, kDimensions> kDimensionNames{"security", "economic", "diplomatic"};

//! What an agent does each step.
enum class Role { hedger, great_power };
const char* to_string(Role role) noexcept;

//! Global exogenous conditions; events may change any of them.
struct WorldParams {
  double oil_price = 0;            // [USD/bbl]
  double oil_reference_price = 0;  // [USD/bbl]
  double uncertainty = 0;          // [0, 1]
  double rivalry = 0;              // [0, 1]
  double oil_expectation_rate = 0; // [1 / year] speed at which the reference price follows the price
};

//! Rule parameters shared by all agents (weights, rates, rationality).
struct ModelParams {
  double rationality = 0;     // logit precision [1 / marginal utility]
  double adjustment_rate = 0; // [alignment units / year]
  double weight_security = 0;
  double weight_prosperity = 0;
  double weight_autonomy = 0;
  double weight_hedging = 0;
  double weight_leader = 0;
  double weight_institutions = 0;
  double threat_power = 0;
  double threat_proximity = 0;
  double threat_offensive = 0;
  double threat_intentions = 0;
  double proximity_scale_km = 0; // [km]
  double appeasement = 0;
  double provocation = 0;
  double protection = 0;
  double perception_rate = 0; // [1 / year]
  double coercion_salience = 0;
  double revisionism_salience = 0;
  double lever_rate = 0; // [1 / year]
  double sanctions_exposure = 0;
  double entrapment = 0;
  double weight_regime_security = 0;
  double weight_abandonment = 0;
  double legitimacy_rate = 0; // [1 / year]
  double reform_legitimacy = 0;
  double shock_sensitivity = 0;
  double legitimacy_sensitivity = 0;
  double request_threshold = 0;
  double crisis_legitimacy_loss = 0;
  double help_legitimacy_gain = 0;
  double help_days = 0; // [days] a patron's deployment lasts
  // Diplomatic cost at home of closeness to a power perceived as hostile (multiplies nationalism).
  double sovereignty = 0;
  // Exposure: elasticities of trade, arms and route shares (docs/model.md, "Exposure").
  double trade_alignment = 0;
  double trade_coercion = 0;
  double arms_alignment = 0;
  double arms_threat = 0;
  double route_threat = 0;
  double route_coercion = 0;
  // Memberships and diplomatic acts.
  double membership_rationality = 0; // [1 / utility]
  double membership_review = 0;      // [1 / year] rate at which a member reconsiders a membership
  double act_rationality = 0;        // [1 / utility]
  double territorial_norm = 0;
  double silence = 0;         // weight of what a power pays a hedger when the hedger would criticise it
  double factions_review = 0; // [years] between rounds of faction bargaining after a succession
  // Internal balancing (docs/model.md, "Internal balancing").
  double spending_ceiling = 0;     // [% of GDP] military spending at full defence effort
  double self_reliance = 0;        // share of each threat that full defence effort deters
  double defence_cost = 0;         // prosperity cost of defence effort (quadratic)
  double arms_dependence = 0;      // security cost of arms bought from a power seen as hostile
  double diversification_cost = 0; // prosperity cost of buying elsewhere (quadratic)
  double diversification_rate = 0; // [1 / year] pull of full diversification on the main supplier's attraction
  double reform_cost = 0;          // cost to personal rule of reform (quadratic, times personalism)
  double reform_resilience = 0;    // share of economic coercion and oil hardship that full reform absorbs
  // Great powers' reactions to a hedger's acts (docs/model.md, "Great-power reactions").
  double grievance_act = 0;       // grievance per unit severity of a vote or refusal against the power
  double grievance_exit = 0;      // grievance when a hedger leaves the power's institution
  double grievance_half_life = 0; // [years]
};

//! Per-agent parameters; which ones apply depends on the role (see the parameter dictionary).
struct AgentParams {
  double capability = 0;        // COW CINC share [1]
  double capability_growth = 0; // [1 / year] trend of log capability
  double offensive_capability = 0;
  // great powers
  double revisionism = 0;
  double reliability = 0;
  double ambition = 0;
  double sanctioned = 0;
  double at_war = 0;
  double lever_inducement = 0;
  double lever_military = 0;
  double lever_economic = 0;
  double lever_ethnic = 0;
  double lever_tolerance = 0;
  // hedgers
  double nationalism = 0;
  double personalism = 0;
  double commodity_export_share = 0;
  double legitimacy = 0;           // baseline and initial legitimacy
  double reform = 0;               // institutional and economic reform effort at the start, in [0, 1]
  double military_spending = 0;    // [% of GDP] at the start
  double arms_diversification = 0; // effort to buy arms beyond the main supplier at the start, in [0, 1]
  double unrest_hazard = 0;        // [1 / year] at mid legitimacy and no economic shock
  double regime_security = 0;
  double crisis = 0;                // > 0.5: events force a regime crisis this step
  double predecessor_half_life = 0; // [years] fading of a personalist predecessor's informal veto
};

//! Directed dyad parameters, from an agent (usually a hedger) toward a partner.
struct RelationParams {
  double distance_km = 0; // [km], 0 = shared land border
  double trade_share = 0;
  double investment = 0;
  double arms_share = 0;
  double export_route_share = 0;
  double export_share = 0;
  double kin_minority_share = 0;
  double kin_minority_trend = 0; // [1 / year] trend of the log kin share
  // Trends of the partner's log attraction as a trade partner, export market, arms supplier
  // and export route, beside the endogenous drivers [1 / year].
  double trade_trend = 0;
  double export_trend = 0;
  double arms_trend = 0;
  double route_trend = 0;
  double intent_baseline = 0;
  double orientation = 0;
  double alignment_security = 0;
  double alignment_economic = 0;
  double alignment_diplomatic = 0;

  [[nodiscard]] double alignment(int d) const noexcept
  {
    return d == 0 ? alignment_security : (d == 1 ? alignment_economic : alignment_diplomatic);
  }
};

//! An elite faction of a hedger and the course it wants toward each great power.
struct EliteFaction {
  std::string id;
  double capability = 0;           // share of elite power
  double salience = 0;             // in [0, 1]
  std::vector<double> orientation; // per agent index, in [-1, 1]; NaN: no stake in that course
  bool predecessor = false;        // the former leader, whose weight fades after a succession
};

struct Agent {
  std::string id;
  std::string name;
  Role role = Role::hedger;
  AgentParams params;
  std::vector<EliteFaction> factions; // hedgers only
};

//! What an institution offers; events may change it (a treaty opens it, a crisis sours it).
struct InstitutionParams {
  double open = 0;      // > 0.5: membership is on offer to hedgers that are not members
  double benefit = 0;   // [utility] gain of membership (duty redistribution, arms at domestic prices)
  double exit_cost = 0; // [utility] cost of leaving, besides provoking the leader
};

//! An institution a hedger may belong to; membership binds one alignment dimension toward its leader.
struct Institution {
  std::string id;
  std::string name;
  int led_by = -1; // agent index
  Dimension dimension = Dimension::security;
  double floor = 0; // alignment below which membership obligations bite
  InstitutionParams params;
};

struct Relation {
  bool defined = false; // false: the YAML says nothing about this dyad; defaults apply
  RelationParams params;
  std::vector<int> memberships; // institution indices
};

//! Where an event effect or condition points: one number in the mutable conditions.
struct ParamRef {
  enum class Scope { world, agent, relation, institution } scope = Scope::world;
  int agent = -1; // agent, or institution index for Scope::institution
  int partner = -1;
  std::size_t field = 0; // index into the scope's table in the parameter dictionary
  std::string path;      // the key path as written, for messages and output
};

struct EventEffect {
  enum class Op { set, add, scale } op = Op::set;
  ParamRef target;
  double value = 0;
};

struct EventCondition {
  enum class Op { lt, le, gt, ge } op = Op::lt;
  ParamRef subject;
  double value = 0;
};

//! What an event asks of the hedgers: a vote on a UN resolution that `actor` sponsors against
//! `target`, `actor`'s request to recognise a breakaway entity (the hedgers decide), or a succession
//! in hedger `actor` (its elite factions bargain over the new leader's course).
struct Act {
  enum class Kind { none, un_vote, recognition, succession, sanctions } kind = Kind::none;
  double severity = 1; // [0, 1] how plainly the act touches territorial integrity
};

//! The act types as written in `act.type`, in the order of Act::Kind after `none`.
inline constexpr std::array<const char*, 4> kActTypeNames{"un_vote", "recognition", "succession", "sanctions"};

//! A scheduled (at a date) or stochastic (hazard per year) change of exogenous conditions.
struct Event {
  std::string id;
  std::string description;
  std::optional<YearMonth> at; // scheduled
  double hazard = 0;           // stochastic [1 / year]
  std::optional<YearMonth> window_from;
  std::optional<YearMonth> window_to;
  int max_occurrences = 1;
  std::optional<EventCondition> when;
  int actor = -1;
  int target = -1;
  std::vector<EventEffect> effects;
  Act act;
};

struct OutputSpec {
  std::vector<std::string> variables; // names from the engine's variable list
  int every = 1;                      // record every k-th step
  SummarySpec summary;                // per-run statistics instead of (or beside) the series
};

//! Most runs one ensemble, sweep or comparison may have: history files store run indices as int32
//! (`events/run`, `design_point`, `pair`; docs/file-format.md).
inline constexpr std::uint64_t kMostRuns = 2'147'483'647;

struct ScenarioMeta {
  std::string name;
  std::string description;
  YearMonth start;
  YearMonth end;
  StepUnit step = StepUnit::month;
  std::uint64_t runs = 0;
  std::uint64_t seed = 0;
};

//! Immutable after loading; a simulation takes its own copy of what it changes.
struct Scenario {
  ScenarioMeta meta;
  WorldParams world;
  ModelParams model;
  std::vector<Agent> agents;
  std::vector<Relation> relations; // agents.size()^2, row = from, column = to
  std::vector<Institution> institutions;
  std::vector<Event> events;
  OutputSpec output;
  std::string source_file;

  [[nodiscard]] std::size_t size() const noexcept { return agents.size(); }
  [[nodiscard]] const Relation& relation(std::size_t from, std::size_t to) const
  {
    return relations.at(from * agents.size() + to);
  }
  [[nodiscard]] int agent_index(const std::string& id) const noexcept;
  [[nodiscard]] std::vector<int> agents_with_role(Role role) const;
};

} // namespace hedgesim
