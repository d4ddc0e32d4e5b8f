"""Headless tests of every widget: build it, set its controls, check what it shows.

The pure view functions are tested directly too, without any widget.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.dates import num2date  # noqa: E402

import coursekit  # noqa: E402
from coursekit import plots, widgets  # noqa: E402
from coursekit.network import FIRST_YEAR, LAST_YEAR  # noqa: E402
from coursekit.widgets.quiz import quiz_names  # noqa: E402

FACTORIES = [
    widgets.actor_explorer,
    widgets.network_explorer,
    widgets.timeline,
    widgets.interest_comparison,
    widgets.verdict_builder,
    widgets.quiz,
]


@pytest.fixture(autouse=True)
def _no_figures_left_open():
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before, "a widget left a pyplot figure open"


def _segments(ax, gid):
    return sum(len(c.get_segments()) for c in ax.collections
               if isinstance(c, LineCollection) and c.get_gid() == gid)


def _svg(w):
    (output,) = w.figure_view.outputs
    return output["data"]["image/svg+xml"]


def _actor_year_without_ties():
    for actor in coursekit.load_actors()["actor_id"]:
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            if actor not in coursekit.alliance_network(year):
                return actor, year
    pytest.skip("every actor has ties in every year")


# ------------------------------------------------------------------- all widgets
def test_every_widget_is_listed_and_builds_with_no_arguments():
    for factory in FACTORIES:
        assert factory.__name__ in widgets.__all__
        w = factory()
        assert isinstance(w, ipywidgets.VBox)
        assert w.state is not None and w.state.text
        for name, control in w.controls.items():
            assert control.description, f"{factory.__name__}: control {name} has no label"
            assert control.description_allow_html is False
            if isinstance(control, ipywidgets.IntSlider | ipywidgets.IntRangeSlider
                          | ipywidgets.FloatSlider):
                assert control.continuous_update is False


def test_widgets_are_reachable_lazily_from_coursekit():
    assert coursekit.widgets.network_explorer is widgets.network_explorer


def test_static_fallback_is_readable():
    for factory in FACTORIES:
        w = factory()
        bundle = w._repr_mimebundle_()  # what IPython's display calls
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert w.title.split(":")[0] in bundle["text/plain"]
        assert "Static snapshot" in bundle["text/html"]
        if w.figure is not None:
            assert 'src="data:image/svg+xml;base64,' in bundle["text/html"]
            assert "</svg>" in _svg(w)


def test_figures_are_not_registered_with_pyplot():
    w = widgets.network_explorer()
    assert w.figure.number if hasattr(w.figure, "number") else True
    assert plt.get_fignums() == []


# --------------------------------------------------------------- actor explorer
def test_actor_explorer_shows_profile_goals_and_ties():
    w = widgets.actor_explorer()
    assert w.controls["actor"].value == "iran" and w.controls["year"].value == 2018
    assert "Iran" in w.view.value and "Goals in Syria" in w.view.value
    assert "russia" in set(w.state.tables["ties"]["with"])
    w.controls["actor"].value = "russia"
    assert w.state.title == "Ties of Russia in 2018" == w.ax.get_title()
    goals = coursekit.interest_portfolio("russia")
    assert list(w.state.tables["goals"]["goal"]) == list(goals["goal"])
    assert all(goal in w.view.value for goal in goals["goal"].head(3).map(
        lambda g: g.replace("&", "&amp;").replace("'", "&#x27;").replace('"', "&quot;")))
    G = coursekit.alliance_network(2018)
    assert _segments(w.ax, "cooperative") + _segments(w.ax, "hostile") == G.degree("russia")


def test_actor_explorer_year_without_ties_says_so():
    actor, year = _actor_year_without_ties()
    w = widgets.actor_explorer(actor=actor, year=year if year != 2018 else 2018)
    w.controls["year"].value = year
    assert w.state.message and "no ties in" in w.state.message
    assert "no ties in" in w.view.value
    assert w.state.tables["ties"].empty
    assert _segments(w.ax, "cooperative") + _segments(w.ax, "hostile") == 0


def test_actor_view_without_widget():
    fig, ax = plots.new_figure()
    view = widgets.actor_view("hezbollah", 2018, ax=ax)
    assert ax.get_title() == view.title
    with pytest.raises(ValueError, match="did you mean 'iran'"):
        widgets.actor_view("irn", 2018)


# --------------------------------------------------------------- network explorer
def test_network_explorer_year_filter_and_highlight():
    w = widgets.network_explorer()
    G = coursekit.alliance_network(2018)
    coop = sum(d["sign"] > 0 for *_, d in G.edges(data=True))
    assert _segments(w.ax, "cooperative") == coop
    assert _segments(w.ax, "hostile") == G.number_of_edges() - coop
    svg_2018 = _svg(w)

    w.controls["year"].value = 2013
    G13 = coursekit.alliance_network(2013)
    assert w.ax.get_title() == "Alliance network, 2013"
    assert _segments(w.ax, "cooperative") + _segments(w.ax, "hostile") == G13.number_of_edges()
    assert _svg(w) != svg_2018
    expected = coursekit.unbalanced_triads(G13)
    assert len(w.state.tables["unbalanced"]) == len(expected)

    w.controls["ties"].value = "hostile"
    assert _segments(w.ax, "cooperative") == 0
    hostile = [c for c in w.ax.collections if c.get_gid() == "hostile"]
    assert all(all(d is not None for _, d in c.get_linestyles()) for c in hostile)
    assert "hostile ties only" in w.ax.get_title()

    w.controls["ties"].value = "both"
    w.controls["year"].value = 2018
    w.controls["highlight"].value = "russia"
    assert "russia highlighted" in w.ax.get_title()
    table = w.state.tables["unbalanced"]
    assert len(table) == len(coursekit.unbalanced_triads(G, containing="russia"))
    assert (table[["a", "b", "c"]] == "russia").any(axis=1).all()
    for _, row in table.iterrows():
        assert f"<td>{row['a']}</td><td>{row['b']}</td><td>{row['c']}</td>" in w.view.value


def test_network_explorer_highlight_without_ties_says_so():
    actor, year = _actor_year_without_ties()
    w = widgets.network_explorer(year=year)
    w.controls["highlight"].value = actor
    assert "has no ties in" in w.state.message
    assert "has no ties in" in w.view.value


def test_network_view_tie_counts():
    view = widgets.network_view(2018, ties="cooperative")
    assert set(view.tables["ties"]["tie"]) == {"cooperative"}
    with pytest.raises(ValueError, match="tie filter"):
        widgets.network_view(2018, ties="allies")


# ------------------------------------------------------------------------ timeline
def test_timeline_filters_and_table():
    w = widgets.timeline()
    events = coursekit.load_events()
    assert len(w.state.tables["events"]) == len(events)
    w.controls["theme"].value = "historical_wariness"
    chosen = w.state.tables["events"]
    assert len(chosen) == events["themes"].str.contains("historical_wariness").sum()
    assert "Historical wariness" in w.ax.get_title()
    assert w.ax.get_xlabel() == "Date" and "Goldstein" in w.ax.get_ylabel()
    assert w.view.value.count("<tr>") == len(chosen) + 1  # header row + one per event

    w.controls["actor"].value = "russia"
    chosen = w.state.tables["events"]
    assert ((chosen["actor_source"] == "russia") | (chosen["actor_target"] == "russia")).all()
    first = w.controls["years"].min
    w.controls["years"].value = (first, 1900)
    assert chosen is not w.state.tables["events"]
    assert w.state.tables["events"]["date"].dt.year.between(first, 1900).all()
    assert f"{first}–1900" in w.ax.get_title()


def test_timeline_empty_filter_shows_a_message():
    events = coursekit.load_events()
    years = set(events["date"].dt.year)
    first = min(years)
    empty_year = next(y for y in range(first, 2026) if y not in years)
    w = widgets.timeline()
    w.controls["years"].value = (empty_year, empty_year)
    assert w.state.message.startswith("No events match")
    assert "No events match" in w.view.value
    assert w.state.tables["events"].empty
    assert any("No events" in t.get_text() for t in w.ax.texts)


# ------------------------------------------------------------- interest comparison
def test_interest_comparison():
    w = widgets.interest_comparison()
    assert w.controls["origin"].value == "independent"  # the article's rows left out
    issues = coursekit.agreement("iran", "russia", origin="independent")
    assert len(w.state.tables["issues"]) == len(issues)
    assert len(w.ax.get_yticklabels()) == len(issues)
    w.controls["actor_b"].value = "israel"
    issues = coursekit.agreement("iran", "israel", origin="independent")
    assert w.state.title == w.ax.get_title() == "Positions in 2018: Iran vs Israel"
    diverge = int((~issues["agree"]).sum())
    assert f"diverge on {diverge}" in w.state.text
    assert w.view.value.count("<tr>") >= len(issues) + 1


def test_interest_comparison_switches_origin():
    w = widgets.interest_comparison()
    independent = w.state
    goals = coursekit.compare_interests("iran", "russia", origin="independent")
    assert independent.tables["goals"].equals(goals)
    assert "article's own rows are left out" in independent.text
    assert "azodi2018" not in set(coursekit.load_positions("independent")["source_id"])
    w.controls["origin"].value = "article_first"  # the article's claims put back
    issues = coursekit.agreement("iran", "russia", origin="article_first")
    assert w.state.tables["issues"].equals(issues)
    assert len(w.ax.get_yticklabels()) == len(issues) > len(independent.tables["issues"])
    assert "claims under test" in w.state.text and "claims under test" in w.view.value
    w.controls["origin"].value = "independent"
    assert w.state.tables["issues"].equals(independent.tables["issues"])


def test_interest_comparison_refuses_an_unknown_origin():
    with pytest.raises(ValueError, match="origin"):
        widgets.interest_comparison(origin="all")


@pytest.mark.parametrize("name", ["origin", "actor_a", "actor_b"])
def test_interest_comparison_keeps_a_choice_when_a_dropdown_is_set_to_none(name):
    """A drop-down set to None (no selection) raised a TypeError, and so did every later
    change: it keeps its last choice instead."""
    w = widgets.interest_comparison()
    before = w.controls[name].value
    w.controls[name].value = None
    assert w.controls[name].value == before
    w.controls["actor_b"].value = "israel"  # later changes still work
    assert w.state.title == "Positions in 2018: Iran vs Israel"
    w.controls["origin"].value = "article_first"
    assert w.state.tables["issues"].equals(
        coursekit.agreement("iran", "israel", origin="article_first"))


def test_a_wrong_type_names_an_example_from_the_callers_choices():
    """check_choice's "such as" example is the caller's first choice, not the first in
    alphabetical order ('all', which the widget does not offer)."""
    from coursekit._validate import check_choice

    with pytest.raises(TypeError, match="such as 'independent', not NoneType"):
        check_choice(None, ["independent", "article_first"], "origin")
    with pytest.raises(TypeError, match="such as 'article_first'"):
        coursekit.load_positions(None)
    with pytest.raises(TypeError, match="such as 'iran'"):  # a set: sorted, the same each run
        check_choice(1, {"russia", "iran"}, "actor id")


def test_interest_comparison_same_actor_says_so():
    w = widgets.interest_comparison()
    w.controls["actor_b"].value = "iran"
    assert "two different actors" in w.state.message
    assert "two different actors" in w.view.value


# ----------------------------------------------------------------- verdict builder
def test_verdict_builder_moves_with_weights():
    w = widgets.verdict_builder()
    default = coursekit.verdict.verdict()
    assert w.state.data["verdict"].score == pytest.approx(default.score)
    assert w.ax.get_title() == f"Verdict: {default.label} (score {default.score:+.2f})"
    assert len(w.ax.patches) == len(default.criteria)
    scores = coursekit.verdict.criterion_scores()
    for crit in w.controls:
        w.controls[crit].value = 0.0
    assert "at least one criterion" in w.state.message
    best = scores.idxmax()
    w.controls[best].value = 5.0
    assert w.state.data["verdict"].score == pytest.approx(scores[best])
    assert w.state.data["verdict"].label in w.view.value
    assert "Evidence that drives the score" in w.view.value
    assert "flip the verdict" in w.view.value


def test_verdict_builder_reset_and_flip_text():
    w = widgets.verdict_builder()
    w.controls["israel"].value = 0.0
    w.buttons["reset"].click()
    assert w.controls["israel"].value == coursekit.verdict.default_weights()["israel"]
    assert w.state.data["verdict"].weights == coursekit.verdict.default_weights()
    flips = w.state.tables["flips"]
    for row in flips.itertuples():
        if row.flip_at == row.flip_at:  # not NaN
            assert row.label in w.view.value


def test_verdict_builder_tests_the_rival_explanation():
    """Lesson 07: with shared goals set aside, the common threat's weight decides the basis
    verdict; the builder has a slider for it and for economic ties."""
    w = widgets.verdict_builder()
    assert {"common_threat", "economic_ties"} <= set(w.controls)
    assert "(basis)" in w.controls["common_threat"].description
    w.controls["shared_goals"].value = 0.0
    assert w.state.data["verdict"].label == "marriage of convenience"
    assert "Common threat" in w.view.value  # it can flip the verdict: lower below 1.41
    w.controls["common_threat"].value = 1.0
    assert w.state.data["verdict"].label == "strategic partnership"


# --------------------------------------------------------------------------- quiz
@pytest.mark.parametrize("name", quiz_names())
def test_every_lesson_quiz_gives_feedback_set_headless(name):
    spec = widgets.load_quiz(name)
    w = widgets.quiz(name)
    assert w.title == "Quiz: " + spec["question"]
    assert w.controls["choice"].value is None
    w.buttons["check"].click()
    assert w.state.data["correct"] is None and "Choose an answer" in w.view.value
    wrong = next(key for key in spec["choices"] if key != spec["answer"])
    w.controls["choice"].value = wrong
    assert "Selected" in w.view.value and w.state.data["correct"] is None
    w.buttons["check"].click()
    assert w.state.data["correct"] is False and "Not yet" in w.view.value
    w.controls["choice"].value = spec["answer"]
    w.buttons["check"].click()
    assert w.state.data["correct"] is True and "Correct" in w.view.value


def test_quiz_default_is_the_not_answered_yet_question():
    w = widgets.quiz()
    assert "Not answered" in w.title
    w.controls["choice"].value = "b"
    w.buttons["check"].click()
    assert w.state.data["correct"] is True
    assert "run the check again" in w.view.value


@pytest.mark.parametrize("bad", ["3.q1", "03.q9", "il20", ""])
def test_quiz_unknown_id_lists_the_valid_ids(bad):
    with pytest.raises(ValueError, match=r"unknown quiz id .*valid quiz ids: 00\.q1, 00\.q2"):
        widgets.quiz(bad)


def test_quiz_id_must_be_text():
    with pytest.raises(TypeError, match="quiz id"):
        widgets.quiz(3)


def test_quiz_custom_and_validation():
    w = widgets.quiz_from_dict({
        "question": "When was the Treaty of Turkmenchay signed?",
        "choices": {"a": "1813", "b": "1828"},
        "answer": "b",
        "explanations": {"a": "That is Gulistan."},
    })
    w.controls["choice"].value = "a"
    w.buttons["check"].click()
    assert "That is Gulistan." in w.view.value
    with pytest.raises(ValueError, match="answer key"):
        widgets.quiz_from_dict({"question": "Q?", "choices": {"a": "x"}, "answer": "z"})
    with pytest.raises(ValueError, match="unknown quiz keys"):
        widgets.quiz_from_dict({"question": "Q", "choices": {"a": "x"}, "answer": "a",
                                "hint": "?"})
    with pytest.raises(ValueError, match="needs a question"):
        widgets.quiz_from_dict({"choices": {"a": "x"}, "answer": "a"})


# ------------------------------------------------------------ redrawing in place
def _fresh_svg(w):
    """The widget's current view drawn by its view function on a brand-new figure."""
    params = w.figure.subplotpars
    fig, ax = plots.new_figure(*w.figure.get_size_inches(),
                               margins=(params.left, params.bottom, params.right, params.top))
    w.compute(**w.values(), ax=ax)
    return plots.figure_svg(fig)


