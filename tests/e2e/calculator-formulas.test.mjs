/*
 * The formula parser and checker of plugins/calculator.lua, through the
 * real prepbook binary: each case is a one-output calculator on a page of
 * a handbook written to a temporary folder.  Good formulas must compile to
 * the expected JSON tree (precedence, grouping, unary minus, calls); bad
 * ones must fail the build with the expected diagnostic at the block's
 * line.  One build checks every case: the build reports all errors.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { buildHandbook, makeTempDir, removeDir } from './lib/browser.mjs';
import { readCalculators } from '../calculator/lib.mjs';

/* formula -> the tree the page must carry. */
const TREES = [
	['1 + 2 * 3', ['+', 1, ['*', 2, 3]]],
	['(1 + 2) * 3', ['*', ['+', 1, 2], 3]],
	['a - b - c', ['-', ['-', 'a', 'b'], 'c']],
	['a / b / c', ['/', ['/', 'a', 'b'], 'c']],
	['a * b / c', ['/', ['*', 'a', 'b'], 'c']],
	['-a ^ 2', ['neg', ['^', 'a', 2]]],
	['-2 ^ 2', ['neg', ['^', 2, 2]]],
	['2 ^ 3 ^ 2', ['^', 2, ['^', 3, 2]]],
	['a ^ -b', ['^', 'a', ['neg', 'b']]],
	['(-a) ^ 2', ['^', ['neg', 'a'], 2]],
	['--a', ['neg', ['neg', 'a']]],
	['+a', 'a'],
	['a - -b', ['-', 'a', ['neg', 'b']]],
	['a * -b ^ 2', ['*', 'a', ['neg', ['^', 'b', 2]]]],
	['a < b + 1', ['<', 'a', ['+', 'b', 1]]],
	['a + 1 >= b * 2', ['>=', ['+', 'a', 1], ['*', 'b', 2]]],
	['a == b', ['==', 'a', 'b']],
	['a != b', ['!=', 'a', 'b']],
	['a <= b', ['<=', 'a', 'b']],
	['a > b', ['>', 'a', 'b']],
	['(a < b) + (b < c)', ['+', ['<', 'a', 'b'], ['<', 'b', 'c']]],
	['min(a, b, 1)', ['min', 'a', 'b', 1]],
	['max(a, min(b, c))', ['max', 'a', ['min', 'b', 'c']]],
	['if(a >= 1, a, 0)', ['if', ['>=', 'a', 1], 'a', 0]],
	['round(a)', ['round', 'a']],
	['round(a / 3, 2)', ['round', ['/', 'a', 3], 2]],
	['clamp(a, 0, 1)', ['clamp', 'a', 0, 1]],
	['abs(floor(a) - ceil(b))', ['abs', ['-', ['floor', 'a'], ['ceil', 'b']]]],
	['.5 + 1e3 + 2.5E-1 + 7.', ['+', ['+', ['+', 0.5, 1000], 0.25], 7]],
	['  a*b  ', ['*', 'a', 'b']],
	['0.1', 0.1],
	['12000', 12000],
	['a / (b - 1)', ['/', 'a', ['-', 'b', 1]]],
	['a / (1 - 1 + b)', ['/', 'a', ['+', ['-', 1, 1], 'b']]],
	['first + a', ['+', 'first', 'a']],
];

