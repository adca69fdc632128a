-- Twenty string keys walked with next, as `for k, v in next, t` and by
-- hand, then with pairs: plain Lua's order would change with the hash
-- seed of each Lua state.
local names = { "storage", "compute", "egress", "ingress", "backup",
	"support", "licences", "network", "dns", "cdn", "queue", "cache",
	"search", "logging", "metrics", "tracing", "secrets", "identity",
	"billing", "training" }

return {
	render = function()
		local t = {}
		for i, name in ipairs(names) do
			t[name] = i
		end
		local by_for, by_hand, by_pairs = {}, {}, {}
		for k, v in next, t do
			by_for[#by_for + 1] = k .. "=" .. v
		end
		local k = next(t)
		while k ~= nil do
			by_hand[#by_hand + 1] = k
			t[k] = nil -- clearing fields while walking is allowed
			k = next(t, k)
		end
		for i, name in ipairs(names) do
			t[name] = i
		end
		for key in pairs(t) do
			by_pairs[#by_pairs + 1] = key
		end
		local mixed = {}
		for key in next, { 3, 1, x = 1, [2.5] = 1, [true] = 1, a = 1, [false] = 1 } do
			mixed[#mixed + 1] = tostring(key)
		end
		return table.concat({
			table.concat(by_for, ","),
			table.concat(by_hand, ","),
			tostring(table.concat(by_pairs, ",") == table.concat(by_hand, ",")),
			tostring(next(t)),
			table.concat(mixed, ","),
			tostring(next({})), tostring(next({}, nil)),
			tostring(next(t, "nonexistent")),
			tostring(next(t, "zzz")),
		}, "|")
	end,
}
