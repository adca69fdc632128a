--[[
calculator: live cost calculators.

A ```calculator block describes inputs and outputs whose formulas use the
inputs; this plugin checks the block, compiles each formula to a small JSON
expression tree, computes every output for the default inputs, and writes
the finished HTML (numbers filled in, chart drawn), so the page reads right
without JavaScript.  plugins/assets/calculator.js evaluates the same trees
in the browser as the reader types.

The two sides must agree to the byte: a number computed here and the same
number computed by the script must print the same text, or the page would
change when the script starts.  So everything that decides a printed number
is specified once (docs/calculator.md, "Arithmetic and formatting") and
written twice, here and in calculator.js, with the same steps in the same
order:
- all arithmetic is in IEEE doubles (Lua's integer subtype never enters an
  evaluation: its overflow wraps and its division differs);
- functions that hosts implement differently (pow, rounding, min/max with
  NaN) are built from + - * / and floor, which are exact and identical in
  both;
- formatting works on the shortest decimal string that reads back as the
  number (JavaScript's Number#toString), never on printf or toFixed, whose
  tie rounding differs.
]]

local api = prepbook

local INF = math.huge
local NAN = -(INF - INF)
local NEG_ZERO = -(0.0)
local MINUS = "\u{2212}"
local DASH = "\u{2014}"
local NBSP = "\u{A0}"

-- ---------------------------------------------------------------------
-- Errors
-- ---------------------------------------------------------------------

-- Reports the first problem of a block and stops it: one clear message is
-- worth more than a cascade that the first mistake caused.  The message
-- points at the field t[key] of the block (a key of a map, an item of a
-- list; t alone: where t starts; nil: the block), so the author goes
-- straight to the line.
local function fail(t, key, fmt, ...)
	api.error(string.format(fmt, ...), t, key)
	error("calculator: prepbook.error returned", 0)
end

local function quote(s)
	return "'" .. tostring(s) .. "'"
end

-- A "did you mean" hint, by the project's one rule (prepbook.nearest).
local function hint(name, candidates)
	local best = api.nearest(name, candidates)
	if best then
		return " (did you mean " .. quote(best) .. "?)"
	end
	return ""
end

-- A hint, or else the list of what is allowed: for closed sets of words.
local function choices(name, candidates)
	local h = hint(tostring(name), candidates)
	if h ~= "" then
		return h
	end
	local n = #candidates
	return " (expected " .. table.concat(candidates, ", ", 1, n - 1) .. " or "
		.. candidates[n] .. ")"
end

-- ---------------------------------------------------------------------
-- Numbers: the evaluation semantics shared with calculator.js
-- ---------------------------------------------------------------------

local function is_finite(x)
	return x == x and x ~= INF and x ~= -INF
end

-- math.floor returns an integer when the result fits one; evaluation must
-- stay in floats, and keep the sign of zero as JavaScript's Math.floor does.
local function floor(x)
	if not is_finite(x) or x == 0 then
		return x
	end
	return math.floor(x) + 0.0
end

local function ceil(x)
	if not is_finite(x) or x == 0 then
		return x
	end
	local c = math.ceil(x) + 0.0
	if c == 0 and x < 0 then
		return NEG_ZERO
	end
	return c
end

-- TWO[i] = 2^(2^i) and HALF[i] = 2^-(2^i), i = 0..9: scaling by powers of
-- two through these is exact, and identical in both languages.
local TWO, HALF = {}, {}
do
	local t = 2.0
	for i = 0, 9 do
		TWO[i], HALF[i] = t, 1 / t
		t = t * t
	end
end

local DBL_MIN = 2.2250738585072014e-308
local LN2_HI = 6.93147180369123816490e-01
local LN2_LO = 1.90821492927058770002e-10
local INV_LN2 = 1.44269504088896338700e+00
local SQRT2 = 1.4142135623730951

-- x > 0 finite as m * 2^k with m in [1, 2), exactly.
local function split(x)
	local k = 0.0
	if x < DBL_MIN then
		x = x * TWO[4] * TWO[4] * TWO[4] * TWO[2] * TWO[1]
		k = -54.0
	end
	if x >= 2 then
		for i = 9, 0, -1 do
			if x >= TWO[i] then
				x = x * HALF[i]
				k = k + 2.0 ^ i
			end
		end
	else
		for i = 9, 0, -1 do
			if x * TWO[i] < 2 then
				x = x * TWO[i]
				k = k - 2.0 ^ i
			end
		end
	end
	return x, k
end

-- p * 2^k for an integral k.
local function scale(p, k)
	for i = 9, 0, -1 do
		local step = 2.0 ^ i
		while k >= step do
			p = p * TWO[i]
			k = k - step
		end
		while k <= -step do
			p = p * HALF[i]
			k = k + step
		end
	end
	return p
end

-- Natural logarithm: log m = 2 atanh(s), s = (m-1)/(m+1), as a series.
local function log(x)
	if x ~= x or x < 0 then
		return NAN
	elseif x == 0 then
		return -INF
	elseif x == INF then
		return INF
	end
	local m, k = split(x)
	if m > SQRT2 then
		m = m / 2
		k = k + 1
	end
	local f = m - 1
	local s = f / (2 + f)
	local z = s * s
	local p = 0.0
	for i = 25, 3, -2 do
		p = z * (1 / i + p)
	end
	local lm = 2 * s + 2 * s * p
	return k * LN2_HI + (k * LN2_LO + lm)
end

-- e^y: y = k ln 2 + r with |r| <= ln2/2, e^r by its Taylor series.
local function exp(y)
	if y ~= y then
		return NAN
	elseif y > 710 then
		return INF
	elseif y < -746 then
		return 0.0
	end
	local k = floor(y * INV_LN2 + 0.5)
	local r = (y - k * LN2_HI) - k * LN2_LO
	local p = 1.0
	for i = 17, 1, -1 do
		p = 1 + p * r / i
	end
	return scale(p, k)
end

-- a^n for an integral n >= 0, by repeated squaring.
local function pow_int(a, n)
	local result, base = 1.0, a
	while n > 0 do
		local half = floor(n / 2)
		if n - half * 2 == 1 then
			result = result * base
		end
		n = half
		if n > 0 then
			base = base * base
		end
	end
	return result
end

local function pow(a, b)
	if b == 0 then
		return 1.0
	elseif a ~= a or b ~= b then
		return NAN
	elseif b == INF or b == -INF then
		local m = math.abs(a)
		if m == 1 then
			return 1.0
		end
		return ((m > 1) == (b > 0)) and INF or 0.0
	elseif floor(b) == b then
		local r = pow_int(a, math.abs(b))
		if b < 0 then
			return 1 / r
		end
		return r
	elseif a < 0 then
		return NAN
	elseif a == 0 then
		return b > 0 and 0.0 or INF
	elseif a == INF then
		return b > 0 and INF or 0.0
	end
	return exp(b * log(a))
end

-- The shortest decimal digits that read back as x (finite, > 0), as
-- JavaScript's Number#toString chooses them: the fewest digits, then the
-- closest to x, ties to even.  Returns the digits without trailing zeros
-- and the power of ten of the first one.  printf gives the correctly
-- rounded p-digit string; at 16 and 17 digits, next to a power of two, the
-- closest string can miss while its neighbour reads back, so try those too.
local function shortest(x)
	for p = 1, 17 do
		local s = string.format("%." .. (p - 1) .. "e", x)
		local mant, e = s:match("^(%d[.%d]*)e([-+]%d+)$")
		local digits = mant:gsub("%.", "")
		e = math.tointeger(tonumber(e))
		local found
		if tonumber(s) == x then
			found = digits
		elseif p >= 16 then
			local n = math.tointeger(tonumber(digits))
			for _, c in ipairs({ n + 1, n - 1 }) do
				local cs = string.format("%d", c)
				if tonumber(cs .. "e" .. (e - (p - 1))) == x then
					e = e + (#cs - #digits)
					found = cs
					break
				end
			end
		end
		if found then
			return (found:gsub("0+$", "")), e
		end
	end
	error("calculator: no shortest form for " .. string.format("%.17g", x))
end

-- Adds one to a string of decimal digits.
local function increment(digits)
	local i = #digits
	while i > 0 and digits:byte(i) == 57 do
		i = i - 1
	end
	if i == 0 then
		return "1" .. string.rep("0", #digits)
	end
	return digits:sub(1, i - 1) .. string.char(digits:byte(i) + 1)
		.. string.rep("0", #digits - i)
end

-- |x| * 10^(d + shift), rounded half away from zero, as a digit string.
-- The rounding works on the shortest decimal form, so 2.675 rounds to 2.68
-- as a reader expects, not to 2.67 as its binary value would.
local function units(x, d, shift)
	if x == 0 then
		return "0"
	end
	local digits, e = shortest(math.abs(x))
	local keep = e + shift + d + 1
	if keep <= 0 then
		if keep == 0 and digits:byte(1) >= 53 then
			return "1"
		end
		return "0"
	elseif keep >= #digits then
		return digits .. string.rep("0", keep - #digits)
	end
	local kept = digits:sub(1, keep)
	if digits:byte(keep + 1) >= 53 then
		kept = increment(kept)
	end
	return kept
end

-- round(x, d): the number nearest to x's shortest decimal form rounded
-- half away from zero at d decimals.  d must be a whole number in -20..20.
local function round(x, d)
	if not is_finite(x) then
		return x
	end
	if d ~= d or floor(d) ~= d or d < -20 or d > 20 then
		return NAN
	end
	d = math.tointeger(d)
	local r = tonumber(units(x, d, 0) .. "e" .. (-d)) + 0.0
	if x < 0 then
		return -r
	end
	return r
end

local function min_of(values)
	local m = values[1]
	for _, v in ipairs(values) do
		if v ~= v then
			return NAN
		end
		if v < m then
			m = v
		end
	end
	return m
end

local function max_of(values)
	local m = values[1]
	for _, v in ipairs(values) do
		if v ~= v then
			return NAN
		end
		if v > m then
			m = v
		end
	end
	return m
end

local function truth(b)
	return b and 1.0 or 0.0
end

local BINARY = {
	["+"] = function(a, b) return a + b end,
	["-"] = function(a, b) return a - b end,
	["*"] = function(a, b) return a * b end,
	["/"] = function(a, b) return a / b end,
	["^"] = pow,
	["<"] = function(a, b) return truth(a < b) end,
	["<="] = function(a, b) return truth(a <= b) end,
	[">"] = function(a, b) return truth(a > b) end,
	[">="] = function(a, b) return truth(a >= b) end,
	["=="] = function(a, b) return truth(a == b) end,
	["!="] = function(a, b) return truth(a ~= b) end,
}

-- The functions of the formula language: arity (min and max, or nil for
-- no upper bound) and implementation over evaluated arguments.
local FUNCTIONS = {
	min = { 2, nil, min_of },
	max = { 2, nil, max_of },
	round = { 1, 2, function(a) return round(a[1], a[2] or 0.0) end },
	floor = { 1, 1, function(a) return floor(a[1]) end },
	ceil = { 1, 1, function(a) return ceil(a[1]) end },
	abs = { 1, 1, function(a) return math.abs(a[1]) end },
	clamp = { 3, 3, function(a)
		return min_of({ max_of({ a[1], a[2] }), a[3] })
	end },
	["if"] = { 3, 3, function(a)
		if a[1] ~= a[1] then
			return NAN
		elseif a[1] ~= 0 then
			return a[2]
		end
		return a[3]
	end },
}
local FUNCTION_NAMES = { "abs", "ceil", "clamp", "floor", "if", "max", "min",
	"round" }

-- Evaluates a tree: a number, a name (string), or {op, operands...}.
local function eval(tree, env)
	local t = type(tree)
	if t == "number" then
		return tree
	elseif t == "string" then
		return env[tree]
	end
	local op = tree[1]
	if op == "neg" then
		return -eval(tree[2], env)
	end
	local binary = BINARY[op]
	if binary then
		return binary(eval(tree[2], env), eval(tree[3], env))
	end
	local args = {}
	for i = 2, #tree do
		args[i - 1] = eval(tree[i], env)
	end
	return FUNCTIONS[op][3](args)
end

-- ---------------------------------------------------------------------
-- Formatting: shared with calculator.js
-- ---------------------------------------------------------------------

-- JavaScript's Number#toString for a finite x, used wherever a number is
-- written for the script to read back (JSON, input values): the script
-- reads exactly the double computed here.
local function js_number(x)
	if x == 0 then
		return "0"
	end
	local digits, e = shortest(math.abs(x))
	local sign = x < 0 and "-" or ""
	local k, n = #digits, e + 1
	local s
	if k <= n and n <= 21 then
		s = digits .. string.rep("0", n - k)
	elseif 0 < n and n <= 21 then
		s = digits:sub(1, n) .. "." .. digits:sub(n + 1)
	elseif -6 < n and n <= 0 then
		s = "0." .. string.rep("0", -n) .. digits
	else
		local m = digits:sub(1, 1)
		if k > 1 then
			m = m .. "." .. digits:sub(2)
		end
		s = m .. "e" .. (n - 1 < 0 and "-" or "+") .. math.abs(n - 1)
	end
	return sign .. s
end

local function group(int)
	local out = int:sub(1, (#int - 1) % 3 + 1)
	for i = (#int - 1) % 3 + 2, #int, 3 do
		out = out .. "," .. int:sub(i, i + 2)
	end
	return out
end

-- x with d decimals (x scaled by 10^shift first), thousands grouped with
-- commas when grouped is true.  Returns the text of |x| and whether a minus
-- sign is due: never for a value that rounds to zero.
local function fixed(x, d, shift, grouped)
	local n = units(x, d, shift)
	if #n <= d then
		n = string.rep("0", d + 1 - #n) .. n
	end
	local int, frac = n:sub(1, #n - d), n:sub(#n - d + 1)
	if grouped then
		int = group(int)
	end
	local text = int
	if d > 0 then
		text = text .. "." .. frac
	end
	return text, x < 0 and n:find("[1-9]") ~= nil
end

-- An output's text.  out has format, decimals and unit.
local function format_value(x, out)
	if not is_finite(x) then
		return DASH
	end
	local f = out.format
	local text, negative = fixed(x, out.decimals, f == "percent" and 2 or 0,
		true)
	local sign = negative and MINUS or ""
	if f == "currency" then
		local symbol = out.unit
		if utf8.len(symbol) > 1 then
			symbol = symbol .. NBSP
		end
		return sign .. symbol .. text
	elseif f == "percent" then
		return sign .. text .. "%"
	elseif f == "months" then
		return sign .. text .. NBSP .. (text == "1" and "month" or "months")
	end
	if out.unit ~= "" then
		return sign .. text .. NBSP .. out.unit
	end
	return sign .. text
end

-- ---------------------------------------------------------------------
-- Formulas: tokens, parser, checks
-- ---------------------------------------------------------------------

local OPERATORS = { "<=", ">=", "==", "!=", "+", "-", "*", "/", "^", "(",
	")", ",", "<", ">" }

-- The column of byte i of a formula, in characters, as an author counts.
local function column(text, i)
	return (utf8.len(text, 1, i - 1) or (i - 1)) + 1
end

-- Reads one token at position i of text: {kind, text, col}; col is a byte
-- index until a message converts it.
local function next_token(text, i, what, raw)
	local c = text:sub(i, i)
	local num = text:match("^%d+%.?%d*", i) or text:match("^%.%d+", i)
	if num then
		local ex = text:match("^[eE][-+]?%d+", i + #num)
		if ex then
			num = num .. ex
		end
		return { kind = "number", text = num, col = i }
	end
	local name = text:match("^[%a_][%w_]*", i)
	if name then
		return { kind = "name", text = name, col = i }
	end
	for _, op in ipairs(OPERATORS) do
		if text:sub(i, i + #op - 1) == op then
			return { kind = "op", text = op, col = i }
		end
	end
	local extra = ""
	if c == "=" then
		extra = " (use '==' to compare)"
	elseif c == "!" then
		extra = " (use '!=' to compare)"
	end
	local shown = text:match("^[\1-\127\194-\244][\128-\191]*", i) or c
	fail(raw, "formula",
		"syntax error in formula for %s at column %d: unexpected %s%s",
		quote(what), column(text, i), quote(shown), extra)
end

local function tokenize(text, what, raw)
	local tokens, i = {}, 1
	while true do
		local space = text:match("^%s+", i)
		if space then
			i = i + #space
		end
		if i > #text then
			break
		end
		local tok = next_token(text, i, what, raw)
		tokens[#tokens + 1] = tok
		i = i + #tok.text
	end
	tokens[#tokens + 1] = { kind = "end", text = "", col = #text + 1 }
	return tokens
end

local function describe(tok)
	if tok.kind == "end" then
		return "the end of the formula"
	end
	return quote(tok.text)
end

-- In a flow map, {id: y, formula: if(a, 1, 2)}, YAML ends a plain value
-- at the first comma, so the formula arrives cut short inside a call; the
-- rest became keys of the map.  A call's arguments are the only place a
-- comma belongs, so a formula without one that ends where one was
-- expected, with a '(' left open, is most likely that mistake; the block
-- is not seen here, so the hint says "if".
local function cut_at_comma(text, tok)
	local _, opened = text:gsub("%(", "")
	local _, closed = text:gsub("%)", "")
	if tok.kind ~= "end" or opened <= closed or text:find(",", 1, true) then
		return ""
	end
	return " (if the formula is in a {...} map: YAML ends a value at a comma there, "
		.. "which cut it to " .. quote(text) .. "; put it in quotes, formula: \""
		.. text .. ", ...)\", or write the output in block style)"
end

-- Recursive descent over the grammar in docs/calculator.md.  The AST keeps
-- each node's column for the checks that follow: {kind, col, ...}.
local function parse_formula(text, what, raw)
	local tokens = tokenize(text, what, raw)
	local pos = 1
	local function peek()
		return tokens[pos]
	end
	local function take()
		pos = pos + 1
		return tokens[pos - 1]
	end
	local function syntax(tok, fmt, ...)
		fail(raw, "formula",
			"syntax error in formula for %s at column %d: " .. fmt,
			quote(what), column(text, tok.col), ...)
	end
	local function is_op(tok, op)
		return tok.kind == "op" and tok.text == op
	end

	local expression, unary

	local function primary()
		local tok = take()
		if tok.kind == "number" then
			local v = tonumber(tok.text) + 0.0
			if not is_finite(v) then
				syntax(tok, "number %s is too large", quote(tok.text))
			end
			return { kind = "number", value = v, col = tok.col }
		elseif tok.kind == "name" then
			if not is_op(peek(), "(") then
				return { kind = "name", name = tok.text, col = tok.col }
			end
			take()
			local args = {}
			if not is_op(peek(), ")") then
				args[1] = expression()
				while is_op(peek(), ",") do
					take()
					args[#args + 1] = expression()
				end
			end
			if not is_op(peek(), ")") then
				syntax(peek(), "expected ',' or ')' after an argument of %s, found %s%s",
					quote(tok.text), describe(peek()), cut_at_comma(text, peek()))
			end
			take()
			return { kind = "call", name = tok.text, args = args,
				col = tok.col }
		elseif is_op(tok, "(") then
			local inner = expression()
			if not is_op(peek(), ")") then
				syntax(peek(), "expected ')' to close the '(' at column %d, found %s",
					column(text, tok.col), describe(peek()))
			end
			take()
			return inner
		end
		syntax(tok, "expected a number, a name or '(', found %s",
			describe(tok))
	end

	-- '^' binds tighter than unary minus and groups to the right:
	-- -2^2 is -4, 2^3^2 is 2^9, and 2^-1 is allowed.
	local function power()
		local base = primary()
		if is_op(peek(), "^") then
			local tok = take()
			return { kind = "op", op = "^", a = base, b = unary(),
				col = tok.col }
		end
		return base
	end

	function unary()
		local tok = peek()
		if is_op(tok, "-") then
			take()
			return { kind = "neg", a = unary(), col = tok.col }
		elseif is_op(tok, "+") then
			take()
			return unary()
		end
		return power()
	end

	local function binary_level(next_level, ops)
		return function()
			local left = next_level()
			while peek().kind == "op" and ops[peek().text] do
				local tok = take()
				left = { kind = "op", op = tok.text, a = left,
					b = next_level(), col = tok.col }
			end
			return left
		end
	end

	local term = binary_level(unary, { ["*"] = true, ["/"] = true })
	local sum = binary_level(term, { ["+"] = true, ["-"] = true })
	local COMPARE = { ["<"] = true, ["<="] = true, [">"] = true,
		[">="] = true, ["=="] = true, ["!="] = true }

	function expression()
		local left = sum()
		if peek().kind == "op" and COMPARE[peek().text] then
			local tok = take()
			left = { kind = "op", op = tok.text, a = left, b = sum(),
				col = tok.col }
			if peek().kind == "op" and COMPARE[peek().text] then
				syntax(peek(), "comparisons cannot be chained; use parentheses")
			end
		end
		return left
	end

	if peek().kind == "end" then
		syntax(peek(), "the formula is empty")
	end
	local ast = expression()
	if peek().kind ~= "end" then
		local tok = peek()
		if is_op(tok, ")") then
			syntax(tok, "unexpected ')' with no '(' to close")
		end
		syntax(tok, "expected an operator, found %s", describe(tok))
	end
	return ast
end

-- Calls fn on every node of an AST, children first.
local function walk(node, fn)
	if node.kind == "op" then
		walk(node.a, fn)
		walk(node.b, fn)
	elseif node.kind == "neg" then
		walk(node.a, fn)
	elseif node.kind == "call" then
		for _, arg in ipairs(node.args) do
			walk(arg, fn)
		end
	end
	fn(node)
end

local function arity_text(n)
	return n == 1 and "1 argument" or (n .. " arguments")
end

local function check_call(node, what, raw)
	local fn = FUNCTIONS[node.name]
	if not fn then
		local h = hint(node.name, FUNCTION_NAMES)
		if h == "" then
			h = " (the functions are " .. table.concat(FUNCTION_NAMES, ", ")
				.. ")"
		end
		fail(raw, "formula", "formula for %s calls unknown function %s%s",
			quote(what), quote(node.name), h)
	end
	local lo, hi, got = fn[1], fn[2], #node.args
	if got >= lo and (hi == nil or got <= hi) then
		return
	end
	local expects
	if hi == nil then
		expects = "at least " .. arity_text(lo)
	elseif lo == hi then
		expects = arity_text(lo)
	else
		expects = lo .. " or " .. arity_text(hi)
	end
	fail(raw, "formula", "formula for %s: %s expects %s, got %d",
		quote(what), node.name,
		expects, got)
end

-- The AST as the tree the page carries (and eval reads).
local function to_tree(node)
	if node.kind == "number" then
		return node.value
	elseif node.kind == "name" then
		return node.name
	elseif node.kind == "neg" then
		return { "neg", to_tree(node.a) }
	elseif node.kind == "op" then
		return { node.op, to_tree(node.a), to_tree(node.b) }
	end
	local tree = { node.name }
	for i, arg in ipairs(node.args) do
		tree[i + 1] = to_tree(arg)
	end
	return tree
end

local function is_constant(node)
	local constant = true
	walk(node, function(n)
		if n.kind == "name" then
			constant = false
		end
	end)
	return constant
end

-- Checks names, calls and constant divisors of one output's formula, and
-- returns the names it uses (inputs and outputs), sorted.
local function check_formula(ast, text, what, kinds, names, raw)
	local used, seen = {}, {}
	walk(ast, function(node)
		if node.kind == "call" then
			check_call(node, what, raw)
		elseif node.kind == "name" then
			if FUNCTIONS[node.name] then
				fail(raw, "formula",
					"formula for %s uses function %s without calling it (write %s(...))",
					quote(what), quote(node.name), node.name)
			end
			if not kinds[node.name] then
				fail(raw, "formula", "formula for %s uses unknown name %s%s",
					quote(what),
					quote(node.name), hint(node.name, names))
			end
			if not seen[node.name] then
				seen[node.name] = true
				used[#used + 1] = node.name
			end
		elseif node.kind == "op" and node.op == "/" and is_constant(node.b)
			and eval(to_tree(node.b), {}) == 0 then
			fail(raw, "formula", "formula for %s divides by zero at column %d",
				quote(what), column(text, node.col))
		end
	end)
	table.sort(used)
	return used
end

-- Orders outputs so each comes after the outputs its formula uses, in the
-- author's order otherwise; a cycle is an error that names it, at the
-- formula of the output where it starts.
local function evaluation_order(outputs, uses)
	local raw_of = {}
	for _, out in ipairs(outputs) do
		raw_of[out.id] = out.raw
	end
	local order, state, stack = {}, {}, {}
	local function visit(name)
		if state[name] == "done" then
			return
		elseif state[name] == "visiting" then
			local cycle, start = {}, nil
			for i, n in ipairs(stack) do
				if n == name then
					start = i
				end
				if start then
					cycle[#cycle + 1] = n
				end
			end
			cycle[#cycle + 1] = name
			fail(raw_of[name], "formula", "formulas form a cycle: %s",
				table.concat(cycle, " -> "))
		end
		state[name] = "visiting"
		stack[#stack + 1] = name
		for _, dep in ipairs(uses[name]) do
			if uses[dep] then
				visit(dep)
			end
		end
		stack[#stack] = nil
		state[name] = "done"
		order[#order + 1] = name
	end
	for _, out in ipairs(outputs) do
		visit(out.id)
	end
	return order
end

-- ---------------------------------------------------------------------
-- The block: validation
-- ---------------------------------------------------------------------

local FORMATS = { "currency", "percent", "number", "months" }
local DEFAULT_DECIMALS = { currency = 2, percent = 1, number = 0, months = 1 }
local INPUT_TYPES = { "number", "select", "toggle" }
local CHART_TYPES = { "bar", "stacked-bar" }

local BLOCK_KEYS = { "id", "title", "inputs", "outputs", "chart", "notes" }
local INPUT_KEYS = { "id", "type", "label", "unit", "default", "min", "max",
	"step", "options" }
local OUTPUT_KEYS = { "id", "label", "formula", "format", "decimals", "unit" }
local CHART_KEYS = { "type", "outputs", "title" }
local OPTION_KEYS = { "label", "value" }

local function contains(list, x)
	for _, v in ipairs(list) do
		if v == x then
			return true
		end
	end
	return false
end

-- YAML's null inside a list arrives as prepbook.null, a table that is
-- neither a list nor a map here.
local function is_list(t)
	if type(t) ~= "table" or t == api.null then
		return false
	end
	local n = 0
	for _ in pairs(t) do
		n = n + 1
	end
	return n == #t
end

local function is_map(t)
	if type(t) ~= "table" or t == api.null then
		return false
	end
	for k in pairs(t) do
		if type(k) ~= "string" then
			return false
		end
	end
	return true
end

-- Rejects keys that the block does not know, in sorted order so the report
-- does not depend on table order.
local function check_keys(map, known, where)
	local keys = {}
	for k in pairs(map) do
		keys[#keys + 1] = k
	end
	table.sort(keys)
	for _, k in ipairs(keys) do
		if not contains(known, k) then
			fail(map, k, "%s has unknown key %s%s", where, quote(k),
				hint(k, known))
		end
	end
end

-- Author text: a string, or a number or boolean YAML read as one.
local function text_field(map, key, where, required)
	local v = map[key]
	if v == nil then
		if required then
			fail(map, key, "%s has no %s", where, quote(key))
		end
		return nil
	end
	local t = type(v)
	if t == "number" then
		return js_number(v + 0.0)
	elseif t == "boolean" then
		return tostring(v)
	elseif t ~= "string" then
		fail(map, key, "%s: %s must be text", where, quote(key))
	end
	if required and v:match("^%s*$") then
		fail(map, key, "%s: %s is empty", where, quote(key))
	end
	return v
end

local function number_field(map, key, where)
	local v = map[key]
	if v == nil then
		return nil
	end
	if type(v) ~= "number" then
		fail(map, key, "%s: %s must be a number, got %s", where, quote(key),
			type(v) == "string" and ('"' .. v .. '"') or type(v))
	end
	v = v + 0.0
	if not is_finite(v) then
		fail(map, key, "%s: %s must be a finite number", where, quote(key))
	end
	return v
end

local function check_name(raw, where)
	local id = raw.id
	if type(id) ~= "string" then
		fail(raw, "id", "%s: 'id' must be a name", where)
	end
	if not id:match("^[%a_][%w_]*$") then
		local better = id:gsub("[^%w_]", "_")
		if better:match("^%d") then
			better = "_" .. better
		end
		fail(raw, "id",
			"%s: id %s must start with a letter and hold only letters, digits and '_' (try %s)",
			where, quote(id), quote(better))
	end
	if FUNCTIONS[id] then
		fail(raw, "id", "%s: id %s is the name of a function", where,
			quote(id))
	end
end

local function check_options(input, where)
	local options = input.options
	if not is_list(options) or #options == 0 then
		fail(input, "options",
			"%s: a select needs 'options', a list of numbers or {label, value} maps",
			where)
	end
	local result = {}
	for i, opt in ipairs(options) do
		local owhere = where .. ", option " .. i
		local value, label
		if type(opt) == "number" then
			value = opt + 0.0
		elseif is_map(opt) then
			check_keys(opt, OPTION_KEYS, owhere)
			value = number_field(opt, "value", owhere)
			if value == nil then
				fail(opt, "value", "%s has no 'value'", owhere)
			end
			label = text_field(opt, "label", owhere, false)
		else
			fail(options, i, "%s must be a number or a {label, value} map",
				owhere)
		end
		if not is_finite(value) then
			fail(options, i, "%s: the value must be a finite number", owhere)
		end
		for _, other in ipairs(result) do
			if other.value == value then
				fail(options, i, "%s repeats the value %s", owhere,
					js_number(value))
			end
		end
		result[i] = { value = value, label = label or js_number(value) }
	end
	return result
end

local function check_range(input, raw, where)
	local d, lo, hi = input.default, input.min, input.max
	if lo and hi and lo > hi then
		fail(raw, "min", "%s: min %s is above max %s", where, js_number(lo),
			js_number(hi))
	end
	if lo and d < lo then
		fail(raw, "default", "%s: default %s is below its min %s", where,
			js_number(d),
			js_number(lo))
	end
	if hi and d > hi then
		fail(raw, "default", "%s: default %s is above its max %s", where,
			js_number(d),
			js_number(hi))
	end
	if input.step and input.step <= 0 then
		fail(raw, "step", "%s: step must be above zero", where)
	end
end

local function check_input(list, i)
	local raw = list[i]
	local where = "input " .. i
	if not is_map(raw) then
		fail(list, i, "%s must be a map with 'id' and 'label'", where)
	end
	if raw.id == nil then
		fail(raw, "id", "%s has no 'id'", where)
	end
	check_name(raw, where)
	where = "input " .. quote(raw.id)
	check_keys(raw, INPUT_KEYS, where)
	local input = { id = raw.id, type = raw.type or "number", raw = raw }
	if not contains(INPUT_TYPES, input.type) then
		fail(raw, "type", "%s has unknown type %s%s", where, quote(input.type),
			choices(input.type, INPUT_TYPES))
	end
	input.label = text_field(raw, "label", where, true)
	input.unit = text_field(raw, "unit", where, false)
	if input.type == "number" then
		input.default = number_field(raw, "default", where)
		if input.default == nil then
			fail(raw, "default", "%s has no 'default'", where)
		end
		input.min = number_field(raw, "min", where)
		input.max = number_field(raw, "max", where)
		input.step = number_field(raw, "step", where)
		check_range(input, raw, where)
	else
		for _, key in ipairs({ "min", "max", "step" }) do
			if raw[key] ~= nil then
				fail(raw, key, "%s: %s applies to number inputs, not to a %s",
					where,
					quote(key), input.type)
			end
		end
	end
	if input.type == "select" then
		input.options = check_options(raw, where)
		input.default = number_field(raw, "default", where)
			or input.options[1].value
		local found = false
		for _, opt in ipairs(input.options) do
			found = found or opt.value == input.default
		end
		if not found then
			fail(raw, "default", "%s: default %s is not one of its options",
				where,
				js_number(input.default))
		end
	elseif raw.options ~= nil then
		fail(raw, "options",
			"%s: 'options' applies to select inputs (add 'type: select')",
			where)
	end
	if input.type == "toggle" then
		local d = raw.default
		if d ~= nil and type(d) ~= "boolean" then
			fail(raw, "default",
				"%s: the default of a toggle must be true or false", where)
		end
		input.default = d and 1.0 or 0.0
	end
	return input
end

local function check_output(list, i)
	local raw = list[i]
	local where = "output " .. i
	if not is_map(raw) then
		fail(list, i, "%s must be a map with 'id', 'label' and 'formula'",
			where)
	end
	if raw.id == nil then
		fail(raw, "id", "%s has no 'id'", where)
	end
	check_name(raw, where)
	where = "output " .. quote(raw.id)
	check_keys(raw, OUTPUT_KEYS, where)
	local out = { id = raw.id, raw = raw }
	out.label = text_field(raw, "label", where, true)
	if raw.formula == nil then
		fail(raw, "formula", "%s has no 'formula'", where)
	elseif type(raw.formula) == "number" then
		out.formula = js_number(raw.formula + 0.0)
	elseif type(raw.formula) == "string" then
		out.formula = raw.formula
	else
		fail(raw, "formula", "%s: 'formula' must be a formula such as 'a * b'",
			where)
	end
	out.format = raw.format or "number"
	if not contains(FORMATS, out.format) then
		fail(raw, "format", "%s has unknown format %s%s", where,
			quote(out.format),
			choices(out.format, FORMATS))
	end
	local decimals = number_field(raw, "decimals", where)
	if decimals and (floor(decimals) ~= decimals or decimals < 0
		or decimals > 10) then
		fail(raw, "decimals", "%s: 'decimals' must be a whole number from 0 to 10",
			where)
	end
	out.decimals = math.tointeger(decimals or DEFAULT_DECIMALS[out.format])
	out.unit = text_field(raw, "unit", where, false)
	if out.format == "currency" then
		out.unit = out.unit or "$"
	elseif out.unit and (out.format == "percent" or out.format == "months") then
		fail(raw, "unit", "%s: 'unit' does not apply to the %s format", where,
			out.format)
	end
	out.unit = out.unit or ""
	if out.format == "currency" and out.unit == "" then
		fail(raw, "unit", "%s: 'unit' is empty; leave it out for '$'", where)
	end
	return out
end

local function check_list(args, key)
	local list = args[key]
	if list == nil then
		fail(args, key, "the calculator has no %s", quote(key))
	end
	if not is_list(list) or #list == 0 then
		fail(args, key, "%s must be a list with at least one entry", quote(key))
	end
	return list
end

-- Every name (inputs and outputs) once; returns name -> "input"/"output"
-- and the names in block order, for hints.
local function name_table(inputs, outputs)
	local kinds, names = {}, {}
	for _, group_of in ipairs({ { inputs, "input" }, { outputs, "output" } }) do
		for _, item in ipairs(group_of[1]) do
			local before = kinds[item.id]
			if before == group_of[2] then
				fail(item.raw, "id", "two %ss have the id %s; ids must be unique",
					before,
					quote(item.id))
			elseif before then
				fail(item.raw, "id",
					"id %s names both an input and an output; ids must be unique",
					quote(item.id))
			end
			kinds[item.id] = group_of[2]
			names[#names + 1] = item.id
		end
	end
	return kinds, names
end

local function check_chart(args, kinds, outputs)
	local raw = args.chart
	if raw == nil then
		return nil
	end
	if not is_map(raw) then
		fail(args, "chart", "'chart' must be a map with 'type' and 'outputs'")
	end
	check_keys(raw, CHART_KEYS, "the chart")
	local chart = { type = raw.type or "bar" }
	if not contains(CHART_TYPES, chart.type) then
		fail(raw, "type", "the chart has unknown type %s%s", quote(chart.type),
			choices(chart.type, CHART_TYPES))
	end
	chart.title = text_field(raw, "title", "the chart", false)
	if not is_list(raw.outputs) or #raw.outputs == 0 then
		fail(raw, "outputs", "the chart needs 'outputs', a list of output ids")
	end
	local names = {}
	for _, out in ipairs(outputs) do
		names[#names + 1] = out.id
	end
	chart.outputs = {}
	for i, id in ipairs(raw.outputs) do
		if type(id) ~= "string" then
			fail(raw.outputs, i, "the chart's 'outputs' must be output ids")
		elseif kinds[id] == "input" then
			fail(raw.outputs, i, "the chart shows outputs, and %s is an input",
				quote(id))
		elseif kinds[id] == nil then
			fail(raw.outputs, i, "the chart names unknown output %s%s",
				quote(id), hint(id, names))
		elseif contains(chart.outputs, id) then
			fail(raw.outputs, i, "the chart names output %s twice", quote(id))
		end
		chart.outputs[#chart.outputs + 1] = id
	end
	return chart
end

-- Validates the whole block and compiles its formulas; returns the model
-- that rendering and the page's JSON use.
local function check_block(args)
	if not is_map(args) then
		fail(nil, nil,
			"the block must be a YAML map with 'id', 'title', 'inputs' and 'outputs'")
	end
	check_keys(args, BLOCK_KEYS, "the calculator")
	local calc = {}
	calc.id = text_field(args, "id", "the calculator", true)
	if not calc.id:match("^[%a%d][%w_-]*$") then
		fail(args, "id",
			"the calculator's id %s must hold only letters, digits, '-' and '_'",
			quote(calc.id))
	end
	calc.title = text_field(args, "title", "the calculator", true)
	calc.inputs, calc.outputs = {}, {}
	local list = check_list(args, "inputs")
	for i = 1, #list do
		calc.inputs[i] = check_input(list, i)
	end
	list = check_list(args, "outputs")
	for i = 1, #list do
		calc.outputs[i] = check_output(list, i)
	end
	local kinds, names = name_table(calc.inputs, calc.outputs)
	local uses = {}
	for _, out in ipairs(calc.outputs) do
		local ast = parse_formula(out.formula, out.id, out.raw)
		uses[out.id] = check_formula(ast, out.formula, out.id, kinds, names,
			out.raw)
		out.tree = to_tree(ast)
	end
	calc.order = evaluation_order(calc.outputs, uses)
	calc.uses = uses
	calc.chart = check_chart(args, kinds, calc.outputs)
	calc.notes = text_field(args, "notes", "the calculator", false)
	return calc
end

-- ---------------------------------------------------------------------
-- The default scenario
-- ---------------------------------------------------------------------

-- Computes every output for the default inputs: name -> value, and
-- output id -> text.
local function compute(calc)
	local env, texts = {}, {}
	for _, input in ipairs(calc.inputs) do
		env[input.id] = input.default
	end
	local by_id = {}
	for _, out in ipairs(calc.outputs) do
		by_id[out.id] = out
	end
	for _, id in ipairs(calc.order) do
		env[id] = eval(by_id[id].tree, env)
	end
	for _, out in ipairs(calc.outputs) do
		texts[out.id] = format_value(env[out.id], out)
	end
	return env, texts
end

-- The inputs an output depends on, directly or through other outputs, in
-- block order: the `for` of its <output> element.
local function input_deps(calc, id)
	local seen = {}
	local function visit(name)
		for _, dep in ipairs(calc.uses[name] or {}) do
			if not seen[dep] then
				seen[dep] = true
				visit(dep)
			end
		end
	end
	visit(id)
	local deps = {}
	for _, input in ipairs(calc.inputs) do
		if seen[input.id] then
			deps[#deps + 1] = input.id
		end
	end
	return deps
end

-- ---------------------------------------------------------------------
-- JSON for the script
-- ---------------------------------------------------------------------

local function json(v)
	local t = type(v)
	if t == "number" then
		return js_number(v)
	elseif t == "string" then
		return prepbook.json_string(v)
	elseif t == "boolean" then
		return tostring(v)
	end
	local parts = {}
	if v.__keys then
		for _, k in ipairs(v.__keys) do
			if v[k] ~= nil then
				parts[#parts + 1] = prepbook.json_string(k) .. ":" .. json(v[k])
			end
		end
		return "{" .. table.concat(parts, ",") .. "}"
	end
	for i, item in ipairs(v) do
		parts[i] = json(item)
	end
	return "[" .. table.concat(parts, ",") .. "]"
end

-- An object whose keys print in the given order.
local function object(keys, fields)
	fields.__keys = keys
	return fields
end

local function model_json(calc)
	local inputs, outputs = {}, {}
	for i, input in ipairs(calc.inputs) do
		local options
		if input.options then
			options = {}
			for j, opt in ipairs(input.options) do
				options[j] = opt.value
			end
		end
		inputs[i] = object({ "name", "type", "default", "min", "max",
			"options" }, { name = input.id, type = input.type,
			default = input.default, min = input.min, max = input.max,
			options = options })
	end
	for i, out in ipairs(calc.outputs) do
		outputs[i] = object({ "name", "label", "format", "decimals", "unit",
			"tree" }, { name = out.id, label = out.label,
			format = out.format, decimals = out.decimals, unit = out.unit,
			tree = out.tree })
	end
	local chart
	if calc.chart then
		chart = object({ "type", "title", "outputs" }, {
			type = calc.chart.type,
			title = calc.chart.title or calc.title,
			outputs = calc.chart.outputs })
	end
	return json(object({ "id", "inputs", "outputs", "order", "chart" }, {
		id = calc.id, inputs = inputs, outputs = outputs,
		order = calc.order, chart = chart }))
end

-- ---------------------------------------------------------------------
-- Chart geometry: shared with calculator.js
-- ---------------------------------------------------------------------

local STACK_HEIGHT = 32
local BAR_HEIGHT = 24
local BAR_GAP = 8

local function percent_text(x)
	return (fixed(x, 2, 0, false)) .. "%"
end

-- Bar positions as percentages of the chart's width: {x, width} per value.
-- A value that is not a positive number draws nothing.
local function chart_geometry(kind, values)
	local drawn, total, largest = {}, 0.0, 0.0
	for i, v in ipairs(values) do
		drawn[i] = (is_finite(v) and v > 0) and v or 0.0
		total = total + drawn[i]
		if drawn[i] > largest then
			largest = drawn[i]
		end
	end
	local bars, at = {}, 0.0
	for i, v in ipairs(drawn) do
		local w = 0.0
		if kind == "stacked-bar" and total > 0 then
			w = v / total * 100
		elseif kind == "bar" and largest > 0 then
			w = v / largest * 100
		end
		bars[i] = { x = percent_text(kind == "stacked-bar" and at or 0.0),
			width = percent_text(w) }
		at = at + w
	end
	return bars
end

-- The chart's text alternative: "Title: Compute $1.00, Storage $2.00".
local function chart_summary(calc, texts, labels)
	local parts = {}
	for i, id in ipairs(calc.chart.outputs) do
		parts[i] = labels[id] .. " " .. texts[id]
	end
	return (calc.chart.title or calc.title) .. ": " .. table.concat(parts, ", ")
end

-- ---------------------------------------------------------------------
-- HTML
-- ---------------------------------------------------------------------

local CURRENCY_UNITS = { ["$"] = true, ["€"] = true, ["£"] = true,
	["¥"] = true }

local function esc(s)
	return api.escape(s)
end

local function attrs(list)
	local parts = {}
	for i = 1, #list, 2 do
		if list[i + 1] ~= nil then
			parts[#parts + 1] = " " .. list[i] .. '="' .. esc(list[i + 1]) .. '"'
		end
	end
	return table.concat(parts)
end

local function unit_span(calc, input, before)
	if not input.unit then
		return ""
	end
	local pre = CURRENCY_UNITS[input.unit] or false
	if pre ~= before then
		return ""
	end
	return '<span class="calc-unit" id="calc-' .. esc(calc.id) .. "-unit-"
		.. esc(input.id) .. '">' .. esc(input.unit) .. "</span>"
end

local function control(calc, input, id)
	local described = input.unit and ("calc-" .. calc.id .. "-unit-" .. input.id)
	if input.type == "number" then
		return "<input" .. attrs({ "type", "number", "id", id, "name",
			input.id, "value", js_number(input.default), "min",
			input.min and js_number(input.min), "max",
			input.max and js_number(input.max), "step",
			input.step and js_number(input.step) or "any", "inputmode",
			"decimal", "aria-describedby", described }) .. ">"
	end
	local parts = { "<select" .. attrs({ "id", id, "name", input.id,
		"aria-describedby", described }) .. ">" }
	for _, opt in ipairs(input.options) do
		parts[#parts + 1] = "<option" .. attrs({ "value",
			js_number(opt.value) }) .. (opt.value == input.default
			and " selected" or "") .. ">" .. esc(opt.label) .. "</option>"
	end
	parts[#parts + 1] = "</select>"
	return table.concat(parts)
end

local function input_html(calc, input)
	local id = "calc-" .. calc.id .. "-in-" .. input.id
	local label = "<label" .. attrs({ "for", id }) .. ">" .. esc(input.label)
		.. "</label>"
	if input.type == "toggle" then
		return '<div class="calc-field calc-field-toggle"><input' .. attrs({
			"type", "checkbox", "id", id, "name", input.id, "value", "1" })
			.. (input.default == 1 and " checked" or "") .. ">" .. label
			.. "</div>"
	end
	return '<div class="calc-field calc-field-' .. input.type .. '">' .. label
		.. '<span class="calc-control">' .. unit_span(calc, input, true)
		.. control(calc, input, id) .. unit_span(calc, input, false)
		.. "</span></div>"
end

local function outputs_html(calc, texts)
	local parts = { '<div class="calc-results" aria-live="polite">'
		.. '<dl class="calc-outputs">' }
	for _, out in ipairs(calc.outputs) do
		local deps = {}
		for i, dep in ipairs(input_deps(calc, out.id)) do
			deps[i] = "calc-" .. calc.id .. "-in-" .. dep
		end
		parts[#parts + 1] = '<div class="calc-output"><dt>' .. esc(out.label)
			.. "</dt><dd><output" .. attrs({ "id", "calc-" .. calc.id
			.. "-out-" .. out.id, "name", out.id, "for",
			#deps > 0 and table.concat(deps, " ") or nil }) .. ">"
			.. esc(texts[out.id]) .. "</output></dd></div>"
	end
	parts[#parts + 1] = "</dl></div>"
	return table.concat(parts)
end

local function chart_html(calc, env, texts)
	local chart = calc.chart
	local labels, values = {}, {}
	for _, out in ipairs(calc.outputs) do
		labels[out.id] = out.label
	end
	for i, id in ipairs(chart.outputs) do
		values[i] = env[id]
	end
	local bars = chart_geometry(chart.type, values)
	local n = #chart.outputs
	local height = chart.type == "stacked-bar" and STACK_HEIGHT
		or (n * (BAR_HEIGHT + BAR_GAP) - BAR_GAP)
	local title_id = "calc-" .. calc.id .. "-chart-title"
	local parts = { '<figure class="calc-chart calc-chart-' .. chart.type
		.. '"><svg' .. attrs({ "class", "calc-chart-svg", "role", "img",
		"aria-labelledby", title_id, "width", "100%", "height",
		tostring(height) }) .. "><title" .. attrs({ "id", title_id }) .. ">"
		.. esc(chart_summary(calc, texts, labels)) .. "</title>" }
	for i, id in ipairs(chart.outputs) do
		local y = chart.type == "stacked-bar" and 0
			or (i - 1) * (BAR_HEIGHT + BAR_GAP)
		parts[#parts + 1] = "<rect" .. attrs({ "class", "calc-bar calc-series-"
			.. ((i - 1) % 6 + 1), "data-output", id, "x", bars[i].x, "y",
			tostring(y), "width", bars[i].width, "height", tostring(
			chart.type == "stacked-bar" and STACK_HEIGHT or BAR_HEIGHT) })
			.. "></rect>"
	end
	parts[#parts + 1] = '</svg><figcaption><ul class="calc-legend">'
	for i, id in ipairs(chart.outputs) do
		parts[#parts + 1] = '<li><span class="calc-swatch calc-series-'
			.. ((i - 1) % 6 + 1) .. '" aria-hidden="true"></span>'
			.. esc(labels[id]) .. ' <span class="calc-legend-value"'
			.. attrs({ "data-output", id }) .. ">" .. esc(texts[id])
			.. "</span></li>"
	end
	parts[#parts + 1] = "</ul></figcaption></figure>"
	return table.concat(parts)
end

local function render_html(calc)
	local env, texts = compute(calc)
	local base = "calc-" .. calc.id
	local parts = { "<section" .. attrs({ "class", "calc", "id", base,
		"data-calc", "", "aria-labelledby", base .. "-title" }) .. ">",
		'<h3 class="calc-title"' .. attrs({ "id", base .. "-title" }) .. ">"
		.. esc(calc.title) .. "</h3>",
		'<form class="calc-form"' .. attrs({ "id", base .. "-form" }) .. ">",
		'<div class="calc-inputs">' }
	for _, input in ipairs(calc.inputs) do
		parts[#parts + 1] = input_html(calc, input)
	end
	parts[#parts + 1] = "</div>"
	parts[#parts + 1] = outputs_html(calc, texts)
	if calc.chart then
		parts[#parts + 1] = chart_html(calc, env, texts)
	end
	parts[#parts + 1] = '<div class="calc-actions"><button type="button"'
		.. ' class="calc-reset" hidden>Reset to defaults</button>'
		.. '<noscript><p class="calc-static">These results are for the'
		.. " default values; turn on JavaScript to try your own.</p>"
		.. "</noscript></div></form>"
	if calc.notes then
		parts[#parts + 1] = '<p class="calc-notes">'
			.. api.markdown(calc.notes) .. "</p>"
	end
	parts[#parts + 1] = '<script type="application/json" class="calc-data">'
		.. model_json(calc) .. "</script></section>"
	return table.concat(parts, "\n")
end

-- The page's element ids start with "calc-" and the author's id: a second
-- calculator with the same id on the page would duplicate every one of
-- them, and only the host sees the other blocks.
local function claim_ids(calc, ctx, args)
	if not ctx.claim_id("calc-" .. calc.id) then
		fail(args, "id",
			"id %s is already used by another calculator on this page",
			quote(calc.id))
	end
end

return {
	render = function(args, ctx)
		local calc = check_block(args)
		claim_ids(calc, ctx, args)
		return render_html(calc)
	end,
	assets = { "calculator.js", "calculator.css" },
}
