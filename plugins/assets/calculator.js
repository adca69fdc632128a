/*
 * calculator.js: makes the calculators that plugins/calculator.lua wrote
 * live.  Each <section data-calc> carries its model as JSON (inputs,
 * outputs with their formulas as expression trees, the evaluation order,
 * the chart); this script reads the inputs, evaluates the trees, and
 * rewrites the numbers and the chart as the reader types.  The page is
 * complete without it: the build filled in every result for the defaults.
 *
 * The evaluator and formatter below are the Lua plugin's, step for step
 * (docs/calculator.md, "Arithmetic and formatting"): the same double
 * operations in the same order, pow/log/exp/round built from + - * / and
 * floor, and number text made from the shortest decimal form.  So a number
 * computed here prints byte for byte as the build printed it, and the page
 * does not change when this script starts.  The trees are walked, never
 * turned into code: no eval, no Function constructor.
 *
 * Loaded in a page, it starts by itself; loaded in Node (the test of the
 * two evaluators against each other), it exports its pure functions.
 */
(function () {
	'use strict';

	var INF = Infinity;
	var NAN = NaN;
	var MINUS = '\u2212';
	var DASH = '\u2014';
	var NBSP = '\u00a0';

	/* Numbers: the evaluation semantics shared with calculator.lua */

	function isFiniteNumber(x) {
		return x === x && x !== INF && x !== -INF;
	}

	var floor = Math.floor;
	var ceil = Math.ceil;

	var TWO = [];
	var HALF = [];
	var STEP = [];
	(function () {
		var t = 2;
		var s = 1;
		for (var i = 0; i <= 9; i++) {
			TWO[i] = t;
			HALF[i] = 1 / t;
			STEP[i] = s;
			t = t * t;
			s = s * 2;
		}
	})();

	var DBL_MIN = 2.2250738585072014e-308;
	var LN2_HI = 6.93147180369123816490e-01;
	var LN2_LO = 1.90821492927058770002e-10;
	var INV_LN2 = 1.44269504088896338700e+00;
	var SQRT2 = 1.4142135623730951;

	/* x > 0 finite as m * 2^k with m in [1, 2), exactly. */
	function split(x) {
		var k = 0;
		var i;
		if (x < DBL_MIN) {
			x = x * TWO[4] * TWO[4] * TWO[4] * TWO[2] * TWO[1];
			k = -54;
		}
		if (x >= 2) {
			for (i = 9; i >= 0; i--) {
				if (x >= TWO[i]) {
					x = x * HALF[i];
					k = k + STEP[i];
				}
			}
		} else {
			for (i = 9; i >= 0; i--) {
				if (x * TWO[i] < 2) {
					x = x * TWO[i];
					k = k - STEP[i];
				}
			}
		}
		return [x, k];
	}

	/* p * 2^k for an integral k. */
	function scale(p, k) {
		for (var i = 9; i >= 0; i--) {
			var step = STEP[i];
			while (k >= step) {
				p = p * TWO[i];
				k = k - step;
			}
			while (k <= -step) {
				p = p * HALF[i];
				k = k + step;
			}
		}
		return p;
	}

	function log(x) {
		if (x !== x || x < 0) {
			return NAN;
		} else if (x === 0) {
			return -INF;
		} else if (x === INF) {
			return INF;
		}
		var mk = split(x);
		var m = mk[0];
		var k = mk[1];
		if (m > SQRT2) {
			m = m / 2;
			k = k + 1;
		}
		var f = m - 1;
		var s = f / (2 + f);
		var z = s * s;
		var p = 0;
		for (var i = 25; i >= 3; i -= 2) {
			p = z * (1 / i + p);
		}
		var lm = 2 * s + 2 * s * p;
		return k * LN2_HI + (k * LN2_LO + lm);
	}

	function exp(y) {
		if (y !== y) {
			return NAN;
		} else if (y > 710) {
			return INF;
		} else if (y < -746) {
			return 0;
		}
		var k = floor(y * INV_LN2 + 0.5);
		var r = (y - k * LN2_HI) - k * LN2_LO;
		var p = 1;
		for (var i = 17; i >= 1; i--) {
			p = 1 + p * r / i;
		}
		return scale(p, k);
	}

	function powInt(a, n) {
		var result = 1;
		var base = a;
		while (n > 0) {
			var half = floor(n / 2);
			if (n - half * 2 === 1) {
				result = result * base;
			}
			n = half;
			if (n > 0) {
				base = base * base;
			}
		}
		return result;
	}

	function pow(a, b) {
		if (b === 0) {
			return 1;
		} else if (a !== a || b !== b) {
			return NAN;
		} else if (b === INF || b === -INF) {
			var m = Math.abs(a);
			if (m === 1) {
				return 1;
			}
			return ((m > 1) === (b > 0)) ? INF : 0;
		} else if (floor(b) === b) {
			var r = powInt(a, Math.abs(b));
			if (b < 0) {
				return 1 / r;
			}
			return r;
		} else if (a < 0) {
			return NAN;
		} else if (a === 0) {
			return b > 0 ? 0 : INF;
		} else if (a === INF) {
			return b > 0 ? INF : 0;
		}
		return exp(b * log(a));
	}

	/*
	 * The shortest decimal digits that read back as x (finite, > 0):
	 * Number#toString's, without trailing zeros, and the power of ten of
	 * the first digit.
	 */
	function shortest(x) {
		var m = /^(\d+)(?:\.(\d+))?(?:e([-+]\d+))?$/.exec(String(x));
		var intPart = m[1];
		var digits = intPart + (m[2] || '');
		var lead = digits.search(/[1-9]/);
		var e = (m[3] ? Number(m[3]) : 0) + intPart.length - 1 - lead;
		return [digits.slice(lead).replace(/0+$/, ''), e];
	}

	function repeat(s, n) {
		return n > 0 ? new Array(n + 1).join(s) : '';
	}

	function increment(digits) {
		var i = digits.length;
		while (i > 0 && digits.charAt(i - 1) === '9') {
			i--;
		}
		if (i === 0) {
			return '1' + repeat('0', digits.length);
		}
		return digits.slice(0, i - 1) +
			String.fromCharCode(digits.charCodeAt(i - 1) + 1) +
			repeat('0', digits.length - i);
	}

	/* |x| * 10^(d + shift), rounded half away from zero, as digits. */
	function units(x, d, shift) {
		if (x === 0) {
			return '0';
		}
		var de = shortest(Math.abs(x));
		var digits = de[0];
		var keep = de[1] + shift + d + 1;
		if (keep <= 0) {
			if (keep === 0 && digits.charCodeAt(0) >= 53) {
				return '1';
			}
			return '0';
		} else if (keep >= digits.length) {
			return digits + repeat('0', keep - digits.length);
		}
		var kept = digits.slice(0, keep);
		if (digits.charCodeAt(keep) >= 53) {
			kept = increment(kept);
		}
		return kept;
	}

	function round(x, d) {
		if (!isFiniteNumber(x)) {
			return x;
		}
		if (d !== d || floor(d) !== d || d < -20 || d > 20) {
			return NAN;
		}
		var r = Number(units(x, d, 0) + 'e' + (-d));
		if (x < 0) {
			return -r;
		}
		return r;
	}

	function minOf(values) {
		var m = values[0];
		for (var i = 0; i < values.length; i++) {
			var v = values[i];
			if (v !== v) {
				return NAN;
			}
			if (v < m) {
				m = v;
			}
		}
		return m;
	}

	function maxOf(values) {
		var m = values[0];
		for (var i = 0; i < values.length; i++) {
			var v = values[i];
			if (v !== v) {
				return NAN;
			}
			if (v > m) {
				m = v;
			}
		}
		return m;
	}

	function truth(b) {
		return b ? 1 : 0;
	}

	var BINARY = {
		'+': function (a, b) { return a + b; },
		'-': function (a, b) { return a - b; },
		'*': function (a, b) { return a * b; },
		'/': function (a, b) { return a / b; },
		'^': pow,
		'<': function (a, b) { return truth(a < b); },
		'<=': function (a, b) { return truth(a <= b); },
		'>': function (a, b) { return truth(a > b); },
		'>=': function (a, b) { return truth(a >= b); },
		'==': function (a, b) { return truth(a === b); },
		'!=': function (a, b) { return truth(a !== b); }
	};

	var FUNCTIONS = {
		min: minOf,
		max: maxOf,
		round: function (a) { return round(a[0], a.length > 1 ? a[1] : 0); },
		floor: function (a) { return floor(a[0]); },
		ceil: function (a) { return ceil(a[0]); },
		abs: function (a) { return Math.abs(a[0]); },
		clamp: function (a) { return minOf([maxOf([a[0], a[1]]), a[2]]); },
		'if': function (a) {
			if (a[0] !== a[0]) {
				return NAN;
			} else if (a[0] !== 0) {
				return a[1];
			}
			return a[2];
		}
	};

	var own = Object.prototype.hasOwnProperty;

	/* Evaluates a tree: a number, a name, or [op, operands...]. */
	function evaluate(tree, env) {
		if (typeof tree === 'number') {
			return tree;
		} else if (typeof tree === 'string') {
			return own.call(env, tree) ? env[tree] : NAN;
		}
		var op = tree[0];
		if (op === 'neg') {
			return -evaluate(tree[1], env);
		}
		if (own.call(BINARY, op)) {
			return BINARY[op](evaluate(tree[1], env), evaluate(tree[2], env));
		}
		var args = [];
		for (var i = 1; i < tree.length; i++) {
			args.push(evaluate(tree[i], env));
		}
		return own.call(FUNCTIONS, op) ? FUNCTIONS[op](args) : NAN;
	}

	/* Formatting: shared with calculator.lua */

	function jsNumber(x) {
		return String(x);
	}

	function group(intPart) {
		var first = (intPart.length - 1) % 3 + 1;
		var out = intPart.slice(0, first);
		for (var i = first; i < intPart.length; i += 3) {
			out += ',' + intPart.slice(i, i + 3);
		}
		return out;
	}

	/* [text of |x| with d decimals, whether a minus sign is due]. */
	function fixed(x, d, shift, grouped) {
		var n = units(x, d, shift);
		if (n.length <= d) {
			n = repeat('0', d + 1 - n.length) + n;
		}
		var intPart = n.slice(0, n.length - d);
		var frac = n.slice(n.length - d);
		if (grouped) {
			intPart = group(intPart);
		}
		var text = intPart;
		if (d > 0) {
			text += '.' + frac;
		}
		return [text, x < 0 && /[1-9]/.test(n)];
	}

	function codePoints(s) {
		var n = 0;
		for (var i = 0; i < s.length; i++) {
			var c = s.charCodeAt(i);
			if (c < 0xdc00 || c > 0xdfff) {
				n++;
			}
		}
		return n;
	}

	/* An output's text; out has format, decimals and unit. */
	function formatValue(x, out) {
		if (!isFiniteNumber(x)) {
			return DASH;
		}
		var f = out.format;
		var tn = fixed(x, out.decimals, f === 'percent' ? 2 : 0, true);
		var text = tn[0];
		var sign = tn[1] ? MINUS : '';
		if (f === 'currency') {
			var symbol = out.unit;
			if (codePoints(symbol) > 1) {
				symbol += NBSP;
			}
			return sign + symbol + text;
		} else if (f === 'percent') {
			return sign + text + '%';
		} else if (f === 'months') {
			return sign + text + NBSP + (text === '1' ? 'month' : 'months');
		}
		if (out.unit !== '') {
			return sign + text + NBSP + out.unit;
		}
		return sign + text;
	}

	/* Chart geometry: shared with calculator.lua */

	function percentText(x) {
		return fixed(x, 2, 0, false)[0] + '%';
	}

	function chartGeometry(kind, values) {
		var drawn = [];
		var total = 0;
		var largest = 0;
		var i;
		for (i = 0; i < values.length; i++) {
			var v = values[i];
			drawn[i] = (isFiniteNumber(v) && v > 0) ? v : 0;
			total = total + drawn[i];
			if (drawn[i] > largest) {
				largest = drawn[i];
			}
		}
		var bars = [];
		var at = 0;
		for (i = 0; i < drawn.length; i++) {
			var w = 0;
			if (kind === 'stacked-bar' && total > 0) {
				w = drawn[i] / total * 100;
			} else if (kind === 'bar' && largest > 0) {
				w = drawn[i] / largest * 100;
			}
			bars.push({
				x: percentText(kind === 'stacked-bar' ? at : 0),
				width: percentText(w)
			});
			at = at + w;
		}
		return bars;
	}

	/*
	 * Every output of a model for the given input values (name -> number):
	 * {values: name -> number, texts: output name -> text}.
	 */
	function compute(model, inputs) {
		var env = {};
		var texts = {};
		var byName = {};
		var i;
		for (i = 0; i < model.inputs.length; i++) {
			var name = model.inputs[i].name;
			env[name] = own.call(inputs, name) ? inputs[name] :
				model.inputs[i]['default'];
		}
		for (i = 0; i < model.outputs.length; i++) {
			byName[model.outputs[i].name] = model.outputs[i];
		}
		for (i = 0; i < model.order.length; i++) {
			env[model.order[i]] = evaluate(byName[model.order[i]].tree, env);
		}
		for (i = 0; i < model.outputs.length; i++) {
			var out = model.outputs[i];
			texts[out.name] = formatValue(env[out.name], out);
		}
		return { values: env, texts: texts };
	}

	function chartSummary(model, texts) {
		var parts = [];
		var labels = {};
		var i;
		for (i = 0; i < model.outputs.length; i++) {
			labels[model.outputs[i].name] = model.outputs[i].label;
		}
		for (i = 0; i < model.chart.outputs.length; i++) {
			var name = model.chart.outputs[i];
			parts.push(labels[name] + ' ' + texts[name]);
		}
		return model.chart.title + ': ' + parts.join(', ');
	}

	var api = {
		evaluate: evaluate,
		compute: compute,
		formatValue: formatValue,
		fixed: fixed,
		round: round,
		pow: pow,
		log: log,
		exp: exp,
		shortest: shortest,
		chartGeometry: chartGeometry,
		chartSummary: chartSummary
	};

	/* The page */

	var calcs = [];
	var lastHash = null;

	function byId(id) {
		return document.getElementById(id);
	}

	function setText(el, text) {
		if (el && el.textContent !== text) {
			el.textContent = text;
		}
	}

	function setAttr(el, name, value) {
		if (el && el.getAttribute(name) !== value) {
			el.setAttribute(name, value);
		}
	}

	/* A number as a URL or a field holds it; NaN when it is not one. */
	function parseNumber(s) {
		s = String(s).trim();
		if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) {
			return NAN;
		}
		var v = Number(s);
		return isFiniteNumber(v) ? v : NAN;
	}

	function limit(input, v) {
		if (input.min !== undefined && v < input.min) {
			return input.min;
		}
		if (input.max !== undefined && v > input.max) {
			return input.max;
		}
		return v;
	}

	/* The value the reader set for one input; NaN when a field is empty. */
	function readInput(calc, input) {
		var field = calc.fields[input.name];
		if (input.type === 'toggle') {
			return field.checked ? 1 : 0;
		}
		var v = parseNumber(field.value);
		if (input.type === 'number') {
			var inRange = v === v && limit(input, v) === v;
			setAttr(field, 'aria-invalid', inRange ? 'false' : 'true');
			if (v === v) {
				v = limit(input, v);
			}
		}
		return v;
	}

	function writeInput(calc, input, v) {
		var field = calc.fields[input.name];
		if (input.type === 'toggle') {
			field.checked = v === 1;
		} else {
			field.value = jsNumber(v);
		}
		if (input.type === 'number') {
			setAttr(field, 'aria-invalid', 'false');
		}
	}

	/* Whether v is a value input may take, after clamping a number. */
	function acceptable(input, v) {
		if (v !== v) {
			return NAN;
		}
		if (input.type === 'number') {
			return limit(input, v);
		}
		if (input.type === 'toggle') {
			return (v === 0 || v === 1) ? v : NAN;
		}
		return input.options.indexOf(v) >= 0 ? v : NAN;
	}

	function currentValues(calc) {
		var values = {};
		calc.model.inputs.forEach(function (input) {
			values[input.name] = readInput(calc, input);
		});
		return values;
	}

	function update(calc) {
		var model = calc.model;
		var result = compute(model, currentValues(calc));
		model.outputs.forEach(function (out) {
			setText(byId(calc.base + '-out-' + out.name), result.texts[out.name]);
		});
		if (!model.chart) {
			return;
		}
		var values = model.chart.outputs.map(function (name) {
			return result.values[name];
		});
		var bars = chartGeometry(model.chart.type, values);
		model.chart.outputs.forEach(function (name, i) {
			var rect = calc.section.querySelector('rect[data-output="' + name + '"]');
			setAttr(rect, 'x', bars[i].x);
			setAttr(rect, 'width', bars[i].width);
			setText(calc.section.querySelector(
				'.calc-legend-value[data-output="' + name + '"]'),
				result.texts[name]);
		});
		setText(byId(calc.base + '-chart-title'),
			chartSummary(model, result.texts));
	}

	/*
	 * The fragment: "#calc-<id>:name=value&name=value", one segment per
	 * calculator that differs from its defaults, joined by ";".  Returns
	 * calculator id -> {name: text}.
	 */
	function parseFragment(hash) {
		var text = hash.replace(/^#/, '');
		try {
			text = decodeURIComponent(text);
		} catch (e) {
			return {};
		}
		var state = {};
		text.split(';').forEach(function (segment) {
			var m = /^calc-([A-Za-z0-9][\w-]*):(.*)$/.exec(segment);
			if (!m) {
				return;
			}
			var pairs = {};
			m[2].split('&').forEach(function (pair) {
				var eq = pair.indexOf('=');
				if (eq > 0) {
					pairs[pair.slice(0, eq)] = pair.slice(eq + 1);
				}
			});
			state[m[1]] = pairs;
		});
		return state;
	}

	function segmentFor(calc) {
		var values = currentValues(calc);
		var pairs = [];
		calc.model.inputs.forEach(function (input) {
			var v = values[input.name];
			if (v === v && v !== input['default']) {
				pairs.push(input.name + '=' + jsNumber(v));
			}
		});
		return pairs.length ? 'calc-' + calc.model.id + ':' + pairs.join('&') : '';
	}

	function isScenario(hash) {
		var state = parseFragment(hash);
		return calcs.some(function (calc) {
			return own.call(state, calc.model.id);
		});
	}

	/* Mirrors every calculator into the URL without adding history. */
	function writeFragment() {
		var segments = calcs.map(segmentFor).filter(Boolean);
		if (!segments.length && !isScenario(location.hash)) {
			return;
		}
		var hash = segments.length ? '#' + segments.join(';') : '';
		if (hash === location.hash) {
			return;
		}
		lastHash = hash;
		var url = hash || location.pathname + location.search;
		try {
			history.replaceState(history.state, '', url);
		} catch (e) {
			location.replace(hash || '#');
		}
	}

	function resetInputs(calc) {
		calc.model.inputs.forEach(function (input) {
			writeInput(calc, input, input['default']);
		});
	}

	/* Sets a calculator to its defaults overridden by the pairs given;
	 * values that are not numbers, or not allowed, are ignored. */
	function applyPairs(calc, pairs) {
		resetInputs(calc);
		calc.model.inputs.forEach(function (input) {
			if (own.call(pairs, input.name)) {
				var v = acceptable(input, parseNumber(pairs[input.name]));
				if (v === v) {
					writeInput(calc, input, v);
				}
			}
		});
		update(calc);
	}

	function applyFragment(hash) {
		var state = parseFragment(hash);
		var first = null;
		calcs.forEach(function (calc) {
			if (own.call(state, calc.model.id)) {
				applyPairs(calc, state[calc.model.id]);
				first = first || calc;
			}
		});
		return first;
	}

	function setup(section) {
		var data = section.querySelector('script.calc-data');
		var form = section.querySelector('form.calc-form');
		if (!data || !form) {
			return;
		}
		var calc = { model: JSON.parse(data.textContent), section: section,
			form: form, fields: {} };
		calc.base = 'calc-' + calc.model.id;
		calc.model.inputs.forEach(function (input) {
			calc.fields[input.name] = byId(calc.base + '-in-' + input.name);
		});
		form.setAttribute('autocomplete', 'off');
		form.addEventListener('submit', function (event) {
			event.preventDefault();
		});
		form.addEventListener('input', function () {
			update(calc);
			writeFragment();
		});
		form.addEventListener('change', function (event) {
			var input = calc.model.inputs.filter(function (i) {
				return calc.fields[i.name] === event.target;
			})[0];
			var v = input && input.type === 'number' ?
				parseNumber(event.target.value) : NAN;
			if (v === v && limit(input, v) !== v) {
				writeInput(calc, input, limit(input, v));
			}
			update(calc);
			writeFragment();
		});
		var reset = section.querySelector('.calc-reset');
		if (reset) {
			reset.hidden = false;
			reset.addEventListener('click', function () {
				resetInputs(calc);
				update(calc);
				writeFragment();
			});
		}
		section.setAttribute('data-live', '');
		calcs.push(calc);
	}

	function init() {
		var sections = document.querySelectorAll('section[data-calc]');
		for (var i = 0; i < sections.length; i++) {
			try {
				setup(sections[i]);
			} catch (e) {
				/* A damaged model leaves that calculator as the build wrote
				 * it, which still reads right; the others go on. */
			}
		}
		var first = applyFragment(location.hash);
		calcs.forEach(update);
		if (first) {
			first.section.scrollIntoView();
		}
		window.addEventListener('hashchange', function () {
			if (location.hash !== lastHash) {
				applyFragment(location.hash);
			}
		});
	}

	if (typeof module === 'object' && module && module.exports) {
		module.exports = api;
	}
	if (typeof document !== 'undefined' && document.querySelectorAll) {
		if (document.readyState === 'loading') {
			document.addEventListener('DOMContentLoaded', init);
		} else {
			init();
		}
	}
})();
