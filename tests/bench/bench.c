// SPDX-License-Identifier: GPL-2.0
/*
 * logger-bench: write-rate measurements for `make bench`, run inside the
 * test VM.  Every figure is a ratio against a peer measured in the same
 * boot (alternating rounds, median of them), never an absolute time, so
 * the numbers mean the same under emulation as on hardware.
 *
 *   logger-bench single [N] [SIZE]   one SIZE-byte record per write():
 *                                    /dev/logger against /dev/null
 *   logger-bench batch [N] [SIZE] [BATCH]
 *                                    BATCH records per write()
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 5

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Records per second writing @n buffers of @len bytes holding @per records. */
static double rate(const char *path, const char *buf, size_t len, long n,
		   int per)
{
	int fd = open(path, O_WRONLY);
	double t0, t1;
	long i;

	if (fd < 0) {
		fprintf(stderr, "logger-bench: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	t0 = now();
	for (i = 0; i < n; i++) {
		if (write(fd, buf, len) != (ssize_t)len) {
			fprintf(stderr, "logger-bench: write %s: %s\n", path,
				strerror(errno));
			exit(1);
		}
	}
	t1 = now();
	close(fd);
	return (double)n * per / (t1 - t0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v)
{
	qsort(v, ROUNDS, sizeof(*v), cmp_double);
	return v[ROUNDS / 2];
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "single";
	long n = argc > 2 ? atol(argv[2]) : 20000;
	size_t size = argc > 3 ? (size_t)atol(argv[3]) : 128;
	int batch = argc > 4 ? atoi(argv[4]) : 64, per, i;
	double dev[ROUNDS], null[ROUNDS], d, z;
	char *buf;
	size_t len = 0;

	if (strcmp(mode, "single") && strcmp(mode, "batch")) {
		fprintf(stderr, "usage: logger-bench single|batch [N] [SIZE] [BATCH]\n");
		return 2;
	}
	per = strcmp(mode, "single") ? batch : 1;
	if (n <= 0 || size < 8 || size > 1000 || per <= 0) {
		fprintf(stderr, "logger-bench: bad N, SIZE or BATCH\n");
		return 2;
	}
	buf = malloc((size + 1) * per);
	for (i = 0; i < per; i++) {
		memcpy(buf + len, "<6>", 3);
		memset(buf + len + 3, 'a' + i % 26, size - 4);
		buf[len + size - 1] = '\n';
		len += size;
	}
	for (i = 0; i < ROUNDS; i++) {
		null[i] = rate("/dev/null", buf, len, n / per, per);
		dev[i] = rate("/dev/logger", buf, len, n / per, per);
	}
	d = median(dev);
	z = median(null);
	printf("bench %s: %d x %zu-byte records per write(): /dev/logger %.0f rec/s, /dev/null %.0f rec/s, ratio %.2f\n",
	       mode, per, size, d, z, d / z);
	free(buf);
	return 0;
}
