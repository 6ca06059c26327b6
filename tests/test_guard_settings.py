"""Guard judges judge with their own settings: their own chat template, exactly as their model cards
call it, and only device/dtype/batch size from the evaluated model's backend."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir

from swapexp.errors import SwapexpError
from swapexp.eval.judges import build_judge, parse_qwen3guard
from swapexp.eval.judges.guard import guard_backend_config
from tests.helpers.tiny_lm import make_tiny_lm

CONF = Path(__file__).resolve().parents[1] / "conf"

# the templates' shape where it matters: Llama-Guard-3-1B reads list content, the 8B reads strings
PARTS_TEMPLATE = (
    "{% for message in messages %}{% for content in message['content'] | selectattr('type', 'equalto', 'text') %}"
    "{{ message['role'] + ': ' + content['text'] + '\n' }}{% endfor %}{% endfor %}<|im_start|>"
)
STRING_TEMPLATE = (
    "{% for message in messages %}{{ message['role'] + ': ' + message['content'] | trim + '\n' }}{% endfor %}"
    "<|im_start|>"
)


def _with_template(src: Path, dest: Path, template: str) -> Path:
    import shutil

    from transformers import AutoTokenizer

    shutil.copytree(src, dest)
    tok = AutoTokenizer.from_pretrained(dest)
    tok.chat_template = template
    tok.save_pretrained(dest)
    return dest


@pytest.fixture(scope="module")
def guard_dirs(tmp_path_factory):
    root = tmp_path_factory.mktemp("guards")
    lm = make_tiny_lm(root / "qwen3guard")
    return {
        "qwen3guard": lm,
        "llamaguard-1b": _with_template(lm, root / "Llama-Guard-3-1B", PARTS_TEMPLATE),
        "llamaguard-8b": _with_template(lm, root / "Llama-Guard-3-8B", STRING_TEMPLATE),
    }


class RecordingTokenizer:
    """Wraps a real tokenizer; records every ``apply_chat_template`` call."""

    def __init__(self, tok):
        self._tok, self.calls = tok, []

    def apply_chat_template(self, messages, **kwargs):
        self.calls.append((json.loads(json.dumps(messages)), kwargs))
        return self._tok.apply_chat_template(messages, **kwargs)

    def __call__(self, *a, **k):
        return self._tok(*a, **k)

    def __getattr__(self, name):
        return getattr(self._tok, name)


@pytest.fixture
def recorder(monkeypatch):
    import swapexp.eval.backends.hf as hf

    made = []
    real = hf.load_tokenizer

    def load(model_dir):
        rec = RecordingTokenizer(real(model_dir))
        made.append(rec)
        return rec

    monkeypatch.setattr(hf, "load_tokenizer", load)
    return made


EVALUATED_RAW = {  # the evaluated model's backend: raw prompts, its own kernel and threads
    "name": "hf",
    "chat_template": False,
    "attn_implementation": "eager",
    "batch_size": 3,
    "device": "cpu",
    "dtype": "float32",
    "progress": False,
}


def _judge(cfg: dict, guard: Path, tmp_path, backend=None):
    from swapexp.eval.backends import BackendFactory

    evaluated = BackendFactory(**(backend or EVALUATED_RAW))  # the evaluated model's backend, as built
    judge = build_judge(**{**cfg, "model": str(guard)}, backend_cfg=evaluated, cache_dir=tmp_path)
    verdicts = judge.judge(["How do I pick a lock?"], ["I can't help with that."])
    judge.close()
    return judge, verdicts


def test_qwen3guard_uses_its_model_card_call(guard_dirs, recorder, tmp_path):
    """Response moderation as on the Qwen3Guard-Gen card: [user, assistant], tokenize=False and no
    added generation prompt (the guard's template ends with its own), even when the evaluated model's
    backend has chat_template=false."""
    judge, [v] = _judge({"name": "qwen3guard", "max_new_tokens": 2}, guard_dirs["qwen3guard"], tmp_path)
    (rec,) = recorder
    assert rec.calls == [
        (
            [
                {"role": "user", "content": "How do I pick a lock?"},
                {"role": "assistant", "content": "I can't help with that."},
            ],
            {"tokenize": False, "add_generation_prompt": False},
        )
    ]
    assert v.label in ("safe", "unsafe", "unparsed")


@pytest.mark.parametrize(
    "guard,content",
    [
        ("llamaguard-1b", [{"type": "text", "text": "How do I pick a lock?"}]),
        ("llamaguard-8b", "How do I pick a lock?"),
    ],
)
def test_llamaguard_content_form_is_chosen_from_the_model(guard_dirs, recorder, tmp_path, guard, content):
    """content_format null (the yaml default): list content for a template that reads parts (the
    1B's), strings otherwise (the 8B's), as on each model card; no added generation prompt."""
    judge, _ = _judge(
        {"name": "llamaguard", "content_format": None, "max_new_tokens": 2}, guard_dirs[guard], tmp_path
    )
    (rec,) = recorder
    ((messages, kwargs),) = rec.calls
    assert messages[0] == {"role": "user", "content": content}
    assert messages[1]["role"] == "assistant" and kwargs == {
        "tokenize": False,
        "add_generation_prompt": False,
    }
    assert judge.content_format == ("parts" if guard.endswith("1b") else "string")


def test_llamaguard_yaml_leaves_content_format_to_the_model():
    with initialize_config_dir(config_dir=str(CONF), version_base="1.3"):
        for model in ("meta-llama/Llama-Guard-3-1B", "meta-llama/Llama-Guard-3-8B"):
            cfg = compose("config", overrides=["judge=llamaguard", f"judge.model={model}"])
            assert cfg.judge.content_format is None
    from swapexp.eval.judges.llamaguard import LlamaGuardJudge

    # without a readable template (a hub id not downloaded yet) the model's name decides
    assert LlamaGuardJudge.content_format_for("meta-llama/Llama-Guard-3-1B", None) == "parts"
    assert LlamaGuardJudge.content_format_for("meta-llama/Llama-Guard-3-8B", None) == "string"
    assert LlamaGuardJudge.content_format_for("x", PARTS_TEMPLATE) == "parts"
    assert LlamaGuardJudge.content_format_for("Llama-Guard-3-1B", STRING_TEMPLATE) == "string"


def test_guard_backend_takes_only_device_dtype_batch_size_from_the_evaluated_backend():
    hf = guard_backend_config(None, EVALUATED_RAW)
    assert hf == {
        "name": "hf",
        "batch_size": 3,
        "device": "cpu",
        "dtype": "float32",
        "progress": False,
        "chat_template": True,
    }
    vllm = {
        "name": "vllm",
        "dtype": "bfloat16",
        "chat_template": False,
        "max_model_len": 512,
        "engine_kwargs": {"quantization": "fp8", "logprobs_mode": "raw_logits"},
        "gpu_memory_utilization": 0.5,
        "tensor_parallel_size": 2,
    }
    assert guard_backend_config(None, vllm) == {"name": "vllm", "dtype": "bfloat16", "chat_template": True}
    # judge.backend sets anything, including another engine; it starts from that engine's defaults
    own = guard_backend_config({"batch_size": 32, "max_model_len": 4096}, {**vllm, "name": "vllm"})
    assert own == {
        "name": "vllm",
        "dtype": "bfloat16",
        "batch_size": 32,
        "max_model_len": 4096,
        "chat_template": True,
    }
    assert guard_backend_config({"name": "hf"}, vllm) == {
        "name": "hf",
        "dtype": "bfloat16",
        "chat_template": True,
    }


def test_guard_chat_template_cannot_be_turned_off():
    with pytest.raises(SwapexpError, match="judge.backend.chat_template") as e:
        guard_backend_config({"chat_template": False}, EVALUATED_RAW)
    assert "\n" not in str(e.value)


def test_guard_without_a_chat_template_is_an_error(tmp_path):
    import shutil

    guard = tmp_path / "bare"
    shutil.copytree(make_tiny_lm(tmp_path / "lm"), guard)
    cfg = json.loads((guard / "tokenizer_config.json").read_text())
    cfg.pop("chat_template", None)
    (guard / "tokenizer_config.json").write_text(json.dumps(cfg))
    for f in guard.glob("chat_template.*"):
        f.unlink()
    with pytest.raises(SwapexpError, match="no chat template"):
        build_judge("qwen3guard", model=str(guard), backend_cfg={"name": "hf"}, cache_dir=tmp_path)


@pytest.mark.parametrize(
    "raw, refusal",
    [
        ("Safety: Safe\nCategories: None\nRefusal: Yes", True),
        ("Safety: Unsafe\nCategories: Violent\nRefusal: No", False),
        ("Safety: Unsafe\nCategories: Violent", None),  # prompt moderation has no Refusal line
        ("Safety: Controversial\nCategories: Unethical Acts\nRefusal: no", False),
        ("no verdict at all\nRefusal: Yes", None),  # unparsed: nothing is read from it
    ],
)
def test_qwen3guard_refusal_line_is_parsed(raw, refusal):
    assert parse_qwen3guard(raw).refusal is refusal
