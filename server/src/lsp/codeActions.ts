/**
 * Quick fixes for the engine's diagnostics: set a mismatched argument to the inferred
 * value in the author's style, switch to the Lazy layer, insert the missing flatten, add an
 * input-shape comment where a model's shapes are symbolic. Each quick fix names the
 * diagnostic it settles; the edits themselves come from fixes.ts.
 */
import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type TextEdit } from 'vscode-languageserver';
import type { Analysis, ModelResult } from '../engine/analyze';
import type { Diagnostic } from '../engine/records';
import type { LineIndex } from '../syntax/positions';
import { applyEdits, argumentEdit, flattenFix, inputCommentEdit, lazyEdits, modelStatement, type OffsetEdit } from './fixes';
import { toRange, touches } from './ranges';

export interface CodeActionContext {
  analysis: Analysis;
  text: string;
  index: LineIndex;
  uri: string;
  /** The published form of a diagnostic (undefined when the settings hide it). */
  toLsp: (d: Diagnostic) => LspDiagnostic | undefined;
}

function action(ctx: CodeActionContext, title: string, kind: string, edits: OffsetEdit[], d?: Diagnostic, preferred = false): CodeAction {
  const textEdits: TextEdit[] = edits.map((e) => ({ range: toRange(ctx.index, e), newText: e.text }));
  const lsp = d && ctx.toLsp(d);
  return {
    title,
    kind,
    ...(lsp ? { diagnostics: [lsp] } : {}),
    ...(preferred ? { isPreferred: true } : {}),
    edit: { changes: { [ctx.uri]: textEdits } },
  };
}

/** The model whose definition holds the offset, if its input is symbolic. */
function symbolicModelAt(analysis: Analysis, offset: number): ModelResult | undefined {
  return analysis.models.find((m) => {
    if (m.inputSource !== 'symbolic') return false;
    const stmt = modelStatement(analysis, m);
    return stmt !== undefined && stmt.from <= offset && offset <= stmt.to;
  });
}

function fixesFor(ctx: CodeActionContext, d: Diagnostic): CodeAction[] {
  const out: CodeAction[] = [];
  const arg = argumentEdit(ctx.text, d);
  if (arg && d.fix) {
    const plain = !arg.text.includes('*');
    out.push(action(ctx, `Set ${d.fix.arg} to ${arg.text.trim()}${plain ? '' : ` (= ${d.fix.value})`}`, CodeActionKind.QuickFix, [arg], d, true));
  }
  const lazy = lazyEdits(ctx.text, d);
  if (lazy) {
    const call = applyEdits(ctx.text.slice(d.span.from, d.span.to), lazy.map((e) => ({ ...e, from: e.from - d.span.from, to: e.to - d.span.from })));
    const oneLine = call.replace(/\s+/g, ' ');
    out.push(action(ctx, `Switch to ${oneLine.length <= 60 ? oneLine : `Lazy${d.op}`}`, CodeActionKind.QuickFix, lazy, d));
  }
  const flatten = flattenFix(ctx.text, ctx.analysis, d);
  if (flatten) out.push(action(ctx, flatten.title, CodeActionKind.QuickFix, flatten.edits, d, true));
  if (d.code === 'shape-unknown') {
    const model = symbolicModelAt(ctx.analysis, d.span.from);
    const edit = model && inputCommentEdit(ctx.text, ctx.analysis, model);
    if (model && edit) out.push(action(ctx, `Add an input-shape comment above ${model.name}`, CodeActionKind.QuickFix, [edit], d));
  }
  return out;
}

/** Code actions for the offsets [from, to], limited to the kinds in `only` when given. */
export function codeActions(ctx: CodeActionContext, from: number, to: number, only?: string[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of ctx.analysis.diagnostics) if (touches(d.span, from, to)) out.push(...fixesFor(ctx, d));
  // On a model's `class Name` line with symbolic input: offer the comment even without a diagnostic.
  for (const m of ctx.analysis.models) {
    if (m.inputSource !== 'symbolic' || !touches(m.span, from, to)) continue;
    if (out.some((a) => a.title.endsWith(` above ${m.name}`))) continue;
    const edit = inputCommentEdit(ctx.text, ctx.analysis, m);
    if (edit) out.push(action(ctx, `Add an input-shape comment above ${m.name}`, CodeActionKind.RefactorRewrite, [edit]));
  }
  return only?.length ? out.filter((a) => only.some((k) => a.kind === k || a.kind?.startsWith(`${k}.`))) : out;
}
