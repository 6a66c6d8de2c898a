/**
 * SARIF 2.1.0 output for code-scanning services: one run, one rule per diagnostic code.
 */
import type { FileJson } from './report';

const LEVELS = { error: 'error', warning: 'warning', information: 'note' } as const;

export function formatSarif(files: FileJson[], version: string): string {
  const codes = [...new Set(files.flatMap((f) => f.diagnostics.map((d) => d.code)))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'shapelint', version, informationUri: 'https://github.com/shapelint/shapelint', rules: codes.map((id) => ({ id, shortDescription: { text: id } })) } },
      results: files.flatMap((f) => f.diagnostics.map((d) => ({
        ruleId: d.code,
        level: LEVELS[d.severity],
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: f.path }, region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn } } }],
      }))),
    }],
  };
  return JSON.stringify(sarif, null, 2);
}
