/*
 * Prepbook: highlights, in the table of contents, the section being read:
 * the last heading that has scrolled above the top bar, or, at the very
 * end of the page, where the last sections cannot scroll that far, the
 * one the reader followed a link to (else the last).  Only a visual aid
 * (a class, not aria-current), so screen readers are not told about every
 * scroll.  Without this script the table of contents is a plain list of
 * links.
 */
(function () {
	"use strict";

	function setup() {
		var toc = document.querySelector(".toc");
		var bar = document.querySelector(".topbar");
		var entries = [];
		var current = null;
		var pending = false;

		if (!toc)
			return;
		Array.prototype.forEach.call(toc.querySelectorAll('a[href^="#"]'),
			function (link) {
				var id = decodeURIComponent(link.hash.slice(1));
				var heading = document.getElementById(id);
				if (heading)
					entries.push({ link: link, heading: heading });
			});
		if (entries.length === 0)
			return;

		/* At the bottom, the entry whose heading the address names, if
		 * it is on screen; else the last entry on screen. */
		function atEnd() {
			var hash = decodeURIComponent(location.hash.slice(1));
			var last = null;
			for (var i = 0; i < entries.length; i++) {
				var top = entries[i].heading.getBoundingClientRect().top;
				if (top < 0 || top > window.innerHeight)
					continue;
				if (entries[i].heading.id === hash)
					return entries[i];
				last = entries[i];
			}
			return last;
		}
		function update() {
			var line = (bar ? bar.offsetHeight : 0) + 24;
			var bottom = window.innerHeight + window.scrollY >=
				document.documentElement.scrollHeight - 2;
			var found = null;
			pending = false;
			for (var i = 0; i < entries.length; i++) {
				if (entries[i].heading.getBoundingClientRect().top > line)
					break;
				found = entries[i];
			}
			if (bottom && window.scrollY > 0)
				found = atEnd() || found;
			if (found === current)
				return;
			if (current)
				current.link.classList.remove("is-current");
			if (found)
				found.link.classList.add("is-current");
			current = found;
		}
		function schedule() {
			if (!pending) {
				pending = true;
				window.requestAnimationFrame(update);
			}
		}
		window.addEventListener("scroll", schedule, { passive: true });
		window.addEventListener("resize", schedule);
		window.addEventListener("hashchange", schedule);
		update();
	}

	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", setup);
	else
		setup();
})();
