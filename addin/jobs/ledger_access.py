"""Open the company's ledger: env SALESDESK_LEDGER > Settings.ledger_url > ledger.sqlite."""

from __future__ import annotations

from addin.io.company import Company, Masters
from addin.io.ledger import Ledger, LedgerError, resolve_url
from addin.jobs.result import JobFailed


def open_ledger(company: Company, masters: Masters) -> Ledger:
    url = resolve_url(company.root, masters.settings.ledger_url)
    try:
        return Ledger.open(url)
    except LedgerError as exc:
        raise JobFailed(exc.render(masters.settings.lang)) from None
