"""Execute course notebooks in place, for authors (``coursekit execute``).

Lessons and solutions are stored *with* their outputs, so readers see every result and
nbval can compare them. This command runs a notebook top to bottom in a fresh kernel, in
the notebook's own folder, and writes it back only if no cell raised. Before writing it
*tidies* the notebook (:func:`tidy_notebook`), so that what is stored is small, the same
on every run, and readable without a kernel:

* no saved widget state (``metadata.widgets``) and no widget views in the outputs: a
  course widget's output then holds only its static snapshot (``text/html`` with its text,
  tables and figure, and ``text/plain``), which is what GitHub, nbviewer, ``jupyter
  nbconvert``, Jupyter Book and a JupyterLab without a running kernel all show, with no
  JavaScript from the internet. Widget model ids, random on every run, are never stored,
  and no widget figure is stored twice (in the state and in the snapshot);
* opaque PNG figures stored with a palette of :data:`PNG_COLOURS` colours (matplotlib's flat
  colours kept, anti-aliased edges a few shades coarser; about half the size), transparent
  ones with 256, deterministic, so re-running an
  unchanged notebook changes nothing;
* the kernelspec JupyterLab writes (:data:`KERNELSPEC`), so opening a notebook in
  JupyterLab does not mark it modified;
* each figure's alt text (which :func:`coursekit.plots.show` puts in the output's display
  metadata, ``metadata["image/png"]["alt"]``: what nbconvert's classic template reads)
  copied into the cell metadata Jupyter Book (myst-nb) reads for the ``<img alt>``:
  ``mystnb: {image: {alt: ...}}`` (:data:`IMAGE_MIMES`);
* no timing metadata in the cells, and consecutive pieces of printed text stored as one
  output (:func:`coalesce_streams`: how a kernel splits them depends on timing).

``coursekit execute --metadata-only`` applies the same tidying without running anything.
"""

from __future__ import annotations

import base64
import binascii
import io
from pathlib import Path
from typing import Any

__all__ = [
    "IMAGE_MIMES", "KERNELSPEC", "PNG_COLOURS", "WIDGET_VIEW", "coalesce_streams",
    "execute_notebook", "image_alt",
    "lighter_png", "tidy_notebook",
]

#: The kernelspec JupyterLab 4 stores for the default Python kernel (ipykernel).
KERNELSPEC: dict[str, str] = {
    "display_name": "Python 3 (ipykernel)",
    "language": "python",
    "name": "python3",
}

#: The MIME type of a live widget view; it renders only with the widget's saved state.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

#: The image outputs whose alt text is carried into the cell metadata myst-nb reads.
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")

#: Colours in a stored opaque PNG's palette: matplotlib's flat colours and enough shades of
#: their anti-aliased edges (checked by eye on the network and map figures: white exact, no
#: pixel off by more than 40 of 255), a quarter to a third smaller than 256 colours.
PNG_COLOURS = 32


def lighter_png(data: str) -> str:
    """Return base64 PNG ``data`` re-encoded with a palette of :data:`PNG_COLOURS` colours.

    Deterministic: the same figure gives the same bytes. Images that already use a
    palette, are not PNGs, or would not get smaller are returned unchanged.

    Examples
    --------
    >>> import base64, io
    >>> from PIL import Image
    >>> buffer = io.BytesIO()
    >>> Image.merge("RGB", [Image.linear_gradient("L")] * 3).convert("RGBA").save(buffer, "PNG")
    >>> rgba = base64.b64encode(buffer.getvalue()).decode("ascii")
    >>> small = lighter_png(rgba)
    >>> len(small) < len(rgba), lighter_png(small) == small
    (True, True)
    >>> lighter_png("not a png")
    'not a png'
    """
    from PIL import Image, UnidentifiedImageError

    try:
        raw = base64.b64decode(data, validate=False)
        image = Image.open(io.BytesIO(raw))
        image.load()
    except (binascii.Error, UnidentifiedImageError, OSError, ValueError):
        return data
    if image.format != "PNG" or image.mode in ("P", "1", "L"):
        return data
    if image.mode == "RGBA" and image.getextrema()[3] != (255, 255):
        palette = image.quantize(256, method=Image.Quantize.FASTOCTREE,
                                 dither=Image.Dither.NONE)
    else:  # maximum coverage keeps white exact and the figure's own colours (median cut
        # shifts blues and oranges; fast octree greys the white)
        palette = image.convert("RGB").quantize(PNG_COLOURS, method=Image.Quantize.MAXCOVERAGE,
                                                dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, "PNG", optimize=True)
    if buffer.tell() >= len(raw):
        return data
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def image_alt(output: Any) -> str | None:
    """The alt text of an image output: its display metadata ``<mime>.alt``, else ``alt``.

    The same lookup as nbconvert's ``get_metadata('alt', mime)``; ``None`` for an output
    with no image or no alt text.

    Examples
    --------
    >>> image_alt({"data": {"image/png": "iVBO"},
    ...            "metadata": {"image/png": {"alt": "Bars of ties by year."}}})
    'Bars of ties by year.'
    >>> image_alt({"data": {"text/plain": "1"}, "metadata": {}}) is None
    True
    """
    data = output.get("data") or {}
    metadata = output.get("metadata") or {}
    for mime in IMAGE_MIMES:
        if mime in data:
            alt = (metadata.get(mime) or {}).get("alt") or metadata.get("alt")
            if isinstance(alt, str) and alt.strip():
                return alt.strip()
    return None


