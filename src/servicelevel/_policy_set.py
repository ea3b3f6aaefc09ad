"""Policy sets: the first policy whose conditions match a contact applies.

Help desks choose a contact's service-level policy from an ordered list, top
to bottom (Zendesk's SLA policies, Jira's goals, Freshdesk's policies): the
first whose conditions all match wins. A :class:`PolicySet` does the same:

* a :class:`PolicyRule` pairs :class:`Conditions` with a
  :class:`~servicelevel.ServiceLevelPolicy`;
* conditions test the channel, the priority, the ``market`` and ``sector``
  attributes, the ``tags`` attribute (comma-separated, any listed tag
  matches) and any other attribute a contact carries (organisation, customer
  tier, region, team, language); each listed condition must hold, and within
  one condition any listed value will do;
* a rule without conditions matches every contact; it may only come last
  (rules after it could never apply), and without one a contact that no rule
  matches raises :class:`~servicelevel.NoMatchingPolicyError`.

Rules may overlap: that is what the order is for ("VIP organisation" above
the default), and it is never an error.

Example:
    >>> from servicelevel import Contact, policy_for
    >>> vip = policy_for("finance", "b2b")
    >>> default = policy_for("finance", "b2c")
    >>> rules = PolicySet(name="bank", rules=[
    ...     PolicyRule(when=Conditions(attributes={"organisation": ["ACME"]}), policy=vip),
    ...     PolicyRule(policy=default),
    ... ])
    >>> contact = Contact(channel="email", received_at="2025-06-02T10:00+02:00",
    ...                   attributes={"organisation": "ACME"})
    >>> rules.select(contact) is vip
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Self

from pydantic import ConfigDict, Field, field_validator, model_validator

from servicelevel._contact import Contact
from servicelevel._editing import Editable
from servicelevel._errors import NoMatchingPolicyError, reject_at
from servicelevel._frozen import FrozenDict
from servicelevel._policy import ServiceLevelPolicy
from servicelevel._vocabulary import Channel, Market, Priority, Sector

__all__ = ["MAX_RULES", "Conditions", "PolicyRule", "PolicySet"]

#: The most rules one policy set holds.
MAX_RULES = 256


class Conditions(Editable):
    """What a contact must be for a :class:`PolicyRule` to apply; empty: every contact.

    Example:
        >>> Conditions(channels=["email"], priorities=["urgent", "high"]).describe()
        'channel email; priority urgent or high'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    channels: tuple[Channel, ...] = ()
    priorities: tuple[Priority, ...] = ()
    markets: tuple[Market, ...] = Field(default=(), description="the 'market' attribute")
    sectors: tuple[Sector, ...] = Field(default=(), description="the 'sector' attribute")
    tags: tuple[str, ...] = Field(
        default=(), description="any of these in the comma-separated 'tags' attribute"
    )
    attributes: FrozenDict[str, tuple[str, ...]] = Field(
        default_factory=FrozenDict, description="attribute name: the values that match"
    )

    @field_validator("attributes", mode="before")
    @classmethod
    def _one_value(cls, value: object) -> object:
        if isinstance(value, Mapping):
            return {key: [v] if isinstance(v, str) else v for key, v in value.items()}
        return value

    @property
    def is_empty(self) -> bool:
        """Whether every contact matches."""
        return not (
            self.channels
            or self.priorities
            or self.markets
            or self.sectors
            or self.tags
            or self.attributes
        )

    def matches(self, channel: Channel, priority: Priority, attributes: Mapping[str, str]) -> bool:
        """Whether a contact with these properties meets every condition."""
        tags = {tag.strip() for tag in attributes.get("tags", "").split(",")}
        return (
            (not self.channels or channel in self.channels)
            and (not self.priorities or priority in self.priorities)
            and (not self.markets or attributes.get("market") in self.markets)
            and (not self.sectors or attributes.get("sector") in self.sectors)
            and (not self.tags or not tags.isdisjoint(self.tags))
            and all(attributes.get(name) in values for name, values in self.attributes.items())
        )

    def describe(self) -> str:
        """The conditions in words (``"every contact"`` when empty)."""
        parts = [
            f"{label} {' or '.join(str(value) for value in values)}"
            for label, values in (
                ("channel", self.channels),
                ("priority", self.priorities),
                ("market", self.markets),
                ("sector", self.sectors),
                ("tag", self.tags),
            )
            if values
        ]
        parts += [f"{name} {' or '.join(values)}" for name, values in self.attributes.items()]
        return "; ".join(parts) or "every contact"

    def __repr__(self) -> str:
        return f"Conditions({self.describe()})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._html import fields

        return fields("Conditions", [("when", self.describe())])


