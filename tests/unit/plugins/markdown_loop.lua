-- Renders the same text again and again, catching every error: text with
-- problems must stop the block, not fill the page's diagnostics.
return {
	render = function(args)
		local calls = 0
		for _ = 1, (args.times or 1000000) do
			pcall(prepbook.markdown, args.text)
			calls = calls + 1
		end
		return tostring(calls)
	end,
}
