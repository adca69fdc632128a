/*
 * The live cost calculators in a browser: the page without JavaScript
 * already shows every default result, the script starts without changing
 * a character, typing updates the outputs and the chart, the address keeps
 * the scenario (and restores it), reset, division by zero, keyboard use,
 * accessibility, and the formula vectors under varied inputs compared with
 * what the build computed in Lua.  The fixture (fixtures/calculator) is
 * built by the real binary and opened from disk and over HTTP.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
	buildHandbook, fileUrl, foreignRequests, formatViolations, launchBrowser,
	openPage, runAxe, serve, siteUnderTest,
} from './lib/browser.mjs';
import { readCalculators } from '../calculator/lib.mjs';

const FIXTURE = 'tests/e2e/fixtures/calculator';
const VECTORS = 'tests/calculator/vectors';
const TIMEOUT = { timeout: 60000 };
const DASH = '\u2014';

const site = siteUnderTest(FIXTURE, { before, after });
const { origins, withPage } = site;

/* What a reader sees of one calculator: output texts, chart bars and
 * legend, the chart's text alternative. */
function snapshot(page, id) {
	return page.evaluate(id => {
		const section = document.getElementById('calc-' + id);
		const text = sel => [...section.querySelectorAll(sel)].map(e => e.textContent);
		return {
			outputs: text('output'),
			legend: text('.calc-legend-value'),
			bars: [...section.querySelectorAll('rect')].map(r =>
				[r.getAttribute('x'), r.getAttribute('width')]),
			title: text('svg title'),
		};
	}, id);
}

function outputs(page, id) {
	return page.evaluate(id => Object.fromEntries([...document
		.querySelectorAll(`#calc-${id} output`)]
		.map(o => [o.getAttribute('name'), o.textContent])), id);
}

const DEFAULTS = {
	compute: '$6,600.00', storage: '$5,750.00', total: '$12,350.00',
	share: '53.4%',
};

for (const o of origins) {
	describe(`calculators over ${o.name}`, () => {
		it('show the default results without JavaScript', TIMEOUT, async () => {
			await withPage(o.url('index.html'), { javaScript: false }, async page => {
				assert.deepEqual(await outputs(page, 'platform-cost'), DEFAULTS);
				assert.equal(await page.isVisible('#calc-platform-cost .calc-reset'), false);
				assert.match(await page.textContent('#calc-platform-cost noscript'),
					/default values/);
			});
		});

		it('start without changing what the page shows', TIMEOUT, async () => {
			const still = {};
			await withPage(o.url('index.html'), { javaScript: false }, async page => {
				for (const id of ['platform-cost', 'seats'])
					still[id] = await snapshot(page, id);
			});
			await withPage(o.url('index.html'), {}, async page => {
				await page.waitForSelector('#calc-seats[data-live]');
				for (const id of ['platform-cost', 'seats'])
					assert.deepEqual(await snapshot(page, id), still[id], id);
				assert.equal(await page.isVisible('#calc-platform-cost .calc-reset'), true);
				assert.deepEqual(page.errors, []);
			});
		});

		it('update outputs, chart and address as the reader types', TIMEOUT, async () => {
			await withPage(o.url('index.html'), {}, async page => {
				await page.waitForSelector('#calc-platform-cost[data-live]');
				await page.fill('#calc-platform-cost-in-dbu_hours', '15000');
				assert.deepEqual(await outputs(page, 'platform-cost'), {
					compute: '$8,250.00', storage: '$5,750.00',
					total: '$14,000.00', share: '58.9%',
				});
				const shot = await snapshot(page, 'platform-cost');
				assert.deepEqual(shot.bars, [['0.00%', '58.93%'], ['58.93%', '41.07%']]);
				assert.deepEqual(shot.legend, ['$8,250.00', '$5,750.00']);
				assert.deepEqual(shot.title,
					['Monthly platform cost: Compute $8,250.00, Storage $5,750.00']);
				assert.equal(new URL(page.url()).hash,
					'#calc-platform-cost:dbu_hours=15000');
				assert.deepEqual(page.errors, []);
				assert.deepEqual(foreignRequests(page.requests, o.origin()), []);
			});
		});

		it('restore a scenario from the address', TIMEOUT, async () => {
			const hash = '#calc-platform-cost:dbu_hours=15000&dbu_rate=0.6' +
				'&storage_tb=lots&tb_rate=5000;calc-seats:users=10&annual=1&plan=2';
			await withPage(o.url('index.html') + hash, {}, async page => {
				await page.waitForSelector('#calc-seats[data-live]');
				assert.equal(await page.inputValue('#calc-platform-cost-in-dbu_hours'), '15000');
				assert.equal(await page.inputValue('#calc-platform-cost-in-dbu_rate'), '0.6');
				/* Garbage is ignored; a value past max is clamped to it. */
				assert.equal(await page.inputValue('#calc-platform-cost-in-storage_tb'), '250');
				assert.equal(await page.inputValue('#calc-platform-cost-in-tb_rate'), '1000');
				assert.deepEqual(await outputs(page, 'platform-cost'), {
					compute: '$9,000.00', storage: '$250,000.00',
					total: '$259,000.00', share: '3.5%',
				});
				/* The second calculator got its own segment; plan=2 is not
				 * an option, so the select keeps its default. */
				assert.equal(await page.inputValue('#calc-seats-in-users'), '10');
				assert.equal(await page.isChecked('#calc-seats-in-annual'), true);
				assert.equal(await page.inputValue('#calc-seats-in-plan'), '1');
				assert.deepEqual(await outputs(page, 'seats'), {
					monthly: '$10,200.00', per_seat: '$1,020.00',
					runway: '4.9\u00a0months',
				});
				assert.deepEqual(page.errors, []);
			});
		});

		it('reset to the defaults and clear the address', TIMEOUT, async () => {
			const hash = '#calc-platform-cost:dbu_hours=1';
			await withPage(o.url('index.html') + hash, {}, async page => {
				await page.waitForSelector('#calc-platform-cost[data-live]');
				assert.equal((await outputs(page, 'platform-cost')).compute, '$0.55');
				await page.click('#calc-platform-cost .calc-reset');
				assert.deepEqual(await outputs(page, 'platform-cost'), DEFAULTS);
				assert.equal(await page.inputValue('#calc-platform-cost-in-dbu_hours'), '12000');
				assert.equal(new URL(page.url()).hash, '');
			});
		});
	});
}

