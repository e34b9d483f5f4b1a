// SPDX-License-Identifier: GPL-2.0
/*
 * prod_input: the producer's record sources other than the generators:
 * the lines of stdin or --file (one thread, woken by the wake pipe at
 * shutdown) and the message given as arguments.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "jsonw.h"
#include "prod_ctx.h"
#include "prog.h"

/* Add one input line to @b, pushing @b first when full; -EPIPE: stop. */
static int push_line(struct prod_ctx *ctx, struct pq_batch *b,
		     const char *line, size_t len)
{
	int ret;

	ret = prod_add_line(b, line, len, &ctx->lp);
	if (ret == -EMSGSIZE) {
		if (!atomic_fetch_add(&ctx->long_lines, 1))
			lg_warnx("a message of %zu bytes is longer than the largest record (%zu): not written",
				 prod_msg_len(ctx->lp.tag, len),
				 ctx->lp.max_msg);
		return 0;
	}
	if (ret == -ENODATA)
		return 0;
	if (ret == -ENOSPC) {
		/* Full batch: push it; an empty one has room. */
		ret = prod_flush(ctx, b);
		if (ret)
			return ret;
		ret = prod_add_line(b, line, len, &ctx->lp);
		if (ret) {
			prod_set_fatal(ctx, EMSGSIZE, "batch", "make a record");
			return -EPIPE;
		}
	}
	if (ctx->o->to_stderr)
		fprintf(stderr, "%s%s%.*s\n", ctx->o->tag ? ctx->o->tag : "",
			ctx->o->tag ? ": " : "", (int)len, line);
	return 0;
}

/*
 * Split @chunk into lines, carrying a partial line in @line; -EPIPE when
 * the queue closed.  Lines longer than PROD_MAX_LINE are counted as too
 * long as soon as they pass it, and skipped to their end.
 */
static int take_chunk(struct prod_ctx *ctx, struct pq_batch *b,
		      struct lg_sbuf *line, bool *skipping, const char *p,
		      const char *end)
{
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!*skipping && lg_sbuf_put(line, p, (nl ? nl : end) - p)) {
			prod_set_fatal(ctx, ENOMEM, "memory", "allocate");
			return -EPIPE;
		}
		if (!*skipping && line->len > PROD_MAX_LINE) {
			if (!atomic_fetch_add(&ctx->long_lines, 1))
				lg_warnx("a line longer than %u bytes: not written",
					 PROD_MAX_LINE);
			*skipping = true;
		}
		if (!nl)
			break;
		if (!*skipping && push_line(ctx, b, line->buf, line->len))
			return -EPIPE;
		*skipping = false;
		lg_sbuf_reset(line);
		p = nl + 1;
	}
	return 0;
}

/* The line reader: lines of @ctx->in_fd until EOF or the wake pipe. */
void *prod_lines_main(void *arg)
{
	struct gen_arg *g = arg;
	struct prod_ctx *ctx = g->ctx;
	const char *name = strcmp(ctx->o->file, "-") ? ctx->o->file : "stdin";
	struct lg_sbuf line;
	struct pq_batch b;
	bool skipping = false;
	static char chunk[65536];

	prod_gen_start(ctx);
	if (prod_batch_init(ctx, &b)) {
		prod_set_fatal(ctx, ENOMEM, "memory", "allocate");
		prod_gen_done(ctx);
		return NULL;
	}
	lg_sbuf_init(&line);
	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = ctx->in_fd, .events = POLLIN },
			{ .fd = ctx->wake[0], .events = POLLIN },
		};
		ssize_t n;

		/* About to wait for input: send what we have. */
		if (prod_flush(ctx, &b))
			break;
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			prod_set_fatal(ctx, errno, name, "poll");
			break;
		}
		if (pfd[1].revents)
			break;
		n = read(ctx->in_fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			prod_set_fatal(ctx, errno, name, "read");
			break;
		}
		if (n == 0) {
			if (!skipping && line.len &&
			    push_line(ctx, &b, line.buf, line.len))
				break;
			prod_flush(ctx, &b);
			break;
		}
		if (take_chunk(ctx, &b, &line, &skipping, chunk, chunk + n))
			break;
	}
	lg_sbuf_free(&line);
	pq_batch_free(&b);
	prod_gen_done(ctx);
	return NULL;
}

/* The message given as arguments: one line each of its lines. */
void *prod_message_main(void *arg)
{
	struct gen_arg *g = arg;
	struct prod_ctx *ctx = g->ctx;
	const struct prod_opts *o = ctx->o;
	struct lg_sbuf msg, line;
	struct pq_batch b;
	bool skipping = false;
	int i;

	prod_gen_start(ctx);
	lg_sbuf_init(&msg);
	lg_sbuf_init(&line);
	for (i = 0; i < o->msg_argc; i++) {
		if (i)
			lg_sbuf_puts(&msg, " ");
		lg_sbuf_puts(&msg, o->msg_argv[i]);
	}
	if (msg.oom || prod_batch_init(ctx, &b)) {
		prod_set_fatal(ctx, ENOMEM, "memory", "allocate");
	} else {
		if (!take_chunk(ctx, &b, &line, &skipping, msg.buf,
				msg.buf + msg.len) && !skipping && line.len)
			push_line(ctx, &b, line.buf, line.len);
		prod_flush(ctx, &b);
		pq_batch_free(&b);
	}
	lg_sbuf_free(&msg);
	lg_sbuf_free(&line);
	prod_gen_done(ctx);
	return NULL;
}

