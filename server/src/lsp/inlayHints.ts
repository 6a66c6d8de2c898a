/**
 * Inlay hints: `→ (N, 256, 6, 6)` after each layer's construction (so every element of a
 * Sequential gets one) and at the end of each tensor assignment in `forward`. A place
 * reached with several shapes (a layer reused, a loop) lists the distinct ones.
 */
import { InlayHintKind, type InlayHint } from 'vscode-languageserver';
import type { Analysis } from '../engine/analyze';
import { formatShape } from '../engine/dims';
import type { Span, Stmt } from '../syntax/ast';
import type { LineIndex } from '../syntax/positions';
import { outputText } from './format';
import { lineEnd, toPosition } from './ranges';

const MAX_SHAPES = 3;

function label(shapes: string[]): string {
  const shown = shapes.slice(0, MAX_SHAPES).join(' | ');
  return `→ ${shown}${shapes.length > MAX_SHAPES ? ' | …' : ''}`;
}

/** Statement ends by the start of each assignment target inside them, for placing a hint after the statement. */
function assignmentEnds(body: Stmt[], out = new Map<number, number>()): Map<number, number> {
  const targetsOf = (t: { span: Span; k: string; items?: unknown }, end: number): void => {
    out.set(t.span.from, end);
    if ('items' in t && Array.isArray(t.items)) for (const item of t.items) targetsOf(item as { span: Span; k: string }, end);
    if (t.k === 'starred') targetsOf((t as unknown as { value: { span: Span; k: string } }).value, end);
  };
  for (const s of body) {
    if (s.k === 'assign') for (const t of s.targets) targetsOf(t, s.span.to);
    else if (s.k === 'augassign' || s.k === 'annassign') targetsOf(s.target, s.span.to);
    else if (s.k === 'for') { targetsOf(s.target, s.iter.span.to); assignmentEnds(s.body, out); assignmentEnds(s.orelse, out); }
    else if (s.k === 'if' || s.k === 'while') { assignmentEnds(s.body, out); assignmentEnds(s.orelse, out); }
    else if (s.k === 'with') { for (const item of s.items) if (item.target) targetsOf(item.target, item.context.span.to); assignmentEnds(s.body, out); }
    else if (s.k === 'try') { assignmentEnds(s.body, out); for (const h of s.handlers) assignmentEnds(h, out); assignmentEnds(s.orelse, out); assignmentEnds(s.finalbody, out); }
    else if (s.k === 'def' || s.k === 'class') assignmentEnds(s.body, out);
  }
  return out;
}

/** Hints whose position falls within [from, to] (offsets). */
export function inlayHints(analysis: Analysis, text: string, index: LineIndex, from: number, to: number): InlayHint[] {
  const labels = new Map<number, string>();
  const layerShapes = new Map<number, string[]>();
  for (const r of analysis.records) {
    if (r.kind !== 'module' || (!r.output && !r.outputs)) continue;
    // After a trailing comma, so `nn.ReLU(), → (N, 64)` reads as the element's result.
    const end = text[r.span.to] === ',' ? r.span.to + 1 : r.span.to;
    const shapes = layerShapes.get(end) ?? [];
    const shape = outputText(r);
    if (!shapes.includes(shape)) shapes.push(shape);
    layerShapes.set(end, shapes);
  }
  for (const [end, shapes] of layerShapes) labels.set(end, label(shapes));
  const ends = assignmentEnds(analysis.module.body);
  const statements = new Map<number, Map<string, string[]>>();
  for (const v of analysis.variables) {
    if (!v.shape) continue;
    const end = ends.get(v.span.from) ?? lineEnd(text, v.span.from);
    const names = statements.get(end) ?? new Map<string, string[]>();
    const shapes = names.get(v.name) ?? [];
    const shape = formatShape(v.shape);
    if (!shapes.includes(shape)) shapes.push(shape);
    names.set(v.name, shapes);
    statements.set(end, names);
  }
  for (const [end, names] of statements) {
    if (labels.has(end)) continue;
    const text = names.size === 1
      ? label([...names.values()][0]!)
      : `→ ${[...names].map(([name, shapes]) => `${name}: ${shapes.slice(0, MAX_SHAPES).join(' | ')}`).join(', ')}`;
    labels.set(end, text);
  }
  return [...labels.entries()]
    .filter(([offset]) => offset >= from && offset <= to)
    .sort((a, b) => a[0] - b[0])
    .map(([offset, text]) => ({ position: toPosition(index, offset), label: text, kind: InlayHintKind.Type, paddingLeft: true }));
}
