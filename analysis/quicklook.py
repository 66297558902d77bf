#!/usr/bin/env python3
"""Fan chart of one hedger's alignment toward each great power across an ensemble.

usage: quicklook.py OUT.h5 PNG [--agent kazakhstan]
Needs Debian's python3-h5py, python3-numpy and python3-matplotlib.
"""
import argparse

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

SUPPORTED_MAJOR = 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("history")
    parser.add_argument("png")
    parser.add_argument("--agent", default="kazakhstan")
    args = parser.parse_args()

    with h5py.File(args.history, "r") as f:
        filetype = f.attrs["filetype"]
        major = int(f.attrs["format_version"][0])
        if filetype != "hedgesim.history" or major != SUPPORTED_MAJOR:
            raise SystemExit(f"{args.history}: {filetype} {major}.x, expected hedgesim.history {SUPPORTED_MAJOR}.x")
        agents = list(f["agent"].asstr()[...])
        roles = list(f["agent_role"].asstr()[...])
        dims = list(f["dimension"].asstr()[...])
        time = f["time"][...]
        alignment = f["alignment"][:, :, agents.index(args.agent)]  # [run, time, partner, dimension]
        names = list(f["agent_name"].asstr()[...])
        runs = int(f.attrs["runs"])
        scenario = f.attrs["scenario_name"]

    powers = [i for i, r in enumerate(roles) if r == "great_power"]
    colours = ["#b2182b", "#d6a000", "#2166ac", "#1b7837", "#762a83"]
    fig, axes = plt.subplots(1, len(dims), figsize=(4.2 * len(dims), 3.6), sharey=True, constrained_layout=True)
    for d, ax in enumerate(axes):
        for k, g in enumerate(powers):
            series = alignment[:, :, g, d]
            q05, q25, q50, q75, q95 = np.percentile(series, [5, 25, 50, 75, 95], axis=0)
            c = colours[k % len(colours)]
            ax.fill_between(time, q05, q95, color=c, alpha=0.12, linewidth=0)
            ax.fill_between(time, q25, q75, color=c, alpha=0.28, linewidth=0)
            ax.plot(time, q50, color=c, linewidth=1.6, label=names[g])
        for edge in (-5, -3, -1, 1, 3, 5):
            ax.axhline(edge / 7, color="0.85", linewidth=0.6, zorder=0)
        ax.set_title(dims[d])
        ax.set_xlabel("year")
        ax.set_ylim(-1, 1)
    axes[0].set_ylabel(f"alignment of {names[agents.index(args.agent)]}")
    axes[0].legend(loc="lower left", frameon=False)
    fig.suptitle(f"{scenario}: median, 50 % and 90 % of {runs} runs (grey lines: Kuik band edges)", fontsize=10)
    fig.savefig(args.png, dpi=110)


if __name__ == "__main__":
    main()
