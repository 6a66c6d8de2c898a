/**
 * The model summary behind `Show summary`: a torchinfo-like table (layer, type, output
 * shape, params, MACs, line) with totals and estimated memory, as Markdown for the
 * editor's preview and as CSV for spreadsheets.
 */
import type { ModelResult } from '../engine/analyze';
import { formatCount, formatShape, isNum, type Shape } from '../engine/dims';
import type { Diagnostic, LayerRecord } from '../engine/records';
import type { LineIndex } from '../syntax/positions';
import { outputText, shapesText } from './format';

export interface ModelSummary {
  name: string;
  markdown: string;
  csv: string;
}

const BYTES_PER_VALUE = 4;

function megabytes(values: number): string {
  return `${((values * BYTES_PER_VALUE) / 1e6).toFixed(2)} MB`;
}

/** Values in one sample of a shape (the batch dim dropped), or undefined when symbolic. */
function perSample(shape: Shape | null): number | undefined {
  if (!shape) return undefined;
  const dims = shape.length > 1 ? shape.slice(1) : shape;
  return dims.every(isNum) ? dims.reduce((a, b) => a * b, 1) : undefined;
}

/** Forward activations of one sample: every leaf layer's outputs, like torchinfo's pass size. */
function activations(layers: readonly LayerRecord[]): { values: number; partial: boolean } {
  let values = 0;
  let partial = false;
  for (const r of layers) {
    if (!r.isLeaf) continue;
    for (const shape of r.outputs ?? [r.output]) {
      const n = perSample(shape);
      if (n === undefined) partial = true;
      else values += n;
    }
  }
  return { values, partial };
}

interface Row {
  layer: string;
  type: string;
  output: string;
  params: string;
  macs: string;
  line: number;
}

function rows(model: ModelResult, index: LineIndex): Row[] {
  return model.layers.map((r) => ({
    layer: r.name || r.op,
    type: r.op,
    output: outputText(r),
    params: r.kind === 'module' && r.params ? formatCount(r.params) : '--',
    macs: r.isLeaf && r.macs ? formatCount(r.macs) : '--',
    line: index.position(r.span.from).line,
  }));
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** The summary of one model; `errors` are the file's error diagnostics, listed when they fall in the model's layers. */
export function summarize(model: ModelResult, index: LineIndex, uri?: string, errors: readonly Diagnostic[] = []): ModelSummary {
  const table = rows(model, index);
  const act = activations(model.layers);
  const output = model.outputs ? shapesText(model.outputs) : formatShape(model.output);
  const md = [
    `# ${model.name}`,
    '',
    `Input \`${shapesText(model.inputs)}\` → output \`${output}\``,
    '',
    '| Layer | Type | Output shape | Params | MACs | Line |',
    '|---|---|---|--:|--:|--:|',
    ...table.map((r) => `| ${cell(r.layer)} | ${cell(r.type)} | ${cell(r.output)} | ${r.params} | ${r.macs} | ${uri ? `[${r.line}](${uri}#L${r.line})` : r.line} |`),
    '',
    `- Total params: **${formatCount(model.params)}** (${megabytes(model.params)} as float32)`,
    `- Total MACs, one sample: **${formatCount(model.macs)}** (1 MAC = 2 FLOPs: ${formatCount(2 * model.macs)} FLOPs)`,
    `- Forward activations, one sample: ${act.partial ? '≥ ' : ''}${megabytes(act.values)} as float32${act.partial ? ' (some shapes are symbolic)' : ''}`,
  ];
  if (model.failure) md.push(`- Stopped: ${model.failure}`);
  const own = errors.filter((d) => d.severity === 'error' && model.layers.some((r) => r.span.from === d.span.from && r.span.to === d.span.to));
  if (own.length) {
    md.push('', `**${own.length === 1 ? '1 error' : `${own.length} errors`}**: the counts above are for the code as written.`, '');
    for (const d of own) md.push(`- line ${index.position(d.span.from).line}: ${d.message} (\`${d.code}\`)`);
  }
  const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const csv = [
    'layer,type,output_shape,params,macs,line',
    ...model.layers.map((r, i) => [r.name || r.op, r.op, outputText(r), r.kind === 'module' ? r.params : 0, r.isLeaf ? r.macs : 0, table[i]!.line].map((v) => quote(String(v))).join(',')),
    ['total', '', output, model.params, model.macs, ''].map((v) => quote(String(v))).join(','),
  ].join('\n');
  md.push('', '<details><summary>CSV</summary>', '', '```csv', csv, '```', '', '</details>', '');
  return { name: model.name, markdown: md.join('\n'), csv: `${csv}\n` };
}
