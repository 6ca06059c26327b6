"""Decision figures: heatmap (layers x modules, colour = choice) and shares plot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHOICE_COLOURS = {"safety": "#d62728", "language": "#1f77b4", "blend": "#bcbd22"}
MODULE_LABELS = {"self_attn": "attention", "mlp": "MLP", "layer": "layer"}


def _mpl():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


#: figure file -> the decision fields it draws (and nothing else: two runs whose decisions agree on
#: these fields get the same image, so a sweep draws each distinct figure once)
FIGURES = {
    "decision_heatmap.png": ("layer", "module", "choice"),
    "shares.png": ("layer", "module", "p_safety", "p_language", "d"),
}


def figure_content(decisions: dict[str, Any], name: str) -> dict[str, Any] | None:
    """What figure ``name`` shows for ``decisions`` (None: it does not apply): the strategy, the units'
    fields in :data:`FIGURES` and, for the shares plot, tau (its band). Equal contents, equal images."""
    units = decisions.get("units") or []
    fields = FIGURES[name]
    if not units or not all(u.get(f) is not None for u in units for f in fields):
        return None
    content: dict[str, Any] = {
        "strategy": decisions["strategy"],
        "units": [[u[f] for f in fields] for u in units],
    }
    if name == "shares.png":
        content["tau"] = decisions.get("tau") or 0.0
    return content


def plot_decisions(decisions: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write ``decision_heatmap.png`` (and ``shares.png`` when the units carry shares)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in FIGURES:
        content = figure_content(decisions, name)
        if content is not None:
            paths.append(plot_figure(name, content, out_dir / name))
    return paths


def plot_figure(name: str, content: dict[str, Any], path: Path) -> Path:
    """Draw figure ``name`` from its :func:`figure_content` into ``path``."""
    if name == "decision_heatmap.png":
        return _heatmap(content, path)
    return _shares(content, path)


def _heatmap(content: dict[str, Any], path: Path) -> Path:
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    plt = _mpl()
    units = [dict(zip(FIGURES["decision_heatmap.png"], u, strict=True)) for u in content["units"]]
    layers = sorted({u["layer"] for u in units})
    modules = list(dict.fromkeys(u["module"] for u in units))
    order = list(CHOICE_COLOURS)
    grid = [[0] * len(modules) for _ in layers]
    for u in units:
        grid[layers.index(u["layer"])][modules.index(u["module"])] = order.index(u["choice"])
    counts = {c: sum(u["choice"] == c for u in units) for c in order}
    title = (
        f"{content['strategy']}: {counts['safety']} from S, {counts['blend']} blended, "
        f"{counts['language']} from L"
    )

    fig, ax = plt.subplots(figsize=(2.2 + 1.2 * len(modules), 1.5 + 0.22 * len(layers)))
    ax.imshow(
        grid,
        cmap=ListedColormap([CHOICE_COLOURS[c] for c in order]),
        vmin=0,
        vmax=len(order) - 1,
        aspect="auto",
        origin="lower",
    )
    ax.set_xticks(range(len(modules)), [MODULE_LABELS.get(m, m) for m in modules])
    ax.set_yticks(range(len(layers)), [str(i) for i in layers])
    ax.set_ylabel("layer")
    ax.set_title(title, fontsize=9)
    ax.legend(
        handles=[Patch(color=CHOICE_COLOURS[c], label=c) for c in order],
        loc="upper left",
        bbox_to_anchor=(1.02, 1),
        fontsize=8,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def _shares(content: dict[str, Any], path: Path) -> Path:
    plt = _mpl()
    units = [dict(zip(FIGURES["shares.png"], u, strict=True)) for u in content["units"]]
    tau = content["tau"]
    xs = range(len(units))
    labels = [
        f"{u['layer']}" + ("" if u["module"] == "layer" else f"/{MODULE_LABELS[u['module']][0]}")
        for u in units
    ]
    fig, ax = plt.subplots(figsize=(max(6, 0.25 * len(units)), 3.8))
    ax.plot(xs, [u["p_safety"] for u in units], "o-", ms=3, color=CHOICE_COLOURS["safety"], label="p_S")
    ax.plot(xs, [u["p_language"] for u in units], "s-", ms=3, color=CHOICE_COLOURS["language"], label="p_L")
    ax.bar(xs, [u["d"] for u in units], color="grey", alpha=0.5, label="d = p_S - p_L")
    ax.axhspan(-tau, tau, color=CHOICE_COLOURS["blend"], alpha=0.25, label=f"±tau ({tau:g})")
    ax.axhline(0, color="black", lw=0.5)
    ax.set_xticks(list(xs), labels, rotation=90, fontsize=6)
    ax.set_xlabel("unit (layer[/a|/M])")
    ax.set_title(f"{content['strategy']}  tau={tau:g}", fontsize=9)
    ax.legend(fontsize=7, ncol=4)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
