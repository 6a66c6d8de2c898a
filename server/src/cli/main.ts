/**
 * `shapelint [--format text|json|sarif] [--input ENTRY=SHAPE]... FILE|DIR...`
 * Exit codes: 0 no error diagnostics, 1 some, 2 usage or I/O error (message on stderr).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeSource } from '../engine/analyze';
import type { Shape } from '../engine/dims';
import { parseCliShape } from '../engine/inputs';
import { fileReport, type FileJson } from './report';
import { formatSarif } from './sarif';
import { formatText } from './text';

const VERSION = '0.1.0';
const USAGE = `usage: shapelint [--format text|json|sarif] [--input ENTRY=SHAPE]... FILE|DIR...

Infers every layer's output shape, parameters and MACs of PyTorch model code, without running it.
  --format FORMAT     text (default), json or sarif
  --input ENTRY=SHAPE input shape for a model: ENTRY is a class, factory function or variable,
                      SHAPE comma-separated dims (2,3,224,224 or N,3,224,224); repeat for more
                      inputs of the same model
  --help, --version`;

class UsageError extends Error {}

interface Options {
  format: 'text' | 'json' | 'sarif';
  inputs: Map<string, Shape[]>;
  paths: string[];
}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const options: Options = { format: 'text', inputs: new Map(), paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (flag: string): string => {
      const eq = a.indexOf('=');
      if (a.startsWith(`${flag}=`)) return a.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (a === '--help' || a === '-h') return 'help';
    if (a === '--version') return 'version';
    if (a === '--format' || a.startsWith('--format=')) {
      const f = value('--format');
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format '${f}' (expected text, json or sarif)`);
      options.format = f;
    } else if (a === '--input' || a.startsWith('--input=')) {
      const spec = value('--input');
      const eq = spec.indexOf('=');
      const entry = spec.slice(0, eq).trim();
      const shape = eq > 0 ? parseCliShape(spec.slice(eq + 1)) : undefined;
      if (!entry || !shape) throw new UsageError(`bad --input '${spec}': expected ENTRY=SHAPE, e.g. AlexNet=2,3,224,224`);
      options.inputs.set(entry, [...(options.inputs.get(entry) ?? []), shape]);
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}'`);
    else options.paths.push(a);
  }
  if (options.paths.length === 0) throw new UsageError('no FILE or DIR given');
  return options;
}

/** Python files under the given paths, directories walked in sorted order. */
function collectFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean): void => {
    let stat;
    try { stat = statSync(p); } catch { throw new UsageError(`cannot read '${p}': no such file or directory`); }
    if (stat.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name.startsWith('.') || name === 'node_modules' || name === '__pycache__') continue;
        const child = join(p, name);
        const s = statSync(child);
        if (s.isDirectory() || name.endsWith('.py')) walk(child, false);
      }
    } else if (explicit || p.endsWith('.py')) out.push(p);
  };
  for (const p of paths) walk(p, true);
  return out;
}

/** `shapelint … | head` closes the pipe early: that is the reader's choice, not an error. */
function quietOnClosedPipe(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
}

export function main(argv: string[]): number {
  quietOnClosedPipe();
  let options;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`shapelint: ${e.message}\n${USAGE}\n`); return 2; }
    throw e;
  }
  if (options === 'help') { process.stdout.write(`${USAGE}\n`); return 0; }
  if (options === 'version') { process.stdout.write(`${VERSION}\n`); return 0; }
  let files: string[];
  try { files = collectFiles(options.paths); } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`shapelint: ${e.message}\n`); return 2; }
    throw e;
  }
  const output = reportWriter(options.format);
  let ioError = false;
  let errors = false;
  for (const file of files) {
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch (e) {
      process.stderr.write(`shapelint: cannot read '${file}': ${(e as NodeJS.ErrnoException).code ?? 'error'}\n`);
      ioError = true;
      continue;
    }
    const path = relative(process.cwd(), file) || file;
    const report = fileReport(path.split('\\').join('/'), text, analyzeSource(text, { inputs: options.inputs, explain: false }));
    errors ||= report.diagnostics.some((d) => d.severity === 'error');
    output.add(report);
  }
  output.end();
  if (ioError) return 2;
  return errors ? 1 : 0;
}

/**
 * Writes each file's report as soon as it is made (JSON and text), so that memory stays flat
 * over a large tree; SARIF wraps all results in one run and is written at the end.
 */
function reportWriter(format: Options['format']): { add(report: FileJson): void; end(): void } {
  const write = (s: string): void => { process.stdout.write(s); };
  if (format === 'sarif') {
    const reports: FileJson[] = [];
    return { add: (r) => reports.push(r), end: () => write(`${formatSarif(reports, VERSION)}\n`) };
  }
  // The separator goes out on its own: prefixed to a report, it would make a rope that the
  // encoder must first copy flat (megabytes per file of symbolic dims such as `⌊H/32⌋`).
  let count = 0;
  if (format === 'json') {
    write('{"version":1,"files":[');
    return { add: (r) => { if (count++) write(','); write(JSON.stringify(r)); }, end: () => write(']}\n') };
  }
  return { add: (r) => { if (count++) write('\n'); write(formatText(r)); }, end: () => write('\n') };
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
