"""Policies and policy sets from JSON and TOML files, written as the Python is.

One reader serves :func:`load_policy`, :func:`load_policy_set` and the
command line (which also reads schedules and contacts): the suffix decides
the format, the size is checked before anything is parsed, and a file that
cannot be read as JSON or TOML raises :class:`~servicelevel.InvalidPolicyFileError`
naming the file and the problem. Content that parses but is not valid is a
pydantic ``ValidationError`` whose location names the field.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from servicelevel._errors import InvalidPolicyFileError, LimitExceededError
from servicelevel._policy import ServiceLevelPolicy
from servicelevel._policy_set import PolicySet

__all__ = [
    "MAX_POLICY_BYTES",
    "load_model",
    "load_policy",
    "load_policy_or_set",
    "load_policy_set",
    "parse_file",
]

#: :func:`load_policy` and :func:`load_policy_set` read files up to this size
#: (2 MiB); a larger one is a :class:`~servicelevel.LimitExceededError` before
#: anything is parsed.
MAX_POLICY_BYTES = 2 * 1024 * 1024

_Model = TypeVar("_Model", bound=BaseModel)


def _read_text(path: Path) -> str:
    try:
        with path.open("rb") as file:  # one byte past the limit at most, never the whole file
            data = file.read(MAX_POLICY_BYTES + 1)
    except OSError as error:
        raise InvalidPolicyFileError.for_unreadable(path, error) from None
    if len(data) > MAX_POLICY_BYTES:
        raise LimitExceededError.for_policy_file(path, MAX_POLICY_BYTES)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidPolicyFileError.for_encoding(path, error) from None


def parse_file(path: Path, what: str = "policy") -> tuple[str, Any]:
    """The text of a ``.json`` or ``.toml`` file (a ``what`` file, for the messages)
    and its parsed data."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".toml"):
        raise InvalidPolicyFileError.for_suffix(path, what)
    text = _read_text(path)
    try:
        if suffix == ".toml":
            return text, tomllib.loads(text)
        return text, json.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidPolicyFileError.for_toml(path, error) from None
    except json.JSONDecodeError as error:
        where = f"{error.msg}: line {error.lineno} column {error.colno}"
        raise InvalidPolicyFileError.for_json(path, where) from None
    except RecursionError:
        raise InvalidPolicyFileError.for_nesting(path, what) from None


def load_model(path: str | Path, kind: type[_Model], what: str = "policy") -> _Model:
    """A ``kind`` from a ``.json`` or ``.toml`` file (a ``what`` file, for the messages)."""
    path = Path(path)
    return _validate(path, kind, *parse_file(path, what))


def _validate(path: Path, kind: type[_Model], text: str, data: Any) -> _Model:
    """JSON is validated in JSON mode, so that a file the library wrote reads back equal."""
    if path.suffix.lower() == ".json":
        return kind.model_validate_json(text)
    return kind.model_validate(data)


def load_policy(path: str | Path) -> ServiceLevelPolicy:
    """Load a policy from a ``.json`` or ``.toml`` file.

    A file that cannot be read as JSON or TOML (missing, another suffix, not
    UTF-8, a syntax error, nested absurdly deep) raises
    :class:`~servicelevel.InvalidPolicyFileError` naming the file and the
    problem; a file over :data:`MAX_POLICY_BYTES` raises
    :class:`~servicelevel.LimitExceededError` before it is parsed. Content that
    is not a valid policy is a pydantic ``ValidationError`` whose location names
    the field (``targets.2.duration``).

    Example:
        >>> import tempfile, pathlib
        >>> from servicelevel._defaults import policy_for
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "p.json").write_text(policy_for("retail", "b2c").model_dump_json())
        >>> load_policy(folder / "p.json") == policy_for("retail", "b2c")
        True
    """
    return load_model(path, ServiceLevelPolicy)


def load_policy_set(path: str | Path) -> PolicySet:
    """Load a :class:`~servicelevel.PolicySet` (``[[rules]]``, each with ``when``
    and ``policy``) from a ``.json`` or ``.toml`` file, with the errors of
    :func:`load_policy`.

    Example:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "desk.toml").write_text('''
        ... name = "Desk"
        ... [[rules]]
        ... when.attributes.tier = "vip"
        ... policy.name = "VIP"
        ... policy.hours = { tz = "Europe/Amsterdam", week.daily = "08:00-22:00" }
        ... policy.targets = [{ metric = "first_response", duration = "1h" }]
        ... [[rules]]
        ... policy.name = "Default"
        ... policy.hours = { tz = "Europe/Amsterdam", week."mon-fri" = "09:00-17:00" }
        ... policy.targets = [{ metric = "first_response", duration = "8h" }]
        ... ''')
        >>> desk = load_policy_set(folder / "desk.toml")
        >>> [rule.policy.name for rule in desk.rules]
        ['VIP', 'Default']
    """
    return load_model(path, PolicySet, "policy set")


def load_policy_or_set(path: Path) -> ServiceLevelPolicy | PolicySet:
    """A policy, or a policy set when the file has ``rules`` (the command line's files)."""
    text, data = parse_file(path)
    if isinstance(data, dict) and "rules" in data:
        return _validate(path, PolicySet, text, data)
    return _validate(path, ServiceLevelPolicy, text, data)
