/*
 * Every page of the repository's handbook, in every theme (each folder of
 * themes/ with templates/, so a new theme is covered with no change), in
 * Chromium: axe-core finds no violation in the light or the dark colour
 * scheme (the system's, as emulateMedia sets it, which every theme must
 * follow), nor on a few pages with the other scheme chosen by the
 * theme's button; at 360 and 1280 px the document never scrolls sideways (wide
 * tables and code scroll in their own box); printed, a chapter shows no
 * navigation chrome; and a theme with a phone menu opens, walks and
 * closes it by keyboard.
 *
 * For speed: one browser; per theme and scheme one context and one page,
 * taken from page to page.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
	formatViolations, launchBrowser, openPage, repoRoot, runAxe,
} from './lib/browser.mjs';
import { buildWithTheme, htmlFiles, themeNames as themes } from './lib/themes.mjs';

const TIMEOUT = { timeout: 300000 };
/* A chapter with a table of contents, a calculator and a wide table. */
const CHAPTER = 'economics/tco.html';

/* The handbook has no code blocks yet: one page of code in every language
 * the build highlights (the fixture of tests/site/highlight) joins it, so
 * the token colours meet axe in every theme and scheme. */
const CODE_PAGE = 'code-samples.html';
const codeSamples = readFileSync(
	path.join(repoRoot, 'tests/site/highlight/content/index.md'), 'utf8');

