/*
 * Every theme's colour scheme button (each folder of themes/ with
 * templates/, so a new theme is held to it with no change), in Chromium:
 * it cycles system → light → dark by keyboard and says the current state
 * in its name; the choice is kept across pages over HTTP and from disk;
 * "system" follows the browser's preference; a stored choice is on the
 * page before its first paint, even when theme.js is slow to arrive; no
 * request holds up rendering but the stylesheet and theme.js itself.
 * (theme-pages.test.mjs runs axe on the chosen schemes.)
 * The fixture is fixtures/reading (long.html → after.html), built once
 * per theme.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { siteUnderTest } from './lib/browser.mjs';
import { themedFixture, themeNames } from './lib/themes.mjs';

const TIMEOUT = { timeout: 180000 };

/* Whether the page is drawn dark: the body's background luminance. */
function isDark(page) {
	return page.evaluate(() => {
		const [r, g, b] = getComputedStyle(document.body).backgroundColor
			.match(/\d+/g).map(Number);
		return 0.2126 * r + 0.7152 * g + 0.0722 * b < 100;
	});
}

function buttonName(page) {
	return page.locator('.theme-button').evaluate(b => b.textContent.replace(/\s+/g, ' ').trim());
}

/* Tabs from the top of the page until the button has focus. */
async function tabToButton(page) {
	for (let i = 0; i < 30; i++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate(() => document.activeElement?.classList.contains('theme-button')))
			return;
	}
	assert.fail('the colour scheme button is not reachable with Tab');
}

for (const theme of themeNames) describe(`theme ${theme}`, () => {
	const site = siteUnderTest(themedFixture('tests/e2e/fixtures/reading', theme, { after }),
		{ before, after });
	const { origins, withPage } = site;

	describe('colour scheme button', () => {
		it('cycles system, light, dark by keyboard and says which', TIMEOUT, async () => {
			await withPage(site.server.url + 'long.html', { colorScheme: 'dark' }, async page => {
				const button = page.getByRole('button', { name: 'Colour scheme: system' });
				assert.equal(await button.isVisible(), true);
				assert.equal(await isDark(page), true, 'system: the browser prefers dark');
				await tabToButton(page);
				await page.keyboard.press('Enter');
				await page.getByRole('button', { name: 'Colour scheme: light' }).waitFor();
				assert.equal(await isDark(page), false);
				await page.keyboard.press('Space');
				await page.getByRole('button', { name: 'Colour scheme: dark' }).waitFor();
				assert.equal(await isDark(page), true);
				assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
				await page.keyboard.press('Enter');
				assert.equal(await buttonName(page), 'Colour scheme: system');
				assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-theme')), false);
			});
		});

		for (const o of origins) {
			it(`keeps the choice across pages (${o.name})`, TIMEOUT, async () => {
				await withPage(o.url('long.html'), { colorScheme: 'light' }, async page => {
					assert.equal(await isDark(page), false);
					await page.click('.theme-button');
					await page.click('.theme-button');
					assert.equal(await isDark(page), true);
					await Promise.all([page.waitForURL(/after\.html$/), page.click('a[rel="next"]')]);
					assert.equal(await isDark(page), true, 'the next page is dark');
					assert.equal(await buttonName(page), 'Colour scheme: dark');
					await page.reload();
					assert.equal(await isDark(page), true, 'and stays dark after a reload');
				});
			});
		}

		it('follows the browser when set to system', TIMEOUT, async () => {
			await withPage(site.server.url + 'long.html', { colorScheme: 'light' }, async page => {
				assert.equal(await isDark(page), false);
				await page.emulateMedia({ colorScheme: 'dark' });
				assert.equal(await isDark(page), true);
				await page.click('.theme-button');
				assert.equal(await isDark(page), false, 'light chosen overrides the dark preference');
			});
		});

		it('is hidden without JavaScript', TIMEOUT, async () => {
			await withPage(site.server.url + 'long.html', { javaScript: false, colorScheme: 'dark' }, async page => {
				assert.equal(await page.locator('.theme-button').isVisible(), false);
				assert.equal(await isDark(page), true, 'the system preference still applies');
			});
		});
	});

	describe('first paint', () => {
		for (const choice of ['dark', 'light']) {
			it(`is already ${choice} when ${choice} was chosen, even with a slow theme.js`, TIMEOUT, async () => {
				const system = choice === 'dark' ? 'light' : 'dark';
				await withPage(null, { colorScheme: system }, async page => {
					await page.context().addInitScript(value => {
						localStorage.setItem('prepbook:theme', value);
						window.pbLog = [];
						new PerformanceObserver(list => list.getEntries().forEach(e =>
							window.pbLog.push({ what: e.name, at: e.startTime })))
							.observe({ type: 'paint', buffered: true });
						new MutationObserver(() => {
							if (!window.pbLog.some(e => e.what === 'attribute'))
								window.pbLog.push({ what: 'attribute', at: performance.now() });
						}).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-theme'] });
						document.addEventListener('DOMContentLoaded', () => {
							const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
							window.pbDarkAtStart = 0.2126 * r + 0.7152 * g + 0.0722 * b < 100;
						});
					}, choice);
					/* A theme.js that takes long to arrive gives the browser
					 * every chance to paint the page without it. */
					await page.route('**/theme.js', async route => {
						await new Promise(resolve => setTimeout(resolve, 600));
						await route.continue();
					});
					await page.goto(site.server.url + 'long.html');
					await page.waitForFunction(() => window.pbLog.some(e => e.what === 'first-contentful-paint'));
					assert.equal(await page.evaluate(() => window.pbDarkAtStart), choice === 'dark');
					/* Chromium paints the page's background while it waits
					 * for theme.js, and counts it as the first paint unless
					 * it is the blank page's white: so a light background of
					 * any other colour fails here, as it flashes. */
					if (choice === 'dark') {
						const log = await page.evaluate(() => window.pbLog);
						const set = log.find(e => e.what === 'attribute');
						const paint = log.find(e => e.what === 'first-paint');
						assert.ok(set && paint && set.at < paint.at, JSON.stringify(log));
					}
				});
			});
		}

		it('waits for no request but the stylesheet', TIMEOUT, async () => {
			await withPage(site.server.url + 'long.html', {}, async page => {
				/* The theme's own (long.html needs no plugin's). */
				const sheets = await page.$$eval('link[rel="stylesheet"]',
					links => links.map(l => new URL(l.href).pathname));
				assert.equal(sheets.length, 1, sheets.join(' '));
				const resources = await page.evaluate(() => performance.getEntriesByType('resource')
					.map(e => ({ name: new URL(e.name).pathname, status: e.renderBlockingStatus })));
				assert.ok(resources.some(r => r.name.endsWith('/theme.js')), 'theme.js is loaded');
				/* theme.js is parser-blocking on purpose (first in <body>, so
				 * the choice is applied before the first paint), and Chromium
				 * reports such a script as "blocking" when its preload scanner
				 * finds it while <head> is still loading, and "non-blocking"
				 * otherwise: it is the one exception. */
				const blocking = resources.filter(r => r.status !== 'non-blocking' &&
					r.name !== '/assets/theme.js').map(r => r.name);
				assert.deepEqual(blocking, sheets);
			});
		});
	});
});
