"""The options of every subcommand. A usage mistake raises :class:`UsageError`
(one line) instead of argparse's usage dump and exit.

Example:
    >>> args = parser().parse_args(["open", "--channel", "phone", "--json"])
    >>> args.channel, args.json, args.sector
    ('phone', True, 'retail')
    >>> parser().parse_args(["open", "--channel", "fax"])
    Traceback (most recent call last):
    ...
    servicelevel._cli_parser.UsageError: argument --channel: invalid choice: 'fax' (choose from phone, live_chat, email, social_media, messaging, self_service, in_person) (see servicelevel open --help)
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, NoReturn

from pydantic import HttpUrl, TypeAdapter, ValidationError

from servicelevel import _cli_commands as commands
from servicelevel import _cli_report as report
from servicelevel._cli_input import CliInputError, read_number
from servicelevel._describe import MAX_UPCOMING_DAYS
from servicelevel._json_schema import SCHEMA_KINDS
from servicelevel._templates import BUILT_IN_TEMPLATES, Register
from servicelevel._vocabulary import Channel, Market, Priority, Sector

__all__ = ["UsageError", "parser"]

#: Business hours ``deadline --hours`` adds at most: ten years around the clock.
MAX_HOURS = 87_600


class UsageError(ValueError):
    """A command-line mistake argparse found (unknown option, invalid choice)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{_plain(message)} (see {self.prog} --help)")


def _plain(message: str) -> str:
    """argparse's message with the choices unquoted, as the docs show them."""
    head, sep, choices = message.partition("(choose from ")
    return head + sep + choices.replace("'", "") if sep else message


def _bounded(low: float, high: float, kind: type = float) -> Callable[[str], Any]:
    def read(text: str) -> Any:
        try:
            value = read_number(text, low=low, high=high)
        except CliInputError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
        if kind is int and value != int(value):
            raise argparse.ArgumentTypeError(f"must be a whole number, not {text}.")
        return kind(value)

    return read


def _web_address(text: str) -> str:
    """An http(s) URL, as ``auto_reply(help_centre=...)`` takes it."""
    try:
        _URL.validate_python(text)
    except ValidationError:
        raise argparse.ArgumentTypeError(
            f"must be a web address such as https://example.nl/help, not {text!r}."
        ) from None
    return text


_URL: TypeAdapter[HttpUrl] = TypeAdapter(HttpUrl)


def _values(enum: Any) -> list[str]:
    return [member.value for member in enum]


def _common() -> _Parser:
    """Options every subcommand takes."""
    common = _Parser(add_help=False)
    common.add_argument("--json", action="store_true", help="print one JSON object (for scripts)")
    common.add_argument(
        "--assume-local",
        action="store_true",
        help="read a time without a UTC offset in the schedule's time zone (else an error)",
    )
    common.add_argument(
        "--dayfirst", action="store_true", help="read 01/02/2025 as 1 February (default: 2 January)"
    )
    return common


def _policy_options() -> _Parser:
    options = _Parser(add_help=False)
    options.add_argument("--policy", type=Path, help="a policy or policy set (.json or .toml)")
    options.add_argument("--sector", choices=_values(Sector), default="retail",
                         help="the sector: the built-in policy's, and the register of a reply "
                              "(default: retail)")  # fmt: skip
    options.add_argument("--market", choices=_values(Market), default="b2c",
                         help="the built-in policy's market (default: b2c)")  # fmt: skip
    return options


def _contact_options() -> _Parser:
    options = _Parser(add_help=False)
    options.add_argument("--channel", choices=_values(Channel), default="email")
    options.add_argument("--priority", choices=_values(Priority), default="normal")
    options.add_argument(
        "--attr", action="append", metavar="KEY=VALUE", help="a contact attribute (repeatable)"
    )
    return options


def _at(command: argparse.ArgumentParser, help: str = "the moment (default: now)") -> None:
    command.add_argument("--at", metavar="TIME", help=help)


def _schedule(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--schedule", type=Path, help="business hours (.json or .toml) instead of a policy's"
    )


def _program_version() -> str:
    try:
        return version("servicelevel")
    except PackageNotFoundError:  # pragma: no cover - running from a plain checkout
        return "unknown"


def parser() -> argparse.ArgumentParser:
    """The ``servicelevel`` argument parser, with every subcommand."""
    top = _Parser(prog="servicelevel", description="Service levels from the command line: "
                  "opening hours, deadlines, statuses, auto-replies and reports.")  # fmt: skip
    top.add_argument("--version", action="version", version=f"%(prog)s {_program_version()}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    shared: _Shared = {
        "common": _common(),
        "policy": _policy_options(),
        "contact": _contact_options(),
    }
    _add_hours(sub, shared)
    _add_open(sub, shared)
    _add_deadline(sub, shared)
    _add_status(sub, shared)
    _add_reply(sub, shared)
    _add_gap(sub, shared)
    _add_report(sub, shared)
    schema = sub.add_parser("schema", parents=[shared["common"]],
                            help="the JSON Schema of a kind of file")  # fmt: skip
    schema.add_argument("kind", choices=SCHEMA_KINDS)
    schema.set_defaults(run=commands.schema)
    return top


