// The extension as VS Code's API sees it, on the bundled AlexNet example with its seed bug:
// `nn.Linear(256 * 13 * 13, 4096)` after a feature map that flattens to 256 * 6 * 6 = 9216.
// The launcher opens a temporary copy of examples/ as the workspace, so edits stay there.
const assert = require('node:assert/strict');
const vscode = require('vscode');

const EXTENSION_ID = 'shapelint.shapelint';
const SEED_LINE = 32; // `nn.Linear(256 * 13 * 13, 4096),` (0-based)
const SEED_CODE = 'in-features-mismatch';

/** Polls until check() returns a truthy value, which it returns; fails with the last value seen. */
async function waitFor(what, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last saw ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const text = (contents) => contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
const codeOf = (d) => (typeof d.code === 'object' ? d.code.value : d.code);
const seedDiagnostics = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === SEED_CODE);
const labelOf = (hint) => (typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join(''));

async function hoverText(doc, position) {
  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, position);
  return hovers.map((h) => text(h.contents)).join('\n');
}

async function inlayLabels(doc) {
  const all = new vscode.Range(0, 0, doc.lineCount, 0);
  const hints = await vscode.commands.executeCommand('vscode.executeInlayHintProvider', doc.uri, all);
  return hints.map(labelOf);
}

describe('shapelint in VS Code (AlexNet example)', () => {
  let doc;
  let linear; // position on `Linear` in the seed line

  before(async () => {
    const [folder] = vscode.workspace.workspaceFolders;
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'alexnet_bug.py'));
    await vscode.window.showTextDocument(doc);
    linear = new vscode.Position(SEED_LINE, doc.lineAt(SEED_LINE).text.indexOf('Linear') + 2);
  });

  it('activates on a Python file', async () => {
    assert.equal(doc.languageId, 'python');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await waitFor('activation', () => extension.isActive);
  });

  it('reports the seed bug with its code on the Linear line', async () => {
    const [diagnostic] = await waitFor('the seed diagnostic', () => seedDiagnostics(doc.uri).length && seedDiagnostics(doc.uri));
    assert.equal(diagnostic.range.start.line, SEED_LINE);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
  });

  it('hovers the Linear with the fixed in_features and its parameter counts', async () => {
    const hover = await waitFor('hover text', () => hoverText(doc, linear));
    for (const expected of ['9216', '37,748,736', '37,752,832']) assert.ok(hover.includes(expected), `no ${expected} in the hover:\n${hover}`);
  });

  it('shows output shapes as inlay hints', async () => {
    const labels = await waitFor('inlay hints', async () => {
      const found = await inlayLabels(doc);
      return found.length && found;
    });
    assert.ok(labels.some((l) => l.includes('→ (N, 256, 6, 6)')), `no → (N, 256, 6, 6) among the inlay hints: ${labels.join(' ; ')}`);
  });

  it('shows a code lens on the model', async () => {
    const lenses = await waitFor('code lenses', async () => {
      const found = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 10);
      return found.length && found;
    });
    assert.ok(lenses.some((l) => l.command && l.command.title), 'a code lens has a title');
  });

  it('shows the model summary with the Show Model Summary command', async () => {
    await vscode.commands.executeCommand('shapelint.showSummary');
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    // The summary opens beside the source, named after the model (the source tab is `alexnet_bug.py`).
    await waitFor('a summary tab', () => tabs().some((label) => label.includes('AlexNet')));
  });

  it('follows a change of shapelint.inputShapes', async () => {
    const config = vscode.workspace.getConfiguration('shapelint');
    await config.update('inputShapes', { AlexNet: '1,3,227,227' }, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('batch 1 in the inlay hints', async () => (await inlayLabels(doc)).some((l) => l.includes('(1, 256, 6, 6)')));
      await waitFor('batch 1 in the hover', async () => /\(1, /.test(await hoverText(doc, linear)));
    } finally {
      await config.update('inputShapes', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('batch N again', async () => (await inlayLabels(doc)).some((l) => l.includes('(N, 256, 6, 6)')));
  });

  it('offers a quick fix that clears the diagnostic', async () => {
    const [diagnostic] = seedDiagnostics(doc.uri);
    assert.ok(diagnostic, 'the seed diagnostic is still there');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.edit && /in_features/.test(a.title));
    assert.ok(fix, `no in_features quick fix among: ${actions.map((a) => a.title).join(' ; ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
    await waitFor('the diagnostic to clear', () => seedDiagnostics(doc.uri).length === 0);
    assert.match(doc.lineAt(SEED_LINE).text, /nn\.Linear\(256 \* 6 \* 6, 4096\)/);
  });
});
