-- Renders text with a broken link again and again, swallowing each error:
-- the block stops at the first, and the build reports that one only.
return {
	render = function(args, ctx)
		while true do
			pcall(prepbook.markdown, args.text)
		end
	end,
}