CHANGES = [
    (widgets.actor_explorer, [("year", 2013), ("actor", "russia"), ("actor", "hezbollah"),
                              ("year", 2011), ("year", 2025), ("actor", "israel")]),
    (widgets.network_explorer, [("year", 2013), ("ties", "hostile"), ("highlight", "russia"),
                                ("ties", "cooperative"), ("year", 2011), ("highlight", ""),
                                ("ties", "both")]),
    (widgets.timeline, [("theme", "israels_security"), ("theme", "historical_wariness"),
                        ("actor", "russia"), ("years", (1800, 1900)),
                        ("years", (1700, 1701)), ("years", (2010, 2020)),
                        ("theme", "all"), ("actor", "all")]),
    (widgets.interest_comparison, [("actor_b", "israel"), ("actor_b", "turkey"),
                                   ("actor_b", "iran"), ("actor_a", "russia"),
                                   ("actor_b", "israel"), ("origin", "article_first"),
                                   ("actor_b", "usa"), ("origin", "independent")]),
    (widgets.verdict_builder, [("israel", 0.0), ("israel", 5.0), ("durability", 0.0)]),
]


@pytest.mark.parametrize(("factory", "changes"), CHANGES,
                         ids=[factory.__name__ for factory, _ in CHANGES])
def test_redrawn_figure_is_the_same_as_a_fresh_one(factory, changes):
    # Widgets update their figure's artists in place instead of clearing the Axes: what
    # they show must be exactly what drawing the same view on a new figure shows.
    w = factory()
    assert _svg(w) == w.svg == _fresh_svg(w)
    for name, value in changes:
        before = list(w.ax.get_children())
        w.controls[name].value = value
        assert _svg(w) == _fresh_svg(w), f"{factory.__name__}: after {name}={value!r}"
        if w.state.message is None:  # an ordinary change: the same artists, updated
            assert set(w.ax.collections) <= set(before)


