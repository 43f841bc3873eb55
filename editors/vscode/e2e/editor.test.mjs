// The extension in a real VS Code, used as a person would: open a draft, see the squiggles and the
// Problems panel, hover, apply a quick fix with Ctrl+., watch the voice score, change the project
// config, restart the server. Run by tests/test_vscode_e2e.py (which builds the .vsix first).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  SQUIGGLES,
  editorText,
  firstSquiggle,
  env,
  metric,
  openFile,
  plain,
  problems,
  runCommand,
  serverPids,
  statusBarTexts,
  until,
  withVSCode,
} from './harness.mjs';

const DRAFT = [
  '# Draft',
  '',
  'We utilize the new tool to check every line of the post.',
  '',
  'The results look fine to me. I ran it on 40 files and it took 2 seconds.',
  '',
].join('\n');

const VALE_RULE = [
  'extends: existence',
  "message: \"Say what you measured instead of '%s'.\"",
  'description: Vague praise tells the reader nothing.',
  'level: warning',
  'tokens:',
  '  - fine',
  '',
].join('\n');

function workspace() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vibelint-e2e-ws-'));
  fs.writeFileSync(path.join(folder, 'draft.md'), DRAFT);
  fs.mkdirSync(path.join(folder, 'styles', 'Demo'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'styles', 'Demo', 'Vague.yml'), VALE_RULE);
  return folder;
}

const voiceScore = async (page) => {
  const item = (await statusBarTexts(page)).find((text) => /vibelint \d+\/100/.test(text));
  return item ? Number(/(\d+)\/100/.exec(item)[1]) : undefined;
};

/** Where the squiggle under `word` is now (read again before each hover: a panel or an edit can move it). */
async function squiggleUnder(page, word) {
  return until(`a squiggle under "${word}"`, async () => {
    for (const squiggle of await page.locator(SQUIGGLES).all()) {
      const squiggleBox = await squiggle.boundingBox();
      if (!squiggleBox) continue;
      // the text from the squiggle's left edge on, read through the caret position there
      const under = await page.evaluate(
        ({ x, y, length }) => {
          const range = document.caretRangeFromPoint(x, y);
          return range ? (range.startContainer.textContent ?? '').slice(range.startOffset, range.startOffset + length) : '';
        },
        { x: squiggleBox.x + 1, y: squiggleBox.y + squiggleBox.height / 2, length: word.length },
      );
      if (plain(under) === word) return squiggleBox;
    }
    return undefined;
  });
}

/**
 * Hover the middle of the squiggle under `word` and return the hover's text.
 *
 * The first two tries hover with the mouse. Under load (CI runs the editors beside the test workers) a
 * mouse hover sometimes never opens, twice running: the last try puts the caret on the word and asks
 * for the hover from the keyboard (Ctrl+K Ctrl+I, "Show or Focus Hover"), as a keyboard user would.
 */
async function hoverOver(page, word, serverPart) {
  // The diagnostic's part shows at once; the server's hover replaces "Loading..." when it answers. On
  // a loaded machine VS Code can show the diagnostic's part alone, without asking the server again
  // until the next hover: `serverPart`, when given, is waited for, hovering again up to three times.
  let text = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const box = await squiggleUnder(page, word);
    const middle = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    if (attempt < 3) {
      await page.mouse.move(5, 5);
      await page.mouse.move(middle.x, middle.y, { steps: 3 });
    } else {
      await page.mouse.click(middle.x, middle.y);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
    }
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'vibelint' }).first();
    const opened = await hover.waitFor({ state: 'visible', timeout: 15_000 }).then(() => true, (error) => {
      if (attempt === 3) throw error;
      return false;
    });
    if (!opened) continue;
    text = await until('the hover to finish loading', async () => {
      const shown = plain(await hover.innerText());
      return shown.includes('Loading...') ? undefined : shown;
    }, 15_000);
    if (serverPart && !serverPart.test(text)) {
      text = (await until(`the server's part of the hover (${serverPart})`, async () => {
        const shown = plain(await hover.innerText());
        return serverPart.test(shown) ? shown : undefined;
      }, 5_000).catch(() => '')) || text;
    }
    // move away (an empty part of the editor) so the hover closes and stops covering the text
    await page.mouse.move(700, 700, { steps: 3 });
    await page.keyboard.press('Escape');
    await hover.waitFor({ state: 'hidden', timeout: 15_000 });
    if (!serverPart || serverPart.test(text)) break;
  }
  return text;
}

