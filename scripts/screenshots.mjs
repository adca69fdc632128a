/*
 * The README's screenshots, taken from the real build: the repository's
 * handbook built with the default theme (into a temporary folder, which
 * is removed), one chapter page opened from disk in the Chromium the
 * browser tests use and scrolled to its calculator, and three views of it
 * written to docs/screenshots/:
 *
 *     chapter-desktop-light.png   1280 x 800, the light colour scheme
 *     chapter-desktop-dark.png    1280 x 800, the dark colour scheme
 *     chapter-phone.png           390 x 844, the light colour scheme
 *
 * Run it through scripts/screenshots after changing the theme or that
 * page, and commit the PNGs; `make test` does not run it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { fileUrl, launchBrowser, repoRoot } from '../tests/e2e/lib/browser.mjs';
import { buildWithTheme } from '../tests/e2e/lib/themes.mjs';

const PAGE = 'economics/platform-cost.html';
const shots = [
	{ name: 'chapter-desktop-light', width: 1280, height: 800, colorScheme: 'light' },
	{ name: 'chapter-desktop-dark', width: 1280, height: 800, colorScheme: 'dark' },
	{ name: 'chapter-phone', width: 390, height: 844, colorScheme: 'light' },
];

const out = path.join(repoRoot, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const built = await buildWithTheme('default');
const browser = await launchBrowser();
try {
	for (const shot of shots) {
		const context = await browser.newContext({
			viewport: { width: shot.width, height: shot.height },
			deviceScaleFactor: 1,
			colorScheme: shot.colorScheme,
			reducedMotion: 'reduce',
		});
		const page = await context.newPage();
		await page.goto(fileUrl(built.site, PAGE), { waitUntil: 'load' });
		/* The calculator fills its results and nav.js the folded parts
		 * after load; fonts settle with the document. */
		await page.waitForFunction(() => document.readyState === 'complete');
		await page.evaluate(() => document.fonts.ready);
		/* The calculator at the top, just below the top bar. */
		await page.evaluate(() => {
			const calc = document.querySelector('section.calc');
			const bar = document.querySelector('.topbar').getBoundingClientRect().bottom;
			window.scrollTo(0, calc.getBoundingClientRect().top + window.scrollY - bar - 24);
		});
		const file = path.join(out, `${shot.name}.png`);
		await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
		console.log(`screenshots: ${path.relative(repoRoot, file)}`);
		await context.close();
	}
} finally {
	await browser.close();
	await built.cleanup();
}
