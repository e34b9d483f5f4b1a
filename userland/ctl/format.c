// SPDX-License-Identifier: GPL-2.0
/*
 * loggerctl: human and JSON output.
 *
 * Human output is for reading: a header block of "label value" lines with
 * the numbers right-aligned, then tables whose columns are as wide as
 * their widest cell (text left-aligned, numbers right-aligned, two spaces
 * between columns, no trailing blanks).  Command names are escaped as
 * \xNN outside printable ASCII, like the device's text format, so a
 * hostile comm cannot move the cursor.
 *
 * JSON output is one object per line, keys in a fixed order, strings
 * escaped per RFC 8259 by the shared lg_json_str(), so a consumer can
 * read events line by line.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "jsonw.h"
#include "levels.h"

/* ---- strings ---- */

/*
 * @s as a JSON string, with its quotes, escaped like every tool's --json
 * output (lg_json_str(): invalid UTF-8 bytes become \u00NN).
 */
void ctl_json_str(FILE *f, const char *s)
{
	struct lg_sbuf b;

	lg_sbuf_init(&b);
	if (lg_json_str(&b, s, strlen(s)) < 0)
		fputs("\"\"", f);
	else
		fwrite(b.buf, 1, b.len, f);
	lg_sbuf_free(&b);
}

/* @s with bytes outside 0x20..0x7e and the backslash as \xNN. */
static void human_escape(char *buf, size_t size, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;

	for (; *p && o + 5 < size; p++) {
		if (*p < 0x20 || *p > 0x7e || *p == '\\')
			o += snprintf(buf + o, size - o, "\\x%02x", *p);
		else
			buf[o++] = (char)*p;
	}
	buf[o] = '\0';
}

void ctl_human_str(FILE *f, const char *s)
{
	char buf[CTL_COMM_LEN * 4 + 1];

	human_escape(buf, sizeof(buf), s);
	fputs(buf, f);
}

/* "512 B", "1.0 KiB", "64.0 MiB", "2.0 GiB". */
int ctl_fmt_size(char *buf, size_t size, uint64_t bytes)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	unsigned int u = 0;

	if (bytes < 1024)
		return snprintf(buf, size, "%" PRIu64 " B", bytes);
	v /= 1024;
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	return snprintf(buf, size, "%.1f %s", v, unit[u]);
}

const char *ctl_order_name(uint32_t order)
{
	switch (order) {
	case LOGGER_ORDER_PRIORITY:
		return "priority";
	case LOGGER_ORDER_SEQ:
		return "seq";
	default:
		return "?";
	}
}

const char *ctl_format_name(uint32_t format)
{
	switch (format) {
	case LOGGER_FORMAT_TEXT:
		return "text";
	case LOGGER_FORMAT_BINARY:
		return "binary";
	default:
		return "?";
	}
}

const char *ctl_policy_name(uint32_t policy)
{
	switch (policy) {
	case LOGGER_POLICY_OVERWRITE:
		return "overwrite";
	case LOGGER_POLICY_BLOCK:
		return "block";
	default:
		return "?";
	}
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? (double)part * 100.0 / (double)whole : 0.0;
}

/* ---- tables ---- */

/* Wide enough for a full tag filter: 8 tags of 31 bytes and 7 commas. */
#define CELL	272
#define MAXCOL	12

struct table {
	unsigned int ncol;
	const char *const *head;
	unsigned int right;		/* bit C: right-align column C */
	size_t nrow;
	size_t cap;
	char (*cells)[CELL];
};

/* A new row; its cells are written with snprintf by the caller. */
static char (*table_row(struct table *t))[CELL]
{
	if (t->nrow == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char (*c)[CELL] = realloc(t->cells,
					  cap * t->ncol * sizeof(*c));

		if (!c)
			return NULL;
		t->cells = c;
		t->cap = cap;
	}
	return &t->cells[t->nrow++ * t->ncol];
}

