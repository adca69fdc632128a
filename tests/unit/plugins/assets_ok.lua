return {
	assets = { "one.css", "sub/two.js" },
	render = function() return "" end,
}
