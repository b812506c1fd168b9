#!/usr/bin/env python3
"""Dump the statement nodes of Python files as CPython's ast module sees them.

Reference side of the parser agreement test: engine/python's C++ parser gets a
dumper that prints the same format, and a ctest diffs the two outputs over the
whole standard library (`python3 tools/ast_stmts.py --list-stdlib` gives the
file list).  The reference is CPython 3.11 (this script refuses other versions
unless --any-version is given).

Usage:
    python3 tools/ast_stmts.py FILE...        dump each FILE
    python3 tools/ast_stmts.py --list-stdlib  print the stdlib *.py paths
    python3 tools/ast_stmts.py --stdlib       dump every stdlib file (same as
                                              passing the --list-stdlib paths)

OUTPUT FORMAT (what the C++ dumper must print, byte for byte)
=============================================================
UTF-8, every line ends in "\\n" (no "\\r"), fields separated by exactly one
space, no leading or trailing spaces, nothing else on stdout.

For each FILE argument, in command-line order:

    == FILE

  FILE exactly as given on the command line (no normalisation).  Then either
  one error line (see ERRORS) or zero or more node lines (an empty file, or a
  file of only comments, prints just the header):

    KIND LINENO COL END_LINENO END_COL

  KIND is the CPython ast class name, one of
      FunctionDef AsyncFunctionDef ClassDef Return Delete Assign AugAssign
      AnnAssign For AsyncFor While If With AsyncWith Match Raise Try TryStar
      Assert Import ImportFrom Global Nonlocal Expr Pass Break Continue
  plus two non-statement kinds that own statement lists:
      ExceptHandler   one `except` / `except*` clause
      match_case      one `case` clause of a match statement
  Numbers are decimal.  LINENO / END_LINENO are 1-based line numbers.
  COL / END_COL are 0-based offsets in UTF-8 *bytes* from the start of the
  line (ast's col_offset / end_col_offset), END_COL exclusive (one past the
  last byte of the last token).  Details that matter:
    * Lines are counted after universal-newline translation: "\\r\\n", "\\r" and
      "\\n" each end a line; a backslash continuation or a newline inside a
      bracket or a triple-quoted string still starts a new line number.
    * A UTF-8 BOM at the start of the file is not part of line 1 (col 0 is
      the first byte after it).
    * Byte offsets are offsets into the UTF-8 encoding of the decoded line.
      For a file with a non-UTF-8 coding cookie (e.g. "# -*- coding: latin-1
      -*-", a few exist in the stdlib) that is NOT the file's raw bytes: the
      line is decoded with the declared encoding and re-encoded as UTF-8.
      A tab counts as one byte.
    * A statement spans from its first token to the end of its last token.
      Trailing comments, the ";" separator and the NEWLINE are not included.
      An expression statement that starts with "(" starts at the "(".
    * Compound statements end where their last nested statement ends
      (e.g. `if` with an `else:` block ends at the end of the last statement
      of the else block).  `else:` / `finally:` have no node of their own.
    * Decorated FunctionDef / AsyncFunctionDef / ClassDef start at the `def` /
      `async` / `class` keyword, not at the first decorator.
    * AsyncFunctionDef / AsyncFor / AsyncWith start at `async`.
    * `elif` is an If node in the orelse list of the preceding If; it starts
      at the `elif` keyword and ends at the end of its own last block (which
      includes any later elif/else).
    * ExceptHandler spans from `except` to the end of its body.
    * match_case: CPython's match_case has no position, so the line carries
      the position of the case's *pattern* (for `case [1, 2] if g:` the
      pattern `[1, 2]` only: not the `case` keyword, not the guard).  For an
      or-pattern `case 1 | 2:` it is the whole `1 | 2`; for `case (1 | 2):`
      it is the or-pattern inside the parentheses (CPython does not widen a
      pattern to include its parentheses); for a bare capture `case x:` it is
      the name.
  Order: pre-order depth-first in source order.  A node line is followed by
  the lines of the statement lists it owns, field by field in the order of
  the ast class's _fields, before the next sibling:
      FunctionDef/AsyncFunctionDef/ClassDef/With/AsyncWith: body
      If/For/AsyncFor/While: body, orelse
      Try/TryStar: body, handlers (each ExceptHandler line, then its body),
                   orelse, finalbody
      Match: cases (each match_case line, then its body)
  Statements never occur inside expressions, so nothing else is visited.

ERRORS
  If CPython refuses the file, the header is followed by exactly one line:
    ! SyntaxError LINENO OFFSET
        ast.parse() raised SyntaxError or a subclass (IndentationError,
        TabError: the class is always printed as SyntaxError).  LINENO and
        OFFSET are e.lineno and e.offset, printed as CPython gives them
        (normally 1-based; None is printed as 0).  Oddities in 3.11.7: a NUL
        byte anywhere in the file gives "! SyntaxError 0 0" (lineno and
        offset None, "source code string cannot contain null bytes"); a bad
        coding cookie gives "! SyntaxError 0 -1" ("unknown encoding: uft-8",
        "encoding problem: utf8 with BOM": test/tokenizedata/bad_coding*.py).
        Caveat for exact agreement: ast.parse() is given the file's bytes, and
        CPython 3.11 then reports PEG-parser errors in UTF-8 byte columns + 1
        but tokenizer errors (bad characters, unterminated strings, bad
        indentation, ...) in character columns + 1; on an ASCII line the two
        agree.  If the file has a coding cookie, parser errors use characters
        too.  A C++ side that only wants reject/accept agreement can compare
        the "! SyntaxError" prefix and LINENO.
    ! UnicodeDecodeError
        fallback; not expected: CPython 3.11 reports undecodable bytes
        (bad UTF-8, unknown coding cookie) as a SyntaxError, printed as above
        (e.g. "! SyntaxError 1 8" for `x = "<0xff>"`).
    ! ValueError
        fallback in case ast.parse() raises ValueError (not seen with
        3.11.7, which raises SyntaxError for NUL bytes, see above).
    ! OSError
        the file could not be read.
  Statements that ast accepts but the compiler rejects ('return' outside
  function, duplicate argument, nonlocal at module level, ...) are NOT errors
  here: ast.parse() does not run the symbol table or the code generator.

--list-stdlib prints every regular file ending in ".py" under
sysconfig.get_paths()["stdlib"], recursively (not following directory
symlinks), skipping any directory named site-packages or dist-packages and
__pycache__, as absolute paths sorted by Python's str ordering (code points),
one per line.
"""

