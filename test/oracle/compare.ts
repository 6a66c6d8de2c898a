/**
 * Compares the CLI's JSON report with golden files produced by real PyTorch
 * (torch_oracle.py / torchvision_reference.py): per layer and op position, the output
 * shapes; per model, the params and output; per bug file, whether an error lands on the
 * line PyTorch blames; per correct file, that no error is reported at all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource } from '../../server/src/engine/analyze';
import type { Shape } from '../../server/src/engine/dims';
import { fileReport, type FileJson, type ModelJson } from '../../server/src/cli/report';

export interface GoldenLayer { line: number | null; column: number | null; kind: string; op: string; output: Shape | null; params: number }
export interface GoldenModel {
  name: string;
  input: Shape | Shape[];
  output: Shape | null;
  params: number;
  layers: GoldenLayer[];
  error: { line: number | null; column: number | null; forwardLine: number | null; message: string } | null;
}

export interface ModelComparison {
  file: string;
  model: string;
  positions: number;
  exact: number;
  mismatches: string[];
  paramsExact: boolean;
  outputExact: boolean;
  /** Bug models: an error diagnostic on the line PyTorch blames. */
  bugFlagged?: boolean;
  errorDiagnostics: string[];
}

export const repoRoot = join(__dirname, '..', '..', '..');

const key = (line: number | null, column: number | null): string => `${line}:${column}`;
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Analyzes `path` with the oracle's concrete inputs and compares every model. */
export function compareFile(relPath: string, golden: { models: GoldenModel[] }, displayPath = relPath): ModelComparison[] {
  const text = readFileSync(join(repoRoot, relPath), 'utf8');
  const inputs = new Map<string, Shape[]>();
  for (const m of golden.models) {
    const shapes = Array.isArray(m.input[0]) ? (m.input as Shape[]) : [m.input as Shape];
    inputs.set(m.name, shapes);
  }
  const report = fileReport(displayPath, text, analyzeSource(text, { inputs }));
  return golden.models.map((g) => compareModel(report, g, displayPath));
}

export function compareModel(report: FileJson, g: GoldenModel, file: string): ModelComparison {
  const ours: ModelJson | undefined = report.models.find((m) => m.name === g.name);
  const byPosition = new Map<string, ModelJson['layers']>();
  for (const l of ours?.layers ?? []) {
    const k = key(l.line, l.column);
    byPosition.set(k, [...(byPosition.get(k) ?? []), l]);
  }
  const seen = new Map<string, number>();
  let positions = 0;
  let exact = 0;
  const mismatches: string[] = [];
  for (const gl of g.layers) {
    if (gl.line === null || gl.output === null) continue;
    const k = key(gl.line, gl.column);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    positions++;
    const mine = byPosition.get(k)?.[n];
    if (mine && same(mine.output, gl.output)) exact++;
    else mismatches.push(`${k} ${gl.op}: torch ${JSON.stringify(gl.output)}, ours ${mine ? `${mine.op} ${JSON.stringify(mine.output)}` : 'missing'}`);
  }
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  const comparison: ModelComparison = {
    file,
    model: g.name,
    positions,
    exact,
    mismatches,
    paramsExact: ours?.params === g.params,
    outputExact: g.error !== null || same(ours?.output, g.output),
    errorDiagnostics: errors.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`),
  };
  if (g.error) comparison.bugFlagged = errors.some((d) => d.line === g.error!.line || d.line === g.error!.forwardLine);
  return comparison;
}

export function loadGolden(name: string): { path: string; models: GoldenModel[] } {
  return JSON.parse(readFileSync(join(repoRoot, 'test', 'oracle', 'golden', name), 'utf8'));
}
