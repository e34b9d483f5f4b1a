// SPDX-License-Identifier: GPL-2.0
/*
 * lgfloor: the floor row of `make bench`, not part of logger.
 *
 * A misc device, /dev/lgfloor, whose write() is /dev/logger's cut short
 * right after it copied the record from user space: the same entry
 * (write_iter), the same copy (copy_from_iter into an on-stack buffer of
 * LG_SMALL_WRITE bytes for a short write, into a per-file kvmalloc()ed
 * buffer of 16 KiB for a longer one), then nothing.  Any design that copies each record once
 * from user memory into the store pays at least this; the ratio of
 * /dev/logger's single-record write() to this one says how close its
 * write path is to that floor.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uio.h>

/* As driver/chardev.c. */
#define LGF_SMALL_WRITE	256
#define LGF_BUF		16384

static int lgf_open(struct inode *inode, struct file *file)
{
	file->private_data = kvmalloc(LGF_BUF, GFP_KERNEL_ACCOUNT);
	return file->private_data ? 0 : -ENOMEM;
}

static int lgf_release(struct inode *inode, struct file *file)
{
	kvfree(file->private_data);
	return 0;
}

static ssize_t lgf_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	size_t total = iov_iter_count(from), done = 0;

	if (total <= LGF_SMALL_WRITE) {
		char buf[LGF_SMALL_WRITE] __aligned(8);

		done = copy_from_iter(buf, total, from);
		/* Keep the copy: the compiler must not drop it. */
		barrier_data(buf);
	} else {
		while (done < total) {
			size_t want = min_t(size_t, total - done, LGF_BUF);
			size_t got = copy_from_iter(iocb->ki_filp->private_data,
						    want, from);

			done += got;
			if (got < want)
				break;
		}
	}
	return done ? done : -EFAULT;
}

static const struct file_operations lgf_fops = {
	.owner = THIS_MODULE,
	.open = lgf_open,
	.release = lgf_release,
	.write_iter = lgf_write_iter,
	.llseek = noop_llseek,
};

static struct miscdevice lgf_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "lgfloor",
	.fops = &lgf_fops,
	.mode = 0666,
};

module_misc_device(lgf_dev);
MODULE_DESCRIPTION("logger bench: the single-copy floor of a write");
MODULE_LICENSE("GPL");
