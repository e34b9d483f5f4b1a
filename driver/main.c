// SPDX-License-Identifier: GPL-2.0
/*
 * logger: walking skeleton.  /dev/logger keeps written bytes in one buffer
 * and every open() reads them from the start.  Replaced by the real store.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define LG_SKEL_SIZE	65536

/* lg_skel_lock: protects lg_skel_buf and lg_skel_len. */
static DEFINE_MUTEX(lg_skel_lock);
static char *lg_skel_buf;
static size_t lg_skel_len;

static ssize_t lg_skel_read(struct file *file, char __user *buf, size_t count,
			    loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&lg_skel_lock);
	if (*ppos >= lg_skel_len) {
		ret = 0;
		goto out;
	}
	count = min_t(size_t, count, lg_skel_len - *ppos);
	if (copy_to_user(buf, lg_skel_buf + *ppos, count)) {
		ret = -EFAULT;
		goto out;
	}
	*ppos += count;
	ret = count;
out:
	mutex_unlock(&lg_skel_lock);
	return ret;
}

static ssize_t lg_skel_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&lg_skel_lock);
	if (count > LG_SKEL_SIZE - lg_skel_len) {
		ret = -ENOSPC;
		goto out;
	}
	if (copy_from_user(lg_skel_buf + lg_skel_len, buf, count)) {
		ret = -EFAULT;
		goto out;
	}
	lg_skel_len += count;
	ret = count;
out:
	mutex_unlock(&lg_skel_lock);
	return ret;
}

static const struct file_operations lg_skel_fops = {
	.owner		= THIS_MODULE,
	.read		= lg_skel_read,
	.write		= lg_skel_write,
	.llseek		= default_llseek,
};

static struct miscdevice lg_skel_dev = {
	.minor		= MISC_DYNAMIC_MINOR,
	.name		= "logger",
	.fops		= &lg_skel_fops,
	.mode		= 0666,
};

static int __init lg_init(void)
{
	int ret;

	lg_skel_buf = kzalloc(LG_SKEL_SIZE, GFP_KERNEL);
	if (!lg_skel_buf)
		return -ENOMEM;
	ret = misc_register(&lg_skel_dev);
	if (ret)
		goto err_free_buf;
	return 0;

err_free_buf:
	kfree(lg_skel_buf);
	return ret;
}

static void __exit lg_exit(void)
{
	misc_deregister(&lg_skel_dev);
	kfree(lg_skel_buf);
}

module_init(lg_init);
module_exit(lg_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Priority-sorted log device /dev/logger");
MODULE_AUTHOR("logger developers");
