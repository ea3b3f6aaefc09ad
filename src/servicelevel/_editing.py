"""Validated editing of frozen models: ``replace`` instead of ``model_copy``.

pydantic's ``model_copy(update=...)`` skips validation: a policy copied with a
new channel's target but not the channel silently promises nothing for it,
and a misspelt field ends far from its cause. Every public model of
`servicelevel` has :meth:`Editable.replace`, which builds the changed model
through validation, so the result obeys every rule a freshly built one does
and a mistake is a ``ValidationError`` naming the field, at the call.

Example:
    >>> from servicelevel import BusinessHours
    >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam")
    >>> hours.replace(tz="Europe/Brussels").tz
    'Europe/Brussels'
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel

__all__ = ["Editable"]


class Editable(BaseModel):
    """A model whose changed copies are validated (a mixin for frozen models)."""

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` applied, validated like a new model.

        Unknown field names and invalid values raise a ``ValidationError``.

        Example:
            >>> from servicelevel import Target
            >>> Target(metric="first_response", duration="8h").replace(duration="4h").duration
            datetime.timedelta(seconds=14400)
        """
        fields = {name: getattr(self, name) for name in type(self).model_fields}
        return self.model_validate({**fields, **changes})
