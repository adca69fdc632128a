/*
 * The default theme's navigation, read by a browser: the sidebar, the
 * current part, prev/next, the table of contents, the narrow-screen menu,
 * accessibility (axe-core) and the promise that no request leaves the site.
 * Every check runs on a fixture handbook (fixtures/nav) built by the real
 * binary, opened both from disk (file://) and over HTTP.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
	buildHandbook, fileUrl, foreignRequests, formatViolations, launchBrowser,
	makeTempDir, openPage, removeDir, runAxe, serve, siteUnderTest,
} from './lib/browser.mjs';

const FIXTURE = 'tests/e2e/fixtures/nav';
/* Generous: a loaded two-core machine may take seconds per page. */
const TIMEOUT = { timeout: 180000 };

const site = siteUnderTest(FIXTURE, { before, after });
const { origins, withPage } = site;

/* Clicks the link and waits until its page has loaded. */
async function follow(page, selector) {
	const target = await page.$eval(selector, a => a.href);
	await page.click(selector);
	await page.waitForURL(target);
}

/* The sidebar once nav.js has filled the folded parts from nav-tree.js. */
async function sidebarState(page) {
	await page.waitForSelector('#pb-sidebar[data-nav-ready]', { state: 'attached' });
	return page.$eval('#pb-sidebar', nav => {
		const visible = el => el.getClientRects().length > 0 &&
			getComputedStyle(el).visibility !== 'hidden';
		return {
			items: [...nav.querySelectorAll(':scope > ul > li')].map(li => ({
				title: li.querySelector('a').textContent.trim(),
				href: li.querySelector('a').getAttribute('href'),
				isPart: li.classList.contains('nav-part'),
				open: li.classList.contains('is-open'),
				pages: [...li.querySelectorAll('.nav-pages a')].map(a => a.textContent.trim()),
				pagesVisible: [...li.querySelectorAll('.nav-pages a')].some(visible),
				expanded: li.querySelector('.nav-expand')?.getAttribute('aria-expanded') ?? null,
			})),
			current: [...nav.querySelectorAll('[aria-current]')].map(a => ({
				text: a.textContent.trim(),
				value: a.getAttribute('aria-current'),
				part: a.closest('.nav-part')?.querySelector('a').textContent.trim() ?? null,
			})),
		};
	});
}

