#!/usr/bin/env python3
"""Ground truth for shapelint from real PyTorch.

Usage: torch_oracle.py MODEL_FILE... [--out DIR] [--dim NAME=VALUE ...]

Runs every top-level nn.Module subclass or function of each model file whose
definition (decorators may sit in between) is directly preceded by a comment

    # shapelint: input=(2, 3, 32, 32)            one input
    # shapelint: input=((2, 10), (2, 20))        several inputs

Symbolic dims (e.g. ``N``) become 2 unless set with ``--dim N=4``.
Classes are instantiated without arguments; functions are called without
arguments and must return an nn.Module.  Writes DIR/<file stem>.json
(default DIR: test/oracle/golden) and prints one summary line per model to
stderr.  See README.md for the format.
"""
import argparse
import ast
import contextlib
import importlib.util
import io
import json
import os
import re
import sys
import tokenize

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the model directories clean
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import oracle_core  # noqa: E402

oracle_core.quiet_warnings()

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

DEFAULT_OUT = os.path.join(HERE, "golden")
DEFAULT_SYMBOL_VALUE = 2

COMMENT_RE = re.compile(r"^\s*#\s*shapelint:\s*(.*)$")
INDEX_DTYPE_RE = re.compile(r"Long|\bInt\b|IntTensor|indices|scalar type")


class SpecError(Exception):
    pass


def parse_input_spec(text, dims):
    """Parse the text after ``shapelint:`` into (shape or list of shapes, several?)."""
    m = re.search(r"\binput\s*=\s*", text)
    if not m:
        raise SpecError("no 'input=' in shapelint comment: %r" % text)
    rest = text[m.end():]
    if not rest.startswith("("):
        raise SpecError("input must be a parenthesized tuple: %r" % text)
    depth = 0
    end = None
    for i, ch in enumerate(rest):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                end = i + 1
                break
    if end is None:
        raise SpecError("unbalanced parentheses in %r" % text)
    expr = rest[:end]

    def sub(match):
        name = match.group(0)
        return str(dims.get(name, DEFAULT_SYMBOL_VALUE))

    expr = re.sub(r"[A-Za-z_][A-Za-z_0-9]*", sub, expr)
    try:
        value = ast.literal_eval(expr)
    except (ValueError, SyntaxError) as exc:
        raise SpecError("cannot parse input %r: %s" % (rest[:end], exc))
    if not isinstance(value, tuple):
        value = (value,)
    if value and all(isinstance(v, tuple) for v in value):
        shapes = [list(v) for v in value]
        several = True
    else:
        shapes = [list(value)]
        several = False
    for shape in shapes:
        if not all(isinstance(d, int) and not isinstance(d, bool) for d in shape):
            raise SpecError("dims must be ints: %r" % (rest[:end],))
    return shapes, several


def comment_lines(source):
    """{line number: comment text} for every comment token."""
    out = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                out[tok.start[0]] = tok.string
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return out


def find_targets(source):
    """[(name, def line, kind, comment text, comment line)] and orphan comment lines."""
    tree = ast.parse(source)
    comments = comment_lines(source)
    lines = source.splitlines()
    targets = []
    used = set()
    for node in tree.body:
        if not isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        prev = first - 1
        if prev < 1 or prev not in comments:
            continue
        # the comment must be the whole line
        if lines[prev - 1].strip() != comments[prev].strip():
            continue
        m = COMMENT_RE.match(comments[prev])
        if not m:
            continue
        kind = "class" if isinstance(node, ast.ClassDef) else "function"
        targets.append((node.name, node.lineno, kind, m.group(1), prev))
        used.add(prev)
    orphans = [ln for ln, text in sorted(comments.items()) if COMMENT_RE.match(text) and ln not in used]
    return targets, orphans


_load_counter = [0]


def load_module(path):
    _load_counter[0] += 1
    stem = re.sub(r"\W", "_", os.path.splitext(os.path.basename(path))[0])
    name = "shapelint_oracle_model_%d_%s" % (_load_counter[0], stem)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def make_inputs(shapes, integer):
    torch.manual_seed(0)
    if integer:
        return [torch.randint(0, 2, shape) for shape in shapes]
    return [torch.randn(shape) for shape in shapes]


