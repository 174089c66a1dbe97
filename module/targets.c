// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: find and map the QEMU test devices.
 *
 * Only QEMU's edu (1234:11e8) and pci-testdev (1b36:0005) are ever
 * touched.  A small PCI driver binds to them so that the BARs are claimed
 * and an unbind (or hot-unplug) is seen: the mappings are published and
 * withdrawn under tdx_ve_lock, which every trigger run holds.
 */
#define pr_fmt(fmt) "tdx_ve_test: " fmt

#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/string.h>

#include "tdx_ve_test.h"

#define TDX_VE_EDU_BAR		0
#define TDX_VE_EDU_MIN		0x100
#define TDX_VE_TDEV_MMIO_BAR	0
#define TDX_VE_TDEV_IO_BAR	1

struct tdx_ve_targets tdx_ve_targets = {
	.edu_name = "absent",
	.tdev_name = "absent",
};

bool tdx_ve_target_present(enum tdx_ve_target target)
{
	switch (target) {
	case TDX_VE_TGT_NONE:
		return true;
	case TDX_VE_TGT_EDU:
		return tdx_ve_targets.edu;
	case TDX_VE_TGT_TDEV_MMIO:
		return tdx_ve_targets.tdev_mmio;
	case TDX_VE_TGT_TDEV_IO:
		return tdx_ve_targets.tdev_port;
	default:
		return false;
	}
}

/* Check a BAR's type and size before claiming it. */
static int tdx_ve_check_bar(struct pci_dev *pdev, int bar, unsigned long type,
			    resource_size_t min)
{
	if (!(pci_resource_flags(pdev, bar) & type) ||
	    pci_resource_len(pdev, bar) < min) {
		dev_err(&pdev->dev, "BAR%d: unexpected type or size %pR\n",
			bar, &pdev->resource[bar]);
		return -ENODEV;
	}
	return 0;
}

static int tdx_ve_probe_edu(struct pci_dev *pdev)
{
	void __iomem *base;
	int ret;

	ret = tdx_ve_check_bar(pdev, TDX_VE_EDU_BAR, IORESOURCE_MEM,
			       TDX_VE_EDU_MIN);
	if (ret)
		return ret;
	ret = pci_request_region(pdev, TDX_VE_EDU_BAR, KBUILD_MODNAME);
	if (ret)
		return ret;
	base = pci_iomap(pdev, TDX_VE_EDU_BAR, TDX_VE_EDU_MIN);
	if (!base) {
		pci_release_region(pdev, TDX_VE_EDU_BAR);
		return -ENOMEM;
	}
	mutex_lock(&tdx_ve_lock);
	tdx_ve_targets.edu = base;
	strscpy(tdx_ve_targets.edu_name, pci_name(pdev));
	mutex_unlock(&tdx_ve_lock);
	return 0;
}

static int tdx_ve_probe_tdev(struct pci_dev *pdev)
{
	void __iomem *base;
	int ret;

	ret = tdx_ve_check_bar(pdev, TDX_VE_TDEV_MMIO_BAR, IORESOURCE_MEM,
			       TDEV_MMIO_SIZE) ?:
	      tdx_ve_check_bar(pdev, TDX_VE_TDEV_IO_BAR, IORESOURCE_IO,
			       TDEV_IO_SIZE);
	if (ret)
		return ret;
	ret = pci_request_region(pdev, TDX_VE_TDEV_MMIO_BAR, KBUILD_MODNAME);
	if (ret)
		return ret;
	ret = pci_request_region(pdev, TDX_VE_TDEV_IO_BAR, KBUILD_MODNAME);
	if (ret)
		goto release_mmio;
	base = pci_iomap(pdev, TDX_VE_TDEV_MMIO_BAR, TDEV_MMIO_SIZE);
	if (!base) {
		ret = -ENOMEM;
		goto release_io;
	}
	mutex_lock(&tdx_ve_lock);
	tdx_ve_targets.tdev_mmio = base;
	tdx_ve_targets.tdev_port = pci_resource_start(pdev, TDX_VE_TDEV_IO_BAR);
	strscpy(tdx_ve_targets.tdev_name, pci_name(pdev));
	mutex_unlock(&tdx_ve_lock);
	return 0;

release_io:
	pci_release_region(pdev, TDX_VE_TDEV_IO_BAR);
release_mmio:
	pci_release_region(pdev, TDX_VE_TDEV_MMIO_BAR);
	return ret;
}

static bool tdx_ve_is_edu(struct pci_dev *pdev)
{
	return pdev->vendor == 0x1234;
}

static int tdx_ve_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret = 0;

	/* One device of each kind is enough. */
	mutex_lock(&tdx_ve_lock);
	if (tdx_ve_is_edu(pdev) ? !!tdx_ve_targets.edu : !!tdx_ve_targets.tdev_port)
		ret = -EBUSY;
	mutex_unlock(&tdx_ve_lock);
	if (ret)
		return ret;

	ret = pci_enable_device(pdev);
	if (ret)
		return ret;
	ret = tdx_ve_is_edu(pdev) ? tdx_ve_probe_edu(pdev) :
				    tdx_ve_probe_tdev(pdev);
	if (ret) {
		pci_disable_device(pdev);
		return ret;
	}
	dev_info(&pdev->dev, "test target ready\n");
	return 0;
}

static void tdx_ve_remove(struct pci_dev *pdev)
{
	void __iomem *base;

	mutex_lock(&tdx_ve_lock);
	if (tdx_ve_is_edu(pdev)) {
		base = tdx_ve_targets.edu;
		tdx_ve_targets.edu = NULL;
		strscpy(tdx_ve_targets.edu_name, "absent");
	} else {
		base = tdx_ve_targets.tdev_mmio;
		tdx_ve_targets.tdev_mmio = NULL;
		tdx_ve_targets.tdev_port = 0;
		strscpy(tdx_ve_targets.tdev_name, "absent");
	}
	mutex_unlock(&tdx_ve_lock);

	pci_iounmap(pdev, base);
	if (tdx_ve_is_edu(pdev)) {
		pci_release_region(pdev, TDX_VE_EDU_BAR);
	} else {
		pci_release_region(pdev, TDX_VE_TDEV_IO_BAR);
		pci_release_region(pdev, TDX_VE_TDEV_MMIO_BAR);
	}
	pci_disable_device(pdev);
}

static const struct pci_device_id tdx_ve_ids[] = {
	{ PCI_DEVICE(0x1234, 0x11e8) },	/* QEMU edu */
	{ PCI_DEVICE(PCI_VENDOR_ID_REDHAT, 0x0005) },	/* QEMU pci-testdev */
	{ }
};

/*
 * No MODULE_DEVICE_TABLE(): the module must only be loaded on purpose, not
 * auto-loaded whenever one of these devices shows up.
 */
static struct pci_driver tdx_ve_pci_driver = {
	.name = KBUILD_MODNAME,
	.id_table = tdx_ve_ids,
	.probe = tdx_ve_probe,
	.remove = tdx_ve_remove,
};

int tdx_ve_targets_init(void)
{
	return pci_register_driver(&tdx_ve_pci_driver);
}

void tdx_ve_targets_exit(void)
{
	pci_unregister_driver(&tdx_ve_pci_driver);
}
