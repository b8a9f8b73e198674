"""The appraisal outputs written into appraisal.xlsx: the live scorecard
(`scorecard.py`) and the printable pay slips (`slips.py`)."""
