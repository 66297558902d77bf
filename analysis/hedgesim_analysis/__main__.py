"""Command line: ``python -m hedgesim_analysis report|plot ...`` (see --help)."""
from __future__ import annotations

import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")

PLOTS = {
    "fan": "ensemble fan chart of the alignment toward each power",
    "posture": "share of runs in each Kuik band over time",
    "strategy": "share of runs balancing / hedging / bandwagoning over time",
    "ternary": "final alignment among three powers, one point per run",
    "events": "events per type over time (all runs, or --run)",
    "utility": "utility terms of one run (--run, default 0)",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m hedgesim_analysis",
                                     description="Reports and plots of hedgesim history files.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    rep = sub.add_parser("report", help="write an HTML report (index.html and PNGs) into a directory",
                         description="Write an HTML report of a history file into REPORT_DIR.")
    rep.add_argument("history", metavar="OUT.h5")
    rep.add_argument("-o", "--output", required=True, metavar="REPORT_DIR")
    rep.add_argument("-f", "--force", action="store_true", help="replace an existing report")
    rep.add_argument("--agent", help="hedger to report on (default: the first hedger)")
    rep.add_argument("--run", type=int, default=0, help="run whose utility terms are shown (default 0)")
    rep.add_argument("--dpi", type=int, default=110)
    plot = sub.add_parser("plot", help="write one plot to a PNG",
                          description="Write one plot of a history file. Kinds: "
                          + "; ".join(f"{k}: {v}" for k, v in PLOTS.items()))
    plot.add_argument("kind", choices=sorted(PLOTS))
    plot.add_argument("history", metavar="OUT.h5")
    plot.add_argument("-o", "--output", required=True, metavar="PNG")
    plot.add_argument("-f", "--force", action="store_true", help="replace an existing file")
    plot.add_argument("--agent", help="hedger (default: the first hedger)")
    plot.add_argument("--run", type=int, help="one run (events, utility)")
    plot.add_argument("--dpi", type=int, default=110)
    return parser


def _plot(args) -> str:
    from . import history, plots
    from .files import write_whole

    with history.open_history(args.history) as ds:
        maker = {
            "fan": lambda: plots.fan_chart(ds, args.agent),
            "posture": lambda: plots.posture_share_plot(ds, args.agent),
            "strategy": lambda: plots.strategy_share_plot(ds, args.agent),
            "ternary": lambda: plots.ternary_plot(ds, args.agent),
            "events": lambda: plots.event_timeline(ds, args.run),
            "utility": lambda: plots.utility_terms_plot(ds, args.run or 0, args.agent),
        }[args.kind]
        figure = maker()
        # The format from the name's suffix, as matplotlib would take it; the temporary file has it too.
        kind = os.path.splitext(args.output)[1][1:] or "png"
        write_whole(args.output, lambda tmp: figure.savefig(tmp, dpi=args.dpi, format=kind), force=args.force)
    return f"wrote {args.output}"


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "report":
            from .report import write_report

            out = write_report(args.history, args.output, force=args.force, agent=args.agent, run=args.run,
                               dpi=args.dpi)
            print(f"wrote {out / 'index.html'}")
        else:
            print(_plot(args))
    except (OSError, ValueError, KeyError) as err:
        message = err.args[0] if isinstance(err, KeyError) and err.args else err
        print(f"hedgesim_analysis: error: {message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
