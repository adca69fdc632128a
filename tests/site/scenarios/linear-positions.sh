# Work stays linear in a page's size: a page of 150,000 links to one of its
# headings, and one of 20,000 plugin blocks, each build in seconds.  Every
# link's and block's position was once found by scanning the page from
# its first line, which took minutes here.
. "$(dirname "$0")/lib.sh"
hb=$work/hb
mkdir -p "$hb/content"
printf 'title: Big pages\n' >"$hb/handbook.yml"
{
	printf -- '---\ntitle: Links\n---\n## H\n\n'
	awk 'BEGIN { for (i = 0; i < 150000; i++) print "[a](#h)" }'
} >"$hb/content/index.md"
{
	printf -- '---\ntitle: Blocks\n---\n'
	awk 'BEGIN { for (i = 0; i < 20000; i++) printf "```callout\ntext: t\n```\n\n" }'
} >"$hb/content/blocks.md"
start=$(date +%s)
timeout 120 "$BIN" build -C "$hb" -o "$work/site" >/dev/null 2>"$work/err" ||
	die "the build failed or ran out of time: $(head -3 "$work/err")"
took=$(($(date +%s) - start))
[ "$took" -le 30 ] || die "the build took $took s"
# The 150,000 links, the table of contents' and the heading's own anchor.
[ "$(grep -o 'href="#h"' "$work/site/index.html" | wc -l)" -eq 150002 ] ||
	die "links were lost"
