/*
 * checklist.js: keeps the ticks of the checklists plugins/checklist.lua
 * wrote.  Each <section data-checklist data-store="key"> lists items
 * (data-key: a hash of the item's text) with a checkbox each.  Without
 * this script the boxes can be ticked but are forgotten on leaving the
 * page; with it, each tick is saved in this browser (progress.js) at
 * once, restored on the next visit, and counted ("4 of 12 done") in a
 * polite live region.  A saved tick whose item was reworded or removed
 * no longer matches any key and is ignored.
 */
(function () {
	'use strict';

	const store = window.prepbookProgress;

	function setup(section) {
		const key = section.getAttribute('data-store');
		const count = section.querySelector('.checklist-count');
		const items = Array.from(section.querySelectorAll('[data-key]'))
			.map(li => ({ key: li.getAttribute('data-key'),
				box: li.querySelector('input[type="checkbox"]') }))
			.filter(item => item.box);
		const data = store ? store.load(key) : null;

		function show() {
			const done = items.filter(item => item.box.checked).length;
			count.textContent = `${done} of ${items.length} done`;
		}
		items.forEach(item => {
			item.box.checked = store ? store.itemDone(data, item.key) : false;
		});
		section.addEventListener('change', () => {
			const done = {};
			items.forEach(item => {
				if (item.box.checked)
					done[item.key] = true;
			});
			if (store)
				store.save(key, { done });
			show();
		});
		show();
		count.hidden = false;
		section.setAttribute('data-live', '');
	}

	function init() {
		document.querySelectorAll('section[data-checklist]').forEach(section => {
			try {
				setup(section);
			} catch (e) {
				/* The list still works as plain checkboxes. */
			}
		});
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', init);
	else
		init();
})();
