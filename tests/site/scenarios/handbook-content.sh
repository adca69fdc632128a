# The handbook in content/ keeps what issue 16 and ../shared/HANDBOOK.md
# ask of it, so it cannot silently shrink: at least 14 pages and 12,000
# words of prose (outside code, calculator, quiz and checklist blocks and
# front matter), four calculators, seven quizzes with 35 questions, a
# checklist, a glossary of 25 terms, and a build with no warning at all.
. "$(dirname "$0")/lib.sh"
repo=$(cd "$fixtures/../.." && pwd)
content=$repo/content

pages=$(find "$content" -name '*.md' | wc -l)
[ "$pages" -ge 14 ] || die "content/ has $pages pages, fewer than 14"

# Prose words: front matter and fenced blocks left out.
words=$(find "$content" -name '*.md' -exec awk '
	FNR == 1 { fm = ($0 == "---"); fence = 0; next }
	fm { if ($0 ~ /^---[ \t]*$/) fm = 0; next }
	/^(```|~~~)/ { fence = !fence; next }
	!fence { n += NF }
	END { print n + 0 }' {} + | awk '{ s += $1 } END { print s }')
[ "$words" -ge 12000 ] || die "content/ has $words words of prose, fewer than 12,000"

count_fences() {
	grep -rh "^\`\`\`$1[[:space:]]*\$" "$content" | wc -l
}
calculators=$(count_fences calculator)
quizzes=$(count_fences quiz)
checklists=$(count_fences checklist)
questions=$(grep -rhE '^  - prompt:' "$content" | wc -l)
[ "$calculators" -ge 4 ] || die "$calculators calculators, fewer than 4"
[ "$quizzes" -ge 7 ] || die "$quizzes quizzes, fewer than 7"
[ "$questions" -ge 35 ] || die "$questions quiz questions, fewer than 35"
[ "$checklists" -ge 1 ] || die "no checklist"
terms=$(grep -c '^## ' "$content/glossary.md")
[ "$terms" -ge 25 ] || die "the glossary has $terms terms, fewer than 25"

"$BIN" build -C "$repo" -o "$work/site" >"$work/out" 2>"$work/err" ||
	die "the handbook does not build: $(cat "$work/err")"
[ ! -s "$work/err" ] || die "the handbook builds with messages: $(cat "$work/err")"
echo "handbook: $pages pages, $words words, $calculators calculators," \
	"$quizzes quizzes ($questions questions), $checklists checklist, $terms terms"
