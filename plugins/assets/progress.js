/*
 * progress.js: the reader's progress, kept in this browser.  It is two
 * things that must agree on one format, so they live in one file:
 *
 * - the storage quiz.js and checklist.js share (window.prepbookProgress);
 * - the progress page (progress.html), which adds it up.
 *
 * Storage is localStorage, which also works for a site opened from disk.
 * Each block has one key, "prepbook:<hash of the site's title>:<kind>:<id>"
 * (the plugins write it into the page), so two handbooks on one origin
 * keep apart.  The value is JSON with a version, "v": 1.  A quiz keeps
 *   {v, checked, q: {<question key>: {a: [choice indexes], ok, p}}}
 * (a: the answer on the page, until Try again; ok: whether the last check
 * found it right; p: the question's text then, for the progress page),
 * and a checklist {v, done: {<item key>: true}}.  Question and item keys
 * are hashes of their text, so an edited question no longer matches and
 * starts afresh.  A value that is missing, of another version or damaged,
 * and a browser that refuses storage, all read as "nothing saved": never
 * an error.
 *
 * On the progress page the build listed every quiz and checklist (rows
 * with data-progress-* attributes, see themes/default/README.md); this
 * fills in each one's status, lists the questions last answered wrong
 * with links to them, and clears it all after the reader confirms.
 * Without JavaScript the page still lists them, with links.
 */