describe('sidebar', () => {
	for (const o of origins) {
		it(`lists every part and top-level page (${o.name})`, TIMEOUT, async () => {
			await withPage(o.url('basics/second.html'), {}, async page => {
				const { items } = await sidebarState(page);
				const titles = items.map(i => i.title);
				assert.equal(titles[0], 'Fixture Handbook', 'the home page comes first');
				assert.ok(titles.includes('Basics') && titles.includes('Glossary'), titles.join(', '));
				assert.equal(items.filter(i => i.isPart).length, 2, 'two parts');
				assert.match(items.find(i => i.isPart && i.title !== 'Basics').title, /economics/i);
				const basics = items.find(i => i.title === 'Basics');
				assert.deepEqual(basics.pages, ['First steps', 'Second steps', 'Third steps']);
				const economics = items.find(i => /economics/i.test(i.title));
				assert.deepEqual(economics.pages, ['Costs', 'Savings']);
				/* Every link leads to a page that was built. */
				for (const item of items) {
					const target = new URL(item.href, page.url());
					if (target.protocol === 'file:')
						assert.ok(existsSync(new URL(target.href)), `${item.href} exists`);
					else
						assert.equal((await page.request.get(target.href)).status(), 200, item.href);
				}
			});
		});
	}

	it('expands the current part, folds the others, marks the current page', TIMEOUT, async () => {
		await withPage(site.server.url + 'basics/second.html', {}, async page => {
			const { items, current } = await sidebarState(page);
			const basics = items.find(i => i.title === 'Basics');
			const economics = items.find(i => /economics/i.test(i.title));
			assert.ok(basics.open && basics.pagesVisible, 'the current part is open');
			assert.equal(basics.expanded, 'true');
			assert.ok(!economics.open && !economics.pagesVisible, 'other parts are folded');
			assert.equal(economics.expanded, 'false');
			assert.deepEqual(current, [{ text: 'Second steps', value: 'page', part: 'Basics' }]);
		});
	});

	for (const o of origins) {
		it(`fills folded parts from nav-tree.js, not from the page (${o.name})`, TIMEOUT, async () => {
			/* The page's own HTML lists only its part's pages, so its size
			 * does not grow with the handbook. */
			const html = readFileSync(path.join(site.built.site, 'basics/first.html'), 'utf8');
			assert.ok(!html.includes('economics/savings.html'), 'another part\'s page is not in the HTML');
			assert.ok(html.includes('second.html'), 'its own part\'s pages are');
			await withPage(o.url('basics/first.html'), {}, async page => {
				const { items } = await sidebarState(page);
				const economics = items.find(i => /economics/i.test(i.title));
				assert.deepEqual(economics.pages, ['Costs', 'Savings']);
				const href = await page.locator('#pb-sidebar a', { hasText: 'Savings' })
					.evaluate(a => a.href);
				assert.match(href, /\/economics\/savings\.html$/);
			});
		});
	}

	it('marks a part as current on its landing page', TIMEOUT, async () => {
		await withPage(site.server.url + 'basics/index.html', {}, async page => {
			const { items, current } = await sidebarState(page);
			assert.deepEqual(current, [{ text: 'Basics', value: 'page', part: 'Basics' }]);
			assert.ok(items.find(i => i.title === 'Basics').pagesVisible);
		});
	});

	it('unfolds another part with its toggle button', TIMEOUT, async () => {
		await withPage(site.server.url + 'basics/first.html', {}, async page => {
			await page.waitForSelector('#pb-sidebar[data-nav-ready]', { state: 'attached' });
			assert.equal(await page.locator('.nav-part:not(.is-open) .nav-expand').count(), 1);
			const toggle = page.getByRole('button', { name: /economics/i });
			assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
			await toggle.click();
			assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
			assert.ok(await page.locator('#pb-sidebar a', { hasText: 'Savings' }).isVisible());
			await toggle.click();
			assert.equal(await page.locator('#pb-sidebar a', { hasText: 'Savings' }).isVisible(), false);
		});
	});
});

describe('markup', () => {
	it('writes no empty nested list in the table of contents', TIMEOUT, async () => {
		const pages = ['basics/first.html', 'basics/second.html', 'basics/third.html',
			'economics/costs.html', 'index.html'];
		let nested = 0;
		for (const rel of pages) {
			const html = readFileSync(path.join(site.built.site, rel), 'utf8');
			assert.ok(!/<ol class="toc-sub">\s*<\/ol>/.test(html), `${rel} has an empty toc-sub`);
			nested += (html.match(/<ol class="toc-sub">/g) || []).length;
		}
		assert.ok(nested > 0, 'a page with level-3 headings still nests them');
	});
});

describe('prev and next', () => {
	for (const o of origins) {
		it(`lead through every page in order and back (${o.name})`, TIMEOUT, async () => {
			await withPage(o.url('index.html'), {}, async page => {
				/* Reading order is the sidebar's order: each part's landing
				 * page, then its pages. */
				const order = (await sidebarState(page)).items
					.flatMap(item => [item.title, ...item.pages]);
				assert.equal(order.length, 9, order.join(', '));
				const forward = [await page.locator('h1').innerText()];
				while (await page.locator('a[rel="next"]').count() > 0) {
					const title = await page.locator('a[rel="next"] .pager-title').innerText();
					await follow(page, 'a[rel="next"]');
					const h1 = await page.locator('h1').innerText();
					assert.equal(h1, title, 'the next link names the page it leads to');
					forward.push(h1);
					assert.ok(forward.length < 20, 'the next links end');
				}
				assert.deepEqual(forward, order);

				const backward = [forward.at(-1)];
				while (await page.locator('a[rel="prev"]').count() > 0) {
					await follow(page, 'a[rel="prev"]');
					backward.push(await page.locator('h1').innerText());
					assert.ok(backward.length < 20, 'the previous links end');
				}
				assert.deepEqual(backward, [...forward].reverse());
			});
		});
	}

	it('go to the right URL', TIMEOUT, async () => {
		await withPage(site.server.url + 'basics/first.html', {}, async page => {
			await page.click('a[rel="next"]');
			await page.waitForURL(site.server.url + 'basics/second.html');
			await page.click('a[rel="prev"]');
			await page.waitForURL(site.server.url + 'basics/first.html');
		});
	});
});

