"""The decision rule of method.md §1, pinned on hand-computed and planted-delta checkpoints."""

from __future__ import annotations

import json
import math

import pytest
import torch

from swapexp.merge import build_strategy
from swapexp.merge.engine import merge
from tests.helpers.checkpoints import module_tensors, planted_triple, save_state, state

ONES = torch.ones(2, 2)


def _e(i: int, j: int, v: float) -> torch.Tensor:
    t = torch.zeros(2, 2)
    t[i, j] = v
    return t


def _hand_triple(root):
    """Two layers; layer 0 attention has q and k, every other module one tensor; all base tensors = ones
    (||B||_F = 2), and each expert adds one entry, so r = delta / 2 exactly."""
    names = {
        "model.layers.0.self_attn.q_proj.weight": (0.8, 0.2),
        "model.layers.0.self_attn.k_proj.weight": (0.3, 0.0),
        "model.layers.0.mlp.up_proj.weight": (0.2, 0.2),
        "model.layers.1.self_attn.q_proj.weight": (0.2, 0.2),
        "model.layers.1.mlp.up_proj.weight": (0.2, 0.6),
    }
    b, s, l = {}, {}, {}
    for n, (ds, dl) in names.items():
        b[n], s[n], l[n] = ONES.clone(), ONES + _e(0, 0, ds), ONES + _e(1, 1, dl)
    for i in (0, 1):  # norms: not targets; follow the layer (layer-wise) / stay L's (module-wise)
        n = f"model.layers.{i}.input_layernorm.weight"
        b[n], s[n], l[n] = torch.ones(2), torch.full((2,), 3.0), torch.full((2,), 5.0)
    for n in ("model.embed_tokens.weight", "model.norm.weight"):
        b[n], s[n], l[n] = ONES.clone(), ONES * 2, ONES * 4
    cfg = root / "cfg"
    cfg.mkdir()
    (cfg / "config.json").write_text(json.dumps({"model_type": "llama"}))
    return {r: save_state(root / r, t, cfg) for r, t in (("base", b), ("safety", s), ("language", l))}


def _run(paths, out, name, **params):
    strategy = build_strategy(name, **params)
    res = merge(
        strategy,
        base=paths.get("base"),
        safety=paths["safety"],
        language=paths["language"],
        out_dir=out,
        progress=False,
        figures=False,
    )
    return res, state(out)


def test_layerwise_hand_computed(tmp_path):
    paths = _hand_triple(tmp_path)
    res, out = _run(paths, tmp_path / "out", "layerwise", tau=0.001, alpha=0.25)
    # r_S: L0 = .4 + .15 + .1 = .65, L1 = .1 + .1 = .2 ; r_L: L0 = .1 + 0 + .1 = .2, L1 = .1 + .3 = .4
    units = res.decisions["units"]
    assert [u["module"] for u in units] == ["layer", "layer"]
    assert units[0]["score_safety"] == pytest.approx(0.65, abs=1e-6)
    assert units[1]["score_language"] == pytest.approx(0.4, abs=1e-6)
    p_s0, p_l0 = 0.65 / 0.85, 0.2 / 0.6
    assert units[0]["p_safety"] == pytest.approx(p_s0, abs=1e-6)
    assert units[0]["p_language"] == pytest.approx(p_l0, abs=1e-6)
    assert units[0]["d"] == pytest.approx(p_s0 - p_l0, abs=1e-6)
    assert [u["choice"] for u in units] == ["safety", "language"]
    s, l = state(paths["safety"]), state(paths["language"])
    # layer 0 entirely from S (norm included), layer 1 entirely from L
    for n in out:
        if n.startswith("model.layers.0."):
            assert torch.equal(out[n], s[n]), n
        elif n.startswith("model.layers.1."):
            assert torch.equal(out[n], l[n]), n
    # outside the layers: alpha*S + (1-alpha)*L = .25*2 + .75*4 = 3.5
    assert torch.allclose(out["model.embed_tokens.weight"], torch.full((2, 2), 3.5))
    assert torch.allclose(out["model.norm.weight"], torch.full((2, 2), 3.5))


