"""The Excel door: xlwings entry points' machinery, the add-in build and its installer."""

from __future__ import annotations

from addin.excel.install import install_addin, uninstall_addin

__all__ = ["install_addin", "uninstall_addin"]
