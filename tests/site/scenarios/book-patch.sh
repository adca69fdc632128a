# After a one-page edit, the search index and print.html are patched, not
# made again from every page: the pages whose HTML did not change are
# replayed from the book's state (.prepbook-book), their text files kept
# and their part of print.html copied, and the result is exactly what a
# clean build gives.  A text file of the index far from the edit is
# marked (same length) in the site: the mark survives the rebuild, so
# the file was kept, not written again.
. "$(dirname "$0")/lib.sh"
hb=$work/hb
mkdir -p "$hb/content"
printf 'title: Patched\nbase_url: https://example.org/patched\n' >"$hb/handbook.yml"
printf -- '---\ntitle: Home\n---\nThe home page.\n' >"$hb/content/index.md"
for part in alpha beta gamma; do
	mkdir -p "$hb/content/$part"
	i=1
	while [ "$i" -le 30 ]; do
		{
			printf -- '---\ntitle: %s page %s\n---\n' "$part" "$i"
			printf 'Opening words of %s %s about storage and compute.\n\n' "$part" "$i"
			printf '## Costs of %s %s\n\nClusters bill by the second; word%s%s.\n\n' "$part" "$i" "$part" "$i"
			printf '## Risks %s\n\nSkew, spill and shuffle in %s.\n' "$i" "$part"
		} >"$hb/content/$part/p$i.md"
		i=$((i + 1))
	done
done

compare() {
	label=$1
	rm -rf "$work/clean"
	"$BIN" build -C "$hb" -o "$work/clean" 2>"$work/clean.err" || die "$label: clean build failed: $(cat "$work/clean.err")"
	diff -r "$work/clean" "$work/inc" >&2 || die "$label: trees differ"
}

"$BIN" build -C "$hb" -o "$work/inc" 2>"$work/inc.err" || die "first build failed: $(cat "$work/inc.err")"
[ -s "$work/inc/.prepbook-book" ] || die "no book state written"
compare "first build"

# The text file holding gamma page 25, far from the edit in alpha.
far=$(grep -l 'wordgamma25' "$work/inc/search-index/pages/gamma/"*.js | head -n 1)
[ -n "$far" ] || die "no text file holds gamma page 25"
sed -i 's/wordgamma25/WORDGAMMA25/' "$far"
printf '\nA new sentence with wordedited.\n' >>"$hb/content/alpha/p3.md"
"$BIN" build -C "$hb" -o "$work/inc" 2>"$work/inc.err" || die "the rebuild failed: $(cat "$work/inc.err")"
grep -q 'WORDGAMMA25' "$far" || die "a text file far from the edit was written again"
grep -rq '"wordedited"' "$work/inc/search-index/terms" || die "the edited page's new word is not a term"
grep -q 'wordedited' "$work/inc/print.html" || die "print.html lacks the edited page's new text"
sed -i 's/WORDGAMMA25/wordgamma25/' "$far"
compare "a body edit"

# A changed title changes the book's pages but not its layout.
sed -i 's/^title: beta page 7$/title: beta page seven/' "$hb/content/beta/p7.md"
"$BIN" build -C "$hb" -o "$work/inc" 2>"$work/inc.err" || die "the title rebuild failed"
compare "a title"

# A removed page changes every page's place: the book is made anew.
rm "$hb/content/gamma/p2.md"
"$BIN" build -C "$hb" -o "$work/inc" 2>"$work/inc.err" || die "the removal rebuild failed"
compare "a removed page"
