"""coursekit.coding: Cohen's kappa, agreement tables, obligation profiles, the explorer."""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import coursekit
from coursekit import coding, figures, widgets

# The standard worked example (Wikipedia, "Cohen's kappa"): 50 items, both yes 20, both
# no 15, A yes / B no 5, A no / B yes 10 -> p_o = 0.70, p_e = 0.50, kappa = 0.40.
YES_NO_A = ["yes"] * 25 + ["no"] * 25
YES_NO_B = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15


def _kappa_by_formula(a, b):
    """An independent implementation from the confusion matrix (Cohen 1960, eq. 1)."""
    labels = sorted(set(a) | set(b))
    n = len(a)
    table = {(x, y): 0 for x in labels for y in labels}
    for x, y in zip(a, b, strict=True):
        table[x, y] += 1
    p_o = sum(table[x, x] for x in labels) / n
    p_e = sum(
        sum(table[x, y] for y in labels) * sum(table[y, x] for y in labels) for x in labels
    ) / n**2
    return (p_o - p_e) / (1 - p_e)


def test_kappa_matches_the_textbook_example():
    assert coding.observed_agreement(YES_NO_A, YES_NO_B) == pytest.approx(0.70)
    assert coding.expected_agreement(YES_NO_A, YES_NO_B) == pytest.approx(0.50)
    assert coding.cohen_kappa(YES_NO_A, YES_NO_B) == pytest.approx(0.40)


@pytest.mark.parametrize(("a", "b"), [
    (["defense", "none", "none", "consultation"], ["defense", "none", "consultation", "none"]),
    (list("aabbccab"), list("abbcccaa")),
    (["x", "y"] * 5, ["y", "x"] * 5),  # complete disagreement: kappa = -1
])
def test_kappa_matches_an_independent_formula(a, b):
    assert coding.cohen_kappa(a, b) == pytest.approx(_kappa_by_formula(a, b))


def test_kappa_bounds_and_inputs():
    assert coding.cohen_kappa(["a", "b", "a"], ["a", "b", "a"]) == 1.0
    assert coding.cohen_kappa(["x", "y"] * 5, ["y", "x"] * 5) == pytest.approx(-1.0)
    series = pd.Series(["a", "b", "a"])
    assert coding.cohen_kappa(series, ("a", "b", "b")) == coding.cohen_kappa(
        ["a", "b", "a"], ["a", "b", "b"])


@pytest.mark.parametrize(("a", "b", "error", "match"), [
    (["a", "b"], ["a"], ValueError, "different numbers of items"),
    ([], [], ValueError, "no items"),
    (["a", None], ["a", "b"], ValueError, "item 1 has no code"),
    (["a", math.nan], ["a", "b"], ValueError, "item 1 has no code"),
    ("defense", ["defense"], TypeError, "expected a list of codes"),
    (["a"], 3, TypeError, "coder_b: expected a list of codes"),
    (["none"] * 4, ["none"] * 4, ValueError, "kappa is undefined"),
])
def test_bad_codings_get_clear_messages(a, b, error, match):
    with pytest.raises(error, match=match):
        coding.cohen_kappa(a, b)


def test_agreement_table_puts_agreements_on_the_diagonal():
    a = ["none", "defense", "none", "neutrality"]
    b = ["none", "defense", "consultation", "neutrality"]
    table = coding.agreement_table(a, b)
    assert list(table.index) == ["defense", "neutrality", "consultation", "none"]
    assert list(table.columns) == list(table.index)
    assert int(sum(table.loc[c, c] for c in table.index)) == 3
    assert int(table.to_numpy().sum()) == 4


@pytest.mark.parametrize(("kappa", "label"), [
    (-0.2, "poor"), (-0.001, "poor"), (0.0, "slight"), (0.15, "slight"), (0.2, "slight"),
    (0.35, "fair"), (0.4, "fair"), (0.5, "moderate"), (0.6, "moderate"), (0.7, "substantial"),
    (0.8, "substantial"), (0.95, "almost perfect"), (1.0, "almost perfect"),
])
def test_landis_koch_labels(kappa, label):
    """Landis and Koch (1977): <0.00 poor, 0.00-0.20 slight, 0.21-0.40 fair, 0.41-0.60
    moderate, 0.61-0.80 substantial, 0.81-1.00 almost perfect. Kappa 0 (chance agreement)
    is the bottom of "slight", not "poor"."""
    assert coding.strength_of_agreement(kappa) == label


