local function down(n)
	return down(n + 1) + 1
end

return {
	render = function()
		return down(1)
	end,
}
