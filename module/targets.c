// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: the devices triggers touch.
 *
 * Every TD has some of these:
 *  - a PCI device the PCI core enumerated: its configuration space is
 *    read through the kernel's own accessors (conf1 port I/O below 0x100,
 *    ECAM MMIO above, where the kernel found MMCONFIG); the module only
 *    holds a reference, it never binds or writes;
 *  - the ACPI PM timer the FADT declares (read-only port I/O).
 *
 * QEMU's edu (1234:11e8) and pci-testdev (1b36:0005) give byte-exact data
 * round trips.  A PCI driver binds to them, and only to them: probe checks
 * the device against the driver's own table with pci_match_id(), because
 * driver_override and new_id hand any device to a driver.  A run holds
 * its device (vet_target_get()); remove() marks the device dying, and the
 * run stops within a few operations (vet_target_dying()), so unbinding
 * waits for operations, never for a whole run.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/acpi.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/wait.h>

#include "tdx_ve_test.h"

#define VET_EDU_BAR		0
#define VET_EDU_MIN		0x100
#define VET_TDEV_MMIO_BAR	0
#define VET_TDEV_IO_BAR		1
#define VET_TDEV_MMIO_SIZE	4096
#define VET_TDEV_IO_SIZE	256

enum vet_qemu_kind {
	VET_QEMU_EDU,
	VET_QEMU_TDEV,
	VET_NR_QEMU,
};

/* A bound QEMU test device; fields under vet_qemu_lock. */
struct vet_qemu {
	const char *missing;	/* why a run cannot use it when absent */
	struct pci_dev *pdev;	/* NULL when absent */
	void __iomem *mmio;
	unsigned long port;
	unsigned int users;	/* runs holding it */
	bool dying;		/* remove() is waiting for the users */
};

static DEFINE_SPINLOCK(vet_qemu_lock);
static DECLARE_WAIT_QUEUE_HEAD(vet_qemu_wq);
static struct vet_qemu vet_qemu[VET_NR_QEMU] = {
	[VET_QEMU_EDU] = {
		.missing = "no QEMU edu device (-device edu)",
	},
	[VET_QEMU_TDEV] = {
		.missing = "no QEMU pci-testdev (-device pci-testdev)",
	},
};

/* Enumerated PCI devices (references held) and the ACPI PM timer. */
static struct pci_dev *vet_cfg_pdev;
static struct pci_dev *vet_ecam_pdev;
static unsigned long vet_pmtmr_port;
static u32 vet_pmtmr_mask;
static const char *vet_pmtmr_missing = "no ACPI PM timer in the FADT";

const char *const vet_target_names[VET_NR_TARGETS] = {
	[VET_TGT_CPU]		= "cpu",
	[VET_TGT_PCI_CFG]	= "pci-cfg",
	[VET_TGT_PCI_ECAM]	= "pci-ecam",
	[VET_TGT_PM_TIMER]	= "acpi-pm-timer",
	[VET_TGT_EDU]		= "edu",
	[VET_TGT_TDEV_MMIO]	= "pci-testdev-mmio",
	[VET_TGT_TDEV_IO]	= "pci-testdev-io",
};

static struct vet_qemu *vet_qemu_of(enum vet_target tgt)
{
	switch (tgt) {
	case VET_TGT_EDU:
		return &vet_qemu[VET_QEMU_EDU];
	case VET_TGT_TDEV_MMIO:
	case VET_TGT_TDEV_IO:
		return &vet_qemu[VET_QEMU_TDEV];
	default:
		return NULL;
	}
}

/**
 * vet_target_missing - why @tgt cannot be used now
 * @tgt: the target
 *
 * Return: NULL if it is there, else a reason for people.
 */
