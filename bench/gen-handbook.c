/*
 * gen-handbook: writes a deterministic synthetic handbook for `make bench`.
 *
 *     gen-handbook DIR PAGES
 *
 * DIR gets handbook.yml and content/ with PAGES pages of about 6 KB each,
 * in parts of 100 pages (part-NNN/_index.md plus page-NNN.md).  Each page
 * has front matter, headings, paragraphs with emphasis and code spans,
 * lists, a table, a fenced code block, and links to pages and headings of
 * its own part and of other parts, so link checking does real work.  The
 * same arguments always give the same bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PART_SIZE 100

static unsigned long long seed = 88172645463325252ULL;

/* xorshift64: deterministic and good enough for filler text. */
static unsigned next_random(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

static const char *const words[] = {
	"shuffle",   "partition", "cluster",  "storage", "compute",  "query",
	"table",     "schema",	  "stream",   "batch",	 "latency",  "cost",
	"customer",  "platform",  "engine",   "format",	 "transaction",
	"commit",    "snapshot",  "skew",     "spill",	 "executor", "driver",
	"warehouse", "lakehouse", "catalog",  "lineage", "pipeline", "budget",
	"roadmap",   "tradeoff",  "workload", "capacity", "isolation",
	"the",	     "a",	  "of",	      "and",	 "to",	     "in",
	"which",     "when",	  "because",  "while",	 "every",    "most",
};
#define NWORDS (sizeof words / sizeof words[0])

static void sentence(FILE *f, int n)
{
	for (int i = 0; i < n; i++) {
		const char *w = words[next_random(NWORDS)];
		unsigned style = next_random(40);

		if (i == 0)
			fprintf(f, "%c%s", w[0] - 'a' + 'A', w + 1);
		else if (style == 0)
			fprintf(f, " **%s**", w);
		else if (style == 1)
			fprintf(f, " `%s`", w);
		else if (style == 2)
			fprintf(f, " *%s*", w);
		else
			fprintf(f, " %s", w);
	}
	fputs(". ", f);
}

static void paragraph(FILE *f, int sentences)
{
	for (int i = 0; i < sentences; i++)
		sentence(f, 8 + (int)next_random(10));
	fputs("\n\n", f);
}

/* A link to another page: its own part's or another's, sometimes to a
 * heading ("section-2" exists on every page). */
static void link(FILE *f, int part, int page, int parts, int pages)
{
	int p = next_random(3) ? part : (int)next_random((unsigned)parts);
	int last = p == parts - 1 ? pages - p * PART_SIZE : PART_SIZE;
	int q = (int)next_random((unsigned)last);
	const char *anchor = next_random(2) ? "#section-2" : "";

	if (q == page && p == part)
		q = (q + 1) % last;
	if (p == part)
		fprintf(f, "[page %d](page-%03d.md%s)", q, q, anchor);
	else
		fprintf(f, "[part %d, page %d](../part-%03d/page-%03d.md%s)",
			p, q, p, q, anchor);
}

static void page_body(FILE *f, int part, int page, int parts, int pages)
{
	paragraph(f, 5);
	for (int s = 1; s <= 4; s++) {
		fprintf(f, "## Section %d\n\n", s);
		paragraph(f, 5);
		fputs("See ", f);
		link(f, part, page, parts, pages);
		fputs(" and ", f);
		link(f, part, page, parts, pages);
		fputs(" for the background.\n\n", f);
		fprintf(f, "### Details %d\n\n", s);
		for (int i = 0; i < 4; i++) {
			fputs("- ", f);
			sentence(f, 6);
			fputs("\n", f);
		}
		fputs("\n", f);
		if (s == 2) {
			fputs("| Workload | DBU-hours | Cost |\n"
			      "|---|---:|---:|\n",
			      f);
			for (int i = 0; i < 4; i++)
				fprintf(f, "| %s | %u | $%u |\n",
					words[next_random(NWORDS)],
					100 + next_random(9000),
					10 + next_random(900));
			fputs("\n", f);
		}
		if (s == 3)
			fputs("```sql\nSELECT customer, sum(dbu_hours) AS "
			      "hours\nFROM usage\nGROUP BY customer\n"
			      "ORDER BY hours DESC;\n```\n\n",
			      f);
		paragraph(f, 4);
	}
}

static int write_page(const char *path, int part, int page, int parts,
		      int pages)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fprintf(f,
		"---\ntitle: Page %d of part %d\ndescription: A synthetic "
		"page for the benchmark.\nweight: %d\ntags: [bench, part-%d]\n"
		"---\n\n",
		page, part, page + 1, part);
	page_body(f, part, page, parts, pages);
	return fclose(f);
}

static int write_part(const char *dir, int part, int parts, int pages)
{
	char path[4096];
	int first = part * PART_SIZE;
	int n = pages - first < PART_SIZE ? pages - first : PART_SIZE;
	FILE *f;

	snprintf(path, sizeof path, "%s/content/part-%03d", dir, part);
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return -1;
	snprintf(path, sizeof path, "%s/content/part-%03d/_index.md", dir,
		 part);
	f = fopen(path, "w");
	if (f == NULL)
		return -1;
	fprintf(f, "---\ntitle: Part %d\nweight: %d\n---\n\nPart %d.\n", part,
		part + 1, part);
	if (fclose(f) != 0)
		return -1;
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/content/part-%03d/page-%03d.md",
			 dir, part, i);
		if (write_page(path, part, i, parts, pages) != 0)
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char path[4096];
	int pages, parts;
	FILE *f;

	if (argc != 3 || (pages = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: gen-handbook DIR PAGES\n");
		return 2;
	}
	parts = (pages + PART_SIZE - 1) / PART_SIZE;
	snprintf(path, sizeof path, "%s/content", argv[1]);
	if (mkdir(argv[1], 0755) != 0 && errno != EEXIST)
		return perror(argv[1]), 1;
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return perror(path), 1;
	snprintf(path, sizeof path, "%s/handbook.yml", argv[1]);
	f = fopen(path, "w");
	if (f == NULL)
		return perror(path), 1;
	fprintf(f, "title: Benchmark handbook\n");
	fclose(f);
	snprintf(path, sizeof path, "%s/content/index.md", argv[1]);
	f = fopen(path, "w");
	if (f == NULL)
		return perror(path), 1;
	fprintf(f, "---\ntitle: Home\n---\n\nA synthetic handbook.\n");
	fclose(f);
	for (int p = 0; p < parts; p++)
		if (write_part(argv[1], p, parts, pages) != 0)
			return perror("write"), 1;
	return 0;
}
