/*
 * The Lua evaluator (the build) and the JavaScript evaluator (the page)
 * must print the same text for every output.  The vectors are calculators
 * on a fixture page (tests/calculator/vectors): the real prepbook binary
 * builds it, the plugin computes every output for the default inputs, and
 * this test evaluates the same JSON trees with plugins/assets/calculator.js
 * loaded in Node and compares every output, chart bar and chart title.
 *
 * Agreement alone would pass if both sides were wrong the same way, so the
 * formatting vectors and one formula scenario are also pinned to the
 * values docs/calculator.md specifies.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { buildHandbook } from './lib/browser.mjs';
import { defaults, loadCalculatorScript, readCalculators, scriptPath } from '../calculator/lib.mjs';

const NB = '\u00a0';
const M = '\u2212';
const D = '\u2014';

/* The "formats" calculator: output v<i> is FORMATS[i - 1]. */
const FORMATS = [
	'0.13', '2.68', '1.01', `${M}2.68`, '0.01', '0.00', '0.00', '0.00', '0',
	'1', '2', '3', `${M}1`, '0.30', '0.3000000000', '1,000.00', '1,000,000',
	'1,000,000,000,000,000,000,000.00', '123,456,789.13',
	'9,007,199,254,740,992',
	'17976931348623157'.replace(/^(\d{3})(\d{3})(\d{3})(\d{3})(\d{3})(\d{2})$/,
		'$1,$2,$3,$4,$5,$6') + '0' + ',000'.repeat(97),
	'0.00', '0.0000001000', '0.0000000000', D, D, D, D,
	'$1,234.50', `${M}$1,234.50`, '€1,235', `CHF${NB}1,234.50`, '$0.00',
	'$0.00', '$1,000,000,000', '15%', '53.4%', `${M}0.1%`, '100.0%',
	'0.001%', '1,234.56%', `1${NB}month`, `14.3${NB}months`,
	`1.0${NB}months`, `1${NB}month`, `${M}3${NB}months`, `250${NB}TB`,
	'1,000,000,000,000,000.20', '1,000,000,000,000,000.2', '4.4', '1.5',
	'8.35', '1.01', '0', '1.4142135624', '0.0100', '3.138428', D, '0.00',
	'2.680', `${M}3`, '101', '1,200', D, D, `${M}1.0`, '0.0', D, D, D,
];

/* Scenario 1 of the formula vectors: a = 3, b = 4, c = 1000, n = 12. */
const SCENARIO_1 = {
	grand: '$19.00', sum: '7.0000', diff: `${M}1.0000`, prod: '12.000',
	quot: '0.750000', powab: '81.00000', pown: '531,441.00',
	negsq: `${M}9.00`, rightpow: '11.035665', root: '2.64575131', growth: '$1,425.76',
	recip: '0.3333333', frac: '31,622.777', mn: '3.000', mx: '1,000.000',
	cl: '4.000', rd: '1.0000', rd0: '6.0', rdneg: '1,000',
	rdn: '1,000.0000000000', fl: '0', ce: '1', ab: '1.00', cmp: '35',
	iff: '1.000', ift: '$1,000.00', sel: '€6.60', share: '36.8%',
	tiny: '0.00', huge: D, logish: '10.046966711', months: `333.3${NB}months`, units: `1,000.0${NB}TB`,
};

let built;
let calcs;
let calc;

before(async () => {
	built = await buildHandbook('tests/calculator/vectors');
	calcs = readCalculators(readFileSync(path.join(built.site, 'index.html'), 'utf8'));
	calc = loadCalculatorScript();
});

after(async () => {
	await built?.cleanup();
});