static void print_cells(FILE *f, const struct table *t, const size_t *w,
			const char *const *cell)
{
	unsigned int c;

	for (c = 0; c < t->ncol; c++) {
		bool last = c + 1 == t->ncol;
		int pad = (int)w[c];

		if (c)
			fputs("  ", f);
		if (t->right & (1u << c))
			fprintf(f, "%*s", pad, cell[c]);
		else if (last)
			fputs(cell[c], f);
		else
			fprintf(f, "%-*s", pad, cell[c]);
	}
	fputc('\n', f);
}

static void table_print(FILE *f, struct table *t)
{
	size_t w[MAXCOL], r;
	const char *cell[MAXCOL];
	unsigned int c;

	for (c = 0; c < t->ncol; c++)
		w[c] = strlen(t->head[c]);
	for (r = 0; r < t->nrow; r++)
		for (c = 0; c < t->ncol; c++)
			if (strlen(t->cells[r * t->ncol + c]) > w[c])
				w[c] = strlen(t->cells[r * t->ncol + c]);
	print_cells(f, t, w, t->head);
	for (r = 0; r < t->nrow; r++) {
		for (c = 0; c < t->ncol; c++)
			cell[c] = t->cells[r * t->ncol + c];
		print_cells(f, t, w, cell);
	}
	free(t->cells);
	t->cells = NULL;
	t->nrow = 0;
	t->cap = 0;
}

/* "label  value" lines: labels padded to @lw, values right-aligned. */
static void kv_u64(FILE *f, int lw, int vw, const char *label, uint64_t v,
		   const char *tail)
{
	fprintf(f, "%-*s  %*" PRIu64 "%s\n", lw, label, vw, v, tail);
}

static int digits(uint64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* ---- stats ---- */

static void json_stats_fields(FILE *f, const struct ctl_stats *st)
{
	unsigned int l;

	fprintf(f, "\"instance\":\"%016" PRIx64 "\",\"capacity\":%" PRIu64
		",\"bytes_used\":%" PRIu64 ",\"used_pct\":%.1f"
		",\"records\":%" PRIu64 ",\"written\":%" PRIu64
		",\"evicted\":%" PRIu64 ",\"cleared\":%" PRIu64
		",\"next_seq\":%" PRIu64 ",\"readers\":%" PRIu32
		",\"writers\":%" PRIu32 ",\"max_record\":%" PRIu32,
		st->instance, st->capacity, st->bytes_used,
		pct(st->bytes_used, st->capacity), st->records, st->written,
		st->evicted, st->cleared, st->next_seq, st->readers,
		st->writers, st->max_record);
	/* Keys stay the same for scripts; an older module's are null. */
	if (st->has_flow)
		fprintf(f, ",\"policy\":\"%s\",\"waiting_writers\":%" PRIu32
			",\"waits\":%" PRIu64 ",\"holding_readers\":%" PRIu32
			",\"groups\":%" PRIu32 ",\"group_members\":%" PRIu32
			",\"hold_expired\":%" PRIu64,
			ctl_policy_name(st->policy), st->waiting_writers,
			st->waits, st->holding_readers, st->groups,
			st->group_members, st->hold_expired);
	else
		fputs(",\"policy\":null,\"waiting_writers\":null,\"waits\":null"
		      ",\"holding_readers\":null,\"groups\":null"
		      ",\"group_members\":null,\"hold_expired\":null", f);
	fputs(",\"levels\":[", f);
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		const struct ctl_level *lv = &st->level[l];

		fprintf(f, "%s{\"level\":\"%s\",\"records\":%" PRIu64
			",\"bytes\":%" PRIu64 ",\"written\":%" PRIu64
			",\"evicted\":%" PRIu64 ",\"cleared\":%" PRIu64 "}",
			l ? "," : "", lg_level_name(l), lv->records,
			lv->bytes, lv->written, lv->evicted, lv->cleared);
	}
	fputc(']', f);
}

