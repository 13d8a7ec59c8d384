"""Command line: ``reportminer COMMAND``.

Commands are imported only when invoked (a lazy click group), so ``reportminer --help`` and
a short ``extract`` start fast. Each command parses arguments and calls the library.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from reportminer import __version__

# name -> "module:attribute" of a click.Command
COMMANDS: dict[str, str] = {
    "extract": "reportminer.commands.extract:extract",
    "evaluate": "reportminer.evaluation.cli:evaluate",
    "convert": "reportminer.evaluation.cli:convert",
    "train": "reportminer.commands.train:train",
    "schema": "reportminer.commands.schema:schema",
    "tables": "reportminer.outputs.cli:tables",
    "show": "reportminer.outputs.cli:show",
    "stats": "reportminer.outputs.cli:stats",
}

SHORT_HELP: dict[str, str] = {
    "extract": "Extract reports, sections and items from files or folders.",
    "evaluate": "Score predictions against annotated samples (ANNOTATION.md JSONL).",
    "convert": "Convert annotations to and from doccano and Label Studio.",
    "train": "Retrain the classifiers from annotated samples.",
    "schema": "Print the JSON Schema of the extract output.",
    "tables": "Write CSV and XLSX tables from extract results.",
    "show": "Write a review page (HTML) of one document.",
    "stats": "Summarise a folder of results, with plots.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        return getattr(importlib.import_module(module), attribute)  # type: ignore[no-any-return]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SHORT_HELP.get(name, "")) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=(
        "Examples:\n\n"
        "\b\n"
        "  reportminer extract reports/ -o out/\n"
        "  reportminer extract report.txt --format spans -o pred.jsonl\n"
        "  reportminer evaluate gold.jsonl pred.jsonl --html errors.html\n"
    ),
)
@click.version_option(__version__, prog_name="reportminer")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """Turn Chinese work reports (工作总结, 政府工作报告, 实施方案, 讲话) into structured JSON."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def main() -> None:
    try:
        cli.main(prog_name="reportminer")
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
