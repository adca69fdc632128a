/*
 * Prepbook: highlights, in the table of contents, the section being read:
 * the last heading that has scrolled above the top bar.  Only a visual aid
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

		function update() {
			var line = (bar ? bar.offsetHeight : 0) + 24;
			var found = null;
			pending = false;
			for (var i = 0; i < entries.length; i++) {
				if (entries[i].heading.getBoundingClientRect().top > line)
					break;
				found = entries[i];
			}
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
		update();
	}

	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", setup);
	else
		setup();
})();
