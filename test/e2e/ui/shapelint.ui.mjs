// What a person sees: the packaged extension installed in a real workbench, driven through
// the DOM with playwright-core. Checks run in order on one page (each builds on the last),
// poll for what they expect (never a fixed sleep), and leave README pictures in docs/images/.
import { join } from 'node:path';

const SEED_LINE = '256 * 13 * 13';
const FIXED_LINE = '256 * 6 * 6';

/** Polls check() until it returns a truthy value; the error says what was last seen. */
async function poll(what, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last saw: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const viewLine = (page, text) => page.locator('.monaco-editor .view-line', { hasText: text });

/** The centre of `word` on the rendered line containing lineText (tokens split lines into spans as they please). */
async function wordCentre(page, lineText, word) {
  await viewLine(page, lineText).waitFor();
  const box = await page.evaluate(([lineText, word]) => {
    const norm = (s) => s.replace(/\u00a0/g, ' ');
    const line = [...document.querySelectorAll('.monaco-editor .view-line')].find((l) => norm(l.textContent).includes(lineText));
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = norm(node.textContent).indexOf(word);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      const r = range.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }
    return undefined;
  }, [lineText, word]);
  if (!box) throw new Error(`no "${word}" on the line with "${lineText}"`);
  return box;
}

const text = async (locator) => (await locator.allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');

async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
}

export const checks = [
  {
    name: 'opens the AlexNet example from the explorer',
    async run({ page }) {
      await page.locator('.explorer-folders-view [aria-label="alexnet_bug.py"]').click();
      await viewLine(page, 'class AlexNet').waitFor();
      await goToLine(page, 33);
      await wordCentre(page, SEED_LINE, 'Linear');
    },
  },
  {
    name: 'hovering the Linear shows 9216 in_features and its parameter counts',
    async run({ page, images }) {
      const hover = page.locator('.monaco-hover-content');
      // The first hover can come back empty while the language server starts: move away and back.
      const shown = await poll('the hover text', async () => {
        await page.mouse.move(5, 5);
        const { x, y } = await wordCentre(page, SEED_LINE, 'Linear');
        await page.mouse.move(x, y);
        const shown = await hover.first().waitFor({ timeout: 2000 }).then(() => text(hover), () => '');
        return shown.includes('Params') && shown;
      });
      for (const expected of ['9216', '37,748,736', '37,752,832']) {
        if (!shown.includes(expected)) throw new Error(`the hover lacks ${expected}: ${shown}`);
      }
      await page.screenshot({ path: join(images, 'hover.png') });
      await page.mouse.move(5, 5);
    },
  },
  {
    name: 'inlay hints show the output shapes',
    async run({ page }) {
      await poll('an inlay hint `→ (N, 256, 6, 6)`', async () => (await text(page.locator('.monaco-editor .view-lines'))).includes('(N, 256, 6, 6)'));
    },
  },
  {
    name: 'the Problems panel lists the seed error',
    async run({ page, images }) {
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'in-features-mismatch' });
      await poll('the Problems row', async () => (await row.count()) > 0);
      await page.locator('.monaco-editor .squiggly-error').first().waitFor();
      await page.screenshot({ path: join(images, 'problems.png') });
    },
  },
  {
    name: 'Ctrl+. offers the quick fix, and applying it changes the line',
    async run({ page, images }) {
      const { x, y } = await wordCentre(page, SEED_LINE, 'Linear');
      await page.mouse.click(x, y);
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: `in_features to ${FIXED_LINE}` });
      // Ctrl+. right after the click can find no code actions computed yet: press it again.
      await poll('the quick fix menu', async () => {
        await page.keyboard.press('Control+Period');
        return fix.waitFor({ timeout: 3000 }).then(() => true, () => page.keyboard.press('Escape').then(() => false));
      });
      await fix.hover();
      await page.screenshot({ path: join(images, 'quickfix.png') });
      await fix.click();
      await viewLine(page, `Linear(${FIXED_LINE}, 4096)`).waitFor();
      await poll('the Problems row to clear', async () => (await page.locator('.markers-panel .monaco-list-row', { hasText: 'in-features-mismatch' }).count()) === 0);
    },
  },
  {
    name: 'the Show summary code lens opens the model summary',
    async run({ page, images }) {
      // Close the Problems panel and the side bar to give the summary room.
      await page.keyboard.press('Control+J');
      await page.locator('.markers-panel').waitFor({ state: 'hidden' });
      await page.keyboard.press('Control+B');
      await page.locator('.explorer-folders-view').waitFor({ state: 'hidden' });
      await goToLine(page, 10);
      const lens = page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Show summary' });
      const previewTab = page.locator('.tabs-container .tab', { hasText: 'Preview AlexNet' });
      // The lens is re-rendered as the layout settles; a click on a stale one is lost: click again.
      await poll('the summary preview tab', async () => {
        await lens.first().click();
        return previewTab.waitFor({ timeout: 3000 }).then(() => true, () => false);
      });
      // The Markdown preview renders inside nested webview iframes.
      const webviews = () => page.frames().filter((frame) => frame !== page.mainFrame());
      await poll('the rendered summary table', async () => {
        for (const frame of webviews()) {
          const shown = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
          if (shown.includes('Output shape') && shown.includes('classifier')) return true;
        }
        return false;
      });
      await page.screenshot({ path: join(images, 'summary.png') });
    },
  },
];