def test_modulewise_hand_computed(tmp_path):
    paths = _hand_triple(tmp_path)
    res, out = _run(paths, tmp_path / "out", "modulewise", tau=0.05, alpha=0.5)
    units = {(u["layer"], u["module"]): u for u in res.decisions["units"]}
    assert list(units) == [(0, "self_attn"), (0, "mlp"), (1, "self_attn"), (1, "mlp")]
    s_s = [math.sqrt(0.4**2 + 0.15**2), 0.1, 0.1, 0.1]
    s_l = [0.1, 0.1, 0.1, 0.3]
    for k, u in enumerate(units.values()):
        assert u["score_safety"] == pytest.approx(s_s[k], abs=1e-6)
        assert u["score_language"] == pytest.approx(s_l[k], abs=1e-6)
        d = s_s[k] / sum(s_s) - s_l[k] / sum(s_l)
        assert u["d"] == pytest.approx(d, abs=1e-6)
    # d = [+.42, -.05, -.05, -.33]: with tau=.05 the middle two are within the band -> blend
    assert [u["choice"] for u in units.values()] == ["safety", "blend", "blend", "language"]
    s, l = state(paths["safety"]), state(paths["language"])
    assert torch.equal(
        out["model.layers.0.self_attn.q_proj.weight"], s["model.layers.0.self_attn.q_proj.weight"]
    )
    assert torch.allclose(
        out["model.layers.0.mlp.up_proj.weight"],
        0.5 * s["model.layers.0.mlp.up_proj.weight"] + 0.5 * l["model.layers.0.mlp.up_proj.weight"],
    )
    assert torch.equal(out["model.layers.1.mlp.up_proj.weight"], l["model.layers.1.mlp.up_proj.weight"])
    # module-wise: the layer norms stay L's even when the attention came from S
    assert torch.equal(
        out["model.layers.0.input_layernorm.weight"], l["model.layers.0.input_layernorm.weight"]
    )
    # a smaller tau turns the two blends into language (d = -.05 < -tau)
    res2, _ = _run(paths, tmp_path / "out2", "modulewise", tau=0.001)
    assert [u["choice"] for u in res2.decisions["units"]] == ["safety", "language", "language", "language"]


def _reference_decisions(paths, granularity: str, tau: float):
    """An independent re-implementation of the rule, straight from method.md."""
    b, s, l = (state(paths[r]) for r in ("base", "safety", "language"))
    targets = (
        ".self_attn.q_proj.",
        ".self_attn.k_proj.",
        ".self_attn.v_proj.",
        ".self_attn.o_proj.",
        ".mlp.gate_proj.",
        ".mlp.up_proj.",
        ".mlp.down_proj.",
    )
    rs: dict = {}
    for n in b:
        if not any(t in n for t in targets):
            continue
        layer = int(n.split(".")[2])
        unit = (
            (layer, "layer")
            if granularity == "layer"
            else (layer, "self_attn" if ".self_attn." in n else "mlp")
        )
        nb = b[n].double().norm().item()
        for role, e in (("safety", s), ("language", l)):
            diff = (e[n].double() - b[n].double()).norm().item()
            rs.setdefault(unit, {"safety": [], "language": []})[role].append(diff / nb if nb > 1e-8 else diff)
    agg = (lambda v: sum(v)) if granularity == "layer" else (lambda v: math.sqrt(sum(x * x for x in v)))
    sc = {u: {r: agg(v[r]) for r in v} for u, v in rs.items()}
    tot = {r: sum(x[r] for x in sc.values()) + 1e-8 for r in ("safety", "language")}
    out = {}
    for u, x in sc.items():
        d = x["safety"] / tot["safety"] - x["language"] / tot["language"]
        out[u] = "safety" if d > tau else "language" if d < -tau else "blend"
    return out


