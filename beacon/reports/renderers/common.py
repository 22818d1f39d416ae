"""What every renderer shares: the order of blocks on the page, and byte-for-byte stable packages."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from beacon.reports.document import Block, Document, Heading, Notice

# Word and OpenDocument packages are zip files whose entries carry a time; a fixed one makes the same document
# give the same bytes (an issued report is byte-for-byte the same when downloaded again). 1980 is zip's epoch.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Core properties (created, modified) are set to this fixed instant rather than the time of rendering.
FIXED_TIMESTAMP = "2000-01-01T00:00:00Z"


def page_blocks(document: Document) -> Iterator[Block]:
    """The blocks in the order every format shows them: notices first (a banner at the top of the first page),
    then the document's title as its one level-1 heading, if the blocks do not start with one, then the rest."""
    notices = [block for block in document.blocks if isinstance(block, Notice)]
    rest = [block for block in document.blocks if not isinstance(block, Notice)]
    yield from notices
    if not any(isinstance(block, Heading) and block.level == 1 for block in rest):
        yield Heading(document.title, level=1)
    yield from rest


def stable_zip(data: bytes) -> bytes:
    """The same package with every entry's time fixed, keeping each entry's order and compression (an
    OpenDocument's ``mimetype`` must stay first and stored)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            fixed.create_system = 0
            target.writestr(fixed, source.read(info.filename))
    return output.getvalue()
