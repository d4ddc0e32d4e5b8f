"""The reading list a lesson shows: full citations, never cut short."""

import pytest

import coursekit
from coursekit.readinglist import KIND_LABELS, reading_list


@pytest.mark.parametrize("lesson", range(10))
def test_every_citation_and_reason_is_shown_whole(lesson):
    listing = reading_list(lesson)
    text = " ".join(repr(listing).split())  # undo the wrapping
    page = listing._repr_html_()
    for _, row in listing.frame.iterrows():
        assert row["citation"] in text
        assert row["why"] in text
        assert "..." not in text
        if isinstance(row["url"], str) and row["url"]:
            assert f"href='{row['url']}'" in page


def test_the_list_holds_the_lessons_readings_in_their_order():
    assert reading_list(6).frame["source_id"].tolist() == coursekit.readings(6)[
        "source_id"
    ].tolist()


def test_every_kind_has_a_label():
    kinds = set(coursekit.load_readings()["kind"])
    assert kinds <= set(KIND_LABELS)


def test_html_escapes_the_text():
    page = reading_list(6)._repr_html_()
    assert "<li>" in page and "'Alignment'" not in page.replace("&#x27;Alignment&#x27;", "")


def test_frame_is_a_copy():
    listing = reading_list(6)
    frame = listing.frame  # a learner's own variable, changed in place
    frame.loc[0, "citation"] = "changed"
    assert listing.frame.loc[0, "citation"] != "changed"


@pytest.mark.parametrize("bad", [42, "6", 6.0, True, None])
def test_unknown_lesson_lists_the_valid_ones(bad):
    with pytest.raises(ValueError, match="readings exist for lessons 0, 1, 2"):
        reading_list(bad)
