/**
 * While the file does not parse (a half-typed call, an unclosed parenthesis), the engine
 * may lose everything after the error. Rather than blanking every hover and inlay hint
 * until the typist closes the paren, the editor features keep the last analysis of a text
 * that parsed, moved to the current text: results outside the edited region keep their
 * place, those inside it are dropped. Diagnostics and quick fixes always use the current
 * analysis.
 */
import type { Analysis, ModelResult } from '../engine/analyze';
import type { LayerRecord, VariableShape } from '../engine/records';
import type { Span } from '../syntax/ast';

/** The one region where `before` and `after` differ: [from, oldTo) became [from, newTo). */
export function changedRegion(before: string, after: string): { from: number; oldTo: number; newTo: number } {
  let from = 0;
  const max = Math.min(before.length, after.length);
  while (from < max && before.charCodeAt(from) === after.charCodeAt(from)) from++;
  let tail = 0;
  while (tail < max - from && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { from, oldTo: before.length - tail, newTo: after.length - tail };
}

/** Moves analysis results from `before` onto `after`, dropping those the edit touched. */
export function carryOver(analysis: Analysis, before: string, after: string): Analysis {
  const { from, oldTo, newTo } = changedRegion(before, after);
  const delta = newTo - oldTo;
  const move = (s: Span): Span | undefined => {
    if (s.to <= from) return s;
    if (s.from >= oldTo) return { from: s.from + delta, to: s.to + delta };
    return undefined;
  };
  const records: LayerRecord[] = [];
  const moved = new Map<LayerRecord, LayerRecord>();
  for (const r of analysis.records) {
    const span = move(r.span);
    if (!span) continue;
    const callSpan = r.callSpan && move(r.callSpan);
    const copy: LayerRecord = { ...r, span, callSpan };
    moved.set(r, copy);
    records.push(copy);
  }
  const variables: VariableShape[] = [];
  for (const v of analysis.variables) {
    const span = move(v.span);
    if (span) variables.push({ ...v, span });
  }
  const models: ModelResult[] = [];
  for (const m of analysis.models) {
    const span = move(m.span);
    const nameSpan = move(m.nameSpan);
    if (span && nameSpan) models.push({ ...m, span, nameSpan, layers: m.layers.flatMap((r) => moved.get(r) ?? []) });
  }
  return { models, records, variables, diagnostics: [], module: { body: [], errors: [], comments: [] } };
}
