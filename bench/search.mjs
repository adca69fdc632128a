/*
 * What a first search costs on a built site: the bytes a reader's
 * browser loads for its first query (search-engine.js, search-index.js,
 * the term shards of the query's words and the text files of the eight
 * results shown) against the handbook's Markdown, and how long ranking
 * takes once they are loaded.
 *
 *     node bench/search.mjs SITE CONTENT [QUERY...]
 *
 * Without queries it tries the 20 terms found in the most sections, the
 * first three letters of each, and 20 terms found in one section only.
 * Prints a line per query and a summary; exits 1 when a first query loads
 * more than 15% of the Markdown.  The engine is the one the site
 * publishes, run in Node (tests/search/lib.mjs).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { loadSearch } from '../tests/search/lib.mjs';

const [site, content, ...given] = process.argv.slice(2);
if (!site || !content) {
	console.error('usage: node bench/search.mjs SITE CONTENT [QUERY...]');
	process.exit(2);
}

function markdownBytes(dir) {
	let n = 0;
	for (const name of readdirSync(dir)) {
		const file = path.join(dir, name);
		if (statSync(file).isDirectory())
			n += markdownBytes(file);
		else if (name.endsWith('.md'))
			n += statSync(file).size;
	}
	return n;
}

/* Every shard loaded once, for the term counts and the timings. */
const all = loadSearch(site);
for (let n = 0; n < all.data.index.shards; n++)
	all.load(`search-index/terms/${n}.js`);

function queries() {
	if (given.length)
		return given;
	const counts = [];
	for (const terms of Object.values(all.data.shards))
		for (let i = 0; i < terms.length; i += 2) {
			let n = 0;
			all.engine.decode(terms[i + 1], () => n++);
			counts.push([terms[i], n]);
		}
	counts.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
	const common = counts.slice(0, 20).map(c => c[0]);
	const rare = counts.filter(c => c[1] === 1 && c[0].length > 4).slice(0, 20).map(c => c[0]);
	return [...common, ...common.map(t => t.slice(0, 3)), ...rare];
}

/* The median of runs of fn, in milliseconds. */
function time(fn, runs = 9) {
	const t = [];
	for (let i = 0; i < runs; i++) {
		const t0 = process.hrtime.bigint();
		fn();
		t.push(Number(process.hrtime.bigint() - t0) / 1e6);
	}
	return t.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const markdown = markdownBytes(content);
let worst = 0;
const times = [];
for (const q of queries()) {
	const fresh = loadSearch(site);
	const count = fresh.search(q).length;
	const bytes = [...fresh.loaded].reduce((sum, rel) => sum + fresh.size(rel), 0);
	const words = all.engine.words(q);
	const ms = time(() => all.engine.rank(all.data.index, all.data.shards, words));
	times.push(ms);
	worst = Math.max(worst, bytes);
	console.log(`${q.slice(0, 18).padEnd(18)} ${String(count).padStart(5)} results  ` +
		`${(bytes / 1024).toFixed(1).padStart(7)} KB  ${ms.toFixed(2)} ms`);
}
/* The site's text as the index took it: every section's text. */
let text = 0, textFiles = 0;
for (const first of all.data.index.texts) {
	const at = all.engine.locate(all.data.index, first);
	all.load(at.file);
	textFiles += all.size(at.file);
	for (const s of all.data.texts[at.key])
		text += Buffer.byteLength(s[2]);
}
times.sort((a, b) => a - b);
const indexBytes = ['search-index.js', ...Array.from({ length: all.data.index.shards },
	(_, n) => `search-index/terms/${n}.js`)].reduce((s, f) => s + all.size(f), 0);
const kb = n => `${(n / 1024).toFixed(0)} KB`;
console.log(`\nMarkdown ${kb(markdown)}, its text ${kb(text)}; index (table and ` +
	`${all.data.index.shards} term shards) ${kb(indexBytes)}, ` +
	`${(100 * indexBytes / text).toFixed(1)}% of the text; text files for ` +
	`snippets ${kb(textFiles)}`);
console.log(`a first query loads at most ${(worst / 1024).toFixed(1)} KB, ` +
	`${(100 * worst / markdown).toFixed(1)}% of the Markdown; ranking takes ` +
	`${times[Math.floor(times.length / 2)].toFixed(2)} ms (median query), ` +
	`${times[times.length - 1].toFixed(2)} ms (slowest)`);
process.exit(worst > 0.15 * markdown ? 1 : 0);