(function () {
	'use strict';

	const VERSION = 1;

	function storage() {
		try {
			return window.localStorage || null;
		} catch (e) {
			return null; /* storage turned off: a SecurityError */
		}
	}

	function isObject(v) {
		return v !== null && typeof v === 'object' && !Array.isArray(v);
	}

	/* The saved value of key, or null when there is none to trust. */
	function load(key) {
		const store = storage();
		try {
			const data = store && JSON.parse(store.getItem(key));
			return isObject(data) && data.v === VERSION ? data : null;
		} catch (e) {
			return null;
		}
	}

	/* Saves data under key; false when the browser refuses (full, off). */
	function save(key, data) {
		const store = storage();
		try {
			store.setItem(key, JSON.stringify(Object.assign({}, data,
				{ v: VERSION })));
			return true;
		} catch (e) {
			return false;
		}
	}

	/* Removes every key that starts with prefix. */
	function clear(prefix) {
		const store = storage();
		if (!store)
			return;
		try {
			const keys = [];
			for (let i = 0; i < store.length; i++) {
				const key = store.key(i);
				if (key !== null && key.startsWith(prefix))
					keys.push(key);
			}
			keys.forEach(key => store.removeItem(key));
		} catch (e) {
			/* nothing saved can be cleared either */
		}
	}

	/* data[field][key] when it is a plain object, else null: the one way
	 * into a saved map, so a damaged part reads as missing. */
	function entry(data, field, key) {
		const map = isObject(data) ? data[field] : null;
		if (!isObject(map) || !Object.prototype.hasOwnProperty.call(map, key))
			return null;
		return map[key];
	}

	/* A quiz question's last result: {ok, prompt}, or null. */
	function questionResult(data, key) {
		const saved = entry(data, 'q', key);
		if (!isObject(saved) || typeof saved.ok !== 'boolean')
			return null;
		return { ok: saved.ok, prompt: typeof saved.p === 'string' ?
			saved.p.slice(0, 1000) : '' };
	}

	function itemDone(data, key) {
		return entry(data, 'done', key) === true;
	}

	window.prepbookProgress = { load, save, clear, entry, questionResult,
		itemDone };

	/* ---- the progress page -------------------------------------------- */

	function rows(page) {
		return Array.from(page.querySelectorAll('[data-progress-key]'));
	}

	function itemsOf(row) {
		return (row.getAttribute('data-progress-items') || '').split(' ')
			.filter(Boolean);
	}

	function setStatus(row, text, state) {
		const cell = row.querySelector('[data-progress-status]');
		if (cell) {
			cell.textContent = text;
			cell.setAttribute('data-state', state);
		}
	}

	/* Fills one quiz's row; returns its questions answered wrong. */
	function fillQuiz(row, totals) {
		const keys = itemsOf(row);
		const data = load(row.getAttribute('data-progress-key'));
		const results = keys.map(key => questionResult(data, key));
		const answered = results.filter(Boolean).length;
		const right = results.filter(r => r && r.ok).length;
		const missed = [];
		if (answered === 0) {
			setStatus(row, 'Not started', 'none');
		} else {
			const rest = keys.length - answered;
			setStatus(row, `${right} of ${keys.length} correct` +
				(rest ? `, ${rest} not answered yet` : ''),
				right === keys.length ? 'all' : 'some');
			totals.quizzesTaken++;
		}
		totals.quizzes++;
		totals.questions += keys.length;
		totals.right += right;
		results.forEach((r, i) => {
			if (r && !r.ok)
				missed.push({ key: keys[i], prompt: r.prompt ||
					`Question ${i + 1}`, row });
		});
		return missed;
	}

	function fillChecklist(row, totals) {
		const keys = itemsOf(row);
		const data = load(row.getAttribute('data-progress-key'));
		const done = keys.filter(key => itemDone(data, key)).length;
		setStatus(row, done ? `${done} of ${keys.length} done` :
			'Not started', done === 0 ? 'none' :
			done === keys.length ? 'all' : 'some');
		totals.steps += keys.length;
		totals.done += done;
	}

	function summary(t) {
		const parts = [];
		if (t.quizzes)
			parts.push(`${t.quizzesTaken} of ${t.quizzes} quizzes taken, ` +
				`${t.right} of ${t.questions} questions answered right.`);
		if (t.steps)
			parts.push(`${t.done} of ${t.steps} checklist steps done.`);
		return parts.join(' ');
	}

	function missedItem(m) {
		const li = document.createElement('li');
		const a = document.createElement('a');
		const where = m.row.getAttribute('data-progress-page-title') || '';
		a.href = `${m.row.getAttribute('data-progress-page-url')}#` +
			`${m.row.getAttribute('data-progress-anchor')}-${m.key}`;
		a.textContent = m.prompt;
		li.appendChild(a);
		if (where)
			li.appendChild(document.createTextNode(` (${where})`));
		return li;
	}

	function fillMissed(page, missed) {
		const box = page.querySelector('[data-progress-missed]');
		const list = page.querySelector('[data-progress-missed-list]');
		const none = page.querySelector('[data-progress-missed-none]');
		if (!box || !list)
			return;
		list.replaceChildren(...missed.map(missedItem));
		list.hidden = missed.length === 0;
		if (none)
			none.hidden = missed.length > 0;
		box.hidden = false;
	}

	function fill(page) {
		const totals = { quizzes: 0, quizzesTaken: 0, questions: 0,
			right: 0, steps: 0, done: 0 };
		let missed = [];
		rows(page).forEach(row => {
			const kind = row.getAttribute('data-progress-kind');
			if (kind === 'quiz')
				missed = missed.concat(fillQuiz(row, totals));
			else if (kind === 'checklist')
				fillChecklist(row, totals);
		});
		const line = page.querySelector('[data-progress-summary]');
		if (line) {
			line.textContent = summary(totals);
			line.hidden = false;
		}
		fillMissed(page, missed);
	}

	/* Reset asks first, in the page (no dialog box), and clears every
	 * key of the handbook's namespace, entries of removed quizzes too. */
	function setupReset(page) {
		const box = page.querySelector('[data-progress-reset]');
		if (!box)
			return;
		const ask = box.querySelector('[data-progress-reset-ask]');
		const confirm = box.querySelector('[data-progress-reset-confirm]');
		const yes = box.querySelector('[data-progress-reset-yes]');
		const no = box.querySelector('[data-progress-reset-no]');
		const status = box.querySelector('[data-progress-reset-status]');
		const stores = new Set(rows(page).map(row =>
			row.getAttribute('data-progress-store')).filter(Boolean));
		function close() {
			confirm.hidden = true;
			ask.setAttribute('aria-expanded', 'false');
		}
		ask.addEventListener('click', () => {
			confirm.hidden = false;
			ask.setAttribute('aria-expanded', 'true');
			status.textContent = '';
			yes.focus();
		});
		no.addEventListener('click', () => {
			close();
			ask.focus();
		});
		yes.addEventListener('click', () => {
			stores.forEach(store => clear(`${store}:`));
			close();
			fill(page);
			status.textContent = 'Your progress has been cleared.';
			ask.focus();
		});
		close();
		box.hidden = false;
	}

	function init() {
		const page = document.querySelector('[data-progress-page]');
		if (!page)
			return;
		fill(page);
		setupReset(page);
		page.setAttribute('data-live', '');
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', init);
	else
		init();
})();
