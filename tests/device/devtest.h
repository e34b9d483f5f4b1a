/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the device suite, which runs as root inside the test VM.
 * Each test case's checked fixture loads a fresh logger.ko (path in
 * $LOGGER_KO) and unloads it after the test, so no state leaks between
 * tests.
 */
#ifndef LOGGER_DEVTEST_H
#define LOGGER_DEVTEST_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "logger.h"

#define DEV_PATH "/dev/logger"
#define DT_NOBODY 65534
/* A NULL-terminated argv for dt_spawn(). */
#define DT_ARGV(...)	((char *[]){ __VA_ARGS__, NULL })

/* One record as read back in binary format. */
struct dt_rec {
	struct logger_record h;
	char msg[8200];
};

void dt_load(const char *params);
void dt_unload(void);
void dt_fixture_load(void);
void dt_fixture_unload(void);
void dt_fixture_load_small(void);

int dt_open(int flags);
void dt_write_str(int fd, const char *s);
void dt_set_view(int fd, unsigned int filter, unsigned int order,
		 unsigned int format);
void dt_set_default_level(int fd, unsigned int level);
struct logger_stats dt_stats(int fd);
struct logger_view_stats dt_view_stats(int fd);
struct logger_flow_stats dt_flow(int fd);
void dt_set_flags(int fd, __u32 flags);
void dt_set_policy(int fd, __u32 policy);
void dt_join_group(int fd, const char *name);
size_t dt_read_text(int fd, char *buf, size_t size);
int dt_read_bin(int fd, struct dt_rec *recs, int max);
void dt_flood(int fd, int level, int count);
void dt_drop_privs(void);
void dt_regain_privs(void);
unsigned long long dt_now_ms(void);
void dt_tick(void);
void dt_rm(const char *path);
pid_t dt_spawn(char *const argv[], int in_fd, const char *out,
	       const char *err);
pid_t dt_spawn_as(char *const argv[], int in_fd, const char *out,
		  const char *err, bool nobody);
int dt_wait_exit(pid_t pid, unsigned int ms);
void dt_stop(pid_t pid);
char *dt_slurp(const char *path);
char *dt_slurp_len(const char *path, size_t *lenp);
unsigned long long dt_json_u64(const char *s, const char *key);
const char *dt_sys(const char *name);
unsigned long long dt_sys_u64(const char *name);

Suite *make_write_suite(void);
Suite *make_read_suite(void);
Suite *make_view_suite(void);
Suite *make_overflow_suite(void);
Suite *make_control_suite(void);
Suite *make_netlink_suite(void);
Suite *make_tools_suite(void);
Suite *make_trust_suite(void);
Suite *make_mmap_suite(void);
Suite *make_lifecycle_suite(void);
Suite *make_sequences_suite(void);
void seq_add_wake_tests(TCase *tc);
void seq_add_writev_tests(TCase *tc);
Suite *make_flow_suite(void);
void flow_add_group_tests(TCase *tc);
Suite *make_consumer_flow_suite(void);
Suite *make_consumer_mmap_suite(void);
Suite *make_ctl_flow_suite(void);
Suite *make_mmap_flow_suite(void);

#endif
