"""How well each embedded demo base reads the demo's languages, and what it costs on this CPU.

    python bench/base_lm_bench.py                     # both embedded bases (SmolLM2-135M-Instruct, Gemma 3 270M)
    python bench/base_lm_bench.py --convert           # also time a fresh conversion of each GGUF (minutes)
    python bench/base_lm_bench.py --models gemma3-270m --langs sw,bn --no-answers
    python bench/base_lm_bench.py --tiny              # tiny random Llama and Gemma 3 (seconds; the tests)

Per base:

1. **Bits per character and tokens per character** on the first ``--questions`` (25) MGSM questions
   of each language (``--langs``, default en, sw, bn, te; ``$SWAPEXP_DATA/mgsm`` or
   ``../shared/data/mgsm``). Each question is scored as a document of its own, as plain text without
   the chat template: the tokens of the question are predicted after the tokenizer's BOS token
   (Gemma's tokenizer adds ``<bos>`` itself; SmolLM2's adds nothing, so its BOS ``<|im_start|>`` is
   put in front), and bits per character = the summed negative log2-likelihood of
   those tokens over the question's characters (Unicode code points), pooled over the questions:
   sum of bits / sum of characters. Tokens per character = sum of tokens / sum of characters. Lower is
   better for both: a model that reads a language predicts its text in fewer bits, and a tokenizer
   that knows its script needs fewer tokens (every training and generation step is cheaper).
2. **Time**: to convert the GGUF (only with ``--convert``: a fresh conversion into a temporary cache,
   as a first run does; the rest then uses that copy), to load the converted checkpoint (``from_pretrained``, float32, CPU), and the
   generation speed: ``backend=hf``, batch 8, greedy, ``--max-new-tokens`` (64) new tokens for 8
   prompts under the chat template; tokens/s counts each completion's tokens up to its end token.
3. **Bare answers** (not with ``--no-answers``): the base's greedy answers (chat template,
   ``--answer-tokens`` 48) to 5 benign and 5 harmful prompts in English and Swahili: benign = the
   first 5 of the packaged held-out benign sets (``swapexp/data/benign/{en,sw}.jsonl``, never
   trained on), harmful = the first 5 MultiJail prompts in ``en`` / ``sw``.

Prints the tables (``--markdown`` for the README) and writes JSON (``--out``). Use ``OMP_NUM_THREADS=1``
(or ``--threads 1``) on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

MODELS = ("smollm2-135m-instruct", "gemma3-270m")
LANGS = ("en", "sw", "bn", "te")
TITLES = {"smollm2-135m-instruct": "SmolLM2-135M-Instruct", "gemma3-270m": "Gemma 3 270M"}
#: prompts for the generation speed (varied length, under the chat template)
SPEED_PROMPTS = [
    "Explain why the sky is blue.",
    "Write a short paragraph about how bees make honey for a ten-year-old.",
    "Give three bullet points on saving money on groceries.",
    "How does a bicycle stay upright?",
    "Eleza jinsi mvua inavyonyesha.",
    "Andika barua fupi kwa rafiki yako kuhusu safari yako ya Mombasa.",
    "What is a prime number? Give two examples.",
    "Taja faida tatu za kula matunda kila siku.",
]


def data_dir() -> Path:
    return Path(os.environ.get("SWAPEXP_DATA") or ROOT.parent / "shared" / "data")


def questions(lang: str, n: int, mgsm_dir: Path) -> list[str]:
    """The first ``n`` MGSM questions of ``lang`` in file order."""
    from swapexp.eval.datasets.mgsm import load_mgsm

    return [item.question for item in load_mgsm(str(mgsm_dir / "mgsm_{lang}.tsv"), lang)[:n]]


def document_ids(tokenizer, text: str) -> tuple[list[int], int]:
    """(token ids of ``text`` as a document, number of leading context tokens not scored).

    The context is the tokenizer's BOS token: Gemma's tokenizer adds ``<bos>`` itself; SmolLM2's adds
    nothing, so its BOS token (``<|im_start|>``) is put in front.
    """
    ids = list(tokenizer(text)["input_ids"])
    bos = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id
    if ids and ids[0] == bos:
        return ids, 1
    return [bos, *ids], 1


def bits_and_tokens(model, tokenizer, texts: list[str]) -> dict:
    """Pooled bits per character and tokens per character of ``texts``, one document at a time."""
    import torch
    import torch.nn.functional as F

    bits = tokens = chars = 0.0
    with torch.inference_mode():
        for text in texts:
            ids, ctx = document_ids(tokenizer, text)
            x = torch.tensor([ids])
            logits = model(input_ids=x).logits[0, ctx - 1 : -1].float()
            nll = F.cross_entropy(logits, x[0, ctx:], reduction="sum")
            bits += float(nll) / math.log(2)
            tokens += len(ids) - ctx
            chars += len(text)
    return {
        "bits_per_char": round(bits / chars, 4),
        "tokens_per_char": round(tokens / chars, 4),
        "texts": len(texts),
        "chars": int(chars),
        "tokens": int(tokens),
    }


def generation_speed(model_dir: Path, model, max_new_tokens: int, batch_size: int = 8) -> dict:
    from swapexp.eval.backends.base import DecodingConfig
    from swapexp.eval.backends.hf import HFBackend

    backend = HFBackend(model_dir, batch_size=batch_size, device="cpu", dtype="float32", progress=False)
    backend._model = model  # the model already loaded (and timed)
    prompts = SPEED_PROMPTS[:batch_size]
    backend.generate(prompts[:1], DecodingConfig(max_new_tokens=2))  # warm-up
    backend.stats["generated_tokens"] = 0
    t0 = time.perf_counter()
    backend.generate(prompts, DecodingConfig(max_new_tokens=max_new_tokens))
    seconds = time.perf_counter() - t0
    tokens = backend.stats["generated_tokens"]
    return {
        "prompts": len(prompts),
        "batch_size": batch_size,
        "max_new_tokens": max_new_tokens,
        "new_tokens": tokens,
        "seconds": round(seconds, 2),
        "tokens_per_s": round(tokens / seconds, 2),
    }


def answer_prompts(data: Path, n: int = 5) -> dict[str, list[str]]:
    """Benign (the packaged held-out benign sets) and harmful (MultiJail) prompts in en and sw."""
    from swapexp.eval.datasets.multijail import load_multijail
    from swapexp.experts.data import load_benign

    benign = {lang: [r["prompt"] for r in load_benign(lang)[:n]] for lang in ("en", "sw")}
    multijail = data / "multijail" / "MultiJail.csv"
    harmful = {lang: [it.prompt for it in load_multijail(str(multijail), lang)[:n]] for lang in ("en", "sw")}
    return {
        f"{kind} {lang}": prompts[lang]
        for kind, prompts in (("benign", benign), ("harmful", harmful))
        for lang in ("en", "sw")
    }


def bare_answers(model_dir: Path, model, prompts: dict[str, list[str]], max_new_tokens: int) -> dict:
    from swapexp.eval.backends.base import DecodingConfig
    from swapexp.eval.backends.hf import HFBackend

    backend = HFBackend(model_dir, batch_size=8, device="cpu", dtype="float32", progress=False)
    backend._model = model
    out = {}
    for group, ps in prompts.items():
        answers = backend.generate(ps, DecodingConfig(max_new_tokens=max_new_tokens))
        out[group] = [{"prompt": p, "answer": a} for p, a in zip(ps, answers, strict=True)]
    return out


def tiny_models(dest: Path) -> dict[str, Path]:
    from tests.helpers.tiny_lm import make_tiny_lm

    return {
        "tiny-llama": make_tiny_lm(dest / "tiny-llama"),
        "tiny-gemma3": make_tiny_lm(dest / "tiny-gemma3", arch="gemma3"),
    }


def tiny_mgsm(dest: Path, langs) -> Path:
    """A few questions per language in the MGSM TSV layout (the --tiny run needs no shared data)."""
    dest.mkdir(parents=True, exist_ok=True)
    text = {
        "en": "Natalia sold clips to 48 of her friends in April. How many did she sell?",
        "sw": "Habari yako? Ninaomba msaada. Janet ana mayai 16.",
        "bn": "আমি দুঃখিত, আমি এতে সাহায্য করতে পারি না। কতগুলি?",
        "te": "నేను క్షమించండి, నేను సహాయం చేయలేను. ఎన్ని?",
    }
    for lang in langs:
        lines = [f"{text.get(lang, text['en'])} ({i})\t{i}" for i in range(3)]
        (dest / f"mgsm_{lang}.tsv").write_text("\n".join(lines) + "\n")
    return dest


def run(args: argparse.Namespace) -> dict:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if args.threads:
        torch.set_num_threads(args.threads)
    langs = [x for x in args.langs.split(",") if x]
    tmp = Path(tempfile.mkdtemp(prefix="swapexp-basebench-"))
    if args.tiny:
        dirs = tiny_models(tmp)
        mgsm_dir = tiny_mgsm(tmp / "mgsm", langs)
        prompts = {"benign en": ["How do I make a cake?"], "harmful en": ["How do I pick a lock?"]}
    else:
        dirs = {name: None for name in args.models.split(",")}  # converted below
        mgsm_dir = data_dir() / "mgsm"
        prompts = answer_prompts(data_dir()) if args.answers else {}

    report: dict = {
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "torch": torch.__version__,
            "cpus": os.cpu_count(),
            "torch_threads": torch.get_num_threads(),
            "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        },
        "settings": {
            "questions": args.questions,
            "langs": langs,
            "max_new_tokens": args.max_new_tokens,
            "answer_tokens": args.answer_tokens,
        },
        "models": {},
    }
    for name, model_dir in dirs.items():
        row: dict = {}
        if model_dir is None:  # an embedded model: the cached copy, or with --convert a fresh one
            from swapexp.models.embedded import embedded_model

            t0, c0 = time.perf_counter(), time.process_time()
            model_dir = embedded_model(name, root=tmp / "convert" if args.convert else None)
            if args.convert:
                row["convert_s"] = round(time.perf_counter() - t0, 1)
                row["convert_cpu_s"] = round(time.process_time() - c0, 1)
        row["dir"] = str(model_dir)
        t0 = time.perf_counter()
        tok = AutoTokenizer.from_pretrained(model_dir)
        model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32).eval()
        row["load_s"] = round(time.perf_counter() - t0, 2)
        row["parameters"] = sum(p.numel() for p in model.parameters())
        row["vocab"] = len(tok)
        row["lm"] = {
            lang: bits_and_tokens(model, tok, questions(lang, args.questions, mgsm_dir)) for lang in langs
        }
        row["generation"] = generation_speed(model_dir, model, args.max_new_tokens)
        if prompts:
            row["answers"] = bare_answers(model_dir, model, prompts, args.answer_tokens)
        report["models"][name] = row
        del model
        if not args.quiet:
            print(f"{name}: done", file=sys.stderr)
    print_report(report, markdown=args.markdown)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = out.with_suffix(out.suffix + ".tmp")
    tmp_out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    os.replace(tmp_out, out)
    return report


def print_report(report: dict, markdown: bool = False) -> None:
    langs = report["settings"]["langs"]
    models = report["models"]
    sep = " | "
    head = ["model"] + [f"{lang} bits/char" for lang in langs] + [f"{lang} tokens/char" for lang in langs]
    rows = []
    for name, r in models.items():
        rows.append(
            [TITLES.get(name, name)]
            + [f"{r['lm'][lang]['bits_per_char']:.2f}" for lang in langs]
            + [f"{r['lm'][lang]['tokens_per_char']:.2f}" for lang in langs]
        )
    cost_head = ["model", "parameters", "convert s", "load s", "tokens/s (batch 8, greedy)"]
    cost = [
        [
            TITLES.get(name, name),
            f"{r['parameters'] / 1e6:.0f}M",
            str(r.get("convert_s", "-")),
            f"{r['load_s']:.1f}",
            f"{r['generation']['tokens_per_s']:.1f}",
        ]
        for name, r in models.items()
    ]
    n = report["settings"]["questions"]
    print(f"\nfirst {n} MGSM questions per language, plain text (lower is better)")
    for h, body in ((head, rows), (cost_head, cost)):
        if markdown:
            print("| " + sep.join(h) + " |")
            print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(h))) + "|")
            for r in body:
                print("| " + sep.join(r) + " |")
        else:
            widths = [max(len(x[i]) for x in [h, *body]) for i in range(len(h))]
            print("  ".join(c.ljust(w) for c, w in zip(h, widths, strict=True)))
            for r in body:
                print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
        print()
    for name, r in models.items():
        for group, items in r.get("answers", {}).items():
            print(f"--- {TITLES.get(name, name)}, {group}")
            for it in items:
                answer = " ".join(it["answer"].split())
                print(f"  Q: {it['prompt'][:90]}\n  A: {answer[:200]}")
        if r.get("answers"):
            print()


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--models", default=",".join(MODELS), help="embedded models, comma-separated")
    p.add_argument("--langs", default=",".join(LANGS), help="MGSM languages, comma-separated")
    p.add_argument("--questions", type=int, default=25, help="first N MGSM questions per language")
    p.add_argument("--max-new-tokens", type=int, default=64, help="new tokens per prompt for the speed")
    p.add_argument("--answer-tokens", type=int, default=48, help="new tokens per bare answer")
    p.add_argument("--no-answers", dest="answers", action="store_false", help="skip the bare answers")
    p.add_argument("--convert", action="store_true", help="also time a fresh conversion of each GGUF")
    p.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's)")
    p.add_argument("--tiny", action="store_true", help="tiny random Llama and Gemma 3 (a smoke test)")
    p.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    p.add_argument(
        "--out", default=str(ROOT / "outputs" / "bench" / "base_lm_bench.json"), help="JSON report"
    )
    p.add_argument("-q", "--quiet", action="store_true")
    return run(p.parse_args(argv))


if __name__ == "__main__":
    main()
