# Quizzes and checklists: a checklist's broken link fails the build like
# any link (its note names the plugin's line, which moves as the plugin
# changes, so this checks the note's file only), and the quiz fixture
# builds byte for byte the same whatever the thread count.
. "$(dirname "$0")/lib.sh"
hb=$work/link
mkdir -p "$hb/content"
printf 'title: T\nbase_url: https://example.org/t\n' >"$hb/handbook.yml"
printf -- '---\ntitle: Home\n---\n\n```checklist\nitems:\n  - Read the home page\n  - text: Read about storage\n    link: storage.md\n```\n' \
	>"$hb/content/index.md"
status=0
"$BIN" build -C "$hb" -o "$work/link-site" 2>"$work/err" || status=$?
[ "$status" -eq 1 ] || die "a broken link built with status $status"
[ "$(sed -n 1p "$work/err")" = "content/index.md:5:1: error: link: no page 'storage.md' (there is no content/storage.md)" ] ||
	die "no link error: $(cat "$work/err")"
[ "$(sed -n 2p "$work/err")" = "content/index.md:5:1: error: checklist: prepbook.markdown: the text has errors; see above" ] ||
	die "the block was not stopped: $(cat "$work/err")"
sed -n 3p "$work/err" | grep -q '^plugins/checklist\.lua:[0-9]*: note: ' ||
	die "no note at the plugin: $(cat "$work/err")"
[ "$(wc -l <"$work/err")" -eq 3 ] || die "more than the link's errors: $(cat "$work/err")"

copy_fixture quiz-render
"$BIN" build -C "$work/quiz-render" -o "$work/one" -j 1 || die "build 1 failed"
"$BIN" build -C "$work/quiz-render" -o "$work/four" -j 4 || die "build 2 failed"
diff -r "$work/one" "$work/four" || die "outputs differ"