const char *vet_target_missing(enum vet_target tgt)
{
	struct vet_qemu *q = vet_qemu_of(tgt);
	bool present;

	switch (tgt) {
	case VET_TGT_CPU:
		return NULL;
	case VET_TGT_PCI_CFG:
		return vet_cfg_pdev ? NULL : "no PCI device";
	case VET_TGT_PCI_ECAM:
		return vet_ecam_pdev ? NULL :
		       "no PCI device with extended config space (no ECAM)";
	case VET_TGT_PM_TIMER:
		return vet_pmtmr_port ? NULL : vet_pmtmr_missing;
	default:
		break;
	}
	if (!q)
		return "unknown target";
	spin_lock(&vet_qemu_lock);
	present = q->pdev && !q->dying;
	spin_unlock(&vet_qemu_lock);
	return present ? NULL : q->missing;
}

/**
 * vet_target_get - hold @tgt for a run and fill in its handles
 * @tgt: the target
 * @dev: its handles
 *
 * Return: 0, or -ENODEV when it is absent or being removed.
 */
int vet_target_get(enum vet_target tgt, struct vet_dev *dev)
{
	struct vet_qemu *q = vet_qemu_of(tgt);
	int ret = 0;

	memset(dev, 0, sizeof(*dev));
	switch (tgt) {
	case VET_TGT_CPU:
		return 0;
	case VET_TGT_PCI_CFG:
		dev->pdev = vet_cfg_pdev;
		return dev->pdev ? 0 : -ENODEV;
	case VET_TGT_PCI_ECAM:
		dev->pdev = vet_ecam_pdev;
		return dev->pdev ? 0 : -ENODEV;
	case VET_TGT_PM_TIMER:
		dev->port = vet_pmtmr_port;
		dev->mask = vet_pmtmr_mask;
		return dev->port ? 0 : -ENODEV;
	default:
		break;
	}
	if (!q)
		return -ENODEV;
	spin_lock(&vet_qemu_lock);
	if (q->pdev && !q->dying) {
		q->users++;
		dev->pdev = q->pdev;
		dev->mmio = q->mmio;
		dev->port = q->port;
	} else {
		ret = -ENODEV;
	}
	spin_unlock(&vet_qemu_lock);
	return ret;
}

void vet_target_put(enum vet_target tgt)
{
	struct vet_qemu *q = vet_qemu_of(tgt);

	if (!q)
		return;
	spin_lock(&vet_qemu_lock);
	if (!WARN_ON_ONCE(!q->users) && !--q->users)
		wake_up_all(&vet_qemu_wq);
	spin_unlock(&vet_qemu_lock);
}

/* Polled by a run between operations: stop, the device goes away. */
bool vet_target_dying(enum vet_target tgt)
{
	struct vet_qemu *q = vet_qemu_of(tgt);

	return q && READ_ONCE(q->dying);
}

void vet_target_describe(enum vet_target tgt, char *buf, size_t len)
{
	struct vet_qemu *q = vet_qemu_of(tgt);
	struct pci_dev *pdev = NULL;

	switch (tgt) {
	case VET_TGT_CPU:
		strscpy(buf, "cpu", len);
		return;
	case VET_TGT_PCI_CFG:
		pdev = vet_cfg_pdev;
		break;
	case VET_TGT_PCI_ECAM:
		pdev = vet_ecam_pdev;
		break;
	case VET_TGT_PM_TIMER:
		if (vet_pmtmr_port)
			snprintf(buf, len, "port 0x%lx, %d bits", vet_pmtmr_port,
				 vet_pmtmr_mask == U32_MAX ? 32 : 24);
		else
			strscpy(buf, "absent", len);
		return;
	default:
		if (q) {
			spin_lock(&vet_qemu_lock);
			strscpy(buf, q->pdev ? pci_name(q->pdev) : "absent", len);
			spin_unlock(&vet_qemu_lock);
			return;
		}
	}
	strscpy(buf, pdev ? pci_name(pdev) : "absent", len);
}

/* QEMU test devices ------------------------------------------------- */

