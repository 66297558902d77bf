"""The scenario as the engine resolves it, read from `hedgesim validate SCENARIO.yaml`.

The resolved YAML lists every number (defaults filled in) except the dyads a scenario leaves
out and the parameters that do not apply to an agent's role; those take the defaults of the
parameter dictionary. The dictionary's defaults and ranges are read from its generated table
in docs/scenario-reference.md (sim/scenario/parameter_dictionary.cpp is its source), so the
reference carries no copy of them. Ranges matter: an event effect is clamped into them.
"""
from __future__ import annotations

import dataclasses
import pathlib
import re
import subprocess
from typing import Any

import yaml

DIMENSIONS = ("security", "economic", "diplomatic")
ROLES = ("hedger", "great_power")
ACT_TYPES = ("un_vote", "recognition", "succession", "sanctions")
MONTHS_PER_STEP = {"month": 1, "quarter": 3, "year": 12}

REPO = pathlib.Path(__file__).resolve().parents[3]
REFERENCE_TABLES = REPO / "docs" / "scenario-reference.md"


@dataclasses.dataclass(frozen=True)
class Spec:
    """One numeric key of the parameter dictionary."""

    key: str
    default: float  # NaN for a required key
    low: float
    high: float


def _number(text: str) -> float:
    return float("nan") if text == "(required)" else float(text)


def parameter_dictionary(path: pathlib.Path = REFERENCE_TABLES) -> dict[str, dict[str, Spec]]:
    """Defaults and ranges per block (world, model, agent, relation, institution), from the
    generated tables of docs/scenario-reference.md."""
    titles = {"### World": "world", "### Model": "model", "### Agent": "agent", "### Relation": "relation",
              "### Institution": "institution"}
    blocks: dict[str, dict[str, Spec]] = {}
    block = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            block = next((name for title, name in titles.items() if line.startswith(title)), None)
            if block:
                blocks[block] = {}
            continue
        match = re.match(r"^\| `([^`]+)` \|(.*)$", line)
        if block is None or match is None:
            continue
        cells = [c.strip() for c in match.group(2).split("|")]
        if block == "agent":
            cells = cells[1:]  # the roles column
        key = match.group(1)
        key = key.split(".", 1)[1] if block in ("world", "model") else key
        low, high = cells[1].strip("[]").split(",")
        blocks[block][key] = Spec(key, _number(cells[0]), float(low), float(high))
    return blocks


@dataclasses.dataclass
class ParamRef:
    """Where an event effect or condition points (ParamRef in scenario.hpp)."""

    scope: str  # world | agent | relation | institution
    key: str
    agent: int = -1  # agent, or institution index for the institution scope
    partner: int = -1
    path: str = ""


@dataclasses.dataclass
class Effect:
    op: str  # set | add | scale
    target: ParamRef
    value: float


@dataclasses.dataclass
class Condition:
    op: str  # < | <= | > | >=
    subject: ParamRef
    value: float


@dataclasses.dataclass
class Event:
    id: str
    at: tuple[int, int] | None
    hazard: float
    window_from: tuple[int, int] | None
    window_to: tuple[int, int] | None
    max_occurrences: int
    when: Condition | None
    actor: int
    target: int
    effects: list[Effect]
    act: str | None  # one of ACT_TYPES, or None
    severity: float


@dataclasses.dataclass
class Faction:
    id: str
    capability: float
    salience: float
    orientation: list[float]  # per agent index; NaN: no stake
    predecessor: bool


@dataclasses.dataclass
class Agent:
    id: str
    name: str
    role: str
    params: dict[str, float]
    factions: list[Faction]


@dataclasses.dataclass
class Institution:
    id: str
    name: str
    led_by: int
    dimension: int
    floor: float
    params: dict[str, float]


@dataclasses.dataclass
class Scenario:
    name: str
    start: tuple[int, int]
    end: tuple[int, int]
    step: str
    runs: int
    seed: int
    world: dict[str, float]
    model: dict[str, float]
    agents: list[Agent]
    relations: list[dict[str, float]]  # row-major agents x agents
    memberships: list[list[int]]  # row-major agents x agents: institution indices
    institutions: list[Institution]
    events: list[Event]
    output_variables: list[str]
    output_every: int
    ranges: dict[str, dict[str, tuple[float, float]]]

    @property
    def size(self) -> int:
        return len(self.agents)

    def agents_with_role(self, role: str) -> list[int]:
        return [i for i, a in enumerate(self.agents) if a.role == role]

    def agent_index(self, agent_id: str) -> int:
        return next(i for i, a in enumerate(self.agents) if a.id == agent_id)

    def years_per_step(self) -> float:
        return MONTHS_PER_STEP[self.step] / 12.0

    def range_of(self, ref: ParamRef) -> tuple[float, float]:
        return self.ranges[ref.scope][ref.key]


def _flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    """Nested maps to dotted keys: {levers: {military: 0.5}} -> {"levers.military": "0.5"}."""
    out: dict[str, Any] = {}
    for key, value in node.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


def _date(text: str) -> tuple[int, int]:
    year, month = text.split("-")
    return int(year), int(month)


def _block(values: dict[str, Any], specs: dict[str, Spec]) -> dict[str, float]:
    """A parameter block: the dictionary's defaults, overlaid by the numbers given."""
    out = {key: (0.0 if spec.default != spec.default else spec.default) for key, spec in specs.items()}
    for key, value in values.items():
        if key in specs:
            out[key] = float(value)
    return out