/* Lossless delivery and groups, a block of its own. */
static void print_flow(FILE *f, const struct ctl_stats *st)
{
	const uint64_t col[] = {
		st->waiting_writers, st->waits, st->holding_readers,
		st->groups, st->group_members, st->hold_expired,
	};
	const char *policy = ctl_policy_name(st->policy);
	int vw = (int)strlen(policy);
	unsigned int i;

	for (i = 0; i < sizeof(col) / sizeof(col[0]); i++)
		if (digits(col[i]) > vw)
			vw = digits(col[i]);
	fprintf(f, "%-15s  %*s\n", "policy", vw, policy);
	kv_u64(f, 15, vw, "holding readers", st->holding_readers, "");
	kv_u64(f, 15, vw, "waiting writers", st->waiting_writers, "");
	kv_u64(f, 15, vw, "waits", st->waits, "");
	kv_u64(f, 15, vw, "groups", st->groups, "");
	kv_u64(f, 15, vw, "group members", st->group_members, "");
	kv_u64(f, 15, vw, "hold expired", st->hold_expired, "");
	fputc('\n', f);
}

void ctl_print_stats(FILE *f, const struct ctl_stats *st, bool json)
{
	static const char *const head[] = {
		"LEVEL", "RECORDS", "BYTES", "WRITTEN", "EVICTED", "CLEARED",
	};
	struct table t = { .ncol = 6, .head = head, .right = 0x3e };
	const uint64_t col[] = {
		st->capacity, st->bytes_used, st->records, st->written,
		st->evicted, st->cleared, st->readers, st->writers,
	};
	char size[32], tail[64];
	int vw = 1;
	unsigned int i, l;

	if (json) {
		fputc('{', f);
		json_stats_fields(f, st);
		fputs("}\n", f);
		return;
	}
	for (i = 0; i < sizeof(col) / sizeof(col[0]); i++)
		if (digits(col[i]) > vw)
			vw = digits(col[i]);
	ctl_fmt_size(size, sizeof(size), st->capacity);
	snprintf(tail, sizeof(tail), " bytes (%s)", size);
	kv_u64(f, 8, vw, "capacity", st->capacity, tail);
	snprintf(tail, sizeof(tail), " bytes (%.1f%%)",
		 pct(st->bytes_used, st->capacity));
	kv_u64(f, 8, vw, "used", st->bytes_used, tail);
	kv_u64(f, 8, vw, "records", st->records, "");
	kv_u64(f, 8, vw, "written", st->written, "");
	kv_u64(f, 8, vw, "evicted", st->evicted, "");
	kv_u64(f, 8, vw, "cleared", st->cleared, "");
	kv_u64(f, 8, vw, "readers", st->readers, "");
	kv_u64(f, 8, vw, "writers", st->writers, "");
	fputc('\n', f);
	if (st->has_flow)
		print_flow(f, st);
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		const struct ctl_level *lv = &st->level[l];
		char (*c)[CELL] = table_row(&t);

		if (!c)
			break;
		snprintf(c[0], CELL, "%s", lg_level_name(l));
		snprintf(c[1], CELL, "%" PRIu64, lv->records);
		snprintf(c[2], CELL, "%" PRIu64, lv->bytes);
		snprintf(c[3], CELL, "%" PRIu64, lv->written);
		snprintf(c[4], CELL, "%" PRIu64, lv->evicted);
		snprintf(c[5], CELL, "%" PRIu64, lv->cleared);
	}
	table_print(f, &t);
}

/* ---- readers ---- */

/* holding, group, group_members, tags: every key always there. */
static void json_reader_flow(FILE *f, const struct ctl_reader *r)
{
	unsigned int i;

	fprintf(f, ",\"holding\":%s", !r->has_hold ? "null" :
		r->holding ? "true" : "false");
	fputs(",\"group\":", f);
	if (r->group[0])
		ctl_json_str(f, r->group);
	else
		fputs("null", f);
	fprintf(f, ",\"group_members\":%" PRIu32 ",\"tags\":[", r->members);
	for (i = 0; i < r->ntags; i++) {
		if (i)
			fputc(',', f);
		ctl_json_str(f, r->tags[i]);
	}
	fputc(']', f);
}

/*
 * The TAGS cell: "-" for no filter (every tag), else the tags joined by
 * commas, the empty tag (untagged records) as "", each escaped; "..." ends
 * a list that does not fit (only with many escaped bytes; JSON has it all).
 */
