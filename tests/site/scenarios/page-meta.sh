# Every page has its own description (front matter, else its first
# paragraph, cut at a word), Open Graph tags, and a canonical link and
# og:url only when the handbook has a base_url; tags link to tag pages.
. "$(dirname "$0")/lib.sh"
hb=$work/hb
mkdir -p "$hb/content"
printf 'title: Meta\n' >"$hb/handbook.yml"
printf -- '---\ntitle: Home\n---\nShort first paragraph.\n\nSecond.\n' >"$hb/content/index.md"
printf -- '---\ntitle: Described\ndescription: Said by the author.\nweight: 1\n---\nText.\n' >"$hb/content/described.md"
{
	printf -- '---\ntitle: Long\nweight: 2\n---\n'
	printf 'This first paragraph keeps going with plain words so that it is much longer than what a search engine shows under a link, and so it must be cut at a word boundary.\n'
} >"$hb/content/long.md"

"$BIN" build -C "$hb" -o "$work/plain" || die "build failed"
grep -q '<meta name="description" content="Short first paragraph.">' "$work/plain/index.html" ||
	die "home: $(grep 'name="description"' "$work/plain/index.html")"
grep -q '<meta name="description" content="Said by the author.">' "$work/plain/described.html" ||
	die "front matter description not used"
grep -q '<meta name="description" content="This first paragraph keeps going with plain words so that it is much longer than what a search engine shows under a link, and so it must be cut at a word…">' "$work/plain/long.html" ||
	die "long: $(grep 'name="description"' "$work/plain/long.html")"
grep -q '<meta property="og:title" content="Long">' "$work/plain/long.html" || die "no og:title"
grep -q '<meta property="og:type" content="website">' "$work/plain/index.html" || die "home is no website"
grep -q '<meta property="og:type" content="article">' "$work/plain/long.html" || die "page is no article"
! grep -q 'rel="canonical"\|og:url' "$work/plain/long.html" || die "a canonical link without base_url"

"$BIN" build -C "$hb" -o "$work/based" --base-url https://example.org/hb || die "build failed"
grep -q '<link rel="canonical" href="https://example.org/hb/long.html">' "$work/based/long.html" ||
	die "no canonical link with base_url"
grep -q '<meta property="og:url" content="https://example.org/hb/described.html">' "$work/based/described.html" ||
	die "no og:url with base_url"

# Tags: each page's tags link to a page per tag, listed on tags/index.html;
# one tag written two ways is one tag, named as first written.
printf -- '---\ntitle: Tagged one\nweight: 3\ntags: [Open core, pricing]\n---\nOne.\n' >"$hb/content/tagged-one.md"
printf -- '---\ntitle: Tagged two\nweight: 4\ntags: [open core]\n---\nTwo.\n' >"$hb/content/tagged-two.md"
"$BIN" build -C "$hb" -o "$work/tagged" || die "build with tags failed"
grep -q '<li><a href="tags/open-core.html">Open core</a></li>' "$work/tagged/tagged-one.html" ||
	die "no tag link: $(grep 'class="tags"' "$work/tagged/tagged-one.html")"
grep -q '<li><a href="tags/open-core.html">open core</a></li>' "$work/tagged/tagged-two.html" ||
	die "the second spelling lost its link"
[ "$(grep -c 'class="card-link"' "$work/tagged/tags/open-core.html")" -eq 2 ] ||
	die "open-core.html does not list both pages"
grep -q '<h1 class="page-title">Open core</h1>' "$work/tagged/tags/open-core.html" ||
	die "the tag is not named as first written"
grep -q 'href="../tagged-one.html"' "$work/tagged/tags/pricing.html" || die "pricing.html lacks its page"
grep -q '<a href="open-core.html">Open core</a> <span class="tag-count">2</span>' "$work/tagged/tags/index.html" ||
	die "the tag index lacks open core with its count"
[ ! -e "$work/plain/tags" ] || die "tag pages for a handbook without tags"