import ast
import os
import sys
import sysconfig

# Statement-list fields of the node classes that own statement lists, taken
# from each class's _fields so their order is ast's.
_CHILD_FIELDS = {}
for _cls in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For,
             ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith,
             ast.Match, ast.Try, ast.TryStar, ast.ExceptHandler,
             ast.match_case):
    _CHILD_FIELDS[_cls] = tuple(
        f for f in _cls._fields
        if f in ("body", "orelse", "handlers", "finalbody", "cases"))


def _walk(stmts, out):
    """Append the lines of a statement list (pre-order) to out."""
    # Explicit stack instead of recursion: deeply nested code stays cheap.
    stack = [iter(stmts)]
    child_fields = _CHILD_FIELDS
    match_case = ast.match_case
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        cls = type(node)
        pos = node.pattern if cls is match_case else node
        out.append("%s %d %d %d %d\n" % (
            cls.__name__, pos.lineno, pos.col_offset,
            pos.end_lineno, pos.end_col_offset))
        fields = child_fields.get(cls)
        if fields:
            lists = [getattr(node, f) for f in fields]
            stack.append(n for lst in lists for n in lst)


def dump_file(path, out):
    out.append("== %s\n" % path)
    try:
        with open(path, "rb") as fh:
            source = fh.read()
    except OSError:
        out.append("! OSError\n")
        return False
    try:
        tree = ast.parse(source, path)
    except SyntaxError as e:
        out.append("! SyntaxError %d %d\n" % (e.lineno or 0, e.offset or 0))
        return False
    except UnicodeDecodeError:
        out.append("! UnicodeDecodeError\n")
        return False
    except ValueError:
        out.append("! ValueError\n")
        return False
    _walk(tree.body, out)
    return True


def list_stdlib():
    root = sysconfig.get_paths()["stdlib"]
    skip = {"site-packages", "dist-packages", "__pycache__"}
    paths = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in skip]
        for name in filenames:
            if name.endswith(".py"):
                full = os.path.join(dirpath, name)
                if os.path.isfile(full):
                    paths.append(full)
    paths.sort()
    return paths


def main(argv):
    args = argv[1:]
    if "--any-version" in args:
        args.remove("--any-version")
    elif sys.version_info[:2] != (3, 11) or sys.implementation.name != "cpython":
        sys.stderr.write("ast_stmts.py: the reference is CPython 3.11, this is %s %s"
                         " (pass --any-version to run anyway)\n"
                         % (sys.implementation.name, sys.version.split()[0]))
        return 2
    sys.stdout.reconfigure(encoding="utf-8", errors="surrogateescape",
                           newline="\n")
    if args == ["--list-stdlib"]:
        sys.stdout.write("".join(p + "\n" for p in list_stdlib()))
        return 0
    if args == ["--stdlib"]:
        args = list_stdlib()
    elif not args or any(a.startswith("--") for a in args):
        usage = __doc__[__doc__.index("Usage:"):__doc__.index("OUTPUT FORMAT")]
        sys.stderr.write(usage.rstrip() + "\n")
        return 2
    out = []
    write = sys.stdout.write
    for path in args:
        dump_file(path, out)
        if len(out) > 4096:
            write("".join(out))
            out.clear()
    write("".join(out))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
