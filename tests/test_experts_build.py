"""Building demo experts on a tiny random LM: training runs, lowers the loss, writes a loadable,
merge-compatible checkpoint into the cache, reuses it, and leaves nothing behind when it fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from hydra import compose, initialize_config_dir

import swapexp.experts.build as experts
from swapexp.checkpoint.reader import Checkpoint
from swapexp.errors import SwapexpError
from swapexp.experts import RECORD, parse_ref
from swapexp.experts.train import encode_pair
from swapexp.merge.engine import check_compatible
from swapexp.pipeline import compose as compose_job
from swapexp.pipeline import run
from tests.helpers.checkpoints import state
from tests.helpers.tiny_lm import make_tiny_lm

ROOT = Path(__file__).resolve().parents[1]
FAST = [
    "experts.steps=10",
    "experts.batch_size=2",
    "experts.max_length=96",
    "experts.optimizer=adamw",  # the tiny random model trains in 10 steps with AdamW
    "experts.learning_rate=3e-3",
    "experts.warmup_steps=1",
    "experts.progress=false",
    "experts.num_threads=1",
]


def build_expert(cfg, ref: str, role: str) -> Path:
    """What the pipeline does for a ``built:`` reference: the run's ExpertBuilder builds it."""
    return compose_job(cfg).experts.build(ref, role)


def expert_spec(cfg, ref: str) -> dict:
    return compose_job(cfg).experts.spec(ref)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return make_tiny_lm(tmp_path_factory.mktemp("tiny") / "base")


def cfg_for(base: Path, cache: Path, *overrides: str):
    with initialize_config_dir(str(ROOT / "conf"), version_base="1.3"):
        return compose(
            "config",
            overrides=[
                f"model.base={base}",
                f"paths.cache_dir={cache}",
                f"paths.output_dir={cache / 'run'}",
                "lang=sw",
                "logger=none",
                *FAST,
                *overrides,
            ],
        )


@pytest.fixture(scope="module")
def built(base, tmp_path_factory) -> dict:
    """`stage=experts` through the pipeline: builds the safety expert and the sw expert of the demo config."""
    cache = tmp_path_factory.mktemp("cache")
    cfg = cfg_for(base, cache, "stage=experts")
    assert cfg.model.safety == "built:safety" and cfg.model.languages.sw == "built:language:sw"
    assert run(cfg) == {}
    dirs = sorted((cache / "experts").iterdir())
    return {"cache": cache, "cfg": cfg, "dirs": {d.name.split("-")[0]: d for d in dirs}}


def test_stage_experts_builds_safety_and_language_experts(built):
    assert set(built["dirs"]) == {"safety", "language"}
    assert built["dirs"]["language"].name.startswith("language-sw-")
    assert built["dirs"]["safety"].name.startswith("safety-en-")
    assert not [
        p for p in (built["cache"] / "experts").iterdir() if p.name.startswith(".")
    ]  # no temp dirs left


@pytest.mark.parametrize("role", ["safety", "language"])
def test_training_lowers_the_loss_and_records_the_build(built, role):
    record = json.loads((built["dirs"][role] / RECORD).read_text())
    losses = record["train"]["losses"]
    assert len(losses) == 10
    assert sum(losses[-3:]) / 3 < sum(losses[:3]) / 3 - 0.2, losses
    assert record["settings"]["steps"] == 10 and record["settings"]["seed"] == 0
    if role == "safety":
        assert set(record["data"]) == {"safety_en", "benign_en"}
        assert record["data"]["safety_en"]["train_rows"] == 162  # 180 rows, last 10% held out
        seen = record["train"]["examples_per_source"]
        assert seen["safety_en"] > 0 and seen["benign_en"] > 0
    else:
        assert set(record["data"]) == {"lang_sw"} and record["lang"] == "sw"


@pytest.mark.parametrize("role", ["safety", "language"])
def test_expert_checkpoint_loads_differs_from_base_and_matches_its_layout(built, base, role):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    out = built["dirs"][role]
    assert (out / "model.safetensors").exists() and (out / "tokenizer.json").exists()
    model = AutoModelForCausalLM.from_pretrained(out)
    tok = AutoTokenizer.from_pretrained(out)
    assert tok.chat_template and model.config.tie_word_embeddings
    b, e = state(base), state(out)
    assert {k: (v.shape, v.dtype) for k, v in b.items()} == {k: (v.shape, v.dtype) for k, v in e.items()}
    changed = [k for k in b if not torch.equal(b[k], e[k])]
    assert len(changed) > len(b) // 2, "most tensors should move under full fine-tuning"


