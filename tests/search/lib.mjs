/*
 * Helpers for the search tests and bench/search.mjs: run a built site's
 * search in Node as a page would, with the theme's search-engine.js (from
 * the site, so the one the build published) and the index's scripts, and
 * read the shared folding vectors.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const foldVectors = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fold.txt');

/* [[text, terms]] from tests/search/fold.txt. */
export function readFoldVectors() {
	return readFileSync(foldVectors, 'utf8').split('\n')
		.filter(line => line && !line.startsWith('#'))
		.map(line => line.split('\t'));
}

/*
 * Loads the search of the site in folder site.  Returns {engine, data,
 * size, load, search}: load(rel) runs one of the site's scripts (once);
 * search(text) runs a query as search.js does, loading what it needs,
 * and resolves to the ranked results, each with page {url, title, part}
 * and section {id, heading, text}; loaded lists the files loaded so far.
 */
export function loadSearch(site) {
	const data = { index: null, shards: {}, texts: {} };
	const sandbox = {
		prepbookSearch: {
			index: x => { data.index = x; },
			terms: (n, t) => { data.shards[n] = t; },
			text: (url, k, s) => { data.texts[url + '#' + k] = s; },
		},
	};
	sandbox.window = sandbox;
	vm.createContext(sandbox);
	const loaded = new Set();
	const load = rel => {
		if (loaded.has(rel))
			return;
		vm.runInContext(readFileSync(path.join(site, rel), 'utf8'), sandbox, { filename: rel });
		loaded.add(rel);
	};
	const size = rel => statSync(path.join(site, rel)).size;
	load('assets/search-engine.js');
	load('search-index.js');
	const engine = sandbox.prepbookSearchEngine;
	engine.prepare(data.index);

	function search(text, shown = 8) {
		const words = engine.words(text);
		for (const w of words)
			load(`search-index/terms/${engine.shardOf(w.term, data.index.shards)}.js`);
		/* Array.from: results cross into this realm as plain arrays. */
		return Array.from(engine.rank(data.index, data.shards, words), (r, n) => {
			const page = data.index.pages[r.page];
			const at = engine.locate(data.index, r.section);
			const result = {
				page: { url: page[0], title: page[1], part: data.index.parts[page[2]] ?? '' },
				score: r.score,
			};
			if (n < shown) {
				load(at.file);
				const s = data.texts[at.key][at.offset];
				result.section = { id: s[0], heading: s[1], text: s[2] };
				result.snippet = Array.from(engine.snippet(s[2], words),
					p => ({ text: p.text, mark: p.mark }));
			}
			return result;
		});
	}
	return { engine, data, size, load, loaded, search };
}