def test_redraw_after_a_notice_and_after_clearing():
    actor, year = _actor_year_without_ties()
    w = widgets.actor_explorer(actor=actor, year=year)
    assert "no ties this year" in [t.get_text() for t in w.ax.texts]
    w.controls["year"].value = next(y for y in range(FIRST_YEAR, LAST_YEAR + 1)
                                    if actor in coursekit.alliance_network(y))
    assert "no ties this year" not in [t.get_text() for t in w.ax.texts]
    assert _svg(w) == _fresh_svg(w)
    w.ax.clear()  # someone else drew on the widget's Axes: the next change redraws it all
    w.ax.plot([0, 1], [0, 1])
    w.controls["year"].value = year
    assert not w.ax.lines and _svg(w) == _fresh_svg(w)


def test_verdict_builder_redraws_after_all_weights_zero():
    w = widgets.verdict_builder()
    for crit in w.controls:
        w.controls[crit].value = 0.0
    assert not w.ax.patches and "at least one criterion" in w.ax.texts[0].get_text()
    w.buttons["reset"].click()
    assert len(w.ax.patches) == len(coursekit.verdict.verdict().criteria)
    assert not w.ax.texts and _svg(w) == _fresh_svg(w)


def test_timeline_axis_follows_the_filter():
    w = widgets.timeline()
    w.controls["theme"].value = "astana_idlib"
    chosen = w.state.tables["events"]["date"]
    low, high = (num2date(x).year for x in w.ax.get_xlim())
    assert low <= chosen.min().year and high >= chosen.max().year
    assert high - low <= 3 + chosen.max().year - chosen.min().year
    years = [int(t.get_text()) for t in w.ax.get_xticklabels() if t.get_text()]
    assert 2 <= len(years) <= 8 and years == sorted(years)
    legend = [t.get_text() for t in w.ax.get_legend().get_texts()]
    assert legend and set(legend) <= {"cooperative event", "conflictual event",
                                      "neutral event", "mean weight per year"}


