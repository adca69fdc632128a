-- The well-behaved plugin each hostile test renders afterwards, to show
-- the runtime survived.
return {
	render = function(args)
		return "<p>" .. prepbook.escape(args.text or "ok") .. ("!"):rep(2) ..
			string.upper("x") .. ("y"):upper() .. #tostring(math.pi) .. "</p>"
	end,
}
