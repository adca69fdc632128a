/*
 * Prepbook: the navigation sidebar.
 *
 * - On narrow screens the menu button opens the sidebar as a drawer over
 *   the page; Escape, a click outside or moving focus out closes it.
 * - Every part gets a button that unfolds or folds its list of pages.  A
 *   page carries only its own part's list; the others come from the
 *   site's nav-tree.js (one file for the whole handbook, a script so it
 *   loads from disk too), which is loaded after the page has rendered.
 *   When the sidebar is complete it gets a data-nav-ready attribute.
 *
 * Without scripts the page still works: on narrow screens the sidebar sits
 * above the page, and the current part is unfolded.  With them, the CSS
 * hides the sidebar behind the menu button by the "scripting" media
 * feature, so this file loads with defer and never blocks the first
 * paint.
 */
(function () {
	"use strict";

	var root = document.documentElement;

	var chevron = '<svg class="icon" viewBox="0 0 24 24" width="16" ' +
		'height="16" aria-hidden="true" focusable="false">' +
		'<path d="M9 6l6 6-6 6"/></svg>';

	function setupMenu(sidebar) {
		var button = document.querySelector(".menu-button");
		var wide = window.matchMedia("(min-width: 52rem)");

		if (!button)
			return;
		function isOpen() {
			return root.classList.contains("nav-open");
		}
		function set(open) {
			root.classList.toggle("nav-open", open);
			button.setAttribute("aria-expanded", open ? "true" : "false");
		}
		button.addEventListener("click", function () {
			set(!isOpen());
			if (isOpen()) {
				var target = sidebar.querySelector("[aria-current]") ||
					sidebar.querySelector("a");
				if (target)
					target.focus();
			}
		});
		document.addEventListener("keydown", function (event) {
			if (event.key === "Escape" && isOpen()) {
				set(false);
				button.focus();
			}
		});
		document.addEventListener("click", function (event) {
			if (isOpen() && !sidebar.contains(event.target) &&
			    !button.contains(event.target))
				set(false);
		});
		sidebar.addEventListener("focusout", function (event) {
			var to = event.relatedTarget;
			if (isOpen() && to && !sidebar.contains(to) && to !== button)
				set(false);
		});
		/* The drawer has no meaning in the wide layout: close it there so
		 * it is not found open when the window narrows again. */
		wide.addEventListener("change", function () {
			if (wide.matches)
				set(false);
		});
	}

	function setupPart(part, index) {
		var list = part.querySelector(".nav-pages");
		var link = part.querySelector(":scope > a");
		var head, button;

		if (!link || !list || !list.querySelector("li"))
			return;
		head = document.createElement("div");
		head.className = "nav-head";
		part.insertBefore(head, link);
		head.appendChild(link);
		if (!list.id)
			list.id = "pb-nav-part-" + (index + 1);
		button = document.createElement("button");
		button.type = "button";
		button.className = "nav-expand";
		button.innerHTML = chevron;
		button.setAttribute("aria-controls", list.id);
		button.setAttribute("aria-label", "Pages of " +
			(link ? link.textContent.trim() : "this part"));
		button.setAttribute("aria-expanded",
			part.classList.contains("is-open") ? "true" : "false");
		button.addEventListener("click", function () {
			var open = !part.classList.contains("is-open");
			part.classList.toggle("is-open", open);
			button.setAttribute("aria-expanded", open ? "true" : "false");
		});
		head.appendChild(button);
	}

	/* A part's key in the tree: the site path of its landing page, read
	 * from its link (the page carries no more than that). */
	function keyOf(part, base) {
		var link = part.querySelector(":scope > a, :scope > .nav-head > a");
		var href = link ? link.href : "";

		return href.indexOf(base) === 0 ? href.slice(base.length) : "";
	}

	/* Fills a folded part's list from the tree: its pages' titles and
	 * site paths, made relative to this page by the sidebar's root. */
	function fillPart(part, tree, root, base) {
		var pages = tree[keyOf(part, base)];
		var list;

		if (!pages || !pages.length || part.querySelector(".nav-pages"))
			return;
		list = document.createElement("ul");
		list.className = "nav-pages";
		pages.forEach(function (entry) {
			var item = document.createElement("li");
			var link = document.createElement("a");
			link.href = root + entry[1];
			link.textContent = entry[0];
			item.appendChild(link);
			list.appendChild(item);
		});
		part.appendChild(list);
	}

	function loadTree(sidebar, done) {
		var root = sidebar.getAttribute("data-root") || "";
		var script;

		if (!sidebar.querySelector(".nav-part:not(.is-open)")) {
			done();
			return;
		}
		script = document.createElement("script");
		script.src = root + "nav-tree.js";
		script.onload = function () {
			var tree = window.prepbookNavTree || {};
			var base = new URL(root || "./", document.baseURI).href;
			Array.prototype.forEach.call(
				sidebar.querySelectorAll(".nav-part"),
				function (part) { fillPart(part, tree, root, base); });
			done();
		};
		script.onerror = done;
		document.head.appendChild(script);
	}

	/* In the wide layout the sidebar scrolls on its own: bring the
	 * current page into its view if it is below the fold. */
	function revealCurrent(sidebar) {
		var current = sidebar.querySelector("[aria-current]");
		if (!current || sidebar.scrollHeight <= sidebar.clientHeight)
			return;
		var top = current.getBoundingClientRect().top -
			sidebar.getBoundingClientRect().top;
		if (top > sidebar.clientHeight * 0.75)
			sidebar.scrollTop += top - sidebar.clientHeight / 3;
	}

	/* The left and right arrow keys go to the previous and next page, as
	 * in mdBook, unless the reader is typing, a modifier is held, or the
	 * focus is on something that scrolls sideways (a wide code block or
	 * table that overflow.js made reachable by keyboard). */
	function setupKeys() {
		document.addEventListener("keydown", function (event) {
			var target = event.target;
			var link;

			if (event.defaultPrevented || event.altKey || event.ctrlKey ||
			    event.metaKey || event.shiftKey)
				return;
			if (event.key !== "ArrowLeft" && event.key !== "ArrowRight")
				return;
			if (target && (target.isContentEditable ||
			    /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) ||
			    (target.scrollWidth > target.clientWidth &&
			     target !== document.body &&
			     target !== document.documentElement)))
				return;
			link = document.querySelector(event.key === "ArrowLeft"
				? 'a[rel="prev"]' : 'a[rel="next"]');
			if (link) {
				event.preventDefault();
				window.location.href = link.href;
			}
		});
	}

	function setup() {
		var sidebar = document.getElementById("pb-sidebar");
		setupKeys();
		if (!sidebar)
			return;
		setupMenu(sidebar);
		revealCurrent(sidebar);
		loadTree(sidebar, function () {
			Array.prototype.forEach.call(
				sidebar.querySelectorAll(".nav-part"), setupPart);
			sidebar.setAttribute("data-nav-ready", "");
		});
	}

	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", setup);
	else
		setup();
})();