# ------------------------------------------------------------ the container itself
def test_widgets_carry_only_their_documented_attributes():
    documented = {"title", "controls", "buttons", "compute", "heading", "view", "figure_view",
                  "figure", "ax", "redraw", "state", "svg"}
    plain = ipywidgets.VBox()
    for factory in FACTORIES:
        w = factory()
        extra = {name for name in vars(w) if not name.startswith("_")} - set(vars(plain))
        assert extra <= documented, f"{factory.__name__}: {sorted(extra - documented)}"
    assert set(widgets.verdict_builder().buttons) == {"reset"}
    assert set(widgets.quiz().buttons) == {"check"}


def test_update_shows_a_rejected_choice_but_raises_bugs():
    def compute(choice):
        if choice == "bad":
            raise ValueError("unknown choice 'bad'")
        if choice == "bug":
            raise TypeError("unsupported operand")
        return widgets.View(text=f"chose {choice}", html="")

    control = ipywidgets.Dropdown(description="Choice", options=["ok", "bad", "bug"])
    w = widgets.CourseWidget("Test", {"choice": control}, compute, figure=False)
    assert w.state.text == "chose ok"
    control.value = "bad"
    assert w.state.message == "Cannot show this choice: unknown choice 'bad'"
    with pytest.raises(TypeError, match="unsupported operand"):
        control.value = "bug"


