/**
 * Engine diagnostics → LSP diagnostics: range from the span, `code` the stable kebab-case
 * id, `source: 'shapelint'`, severity after the user's settings (warnings may be shown
 * softer, any code may be re-levelled or turned off).
 */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Analysis } from '../engine/analyze';
import type { Diagnostic } from '../engine/records';
import type { LineIndex } from '../syntax/positions';
import { toRange } from './ranges';
import type { SeverityName, Settings } from './settings';

const LEVELS: Record<SeverityName, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const SOURCE = 'shapelint';

/** The LSP form of one engine diagnostic, or undefined when the settings turn its code off. */
export function toLspDiagnostic(d: Diagnostic, index: LineIndex, settings: Settings): LspDiagnostic | undefined {
  const override = settings.severityOverrides[d.code];
  if (override === 'off') return undefined;
  const level: SeverityName = override ?? (d.severity === 'warning' ? settings.warningSeverity : d.severity);
  return { range: toRange(index, d.span), severity: LEVELS[level], code: d.code, source: SOURCE, message: d.message };
}

export function lspDiagnostics(analysis: Analysis, index: LineIndex, settings: Settings): LspDiagnostic[] {
  const out: LspDiagnostic[] = [];
  for (const d of analysis.diagnostics) {
    const lsp = toLspDiagnostic(d, index, settings);
    if (lsp) out.push(lsp);
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
