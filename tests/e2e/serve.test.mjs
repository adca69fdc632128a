/*
 * `prepbook serve` in Chromium: a page reloads by itself when its file
 * changes (and keeps its scroll position), another page does not; a
 * broken edit shows its error, at file:line:col, over every open page and
 * the fix takes it away; the files on disk never hold the reload script;
 * and a one-page edit of the repository's own handbook shows quickly.
 * Every wait polls what it waits for, with a deadline.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
	buildHandbook, launchBrowser, makeTempDir, openPage, removeDir, repoRoot,
} from './lib/browser.mjs';
import { siteFiles, startServe, waitFor } from './lib/serve.mjs';

const FIXTURE = 'tests/e2e/fixtures/nav';
const TIMEOUT = { timeout: 180000 };
/* How long a change may take to show before a test fails: far above
 * what it takes (see the README), so a loaded machine does not fail. */
const SHOWS_WITHIN = 15000;

let built, handbook, server, browser;
const opened = [];

before(async () => {
	built = await buildHandbook(FIXTURE);
	handbook = path.join(built.root, 'handbook');
	server = await startServe(handbook, built.site);
	browser = await launchBrowser();
});
after(async () => {
	for (const page of opened)
		await page.context().close().catch(() => {});
	await browser?.close();
	await server?.stop();
	await built?.cleanup();
});

/* Opens a page of the served site once its reload channel has had its
 * first message, and marks the window: a reload takes the mark away. */
async function openLive(base, rel, options = {}) {
	const page = await openPage(browser, base + rel, options);
	opened.push(page);
	await page.waitForSelector('html[data-prepbook-generation]',
		{ state: 'attached', timeout: SHOWS_WITHIN });
	await page.evaluate(() => { window.notReloaded = true; });
	return page;
}

const generation = page =>
	page.evaluate(() => document.documentElement.dataset.prepbookGeneration);
const reloaded = async page =>
	(await page.evaluate(() => window.notReloaded)) !== true;

describe('live reload', () => {
	let first, second;
	const firstSource = () => path.join(handbook, 'content/basics/first.md');

	before(async () => {
		first = await openLive(server.url, 'basics/first.html', { height: 400 });
		second = await openLive(server.url, 'basics/second.html');
	});

	it('reloads the page whose file changed, where it was scrolled to', TIMEOUT, async t => {
		await first.evaluate(() => window.scrollTo(0, 300));
		await waitFor('the scroll', () => first.evaluate(() => window.scrollY === 300));
		const heardBefore = await generation(second);
		const text = `Edited while served ${Date.now()}`;
		const start = Date.now();
		await fs.appendFile(firstSource(), `\n${text}\n`);
		await first.getByText(text).waitFor({ timeout: SHOWS_WITHIN });
		t.diagnostic(`the edit showed after ${Date.now() - start} ms`);
		assert.ok(await reloaded(first), 'the page reloaded');
		await waitFor('the scroll position back',
			() => first.evaluate(() => Math.abs(window.scrollY - 300) <= 1));
		/* The other page heard of the same build, and stayed. */
		await waitFor('the other page to hear of the build',
			async () => (await generation(second)) !== heardBefore, SHOWS_WITHIN);
		assert.equal(await reloaded(second), false, 'the other page reloaded');
	});

	it('shows a broken edit\'s error over every page, and the fix removes it', TIMEOUT, async () => {
		await first.evaluate(() => { window.notReloaded = true; });
		const good = await fs.readFile(firstSource(), 'utf8');
		const where = 'content/basics/first.md:4:9: error: front matter: ' +
			'\'weight\' must be an integer';
		await fs.writeFile(firstSource(), good.replace('weight: 1', 'weight: first'));
		for (const page of [first, second]) {
			const overlay = page.locator('#prepbook-serve-errors');
			await overlay.waitFor({ state: 'visible', timeout: SHOWS_WITHIN });
			assert.match(await overlay.innerText(), new RegExp(where));
		}
		await waitFor('the error in the terminal', () => server.output().includes(where));
		/* The last good site is still served, and a page opened now
		 * shows the error at once. */
		const third = await openLive(server.url, 'basics/third.html');
		await third.locator('#prepbook-serve-errors').waitFor({ timeout: SHOWS_WITHIN });
		assert.equal(await reloaded(first), false, 'a failed build reloaded the page');

		await fs.writeFile(firstSource(), good);
		for (const page of [first, second, third])
			await page.locator('#prepbook-serve-errors')
				.waitFor({ state: 'detached', timeout: SHOWS_WITHIN });
		/* The fix gave the page its old bytes back: nothing to reload. */
		assert.equal(await reloaded(first), false, 'the fix reloaded an unchanged page');
	});

	it('never writes the reload script into the site on disk', TIMEOUT, async () => {
		const served = await (await fetch(server.url + 'basics/first.html')).text();
		assert.match(served, /__prepbook\/live\.js/, 'served pages carry the script');
		const files = await siteFiles(built.site);
		assert.ok(files.includes('basics/first.html'), files.join(' '));
		for (const file of files) {
			const bytes = await fs.readFile(path.join(built.site, file), 'latin1');
			assert.doesNotMatch(bytes, /__prepbook|prepbook-serve/, file);
		}
	});
});

/* The handbook this repository ships, copied, served, and edited. */
describe('the repository\'s handbook', () => {
	let root, own;

	before(async () => {
		root = await makeTempDir();
		for (const part of ['content', 'themes', 'plugins', 'handbook.yml'])
			await fs.cp(path.join(repoRoot, part), path.join(root, part), { recursive: true });
		own = await startServe(root, path.join(root, 'site'));
	});
	after(async () => {
		await own?.stop();
		await removeDir(root);
	});

	/*
	 * From the write to the page on screen: the page's first paint
	 * after the reload (the browser's own clock, which is the machine's
	 * wall clock as Date.now() here is), so the test's polling does not
	 * count.  A sentence is appended to a page, as an author would.
	 */
	it('shows a one-page edit quickly', TIMEOUT, async t => {
		const page = await openLive(own.url, 'economics/tco.html');
		const source = path.join(root, 'content/economics/tco.md');
		const times = [];
		for (let i = 0; i < 7; i++) {
			const text = `Edit number ${i} at ${Date.now()}`;
			const start = Date.now();
			await fs.appendFile(source, `\n${text}\n`);
			await page.getByText(text).waitFor({ timeout: SHOWS_WITHIN });
			const painted = await page.evaluate(() => {
				const paint = performance.getEntriesByName('first-contentful-paint')[0];
				const nav = performance.getEntriesByType('navigation')[0];
				return performance.timeOrigin +
					(paint ? paint.startTime : nav.domContentLoadedEventEnd);
			});
			times.push(Math.round(painted - start));
			await page.waitForSelector('html[data-prepbook-generation]',
				{ state: 'attached', timeout: SHOWS_WITHIN });
		}
		const median = [...times].sort((a, b) => a - b)[times.length >> 1];
		t.diagnostic(`edit to first paint: ${times.join(', ')} ms; median ${median} ms`);
		t.diagnostic(own.output().split('\n').filter(l => /rebuilt/.test(l)).join('\n'));
		/* The aim is 200 ms, met with room to spare (README: about
		 * 130 ms).  The bound only catches a gross regression (a
		 * watcher that waits, a page that polls): under SAN=1 the
		 * rebuild alone takes 100-350 ms, and the median 450. */
		assert.ok(median < 1000, `median ${median} ms`);
	});
});