class PolicyRule(Editable):
    """One entry of a :class:`PolicySet`: a policy and when it applies.

    Example:
        >>> from servicelevel import policy_for
        >>> PolicyRule(when=Conditions(channels=["email"]), policy=policy_for("retail", "b2c"))
        PolicyRule(when channel email: 'retail b2c (built-in)')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    when: Conditions = Field(default_factory=Conditions)
    policy: ServiceLevelPolicy

    def __repr__(self) -> str:
        return f"PolicyRule(when {self.when.describe()}: {self.policy.name!r})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from servicelevel._html import fields

        return fields("PolicyRule", [("when", self.when.describe()), ("policy", self.policy.name)])


class PolicySet(Editable):
    """Policies in order; the first rule whose conditions match a contact applies.

    See the module documentation for the rules, and :meth:`select`.

    Example:
        >>> from servicelevel import Contact, policy_for
        >>> desk = PolicySet(name="desk", rules=[PolicyRule(policy=policy_for("retail", "b2c"))])
        >>> desk.select(Contact(channel="email", received_at="2025-06-02T10:00+02:00")).name
        'retail b2c (built-in)'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    rules: tuple[PolicyRule, ...] = Field(min_length=1, max_length=MAX_RULES)

    @model_validator(mode="after")
    def _default_last(self) -> Self:
        for index, rule in enumerate(self.rules[:-1]):
            if rule.when.is_empty:
                following = self.rules[index + 1].policy.name
                reject_at(
                    ("rules", index + 1),
                    following,
                    "unreachable_rule",
                    f"rule {index} ({rule.policy.name!r}) has no conditions, so it matches "
                    f"every contact and the rules after it ({following!r} first) can never "
                    "apply; move it to the end, or give it conditions.",
                )
        return self

    def select(self, contact: Contact, at: datetime | None = None) -> ServiceLevelPolicy:
        """The policy of the first rule that matches ``contact`` with the priority and
        attributes in force at ``at`` (at receipt when ``at`` is None).

        Raises :class:`~servicelevel.NoMatchingPolicyError` when no rule matches.
        """
        moment = contact.received_at if at is None else at
        priority = contact.priority_at(moment)
        attributes = contact.attributes_at(moment)
        for rule in self.rules:
            if rule.when.matches(contact.channel, priority, attributes):
                return rule.policy
        raise NoMatchingPolicyError.for_contact(
            self.name, contact.channel, priority, attributes, len(self.rules)
        )

    def __repr__(self) -> str:
        return f"PolicySet(name={self.name!r}, {len(self.rules)} rules)"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        """The rules in order, then each policy they name (once) with its targets."""
        from servicelevel._html import Html, box, note, table

        rows = [
            (index + 1, rule.when.describe(), rule.policy.name)
            for index, rule in enumerate(self.rules)
        ]
        policies = {id(rule.policy): rule.policy for rule in self.rules}.values()
        return box(
            table(f"PolicySet {self.name}", ("#", "when", "policy"), rows),
            note("The first rule whose conditions match a contact applies."),
            *(Html(policy._repr_html_()) for policy in policies),
        )
