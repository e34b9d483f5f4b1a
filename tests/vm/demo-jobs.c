// SPDX-License-Identifier: GPL-2.0
/*
 * demo-jobs: the producer of `make demo`'s job-queue scene (static, in the
 * VM): N "job" and N "log" records, interleaved, one per write(), on one
 * fd that parses "TAG: " (LOGGER_FD_PARSE_TAGS), so each record carries
 * its tag in the kernel.  (logger-producer --tag marks the text only on
 * this branch; it sets the kernel tag once wip/ctl2 is merged.)
 *
 *   demo-jobs N     job: job-0 .. job-(N-1), log: log-0 .. log-(N-1)
 *
 * A write that waits under the block policy just takes longer; any
 * failure ends it with exit 1 and what it had written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "logger.h"

int main(int argc, char **argv)
{
	__u32 flags = LOGGER_FD_PARSE_TAGS;
	unsigned long n, i, done = 0;
	char line[128];
	int fd;

	if (argc != 2 || !(n = strtoul(argv[1], NULL, 10))) {
		fprintf(stderr, "usage: demo-jobs N\n");
		return 2;
	}
	fd = open("/dev/logger", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, LOGGER_IOC_SET_FLAGS, &flags)) {
		fprintf(stderr, "demo-jobs: /dev/logger: %s\n",
			strerror(errno));
		return 1;
	}
	for (i = 0; i < 2 * n; i++) {
		int len = i % 2 ?
			snprintf(line, sizeof(line),
				 "<14>log: log-%lu request served", i / 2) :
			snprintf(line, sizeof(line),
				 "<13>job: job-%lu resize image", i / 2);

		if (write(fd, line, (size_t)len) != len) {
			fprintf(stderr, "demo-jobs: write: %s (after %lu records)\n",
				strerror(errno), done);
			return 1;
		}
		done++;
	}
	printf("demo-jobs: wrote %lu job and %lu log records\n", n, n);
	return 0;
}
