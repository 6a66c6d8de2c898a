/**
 * Engine spans (character offsets) ↔ LSP ranges (0-based line and UTF-16 character).
 * JavaScript strings are UTF-16, so an offset into the text is already what LSP counts.
 */
import type { Position, Range } from 'vscode-languageserver';
import type { Span } from '../syntax/ast';
import type { LineIndex } from '../syntax/positions';

export function toPosition(index: LineIndex, offset: number): Position {
  const { line, column } = index.position(offset);
  return { line: line - 1, character: column - 1 };
}

export function toRange(index: LineIndex, span: Span): Range {
  return { start: toPosition(index, span.from), end: toPosition(index, span.to) };
}

export function toOffset(index: LineIndex, position: Position): number {
  return index.offset(position.line, position.character);
}

export function contains(span: Span, offset: number): boolean {
  return span.from <= offset && offset < span.to;
}

/** True when the span and the offsets [from, to] touch or overlap. */
export function touches(span: Span, from: number, to: number): boolean {
  return span.from <= to && from <= span.to;
}

/** Offset of the end of the line holding `offset` (before its newline). */
export function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

/** Offset of the start of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The whitespace that starts the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, start + 200))![0];
}
