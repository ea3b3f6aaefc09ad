"""JSON Schemas of the files `servicelevel` reads, for editors and validators.

The schemas describe what the library writes (``model_dump_json``) and reads
(``model_validate_json``, :func:`~servicelevel.load_policy`): intervals as
``"HH:MM-HH:MM"``, durations as ISO 8601 or ``"4h"``, instants with an offset.
The repository publishes them under ``schema/`` (one file per kind, kept equal
to this function's output by a test), so an editor can check a policy file as
it is typed: point the ``$schema`` key of a JSON file, or the editor's TOML
schema setting, at ``schema/service-level-policy.schema.json``.

Example:
    >>> schema = json_schema("business-hours")
    >>> schema["title"], schema["type"]
    ('BusinessHours', 'object')
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from servicelevel._errors import UnknownNameError

__all__ = ["SCHEMA_KINDS", "SchemaKind", "json_schema"]

SchemaKind = Literal["service-level-policy", "business-hours", "combined-hours", "contact"]
#: The kinds of file that have a schema.
SCHEMA_KINDS: tuple[SchemaKind, ...] = (
    "service-level-policy",
    "business-hours",
    "combined-hours",
    "contact",
)
_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _model(kind: str) -> type[BaseModel]:
    from servicelevel._combined import CombinedHours
    from servicelevel._contact import Contact
    from servicelevel._hours import BusinessHours
    from servicelevel._policy import ServiceLevelPolicy

    models: dict[str, type[BaseModel]] = {
        "service-level-policy": ServiceLevelPolicy,
        "business-hours": BusinessHours,
        "combined-hours": CombinedHours,
        "contact": Contact,
    }
    if kind not in models:
        raise UnknownNameError.for_name("schema kind", kind, SCHEMA_KINDS)
    return models[kind]


def json_schema(kind: SchemaKind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file, as a dict.

    Example:
        >>> json_schema("service-level-policy")["$schema"]
        'https://json-schema.org/draft/2020-12/schema'
    """
    schema = _without_examples(_model(kind).model_json_schema(mode="validation"))
    return {"$schema": _DIALECT, "$id": f"{kind}.schema.json", **schema}


def _without_examples(node: Any) -> Any:
    """``node`` with the doctest ``Example:`` sections cut from its descriptions.

    pydantic takes a model's or enum's docstring as its description; the
    executed examples there are Python sessions, noise in an editor's tooltip.
    """
    if isinstance(node, dict):
        return {
            key: value.split("\n\nExample:", 1)[0]
            if key == "description" and isinstance(value, str)
            else _without_examples(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_without_examples(value) for value in node]
    return node
