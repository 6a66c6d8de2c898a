/**
 * The text edits behind the quick fixes, as offset edits on the document text. Pure and
 * LSP-free so the hover can apply the same fix to ask the engine "what if" (hover.ts),
 * and tests can check each rewrite on its own.
 */
import type { Analysis, ModelResult } from '../engine/analyze';
import type { Shape } from '../engine/dims';
import type { Diagnostic, LayerRecord } from '../engine/records';
import { layerCatalog } from '../layers/catalog';
import type { ClassDef, FunctionDef, Span, Stmt } from '../syntax/ast';
import { indentAt, lineStart } from './ranges';

export interface OffsetEdit {
  from: number;
  to: number;
  text: string;
}

/** Applies non-overlapping edits (any order) to the text. */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/**
 * Factors for `value` shaped like `original` (`[256, 13, 13]` → `[256, 6, 6]` for 9216):
 * keep the leading factors, rebuild the trailing run of equal factors (the spatial sizes)
 * as an exact root. Undefined when the leading factors do not divide or no root is exact.
 */
export function refactorLike(original: readonly number[], value: number): number[] | undefined {
  const k = original.length;
  let tail = 1;
  while (tail < k && original[k - 1 - tail] === original[k - 1]) tail++;
  const head = original.slice(0, k - tail);
  const p = product(head);
  if (p === 0 || value % p !== 0) return undefined;
  const rest = value / p;
  const root = Math.round(rest ** (1 / tail));
  return root > 0 && root ** tail === rest ? [...head, ...Array<number>(tail).fill(root)] : undefined;
}

/**
 * The new argument text for `value`, in the author's style: a product of literals stays a
 * product with the same spacing (`256 * 13 * 13` → `256 * 6 * 6`), a bracketed single
 * value keeps its brackets (`[100]` → `[64]`), anything else becomes the plain number.
 */
export function styledValue(original: string, value: number, hints: readonly (readonly number[] | undefined)[] = []): string {
  const lead = /^\s*/.exec(original)![0];
  const trail = /\s*$/.exec(original)![0];
  const core = original.trim();
  const bracket = /^([[(]\s*)([^,[\]()]+?)(\s*,?\s*[\])])$/.exec(core);
  if (bracket) return lead + bracket[1] + styledValue(bracket[2]!, value, hints) + bracket[3] + trail;
  if (/^\d+(?:\s*\*\s*\d+)+$/.test(core)) {
    const original = core.split('*').map((s) => Number(s.trim()));
    const ops = core.match(/\s*\*\s*/g)!;
    const given = hints.find((h) => h && h.length === original.length && product(h) === value);
    const factors = given ? [...given] : refactorLike(original, value);
    if (factors) return lead + factors.map((f, i) => (i === 0 ? String(f) : ops[i - 1] + String(f))).join('') + trail;
  }
  return lead + String(value) + trail;
}

/** Set a mismatched constructor argument to the inferred value (keyword stays keyword: the span is the value only). */
export function argumentEdit(text: string, d: Diagnostic): OffsetEdit | undefined {
  const span = d.fix?.argSpan;
  if (!d.fix || !span) return undefined;
  const original = text.slice(span.from, span.to);
  const newText = styledValue(original, d.fix.value, [d.fix.factors]);
  return newText === original ? undefined : { from: span.from, to: span.to, text: newText };
}

/** The arguments Lazy variants infer, by the code of the mismatch they settle. */
const LAZY_ARGS: Record<string, string> = {
  'in-features-mismatch': 'in_features',
  'in-channels-mismatch': 'in_channels',
  'num-features-mismatch': 'num_features',
};

/** `nn.Linear(256 * 13 * 13, 4096)` → `nn.LazyLinear(4096)`, when the engine knows the Lazy layer. */
export function lazyEdits(text: string, d: Diagnostic): OffsetEdit[] | undefined {
  const arg = LAZY_ARGS[d.code];
  const span = d.fix?.argSpan;
  if (!arg || !span || d.fix?.arg !== arg || !d.op || !layerCatalog.has(`Lazy${d.op}`)) return undefined;
  const call = text.slice(d.span.from, d.span.to);
  const paren = call.indexOf('(');
  const callee = paren < 0 ? undefined : new RegExp(`\\b${d.op}\\s*$`).exec(call.slice(0, paren));
  if (!callee) return undefined;
  const rename: OffsetEdit = { from: d.span.from + callee.index, to: d.span.from + callee.index + d.op.length, text: `Lazy${d.op}` };
  let from = span.from;
  const keyword = new RegExp(`\\b${arg}\\s*=\\s*$`).exec(text.slice(d.span.from + paren + 1, span.from));
  if (keyword) from = d.span.from + paren + 1 + keyword.index;
  let to = span.to;
  const after = /^\s*,\s*/.exec(text.slice(to, d.span.to));
  if (after) to += after[0].length;
  else {
    const before = /,\s*$/.exec(text.slice(d.span.from + paren + 1, from));
    if (before) from -= before[0].length;
  }
  return [rename, { from, to, text: '' }];
}

