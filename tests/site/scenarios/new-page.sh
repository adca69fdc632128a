# `prepbook new` writes a draft placed after its siblings, and names the
# problem with a path it refuses.
. "$(dirname "$0")/lib.sh"
hb=$work/hb
mkdir -p "$hb/content/p"
echo 'title: New' >"$hb/handbook.yml"
printf -- '---\ntitle: P\nweight: 9\n---\n' >"$hb/content/p/_index.md"
printf -- '---\ntitle: A\nweight: 3\n---\n' >"$hb/content/p/a.md"
printf -- '---\ntitle: B\nweight: 7\ndraft: true\n---\n' >"$hb/content/p/b.md"
printf -- '---\ntitle: Top\nweight: 12\n---\n' >"$hb/content/top.md"

"$BIN" new content/p/c.md --title 'C page' -C "$hb" >"$work/out" ||
	die "new failed"
cat >"$work/want" <<'PAGE'
---
title: "C page"
description: ""
weight: 8
draft: true # remove this line to publish the page
---

Write the page here.
PAGE
diff -u "$work/want" "$hb/content/p/c.md" || die "the new page differs"
grep -q "^created content/p/c.md, a draft after its siblings" "$work/out" ||
	die "new said: $(cat "$work/out")"
# Beside the parts, a page comes after the heaviest part or page.
"$BIN" new content/glossary.md --title G -C "$hb" >/dev/null || die "new failed"
grep -q '^weight: 13$' "$hb/content/glossary.md" || die "top-level weight"
# The draft stays out of the site until the line goes.
"$BIN" build -C "$hb" || die "build failed"
[ ! -e "$hb/site/p/c.html" ] || die "a new page published as a draft"

refused() {
	want=$1; shift
	status=0
	"$BIN" new "$@" -C "$hb" >"$work/out" 2>"$work/err" || status=$?
	[ "$status" -eq 2 ] || die "new $* exited $status, expected 2"
	head -1 "$work/err" >"$work/first"
	echo "$want" | diff -u - "$work/first" || die "new $*: wrong message"
}
refused "prepbook: new takes one page path, and a page's name cannot hold spaces: did you mean 'content/p/another-chapter.md'?" \
	content/p/another chapter.md --title 'Another chapter'
refused "content/p/another chapter.md: error: not a new page's path: a name cannot hold a space (it becomes a URL): use lowercase letters, digits and '-', as in my-page.md; a page path looks like content/<part>/<page>.md" \
	'content/p/another chapter.md' --title 'Another chapter'
refused "content/p/Upper.md: error: not a new page's path: names are lowercase; a page path looks like content/<part>/<page>.md" \
	content/p/Upper.md --title U
refused "prepbook: new wants the page's title: --title \"...\" after 'content/p/d.md'" \
	content/p/d.md
refused "prepbook: new wants a page path: prepbook new content/<part>/<page>.md --title \"...\"" \
	--title T
