"""The command line's words in the user's language: `--help`, usage and headings.

Help texts live in the catalogues as `cli.<command>.help` and `cli.<command>.<option>`.
They are put in place when help is shown, in the language of the company folder named on
the command line (its Settings), else SALESDESK_LANG or the locale.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import click

from addin.cli_format import WideContext
from addin.cli_usage import ARGS, extra_arguments, help_lang, no_such_command, usage_said
from addin.i18n import catalogue, default_lang, t

#: Set in the context's `meta` while help is being written.
_HELPING = "salesdesk.helping"


def command_key(ctx: click.Context, command: click.Command) -> str:
    """`issue`, `addin.install`…: the command's words after `salesdesk`."""
    words = ctx.command_path.split()[1:]
    if ctx.command is not command:
        words.append(command.name or "")
    return ".".join(words) or "main"


def localize(command: click.Command, key: str, lang: str) -> None:
    """Put the help texts of `command` (catalogue prefix `cli.<key>`) in `lang`."""
    messages = catalogue(lang)
    command.options_metavar = messages["cli.metavar.options"]
    if isinstance(command, click.Group):
        command.subcommand_metavar = messages["cli.metavar.subcommand"]
    own = f"cli.{key}.help"
    if own in messages:
        command.help = messages[own]
        command.short_help = None
    for param in command.params:
        named = _metavar(param, messages)
        if named:
            param.metavar = named
        if isinstance(param, click.Option) and param.name:
            for msg_id in (f"cli.{key}.{param.name}", f"cli.common.{param.name}"):
                if msg_id in messages:
                    param.help = messages[msg_id]
                    break


def _metavar(param: click.Parameter, messages: Mapping[str, str]) -> str | None:
    """What help shows for the value of `param` (公司文件夹, 整数); None: leave click's
    own (a flag, or a choice whose values are what one types)."""
    if isinstance(param, click.Option) and (param.is_flag or param.count):
        return None
    if isinstance(param.type, click.Choice):
        return None
    if isinstance(param, click.Argument):
        name = messages.get(f"cli.metavar.{param.name}")
        if name is None:
            return None
        # click decorates its own metavar only: optional in brackets, repeated with "...".
        name = name if param.required else f"[{name}]"
        return name + "..." if param.nargs != 1 else name
    return messages.get(f"cli.metavar.{param.type.name.lower()}")


#: click's notes after an option's help: `[default: en; required]`.
_NOTES = re.compile(r"\[(default: [^;\]]*|required)(?:; (required))?\]$")


def _notes(help_text: str, lang: str) -> str:
    """`help_text` with click's trailing notes said in `lang`."""

    def said(match: re.Match[str]) -> str:
        parts = []
        for part in match.groups():
            if part is None:
                continue
            if part.startswith("default: "):
                parts.append(t(lang, "cli.note.default", value=part.removeprefix("default: ")))
            else:
                parts.append(t(lang, "cli.note.required"))
        return "[" + "; ".join(parts) + "]"

    return _NOTES.sub(said, help_text)


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
    context_class = WideContext

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[ARGS] = [*ctx.meta.get(ARGS, ()), *args]
        return super().parse_args(ctx, args)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        # Worded only while help is shown: click asks for the option to parse every
        # command line, and the language may mean reading masters.xlsx.
        if option is not None and ctx.meta.get(_HELPING):
            option.help = t(help_lang(ctx), "cli.common.help")
        return option

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        ctx.meta[_HELPING] = True
        localize(self, command_key(ctx, self), help_lang(ctx))
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        prefix = t(help_lang(ctx), "cli.usage") + " "
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = help_lang(ctx)
        rows = [
            (name, _notes(text, lang))
            for p in self.get_params(ctx)
            if (record := p.get_help_record(ctx)) is not None
            for name, text in [record]
        ]
        _section(formatter, t(lang, "cli.options"), rows)


class LocalCommand(_Localized):
    """A command whose help is read from the catalogue."""

    # Left-over arguments come back to `parse_args`, which refuses them in the user's
    # language (click's own refusal is English only).
    allow_extra_args = True

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        if rest and not ctx.resilient_parsing:
            raise extra_arguments(ctx, rest)
        return rest


class LocalGroup(_Localized, click.Group):
    """A group whose help, and its commands' one-line help, are read from the catalogue."""

    command_class = LocalCommand
    group_class = type

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """click's `main`, with usage errors said in the user's language; exit statuses
        as click's own (2 for a usage error, 1 when stopped)."""
        run = super().main
        if not standalone_mode:
            return run(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            value = run(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            if exc.ctx is not None:  # its usage line names what to type in the user's words
                command = exc.ctx.command
                localize(command, command_key(exc.ctx, command), help_lang(exc.ctx))
            click.echo(usage_said(exc), err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo(t(default_lang(), "cli.stopped"), err=True)
            sys.exit(1)
        sys.exit(value if isinstance(value, int) else 0)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        if (
            self.get_command(ctx, name) is None
            and not name.startswith("-")
            and not ctx.resilient_parsing
        ):
            raise no_such_command(ctx, name, self.list_commands(ctx))
        return super().resolve_command(ctx, args)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = help_lang(ctx)
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None:
                localize(command, command_key(ctx, command), lang)
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