describe('table of contents', () => {
	it('links to headings that exist, nested as the page is', TIMEOUT, async () => {
		await withPage(site.server.url + 'basics/first.html', {}, async page => {
			const entries = await page.$$eval('.toc a', links => links.map(a => {
				const id = decodeURIComponent(a.hash.slice(1));
				const target = document.getElementById(id)?.cloneNode(true);
				target?.querySelectorAll('.anchor').forEach(anchor => anchor.remove());
				return {
					text: a.textContent.trim(),
					nested: a.parentElement.parentElement.classList.contains('toc-sub'),
					target: target ? target.tagName + ' ' + target.textContent.trim() : null,
				};
			}));
			assert.deepEqual(entries, [
				{ text: 'Setting up', nested: false, target: 'H2 Setting up' },
				{ text: 'A detail of the setup', nested: true, target: 'H3 A detail of the setup' },
				{ text: 'Checking the result', nested: false, target: 'H2 Checking the result' },
			]);
		});
	});

	it('scrolls to the heading when a link is followed', TIMEOUT, async () => {
		await withPage(site.server.url + 'basics/first.html', { height: 500 }, async page => {
			await page.click('.toc a[href="#checking-the-result"]');
			await page.waitForFunction(() => {
				const top = document.getElementById('checking-the-result').getBoundingClientRect().top;
				return top >= 0 && top < 200;
			});
			assert.ok(page.url().endsWith('#checking-the-result'));
			/* The sticky top bar must not cover the heading. */
			const gap = await page.evaluate(() =>
				document.getElementById('checking-the-result').getBoundingClientRect().top -
				document.querySelector('.topbar').getBoundingClientRect().bottom);
			assert.ok(gap >= 0, `heading hidden ${-gap}px under the top bar`);
		});
	});

	it('sits beside the text on wide screens and above it on narrow ones', TIMEOUT, async () => {
		for (const [width, beside] of [[1400, true], [900, false]]) {
			await withPage(site.server.url + 'basics/first.html', { width }, async page => {
				const toc = await page.locator('.toc').boundingBox();
				const text = await page.locator('.content').boundingBox();
				if (beside)
					assert.ok(toc.x >= text.x + text.width, `toc at ${toc.x} beside text ending ${text.x + text.width}`);
				else
					assert.ok(toc.y + toc.height <= text.y, 'toc above the text');
			});
		}
	});

	it('is left out when the page turns it off', TIMEOUT, async () => {
		await withPage(site.server.url + 'basics/third.html', {}, async page => {
			assert.equal(await page.locator('.toc').count(), 0);
			assert.equal(await page.locator('.doc.has-toc').count(), 0);
		});
	});
});