def test_strength_of_nan_is_an_error():
    with pytest.raises(ValueError, match="NaN"):
        coding.strength_of_agreement(float("nan"))


# ------------------------------------------------------------------ the treaties
def test_obligation_profile_of_the_course_coding():
    profile = coding.obligation_profile()
    assert list(profile.columns) == list(coding.CATEGORIES)
    assert list(profile.index) == ["ru_ir_2001", "ru_kp_2024", "ru_ir_2025"]  # by date
    assert int(profile.to_numpy().sum()) == len(coursekit.load_treaty_provisions())
    assert profile["defense"].to_dict() == {"ru_ir_2001": 0, "ru_kp_2024": 1, "ru_ir_2025": 0}
    assert int(profile.loc["ru_ir_2025", "neutrality"]) == 1


def test_obligation_profile_of_a_learners_coding():
    mine = pd.DataFrame({"treaty_id": ["ru_ir_2025", "ru_ir_2025"],
                         "category": ["defense", "none"]})
    profile = coding.obligation_profile(mine)
    assert list(profile.index) == ["ru_ir_2025"]
    assert profile.loc["ru_ir_2025"].tolist() == [1, 0, 0, 0, 0, 1]


@pytest.mark.parametrize(("frame", "match"), [
    (pd.DataFrame({"treaty_id": ["ru_ir_2025"]}), "missing: category"),
    (pd.DataFrame({"treaty_id": ["ru_ir_2025"], "category": ["alliance"]}),
     "unknown categories"),
])
def test_obligation_profile_rejects_bad_tables(frame, match):
    with pytest.raises(ValueError, match=match):
        coding.obligation_profile(frame)


def test_only_the_dprk_treaty_has_a_defence_article():
    p = coursekit.load_treaty_provisions()
    defence = p[p["category"] == "defense"]
    assert defence[["treaty_id", "article"]].values.tolist() == [["ru_kp_2024", "4"]]
    art3 = p[(p["treaty_id"] == "ru_ir_2025") & (p["article"] == "3(3)")]
    assert art3["category"].tolist() == ["neutrality"]  # FACTS F25


def test_plot_obligations_labels_and_highlight():
    ax = figures.plot_obligations(highlight="defense")
    assert ax.get_title() == "Obligations in the coded provisions of three treaties"
    assert ax.get_xlabel() == "number of coded provisions"
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Russia–Iran 2001", "Russia–DPRK 2024", "Russia–Iran 2025"]
    alphas = {c.get_label(): c.patches[0].get_alpha() for c in ax.containers}
    assert alphas["defense"] == 1.0 and alphas["none"] == 0.25


@pytest.mark.parametrize(("treaty", "category", "articles"), [
    ("ru_kp_2024", "defense", ["4"]),
    ("ru_ir_2025", "all", ["1", "3(3)", "3(4)", "4", "5(4)"]),
    ("ru_ir_2001", "nonaggression", ["(no number)"]),
])
def test_provision_view(treaty, category, articles):
    view = widgets.provision_view(treaty, category)
    assert view.tables["provisions"]["article"].tolist() == articles
    assert view.message is None


def test_provision_view_says_when_nothing_is_coded():
    view = widgets.provision_view("ru_ir_2025", "defense")
    assert view.tables["provisions"].empty
    assert "no provision coded defense" in view.message


@pytest.mark.parametrize(("treaty", "category", "match"), [
    ("ru_ir_1828", "all", "treaty id"),
    ("ru_ir_2025", "alliance", "category"),
])
def test_provision_view_rejects_bad_choices(treaty, category, match):
    with pytest.raises(ValueError, match=match):
        widgets.provision_view(treaty, category)


