/*
 * Reading aids of the default theme, in Chromium: the table of contents
 * marks the section a link led to even at the end of a page, where the
 * last headings cannot scroll up to the top bar; the left and right arrow
 * keys go to the previous and next page, but not while the reader types;
 * every code block has a Copy button that works by keyboard.
 * The fixture (fixtures/reading) has a long page whose last sections are
 * short, and a page with a calculator's input field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { siteUnderTest } from './lib/browser.mjs';

const TIMEOUT = { timeout: 180000 };
const site = siteUnderTest('tests/e2e/fixtures/reading', { before, after });
const { origins, withPage } = site;

function current(page) {
	return page.$$eval('.toc a.is-current', links => links.map(a => a.textContent.trim()));
}

describe('table of contents at the end of a page', () => {
	for (const target of ['Last section', 'Second to last']) {
		it(`marks "${target}" after its entry is clicked`, TIMEOUT, async () => {
			await withPage(site.server.url + 'long.html', { height: 700 }, async page => {
				await page.locator('.toc a', { hasText: target }).click();
				await page.waitForFunction(t => {
					const marked = document.querySelector('.toc a.is-current');
					return marked && marked.textContent.trim() === t;
				}, target, { timeout: 10000 });
				assert.deepEqual(await current(page), [target]);
			});
		});
	}

	it('marks the section scrolled to the top bar in the middle of the page', TIMEOUT, async () => {
		await withPage(site.server.url + 'long.html#early-section', { height: 700 }, async page => {
			await page.waitForFunction(() => document.querySelector('.toc a.is-current'));
			assert.deepEqual(await current(page), ['Early section']);
		});
	});
});

describe('sidebar at the end of a page', () => {
	it('stays below the top bar when the page is scrolled to its end', TIMEOUT, async () => {
		await withPage(site.server.url + 'long.html', { width: 1280, height: 700 }, async page => {
			await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
			await page.waitForFunction(() =>
				window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 1);
			const { first, bar } = await page.evaluate(() => ({
				first: document.querySelector('#pb-sidebar a').getBoundingClientRect().top,
				bar: document.querySelector('.topbar').getBoundingClientRect().bottom,
			}));
			assert.ok(first >= bar, `the first sidebar link is at ${first}, under the top bar ending at ${bar}`);
		});
	});
});

describe('pager', () => {
	it('is no wider than the text column on a page with a table of contents', TIMEOUT, async () => {
		await withPage(site.server.url + 'long.html', { width: 1400 }, async page => {
			const { pager, text } = await page.evaluate(() => {
				const box = el => {
					const r = document.querySelector(el).getBoundingClientRect();
					return { left: r.left, right: r.right };
				};
				return { pager: box('.pager'), text: box('.content') };
			});
			assert.ok(pager.left >= text.left - 1 && pager.right <= text.right + 1,
				`pager ${pager.left}-${pager.right}, text ${text.left}-${text.right}`);
		});
	});
});

describe('arrow keys', () => {
	for (const o of origins) {
		it(`go to the next and the previous page (${o.name})`, TIMEOUT, async () => {
			await withPage(o.url('long.html'), {}, async page => {
				await page.keyboard.press('ArrowRight');
				await page.waitForURL(/after\.html$/);
				await page.keyboard.press('ArrowLeft');
				await page.waitForURL(/long\.html$/);
				await page.keyboard.press('ArrowLeft');
				await page.waitForURL(/index\.html$/);
			});
		});
	}

	it('leave a form field to the reader', TIMEOUT, async () => {
		await withPage(site.server.url + 'after.html', {}, async page => {
			const field = page.locator('.calc input').first();
			await field.focus();
			await page.keyboard.press('ArrowLeft');
			await page.keyboard.press('ArrowRight');
			/* Nothing to wait for: a navigation would have started at once. */
			await page.waitForTimeout(300);
			assert.match(page.url(), /after\.html$/);
		});
	});

	it('do nothing with a modifier held', TIMEOUT, async () => {
		await withPage(site.server.url + 'long.html', {}, async page => {
			await page.keyboard.press('Alt+ArrowRight');
			await page.keyboard.press('Shift+ArrowRight');
			await page.waitForTimeout(300);
			assert.match(page.url(), /long\.html$/);
		});
	});
});

describe('copy button', () => {
	for (const o of origins) {
		it(`copies a code block, by keyboard (${o.name})`, TIMEOUT, async () => {
			await withPage(o.url('after.html'), {}, async page => {
				await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
				const button = page.getByRole('button', { name: 'Copy code' });
				assert.equal(await button.count(), 1);
				await button.focus();
				await page.keyboard.press('Enter');
				await page.waitForFunction(() =>
					document.querySelector('.copy-button').textContent === 'Copied');
				const copied = await page.evaluate(() => navigator.clipboard.readText());
				assert.equal(copied, 'SELECT customer, sum(dbu_hours)\nFROM usage GROUP BY customer;\n');
				assert.equal(await page.locator('p.visually-hidden[role="status"]').textContent(), 'Code copied');
			});
		});
	}

	it('is not printed', TIMEOUT, async () => {
		await withPage(site.server.url + 'after.html', {}, async page => {
			await page.emulateMedia({ media: 'print' });
			assert.equal(await page.locator('.copy-button').isVisible(), false);
		});
	});
});
