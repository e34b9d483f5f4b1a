// SPDX-License-Identifier: GPL-2.0
/*
 * cons_router: the consumer's routing table and its reloads.
 *
 * DESIGN
 *   One pthread_rwlock_t guards the table: reader threads hold it shared
 *   while they read from their fd and route the records (so a read and
 *   the routing of what it returned see one configuration); a reload
 *   holds it exclusive, so it never sees a reader half way through a
 *   batch.  The lock prefers writers, so a busy set of readers cannot
 *   starve SIGHUP.
 *
 *   Reload without losing or duplicating a record: readers are paired by
 *   name, then a new name with the output of an old reader left without
 *   one is that reader renamed (so renaming a reader does not read the
 *   whole store again into the same file).  A reader whose spec is
 *   unchanged is left alone.  A changed one
 *   keeps its fd: the new view is applied with LOGGER_IOC_SET_VIEW on that
 *   fd (ops->set_view) under the write lock, so the device cursor -- the
 *   only record of what was read -- is kept; its output and format switch
 *   at a batch boundary.  New names get a new fd; dropped names are
 *   flagged removed, woken, joined by the caller, then released.
 *   Everything that can fail slowly (opening fds and files) happens
 *   before the write lock is taken.
 *
 *   Lifetime: only the main thread adds, removes and frees readers and
 *   outputs.  A reader struct is freed only after its thread is joined
 *   (cons_router_release()).  An output (struct cons_sink) counts a
 *   reference for each table entry naming it and one for each reader
 *   writing to it at the moment (taken under the read lock, dropped after
 *   the write, outside any lock); the main thread frees it, under the
 *   write lock, only once the count is 0, so a reader never writes to a
 *   freed output.  An output a reload dropped while a reader was still
 *   writing to it is freed at the next reload, release or exit.
 *   Non-goals: no hot change of the device path or the start position.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "cons_router.h"

int cons_router_init(struct cons_router *rt, const struct cons_ops *ops)
{
	pthread_rwlockattr_t attr;
	int ret;

	memset(rt, 0, sizeof(*rt));
	rt->ops = ops;
	rt->bounds.since_us = INT64_MIN;
	rt->bounds.until_us = INT64_MAX;
	rt->fwd.timeout_ms = CONS_FWD_TIMEOUT_MS;
	rt->fwd.backoff_max_ms = CONS_FWD_BACKOFF_MAX_MS;
	rt->fwd.dgram_size = CONS_FWD_DGRAM_SIZE;
	atomic_init(&rt->stop, false);
	ret = pthread_rwlockattr_init(&attr);
	if (ret)
		return -ret;
	pthread_rwlockattr_setkind_np(&attr,
				      PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	ret = pthread_rwlock_init(&rt->lock, &attr);
	pthread_rwlockattr_destroy(&attr);
	return -ret;
}

/* Every reader released and every thread joined. */
void cons_router_destroy(struct cons_router *rt)
{
	struct cons_sink *o, *next;

	for (o = rt->outs; o; o = next) {
		next = o->next;
		cons_sink_free(o);
	}
	rt->outs = NULL;
	pthread_rwlock_destroy(&rt->lock);
}

/* Find or open the output @path; main thread only. */
static struct cons_sink *get_out(struct cons_router *rt, const char *path,
				 int *err)
{
	struct cons_sink *o;

	for (o = rt->outs; o; o = o->next)
		if (!strcmp(o->path, path))
			return o;
	*err = cons_sink_open(path, rt->color, &rt->fwd, &o);
	if (*err)
		return NULL;
	/* Linked at once; readers find it only through r->out. */
	o->next = rt->outs;
	rt->outs = o;
	return o;
}

/* Free outputs nobody refers to; main thread, under the write lock. */
static void put_unused_outs(struct cons_router *rt)
{
	struct cons_sink **pp = &rt->outs, *o;

	while ((o = *pp)) {
		if (atomic_load(&o->refs)) {
			pp = &o->next;
			continue;
		}
		*pp = o->next;
		cons_sink_free(o);
	}
}

static struct cons_reader *find_reader(struct cons_router *rt,
				       const char *name)
{
	size_t i;

	for (i = 0; i < rt->nr; i++)
		if (!strcmp(rt->readers[i]->spec.name, name))
			return rt->readers[i];
	return NULL;
}

