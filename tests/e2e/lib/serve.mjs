/*
 * Helpers for the tests of `prepbook serve`, over real loopback sockets.
 *
 *   startServe(handbook, site, args)  the dev server on a free port
 *   rawRequest(port, head)            one request written byte for byte
 *   waitFor(what, fn, ms)             polls fn until it is truthy
 *   siteFiles(dir)                    every file under dir
 *
 * A server is stopped by the test that started it (server.stop() in
 * after()), so no process outlives its test file.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { binary } from './browser.mjs';

/* Long enough for a first build on a loaded two-core machine. */
const START_TIMEOUT = 60000;

/*
 * Polls fn (which may be async) every 10 ms until it returns something
 * truthy, and resolves to that; rejects naming what was awaited after ms.
 */
export async function waitFor(what, fn, ms = 10000) {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = await fn();
		if (value)
			return value;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${ms} ms waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

/*
 * Starts `prepbook serve -C handbook -o site --port 0 ...args` and resolves
 * once it printed its URL: {url, port, output(), exited, stop(signal)}.
 * exited resolves to {code, signal} when the process ends; stop sends the
 * signal (SIGINT by default) and resolves to {code, signal, ms}, ms being
 * the time from the signal to the exit.
 */
export async function startServe(handbook, site, args = []) {
	const child = spawn(binary(),
		['serve', '-C', handbook, '-o', site, '--port', '0', ...args],
		{ stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '', stderr = '';
	child.stdout.on('data', chunk => { stdout += chunk; });
	child.stderr.on('data', chunk => { stderr += chunk; });
	const exited = new Promise(resolve =>
		child.on('exit', (code, signal) => resolve({ code, signal })));
	const output = () => stdout + stderr;
	let gone = false;
	exited.then(() => { gone = true; });
	const url = await waitFor('the server to print its URL', () => {
		if (gone)
			throw new Error(`prepbook serve exited early:\n${output()}`);
		return /serving (http:\/\/\S+)/.exec(stdout)?.[1];
	}, START_TIMEOUT);
	return {
		url,
		port: Number(new URL(url).port),
		child,
		output,
		exited,
		async stop(signal = 'SIGINT') {
			if (gone)
				return { ...(await exited), ms: 0 };
			const start = Date.now();
			child.kill(signal);
			const result = await exited;
			return { ...result, ms: Date.now() - start };
		},
	};
}

/*
 * Sends head (a request line and headers, without the final blank line)
 * exactly as given, so that paths reach the server unnormalised, and
 * resolves to {status, headers, body} once the server closes the
 * connection.  Connection: close is added.
 */
export function rawRequest(port, head, body = '') {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		const chunks = [];
		socket.setTimeout(10000, () => socket.destroy(new Error(`no answer to ${head}`)));
		socket.on('connect', () => socket.write(
			Buffer.concat([Buffer.from(`${head}\r\nConnection: close\r\n\r\n`, 'latin1'),
				Buffer.from(body)])));
		socket.on('data', chunk => chunks.push(chunk));
		socket.on('error', reject);
		socket.on('close', () => {
			const text = Buffer.concat(chunks).toString('latin1');
			const end = text.indexOf('\r\n\r\n');
			const lines = text.slice(0, end).split('\r\n');
			const headers = {};
			for (const line of lines.slice(1)) {
				const colon = line.indexOf(':');
				headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
			}
			resolve({
				status: Number(lines[0].split(' ')[1]),
				headers,
				body: end < 0 ? '' : text.slice(end + 4),
			});
		});
	});
}

/* Every file under dir, as paths relative to it. */
export async function siteFiles(dir) {
	const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
	return entries.filter(e => e.isFile())
		.map(e => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)));
}
