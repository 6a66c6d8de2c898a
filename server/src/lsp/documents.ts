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
import { carryOver } from './stale';

export interface DocumentAnalysis {
  uri: string;
  version: number;
  text: string;
  index: LineIndex;
  analysis: Analysis;
  /**
   * What hover, inlay hints, code lens and the summary show: the analysis, or while the text
   * does not parse and the analysis lost layers, the last parsed one carried over (stale.ts).
   */
  view: Analysis;
  /** Milliseconds the analysis took. */
  millis: number;
  /** The layer with the diagnostic's argument fix applied, from a second analysis (cached). */
  fixedRecord(d: Diagnostic, r: LayerRecord): LayerRecord | undefined;
}

export class AnalysisCache {
  private readonly entries = new Map<string, DocumentAnalysis>();
  /** The last analysis of each document whose text parsed without errors. */
  private readonly lastParsed = new Map<string, { text: string; analysis: Analysis }>();
  private options: AnalyzeOptions = {};

  /** `onError` hears about analyses that threw: the engine has a bug, the editor goes on without results. */
  constructor(private readonly onError: (uri: string, error: unknown) => void) {}

  setOptions(options: AnalyzeOptions): void {
    this.options = options;
    this.entries.clear();
    this.lastParsed.clear();
  }

  get(doc: TextDocument): DocumentAnalysis | undefined {
    const cached = this.entries.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const text = doc.getText();
    const start = performance.now();
    let analysis: Analysis;
    try {
      analysis = analyzeSource(text, { ...this.options, previousParse: cached?.analysis.parse });
    } catch (e) {
      this.onError(doc.uri, e);
      this.entries.delete(doc.uri);
      return undefined;
    }
    const millis = performance.now() - start;
    let view = analysis;
    const parsed = this.lastParsed.get(doc.uri);
    if (analysis.module.errors.length === 0) this.lastParsed.set(doc.uri, { text, analysis });
    else if (parsed) {
      const carried = carryOver(parsed.analysis, parsed.text, text);
      if (carried.records.length > analysis.records.length) view = carried;
    }
    const entry = this.entry(doc.uri, doc.version, text, analysis, view, millis);
    this.entries.set(doc.uri, entry);
    return entry;
  }

  drop(uri: string): void {
    this.entries.delete(uri);
    this.lastParsed.delete(uri);
  }

  private entry(uri: string, version: number, text: string, analysis: Analysis, view: Analysis, millis: number): DocumentAnalysis {
    const fixed = new Map<Diagnostic, LayerRecord | undefined>();
    const options = this.options;
    const onError = this.onError;
    return {
      uri, version, text, index: new LineIndex(text), analysis, view, millis,
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
 * a pause is analysed at once (a fixed debounce would add its delay to every keystroke);
 * while edits keep coming, analyses are spaced by the last analysis's cost (capped at
 * `maxDelay`), so the server spends at most about half its time analysing, and the last
 * edit is always analysed.
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
    const wait = last ? Math.max(0, last.end + Math.min(this.maxDelay, last.cost) - performance.now()) : 0;
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
