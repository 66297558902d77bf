"""Reading, plotting and summarising hedgesim history files (docs/analysis.md).

>>> from hedgesim_analysis import open_history, fan_chart
>>> ds = open_history("out/post_nazarbayev_succession.h5")
>>> fan_chart(ds).savefig("fan.png")
"""
from .files import OutputExistsError, write_whole
from .history import (BAND_EDGES, HistoryFormatError, check_history, events_table, final_alignment,
                      final_strategy, flag_meanings, great_powers, hedgers, open_history, outcome_values,
                      params_table, posture_shares, scheduled_event_times, strategy_shares)
from .plots import (event_timeline, fan_chart, internal_balancing_plot, intervention_plot, posture_share_plot,
                    sobol_plot,
                    strategy_share_plot, sweep_heatmap, sweep_response, ternary_plot, ternary_weights,
                    utility_terms_plot)
from .report import ReportExistsError, write_report
from .sensitivity import (InterventionEffect, arm_effects, intervention_effect, paired_effect, saltelli_design,
                          sobol_from_history, sobol_indices)

__version__ = "0.1.0"

__all__ = [
    "BAND_EDGES", "HistoryFormatError", "InterventionEffect", "OutputExistsError", "ReportExistsError", "arm_effects",
    "check_history", "event_timeline", "events_table", "fan_chart", "final_alignment", "final_strategy", "internal_balancing_plot",
    "flag_meanings", "great_powers", "hedgers", "intervention_effect", "intervention_plot",
    "open_history", "outcome_values", "paired_effect", "params_table", "posture_share_plot",
    "posture_shares", "saltelli_design", "scheduled_event_times", "sobol_from_history",
    "sobol_indices", "sobol_plot", "strategy_share_plot", "strategy_shares", "sweep_heatmap",
    "sweep_response", "ternary_plot", "ternary_weights", "utility_terms_plot", "write_report", "write_whole",
]
