"""Validation: the model's causal levers push the outcomes the way the theory says, at the
scenario level and averaged over an ensemble of paired runs (docs/validation-directions.md).

Each case runs a shipped scenario twice at its own seed, as written and with one `--set`
change, and requires the mean paired difference of an outcome over a window to have the
expected sign by more than two standard errors (direction_of_effect.py). Windows end
before a scheduled event that sets the changed parameter again (the 2020 oil collapse,
the January 2022 crisis, the 2022 invasion), so the change is in force over the window.
"""

import numpy as np
import pytest

import direction_of_effect as d
from direction_of_effect import Case

SUCCESSION = "scenarios/post_nazarbayev_succession.yaml"
HISTORICAL = "scenarios/historical_1991_2025.yaml"
WHOLE = (None, None)
BEFORE_COVID_OIL = (None, "2020-03")  # the 2020-04 event sets the oil price to 30
BEFORE_JANUARY_2022 = (None, "2021-12")  # the 2022-01 event forces a regime crisis
BEFORE_INVASION = (None, "2022-01")  # the 2022-02 event sets Russia's at_war and revisionism
AFTER_INVASION = ("2022-03", None)  # Russia under the sanctions of 2022 (0.8)

CASES = [
    Case("china_investment_economic_alignment", SUCCESSION, ("relations.kazakhstan.china.investment=0.4",),
         d.alignment("china", "economic"), WHOLE, +1,
         "bandwagoning for profit (Schweller): the prosperity term pays (trade + investment)(1 + a[econ])/2, "
         "so more Chinese investment rewards economic alignment with China"),
    Case("russia_revisionism_threat", SUCCESSION, ("agents.russia.revisionism=1",),
         d.threat("russia"), BEFORE_INVASION, +1,
         "balance of threat (Walt): the perception rule adds revisionism_salience x revisionism to the "
         "perceived intent I*, one of the four sources of the threat T"),
    Case("russia_revisionism_diplomatic_alignment", SUCCESSION, ("agents.russia.revisionism=1",),
         d.alignment("russia", "diplomatic"), BEFORE_INVASION, -1,
         "balance of threat (Walt): a more hostile-looking Russia is kept at a diplomatic distance; the autonomy "
         "term's sovereignty cost nationalism x I[h,g] x a+[g,dipl] grows with the perceived intent"),
    Case("russia_revisionism_security_alignment", SUCCESSION, ("agents.russia.revisionism=1",),
         d.alignment("russia", "security"), BEFORE_INVASION, +1,
         "bandwagoning with a threat (Walt): a weak neighbour of a strong, hostile power appeases it in security; "
         "the security term's exposure 1 - appeasement x a+[g,sec] lowers the threat the hedger bears, so the "
         "mean alignment toward Russia barely moves while its parts move apart"),
    Case("russia_at_war_security_alignment", SUCCESSION, ("agents.russia.at_war=0.8",),
         d.alignment("russia", "security"), BEFORE_INVASION, -1,
         "entrapment (Snyder): the entrapment term -entrapment x at_war x a+[g,sec] makes security ties "
         "to a belligerent costly"),
    Case("russia_reliability_security_alignment", SUCCESSION, ("agents.russia.reliability=0.5",),
         d.alignment("russia", "security"), WHOLE, -1,
         "abandonment (Snyder): the abandonment term -max T x (1 - reliability) x a+[g,sec] and the "
         "regime-security term reliability x a+[g,sec] both make security reliance on an unreliable patron worth less"),
    Case("russia_ethnic_lever_threat", SUCCESSION, ("agents.russia.levers.ethnic=1",),
         d.threat("russia"), WHOLE, +1,
         "balance of threat (Walt), the second Russian lever: rhetoric on kin minorities adds "
         "coercion_salience x kin_share x ethnic to the perceived intent I*"),
    Case("nationalism_diplomatic_alignment_russia", HISTORICAL, ("agents.kazakhstan.nationalism=0.5",),
         d.alignment("russia", "diplomatic"), WHOLE, -1,
         "nationalism raises the domestic cost of closeness to a power seen as hostile: the autonomy term's "
         "sovereignty cost nationalism x I[h,g] x a+[g,dipl]"),
    Case("oil_slump_unrest_hazard", SUCCESSION, ("world.oil_price=32",),
         d.unrest_hazard, BEFORE_COVID_OIL, +1,
         "a commodity exporter's regime is shaken by an oil slump: the domestic rule's hazard "
         "unrest_hazard x exp(shock_sensitivity x (-oil)+ - legitimacy_sensitivity x (legitimacy - 1/2))"),
    Case("oil_slump_legitimacy", SUCCESSION, ("world.oil_price=32",),
         d.legitimacy, BEFORE_COVID_OIL, -1,
         "performance legitimacy: the domestic rule's target legitimacy adds the oil income "
         "commodity_export_share x ln(oil_price / oil_reference_price), negative in a slump"),
    Case("oil_slump_regime_crises", SUCCESSION, ("world.oil_price=32",),
         d.regime_crises, BEFORE_JANUARY_2022, +1,
         "an oil slump makes regime crises likelier: a crisis breaks out with probability 1 - exp(-h dt), "
         "h the domestic rule's hazard, and the lost legitimacy keeps h up after the price is reset"),
    Case("western_inducement_mean_alignment", SUCCESSION, ("agents.west.levers.inducement=0.6",),
         d.mean_alignment("west"), WHOLE, +1,
         "side payments buy alignment (Schweller): the prosperity term pays inducement x (1 + m[g])/2, and "
         "the great-power rule offers levers.inducement x (1 + pressure)/2"),
    Case("uncertainty_alignment_spread", HISTORICAL, ("world.uncertainty=1",),
         d.alignment_spread, WHOLE, -1,
         "hedging as insurance under uncertainty (Kuik): the hedging premium "
         "uncertainty x max T x (1 - (max m - min m)/2) rewards keeping the powers close together"),
    Case("russia_economic_controls_trade_share", HISTORICAL, ("agents.russia.levers.economic=0.8",),
         d.trade_share("russia"), WHOLE, -1,
         "customs barriers cut trade with the coercer (EEU trade fell a quarter in 2015): the exposure rule "
         "lowers a partner's attraction by trade_coercion x the rise of its economic controls"),
    Case("russia_revisionism_military_spending", SUCCESSION, ("agents.russia.revisionism=1",),
         d.military_spending, ("2019-03", "2022-01"), +1,
         "internal balancing against a threat (Walt; 003_ce2053823aa32a23.txt): own forces deter a share "
         "self_reliance x defence of every threat, so a larger threat makes spending worth more than its cost"),
    Case("low_personalism_reform", SUCCESSION, ("agents.kazakhstan.personalism=0.3",),
         d.reform, WHOLE, +1,
         "reform as internal balancing curbs personal rule (003_ce2053823aa32a23.txt): its cost "
         "personalism x reform_cost x reform^2 falls in a less personal regime"),
    Case("own_sanctions_economic_alignment_russia", HISTORICAL, ("agents.kazakhstan.sanctioned=0.8",),
         d.alignment("russia", "economic"), AFTER_INVASION, +1,
         "a hedger under sanctions of its own has little left for secondary sanctions to take: every "
         "secondary-sanctions cost is scaled by 1 - sanctioned_h, so economic ties with a sanctioned Russia "
         "cost it less (Belarus after 2020, docs/belarus-comparison.md)"),
    Case("russia_economic_controls_mean_alignment", SUCCESSION, ("agents.russia.levers.economic=1",),
         d.mean_alignment("russia"), WHOLE, -1,
         "balance of threat (Walt): coercion reveals hostile intent and a hedger answers it by stepping back "
         "(after the 2014-15 pressure Kazakhstan distanced itself diplomatically); the model instead lets the "
         "prosperity term's cost coercion_econ x (trade + export_route)(1 - m[g])/2 buy compliance, and the "
         "perception rule leaves economic controls out of the perceived intent"),
]

