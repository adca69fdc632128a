# An incremental rebuild gives exactly what a clean build gives, after
# each kind of change: a page's body, its title, a heading another page
# links to (removed: the linking page's error must appear although that
# page did not change), a calculator's id another page links to, a quiz
# id taken twice, a template, a plugin, the config, a deleted page and a
# new one.  The progress page lists the quizzes of pages not rendered
# again; the search index and print.html hold the text of pages not
# rendered again next to the changed page's new text, and the service
# worker's version follows every change.  A rebuild with no change
# rewrites no file and repeats the warnings of the pages it did not
# render.
. "$(dirname "$0")/lib.sh"
repo=$(cd "$fixtures/../.." && pwd)
hb=$work/hb
mkdir -p "$hb/content/guide" "$hb/content/more" "$hb/plugins/assets" "$hb/themes"
cp -R "$repo/themes/default" "$hb/themes/default"
cp "$fixtures/plugin-custom/plugins/shout.lua" "$hb/plugins/"
cp "$fixtures/plugin-custom/plugins/assets/shout.css" "$hb/plugins/assets/"
printf 'title: Incremental\nrepo_url: https://example.org/repo\n' >"$hb/handbook.yml"
cat >"$hb/content/index.md" <<'MD'
---
title: Home
---
Start with [installing](guide/setup.md#install), [the FAQ](more/faq.md)
and [its calculator](more/faq.md#calc-cost).
MD
cat >"$hb/content/guide/_index.md" <<'MD'
---
title: Guide
weight: 1
---
The guide.
MD
cat >"$hb/content/guide/setup.md" <<'MD'
---
title: Setup
weight: 1
---
## Install

Run it.

## Configure

Set it.
MD
cat >"$hb/content/guide/usage.md" <<'MD'
---
title: Usage
weight: 2
---
Use it, after [setup](setup.md#configure).

<b>raw</b> HTML is removed with a warning.
MD
cat >"$hb/content/guide/third.md" <<'MD'
---
title: Third
weight: 3
---
The last page of the guide.
MD
cat >"$hb/content/more/_index.md" <<'MD'
---
title: More
weight: 2
---
More pages.
MD
cat >"$hb/content/more/faq.md" <<'MD'
---
title: FAQ
---
```shout
text: questions, see [usage](../guide/usage.md)
```

```calculator
id: cost
title: Cost
inputs:
  - {id: n, label: Count, default: 3}
outputs:
  - {id: total, label: Total, formula: n * 2}
```

```quiz
id: faq-quiz
questions:
  - prompt: Which is right?
    choices:
      - text: This one
        correct: true
      - text: That one
```
MD

# Builds the handbook incrementally into inc and cleanly into a fresh
# folder, and compares exit status, messages and every file.
compare() {
	label=$1
	s1=0 s2=0
	"$BIN" build -C "$hb" -o "$work/inc" -j 2 >"$work/inc.out" 2>"$work/inc.err" || s1=$?
	rm -rf "$work/clean"
	"$BIN" build -C "$hb" -o "$work/clean" -j 2 >"$work/clean.out" 2>"$work/clean.err" || s2=$?
	[ "$s1" -eq "$s2" ] || die "$label: incremental exit $s1, clean exit $s2"
	diff "$work/clean.err" "$work/inc.err" >&2 || die "$label: messages differ"
	[ "$s2" -ne 0 ] || diff -r "$work/clean" "$work/inc" >&2 || die "$label: trees differ"
}

compare "first build"
grep -q 'faq-quiz' "$work/inc/progress.html" || die "the progress page lacks the quiz"
grep -q 'raw HTML' "$work/inc.err" || die "the fixture's warning is missing: $(cat "$work/inc.err")"
ino=$(stat -c %i "$work/inc/guide/setup.html")
version() {
	sed -n 's/^self.PREPBOOK_VERSION = "\(.*\)";$/\1/p' "$work/inc/sw.js"
}
v1=$(version)
book_inodes() {
	echo "$(stat -c %i "$work/inc/print.html") $(stat -c %i "$work/inc/search-index.js")"
}
book_ino=$(book_inodes)
cp "$work/inc/.prepbook-cache" "$work/cache.copy"
compare "no change"
# The kept pages' entries are copied, not written anew: the same bytes.
cmp -s "$work/cache.copy" "$work/inc/.prepbook-cache" || die "a no-op rebuild changed the build cache"
[ "$(stat -c %i "$work/inc/guide/setup.html")" = "$ino" ] || die "a no-op rebuild rewrote a page"
[ "$(version)" = "$v1" ] || die "a no-op rebuild changed the service worker's version"
[ "$(book_inodes)" = "$book_ino" ] || die "a no-op rebuild rewrote print.html or the search index"

# A new content file changes no page: the book's files are kept as they
# are, and the service worker lists the file under a new version.
printf 'a,b\n1,2\n' >"$hb/content/more/data.csv"
compare "a new content file"
[ "$(book_inodes)" = "$book_ino" ] || die "a new content file rewrote print.html or the search index"
grep -q '"more/data.csv"' "$work/inc/sw.js" || die "the service worker does not list the new file"
[ "$(version)" != "$v1" ] || die "a new content file left the service worker's version"
# Markdown that renders to the same HTML still sizes the search index's
# text files: blank lines at the end of a page.
cp -p "$hb/content/guide/usage.md" "$work/usage.copy"
i=0
while [ $i -lt 3000 ]; do echo; i=$((i + 1)); done >>"$hb/content/guide/usage.md"
compare "blank lines that change no HTML"
cp -p "$work/usage.copy" "$hb/content/guide/usage.md"
compare "the blank lines removed"

# Kept means not made again: a mark put into the site's print.html
# survives a rebuild in which no page changed.
cp -p "$work/inc/print.html" "$work/print.copy"
printf '<!-- kept -->\n' >>"$work/inc/print.html"
"$BIN" build -C "$hb" -o "$work/inc" -j 2 2>/dev/null || die "the rebuild failed"
grep -q '<!-- kept -->' "$work/inc/print.html" || die "a rebuild with no page changed made print.html again"
cp -p "$work/print.copy" "$work/inc/print.html"
rm "$hb/content/more/data.csv"
compare "the content file removed"
[ "$(version)" = "$v1" ] || die "removing the file did not restore the version"

# A body edit changes no list of pages: the lists group (nav-tree.js,
# the sitemap, the tag pages) is kept, not made again: a mark in the
# site's nav-tree.js survives it.
cp -p "$work/inc/nav-tree.js" "$work/nav-tree.copy"
printf '/* kept */\n' >>"$work/inc/nav-tree.js"
printf '\nA body edit.\n' >>"$hb/content/guide/usage.md"
"$BIN" build -C "$hb" -o "$work/inc" -j 2 2>/dev/null || die "the rebuild failed"
grep -q 'kept' "$work/inc/nav-tree.js" || die "a body edit made nav-tree.js again"
cp -p "$work/nav-tree.copy" "$work/inc/nav-tree.js"

printf '\nMore text, findable.\n' >>"$hb/content/guide/usage.md"
compare "page body"
grep -q 'faq-quiz' "$work/inc/progress.html" || die "a kept page's quiz left the progress page"
# The changed page's new text and a kept page's text, side by side.
grep -q 'More text, findable' "$work/inc/print.html" || die "print.html lacks the new text"
grep -q 'Set it.' "$work/inc/print.html" || die "print.html lost a kept page"
grep -q 'class="print-answer"' "$work/inc/print.html" || die "print.html lost a kept page's answers"
grep -rq 'More text, findable' "$work/inc/search-index/pages" || die "the index lacks the new text"
grep -rq 'Set it.' "$work/inc/search-index/pages" || die "the index lost a kept page"
grep -rq '"findable"' "$work/inc/search-index/terms" || die "the new word is not a term"
[ "$(version)" != "$v1" ] || die "the service worker's version did not change"

# A page that did not change is copied from the previous print.html, not
# made again: a mark of the same length put into a kept page's part of
# the site's print.html survives an edit of another page.
sed -i 's/Set it\./Set IT./' "$work/inc/print.html"
printf '\nEven more text.\n' >>"$hb/content/guide/usage.md"
"$BIN" build -C "$hb" -o "$work/inc" -j 2 2>/dev/null || die "the rebuild failed"
grep -q 'Set IT\.' "$work/inc/print.html" || die "a kept page's part of print.html was made again"
grep -q 'Even more text' "$work/inc/print.html" || die "print.html lacks the edited page's new text"
sed -i 's/Set IT\./Set it./' "$work/inc/print.html"
printf '\nAnd more.\n' >>"$hb/content/guide/usage.md"
compare "an edit after a copied print.html"

# A quiz added before another page's quiz renumbers that page's answers
# in print.html, although that page did not change.
cp -p "$hb/content/guide/third.md" "$work/third.before-quiz"
printf '\n```quiz\nid: third-quiz\nquestions:\n  - prompt: Early?\n    choices:\n      - text: Yes\n        correct: true\n      - text: No\n```\n' >>"$hb/content/guide/third.md"
compare "a quiz added before another"
# A second question: the next page's HTML stays the same, its answer's
# number in print.html does not.
printf '  - prompt: Late?\n    choices:\n      - text: Yes\n        correct: true\n      - text: No\n' >>"$hb/content/guide/third.md"
sed -i '/^```$/d' "$hb/content/guide/third.md"
printf '```\n' >>"$hb/content/guide/third.md"
cp -p "$work/inc/more/faq.html" "$work/faq.before"
compare "a question added before another page's quiz"
cmp -s "$work/faq.before" "$work/inc/more/faq.html" || die "the later page's HTML changed: the test needs it unchanged"
grep -q 'print:answer-3' "$work/inc/print.html" || die "the later page's answer was not renumbered"
cp -p "$work/third.before-quiz" "$hb/content/guide/third.md"
compare "the quiz removed again"

# A damaged book state is not used: the next build makes the book anew.
printf 'not a state' >"$work/inc/.prepbook-book"
printf '\nOnce more.\n' >>"$hb/content/guide/usage.md"
compare "a damaged book state"

sed -i 's/^id: cost$/id: costs/' "$hb/content/more/faq.md"
compare "a linked calculator renamed"
grep -q "calc-cost" "$work/inc.err" || die "the link to the old calculator id was not reported"
sed -i 's/faq.md#calc-cost)/faq.md#calc-costs)/' "$hb/content/index.md"
compare "the calculator link fixed"

printf -- '---\ntitle: Twin\nweight: 9\n---\n```quiz\nid: faq-quiz\nquestions:\n  - prompt: Again?\n    choices:\n      - text: Yes\n        correct: true\n      - text: No\n```\n' >"$hb/content/more/twin.md"
compare "a quiz id taken twice"
grep -q "faq-quiz" "$work/inc.err" || die "the duplicate quiz id was not reported"
rm "$hb/content/more/twin.md"
compare "the twin removed"

# Third's navigation lists Setup, although they are not neighbours.
sed -i 's/^title: Setup$/title: Setting up/' "$hb/content/guide/setup.md"
compare "page title"
grep -q 'Setting up' "$work/inc/guide/third.html" || die "a sibling's new title is missing"

# The next part's landing page points back at the guide's last page.
sed -i 's/^title: Third$/title: The third/' "$hb/content/guide/third.md"
compare "the title of a part's last page"

sed -i 's/^## Install$/## Installation/' "$hb/content/guide/setup.md"
compare "a linked heading removed"
grep -q "no heading or anchor '#install'" "$work/inc.err" || die "the linking page's error was not reported"
sed -i 's/setup.md#install/setup.md#installation/' "$hb/content/index.md"
compare "the link fixed"

sed -i 's/<footer/<footer data-changed="1"/' "$hb/themes/default/partials/footer.mustache"
grep -q 'data-changed' "$hb/themes/default/partials/footer.mustache" || die "footer edit did not apply"
compare "template"
grep -q 'data-changed' "$work/inc/guide/usage.html" || die "template change not in a kept page"

sed -i 's/class="shout"/class="shout loud"/' "$hb/plugins/shout.lua"
compare "plugin"

printf 'title: Incremental, renamed\nrepo_url: https://example.org/repo\n' >"$hb/handbook.yml"
compare "config"

rm "$hb/content/guide/usage.md"
sed -i 's/see \[usage\](..\/guide\/usage.md)/no links/' "$hb/content/more/faq.md"
compare "deleted page"
[ ! -e "$work/inc/guide/usage.html" ] || die "a deleted page's HTML is still there"

printf -- '---\ntitle: New page\nweight: 3\n---\nNew, linking [setup](setup.md).\n' >"$hb/content/guide/new.md"
compare "new page"
