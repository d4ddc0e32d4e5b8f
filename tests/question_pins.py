"""Every question's pinned reference answer, in one table.

A question computes its reference answer from the shipped data, so a data correction
can move an answer without anyone noticing: the check would still pass the reference,
now a different one, and the lesson's prose, the solution and the model answers would
disagree with it. The pins make that change fail in ``tests/test_question_pins.py``
instead, with the question id, the pinned and the computed value side by side.

How to write a pin (one line per question, by kind):

* ``number``: an ``int`` is matched exactly; a ``float`` written with few decimals
  (``-0.1013``, ``227.7``) is matched after rounding the reference to that many
  decimals; an exact expression (``5 / 26``) is matched to 1e-9.
* ``series``: the list of its values in order, numbers written as above.
* ``set``: a ``set`` literal (order does not matter).
* ``list`` / ``sequence``: a ``list`` in the answer's order.
* ``choice``: the letter, with the fact id the letter rests on in a comment.
* ``written``: :data:`WRITTEN` (written answers are graded by the instructor).

When a data fix moves an answer on purpose, change the pin here in the same commit as
the data, and say in the commit message which question moved and why; then update the
lesson and solution prose that states the old value (``coursekit execute`` both).

:data:`SUPPORT` pins the numbers a choice's letter rests on, where the letter would
not move but the reason for it would.
"""

from __future__ import annotations

from typing import Any

#: The pin of a written question: there is no reference answer to pin.
WRITTEN = "written"

#: Question id -> its pinned reference answer (see the module docstring for the forms).
PINS: dict[str, Any] = {
    # ------------------------------------------------ set 01: historical wariness
    "01.1": 35,  # 26 before the 2022-2025 Iran-Russia events E149-E158 (lesson 09)
    "01.2": [-1.0, -5.375, 2.5, 3.075, 4.375],  # mean Goldstein by era, era order
    "01.3": {"E001", "E003", "E005", "E008"},
    "01.4": [2010, 2016],
    "01.5": "b",
    "01.6": "a",
    "01.7": 2000,
    "01.8": WRITTEN,
    # ------------------------------------------------ set 02: Iran's stakes in Syria
    "02.1": 1465.0,
    "02.2": ["tehran", "hamadan", "baghdad", "al_bukamal", "deir_ez_zor", "t4", "damascus",
             "beirut"],
    "02.3": 29.6,
    "02.4": {"al_bukamal", "baghdad", "deir_ez_zor", "hamadan"},
    "02.5": 34,  # FACTS F18: 12 Jul - 14 Aug 2006
    "02.6": {"deter_israel", "keep_assad_in_power", "land_bridge_to_lebanon",
             "preserve_hezbollah"},
    "02.7": "b",
    "02.8": WRITTEN,
    # ------------------------------------------------ set 03: Israel's security
    "03.1": 36,
    "03.2": 17,
    "03.3": "b",  # iran-israel hostile, russia friend of both
    "03.4": {"damascus", "daraa", "kiswah", "mezzeh", "sayyida_zaynab"},
    "03.5": 227.7,  # FACTS coordinates: Quneitra 33.13, 35.82; T-4 34.52, 37.63
    "03.6": "b",  # FACTS F15
    "03.7": "c",  # FACTS F17
    "03.8": WRITTEN,
    # ------------------------------------------------ set 04: Russian grand strategy
    "04.1": {"russia", "turkey"},
    "04.2": {"iran_forces_near_israel", "israeli_strikes_in_syria"},
    "04.3": {"balance_all_parties", "counter_jihadism", "counter_us_influence",
             "great_power_status", "keep_bases_in_syria", "middle_east_player",
             "military_prestige", "nato_concessions", "sanctions_relief"},
    "04.4": 5 / 26,
    "04.5": "b",  # see SUPPORT
    "04.6": "c",
    "04.7": "d",  # FACTS F20
    "04.8": WRITTEN,
    # ------------------------------------------------ set 05: Turkey, Astana and Idlib
    "05.1": 2,
    "05.2": {"hts", "iran", "russia", "syria_opposition", "usa"},
    "05.3": {"russia"},
    "05.4": 2016,
    "05.5": {"assad_stays", "idlib_offensive"},
    "05.6": "b",
    "05.7": "c",
    "05.8": WRITTEN,
    # ------------------------------------------------ set 06: the verdict
    "06.1": -0.6667,
    "06.2": -0.1013,
    "06.3": 3.695,
    "06.4": {"israel", "military_integration", "shared_goals", "trust_legacy"},
    "06.5": "b",
    "06.6": "a",
    "06.7": WRITTEN,
    # ------------------------------------------------ set 07: forecasts
    "07.1": 0.16,
    "07.2": 0.3125,
    "07.3": 0.326,
    "07.4": "a",
    "07.5": "b",
    "07.6": "d",
    "07.7": WRITTEN,
    # ------------------------------------------------ set 08: reading the treaties
    "08.1": 6,
    "08.2": {"neutrality", "nonaggression"},
    "08.3": 6 / 11,
    "08.4": 39 / 94,
    "08.5": "b",
    "08.6": "b",
    "08.7": WRITTEN,
}

#: The numbers a choice's letter rests on: question id -> (function in its set module,
#: its pinned return value).
SUPPORT: dict[str, tuple[str, Any]] = {
    # Russia's hostile pairs bridged in 2014, 2018 and 2025: low, peak, lower again
    "04.5": ("russia_brokerage_by_year", [2, 7, 2]),
}