# Cases where the model disagrees with the theory; strict, so a change of the model is noticed.
KNOWN_DISAGREEMENTS = {
    "russia_economic_controls_mean_alignment":
        "stronger Russian economic controls raise the mean alignment toward Russia (compliance through the "
        "prosperity term) instead of lowering it",
}

# A change that changes nothing: the West's economic lever is 0 by default and the scenarios leave it there.
NULL_CHANGE = ("agents.west.levers.economic=0",)


@pytest.fixture(scope="module")
def ensemble(tmp_path_factory):
    """ensemble(scenario, sets) -> the runs of a scenario with the changes; each made once."""
    out = tmp_path_factory.mktemp("directions")
    made = {}

    def get(scenario, sets=()):
        key = (scenario, tuple(sets))
        if key not in made:
            made[key] = d.Ensemble(d.run(scenario, out / f"arm{len(made)}.h5", sets))
        return made[key]

    return get


def effect(ensemble, case, sets=None):
    return d.paired_effect(ensemble(case.scenario), ensemble(case.scenario, case.set if sets is None else sets),
                           case.outcome, case.window)


def marked(case):
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_DISAGREEMENTS[case.name])] \
        if case.name in KNOWN_DISAGREEMENTS else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("case", [marked(c) for c in CASES])
def test_effect_has_the_expected_direction(ensemble, case):
    e = effect(ensemble, case)
    assert e.detected(case.sign), f"{case.name} ({' '.join(case.set)}): {e.describe(case.sign)}; {case.reason}"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES if c.name not in KNOWN_DISAGREEMENTS])
def test_the_reversed_direction_is_rejected(ensemble, case):
    """The check can fail: the same comparison expecting the opposite sign does not pass."""
    e = effect(ensemble, case)
    assert not e.detected(-case.sign), f"{case.name}: {e.describe(-case.sign)}"


def test_a_change_that_changes_nothing_is_not_detected(ensemble):
    """Paired arms that differ in nothing are identical run by run, and no direction is detected."""
    for case in CASES:
        e = effect(ensemble, case, NULL_CHANGE)
        assert (e.differences == 0).all(), f"{case.name}: {e.describe(case.sign)}"
        assert not e.detected(+1) and not e.detected(-1), case.name


def test_the_check_needs_the_margin():
    """A mean difference of the right sign but within two standard errors is not a detection."""
    weak = d.Effect(np.array([0.3, -0.2, 0.25, -0.1, 0.05]))
    assert weak.mean > 0 and not weak.detected(+1)
    strong = d.Effect(np.array([0.3, 0.2, 0.25, 0.1, 0.05]))
    assert strong.detected(+1) and not strong.detected(-1)