@pytest.mark.parametrize("arch", ["llama", "qwen", "gemma3"])
@pytest.mark.parametrize("tau,alpha", [(0.001, 0.5), (0.02, 0.3), (0.2, 0.7)])
def test_modulewise_planted(tmp_path, arch, tau, alpha):
    safety_units = [(1, "self_attn"), (2, "mlp")]
    language_units = [(0, "mlp"), (3, "self_attn")]
    paths = planted_triple(tmp_path, safety_units, language_units, arch=arch)
    res, out = _run(paths, tmp_path / "out", "modulewise", tau=tau, alpha=alpha)
    got = {(u["layer"], u["module"]): u["choice"] for u in res.decisions["units"]}
    assert got == _reference_decisions(paths, "module", tau)
    for u in safety_units:  # planted units are decided with a wide margin at every tau used here
        assert got[u] == "safety"
    for u in language_units:
        assert got[u] == "language"
    if tau >= 0.02:
        assert got[(0, "self_attn")] == "blend"  # unplanted units have |d| ~ 0
    s, l = state(paths["safety"]), state(paths["language"])
    for (layer, module), choice in got.items():
        for n in module_tensors(out, layer, module) + [
            x for x in out if x.startswith(f"model.layers.{layer}.") and f".{module}." in x
        ]:
            want = {"safety": s[n], "language": l[n]}.get(choice)
            if want is None:
                want = alpha * s[n].float() + (1 - alpha) * l[n].float()
            assert torch.allclose(out[n], want, atol=1e-6), (n, choice)
    for n in out:
        if "layernorm" in n:
            assert torch.equal(out[n], l[n])
        if n.startswith("model.embed_tokens") or n == "model.norm.weight":
            assert torch.allclose(out[n], alpha * s[n] + (1 - alpha) * l[n], atol=1e-6)


def test_qwen_zero_norm_biases_use_absolute_update(tmp_path):
    """Qwen's q/k/v biases start at zero: r falls back to ||E - B||_F and still counts."""
    paths = planted_triple(tmp_path, [(0, "self_attn")], [], arch="qwen", layers=2)
    b = state(paths["base"])
    bias = "model.layers.0.self_attn.q_proj.bias"
    assert b[bias].norm() == 0
    from swapexp.merge.adaptive import relative_update

    s = state(paths["safety"])
    assert relative_update(s[bias], b[bias]) == pytest.approx(s[bias].norm().item(), rel=1e-6)


@pytest.mark.parametrize("arch", ["llama", "gemma3"])
@pytest.mark.parametrize("tau", [0.001, 0.05])
def test_layerwise_planted(tmp_path, tau, arch):
    paths = planted_triple(
        tmp_path, [(1, "self_attn"), (1, "mlp")], [(3, "mlp"), (3, "self_attn")], arch=arch
    )
    res, out = _run(paths, tmp_path / "out", "layerwise", tau=tau, alpha=0.5)
    got = {(u["layer"], u["module"]): u["choice"] for u in res.decisions["units"]}
    assert got == _reference_decisions(paths, "layer", tau)
    assert got[(1, "layer")] == "safety" and got[(3, "layer")] == "language"
    s = state(paths["safety"])
    for n in out:
        if n.startswith("model.layers.1."):
            assert torch.equal(out[n], s[n])  # norms follow the layer in layer-wise mode


GEMMA_ATTN_NORMS = ("self_attn.q_norm.weight", "self_attn.k_norm.weight")
GEMMA_LAYER_NORMS = (
    "input_layernorm.weight",
    "post_attention_layernorm.weight",
    "pre_feedforward_layernorm.weight",
    "post_feedforward_layernorm.weight",
)


