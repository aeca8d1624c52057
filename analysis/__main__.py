"""Command line: ``python -m analysis validate [DATA_DIR]``, ``findings``, ``figures OUT_DIR``, ``exhibits``,
``datapackage``, ``new-case CASE_ID``, ``import-sheet FILE.yml``, ``agreement FILE --case CASE_ID``, ``chapters``."""
from __future__ import annotations

import argparse
import sys

from . import paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate the data package; report every problem as file:row:column")
    v.add_argument("data_dir", nargs="?", default=None, help="data directory (default: the project's data/)")
    f = sub.add_parser("figures", help="write every book figure as SVG into OUT_DIR")
    f.add_argument("out_dir")
    f.add_argument("--data-dir", default=None)
    d = sub.add_parser("datapackage", help="refresh the case resource paths in datapackage.json from the case folders")
    d.add_argument("data_dir", nargs="?", default=None)
    n = sub.add_parser("new-case", help="start data/cases/CASE_ID with header-only tables and register it")
    n.add_argument("case_id")
    n.add_argument("--data-dir", default=None)
    fi = sub.add_parser("findings", help="check every registered finding against the data; exit 1 naming those that no longer hold")
    fi.add_argument("--data-dir", default=None)
    fi.add_argument("--all", action="store_true", help="list every finding, not only the stale ones")
    e = sub.add_parser("exhibits", help="list every figure and table of the book: label, builder and the data it reads")
    e.add_argument("--data-dir", default=None)
    im = sub.add_parser("import-sheet", help="import a researched fact sheet (YAML) as a new extension case; report every problem as FILE:LINE")
    im.add_argument("sheet", metavar="FILE.yml")
    im.add_argument("--data-dir", default=None)
    im.add_argument("--case-id", default=None, help="case id (default: the sheet's case_id)")
    im.add_argument("--name", default=None, help="display name, for example a city (default: the sheet's display_name)")
    ag = sub.add_parser("agreement", help="score a student's blind coding of a case against the book's coding: "
                        "Krippendorff's alpha (ordinal), raw agreement, and every differing cell with the book's evidence; "
                        "bad input exits 2 naming file:row:column")
    ag.add_argument("file", metavar="FILE", help="CSV with columns category_id, party, strength (0-3); "
                    "optionally fact_ids, rationale")
    ag.add_argument("--case", required=True, metavar="CASE_ID", help="a case folder under data/cases/")
    ag.add_argument("--data-dir", default=None)
    ag.add_argument("--full", action="store_true", help="print the book's rationales whole, not shortened")
    args = parser.parse_args(argv)

    if args.command == "agreement":
        from .agreement import AgreementError, run
        try:
            print(run(args.file, args.case, args.data_dir, full=args.full))
        except AgreementError as exc:
            for p in exc.problems:
                print(f"error: {p}", file=sys.stderr)
            return 2
        return 0

    if args.command == "findings":
        from .findings import evaluate, format_values
        table = evaluate(args.data_dir)
        stale = table[~table["holds"]]
        shown = table if args.all else stale
        for rec in shown.itertuples():
            mark = "holds" if rec.holds else "STALE"
            print(f"{mark}  {rec.finding_id}  (chapter {rec.chapter})  {rec.statement}")
            if not rec.holds or args.all:
                print(f"       values: {format_values(rec.values)}")
        print(f"{len(table)} findings registered, {len(stale)} no longer hold", file=sys.stderr if len(stale) else sys.stdout)
        return 1 if len(stale) else 0
    if args.command == "exhibits":
        from . import book  # noqa: F401  (registers the exhibits)
        from .exhibits import instances
        for i in instances(args.data_dir):
            print(f"{i.label}\t{i.spec.kind}\tbook.{i.spec.key}({i.case or i.arg or ''})\treads: {', '.join(i.spec.reads) or '-'}")
        return 0

    if args.command == "validate":
        from .validate import summary, validate_package
        problems = validate_package(args.data_dir)
        if problems:
            for p in problems:
                print(p, file=sys.stderr)
            print(f"{len(problems)} problem(s) found in {paths.data_dir(args.data_dir)}", file=sys.stderr)
            return 1
        print(summary(args.data_dir))
        return 0
    if args.command == "datapackage":
        from .validate import sync_datapackage
        changed = sync_datapackage(args.data_dir)
        print("datapackage.json updated" if changed else "datapackage.json already up to date")
        return 0
    if args.command == "new-case":
        from .scaffold import new_case
        try:
            folder = new_case(args.case_id, args.data_dir)
        except (ValueError, FileExistsError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"created {folder}; fill in its tables, then run `python -m analysis validate`")
        return 0
    if args.command == "figures":
        from .figures import write_all
        written = write_all(args.out_dir, data_dir=args.data_dir)
        for p in written:
            print(p)
        return 0
    if args.command == "import-sheet":
        from .importsheet import SheetError, import_sheet, still_to_set
        try:
            folder = import_sheet(args.sheet, args.data_dir, case_id=args.case_id, name=args.name)
        except SheetError as exc:
            for p in exc.problems:
                print(p, file=sys.stderr)
            print(f"{len(exc.problems)} problem(s); nothing was written", file=sys.stderr)
            return 1
        print(f"imported {args.sheet} as {folder} (role extension, not coded yet); still to be set:")
        for item in still_to_set(folder):
            print(f"  - {item}")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
