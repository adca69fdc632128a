/*
 * The repository's themes, for the tests that hold every theme to the
 * same rules (html-valid, theme-pages, theme, csp).
 *
 *   themeNames              every folder of themes/ that has templates/,
 *                           sorted: a new theme is tested with no change
 *   themedFixture(dir, name, {after})
 *                           a copy of a fixture handbook that selects the
 *                           theme (`theme: name` in handbook.yml), made
 *                           when the test file loads so it can be handed
 *                           to siteUnderTest; node:test's after removes
 *                           it.  The default theme needs no copy: the
 *                           fixture itself is returned.
 *   buildWithTheme(name, {serve, pages})
 *                           content/, plugins/, themes/ and handbook.yml
 *                           (its `theme:` set to name) copied to a new
 *                           temporary folder and built there, served
 *                           over HTTP if asked
 *   htmlFiles(site)         every .html file of a built site, sorted, as
 *                           paths relative to it
 */
import { cpSync, existsSync, mkdtempSync, promises as fs, readdirSync, readFileSync, rmSync,
	writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { makeTempDir, removeDir, repoRoot, runPrepbook, serve } from './browser.mjs';

export const themeNames = readdirSync(path.join(repoRoot, 'themes'), { withFileTypes: true })
	.filter(entry => entry.isDirectory() &&
		existsSync(path.join(repoRoot, 'themes', entry.name, 'templates')))
	.map(entry => entry.name)
	.sort();

/* handbook.yml's text with its theme set to name: the `theme:` line
 * replaced, or one added. */
function withTheme(yml, name) {
	const line = `theme: ${name}`;
	return /^theme:.*$/m.test(yml) ? yml.replace(/^theme:.*$/m, line)
		: `${yml.replace(/\n?$/, '\n')}${line}\n`;
}

export function themedFixture(fixture, theme, { after }) {
	if (theme === 'default')
		return fixture;
	const dir = mkdtempSync(path.join(os.tmpdir(), `prepbook-${theme}-`));
	cpSync(path.resolve(repoRoot, fixture), dir, { recursive: true });
	const config = path.join(dir, 'handbook.yml');
	writeFileSync(config, withTheme(readFileSync(config, 'utf8'), theme));
	after(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/*
 * Builds the repository's handbook with theme name in a new temporary
 * folder.  options.pages: {name: Markdown} added to content/ of the copy
 * (a page the handbook lacks, e.g. code in every highlighted language).
 * options.serve: serve the site over HTTP (lib/browser.mjs's
 * serve) and build it with the server's address as its base URL, so the
 * pages that use it (404.html's links and assets) load from the test's
 * server and not from the published site.  Resolves to {name, root, site,
 * server (or null), cleanup}; rejects with the build's output when it
 * fails (a theme that cannot build the handbook fails every test that
 * uses it).
 */
export async function buildWithTheme(name, options = {}) {
	const root = await makeTempDir(`prepbook-${name}-`);
	const handbook = path.join(root, 'handbook');
	const site = path.join(root, 'site');
	const server = options.serve ? await serve(site) : null;
	const cleanup = async () => {
		await server?.close();
		await removeDir(root);
	};
	try {
		for (const dir of ['content', 'plugins', 'themes'])
			await fs.cp(path.join(repoRoot, dir), path.join(handbook, dir),
				{ recursive: true });
		for (const [page, text] of Object.entries(options.pages || {}))
			await fs.writeFile(path.join(handbook, 'content', page), text);
		const yml = await fs.readFile(path.join(repoRoot, 'handbook.yml'), 'utf8');
		await fs.writeFile(path.join(handbook, 'handbook.yml'), withTheme(yml, name));
		const args = ['build', '-C', handbook, '-o', site];
		if (server)
			args.push('--base-url', server.url.replace(/\/$/, ''));
		const result = await runPrepbook(args);
		if (result.code !== 0)
			throw new Error(`building the handbook with the theme "${name}" ` +
				`exited ${result.code}\n${result.stderr}${result.stdout}`);
		return { name, root, site, server, cleanup };
	} catch (error) {
		await cleanup();
		throw error;
	}
}

export async function htmlFiles(site) {
	const files = [];
	async function walk(rel) {
		const entries = await fs.readdir(path.join(site, rel), { withFileTypes: true });
		for (const entry of entries) {
			const child = rel ? `${rel}/${entry.name}` : entry.name;
			if (entry.isDirectory())
				await walk(child);
			else if (entry.name.endsWith('.html'))
				files.push(child);
		}
	}
	await walk('');
	return files.sort();
}
