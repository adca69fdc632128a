-- ctx.record, ctx.index and prepbook.hash: records args.fields (at the
-- field args.at of args.fields, when given), then fails when args.fail;
-- args.mode tries what a record refuses.
local modes = {
	twice = function(ctx) ctx.record({}) ctx.record({}) end,
	list = function(ctx) ctx.record({ "a" }) end,
	many = function(ctx)
		local t = {}
		for i = 1, 33 do
			t["f" .. i] = i
		end
		ctx.record(t)
	end,
	long = function(ctx) ctx.record({ text = string.rep("x", 9000) }) end,
	nan = function(ctx) ctx.record({ n = 0 / 0 }) end,
	kind = function(ctx) ctx.record({ kind = 3 }) end,
}

return {
	render = function(args, ctx)
		if args.mode then
			modes[args.mode](ctx)
		else
			ctx.record(args.fields or {}, args.at and args.fields, args.at)
		end
		if args.fail then
			prepbook.error("failed after recording")
		end
		return ctx.index .. " " .. prepbook.hash(args.hash or "")
	end,
}