describe('narrow screens', () => {
	for (const o of origins) {
		it(`the menu button toggles the navigation (${o.name})`, TIMEOUT, async () => {
			await withPage(o.url('economics/costs.html'), { width: 390, height: 800 }, async page => {
				const button = page.locator('.menu-button');
				const sidebar = page.locator('#pb-sidebar');
				assert.ok(await button.isVisible(), 'menu button shown');
				assert.equal(await sidebar.isVisible(), false, 'navigation hidden at first');
				assert.equal(await button.getAttribute('aria-expanded'), 'false');

				await button.click();
				assert.ok(await sidebar.isVisible(), 'navigation shown');
				assert.equal(await button.getAttribute('aria-expanded'), 'true');
				const focused = await page.evaluate(() => document.activeElement.textContent.trim());
				assert.equal(focused, 'Costs', 'focus moves to the current page in the menu');

				await page.keyboard.press('Escape');
				assert.equal(await sidebar.isVisible(), false, 'Escape closes');
				assert.equal(await button.getAttribute('aria-expanded'), 'false');
				assert.ok(await button.evaluate(b => b === document.activeElement), 'focus back on the button');

				await button.click();
				await page.mouse.click(380, 700);
				assert.equal(await sidebar.isVisible(), false, 'a click outside closes');

				await button.click();
				await sidebar.locator('a', { hasText: 'Savings' }).click();
				await page.waitForURL(/economics\/savings\.html$/);
				assert.equal(await page.locator('h1').innerText(), 'Savings');
			});
		});
	}

	it('without JavaScript the navigation sits above the page', TIMEOUT, async () => {
		await withPage(site.server.url + 'economics/costs.html',
			{ width: 390, height: 800, javaScript: false }, async page => {
				assert.equal(await page.locator('.menu-button').isVisible(), false);
				const nav = await page.locator('#pb-sidebar').boundingBox();
				const main = await page.locator('main').boundingBox();
				assert.ok(nav && nav.height > 0, 'navigation shown');
				assert.ok(nav.y + nav.height <= main.y, 'above the main text');
				assert.ok(await page.locator('#pb-sidebar a', { hasText: 'Savings' }).isVisible());
			});
	});

	it('the page never scrolls sideways', TIMEOUT, async () => {
		await withPage(null, { width: 320, height: 700 }, async page => {
			for (const rel of ['index.html', 'basics/first.html', 'basics/index.html']) {
				await page.goto(site.server.url + rel);
				const overflow = await page.evaluate(() =>
					document.documentElement.scrollWidth - document.documentElement.clientWidth);
				assert.equal(overflow, 0, `${rel} overflows by ${overflow}px`);
			}
		});
	});
});

describe('appearance', () => {
	it('wide code blocks and tables scroll, and take focus only when they must', TIMEOUT, async () => {
		/* At 390px the long code line and the wide table overflow; at
		 * 1400px the small table fits. */
		for (const [width, scrolling] of [[390, 2], [1400, 1]]) {
			await withPage(site.server.url + 'basics/first.html', { width }, async page => {
				const boxes = await page.$$eval('.content pre, .content table', els => els.map(el => ({
					overflows: el.scrollWidth > el.clientWidth + 1,
					focusable: el.getAttribute('tabindex') === '0',
				})));
				assert.equal(boxes.length, 3, 'a code block and two tables');
				for (const box of boxes)
					assert.equal(box.focusable, box.overflows, JSON.stringify(boxes));
				assert.ok(boxes.filter(b => b.overflows).length >= scrolling, `at ${width}px`);
				assert.ok(boxes.some(b => !b.overflows), `at ${width}px the small table fits`);
			});
		}
	});

	it('follows the dark colour scheme', TIMEOUT, async () => {
		const luminance = page => page.evaluate(() => {
			const channel = c => {
				const [r, g, b] = c.match(/\d+/g).map(Number);
				return 0.2126 * r + 0.7152 * g + 0.0722 * b;
			};
			const body = getComputedStyle(document.body);
			return { bg: channel(body.backgroundColor), fg: channel(body.color) };
		});
		const light = await withPage(site.server.url + 'basics/first.html', { colorScheme: 'light' }, luminance);
		const dark = await withPage(site.server.url + 'basics/first.html', { colorScheme: 'dark' }, luminance);
		assert.ok(light.bg > 200 && light.fg < 80, JSON.stringify(light));
		assert.ok(dark.bg < 50 && dark.fg > 180, JSON.stringify(dark));
	});

	it('prints the text without the navigation', TIMEOUT, async () => {
		await withPage(site.server.url + 'basics/first.html', {}, async page => {
			await page.emulateMedia({ media: 'print' });
			for (const hidden of ['.topbar', '#pb-sidebar', '.toc', '.pager', '.site-footer'])
				assert.equal(await page.locator(hidden).isVisible(), false, hidden);
			assert.ok(await page.locator('.content').isVisible());
			const text = await page.locator('.content').boundingBox();
			assert.ok(text.x < 40, 'the text starts at the left edge');
		});
	});
});

