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
    "01.1": 5,  # Iran-Russia events 2011-2015, both included
    "01.2": [-1.0, -5.375, 2.5, 3.075, 4.458],  # mean Goldstein by era, era order
    "01.3": {"E114", "E115", "E139"},  # the most conflictual Iran-US events
    "01.4": [2007, 2018],  # the Iran-Russia events that mention a summit (three years)
    "01.5": "b",
    "01.6": "a",
    "01.7": 2022,  # the most cooperative year with 2+ Iran-Russia events
    "01.8": WRITTEN,
    # ------------------------------------------------ set 02: Iran's stakes in Syria
    "02.1": 821.9,  # Baghdad-Beirut
    "02.2": ["tehran", "hamadan", "baghdad", "al_bukamal", "deir_ez_zor", "t4", "damascus",
             "quneitra"],
    "02.3": 184.1,  # the cost of losing T-4 on the route to Quneitra
    "02.4": [935.7, 935.7, 935.7, 935.7, 130.9, 29.6],  # extra km: hamadan ... damascus
    "02.5": 2890,  # FACTS F07: 22 Sep 1980 - 20 Aug 1988
    "02.6": {"deter_israel", "keep_assad_in_power", "land_bridge_to_lebanon",
             "preserve_hezbollah"},
    "02.7": "b",
    "02.8": WRITTEN,
    # ------------------------------------------------ set 03: Israel's security
    "03.1": 42,  # hostile ties in 2015 (the lesson counts 2018)
    "03.2": 3,  # unbalanced triads with Turkey in 2025 (the lesson counts Russia in 2018)
    "03.3": "c",  # russia-syria_gov-turkey in 2015: +--, the Su-24 year
    # Syrian places within 100 km of Damascus
    "03.4": {"daraa", "kiswah", "mezzeh", "quneitra", "sayyida_zaynab"},
    "03.5": 253.8,  # Quneitra-Khmeimim; FACTS coordinates: 33.13, 35.82 and 35.41, 35.95
    "03.6": "b",  # FACTS F15
    "03.7": "c",  # FACTS F17
    "03.8": WRITTEN,
    # ------------------------------------------------ set 04: Russian grand strategy
    "04.1": {"iraq", "russia", "usa"},  # 2025: a three-way tie
    "04.2": {"assad_stays", "idlib_offensive", "sanctions_on_iran", "us_presence_in_syria"},
    "04.3": {"avert_idlib_offensive", "prevent_kurdish_autonomy", "remove_assad"},
    # Russia shares 5 of 21 priority points with Iran from independent rows, 5 of 26 with
    # the article's rows: leaving them out raises the share by about 0.05
    "04.4": 5 / 21 - 5 / 26,
    "04.5": "b",  # see SUPPORT
    "04.6": "c",  # C23 untestable; F19 rows are the sanctions of 17 Mar 2014
    "04.7": "d",  # FACTS F21: the Tartus row is coded at year precision
    "04.8": WRITTEN,
    # ------------------------------------------------ set 05: Turkey, Astana and Idlib
    "05.1": 2,
    "05.2": {"hts", "russia", "usa"},
    "05.3": {"hts", "turkey"},
    "05.4": 9,  # years 2016-2024 with the Iran-Russia-Turkey triangle closed
    "05.5": {"iran_forces_near_israel", "israeli_strikes_in_syria"},
    "05.6": "b",  # E116: Turkey's attribution of the Feb 2020 strike, encyclopedia source
    "05.7": "b",  # E112-E113: Peace Spring, then the Russia-Turkey Sochi memorandum (C28)
    "05.8": WRITTEN,
    # ------------------------------------------------ set 06: the verdict
    "06.1": -0.5833,
    "06.2": -0.1785,
    "06.3": 0.94,
    "06.4": {"common_threat", "economic_ties", "israel", "shared_goals", "trust_legacy"},
    "06.5": "a",  # V10 (F21): Tartus without Iran counts on the basis axis, towards convenience
    "06.6": "d",
    "06.7": WRITTEN,
    # ------------------------------------------------ set 07: forecasts
    "07.1": 0.16,
    "07.2": 0.3125,
    "07.3": 0.326,
    "07.4": "c",  # the hedging reader (0.6, 0.7) scores 0.225, ahead of 'always 0.5' (0.25)
    "07.5": "a",  # 2021 -> 2022: usa-russia 2 -> 3, eu/uk-iran hostile: the common threat grows
    "07.6": "d",
    "07.7": WRITTEN,
    # ------------------------------------------------ set 08: reading the treaties
    "08.1": [1, 0, 2, 2, 1],  # obligations by category after P05 -> none, P08 -> neutrality
    "08.2": {"neutrality", "nonaggression"},
    "08.3": 5 / 11,
    "08.4": 14 / 47,  # STUDENT_A codes P05 defense (learner review: was 13 / 46)
    "08.5": "b",
    "08.6": "b",
    "08.7": WRITTEN,
    # ------------------------------------------------ set 09: 2022-2025, a partnership tested
    "09.1": 5.39,  # mean Goldstein of Russia's acts toward Iran, 2022-2025 (43.1 / 8)
    "09.2": 36.1,  # Russia's net verbal cooperation with Turkey, 2015-2020, Goldstein weight
    "09.3": 4.88,  # Iran-Russia 2025 without E153 (Esbati)
    "09.4": "b",  # tass_polyansky2025: Russia rejects the snapback's validity
    "09.5": "b",  # agsi_esbati2025: one IRGC officer's speech, not state policy
    "09.6": WRITTEN,
}

#: The numbers a choice's letter rests on: question id -> (function in its set module,
#: its pinned return value).
SUPPORT: dict[str, tuple[str, Any]] = {
    # Saudi Arabia's hostile pairs bridged in 2014, 2018 and 2025: none, a peak, lower again
    "04.5": ("saudi_brokerage_by_year", [0, 2, 1]),
}
