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
 *   name.  A reader whose spec is unchanged is left alone.  A changed one
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
 *   (cons_router_release()); an output only when no reader refers to it.
 *   Non-goals: no hot change of the device path or the start position.
 */
#include <errno.h>
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
	struct cons_out *o, *next;

	for (o = rt->outs; o; o = next) {
		next = o->next;
		if (o->f && o->f != stdout)
			fclose(o->f);
		else if (o->f)
			fflush(o->f);
		free(o);
	}
	rt->outs = NULL;
	pthread_rwlock_destroy(&rt->lock);
}

/* Find or open the output @path; main thread only. */
static struct cons_out *get_out(struct cons_router *rt, const char *path,
				int *err)
{
	struct cons_out *o;

	for (o = rt->outs; o; o = o->next)
		if (!strcmp(o->path, path))
			return o;
	o = calloc(1, sizeof(*o));
	if (!o) {
		*err = -ENOMEM;
		return NULL;
	}
	strcpy(o->path, path);
	o->f = strcmp(path, "-") ? fopen(path, "ae") : stdout;
	if (!o->f) {
		*err = -errno;
		free(o);
		return NULL;
	}
	/* Linked at once; readers find it only through r->out. */
	o->next = rt->outs;
	rt->outs = o;
	return o;
}

/* Close outputs nobody refers to; main thread, no reader may use them. */
static void put_unused_outs(struct cons_router *rt)
{
	struct cons_out **pp = &rt->outs, *o;

	while ((o = *pp)) {
		if (o->refs) {
			pp = &o->next;
			continue;
		}
		*pp = o->next;
		if (o->f != stdout)
			fclose(o->f);
		else
			fflush(stdout);
		free(o);
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
	struct cons_out *outs[CONS_MAX_READERS];
	size_t i, j;
	int e;

	memset(res, 0, sizeof(*res));
	if (err && errlen)
		err[0] = '\0';
	if (n > CONS_MAX_READERS)
		n = CONS_MAX_READERS;

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
		if (find_reader(rt, specs[i].name))
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
		outs[i]->refs++;
		res->nadded++;
	}

	pthread_rwlock_wrlock(&rt->lock);
	for (i = 0; i < rt->nr; i++) {
		struct cons_reader *r = rt->readers[i];
		const struct cons_spec *sp = find_spec(specs, n, r->spec.name);
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
			r->out->refs--;
			outs[k]->refs++;
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
	if (r->out) {
		fflush(r->out->f);
		r->out->refs--;
	}
	put_unused_outs(rt);
	pthread_rwlock_unlock(&rt->lock);
	rt->ops->close_view(rt->ops->arg, r->fd);
	close(r->wake_fd);
	lg_sbuf_free(&r->line);
	free(r);
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
