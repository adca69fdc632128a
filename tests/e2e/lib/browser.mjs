/*
 * Shared helpers for Prepbook's browser tests.
 *
 *   launchBrowser()          the system's Chromium, headless, via playwright-core
 *   buildHandbook(dir)       builds a handbook with the real prepbook binary
 *   serve(dir, {prefix})     a static HTTP server on 127.0.0.1, ephemeral port
 *   fileUrl(dir, path)       the file:// URL of a built page
 *   openPage(browser, url)   a fresh page, every request it makes recorded
 *   runAxe(page)             axe-core's violations on the loaded page
 *
 * The tests never download a browser: playwright-core drives the Chromium
 * that the system has (/usr/bin/chromium, or $CHROMIUM).  BIN names the
 * prepbook binary ("./generator/prepbook" from the repository root when
 * unset).  Each helper that makes something returns a way to undo it, and
 * a test undoes it in after(), so no temporary folder or process is left.
 */
import { execFile } from 'node:child_process';
import { createReadStream, promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

/* The repository root: lib/ is tests/e2e/lib. */
export const repoRoot = path.resolve(
	path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

/* Flags that keep Chromium from reaching the network on its own (update
 * checks, sync, QUIC probes), so the request log shows only the page's. */
const chromiumArgs = [
	'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	'--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync',
];

export async function launchBrowser() {
	try {
		await fs.access(chromiumPath);
	} catch {
		throw new Error(`no Chromium at ${chromiumPath}: install the ` +
			'Debian package "chromium" (make test does) or set CHROMIUM');
	}
	return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/* The prepbook binary under test, as an absolute path. */
export function binary() {
	return path.resolve(repoRoot, process.env.BIN || './generator/prepbook');
}

/* Runs the binary with args; resolves to {code, stdout, stderr} whatever
 * the exit status, so a test can assert on failures too. */
export function runPrepbook(args, options = {}) {
	return new Promise((resolve, reject) => {
		execFile(binary(), args, { cwd: options.cwd || repoRoot,
			env: { ...process.env, ...(options.env || {}) },
			timeout: options.timeout || 120000 },
		(error, stdout, stderr) => {
			if (error && typeof error.code !== 'number')
				reject(new Error(`cannot run ${binary()}: ${error.message}`));
			else
				resolve({ code: error ? error.code : 0, stdout, stderr });
		});
	});
}

export async function makeTempDir(prefix = 'prepbook-e2e-') {
	return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeDir(dir) {
	if (dir)
		await fs.rm(dir, { recursive: true, force: true });
}

async function exists(file) {
	try {
		await fs.access(file);
		return true;
	} catch {
		return false;
	}
}

/*
 * Builds the handbook in dir (relative to the repository root, or
 * absolute) into a new temporary folder.  A fixture handbook usually has
 * only handbook.yml and content/: it is copied into the temporary folder
 * with the repository's themes/ and plugins/ beside it, so fixtures test
 * the real theme and plugins.  options.args adds command-line arguments;
 * options.root names the (empty) temporary folder to use instead of a new
 * one, for a test that must know the site's path before the build (to
 * serve it first and pass the server's address as --base-url).  Resolves
 * to {root, site, result, cleanup}; rejects with the build's output when
 * the build fails, unless options.allowFailure.
 */
export async function buildHandbook(dir = '.', options = {}) {
	const source = path.resolve(repoRoot, dir);
	const root = options.root || await makeTempDir();
	let handbook = source;

	if (source !== repoRoot) {
		handbook = path.join(root, 'handbook');
		await fs.cp(source, handbook, { recursive: true });
		for (const shared of ['themes', 'plugins'])
			if (!(await exists(path.join(handbook, shared))) &&
			    (await exists(path.join(repoRoot, shared))))
				await fs.cp(path.join(repoRoot, shared),
					path.join(handbook, shared), { recursive: true });
	}
	const site = path.join(root, 'site');
	const args = ['build', '-C', handbook, '-o', site, ...(options.args || [])];
	const result = await runPrepbook(args);
	const cleanup = () => removeDir(root);
	if (result.code !== 0 && !options.allowFailure) {
		await cleanup();
		throw new Error(`prepbook ${args.join(' ')} exited ${result.code}\n` +
			result.stderr + result.stdout);
	}
	return { root, site, result, cleanup };
}

const mimeTypes = {
	'.html': 'text/html; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.json': 'application/json',
	'.webmanifest': 'application/manifest+json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.ico': 'image/x-icon',
	'.xml': 'application/xml',
	'.txt': 'text/plain; charset=utf-8',
};

/* Maps a request path to a file under dir, or null when it would leave
 * dir.  Folders serve their index.html, like GitHub Pages. */
async function resolveFile(dir, urlPath) {
	let rel;
	try {
		rel = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
	} catch {
		return null;
	}
	const file = path.resolve(dir, '.' + path.posix.normalize('/' + rel));
	if (file !== dir && !file.startsWith(dir + path.sep))
		return null;
	try {
		const stat = await fs.stat(file);
		if (stat.isDirectory())
			return resolveFile(dir, path.posix.join(rel, 'index.html'));
		return stat.isFile() ? file : null;
	} catch {
		return null;
	}
}

/*
 * Serves dir over HTTP on 127.0.0.1 at an ephemeral port, as a static host
 * would: a missing file gets 404.html (when the site has one) with status
 * 404.  options.prefix ("/handbook/") serves the site under that path, as
 * GitHub Pages serves a project site; anything outside it is a plain 404.
 * Resolves to {url, origin, requests, close}; url (the site's address)
 * ends with '/', and requests lists every path asked for.
 */
export async function serve(dir, options = {}) {
	const root = path.resolve(dir);
	const prefix = options.prefix || '/';
	const requests = [];
	const server = http.createServer(async (req, res) => {
		requests.push(req.url);
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, { Allow: 'GET, HEAD' }).end();
			return;
		}
		const pathname = new URL(req.url, 'http://x').pathname;
		if (!pathname.startsWith(prefix)) {
			res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
			return;
		}
		let file = await resolveFile(root, '/' + pathname.slice(prefix.length));
		let status = 200;
		if (!file) {
			status = 404;
			file = await resolveFile(root, '/404.html');
		}
		if (!file) {
			res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
			return;
		}
		const type = mimeTypes[path.extname(file).toLowerCase()] ||
			'application/octet-stream';
		res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
		if (req.method === 'HEAD')
			res.end();
		else
			createReadStream(file).pipe(res);
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const origin = `http://127.0.0.1:${server.address().port}`;
	return {
		url: origin + prefix,
		origin,
		requests,
		close: () => new Promise(resolve => {
			server.closeAllConnections();
			server.close(() => resolve());
		}),
	};
}

/* The file:// URL of rel (a site path such as "basics/first.html") under
 * dir, as a reader opening the site from disk would have it. */
export function fileUrl(dir, rel = 'index.html') {
	return pathToFileURL(path.join(path.resolve(dir), rel)).href;
}

/*
 * Opens a fresh browser context and page.  options: width, height
 * (default 1280 x 900), colorScheme ('light' | 'dark'), javaScript
 * (default true), serviceWorkers ('allow', or by default 'block': the
 * site's worker fetches every file of the site in the background on a
 * first visit over http, work that only the offline tests want).  The
 * page's `requests` array records the URL of every request it or its
 * workers make, so a test can check that none left the site.  Close the
 * context (page.context().close()) when done.
 */
export async function openPage(browser, url, options = {}) {
	const context = await browser.newContext({
		viewport: { width: options.width || 1280, height: options.height || 900 },
		colorScheme: options.colorScheme || 'light',
		javaScriptEnabled: options.javaScript !== false,
		reducedMotion: 'reduce',
		serviceWorkers: options.serviceWorkers || 'block',
	});
	const page = await context.newPage();
	page.requests = [];
	page.errors = [];
	context.on('request', request => page.requests.push(request.url()));
	page.on('pageerror', error => page.errors.push(error.message));
	page.on('console', message => {
		if (message.type() === 'error')
			page.errors.push(message.text());
	});
	if (url)
		await page.goto(url, { waitUntil: 'load' });
	return page;
}

/* The requests in urls that go anywhere but allowed origins: for a site
 * opened from disk that is anything but file:, data: and blob: URLs; for a
 * served site, anything but the server's origin too. */
export function foreignRequests(urls, origin = null) {
	return urls.filter(u => {
		const url = new URL(u);
		if (['file:', 'data:', 'blob:', 'about:'].includes(url.protocol))
			return false;
		return origin === null || url.origin !== origin;
	});
}

let axeSource = null;

/*
 * Runs axe-core on the page as it is now.  Resolves to the violations
 * (axe's objects: id, impact, help, nodes).  options.impacts keeps only
 * those impacts (e.g. ['serious', 'critical']); options.context limits the
 * check to a selector.
 */
export async function runAxe(page, options = {}) {
	if (axeSource === null)
		axeSource = await fs.readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
	if (!(await page.evaluate(() => typeof window.axe === 'object')))
		/* Evaluated through the DevTools protocol, which the page's
		 * Content-Security-Policy does not govern: a <script> tag with
		 * the source inline would be refused. */
		await page.evaluate(axeSource);
	const violations = await page.evaluate(async selector => {
		const result = await window.axe.run(selector || document, {
			resultTypes: ['violations'],
		});
		return result.violations.map(v => ({
			id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map(n => ({ target: n.target, summary: n.failureSummary })),
		}));
	}, options.context || null);
	if (!options.impacts)
		return violations;
	return violations.filter(v => options.impacts.includes(v.impact));
}

/* A readable list of axe violations for an assertion message. */
export function formatViolations(violations) {
	return violations.map(v => `${v.impact} ${v.id}: ${v.help}\n` +
		v.nodes.slice(0, 5).map(n => `    ${n.target.join(' ')}\n      ${
			(n.summary || '').replace(/\n/g, '\n      ')}`).join('\n')).join('\n');
}

/*
 * The shared set-up of a browser test file: build the fixture handbook once,
 * serve it on 127.0.0.1, launch Chromium, and tear all three down at the
 * end.  Pass node:test's before and after.  The returned object's
 * browser, built and server fields are filled in by `before`; origins
 * lists the two ways a reader opens the site (from disk, over HTTP), and
 * withPage opens a page and always closes its context.
 */
export function siteUnderTest(fixture, { before, after }) {
	const site = { browser: null, built: null, server: null };

	before(async () => {
		site.built = await buildHandbook(fixture);
		site.server = await serve(site.built.site);
		site.browser = await launchBrowser();
	});
	after(async () => {
		await site.browser?.close();
		await site.server?.close();
		await site.built?.cleanup();
	});
	site.origins = [
		{ name: 'file://', url: rel => fileUrl(site.built.site, rel), origin: () => null },
		{ name: 'http', url: rel => site.server.url + rel, origin: () => site.server.origin },
	];
	site.withPage = async (url, options, fn) => {
		const page = await openPage(site.browser, url, options);
		try {
			return await fn(page);
		} finally {
			await page.context().close();
		}
	};
	return site;
}
