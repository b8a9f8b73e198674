"""One toolkit for the zip parts of a workbook, used by the reader's scans, the writers,
the dashboard's streamed rows and the add-in packager.

`parts.py` bounded part reads, whole-package reads and writes, content types;
`relationships.py` sheet name → part, adding relationships; `sheetxml.py` sheet XML as
text (streamed rows, error cells); `safety.py` the gate every untrusted file passes first;
`replace.py` replacing parts of a saved package and carrying formula results across.
"""
