/**
 * Hover: on a layer where it is constructed or called in `forward`, on a tensor variable
 * in `forward`, or on a model's name. Shows input → output, the engine's arithmetic
 * (`H: ⌊(13 + 2·0 − 3)/2⌋ + 1 = 6`), params as weight and bias terms, and MACs. On a layer
 * with a mismatch it shows the numbers the layer would have once fixed, then as written.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { Analysis, ModelResult } from '../engine/analyze';
import { formatCount, formatShape, isNum, type Shape } from '../engine/dims';
import type { Diagnostic, LayerRecord, VariableShape } from '../engine/records';
import type { Span } from '../syntax/ast';
import type { LineIndex } from '../syntax/positions';
import { argumentEdit } from './fixes';
import { distinctResults, outputText, paramLines, shapesText } from './format';
import { contains, toRange } from './ranges';

export interface HoverContext {
  analysis: Analysis;
  text: string;
  index: LineIndex;
  /** The record as the engine sees it with the diagnostic's quick fix applied, when it can tell. */
  fixedRecord?: (d: Diagnostic, r: LayerRecord) => LayerRecord | undefined;
}

/** At most this many different results of one layer are listed (a layer in a loop). */
const MAX_RESULTS = 4;

type Target =
  | { kind: 'records'; span: Span; records: LayerRecord[] }
  | { kind: 'variables'; span: Span; variables: VariableShape[] }
  | { kind: 'model'; span: Span; model: ModelResult };

const width = (s: Span): number => s.to - s.from;
const same = (a: Span, b: Span): boolean => a.from === b.from && a.to === b.to;

/** The innermost thing under the cursor: a layer's construction or call, a variable, a model name. */
function targetAt(analysis: Analysis, offset: number): Target | undefined {
  let best: Target | undefined;
  const consider = (span: Span, make: () => Target): void => {
    if (contains(span, offset) && (!best || width(span) < width(best.span))) best = make();
  };
  for (const r of analysis.records) {
    consider(r.span, () => ({ kind: 'records', span: r.span, records: analysis.records.filter((o) => same(o.span, r.span)) }));
    if (r.callSpan) {
      const call = r.callSpan;
      consider(call, () => ({ kind: 'records', span: call, records: analysis.records.filter((o) => o.callSpan && same(o.callSpan, call)) }));
    }
  }
  for (const v of analysis.variables) {
    consider(v.span, () => ({ kind: 'variables', span: v.span, variables: analysis.variables.filter((o) => same(o.span, v.span)) }));
  }
  for (const m of analysis.models) consider(m.nameSpan, () => ({ kind: 'model', span: m.nameSpan, model: m }));
  return best;
}

export function hoverAt(ctx: HoverContext, offset: number): Hover | null {
  const target = targetAt(ctx.analysis, offset);
  if (!target) return null;
  let value: string;
  if (target.kind === 'records') value = recordsMarkdown(ctx, target.records);
  else if (target.kind === 'variables') value = variablesMarkdown(target.variables);
  else value = modelMarkdown(target.model);
  return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(ctx.index, target.span) };
}

function perSample(shape: Shape | null): string {
  if (!shape || shape.length < 2) return '';
  const rest = shape.slice(1);
  return rest.every(isNum) ? ` · ${formatCount(rest.reduce((a, b) => a * b, 1))} values per sample` : '';
}

function variablesMarkdown(vars: VariableShape[]): string {
  const shapes = [...new Map(vars.map((v) => [formatShape(v.shape), v.shape])).values()];
  const name = vars[0]!.name;
  if (shapes.length === 1) return `**${name}** · \`${formatShape(shapes[0])}\`${perSample(shapes[0]!)}`;
  return [`**${name}** takes ${shapes.length} shapes here:`, '', ...shapes.map((s) => `- \`${formatShape(s)}\``)].join('\n');
}

const SOURCES: Record<ModelResult['inputSource'], string> = {
  option: 'input from the `shapelint.inputShapes` setting',
  comment: 'input from the `# shapelint: input=…` comment',
  call: 'input from a call in this file',
  annotation: "input from `forward`'s annotation",
  symbolic: 'symbolic input: put `# shapelint: input=(N, 3, 224, 224)` above the model for numbers',
};

function modelMarkdown(m: ModelResult): string {
  const lines = [
    `**${m.name}** · model`,
    '',
    `\`${shapesText(m.inputs)}\` → \`${m.outputs ? shapesText(m.outputs) : formatShape(m.output)}\``,
    '',
    `Params: ${formatCount(m.params)} · MACs (one sample): ${formatCount(m.macs)}`,
    '',
    `_${SOURCES[m.inputSource]}_`,
  ];
  if (m.failure) lines.push('', `Stopped: ${m.failure}`);
  return lines.join('\n');
}

function recordsMarkdown(ctx: HoverContext, records: LayerRecord[]): string {
  const first = records[0]!;
  const results = distinctResults(records);
  const oneName = records.every((r) => r.name === first.name);
  const title = `**${first.op}**${oneName && first.name && first.name !== first.op ? ` · \`${first.name}\`` : ''}`;
  const calls = records.length > 1 ? ` · ${records.length} calls${results.length > 1 ? `, ${results.length} different results` : ''}` : '';
  const out = [title + calls];
  for (const r of results.slice(0, MAX_RESULTS)) {
    const body = recordBody(ctx, r);
    if (!oneName) body[0] = `\`${r.name}\`: ${body[0]}`;
    out.push('', ...body);
  }
  if (results.length > MAX_RESULTS) out.push('', `… and ${results.length - MAX_RESULTS} more`);
  return out.join('\n');
}

function recordBody(ctx: HoverContext, r: LayerRecord): string[] {
  const lines = [`\`${shapesText(r.input)}\` → \`${outputText(r)}\``];
  const mismatch = ctx.analysis.diagnostics.find((d) => d.fix?.argSpan && d.severity === 'error' && same(d.span, r.span));
  const fixed = mismatch && ctx.fixedRecord?.(mismatch, r);
  const shown = fixed ?? r;
  if (shown.explain.length) lines.push('', '```text', ...shown.explain, '```');
  const counts: string[] = [];
  if (r.kind === 'module' && (shown.params > 0 || shown.paramTerms.length > 0)) counts.push(...paramLines(shown.paramTerms, shown.params).map((l, i) => (i === 0 ? `Params: ${l}` : l)));
  if (shown.macs > 0 && !shown.explain.some((l) => l.startsWith('MACs'))) counts.push(`MACs: ${formatCount(shown.macs)}`);
  if (fixed && mismatch?.fix?.argSpan) {
    const written = ctx.text.slice(mismatch.fix.argSpan.from, mismatch.fix.argSpan.to);
    const fixedText = argumentEdit(ctx.text, mismatch)?.text ?? String(mismatch.fix.value);
    lines.push('', `With \`${mismatch.fix.arg} = ${fixedText}\` (the quick fix):`, '');
    lines.push(counts.join('  \n'));
    lines.push('', `As written (\`${mismatch.fix.arg} = ${written}\`): ${formatCount(r.params)} params${r.macs ? `, ${formatCount(r.macs)} MACs` : ''}`);
  } else if (counts.length) {
    lines.push('', counts.join('  \n'));
  }
  return lines;
}