describe('calculator behaviour', () => {
	it('gives every number field the same width, whatever its unit', TIMEOUT, async () => {
		await withPage(site.server.url + 'index.html', { width: 1280 }, async page => {
			const boxes = await page.$$eval('#calc-platform-cost input[type="number"]',
				inputs => inputs.map(i => {
					const r = i.getBoundingClientRect();
					return { id: i.id, width: Math.round(r.width) };
				}));
			assert.equal(boxes.length, 4);
			const widths = new Set(boxes.map(b => b.width));
			assert.equal(widths.size, 1, JSON.stringify(boxes));
			/* The unit is still there to read, inside the field's box. */
			const unit = await page.locator('#calc-platform-cost-unit-storage_tb').boundingBox();
			const field = await page.locator('#calc-platform-cost-in-storage_tb').boundingBox();
			assert.ok(unit.x > field.x && unit.x + unit.width <= field.x + field.width + 1,
				'the TB unit sits inside its field');
		});
	});

	it('shows a dash, never NaN or Infinity, for a division by zero', TIMEOUT, async () => {
		await withPage(site.server.url + 'index.html', {}, async page => {
			await page.waitForSelector('#calc-seats[data-live]');
			await page.fill('#calc-seats-in-users', '0');
			const seats = await outputs(page, 'seats');
			assert.equal(seats.per_seat, DASH);
			await page.fill('#calc-seats-in-cost', '0');
			assert.deepEqual(await outputs(page, 'seats'), {
				monthly: '$0.00', per_seat: DASH, runway: DASH,
			});
			const text = await page.textContent('#calc-seats');
			assert.doesNotMatch(text, /NaN|Infinity/);
			/* A bar for a value that is not a number is not drawn. */
			assert.equal(await page.getAttribute('#calc-seats rect[data-output="per_seat"]',
				'width'), '0.00%');
		});
	});

	it('works with the keyboard: select, toggle and arrow keys', TIMEOUT, async () => {
		await withPage(site.server.url + 'index.html', {}, async page => {
			await page.waitForSelector('#calc-seats[data-live]');
			await page.focus('#calc-seats-in-plan');
			await page.keyboard.press('ArrowDown');
			assert.equal((await outputs(page, 'seats')).monthly, '$18,000.00');
			await page.focus('#calc-seats-in-annual');
			await page.keyboard.press('Space');
			assert.equal((await outputs(page, 'seats')).monthly, '$15,300.00');
			await page.focus('#calc-platform-cost-in-dbu_hours');
			await page.keyboard.press('ArrowUp');
			assert.equal(await page.inputValue('#calc-platform-cost-in-dbu_hours'), '12100');
			assert.equal((await outputs(page, 'platform-cost')).compute, '$6,655.00');
			assert.equal(new URL(page.url()).hash,
				'#calc-platform-cost:dbu_hours=12100;calc-seats:plan=1.5&annual=1');
			/* Enter in a field does not submit the form (no reload). */
			await page.keyboard.press('Enter');
			assert.equal((await outputs(page, 'platform-cost')).compute, '$6,655.00');
			assert.deepEqual(page.errors, []);
		});
	});

	it('clamps a typed value to the input\'s range when the field is left', TIMEOUT, async () => {
		await withPage(site.server.url + 'index.html', {}, async page => {
			await page.waitForSelector('#calc-platform-cost[data-live]');
			await page.fill('#calc-platform-cost-in-dbu_hours', '-50');
			assert.equal(await page.getAttribute('#calc-platform-cost-in-dbu_hours',
				'aria-invalid'), 'true');
			assert.equal((await outputs(page, 'platform-cost')).compute, '$0.00');
			await page.press('#calc-platform-cost-in-dbu_hours', 'Tab');
			assert.equal(await page.inputValue('#calc-platform-cost-in-dbu_hours'), '0');
			assert.equal(await page.getAttribute('#calc-platform-cost-in-dbu_hours',
				'aria-invalid'), 'false');
		});
	});

	it('is labelled and announces results politely', TIMEOUT, async () => {
		await withPage(site.server.url + 'index.html', {}, async page => {
			await page.waitForSelector('#calc-seats[data-live]');
			const unlabelled = await page.evaluate(() => [...document
				.querySelectorAll('.calc input, .calc select')]
				.filter(f => !f.labels || f.labels.length === 0).map(f => f.id));
			assert.deepEqual(unlabelled, []);
			assert.equal(await page.locator('.calc [aria-live="polite"] output').count(), 7);
			assert.equal(await page.getAttribute('#calc-platform-cost svg', 'role'), 'img');
			const violations = await runAxe(page, { context: '.calc' });
			assert.deepEqual(violations, [], formatViolations(violations));
		});
	});

	it('keeps author text as text and the JSON inside its script', TIMEOUT, async () => {
		await withPage(site.server.url + 'index.html', {}, async page => {
			await page.waitForSelector('#calc-seats[data-live]');
			assert.equal(await page.textContent('#calc-seats-title'),
				'Cost per seat </script><!-- & "quotes"');
			assert.equal(await page.textContent('label[for="calc-seats-in-users"]'),
				'Active users <b>');
			assert.equal(await page.locator('#calc-seats label b').count(), 0);
			assert.equal(await page.innerHTML('#calc-seats .calc-notes strong'), 'active');
			assert.equal(await page.getAttribute('#calc-seats .calc-notes a', 'href'),
				'index.html');
			assert.match((await snapshot(page, 'seats')).title[0],
				/^Cost per seat <\/script><!-- & "quotes": Monthly after plan/);
		});
	});
});

