/**
 * The CLI's text output: per model a torchinfo-like table (layer, type, output shape,
 * params, MACs) and totals, then diagnostics as `path:line:col: severity code message`.
 */
import { formatCount, formatShape } from '../engine/dims';
import type { FileJson } from './report';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function padLeft(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}

export function formatText(file: FileJson): string {
  const out: string[] = [];
  for (const model of file.models) {
    const inputs = Array.isArray(model.input?.[0]) ? (model.input as (typeof model.output)[]).map(formatShape).join(', ') : formatShape(model.input as typeof model.output);
    out.push(`${file.path}:${model.line}: ${model.name}  input ${inputs}`);
    const rows = model.layers.map((l) => [`${l.name || l.op}`, l.op, formatShape(l.output), l.params ? formatCount(l.params) : '--', l.macs ? formatCount(l.macs) : '--', `${l.line}:${l.column}`]);
    const header = ['Layer', 'Type', 'Output Shape', 'Params', 'MACs', 'Line'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = '─'.repeat(widths.reduce((a, w) => a + w + 2, 0));
    out.push(line);
    out.push(header.map((h, i) => (i >= 3 && i <= 4 ? padLeft(h, widths[i]!) : pad(h, widths[i]!))).join('  '));
    out.push(line);
    for (const r of rows) out.push(r.map((c, i) => (i >= 3 && i <= 4 ? padLeft(c, widths[i]!) : pad(c, widths[i]!))).join('  '));
    out.push(line);
    out.push(`Output: ${formatShape(model.output)}`);
    out.push(`Total params: ${formatCount(model.params)}`);
    out.push(`Total MACs (one sample): ${formatCount(model.macs)}  (1 MAC = 2 FLOPs)`);
    out.push('');
  }
  for (const d of file.diagnostics) out.push(`${file.path}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`);
  return out.join('\n');
}