def test_provision_explorer_follows_its_controls():
    w = widgets.provision_explorer()
    assert w.state.tables["provisions"]["article"].tolist() == ["1", "3(3)", "3(4)", "4", "5(4)"]
    w.controls["treaty"].value = "ru_kp_2024"
    w.controls["category"].value = "consultation"
    assert w.state.tables["provisions"]["article"].tolist() == ["3"]
    assert w.state.text.startswith("Russia–DPRK 2024: 1 provision coded consultation.")
    assert '<th scope="col">article</th>' in w.state.html  # the shared accessible table


# ------------------------------------------------------------------ readings
def test_readings_for_a_lesson():
    table = coursekit.readings(6)
    assert list(table.columns) == ["kind", "citation", "why", "url", "source_id"]
    assert {"walt1987", "snyder1997", "wilkins2012", "lo2008", "morrow1991"} <= set(
        table["source_id"])
    assert table["citation"].notna().all()
    table.loc[0, "citation"] = "changed"
    assert coursekit.readings(6).loc[0, "citation"] != "changed"


@pytest.mark.parametrize("lesson", [10, -1, "6", 6.0, True, None])
def test_readings_rejects_what_is_not_a_lesson(lesson):
    with pytest.raises(ValueError, match="readings exist for lessons 0, 1, 2"):
        coursekit.readings(lesson)


def test_every_lesson_has_readings_of_real_sources():
    table = coursekit.load_readings()
    assert sorted(table["lesson"].unique()) == list(range(10))
    assert table["citation"].notna().all()  # every source_id resolves


#: A full citation for a work: "Author or body (YYYY), title, venue", the style of sources.csv.
FULL_CITATION = re.compile(
    r"^(?P<author>[^()]{3,}?) \((?P<year>(19|20)\d\d)\), (?P<title>\S.{10,})$")


def test_every_lesson_has_a_real_reading_list():
    """Lessons 01-09 each list 4-6 readings with at least one piece of scholarship; every
    scholarship and report reading names its author, year and title (primary texts, such
    as treaties, must at least carry a year), and scholarship is a journal article or book."""
    table = coursekit.load_readings()
    sources = coursekit.load_sources().set_index("source_id")
    for lesson in range(1, 10):
        chosen = table[table["lesson"] == lesson]
        assert 4 <= len(chosen) <= 6, (lesson, len(chosen))
        assert (chosen["kind"] == "scholarship").any(), lesson
    assert set(table["kind"]) <= {"scholarship", "report", "primary"}
    for row in table.itertuples():
        if row.kind == "primary":
            assert re.search(r"\b(19|20)\d\d\b", row.citation), row.source_id
            continue
        assert FULL_CITATION.match(row.citation), (row.source_id, row.citation)
        if row.kind == "scholarship":
            assert sources.loc[row.source_id, "kind"] in {"journal", "book"}, row.source_id



def test_readings_say_what_the_works_say():
    """Fact-checked against the works' own abstracts: Tarock (2017) ties the ups and downs of
    Russia-Iran cooperation to Russia's relations with the West (not 'each side's'); Grajewski
    (2021) is an analysis for CSIS's executive education program, published Nov 2021."""
    readings = coursekit.load_readings().set_index(["lesson", "source_id"])
    assert "Russia's relations with the West" in readings.loc[(1, "tarock2017"), "why"]
    sources = coursekit.load_sources().set_index("source_id")
    assert "executive education program, Nov 2021" in sources.loc["grajewski2021", "citation"]
    assert sources.loc["leeds2002", "url"] == "https://doi.org/10.1080/03050620213653"
    assert sources.loc["lo2008", "citation"].startswith("Lo, Bobo (2008), Axis of Convenience")

# ------------------------------------------------------------------ lesson 08's facts
# What a fact-check of lesson 08 found, pinned so that it does not come back.
LESSON_08 = Path(__file__).resolve().parents[1] / "lessons" / "08-reading-the-treaties.ipynb"


def _lesson_08_paragraphs() -> list[str]:
    """The lesson's prose, one paragraph, bullet or numbered item per string."""
    text = "\n\n".join(c.source for c in nbformat.read(LESSON_08, as_version=4).cells
                       if c.cell_type == "markdown")
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n(?=\s*(?:- |\d+\. ))", text)]


