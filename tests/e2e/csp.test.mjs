/*
 * The Content-Security-Policy every page carries, in Chromium, for every
 * theme: the policy is there, and using the site under it (the colour
 * scheme button, search, a calculator with charts, a quiz, a checklist,
 * the progress, print, tag and 404 pages) reports no violation and no
 * console error, from disk (where Chromium treats 'self' specially) and
 * over HTTP.  The fixture (fixtures/csp) has one page per kind of block.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { siteUnderTest } from './lib/browser.mjs';
import { themedFixture, themeNames } from './lib/themes.mjs';

const TIMEOUT = { timeout: 180000 };

/* Records every violation the page reports, from its first script on. */
function recordViolations() {
	window.pbViolations = [];
	document.addEventListener('securitypolicyviolation', event => {
		window.pbViolations.push(`${event.violatedDirective}: ${event.blockedURI || 'inline'}` +
			` (${event.sourceFile || ''}:${event.lineNumber || 0})`);
	});
}

/* What a reader does on each page; every step waits for its outcome, so a
 * blocked script shows as a step that never finishes. */
const visits = [
	{ rel: 'index.html', use: async page => {
		await page.waitForSelector('form[data-search]:not([hidden])');
		await page.fill('input[type=search]', 'quiz');
		await page.waitForSelector('.search-results li');
		if (await page.locator('.theme-button').count())
			await page.click('.theme-button');
	} },
	{ rel: 'tools/calc.html', use: async page => {
		await page.waitForSelector('.calc[data-live]');
		await page.fill('#calc-bill-in-hours', '20000');
		await page.waitForFunction(() =>
			document.querySelector('#calc-bill').textContent.includes('11,000'));
	} },
	{ rel: 'tools/check.html', use: async page => {
		await page.waitForSelector('.quiz[data-live]');
		await page.locator('.quiz label').nth(1).click();
		await page.click('.quiz-check');
		await page.waitForFunction(() =>
			document.querySelector('.quiz-result').textContent === '1 of 1 correct');
		await page.locator('#checklist-plan input').first().check();
	} },
	{ rel: 'progress.html', use: page => page.waitForSelector('[data-progress-page][data-live]') },
	{ rel: 'print.html' },
	{ rel: 'tags/index.html' },
	{ rel: 'tools/index.html' },
	{ rel: '404.html' },
];

for (const theme of themeNames) {
	describe(`Content-Security-Policy (${theme} theme)`, () => {
		const site = siteUnderTest(themedFixture('tests/e2e/fixtures/csp', theme, { after }),
			{ before, after });

		it('is on every page, with no inline script or style allowed', TIMEOUT, async () => {
			await site.withPage(site.origins[1].url('index.html'), {}, async page => {
				const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
				assert.match(policy, /script-src 'self'/);
				assert.match(policy, /style-src 'self'/);
				assert.doesNotMatch(policy, /unsafe|\*|https?:/);
			});
		});

		for (const o of site.origins) {
			it(`reports no violation while the site is used (${o.name})`, TIMEOUT, async () => {
				await site.withPage(null, {}, async page => {
					await page.context().addInitScript(recordViolations);
					for (const visit of visits) {
						await page.goto(o.url(visit.rel));
						assert.equal(await page.locator('meta[http-equiv="Content-Security-Policy"]').count(), 1, visit.rel);
						if (visit.use)
							await visit.use(page);
						assert.deepEqual(await page.evaluate(() => window.pbViolations), [], visit.rel);
					}
					assert.deepEqual(page.errors, []);
				});
			});
		}
	});
}