def test_quiz_content_is_package_data():
    spec = widgets.load_quiz("03.q1")
    w = widgets.quiz("03.q1")
    assert spec["question"] in w.title
    assert [key for _, key in w.controls["choice"].options] == list(spec["choices"])
    right = spec["answer"]
    spec["answer"] = "z"  # a copy: changing it changes nothing for the next quiz
    assert widgets.load_quiz("03.q1")["answer"] == right


@pytest.mark.parametrize("name", ["actor_view", "network_view", "timeline_view",
                                  "comparison_view", "verdict_view", "CourseWidget",
                                  "quiz", "quiz_feedback", "View"])
def test_public_import_paths_keep_working(name):
    import importlib

    assert getattr(importlib.import_module("coursekit.widgets"), name) is getattr(widgets, name)
    assert name in widgets.__all__


def test_verdict_view_states_the_commitment_axis_or_why_it_has_none():
    from coursekit.verdict import load_criteria
    from coursekit.widgets.views import verdict_view

    assert "Commitment axis: alignment (score" in verdict_view().text
    commitment = load_criteria().query("axis == 'commitment'")["criterion_id"]
    view = verdict_view({c: 0 for c in commitment})
    assert "Commitment axis: give one of its criteria a weight above 0." in view.text
    assert view.text.startswith("Verdict: ")  # the basis verdict is still given