describe('the handbook\'s worked example', () => {
	let handbook;

	before(async () => {
		handbook = await buildHandbook('.');
	});

	after(async () => {
		await handbook?.cleanup();
	});

	it('works live from disk', TIMEOUT, async () => {
		const url = fileUrl(handbook.site, 'economics/platform-cost.html') +
			'#calc-platform-cost:storage_tb=500';
		await withPage(url, {}, async page => {
			await page.waitForSelector('#calc-platform-cost[data-live]');
			assert.equal((await outputs(page, 'platform-cost')).storage, '$11,500.00');
			await page.fill('#calc-platform-cost-in-dbu_hours', '20000');
			assert.deepEqual(await outputs(page, 'platform-cost'), {
				compute: '$11,000.00', storage: '$11,500.00',
				total: '$22,500.00', share: '48.9%',
			});
			assert.equal(new URL(page.url()).hash,
				'#calc-platform-cost:dbu_hours=20000&storage_tb=500');
			assert.deepEqual(page.errors, []);
			assert.deepEqual(foreignRequests(page.requests), []);
		});
	});
});

describe('formula vectors in the browser', () => {
	let vectors;

	before(async () => {
		vectors = await buildHandbook(VECTORS);
	});

	after(async () => {
		await vectors?.cleanup();
	});

	it('give the build\'s results for every scenario typed in', TIMEOUT, async () => {
		const computed = readCalculators(readFileSync(path.join(vectors.site,
			'index.html'), 'utf8'));
		const scenarios = computed.filter(c => c.id.startsWith('math-'));
		assert.equal(scenarios.length, 7);
		await withPage(fileUrl(vectors.site), {}, async page => {
			await page.waitForSelector('#calc-math-1[data-live]');
			for (const scenario of scenarios) {
				for (const input of scenario.model.inputs) {
					const field = `#calc-math-1-in-${input.name}`;
					const value = String(input.default);
					if (input.type === 'toggle')
						await page.setChecked(field, input.default === 1);
					else if (input.type === 'select')
						await page.selectOption(field, value);
					else
						await page.fill(field, value);
				}
				assert.deepEqual(await outputs(page, 'math-1'), scenario.outputs,
					`math-1 with the inputs of ${scenario.id}`);
			}
			/* And every calculator's own defaults, as the script left them. */
			for (const c of computed)
				if (c.id !== 'math-1')
					assert.deepEqual(await outputs(page, c.id), c.outputs, c.id);
			assert.deepEqual(page.errors, []);
		});
	});
});
