/*
 * quiz.js: checks the quizzes plugins/quiz.lua wrote.  Each
 * <section data-quiz> holds a form of questions (a fieldset each, radio
 * buttons or checkboxes) and its model as JSON: per question its key,
 * number of choices, whether several are right and which.  Without this
 * script the page still teaches: each question's answer sits in a
 * <details>.  With it:
 *
 * - the details give way to Check answers and Try again buttons;
 * - Check marks each choice (your answer right or wrong, the right
 *   answer), shows every why and the explanations, and writes the score,
 *   "2 of 3 correct", in a polite live region that takes the focus;
 * - answers and results are kept in this browser (progress.js), restored
 *   on the next visit, and an answer changed after a check clears that
 *   check until the next one;
 * - print shows the answers whatever the state.
 *
 * A saved answer is used only if it fits the question as it is now (its
 * key is the hash of the question's text; its choices exist; one answer
 * for a one-answer question): anything else is ignored.
 */
(function () {
	'use strict';

	const store = window.prepbookProgress;

	function setup(section) {
		const data = section.querySelector('script.quiz-data');
		const form = section.querySelector('form.quiz-form');
		if (!data || !form)
			return;
		const model = JSON.parse(data.textContent);
		const quiz = {
			model, section, form,
			result: form.querySelector('.quiz-result'),
			check: form.querySelector('.quiz-check'),
			retry: form.querySelector('.quiz-retry'),
			checked: false,
			questions: model.questions.map(q => {
				const fieldset = form.querySelector(
					`fieldset[data-key="${q.key}"]`);
				return Object.assign({}, q, {
					fieldset,
					inputs: Array.from(fieldset.querySelectorAll('input')),
					prompt: fieldset.querySelector('.quiz-prompt-text')
						.textContent.trim(),
				});
			}),
		};
		form.setAttribute('autocomplete', 'off');
		form.querySelectorAll('.quiz-answer').forEach(d => {
			d.hidden = true;
		});
		form.querySelector('.quiz-actions').hidden = false;
		form.addEventListener('submit', event => {
			event.preventDefault();
			checkQuiz(quiz, true);
		});
		form.addEventListener('change', () => {
			if (quiz.checked)
				unmark(quiz);
		});
		quiz.retry.addEventListener('click', () => retry(quiz));
		restore(quiz);
		section.setAttribute('data-live', '');
		return quiz;
	}

	function chosen(q) {
		return q.inputs.filter(input => input.checked)
			.map(input => Number(input.value));
	}

	function isRight(q, answer) {
		return answer.length === q.correct.length &&
			answer.every(i => q.correct.includes(i));
	}

	function verdict(isCorrect, isChosen) {
		if (isChosen)
			return isCorrect ? 'Your answer, right.' : 'Your answer, wrong.';
		return isCorrect ? 'The right answer.' : '';
	}

	/* Marks one question's choices and shows its whys and explanation. */
	function markQuestion(q, answer) {
		const ok = isRight(q, answer);
		q.fieldset.classList.toggle('is-right', ok);
		q.fieldset.classList.toggle('is-wrong', !ok);
		q.inputs.forEach((input, i) => {
			const choice = input.closest('.quiz-choice');
			const feedback = choice.querySelector('.quiz-feedback');
			const isCorrect = q.correct.includes(i);
			const isChosen = answer.includes(i);
			choice.setAttribute('data-mark', isChosen ?
				(isCorrect ? 'right' : 'wrong') :
				(isCorrect ? 'missed' : 'other'));
			feedback.querySelector('.quiz-verdict').textContent =
				verdict(isCorrect, isChosen);
			feedback.hidden = false;
			input.setAttribute('aria-describedby', feedback.id);
		});
		const explain = q.fieldset.querySelector('.quiz-explain');
		if (explain)
			explain.hidden = false;
		return ok;
	}

	/* Back to answering: marks, whys and score hidden. */
	function unmark(quiz) {
		quiz.checked = false;
		quiz.questions.forEach(q => {
			q.fieldset.classList.remove('is-right', 'is-wrong');
			q.inputs.forEach(input => {
				const choice = input.closest('.quiz-choice');
				choice.removeAttribute('data-mark');
				choice.querySelector('.quiz-feedback').hidden = true;
				input.removeAttribute('aria-describedby');
			});
			const explain = q.fieldset.querySelector('.quiz-explain');
			if (explain)
				explain.hidden = true;
		});
		quiz.result.textContent = '';
		quiz.retry.hidden = true;
	}

	function save(quiz, answers, results) {
		if (!store)
			return;
		const q = {};
		quiz.questions.forEach((question, i) => {
			const saved = { ok: results[i], p: question.prompt };
			if (answers)
				saved.a = answers[i];
			q[question.key] = saved;
		});
		store.save(quiz.model.store, { checked: Boolean(answers), q });
	}

	/*
	 * Checks every question: each must have an answer first.  announce is
	 * false when restoring a saved check on load, which must not move the
	 * focus.
	 */
	function checkQuiz(quiz, announce) {
		const answers = quiz.questions.map(chosen);
		const missing = answers.findIndex(a => a.length === 0);
		if (missing >= 0) {
			unmark(quiz);
			quiz.result.textContent = quiz.questions.length > 1 ?
				`Answer question ${missing + 1} before checking.` :
				'Choose an answer before checking.';
			if (announce)
				quiz.questions[missing].inputs[0].focus();
			return;
		}
		const results = quiz.questions.map((q, i) => markQuestion(q, answers[i]));
		const right = results.filter(Boolean).length;
		quiz.checked = true;
		quiz.result.textContent =
			`${right} of ${quiz.questions.length} correct`;
		quiz.retry.hidden = false;
		if (announce) {
			save(quiz, answers, results);
			quiz.result.focus();
		}
	}

	/* Clears the answers on the page; the last results stay saved for the
	 * progress page until the next check. */
	function retry(quiz) {
		const results = quiz.questions.map(q => isRight(q, chosen(q)));
		unmark(quiz);
		quiz.questions.forEach(q => q.inputs.forEach(input => {
			input.checked = false;
		}));
		save(quiz, null, results);
		quiz.questions[0].inputs[0].focus();
	}

	/* A saved answer that fits the question as it is now, or null. */
	function savedAnswer(q, saved) {
		const a = saved && saved.a;
		if (!Array.isArray(a) || a.length === 0 ||
		    (!q.multiple && a.length !== 1) ||
		    new Set(a).size !== a.length ||
		    !a.every(i => Number.isInteger(i) && i >= 0 && i < q.choices))
			return null;
		return a;
	}

	function restore(quiz) {
		const data = store && store.load(quiz.model.store);
		if (!data)
			return;
		let complete = true;
		quiz.questions.forEach(q => {
			const a = savedAnswer(q, store.entry(data, 'q', q.key));
			if (!a) {
				complete = false;
				return;
			}
			q.inputs.forEach((input, i) => {
				input.checked = a.includes(i);
			});
		});
		if (complete && data.checked === true)
			checkQuiz(quiz, false);
	}

	/* Print shows every answer, checked or not: the details open and
	 * visible while printing, then as they were. */
	function setupPrint(quizzes) {
		let opened = [];
		window.addEventListener('beforeprint', () => {
			opened = [];
			quizzes.forEach(quiz => quiz.form.querySelectorAll('.quiz-answer')
				.forEach(d => {
					opened.push([d, d.hidden, d.open]);
					d.hidden = false;
					d.open = true;
				}));
		});
		window.addEventListener('afterprint', () => {
			opened.forEach(([d, hidden, open]) => {
				d.hidden = hidden;
				d.open = open;
			});
			opened = [];
		});
	}

	function init() {
		const quizzes = [];
		document.querySelectorAll('section[data-quiz]').forEach(section => {
			try {
				const quiz = setup(section);
				if (quiz)
					quizzes.push(quiz);
			} catch (e) {
				/* A damaged quiz stays as the build wrote it, which still
				 * teaches; the others go on. */
			}
		});
		setupPrint(quizzes);
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', init);
	else
		init();
})();
