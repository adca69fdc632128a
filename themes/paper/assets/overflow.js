/*
 * Prepbook: lets the keyboard scroll what scrolls.  A code block or table
 * wider than the text column scrolls sideways inside it; a mouse or a
 * finger can do that, a keyboard only once the box can take focus.  So each
 * box that overflows gets tabindex="0" (and loses it when a wider window
 * makes it fit).  The attribute is only added by this script, so without
 * it the page has no stray focus stops.
 */
(function () {
	"use strict";

	var selector = ".content pre, .content table";

	function update() {
		Array.prototype.forEach.call(document.querySelectorAll(selector),
			function (box) {
				var overflows = box.scrollWidth > box.clientWidth + 1;
				if (overflows && !box.hasAttribute("tabindex")) {
					box.setAttribute("tabindex", "0");
					box.setAttribute("data-scrolls", "");
				} else if (!overflows && box.hasAttribute("data-scrolls")) {
					box.removeAttribute("tabindex");
					box.removeAttribute("data-scrolls");
				}
			});
	}

	var pending = null;
	function schedule() {
		if (pending === null)
			pending = window.setTimeout(function () {
				pending = null;
				update();
			}, 150);
	}

	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", update);
	else
		update();
	window.addEventListener("resize", schedule);
	window.addEventListener("load", update);
})();
