/**
 * Code lens above each model: `input → output · N params · M MACs`, and `Show summary`,
 * which runs the client-side `shapelint.showSummary` command with the document and model.
 */
import type { CodeLens } from 'vscode-languageserver';
import type { Analysis } from '../engine/analyze';
import { formatCount, formatShape } from '../engine/dims';
import type { LineIndex } from '../syntax/positions';
import { shapesText } from './format';
import { toRange } from './ranges';

export const SHOW_SUMMARY = 'shapelint.showSummary';

export function codeLenses(analysis: Analysis, index: LineIndex, uri: string): CodeLens[] {
  const out: CodeLens[] = [];
  for (const m of analysis.models) {
    const range = toRange(index, m.span);
    const output = m.outputs ? shapesText(m.outputs) : formatShape(m.output);
    const title = `${shapesText(m.inputs)} → ${output} · ${formatCount(m.params)} params · ${formatCount(m.macs)} MACs`;
    const args = [uri, m.name];
    out.push({ range, command: { title, command: SHOW_SUMMARY, arguments: args } });
    out.push({ range, command: { title: 'Show summary', command: SHOW_SUMMARY, arguments: args } });
  }
  return out;
}
