"""Shared machinery for the PyTorch oracle scripts.

Runs a model for real and records, for one "model file":

* where every module instance was constructed (the call expression that
  created it, e.g. the start of ``nn.Conv2d(``), when the immediate caller
  of the constructor is code in the model file;
* one record per module call (pre-order) with the output shape and the
  number of parameters, for every module constructed in the model file;
* one record per tensor-producing torch op executed directly by forward code
  written in the model file (``torch.flatten``, ``x.view``, ``a + b``, ...);
* for a failing forward, the position to blame.

Positions are 1-based line and 1-based column (in characters) in the model
file, taken from ``code.co_positions()`` of the calling instruction.
"""
import dis
import json
import linecache
import os
import sys
import warnings
import weakref

import torch
import torch.nn as nn
from torch.nn.modules import module as _nn_module
from torch.overrides import TorchFunctionMode

ORACLE_DIR = os.path.realpath(os.path.dirname(os.path.abspath(__file__))) + os.sep
TORCH_DIR = os.path.realpath(os.path.dirname(torch.__file__)) + os.sep

# Tensor methods reached through descriptors (``x.shape``, ``x.T``, ...).
_DESCRIPTOR_NAMES = frozenset({"__get__", "__set__", "__delete__"})

_CANON = {}


def canon(filename):
    """Canonical absolute path of a file name (cached)."""
    if filename is None:
        return None
    res = _CANON.get(filename)
    if res is None:
        if filename.startswith("<"):
            res = filename
        else:
            res = os.path.realpath(os.path.abspath(filename))
        _CANON[filename] = res
    return res


def quiet_warnings():
    warnings.filterwarnings("ignore", category=UserWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)


# --------------------------------------------------------------------------
# Positions

_POSITIONS = {}


def _char_column(filename, lineno, byte_col):
    """Convert a 0-based UTF-8 byte offset into a 1-based character column."""
    line = linecache.getline(filename, lineno)
    if not line:
        return byte_col + 1
    raw = line.encode("utf-8")
    return len(raw[:byte_col].decode("utf-8", errors="replace")) + 1


def code_position(code, lasti):
    """(line, column) of the instruction at byte offset ``lasti`` in ``code``.

    Both are 1-based; the column counts characters.  Returns (line, None) if
    the instruction has no column information.
    """
    positions = _POSITIONS.get(code)
    if positions is None:
        positions = list(code.co_positions())
        _POSITIONS[code] = positions
    idx = lasti // 2
    if 0 <= idx < len(positions):
        lineno, _end_lineno, col, _end_col = positions[idx]
    else:
        lineno, col = None, None
    if lineno is None:
        return None, None
    if col is None:
        return lineno, None
    return lineno, _char_column(code.co_filename, lineno, col)


def frame_position(frame):
    return code_position(frame.f_code, frame.f_lasti)


# Augmented assignments (``x += y``) reach torch as the in-place method
# (``add_``); they are reported under the Python name (``__iadd__``).
_BINARY_OP = dis.opmap.get("BINARY_OP")
_INPLACE_DUNDERS = {
    "+=": "__iadd__", "-=": "__isub__", "*=": "__imul__", "/=": "__itruediv__",
    "//=": "__ifloordiv__", "%=": "__imod__", "**=": "__ipow__", "@=": "__imatmul__",
    "&=": "__iand__", "|=": "__ior__", "^=": "__ixor__", "<<=": "__ilshift__", ">>=": "__irshift__",
}
_INPLACE_BY_OPARG = {}
for _i, (_nb_name, _symbol) in enumerate(getattr(dis, "_nb_ops", ())):
    if _symbol in _INPLACE_DUNDERS:
        _INPLACE_BY_OPARG[_i] = _INPLACE_DUNDERS[_symbol]


def inplace_dunder(frame):
    """``__iadd__`` etc. if ``frame`` is executing an augmented assignment."""
    if _BINARY_OP is None:
        return None
    code = frame.f_code.co_code
    i = frame.f_lasti
    if 0 <= i < len(code) - 1 and code[i] == _BINARY_OP:
        return _INPLACE_BY_OPARG.get(code[i + 1])
    return None


# --------------------------------------------------------------------------
# Construction sites

_SITES = weakref.WeakKeyDictionary()  # module -> (canonical filename, line, column)
_installed = False


