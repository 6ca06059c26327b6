"""Language identification on short strings: lingua-language-detector vs py3langid.

    python bench/langid_bench.py                       # ../shared/data (or $SWAPEXP_DATA)
    python bench/langid_bench.py --out bench/results/langid_bench.json

Needs ``lingua-language-detector`` (the ``bench`` extra: ``pip install -e .[bench]``); py3langid is a
core dependency. Memory is measured with the standard library (``/proc/self/statm``).

Strings: MultiJail prompts (ko, bn, sw, en and six other languages), MGSM questions (sw, bn, te, en)
and the responses of the packaged SFT data (sw, bn, te, ko, en): each whole, and cut to its first
``--words`` words (default 4: the shortest responses the pre-check sees). For each library:

- top-1 accuracy per language (the library's own full language set, as the pre-check uses it);
- the pre-check's decision: a string in a target language or English must be accepted (the top
  language is the target or English), a string in one of the six other languages rejected (its top
  language is none of the targets nor English);
- load time, memory added by loading, and seconds per string.

Then, for the chosen library (py3langid), the pre-check's rule against the plain top-1 rule: how
many in-language strings it would call off-language (the responses of the SFT data in sw, bn, te, ko
and English, cut to their first 3, 4, 5, 6, 8 and 12 words: false invalid) and how many prompts of
the six other MultiJail languages it catches, for ``min_letters`` 20 / 30.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

TARGETS = ("sw", "bn", "te", "ko")
OTHERS = ("zh", "it", "vi", "ar", "th", "jv")  # MultiJail columns that are neither a target nor English


def strings(data_dir: Path, per_source: int, words: int) -> list[tuple[str, str, str]]:
    """(lang, kind, text): kind = full | short."""
    from swapexp.experts.data import load_sft

    rng = random.Random(0)
    out: list[tuple[str, str]] = []
    with open(data_dir / "multijail" / "MultiJail.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for lang in ("ko", "bn", "sw", "en", *OTHERS):
        out += [(lang, r[lang]) for r in rng.sample(rows, per_source)]
    for lang in ("sw", "bn", "te", "en"):
        with open(data_dir / "mgsm" / f"mgsm_{lang}.tsv", encoding="utf-8") as f:
            qs = [line.split("\t")[0] for line in f if line.strip()]
        out += [(lang, q) for q in rng.sample(qs, per_source)]
    for name, lang in (
        ("lang_sw", "sw"),
        ("lang_bn", "bn"),
        ("lang_te", "te"),
        ("lang_ko", "ko"),
        ("benign_en", "en"),
    ):
        out += [(lang, r["response"]) for r in rng.sample(load_sft(name), per_source)]
    res = []
    for lang, text in out:
        res.append((lang, "full", text))
        short = " ".join(text.split()[:words])
        res.append((lang, "short", short))
    return res


class Lingua:
    name = "lingua-language-detector"

    def __init__(self) -> None:
        from lingua import LanguageDetectorBuilder

        self.det = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()

    def __call__(self, text: str) -> str:
        lang = self.det.detect_language_of(text)
        return lang.iso_code_639_1.name.lower() if lang is not None else "?"


class Py3langid:
    name = "py3langid"

    def __init__(self) -> None:
        import py3langid

        self.mod = py3langid
        self.mod.classify("warm up")

    def __call__(self, text: str) -> str:
        return self.mod.classify(text)[0]


def rss_bytes() -> int:
    """This process' resident memory now: ``/proc/self/statm`` on Linux; elsewhere the peak so far
    (``resource.getrusage``'s ``ru_maxrss``: KiB on Linux, bytes on macOS). Standard library only."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def measure(lib_cls, data) -> dict:
    rss0 = rss_bytes()
    t0 = time.perf_counter()
    lib = lib_cls()
    load_s = time.perf_counter() - t0
    rss_mib = (rss_bytes() - rss0) / 2**20
    t0 = time.perf_counter()
    preds = [lib(text) for _, _, text in data]
    per_string = (time.perf_counter() - t0) / len(data)
    acc: dict[str, dict[str, list[int]]] = {}
    decision: dict[str, dict[str, list[int]]] = {}
    for (lang, kind, _), pred in zip(data, preds, strict=True):
        a = acc.setdefault(kind, {}).setdefault(lang, [0, 0])
        a[0] += pred == lang
        a[1] += 1
        group = "other" if lang in OTHERS else lang
        ok = pred not in ("en", *TARGETS) if lang in OTHERS else pred in (lang, "en")
        d = decision.setdefault(kind, {}).setdefault(group, [0, 0])
        d[0] += ok
        d[1] += 1
    ratio = lambda v: round(v[0] / v[1], 3)  # noqa: E731
    return {
        "library": lib.name,
        "load_s": round(load_s, 2),
        "load_rss_mib": round(rss_mib),
        "ms_per_string": round(per_string * 1000, 3),
        "top1_accuracy": {k: {lang: ratio(v) for lang, v in sorted(d.items())} for k, d in acc.items()},
        "precheck_decision_accuracy": {
            k: {g: ratio(v) for g, v in sorted(d.items())} for k, d in decision.items()
        },
        "n": {k: {g: v[1] for g, v in sorted(d.items())} for k, d in decision.items()},
    }


def precheck_rule(data_dir: Path, per_source: int) -> list[dict]:
    from swapexp.eval.judges.precheck import language_probabilities, letter_count
    from swapexp.experts.data import load_sft

    inlang = []
    for name, lang in (
        ("lang_sw", "sw"),
        ("lang_bn", "bn"),
        ("lang_te", "te"),
        ("lang_ko", "ko"),
        ("benign_en", "en"),
        ("safety_en", "en"),
    ):
        for r in load_sft(name):
            inlang += [(lang, " ".join(r["response"].split()[:k])) for k in (3, 4, 5, 6, 8, 12)]
    with open(data_dir / "multijail" / "MultiJail.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[: per_source * 2]
    other = [(target, r[c]) for r in rows for c in OTHERS for target in TARGETS]
    out = []
    for min_letters in (20, 30):
        for rule, threshold in (("top-1 not allowed", None), ("P(allowed) < min_prob", 0.01)):

            def off(lang: str, text: str, min_letters: int = min_letters, threshold=threshold) -> bool:
                if letter_count(text) < min_letters:
                    return False
                probs = language_probabilities(text)
                if threshold is None:
                    return max(probs, key=probs.__getitem__) not in (lang, "en")
                return probs.get(lang, 0.0) + probs.get("en", 0.0) < threshold

            out.append(
                {
                    "min_letters": min_letters,
                    "rule": rule,
                    "min_prob": threshold,
                    "false_invalid": f"{sum(off(g, t) for g, t in inlang)}/{len(inlang)}",
                    "other_caught": f"{sum(off(g, t) for g, t in other)}/{len(other)}",
                }
            )
    return out


def _is_langid_bench_json(path: Path) -> bool:
    """A previous output of this script (it may be replaced without --overwrite)."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "precheck_rule" in data and "results" in data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.environ.get("SWAPEXP_DATA") or ROOT.parent / "shared" / "data")
    ap.add_argument("--per-source", type=int, default=40)
    ap.add_argument("--words", type=int, default=4)
    ap.add_argument(
        "--out", default=None, help="write the results as JSON (a previous output of this script is replaced)"
    )
    ap.add_argument(
        "--overwrite", action="store_true", help="replace an --out file this script did not write"
    )
    args = ap.parse_args(argv)
    from swapexp.outputs import check_output_file, write_text_atomic

    # checked before any work: never a file this benchmark did not write
    out = (
        check_output_file(args.out, overwrite=args.overwrite, is_ours=_is_langid_bench_json)
        if args.out
        else None
    )
    data = strings(Path(args.data), args.per_source, args.words)
    results = [measure(cls, data) for cls in (Py3langid, Lingua)]
    for r in results:
        print(
            f"\n{r['library']}: load {r['load_s']} s, +{r['load_rss_mib']} MiB RSS, {r['ms_per_string']} ms per string"
        )
        for kind in ("full", "short"):
            print(f"  {kind:5s} top-1   ", r["top1_accuracy"][kind])
            print(f"  {kind:5s} decision", r["precheck_decision_accuracy"][kind])
    rules = precheck_rule(Path(args.data), args.per_source)
    print("\npre-check rule (py3langid): false invalid on in-language strings, other languages caught")
    for r in rules:
        print(
            f"  min_letters {r['min_letters']:>2}  {r['rule']:<22} {r['false_invalid']:>10} {r['other_caught']:>10}"
        )
    if out is not None:
        report = {"benchmark": "langid", "words": args.words, "per_source": args.per_source}
        report |= {"results": results, "precheck_rule": rules}
        write_text_atomic(out, json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    from swapexp.hydra_utils import exit_on_user_error  # a user error: one line, exit 2

    sys.exit(exit_on_user_error(main))
