/*
 * Quizzes, checklists and the progress page in a browser: answering
 * right and wrong, per-choice feedback, the score, Try again, multiple
 * choice, the keyboard, progress kept across a reload (from disk and
 * over HTTP), the progress page with the questions missed and its reset,
 * a question edited in the source starting afresh while the others keep
 * their answers, stored values that are damaged, the page without
 * JavaScript, and axe-core in light and dark.  The fixture
 * (fixtures/quiz) is built by the real binary.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
	buildHandbook, fileUrl, foreignRequests, formatViolations, openPage,
	runAxe, runPrepbook, siteUnderTest,
} from './lib/browser.mjs';

const FIXTURE = 'tests/e2e/fixtures/quiz';
const TIMEOUT = { timeout: 60000 };

const site = siteUnderTest(FIXTURE, { before, after });
const { origins, withPage } = site;

const QUIZ = '#quiz-basics';

/* The quiz's questions, in order, as fieldsets. */
function question(page, n) {
	return page.locator(`${QUIZ} fieldset.quiz-question`).nth(n);
}

/* Chooses the choices (0-based) of question n, by clicking their labels. */
async function choose(page, n, choices) {
	for (const c of choices)
		await question(page, n).locator('label.quiz-label').nth(c).click();
}

/* Right answers: Compute; Delta Lake and Iceberg; The workload. */
async function answerAll(page, { wrongFirst = false } = {}) {
	await choose(page, 0, [wrongFirst ? 0 : 1]);
	await choose(page, 1, [0, 1]);
	await choose(page, 2, [1]);
}

async function ready(page) {
	await page.waitForSelector(`${QUIZ}[data-live]`);
}

function marks(page, n) {
	return question(page, n).locator('.quiz-choice').evaluateAll(items =>
		items.map(li => li.getAttribute('data-mark')));
}

function checkedBoxes(page, n) {
	return question(page, n).locator('input').evaluateAll(inputs =>
		inputs.map(i => i.checked));
}

function storeKey(page) {
	return page.evaluate(() => JSON.parse(document.querySelector(
		'#quiz-basics script.quiz-data').textContent).store);
}

