/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the device suite, which runs as root inside the test VM.
 */
#ifndef LOGGER_DEVTEST_H
#define LOGGER_DEVTEST_H

#include <check.h>
#include <stddef.h>

#define DEV_PATH "/dev/logger"

void dt_load(const char *params);
void dt_unload(void);
void dt_fixture_load(void);
void dt_fixture_unload(void);
int dt_open(int flags);
void dt_write_str(int fd, const char *s);

Suite *make_skeleton_suite(void);

#endif
