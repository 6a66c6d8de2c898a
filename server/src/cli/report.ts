/**
 * The CLI's JSON schema (PRODUCT §6): an Analysis turned into plain records with 1-based
 * lines and columns. Text and SARIF output are built from this same report.
 */
import type { Analysis } from '../engine/analyze';
import type { Dim, Shape } from '../engine/dims';
import type { Severity } from '../engine/records';
import { LineIndex } from '../syntax/positions';

export interface LayerJson {
  line: number;
  column: number;
  op: string;
  name: string;
  input: (Dim[] | null) | (Dim[] | null)[];
  output: Dim[] | null;
  outputs?: (Dim[] | null)[];
  params: number;
  macs: number;
}

export interface ModelJson {
  name: string;
  line: number;
  input: (Dim[] | null) | (Dim[] | null)[];
  output: Dim[] | null;
  outputs?: (Dim[] | null)[];
  params: number;
  macs: number;
  layers: LayerJson[];
}

export interface DiagnosticJson {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export interface FileJson {
  path: string;
  models: ModelJson[];
  diagnostics: DiagnosticJson[];
}

/** One input is written as its shape, several as a list of shapes. */
function inputsJson(inputs: (Shape | null)[]): (Dim[] | null) | (Dim[] | null)[] {
  return inputs.length === 1 ? inputs[0]! : inputs;
}

export function fileReport(path: string, text: string, analysis: Analysis): FileJson {
  const index = new LineIndex(text);
  return {
    path,
    models: analysis.models.map((m) => ({
      name: m.name,
      line: index.position(m.span.from).line,
      input: inputsJson(m.inputs),
      output: m.output,
      ...(m.outputs ? { outputs: m.outputs } : {}),
      params: m.params,
      macs: m.macs,
      layers: m.layers.map((r) => {
        const at = index.position(r.span.from);
        return {
          line: at.line,
          column: at.column,
          op: r.op,
          name: r.name,
          input: inputsJson(r.input),
          output: r.output,
          ...(r.outputs ? { outputs: r.outputs } : {}),
          params: r.params,
          macs: r.macs,
        };
      }),
    })),
    diagnostics: analysis.diagnostics
      .map((d) => {
        const start = index.position(d.span.from);
        const end = index.position(d.span.to);
        return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column, severity: d.severity, code: d.code, message: d.message };
      })
      .sort((a, b) => a.line - b.line || a.column - b.column),
  };
}
