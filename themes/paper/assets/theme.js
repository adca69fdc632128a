/*
 * Prepbook: the reader's colour scheme (light, dark, or the system's).
 *
 * Loaded without defer as the first child of <body>, so the stored choice
 * is on <html> (data-theme) before anything below it is painted: the page
 * never flashes in the wrong colours.  A script in <head> would block
 * rendering, and an inline one would break the Content-Security-Policy.
 * The CSS keys its dark colours on the attribute and, when it is absent,
 * on prefers-color-scheme.  Then the top bar's button cycles system →
 * light → dark; its name says the current state.  localStorage works from
 * disk too; without it the choice lasts for the page.
 */
(function () {
	"use strict";

	var root = document.documentElement;
	var key = "prepbook:theme";
	var states = ["system", "light", "dark"];
	var state;

	function stored() {
		var value = null;
		try {
			value = window.localStorage.getItem(key);
		} catch (e) {
			/* Storage refused (a privacy setting): system. */
		}
		return states.indexOf(value) > 0 ? value : "system";
	}

	function apply(next) {
		state = next;
		if (state === "system")
			root.removeAttribute("data-theme");
		else
			root.setAttribute("data-theme", state);
		Array.prototype.forEach.call(
			document.querySelectorAll(".theme-state"), function (label) {
				label.textContent = state;
			});
	}

	function setup() {
		var button = document.querySelector(".theme-button");

		if (!button)
			return;
		apply(state);
		button.hidden = false;
		button.addEventListener("click", function () {
			apply(states[(states.indexOf(state) + 1) % states.length]);
			try {
				window.localStorage.setItem(key, state);
			} catch (e) {
				/* Kept for this page only. */
			}
		});
	}

	apply(stored());
	document.addEventListener("DOMContentLoaded", setup);
	/* A page restored from the back-forward cache, or another tab, may
	 * have an older choice. */
	window.addEventListener("pageshow", function () {
		apply(stored());
	});
	window.addEventListener("storage", function (event) {
		if (event.key === key)
			apply(stored());
	});
})();
