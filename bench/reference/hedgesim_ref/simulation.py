"""One run of a scenario: the engine's step loop as named phases over the run state.

Mirrors sim/engine/simulation.cpp and sim/engine/world.cpp. Each step runs
    apply_events -> structural_change -> domestic_politics -> update_perceptions
    -> great_power_moves -> hedger_decisions -> resolve
and updates are synchronous: great powers and hedgers decide from the previous step's
alignment and levers, and `resolve` commits all decisions at once.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from . import acts, bargaining, decision, exposure, great_power, membership, strategy, threat
from .random import NO_AGENT, RandomStream, Stream
from .scenario import MONTHS_PER_STEP, Scenario
from .util import clamp, cmax, cmin, lround
from .utility import DIVERSIFICATION, REFORM, HedgerView, PartnerView

LEVER_IN_USE = 0.05  # a lever counts as in use above this intensity (kLeverInUse)
PREDECESSOR_GONE = 0.05  # below this share of its weight a predecessor no longer counts (kPredecessorGone)
NAN = float("nan")


@dataclasses.dataclass
class EventRecord:
    """One row of the events table (io::EventRecord)."""

    run: int
    time: float  # decimal year
    type: str
    actor: str
    target: str
    magnitude: float


@dataclasses.dataclass
class ExposureSeen:
    """What the exposure rule saw of a dyad last step (World::ExposureSeen)."""

    security: float = 0.0
    economic: float = 0.0
    threat: float = 0.0
    coercion: float = 0.0
    enforced: float = 0.0


def time_axis(scenario: Scenario) -> list[tuple[int, int]]:
    """The dated steps from start to end (TimeAxis)."""
    stride = MONTHS_PER_STEP[scenario.step]
    first = scenario.start[0] * 12 + scenario.start[1] - 1
    last = scenario.end[0] * 12 + scenario.end[1] - 1
    return [(s // 12, s % 12 + 1) for s in range(first, last + 1, stride)]


def decimal_year(date: tuple[int, int]) -> float:
    return date[0] + (date[1] - 1) / 12.0


def initial_efforts(params: dict, model: dict) -> list[float]:
    """Defence, diversification and reform at the start (initial_efforts in internal_balancing.cpp)."""
    ceiling = model["internal.spending_ceiling"]
    defence = clamp(params["military_spending"] / ceiling, 0.0, 1.0) if ceiling > 0 else 0.0
    return [defence, params["arms_diversification"], params["reform"]]


class Simulation:
    """The run state of one (scenario, master seed, run) and the phases that advance it."""

    def __init__(self, scenario: Scenario, master_seed: int, run: int):
        self.scenario = scenario
        self.model = scenario.model
        self.master_seed = master_seed
        self.run = run
        self.dates = time_axis(scenario)
        self.dt = scenario.years_per_step()
        n = scenario.size
        self.n = n
        self.hedgers = scenario.agents_with_role("hedger")
        self.powers = scenario.agents_with_role("great_power")
        # Conditions: the exogenous parameters events may change (model::Conditions).
        self.world = dict(scenario.world)
        self.agents = [dict(a.params) for a in scenario.agents]
        self.relations = [dict(r) for r in scenario.relations]
        self.institutions = [dict(i.params) for i in scenario.institutions]
        # Run state (World).
        self.alignment = np.full((n, n, 3), NAN)
        self.intent = np.full((n, n), NAN)
        self.threat = np.full((n, n), NAN)
        self.levers = [great_power.Levers() for _ in range(n * n)]
        self.strategy = [strategy.NOT_APPLICABLE] * n
        self.decisions: list[decision.Decision | None] = [None] * n
        self.occurrences = [0] * len(scenario.events)
        self.legitimacy = [NAN] * n
        self.unrest_hazard = [NAN] * n
        inst_count = len(scenario.institutions)
        self.member = [0] * (n * inst_count)
        self.succession_step = [-1] * n
        self.first_succession_step = [-1] * n
        self.effort = [[NAN, NAN, NAN] for _ in range(n)]
        self.grievance = [0.0] * (n * n)
        self.enforcing = [0] * (n * n)
        self.exposure_seen = [ExposureSeen() for _ in range(n * n)]
        self.step_index = 0
        self.events: list[EventRecord] = []
        for i, agent in enumerate(scenario.agents):
            if agent.role == "hedger":
                self.legitimacy[i] = agent.params["legitimacy"]
                self.unrest_hazard[i] = agent.params["unrest_hazard"]
                self.effort[i] = initial_efforts(agent.params, self.model)
        for i in range(n):
            for j in range(n):
                if i == j:
                    continue
                rel = scenario.relations[i * n + j]
                self.intent[i, j] = rel["intent_baseline"]
                if scenario.agents[i].role == "hedger" and scenario.agents[j].role == "great_power":
                    self.alignment[i, j] = [rel["alignment.security"], rel["alignment.economic"],
                                            rel["alignment.diplomatic"]]
                    for m in scenario.memberships[i * n + j]:
                        self.member[i * inst_count + m] = 1
        self.next_levers = list(self.levers)
        self.next_decisions: list[decision.Decision | None] = [None] * n
        self.next_member = list(self.member)
        self.compute_threat()  # acts and exposure at step 0 see the threat of the initial intentions

    # --- driving -----------------------------------------------------------------------------

    def done(self) -> bool:
        return self.step_index >= len(self.dates)

    def step(self) -> None:
        """Runs the phases of the current step and advances the clock (Simulation::step)."""
        self.apply_events()
        self.structural_change()
        self.domestic_politics()
        self.update_perceptions()
        self.great_power_moves()
        self.hedger_decisions()
        self.resolve()

    def log(self, kind: str, actor: int, target: int, magnitude: float) -> None:
        name = (lambda i: "" if i < 0 else self.scenario.agents[i].id)
        self.events.append(EventRecord(self.run, decimal_year(self.dates[self.step_index]), kind, name(actor),
                                       name(target), float(magnitude)))

    def stream(self, agent: int, kind: Stream, substream: int = 0) -> RandomStream:
        return RandomStream(self.master_seed, self.run, agent, self.step_index, kind, substream)

    def relation(self, i: int, j: int) -> dict:
        return self.relations[i * self.n + j]

    def lever(self, power: int, hedger: int) -> great_power.Levers:
        return self.levers[power * self.n + hedger]

    def mean_alignment(self, hedger: int, power: int) -> float:
        """Mean alignment over the dimensions, summed in order (World::mean_alignment)."""
        a = self.alignment[hedger, power]
        return (0.0 + a[0] + a[1] + a[2]) / 3

    def power_row(self, agent: int) -> int:
        return self.powers.index(agent) if agent in self.powers else -1

    def is_member(self, agent: int, institution: int) -> bool:
        return self.member[agent * len(self.institutions) + institution] != 0

    # --- events (conditions.hpp: Conditions::at, apply_effect, condition_holds) --------------

    def _slot(self, ref) -> tuple[dict, str]:
        if ref.scope == "world":
            return self.world, ref.key
        if ref.scope == "agent":
            return self.agents[ref.agent], ref.key
        if ref.scope == "relation":
            return self.relation(ref.agent, ref.partner), ref.key
        return self.institutions[ref.agent], ref.key

    def apply_effect(self, effect) -> float:
        """Applies one effect, clamped into the parameter's range; returns the change (apply_effect)."""
        block, key = self._slot(effect.target)
        before = block[key]
        if effect.op == "set":
            after = effect.value
        elif effect.op == "add":
            after = before + effect.value
        else:
            after = before * effect.value
        low, high = self.scenario.range_of(effect.target)
        block[key] = clamp(after, low, high)
        return block[key] - before

    def condition_holds(self, condition) -> bool:
        block, key = self._slot(condition.subject)
        v = block[key]
        if condition.op == "<":
            return v < condition.value
        if condition.op == "<=":
            return v <= condition.value
        if condition.op == ">":
            return v > condition.value
        return v >= condition.value

    # --- Phase 1 ---------------------------------------------------------------------------

    def apply_events(self) -> None:
        """Scheduled events fire at the first step on or after their date; stochastic ones with
        probability 1 - exp(-hazard dt) while their window and condition hold (apply_events)."""
        now = self.dates[self.step_index]
        for e, event in enumerate(self.scenario.events):
            count = self.occurrences[e]
            fires = False
            if event.at is not None:
                # A scheduled event is due once; if its condition fails then, it lapses.
                if count == 0 and now >= event.at:
                    self.occurrences[e] = -1
                    fires = event.when is None or self.condition_holds(event.when)
            elif (0 <= count < event.max_occurrences and (event.window_from is None or now >= event.window_from)
                  and (event.window_to is None or now <= event.window_to)
                  and (event.when is None or self.condition_holds(event.when))):
                random = self.stream(NO_AGENT, Stream.EVENTS, e)
                fires = random.uniform() < 1.0 - math.exp(-event.hazard * self.dt)
            if not fires:
                continue
            if event.at is not None:
                self.occurrences[e] = -1
            else:
                self.occurrences[e] += 1
            magnitude = 0.0
            for f, effect in enumerate(event.effects):
                change = self.apply_effect(effect)
                if f == 0:
                    magnitude = change
            self.log(event.id, event.actor, event.target, magnitude)
            if event.act is not None:
                self.ask_for_act(event, e)

    def ask_for_act(self, event, index: int) -> None:
        """Every hedger decides the act an event asks for; a succession opens the bargaining (ask_for_act)."""
        m = self.model
        if event.act == "succession":
            self.succession_step[event.actor] = self.step_index
            if self.first_succession_step[event.actor] < 0:
                self.first_succession_step[event.actor] = self.step_index
            self.log("succession", event.actor, -1, 0.0)
            return
        actor = self.power_row(event.actor)
        target = self.power_row(event.target)
        for h in self.hedgers:
            view = self.hedger_view(h)
            a = self.alignment_block(h)
            random = self.stream(h, Stream.ACTS, index)
            if event.act == "un_vote":
                vote = acts.choose_vote(acts.vote_utilities(view, a, actor, target, event.severity, m),
                                        m["acts.rationality"], random.uniform())
                self.log("un_vote", h, event.target, vote)
                # A vote for the resolution goes against its target, a vote against it against its sponsor.
                if vote != 0:
                    self.aggrieve(event.target if vote > 0 else event.actor, h, m["reactions.act"] * event.severity)
            elif event.act == "sanctions":
                p = acts.binary_logit(acts.sanctions_utilities(view, actor, target, event.severity, m),
                                      m["acts.rationality"])
                enforces = random.uniform() < p
                self.enforcing[h * self.n + event.target] = 1 if enforces else 0
                self.log("enforces_sanctions" if enforces else "evades_sanctions", h, event.target, p)
                self.aggrieve(event.target if enforces else event.actor, h, m["reactions.act"] * event.severity)
            else:
                p = acts.binary_logit(acts.recognition_utilities(view, a, actor, event.severity, m),
                                      m["acts.rationality"])
                recognises = random.uniform() < p
                self.log("recognises" if recognises else "refuses_recognition", h, event.actor, p)
                if not recognises:
                    self.aggrieve(event.actor, h, m["reactions.act"] * event.severity)

    def aggrieve(self, power: int, hedger: int, amount: float) -> None:
        """A great power takes offence at a hedger's act or exit; capped at 1 (aggrieve)."""
        if power >= 0 and self.power_row(power) >= 0:
            slot = power * self.n + hedger
            self.grievance[slot] = cmin(1.0, self.grievance[slot] + amount)

    # --- Phase 2 ---------------------------------------------------------------------------

    def structural_change(self) -> None:
        """Trends of capability and kin minorities, adaptive oil expectations, and the shift of
        each hedger's exposure (structural_change)."""
        dt = self.dt
        w = self.world
        # Adaptive expectations: a lasting price level becomes the new normal.
        w["oil_reference_price"] += (clamp(w["oil_expectation_rate"] * dt, 0.0, 1.0)
                                     * (w["oil_price"] - w["oil_reference_price"]))
        for agent in self.agents:
            agent["capability"] = clamp(agent["capability"] * math.exp(agent["capability_growth"] * dt), 0.0, 1.0)
        for i in range(self.n):
            for j in range(self.n):
                if j != i:
                    rel = self.relation(i, j)
                    rel["kin_minority_share"] = clamp(
                        rel["kin_minority_share"] * math.exp(rel["kin_minority_trend"] * dt), 0.0, 1.0)
        for h in self.hedgers:
            self.shift_exposure(h)

    def shift_exposure(self, hedger: int) -> None:
        """Trade, export, arms and route shares follow alignment, threat and coercion (shift_exposure)."""
        m = self.model
        dt = self.dt
        n = self.n
        trade = (m["exposure.trade_alignment"], 0.0, m["exposure.trade_coercion"])
        arms = (m["exposure.arms_alignment"], m["exposure.arms_threat"], 0.0)
        route = (0.0, m["exposure.route_threat"], m["exposure.route_coercion"])
        diversification = self.effort[hedger][DIVERSIFICATION]
        shares: list[list[float]] = [[], [], [], []]
        change: list[list[float]] = [[], [], [], []]
        for g in self.powers:
            rel = self.relation(hedger, g)
            now = ExposureSeen(float(self.alignment[hedger, g, 0]), float(self.alignment[hedger, g, 1]),
                               float(self.threat[hedger, g]), self.lever(g, hedger).economic,
                               self.enforcing[hedger * n + g] * self.agents[g]["sanctioned"])
            slot = hedger * n + g
            if self.step_index == 0:
                self.exposure_seen[slot] = now  # starting levels are the calibration's
            seen = self.exposure_seen[slot]
            d_sec = now.security - seen.security
            d_econ = now.economic - seen.economic
            d_threat = now.threat - seen.threat
            d_coercion = now.coercion - seen.coercion
            # Enforcing sanctions on a partner is a control on trade with it.
            d_controls = d_coercion + now.enforced - seen.enforced
            self.exposure_seen[slot] = now
            shares[0].append(rel["trade_share"])
            shares[1].append(rel["export_share"])
            shares[2].append(rel["arms_share"])
            shares[3].append(rel["export_route_share"])
            change[0].append(exposure.attraction_change(rel["trade_trend"], d_econ, d_threat, d_controls, trade, dt))
            change[1].append(exposure.attraction_change(rel["export_trend"], d_econ, d_threat, d_controls, trade, dt))
            # Diversification effort pulls most on the main suppliers (internal balancing).
            change[2].append(exposure.attraction_change(rel["arms_trend"], d_sec, d_threat, d_coercion, arms, dt)
                             - m["internal.diversification_rate"] * diversification * rel["arms_share"] * dt)
            change[3].append(exposure.attraction_change(rel["route_trend"], 0.0, d_threat, d_coercion, route, dt))
        shifted = [exposure.shift_shares(shares[f], change[f]) for f in range(4)]
        for r, g in enumerate(self.powers):
            rel = self.relation(hedger, g)
            rel["trade_share"] = shifted[0][r]
            rel["export_share"] = shifted[1][r]
            rel["arms_share"] = shifted[2][r]
            rel["export_route_share"] = shifted[3][r]

    # --- Phase 3 ---------------------------------------------------------------------------

    def domestic_politics(self) -> None:
        """Legitimacy follows economy and reform; regime crises arrive with a hazard, and a regime
        in crisis may call a patron, who may not come (domestic_politics)."""
        m = self.model
        dt = self.dt
        w = self.world
        for h in self.hedgers:
            self.elite_bargaining(h)
            me = self.agents[h]
            # Oil income relative to the reference: negative in a slump.
            oil_income = me["commodity_export_share"] * math.log(w["oil_price"] / w["oil_reference_price"])
            reform = self.effort[h][REFORM]
            target = clamp(me["legitimacy"] + m["domestic.reform_legitimacy"] * reform + oil_income, 0.0, 1.0)
            self.legitimacy[h] += clamp(m["domestic.legitimacy_rate"] * dt, 0.0, 1.0) * (target - self.legitimacy[h])
            hazard = me["unrest_hazard"] * math.exp(m["domestic.shock_sensitivity"] * cmax(0.0, -oil_income)
                                                    - m["domestic.legitimacy_sensitivity"]
                                                    * (self.legitimacy[h] - 0.5))
            self.unrest_hazard[h] = hazard
            random = self.stream(h, Stream.DOMESTIC)
            forced = me["crisis"] > 0.5
            me["crisis"] = 0.0  # the trigger is consumed by the crisis it starts
            if not forced and random.uniform() >= 1.0 - math.exp(-hazard * dt):
                continue
            self.legitimacy[h] = cmax(0.0, self.legitimacy[h] - m["domestic.crisis_legitimacy_loss"])
            self.log("regime_crisis", h, -1, hazard)
            need = me["regime_security"] * (1.0 - self.legitimacy[h])
            if need < m["domestic.request_threshold"]:
                continue  # the regime rides it out alone
            # The patron most able and willing to protect the regime: reliable and close in security.
            patron = -1
            best = -1.0
            for g in self.powers:
                score = self.agents[g]["reliability"] * (1.0 + float(self.alignment[h, g, 0])) / 2.0
                if score > best:
                    best = score
                    patron = g
            if patron < 0:
                continue
            self.log("help_requested", h, patron, need)
            if random.uniform() < self.agents[patron]["reliability"]:
                self.legitimacy[h] += m["domestic.help_legitimacy_gain"] * (1.0 - self.legitimacy[h])
                self.log("help_deployed", patron, h, m["domestic.help_days"])
            else:
                self.log("help_refused", patron, h, 0.0)

    def elite_bargaining(self, hedger: int) -> None:
        """After a succession the factions bargain over the course toward each great power, at once
        and at every review while a predecessor's weight fades (elite_bargaining)."""
        agent = self.scenario.agents[hedger]
        since = self.succession_step[hedger]
        if not agent.factions or since < 0:
            return
        dt = self.dt
        review = max(1, lround(self.model["factions.review"] / dt))
        elapsed = self.step_index - since
        if elapsed % review != 0:
            return
        # The predecessor's sway fades from the first succession on.
        since_first = self.step_index - self.first_succession_step[hedger]
        weight = bargaining.predecessor_weight(float(since_first) * dt, self.agents[hedger]["predecessor_half_life"])
        has_predecessor = any(f.predecessor for f in agent.factions)
        if elapsed > 0 and (not has_predecessor or weight < PREDECESSOR_GONE):
            return
        for g in self.powers:
            factions = [(f.capability * (weight if f.predecessor else 1.0), f.salience, f.orientation[g])
                        for f in agent.factions if not math.isnan(f.orientation[g])]
            if not factions:
                continue
            course = bargaining.bargain_course(factions)
            rel = self.relation(hedger, g)
            if course != rel["orientation"]:
                self.log("course_set", hedger, g, course)
                rel["orientation"] = course

    # --- Phase 4 ---------------------------------------------------------------------------

    def update_perceptions(self) -> None:
        """Perceived intent moves toward what last step's levers reveal; threat follows (update_perceptions)."""
        m = self.model
        k = clamp(m["perception.rate"] * self.dt, 0.0, 1.0)
        for i in range(self.n):
            for j in range(self.n):
                if i == j:
                    continue
                rel = self.relation(i, j)
                applied = self.lever(j, i)
                target = threat.intent_target(rel["intent_baseline"], self.agents[j]["revisionism"], applied.military,
                                              applied.economic, applied.ethnic, rel["kin_minority_share"], m)
                self.intent[i, j] += k * (target - self.intent[i, j])
        self.compute_threat()

    def compute_threat(self) -> None:
        """Walt threat of every dyad from the current intent (compute_threat)."""
        for i in range(self.n):
            for j in range(self.n):
                if i != j:
                    sources = threat.threat_sources(self.agents[i], self.agents[j], self.relation(i, j),
                                                    float(self.intent[i, j]), self.model)
                    self.threat[i, j] = threat.walt_threat(sources, self.model)

    # --- Phase 5 ---------------------------------------------------------------------------

    def great_power_moves(self) -> None:
        """Each great power sets its levers on each hedger from last step's alignments and its fading
        grievances (great_power_moves)."""
        rivalry = self.world["rivalry"]
        fade = math.exp(-math.log(2.0) * self.dt / self.model["reactions.half_life"])
        self.grievance = [g * fade for g in self.grievance]
        for g in self.powers:
            for h in self.hedgers:
                best_rival = -1.0
                for k in self.powers:
                    if k != g:
                        best_rival = cmax(best_rival, self.mean_alignment(h, k))
                own = self.mean_alignment(h, g)
                params = self.agents[g]
                p = great_power.pressure(params, own, best_rival if len(self.powers) > 1 else own, rivalry)
                grievance = self.grievance[g * self.n + h]
                self.next_levers[g * self.n + h] = great_power.adjust_levers(
                    self.lever(g, h), great_power.lever_targets(params, p, grievance), self.model["levers.rate"],
                    self.dt)

    # --- Phase 6 ---------------------------------------------------------------------------

    def alignment_block(self, hedger: int) -> list[list[float]]:
        """The hedger's alignment toward each great power, in agent order (alignment_block)."""
        return [[float(x) for x in self.alignment[hedger, g]] for g in self.powers]

    def hedger_view(self, hedger: int) -> HedgerView:
        """The hedger's view of the world as its decision rule sees it (hedger_view)."""
        me = self.agents[hedger]
        v = HedgerView(nationalism=me["nationalism"], personalism=me["personalism"],
                       commodity_export_share=me["commodity_export_share"], uncertainty=self.world["uncertainty"],
                       oil_price=self.world["oil_price"], oil_reference_price=self.world["oil_reference_price"],
                       legitimacy=self.legitimacy[hedger], regime_security=me["regime_security"],
                       sanctioned=me["sanctioned"], effort=list(self.effort[hedger]))
        for g in self.powers:
            p = self.agents[g]
            rel = self.relation(hedger, g)
            lever = self.lever(g, hedger)
            pv = PartnerView(threat=float(self.threat[hedger, g]), intent=float(self.intent[hedger, g]),
                             kin_minority_share=rel["kin_minority_share"], capability=p["capability"],
                             reliability=p["reliability"], trade_share=rel["trade_share"],
                             investment=rel["investment"], arms_share=rel["arms_share"],
                             export_route_share=rel["export_route_share"], sanctioned=p["sanctioned"],
                             enforced=float(self.enforcing[hedger * self.n + g]), at_war=p["at_war"],
                             orientation=rel["orientation"], inducement=lever.inducement,
                             coercion_economic=lever.economic)
            for i, inst in enumerate(self.scenario.institutions):
                if inst.led_by == g and self.is_member(hedger, i):
                    pv.membership_floor[inst.dimension] = cmax(pv.membership_floor[inst.dimension], inst.floor)
            v.partners.append(pv)
        return v

    def hedger_decisions(self) -> None:
        """One move per policy channel, and join / keep / leave for each institution (hedger_decisions)."""
        m = self.model
        step = m["adjustment_rate"] * self.dt
        count = len(self.institutions)
        for h in self.hedgers:
            view = self.hedger_view(h)
            a = self.alignment_block(h)
            self.next_decisions[h] = decision.decide(view, a, m, step, self.stream(h, Stream.HEDGER_CHOICE))
            for i, inst in enumerate(self.scenario.institutions):
                offer = self.institutions[i]
                member = self.is_member(h, i)
                leader = self.power_row(inst.led_by)
                slot = h * count + i
                if leader < 0 or (not member and offer["open"] <= 0.5):
                    self.next_member[slot] = 1 if member else 0
                    continue
                choice = self.stream(h, Stream.MEMBERSHIP, i)
                # An open offer is answered every step; a membership comes up for review now and then.
                if member and choice.uniform() >= 1.0 - math.exp(-m["membership.review"] * self.dt):
                    self.next_member[slot] = 1
                    continue
                value = membership.membership_value(view, a, leader, inst.dimension, inst.floor, offer, m)
                # Leaving provokes the leader (Walt); it weighs as the leader's threat does.
                exit_cost = offer["exit_cost"] + m["provocation"] * view.partners[leader].threat
                probability = membership.membership_probability(value, member, exit_cost,
                                                                m["membership.rationality"])
                self.next_member[slot] = 1 if choice.uniform() < probability else 0

    # --- Phase 7 ---------------------------------------------------------------------------

    def resolve(self) -> None:
        """Commits every decision at once, logs lever and membership changes, advances the clock (resolve)."""
        for g in self.powers:
            for h in self.hedgers:
                before = self.lever(g, h)
                after = self.next_levers[g * self.n + h]
                was = before.coercion() >= LEVER_IN_USE
                now = after.coercion() >= LEVER_IN_USE
                if was != now:
                    self.log("coercion_begins" if now else "coercion_ends", g, h, after.coercion())
        self.levers = list(self.next_levers)
        count = len(self.institutions)
        for h in self.hedgers:
            for i, inst in enumerate(self.scenario.institutions):
                slot = h * count + i
                if self.next_member[slot] != self.member[slot]:
                    joins = self.next_member[slot] != 0
                    self.log(f"{'joins' if joins else 'leaves'}_{inst.id}", h, inst.led_by, 0.0)
                    if not joins:
                        self.aggrieve(inst.led_by, h, self.model["reactions.exit"])
        self.member = list(self.next_member)
        for h in self.hedgers:
            d = self.next_decisions[h]
            for r, g in enumerate(self.powers):
                self.alignment[h, g] = d.alignment[r]
            self.effort[h] = list(d.effort)
            self.decisions[h] = d
            self.strategy[h] = strategy.classify_strategy(d.alignment)
        self.step_index += 1