static const struct cons_spec *find_spec(const struct cons_spec *specs,
					 size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(specs[i].name, name))
			return &specs[i];
	return NULL;
}

/* A new reader with an open fd, not yet in the table. */
static struct cons_reader *new_reader(struct cons_router *rt,
				      const struct cons_spec *sp, int *err)
{
	struct cons_reader *r = calloc(1, sizeof(*r));

	if (!r) {
		*err = -ENOMEM;
		return NULL;
	}
	r->rt = rt;
	r->spec = *sp;
	r->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (r->wake_fd < 0) {
		*err = -errno;
		goto err_free;
	}
	*err = rt->ops->open_view(rt->ops->arg, sp, &r->fd);
	if (*err)
		goto err_close_wake;
	cons_verify_init(&r->verify, sp->order);
	lg_sbuf_init(&r->line);
	r->fmt.last_minute = -1;
	atomic_init(&r->done, false);
	return r;

err_close_wake:
	close(r->wake_fd);
err_free:
	free(r);
	return NULL;
}

/**
 * cons_router_apply() - make the table match @specs
 * @rt: the router.
 * @specs: the wanted readers (unique names).
 * @n: their number.
 * @res: what was done; the caller starts threads for res->added and
 *	joins and releases res->removed.
 * @err: first error, for the user.
 * @errlen: size of @err.
 *
 * Main thread only.  Errors are per reader: the rest is still applied.
 *
 * Return: 0, or -1 when something failed (see @res->failed and @err).
 */
int cons_router_apply(struct cons_router *rt, const struct cons_spec *specs,
		      size_t n, struct cons_reload *res, char *err,
		      size_t errlen)
{
	struct cons_sink *outs[CONS_MAX_READERS];
	const struct cons_spec *pair[CONS_MAX_READERS];
	bool taken[CONS_MAX_READERS] = { false };
	size_t i, j;
	int e;

	memset(res, 0, sizeof(*res));
	if (err && errlen)
		err[0] = '\0';
	if (n > CONS_MAX_READERS)
		n = CONS_MAX_READERS;

	/* Each old reader's new spec: same name, else a rename. */
	for (i = 0; i < rt->nr; i++) {
		pair[i] = find_spec(specs, n, rt->readers[i]->spec.name);
		if (pair[i])
			taken[pair[i] - specs] = true;
	}
	for (i = 0; i < rt->nr; i++) {
		if (pair[i])
			continue;
		for (j = 0; j < n; j++)
			if (!taken[j] && !find_reader(rt, specs[j].name) &&
			    !strcmp(specs[j].out, rt->readers[i]->spec.out)) {
				pair[i] = &specs[j];
				taken[j] = true;
				res->renamed++;
				break;
			}
	}

	/* Slow parts first, without the lock: outputs and new fds. */
	for (i = 0; i < n; i++) {
		outs[i] = get_out(rt, specs[i].out, &e);
		if (!outs[i]) {
			if (!res->failed++)
				snprintf(err, errlen, "%s: %s", specs[i].out,
					 strerror(-e));
			continue;
		}
		/* Main thread is the only writer: no lock needed to look. */
		if (taken[i])
			continue;
		res->added[res->nadded] = new_reader(rt, &specs[i], &e);
		if (!res->added[res->nadded]) {
			if (!res->failed++)
				snprintf(err, errlen, "%s: reader %s: %s",
					 rt->ops->name, specs[i].name,
					 strerror(-e));
			outs[i] = NULL;
			continue;
		}
		res->added[res->nadded]->out = outs[i];
		atomic_fetch_add(&outs[i]->refs, 1);
		res->nadded++;
	}

	pthread_rwlock_wrlock(&rt->lock);
	for (i = 0; i < rt->nr; i++) {
		struct cons_reader *r = rt->readers[i];
		const struct cons_spec *sp = pair[i];
		size_t k = sp ? (size_t)(sp - specs) : 0;

		if (!sp) {
			r->removed = true;
			res->removed[res->nremoved++] = r;
			continue;
		}
		/* Its output could not be opened: keep the old spec. */
		if (!outs[k])
			continue;
		if (cons_spec_equal(&r->spec, sp)) {
			res->kept++;
			continue;
		}
		if (!cons_spec_same_view(&r->spec, sp)) {
			e = rt->ops->set_view(rt->ops->arg, r->fd, sp);
			if (e) {
				if (!res->failed++)
					snprintf(err, errlen,
						 "%s: reader %s: set view: %s",
						 rt->ops->name, sp->name,
						 strerror(-e));
				continue;
			}
			cons_verify_set_order(&r->verify, sp->order);
		}
		if (r->out != outs[k]) {
			atomic_fetch_sub(&r->out->refs, 1);
			atomic_fetch_add(&outs[k]->refs, 1);
			r->out = outs[k];
		}
		r->spec = *sp;
		res->changed++;
	}
	/* Compact the table, then append the new readers. */
	for (i = 0, j = 0; i < rt->nr; i++)
		if (!rt->readers[i]->removed)
			rt->readers[j++] = rt->readers[i];
	rt->nr = j;
	for (i = 0; i < res->nadded; i++)
		rt->readers[rt->nr++] = res->added[i];
	pthread_rwlock_unlock(&rt->lock);

	for (i = 0; i < res->nremoved; i++)
		cons_router_wake(res->removed[i]);
	/* Readers whose view widened may sleep in epoll: let them look. */
	if (res->changed)
		for (i = 0; i < rt->nr; i++)
			cons_router_wake(rt->readers[i]);
	pthread_rwlock_wrlock(&rt->lock);
	put_unused_outs(rt);
	pthread_rwlock_unlock(&rt->lock);
	return res->failed ? -1 : 0;
}

