/*
 * Prepbook: reading offline.  Over http(s) this registers the site's
 * service worker (sw.js at the site's root, named by this script's
 * data-sw attribute), which keeps a copy of every file of the site.
 * When the site has changed, the new version is fetched in the
 * background and this script offers it with a notice; the page never
 * changes under a reader until they choose to reload.  Opened from disk
 * (file://) the script does nothing: browsers run no worker there, and
 * the files are on the disk already.
 */
(function () {
	"use strict";

	var script = document.currentScript;
	var sw = navigator.serviceWorker;
	if (!sw || !script || !/^https?:$/.test(location.protocol))
		return;
	var reloading = false;

	/* A notice with a Reload button, when a new version waits and this
	 * page is run by the old one. */
	function offer(registration) {
		if (!registration.waiting || !sw.controller ||
		    document.querySelector(".update-notice"))
			return;
		var notice = document.createElement("div");
		var text = document.createElement("span");
		var button = document.createElement("button");
		notice.className = "update-notice";
		notice.setAttribute("role", "status");
		text.textContent = "A new version of this handbook is available.";
		button.type = "button";
		button.textContent = "Reload";
		button.addEventListener("click", function () {
			reloading = true;
			if (registration.waiting)
				registration.waiting.postMessage("skip-waiting");
			else
				location.reload();
		});
		notice.appendChild(text);
		notice.appendChild(document.createTextNode(" "));
		notice.appendChild(button);
		document.body.appendChild(notice);
	}

	sw.addEventListener("controllerchange", function () {
		if (reloading)
			location.reload();
	});
	sw.register(script.getAttribute("data-sw")).then(function (registration) {
		offer(registration);
		registration.addEventListener("updatefound", function () {
			var worker = registration.installing;
			if (worker)
				worker.addEventListener("statechange", function () {
					if (worker.state === "installed")
						offer(registration);
				});
		});
	}).catch(function () {});
})();