test('diagnostics, Problems panel, hover, quick fix, voice score, config change and restart in VS Code', async () => {
  const vibelint = env('VIBELINT_EXE');
  const folder = workspace();
  await withVSCode({ folder, userSettings: { 'vibelint.path': vibelint } }, async ({ page }) => {
    // Opening the first Markdown file activates the extension (onLanguage:markdown), which starts the server.
    // The status bar item appears as activate() starts the server: from then to the first squiggle is
    // activation-to-first-diagnostics (server start, initialize, first lint, rendering).
    const opened = Date.now();
    const activated = until(
      'the vibelint status bar item',
      async () => ((await statusBarTexts(page)).some((text) => text.includes('vibelint')) ? Date.now() : undefined),
      120_000,
      25,
    );
    activated.catch(() => {}); // awaited below; a failure before that must not hide the real error
    await openFile(page, 'draft.md');
    await firstSquiggle(page);
    const squiggled = Date.now();
    metric('open_to_activation_ms', (await activated) - opened);
    metric('activation_to_first_diagnostics_ms', squiggled - (await activated));
    assert.match(await editorText(page), /We utilize the new tool/);
    assert.equal(serverPids(vibelint).length, 1, 'one vibelint lsp process');

    // Problems panel
    await page.keyboard.press('Control+Shift+M');
    const rows = await until('the Problems panel rows', async () => {
      const found = await problems(page);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(rows.length, 1, rows.join('\n'));
    assert.match(rows[0], /Plain verb: write 'use' instead of 'utilize'\. at line 3 and character 4\. generated by vibelint/);

    // Hover on the finding
    const hover = await hoverOver(page, 'utilize', /Spec:/);
    assert.match(hover, /karpathy\.plain-verbs/);
    assert.match(hover, /Spec:/);

    // The voice score in the status bar, then an edit that makes it worse
    const before = await until('a voice score in the status bar', () => voiceScore(page));
    await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'seconds.' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' This revolutionary tool will unlock a game-changing paradigm shift for everyone.');
    const after = await until('the voice score to change after the edit', async () => {
      const score = await voiceScore(page);
      return score !== undefined && score !== before ? score : undefined;
    });
    assert.ok(after < before, `hype lowers the score: ${before} -> ${after}`);
    await until('the hype findings in the Problems panel', async () => ((await problems(page)).length === 4 ? true : undefined));

    // Quick fix through Ctrl+. on "utilize"
    await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'utilize' }).click();
    await page.keyboard.press('Home');
    for (let i = 0; i < 'We ut'.length; i++) await page.keyboard.press('ArrowRight');
    const actions = page.locator('.action-widget .monaco-list-row');
    // on a loaded machine the first Ctrl+. can come before the editor has the actions; press it again then
    await until('the quick-fix menu', async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+.');
      try {
        await actions.first().waitFor({ state: 'visible', timeout: 5_000 });
        return true;
      } catch {
        return undefined;
      }
    }, 45_000);
    const titles = (await actions.allTextContents()).map(plain);
    assert.ok(titles.some((title) => /use.*karpathy\.plain-verbs/.test(title)), titles.join(' | '));
    assert.ok(titles.some((title) => /Disable karpathy\.plain-verbs for this line/.test(title)), titles.join(' | '));
    assert.ok(!titles.some((title) => /^(Fix|Explain)\b/.test(title)), `no AI entries: ${titles.join(' | ')}`);
    await page.keyboard.press('Enter');
    await until('the fix in the text', async () => /We use the new tool/.test(await editorText(page)));
    await until('3 problems after the fix', async () => ((await problems(page)).length === 3 ? true : undefined));

    // The project config changes: ignore the hype rule, add a Vale style; the diagnostics follow
    fs.writeFileSync(path.join(folder, '.vibelint.toml'), 'ignore = ["karpathy.hype"]\nvale-styles = ["styles"]\n');
    const changed = await until('diagnostics from the new config', async () => {
      const rows = await problems(page);
      return rows.length === 2 && rows.some((row) => /Say what you measured instead of 'fine'/.test(row)) ? rows : undefined;
    });
    assert.ok(changed.some((row) => /Corporate jargon/.test(row)), changed.join('\n'));

    // Hover on the Vale-style finding: the rule has no examples
    const valeHover = await hoverOver(page, 'fine', /Vague praise/);
    assert.match(valeHover, /Demo\.Vague/);
    assert.match(valeHover, /Vague praise tells the reader nothing/);

    // vibelint: Restart Server: a new server process, and the diagnostics come back from it
    const [oldPid] = serverPids(vibelint);
    await runCommand(page, 'vibelint: Restart Server');
    const newPids = await until('a new server process', async () => {
      const pids = serverPids(vibelint);
      return pids.length === 1 && pids[0] !== oldPid ? pids : undefined;
    });
    assert.notEqual(newPids[0], oldPid);
    // an edit at the end of the draft (not wherever a hover left the caret) makes the new server lint again
    await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'seconds.' }).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('ok');
    await until('diagnostics from the restarted server', async () => ((await problems(page)).length === 2 ? true : undefined));
  });
  fs.rmSync(folder, { recursive: true, force: true });
});
