/*
 * `prepbook serve` over real loopback sockets, without a browser: it
 * answers, with the right types; it refuses paths that leave the site,
 * however they are spelt; it allows only GET and HEAD; a second server on
 * the same port fails and says why; SIGINT and SIGTERM stop it within a
 * second, with a page's event stream open.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { buildHandbook, runPrepbook } from './lib/browser.mjs';
import { rawRequest, startServe, waitFor } from './lib/serve.mjs';

const FIXTURE = 'tests/e2e/fixtures/nav';
const TIMEOUT = { timeout: 120000 };

let built, server;

before(async () => {
	built = await buildHandbook(FIXTURE);
	server = await startServe(path.join(built.root, 'handbook'), built.site);
});
after(async () => {
	await server?.stop();
	await built?.cleanup();
});

const get = (target, method = 'GET') =>
	rawRequest(server.port, `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1`);

describe('answers', () => {
	it('serves the home page at / as HTML, with the reload script', TIMEOUT, async () => {
		const r = await get('/');
		assert.equal(r.status, 200);
		assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
		assert.equal(r.headers['cache-control'], 'no-cache');
		assert.match(r.body, /<title>[^<]*Fixture Handbook/);
		assert.match(r.body, /<script src="\/__prepbook\/live\.js" data-generation="\d+"><\/script>\n<\/body>/);
	});

	it('gives every kind of file its type', TIMEOUT, async () => {
		const want = {
			'/basics/first.html': 'text/html; charset=utf-8',
			'/assets/prepbook.css': 'text/css; charset=utf-8',
			'/assets/nav.js': 'text/javascript; charset=utf-8',
			'/nav-tree.js': 'text/javascript; charset=utf-8',
			'/assets/icon.svg': 'image/svg+xml',
			'/assets/icon-192.png': 'image/png',
			'/manifest.webmanifest': 'application/manifest+json',
			'/__prepbook/live.js': 'text/javascript; charset=utf-8',
		};
		for (const [target, type] of Object.entries(want)) {
			const r = await get(target);
			assert.equal(r.status, 200, target);
			assert.equal(r.headers['content-type'], type, target);
			assert.equal(r.headers['cache-control'], 'no-cache', target);
		}
		const css = await get('/assets/prepbook.css');
		assert.equal(css.body, await fs.readFile(path.join(built.site, 'assets/prepbook.css'), 'latin1'));
	});

	it('serves a folder\'s index.html, and sends a folder without its slash there', TIMEOUT, async () => {
		const index = await get('/basics/');
		assert.equal(index.status, 200);
		assert.match(index.body, /<title>Basics/);
		const bare = await get('/basics');
		assert.equal(bare.status, 301);
		assert.equal(bare.headers.location, '/basics/');
	});

	it('answers HEAD with the headers only', TIMEOUT, async () => {
		const r = await get('/basics/first.html', 'HEAD');
		assert.equal(r.status, 200);
		assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
		assert.equal(r.body, '');
	});

	it('answers a missing file with 404 and the site\'s 404 page', TIMEOUT, async () => {
		const r = await get('/no/such/page.html');
		assert.equal(r.status, 404);
		assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
	});
});

describe('refuses', () => {
	/* The handbook sits beside the site: each of these would reach its
	 * handbook.yml if the server followed it. */
	const escapes = [
		'/../handbook/handbook.yml',
		'/basics/../../handbook/handbook.yml',
		'/%2e%2e/handbook/handbook.yml',
		'/%2E%2E/handbook/handbook.yml',
		'/.%2e/handbook/handbook.yml',
		'/..%2fhandbook%2fhandbook.yml',
		'/basics%2f..%2f..%2fhandbook%2fhandbook.yml',
		'/basics/%2e%2e%2f%2e%2e%2fhandbook/handbook.yml',
		'/..%5chandbook%5chandbook.yml',
		'/index.html%00.png',
		'/%2e%2e/handbook/handbook.yml%00.html',
		'/%00',
		'/escape/handbook.yml',
		'/.prepbook-cache',
	];

	before(async () => {
		/* A symbolic link inside the site that leads out of it. */
		await fs.symlink(path.join(built.root, 'handbook'), path.join(built.site, 'escape'));
	});

	for (const target of escapes) {
		it(`answers ${JSON.stringify(target)} with 404`, TIMEOUT, async () => {
			const r = await get(target);
			assert.equal(r.status, 404);
			assert.doesNotMatch(r.body, /Fixture Handbook\ndescription/);
			assert.doesNotMatch(r.body, /repo_url:/);
		});
	}

	/* A NUL byte sent raw reaches the server as the end of the path:
	 * what comes before it is judged, by the same rules. */
	it('answers a raw NUL byte after a way out with 404', TIMEOUT, async () => {
		const r = await get('/../handbook/handbook.yml\0.html');
		assert.equal(r.status, 404);
		assert.doesNotMatch(r.body, /repo_url:/);
	});

	for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
		it(`answers ${method} with 405 and says what is allowed`, TIMEOUT, async () => {
			const r = await rawRequest(server.port,
				`${method} /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
				'Content-Type: text/plain\r\nContent-Length: 5', 'hello');
			assert.equal(r.status, 405);
			assert.equal(r.headers.allow, 'GET, HEAD');
		});
	}
});

describe('the port', () => {
	it('is one a second server cannot have: it fails and names the port', TIMEOUT, async () => {
		const r = await runPrepbook(['serve', '-C', path.join(built.root, 'handbook'),
			'-o', built.site, '--port', String(server.port)], { timeout: 60000 });
		assert.equal(r.code, 3, r.stderr);
		assert.match(r.stderr,
			new RegExp(`cannot listen on 127\\.0\\.0\\.1 port ${server.port}: Address already in use`));
		assert.match(r.stderr, /--port 0 picks a free one/);
		/* The first server is still there. */
		assert.equal((await get('/')).status, 200);
	});

	it('is a usage error when it is no port', TIMEOUT, async () => {
		const r = await runPrepbook(['serve', '--port', '70000']);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /--port wants a number from 0 to 65535/);
	});
});

describe('stopping', () => {
	for (const signal of ['SIGINT', 'SIGTERM']) {
		it(`${signal} stops the server within a second, streams open`, TIMEOUT, async () => {
			const other = await startServe(path.join(built.root, 'handbook'), built.site);
			/* An open page's event stream, and an idle kept-alive
			 * connection, must not hold the server up. */
			const stream = net.connect(other.port, '127.0.0.1');
			let heard = '';
			stream.on('data', chunk => { heard += chunk; });
			stream.on('error', () => {});
			stream.write('GET /__prepbook/events HTTP/1.1\r\nHost: x\r\n\r\n');
			const idle = net.connect(other.port, '127.0.0.1');
			idle.on('error', () => {});
			idle.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
			await waitFor('the first event', () => heard.includes('data: {'));
			const { code, signal: killedBy, ms } = await other.stop(signal);
			stream.destroy();
			idle.destroy();
			assert.equal(code, 0, other.output());
			assert.equal(killedBy, null);
			assert.ok(ms < 1000, `stopped after ${ms} ms`);
			assert.match(other.output(), /prepbook: stopped/);
		});
	}
});