static void tags_cell(char *cell, size_t size, const struct ctl_reader *r)
{
	char one[LOGGER_TAG_MAX * 4 + 2];	/* human_escape() needs +1 */
	size_t o = 0, n;
	unsigned int i;

	if (!r->ntags) {
		snprintf(cell, size, "-");
		return;
	}
	cell[0] = '\0';
	for (i = 0; i < r->ntags; i++) {
		if (r->tags[i][0])
			human_escape(one, sizeof(one), r->tags[i]);
		else
			snprintf(one, sizeof(one), "\"\"");
		n = strlen(one) + (i ? 1 : 0);
		if (o + n + 4 > size) {
			snprintf(cell + o, size - o, "...");
			return;
		}
		o += (size_t)snprintf(cell + o, size - o, "%s%s", i ? "," : "",
				      one);
	}
}

void ctl_print_readers(FILE *f, const struct ctl_readers *rs, bool json)
{
	static const char *const head[] = {
		"PID", "COMM", "FILTER", "ORDER", "FORMAT", "BACKLOG", "LOST",
		"HOLD", "GROUP", "MEMBERS", "TAGS",
	};
	struct table t = { .ncol = 11, .head = head, .right = 0x261 };
	char filter[64];
	size_t i;

	if (json) {
		fputs("{\"readers\":[", f);
		for (i = 0; i < rs->n; i++) {
			const struct ctl_reader *r = &rs->v[i];

			lg_levels_format(filter, sizeof(filter), r->filter);
			fprintf(f, "%s{\"id\":%" PRIu64 ",\"pid\":%" PRIu32
				",\"comm\":", i ? "," : "", r->id, r->pid);
			ctl_json_str(f, r->comm);
			fprintf(f, ",\"filter\":\"%s\",\"filter_mask\":%" PRIu32
				",\"order\":\"%s\",\"format\":\"%s\""
				",\"backlog\":%" PRIu64 ",\"lost\":%" PRIu64
				",\"read\":%" PRIu64
				",\"skipped\":%" PRIu64,
				filter, r->filter, ctl_order_name(r->order),
				ctl_format_name(r->format), r->backlog, r->lost,
				r->read, r->skipped);
			json_reader_flow(f, r);
			fputc('}', f);
		}
		fputs("]}\n", f);
		return;
	}
	if (!rs->n) {
		fputs("no open readers\n", f);
		return;
	}
	for (i = 0; i < rs->n; i++) {
		const struct ctl_reader *r = &rs->v[i];
		char (*c)[CELL] = table_row(&t);

		if (!c)
			break;
		snprintf(c[0], CELL, "%" PRIu32, r->pid);
		human_escape(c[1], CELL, r->comm);
		lg_levels_format(c[2], CELL, r->filter);
		snprintf(c[3], CELL, "%s", ctl_order_name(r->order));
		snprintf(c[4], CELL, "%s", ctl_format_name(r->format));
		snprintf(c[5], CELL, "%" PRIu64, r->backlog);
		snprintf(c[6], CELL, "%" PRIu64, r->lost);
		snprintf(c[7], CELL, "%s", !r->has_hold ? "-" :
			 r->holding ? "yes" : "no");
		if (r->group[0]) {
			human_escape(c[8], CELL, r->group);
			snprintf(c[9], CELL, "%" PRIu32, r->members);
		} else {
			snprintf(c[8], CELL, "-");
			snprintf(c[9], CELL, "-");
		}
		tags_cell(c[10], CELL, r);
	}
	table_print(f, &t);
}

/* ---- config ---- */

