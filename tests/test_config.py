"""Settings: every one documented in the shipped defaults file, sources layered, errors named."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from parley.config import DEFAULTS_FILE, Settings, default_values, load_settings
from parley.errors import ConfigError


def _defaults_text() -> str:
    return resources.files("parley").joinpath(DEFAULTS_FILE).read_text(encoding="utf-8")


def test_config_every_setting_is_in_the_defaults_file() -> None:
    assert set(default_values()) == set(Settings.model_fields)


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_config_every_setting_is_commented_and_described(name: str) -> None:
    text = _defaults_text()
    match = re.search(rf"((?:^#[^\n]*\n)+)^{name} = ", text, flags=re.MULTILINE)
    assert match, f"{name} has no comment above it in {DEFAULTS_FILE}"
    assert len(match.group(1).strip()) > 20
    assert Settings.model_fields[name].description


def test_config_defaults_file_matches_the_model() -> None:
    assert load_settings(env={}) == Settings()


def test_config_layers_file_env_and_overrides(tmp_path: Path) -> None:
    user = tmp_path / "parley.toml"
    user.write_text("batch_size = 10\nworkers = 3\nchunk_size = 4\n", encoding="utf-8")
    settings = load_settings(
        env={"PARLEY_CONFIG": str(user), "PARLEY_WORKERS": "5", "PARLEY_CHUNK_SIZE": "8"},
        chunk_size=2,
        db=None,
    )
    assert (settings.batch_size, settings.workers, settings.chunk_size) == (10, 5, 2)
    assert settings.db == "parley.duckdb"


@pytest.mark.parametrize(
    ("kwargs", "env", "file", "message"),
    [
        ({"batch_size": 0}, {}, None, "'batch_size' = 0 (from the command line)"),
        ({}, {"PARLEY_WORKERS": "many"}, None, "'workers' = 'many' (from the environment"),
        ({}, {}, "colour = 'red'\n", "unknown setting 'colour'"),
        ({}, {}, "batch_size = \n", "cannot read the settings file"),
    ],
    ids=["out-of-range", "not-a-number", "unknown-key", "bad-toml"],
)
def test_config_errors_name_value_and_source(
    tmp_path: Path, kwargs: dict, env: dict, file: str | None, message: str
) -> None:
    path = None
    if file is not None:
        path = tmp_path / "bad.toml"
        path.write_text(file, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(path, env=env, **kwargs)


def test_config_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--config or PARLEY_CONFIG"):
        load_settings(tmp_path / "none.toml", env={})


def test_config_worker_count_zero_means_every_core() -> None:
    assert Settings(workers=0).worker_count() >= 1
    assert Settings(workers=3).worker_count() == 3
