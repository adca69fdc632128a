# What plugins make the host do outside the Lua state's memory cap is
# capped too.  One prepbook.markdown call on 28 MB of text once made cmark
# allocate gigabytes: every string a prepbook function takes is capped at
# 1 MiB.  Claimed ids live until the build ends: a page's blocks may make
# the host keep 4 MiB of them (with records and warnings), and a build's
# blocks 256 MiB together with their HTML.  Each build fails with the
# limit's message at the block's line, within its time and memory bounds.
. "$(dirname "$0")/lib.sh"
hb=$work/hb
mkdir -p "$hb/content" "$hb/plugins"
printf 'title: Hostile\nbase_url: https://example.org/h\n' >"$hb/handbook.yml"
cat >"$hb/plugins/bigtext.lua" <<'LUA'
-- 28 MB of Markdown in one call.
return { render = function()
	return prepbook.markdown(string.rep("*a* ", 7 << 20))
end }
LUA
cat >"$hb/plugins/ids.lua" <<'LUA'
-- args.n ids of about a kilobyte each, different from their first byte.
return { render = function(args, ctx)
	local tail = string.rep("x", 1000)
	for i = 1, args.n do
		ctx.claim_id("i" .. i .. tail)
	end
	return "ok"
end }
LUA
printf -- '---\ntitle: Home\n---\n\n```bigtext\n```\n' >"$hb/content/index.md"
build_capped -C "$hb" -o "$work/site"
expect_failure 1 "content/index.md:5:1: error: bigtext: prepbook.markdown: the text is 29360128 bytes, more than the 1 MiB a call may take
plugins/bigtext.lua:3: note: error raised here"
[ ! -e "$work/site" ] || die "a failed build wrote the site"

# Five thousand ids of a kilobyte on one page: the page's limit stops the
# block at its 3,900th or so.
printf -- '---\ntitle: Home\n---\n\n```ids\nn: 5000\n```\n' >"$hb/content/index.md"
build_capped -C "$hb" -o "$work/site"
expect_failure 1 "content/index.md:5:1: error: ids: limit of 4 MiB per page of ids, records and warnings kept by the host exceeded
plugins/ids.lua:5: note: the plugin was running here"

# Nine hundred on each of 400 pages: every page is within its limit, the
# build's budget is not (the 280th page passes it).
rm "$hb/content/index.md"
n=0
while [ "$n" -lt 400 ]; do
	p=p$(printf %03d "$n")
	printf -- '---\ntitle: %s\n---\n\n```ids\nn: 900\n```\n' "$p" \
		>"$hb/content/$p.md"
	n=$((n + 1))
done
build_capped -C "$hb" -o "$work/site" -j 1
expect_failure 1 "content/p279.md:5:1: error: ids: the build's plugin blocks made more than 256 MiB of HTML and ids together; the limit stops a plugin from filling the disk"
[ ! -e "$work/site" ] || die "a failed build wrote the site"
