/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cons_cursor: a saved reading position, "i=INSTANCE;s=SEQ" (journalctl's
 * cursor idea on this device's struct logger_pos): as a string for
 * --cursor/--after-cursor/--show-cursor, and in a cursor file.
 */
#ifndef LOGGER_CONS_CURSOR_H
#define LOGGER_CONS_CURSOR_H

#include <stddef.h>

/**
 * struct cons_cursor - the last record delivered
 * @instance: the load of the module it belongs to.
 * @seq: its sequence number.
 */
struct cons_cursor {
	unsigned long long instance;
	unsigned long long seq;
};

int cons_cursor_parse(const char *s, struct cons_cursor *c);
int cons_cursor_format(char *buf, size_t size, const struct cons_cursor *c);
int cons_cursor_load(const char *path, struct cons_cursor *c);
int cons_cursor_save(const char *path, const struct cons_cursor *c);

#endif /* LOGGER_CONS_CURSOR_H */
