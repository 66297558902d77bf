#include "hedgesim/scenario/parameter_dictionary.hpp"

#include "hedgesim/core/text.hpp"
#include "hedgesim/scenario/yaml_document.hpp"

#include <array>
#include <fmt/format.h>
#include <limits>

namespace hedgesim {

namespace {

constexpr double kRequired = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

using W = WorldParams;
using M = ModelParams;
using A = AgentParams;
using R = RelationParams;
using I = InstitutionParams;

// clang-format off
const std::array kWorld{
  NumberSpec<W>{"oil_price", &W::oil_price, 64.0, 1.0, 1000.0, "USD/bbl",
    "Brent crude price; with commodity_export_share it sets how much a hedger values economic gains",
    "EIA Brent spot price, 2019 annual mean (64 USD/bbl)"},
  NumberSpec<W>{"oil_reference_price", &W::oil_reference_price, 64.0, 1e-3, 1000.0, "USD/bbl",
    "price at which oil neither adds to nor relieves economic hardship",
    "assumption: equal to the 2019 mean so that a scenario starting in 2019 starts without an oil shock"},
  NumberSpec<W>{"uncertainty", &W::uncertainty, 0.5, 0.0, 1.0, "1",
    "systemic uncertainty about great-power intentions; scales the hedging premium",
    "assumption: mid-scale; hedging as insurance under uncertainty (000_fd6c4c14509ddc95.txt), an era of great uncertainty (002_c10003a0df1a4504.txt)"},
  NumberSpec<W>{"rivalry", &W::rivalry, 0.5, 0.0, 1.0, "1",
    "intensity of great-power competition; how strongly each power reacts to the others' gains in a hedger",
    "assumption: mid-scale; competition over Kazakhstan likely (004_ff5886b958f36f48.txt), multivectorism works best under limited competition (002_c10003a0df1a4504.txt)"},
  NumberSpec<W>{"oil_expectation_rate", &W::oil_expectation_rate, 0.0, 0.0, 12.0, "1/year",
    "speed at which the reference price adapts to the price (adaptive expectations); 0 keeps it fixed",
    "assumption: fixed unless set; a long scenario lets budgets and expectations adapt to a lasting price level"},
};

const std::array kModel{
  NumberSpec<M>{"rationality", &M::rationality, 50.0, 0.0, 1e4, "1/utility",
    "logit (quantal response) precision over candidate moves, per unit of marginal utility; 0 = random moves",
    "assumption, calibrated on the historical replay (docs/model.md, Validation): at 50 a move worth 0.02 more marginal utility is e times as likely; lower values let noise swamp the 2014 shift away from Moscow", false},
  NumberSpec<M>{"adjustment_rate", &M::adjustment_rate, 0.5, 0.0, 2.0, "1/year",
    "largest change of one alignment component per year; one candidate move per step, in each policy channel, is this times the step length",
    "assumption, calibrated on the historical replay: realignments take years (2005-2012 and 2014-2016 shifts in 001_6a37c59486a432e9.txt), yet the diplomatic step back from Moscow after 2014 crossed a Kuik band within two years; 0.5/year crosses a band (2/7) in about 7 months", false},
  NumberSpec<M>{"weights.security", &M::weight_security, 1.0, 0.0, 100.0, "1",
    "weight of the security term (threat left after appeasement and outside protection)",
    "assumption: the numeraire of the utility", false},
  NumberSpec<M>{"weights.prosperity", &M::weight_prosperity, 1.0, 0.0, 100.0, "1",
    "weight of the prosperity term (trade, investment, inducements, coercion costs)",
    "assumption: equal to security; bandwagoning for profit (Schweller 1994) puts gains beside fear", false},
  NumberSpec<M>{"weights.autonomy", &M::weight_autonomy, 0.5, 0.0, 100.0, "1",
    "weight of the autonomy term (penalises concentrated alignment); multiplied by 1 + nationalism",
    "assumption: half of security; the multi-vector policy aimed to limit reliance on any one state (001_6a37c59486a432e9.txt)", false},
  NumberSpec<M>{"weights.hedging", &M::weight_hedging, 0.5, 0.0, 100.0, "1",
    "weight of the hedging premium (not taking sides, scaled by uncertainty and stakes)",
    "assumption: half of security; hedging as insurance under uncertainty (Kuik 2008; 000_fd6c4c14509ddc95.txt)", false},
  NumberSpec<M>{"weights.leader", &M::weight_leader, 0.5, 0.0, 100.0, "1",
    "weight of the leader's preferred orientation; multiplied by the hedger's personalism",
    "assumption: personal leadership shapes foreign policy (001_6a37c59486a432e9.txt on Nazarbayev and Putin)", false},
  NumberSpec<M>{"weights.institutions", &M::weight_institutions, 1.0, 0.0, 100.0, "1",
    "weight of membership obligations (alignment below an institution's floor costs)",
    "assumption: binding engagement through CSTO/EEU/SCO membership (001_6a37c59486a432e9.txt, 000_fd6c4c14509ddc95.txt)", false},
  NumberSpec<M>{"threat.power", &M::threat_power, 0.25, 0.0, 1.0, "1",
    "Walt threat weight of aggregate power (partner's share of the dyad's CINC)",
    "assumption: Walt (1987) names four sources of threat without weights; equal weights", false},
  NumberSpec<M>{"threat.proximity", &M::threat_proximity, 0.25, 0.0, 1.0, "1",
    "Walt threat weight of geographic proximity",
    "assumption: equal Walt weights", false},
  NumberSpec<M>{"threat.offensive", &M::threat_offensive, 0.25, 0.0, 1.0, "1",
    "Walt threat weight of offensive capability",
    "assumption: equal Walt weights", false},
  NumberSpec<M>{"threat.intentions", &M::threat_intentions, 0.25, 0.0, 1.0, "1",
    "Walt threat weight of perceived aggressive intentions",
    "assumption: equal Walt weights", false},
  NumberSpec<M>{"threat.proximity_scale_km", &M::proximity_scale_km, 1000.0, 1.0, 1e5, "km",
    "distance over which proximity threat falls by a factor e",
    "assumption: the power to project force declines with distance (Walt 1987); about one day's road march", false},
  NumberSpec<M>{"appeasement", &M::appeasement, 0.5, 0.0, 1.0, "1",
    "share of a partner's threat removed by full security alignment with it (bandwagoning diverts the threat)",
    "assumption: Walt (1987) on bandwagoning; Kazakhstan's security alignment with Moscow (000_fd6c4c14509ddc95.txt)", false},
  NumberSpec<M>{"provocation", &M::provocation, 0.5, 0.0, 2.0, "1",
    "growth of a partner's threat with alignment against it",
    "assumption: Russia's responses to neighbours seeking NATO membership (000_fd6c4c14509ddc95.txt notes)", false},
  NumberSpec<M>{"protection", &M::protection, 1.0, 0.0, 2.0, "1",
    "share of a threat offset by security alignment with a stronger, reliable third power",
    "assumption: external balancing with outside partners (003_ce2053823aa32a23.txt)", false},
  NumberSpec<M>{"perception.rate", &M::perception_rate, 1.0, 0.0, 12.0, "1/year",
    "speed at which perceived intentions move toward the evidence of revisionism and coercion",
    "assumption: fears followed Russian rhetoric within months in 2014 (001_6a37c59486a432e9.txt)", false},
  NumberSpec<M>{"perception.coercion_salience", &M::coercion_salience, 0.5, 0.0, 2.0, "1",
    "how much a unit of military or ethnic-rhetoric coercion adds to perceived hostile intent",
    "assumption: Russian rhetoric and border force raised Kazakh fears (001_6a37c59486a432e9.txt)", false},
  NumberSpec<M>{"perception.revisionism_salience", &M::revisionism_salience, 0.5, 0.0, 2.0, "1",
    "how much a partner's revisionism adds to its perceived hostile intent",
    "assumption: a revisionist Russia should be assumed hostile (002_c10003a0df1a4504.txt)", false},
  NumberSpec<M>{"levers.rate", &M::lever_rate, 2.0, 0.0, 12.0, "1/year",
    "speed at which a great power moves its levers toward their target intensity",
    "assumption: pressure followed Kazakh moves within months (001_6a37c59486a432e9.txt, 2013-2015)", false},
  NumberSpec<M>{"sanctions_exposure", &M::sanctions_exposure, 0.5, 0.0, 2.0, "1",
    "prosperity cost of economic alignment with a sanctioned power, per unit of sanctions",
    "assumption: sanctions compliance as a choice (002_c10003a0df1a4504.txt)", false},
  NumberSpec<M>{"entrapment", &M::entrapment, 0.5, 0.0, 2.0, "1",
    "security cost of security alignment with a power at war, per unit of war",
    "assumption: Snyder (1997) entrapment; the CSTO could be called on if the war expands (002_c10003a0df1a4504.txt)", false},
  NumberSpec<M>{"weights.regime_security", &M::weight_regime_security, 1.0, 0.0, 100.0, "1",
    "weight of the regime-security term: security ties to reliable protectors, valued more as legitimacy falls",
    "assumption: equal to security; Russian support for the regime in 2004-05 (001_6a37c59486a432e9.txt) and January 2022", false},
  NumberSpec<M>{"weights.abandonment", &M::weight_abandonment, 0.5, 0.0, 100.0, "1",
    "weight of the abandonment term: the cost of relying in security on a patron that may not come",
    "assumption: half of security; Snyder (1997) abandonment", false},
  NumberSpec<M>{"domestic.legitimacy_rate", &M::legitimacy_rate, 1.0, 0.0, 12.0, "1/year",
    "speed at which legitimacy moves toward its target (baseline, reform, oil income)",
    "assumption: public mood follows economic shocks within a year (the 2014-16 slump, 003_ce2053823aa32a23.txt)", false},
  NumberSpec<M>{"domestic.reform_legitimacy", &M::reform_legitimacy, 0.2, 0.0, 1.0, "1",
    "legitimacy gained per unit of reform effort",
    "assumption: reform and rule of law as internal balancing (003_ce2053823aa32a23.txt, 002_c10003a0df1a4504.txt)", false},
  NumberSpec<M>{"domestic.shock_sensitivity", &M::shock_sensitivity, 4.0, 0.0, 50.0, "1",
    "growth of the unrest hazard with the loss of oil income: hazard x exp(s x loss)",
    "assumption: the January 2022 unrest began over fuel prices; a halving of oil income doubles the hazard", false},
  NumberSpec<M>{"domestic.legitimacy_sensitivity", &M::legitimacy_sensitivity, 4.0, 0.0, 50.0, "1",
    "fall of the unrest hazard with legitimacy: hazard x exp(-k (legitimacy - 0.5))",
    "assumption: legitimacy 0.25 above the midpoint cuts the hazard by e", false},
  NumberSpec<M>{"domestic.request_threshold", &M::request_threshold, 0.15, 0.0, 1.0, "1",
    "need (regime_security x (1 - legitimacy)) above which a regime in crisis asks a patron for help",
    "assumption: Kazakhstan asked the CSTO for help in January 2022 (calibration facts)", false},
  NumberSpec<M>{"domestic.crisis_legitimacy_loss", &M::crisis_legitimacy_loss, 0.15, 0.0, 1.0, "1",
    "legitimacy lost when a regime crisis breaks out",
    "assumption", false},
  NumberSpec<M>{"domestic.help_legitimacy_gain", &M::help_legitimacy_gain, 0.3, 0.0, 1.0, "1",
    "share of the legitimacy gap closed when a patron's help restores order",
    "assumption: order restored within days in January 2022 (calibration facts)", false},
  NumberSpec<M>{"domestic.help_days", &M::help_days, 13.0, 0.0, 365.0, "days",
    "how long a patron's forces stay after they are deployed to restore order",
    "dated event timeline (scenarios/data/timeline.csv): CSTO troops arrived on 6 January 2022 and were withdrawn by 19 January", false},
  NumberSpec<M>{"sovereignty", &M::sovereignty, 0.85, 0.0, 5.0, "1",
    "domestic cost of diplomatic closeness to a power perceived as hostile; multiplied by nationalism and the perceived intent",
    "assumption, calibrated on the historical replay (docs/model.md, Calibration): the diplomatic step back from Moscow after the 2014 statehood remarks, answered by the 550th anniversary of statehood and talk of leaving the EEU (001_6a37c59486a432e9.txt), crosses a Kuik band in at least 80 % of runs for values from about 0.8 to 1.0", false},
  NumberSpec<M>{"exposure.trade_alignment", &M::trade_alignment, 1.0, 0.0, 20.0, "1",
    "elasticity of a partner's attraction as a trade partner and export market to changes in economic alignment",
    "assumption: bandwagoning for profit works through trade (Schweller 1994); unit elasticity", false},
  NumberSpec<M>{"exposure.trade_coercion", &M::trade_coercion, 0.5, 0.0, 20.0, "1",
    "fall of a partner's attraction as a trade partner per unit rise of its economic controls",
    "assumption, calibrated: trade with EEU partners fell about a quarter in 2015 under customs barriers (calibration facts, 001_6a37c59486a432e9.txt)", false},
  NumberSpec<M>{"exposure.arms_alignment", &M::arms_alignment, 1.0, 0.0, 20.0, "1",
    "elasticity of a supplier's attraction for arms imports to changes in security alignment",
    "assumption: arms follow security ties (Russian arms at domestic prices for CSTO members, calibration facts)", false},
  NumberSpec<M>{"exposure.arms_threat", &M::arms_threat, 1.0, 0.0, 20.0, "1",
    "fall of a supplier's attraction for arms imports per unit rise of the threat it poses (supplier diversification)",
    "assumption: diversification at the margin after 2014 and 2022 (Turkish, Israeli, Chinese drones; calibration facts)", false},
  NumberSpec<M>{"exposure.route_threat", &M::route_threat, 0.5, 0.0, 20.0, "1",
    "fall of a transit country's attraction as an export route per unit rise of the threat it poses",
    "assumption: the Caspian bypass was pursued after the 2022 CPC disruptions (calibration facts, 002_c10003a0df1a4504.txt)", false},
  NumberSpec<M>{"exposure.route_coercion", &M::route_coercion, 0.5, 0.0, 20.0, "1",
    "fall of a transit country's attraction as an export route per unit rise of its economic controls",
    "assumption: transit leverage as coercion (001_6a37c59486a432e9.txt)", false},
  NumberSpec<M>{"membership.rationality", &M::membership_rationality, 20.0, 0.0, 1e4, "1/utility",
    "logit precision of the choice to join, keep or leave an institution",
    "assumption: the same precision as alignment moves", false},
  NumberSpec<M>{"membership.review", &M::membership_review, 1.0, 0.0, 12.0, "1/year",
    "rate at which a member reconsiders a membership (an open offer is answered every step)",
    "assumption: memberships come up for debate about once a year (summits, ratifications)", false},
  NumberSpec<M>{"acts.rationality", &M::act_rationality, 10.0, 0.0, 1e4, "1/utility",
    "logit precision of votes and recognition decisions",
    "assumption: votes are noisier than alignment, because they also answer issues the model leaves out", false},
  NumberSpec<M>{"acts.territorial_norm", &M::territorial_norm, 1.0, 0.0, 10.0, "1",
    "weight a hedger gives to territorial integrity in votes and recognition, scaled by its nationalism and kin-minority share",
    "assumption: a state with a large kin minority of a neighbour fears precedents (Kazakhstan refused to recognise the DPR/LPR in 2022, calibration facts)", false},
  NumberSpec<M>{"acts.silence", &M::silence, 0.5, 0.0, 10.0, "1",
    "weight of what a power pays a hedger (trade share, investment, side payments) in the cost of voting for a resolution that criticises it",
    "assumption: economic dependence on China kept Kazakhstan from criticising the Xinjiang camps where ethnic Kazakhs were held (004_ff5886b958f36f48.txt); 0.5 makes a power paying 0.4 of such gains cost about as much as the provocation of a threatening one", false},
  NumberSpec<M>{"factions.review", &M::factions_review, 1.0, 0.01, 100.0, "years",
    "time between rounds of elite bargaining over the leader's course after a succession",
    "assumption: yearly, as cabinet and Security Council appointments were reshuffled after 2019 (002_c10003a0df1a4504.txt)", false},
  NumberSpec<M>{"internal.spending_ceiling", &M::spending_ceiling, 4.0, 0.1, 20.0, "% of GDP",
    "military spending at full defence effort (the top of the effort scale)",
    "assumption: near the highest peacetime shares among post-Soviet states in the 2010s (SIPRI Military Expenditure Database: Armenia and Azerbaijan about 4 %)", false},
  NumberSpec<M>{"internal.self_reliance", &M::self_reliance, 0.3, 0.0, 1.0, "1",
    "share of each great power's threat that full defence effort deters (internal balancing)",
    "assumption: a small state's own forces raise the cost of coercion but cannot stop a great power; internal balancing beside external (003_ce2053823aa32a23.txt)", false},
  NumberSpec<M>{"internal.defence_cost", &M::defence_cost, 0.9, 0.0, 100.0, "prosperity",
    "prosperity cost of defence effort e, as cost * e^2 (guns against butter; weighs more in an oil slump)",
    "assumption, calibrated: Kazakhstan's spending of about 1 % of GDP (SIPRI) is its optimum under the starting conditions of the historical replay (docs/model.md, Calibration)", false},
  NumberSpec<M>{"internal.arms_dependence", &M::arms_dependence, 0.5, 0.0, 100.0, "security",
    "security cost of arms bought from a power seen as hostile, per unit intent and arms share, that diversification effort removes",
    "assumption: dependence on Russian arms seen as a vulnerability (002_c10003a0df1a4504.txt); procurement from non-Russian sources after 2014 (003_ce2053823aa32a23.txt)", false},
  NumberSpec<M>{"internal.diversification_cost", &M::diversification_cost, 1.0, 0.0, 100.0, "prosperity",
    "prosperity cost of diversification effort e, as cost * e^2 (arms bought elsewhere cost more than at Russian domestic prices)",
    "assumption, calibrated: diversification stays at the margin (Russia keeps at least 75 % of arms imports, SIPRI) in the historical replay (docs/model.md, Calibration)", false},
  NumberSpec<M>{"internal.diversification_rate", &M::diversification_rate, 0.2, 0.0, 20.0, "1/year",
    "fall per year of the main suppliers' attraction for arms imports at full diversification effort, in proportion to their share",
    "assumption: a procurement shift takes about a decade of contracts at full effort", false},
  NumberSpec<M>{"internal.reform_cost", &M::reform_cost, 0.55, 0.0, 100.0, "utility",
    "cost to personal rule of reform effort e, as personalism * cost * e^2 (reform curbs state monopolies and personal control)",
    "assumption, calibrated: the starting reform effort of the historical replay is the optimum of its starting personalism (docs/model.md, Calibration); structural reform against state-owned enterprises and monopolies (003_ce2053823aa32a23.txt)", false},
  NumberSpec<M>{"internal.reform_resilience", &M::reform_resilience, 0.5, 0.0, 1.0, "1",
    "share of the cost of economic coercion and of oil hardship that full reform absorbs",
    "assumption: diversifying away from resource rents makes the economy less exposed (003_ce2053823aa32a23.txt)", false},
  NumberSpec<M>{"reactions.act", &M::grievance_act, 0.3, 0.0, 10.0, "1",
    "grievance a great power takes per unit severity of a vote against it or a refused recognition it asked for; adds to its pressure",
    "assumption: Russian transit controls followed the June 2022 refusal to recognise the DPR/LPR (CPC court-ordered suspensions, calibration facts)", false},
  NumberSpec<M>{"reactions.exit", &M::grievance_exit, 1.0, 0.0, 10.0, "1",
    "grievance a great power takes when a hedger leaves an institution it leads",
    "assumption: leaving an institution is a larger affront than a vote", false},
  NumberSpec<M>{"reactions.half_life", &M::grievance_half_life, 2.0, 0.01, 100.0, "years",
    "half-life of a great power's grievance",
    "assumption: punitive measures of 2022 were eased within about two years", false},
};

const std::array kAgent{
  NumberSpec<A>{"capability", &A::capability, kRequired, 0.0, 1.0, "CINC share",
    "aggregate material capability (share of world total)",
    "COW National Material Capabilities v6.0, CINC score"},
  NumberSpec<A>{"capability_growth", &A::capability_growth, 0.0, -1.0, 1.0, "1/year",
    "trend of the log capability; the capability changes by this rate every year",
    "assumption: constant unless set; scenarios set it from the COW NMC series"},
  NumberSpec<A>{"offensive_capability", &A::offensive_capability, 0.1, 0.0, 1.0, "1",
    "ability to project force against neighbours (Walt's offensive power)",
    "assumption: low unless the scenario gives a sourced value"},
  NumberSpec<A>{"revisionism", &A::revisionism, 0.0, 0.0, 1.0, "1",
    "how far the power seeks to change the status quo; shifts its levers from inducement to coercion and raises perceived hostility",
    "assumption: status quo by default; hedging presumes a status-quo Russia (002_c10003a0df1a4504.txt)", true, Applies::great_power},
  NumberSpec<A>{"reliability", &A::reliability, 0.5, 0.0, 1.0, "1",
    "probability-like weight that the power protects a partner that aligns with it",
    "assumption: mid-scale; abandonment risk (Snyder 1997)", true, Applies::great_power},
  NumberSpec<A>{"ambition", &A::ambition, 0.3, -1.0, 1.0, "alignment",
    "mean alignment the power wants from each hedger before it reacts",
    "assumption: a sphere of influence tolerated multivectorism while Russia kept prime interest (001_6a37c59486a432e9.txt)", true, Applies::great_power},
  NumberSpec<A>{"sanctioned", &A::sanctioned, 0.0, 0.0, 1.0, "1",
    "intensity of sanctions others impose on this agent; on a great power it exposes partners to secondary sanctions, on a hedger it takes that share of the bite out of secondary sanctions",
    "assumption: none unless set", true, Applies::all},
  NumberSpec<A>{"at_war", &A::at_war, 0.0, 0.0, 1.0, "1",
    "intensity of a war this power is fighting (entrapment risk for its security partners)",
    "assumption: none unless set", true, Applies::great_power},
  NumberSpec<A>{"levers.inducement", &A::lever_inducement, 0.2, 0.0, 1.0, "prosperity",
    "largest side payment the power offers a hedger for alignment (EEU revenue sharing, cheap arms, BRI loans)",
    "assumption; inducements named in 001_6a37c59486a432e9.txt (EEU duty redistribution) and 004_ff5886b958f36f48.txt (BRI)", true, Applies::great_power},
  NumberSpec<A>{"levers.military", &A::lever_military, 0.0, 0.0, 1.0, "1",
    "largest military posturing the power uses as coercion",
    "001_6a37c59486a432e9.txt (first of Russia's three levers); 0 = not used unless set", true, Applies::great_power},
  NumberSpec<A>{"levers.economic", &A::lever_economic, 0.0, 0.0, 1.0, "prosperity",
    "largest economic control (customs barriers, transit leverage) the power uses as coercion",
    "001_6a37c59486a432e9.txt (third lever); 0 = not used unless set", true, Applies::great_power},
  NumberSpec<A>{"levers.ethnic", &A::lever_ethnic, 0.0, 0.0, 1.0, "1",
    "largest rhetoric on kin minorities the power uses as coercion; effect scales with kin_minority_share",
    "001_6a37c59486a432e9.txt (second lever), 004_ff5886b958f36f48.txt; 0 = not used unless set", true, Applies::great_power},
  NumberSpec<A>{"levers.tolerance", &A::lever_tolerance, 0.1, 0.0, 2.0, "alignment",
    "shortfall from ambition the power tolerates before it applies levers",
    "assumption: multivectorism was tolerated so long as Russia kept prime interest (001_6a37c59486a432e9.txt)", true, Applies::great_power},
  NumberSpec<A>{"nationalism", &A::nationalism, 0.3, 0.0, 1.0, "1",
    "strength of national sentiment; multiplies the autonomy weight by (1 + nationalism)",
    "assumption: growing Kazakh nationalism (001_6a37c59486a432e9.txt, 004_ff5886b958f36f48.txt)", true, Applies::hedger},
  NumberSpec<A>{"personalism", &A::personalism, 0.5, 0.0, 1.0, "1",
    "how personal the regime is; multiplies the weight of the leader's orientation",
    "assumption: a highly personalist system (002_c10003a0df1a4504.txt)", true, Applies::hedger},
  NumberSpec<A>{"commodity_export_share", &A::commodity_export_share, 0.0, 0.0, 1.0, "1",
    "share of exports that are oil and other commodities; exposes prosperity to the oil price",
    "assumption: none unless set; Kazakhstan: crude over half of exports (Kazakh official statistics)", true, Applies::hedger},
  NumberSpec<A>{"legitimacy", &A::legitimacy, 0.6, 0.0, 1.0, "1",
    "baseline (and initial) popular legitimacy of the regime",
    "assumption: an authoritarian regime with a performance-based legitimacy", true, Applies::hedger},
  NumberSpec<A>{"reform", &A::reform, 0.2, 0.0, 1.0, "1",
    "institutional and economic reform effort at the start (internal balancing); raises legitimacy; then the hedger's own choice",
    "assumption: small-bore reforms so far (003_ce2053823aa32a23.txt)", false, Applies::hedger},
  NumberSpec<A>{"military_spending", &A::military_spending, 0.9, 0.0, 20.0, "% of GDP",
    "military spending at the start (internal balancing); then the hedger's own choice, up to internal.spending_ceiling",
    "SIPRI Military Expenditure Database: Kazakhstan 0.8-1.1 % of GDP in 2011-2021 (scenarios/data/kazakhstan_arms_imports.csv)", false, Applies::hedger},
  NumberSpec<A>{"arms_diversification", &A::arms_diversification, 0.0, 0.0, 1.0, "1",
    "effort to buy arms beyond the main suppliers at the start; then the hedger's own choice",
    "assumption: none unless set; procurement from non-Russian sources grew after 2014 (003_ce2053823aa32a23.txt)", false, Applies::hedger},
  NumberSpec<A>{"unrest_hazard", &A::unrest_hazard, 0.05, 0.0, 100.0, "1/year",
    "yearly hazard of a regime crisis at legitimacy 0.5 and no loss of oil income",
    "assumption: major crises in 2011 (Zhanaozen) and 2022 (January) in three decades", true, Applies::hedger},
  NumberSpec<A>{"regime_security", &A::regime_security, 0.5, 0.0, 1.0, "1",
    "weight the leadership gives to regime survival: values protective patrons, asks for help in a crisis",
    "assumption: regime security as a driver of alignment with Moscow (001_6a37c59486a432e9.txt, 000_fd6c4c14509ddc95.txt)", true, Applies::hedger},
  NumberSpec<A>{"crisis", &A::crisis, 0.0, 0.0, 1.0, "1",
    "set to 1 by an event to force a regime crisis this step; the domestic phase handles and clears it",
    "assumption: an exogenous trigger for events such as the January 2022 unrest; 0 unless an event sets it", true, Applies::hedger},
  NumberSpec<A>{"predecessor_half_life", &A::predecessor_half_life, 1.5, 0.01, 100.0, "years",
    "half-life of a personalist predecessor's weight among the elite factions after a succession",
    "assumption: Nazarbayev kept the Security Council chair from March 2019 to January 2022 with fading sway (000_fd6c4c14509ddc95.txt, 002_c10003a0df1a4504.txt)", true, Applies::hedger},
};

const std::array kRelation{
  NumberSpec<R>{"distance_km", &R::distance_km, 5000.0, 0.0, 40000.0, "km",
    "distance between the two territories; 0 = shared land border",
    "assumption: far apart unless set; set from geography"},
  NumberSpec<R>{"trade_share", &R::trade_share, 0.0, 0.0, 1.0, "1",
    "partner's share of the agent's total goods trade",
    "national trade statistics (see scenarios/data)"},
  NumberSpec<R>{"investment", &R::investment, 0.0, 0.0, 1.0, "1",
    "partner's investment and lending relative to the agent's economy, as a gain for economic alignment",
    "assumption: none unless set"},
  NumberSpec<R>{"arms_share", &R::arms_share, 0.0, 0.0, 1.0, "1",
    "partner's share of the agent's major-arms imports; deepens the security gain of alignment",
    "SIPRI Arms Transfers Database"},
  NumberSpec<R>{"export_route_share", &R::export_route_share, 0.0, 0.0, 1.0, "1",
    "share of the agent's commodity exports that transit the partner's territory (economic leverage)",
    "CPC pipeline share of Kazakh crude exports (calibration facts)"},
  NumberSpec<R>{"export_share", &R::export_share, 0.0, 0.0, 1.0, "1",
    "partner's share of the agent's exports (endogenous, see exposure)",
    "national trade statistics (see scenarios/data)"},
  NumberSpec<R>{"kin_minority_share", &R::kin_minority_share, 0.0, 0.0, 1.0, "1",
    "share of the agent's population who are the partner's kin (scales the ethnic lever)",
    "national census (Kazakhstan 2021: 15.5 % ethnic Russians)"},
  NumberSpec<R>{"kin_minority_trend", &R::kin_minority_trend, 0.0, -1.0, 1.0, "1/year",
    "trend of the log kin-minority share (emigration, births)",
    "assumption: constant unless set; scenarios set it from the censuses"},
  NumberSpec<R>{"trade_trend", &R::trade_trend, 0.0, -1.0, 1.0, "1/year",
    "trend of the partner's log attraction as a trade partner, beside alignment and coercion",
    "assumption: none unless calibrated (growth of the partner's economy and of transport links)"},
  NumberSpec<R>{"export_trend", &R::export_trend, 0.0, -1.0, 1.0, "1/year",
    "trend of the partner's log attraction as an export market",
    "assumption: none unless calibrated"},
  NumberSpec<R>{"arms_trend", &R::arms_trend, 0.0, -1.0, 1.0, "1/year",
    "trend of the partner's log attraction as an arms supplier",
    "assumption: none unless calibrated"},
  NumberSpec<R>{"route_trend", &R::route_trend, 0.0, -1.0, 1.0, "1/year",
    "trend of the partner's log attraction as an export route (pipelines built)",
    "assumption: none unless calibrated"},
  NumberSpec<R>{"intent_baseline", &R::intent_baseline, 0.2, 0.0, 1.0, "1",
    "perceived hostile intent of the partner in the absence of coercion and revisionism",
    "assumption: low but non-zero distrust"},
  NumberSpec<R>{"orientation", &R::orientation, 0.0, -1.0, 1.0, "alignment",
    "mean alignment toward the partner that the agent's leader prefers; after a succession, an agent with elite "
    "factions takes the course they bargain instead (course_set events), whatever was set here",
    "assumption: neutral unless set; leader profiles from 001_6a37c59486a432e9.txt and 004_ff5886b958f36f48.txt"},
  NumberSpec<R>{"alignment.security", &R::alignment_security, 0.0, -1.0, 1.0, "alignment",
    "initial security alignment toward the partner (-1 pure balancing .. +1 pure bandwagoning)",
    "assumption: neutral unless set", false},
  NumberSpec<R>{"alignment.economic", &R::alignment_economic, 0.0, -1.0, 1.0, "alignment",
    "initial economic alignment toward the partner",
    "assumption: neutral unless set", false},
  NumberSpec<R>{"alignment.diplomatic", &R::alignment_diplomatic, 0.0, -1.0, 1.0, "alignment",
    "initial diplomatic alignment toward the partner",
    "assumption: neutral unless set", false},
};

const std::array kInstitution{
  NumberSpec<I>{"open", &I::open, 1.0, 0.0, 1.0, "1",
    "above 0.5 membership is on offer; an event opens an institution when it is founded or a treaty is signed",
    "assumption: on offer unless the scenario opens it later (dated treaties in the calibration facts)"},
  NumberSpec<I>{"benefit", &I::benefit, 0.2, 0.0, 5.0, "utility",
    "gain of membership, weighted like the institutions term (duty redistribution, arms at domestic prices, a seat at the table)",
    "assumption: inducements of membership named in 001_6a37c59486a432e9.txt (EEU duties, cheap arms)"},
  NumberSpec<I>{"exit_cost", &I::exit_cost, 0.2, 0.0, 5.0, "utility",
    "cost of leaving besides provoking the leader (lost access, sunk commitments)",
    "assumption: leaving was threatened in 2014 but never done (calibration facts)"},
};

const std::array kStructural{
  KeySpec{"extends", "path", "(none)", "base scenario this file overlays, relative to this file"},
  KeySpec{"scenario.name", "identifier", "(required)", "scenario name, stored in outputs"},
  KeySpec{"scenario.description", "text", "\"\"", "free text"},
  KeySpec{"scenario.start", "YYYY-MM", "(required)", "first simulated month"},
  KeySpec{"scenario.end", "YYYY-MM", "(required)", "last simulated month (inclusive)"},
  KeySpec{"scenario.step", "month | quarter | year", "month", "length of one step"},
  KeySpec{"scenario.runs", "integer in [1, 2147483647]", "100", "default ensemble size (overridden by --runs)"},
  KeySpec{"scenario.seed", "integer >= 0", "1", "default master seed (overridden by --seed)"},
  KeySpec{"world.<key>", "number", "see World", "global exogenous conditions"},
  KeySpec{"model.<key>", "number", "see Model", "rule parameters"},
  KeySpec{"agents.<id>.name", "text", "the id", "display name"},
  KeySpec{"agents.<id>.role", "hedger | great_power", "(required)", "which rules the agent follows"},
  KeySpec{"agents.<id>.<key>", "number", "see Agent", "agent parameters"},
  KeySpec{"agents.<id>.factions[i].id", "identifier", "(required)", "elite faction of a hedger (docs/model.md, Succession and factions)"},
  KeySpec{"agents.<id>.factions[i].capability", "number >= 0", "(required)", "the faction's share of elite power"},
  KeySpec{"agents.<id>.factions[i].salience", "number in [0, 1]", "(required)", "how much the foreign-policy course matters to it"},
  KeySpec{"agents.<id>.factions[i].orientation.<power>", "number in [-1, 1]", "(none: no stake)", "the course it wants toward a great power (mean alignment)"},
  KeySpec{"agents.<id>.factions[i].predecessor", "true | false", "false", "the former leader, whose capability fades with predecessor_half_life after a succession"},
  KeySpec{"relations.<agent>.<partner>.<key>", "number", "see Relation", "directed dyad parameters"},
  KeySpec{"relations.<agent>.<partner>.memberships", "list of institution ids", "[]", "institutions the agent belongs to that the partner leads"},
  KeySpec{"institutions.<id>.name", "text", "the id", "display name"},
  KeySpec{"institutions.<id>.led_by", "agent id", "(required)", "the great power that leads it"},
  KeySpec{"institutions.<id>.dimension", "security | economic | diplomatic", "(required)", "alignment dimension the membership binds"},
  KeySpec{"institutions.<id>.floor", "number in [-1, 1]", "0.142857 (1/7)", "alignment toward the leader below which obligations cost (Kuik: binding engagement starts at 1/7)"},
  KeySpec{"institutions.<id>.<key>", "number", "see Institution", "what the institution offers; events may change it"},
  KeySpec{"events[i].id", "identifier", "(required)", "unique name, used in the events table"},
  KeySpec{"events[i].description", "text", "\"\"", "free text"},
  KeySpec{"events[i].at", "YYYY-MM", "(none)", "scheduled date (exactly one of at and hazard)"},
  KeySpec{"events[i].hazard", "number >= 0", "(none)", "arrival rate per year of a stochastic event"},
  KeySpec{"events[i].window.from", "YYYY-MM", "scenario start", "first month a stochastic event may occur (may lie outside the span; clipped)"},
  KeySpec{"events[i].window.to", "YYYY-MM", "scenario end", "last month a stochastic event may occur (may lie outside the span; clipped)"},
  KeySpec{"events[i].max_occurrences", "integer >= 1", "1", "how often a stochastic event may occur in one run"},
  KeySpec{"events[i].when.path", "parameter path", "(none)", "condition subject; the event fires only while the condition holds"},
  KeySpec{"events[i].when.op", "< | <= | > | >=", "(required with when)", "comparison"},
  KeySpec{"events[i].when.value", "number", "(required with when)", "threshold"},
  KeySpec{"events[i].actor", "agent id", "(none)", "who acts, for the events table"},
  KeySpec{"events[i].target", "agent id", "(none)", "who is acted upon, for the events table"},
  KeySpec{"events[i].act.type", "un_vote | recognition | succession | sanctions", "(none)", "what the event asks: every hedger votes on a UN resolution `actor` sponsors against `target`, answers `actor`'s request to recognise a breakaway entity, or decides whether to enforce the sanctions `actor` imposes on `target`; or hedger `actor` has a new leader whose course its factions bargain over"},
  KeySpec{"events[i].act.severity", "number in [0, 1]", "1", "how plainly the act touches territorial integrity (a vote, a recognition), or how broad the sanctions are (the stakes on both sides)"},
  KeySpec{"events[i].effects[j].op", "set | add | scale", "(required unless act)", "what the effect does to its path"},
  KeySpec{"events[i].effects[j].path", "parameter path", "(required)", "an exogenous parameter: world.<key>, agents.<id>.<key>, relations.<agent>.<partner>.<key> or institutions.<id>.<key>"},
  KeySpec{"events[i].effects[j].value", "number", "(required)", "the operand; the result is clamped to the parameter's range"},
  KeySpec{"output.variables", "list of names", "all", "which variables to record (see docs/file-format.md)"},
  KeySpec{"output.every", "integer >= 1", "1", "record every k-th step"},
};
// clang-format on

std::string applies_text(Applies applies)
{
  switch (applies) {
  case Applies::hedger:
    return "hedger";
  case Applies::great_power:
    return "great_power";
  case Applies::all:
    break;
  }
  return "all";
}

template <class Block>
void append_table(std::string& out, std::string_view title, std::string_view prefix,
                  std::span<const NumberSpec<Block>> specs, bool with_role)
{
  out += fmt::format("### {}\n\n", title);
  out +=
      with_role
          ? "| key | roles | default | range | unit | events | meaning | source |\n|---|---|---|---|---|---|---|---|\n"
          : "| key | default | range | unit | events | meaning | source |\n|---|---|---|---|---|---|---|\n";
  for (const auto& s : specs) {
    const std::string def = s.required() ? "(required)" : format_number(s.default_value);
    const std::string role = with_role ? applies_text(s.applies) + " | " : "";
    out += fmt::format("| `{}{}` | {}{} | {} | {} | {} | {} | {} |\n", prefix, s.key, role, def,
                       range_text(s.min, s.max), s.unit, s.exogenous ? "yes" : "no", s.meaning, s.source);
  }
  out += "\n";
}

} // namespace

std::span<const NumberSpec<WorldParams>> world_parameters()
{
  return kWorld;
}
std::span<const NumberSpec<ModelParams>> model_parameters()
{
  return kModel;
}
std::span<const NumberSpec<AgentParams>> agent_parameters()
{
  return kAgent;
}
std::span<const NumberSpec<RelationParams>> relation_parameters()
{
  return kRelation;
}
std::span<const NumberSpec<InstitutionParams>> institution_parameters()
{
  return kInstitution;
}
std::span<const KeySpec> structural_keys()
{
  return kStructural;
}

std::pair<double, double> parameter_range(const ParamRef& ref)
{
  const auto range = [&](auto specs) { return std::pair{specs[ref.field].min, specs[ref.field].max}; };
  switch (ref.scope) {
  case ParamRef::Scope::world:
    return range(world_parameters());
  case ParamRef::Scope::agent:
    return range(agent_parameters());
  case ParamRef::Scope::relation:
    return range(relation_parameters());
  case ParamRef::Scope::institution:
    return range(institution_parameters());
  }
  return {0.0, 0.0};
}

std::string parameter_reference_markdown()
{
  std::string out;
  out += "### Structure\n\n| key | type | default | meaning |\n|---|---|---|---|\n";
  for (const auto& k : kStructural) {
    out += fmt::format("| `{}` | {} | {} | {} |\n", k.path, k.type, k.default_text, k.meaning);
  }
  out += "\n";
  append_table<WorldParams>(out, "World (`world.<key>`)", "world.", kWorld, false);
  append_table<ModelParams>(out, "Model (`model.<key>`)", "model.", kModel, false);
  append_table<AgentParams>(out, "Agent (`agents.<id>.<key>`)", "", kAgent, true);
  append_table<RelationParams>(out, "Relation (`relations.<agent>.<partner>.<key>`)", "", kRelation, false);
  append_table<InstitutionParams>(out, "Institution (`institutions.<id>.<key>`)", "", kInstitution, false);
  return out;
}

} // namespace hedgesim
