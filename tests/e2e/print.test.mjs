/*
 * print.html in Chromium: the whole fixture handbook in reading order
 * after a table of contents, links that stay inside the page,
 * calculators as text with their default results, quizzes as questions
 * with an answer key at the end, and in print media no navigation, a
 * sheet per page and external addresses written out.  Every page links
 * to it from its top bar.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { buildHandbook, fileUrl, foreignRequests, launchBrowser, openPage } from './lib/browser.mjs';

const TIMEOUT = { timeout: 120000 };
const PAGES = ['Print fixture', 'Costs', 'The monthly bill', 'Check yourself', 'FAQ'];
let built;
let browser;
let page;

before(async () => {
	built = await buildHandbook('tests/e2e/fixtures/print');
	browser = await launchBrowser();
	page = await openPage(browser, fileUrl(built.site, 'print.html'));
});
after(async () => {
	await page?.context().close();
	await browser?.close();
	await built?.cleanup();
});

describe('print.html', () => {
	it('gives the book the whole width, with no sidebar', TIMEOUT, async () => {
		assert.equal(await page.$('.sidebar'), null);
		const width = await page.$eval('.print-book', b => b.getBoundingClientRect().width);
		assert.ok(width > 600, `the book is ${width}px wide`);
	});

	it('holds every page in reading order, after a table of contents', TIMEOUT, async () => {
		assert.deepEqual(await page.$$eval('.print-page .print-title', hs => hs.map(h => h.textContent)), PAGES);
		assert.deepEqual(await page.$$eval('.print-toc a', as => as.map(a => a.textContent)), PAGES);
		assert.deepEqual(await page.$$eval('.print-toc a', as => as.map(a => a.getAttribute('href'))),
			['#index', '#costs/index', '#costs/bill', '#costs/quiz', '#faq']);
	});

	it('turns every link between pages into a link inside it, with unique ids', TIMEOUT, async () => {
		const check = await page.evaluate(() => {
			const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
			const missing = [...document.querySelectorAll('a[href^="#"]')]
				.map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
				.filter(id => id !== '' && !document.getElementById(id));
			return { dups: ids.filter((id, i) => ids.indexOf(id) !== i), missing };
		});
		assert.deepEqual(check, { dups: [], missing: [] });
		assert.equal(await page.getAttribute('#index a[href*="two-lines"]', 'href'),
			'#costs/bill:the-two-lines');
		assert.ok(await page.$('[id="costs/bill:fn-1"]'), 'footnotes keep their ids, prefixed');
	});

	it('shows calculators as text with their default results', TIMEOUT, async () => {
		assert.deepEqual(await page.$$eval('.calc .print-field', f => f.map(e => e.textContent)),
			['12000', '0.55', 'Premium']);
		assert.equal(await page.textContent('.calc output'), '$7,920.00');
		assert.equal(await page.$$eval('.print-book input, .print-book select, .print-book button',
			els => els.length), 0);
	});

	it('prints quizzes as questions, with the answers in a key at the end', TIMEOUT, async () => {
		assert.equal(await page.$$eval('[id="costs/quiz"] .quiz-question', q => q.length), 2);
		assert.equal(await page.$$eval('[id="costs/quiz"] .print-answer-ref a', a => a.length), 2);
		assert.equal(await page.$$eval('.print-book details.quiz-answer', d => d.length), 0);
		const key = await page.$$eval('.print-answers .print-answer', items => items.map(i => i.textContent));
		assert.equal(key.length, 2);
		assert.match(key[0], /Which line is usually larger\?[\s\S]*Answer: Compute[\s\S]*Clusters run for hours[\s\S]*Storage is cheap per terabyte/);
		assert.match(key[1], /What is billed per TB-month\?[\s\S]*Answer: Storage/);
		assert.ok(await page.evaluate(() => document.querySelector('.print-answers')
			.compareDocumentPosition(document.querySelector('[id="faq"]')) &
			Node.DOCUMENT_POSITION_PRECEDING), 'the key comes after the last page');
	});

	it('has no navigation in print media, a sheet per page, and external addresses written out', TIMEOUT, async () => {
		await page.emulateMedia({ media: 'print' });
		try {
			for (const chrome of ['.topbar', '.skip-link', '.site-footer', '.search'])
				assert.equal(await page.isVisible(chrome), false, chrome);
			assert.equal(await page.$('.sidebar'), null, 'print.html has no sidebar at all');
			assert.deepEqual(await page.$$eval('.print-page', ps => [...new Set(ps.map(p =>
				getComputedStyle(p).breakBefore))]), ['page']);
			const after = await page.$eval('a[href="https://example.com/pricing"]',
				a => getComputedStyle(a, '::after').content);
			assert.match(after, /https:\/\/example\.com\/pricing/);
		} finally {
			await page.emulateMedia({ media: 'screen' });
		}
		assert.deepEqual(foreignRequests(page.requests), []);
		assert.deepEqual(page.errors, []);
	});

	it('is linked from every page\'s top bar', TIMEOUT, async () => {
		for (const rel of ['index.html', 'costs/bill.html', 'faq.html']) {
			const other = await openPage(browser, fileUrl(built.site, rel));
			try {
				await other.click('.topbar a[href$="print.html"]');
				await other.waitForURL(/\/print\.html$/);
			} finally {
				await other.context().close();
			}
		}
	});
});
