"""The doctests of an optional extra's module run only when that extra is installed.

``pytest --doctest-modules`` imports every module under ``src``; without this,
a missing extra (pandas, matplotlib) would be a collection error instead of a skip.
The tests of these modules skip themselves with ``pytest.importorskip``.
"""

from importlib.util import find_spec

_NEEDS = {
    "servicelevel/arrays.py": ("numpy",),
    "servicelevel/synthetic.py": ("numpy", "pandas"),
    "servicelevel/io.py": ("pandas",),
    "servicelevel/plots.py": ("matplotlib", "numpy", "pandas"),
}

collect_ignore = [
    path for path, modules in _NEEDS.items() if any(find_spec(name) is None for name in modules)
]
