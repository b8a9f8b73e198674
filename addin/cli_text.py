"""The command line's words in the user's language: `--help`, usage and headings.

Help texts live in the catalogues as `cli.<command>.help` and `cli.<command>.<option>`.
They are put in place when help is shown, in the language of the company folder named on
the command line (its Settings), else SALESDESK_LANG or the locale.
"""

from __future__ import annotations

from pathlib import Path

import click

from addin.i18n import catalogue, default_lang, t
from addin.io.company import company_lang

#: Where the raw arguments are kept for the help, in the context's shared `meta`.
_ARGS = "salesdesk.args"


def help_lang(ctx: click.Context) -> str:
    for arg in ctx.meta.get(_ARGS, ()):
        folder = Path(arg)
        if folder.is_dir():
            lang = company_lang(folder)
            if lang:
                return lang
    return default_lang()


def _key(ctx: click.Context, command: click.Command) -> str:
    """`issue`, `addin.install`…: the command's words after `salesdesk`."""
    words = ctx.command_path.split()[1:]
    if ctx.command is not command:
        words.append(command.name or "")
    return ".".join(words) or "main"


def localize(command: click.Command, key: str, lang: str) -> None:
    """Put the help texts of `command` (catalogue prefix `cli.<key>`) in `lang`."""
    messages = catalogue(lang)
    own = f"cli.{key}.help"
    if own in messages:
        command.help = messages[own]
        command.short_help = None
    for param in command.params:
        if isinstance(param, click.Option) and param.name:
            for msg_id in (f"cli.{key}.{param.name}", f"cli.common.{param.name}"):
                if msg_id in messages:
                    param.help = messages[msg_id]
                    break


def _section(formatter: click.HelpFormatter, title: str, rows: list[tuple[str, str]]) -> None:
    """click's `section`, with the heading's colon as the language writes it."""
    if not rows:
        return
    formatter.write_paragraph()
    formatter.write(f"{title}\n")
    formatter.indent()
    try:
        formatter.write_dl(rows)
    finally:
        formatter.dedent()


class _Localized(click.Command):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[_ARGS] = [*ctx.meta.get(_ARGS, ()), *args]
        return super().parse_args(ctx, args)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = t(help_lang(ctx), "cli.common.help")
        return option

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        localize(self, _key(ctx, self), help_lang(ctx))
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        prefix = t(help_lang(ctx), "cli.usage") + " "
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx)) is not None]
        _section(formatter, t(help_lang(ctx), "cli.options"), rows)


class LocalCommand(_Localized):
    """A command whose help is read from the catalogue."""


class LocalGroup(_Localized, click.Group):
    """A group whose help, and its commands' one-line help, are read from the catalogue."""

    command_class = LocalCommand
    group_class = type

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = help_lang(ctx)
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None:
                localize(command, _key(ctx, command), lang)
        super().format_help(ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows: list[tuple[str, str]] = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        _section(formatter, t(help_lang(ctx), "cli.commands"), rows)
