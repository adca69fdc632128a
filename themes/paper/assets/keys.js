/*
 * Paper theme: ← and → go to the previous and next page (the pager's
 * rel="prev" and rel="next" links), unless the reader is typing, holds a
 * modifier, or is on something that scrolls sideways.
 */
(function () {
	"use strict";

	document.addEventListener("keydown", function (event) {
		var target = event.target;
		var link;

		if (event.defaultPrevented || event.altKey || event.ctrlKey ||
		    event.metaKey || event.shiftKey ||
		    (event.key !== "ArrowLeft" && event.key !== "ArrowRight"))
			return;
		if (target.isContentEditable ||
		    /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) ||
		    (target.scrollWidth > target.clientWidth &&
		     target !== document.body && target !== document.documentElement))
			return;
		link = document.querySelector(event.key === "ArrowLeft" ?
			'a[rel="prev"]' : 'a[rel="next"]');
		if (link) {
			event.preventDefault();
			window.location.href = link.href;
		}
	});
})();
