"""Every option of every config group composes with the root config, and its key fields make sense.

Data-driven (lightning-hydra-template style): the cases are the yaml files under conf/, so a new
option is tested as soon as it exists. Per-group checks live in CHECKS; add one for a new group.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir
from omegaconf import DictConfig, OmegaConf

import swapexp  # noqa: F401  (registers the resolvers conf/hydra/default.yaml uses)

REPO = Path(__file__).resolve().parents[1]
CONF = REPO / "conf"
# groups selected on the command line as GROUP=OPTION (conf/hydra holds Hydra's own settings,
# conf/local the git-ignored machine overrides)
SKIP_GROUPS = {"hydra", "local"}


def groups() -> list[str]:
    return sorted(
        p.name for p in CONF.iterdir() if p.is_dir() and p.name not in SKIP_GROUPS and any(p.glob("*.yaml"))
    )


def options(group: str) -> list[str]:
    return sorted(p.stem for p in (CONF / group).glob("*.yaml"))


CASES = [(g, o) for g in groups() for o in options(g)]


@pytest.fixture(scope="module", autouse=True)
def _hydra():
    """One Hydra initialisation for the module (plugin discovery is the slow part)."""
    with initialize_config_dir(config_dir=str(CONF), version_base="1.3"):
        yield


def compose_cfg(overrides: list[str], hydra: bool = False) -> DictConfig:
    return compose("config", overrides=overrides, return_hydra_config=hydra)


def lang_codes() -> list[str]:
    return [OmegaConf.load(CONF / "lang" / f"{o}.yaml").code for o in options("lang")]


# -- per-group checks: (cfg with hydra, option) -> None -----------------------------------------
def check_model(cfg, option):
    assert cfg.model.name and cfg.model.base and cfg.model.safety
    missing = set(lang_codes()) - set(cfg.model.languages)
    assert not missing, f"model {option} has no language expert for {missing}"


def check_lang(cfg, option):
    assert cfg.lang.code == option
    for key in ("name", "multijail", "mgsm", "belebele", "mmmlu"):
        assert key in cfg.lang, key


def check_merge(cfg, option):
    from swapexp.merge import build_strategy, get_strategy_class

    assert cfg.merge.name == option
    cls = get_strategy_class(option)
    merge = OmegaConf.to_container(cfg.merge, resolve=True)  # as the pipeline reads it (seed: ${seed})
    params = {k: v for k, v in merge.items() if k not in ("_target_", "name")}
    strategy = build_strategy(option, **params)  # every field is a real parameter with a valid value
    assert strategy.name == option and strategy.kind in ("adaptive", "baseline", "expert")
    # the yaml documents every declared parameter at its declared default
    assert {p.name: p.default for p in cls.parameters} == params
    if cls.edit:  # a strategy that implies an edit pulls it in
        assert cfg.edit.name == cls.edit


def check_baseline(cfg, option):
    if option in ("base", "safety", "language"):
        assert cfg.merge.name == "none" and cfg.merge.expert == option
    else:
        assert cfg.merge.name == option
        check_merge(cfg, option)


def check_logger(cfg, option):
    assert cfg.logger.name == option
    if option == "wandb":
        from swapexp.logging.wandb_logger import MODES

        assert cfg.logger.project and cfg.logger.mode in (None, *MODES)
        assert int(cfg.logger.log_generations) >= 0


def check_named(group: str) -> Callable:
    def check(cfg, option):
        assert isinstance(cfg[group].name, str) and cfg[group].name

    return check


def check_experiment(cfg, option):
    params = cfg.hydra.sweeper.params
    assert params, f"experiment {option} sets no hydra.sweeper.params"


def check_hparams_search(cfg, option):
    assert cfg.optimized_metric, "a search needs optimized_metric"
    assert cfg.hydra.sweeper.params
    assert cfg.hydra.sweeper.direction in ("minimize", "maximize")


def check_launcher(cfg, option):
    assert "submitit" in cfg.hydra.launcher._target_
    assert cfg.hydra.launcher.timeout_min > 0


def check_paths(cfg, option):
    for key in ("root_dir", "data_dir", "cache_dir", "log_dir"):
        assert key in cfg.paths


def check_edit(cfg, option):
    assert cfg.edit.name == option
    if option == "sparse":
        assert cfg.edit.rank >= 1 and cfg.edit.gamma >= 0 and cfg.edit.lam > 0


def check_eval(cfg, option):
    assert "limit" in cfg.eval and "safety" in cfg.eval and "utility" in cfg.eval


CHECKS: dict[str, Callable] = {
    "model": check_model,
    "lang": check_lang,
    "merge": check_merge,
    "baseline": check_baseline,
    "logger": check_logger,
    "judge": check_named("judge"),
    "backend": check_named("backend"),
    "experiment": check_experiment,
    "hparams_search": check_hparams_search,
    "launcher": check_launcher,
    "paths": check_paths,
    "eval": check_eval,
    "edit": check_edit,
}


def test_default_config():
    cfg = compose_cfg([], hydra=True)
    assert cfg.logger.name == "wandb"  # W&B is the default logger
    assert cfg.optimized_metric is None and cfg.stage == "all"
    for group in ("model", "lang", "merge", "eval", "judge", "backend", "logger", "experts", "paths"):
        assert group in cfg, group
    assert cfg.hydra.sweeper._target_.endswith("BasicSweeper")


def test_every_group_is_covered():
    """A group without a check still composes below; this names the groups that only compose."""
    expected = {
        "model",
        "lang",
        "merge",
        "eval",
        "judge",
        "backend",
        "logger",
        "experts",
        "experiment",
        "hparams_search",
        "baseline",
        "launcher",
        "paths",
    }
    assert expected <= set(groups()), expected - set(groups())


@pytest.mark.parametrize(("group", "option"), CASES, ids=[f"{g}={o}" for g, o in CASES])
def test_option_composes(group, option):
    cfg = compose_cfg([f"{group}={option}"], hydra=True)
    assert cfg.hydra.runtime.choices[group] == option
    job_cfg = OmegaConf.masked_copy(cfg, [k for k in cfg if k != "hydra"])
    OmegaConf.to_container(job_cfg, resolve=False, throw_on_missing=True)  # no ??? left
    if group in CHECKS:
        CHECKS[group](cfg, option)


def test_bad_option_fails():
    from hydra.errors import MissingConfigException

    with pytest.raises(MissingConfigException):
        compose_cfg(["lang=xx"])


# -- one rule for config groups --------------------------------------------------------------------
#: groups whose node selects an implementation: every option has a `_target_` and is instantiated
INSTANTIATED = {"merge", "edit", "judge", "backend", "logger"}


@pytest.mark.parametrize("group", sorted(INSTANTIATED))
def test_every_option_of_an_implementation_group_instantiates(group, monkeypatch, tmp_path):
    import sys

    from swapexp.hydra_utils import instantiate
    from tests.helpers.tiny_lm import make_tiny_lm
    from tests.test_backends import _fake_vllm_module

    monkeypatch.setitem(sys.modules, "vllm", _fake_vllm_module())  # backend=vllm without vLLM
    if group == "judge":  # a guard model: any checkpoint with a chat template, never a download
        guard = make_tiny_lm(tmp_path / "guard")
        monkeypatch.setattr("swapexp.models.resolve_model", lambda ref, role="model": guard)
    for option in options(group):
        node = compose_cfg([f"{group}={option}"])[group]
        assert node._target_.startswith("swapexp."), f"{group}/{option}.yaml has no swapexp _target_"
        obj = instantiate(node, cache_dir=tmp_path) if group == "judge" else instantiate(node)
        assert (obj is None) == (group == "edit" and option == "none")
        if obj is not None:
            assert obj.name == ("sparse" if group == "edit" else option)


def test_settings_groups_have_no_target():
    """The other groups are plain settings the pipeline turns into objects: no `_target_` there."""
    for group in groups():
        if group in INSTANTIATED:
            continue
        for option in options(group):
            text = (CONF / group / f"{option}.yaml").read_text()
            assert "_target_" not in text, f"{group}/{option}.yaml"


@pytest.mark.parametrize(
    ("overrides", "run", "job"),
    [
        ([], "modulewise-sw", "0-modulewise-sw"),
        (["edit=sparse"], "modulewise+sparse_edit-sw", "0-modulewise+sparse_edit-sw"),
        (["merge=sparse_edit"], "sparse_edit-sw", "0-sparse_edit-sw"),
        (["baseline=safety", "edit=sparse", "lang=bn"], "none+sparse_edit-bn", "0-none+sparse_edit-bn"),
    ],
)
def test_run_directories_name_the_edit(overrides, run, job):
    cfg = compose_cfg([*overrides, "hydra.job.num=0"], hydra=True)
    assert Path(cfg.hydra.run.dir).parent.name == run
    assert cfg.hydra.sweep.subdir == job


def test_plus_edit_from_before_the_default_still_works():
    """`edit` used to be opt-in (`+edit=sparse`); run.py turns that into `edit=sparse`."""
    from swapexp.hydra_utils import normalize_overrides

    argv = ["+edit=sparse", "+edit.rank=3", "++edit=none", "merge=linear", "+tags=[a]"]
    assert normalize_overrides(argv) == [
        "edit=sparse",
        "+edit.rank=3",
        "++edit=none",
        "merge=linear",
        "+tags=[a]",
    ]
    assert compose_cfg(normalize_overrides(["+edit=sparse"])).edit.name == "sparse"


@pytest.mark.parametrize(
    "override",
    ["backend.engine_kwargs={quantization: fp8}", "+backend.engine_kwargs.quantization=fp8"],
)
def test_vllm_engine_kwargs_as_documented(override, tmp_path, monkeypatch):
    """`backend=vllm backend.engine_kwargs={quantization: fp8}` (README, conf/backend/vllm.yaml)
    composes, and the entry reaches the engine's arguments and the generation cache key."""
    import swapexp.eval.backends.vllm as v
    from swapexp.hydra_utils import instantiate

    monkeypatch.setattr(v, "vllm_available", lambda: True)  # settings only: no engine is started
    cfg = compose_cfg(["backend=vllm", override])
    assert OmegaConf.to_container(cfg.backend.engine_kwargs) == {"quantization": "fp8"}
    factory = instantiate(cfg.backend, cache_dir=tmp_path)  # every option checked, nothing loaded
    assert factory.settings["engine_kwargs"] == {"quantization": "fp8"}
    options = {k: x for k, x in factory.settings.items() if k not in ("name", "cache")}
    fp8 = v.VLLMBackend(Path("."), **options)
    plain = v.VLLMBackend(Path("."), **{**options, "engine_kwargs": None})
    assert fp8.engine_args["quantization"] == "fp8" and "quantization" not in plain.engine_args
    assert (
        fp8.fingerprint()["engine_kwargs"] == {"quantization": "fp8"} != plain.fingerprint()["engine_kwargs"]
    )
    assert compose_cfg(["backend=vllm"]).backend.engine_kwargs is None  # the default: none


def test_slurm_additional_parameters_as_documented():
    cfg = compose_cfg(["launcher=slurm", "+hydra.launcher.additional_parameters.reservation=r1"], hydra=True)
    assert cfg.hydra.launcher.additional_parameters == {"reservation": "r1"}


@pytest.mark.parametrize("option", options("lang"))
def test_language_codes_hold_only_benchmark_codes(option):
    """The lang yaml's nested `harness:` block is the language's lm-eval tasks, not a benchmark code."""
    from swapexp.errors import SwapexpError
    from swapexp.eval.settings import Language

    node = OmegaConf.to_container(compose_cfg([f"lang={option}"]).lang, resolve=True)
    lang = Language.from_mapping(node)
    assert "harness" not in lang.codes and lang.harness == node["harness"] and lang.harness["tasks"]
    assert all(v is None or isinstance(v, str) for v in lang.codes.values()), lang.codes
    assert set(lang.codes) == set(node) - {"code", "name", "harness"}
    with pytest.raises(SwapexpError, match=f"lang={option}: extra must be a benchmark's code"):
        Language.from_mapping({**node, "extra": {"a": 1}})
