// SPDX-License-Identifier: GPL-2.0
/*
 * devio: open the device, and say what is wrong when it is not there.
 *
 * DESIGN
 *   open() never creates (no O_CREAT).  A missing node means the module
 *   is not loaded: the message says so.  A *regular file* at the node's
 *   path is the classic trap: "echo x > /dev/logger" before the module
 *   was loaded created it, and it then hides the device node udev makes;
 *   every tool refuses it and says how to fix it.  Pipes (the host
 *   tests' stand-in device) and character devices are accepted.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devio.h"

/**
 * lg_dev_open() - open the device
 * @path: the node.
 * @flags: O_RDONLY / O_WRONLY and friends (O_CLOEXEC is added).
 * @err: message on failure, starting with @path.
 * @errlen: its size.
 *
 * Return: the fd, or -errno (-EEXIST for a regular file in the way).
 */
int lg_dev_open(const char *path, int flags, char *err, size_t errlen)
{
	struct stat st;
	int fd, e;

	fd = open(path, flags | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		if (e == ENOENT)
			snprintf(err, errlen,
				 "%s: %s (is the logger module loaded? try 'modprobe logger')",
				 path, strerror(e));
		else if (e == EACCES && !strcmp(path, LG_DEV_PATH) &&
			 (flags & O_ACCMODE) != O_WRONLY)
			snprintf(err, errlen,
				 "%s: %s (reading needs root or the adm group)",
				 path, strerror(e));
		else
			snprintf(err, errlen, "%s: %s", path, strerror(e));
		return -e;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		close(fd);
		snprintf(err, errlen,
			 "%s: a regular file, not the logger device (left by a write before the module was loaded?): remove it and reload the module",
			 path);
		return -EEXIST;
	}
	return fd;
}

/* A regular file sits where the device node should be. */
bool lg_dev_shadowed(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}
