/*
 * Offline and publishing, in Chromium, on a fixture handbook built by the
 * real binary:
 *   - over http://127.0.0.1, after one visit the service worker has every
 *     file, so with the server gone the site reloads, navigates and
 *     searches;
 *   - after a rebuild with changed content the reader stays on the version
 *     they have (page, stylesheet, navigation alike) and is offered the new
 *     one, which Reload shows whole;
 *   - the 404 page served for a deep missing path under a project site's
 *     prefix is styled and its links work;
 *   - no page of the site makes a request outside it, from disk or served;
 *   - the manifest names icons that exist, and the worker's list holds no
 *     hidden file; from disk no worker is registered.
 */
import assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
	buildHandbook, fileUrl, foreignRequests, launchBrowser, makeTempDir, openPage,
	removeDir, runPrepbook, serve,
} from './lib/browser.mjs';

const FIXTURE = 'tests/e2e/fixtures/offline';
const TIMEOUT = { timeout: 180000 };
let browser;

before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/* Resolves once a service worker with every file controls the page. */
async function controlled(page) {
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

async function follow(page, selector) {
	const target = await page.$eval(selector, a => a.href);
	await page.click(selector);
	await page.waitForURL(target);
}

/* Every site path of the built site's files, "" for hidden ones. */
async function siteFiles(dir, rel = '') {
	const out = [];
	for (const entry of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
		const p = rel ? `${rel}/${entry.name}` : entry.name;
		if (entry.isDirectory())
			out.push(...await siteFiles(dir, p));
		else
			out.push(p);
	}
	return out.sort();
}

function workerFiles(site) {
	const js = readFileSync(path.join(site, 'sw.js'), 'utf8');
	return JSON.parse(js.match(/self\.PREPBOOK_FILES = (\[[\s\S]*?\]);\n/)[1]);
}

describe('offline over http', () => {
	it('reloads, navigates and searches with the server gone after one visit', TIMEOUT, async () => {
		const built = await buildHandbook(FIXTURE);
		const server = await serve(built.site);
		const page = await openPage(browser, server.url + 'index.html', { serviceWorkers: 'allow' });
		try {
			await controlled(page);
			await server.close();
			await page.context().setOffline(true);
			await page.reload();
			assert.equal(await page.textContent('h1'), 'Offline fixture');
			assert.equal(await page.$eval('.topbar', e => getComputedStyle(e).position), 'sticky',
				'the stylesheet came from the cache');
			await follow(page, 'main a[href$="first.html"]');
			assert.match(await page.textContent('main'), /version one/);
			assert.equal(await page.textContent('.calc output'), '6');
			await follow(page, 'a[rel="next"]');
			assert.equal(await page.textContent('h1'), 'Second page');
			assert.ok(await page.$eval('main img', img => img.complete && img.naturalWidth > 0));
			await page.keyboard.press('/');
			await page.keyboard.type('travels');
			await page.waitForSelector('.search-result');
			assert.equal(await page.textContent('.search-title'), 'Notes');
			assert.deepEqual(page.errors.filter(e => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e)), []);
		} finally {
			await page.context().close();
			await server.close();
			await built.cleanup();
		}
	});

	it('offers a rebuilt site as a new version, and never mixes the two', TIMEOUT, async () => {
		const built = await buildHandbook(FIXTURE);
		const handbook = path.join(built.root, 'handbook');
		const server = await serve(built.site);
		const page = await openPage(browser, server.url + 'index.html', { serviceWorkers: 'allow' });
		/* Which build each part of what the reader sees comes from: the
		 * page's text, the stylesheet, and the sidebar, which on notes.html
		 * lists the guide's pages from nav-tree.js. */
		const state = () => page.evaluate(() => ({
			text: document.querySelector('main').textContent.includes('version two') ? 2 : 1,
			css: getComputedStyle(document.documentElement).getPropertyValue('--e2e-build').trim() ? 2 : 1,
			nav: document.querySelector('#pb-sidebar').textContent.includes('Third page') ? 2 : 1,
		}));
		const open = async selector => {
			await follow(page, selector);
			await page.waitForSelector('#pb-sidebar[data-nav-ready]', { state: 'attached' });
			await page.waitForFunction(() => [...document.querySelectorAll('#pb-sidebar a')]
				.some(a => a.textContent.trim() === 'First page'));
		};
		try {
			await controlled(page);
			const first = path.join(handbook, 'content/guide/first.md');
			await fs.writeFile(first, (await fs.readFile(first, 'utf8')).replace('version one', 'version two'));
			await fs.writeFile(path.join(handbook, 'content/guide/third.md'), '---\ntitle: Third page\nweight: 3\n---\nNew.\n');
			await fs.appendFile(path.join(handbook, 'themes/default/assets/prepbook.css'), '\n:root { --e2e-build: 2; }\n');
			const rebuilt = await runPrepbook(['build', '-C', handbook, '-o', built.site]);
			assert.equal(rebuilt.code, 0, rebuilt.stderr);

			/* The reader goes on reading: the old version, whole. */
			await open('main a[href$="first.html"]');
			assert.deepEqual(await state(), { text: 1, css: 1, nav: 1 });
			await page.waitForSelector('.update-notice', { timeout: 60000 });
			assert.match(await page.textContent('.update-notice'), /new version/i);
			await open('#pb-sidebar a[href$="notes.html"]');
			assert.deepEqual(await state(), { text: 1, css: 1, nav: 1 });
			await page.waitForSelector('.update-notice');

			/* Reload: the new version, whole. */
			await Promise.all([page.waitForEvent('load'), page.click('.update-notice button')]);
			await page.waitForSelector('#pb-sidebar[data-nav-ready]', { state: 'attached' });
			await page.waitForFunction(() => [...document.querySelectorAll('#pb-sidebar a')]
				.some(a => a.textContent.trim() === 'First page'));
			assert.deepEqual(await state(), { text: 1, css: 2, nav: 2 });
			await page.goto(server.url + 'guide/first.html');
			assert.deepEqual(await state(), { text: 2, css: 2, nav: 2 });
			assert.equal(await page.$('.update-notice'), null);
			const caches = await page.evaluate(() => caches.keys());
			assert.equal(caches.length, 1, 'the old version\'s cache is gone');
		} finally {
			await page.context().close();
			await server.close();
			await built.cleanup();
		}
	});
});

