/*
 * Rules of the default theme that its files themselves must keep, checked
 * without a browser: colours live only in custom properties (so dark mode
 * and print swap variables, not rules), nothing refers to another host,
 * every script stays small, plain and free of dependencies, and the
 * service worker handles only the site's own requests.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import { repoRoot } from './lib/browser.mjs';

const theme = path.join(repoRoot, 'themes', 'default');

function filesIn(dir, ext) {
	return readdirSync(path.join(theme, dir))
		.filter(name => name.endsWith(ext))
		.map(name => ({ name: `${dir}/${name}`, text: readFileSync(path.join(theme, dir, name), 'utf8') }));
}

/* CSS without its comments, and with every rule that sets custom
 * properties in :root (where colours belong) taken out. */
function rulesOutsideRoot(css) {
	return css.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/:root(?:\[[^\]]*\]|:not\(\[[^\]]*\]\))*\s*\{[^}]*\}/g, '');
}

describe('the default theme', () => {
	const css = filesIn('assets', '.css');
	const js = filesIn('assets', '.js');
	const templates = [...filesIn('partials', '.mustache'), ...filesIn('templates', '.mustache')];

	it('has the templates the build renders', () => {
		const names = templates.map(t => t.name);
		for (const name of ['templates/page.mustache', 'templates/part.mustache',
			'templates/home.mustache', 'templates/404.mustache', 'templates/print.mustache',
			'partials/base.mustache', 'partials/search.mustache'])
			assert.ok(names.includes(name), name);
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

	it('has a service worker that stays on the site', () => {
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

	it('marks the current page for assistive technology', () => {
		const nav = templates.find(t => t.name === 'partials/nav.mustache');
		assert.match(nav.text, /aria-current="page"/);
		const base = templates.find(t => t.name === 'partials/base.mustache');
		assert.match(base.text, /class="skip-link" href="#pb-main"/);
		assert.match(base.text, /<main id="pb-main"/);
	});
});
