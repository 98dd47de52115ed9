"""parley's settings: one model, defaults shipped (commented) as ``parley/config/defaults.toml``.

Where a value comes from, last one wins::

    packaged defaults.toml  ->  a user file (PARLEY_CONFIG or --config)  ->  PARLEY_<KEY>
    environment variables   ->  keyword overrides (command-line options)
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from parley.errors import ConfigError

DEFAULTS_FILE = "config/defaults.toml"
ENV_PREFIX = "PARLEY_"


class Settings(BaseModel):
    """Tunable settings of a parley run (see ``parley/config/defaults.toml`` for each one)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    db: str = Field("parley.duckdb", min_length=1, description="Store file when --db is not given.")
    batch_size: int = Field(256, ge=1, le=100_000, description="Documents per batch.")
    workers: int = Field(0, ge=0, le=512, description="Worker processes; 0 = one per core.")
    serial_below: int = Field(64, ge=0, description="Smaller runs stay in one process.")
    chunk_size: int = Field(64, ge=1, le=10_000, description="Documents per worker task.")
    max_document_bytes: int = Field(
        5 * 2**20, ge=1, description="Largest document accepted, in bytes."
    )
    store_memory_limit: str = Field(
        "384MB",
        pattern=r"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$",
        description="Memory DuckDB may use for the store, e.g. 512MB or 2GB.",
    )

    def worker_count(self) -> int:
        """Return the number of worker processes to use (``workers``, 0 meaning every core).

        Returns:
            At least 1.
        """
        return self.workers or os.cpu_count() or 1


def _read_toml(text: str, origin: str) -> dict[str, Any]:
    """Parse a settings file, naming the file and the TOML error when it is malformed."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(
            f"cannot read the settings file '{origin}': {err}.",
            fix="Fix the TOML syntax; parley/config/defaults.toml shows every key.",
        ) from err


def default_values() -> dict[str, Any]:
    """Read the packaged, commented defaults file.

    Returns:
        The default value of every setting, as written in ``defaults.toml``.
    """
    text = resources.files("parley").joinpath(DEFAULTS_FILE).read_text(encoding="utf-8")
    return _read_toml(text, DEFAULTS_FILE)


def _check_keys(values: Mapping[str, Any], origin: str) -> None:
    """Unknown keys are typos; list the valid ones."""
    unknown = sorted(set(values) - set(Settings.model_fields))
    if unknown:
        raise ConfigError(
            f"unknown setting {unknown[0]!r} in {origin}.",
            fix=f"Valid settings: {', '.join(Settings.model_fields)}.",
        )


def _from_env(env: Mapping[str, str]) -> dict[str, str]:
    """PARLEY_BATCH_SIZE=512 style overrides (PARLEY_CONFIG names a file, not a setting)."""
    return {
        name: env[ENV_PREFIX + name.upper()]
        for name in Settings.model_fields
        if ENV_PREFIX + name.upper() in env
    }


def load_settings(
    path: str | Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build the settings of a run from defaults, a settings file, the environment and overrides.

    Args:
        path: a TOML settings file (default: ``$PARLEY_CONFIG`` if set, else none).
        env: environment variables (default: ``os.environ``).
        **overrides: values given on the command line; ``None`` values are ignored.

    Returns:
        The validated settings.

    Raises:
        ConfigError: an unreadable file, an unknown key or an out-of-range value (the message
            names where the value came from and the valid range).

    Example:
        >>> load_settings(env={}, batch_size=512).batch_size
        512
    """
    env = os.environ if env is None else env
    values = default_values()
    layers: list[tuple[str, Mapping[str, Any]]] = []
    path = path or env.get(ENV_PREFIX + "CONFIG")
    if path:
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as err:
            raise ConfigError(
                f"cannot read the settings file '{file}': {err.strerror or err}.",
                fix="Check the path given by --config or PARLEY_CONFIG.",
            ) from err
        layers.append((f"'{file}'", _read_toml(text, str(file))))
    layers.append(("the environment (PARLEY_...)", _from_env(env)))
    layers.append(("the command line", {k: v for k, v in overrides.items() if v is not None}))
    for origin, layer in layers:
        _check_keys(layer, origin)
        values.update(layer)
    try:
        return Settings.model_validate(values)
    except ValidationError as err:
        first = err.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        source = next((o for o, layer in reversed(layers) if key in layer), "defaults.toml")
        raise ConfigError(
            f"setting {key!r} = {values.get(key)!r} (from {source}) is invalid: {first['msg']}.",
            fix=f"{Settings.model_fields[key].description} See parley/config/defaults.toml.",
        ) from None
