// Shared builders for the model unit tests: dictionary-default parameters, a hedger's view of three
// great powers, and alignment blocks.
#pragma once

#include "hedgesim/model/hedger_utility.hpp"
#include "hedgesim/scenario/parameter_dictionary.hpp"
#include "hedgesim/scenario/scenario.hpp"

#include <initializer_list>
#include <limits>

namespace hedgesim::test {

//! Model parameters with every dictionary default.
inline ModelParams default_model_params()
{
  ModelParams params;
  for (const auto& spec : model_parameters()) {
    params.*spec.field = spec.default_value;
  }
  return params;
}

//! World parameters with every dictionary default.
inline WorldParams default_world_params()
{
  WorldParams params;
  for (const auto& spec : world_parameters()) {
    params.*spec.field = spec.default_value;
  }
  return params;
}

//! Agent parameters with every dictionary default and the required capability set.
inline AgentParams default_agent_params(double capability = 0.1)
{
  AgentParams params;
  for (const auto& spec : agent_parameters()) {
    if (!spec.required()) {
      params.*spec.field = spec.default_value;
    }
  }
  params.capability = capability;
  return params;
}

//! Relation parameters with every dictionary default.
inline RelationParams default_relation_params()
{
  RelationParams params;
  for (const auto& spec : relation_parameters()) {
    params.*spec.field = spec.default_value;
  }
  return params;
}

//! Partner rows of three_partner_view().
inline constexpr int kRussia = 0;
inline constexpr int kChina = 1;
inline constexpr int kUnitedStates = 2;

//! A neutral partner: no threat, no economic ties, no membership.
inline model::PartnerView neutral_partner()
{
  model::PartnerView p;
  p.membership_floor.fill(-std::numeric_limits<double>::infinity());
  return p;
}

//! A Central Asian hedger facing Russia (near, threatening, dominant trade and transit),
//! China (trade and investment) and the United States (distant, reliable).
inline model::HedgerView three_partner_view()
{
  model::HedgerView v;
  v.nationalism = 0.3;
  v.personalism = 0.5;
  v.commodity_export_share = 0.5;
  v.uncertainty = 0.5;
  v.oil_price = 64.0;
  v.oil_reference_price = 64.0;

  model::PartnerView russia = neutral_partner();
  russia.threat = 0.45;
  russia.capability = 0.04;
  russia.reliability = 0.5;
  russia.trade_share = 0.25;
  russia.investment = 0.05;
  russia.arms_share = 0.8;
  russia.export_route_share = 0.8;

  model::PartnerView china = neutral_partner();
  china.threat = 0.35;
  china.capability = 0.22;
  china.reliability = 0.4;
  china.trade_share = 0.2;
  china.investment = 0.1;
  china.arms_share = 0.1;

  model::PartnerView us = neutral_partner();
  us.threat = 0.2;
  us.capability = 0.13;
  us.reliability = 0.6;
  us.trade_share = 0.05;
  us.investment = 0.1;
  us.arms_share = 0.05;

  v.partners = {russia, china, us};
  return v;
}

//! An alignment block with one row per partner, rows given as {security, economic, diplomatic}.
inline model::AlignmentRows alignment(std::initializer_list<std::initializer_list<double>> rows)
{
  model::AlignmentRows a(static_cast<Eigen::Index>(rows.size()), kDimensions);
  Eigen::Index r = 0;
  for (const auto& row : rows) {
    int d = 0;
    for (double x : row) {
      a(r, d++) = x;
    }
    ++r;
  }
  return a;
}

//! An alignment block of `rows` partners, every component equal to `value`.
inline model::AlignmentRows uniform_alignment(Eigen::Index rows, double value)
{
  return model::AlignmentRows::Constant(rows, kDimensions, value);
}

//! The term `t` of a UtilityTerms.
inline double term(const model::UtilityTerms& u, model::Term t)
{
  return u.term[static_cast<std::size_t>(t)];
}

} // namespace hedgesim::test