/* Check a BAR's type and size before claiming it. */
static int vet_check_bar(struct pci_dev *pdev, int bar, unsigned long type,
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

static int vet_map_edu(struct pci_dev *pdev, struct vet_qemu *q)
{
	int ret;

	ret = vet_check_bar(pdev, VET_EDU_BAR, IORESOURCE_MEM, VET_EDU_MIN);
	if (ret)
		return ret;
	ret = pci_request_region(pdev, VET_EDU_BAR, KBUILD_MODNAME);
	if (ret)
		return ret;
	q->mmio = pci_iomap(pdev, VET_EDU_BAR, VET_EDU_MIN);
	if (!q->mmio) {
		pci_release_region(pdev, VET_EDU_BAR);
		return -ENOMEM;
	}
	return 0;
}

static void vet_unmap_edu(struct pci_dev *pdev, struct vet_qemu *q)
{
	pci_iounmap(pdev, q->mmio);
	pci_release_region(pdev, VET_EDU_BAR);
}

static int vet_map_tdev(struct pci_dev *pdev, struct vet_qemu *q)
{
	int ret;

	ret = vet_check_bar(pdev, VET_TDEV_MMIO_BAR, IORESOURCE_MEM,
			    VET_TDEV_MMIO_SIZE) ?:
	      vet_check_bar(pdev, VET_TDEV_IO_BAR, IORESOURCE_IO,
			    VET_TDEV_IO_SIZE);
	if (ret)
		return ret;
	ret = pci_request_region(pdev, VET_TDEV_MMIO_BAR, KBUILD_MODNAME);
	if (ret)
		return ret;
	ret = pci_request_region(pdev, VET_TDEV_IO_BAR, KBUILD_MODNAME);
	if (ret)
		goto release_mmio;
	q->mmio = pci_iomap(pdev, VET_TDEV_MMIO_BAR, VET_TDEV_MMIO_SIZE);
	if (!q->mmio) {
		ret = -ENOMEM;
		goto release_io;
	}
	q->port = pci_resource_start(pdev, VET_TDEV_IO_BAR);
	return 0;

release_io:
	pci_release_region(pdev, VET_TDEV_IO_BAR);
release_mmio:
	pci_release_region(pdev, VET_TDEV_MMIO_BAR);
	return ret;
}

static void vet_unmap_tdev(struct pci_dev *pdev, struct vet_qemu *q)
{
	pci_iounmap(pdev, q->mmio);
	pci_release_region(pdev, VET_TDEV_IO_BAR);
	pci_release_region(pdev, VET_TDEV_MMIO_BAR);
}

static const struct pci_device_id vet_pci_ids[] = {
	{ PCI_DEVICE(0x1234, 0x11e8), .driver_data = VET_QEMU_EDU },
	{ PCI_DEVICE(PCI_VENDOR_ID_REDHAT, 0x0005), .driver_data = VET_QEMU_TDEV },
	{ }
};

static int vet_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	const struct pci_device_id *ours = pci_match_id(vet_pci_ids, pdev);
	struct vet_qemu *q, mapped = { };
	int ret;

	/* driver_override and new_id bring devices that are not ours. */
	if (!ours) {
		dev_info(&pdev->dev, "not a QEMU edu or pci-testdev, not binding\n");
		return -ENODEV;
	}
	q = &vet_qemu[ours->driver_data];

	spin_lock(&vet_qemu_lock);
	ret = q->pdev ? -EBUSY : 0;	/* one device of each kind */
	spin_unlock(&vet_qemu_lock);
	if (ret)
		return ret;

	ret = pci_enable_device(pdev);
	if (ret)
		return ret;
	ret = ours->driver_data == VET_QEMU_EDU ? vet_map_edu(pdev, &mapped) :
						  vet_map_tdev(pdev, &mapped);
	if (ret) {
		pci_disable_device(pdev);
		return ret;
	}

	spin_lock(&vet_qemu_lock);
	if (q->pdev) {
		ret = -EBUSY;
	} else {
		q->mmio = mapped.mmio;
		q->port = mapped.port;
		q->pdev = pdev;
	}
	spin_unlock(&vet_qemu_lock);
	if (ret) {
		if (ours->driver_data == VET_QEMU_EDU)
			vet_unmap_edu(pdev, &mapped);
		else
			vet_unmap_tdev(pdev, &mapped);
		pci_disable_device(pdev);
		return ret;
	}
	pci_set_drvdata(pdev, q);
	dev_info(&pdev->dev, "test target ready\n");
	return 0;
}