describe('publishing', () => {
	it('serves a styled 404 page with working links at any depth of a project site', TIMEOUT, async () => {
		const root = await makeTempDir();
		const server = await serve(path.join(root, 'site'), { prefix: '/handbook/' });
		let built;
		try {
			built = await buildHandbook(FIXTURE, { root, args: ['--base-url', server.url] });
			const page = await openPage(browser, null, { serviceWorkers: 'allow' });
			try {
				const response = await page.goto(server.origin + '/handbook/deep/er/than/that/missing.html');
				assert.equal(response.status(), 404);
				assert.equal(await page.textContent('h1'), 'Page not found');
				assert.equal(await page.$eval('.topbar', e => getComputedStyle(e).position), 'sticky');
				const links = await page.$$eval('main a', as => as.map(a => a.href));
				assert.ok(links.length >= 3, links.join(' '));
				for (const link of links)
					assert.equal((await page.request.get(link)).status(), 200, link);
				await follow(page, 'main a.button');
				assert.equal(page.url(), server.url + 'index.html');
				assert.equal(await page.textContent('h1'), 'Offline fixture');
				assert.deepEqual(foreignRequests(page.requests, server.origin), []);
			} finally {
				await page.context().close();
			}
			const sitemap = await fs.readFile(path.join(built.site, 'sitemap.xml'), 'utf8');
			assert.match(sitemap, new RegExp(`<loc>${server.url}guide/first.html</loc>`));
			assert.match(await fs.readFile(path.join(built.site, 'robots.txt'), 'utf8'),
				new RegExp(`Sitemap: ${server.url}sitemap.xml`));
		} finally {
			await server.close();
			await (built ? built.cleanup() : removeDir(root));
		}
	});

	it('makes no request outside the site from any page, from disk or served', TIMEOUT, async () => {
		const built = await buildHandbook(FIXTURE);
		const server = await serve(built.site);
		const files = await siteFiles(built.site);
		const pages = files.filter(f => f.endsWith('.html'));
		/* Nothing in the output names another host to load from. */
		const external = /<(?:script|img|iframe|source|link)\b[^>]*\b(?:src|href)=["']?(?:[a-z]+:)?\/\/|url\(\s*['"]?(?:[a-z]+:)?\/\/|@import/i;
		for (const f of files.filter(f => /\.(html|css|js|webmanifest)$/.test(f)))
			assert.doesNotMatch(await fs.readFile(path.join(built.site, f), 'utf8'), external, f);
		try {
			for (const [origin, url] of [[null, rel => fileUrl(built.site, rel)],
				[server.origin, rel => server.url + rel]]) {
				const page = await openPage(browser, null, { serviceWorkers: 'allow' });
				try {
					for (const rel of pages)
						await page.goto(url(rel), { waitUntil: 'load' });
					assert.ok(page.requests.length > pages.length);
					assert.deepEqual(foreignRequests(page.requests, origin), []);
					if (origin === null)
						assert.ok(!page.requests.some(u => u.endsWith('/sw.js')),
							'no worker from disk');
					assert.deepEqual(page.errors, []);
				} finally {
					await page.context().close();
				}
			}
			/* The manifest's icons exist, and the worker lists every file
			 * a reader needs but no hidden one. */
			const manifest = JSON.parse(await fs.readFile(path.join(built.site, 'manifest.webmanifest'), 'utf8'));
			const sizes = manifest.icons.map(i => i.sizes);
			assert.ok(sizes.includes('192x192') && sizes.includes('512x512'), sizes.join(' '));
			for (const icon of manifest.icons)
				assert.ok(files.includes(icon.src), icon.src);
			const listed = workerFiles(built.site).map(e => e[0]);
			assert.deepEqual(listed, files.filter(f => !/(^|\/)\./.test(f) && f !== 'sw.js'));
		} finally {
			await server.close();
			await built.cleanup();
		}
	});
});