/** The unmatched opening bracket before `offset`, scanning back no further than `limit`. */
function openBracketBefore(text: string, offset: number, limit: number): number | undefined {
  let depth = 0;
  for (let i = offset - 1; i >= limit; i--) {
    const c = text[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return undefined;
}

function importsTorch(text: string): boolean {
  return /^\s*import\s+torch\b/m.test(text);
}

/** How the file names `torch.nn` for a new layer, judging by how the flagged layer is written. */
function nnPrefix(text: string, d: Diagnostic): string | undefined {
  const call = text.slice(d.span.from, d.span.to);
  const m = d.op ? new RegExp(`^([\\w.]*?)${d.op}\\s*\\(`).exec(call) : undefined;
  if (m && m[1]) return m[1];
  if (/^\s*(?:from\s+torch\s+import\s+nn\b|import\s+torch\.nn\s+as\s+nn\b)/m.test(text)) return 'nn.';
  return importsTorch(text) ? 'torch.nn.' : undefined;
}

export interface FlattenFix {
  title: string;
  edits: OffsetEdit[];
}

/**
 * Where a Linear meets an unflattened map: insert `nn.Flatten(),` before it when it is an
 * element of a Sequential (or of a list literal); otherwise flatten the tensor passed to it
 * in `forward` (`x = torch.flatten(x, 1)` on the line before the call).
 */
export function flattenFix(text: string, analysis: Analysis, d: Diagnostic): FlattenFix | undefined {
  if (d.code !== 'missing-flatten') return undefined;
  const container = analysis.records
    .filter((r) => r.op === 'Sequential' && r.span.from < d.span.from && d.span.to <= r.span.to)
    .sort((a, b) => b.span.from - a.span.from)[0];
  const open = openBracketBefore(text, d.span.from, container?.span.from ?? lineStart(text, d.span.from));
  const prefix = nnPrefix(text, d);
  const inSequence = open !== undefined && (text[open] === '[' || (container !== undefined && open === text.indexOf('(', container.span.from)));
  if (inSequence && prefix !== undefined) {
    const start = lineStart(text, d.span.from);
    const ownLine = text.slice(start, d.span.from).trim() === '';
    const insert = ownLine ? `${prefix}Flatten(),\n${indentAt(text, d.span.from)}` : `${prefix}Flatten(), `;
    return { title: `Insert ${prefix}Flatten() before the ${d.op ?? 'layer'}`, edits: [{ from: d.span.from, to: d.span.from, text: insert }] };
  }
  const record = analysis.records.find((r) => r.span.from === d.span.from && r.span.to === d.span.to && r.callSpan && (r.input[0]?.length ?? 0) >= 3);
  return record?.callSpan ? flattenArgument(text, record) : undefined;
}

function flattenArgument(text: string, record: LayerRecord): FlattenFix | undefined {
  const span = record.callSpan!;
  const call = text.slice(span.from, span.to);
  const open = call.indexOf('(');
  if (open < 0 || !call.endsWith(')')) return undefined;
  const inner = call.slice(open + 1, -1);
  const argText = inner.trim();
  if (!argText || /[,]/.test(argText.replace(/\([^()]*\)/g, ''))) return undefined;
  const flatten = (e: string): string => (importsTorch(text) ? `torch.flatten(${e}, 1)` : `${/^[\w.]+$/.test(e) ? e : `(${e})`}.flatten(1)`);
  const start = lineStart(text, span.from);
  const stmtStarts = /^[ \t]*(?:[\w.]+\s*=(?!=)|return\b)/.test(text.slice(start, span.from));
  if (/^[A-Za-z_]\w*$/.test(argText) && stmtStarts) {
    const indent = indentAt(text, span.from);
    const line = `${argText} = ${flatten(argText)}`;
    return { title: `Insert \`${line}\` before the call`, edits: [{ from: start, to: start, text: `${indent}${line}\n` }] };
  }
  const argFrom = span.from + open + 1 + inner.indexOf(argText);
  return { title: `Flatten the input: ${flatten(argText)}`, edits: [{ from: argFrom, to: argFrom + argText.length, text: flatten(argText) }] };
}

/** The class/def statement (decorators included) that defines a model. */
export function modelStatement(analysis: Analysis, model: ModelResult): Span | undefined {
  const find = (body: Stmt[]): Span | undefined => {
    for (const s of body) {
      if ((s.k === 'class' || s.k === 'def') && (s as ClassDef | FunctionDef).nameSpan.from === model.nameSpan.from) return s.span;
      if (s.k === 'assign' && s.span.from <= model.span.from && model.span.to <= s.span.to) return s.span;
      if (s.k === 'if') {
        const inner = find(s.body) ?? find(s.orelse);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  return find(analysis.module.body);
}

function commentShape(shape: Shape | null): string {
  const dims = shape ?? ['N', 'C', 'H', 'W'];
  return `(${dims.map((d, i) => (typeof d === 'number' || /^[A-Za-z_]\w*$/.test(d) ? String(d) : `D${i}`)).join(', ')})`;
}

/** `# shapelint: input=(N, 3, H, W)` on the line above a model (PRODUCT §3.2), for the author to fill in. */
export function inputCommentEdit(text: string, analysis: Analysis, model: ModelResult): OffsetEdit | undefined {
  const stmt = modelStatement(analysis, model);
  if (!stmt) return undefined;
  const shapes = model.inputs.length === 1 ? commentShape(model.inputs[0]!) : `(${model.inputs.map(commentShape).join(', ')})`;
  const start = lineStart(text, stmt.from);
  return { from: start, to: start, text: `${indentAt(text, stmt.from)}# shapelint: input=${shapes}\n` };
}
