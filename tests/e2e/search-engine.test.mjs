/*
 * Search without a browser: the build (generator/searchtext.c) and the
 * theme's search-engine.js must fold and split words alike, or a query
 * typed one way would miss the words the index holds.  Both are held to
 * tests/search/fold.txt (the unit tests check the build's side), and the
 * engine is run in Node on a fixture handbook built by the real binary:
 * accents and case, prefixes, unspaced scripts, ranking, what is indexed
 * and what is not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { buildHandbook } from './lib/browser.mjs';
import { loadSearch, readFoldVectors } from '../search/lib.mjs';

let built;
let search;

before(async () => {
	built = await buildHandbook('tests/e2e/fixtures/search');
	search = loadSearch(built.site);
});
after(() => built?.cleanup());

const titles = results => results.map(r => r.page.title);

describe('search, the build and the browser agree', () => {
	it('on every folding vector: accents, case, compatibility forms, non-Latin scripts', () => {
		const vectors = readFoldVectors();
		assert.ok(vectors.length >= 20);
		for (const [text, terms] of vectors)
			assert.equal(search.engine.terms(text).map(t => t.term).join(' '), terms, text);
	});

	it('on the shard each term lives in', () => {
		/* Every term of the index is in the shard the engine looks in. */
		const shards = search.data.index.shards;
		for (let n = 0; n < shards; n++) {
			search.load(`search-index/terms/${n}.js`);
			const terms = search.data.shards[n];
			for (let i = 0; i < terms.length; i += 2)
				assert.equal(search.engine.shardOf(terms[i], shards), n, terms[i]);
		}
	});

	for (const query of ['Delta', 'délta', 'DELTA', 'dÉlTa'])
		it(`finds "Delta Lake" first for ${query}`, () => {
			const results = search.search(query);
			assert.equal(results[0].page.title, 'Delta Lake');
			assert.equal(results[0].page.part, 'Table formats');
		});

	it('finds words by their first letters, from the second', () => {
		assert.equal(search.search('transac')[0].page.title, 'Delta Lake');
		assert.deepEqual(titles(search.search('tr')), ['Delta Lake', 'Apache Iceberg']);
		/* One letter is a word of its own: "a", not every word in a. */
		assert.deepEqual(titles(search.search('t')), []);
		assert.ok(search.search('a').length > 0);
		assert.equal(search.search('snap')[0].page.title, 'Apache Iceberg');
		assert.deepEqual(titles(search.search('cafe creme')), ['Delta Lake']);
	});

	it('finds unspaced scripts by their characters and pairs, and non-Latin words folded', () => {
		for (const query of ['数据湖', '湖', 'データ', '데이터', 'ΟΔΟΣ', 'οδος'])
			assert.deepEqual(titles(search.search(query)), ['Around the world'], query);
		assert.equal(search.search('数据湖')[0].section.id, '数据湖');
		assert.equal(search.search('データ')[0].section.id, 'データレイク');
	});
});

describe('search results', () => {
	it('rank the title above a heading above the text, then go in reading order', () => {
		assert.deepEqual(titles(search.search('delta')),
			['Delta Lake', 'Apache Iceberg', 'Parquet']);
		assert.deepEqual(titles(search.search('iceberg')), ['Apache Iceberg', 'Parquet']);
	});

	it('link to the nearest heading, with a snippet that marks the match', () => {
		const [first] = search.search('version');
		assert.equal(first.page.url, 'formats/delta.html');
		assert.deepEqual([first.section.id, first.section.heading], ['time-travel', 'Time travel']);
		assert.deepEqual(first.snippet.filter(p => p.mark).map(p => p.text), ['version']);
		const [iceberg] = search.search('compared');
		assert.equal(iceberg.section.id, 'delta-compared');
	});

	it('need every word of the query on the page', () => {
		assert.deepEqual(titles(search.search('iceberg snapshots')), ['Apache Iceberg']);
		assert.deepEqual(titles(search.search('iceberg zebra')), []);
	});

	it('find a calculator\'s default result, and never a quiz\'s answer', () => {
		assert.deepEqual(titles(search.search('4,321')), ['Delta Lake']);
		assert.deepEqual(titles(search.search('monthly bill')), ['Delta Lake']);
		assert.deepEqual(titles(search.search('transaction log record')), ['Delta Lake']);
		for (const secret of ['zeppelin', 'albatross'])
			assert.deepEqual(titles(search.search(secret)), [], secret);
	});
});