describe('accessibility', () => {
	const pages = ['index.html', 'basics/index.html', 'basics/first.html', 'economics/costs.html', '404.html'];
	const looks = [
		{ name: 'wide light', width: 1400, colorScheme: 'light' },
		{ name: 'wide dark', width: 1400, colorScheme: 'dark' },
		{ name: 'narrow light', width: 390, colorScheme: 'light' },
		{ name: 'narrow dark, menu open', width: 390, colorScheme: 'dark', menu: true },
	];
	for (const look of looks) {
		it(`axe finds no serious or critical problem (${look.name})`, TIMEOUT, async () => {
			await withPage(null, look, async page => {
				for (const rel of pages) {
					await page.goto(site.server.url + rel);
					if (look.menu)
						await page.click('.menu-button');
					const violations = await runAxe(page, { impacts: ['serious', 'critical'] });
					assert.deepEqual(violations, [], `${rel}:\n${formatViolations(violations)}`);
				}
			});
		});
	}

	it('a skip link leads to the main text', TIMEOUT, async () => {
		await withPage(site.server.url + 'basics/first.html', {}, async page => {
			await page.keyboard.press('Tab');
			const skip = page.locator('.skip-link');
			assert.ok(await skip.evaluate(a => a === document.activeElement), 'first Tab stop');
			assert.ok(await skip.isVisible());
			await page.keyboard.press('Enter');
			assert.equal(await page.evaluate(() => document.activeElement.id), 'pb-main');
		});
	});

	it('landmarks: banner, navigation, main, contentinfo', TIMEOUT, async () => {
		await withPage(site.server.url + 'basics/first.html', {}, async page => {
			for (const role of ['banner', 'main', 'contentinfo'])
				assert.equal(await page.getByRole(role).count(), 1, role);
			for (const name of ['Handbook', 'Breadcrumb', 'On this page'])
				assert.equal(await page.getByRole('navigation', { name, exact: true }).count(), 1, name);
		});
	});
});

describe('no request leaves the site', () => {
	const pages = ['index.html', 'basics/index.html', 'basics/first.html', 'economics/index.html', 'glossary.html', '404.html'];
	for (const o of origins) {
		it(`from ${o.name}`, TIMEOUT, async () => {
			await withPage(null, {}, async page => {
				for (const rel of pages) {
					page.requests.length = 0;
					page.errors.length = 0;
					await page.goto(o.url(rel));
					await page.waitForLoadState('networkidle');
					assert.ok(page.requests.length > 1, 'the page loaded its stylesheet and scripts');
					assert.deepEqual(foreignRequests(page.requests, o.origin()), [], rel);
					assert.deepEqual(page.errors, [], `${rel}: no script errors`);
					const styled = await page.evaluate(() =>
						getComputedStyle(document.body).fontFamily.includes('system-ui'));
					assert.ok(styled, `${rel}: the stylesheet applies`);
				}
			});
		});
	}
});

describe('404 page', () => {
	it('is served for a missing page, styled, with a way home', TIMEOUT, async () => {
		const page = await openPage(site.browser, null);
		try {
			const response = await page.goto(site.server.url + 'no-such-page.html');
			assert.equal(response.status(), 404);
			assert.equal(await page.locator('h1').innerText(), 'Page not found');
			await page.click('a.button');
			await page.waitForURL(site.server.url + 'index.html');
		} finally {
			await page.context().close();
		}
	});

	it('works from any depth when the site has a base URL', TIMEOUT, async () => {
		const root = await makeTempDir();
		const deep = await serve(path.join(root, 'site'));
		try {
			await buildHandbook(FIXTURE, { root, args: ['--base-url', deep.origin] });
			await withPage(deep.url + 'a/b/c/missing.html', {}, async page => {
				assert.equal(await page.locator('h1').innerText(), 'Page not found');
				assert.ok(await page.evaluate(() =>
					getComputedStyle(document.body).fontFamily.includes('system-ui')),
				'the stylesheet loads');
				await page.click('a.button');
				await page.waitForURL(deep.url + 'index.html');
				assert.deepEqual(foreignRequests(page.requests, deep.origin), []);
			});
		} finally {
			await deep.close();
			await removeDir(root);
		}
	});
});