def run_target(module, path, target, dims):
    name, def_line, kind, spec_text, _comment_line = target
    result = {"name": name, "line": def_line, "input": None, "output": None, "params": None,
              "layers": [], "error": None}
    recorder = oracle_core.Recorder(path)
    try:
        shapes, several = parse_input_spec(spec_text, dims)
    except SpecError as exc:
        result["error"] = {"line": _comment_line, "column": 1, "forwardLine": None, "phase": "spec",
                           "type": "SpecError", "message": str(exc)}
        return result
    result["input"] = shapes if several else shapes[0]

    obj = getattr(module, name, None)
    torch.manual_seed(0)
    try:
        if kind == "class":
            if not (isinstance(obj, type) and issubclass(obj, nn.Module)):
                raise TypeError("%s is not an nn.Module subclass" % name)
            model = obj()
        else:
            model = obj()
            if not isinstance(model, nn.Module):
                raise TypeError("%s() returned %s, not an nn.Module" % (name, type(model).__name__))
    except Exception as exc:  # noqa: BLE001
        result["error"] = recorder.describe_construction_error(exc)
        return result
    model.eval()

    inputs = make_inputs(shapes, integer=False)
    output, error = recorder.run(model, inputs)
    dtype = "float32"
    if error is not None and INDEX_DTYPE_RE.search(error["message"]):
        inputs = make_inputs(shapes, integer=True)
        output, error = recorder.run(model, inputs)
        dtype = "int64"
    result["inputDtype"] = dtype
    result["layers"] = recorder.records
    result["params"] = oracle_core.count_params(model)
    if error is not None:
        result["error"] = error
    else:
        result.update(oracle_core.shape_fields(output))
    return result


def summarize(rel, model):
    head = "%s:%s %s input=%s" % (rel, model["line"], model["name"], json.dumps(model["input"]))
    err = model["error"]
    if err is not None:
        msg = err["message"].splitlines()[0] if err["message"] else ""
        if len(msg) > 160:
            msg = msg[:157] + "..."
        return "%s ERROR %s at %s:%s (forward line %s): %s" % (
            head, err["type"], err["line"], err["column"], err["forwardLine"], msg)
    return "%s -> %s params=%s layers=%d" % (
        head, json.dumps(model["output"]), model["params"], len(model["layers"]))


def process_file(path, out_dir, dims):
    abs_path = os.path.abspath(path)
    rel = os.path.relpath(abs_path, REPO_ROOT).replace(os.sep, "/")
    result = {"path": rel, "models": [], "error": None}
    with open(abs_path, encoding="utf-8") as f:
        source = f.read()
    try:
        targets, orphans = find_targets(source)
    except SyntaxError as exc:
        result["error"] = {"line": exc.lineno, "column": exc.offset, "forwardLine": None, "phase": "load",
                           "type": "SyntaxError", "message": str(exc.msg)}
        print("%s: ERROR %s" % (rel, exc), file=sys.stderr)
        targets, orphans = [], []
    for ln in orphans:
        print("%s:%d: warning: shapelint comment not directly above a top-level class/def" % (rel, ln),
              file=sys.stderr)
    if targets:
        sys.path.insert(0, os.path.dirname(abs_path))
        try:
            with contextlib.redirect_stdout(sys.stderr):
                try:
                    module = load_module(abs_path)
                except Exception as exc:  # noqa: BLE001
                    recorder = oracle_core.Recorder(abs_path)
                    err = recorder.describe_construction_error(exc)
                    err["phase"] = "load"
                    result["error"] = err
                    print("%s: ERROR loading: %s: %s" % (rel, type(exc).__name__, exc), file=sys.stderr)
                    module = None
                if module is not None:
                    for target in targets:
                        model = run_target(module, abs_path, target, dims)
                        result["models"].append(model)
                        print(summarize(rel, model), file=sys.stderr)
        finally:
            sys.path.remove(os.path.dirname(abs_path))
    elif result["error"] is None:
        print("%s: no '# shapelint: input=...' models" % rel, file=sys.stderr)

    os.makedirs(out_dir, exist_ok=True)
    stem = os.path.splitext(os.path.basename(abs_path))[0]
    out_path = os.path.join(out_dir, stem + ".json")
    oracle_core.write_json(out_path, result)
    return out_path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", metavar="MODEL_FILE")
    parser.add_argument("--out", default=DEFAULT_OUT, help="output directory (default: test/oracle/golden)")
    parser.add_argument("--dim", action="append", default=[], metavar="NAME=VALUE",
                        help="value for a symbolic dim (default %d)" % DEFAULT_SYMBOL_VALUE)
    args = parser.parse_args(argv)
    dims = {}
    for item in args.dim:
        key, _, value = item.partition("=")
        dims[key.strip()] = int(value)

    oracle_core.install_site_tracking()
    seen = {}
    for path in args.files:
        stem = os.path.splitext(os.path.basename(path))[0]
        if stem in seen:
            print("warning: %s and %s both write %s.json" % (seen[stem], path, stem), file=sys.stderr)
        seen[stem] = path
        process_file(path, args.out, dims)
    return 0


if __name__ == "__main__":
    sys.exit(main())
