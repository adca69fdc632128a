/*
 * Prepbook: the search engine, loaded by search.js on first use with
 * search-index.js.  It folds and splits a query as the build folded the
 * pages (generator/searchtext.h; both are held to tests/search/fold.txt),
 * finds its words in the term shards, ranks pages and cuts snippets.  It
 * touches no page (Node runs it in tests).
 *
 * A shard (search-index/terms/<n>.js) lists term, postings: numbers in
 * base 32, a digit from DIGITS' second half carrying five more bits:
 * (section - previous - 1) * 4 + weight (0 text once, 1 more often, 2
 * heading, 3 title).
 */
(function (global) {
	"use strict";

	var DIGITS = "0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_";
	var VALUE = {};
	for (var i = 0; i < DIGITS.length; i++)
		VALUE[DIGITS.charCodeAt(i)] = i;
	/* Title above heading above text; a word above a word it starts. */
	var WEIGHT = [1, 2, 20, 100];
	var PREFIX = 0.5;
	var TERM_MAX = 24;
	var WORD = /[\p{L}\p{N}]/u;

	/* Scripts written without spaces, as searchtext.c lists them. */
	var UNSPACED = [0xE00, 0xEFF, 0x1000, 0x109F, 0x1780, 0x17FF, 0x2E80,
		0x2FDF, 0x3005, 0x3007, 0x3021, 0x3029, 0x3031, 0x303B, 0x3040,
		0x30FF, 0x31F0, 0x31FF, 0x3400, 0x4DBF, 0x4E00, 0x9FFF, 0xF900,
		0xFAFF, 0xFF66, 0xFF9F, 0x20000, 0x3FFFF];

	function unspaced(c) {
		for (var i = 0; i < UNSPACED.length; i += 2)
			if (c >= UNSPACED[i] && c <= UNSPACED[i + 1])
				return true;
		return false;
	}

	function fold(text) {
		return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
			.replace(/\u03c2/g, "\u03c3").replace(/\u00df/g, "ss")
			.normalize("NFC");
	}

	/* Runs of letters and digits: [{chars, cjk}]. */
	function runs(text) {
		var out = [], run = null;
		for (var ch of fold(text)) {
			var cjk = unspaced(ch.codePointAt(0));
			if (!WORD.test(ch))
				run = null;
			else if (run && run.cjk === cjk)
				run.chars.push(ch);
			else
				out.push(run = { chars: [ch], cjk: cjk });
		}
		return out;
	}

	function word(chars) {
		return chars.slice(0, TERM_MAX).join("");
	}

	/* The terms of text, as the build's: [{term, cjk}]. */
	function terms(text) {
		var out = [];
		runs(text).forEach(function (r) {
			if (!r.cjk)
				return out.push({ term: word(r.chars), cjk: false });
			r.chars.forEach(function (c, j) {
				if (j)
					out.push({ term: r.chars[j - 1] + c, cjk: true });
				out.push({ term: c, cjk: true });
			});
		});
		return out;
	}

	/* What a query looks for: [{term, prefix, cjk}], a word or its
	 * start (two letters on: shards go by two), or an unspaced run's
	 * one character or its pairs; each must be found. */
	function words(query) {
		var seen = {}, out = [];
		runs(query).forEach(function (r) {
			var list = !r.cjk ? [word(r.chars)] : r.chars.length === 1 ? r.chars :
				r.chars.slice(1).map(function (c, j) { return r.chars[j] + c; });
			list.forEach(function (t) {
				if (!seen[t])
					out.push({ term: t, prefix: !r.cjk && r.chars.length > 1, cjk: r.cjk });
				seen[t] = true;
			});
		});
		return out;
	}

	function shardOf(term, shards) {
		var h = 2166136261, n = 0;
		for (var ch of term) {
			var c = ch.codePointAt(0);
			h = Math.imul(h ^ c, 16777619) >>> 0;
			if (++n === 2 || (n === 1 && unspaced(c)))
				break;
		}
		return shards ? h % shards : 0;
	}

	/* Calls fn(section, weight) for each posting. */
	function decode(postings, fn) {
		var section = -1, v = 0;
		for (var i = 0; i < postings.length; i++) {
			var d = VALUE[postings.charCodeAt(i)];
			v = v * 32 + (d & 31);
			if (d < 32) {
				section += (v >> 2) + 1;
				fn(section, v & 3);
				v = 0;
			}
		}
	}

	function add(a, b) {
		return a + b;
	}
	/* Section numbers to pages and to text files. */
	function prepare(index) {
		var first = 0, pageOf = [], fileOf = [];
		index.pages.forEach(function (p, n) {
			p.first = first;
			for (var s = 0; s < p[3]; s++)
				pageOf.push(n);
			first += p[3];
		});
		index.texts.forEach(function (t, i) {
			while (fileOf.length < (index.texts[i + 1] || first))
				fileOf.push(i);
		});
		index.sections = first;
		index.pageOf = pageOf;
		index.fileOf = fileOf;
		return index;
	}

	/* Where a section's text is: a file named by the page and place of
	 * its first section, with data keyed url#k. */
	function locate(index, section) {
		var first = index.texts[index.fileOf[section]];
		var page = index.pages[index.pageOf[first]], k = first - page.first;
		return {
			page: index.pageOf[section], offset: section - first, key: page[0] + "#" + k,
			file: "search-index/pages/" + page[0].replace(/\.html$/, "") + "." + k + ".js",
		};
	}

	/* The scores of every section for one query word. */
	function scores(index, shard, word) {
		var got = new Float32Array(index.sections), any = false;
		for (var i = 0; shard && i < shard.length; i += 2) {
			var t = shard[i];
			if (t !== word.term && !(word.prefix && t.startsWith(word.term)))
				continue;
			var f = t === word.term ? 1 : PREFIX;
			decode(shard[i + 1], function (s, w) {
				var v = WEIGHT[w] * f;
				if (v > got[s])
					got[s] = v;
				any = true;
			});
		}
		return any ? got : null;
	}

	/* The pages where every word is found, best first (then in reading
	 * order), each with the section that matches best. */
	function rank(index, shards, query) {
		if (!query.length)
			return [];
		var lists = [];
		for (var w = 0; w < query.length; w++) {
			var got = scores(index, shards[shardOf(query[w].term, index.shards)],
				query[w]);
			if (!got)
				return [];
			lists.push(got);
		}
		var results = [];
		index.pages.forEach(function (page, n) {
			var tops = lists.map(function () { return 0; }), best = -1, most = -1;
			for (var s = page.first; s < page.first + page[3]; s++) {
				var sum = 0;
				lists.forEach(function (list, w) {
					sum += list[s];
					tops[w] = Math.max(tops[w], list[s]);
				});
				if (sum > most) {
					most = sum;
					best = s;
				}
			}
			if (tops.indexOf(0) < 0)
				results.push({ page: n, section: best, score: tops.reduce(add, 0) });
		});
		results.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
		return results;
	}

	/* The words of text that match: [{start, end}]. */
	function matches(text, query) {
		var found = [], re = /[\p{L}\p{N}\p{M}]+/gu, m;
		while ((m = re.exec(text))) {
			var folded = fold(m[0]);
			for (var i = 0; i < query.length; i++) {
				var q = query[i];
				var at = q.cjk ? folded.indexOf(q.term) : folded.startsWith(q.term) ? 0 : -1;
				if (at < 0 || (q.cjk && folded.length !== m[0].length))
					continue;
				found.push(q.cjk ? { start: m.index + at, end: m.index + at + q.term.length }
					: { start: m.index, end: m.index + m[0].length });
				break;
			}
		}
		return found;
	}

	/* About length characters of text around its first match, as
	 * [{text, mark}] pieces; the start of text when nothing matches. */
	function snippet(text, query, length) {
		length = length || 160;
		var found = matches(text, query);
		var from = 0;
		if (found.length && found[0].start > length / 3) {
			from = found[0].start - Math.floor(length / 3);
			var space = text.indexOf(" ", from);
			if (space >= 0 && space < found[0].start)
				from = space + 1;
		}
		var to = Math.min(text.length, from + length);
		var end = text.lastIndexOf(" ", to);
		if (to < text.length && end > from + length / 2)
			to = end;
		var pieces = [], at = from;
		function put(a, b, mark) {
			pieces.push({ text: a < 0 ? "\u2026" : text.slice(a, b), mark: mark === true });
		}
		if (from > 0)
			put(-1);
		found.forEach(function (f) {
			if (f.start < at || f.end > to)
				return;
			if (f.start > at)
				put(at, f.start, false);
			put(f.start, f.end, true);
			at = f.end;
		});
		if (to > at)
			put(at, to, false);
		if (to < text.length)
			put(-1);
		return pieces;
	}

	global.prepbookSearchEngine = {
		fold: fold, terms: terms, words: words, shardOf: shardOf,
		decode: decode, prepare: prepare, locate: locate, rank: rank,
		snippet: snippet,
	};
})(typeof window !== "undefined" ? window : globalThis);
