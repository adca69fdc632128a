/*
 * Running a browser test against every theme.
 *
 *   themeNames               the theme folders under themes/, sorted
 *   themedFixture(dir, name, {after})
 *                            a copy of a fixture handbook that selects
 *                            the theme (`theme: name` in handbook.yml)
 *
 * The copy is made when the test file loads, so it can be handed to
 * siteUnderTest; node:test's after removes it.  The default theme needs
 * no copy: the fixture itself is returned.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { repoRoot } from './browser.mjs';

export const themeNames = readdirSync(path.join(repoRoot, 'themes'), { withFileTypes: true })
	.filter(entry => entry.isDirectory())
	.map(entry => entry.name)
	.sort();

export function themedFixture(fixture, theme, { after }) {
	if (theme === 'default')
		return fixture;
	const dir = mkdtempSync(path.join(os.tmpdir(), `prepbook-${theme}-`));
	cpSync(path.resolve(repoRoot, fixture), dir, { recursive: true });
	const config = path.join(dir, 'handbook.yml');
	const text = readFileSync(config, 'utf8').replace(/^theme:.*\n?/m, '');
	writeFileSync(config, `${text.replace(/\n?$/, '\n')}theme: ${theme}\n`);
	after(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}