def _param_ref(path: str, scenario: Scenario) -> ParamRef:
    """Resolves a parameter path (Builder::param_ref in scenario_loader.cpp)."""
    head, rest = path.split(".", 1)
    if head == "world":
        return ParamRef("world", rest, path=path)
    if head == "agents":
        agent, key = rest.split(".", 1)
        return ParamRef("agent", key, scenario.agent_index(agent), path=path)
    if head == "relations":
        agent, partner, key = rest.split(".", 2)
        return ParamRef("relation", key, scenario.agent_index(agent), scenario.agent_index(partner), path=path)
    if head == "institutions":
        inst, key = rest.split(".", 1)
        index = next(i for i, x in enumerate(scenario.institutions) if x.id == inst)
        return ParamRef("institution", key, index, path=path)
    raise ValueError(f"not a parameter path: {path}")


def from_text(text: str, dictionary: dict[str, dict[str, Spec]] | None = None) -> Scenario:
    """Builds a Scenario from resolved YAML text (what `hedgesim validate` prints)."""
    specs = dictionary or parameter_dictionary()
    # Every scalar as text: the numbers were written as shortest round-trip decimals, and
    # float() reads them back exactly (YAML 1.1 resolvers would miss forms like 1e+04).
    root = yaml.load(text, Loader=yaml.BaseLoader)
    meta = root["scenario"]
    agents = []
    for agent_id, node in root["agents"].items():
        params = _block(_flatten({k: v for k, v in node.items() if k not in ("name", "role", "factions")}),
                        specs["agent"])
        agents.append(Agent(agent_id, node.get("name", agent_id), node["role"], params, []))
    ids = [a.id for a in agents]
    for agent, (_, node) in zip(agents, root["agents"].items()):
        for f in node.get("factions", []) or []:
            orientation = [float("nan")] * len(ids)
            for partner, value in (f.get("orientation") or {}).items():
                orientation[ids.index(partner)] = float(value)
            agent.factions.append(Faction(f["id"], float(f["capability"]), float(f["salience"]), orientation,
                                          f.get("predecessor", "false") == "true"))
    institutions = []
    for inst_id, node in (root.get("institutions") or {}).items():
        params = _block({k: v for k, v in node.items() if k not in ("name", "led_by", "dimension", "floor")},
                        specs["institution"])
        institutions.append(Institution(inst_id, node.get("name", inst_id), ids.index(node["led_by"]),
                                        DIMENSIONS.index(node["dimension"]), float(node["floor"]), params))
    n = len(agents)
    relations = [_block({}, specs["relation"]) for _ in range(n * n)]
    memberships: list[list[int]] = [[] for _ in range(n * n)]
    inst_ids = [x.id for x in institutions]
    for from_id, partners in (root.get("relations") or {}).items():
        for to_id, node in partners.items():
            slot = ids.index(from_id) * n + ids.index(to_id)
            relations[slot] = _block(_flatten({k: v for k, v in node.items() if k != "memberships"}),
                                     specs["relation"])
            memberships[slot] = [inst_ids.index(m) for m in node.get("memberships", []) or []]
    output = root.get("output") or {}
    scenario = Scenario(
        name=meta["name"], start=_date(meta["start"]), end=_date(meta["end"]), step=meta.get("step", "month"),
        runs=int(meta["runs"]), seed=int(meta["seed"]),
        world=_block(root.get("world") or {}, specs["world"]),
        model=_block(_flatten(root.get("model") or {}), specs["model"]),
        agents=agents, relations=relations, memberships=memberships, institutions=institutions, events=[],
        output_variables=list(output.get("variables", [])), output_every=int(output.get("every", "1")),
        ranges={block: {k: (s.low, s.high) for k, s in table.items()} for block, table in specs.items()})
    for node in root.get("events") or []:
        when = None
        if "when" in node:
            w = node["when"]
            when = Condition(w["op"], _param_ref(w["path"], scenario), float(w["value"]))
        window = node.get("window") or {}
        act = node.get("act")
        scenario.events.append(Event(
            id=node["id"],
            at=_date(node["at"]) if "at" in node else None,
            hazard=float(node.get("hazard", "0")),
            window_from=_date(window["from"]) if "from" in window else None,
            window_to=_date(window["to"]) if "to" in window else None,
            max_occurrences=int(node.get("max_occurrences", "1")),
            when=when,
            actor=ids.index(node["actor"]) if "actor" in node else -1,
            target=ids.index(node["target"]) if "target" in node else -1,
            effects=[Effect(e["op"], _param_ref(e["path"], scenario), float(e["value"]))
                     for e in node.get("effects", []) or []],
            act=act["type"] if act else None,
            severity=float(act.get("severity", "1")) if act else 1.0))
    return scenario


def resolve(binary: pathlib.Path | str, scenario_file: pathlib.Path | str, sets: list[str] = ()) -> str:
    """The resolved scenario text, as `hedgesim validate` prints it (with `--set` overrides)."""
    args = [str(binary), "validate", str(scenario_file)]
    for s in sets:
        args += ["--set", s]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def load(binary: pathlib.Path | str, scenario_file: pathlib.Path | str, sets: list[str] = ()) -> Scenario:
    """Loads a scenario file as the engine resolves it."""
    return from_text(resolve(binary, scenario_file, sets))
