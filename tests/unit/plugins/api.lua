-- The prepbook API table.
return {
	render = function(args)
		return table.concat({
			prepbook.escape([[<a href="x">'&']]),
			prepbook.markdown(args.md),
			prepbook.slug(args.heading),
			tostring(prepbook.null),
		}, "|")
	end,
}