/* formula -> the diagnostic after "calculator: ". */
const ERRORS = [
	['a +', "syntax error in formula for 'y' at column 4: expected a number, a name or '(', found the end of the formula"],
	['a b', "syntax error in formula for 'y' at column 3: expected an operator, found 'b'"],
	['2a', "syntax error in formula for 'y' at column 2: expected an operator, found 'a'"],
	['a + )', "syntax error in formula for 'y' at column 5: expected a number, a name or '(', found ')'"],
	['(a + b))', "syntax error in formula for 'y' at column 8: unexpected ')' with no '(' to close"],
	['min(a, b', "syntax error in formula for 'y' at column 9: expected ',' or ')' after an argument of 'min', found the end of the formula"],
	['min(a,, b)', "syntax error in formula for 'y' at column 7: expected a number, a name or '(', found ','"],
	['a < b < c', "syntax error in formula for 'y' at column 7: comparisons cannot be chained; use parentheses"],
	['a % b', "syntax error in formula for 'y' at column 3: unexpected '%'"],
	['a ! b', "syntax error in formula for 'y' at column 3: unexpected '!' (use '!=' to compare)"],
	['a × b', "syntax error in formula for 'y' at column 3: unexpected '×'"],
	['1e999', "syntax error in formula for 'y' at column 1: number '1e999' is too large"],
	['   ', "syntax error in formula for 'y' at column 4: the formula is empty"],
	['aa + 1', "formula for 'y' uses unknown name 'aa' (did you mean 'a'?)"],
	['frist * 2', "formula for 'y' uses unknown name 'frist' (did you mean 'first'?)"],
	['zzz', "formula for 'y' uses unknown name 'zzz'"],
	['min + 1', "formula for 'y' uses function 'min' without calling it (write min(...))"],
	['maxx(a, b)', "formula for 'y' calls unknown function 'maxx' (did you mean 'max'?)"],
	['mxa(a, b)', "formula for 'y' calls unknown function 'mxa' (the functions are abs, ceil, clamp, floor, if, max, min, round)"],
	['abs(a, b)', "formula for 'y': abs expects 1 argument, got 2"],
	['if(a, b)', "formula for 'y': if expects 3 arguments, got 2"],
	['floor()', "formula for 'y': floor expects 1 argument, got 0"],
	['max(a)', "formula for 'y': max expects at least 2 arguments, got 1"],
	['a / 0', "formula for 'y' divides by zero at column 3"],
	['a / (b - b) + a / (3 - 3)', "formula for 'y' divides by zero at column 17"],
	['a / -0', "formula for 'y' divides by zero at column 3"],
	['a / (0 * 5)', "formula for 'y' divides by zero at column 3"],
	['y + 1', 'formulas form a cycle: y -> y'],
];

function block(id, formula) {
	return [
		'```calculator',
		`id: ${id}`,
		`title: Case ${id}`,
		'inputs:',
		'  - {id: a, label: a, default: 2}',
		'  - {id: b, label: b, default: 3}',
		'  - {id: c, label: c, default: 5}',
		'  - {id: first, label: first, default: 7}',
		'outputs:',
		`  - {id: y, label: y, formula: ${JSON.stringify(formula)}}`,
		'```',
		'',
	].join('\n');
}

/* Writes a handbook with one page of blocks; returns the folder and the
 * line of each block's opening fence. */
async function writeHandbook(cases) {
	const dir = await makeTempDir('prepbook-formulas-');
	await fs.mkdir(path.join(dir, 'content'));
	await fs.writeFile(path.join(dir, 'handbook.yml'), 'title: T\nbase_url: https://example.org/t\n');
	let text = '---\ntitle: Home\n---\n\n';
	const lines = [];
	cases.forEach(([formula], i) => {
		lines.push(text.split('\n').length);
		text += block(`case-${i + 1}`, formula) + '\n';
	});
	await fs.writeFile(path.join(dir, 'content', 'index.md'), text);
	return { dir, lines };
}

let good;
let bad;
const temps = [];

before(async () => {
	const goodBook = await writeHandbook(TREES);
	const badBook = await writeHandbook(ERRORS);
	temps.push(goodBook.dir, badBook.dir);
	good = await buildHandbook(goodBook.dir);
	bad = await buildHandbook(badBook.dir, { allowFailure: true });
	bad.lines = badBook.lines;
});

after(async () => {
	await good?.cleanup();
	await bad?.cleanup();
	for (const dir of temps)
		await removeDir(dir);
});

describe('the formula parser', () => {
	it('compiles formulas to the expected trees', async () => {
		const html = await fs.readFile(path.join(good.site, 'index.html'), 'utf8');
		const calcs = readCalculators(html);
		assert.equal(calcs.length, TREES.length);
		TREES.forEach(([formula, tree], i) => {
			const calc = calcs.find(c => c.id === `case-${i + 1}`);
			assert.deepEqual(calc.model.outputs[0].tree, tree, formula);
		});
	});

	it('reports every bad formula at its formula, and nothing else', () => {
		assert.equal(bad.result.code, 1);
		/* The key 'formula:' of the output, nine lines below the fence. */
		const want = ERRORS.map(([, message], i) =>
			`content/index.md:${bad.lines[i] + 9}:23: error: calculator: ${message}`);
		const got = bad.result.stderr.trim().split('\n');
		assert.deepEqual(got, want);
	});
});
