"""Hypothesis profiles for the property tests: modest by default, fixed and quiet in CI.

`carnet` (the default) tries 200 examples per property; `ci` (when CI is set) tries the same
number in a fixed order, so a red CI run is repeatable, and keeps no example database.
HYPOTHESIS_PROFILE chooses another, e.g. `HYPOTHESIS_PROFILE=thorough` for 5000 examples.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "carnet", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("ci", settings.get_profile("carnet"), derandomize=True, database=None)
settings.register_profile("thorough", settings.get_profile("carnet"), max_examples=5000)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "carnet")
)
