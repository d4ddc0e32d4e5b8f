"""Execute course notebooks in place, for authors (``coursekit execute``).

Lessons and solutions are stored *with* their outputs, so readers see every result and
nbval can compare them. This command runs a notebook top to bottom in a fresh kernel, in
the notebook's own folder, and writes it back only if no cell raised. It records no
timing metadata, so re-running an unchanged notebook changes nothing but what really
varies (widget ids), and the diff of a real change stays readable.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["execute_notebook"]


def execute_notebook(path: Path, timeout: int = 300) -> list[str]:
    """Run ``path`` in a fresh kernel and save its outputs; return error descriptions.

    Nothing is written when a cell raises: the returned list then names the failing
    cells, and the notebook on disk is unchanged.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as error:
        return [f"{path}: {str(error).strip().splitlines()[-1]}"]
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    nbformat.write(nb, path)
    return []
