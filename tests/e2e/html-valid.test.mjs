/*
 * Every page of the repository's handbook, built with every theme, is
 * valid HTML by the Nu Html Checker (vnu.jar from the npm package
 * vnu-jar, run with the machine's Java: scripts/deps installs
 * default-jre-headless for `make test`).  One run of the checker takes
 * every file of every theme, since starting the JVM costs seconds.
 * Warnings are not failures; errors are, each listed with its file and
 * line.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { buildWithTheme, htmlFiles, themeNames } from './lib/themes.mjs';

const require = createRequire(import.meta.url);
const vnuJar = require.resolve('vnu-jar/build/dist/vnu.jar');

/* Runs the checker over files; resolves to its messages.  Its exit
 * status is 1 when it found errors, so the JSON decides, not the status;
 * no JSON at all (no Java, a crash) rejects. */
function checkHtml(files) {
	const args = ['-jar', vnuJar, '--errors-only', '--format', 'json', '--stdout', ...files];
	return new Promise((resolve, reject) => {
		execFile('java', args, { maxBuffer: 64 << 20, timeout: 300000 },
			(error, stdout, stderr) => {
				if (error && error.code === 'ENOENT') {
					reject(new Error('no java: install the Debian package ' +
						'default-jre-headless (make test does)'));
					return;
				}
				try {
					resolve(JSON.parse(stdout).messages);
				} catch {
					reject(new Error(`vnu.jar gave no report (${error?.message})\n${stderr}${stdout}`));
				}
			});
	});
}

describe('the handbook is valid HTML in every theme', () => {
	const builds = [];
	let messages = [];

	before(async () => {
		for (const name of themeNames)
			builds.push(await buildWithTheme(name));
		const files = [];
		for (const b of builds)
			for (const rel of await htmlFiles(b.site))
				files.push(path.join(b.site, rel));
		messages = await checkHtml(files);
	}, { timeout: 300000 });
	after(async () => {
		for (const b of builds)
			await b.cleanup();
	});

	it('finds the themes under themes/', () => {
		assert.ok(builds.some(b => b.name === 'default'), 'no default theme');
	});

	it('has no error on any page of any theme', async () => {
		/* The checker names files by URL ("file:/tmp/..."). */
		const fileOf = m => (m.url ? fileURLToPath(m.url) : '');
		for (const b of builds) {
			const files = await htmlFiles(b.site);
			assert.ok(files.length > 10, `${b.name}: only ${files.length} pages`);
			const errors = messages.filter(m => fileOf(m).startsWith(b.site + path.sep))
				.map(m => `${path.relative(b.site, fileOf(m))}:${m.lastLine}: ` +
					`${m.message}\n    ${(m.extract || '').replace(/\n/g, ' ')}`);
			assert.deepEqual(errors, [], `theme ${b.name}:\n${errors.join('\n')}`);
		}
		const elsewhere = messages.filter(m =>
			!builds.some(b => fileOf(m).startsWith(b.site + path.sep)));
		assert.deepEqual(elsewhere, [], 'messages about no page (the checker itself)');
	});
});