for (const o of origins) {
	describe(`quizzes over ${o.name}`, () => {
		it('mark a right and a wrong answer, with every why and the score', TIMEOUT, async () => {
			await withPage(o.url('index.html'), {}, async page => {
				await ready(page);
				await answerAll(page, { wrongFirst: true });
				await page.click(`${QUIZ} .quiz-check`);
				assert.equal(await page.textContent(`${QUIZ} .quiz-result`),
					'2 of 3 correct');
				assert.deepEqual(await marks(page, 0), ['wrong', 'missed', 'other']);
				assert.deepEqual(await marks(page, 1), ['right', 'right', 'other']);
				const feedback = await question(page, 0).locator('.quiz-feedback')
					.allTextContents();
				assert.deepEqual(feedback.map(t => t.trim()), [
					'Your answer, wrong. Storage is billed per TB-month.',
					'The right answer. A DBU is a unit of processing capacity.',
					'Network transfer has its own price.',
				]);
				assert.equal(await question(page, 0).locator('.quiz-explain').isVisible(), true);
				assert.equal(await question(page, 0).locator('.quiz-answer').isVisible(), false);
				/* The score takes the focus, in a polite live region. */
				assert.equal(await page.evaluate(() =>
					document.activeElement.classList.contains('quiz-result')), true);
				assert.equal(await page.getAttribute(`${QUIZ} .quiz-result`, 'aria-live'),
					'polite');
				assert.deepEqual(page.errors, []);
				assert.deepEqual(foreignRequests(page.requests, o.origin()), []);
			});
		});

		it('keep the answers and the result across a reload', TIMEOUT, async () => {
			await withPage(o.url('index.html'), {}, async page => {
				await ready(page);
				await answerAll(page, { wrongFirst: true });
				await page.click(`${QUIZ} .quiz-check`);
				await page.reload();
				await ready(page);
				assert.deepEqual(await checkedBoxes(page, 0), [true, false, false]);
				assert.deepEqual(await checkedBoxes(page, 1), [true, true, false]);
				assert.deepEqual(await marks(page, 0), ['wrong', 'missed', 'other']);
				assert.equal(await page.textContent(`${QUIZ} .quiz-result`),
					'2 of 3 correct');
				const key = await storeKey(page);
				assert.match(key, /^prepbook:[0-9a-f]{8}:quiz:basics$/);
				assert.deepEqual(page.errors, []);
			});
		});

		it('show the progress page, the missed question, and reset', TIMEOUT, async () => {
			await withPage(o.url('index.html'), {}, async page => {
				await ready(page);
				await answerAll(page, { wrongFirst: true });
				await page.click(`${QUIZ} .quiz-check`);
				await page.locator('#checklist-plan input').first().check();
				await page.click('a.topbar-link');
				await page.waitForSelector('[data-progress-page][data-live]');
				const status = kind => page.locator(
					`tr[data-progress-kind="${kind}"] [data-progress-status]`);
				assert.deepEqual(await status('quiz').allTextContents(),
					['2 of 3 correct', 'Not started']);
				assert.equal(await status('checklist').textContent(), '1 of 2 done');
				assert.match(await page.textContent('[data-progress-summary]'),
					/1 of 2 quizzes taken, 2 of 4 questions answered right\. 1 of 2 checklist steps done\./);
				const missed = page.locator('[data-progress-missed-list] a');
				assert.deepEqual(await missed.allTextContents(), ['What is billed per DBU?']);
				/* The link leads to the question itself. */
				await missed.first().click();
				await page.waitForURL(/index\.html#quiz-basics-[0-9a-f]{8}$/);
				const target = new URL(page.url()).hash.slice(1);
				assert.equal(await page.evaluate(id =>
					document.getElementById(id).querySelector('.quiz-prompt-text')
						.textContent, target), 'What is billed per DBU?');

				await page.goBack();
				await page.waitForSelector('[data-progress-page][data-live]');
				await page.click('[data-progress-reset-ask]');
				/* It asks first; Cancel keeps everything. */
				assert.equal(await page.isVisible('[data-progress-reset-yes]'), true);
				await page.click('[data-progress-reset-no]');
				assert.equal(await status('checklist').textContent(), '1 of 2 done');
				await page.click('[data-progress-reset-ask]');
				await page.click('[data-progress-reset-yes]');
				assert.deepEqual(await status('quiz').allTextContents(),
					['Not started', 'Not started']);
				assert.equal(await status('checklist').textContent(), 'Not started');
				assert.equal(await missed.count(), 0);
				assert.equal(await page.textContent('[data-progress-reset-status]'),
					'Your progress has been cleared.');
				await page.goto(o.url('index.html'));
				await ready(page);
				for (let n = 0; n < 3; n++)
					assert.equal((await checkedBoxes(page, n)).some(Boolean), false);
				assert.equal(await page.isChecked('#checklist-plan input >> nth=0'), false);
				assert.deepEqual(page.errors, []);
				assert.deepEqual(foreignRequests(page.requests, o.origin()), []);
			});
		});
	});
}

describe('quiz behaviour', () => {
	it('tries again: answers and marks cleared, the last score kept for the progress page', TIMEOUT, async () => {
		await withPage(site.server.url + 'index.html', {}, async page => {
			await ready(page);
			await answerAll(page);
			await page.click(`${QUIZ} .quiz-check`);
			assert.equal(await page.textContent(`${QUIZ} .quiz-result`), '3 of 3 correct');
			assert.equal(await page.isVisible(`${QUIZ} .quiz-retry`), true);
			await page.click(`${QUIZ} .quiz-retry`);
			for (let n = 0; n < 3; n++) {
				assert.equal((await checkedBoxes(page, n)).some(Boolean), false);
				assert.equal((await marks(page, n)).every(m => m === null), true);
			}
			assert.equal(await page.isVisible(`${QUIZ} .quiz-result`), false);
			assert.equal(await page.isVisible(`${QUIZ} .quiz-feedback >> nth=0`), false);
			/* The focus goes back to the first question. */
			assert.equal(await page.evaluate(() => document.activeElement.name),
				await question(page, 0).getAttribute('id'));
			await page.goto(site.server.url + 'progress.html');
			await page.waitForSelector('[data-progress-page][data-live]');
			assert.equal(await page.textContent(
				'tr[data-progress-kind="quiz"] [data-progress-status] >> nth=0'),
				'3 of 3 correct');
		});
	});

	it('needs every question answered, and all of a multiple choice', TIMEOUT, async () => {
		await withPage(site.server.url + 'index.html', {}, async page => {
			await ready(page);
			assert.equal(await question(page, 1).locator('input[type="checkbox"]').count(), 3);
			assert.match(await question(page, 1).locator('.quiz-hint').textContent(),
				/all that apply/);
			await choose(page, 0, [1]);
			await page.click(`${QUIZ} .quiz-check`);
			assert.equal(await page.textContent(`${QUIZ} .quiz-result`),
				'Answer question 2 before checking.');
			/* One of two right choices is not the answer. */
			await choose(page, 1, [0]);
			await choose(page, 2, [1]);
			await page.click(`${QUIZ} .quiz-check`);
			assert.equal(await page.textContent(`${QUIZ} .quiz-result`), '2 of 3 correct');
			assert.deepEqual(await marks(page, 1), ['right', 'missed', 'other']);
			assert.equal(await question(page, 1).getAttribute('class'),
				'quiz-question is-wrong');
			/* Changing an answer clears the check until the next one. */
			await choose(page, 1, [1]);
			assert.deepEqual(await marks(page, 1), [null, null, null]);
			assert.equal(await page.isVisible(`${QUIZ} .quiz-result`), false);
			await page.click(`${QUIZ} .quiz-check`);
			assert.equal(await page.textContent(`${QUIZ} .quiz-result`), '3 of 3 correct');
		});
	});

	it('works with the keyboard alone', TIMEOUT, async () => {
		await withPage(site.server.url + 'index.html', {}, async page => {
			await ready(page);
			await question(page, 0).locator('input').first().focus();
			await page.keyboard.press('ArrowDown');
			assert.deepEqual(await checkedBoxes(page, 0), [false, true, false]);
			await page.keyboard.press('Tab');
			await page.keyboard.press('Space');
			await page.keyboard.press('Tab');
			await page.keyboard.press('Space');
			assert.deepEqual(await checkedBoxes(page, 1), [true, true, false]);
			await page.keyboard.press('Tab');
			await page.keyboard.press('Tab');
			await page.keyboard.press('ArrowDown');
			assert.deepEqual(await checkedBoxes(page, 2), [false, true]);
			await page.keyboard.press('Enter');
			assert.equal(await page.textContent(`${QUIZ} .quiz-result`), '3 of 3 correct');
			assert.equal(await page.evaluate(() =>
				document.activeElement.classList.contains('quiz-result')), true);
			/* Each choice's verdict is its description once checked. */
			const described = await question(page, 0).locator('input').nth(1)
				.getAttribute('aria-describedby');
			assert.match(await page.textContent(`#${described}`), /^Your answer, right\./);
		});
	});

	it('ignores a stored value that is damaged, old or from another shape', TIMEOUT, async () => {
		await withPage(site.server.url + 'index.html', {}, async page => {
			await ready(page);
			const key = await storeKey(page);
			const keys = await page.locator(`${QUIZ} fieldset`).evaluateAll(f =>
				f.map(x => x.getAttribute('data-key')));
			const values = [
				'{not json',
				JSON.stringify({ v: 0, checked: true, q: {} }),
				JSON.stringify([1, 2, 3]),
				JSON.stringify({ v: 1, checked: true, q: 'x' }),
				JSON.stringify({ v: 1, checked: true, q: {
					[keys[0]]: { a: [7], ok: 1 },
					[keys[1]]: { a: ['0'], ok: 'yes' },
					[keys[2]]: { a: [0, 1] },
				} }),
			];
			for (const value of values) {
				await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, value]);
				await page.reload();
				await ready(page);
				for (let n = 0; n < 3; n++)
					assert.equal((await checkedBoxes(page, n)).some(Boolean), false, value);
				assert.equal(await page.isVisible(`${QUIZ} .quiz-result`), false);
			}
			await page.goto(site.server.url + 'progress.html');
			await page.waitForSelector('[data-progress-page][data-live]');
			assert.equal(await page.textContent(
				'tr[data-progress-kind="quiz"] [data-progress-status] >> nth=0'),
				'Not started');
			assert.deepEqual(page.errors, []);
		});
	});

	it('keeps checklist ticks and counts them', TIMEOUT, async () => {
		await withPage(site.server.url + 'index.html', {}, async page => {
			await page.waitForSelector('#checklist-plan[data-live]');
			assert.equal(await page.textContent('#checklist-plan .checklist-count'), '0 of 2 done');
			await page.locator('#checklist-plan label').nth(1).click();
			assert.equal(await page.textContent('#checklist-plan .checklist-count'), '1 of 2 done');
			assert.equal(await page.getAttribute('#checklist-plan a.checklist-link', 'href'),
				'part/page.html');
			await page.reload();
			await page.waitForSelector('#checklist-plan[data-live]');
			assert.equal(await page.isChecked('#checklist-plan input >> nth=1'), true);
			assert.equal(await page.isChecked('#checklist-plan input >> nth=0'), false);
		});
	});

	it('without JavaScript, puts each answer in a details element', TIMEOUT, async () => {
		await withPage(site.server.url + 'index.html', { javaScript: false }, async page => {
			assert.equal(await page.isVisible(`${QUIZ} .quiz-check`), false);
			assert.equal(await page.locator(`${QUIZ} details.quiz-answer`).count(), 3);
			const first = question(page, 0).locator('details.quiz-answer');
			assert.equal(await first.getAttribute('open'), null);
			await first.locator('summary').click();
			assert.match(await first.textContent(), /Answer: Compute/);
			assert.match(await first.textContent(),
				/Wrong: Storage — Storage is billed per TB-month\./);
			assert.match(await first.textContent(), /Compute and storage are billed apart\./);
			assert.match(await question(page, 1).locator('details').textContent(),
				/Answers: Delta Lake; Iceberg/);
			/* The progress page still lists every quiz and checklist. */
			await page.goto(site.server.url + 'progress.html');
			assert.deepEqual(await page.locator('tbody th a').evaluateAll(a =>
				a.map(x => x.getAttribute('href'))), [
				'index.html#quiz-basics', 'index.html#checklist-plan',
				'part/page.html#quiz-part-page-1',
			]);
		});
	});

	it('prints every answer', TIMEOUT, async () => {
		await withPage(site.server.url + 'index.html', {}, async page => {
			await ready(page);
			await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
			assert.equal(await page.locator(`${QUIZ} details.quiz-answer[open]:not([hidden])`)
				.count(), 3);
			await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
			assert.equal(await page.locator(`${QUIZ} details.quiz-answer[hidden]`).count(), 3);
		});
	});

	for (const colorScheme of ['light', 'dark']) {
		it(`has no axe-core findings in ${colorScheme}`, TIMEOUT, async () => {
			await withPage(site.server.url + 'index.html', { colorScheme }, async page => {
				await ready(page);
				let violations = await runAxe(page);
				assert.deepEqual(violations, [], formatViolations(violations));
				await answerAll(page, { wrongFirst: true });
				await page.click(`${QUIZ} .quiz-check`);
				violations = await runAxe(page);
				assert.deepEqual(violations, [], formatViolations(violations));
				await page.goto(site.server.url + 'progress.html');
				await page.waitForSelector('[data-progress-page][data-live]');
				await page.click('[data-progress-reset-ask]');
				violations = await runAxe(page);
				assert.deepEqual(violations, [], formatViolations(violations));
			});
			/* As without JavaScript: the page as built, the plugins'
			 * scripts refused (axe itself needs scripts to run). */
			const page = await openPage(site.browser, null, { colorScheme });
			try {
				await page.route('**/assets/plugins/*.js', route => route.abort());
				await page.goto(site.server.url + 'index.html');
				assert.equal(await page.isVisible(`${QUIZ} .quiz-check`), false);
				await page.click(`${QUIZ} details.quiz-answer summary >> nth=0`);
				const violations = await runAxe(page);
				assert.deepEqual(violations, [], formatViolations(violations));
			} finally {
				await page.context().close();
			}
		});
	}
});

