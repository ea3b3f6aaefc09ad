"""The ``servicelevel`` command line (also ``python -m servicelevel``).

This is the application boundary: the only place that reads the clock (when
``--at`` is not given); the library functions it calls take ``now`` as a
parameter. Every subcommand works on the built-in policy for ``--sector`` and
``--market`` (retail, b2c) unless ``--policy FILE`` names a policy or policy
set; every one takes ``--json``. ``docs/cli.md`` lists them all.

Exit status: 0 answered; 1 ``--check`` found the negative answer (closed,
breached); 2 bad usage or input, with one line on stderr saying what to fix.

Example:
    >>> main(["deadline", "--at", "2025-12-24T16:00+01:00", "--channel", "email"])
    Received Wed 2025-12-24 16:00 (+01:00) via email, normal priority
    Deadline Mon 2025-12-29 16:00 (+01:00) (8 h business)
    Policy   retail b2c (built-in) (measured as email)
    0
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from pydantic import ValidationError

from servicelevel._cli_input import one_line
from servicelevel._cli_parser import UsageError, parser
from servicelevel._errors import ServiceLevelError

__all__ = ["EXIT_USAGE", "main", "one_line"]

#: Bad usage or bad input: an unknown option or name, an unreadable file or time.
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        args = parser().parse_args(argv)
        status: int = args.run(args)
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else 0
    except UsageError as error:
        print(f"servicelevel: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (
        ServiceLevelError,
        ValidationError,
        OSError,
        RecursionError,
        ValueError,
        OverflowError,
    ) as error:
        print(f"servicelevel: {one_line(error)}", file=sys.stderr)
        return EXIT_USAGE
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
