/**
 * Text pieces the editor features share: shapes, parameter breakdowns, counts.
 */
import { formatCount, formatProduct, formatShape, type Shape } from '../engine/dims';
import type { LayerRecord } from '../engine/records';
import type { ParamTerm } from '../layers/spec';

export function shapesText(shapes: readonly (Shape | null)[]): string {
  return shapes.length === 1 ? formatShape(shapes[0]) : `(${shapes.map(formatShape).join(', ')})`;
}

export function outputText(r: LayerRecord): string {
  return r.outputs && r.outputs.length > 1 ? shapesText(r.outputs) : formatShape(r.output);
}

function plural(label: string): string {
  if (label === 'weight') return 'weights';
  if (label === 'bias') return 'biases';
  return label;
}

function termText(t: ParamTerm): string {
  return t.factors.length > 1 ? `${formatProduct(t.factors)} = ${formatCount(t.count)}` : formatCount(t.count);
}

/**
 * `9216×4096 = 37,748,736 weights + 4,096 biases = 37,752,832` for weight-and-bias layers;
 * one line per tensor for the rest (LSTM gates, attention projections).
 */
export function paramLines(terms: readonly ParamTerm[], total: number): string[] {
  if (terms.length === 0) return total > 0 ? [`${formatCount(total)} (in its layers)`] : ['0'];
  const simple = terms.every((t) => t.label === 'weight' || t.label === 'bias') && terms.length <= 2;
  if (simple) {
    const parts = terms.map((t) => `${termText(t)} ${plural(t.label)}`);
    return [terms.length > 1 ? `${parts.join(' + ')} = ${formatCount(total)}` : parts[0]!];
  }
  return [...terms.map((t) => `${t.label}: ${termText(t)}`), `total: ${formatCount(total)}`];
}

/** A key that tells records with the same result apart from those that differ. */
export function resultKey(r: LayerRecord): string {
  return JSON.stringify([r.input, r.output, r.outputs, r.params, r.macs, r.explain]);
}

export function distinctResults(records: readonly LayerRecord[]): LayerRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = resultKey(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
