"""Hypothesis profiles: ``dev`` (the default, quick) and ``ci`` (thorough, derandomized).

``HYPOTHESIS_PROFILE`` names the profile; without it, ``CI=true`` selects ``ci``.
Tests never pin an example count: a test that needs more examples than its
neighbours asks for a multiple of the profile's (see ``test_properties.py``).
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "dev",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _profile() -> str:
    chosen = os.environ.get("HYPOTHESIS_PROFILE")
    if chosen:
        return chosen
    return "ci" if os.environ.get("CI", "").lower() not in ("", "0", "false", "no") else "dev"


settings.load_profile(_profile())