def _tidy_output(output: Any) -> None:
    data = output.get("data")
    if not data:
        return
    data.pop(WIDGET_VIEW, None)
    if "image/png" in data:
        data["image/png"] = lighter_png(data["image/png"])


def _carry_alt(cell: Any) -> None:
    """Put the cell's figure alt text where myst-nb reads it (``mystnb.image.alt``)."""
    alts = list(dict.fromkeys(filter(None, map(image_alt, cell.get("outputs", [])))))
    metadata = cell.setdefault("metadata", {})
    mystnb = metadata.get("mystnb")
    image = mystnb.get("image") if isinstance(mystnb, dict) else None
    if isinstance(image, dict):
        image.pop("alt", None)
        if not image:
            mystnb.pop("image")
        if not mystnb:
            metadata.pop("mystnb")
    if alts:  # myst-nb applies one alt to every image of a cell: several are joined
        import nbformat

        mystnb = metadata.setdefault("mystnb", nbformat.from_dict({}))
        mystnb.setdefault("image", nbformat.from_dict({}))["alt"] = " ".join(alts)


def coalesce_streams(outputs: list) -> list:
    """Merge consecutive stream outputs of the same stream into one (in place; returned).

    How a kernel splits printed text into stream messages depends on timing (IPython
    flushes on a timer), so one ``print`` can be stored as one output or as two; merged,
    the same run is stored the same way every time.

    Examples
    --------
    >>> from nbformat import v4
    >>> outs = [v4.new_output("stream", name="stdout", text="Correct · 02.3"),
    ...         v4.new_output("stream", name="stdout", text="\\n"),
    ...         v4.new_output("stream", name="stderr", text="warning\\n")]
    >>> [(o["name"], o["text"]) for o in coalesce_streams(outs)]
    [('stdout', 'Correct · 02.3\\n'), ('stderr', 'warning\\n')]
    """
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream"
                and previous.get("name") == output.get("name")):
            previous["text"] = "".join(previous["text"]) + "".join(output["text"])
            continue
        merged.append(output)
    outputs[:] = merged
    return outputs


def tidy_notebook(nb: Any) -> Any:
    """Make a notebook small, stable and readable without a kernel; return it.

    Drops the saved widget state and the widget views (the static snapshot each course
    widget displays alongside stays), stores PNGs with a palette (:func:`lighter_png`),
    copies each figure's alt text into the cell metadata myst-nb reads (``mystnb.image.alt``),
    sets :data:`KERNELSPEC` and removes timing metadata. Changes ``nb`` in place.

    Examples
    --------
    >>> from nbformat import v4
    >>> nb = v4.new_notebook(metadata={"kernelspec": {"name": "python3",
    ...                                               "display_name": "Python 3"},
    ...                                "widgets": {"state": {}}})
    >>> snapshot = {"text/plain": "Timeline", "text/html": "<h3>Timeline</h3>",
    ...             WIDGET_VIEW: {"model_id": "0a1b", "version_major": 2}}
    >>> nb.cells.append(v4.new_code_cell("timeline()", outputs=[
    ...     v4.new_output("display_data", data=snapshot)]))
    >>> nb = tidy_notebook(nb)
    >>> sorted(nb.cells[0].outputs[0]["data"])
    ['text/html', 'text/plain']
    >>> "widgets" in nb.metadata, nb.metadata.kernelspec["display_name"]
    (False, 'Python 3 (ipykernel)')
    >>> figure = v4.new_output("display_data", data={"image/png": "iVBO"},
    ...                        metadata={"image/png": {"alt": "A map of Syria."}})
    >>> nb.cells.append(v4.new_code_cell("show(fig, alt=...)", outputs=[figure]))
    >>> tidy_notebook(nb).cells[1].metadata["mystnb"]
    {'image': {'alt': 'A map of Syria.'}}
    """
    import nbformat

    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = nbformat.from_dict(dict(KERNELSPEC))
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
        coalesce_streams(cell.get("outputs", []))
        for output in cell.get("outputs", []):
            _tidy_output(output)
        if cell.get("cell_type") == "code":
            _carry_alt(cell)
    return nb


def execute_notebook(path: Path, timeout: int = 300, *, run: bool = True) -> list[str]:
    """Run ``path`` in a fresh kernel, tidy it and save it; return error descriptions.

    Nothing is written when a cell raises: the returned list then names the failing
    cells, and the notebook on disk is unchanged. With ``run=False`` the notebook is only
    tidied (:func:`tidy_notebook`) and saved, without a kernel; a file that is not a
    notebook is reported, not raised.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError, TypeError, KeyError, AttributeError,
            nbformat.ValidationError) as error:  # missing file, not JSON, not a notebook
        return [f"{path}: cannot read it as a notebook ({type(error).__name__}: {error})"]
    if run:
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name=KERNELSPEC["name"],
            record_timing=False,
            store_widget_state=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        try:
            client.execute()
        except CellExecutionError as error:
            return [f"{path}: {str(error).strip().splitlines()[-1]}"]
    tidy_notebook(nb)
    nbformat.write(nb, path)
    return []