def test_base_and_built_experts_are_merge_compatible(built, base):
    check_compatible(
        {
            "base": Checkpoint(base, "base"),
            "safety": Checkpoint(built["dirs"]["safety"], "safety"),
            "language": Checkpoint(built["dirs"]["language"], "language"),
        }
    )


def test_second_build_reuses_the_cache(built, monkeypatch):
    def boom(*a, **k):
        raise AssertionError("trained again despite a cached expert")

    monkeypatch.setattr(experts, "train_causal_lm", boom)
    assert build_expert(built["cfg"], "built:safety", "safety") == built["dirs"]["safety"]
    assert build_expert(built["cfg"], "built:language", "language") == built["dirs"]["language"]


def test_cache_key_follows_settings_and_data_not_cosmetics(base, built, tmp_path):
    cache = built["cache"]
    out = expert_spec(built["cfg"], "built:language:sw")["out"]
    assert out == built["dirs"]["language"]
    assert (
        expert_spec(
            cfg_for(base, cache, "experts.progress=true", "experts.num_threads=2"), "built:language:sw"
        )["out"]
        == out
    )
    assert expert_spec(cfg_for(base, cache, "experts.learning_rate=1e-3"), "built:language:sw")["out"] != out
    assert expert_spec(cfg_for(base, cache, "seed=1"), "built:language:sw")["out"] != out
    assert expert_spec(cfg_for(base, cache), "built:language:ko")["out"].name.startswith("language-ko-")
    # the same data under another folder gives the same key; other content another
    for name in ("lang_sw",):
        (tmp_path / f"{name}.jsonl").write_bytes(
            (ROOT / "src/swapexp/data/sft" / f"{name}.jsonl").read_bytes()
        )
    assert (
        expert_spec(cfg_for(base, cache, f"experts.data_dir={tmp_path}"), "built:language:sw")["out"] == out
    )
    with open(tmp_path / "lang_sw.jsonl", "a") as f:
        f.write(json.dumps({"prompt": "Habari?", "response": "Nzuri."}) + "\n")
    assert (
        expert_spec(cfg_for(base, cache, f"experts.data_dir={tmp_path}"), "built:language:sw")["out"] != out
    )


def test_failed_build_leaves_no_checkpoint(base, tmp_path, monkeypatch):
    def dies(base_dir, out_dir, *a, **k):
        (Path(out_dir) / "model.safetensors").write_bytes(b"half")
        raise KeyboardInterrupt

    monkeypatch.setattr(experts, "train_causal_lm", dies)
    cfg = cfg_for(base, tmp_path)
    with pytest.raises(KeyboardInterrupt):
        build_expert(cfg, "built:safety", "safety")
    assert list((tmp_path / "experts").iterdir()) == []


def test_reference_and_data_errors_are_one_line_user_errors(base, tmp_path):
    cfg = cfg_for(base, tmp_path)
    assert parse_ref("built:safety") == ("safety", None)
    assert parse_ref("built:language", "bn") == ("language", "bn")
    assert parse_ref("built:language:te", "sw") == ("language", "te")
    for ref, msg in [
        ("built:language:xx", "no SFT data for language 'xx'.*languages with data: bn, ko, sw, te"),
        ("built:lang", "unknown built-expert reference"),
        ("built:safety:en", "unknown built-expert reference"),
    ]:
        with pytest.raises(SwapexpError, match=msg):
            build_expert(cfg, ref, "language")
    (tmp_path / "safety_en.jsonl").write_text("")
    (tmp_path / "benign_en.jsonl").write_text(json.dumps({"prompt": "Hi?", "response": "Hello!"}) + "\n")
    with pytest.raises(SwapexpError, match="safety_en.jsonl is empty"):
        build_expert(cfg_for(base, tmp_path, f"experts.data_dir={tmp_path}"), "built:safety", "safety")
    with pytest.raises(SwapexpError, match="benign.jsonl does not exist"):
        build_expert(
            cfg_for(base, tmp_path, f"experts.data_dir={tmp_path}", "experts.safety.benign=benign"),
            "built:safety",
            "safety",
        )
    with pytest.raises(SwapexpError, match="experts.steps must be a positive integer"):
        build_expert(cfg_for(base, tmp_path, "experts.steps=0"), "built:safety", "safety")
    with pytest.raises(
        SwapexpError, match="experts.lr_scheduler='cosin' is unknown; choose one of: linear, cosine"
    ):
        build_expert(cfg_for(base, tmp_path, "experts.lr_scheduler=cosin"), "built:safety", "safety")
    with pytest.raises(SwapexpError, match="model.base cannot be a built expert"):
        build_expert(cfg_for(base, tmp_path, "model.base=built:safety"), "built:safety", "safety")


