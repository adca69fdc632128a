--[[
quiz: questions with one or several right answers, checked in the page.

A ```quiz block lists questions, each with its choices, which of them are
right, why (per choice) and an explanation (see docs/quiz.md).  This
plugin checks the block, reporting each mistake at the field that has it,
and writes real form controls: a fieldset per question, its prompt as the
legend, radio buttons for one right answer and checkboxes for several.
Without JavaScript, and in print, each question's answer, the whys and
the explanation sit in a <details>, so the page still teaches.
plugins/assets/quiz.js adds the Check and Try again buttons, marks each
choice, shows the score and keeps the reader's answers in localStorage
(through progress.js); what it needs of the block travels as JSON.

Saved answers are keyed by the quiz's id and a short hash of each
question's text (prompt, choices and which are right), so editing one
question starts only that question afresh, and editing a `why` or an
explanation starts nothing afresh.  The quiz records itself for the
site (ctx.record), which is how the progress page lists it and how a
quiz id used on two pages is caught.
]]

local api = prepbook

local BLOCK_KEYS = { "id", "title", "questions" }
local QUESTION_KEYS = { "prompt", "multiple", "choices", "explain" }
local CHOICE_KEYS = { "text", "correct", "why" }

-- Tags that make rendered Markdown a block rather than a line of text.
local BLOCK_TAGS = { p = true, ul = true, ol = true, blockquote = true,
	pre = true, h1 = true, h2 = true, h3 = true, h4 = true, h5 = true,
	h6 = true, hr = true, table = true, div = true }

-- ---------------------------------------------------------------------
-- Checking the block
-- ---------------------------------------------------------------------

-- Reports the first problem of the block at the field t[key] (t alone:
-- where the map or list t starts; nil: the block) and stops it.
local function fail(t, key, fmt, ...)
	api.error(string.format(fmt, ...), t, key)
	error("quiz: prepbook.error returned", 0)
end

local function quote(s)
	return "'" .. tostring(s) .. "'"
end

-- YAML's null inside a list arrives as prepbook.null.
local function is_table(t)
	return type(t) == "table" and t ~= api.null
end

local function is_list(t)
	if not is_table(t) then
		return false
	end
	local n = 0
	for _ in pairs(t) do
		n = n + 1
	end
	return n == #t
end

local function is_map(t)
	if not is_table(t) then
		return false
	end
	for k in pairs(t) do
		if type(k) ~= "string" then
			return false
		end
	end
	return true
end

-- Unknown keys, in sorted order so the report does not depend on the
-- table's, with the nearest known key as a hint.
local function check_keys(map, known, what)
	local keys, allowed = {}, {}
	for _, k in ipairs(known) do
		allowed[k] = true
	end
	for k in pairs(map) do
		keys[#keys + 1] = k
	end
	table.sort(keys)
	for _, k in ipairs(keys) do
		if not allowed[k] then
			local near = api.nearest(k, known)
			fail(map, k, "%s has unknown key %s%s", what, quote(k),
				near and " (did you mean " .. quote(near) .. "?)" or "")
		end
	end
end

-- Author text: a string, or a number or boolean YAML read as one; nil
-- when absent.  Required text must not be blank.
local function text(map, key, what, required)
	local v = map[key]
	if v == nil then
		if required then
			fail(map, key, "%s has no %s", what, quote(key))
		end
		return nil
	end
	local t = type(v)
	if t == "number" or t == "boolean" then
		v = tostring(v)
	elseif t ~= "string" then
		fail(map, key, "%s: %s must be text", what, quote(key))
	end
	if v:match("^%s*$") then
		if required then
			fail(map, key, "%s: %s is empty", what, quote(key))
		end
		return nil
	end
	return v
end

local function flag(map, key, what)
	local v = map[key]
	if v ~= nil and type(v) ~= "boolean" then
		fail(map, key, "%s: %s must be true or false", what, quote(key))
	end
	return v
end

-- Inline Markdown as HTML; text that renders as a block (a list, several
-- paragraphs) cannot sit in a legend or a label.
local function inline(map, key, what, source)
	local html = api.markdown(source)
	local tag = html:match("^%s*<(%w+)")
	if tag and BLOCK_TAGS[tag:lower()] then
		fail(map, key, "%s: %s must be one line of inline Markdown, not %s",
			what, quote(key), tag:lower() == "p" and "several paragraphs"
			or "a block")
	end
	return html
end

-- Markdown that may be a block (several paragraphs, a list): an
-- explanation.  A single line comes back as a paragraph.
local function block(source)
	local html = api.markdown(source)
	local tag = html:match("^%s*<(%w+)")
	if tag and BLOCK_TAGS[tag:lower()] then
		return html
	end
	return "<p>" .. html .. "</p>"
end

-- One choice: a map, or a plain string for a wrong choice with no why.
local function check_choice(choices, j, what)
	local raw = choices[j]
	what = what .. ", choice " .. j
	if type(raw) == "string" or type(raw) == "number" then
		raw = { text = tostring(raw) }
		if raw.text:match("^%s*$") then
			fail(choices, j, "%s is empty", what)
		end
		return { text = raw.text, html = inline(choices, j, what, raw.text),
			correct = false, at = { choices, j } }
	end
	if not is_map(raw) then
		fail(choices, j, "%s must be a map with 'text', or a string", what)
	end
	check_keys(raw, CHOICE_KEYS, what)
	local choice = { text = text(raw, "text", what, true), at = { raw, "text" } }
	choice.html = inline(raw, "text", what, choice.text)
	choice.correct = flag(raw, "correct", what) or false
	local why = text(raw, "why", what, false)
	choice.why = why and inline(raw, "why", what, why)
	return choice
end

-- The key a reader's answer is saved under: the question's text, not its
-- place in the quiz, so reordering questions keeps every answer.
local function question_key(q)
	local parts = { q.prompt }
	for _, c in ipairs(q.choices) do
		parts[#parts + 1] = c.text .. "\1" .. (c.correct and "1" or "0")
	end
	return api.hash(table.concat(parts, "\0"))
end

local function check_choices(raw, q, what)
	local choices = raw.choices
	if choices == nil then
		fail(raw, "choices", "%s has no 'choices'", what)
	elseif not is_list(choices) then
		fail(raw, "choices", "%s: 'choices' must be a list", what)
	elseif #choices < 2 then
		fail(raw, "choices", "%s needs at least two choices, got %d", what,
			#choices)
	end
	local seen, right = {}, 0
	for j = 1, #choices do
		local c = check_choice(choices, j, what)
		local same = c.text:gsub("^%s+", ""):gsub("%s+$", "")
		if seen[same] then
			fail(c.at[1], c.at[2], "%s, choice %d repeats the text of choice %d",
				what, j, seen[same])
		end
		seen[same] = j
		right = right + (c.correct and 1 or 0)
		q.choices[j] = c
	end
	return right
end

local function check_question(list, i, count)
	local raw = list[i]
	local what = "question " .. i
	if not is_map(raw) then
		fail(list, i, "%s must be a map with 'prompt' and 'choices'", what)
	end
	check_keys(raw, QUESTION_KEYS, what)
	local q = { choices = {}, number = i, count = count }
	q.prompt = text(raw, "prompt", what, true)
	q.prompt_html = inline(raw, "prompt", what, q.prompt)
	local right = check_choices(raw, q, what)
	if right == 0 then
		fail(raw, "choices",
			"%s has no correct answer; mark one with 'correct: true'", what)
	end
	local multiple = flag(raw, "multiple", what)
	if multiple == false and right > 1 then
		fail(raw, "multiple",
			"%s has %d correct choices, so it cannot be 'multiple: false'",
			what, right)
	end
	q.multiple = multiple or right > 1
	local explain = text(raw, "explain", what, false)
	q.explain = explain and block(explain)
	q.key = question_key(q)
	q.raw = raw
	return q
end

-- A page's path as an id: content/economics/tco.md -> economics-tco.
local function page_slug(source)
	local path = tostring(source or ""):gsub("^content/", ""):gsub("%.md$", "")
	local slug = path:lower():gsub("[^%w]+", "-"):gsub("^-+", ""):gsub("-+$", "")
	return slug ~= "" and slug or "page"
end

local function check_block(args, ctx)
	if not is_map(args) then
		fail(nil, nil, "the block must be a YAML map with 'questions'")
	end
	check_keys(args, BLOCK_KEYS, "the quiz")
	local quiz = { questions = {} }
	quiz.id = text(args, "id", "the quiz", false)
	if quiz.id and not quiz.id:match("^[a-z0-9][a-z0-9-]*$") then
		fail(args, "id",
			"the quiz's id %s must hold only lowercase letters, digits and '-'",
			quote(quiz.id))
	end
	-- Without an id, the page and the quiz's place among the page's
	-- quizzes: stable while other text of the handbook changes.
	quiz.id = quiz.id or (page_slug(ctx.page.source) .. "-" .. ctx.index)
	quiz.title = text(args, "title", "the quiz", false) or "Quiz"
	local list = args.questions
	if list == nil then
		fail(args, "questions", "the quiz has no 'questions'")
	elseif not is_list(list) or #list == 0 then
		fail(args, "questions",
			"'questions' must be a list with at least one question")
	end
	local keys = {}
	for i = 1, #list do
		local q = check_question(list, i, #list)
		if keys[q.key] then
			fail(q.raw, "prompt", "question %d repeats question %d", i,
				keys[q.key])
		end
		keys[q.key] = i
		quiz.questions[i] = q
	end
	return quiz
end

-- ---------------------------------------------------------------------
-- HTML
-- ---------------------------------------------------------------------

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

-- The answer for readers without JavaScript and for print: which choices
-- are right, every why, the explanation.  data-answer keeps it out of
-- the search index and moves it to print.html's answer key.
local function answer_html(q)
	local right, whys = {}, {}
	for _, c in ipairs(q.choices) do
		if c.correct then
			right[#right + 1] = c.html
		end
		whys[#whys + 1] = '<li class="quiz-why-' .. (c.correct and "right"
			or "wrong") .. '"><strong>' .. (c.correct and "Right:" or "Wrong:")
			.. "</strong> " .. c.html .. (c.why and (" \u{2014} " .. c.why)
			or "") .. "</li>"
	end
	return '<details class="quiz-answer" data-answer><summary>Show the answer</summary>'
		.. '<p class="quiz-answer-right">' .. (#right > 1 and "Answers: "
		or "Answer: ") .. table.concat(right, "; ") .. "</p>"
		.. '<ul class="quiz-answer-whys">' .. table.concat(whys) .. "</ul>"
		.. (q.explain and ('<div class="quiz-answer-explain">' .. q.explain
		.. "</div>") or "") .. "</details>"
end

local function choice_html(q, c, j, name, ctx)
	return '<li class="quiz-choice"><label class="quiz-label"><input'
		.. attrs({ "type", q.multiple and "checkbox" or "radio", "name", name,
		"value", tostring(j - 1) }) .. '> <span class="quiz-text">' .. c.html
		.. "</span></label>" .. '<p class="quiz-feedback"' .. attrs({ "id",
		ctx.unique_id("quiz") }) .. ' hidden><strong class="quiz-verdict">'
		.. "</strong>" .. (c.why and (' <span class="quiz-why">' .. c.why
		.. "</span>") or "") .. "</p></li>"
end

local function question_html(q, root, ctx)
	local id = root .. "-" .. q.key
	if not ctx.claim_id(id) then
		fail(q.raw, "prompt", "question %d: element id %s is already used on this page",
			q.number, quote(id))
	end
	local hint_id = ctx.unique_id("quiz")
	local number = q.count > 1 and ('<span class="quiz-number">Question '
		.. q.number .. " of " .. q.count .. ".</span> ") or ""
	local parts = { "<fieldset" .. attrs({ "class", "quiz-question", "id", id,
		"data-key", q.key, "aria-describedby", hint_id }) .. ">",
		'<legend class="quiz-prompt">' .. number
		.. '<span class="quiz-prompt-text">' .. q.prompt_html
		.. "</span></legend>",
		'<p class="quiz-hint"' .. attrs({ "id", hint_id }) .. ">"
		.. (q.multiple and "Choose all that apply." or "Choose one answer.")
		.. "</p>",
		'<ul class="quiz-choices">' }
	for j, c in ipairs(q.choices) do
		parts[#parts + 1] = choice_html(q, c, j, id, ctx)
	end
	parts[#parts + 1] = "</ul>"
	if q.explain then
		parts[#parts + 1] = '<div class="quiz-explain" hidden>'
			.. '<p class="quiz-explain-label"><strong>Explanation</strong></p>'
			.. q.explain .. "</div>"
	end
	parts[#parts + 1] = answer_html(q)
	parts[#parts + 1] = "</fieldset>"
	return table.concat(parts, "\n")
end

-- The JSON the script reads: per question its key, its number of
-- choices, whether several are right, and which.
local function model_json(quiz, store_key)
	local questions = {}
	for i, q in ipairs(quiz.questions) do
		local right = {}
		for j, c in ipairs(q.choices) do
			if c.correct then
				right[#right + 1] = tostring(j - 1)
			end
		end
		questions[i] = '{"key":' .. api.json_string(q.key) .. ',"choices":'
			.. #q.choices .. ',"multiple":' .. tostring(q.multiple)
			.. ',"correct":[' .. table.concat(right, ",") .. "]}"
	end
	return '{"id":' .. api.json_string(quiz.id) .. ',"store":'
		.. api.json_string(store_key) .. ',"questions":['
		.. table.concat(questions, ",") .. "]}"
end

local function render_html(quiz, root, store_key, ctx)
	local title_id = ctx.unique_id("quiz")
	local parts = { "<section" .. attrs({ "class", "quiz", "id", root,
		"data-quiz", "", "aria-labelledby", title_id }) .. ">",
		'<h3 class="quiz-title"' .. attrs({ "id", title_id }) .. ">"
		.. esc(quiz.title) .. "</h3>",
		'<form class="quiz-form">' }
	for _, q in ipairs(quiz.questions) do
		parts[#parts + 1] = question_html(q, root, ctx)
	end
	parts[#parts + 1] = '<div class="quiz-actions" hidden>'
		.. '<button type="submit" class="quiz-check">Check answers</button>'
		.. ' <button type="button" class="quiz-retry" hidden>Try again</button>'
		.. "</div>"
	parts[#parts + 1] = '<p class="quiz-result" role="status"'
		.. ' aria-live="polite" tabindex="-1"></p>'
	parts[#parts + 1] = "</form>"
	parts[#parts + 1] = '<script type="application/json" class="quiz-data">'
		.. model_json(quiz, store_key) .. "</script></section>"
	return table.concat(parts, "\n")
end

return {
	render = function(args, ctx)
		local quiz = check_block(args, ctx)
		local root = "quiz-" .. quiz.id
		if not ctx.claim_id(root) then
			fail(args, "id", "id %s is already used by another quiz on this page",
				quote(quiz.id))
		end
		-- One namespace per handbook, so two handbooks served from one
		-- origin (or opened from disk) keep apart.
		local store = "prepbook:" .. api.hash(tostring(ctx.site.title or ""))
		local store_key = store .. ":quiz:" .. quiz.id
		local html = render_html(quiz, root, store_key, ctx)
		local keys = {}
		for i, q in ipairs(quiz.questions) do
			keys[i] = q.key
		end
		ctx.record({ kind = "quiz", id = quiz.id, title = quiz.title,
			count = #quiz.questions, summary = #quiz.questions == 1
			and "1 question" or (#quiz.questions .. " questions"),
			items = table.concat(keys, " "),
			key = store_key, store = store, anchor = root }, args, "id")
		return html
	end,
	assets = { "progress.js", "quiz.js", "quiz.css" },
}