def test_lesson_08_quotes_the_consultation_rule_with_its_exception():
    """ATOP's rule has an 'unless' clause (QoG data finder, atop_consult); the course's
    coding of Article 5(4) rests on it, so the lesson and the note must not drop it."""
    prose = " ".join(_lesson_08_paragraphs())
    assert "unless the agreement further specifies that the signatories will consult upon " \
           "issues of security with the goal of policy coordination" in prose
    note = coursekit.load_treaty_provisions().set_index("provision_id").loc["P05", "note"]
    assert "unless" in note


def test_lesson_08_never_treats_june_2025_as_a_test_of_a_treaty_in_force():
    """The 2025 treaty entered into force on 2 Oct 2025 (FACTS F25), after June 2025 (F26):
    every passage on Russia's conduct in June 2025 says so."""
    passages = [p for p in _lesson_08_paragraphs() if "June 2025" in p]
    assert passages
    for passage in passages:
        assert re.search(r"\b(in|into) force\b", passage), passage


def test_lesson_08_does_not_claim_what_its_coding_cannot_show():
    """Only two provisions of the 2001 treaty are coded, and a report says the 2001 treaty
    already held the promise not to help an aggressor: no claim that the treaties 'gained
    security content', and the report is a source the course ships."""
    prose = " ".join(_lesson_08_paragraphs())
    assert "gained security content, but" not in prose
    assert "Iran Times, 21 Feb 2025" in prose
    note = coursekit.load_treaties().set_index("treaty_id").loc["ru_ir_2001", "note"]
    assert "iran_times_treaty2025" in note
    assert "iran_times_treaty2025" in set(coursekit.load_sources()["source_id"])


def test_lesson_08_dates_zakharovas_statement_to_the_day_she_made_it():
    """The Foreign Ministry statement is of 26 Jun 2024 (a Wednesday); Sputnik reported it
    on 27 Jun."""
    prose = " ".join(_lesson_08_paragraphs())
    assert "statement of 26 Jun 2024" in prose


@pytest.mark.parametrize(("coding_", "says"), [
    ({"P01": "none", "P02": "neutrality"}, "agreement 1.00"),
    ({"P01": "none", "P02": "defence"}, "P02: 'defence' is not a category"),
    ({"P01": "none", "P03": "non-aggression"}, "P03: 'non-aggression' is not a category"),
    ({"P1": "none", "P02": "neutrality"}, "P1 is not a provision id"),
])
def test_lesson_08_your_turn_cell_says_what_to_fix(coding_, says, capsys):
    """The lesson's 'code it yourself' cell answers a misspelt category or provision id with
    a line saying what to fix, not a KeyError or a silently lower kappa."""
    cell = next(c.source for c in nbformat.read(LESSON_08, as_version=4).cells
                if c.cell_type == "code" and "my_coding = {" in c.source)
    tail = cell[cell.index("problems = "):]
    course = coursekit.load_treaty_provisions().set_index("provision_id")["category"].astype(str)
    exec(tail, {"pd": pd, "coding": coding, "course": course, "my_coding": coding_})  # noqa: S102
    assert says in capsys.readouterr().out


def test_lesson_08_gives_irans_view_in_an_iranian_officials_words():
    """Iran's view of the 2025 treaty rests on its foreign minister's own words (as quoted by
    news agencies), not only on a paraphrase; the source is shipped."""
    iran = next(p for p in _lesson_08_paragraphs() if p.startswith("- **Iran, on the same"))
    assert "Araghchi" in iran and '"' in iran
    assert "fakti_araghchi2025" in set(coursekit.load_sources()["source_id"])


def test_coding_problems_names_unknown_ids_and_codes() -> None:
    ids = ["P01", "P02", "P03"]
    assert coding.coding_problems({"P01": "defense", "P02": "none"}, ids) == []
    assert coding.coding_problems({"P9": "none", "P02": "non-aggression"}, ids) == [
        "P9 is not a provision id", "P02: 'non-aggression' is not a category"]
    with pytest.raises(TypeError, match="must be a dict"):
        coding.coding_problems(["P01"], ids)
    assert "coding_problems" in coding.__all__