def test_loss_covers_the_response_only(base):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(base)
    enc = encode_pair(tok, "What is 2 plus 2?", "2 plus 2 is 4.", max_length=512)
    prompt_len = len(
        tok.apply_chat_template(
            [{"role": "user", "content": "What is 2 plus 2?"}], add_generation_prompt=True, tokenize=True
        )["input_ids"]
    )
    labels = enc["labels"]
    assert all(t == -100 for t in labels[:prompt_len]) and all(t != -100 for t in labels[prompt_len:])
    assert tok.decode(enc["input_ids"][prompt_len:]).startswith("2 plus 2 is 4.<|im_end|>")
    short = encode_pair(tok, "What is 2 plus 2?", "2 plus 2 is 4.", max_length=prompt_len + 2)
    assert len(short["input_ids"]) == prompt_len + 2 and short["n_target"] == 2


def test_pipeline_checks_every_built_reference_before_training(base, tmp_path, monkeypatch):
    def boom(*a, **k):
        raise AssertionError("trained an expert before checking the other reference")

    monkeypatch.setattr(experts, "train_causal_lm", boom)
    cfg = cfg_for(base, tmp_path, "stage=experts", "model.languages.sw=built:language:xx")
    with pytest.raises(SwapexpError, match="no SFT data for language 'xx'"):
        run(cfg)
    assert not (tmp_path / "experts").exists()


def test_response_nll_equals_the_models_own_loss(base):
    """The LM head on the supervised positions only gives the loss of the full forward pass."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from swapexp.experts.train import collate, response_nll

    tok = AutoTokenizer.from_pretrained(base)
    model = AutoModelForCausalLM.from_pretrained(base).eval()
    rows = [
        encode_pair(tok, "What is 2 plus 2?", "2 plus 2 is 4.", 512),
        encode_pair(tok, "Name a colour.", "Blue, like the sky on a clear day.", 512),
    ]
    batch = collate(rows, tok.pad_token_id)
    with torch.no_grad():
        nll, n = response_nll(model, batch)
        ref = model(
            input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=batch["labels"]
        )
    assert n == sum(r["n_target"] for r in rows)  # every response token is predicted once
    assert torch.allclose(nll / n, ref.loss, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("optimizer", ["adamw", "sgd"])
def test_frozen_embeddings_stay_the_base_while_the_layers_train(base, tmp_path, optimizer):
    lr = "experts.learning_rate=0.5" if optimizer == "sgd" else "experts.learning_rate=3e-3"
    cfg = cfg_for(base, tmp_path, "experts.freeze_embeddings=true", f"experts.optimizer={optimizer}", lr)
    out = build_expert(cfg, "built:language:sw", "language")
    record = json.loads((out / RECORD).read_text())
    assert record["settings"]["optimizer"] == optimizer and record["settings"]["freeze_embeddings"] is True
    losses = record["train"]["losses"]
    assert sum(losses[-3:]) / 3 < sum(losses[:3]) / 3 - 0.1, losses
    b, e = state(base), state(out)
    assert torch.equal(b["model.embed_tokens.weight"], e["model.embed_tokens.weight"])
    moved = [k for k in b if ".layers." in k and not torch.equal(b[k], e[k])]
    assert len(moved) == len([k for k in b if ".layers." in k])  # every layer tensor trained


def test_optimizer_settings_are_checked_and_keyed(base, tmp_path):
    with pytest.raises(SwapexpError, match="experts.optimizer='adam' is unknown; choose one of: adamw, sgd"):
        build_expert(cfg_for(base, tmp_path, "experts.optimizer=adam"), "built:safety", "safety")
    with pytest.raises(SwapexpError, match=r"experts.momentum must be in \[0, 1\), got 1.0"):
        build_expert(cfg_for(base, tmp_path, "experts.momentum=1.0"), "built:safety", "safety")
    out = expert_spec(cfg_for(base, tmp_path), "built:safety")["out"]
    for override in ("experts.optimizer=sgd", "experts.momentum=0.5", "experts.freeze_embeddings=true"):
        assert expert_spec(cfg_for(base, tmp_path, override), "built:safety")["out"] != out


def test_train_settings_defaults_are_the_yaml_recipe():
    """conf/experts/default.yaml and TrainSettings' defaults are one recipe (a script that builds
    TrainSettings() trains what `python run.py stage=experts` trains)."""
    import dataclasses

    from hydra import compose, initialize_config_dir

    from swapexp.experts.build import settings_from_cfg
    from swapexp.experts.train import TrainSettings

    with initialize_config_dir(str(Path(__file__).resolve().parents[1] / "conf"), version_base="1.3"):
        cfg = compose("config")
    from_yaml = settings_from_cfg(dict(cfg.experts))
    assert dataclasses.asdict(from_yaml) == dataclasses.asdict(TrainSettings())
