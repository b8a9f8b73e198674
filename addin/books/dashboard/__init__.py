"""dashboard.xlsx: `book.py` puts the sheets together; `sheets.py` streams tables,
`card.py` draws the customer card, `charts.py` the overview and its charts."""
