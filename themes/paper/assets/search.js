/*
 * Prepbook: the search box in the top bar.
 *
 * The box is in every page's HTML but hidden; this script shows it.  On
 * first use (focus, or "/") it loads search-engine.js and the site's
 * search-index.js, then for each query the term shards its words live in,
 * and for each result shown the small file with its section's text, for
 * the snippet.  Everything is a script added to the page, so search works
 * from disk too, where scripts cannot fetch files.
 *
 * Keys: "/" focuses the box; the arrows move between the box and the
 * results; Enter opens the result that has focus (from the box, the
 * first); Escape closes the results.
 */
(function () {
	"use strict";

	var form = document.querySelector("[data-search]");
	if (!form)
		return;
	var root = form.getAttribute("data-search-root") || "";
	var input = form.querySelector("input");
	var panel = form.querySelector(".search-panel");
	var status = form.querySelector(".search-status");
	var list = form.querySelector(".search-results");
	var SHOWN = 8;
	var data = { index: null, shards: {}, texts: {} };
	var loads = {};
	var ready = null;

	window.prepbookSearch = {
		index: function (index) { data.index = index; },
		terms: function (n, terms) { data.shards[n] = terms; },
		text: function (url, k, sections) { data.texts[url + "#" + k] = sections; },
	};

	function load(src) {
		if (!loads[src])
			loads[src] = new Promise(function (resolve, reject) {
				var script = document.createElement("script");
				script.src = root + src;
				script.onload = resolve;
				script.onerror = function () {
					delete loads[src];
					script.remove();
					reject(new Error("cannot load " + src));
				};
				document.head.appendChild(script);
			});
		return loads[src];
	}

	function start() {
		if (!ready)
			ready = Promise.all([load("assets/search-engine.js"),
				load("search-index.js")]).then(function () {
				window.prepbookSearchEngine.prepare(data.index);
			});
		ready.catch(function () { ready = null; });
		return ready;
	}

	function setOpen(open) {
		panel.hidden = !open;
	}

	function links() {
		return Array.prototype.slice.call(list.querySelectorAll("a"));
	}

	function span(className, text) {
		var el = document.createElement("span");
		el.className = className;
		el.textContent = text;
		return el;
	}

	/* Fills a result in once its section's text has loaded. */
	function fill(a, page, place, query) {
		load(place.file).then(function () {
			var section = data.texts[place.key][place.offset];
			var snippet = a.querySelector(".search-snippet");
			if (section[0]) {
				a.href = root + page[0] + "#" + section[0];
				a.querySelector(".search-heading").textContent = section[1];
			}
			window.prepbookSearchEngine.snippet(section[2], query).forEach(function (p) {
				var el = document.createElement(p.mark ? "mark" : "span");
				el.textContent = p.text;
				snippet.appendChild(el);
			});
		}).catch(function () {});
	}

	function show(query, results) {
		var engine = window.prepbookSearchEngine;
		list.textContent = "";
		status.textContent = results.length === 0 ? "No results" :
			results.length === 1 ? "1 result" : results.length + " results" +
			(results.length > SHOWN ? ", the first " + SHOWN + " shown" : "");
		results.slice(0, SHOWN).forEach(function (r) {
			var page = data.index.pages[r.page];
			var li = document.createElement("li");
			var a = document.createElement("a");
			a.className = "search-result";
			a.href = root + page[0];
			a.appendChild(span("search-title", page[1]));
			if (page[2] >= 0)
				a.appendChild(span("search-part", data.index.parts[page[2]]));
			a.appendChild(span("search-heading", ""));
			a.appendChild(span("search-snippet", ""));
			li.appendChild(a);
			list.appendChild(li);
			fill(a, page, engine.locate(data.index, r.section), query);
		});
		setOpen(true);
	}

	function search() {
		var text = input.value;
		if (text.trim() === "") {
			setOpen(false);
			return;
		}
		start().then(function () {
			var engine = window.prepbookSearchEngine;
			var query = engine.words(text);
			var shards = {};
			query.forEach(function (w) {
				shards[engine.shardOf(w.term, data.index.shards)] = true;
			});
			return Promise.all(Object.keys(shards).map(function (n) {
				return load("search-index/terms/" + n + ".js");
			})).then(function () {
				if (input.value === text)
					show(query, engine.rank(data.index, data.shards, query));
			});
		}).catch(function () {
			list.textContent = "";
			status.textContent = "Search could not load its index.";
			setOpen(true);
		});
	}

	function move(from, step) {
		var all = links(), at = all.indexOf(from) + step;
		if (at < 0)
			input.focus();
		else if (at < all.length)
			all[at].focus();
	}

	form.hidden = false;
	input.addEventListener("focus", start);
	input.addEventListener("input", search);
	form.addEventListener("submit", function (event) {
		event.preventDefault();
		var first = links()[0];
		if (first)
			first.click();
	});
	form.addEventListener("keydown", function (event) {
		var inList = event.target !== input;
		if (event.key === "ArrowDown" || event.key === "ArrowUp") {
			if (panel.hidden)
				return;
			event.preventDefault();
			move(inList ? event.target : null, event.key === "ArrowDown" ? 1 : -1);
		} else if (event.key === "Escape" && !panel.hidden) {
			event.preventDefault();
			setOpen(false);
			input.focus();
		}
	});
	document.addEventListener("keydown", function (event) {
		var t = event.target;
		if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey ||
		    t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))
			return;
		event.preventDefault();
		input.focus();
	});
	document.addEventListener("click", function (event) {
		if (!form.contains(event.target))
			setOpen(false);
	});
	input.addEventListener("focus", function () {
		if (input.value.trim() && list.children.length)
			setOpen(true);
	});
})();
