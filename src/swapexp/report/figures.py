"""Report figures (matplotlib, Agg): unsafe rate against utility (the Pareto plot), over-refusal and
perplexity; tau x alpha heatmaps; decision maps side by side."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from swapexp.merge.figures import CHOICE_COLOURS
from swapexp.report.collect import RunRecord

KIND_STYLE = {  # marker, size, edge for each kind of run
    "adaptive": ("o", 36),
    "baseline": ("s", 48),
    "expert": ("*", 140),
}
STRATEGY_COLOURS = {
    "layerwise": "#2ca02c",
    "modulewise": "#9467bd",
    "linear": "#8c564b",
    "task_arithmetic": "#e377c2",
    "layer_swap": "#17becf",
    "ties": "#ff7f0e",
    "dare_ties": "#8c6d31",
    "dare_linear": "#393b79",
}
EXPERT_COLOURS = {
    "base": "#7f7f7f",
    "safety": CHOICE_COLOURS["safety"],
    "language": CHOICE_COLOURS["language"],
}
EXPERT_SHORT = {"base": "B", "safety": "S", "language": "L"}
SHORT_MODULES = {"self_attn": "attn", "mlp": "mlp", "layer": "layer"}


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _colour(r: RunRecord) -> str:
    if r.kind == "expert":
        return EXPERT_COLOURS.get(r.expert or "", "#000000")
    return STRATEGY_COLOURS.get(r.strategy, "#333333")


def _point_label(r: RunRecord) -> str:
    if r.kind == "expert":
        return EXPERT_SHORT.get(r.expert or "", r.expert or "?")
    if r.kind == "adaptive":
        return f"{r.tau:g}/{r.alpha:g}" if r.tau is not None and r.alpha is not None else ""
    return r.strategy


def front_of(points: Sequence[tuple[float, float]], x_higher_is_better: bool) -> set[int]:
    """Indices of the points no other point dominates: lower-or-equal y (unsafe rate) and better-or-equal
    x, one of them strictly better."""

    def better_x(a: float, b: float) -> bool:
        return a > b if x_higher_is_better else a < b

    out = set()
    for i, (x, y) in enumerate(points):
        if not any(
            oy <= y and (ox == x or better_x(ox, x)) and (oy < y or better_x(ox, x))
            for j, (ox, oy) in enumerate(points)
            if j != i
        ):
            out.add(i)
    return out


def safety_scatter(
    runs: Sequence[RunRecord],
    out: Path,
    x_of,
    xlabel: str,
    title: str,
    x_higher_is_better: bool,
    log_x: bool = False,
    y_of=lambda r: r.unsafe,
    ylabel: str = "MultiJail unsafe rate (lower is better)",
) -> Path | None:
    """``y_of(run)`` (default the unsafe rate; lower is better) against ``x_of(run)``, one panel per
    language, one point per run (experts as stars labelled B/S/L, baselines as squares), the runs no
    other run beats on both axes edged in black and joined by a step line (the front)."""
    pts = [r for r in runs if y_of(r) is not None and x_of(r) is not None]
    if log_x:
        pts = [r for r in pts if x_of(r) > 0]
    if not pts:
        return None
    plt = _plt()
    from matplotlib.lines import Line2D

    langs = sorted({r.lang for r in pts})
    ncol = min(len(langs), 2)
    nrow = math.ceil(len(langs) / ncol)
    fig, axes = plt.subplots(nrow, ncol, figsize=(6.2 * ncol, 4.8 * nrow), squeeze=False)
    for ax, lang in zip(axes.flat, langs, strict=False):
        group = [r for r in pts if r.lang == lang]
        on_front = front_of([(x_of(r), y_of(r)) for r in group], x_higher_is_better)
        front = sorted((group[i] for i in on_front), key=x_of)
        if front:
            ax.step(
                [x_of(r) for r in front],
                [y_of(r) for r in front],
                where="pre" if x_higher_is_better else "post",
                color="black",
                lw=1.2,
                alpha=0.6,
                zorder=1,
                label="front",
            )
        labels: dict[tuple[float, float], list[str]] = {}
        for i, r in enumerate(group):
            marker, size = KIND_STYLE[r.kind]
            ax.scatter(
                x_of(r),
                y_of(r),
                marker=marker,
                s=size,
                color=_colour(r),
                zorder=3,
                edgecolors="black" if i in on_front else "none",
                linewidths=0.8,
            )
            if (label := _point_label(r)) and (r.kind != "adaptive" or len(group) <= 40):
                labels.setdefault((round(x_of(r), 6), round(y_of(r), 6)), []).append(label)
        for (x, y), texts in labels.items():  # runs on one point share one label
            text = texts[0] + (f" (+{len(texts) - 1})" if len(texts) > 1 else "")
            ax.annotate(text, (x, y), textcoords="offset points", xytext=(4, 4), fontsize=7)
        ax.set_title(f"{lang}: {title} ({len(group)} runs)", fontsize=10)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if log_x:
            from matplotlib.ticker import FuncFormatter, LogLocator

            ax.set_xscale("log")
            ax.xaxis.set_minor_locator(LogLocator(base=10, subs=(1.5, 2, 3, 5, 7)))
            plain = FuncFormatter(lambda v, _: f"{v:g}")
            ax.xaxis.set_major_formatter(plain)
            ax.xaxis.set_minor_formatter(plain)
            ax.tick_params(axis="x", which="minor", labelsize=7)
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(langs) :]:
        ax.axis("off")
    present = {(r.kind, r.strategy, r.expert) for r in pts}
    handles = []
    for kind, strategy, expert in sorted(
        present, key=lambda t: (["expert", "baseline", "adaptive"].index(t[0]), t[1], t[2] or "")
    ):
        marker, size = KIND_STYLE[kind]
        colour = (
            EXPERT_COLOURS.get(expert or "", "#000")
            if kind == "expert"
            else STRATEGY_COLOURS.get(strategy, "#333")
        )
        text = (
            f"{expert} expert ({EXPERT_SHORT.get(expert or '', '?')})"
            if kind == "expert"
            else (strategy + (" (label: tau/alpha)" if kind == "adaptive" else ""))
        )
        handles.append(
            Line2D([], [], marker=marker, ls="", color=colour, markersize=math.sqrt(size), label=text)
        )
    handles.append(Line2D([], [], color="black", alpha=0.6, label="front (black edge = on it)"))
    fig.tight_layout()
    fig.legend(handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8, frameon=False)
    fig.savefig(out, dpi=120, bbox_inches="tight")
    plt.close(fig)
    return out


def pareto_plot(runs: Sequence[RunRecord], out: Path) -> Path | None:
    """Unsafe rate (y, lower is better) vs utility (x, higher is better): the Pareto front."""
    return safety_scatter(
        runs,
        out,
        lambda r: r.utility,
        "utility/mean (accuracies, fidelity, perplexity score; higher is better)",
        "safety vs utility",
        x_higher_is_better=True,
    )


def overrefusal_plot(runs: Sequence[RunRecord], out: Path) -> Path | None:
    """Unsafe rate vs over-refusal (share of benign prompts refused): both lower is better."""
    return safety_scatter(
        runs,
        out,
        lambda r: r.overrefusal,
        "over-refusal: benign prompts refused (lower is better)",
        "unsafe vs over-refusal",
        x_higher_is_better=False,
    )


def not_safe_plot(runs: Sequence[RunRecord], out: Path) -> Path | None:
    """Responses that are not safe answers (unsafe + invalid; lower is better) vs perplexity (log
    scale): a model that only echoes or loops cannot look safe here, as it can by its unsafe rate."""
    return safety_scatter(
        runs,
        out,
        lambda r: r.perplexity,
        "perplexity of held-out text (per token, log scale; lower is better)",
        "not a safe answer vs perplexity",
        x_higher_is_better=False,
        log_x=True,
        y_of=lambda r: r.not_safe,
        ylabel="MultiJail: unsafe + invalid (lower is better)",
    )


def perplexity_plot(runs: Sequence[RunRecord], out: Path) -> Path | None:
    """Unsafe rate vs perplexity of held-out target-language text (log scale): both lower is better."""
    return safety_scatter(
        runs,
        out,
        lambda r: r.perplexity,
        "perplexity of held-out text (per token, log scale; lower is better)",
        "unsafe vs perplexity",
        x_higher_is_better=False,
        log_x=True,
    )


def grid_heatmaps(runs: Sequence[RunRecord], out_dir: Path) -> list[Path]:
    """For each adaptive strategy and language: unsafe rate and utility over the tau x alpha grid
    (mean over repeated runs of one cell; empty cells stay blank)."""
    import numpy as np

    plt = _plt()
    paths = []
    keys = sorted(
        {
            (r.strategy, r.lang)
            for r in runs
            if r.kind == "adaptive" and r.tau is not None and r.alpha is not None
        }
    )
    for strategy, lang in keys:
        group = [
            r
            for r in runs
            if (r.strategy, r.lang) == (strategy, lang) and r.tau is not None and r.alpha is not None
        ]
        taus = sorted({r.tau for r in group})
        alphas = sorted({r.alpha for r in group})
        panels = [
            ("MultiJail unsafe rate", lambda r: r.unsafe, "Reds"),
            ("utility (utility/mean)", lambda r: r.utility, "Blues"),
            ("trade-off (objective/tradeoff)", lambda r: r.tradeoff, "Greens"),
        ]
        panels = [p for p in panels if any(p[1](r) is not None for r in group)]
        if not panels:
            continue
        fig, axes = plt.subplots(
            1,
            len(panels),
            figsize=(1.4 + 1.1 * len(alphas) * len(panels) + 1.6 * len(panels), 1.6 + 0.55 * len(taus)),
            squeeze=False,
        )
        for ax, (title, get, cmap) in zip(axes[0], panels, strict=True):
            grid = np.full((len(taus), len(alphas)), np.nan)
            for i, t in enumerate(taus):
                for j, a in enumerate(alphas):
                    vals = [v for r in group if r.tau == t and r.alpha == a and (v := get(r)) is not None]
                    if vals:
                        grid[i, j] = sum(vals) / len(vals)
            im = ax.imshow(grid, cmap=cmap, aspect="auto", origin="lower")
            for i in range(len(taus)):
                for j in range(len(alphas)):
                    if not np.isnan(grid[i, j]):
                        ax.text(
                            j,
                            i,
                            f"{grid[i, j]:.3f}",
                            ha="center",
                            va="center",
                            fontsize=7,
                            color="black" if im.norm(grid[i, j]) < 0.6 else "white",
                        )
            ax.set_xticks(range(len(alphas)), [f"{a:g}" for a in alphas])
            ax.set_yticks(range(len(taus)), [f"{t:g}" for t in taus])
            ax.set_xlabel("alpha")
            ax.set_ylabel("tau")
            ax.set_title(title, fontsize=9)
            fig.colorbar(im, ax=ax, shrink=0.8)
        fig.suptitle(f"{strategy}, {lang}: tau x alpha", fontsize=10)
        fig.tight_layout()
        path = out_dir / f"grid_{strategy}_{lang}.png"
        fig.savefig(path, dpi=120, bbox_inches="tight")
        plt.close(fig)
        paths.append(path)
    return paths


def decision_maps(runs: Sequence[RunRecord], out_dir: Path, per_row: int = 8) -> list[Path]:
    """For each strategy and language: every run's decision map (layers x modules, colour = choice)
    side by side, ordered by tau then alpha."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    plt = _plt()
    order = list(CHOICE_COLOURS)
    cmap = ListedColormap([CHOICE_COLOURS[c] for c in order])
    paths = []
    with_units = [r for r in runs if r.decisions and r.decisions.get("units")]
    for strategy, lang in sorted({(r.strategy, r.lang) for r in with_units}):
        group = [r for r in with_units if (r.strategy, r.lang) == (strategy, lang)]
        n = len(group)
        ncol = min(n, per_row)
        nrow = math.ceil(n / ncol)
        layers_max = max(len({u["layer"] for u in r.decisions["units"]}) for r in group)
        fig, axes = plt.subplots(
            nrow,
            ncol,
            figsize=(max(4.5, 0.4 + 1.5 * ncol), 1.2 + (1.0 + 0.16 * layers_max) * nrow),
            squeeze=False,
        )
        for ax, r in zip(axes.flat, group, strict=False):
            units = r.decisions["units"]
            layers = sorted({u["layer"] for u in units})
            modules = list(dict.fromkeys(u["module"] for u in units))
            grid = [[0] * len(modules) for _ in layers]
            for u in units:
                grid[layers.index(u["layer"])][modules.index(u["module"])] = order.index(u["choice"])
            ax.imshow(grid, cmap=cmap, vmin=0, vmax=len(order) - 1, aspect="auto", origin="lower")
            ax.set_xticks(range(len(modules)), [SHORT_MODULES.get(m, m) for m in modules], fontsize=7)
            step = max(1, len(layers) // 8)
            ax.set_yticks(
                range(0, len(layers), step), [str(layers[i]) for i in range(0, len(layers), step)], fontsize=7
            )
            title = r.label.split(f"-{lang}-", 1)[-1] if f"-{lang}-" in r.label else r.label
            ax.set_title(title, fontsize=7)
        for ax in list(axes.flat)[n:]:
            ax.axis("off")
        axes[0][0].set_ylabel("layer", fontsize=8)
        fig.legend(
            handles=[
                Patch(color=CHOICE_COLOURS[c], label=f"from {c}" if c != "blend" else "blend") for c in order
            ],
            loc="lower center",
            ncol=3,
            fontsize=8,
            frameon=False,
        )
        fig.suptitle(f"{strategy}, {lang}: decisions per run", fontsize=10)
        fig.tight_layout(rect=(0, 0.06, 1, 1))
        path = out_dir / f"decisions_{strategy}_{lang}.png"
        fig.savefig(path, dpi=110, bbox_inches="tight")
        plt.close(fig)
        paths.append(path)
    return paths