describe('a question edited in the source', () => {
	let built;

	before(async () => {
		built = await buildHandbook(FIXTURE);
	});

	after(async () => {
		await built?.cleanup();
	});

	it('starts afresh while the others keep their answers', TIMEOUT, async () => {
		const page = await openPage(site.browser, fileUrl(built.site, 'index.html'));
		try {
			await ready(page);
			await answerAll(page);
			await page.click(`${QUIZ} .quiz-check`);
			const source = path.join(built.root, 'handbook', 'content', 'index.md');
			const text = await fs.readFile(source, 'utf8');
			await fs.writeFile(source, text.replace('Which formats are open?',
				'Which table formats are open?'));
			const rebuilt = await runPrepbook(['build', '-C',
				path.join(built.root, 'handbook'), '-o', built.site]);
			assert.equal(rebuilt.code, 0, rebuilt.stderr);
			await page.reload();
			await ready(page);
			assert.deepEqual(await checkedBoxes(page, 0), [false, true, false]);
			assert.deepEqual(await checkedBoxes(page, 1), [false, false, false]);
			assert.deepEqual(await checkedBoxes(page, 2), [false, true]);
			/* Not every question has an answer now: nothing is marked. */
			assert.equal(await page.isVisible(`${QUIZ} .quiz-result`), false);
			await page.goto(fileUrl(built.site, 'progress.html'));
			await page.waitForSelector('[data-progress-page][data-live]');
			assert.equal(await page.textContent(
				'tr[data-progress-kind="quiz"] [data-progress-status] >> nth=0'),
				'2 of 3 correct, 1 not answered yet');
			assert.deepEqual(page.errors, []);
		} finally {
			await page.context().close();
		}
	});
});