void ctl_print_config(FILE *f, const struct ctl_config *cfg, bool json)
{
	static const char *const head[] = { "LEVEL", "RESERVE" };
	struct table t = { .ncol = 2, .head = head, .right = 0x2 };
	char size[32];
	unsigned int l;

	if (json) {
		fprintf(f, "{\"capacity\":%" PRIu64
			",\"event_interval_ms\":%" PRIu32
			",\"max_record\":%" PRIu32 ",\"policy\":\"%s\""
			",\"reserve_pct\":{", cfg->capacity,
			cfg->event_interval_ms, cfg->max_record,
			ctl_policy_name(cfg->policy));
		for (l = 0; l < LOGGER_NR_LEVELS; l++)
			fprintf(f, "%s\"%s\":%" PRIu32, l ? "," : "",
				lg_level_name(l), cfg->reserve_pct[l]);
		fputs("}}\n", f);
		return;
	}
	ctl_fmt_size(size, sizeof(size), cfg->capacity);
	fprintf(f, "capacity        %" PRIu64 " bytes (%s)\n", cfg->capacity,
		size);
	fprintf(f, "event interval  %" PRIu32 " ms\n", cfg->event_interval_ms);
	fprintf(f, "max record      %" PRIu32 " bytes\n", cfg->max_record);
	fprintf(f, "policy          %s\n\n", ctl_policy_name(cfg->policy));
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		char (*c)[CELL] = table_row(&t);

		if (!c)
			break;
		snprintf(c[0], CELL, "%s", lg_level_name(l));
		snprintf(c[1], CELL, "%" PRIu32 "%%", cfg->reserve_pct[l]);
	}
	table_print(f, &t);
}

/* @known false: the kernel acked without saying how many. */
void ctl_print_cleared(FILE *f, bool known, uint64_t records, bool json)
{
	if (json) {
		if (known)
			fprintf(f, "{\"cleared\":%" PRIu64 "}\n", records);
		else
			fputs("{\"cleared\":null}\n", f);
	} else if (known) {
		fprintf(f, "cleared %" PRIu64 " record%s\n", records,
			records == 1 ? "" : "s");
	} else {
		fputs("cleared\n", f);
	}
}

/* ---- events ---- */

static const char *event_name(uint8_t cmd)
{
	switch (cmd) {
	case LOGGER_CMD_EVENT_OVERFLOW:
		return "overflow";
	case LOGGER_CMD_EVENT_THRESHOLD:
		return "threshold";
	case LOGGER_CMD_EVENT_CLEARED:
		return "cleared";
	case LOGGER_CMD_EVENT_STATS:
		return "stats";
	default:
		return "unknown";
	}
}

static const char *dir_name(uint32_t dir)
{
	return dir == LOGGER_DIR_UP ? "up" :
	       dir == LOGGER_DIR_DOWN ? "down" : "?";
}

static void json_event(FILE *f, const struct ctl_event *ev,
		       const struct timespec *ts)
{
	const struct ctl_overflow *ov = &ev->u.overflow;
	const struct ctl_threshold *th = &ev->u.threshold;
	const struct ctl_cleared *cl = &ev->u.cleared;
	unsigned int l;
	bool first = true;
	struct tm tm;

	fprintf(f, "{\"event\":\"%s\"", event_name(ev->cmd));
	if (ts && gmtime_r(&ts->tv_sec, &tm))
		fprintf(f, ",\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ\"",
			tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			tm.tm_hour, tm.tm_min, tm.tm_sec,
			ts->tv_nsec / 1000000);
	switch (ev->cmd) {
	case LOGGER_CMD_EVENT_OVERFLOW:
		fprintf(f, ",\"evicted\":%" PRIu64 ",\"lost_readers\":%"
			PRIu32 ",\"levels\":[", ov->evicted, ov->lost_readers);
		for (l = 0; l < LOGGER_NR_LEVELS; l++) {
			if (!(ov->levels & (1u << l)))
				continue;
			fprintf(f, "%s{\"level\":\"%s\",\"evicted\":%" PRIu64,
				first ? "" : ",", lg_level_name(l),
				ov->delta[l]);
			if (ov->has_total & (1u << l))
				fprintf(f, ",\"evicted_total\":%" PRIu64,
					ov->level_evicted[l]);
			if (ov->has_lost & (1u << l))
				fprintf(f, ",\"lost_readers\":%" PRIu32,
					ov->level_lost_readers[l]);
			fputc('}', f);
			first = false;
		}
		fputc(']', f);
		break;
	case LOGGER_CMD_EVENT_THRESHOLD:
		fprintf(f, ",\"percent\":%" PRIu32 ",\"direction\":\"%s\""
			",\"bytes_used\":%" PRIu64 ",\"capacity\":%" PRIu64,
			th->percent, dir_name(th->direction), th->bytes_used,
			th->capacity);
		break;
	case LOGGER_CMD_EVENT_CLEARED:
		fprintf(f, ",\"records\":%" PRIu64 ",\"pid\":%" PRIu32
			",\"uid\":%" PRIu32 ",\"comm\":", cl->records, cl->pid,
			cl->uid);
		ctl_json_str(f, cl->comm);
		break;
	case LOGGER_CMD_EVENT_STATS:
		fputc(',', f);
		json_stats_fields(f, &ev->u.stats);
		break;
	}
	fputs("}\n", f);
}

