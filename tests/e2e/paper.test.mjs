/*
 * The paper theme in Chromium (fixtures/csp built with `theme: paper`):
 * its home page is the table of contents and lists every page in reading
 * order; ← and → walk through them; search, the calculator, the quiz and
 * the checklist work; print media shows the text alone, black on white
 * whatever the colour scheme; print.html is the
 * book; axe finds nothing in light or dark on any page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { formatViolations, runAxe, siteUnderTest } from './lib/browser.mjs';
import { themedFixture } from './lib/themes.mjs';

const TIMEOUT = { timeout: 180000 };
const site = siteUnderTest(themedFixture('tests/e2e/fixtures/csp', 'paper', { after }),
	{ before, after });
const { origins, withPage } = site;

const PAGES = ['index.html', 'tools/index.html', 'tools/calc.html', 'tools/check.html',
	'progress.html', 'print.html', 'tags/index.html', 'tags/blocks.html', '404.html'];


describe('paper theme', () => {
	for (const o of origins) {
		it(`lists every page on the contents page, which ← and → walk (${o.name})`, TIMEOUT, async () => {
			await withPage(o.url('index.html'), {}, async page => {
				const contents = await page.$$eval('.contents a', as => as.map(a => a.href));
				assert.equal(contents.length, 3);
				assert.equal(await page.locator('.sidebar, nav[aria-label="Handbook"]').count(), 0, 'no sidebar');
				const walked = [];
				for (let i = 0; i < contents.length; i++) {
					await Promise.all([page.waitForNavigation(), page.keyboard.press('ArrowRight')]);
					walked.push(page.url());
				}
				assert.deepEqual(walked, contents);
				assert.equal(await page.locator('a[rel="next"]').count(), 0, 'the last page');
				await Promise.all([page.waitForNavigation(), page.keyboard.press('ArrowLeft')]);
				assert.equal(page.url(), contents[contents.length - 2]);
			});
		});
	}

	it('searches', TIMEOUT, async () => {
		await withPage(site.server.url + 'tools/calc.html', {}, async page => {
			await page.keyboard.press('/');
			await page.keyboard.type('checklist');
			await page.waitForSelector('.search-results a');
			const hrefs = await page.$$eval('.search-results a', as => as.map(a => a.getAttribute('href')));
			assert.ok(hrefs.some(h => h.startsWith('../tools/check.html')), hrefs.join(' '));
			/* A result's title and its snippet are lines of their own,
			 * not one run of text. */
			const [title, snippet] = await page.evaluate(() => {
				const result = document.querySelector('.search-results a');
				return ['.search-title', '.search-snippet'].map(s =>
					result.querySelector(s).getBoundingClientRect().toJSON());
			});
			assert.ok(snippet.top >= title.bottom - 1, `snippet ${snippet.top} below title ${title.bottom}`);
		});
	});

	it('runs the calculator, the quiz and the checklist, and fills the progress page', TIMEOUT, async () => {
		await withPage(site.server.url + 'tools/calc.html', {}, async page => {
			await page.fill('#calc-bill-in-hours', '20000');
			await page.waitForFunction(() =>
				document.querySelector('#calc-bill').textContent.includes('11,000'));
			await page.goto(site.server.url + 'tools/check.html');
			await page.locator('.quiz label').nth(1).click();
			await page.click('.quiz-check');
			assert.equal(await page.textContent('.quiz-result'), '1 of 1 correct');
			await page.locator('#checklist-plan input').first().check();
			await page.goto(site.server.url + 'progress.html');
			await page.waitForSelector('[data-progress-page][data-live]');
			assert.deepEqual(await page.$$eval('[data-progress-status]', c => c.map(e => e.textContent)),
				['1 of 1 correct', '1 of 2 done']);
		});
	});

	/* Black on white even when the reader chose dark on a dark system:
	 * the print block outweighs both dark blocks. */
	it('prints the text alone, black on white', TIMEOUT, async () => {
		await withPage(site.server.url + 'tools/calc.html', { colorScheme: 'dark' }, async page => {
			await page.click('.theme-button');
			await page.click('.theme-button');
			assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
			await page.emulateMedia({ media: 'print' });
			for (const chrome of ['.masthead', '.theme-button', '.pager', '.colophon',
				'form[data-search]', '.skip'])
				assert.equal(await page.locator(chrome).isVisible(), false, chrome);
			assert.equal(await page.locator('main h1').isVisible(), true);
			assert.deepEqual(await page.evaluate(() => [document.body, document.querySelector('main h1')]
				.map(e => getComputedStyle(e)).map(st => [st.backgroundColor, st.color])),
			[['rgb(255, 255, 255)', 'rgb(0, 0, 0)'], ['rgba(0, 0, 0, 0)', 'rgb(0, 0, 0)']]);
		});
	});

	it('has print.html with every page and the calculator as text', TIMEOUT, async () => {
		await withPage(site.server.url + 'print.html', {}, async page => {
			assert.equal(await page.locator('.print-page').count(), 4);
			assert.ok(await page.locator('.calc .print-field').count() > 0);
			assert.equal(await page.locator('.print-book input').count(), 0);
		});
	});

	for (const colorScheme of ['light', 'dark']) {
		it(`passes axe on every page (${colorScheme})`, TIMEOUT, async () => {
			await withPage(null, { colorScheme }, async page => {
				for (const rel of PAGES) {
					await page.goto(site.server.url + rel);
					const violations = await runAxe(page);
					assert.deepEqual(violations, [], `${rel}:\n${formatViolations(violations)}`);
				}
			});
		});
	}
});
