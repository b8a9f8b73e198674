"""The demo company in the language it works in.

The generator writes names both ways ("华东 East China", "丁华琳 Ding Hualin") and mixes
the languages of strategy texts, as a company with staff of both would. A company that
works in Chinese writes its masters in Chinese only, and one in English keeps the
romanised names beside the Chinese (what its English readers recognise).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from addin.demo.company import DemoCompany
from addin.demo.strategy import KEY_ACTIONS, SUPPORT_POLICY

#: "中文 Latin words" → the Chinese part.
_BILINGUAL = re.compile(r"^(.*[^\x00-\x7f])\s+[A-Za-z][\x00-\x7f]*$")
_NAMED = {"Regions": ("name",), "Reps": ("name",), "Products": ("category",)}


def chinese_part(text: object) -> object:
    if not isinstance(text, str):
        return text
    found = _BILINGUAL.match(text)
    return found.group(1) if found else text


def _pools(lang: str) -> dict[str, dict[str, list[str]]]:
    """Strategy texts by column and class, in `lang` only."""

    def keep(pool: tuple[str, ...]) -> list[str]:
        return [p for p in pool if p.isascii() == (lang == "en")]

    return {
        "support_policy": {k: keep(v) for k, v in SUPPORT_POLICY.items()},
        "key_actions": {k: keep(v) for k, v in KEY_ACTIONS.items()},
    }


def _one_language(strategy: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = strategy.copy()
    for column, by_class in _pools(lang).items():
        texts = out[column].astype(str)
        wrong = texts.map(lambda s: s.isascii() != (lang == "en"))
        picked = [
            by_class[str(k)][len(t) % len(by_class[str(k)])] if bad else t
            for t, k, bad in zip(texts, out["class"], wrong, strict=True)
        ]
        out[column] = pd.Series(picked, index=out.index, dtype=str)
    return out


def in_language(company: DemoCompany, lang: str) -> DemoCompany:
    """`company` as one working in `lang` writes it (reps' reports follow `company.lang`).

    An English-speaking company is the generator's own: staff of both languages, each
    rep writing in theirs (Chinese there is text its users typed)."""
    if lang != "zh":
        return company
    strategy = _one_language(company.strategy, lang)
    regions, reps, products = (
        frame.assign(**{c: frame[c].map(chinese_part) for c in columns})
        for frame, columns in (
            (company.regions, _NAMED["Regions"]),
            (company.reps, _NAMED["Reps"]),
            (company.products, _NAMED["Products"]),
        )
    )
    settings = dict(company.settings_overrides)
    settings["company"] = chinese_part(settings.get("company", ""))
    return replace(
        company,
        regions=regions,
        reps=reps,
        products=products,
        strategy=strategy,
        settings_overrides=settings,
        lang=lang,
    )
