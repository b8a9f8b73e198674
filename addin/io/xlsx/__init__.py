"""One toolkit for the zip parts of a workbook, used by the reader's scans, the writers,
big tables' streamed rows and the add-in packager.

`parts.py` bounded part reads, whole-package reads and writes, content types;
`relationships.py` sheet name → part, adding relationships; `cellxml.py`, `sheetxml.py`,
`render_stream.py` a big table's rows as sheet XML from whole columns; `safety.py` the
gate every untrusted file passes first; `replace.py` replacing parts of a saved package
and carrying formula results across.
"""
