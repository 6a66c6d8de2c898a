/**
 * One analysis per document version, computed when first asked for and reused by every
 * feature until the next edit; and the scheduler that publishes diagnostics as the user
 * types. Analysis runs synchronously (the engine is a pure function of the text), so a
 * request answered between edits always sees the text it was asked about.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeSource, type Analysis, type AnalyzeOptions } from '../engine/analyze';
import type { Diagnostic, LayerRecord } from '../engine/records';
import { LineIndex } from '../syntax/positions';
import { applyEdits, argumentEdit } from './fixes';

export interface DocumentAnalysis {
  uri: string;
  version: number;
  text: string;
  index: LineIndex;
  analysis: Analysis;
  /** Milliseconds the analysis took. */
  millis: number;
  /** The layer with the diagnostic's argument fix applied, from a second analysis (cached). */
  fixedRecord(d: Diagnostic, r: LayerRecord): LayerRecord | undefined;
}

export class AnalysisCache {
  private readonly entries = new Map<string, DocumentAnalysis>();
  private options: AnalyzeOptions = {};

  /** `onError` hears about analyses that threw: the engine has a bug, the editor goes on without results. */
  constructor(private readonly onError: (uri: string, error: unknown) => void) {}

  setOptions(options: AnalyzeOptions): void {
    this.options = options;
    this.entries.clear();
  }

  get(doc: TextDocument): DocumentAnalysis | undefined {
    const cached = this.entries.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const text = doc.getText();
    const start = performance.now();
    let analysis: Analysis;
    try {
      analysis = analyzeSource(text, this.options);
    } catch (e) {
      this.onError(doc.uri, e);
      this.entries.delete(doc.uri);
      return undefined;
    }
    const entry = this.entry(doc.uri, doc.version, text, analysis, performance.now() - start);
    this.entries.set(doc.uri, entry);
    return entry;
  }

  drop(uri: string): void {
    this.entries.delete(uri);
  }

  private entry(uri: string, version: number, text: string, analysis: Analysis, millis: number): DocumentAnalysis {
    const fixed = new Map<Diagnostic, LayerRecord | undefined>();
    const options = this.options;
    const onError = this.onError;
    return {
      uri, version, text, index: new LineIndex(text), analysis, millis,
      fixedRecord(d, r) {
        if (fixed.has(d)) return fixed.get(d);
        let result: LayerRecord | undefined;
        const edit = argumentEdit(text, d);
        if (edit && edit.from > r.span.from) {
          try {
            const after = analyzeSource(applyEdits(text, [edit]), options);
            const stillWrong = after.diagnostics.some((o) => o.code === d.code && o.span.from === d.span.from);
            result = stillWrong ? undefined : after.records.find((o) => o.span.from === r.span.from && o.op === r.op && o.name === r.name);
          } catch (e) {
            onError(uri, e);
          }
        }
        fixed.set(d, result);
        return result;
      },
    };
  }
}

/**
 * Publishes diagnostics after edits without falling behind the typist: the first edit after
 * a pause is analysed at once; while edits keep coming, analyses are spaced by twice the
 * last analysis's cost (capped at `maxDelay`), so the server spends at most about a third of
 * its time analysing and the last edit is always analysed.
 */
export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastRun = new Map<string, { end: number; cost: number }>();

  constructor(
    private readonly publish: (uri: string) => void,
    private readonly maxDelay = 150,
  ) {}

  schedule(uri: string): void {
    if (this.timers.has(uri)) return;
    const last = this.lastRun.get(uri);
    const wait = last ? Math.max(0, last.end + Math.min(this.maxDelay, 2 * last.cost) - performance.now()) : 0;
    this.timers.set(uri, setTimeout(() => this.run(uri), wait));
  }

  /** Publishes now (document opened, settings changed). */
  now(uri: string): void {
    this.cancel(uri);
    this.run(uri);
  }

  cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
  }

  forget(uri: string): void {
    this.cancel(uri);
    this.lastRun.delete(uri);
  }

  private run(uri: string): void {
    this.timers.delete(uri);
    const start = performance.now();
    try {
      this.publish(uri);
    } finally {
      const end = performance.now();
      this.lastRun.set(uri, { end, cost: end - start });
    }
  }
}
