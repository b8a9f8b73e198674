"""SalesDesk: sales management for companies that run on Excel."""

__version__ = "0.1.0"