def install_site_tracking():
    """Make every nn.Module instance remember where it was constructed.

    The site is the position of the call expression in the immediate caller
    of the constructor.  Instances created by copying (deepcopy, pickle) get
    the copy machinery as caller and therefore never match a model file.
    """
    global _installed
    if _installed:
        return
    previous = nn.Module.__dict__.get("__new__")

    def __new__(cls, *args, **kwargs):
        if previous is not None:
            obj = previous(cls, *args, **kwargs)
        else:
            obj = object.__new__(cls)
        try:
            frame = sys._getframe(1)
            line, col = frame_position(frame)
            _SITES[obj] = (canon(frame.f_code.co_filename), line, col)
        except Exception:  # never break model construction
            pass
        return obj

    nn.Module.__new__ = staticmethod(__new__)
    _installed = True


def module_site(module):
    return _SITES.get(module)


# --------------------------------------------------------------------------
# Shapes


def _flatten_tensors(obj, out):
    if isinstance(obj, torch.Tensor):
        out.append(obj)
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            _flatten_tensors(item, out)
    elif isinstance(obj, dict):
        for item in obj.values():
            _flatten_tensors(item, out)
    return out


def shape_fields(value):
    """{"output": shape} for a tensor; for a tuple/list/dict also "outputs"
    with the shapes of all tensors it holds (depth first)."""
    if isinstance(value, torch.Tensor):
        return {"output": list(value.shape)}
    tensors = _flatten_tensors(value, [])
    if not tensors:
        return {"output": None}
    shapes = [list(t.shape) for t in tensors]
    return {"output": shapes[0], "outputs": shapes}


def _op_shapes(value):
    """Shapes for an op result: a Tensor or a non-empty tuple/list of Tensors."""
    if isinstance(value, torch.Tensor):
        return [list(value.shape)], False
    if isinstance(value, (tuple, list)) and value and all(isinstance(v, torch.Tensor) for v in value):
        return [list(v.shape) for v in value], True
    return None, False


def count_params(module):
    try:
        return sum(p.numel() for p in module.parameters())
    except Exception:  # uninitialized lazy parameters
        return None


# --------------------------------------------------------------------------
# Recording


class _OpMode(TorchFunctionMode):
    def __init__(self, recorder):
        super().__init__()
        self.recorder = recorder

    def __torch_function__(self, func, types, args=(), kwargs=None):
        result = func(*args, **(kwargs or {}))
        try:
            self.recorder._on_op(func, result)
        except Exception:  # the oracle must never change the model's behavior
            pass
        return result


