-- A plugin an author drops in: a heading-like banner with inline Markdown.
local function render(args, ctx)
	if type(args.text) ~= "string" then
		prepbook.error("'text' is required")
	end
	local id = ctx.unique_id("shout")
	return string.format('<p class="shout" id="%s" data-page="%s">%s</p>\n',
		id, prepbook.escape(ctx.page.title), prepbook.markdown(args.text))
end

return { render = render, assets = { "shout.css" } }
