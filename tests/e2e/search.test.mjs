/*
 * The search box in Chromium, on a site opened from disk (file://) with
 * the network off: the index loads on first use, not with the page; a
 * page is found by a word of its text, an accented spelling and the start
 * of a word; the keyboard alone finds and opens a result, and the site
 * goes on working after it.  (What the engine finds and how it ranks is
 * search-engine.test.mjs's, without a browser.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { buildHandbook, fileUrl, foreignRequests, launchBrowser, openPage } from './lib/browser.mjs';

const TIMEOUT = { timeout: 120000 };
let built;
let browser;

before(async () => {
	built = await buildHandbook('tests/e2e/fixtures/search');
	browser = await launchBrowser();
});
after(async () => {
	await browser?.close();
	await built?.cleanup();
});

/* Types query into the (focused) box and waits for its results' titles. */
async function query(page, text) {
	await page.fill('#pb-search', text);
	await page.waitForFunction(t => document.querySelector('#pb-search').value === t &&
		!document.querySelector('.search-panel').hidden &&
		document.querySelector('.search-status').textContent !== '', text);
	return page.$$eval('.search-result .search-title', els => els.map(e => e.textContent));
}

describe('search from disk, offline', () => {
	it('loads the index on first use, finds pages, and opens one by keyboard', TIMEOUT, async () => {
		const page = await openPage(browser, null);
		await page.context().setOffline(true);
		try {
			await page.goto(fileUrl(built.site, 'index.html'), { waitUntil: 'load' });
			assert.ok(await page.isVisible('#pb-search'), 'the box shows once the script runs');
			assert.ok(!page.requests.some(u => u.includes('search-index')),
				'the index is not loaded with the page');

			await page.keyboard.press('/');
			assert.equal(await page.evaluate(() => document.activeElement.id), 'pb-search');

			assert.deepEqual(await query(page, 'snapshots'), ['Apache Iceberg']);
			assert.ok(page.requests.some(u => u.endsWith('/search-index.js')));
			assert.deepEqual((await query(page, 'délta')).slice(0, 2), ['Delta Lake', 'Apache Iceberg']);
			assert.deepEqual(await query(page, 'transac'), ['Delta Lake']);
			await page.waitForSelector('.search-snippet mark');
			assert.equal(await page.textContent('.search-snippet mark'), 'transaction');
			assert.equal(await page.textContent('.search-part'), 'Table formats');

			/* A result under a heading links to it. */
			assert.deepEqual(await query(page, 'versi'), ['Delta Lake']);
			await page.waitForSelector('.search-heading:not(:empty)');
			assert.equal(await page.textContent('.search-heading'), 'Time travel');
			await page.keyboard.press('ArrowDown');
			assert.equal(await page.evaluate(() => document.activeElement.className), 'search-result');
			await page.keyboard.press('Enter');
			await page.waitForURL(/\/formats\/delta\.html#time-travel$/);
			assert.equal(await page.textContent('h1'), 'Delta Lake');

			/* The site works on: the next page, and search there. */
			await page.click('a[rel="next"]');
			await page.waitForURL(/\/formats\/iceberg\.html$/);
			await page.keyboard.press('/');
			assert.deepEqual(await query(page, 'DELTA'), ['Delta Lake', 'Apache Iceberg', 'Parquet']);
			await page.keyboard.press('ArrowDown');
			await page.keyboard.press('ArrowDown');
			await page.keyboard.press('ArrowUp');
			await page.keyboard.press('ArrowUp');
			assert.equal(await page.evaluate(() => document.activeElement.id), 'pb-search');
			await page.keyboard.press('Escape');
			assert.ok(await page.isHidden('.search-panel'), 'Escape closes the results');
			await page.keyboard.press('Enter');
			await page.waitForURL(/\/formats\/delta\.html$/);

			assert.deepEqual(foreignRequests(page.requests), []);
			assert.deepEqual(page.errors, []);
		} finally {
			await page.context().close();
		}
	});

	it('says so when nothing matches', TIMEOUT, async () => {
		const page = await openPage(browser, fileUrl(built.site, 'world.html'));
		try {
			await page.focus('#pb-search');
			assert.deepEqual(await query(page, 'zeppelin'), []);
			assert.equal(await page.textContent('.search-status'), 'No results');
			assert.deepEqual(await query(page, '数据'), ['Around the world']);
			assert.deepEqual(page.errors, []);
		} finally {
			await page.context().close();
		}
	});
});
