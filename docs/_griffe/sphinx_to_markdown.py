"""A griffe extension: the project's docstrings, written for doctest and Sphinx, as Markdown.

The docstrings use Google sections with an ``Example:`` heading (which griffe
reads as an admonition, so its ``>>>`` lines would be Markdown block quotes)
and Sphinx roles such as ``:func:`next_open```. Here ``Example:`` becomes the
``Examples:`` section that griffe renders as code, and a role becomes inline
code. The source files stay as they are: doctest and IDEs read them.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_EXAMPLE = re.compile(r"^(\s*)Example:\s*$", re.M)
_ROLE = re.compile(r":(?:func|class|meth|mod|data|attr|exc|obj):`~?([^`]+)`")


class SphinxToMarkdown(griffe.Extension):
    """Rewrite each docstring once, when its object is loaded."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            text = _EXAMPLE.sub(r"\1Examples:", obj.docstring.value)
            obj.docstring.value = _ROLE.sub(r"`\1`", text)
