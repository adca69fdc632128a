# A page's HTML does not grow with the pages of other parts: it lists the
# parts and its own part's pages, and the whole tree is in nav-tree.js.
. "$(dirname "$0")/lib.sh"

# make_handbook DIR N: part "a" with two pages, part "b" with N pages.
make_handbook() {
	mkdir -p "$1/content/a" "$1/content/b"
	printf 'title: Sizes\n' >"$1/handbook.yml"
	printf -- '---\ntitle: Home\n---\nHome.\n' >"$1/content/index.md"
	for i in 1 2; do
		printf -- '---\ntitle: A %s\n---\nText.\n' "$i" >"$1/content/a/p$i.md"
	done
	i=1
	while [ "$i" -le "$2" ]; do
		printf -- '---\ntitle: B %s\n---\nText.\n' "$i" >"$1/content/b/p$i.md"
		i=$((i + 1))
	done
}

make_handbook "$work/small" 5
make_handbook "$work/big" 400
"$BIN" build -C "$work/small" -o "$work/small-site" || die "small build failed"
"$BIN" build -C "$work/big" -o "$work/big-site" || die "big build failed"
small=$(wc -c <"$work/small-site/a/p1.html")
big=$(wc -c <"$work/big-site/a/p1.html")
[ "$small" -eq "$big" ] ||
	die "a/p1.html is $small bytes beside 5 pages of part b, $big beside 400"
grep -q '"b/p400.html"' "$work/big-site/nav-tree.js" || die "nav-tree.js lacks part b's pages"