class Recorder:
    """Records layers of one model whose source lives in ``model_file``."""

    def __init__(self, model_file):
        self.file = canon(model_file)
        self._local_cache = {}
        self.reset()

    def reset(self):
        self.records = []
        self.stack = []  # [module, record-or-None]
        self.root = None
        self.names = {}
        self._busy = False
        self._getitem_depth = 0

    # -- helpers -----------------------------------------------------------

    def is_local_class(self, cls):
        """True if ``cls`` is defined in the model file."""
        res = self._local_cache.get(cls)
        if res is None:
            mod = sys.modules.get(getattr(cls, "__module__", None))
            fname = getattr(mod, "__file__", None)
            res = fname is not None and canon(fname) == self.file
            self._local_cache[cls] = res
        return res

    def local_site(self, module):
        site = _SITES.get(module)
        if site is not None and site[0] == self.file:
            return site
        return None

    def innermost_model_frame(self, tb):
        """Innermost traceback entry whose code is in the model file."""
        found = None
        while tb is not None:
            if canon(tb.tb_frame.f_code.co_filename) == self.file:
                found = tb
            tb = tb.tb_next
        return found

    # -- hooks -------------------------------------------------------------

    def _pre_hook(self, module, inputs):
        self._busy = True
        try:
            record = None
            if module is not self.root:
                site = self.local_site(module)
                if site is not None:
                    record = {
                        "kind": "module",
                        "line": site[1],
                        "column": site[2],
                        "op": type(module).__name__,
                        "name": self.names.get(id(module)),
                        "output": None,
                        "params": count_params(module),
                    }
                    self.records.append(record)
            self.stack.append([module, record])
        finally:
            self._busy = False

    def _post_hook(self, module, inputs, output):
        self._busy = True
        try:
            # Pop up to (and including) the matching entry; entries above it
            # belong to calls that raised and were caught by the model.
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] is module:
                    record = self.stack[i][1]
                    del self.stack[i:]
                    break
            else:
                return
            if record is not None:
                record.update(shape_fields(output))
                record["params"] = count_params(module)
        finally:
            self._busy = False

    def _on_op(self, func, result):
        if self._busy or not self.stack:
            return
        name = getattr(func, "__name__", None)
        if name is None or name in _DESCRIPTOR_NAMES:
            return
        if name == "__getitem__" and self._getitem_depth > 0:
            return  # recorded by the __getitem__ wrapper
        shapes, is_seq = _op_shapes(result)
        if shapes is None:
            return
        if not self.is_local_class(type(self.stack[-1][0])):
            return
        frame = sys._getframe(1)
        depth = 0
        while frame is not None and depth < 64:
            fname = canon(frame.f_code.co_filename)
            if fname == self.file:
                break
            if not (fname.startswith(ORACLE_DIR) or fname.startswith(TORCH_DIR)):
                return  # called from some other library's code
            frame = frame.f_back
            depth += 1
        else:
            return
        if frame is None:
            return
        line, col = frame_position(frame)
        name = inplace_dunder(frame) or name
        record = {"kind": "op", "line": line, "column": col, "op": name, "output": shapes[0], "params": 0}
        if is_seq:
            record["outputs"] = shapes
        self.records.append(record)

    # -- running -------------------------------------------------------------

    def run(self, model, inputs):
        """Run ``model(*inputs)`` under no_grad while recording.

        Returns (output, error) where error is None or a dict with the
        blamed position.  ``self.records`` holds the layer records.
        """
        self.reset()
        self.root = model
        for qualname, mod in model.named_modules():
            self.names.setdefault(id(mod), qualname)
        pre = _nn_module.register_module_forward_pre_hook(self._pre_hook)
        post = _nn_module.register_module_forward_hook(self._post_hook)
        # torch 1.13 does not route single (non-tuple) indices such as x[0],
        # x[:2], x[None] or x[mask] through torch function modes, so indexing
        # is recorded by a wrapper instead.
        saved_getitem = torch.Tensor.__dict__.get("__getitem__")
        base_getitem = torch.Tensor.__getitem__
        recorder = self

        def __getitem__(tensor, index):
            recorder._getitem_depth += 1
            try:
                result = base_getitem(tensor, index)
            finally:
                recorder._getitem_depth -= 1
            if recorder._getitem_depth == 0:
                try:
                    recorder._on_op(__getitem__, result)
                except Exception:
                    pass
            return result

        torch.Tensor.__getitem__ = __getitem__
        try:
            try:
                with torch.no_grad(), _OpMode(self):
                    output = model(*inputs)
            except Exception as exc:  # noqa: BLE001 - any failure is data
                stack = list(self.stack)
                return None, self.describe_forward_error(exc, stack)
        finally:
            pre.remove()
            post.remove()
            if saved_getitem is None:
                del torch.Tensor.__getitem__
            else:
                torch.Tensor.__getitem__ = saved_getitem
        return output, None

    def describe_forward_error(self, exc, stack):
        tb_entry = self.innermost_model_frame(exc.__traceback__)
        tb_line, tb_col = (None, None)
        if tb_entry is not None:
            tb_line, tb_col = code_position(tb_entry.tb_frame.f_code, tb_entry.tb_lasti)
            if tb_line is None:
                tb_line = tb_entry.tb_lineno
        line, col = tb_line, tb_col
        # Blame the innermost running library layer constructed in the model
        # file (skipping library-internal submodules without a site), unless
        # the failure happened in forward code of a class of the model file.
        for module, _record in reversed(stack):
            if module is self.root or self.is_local_class(type(module)):
                break
            site = self.local_site(module)
            if site is not None:
                line, col = site[1], site[2]
                break
        return {
            "line": line,
            "column": col,
            "forwardLine": tb_line,
            "phase": "forward",
            "type": type(exc).__name__,
            "message": str(exc).strip(),
        }

    def describe_construction_error(self, exc):
        tb_entry = self.innermost_model_frame(exc.__traceback__)
        line = col = None
        if tb_entry is not None:
            line, col = code_position(tb_entry.tb_frame.f_code, tb_entry.tb_lasti)
            if line is None:
                line = tb_entry.tb_lineno
        return {
            "line": line,
            "column": col,
            "forwardLine": None,
            "phase": "construct",
            "type": type(exc).__name__,
            "message": str(exc).strip(),
        }


# --------------------------------------------------------------------------
# Output


def _has_dict(value):
    if isinstance(value, dict):
        return True
    if isinstance(value, (list, tuple)):
        return any(_has_dict(v) for v in value)
    return False


def format_json(value, indent=0):
    """Deterministic JSON: sorted keys, two-space indent, lists without
    objects inside (shapes) on one line."""
    pad = "  " * indent
    inner = "  " * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = ["%s%s: %s" % (inner, json.dumps(str(k)), format_json(value[k], indent + 1))
                 for k in sorted(value)]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, (list, tuple)):
        if not _has_dict(value):
            return json.dumps(value, separators=(", ", ": "))
        items = [inner + format_json(v, indent + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(value)


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        f.write(format_json(value))
        f.write("\n")
