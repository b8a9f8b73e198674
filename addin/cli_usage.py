"""A mistyped command line, said in the user's language.

click words its usage errors in English through gettext, and ships no Chinese. A
Chinese user who mistypes an option, names a folder that is not there or forgets the
company folder must still read what went wrong and what to type instead, so SalesDesk
says each kind of mistake from its own catalogue (`cli.usage_error.*`), in the language
of the company folder named on the command line, else this computer's.

The parameter types here are click's own with the refusal worded by us; `usage_said`
turns any usage error click raises into the lines shown above the exit status 2.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

import click

from addin.i18n import default_lang, t

#: Where the raw arguments are kept for the help, in the context's shared `meta`.
ARGS = "salesdesk.args"


def help_lang(ctx: click.Context) -> str:
    """The language of the company folder named on the command line, else this
    computer's. Asked for only when help, usage or a mistake is shown: it may read a
    workbook."""
    for arg in ctx.meta.get(ARGS, ()):
        folder = Path(arg)
        if folder.is_dir():
            from addin.io.company import company_lang  # pandas & co: not for `--help` alone

            lang = company_lang(folder)
            if lang:
                return lang
    return default_lang()


def usage_lang(ctx: click.Context | None) -> str:
    """The language a mistake on this command line is said in."""
    return default_lang() if ctx is None else help_lang(ctx)


class LocalChoice(click.Choice):  # type: ignore[type-arg]
    """A choice whose refusal names the choices in the user's language."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            choices = ", ".join(str(c) for c in self.choices)
            self.fail(
                t(usage_lang(ctx), "cli.usage_error.not_a_choice", value=value, choices=choices),
                param,
                ctx,
            )


class LocalInt(click.types.IntParamType):
    """A whole number, refused in the user's language."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(t(usage_lang(ctx), "cli.usage_error.not_whole", value=value), param, ctx)


class LocalPath(click.Path):
    """A file or folder, refused in the user's language: missing, or a folder where a
    file is wanted (and the other way round)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            path = Path(os.fsdecode(value))
            if not path.exists():
                reason = "no_such_path"
            elif path.is_dir() and not self.dir_okay:
                reason = "is_folder"
            elif not path.is_dir() and not self.file_okay:
                reason = "is_file"
            else:
                reason = "unusable_path"
            self.fail(t(usage_lang(ctx), f"cli.usage_error.{reason}", path=path), param, ctx)


def _shown_name(param: click.Parameter | None, ctx: click.Context | None) -> str:
    """How the help names `param`: `--lang`, or the argument's metavar (公司文件夹)."""
    if param is None:
        return ""
    if isinstance(param, click.Option):
        return " / ".join(param.opts)
    if ctx is not None:
        return param.make_metavar(ctx)
    return (param.name or "").upper()


def _option_named(ctx: click.Context | None, name: str) -> click.Option | None:
    if ctx is None:
        return None
    for param in ctx.command.params:
        if isinstance(param, click.Option) and name in (*param.opts, *param.secondary_opts):
            return param
    return None


def _message(exc: click.UsageError, lang: str) -> str:
    ctx = exc.ctx
    if isinstance(exc, click.NoSuchOption):
        said = t(lang, "cli.usage_error.no_such_option", name=exc.option_name)
        if exc.possibilities:
            options = ", ".join(exc.possibilities)
            said += t(lang, "cli.usage_error.did_you_mean", options=options)
        return said
    if isinstance(exc, click.BadOptionUsage):
        option = _option_named(ctx, exc.option_name)
        takes_none = option is not None and (option.is_flag or option.count)
        key = "takes_no_value" if takes_none else "needs_value"
        return t(lang, f"cli.usage_error.{key}", name=exc.option_name)
    if isinstance(exc, click.MissingParameter):
        return t(lang, "cli.usage_error.missing", name=_shown_name(exc.param, ctx))
    if isinstance(exc, click.BadParameter):
        name = _shown_name(exc.param, ctx) if exc.param is not None else exc.param_hint
        if not name:
            return exc.message
        return t(lang, "cli.usage_error.bad_value", name=name, message=exc.message)
    return exc.message


def usage_said(exc: click.UsageError) -> str:
    """What to show for `exc`: the command's usage, how to get help, and the mistake."""
    lang = usage_lang(exc.ctx)
    lines = []
    if exc.ctx is not None:
        lines.append(exc.ctx.get_usage())
        lines.append(t(lang, "cli.usage_error.try_help", command=f"{exc.ctx.command_path} --help"))
        lines.append("")
    lines.append(t(lang, "cli.usage_error.error", message=_message(exc, lang)))
    return "\n".join(lines)


def no_such_command(ctx: click.Context, name: str, known: list[str]) -> click.UsageError:
    lang = usage_lang(ctx)
    said = t(lang, "cli.usage_error.no_such_command", name=name)
    close = difflib.get_close_matches(name, known)
    if close:
        said += t(lang, "cli.usage_error.did_you_mean", options=", ".join(close))
    return click.UsageError(said, ctx)


def extra_arguments(ctx: click.Context, extra: list[str]) -> click.UsageError:
    said = t(usage_lang(ctx), "cli.usage_error.extra_arguments", values=" ".join(extra))
    return click.UsageError(said, ctx)