def test_gemma3_extra_tensors_follow_method_md(tmp_path):
    """Gemma 3's q/k norms live under self_attn. and follow the attention unit; its four layer norms
    (pre/post feed-forward included) stay L's in module-wise mode and follow the layer in layer-wise
    mode; none of them is scored."""
    from swapexp.checkpoint.arch import DEFAULT_ARCH

    paths = planted_triple(
        tmp_path, [(1, "self_attn"), (2, "mlp")], [(0, "mlp"), (3, "self_attn")], arch="gemma3"
    )
    s, l = state(paths["safety"]), state(paths["language"])
    for layer in range(4):
        for suffix in GEMMA_ATTN_NORMS + GEMMA_LAYER_NORMS:
            n = f"model.layers.{layer}.{suffix}"
            assert n in s and not torch.equal(s[n], l[n]), n  # present, and S and L differ on it
            assert not DEFAULT_ARCH.is_target(n)
            assert DEFAULT_ARCH.module_of(n) == ("self_attn" if suffix.startswith("self_attn.") else None)
    res, out = _run(paths, tmp_path / "mw", "modulewise", tau=0.02, alpha=0.5)
    choice = {(u["layer"], u["module"]): u["choice"] for u in res.decisions["units"]}
    assert choice[(1, "self_attn")] == "safety" and choice[(3, "self_attn")] == "language"
    assert choice[(0, "self_attn")] == "blend"
    for suffix in GEMMA_ATTN_NORMS:
        assert torch.equal(out[f"model.layers.1.{suffix}"], s[f"model.layers.1.{suffix}"])
        assert torch.equal(out[f"model.layers.3.{suffix}"], l[f"model.layers.3.{suffix}"])
        n = f"model.layers.0.{suffix}"
        assert torch.allclose(out[n], 0.5 * s[n] + 0.5 * l[n], atol=1e-6)
    for layer in range(4):
        for suffix in GEMMA_LAYER_NORMS:
            n = f"model.layers.{layer}.{suffix}"
            assert torch.equal(out[n], l[n]), n
    res, out = _run(paths, tmp_path / "lw", "layerwise", tau=0.02, alpha=0.5)
    layer_choice = {u["layer"]: u["choice"] for u in res.decisions["units"]}
    for layer, c in layer_choice.items():
        for suffix in GEMMA_ATTN_NORMS + GEMMA_LAYER_NORMS:
            n = f"model.layers.{layer}.{suffix}"
            want = {"safety": s[n], "language": l[n]}.get(c, 0.5 * s[n] + 0.5 * l[n])
            assert torch.allclose(out[n], want, atol=1e-6), (n, c)
    assert set(layer_choice.values()) >= {"safety", "language"}


def test_linear_and_task_arithmetic(tmp_path):
    paths = planted_triple(tmp_path, [(0, "mlp")], [(1, "mlp")], layers=2)
    b, s, l = (state(paths[r]) for r in ("base", "safety", "language"))
    _, out = _run(paths, tmp_path / "lin", "linear", alpha=0.3)
    for n in out:
        assert torch.allclose(out[n], 0.3 * s[n] + 0.7 * l[n], atol=1e-6)
    _, out = _run(paths, tmp_path / "ta", "task_arithmetic", lambda_safety=0.5, lambda_language=0.8)
    for n in out:
        assert torch.allclose(out[n], b[n] + 0.5 * (s[n] - b[n]) + 0.8 * (l[n] - b[n]), atol=1e-5)


def test_layer_swap_with_transition(tmp_path):
    paths = planted_triple(tmp_path, [], [], layers=8)
    s, l = state(paths["safety"]), state(paths["language"])
    res, out = _run(paths, tmp_path / "out", "layer_swap", k=2, transition=1)
    w = {u["layer"]: u["weight_safety"] for u in res.decisions["units"]}
    assert w == {0: 0.0, 1: 0.0, 2: 0.5, 3: 1.0, 4: 1.0, 5: 0.5, 6: 0.0, 7: 0.0}
    for n in out:
        layer = int(n.split(".")[2]) if n.startswith("model.layers.") else None
        want = l[n] if layer is None else w[layer] * s[n] + (1 - w[layer]) * l[n]
        assert torch.allclose(out[n], want, atol=1e-6), n
