// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper, not shipped: owns debugfs tdx/ the way intel/lkvs
 * tdx-compliance does, so that tests/guest/clash.sh can check that
 * tdx_ve_test.ko refuses to load next to it and leaves the other owner's
 * directory alone.
 */
#include <linux/debugfs.h>
#include <linux/module.h>

static struct dentry *tdx_holder_dir;
static u32 tdx_holder_value = 42;

static int __init tdx_holder_init(void)
{
	tdx_holder_dir = debugfs_create_dir("tdx", NULL);
	if (IS_ERR(tdx_holder_dir))
		return PTR_ERR(tdx_holder_dir);
	debugfs_create_u32("owner", 0444, tdx_holder_dir, &tdx_holder_value);
	return 0;
}
module_init(tdx_holder_init);

static void __exit tdx_holder_exit(void)
{
	debugfs_remove(tdx_holder_dir);
}
module_exit(tdx_holder_exit);

MODULE_DESCRIPTION("tdx-ve test helper: holds debugfs tdx/ like tdx-compliance");
MODULE_LICENSE("GPL");