/* Known when the tests are declared, so each theme gets its own tests. */
/* How far the document scrolls sideways, in CSS pixels. */
function sideways(page) {
	return page.evaluate(() =>
		document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/* The scheme on <html> (data-theme, set by the theme's theme.js), and
 * whether the page is drawn dark by it: 'light', 'dark', or a mismatch. */
function schemeOf(page) {
	return page.evaluate(() => {
		const [r, g, b] = getComputedStyle(document.body).backgroundColor
			.match(/\d+/g).map(Number);
		const drawn = 0.2126 * r + 0.7152 * g + 0.0722 * b < 100 ? 'dark' : 'light';
		const chosen = document.documentElement.dataset.theme || 'system';
		return chosen === drawn ? chosen : `${chosen}, drawn ${drawn}`;
	});
}

/* The elements printing must hide: every navigation landmark, the
 * banner (a header outside main and article), the search box. */
function visibleChrome(page) {
	return page.evaluate(() => {
		const chrome = [...document.querySelectorAll(
			'nav, [role="navigation"], header, [role="banner"], [role="search"], ' +
			'form[data-search], input[type="search"]')]
			.filter(el => el.matches('nav, [role="navigation"], [role="search"], ' +
				'form[data-search], input[type="search"]') || !el.closest('main, article'));
		return chrome.filter(el => el.checkVisibility() &&
			el.getBoundingClientRect().height > 0)
			.map(el => el.outerHTML.slice(0, 80));
	});
}

for (const theme of themes) {
	/* Two at a time: the light and the dark walk take most of the time,
	 * and each keeps one of the two cores busy. */
	describe(`theme ${theme}: every page of the handbook`, { concurrency: 2 }, () => {
		let browser, built, server, pages;

		before(async () => {
			built = await buildWithTheme(theme, {
				serve: true, pages: { 'code-samples.md': codeSamples } });
			server = built.server;
			browser = await launchBrowser();
			pages = await htmlFiles(built.site);
		}, TIMEOUT);
		after(async () => {
			await browser?.close();
			await built?.cleanup();
		});

		it('has the pages this test walks', () => {
			assert.ok(pages.length > 10, `${pages.length} pages`);
			assert.ok(pages.includes(CHAPTER), `${CHAPTER} is built`);
			assert.ok(pages.includes(CODE_PAGE), `${CODE_PAGE} is built`);
		});

		it('shows highlighted code, copied as plain text', TIMEOUT, async () => {
			const page = await openPage(browser, server.url + CODE_PAGE);
			try {
				const kinds = await page.$$eval('pre code span[class^="tok-"]',
					spans => [...new Set(spans.map(s => s.className))].sort());
				assert.deepEqual(kinds, ['tok-b', 'tok-c', 'tok-k', 'tok-n', 'tok-o', 'tok-s']);
				/* Each kind is set apart from the code's own text. */
				const looks = await page.$$eval('pre code span[class^="tok-"]', spans => {
					const plain = getComputedStyle(spans[0].closest('code'));
					const key = st => `${st.color}|${st.backgroundColor}|${st.fontWeight}|${st.fontStyle}`;
					return spans.filter(s => key(getComputedStyle(s)) === key(plain)).map(s => s.className);
				});
				assert.deepEqual(looks, [], 'tokens styled like plain code');
				const text = await page.locator('pre code.language-sql').first().textContent();
				assert.match(text, /^-- The bill per customer\.\nSELECT customer, sum\(dbu_hours\)/);
			} finally {
				await page.context().close();
			}
		});

		for (const scheme of ['light', 'dark']) {
			it(`axe finds no violation, and nothing scrolls sideways (${scheme})`, TIMEOUT, async () => {
				const page = await openPage(browser, null, { width: 1280, height: 800 });
				const failures = [];
				try {
					await page.emulateMedia({ colorScheme: scheme });
					for (const rel of pages) {
						await page.setViewportSize({ width: 1280, height: 800 });
						await page.goto(server.url + rel, { waitUntil: 'load' });
						const violations = await runAxe(page);
						if (violations.length > 0)
							failures.push(`${rel}:\n${formatViolations(violations)}`);
						for (const error of page.errors.splice(0))
							failures.push(`${rel}: ${error}`);
						/* The width matters in one scheme only. */
						if (scheme !== 'light')
							continue;
						for (const width of [1280, 360]) {
							await page.setViewportSize({ width, height: 800 });
							const over = await sideways(page);
							if (over > 0)
								failures.push(`${rel}: scrolls sideways by ${over}px at ${width}px`);
						}
					}
				} finally {
					await page.context().close();
				}
				assert.deepEqual(failures, [], failures.join('\n'));
			});
		}

		/* The reader's choice against the system's: the dark colours then
		 * come from the theme's :root[data-theme=dark] block, not its
		 * media query, and must pass on their own.  Chosen through the
		 * theme's button, as a reader does (colour-scheme.test.mjs checks
		 * the button itself); the choice carries to the next pages. */
		for (const [choice, system] of [['dark', 'light'], ['light', 'dark']]) {
			it(`axe finds no violation with ${choice} chosen while the system prefers ${system}`,
				TIMEOUT, async () => {
					const page = await openPage(browser, server.url + 'index.html',
						{ colorScheme: system });
					const failures = [];
					try {
						const button = page.locator('.theme-button');
						for (let i = 0; i < 3 && await schemeOf(page) !== choice; i++)
							await button.click();
						assert.equal(await schemeOf(page), choice, 'the button sets the scheme');
						for (const rel of ['index.html', CHAPTER, CODE_PAGE]) {
							await page.goto(server.url + rel, { waitUntil: 'load' });
							assert.equal(await schemeOf(page), choice, `${rel} keeps the choice`);
							const violations = await runAxe(page);
							if (violations.length > 0)
								failures.push(`${rel}:\n${formatViolations(violations)}`);
						}
						failures.push(...page.errors);
					} finally {
						await page.context().close();
					}
					assert.deepEqual(failures, [], failures.join('\n'));
				});
		}

		it('prints a chapter without navigation chrome', TIMEOUT, async () => {
			const page = await openPage(browser, server.url + CHAPTER);
			try {
				assert.ok((await visibleChrome(page)).length > 0, 'the screen shows navigation');
				await page.emulateMedia({ media: 'print' });
				assert.deepEqual(await visibleChrome(page), []);
				assert.ok(await page.locator('main h1').isVisible(), 'the title prints');
				assert.equal(await page.locator('.anchor').evaluateAll(as => as.filter(a =>
					a.checkVisibility({ opacityProperty: true, visibilityProperty: true })).length),
				0, 'heading anchors print');
			} finally {
				await page.context().close();
			}
		});

		/* Paper is white: a dark scheme, the system's or chosen, must not
		 * print light text on it. */
		it('prints dark text on white whatever the colour scheme', TIMEOUT, async () => {
			const page = await openPage(browser, server.url + CHAPTER);
			try {
				await page.emulateMedia({ colorScheme: 'dark' });
				for (const chosen of [null, 'dark']) {
					await page.evaluate(c => c ? document.documentElement.dataset.theme = c
						: delete document.documentElement.dataset.theme, chosen);
					await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
					const [fg, bg] = await page.evaluate(() => {
						const st = getComputedStyle(document.body);
						return [st.color, st.backgroundColor];
					});
					assert.ok(luminance(fg) < 0.1, `${chosen || 'system'} dark prints text ${fg}`);
					assert.ok(bg === 'rgba(0, 0, 0, 0)' || luminance(bg) > 0.8,
						`${chosen || 'system'} dark prints on ${bg}`);
					await page.emulateMedia({ media: 'screen' });
				}
			} finally {
				await page.context().close();
			}
		});

		it('has a phone menu that works by keyboard, or navigation always in view', TIMEOUT, async () => {
			const page = await openPage(browser, server.url + CHAPTER, { width: 360, height: 740 });
			try {
				await checkMenuByKeyboard(page, server.url);
			} finally {
				await page.context().close();
			}
		});
	});
}

/* The relative luminance (WCAG 2) of a computed "rgb(r, g, b)" colour. */
function luminance(rgb) {
	const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map(Number).map(v => {
		const c = v / 255;
		return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/* The phone menu: a visible button that controls (aria-controls) an
 * element holding the site's navigation.  Without one, the theme must
 * show its navigation on the page itself. */
async function checkMenuByKeyboard(page, siteUrl) {
	const menuId = await page.evaluate(() => {
		for (const b of document.querySelectorAll('button[aria-controls][aria-expanded]')) {
			const target = document.getElementById(b.getAttribute('aria-controls'));
			if (b.checkVisibility() && target &&
			    (target.matches('nav') || target.querySelector('nav')))
				return b.getAttribute('aria-controls');
		}
		return null;
	});
	if (menuId === null) {
		const links = await page.locator('nav a').evaluateAll(as => as.filter(a => a.checkVisibility()).length);
		assert.ok(links > 0, 'no menu button and no visible navigation');
		return;
	}
	const button = page.locator(`button[aria-controls="${menuId}"]`);
	const menu = page.locator(`#${menuId}`);
	const focusedInMenu = () => page.evaluate(id =>
		document.getElementById(id).contains(document.activeElement), menuId);

	assert.equal(await menu.isVisible(), false, 'the menu starts closed');
	/* Reach the button with Tab, as a keyboard user does. */
	for (let i = 0; i < 30 && !(await button.evaluate(b => b === document.activeElement)); i++)
		await page.keyboard.press('Tab');
	assert.ok(await button.evaluate(b => b === document.activeElement), 'Tab reaches the menu button');

	await page.keyboard.press('Enter');
	assert.equal(await button.getAttribute('aria-expanded'), 'true');
	assert.ok(await menu.isVisible(), 'Enter opens the menu');
	assert.ok(await focusedInMenu(), 'focus moves into the menu');

	await page.keyboard.press('Escape');
	assert.equal(await menu.isVisible(), false, 'Escape closes the menu');
	assert.equal(await button.getAttribute('aria-expanded'), 'false');
	assert.ok(await button.evaluate(b => b === document.activeElement), 'focus returns to the button');

	await page.keyboard.press('Space');
	assert.ok(await menu.isVisible(), 'Space opens the menu');
	const before = page.url();
	/* Tab to a link of the menu that leads to another page, then follow it. */
	for (let i = 0; i < 60; i++) {
		const target = await page.evaluate(id => {
			const a = document.activeElement;
			return document.getElementById(id).contains(a) && a.matches('a[href]') &&
				!a.getAttribute('href').startsWith('#') && a.href !== location.href ? a.href : null;
		}, menuId);
		if (target) {
			await page.keyboard.press('Enter');
			await page.waitForURL(target);
			assert.notEqual(page.url(), before);
			assert.ok(page.url().startsWith(siteUrl));
			return;
		}
		await page.keyboard.press('Tab');
	}
	assert.fail('no link of the menu reached by Tab');
}
