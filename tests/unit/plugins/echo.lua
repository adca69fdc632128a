-- Escapes its text argument: the smallest useful plugin.
return {
	render = function(args)
		return prepbook.escape(args.text)
	end,
}
