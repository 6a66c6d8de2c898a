/**
 * Compares each torchvision factory, analyzed from the installed torchvision model file
 * read in place, with what real torchvision computes (golden/torchvision.json).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource } from '../../server/src/engine/analyze';
import type { Shape } from '../../server/src/engine/dims';
import { fileReport } from '../../server/src/cli/report';
import { compareModel, loadGolden, type GoldenModel } from './compare';

export const TORCHVISION_MODELS = '/usr/lib/python3/dist-packages/torchvision/models';

export interface FactoryComparison {
  factory: string;
  endToEnd: boolean;
  params?: number;
  torchParams: number;
  output?: Shape | null;
  torchOutput: Shape | null;
  positions: number;
  exact: number;
  falseErrors: string[];
  millis: number;
}

export function compareTorchvision(): FactoryComparison[] {
  if (!existsSync(TORCHVISION_MODELS)) return [];
  const golden = loadGolden('torchvision.json') as unknown as { models: (GoldenModel & { factory: string; file: string })[] };
  const out: FactoryComparison[] = [];
  const byFile = new Map<string, (GoldenModel & { factory: string; file: string })[]>();
  for (const m of golden.models) byFile.set(m.file, [...(byFile.get(m.file) ?? []), m]);
  for (const [file, models] of byFile) {
    const text = readFileSync(join(TORCHVISION_MODELS, file), 'utf8');
    const inputs = new Map<string, Shape[]>(models.map((m) => [m.factory, [m.input as Shape]]));
    const started = performance.now();
    const report = fileReport(file, text, analyzeSource(text, { inputs }));
    const millis = performance.now() - started;
    for (const m of models) {
      const ours = report.models.find((r) => r.name === m.factory);
      const cmp = compareModel(report, { ...m, name: m.factory }, file);
      out.push({
        factory: m.factory,
        endToEnd: ours?.params === m.params && JSON.stringify(ours?.output) === JSON.stringify(m.output),
        params: ours?.params,
        torchParams: m.params,
        output: ours?.output,
        torchOutput: m.output,
        positions: cmp.positions,
        exact: cmp.exact,
        falseErrors: cmp.errorDiagnostics,
        millis,
      });
    }
  }
  return out;
}