/* Tell @r's thread to re-check its flags. */
void cons_router_wake(struct cons_reader *r)
{
	unsigned long long one = 1;

	if (write(r->wake_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		perror("logger-consumer: eventfd");
}

/**
 * cons_router_release() - free a reader whose thread is joined
 * @rt: the router.
 * @r: a reader no longer in the table (removed, or after stop).
 */
void cons_router_release(struct cons_router *rt, struct cons_reader *r)
{
	pthread_rwlock_wrlock(&rt->lock);
	if (r->out)
		atomic_fetch_sub(&r->out->refs, 1);
	put_unused_outs(rt);
	pthread_rwlock_unlock(&rt->lock);
	rt->ops->close_view(rt->ops->arg, r->fd);
	close(r->wake_fd);
	lg_sbuf_free(&r->line);
	cons_coll_free(&r->coll);
	free(r);
}

/**
 * cons_router_start() - start the threads of @res->added
 * @rt: the router.
 * @res: what cons_router_apply() added.
 *
 * A reader whose thread cannot be created, and every reader after it, is
 * marked done with the error, so the main loop never waits for it.
 *
 * Return: 0, or -errno of the first failure.
 */
int cons_router_start(struct cons_router *rt, struct cons_reload *res)
{
	int (*spawn)(pthread_t *, const pthread_attr_t *, void *(*)(void *),
		     void *) = rt->spawn ? rt->spawn : pthread_create;
	size_t i;
	int err = 0;

	for (i = 0; i < res->nadded; i++) {
		struct cons_reader *r = res->added[i];

		if (!err)
			err = -spawn(&r->thread, NULL, cons_reader_main, r);
		if (err) {
			pthread_rwlock_wrlock(&rt->lock);
			r->counts.error = -err;
			pthread_rwlock_unlock(&rt->lock);
			atomic_store(&r->done, true);
			continue;
		}
		r->started = true;
	}
	return err;
}

/* Make every reader thread exit. */
void cons_router_stop(struct cons_router *rt)
{
	size_t i;

	atomic_store(&rt->stop, true);
	pthread_rwlock_rdlock(&rt->lock);
	for (i = 0; i < rt->nr; i++)
		cons_router_wake(rt->readers[i]);
	pthread_rwlock_unlock(&rt->lock);
}

/* Have all readers in the table finished?  (True for an empty table.) */
bool cons_router_all_done(struct cons_router *rt)
{
	bool all = true;
	size_t i;

	pthread_rwlock_rdlock(&rt->lock);
	for (i = 0; i < rt->nr; i++)
		if (!atomic_load(&rt->readers[i]->done))
			all = false;
	pthread_rwlock_unlock(&rt->lock);
	return all;
}
