/*
 * Prepbook: a Copy button on every code block.  The script wraps each
 * block in a box that holds the button (the block itself scrolls
 * sideways, the button must not), so without it the page is unchanged.
 * The button is a real <button>, reached with Tab and pressed with Enter
 * or Space; what happened is said in its label and in a polite live
 * region.  The clipboard API needs a secure context, which a page opened
 * from disk is in Chromium; elsewhere the older copy command serves.
 */
(function () {
	"use strict";

	function copyText(text) {
		if (navigator.clipboard && window.isSecureContext)
			return navigator.clipboard.writeText(text);
		return new Promise(function (resolve, reject) {
			var area = document.createElement("textarea");
			area.value = text;
			area.setAttribute("readonly", "");
			area.style.position = "fixed";
			area.style.opacity = "0";
			document.body.appendChild(area);
			area.select();
			var done = document.execCommand("copy");
			document.body.removeChild(area);
			if (done)
				resolve();
			else
				reject(new Error("copy refused"));
		});
	}

	function addButton(pre, status) {
		var code = pre.querySelector("code") || pre;
		var box = document.createElement("div");
		var button = document.createElement("button");

		box.className = "code-block";
		pre.parentNode.insertBefore(box, pre);
		box.appendChild(pre);
		button.type = "button";
		button.className = "copy-button";
		button.textContent = "Copy";
		button.setAttribute("aria-label", "Copy code");
		button.addEventListener("click", function () {
			copyText(code.textContent).then(function () {
				button.textContent = "Copied";
				status.textContent = "Code copied";
			}, function () {
				button.textContent = "Copy failed";
				status.textContent = "The code could not be copied";
			});
			window.setTimeout(function () {
				button.textContent = "Copy";
			}, 2000);
		});
		box.appendChild(button);
	}

	function setup() {
		var blocks = document.querySelectorAll(".content pre");
		var status;

		if (blocks.length === 0)
			return;
		status = document.createElement("p");
		status.className = "visually-hidden";
		status.setAttribute("role", "status");
		document.body.appendChild(status);
		Array.prototype.forEach.call(blocks, function (pre) {
			addButton(pre, status);
		});
	}

	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", setup);
	else
		setup();
})();