describe('the build and the browser script agree', () => {
	it('finds every vector calculator on the built page', () => {
		assert.deepEqual(calcs.map(c => c.id), ['math-1', 'math-2', 'math-3',
			'math-4', 'math-5', 'math-6', 'math-7', 'formats']);
		const outputs = calcs.reduce((n, c) => n + Object.keys(c.outputs).length, 0);
		assert.equal(outputs, 7 * 33 + FORMATS.length);
	});

	it('prints every output identically', () => {
		const differences = [];
		for (const c of calcs) {
			const result = calc.compute(c.model, defaults(c.model));
			for (const out of c.model.outputs) {
				if (c.outputs[out.name] !== result.texts[out.name])
					differences.push(`${c.id}.${out.name}: build ` +
						`${JSON.stringify(c.outputs[out.name])}, script ` +
						`${JSON.stringify(result.texts[out.name])}`);
			}
		}
		assert.deepEqual(differences, []);
	});

	it('draws the same chart bars and writes the same chart text', () => {
		let charts = 0;
		for (const c of calcs.filter(c => c.model.chart)) {
			charts++;
			const result = calc.compute(c.model, defaults(c.model));
			const names = c.model.chart.outputs;
			const bars = calc.chartGeometry(c.model.chart.type,
				names.map(n => result.values[n]));
			names.forEach((name, i) => {
				assert.deepEqual(c.bars[name], bars[i], `${c.id} bar ${name}`);
				assert.equal(c.legend[name], result.texts[name], `${c.id} legend ${name}`);
			});
			assert.equal(c.chartTitle, calc.chartSummary(c.model, result.texts));
		}
		assert.equal(charts, 7);
	});

	it('formats the vectors as docs/calculator.md specifies', () => {
		const formats = calcs.find(c => c.id === 'formats');
		FORMATS.forEach((want, i) => {
			assert.equal(formats.outputs[`v${i + 1}`], want, `vector v${i + 1}`);
		});
	});

	it('evaluates the formula vectors as specified', () => {
		const first = calcs.find(c => c.id === 'math-1');
		assert.deepEqual(first.outputs, SCENARIO_1);
	});

	it('evaluates one scenario from another calculator\'s inputs', () => {
		/* The math-k calculators share formulas: math-1's trees with
		 * math-k's defaults must print math-k's build-time texts. */
		const first = calcs.find(c => c.id === 'math-1');
		for (const other of calcs.filter(c => c.id.startsWith('math-'))) {
			const result = calc.compute(first.model, defaults(other.model));
			assert.deepEqual(result.texts, other.outputs, other.id);
		}
	});
});

describe('the browser script', () => {
	it('has no eval and no Function constructor', () => {
		const source = readFileSync(scriptPath, 'utf8')
			.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
		assert.doesNotMatch(source, /\beval\s*\(/);
		assert.doesNotMatch(source, /\bFunction\s*\(/);
		assert.doesNotMatch(source, /\bsetTimeout\s*\(\s*['"`]/);
	});

	it('never prints NaN or Infinity', () => {
		const out = { format: 'number', decimals: 2, unit: '' };
		for (const x of [NaN, Infinity, -Infinity, 0 / 0])
			assert.equal(calc.formatValue(x, out), D);
		for (const c of calcs)
			for (const text of Object.values(c.outputs))
				assert.doesNotMatch(text, /NaN|Infinity/);
	});

	it('rounds half away from zero on the shortest decimal form', () => {
		assert.equal(calc.round(2.5, 0), 3);
		assert.equal(calc.round(-2.5, 0), -3);
		assert.equal(calc.round(0.49999999999999994, 0), 0);
		assert.equal(calc.round(1.005, 2), 1.01);
		assert.equal(calc.round(1234.5, -1), 1230);
		assert.ok(Number.isNaN(calc.round(1, 0.5)));
	});

	it('puts a no-break space after a currency symbol of more than one character', () => {
		/* docs/calculator.md: `$1,234.50`, `€1,235`, `CHF 1,234.50`;
		 * characters are code points, so the three bytes of € and
		 * the two UTF-16 units of an astral symbol are one character. */
		const currency = (unit, decimals = 2) => ({ format: 'currency', decimals, unit });
		assert.equal(calc.formatValue(1234.5, currency('$')), '$1,234.50');
		assert.equal(calc.formatValue(1234.5, currency('€', 0)), '€1,235');
		assert.equal(calc.formatValue(1234.5, currency('\u{1F4B0}')), '\u{1F4B0}1,234.50');
		assert.equal(calc.formatValue(1234.5, currency('CHF')), `CHF${NB}1,234.50`);
		assert.equal(calc.formatValue(1234.5, currency('US$')), `US$${NB}1,234.50`);
		assert.equal(calc.formatValue(-1234.5, currency('kr')), `${M}kr${NB}1,234.50`);
		assert.equal(calc.formatValue(-12, currency('$')), `${M}$12.00`);
	});

	it('computes powers with the right grouping and special cases', () => {
		assert.equal(calc.evaluate(['neg', ['^', 2, 2]], {}), -4);
		assert.equal(calc.evaluate(['^', 2, ['^', 3, 2]], {}), 512);
		assert.equal(calc.pow(-8, 3), -512);
		assert.ok(Number.isNaN(calc.pow(-8, 1 / 3)));
		assert.equal(calc.pow(0, -1), Infinity);
		assert.equal(calc.pow(5, 0), 1);
		assert.ok(Math.abs(calc.pow(2, 0.5) - Math.SQRT2) < 1e-15);
		assert.ok(Math.abs(calc.log(10) - Math.LN10) < 1e-15);
		assert.ok(Math.abs(calc.exp(1) - Math.E) < 1e-15);
	});
});
