/**
 * The language server: LSP transport (stdio, node IPC, socket — chosen by the command
 * line) wired to one provider per feature. Every handler runs inside `guard`: a failure is
 * logged and answered with an empty result, and the server carries on.
 */
import {
  CodeActionKind, DidChangeConfigurationNotification, ProposedFeatures, TextDocumentSyncKind, TextDocuments,
  createConnection, type CancellationToken, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from './codeActions';
import { SHOW_SUMMARY, codeLenses } from './codeLens';
import { lspDiagnostics, toLspDiagnostic } from './diagnostics';
import { AnalysisCache, DiagnosticsScheduler, type DocumentAnalysis } from './documents';
import { hoverAt } from './hover';
import { inlayHints } from './inlayHints';
import { toOffset } from './ranges';
import { analysisInputs, defaultSettings, readSettings, type Settings } from './settings';
import { summarize, type ModelSummary } from './summary';

/** Custom request behind `Show summary`: the summary of one model, or of all when no name is given. */
export const SUMMARY_REQUEST = 'shapelint/summary';
/** The same as a command, for clients that only run server commands. */
export const SUMMARY_COMMAND = 'shapelint.summary';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const cache = new AnalysisCache((uri, e) => connection.console.error(`analysis of ${uri} failed: ${describe(e)}`));
const scheduler = new DiagnosticsScheduler((uri) => publishDiagnostics(uri));
let settings: Settings = defaultSettings;
let client = { configuration: false, dynamicConfiguration: false, inlayRefresh: false, codeLensRefresh: false };

function describe(e: unknown): string {
  return e instanceof Error ? e.stack ?? e.message : String(e);
}

/** Runs a handler; on an exception logs it and answers `fallback`. Cancelled requests answer `fallback` too. */
function guard<P, R>(name: string, fallback: R, handler: (params: P) => R): (params: P, token?: CancellationToken) => R {
  return (params, token) => {
    if (token?.isCancellationRequested) return fallback;
    try {
      return handler(params);
    } catch (e) {
      connection.console.error(`${name} failed: ${describe(e)}`);
      return fallback;
    }
  };
}

function analysisOf(uri: string): DocumentAnalysis | undefined {
  const doc = documents.get(uri);
  return doc && cache.get(doc);
}

function publishDiagnostics(uri: string): void {
  const doc = documents.get(uri);
  const entry = doc && cache.get(doc);
  if (!doc || !entry) return;
  void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: lspDiagnostics(entry.analysis, entry.index, settings) });
}

function summaries(uri: string, model?: string): ModelSummary[] {
  const entry = analysisOf(uri);
  if (!entry) return [];
  return entry.view.models.filter((m) => !model || m.name === model).map((m) => summarize(m, entry.index, uri, entry.analysis.diagnostics));
}

async function loadSettings(pushed?: unknown): Promise<void> {
  let raw = pushed;
  if (client.configuration) {
    try {
      raw = await connection.workspace.getConfiguration('shapelint');
    } catch (e) {
      connection.console.warn(`could not read the shapelint settings: ${describe(e)}`);
    }
  }
  settings = readSettings(raw);
  const { inputs, invalid } = analysisInputs(settings);
  for (const entry of invalid) connection.console.warn(`shapelint.inputShapes: cannot read ${entry} (write e.g. "2,3,224,224")`);
  cache.setOptions({ inputs });
  for (const doc of documents.all()) scheduler.now(doc.uri);
  if (client.inlayRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
  if (client.codeLensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
}

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  client = {
    configuration: !!caps.workspace?.configuration,
    dynamicConfiguration: !!caps.workspace?.didChangeConfiguration?.dynamicRegistration,
    inlayRefresh: !!caps.workspace?.inlayHint?.refreshSupport,
    codeLensRefresh: !!caps.workspace?.codeLens?.refreshSupport,
  };
  const init = params.initializationOptions as { settings?: unknown } | undefined;
  if (init) settings = readSettings(init.settings ?? init);
  cache.setOptions({ inputs: analysisInputs(settings).inputs });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      inlayHintProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: [SUMMARY_COMMAND] },
    },
    serverInfo: { name: 'shapelint', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (client.dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'shapelint' });
  if (client.configuration) void loadSettings();
});

connection.onDidChangeConfiguration(guard('settings', undefined, (params) => {
  void loadSettings((params.settings as { shapelint?: unknown } | undefined)?.shapelint);
}));

documents.onDidChangeContent(guard('diagnostics', undefined, (e) => scheduler.schedule(e.document.uri)));
documents.onDidClose(guard('close', undefined, (e) => {
  scheduler.forget(e.document.uri);
  cache.drop(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
}));

connection.onHover(guard('hover', null, (params) => {
  const entry = analysisOf(params.textDocument.uri);
  return entry ? hoverAt({ ...entry, analysis: entry.view }, toOffset(entry.index, params.position)) : null;
}));

connection.languages.inlayHint.on(guard('inlay hints', [], (params) => {
  const entry = analysisOf(params.textDocument.uri);
  if (!entry || !settings.inlayHints.enabled) return [];
  return inlayHints(entry.view, entry.text, entry.index, toOffset(entry.index, params.range.start), toOffset(entry.index, params.range.end));
}));

connection.onCodeAction(guard('code actions', [], (params) => {
  const entry = analysisOf(params.textDocument.uri);
  if (!entry) return [];
  const ctx = { ...entry, uri: params.textDocument.uri, toLsp: (d: Parameters<typeof toLspDiagnostic>[0]) => toLspDiagnostic(d, entry.index, settings) };
  return codeActions(ctx, toOffset(entry.index, params.range.start), toOffset(entry.index, params.range.end), params.context.only);
}));

connection.onCodeLens(guard('code lens', [], (params) => {
  const entry = analysisOf(params.textDocument.uri);
  return entry && settings.codeLens.enabled ? codeLenses(entry.view, entry.index, params.textDocument.uri) : [];
}));

connection.onRequest(SUMMARY_REQUEST, guard('summary', [] as ModelSummary[], (params: { uri: string; model?: string }) => summaries(params.uri, params.model)));

connection.onExecuteCommand(guard('command', null as ModelSummary[] | null, (params) => {
  if (params.command !== SUMMARY_COMMAND && params.command !== SHOW_SUMMARY) return null;
  const [uri, model] = (params.arguments ?? []) as [string?, string?];
  return uri ? summaries(uri, model) : null;
}));

documents.listen(connection);
connection.listen();