static void human_event(FILE *f, const struct ctl_event *ev)
{
	const struct ctl_overflow *ov = &ev->u.overflow;
	const struct ctl_threshold *th = &ev->u.threshold;
	const struct ctl_cleared *cl = &ev->u.cleared;
	const struct ctl_stats *st = &ev->u.stats;
	unsigned int l;

	fprintf(f, "%-9s ", event_name(ev->cmd));
	switch (ev->cmd) {
	case LOGGER_CMD_EVENT_OVERFLOW:
		fputs("evicted", f);
		for (l = 0; l < LOGGER_NR_LEVELS; l++)
			if (ov->levels & (1u << l))
				fprintf(f, " %s=%" PRIu64, lg_level_name(l),
					ov->delta[l]);
		fprintf(f, "; %" PRIu32 " reader%s lost records\n",
			ov->lost_readers, ov->lost_readers == 1 ? "" : "s");
		break;
	case LOGGER_CMD_EVENT_THRESHOLD:
		/*
		 * "100 %" is the kernel's "full": it evicted, whatever the
		 * bytes in use (records leave whole blocks behind); say so
		 * rather than print 100 % beside 89 %.
		 */
		if (th->percent >= LOGGER_THRESHOLD_FULL)
			fprintf(f, "%s: ", th->direction == LOGGER_DIR_UP ?
				"full, evicting" : "no longer evicting");
		else
			fprintf(f, "%s %" PRIu32 "%%: ",
				th->direction == LOGGER_DIR_UP ? "above" :
				"below", th->percent);
		fprintf(f, "%" PRIu64 " of %" PRIu64 " bytes used (%.1f%%)\n",
			th->bytes_used, th->capacity,
			pct(th->bytes_used, th->capacity));
		break;
	case LOGGER_CMD_EVENT_CLEARED:
		fprintf(f, "%" PRIu64 " record%s by pid %" PRIu32, cl->records,
			cl->records == 1 ? "" : "s", cl->pid);
		if (cl->comm[0]) {
			fputs(" (", f);
			ctl_human_str(f, cl->comm);
			fputc(')', f);
		}
		fprintf(f, " uid %" PRIu32 "\n", cl->uid);
		break;
	case LOGGER_CMD_EVENT_STATS:
		fprintf(f, "used %" PRIu64 "/%" PRIu64 " (%.1f%%) records %"
			PRIu64 " written %" PRIu64 " evicted %" PRIu64
			" readers %" PRIu32 " writers %" PRIu32,
			st->bytes_used, st->capacity,
			pct(st->bytes_used, st->capacity), st->records,
			st->written, st->evicted, st->readers, st->writers);
		if (st->has_flow)
			fprintf(f, " policy %s holding %" PRIu32
				" waiting %" PRIu32, ctl_policy_name(st->policy),
				st->holding_readers, st->waiting_writers);
		fputc('\n', f);
		break;
	default:
		fputc('\n', f);
	}
}

void ctl_print_event(FILE *f, const struct ctl_event *ev,
		     const struct timespec *ts, bool json)
{
	struct tm tm;

	if (json) {
		json_event(f, ev, ts);
		return;
	}
	if (ts && localtime_r(&ts->tv_sec, &tm))
		fprintf(f, "%02d:%02d:%02d.%03ld ", tm.tm_hour, tm.tm_min,
			tm.tm_sec, ts->tv_nsec / 1000000);
	human_event(f, ev);
}
