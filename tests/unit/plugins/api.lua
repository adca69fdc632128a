-- The prepbook API table.
return {
	render = function(args)
		return table.concat({
			prepbook.escape([[<a href="x">'&']]),
			prepbook.markdown(args.md),
			prepbook.slug(args.heading),
			tostring(prepbook.null),
			prepbook.json_string('a"b\\c\n\t\r\b\f\1\127</script>&é'),
		}, "|")
	end,
}
