"""An immutable, hashable mapping for the dict fields of frozen models.

A frozen pydantic model hashes the tuple of its field values, so a ``dict``
field makes ``hash(model)`` raise ``TypeError``. :class:`FrozenDict` is what
such a field holds instead: it validates from any mapping exactly as
``dict[K, V]`` would (same errors, same JSON Schema, an ``object``), dumps back
to a plain ``dict``, and hashes by its items, so equal models hash equal.

Example:
    >>> from pydantic import BaseModel, ConfigDict
    >>> class Prices(BaseModel):
    ...     model_config = ConfigDict(frozen=True)
    ...     by_item: FrozenDict[str, int]
    >>> prices = Prices(by_item={"tea": 2})
    >>> prices.by_item["tea"], prices.model_dump(), hash(prices) == hash(Prices(by_item={"tea": 2}))
    (2, {'by_item': {'tea': 2}}, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar, get_args, overload

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

__all__ = ["FrozenDict"]

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class FrozenDict(Mapping[K, V]):
    """A read-only ``dict`` with a hash; equal to any mapping with the same items."""

    __slots__ = ("_data", "_hash")

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = (), /) -> None:
        self._data: dict[K, V] = dict(items)
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    # Mapping's get and "in" catch a KeyError from __getitem__: slow for a
    # missing key, which is the common case (a channel without its own hours).
    def __contains__(self, key: object) -> bool:
        return key in self._data

    @overload
    def get(self, key: K, /) -> V | None: ...
    @overload
    def get(self, key: K, default: V | T, /) -> V | T: ...
    def get(self, key: K, default: object = None, /) -> object:
        return self._data.get(key, default)

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        key, value = get_args(source) or (Any, Any)
        as_dict = handler.generate_schema(dict[key, value])  # type: ignore[valid-type]
        return core_schema.no_info_after_validator_function(
            cls,
            as_dict,
            serialization=core_schema.plain_serializer_function_ser_schema(
                dict, return_schema=as_dict
            ),
        )
