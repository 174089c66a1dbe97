// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: the trigger categories, as LKDTM collects its crash types.
 *
 * Each category file (pci.c, acpi.c, cpuid.c, ...) has a table of
 * triggers; this file puts them in one flat list, in the order list and
 * the selftest show them: the ones every TD has first, then the QEMU
 * device round trips, then the opt-in ones.  It also holds the null
 * trigger, which measures the harness itself.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "tdx_ve_test.h"

#define VET_NAME_ENTRY(NAME, name)	[VET_##NAME] = #name,

const char *const vet_path_names[VET_NR_PATHS] = { VET_PATHS(VET_NAME_ENTRY) };
const char *const vet_context_names[VET_NR_CONTEXTS] = { VET_CONTEXTS(VET_NAME_ENTRY) };
const char *const vet_result_names[VET_NR_RESULTS] = { VET_RESULTS(VET_NAME_ENTRY) };

static int vet_null(struct vet_run *run)
{
	return 0;
}

static const struct vet_trigger vet_harness_triggers[] = {
	{
		.name = "null",
		.what = "nothing: the harness around an operation (no #VE)",
		.target = VET_TGT_CPU,
		.op = vet_null,
	},
};

const struct vet_category vet_harness_category = {
	.name = "harness",
	.triggers = vet_harness_triggers,
	.len = ARRAY_SIZE(vet_harness_triggers),
};

static const struct vet_category *const vet_categories[] = {
	&vet_harness_category,
	&vet_pci_category,
	&vet_acpi_category,
	&vet_cpuid_category,
	&vet_msr_category,
	&vet_io_category,
	&vet_mmio_category,
	&vet_hlt_category,
	&vet_fail_category,
};

struct vet_entry {
	const struct vet_trigger *trig;
	const struct vet_category *cat;
};

static struct vet_entry *vet_entries;
static size_t vet_nr_entries;

int vet_tables_init(void)
{
	size_t c, i, n = 0;

	for (c = 0; c < ARRAY_SIZE(vet_categories); c++)
		n += vet_categories[c]->len;
	vet_entries = kcalloc(n, sizeof(*vet_entries), GFP_KERNEL);
	if (!vet_entries)
		return -ENOMEM;
	for (c = 0; c < ARRAY_SIZE(vet_categories); c++) {
		for (i = 0; i < vet_categories[c]->len; i++) {
			vet_entries[vet_nr_entries].cat = vet_categories[c];
			vet_entries[vet_nr_entries++].trig =
				&vet_categories[c]->triggers[i];
		}
	}
	return 0;
}

void vet_tables_exit(void)
{
	kfree(vet_entries);
	vet_entries = NULL;
	vet_nr_entries = 0;
}

size_t vet_nr_triggers(void)
{
	return vet_nr_entries;
}

const struct vet_trigger *vet_trigger_at(size_t i)
{
	return i < vet_nr_entries ? vet_entries[i].trig : NULL;
}

const char *vet_category_of(size_t i)
{
	return i < vet_nr_entries ? vet_entries[i].cat->name : "?";
}

int vet_trigger_index(const struct vet_trigger *t)
{
	size_t i;

	for (i = 0; i < vet_nr_entries; i++)
		if (vet_entries[i].trig == t)
			return i;
	return -ENOENT;
}

const struct vet_trigger *vet_trigger_find(const char *name)
{
	size_t i;

	for (i = 0; i < vet_nr_entries; i++)
		if (!strcmp(vet_entries[i].trig->name, name))
			return vet_entries[i].trig;
	return NULL;
}

void vet_trigger_paths(const struct vet_trigger *t, char *buf, size_t len)
{
	size_t used = 0;
	int p;

	buf[0] = '\0';
	for (p = 0; p < VET_NR_PATHS; p++) {
		if (!t->ve[p])
			continue;
		used += scnprintf(buf + used, len - used, "%s%s",
				  used ? "+" : "", vet_path_names[p]);
	}
	if (!used)
		strscpy(buf, "-", len);
}
