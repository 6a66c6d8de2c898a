/**
 * The `shapelint.*` settings as the server uses them: read from whatever the client sends
 * (pulled with workspace/configuration, pushed with didChangeConfiguration, or given as
 * initializationOptions), with defaults for anything missing or malformed.
 */
import type { Shape } from '../engine/dims';
import { parseCliShape, parseShapeList } from '../engine/inputs';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

export interface Settings {
  /** Input shape per entry (class, factory or variable): `"2,3,224,224"`, `"(N, 10), (N, 20)"` or a list. */
  inputShapes: Record<string, string | string[]>;
  inlayHints: { enabled: boolean };
  codeLens: { enabled: boolean };
  /** How engine warnings are shown. */
  warningSeverity: SeverityName;
  /** Per-code severity, `off` hides the code: `{"shape-unknown": "hint"}`. */
  severityOverrides: Record<string, SeverityName | 'off'>;
}

export const defaultSettings: Settings = {
  inputShapes: {},
  inlayHints: { enabled: true },
  codeLens: { enabled: true },
  warningSeverity: 'warning',
  severityOverrides: {},
};

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

/** Settings from the raw `shapelint` section; unknown keys are ignored. */
export function readSettings(raw: unknown): Settings {
  const r = record(raw);
  const inputShapes: Settings['inputShapes'] = {};
  for (const [entry, v] of Object.entries(record(r.inputShapes))) {
    if (typeof v === 'string') inputShapes[entry] = v;
    else if (Array.isArray(v) && v.every((s) => typeof s === 'string')) inputShapes[entry] = v as string[];
  }
  const severityOverrides: Settings['severityOverrides'] = {};
  for (const [code, v] of Object.entries(record(r.severityOverrides))) {
    if (typeof v === 'string' && (SEVERITIES.has(v) || v === 'off')) severityOverrides[code] = v as SeverityName | 'off';
  }
  const warning = typeof r.warningSeverity === 'string' && SEVERITIES.has(r.warningSeverity) ? (r.warningSeverity as SeverityName) : defaultSettings.warningSeverity;
  return {
    inputShapes,
    inlayHints: { enabled: bool(record(r.inlayHints).enabled, true) },
    codeLens: { enabled: bool(record(r.codeLens).enabled, true) },
    warningSeverity: warning,
    severityOverrides,
  };
}

/** One setting value as shapes: `2,3,224,224`, `(N, 3, 224, 224)`, `((N, 10), (N, 20))`. */
function parseSettingShape(text: string): Shape[] | undefined {
  const t = text.trim();
  if (t.startsWith('(')) return parseShapeList(t.includes('),') && !t.startsWith('((') ? `(${t})` : t);
  const shape = parseCliShape(t);
  return shape ? [shape] : undefined;
}

/** The engine's `inputs` option, and the entries that could not be read (to log). */
export function analysisInputs(settings: Settings): { inputs: Map<string, Shape[]>; invalid: string[] } {
  const inputs = new Map<string, Shape[]>();
  const invalid: string[] = [];
  for (const [entry, value] of Object.entries(settings.inputShapes)) {
    const parts = Array.isArray(value) ? value.map(parseSettingShape) : [parseSettingShape(value)];
    if (parts.some((p) => !p)) { invalid.push(`${entry}: ${JSON.stringify(value)}`); continue; }
    inputs.set(entry, parts.flatMap((p) => p!));
  }
  return { inputs, invalid };
}