static bool vet_qemu_idle(struct vet_qemu *q)
{
	bool idle;

	spin_lock(&vet_qemu_lock);
	idle = !q->users;
	spin_unlock(&vet_qemu_lock);
	return idle;
}

static void vet_pci_remove(struct pci_dev *pdev)
{
	struct vet_qemu *q = pci_get_drvdata(pdev);

	/* New runs fail from here; running ones stop within a few ops. */
	spin_lock(&vet_qemu_lock);
	q->dying = true;
	spin_unlock(&vet_qemu_lock);
	wait_event(vet_qemu_wq, vet_qemu_idle(q));

	if (q == &vet_qemu[VET_QEMU_EDU])
		vet_unmap_edu(pdev, q);
	else
		vet_unmap_tdev(pdev, q);
	pci_disable_device(pdev);

	spin_lock(&vet_qemu_lock);
	q->pdev = NULL;
	q->mmio = NULL;
	q->port = 0;
	q->dying = false;
	spin_unlock(&vet_qemu_lock);
}

/*
 * No MODULE_DEVICE_TABLE(): the module must only be loaded on purpose, not
 * whenever one of these devices shows up.
 */
static struct pci_driver vet_pci_driver = {
	.name = KBUILD_MODNAME,
	.id_table = vet_pci_ids,
	.probe = vet_pci_probe,
	.remove = vet_pci_remove,
};

/* Devices every TD may have --------------------------------------------- */

/* 0000:00:00.0 (the host bridge on PC machines), else the first device. */
static struct pci_dev *vet_find_cfg_pdev(void)
{
	struct pci_dev *pdev;

	pdev = pci_get_domain_bus_and_slot(0, 0, PCI_DEVFN(0, 0));
	if (pdev)
		return pdev;
	return pci_get_device(PCI_ANY_ID, PCI_ANY_ID, NULL);
}

/*
 * A device whose extended config space the PCI core could read at
 * enumeration (cfg_size 4096): the kernel found ECAM for its bus, so
 * reads at 0x100 and above go through pci_mmcfg_read(), MMIO.
 */
static struct pci_dev *vet_find_ecam_pdev(void)
{
	struct pci_dev *pdev = NULL;

	while ((pdev = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, pdev)))
		if (pdev->cfg_size > PCI_CFG_SPACE_SIZE)
			return pdev;	/* the iterator's reference is ours */
	return NULL;
}

static void vet_find_pm_timer(void)
{
#ifdef CONFIG_ACPI
	const struct acpi_generic_address *blk = &acpi_gbl_FADT.xpm_timer_block;

	if (acpi_disabled) {
		vet_pmtmr_missing = "ACPI is disabled";
		return;
	}
	if (acpi_gbl_FADT.flags & ACPI_FADT_HW_REDUCED) {
		vet_pmtmr_missing = "hardware-reduced ACPI: no PM timer";
		return;
	}
	if (blk->space_id != ACPI_ADR_SPACE_SYSTEM_IO || !blk->address ||
	    blk->address > 0xfffc)
		return;
	vet_pmtmr_port = blk->address;
	vet_pmtmr_mask = acpi_gbl_FADT.flags & ACPI_FADT_32BIT_TIMER ?
			 U32_MAX : GENMASK(23, 0);
#else
	vet_pmtmr_missing = "kernel built without ACPI";
#endif
}

int vet_targets_init(void)
{
	int ret;

	vet_cfg_pdev = vet_find_cfg_pdev();
	vet_ecam_pdev = vet_find_ecam_pdev();
	vet_find_pm_timer();
	ret = pci_register_driver(&vet_pci_driver);
	if (ret) {
		pci_dev_put(vet_ecam_pdev);
		pci_dev_put(vet_cfg_pdev);
	}
	return ret;
}

void vet_targets_exit(void)
{
	pci_unregister_driver(&vet_pci_driver);
	pci_dev_put(vet_ecam_pdev);
	pci_dev_put(vet_cfg_pdev);
}
