/*
 * Prepbook: the default theme's service worker.  The build writes it to
 * the site's root as sw.js, after a header that sets
 * self.PREPBOOK_VERSION (a hash of every file of the site) and
 * self.PREPBOOK_FILES (each file's path and a hash of its bytes).
 *
 * - Install: every file goes into a cache named by the scope and the
 *   version; a file whose hash the previous version's cache already has
 *   is copied from there, the rest are fetched.  One failure fails the
 *   install, and the reader stays on the version they have: a version is
 *   never half-applied.
 * - A new version waits until a page asks it to take over (the reader
 *   pressed Reload on offline.js's notice); then the old caches of this
 *   scope are deleted.
 * - Pages: the network first, the cache when offline.  A page whose
 *   network copy differs from this version's copy means the site was
 *   published again: the reader keeps this version's page (the rest of
 *   what they see is this version's too) and the new version is fetched
 *   in the background, to be offered.
 * - Everything else: the cache first.  Only successful same-origin
 *   responses are stored.
 */
"use strict";

var SCOPE = self.registration.scope;
var PREFIX = "prepbook:" + SCOPE + ":";
var NAME = PREFIX + self.PREPBOOK_VERSION;
var REVISIONS = new URL(".prepbook-revisions", SCOPE).href;
var PARALLEL = 6;

function full(path) {
	return new URL(path, SCOPE).href;
}

/* The caches of this scope's other versions, newest last. */
async function olderCaches() {
	var names = await caches.keys();
	return names.filter(function (n) { return n.startsWith(PREFIX) && n !== NAME; });
}

/* What an older cache holds: path -> hash, read from its revisions. */
async function previous() {
	var found = { cache: null, revisions: {} };
	for (var name of await olderCaches()) {
		var cache = await caches.open(name);
		var r = await cache.match(REVISIONS);
		if (r) {
			found = { cache: cache, revisions: await r.json() };
		}
	}
	return found;
}

async function store(cache, old, entry) {
	var url = full(entry[0]);
	if (old.cache && old.revisions[entry[0]] === entry[1]) {
		var kept = await old.cache.match(url);
		if (kept)
			return cache.put(url, kept);
	}
	var response = await fetch(new Request(url, { cache: "reload" }));
	if (!response.ok)
		throw new Error(entry[0] + ": " + response.status);
	return cache.put(url, response);
}

async function precache() {
	var cache = await caches.open(NAME);
	var old = await previous();
	var queue = self.PREPBOOK_FILES.slice();
	var revisions = {};
	self.PREPBOOK_FILES.forEach(function (e) { revisions[e[0]] = e[1]; });
	async function worker() {
		while (queue.length)
			await store(cache, old, queue.shift());
	}
	try {
		var workers = [];
		for (var i = 0; i < PARALLEL; i++)
			workers.push(worker());
		await Promise.all(workers);
		await cache.put(REVISIONS, new Response(JSON.stringify(revisions)));
	} catch (error) {
		await caches.delete(NAME);
		throw error;
	}
}

self.addEventListener("install", function (event) {
	event.waitUntil(precache());
});

self.addEventListener("message", function (event) {
	if (event.data === "skip-waiting")
		self.skipWaiting();
});

self.addEventListener("activate", function (event) {
	event.waitUntil(olderCaches().then(function (names) {
		return Promise.all(names.map(function (n) { return caches.delete(n); }));
	}).then(function () {
		return self.clients.claim();
	}));
});

/* The cache's key for a URL: a folder's index.html, no query. */
function key(url) {
	var u = new URL(url);
	u.search = "";
	u.hash = "";
	if (u.pathname.endsWith("/"))
		u.pathname += "index.html";
	return u.href;
}

async function sameBytes(a, b) {
	var x = new Uint8Array(await a.arrayBuffer());
	var y = new Uint8Array(await b.arrayBuffer());
	if (x.length !== y.length)
		return false;
	for (var i = 0; i < x.length; i++)
		if (x[i] !== y[i])
			return false;
	return true;
}

function storable(response) {
	return response.ok && response.type === "basic";
}

async function page(request) {
	var cache = await caches.open(NAME);
	var cached = await cache.match(key(request.url));
	var response;
	try {
		response = await fetch(request);
	} catch (error) {
		return cached || (await cache.match(full("404.html"))) || Response.error();
	}
	if (!cached) {
		if (storable(response))
			await cache.put(key(request.url), response.clone());
		return response;
	}
	if (response.ok && await sameBytes(response.clone(), cached.clone()))
		return response;
	self.registration.update().catch(function () {});
	return cached;
}

async function asset(request) {
	var cache = await caches.open(NAME);
	var cached = await cache.match(key(request.url));
	if (cached)
		return cached;
	var response = await fetch(request);
	if (storable(response))
		await cache.put(key(request.url), response.clone());
	return response;
}

self.addEventListener("fetch", function (event) {
	var request = event.request;
	var url = new URL(request.url);
	if (request.method !== "GET" || url.origin !== location.origin ||
	    !request.url.startsWith(SCOPE))
		return;
	var isPage = request.mode === "navigate" || url.pathname.endsWith(".html") ||
		url.pathname.endsWith("/");
	event.respondWith(isPage ? page(request) : asset(request));
});
