"""``python -m servicelevel``: the command line, as the ``servicelevel`` script."""

import sys

from servicelevel._cli import main

if __name__ == "__main__":
    sys.exit(main())