_Shared = dict[str, _Parser]
_Sub = Any  # argparse's _SubParsersAction is private


def _add_hours(sub: _Sub, shared: _Shared) -> None:
    hours = sub.add_parser(
        "hours",
        parents=[shared["common"], shared["policy"], shared["contact"]],
        help="the published opening hours of a channel, in a locale",
    )
    hours.add_argument("--locale", choices=sorted(BUILT_IN_TEMPLATES), default="en")
    hours.add_argument("--upcoming", type=_bounded(0, MAX_UPCOMING_DAYS, int),
                       default=0, metavar="DAYS",
                       help="also list special days and closures of the next DAYS days")  # fmt: skip
    _at(hours, "the first of the upcoming days (default: today)")
    _schedule(hours)
    hours.set_defaults(run=commands.hours)


def _add_open(sub: _Sub, shared: _Shared) -> None:
    opened = sub.add_parser(
        "open",
        parents=[shared["common"], shared["policy"], shared["contact"]],
        help="whether a channel is open at a moment, and when it next opens and closes",
    )
    _at(opened)
    _schedule(opened)
    opened.add_argument("--check", action="store_true", help="exit 1 when closed")
    opened.set_defaults(run=commands.open_)


def _add_deadline(sub: _Sub, shared: _Shared) -> None:
    deadline = sub.add_parser(
        "deadline",
        parents=[shared["common"], shared["policy"], shared["contact"]],
        help="the first-response deadline of a contact received at a moment",
    )
    _at(deadline, "when the contact was received (default: now)")
    deadline.add_argument("--hours", type=_bounded(0, MAX_HOURS), metavar="N",
                          help="instead of the policy's target: N business hours")  # fmt: skip
    _schedule(deadline)
    deadline.set_defaults(run=commands.deadline)


def _add_status(sub: _Sub, shared: _Shared) -> None:
    status = sub.add_parser(
        "status",
        parents=[shared["common"], shared["policy"], shared["contact"]],
        help="the status of every metric of a contact at a moment",
    )
    status.add_argument("--contact", type=Path, help="the contact and its events (.json or .toml)")
    status.add_argument("--received-at", metavar="TIME", help="when the contact was received")
    status.add_argument("--event", action="append", metavar="KIND@TIME[,FIELD=VALUE]",
                        help="an event (repeatable), e.g. agent_reply@2025-01-06T11:00+01:00")  # fmt: skip
    _at(status, "the moment of the status (default: now)")
    status.add_argument("--check", action="store_true", help="exit 1 when breached")
    status.set_defaults(run=commands.status, schedule=None)


def _add_reply(sub: _Sub, shared: _Shared) -> None:
    reply = sub.add_parser(
        "reply",
        aliases=["auto-reply"],
        parents=[shared["common"], shared["policy"], shared["contact"]],
        help="the automatic reply to a message on a channel at a moment",
    )
    _at(reply, "when the message arrived (default: now)")
    reply.add_argument("--locale", choices=sorted(BUILT_IN_TEMPLATES), default="nl")
    reply.add_argument("--signed-by", action="append", help="a name to sign with (repeatable)")
    reply.add_argument("--team", help="the team name to sign with when no names are given")
    reply.add_argument("--markdown", action="store_true", help="print the Markdown body")
    reply.add_argument("--register", choices=_values(Register),
                       help="Dutch 'u' (formal) or 'je' (informal); default: formal for the "
                            "finance, government and health sectors, else informal")  # fmt: skip
    reply.add_argument("--help-centre", metavar="URL", type=_web_address,
                       help="a link to the help centre or FAQ, given its own paragraph")  # fmt: skip
    reply.set_defaults(run=commands.reply, schedule=None)


def _add_gap(sub: _Sub, shared: _Shared) -> None:
    gap = sub.add_parser(
        "gap",
        parents=[shared["common"], shared["policy"], shared["contact"]],
        help="how far the policy's promises land from what the sector's customers expect",
    )
    gap.add_argument("--year", type=_bounded(1971, 9000, int), default=2025)
    gap.add_argument("--step", type=_bounded(1, 1440), default=15.0, metavar="MINUTES",
                     help="minutes between receipt moments (default 15)")  # fmt: skip
    gap.set_defaults(run=commands.gap, schedule=None)


def _add_report(sub: _Sub, shared: _Shared) -> None:
    command = sub.add_parser(
        "report",
        parents=[shared["common"], shared["policy"]],
        help="deadlines and states for a help-desk CSV export, and the compliance summary",
    )
    command.add_argument("csv", type=Path, help="a Zendesk or Freshdesk CSV export")
    command.add_argument("-o", "--output", type=Path, help="default: NAME-report.csv beside it")
    command.add_argument("--errors", type=Path, help="write the rows that could not be read here")
    _at(command, "the moment of the statuses (default: now)")
    command.add_argument("--check", action="store_true", help="exit 1 when any contact breached")
    command.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                         help="a progress bar (default: on a terminal, from 10,000 contacts)")  # fmt: skip
    command.set_defaults(run=report.report)
