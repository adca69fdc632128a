/*
 * Helpers for the calculator's tests: load the browser script in Node the
 * way a page would not (as a CommonJS-style module in a fresh context), and
 * read the calculators out of a built page's HTML.  The HTML is the
 * plugin's own markup, so a few precise regular expressions read it; a
 * change of markup makes them fail loudly rather than match nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

import { repoRoot } from '../e2e/lib/browser.mjs';

export const scriptPath = path.join(repoRoot, 'plugins', 'assets', 'calculator.js');

/* The script's exported evaluator and formatter, run in a context with
 * no document (so it does not try to start on a page). */
export function loadCalculatorScript() {
	const source = readFileSync(scriptPath, 'utf8');
	const module = { exports: {} };
	vm.runInNewContext(source, { module }, { filename: scriptPath });
	/* Results cross back into this realm, so deepEqual compares them by
	 * value, not by their other realm's prototypes. */
	const api = {};
	for (const [name, fn] of Object.entries(module.exports))
		api[name] = (...args) => structuredClone(fn(...args));
	return api;
}

const entities = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function unescapeHtml(s) {
	return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
		if (e[0] === '#')
			return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ?
				parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
		return entities[e] ?? m;
	});
}

function attr(tag, name) {
	const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
	return m ? unescapeHtml(m[1]) : null;
}

/*
 * Every calculator on a page: {id, model, outputs: name -> text,
 * bars: name -> {x, width}, legend: name -> text, chartTitle}.
 */
export function readCalculators(html) {
	const calcs = [];
	const sectionRe = /<section class="calc"[^>]*>([\s\S]*?)<\/section>/g;
	let m;
	while ((m = sectionRe.exec(html))) {
		const body = m[1];
		const json = /<script type="application\/json" class="calc-data">([\s\S]*?)<\/script>/.exec(body);
		if (!json)
			throw new Error('a calculator without its JSON model');
		const model = JSON.parse(json[1]);
		const calc = { id: model.id, model, outputs: {}, bars: {}, legend: {},
			chartTitle: null };
		for (const o of body.matchAll(/<output([^>]*)>([^<]*)<\/output>/g))
			calc.outputs[attr(o[1], 'name')] = unescapeHtml(o[2]);
		for (const r of body.matchAll(/<rect([^>]*)>/g))
			calc.bars[attr(r[1], 'data-output')] = { x: attr(r[1], 'x'),
				width: attr(r[1], 'width') };
		for (const l of body.matchAll(/<span class="calc-legend-value"([^>]*)>([^<]*)<\/span>/g))
			calc.legend[attr(l[1], 'data-output')] = unescapeHtml(l[2]);
		const title = /<title[^>]*>([^<]*)<\/title>/.exec(body);
		if (title)
			calc.chartTitle = unescapeHtml(title[1]);
		calcs.push(calc);
	}
	return calcs;
}

/* The default value of every input of a model: name -> number. */
export function defaults(model) {
	return Object.fromEntries(model.inputs.map(i => [i.name, i.default]));
}
