/*
 * Draws the default theme's PNG icons (themes/default/assets/icon-192.png
 * and icon-512.png, the sizes install prompts ask a web app manifest for)
 * from its icon.svg, with the Chromium the browser tests use.  The PNGs
 * are committed; run this after changing icon.svg:
 *
 *     node scripts/theme-icons.mjs
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { launchBrowser, repoRoot } from '../tests/e2e/lib/browser.mjs';

const assets = path.join(repoRoot, 'themes', 'default', 'assets');
const svg = readFileSync(path.join(assets, 'icon.svg'), 'utf8');
const browser = await launchBrowser();
try {
	for (const size of [192, 512]) {
		const page = await browser.newPage({ viewport: { width: size, height: size } });
		await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}
svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
		await page.screenshot({ path: path.join(assets, `icon-${size}.png`), omitBackground: true });
		await page.close();
	}
} finally {
	await browser.close();
}
