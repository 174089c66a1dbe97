// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: PCI configuration reads, through the kernel's own API.
 *
 * pci_read_config_dword() takes the PCI core's locks and picks the
 * access method as every driver's read does: on x86, offsets below 0x100
 * of domain 0 go through conf1 (raw_pci_ops: OUT of the address to 0xCF8,
 * IN from 0xCFC, one #VE each), offsets from 0x100 through ECAM
 * (raw_pci_ext_ops: one MMIO load).  Only reads, only of registers
 * without side effects.
 *
 * pci_cfg_read reads the vendor and device ID of an enumerated device and
 * compares them with what the PCI core read at enumeration.  pci_ecam_read
 * reads the first extended capability header of a device with extended
 * config space: it must be a well-formed header (ID and next pointer in
 * range, never all-ones) and the same on every read.
 */
#include <linux/pci.h>

#include "tdx_ve_test.h"

static int vet_pci_id_prepare(struct vet_run *run)
{
	struct pci_dev *pdev = run->dev.pdev;

	run->cookie = (u32)pdev->device << 16 | pdev->vendor;
	return 0;
}

static int vet_pci_read(struct vet_run *run)
{
	u32 val;

	if (pci_read_config_dword(run->dev.pdev, run->trig->arg, &val))
		return vet_mismatch(run, run->cookie, U64_MAX);
	return val == run->cookie ? 0 : vet_mismatch(run, run->cookie, val);
}

static bool vet_ext_cap_ok(u32 hdr)
{
	u32 next = PCI_EXT_CAP_NEXT(hdr);

	if (hdr == U32_MAX)
		return false;
	if (next && (next < PCI_CFG_SPACE_SIZE || next & 3))
		return false;
	return PCI_EXT_CAP_ID(hdr) <= PCI_EXT_CAP_ID_MAX;
}

static int vet_ecam_prepare(struct vet_run *run)
{
	u32 hdr;

	if (pci_read_config_dword(run->dev.pdev, run->trig->arg, &hdr))
		return vet_mismatch(run, 0, U64_MAX);
	if (!vet_ext_cap_ok(hdr))
		return vet_mismatch(run, 0, hdr);
	run->cookie = hdr;
	return 0;
}

static const struct vet_trigger vet_pci_triggers[] = {
	{
		.name = "pci_cfg_read",
		.what = "pci_read_config_dword(dev, 0): the IDs found at enumeration",
		.target = VET_TGT_PCI_CFG,
		.ve = { [VET_IO_OUT] = 1, [VET_IO_IN] = 1 },
		.width = 4,
		.arg = PCI_VENDOR_ID,
		.prepare = vet_pci_id_prepare,
		.op = vet_pci_read,
	},
	{
		.name = "pci_ecam_read",
		.what = "pci_read_config_dword(dev, 0x100): same valid header every read",
		.target = VET_TGT_PCI_ECAM,
		.ve = { [VET_MMIO_READ] = 1 },
		.width = 4,
		.arg = PCI_CFG_SPACE_SIZE,
		.prepare = vet_ecam_prepare,
		.op = vet_pci_read,
	},
};

const struct vet_category vet_pci_category = {
	.name = "pci",
	.triggers = vet_pci_triggers,
	.len = ARRAY_SIZE(vet_pci_triggers),
};
