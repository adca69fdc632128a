# The same input gives byte-identical output, whatever the thread count:
# the basic fixture, the default theme's whole site (search index,
# print.html, service worker) on the browser tests' print handbook, and a
# handbook whose many pages make plugins render inline Markdown on every
# render thread at once.
. "$(dirname "$0")/lib.sh"
copy_fixture basic
"$BIN" build -C "$work/basic" -o "$work/one" -j 1 || die "build 1 failed"
"$BIN" build -C "$work/basic" -o "$work/two" -j 4 || die "build 2 failed"
diff -r "$work/one" "$work/two" || die "outputs differ"

repo=$(cd "$fixtures/../.." && pwd)
"$BIN" build -C "$repo/tests/e2e/fixtures/print" -o "$work/d1" -j 1 2>/dev/null || die "print build 1 failed"
"$BIN" build -C "$repo/tests/e2e/fixtures/print" -o "$work/d4" -j 4 2>/dev/null || die "print build 4 failed"
[ -f "$work/d4/print.html" ] && [ -f "$work/d4/sw.js" ] && [ -f "$work/d4/search-index.js" ] ||
	die "the default theme's site files are missing"
diff -r "$work/d1" "$work/d4" || die "the default theme's outputs differ between -j 1 and -j 4"

copy_fixture plugin-custom
hb=$work/plugin-custom
for i in $(seq 1 40); do
	{
		printf -- '---\ntitle: Page %s\n---\n' "$i"
		for j in $(seq 1 25); do
			printf '\n```shout\ntext: a ~~gone~~ b %s, https://example.org/%s\n```\n' "$j" "$j"
		done
	} >"$hb/content/page-$i.md"
done
"$BIN" build -C "$hb" -o "$work/p1" -j 1 || die "plugin build 1 failed"
"$BIN" build -C "$hb" -o "$work/p8" -j 8 || die "plugin build 8 failed"
diff -r "$work/p1" "$work/p8" >/dev/null || die "plugin outputs differ between -j 1 and -j 8"
[ "$(cat "$work"/p8/page-*.html | grep -o '<del>gone</del>' | wc -l)" -eq 1000 ] ||
	die "strikethrough lost in parallel inline Markdown"

# More pages than the book reads back in one batch (book.c): the search
# index and print.html take them in reading order whatever the threads.
hb=$work/many
mkdir -p "$hb/content/part"
printf 'title: Many\nbase_url: https://example.org\n' >"$hb/handbook.yml"
printf -- '---\ntitle: Home\n---\nStart.\n' >"$hb/content/index.md"
for i in $(seq 100 399); do
	printf -- '---\ntitle: Page %s\nweight: %s\n---\n## Part %s\n\nWord%s and text.\n' \
		"$i" "$i" "$i" "$i" >"$hb/content/part/page-$i.md"
done
"$BIN" build -C "$hb" -o "$work/m1" -j 1 || die "many-page build 1 failed"
"$BIN" build -C "$hb" -o "$work/m3" -j 3 || die "many-page build 3 failed"
diff -r "$work/m1" "$work/m3" >/dev/null || die "many-page outputs differ between -j 1 and -j 3"
[ "$(grep -o 'Word[0-9]*' "$work/m3/print.html" | tr -d Word | tr '\n' ' ')" = "$(seq 100 399 | tr '\n' ' ')" ] ||
	die "print.html lost the reading order"
