/**
 * The VS Code side of shapelint: starts the bundled language server over node IPC for
 * Python documents and shows model summaries. Everything else — hover, inlay hints,
 * squiggles, quick fixes, code lens — is the language server's.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

interface ModelSummary {
  name: string;
  markdown: string;
  csv: string;
}

/** Read-only documents holding model summaries, shown in the Markdown preview. */
const SCHEME = 'shapelint-summary';
let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const output = vscode.window.createOutputChannel('shapelint');
  const clientOptions: LanguageClientOptions = {
    documentSelector: ['file', 'untitled', 'vscode-vfs', 'vscode-remote'].map((scheme) => ({ language: 'python', scheme })),
    synchronize: { configurationSection: 'shapelint' },
    outputChannel: output,
  };
  client = new LanguageClient('shapelint', 'shapelint', serverOptions, clientOptions);

  const summaries = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    output,
    changed,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent: (uri) => summaries.get(uri.toString()) ?? '',
    }),
    vscode.commands.registerCommand('shapelint.showSummary', async (uri?: string, model?: string) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
      if (!target || !client) return;
      const found = await client.sendRequest<ModelSummary[]>('shapelint/summary', { uri: target, model });
      const pick = found.length > 1 && !model
        ? await vscode.window.showQuickPick(found.map((s) => s.name), { placeHolder: 'Which model?' }).then((name) => found.find((s) => s.name === name))
        : found[0];
      if (!pick) {
        if (found.length === 0) void vscode.window.showInformationMessage('shapelint: no model found in this file.');
        return;
      }
      const doc = vscode.Uri.parse(`${SCHEME}:/${encodeURIComponent(pick.name)}.md?${encodeURIComponent(target)}`);
      summaries.set(doc.toString(), pick.markdown);
      changed.fire(doc);
      await vscode.commands.executeCommand('markdown.showPreviewToSide', doc);
    }),
    vscode.commands.registerCommand('shapelint.copySummaryCsv', async (uri?: string, model?: string) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
      if (!target || !client) return;
      const found = await client.sendRequest<ModelSummary[]>('shapelint/summary', { uri: target, model });
      if (found.length === 0) return;
      await vscode.env.clipboard.writeText(found.map((s) => s.csv).join('\n'));
      void vscode.window.showInformationMessage(`shapelint: copied the summary of ${found.map((s) => s.name).join(', ')} as CSV.`);
    }),
  );
  await client.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
