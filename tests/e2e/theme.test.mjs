/*
 * Rules every theme's files themselves must keep (the default theme's
 * and every other folder under themes/), checked
 * without a browser: colours live only in custom properties (so dark mode
 * and print swap variables, not rules), nothing refers to another host,
 * every script stays small, plain and free of dependencies, and the
 * service worker handles only the site's own requests.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import { repoRoot } from './lib/browser.mjs';
import { themeNames } from './lib/themes.mjs';

function filesIn(themeName, dir, ext) {
	const folder = path.join(repoRoot, 'themes', themeName, dir);
	return readdirSync(folder)
		.filter(name => name.endsWith(ext))
		.map(name => ({ name: `${dir}/${name}`, text: readFileSync(path.join(folder, name), 'utf8') }));
}

/* CSS without its comments, and with every rule that sets custom
 * properties in :root (where colours belong) taken out. */
function rulesOutsideRoot(css) {
	return css.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/:root(?:\[[^\]]*\]|:not\(\[[^\]]*\]\))*\s*\{[^}]*\}/g, '');
}

for (const themeName of themeNames) describe(`the ${themeName} theme`, () => {
	const theme = path.join(repoRoot, 'themes', themeName);
	const css = filesIn(themeName, 'assets', '.css');
	const js = filesIn(themeName, 'assets', '.js');
	const templates = [...filesIn(themeName, 'partials', '.mustache'),
		...filesIn(themeName, 'templates', '.mustache')];

	it('has the templates the build renders', () => {
		const names = templates.map(t => t.name);
		for (const name of ['templates/page.mustache', 'templates/part.mustache',
			'templates/home.mustache', 'templates/404.mustache', 'templates/print.mustache',
			'templates/progress.mustache', 'templates/tags.mustache', 'templates/tag.mustache',
			'partials/base.mustache', 'partials/search.mustache'])
			assert.ok(names.includes(name), name);
	});

	it('writes a Content-Security-Policy that allows no inline code', () => {
		const base = templates.find(t => t.name === 'partials/base.mustache').text;
		assert.match(base, /<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self';/);
		for (const { name, text } of templates) {
			assert.doesNotMatch(text, /\sstyle=|\son[a-z]+=|<style/i, `${name}: inline style or handler`);
			for (const tag of text.match(/<script\b[^>]*>/g) || [])
				assert.match(tag, /\bsrc=/, `${name}: an inline script`);
		}
	});

	/* The search engine must fold as the build does (tests/search/fold.txt,
	 * run against the default theme's copy): a theme that searches carries
	 * the same file. */
	it('searches with the tested engine', () => {
		const engine = js.find(f => f.name === 'assets/search-engine.js');
		if (engine)
			assert.equal(engine.text, readFileSync(path.join(repoRoot,
				'themes/default/assets/search-engine.js'), 'utf8'));
		else
			assert.equal(js.some(f => f.name === 'assets/search.js'), false);
	});

	/* colour-scheme.test.mjs holds every theme to the same light, dark
	 * and system button, driven by theme.js: a theme carries the default
	 * theme's copy, so a fix reaches every theme by copying one file. */
	it('chooses the colour scheme with the tested script', () => {
		const script = js.find(f => f.name === 'assets/theme.js');
		assert.ok(script, 'assets/theme.js is missing');
		assert.equal(script.text, readFileSync(path.join(repoRoot,
			'themes/default/assets/theme.js'), 'utf8'));
	});

	it('keeps every colour in a custom property', () => {
		assert.ok(css.length > 0);
		for (const { name, text } of css) {
			const rest = rulesOutsideRoot(text);
			const literal = rest.match(/#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(|(?<![\w-])(?:white|black|red|blue|green|gray|grey|silver|navy)(?![\w-])/i);
			assert.equal(literal, null, `${name}: a colour outside the variables: ${literal?.[0]}`);
			assert.match(text, /@media \(prefers-color-scheme: dark\)\s*\{\s*:root[^{]*\{/, `${name}: dark mode swaps the variables`);
		}
	});

	it('refers to no other host', () => {
		const external = /(?:url\(\s*['"]?|(?:src|href|action)\s*=\s*['"]?|@import\s+['"]?)(?:[a-z]+:)?\/\//i;
		for (const { name, text } of [...css, ...js, ...templates])
			assert.equal(text.match(external), null, `${name} loads from another host`);
		for (const { name, text } of css)
			assert.doesNotMatch(text, /@import|@font-face/, `${name}: no imports or web fonts`);
		for (const { name, text } of js)
			assert.doesNotMatch(text, /\bfetch\(|XMLHttpRequest|import\(|\bimport\s|require\(/, `${name}: no loading`);
	});

	if (existsSync(path.join(theme, 'sw.js'))) it('has a service worker that stays on the site', () => {
		/* The worker is the one script that fetches: what it loads is
		 * the site's own list of files, from its own scope. */
		const sw = readFileSync(path.join(theme, 'sw.js'), 'utf8');
		assert.match(sw, /"use strict"/);
		assert.doesNotMatch(sw, /(?:[a-z]+:)?\/\/[a-z0-9.-]+\.[a-z]/i, 'no address of another host');
		assert.doesNotMatch(sw, /importScripts|\beval\(|new Function/);
		assert.match(sw, /url\.origin !== location\.origin/, 'only same-origin requests are handled');
	});

	it('keeps its scripts small and plain', () => {
		assert.ok(js.length > 0);
		for (const { name, text } of js) {
			assert.ok(text.length < 8000, `${name} is ${text.length} bytes`);
			assert.match(text, /"use strict"/, `${name} is strict`);
			assert.doesNotMatch(text, /\beval\(|new Function/, `${name}: no eval`);
		}
	});

	/* The performance budget: a reader on a slow phone loads the theme's
	 * styles and scripts with every first page. */
	it('keeps its CSS and JavaScript under 60 KB together', () => {
		const total = [...css, ...js].reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
		assert.ok(total > 0);
		assert.ok(total < 60 * 1024, `the theme's CSS and JS are ${total} bytes`);
	});

	it('blocks rendering with one stylesheet and no other request', () => {
		const base = templates.find(t => t.name === 'partials/base.mustache').text;
		const head = base.slice(base.indexOf('<head>'), base.indexOf('</head>'));
		assert.equal((head.match(/rel="stylesheet"/g) || []).length, 2,
			'the theme\'s stylesheet and the plugins\' (a loop over assets.css)');
		for (const tag of head.match(/<script[^>]*>/g) || [])
			assert.match(tag, /\bdefer\b|\basync\b/, `${tag} blocks rendering`);
	});

	it('has a skip link to the main text', () => {
		const base = templates.find(t => t.name === 'partials/base.mustache');
		assert.match(base.text, /class="skip(?:-link)?" href="#pb-main"/);
		assert.match(base.text, /<main id="pb-main"/);
	});
});

describe('the default theme\'s sidebar', () => {
	it('marks the current page for assistive technology', () => {
		const nav = filesIn('default', 'partials', '.mustache')
			.find(t => t.name === 'partials/nav.mustache');
		assert.match(nav.text, /aria-current="page"/);
	});
});
