/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * SMMUv2 (Arm IHI 0062D) register map, as the MMU-500 (Arm DDI 0517)
 * implements it.  Shared by the driver core (smmu/) and the model (model/):
 * the two read the specification independently, but spell its registers
 * the same way.  Offsets are from the start of each space: GR0 is page 0,
 * GR1 page 1, context bank n is page (NUMPAGE + n) for 4 KiB pages.
 */
#ifndef VADMA_HW_SMMU_H
#define VADMA_HW_SMMU_H

#include "vadma/bits.h"

/* Register maps keep their column layout. */
/* clang-format off */
/* Global register space 0 (IHI 0062D 10.6) */
#define SMMU_GR0_sCR0			0x000
#define   SMMU_sCR0_CLIENTPD		BIT(0)
#define   SMMU_sCR0_GFRE		BIT(1)
#define   SMMU_sCR0_GFIE		BIT(2)
#define   SMMU_sCR0_EXIDENABLE		BIT(3)
#define   SMMU_sCR0_GCFGFRE		BIT(4)
#define   SMMU_sCR0_GCFGFIE		BIT(5)
#define   SMMU_sCR0_TRANSIENTCFG	GENMASK(7, 6)
#define   SMMU_sCR0_STALLD		BIT(8)
#define   SMMU_sCR0_GSE			BIT(9)
#define   SMMU_sCR0_USFCFG		BIT(10)	/* 1: unmatched streams fault */
#define   SMMU_sCR0_VMIDPNE		BIT(11)
#define   SMMU_sCR0_PTM			BIT(12)
#define   SMMU_sCR0_FB			BIT(13)
#define   SMMU_sCR0_BSU			GENMASK(15, 14)
#define   SMMU_sCR0_MEMATTR		GENMASK(19, 16)
#define   SMMU_sCR0_MTCFG		BIT(20)
#define   SMMU_sCR0_SMCFCFG		BIT(21)	/* 1: multiple matches fault */
#define   SMMU_sCR0_SHCFG		GENMASK(23, 22)
#define   SMMU_sCR0_RACFG		GENMASK(25, 24)
#define   SMMU_sCR0_WACFG		GENMASK(27, 26)
#define   SMMU_sCR0_NSCFG		GENMASK(29, 28)
#define   SMMU_sCR0_VMID16EN		BIT(31)
#define SMMU_GR0_sCR2			0x008
#define SMMU_GR0_sACR			0x010	/* MMU-500 auxiliary */
#define   MMU500_sACR_CACHE_LOCK	BIT(26)	/* Non-secure ACTLR writes ignored */
#define SMMU_GR0_IDR0			0x020
#define   SMMU_IDR0_NUMSMRG		GENMASK(7, 0)
#define   SMMU_IDR0_EXIDS		BIT(8)
#define   SMMU_IDR0_NUMSIDB		GENMASK(12, 9)
#define   SMMU_IDR0_BTM			BIT(13)
#define   SMMU_IDR0_CTTW		BIT(14)
#define   SMMU_IDR0_EXSMRGS		BIT(15)
#define   SMMU_IDR0_NUMIRPT		GENMASK(23, 16)
#define   SMMU_IDR0_PTFS		GENMASK(25, 24)
#define   SMMU_IDR0_ATOSNS		BIT(26)	/* 1: no address translation ops */
#define   SMMU_IDR0_SMS			BIT(27)
#define   SMMU_IDR0_NTS			BIT(28)
#define   SMMU_IDR0_S2TS		BIT(29)
#define   SMMU_IDR0_S1TS		BIT(30)
#define   SMMU_IDR0_SES			BIT(31)
#define SMMU_GR0_IDR1			0x024
#define   SMMU_IDR1_NUMCB		GENMASK(7, 0)
#define   SMMU_IDR1_NUMSSDNDXB		GENMASK(11, 8)
#define   SMMU_IDR1_SSDTP		GENMASK(13, 12)
#define   SMMU_IDR1_SMCD		BIT(15)
#define   SMMU_IDR1_NUMS2CB		GENMASK(23, 16)
#define   SMMU_IDR1_HAFDBS		GENMASK(25, 24)
#define   SMMU_IDR1_NUMPAGENDXB		GENMASK(30, 28)
#define   SMMU_IDR1_PAGESIZE		BIT(31)	/* 1: 64 KiB register pages */
#define SMMU_GR0_IDR2			0x028
#define   SMMU_IDR2_IAS			GENMASK(3, 0)
#define   SMMU_IDR2_OAS			GENMASK(7, 4)
#define   SMMU_IDR2_UBS			GENMASK(11, 8)
#define   SMMU_IDR2_PTFS_4K		BIT(12)
#define   SMMU_IDR2_PTFS_16K		BIT(13)
#define   SMMU_IDR2_PTFS_64K		BIT(14)
#define   SMMU_IDR2_VMID16S		BIT(15)
#define   SMMU_IDR2_EXNUMSMRG		GENMASK(26, 16)
#define   SMMU_IDR2_E2HS		BIT(27)
#define   SMMU_IDR2_HADS		BIT(28)
#define   SMMU_IDR2_COMPINDEXS		BIT(29)
#define   SMMU_IDR2_DIPANS		BIT(30)

/* IDR2.IAS/OAS/UBS and CB_TCR2.PASize: 32, 36, 40, 42, 44, 48 bits */
enum smmu_addr_size {
	SMMU_ADDR_SIZE_32 = 0,
	SMMU_ADDR_SIZE_36 = 1,
	SMMU_ADDR_SIZE_40 = 2,
	SMMU_ADDR_SIZE_42 = 3,
	SMMU_ADDR_SIZE_44 = 4,
	SMMU_ADDR_SIZE_48 = 5,	/* UBS: 49 bits (48 and a sign bit) */
	SMMU_ADDR_SIZE_UBS64 = 15,	/* UBS only: 64-bit upstream bus */
};
#define SMMU_GR0_IDR3			0x02c
#define SMMU_GR0_IDR4			0x030
#define SMMU_GR0_IDR5			0x034
#define SMMU_GR0_IDR6			0x038
#define SMMU_GR0_IDR7			0x03c
#define   SMMU_IDR7_MINOR		GENMASK(3, 0)
#define   SMMU_IDR7_MAJOR		GENMASK(7, 4)
#define SMMU_GR0_sGFAR			0x040	/* 64-bit */
#define SMMU_GR0_sGFSR			0x048
#define   SMMU_sGFSR_ICF		BIT(0)	/* invalid context fault */
#define   SMMU_sGFSR_USF		BIT(1)	/* unidentified stream fault */
#define   SMMU_sGFSR_SMCF		BIT(2)	/* stream match conflict */
#define   SMMU_sGFSR_UCBF		BIT(3)
#define   SMMU_sGFSR_UCIF		BIT(4)
#define   SMMU_sGFSR_CAF		BIT(5)
#define   SMMU_sGFSR_EF			BIT(6)
#define   SMMU_sGFSR_PF			BIT(7)
#define   SMMU_sGFSR_UUT		BIT(8)
#define   SMMU_sGFSR_MULTI		BIT(31)
#define SMMU_GR0_sGFSRRESTORE		0x04c
#define SMMU_GR0_sGFSYNR0		0x050
#define   SMMU_sGFSYNR0_NESTED		BIT(0)
#define   SMMU_sGFSYNR0_WNR		BIT(1)
#define   SMMU_sGFSYNR0_PNU		BIT(2)
#define   SMMU_sGFSYNR0_IND		BIT(3)
#define   SMMU_sGFSYNR0_NSSTATE		BIT(4)
#define   SMMU_sGFSYNR0_NSATTR		BIT(5)
#define   SMMU_sGFSYNR0_ATS		BIT(6)
#define SMMU_GR0_sGFSYNR1		0x054
#define   SMMU_sGFSYNR1_STREAMID	GENMASK(15, 0)
#define   SMMU_sGFSYNR1_SSD_INDEX	GENMASK(31, 16)
#define SMMU_GR0_sGFSYNR2		0x058
#define SMMU_GR0_STLBIALL		0x060
#define SMMU_GR0_TLBIVMID		0x064
#define SMMU_GR0_TLBIALLNSNH		0x068
#define SMMU_GR0_TLBIALLH		0x06c
#define SMMU_GR0_sTLBGSYNC		0x070
#define SMMU_GR0_sTLBGSTATUS		0x074
#define   SMMU_sTLBGSTATUS_GSACTIVE	BIT(0)
#define SMMU_GR0_TLBIVAH		0x078
#define SMMU_GR0_STLBIVALM		0x0a0	/* 64-bit, Secure only */
#define SMMU_GR0_STLBIVAM		0x0a8	/* 64-bit, Secure only */
#define SMMU_GR0_TLBIVALH64		0x0b0	/* 64-bit */
#define SMMU_GR0_TLBIVMIDS1		0x0b8
#define SMMU_GR0_STLBIALLM		0x0bc	/* Secure only */
#define SMMU_GR0_TLBIVAH64		0x0c0	/* 64-bit */
#define   SMMU_TLBIVMID_VMID		GENMASK(15, 0)
/* Global address translation operations (IHI 0062D 9.6.5-9.6.13) */
#define SMMU_GR0_sGATS1UR		0x100	/* 64-bit: Addr[63:12], NDX */
#define SMMU_GR0_sGATS1UW		0x108
#define SMMU_GR0_sGATS1PR		0x110
#define SMMU_GR0_sGATS1PW		0x118
#define SMMU_GR0_sGATS12UR		0x120
#define SMMU_GR0_sGATS12UW		0x128
#define SMMU_GR0_sGATS12PR		0x130
#define SMMU_GR0_sGATS12PW		0x138
#define   SMMU_GATS_ADDR		GENMASK_ULL(63, 12)
#define   SMMU_GATS_NDX			GENMASK_ULL(7, 0)
#define SMMU_GR0_sGPAR			0x180	/* 64-bit, format as CB_PAR */
#define   SMMU_GPAR_UCBF		BIT_ULL(30)	/* fault format */
#define SMMU_GR0_sGATSR			0x188
#define   SMMU_sGATSR_ACTIVE		BIT(0)
#define SMMU_GR0_SMR(n)			(0x800 + 4 * (n))
#define   SMMU_SMR_ID			GENMASK(14, 0)
#define   SMMU_SMR_MASK			GENMASK(30, 16)
#define   SMMU_SMR_VALID		BIT(31)
#define SMMU_GR0_S2CR(n)		(0xc00 + 4 * (n))
#define   SMMU_S2CR_CBNDX		GENMASK(7, 0)
#define   SMMU_S2CR_SHCFG		GENMASK(9, 8)
#define   SMMU_S2CR_EXIDVALID		BIT(10)
#define   SMMU_S2CR_MTCFG		BIT(11)
#define   SMMU_S2CR_MEMATTR		GENMASK(15, 12)
#define   SMMU_S2CR_TYPE		GENMASK(17, 16)
#define   SMMU_S2CR_NSCFG		GENMASK(19, 18)
#define   SMMU_S2CR_RACFG		GENMASK(21, 20)
#define   SMMU_S2CR_WACFG		GENMASK(23, 22)
#define   SMMU_S2CR_PRIVCFG		GENMASK(25, 24)
#define   SMMU_S2CR_INSTCFG		GENMASK(27, 26)
#define   SMMU_S2CR_TRANSIENTCFG	GENMASK(29, 28)

enum smmu_s2cr_type {
	SMMU_S2CR_TYPE_TRANS = 0,
	SMMU_S2CR_TYPE_BYPASS = 1,
	SMMU_S2CR_TYPE_FAULT = 2,	/* 3 is reserved, treated as fault */
};

/* S2CR.PRIVCFG and S2CR.INSTCFG (IHI 0062D 9.6.23); 1 is reserved */
enum smmu_s2cr_privcfg {
	SMMU_S2CR_PRIVCFG_DEFAULT = 0,
	SMMU_S2CR_PRIVCFG_UNPRIV = 2,
	SMMU_S2CR_PRIVCFG_PRIV = 3,
};

enum smmu_s2cr_instcfg {
	SMMU_S2CR_INSTCFG_DEFAULT = 0,
	SMMU_S2CR_INSTCFG_DATA = 2,
	SMMU_S2CR_INSTCFG_INST = 3,
};

/* Global register space 1 (IHI 0062D 10.7), one 4 KiB page after GR0 */
#define SMMU_GR1_CBAR(n)		(0x000 + 4 * (n))
#define   SMMU_CBAR_VMID		GENMASK(7, 0)
#define   SMMU_CBAR_BPSHCFG		GENMASK(9, 8)
#define     SMMU_CBAR_BPSHCFG_NSH	3	/* bypass: non-shareable */
#define   SMMU_CBAR_HYPC		BIT(10)
#define   SMMU_CBAR_FB			BIT(11)
#define   SMMU_CBAR_MEMATTR		GENMASK(15, 12)
#define     SMMU_MEMATTR_WB		0xf	/* Normal, inner and outer write-back */
#define   SMMU_CBAR_S2_CBNDX		GENMASK(15, 8)	/* TYPE 3 only */
#define   SMMU_CBAR_TYPE		GENMASK(17, 16)
#define   SMMU_CBAR_BSU			GENMASK(19, 18)
#define   SMMU_CBAR_RACFG		GENMASK(21, 20)
#define   SMMU_CBAR_WACFG		GENMASK(23, 22)
#define   SMMU_CBAR_IRPTNDX		GENMASK(31, 24)
#define SMMU_GR1_CBFRSYNRA(n)		(0x400 + 4 * (n))
#define   SMMU_CBFRSYNRA_SID		GENMASK(15, 0)
#define SMMU_GR1_CBA2R(n)		(0x800 + 4 * (n))
#define   SMMU_CBA2R_VA64		BIT(0)
#define   SMMU_CBA2R_MONC		BIT(1)
#define   SMMU_CBA2R_VMID16		GENMASK(31, 16)

enum smmu_cbar_type {
	SMMU_CBAR_TYPE_S2_TRANS = 0,
	SMMU_CBAR_TYPE_S1_TRANS_S2_BYPASS = 1,
	SMMU_CBAR_TYPE_S1_TRANS_S2_FAULT = 2,
	SMMU_CBAR_TYPE_S1_TRANS_S2_TRANS = 3,
};

/* Translation context bank (IHI 0062D 10.8), offsets within its page */
#define SMMU_CB_SCTLR			0x000
#define   SMMU_SCTLR_M			BIT(0)
#define   SMMU_SCTLR_TRE		BIT(1)
#define   SMMU_SCTLR_AFE		BIT(2)
#define   SMMU_SCTLR_AFFD		BIT(3)
#define   SMMU_SCTLR_E			BIT(4)
#define   SMMU_SCTLR_CFRE		BIT(5)
#define   SMMU_SCTLR_CFIE		BIT(6)
#define   SMMU_SCTLR_CFCFG		BIT(7)	/* 1: stall, 0: terminate */
#define   SMMU_SCTLR_HUPCF		BIT(8)
#define   SMMU_SCTLR_WXN		BIT(9)
#define   SMMU_SCTLR_UWXN		BIT(10)
#define   SMMU_SCTLR_ASIDPNE		BIT(12)
#define   SMMU_SCTLR_UCI		BIT(30)
#define SMMU_CB_ACTLR			0x004
#define   MMU500_ACTLR_CMTLB		BIT(0)
#define   MMU500_ACTLR_CPRE		BIT(1)	/* next-page prefetch */
#define SMMU_CB_RESUME			0x008
#define   SMMU_RESUME_TNR		BIT(0)	/* 1: terminate, 0: retry */
#define SMMU_CB_TCR2			0x010
#define   SMMU_TCR2_PASIZE		GENMASK(2, 0)
#define   SMMU_TCR2_AS			BIT(4)	/* 1: 16-bit ASIDs */
#define   SMMU_TCR2_TBI0		BIT(5)
#define   SMMU_TCR2_TBI1		BIT(6)
#define   SMMU_TCR2_HAD0		BIT(8)
#define   SMMU_TCR2_HAD1		BIT(9)
#define   SMMU_TCR2_HA			BIT(10)
#define   SMMU_TCR2_HD			BIT(11)
#define   SMMU_TCR2_NSCFG0		BIT(14)
#define   SMMU_TCR2_SEP			GENMASK(17, 15)
#define   SMMU_TCR2_NSCFG1		BIT(30)

/* TCR2.SEP: the bit the stage 1 input address is sign-extended from */
enum smmu_tcr2_sep {
	SMMU_TCR2_SEP_31 = 0,
	SMMU_TCR2_SEP_35 = 1,
	SMMU_TCR2_SEP_39 = 2,
	SMMU_TCR2_SEP_41 = 3,
	SMMU_TCR2_SEP_43 = 4,
	SMMU_TCR2_SEP_47 = 5,
	SMMU_TCR2_SEP_UPSTREAM = 7,	/* from IDR2.UBS; 6 is treated as 7 */
};
#define SMMU_CB_TTBR0			0x020	/* 64-bit */
#define SMMU_CB_TTBR1			0x028	/* 64-bit */
#define   SMMU_TTBRn_ASID		GENMASK_ULL(63, 48)
#define SMMU_CB_TCR			0x030	/* the low half of TCR_EL1 */
#define SMMU_CB_CONTEXTIDR		0x034
#define SMMU_CB_MAIR0			0x038
#define SMMU_CB_MAIR1			0x03c
#define SMMU_CB_PAR			0x050	/* 64-bit */
#define   SMMU_PAR_F			BIT_ULL(0)
#define   SMMU_PAR_FST			GENMASK_ULL(6, 1)	/* fault: FSR[6:1] */
#define   SMMU_PAR_SH			GENMASK_ULL(8, 7)
#define   SMMU_PAR_NS			BIT_ULL(9)
#define   SMMU_PAR_RAO			BIT_ULL(11)	/* success: reads 1 */
#define   SMMU_PAR_PA			GENMASK_ULL(47, 12)
#define   SMMU_PAR_ATTR			GENMASK_ULL(63, 56)
/* PAR fault format (F=1, IHI 0062D 16.5.14): FSR[7:1] in place, then: */
#define   SMMU_PAR_ASF			BIT_ULL(7)
#define   SMMU_PAR_FORMAT		GENMASK_ULL(9, 8)
#define   SMMU_PAR_ICF			BIT_ULL(29)
#define   SMMU_PAR_ATOT			BIT_ULL(31)
#define   SMMU_PAR_PLVL			GENMASK_ULL(33, 32)
#define   SMMU_PAR_STAGE		BIT_ULL(35)
#define SMMU_CB_FSR			0x058
#define   SMMU_FSR_TF			BIT(1)	/* translation */
#define   SMMU_FSR_AFF			BIT(2)	/* access flag */
#define   SMMU_FSR_PF			BIT(3)	/* permission */
#define   SMMU_FSR_EF			BIT(4)	/* external */
#define   SMMU_FSR_TLBMCF		BIT(5)
#define   SMMU_FSR_TLBLKF		BIT(6)
#define   SMMU_FSR_ASF			BIT(7)	/* address size */
#define   SMMU_FSR_UUT			BIT(8)
#define   SMMU_FSR_FORMAT		GENMASK(10, 9)	/* enum smmu_fsr_format */
#define   SMMU_FSR_SS			BIT(30)	/* stalled */
#define   SMMU_FSR_MULTI		BIT(31)
#define   SMMU_FSR_FAULT		(SMMU_FSR_TF | SMMU_FSR_AFF | SMMU_FSR_PF | \
					 SMMU_FSR_EF | SMMU_FSR_TLBMCF | \
					 SMMU_FSR_TLBLKF | SMMU_FSR_ASF | \
					 SMMU_FSR_UUT | SMMU_FSR_SS | SMMU_FSR_MULTI)

/* FSR.FORMAT and PAR.FORMAT: the translation scheme of the context */
enum smmu_fsr_format {
	SMMU_FSR_FORMAT_AARCH32_S = 0,
	SMMU_FSR_FORMAT_AARCH32_L = 1,
	SMMU_FSR_FORMAT_AARCH64 = 2,
};

#define SMMU_CB_FSRRESTORE		0x05c
#define SMMU_CB_FAR			0x060	/* 64-bit */
#define SMMU_CB_FSYNR0			0x068
#define   SMMU_FSYNR0_PLVL		GENMASK(1, 0)
#define   SMMU_FSYNR0_WNR		BIT(4)
#define   SMMU_FSYNR0_PNU		BIT(5)
#define   SMMU_FSYNR0_IND		BIT(6)
#define   SMMU_FSYNR0_NSSTATE		BIT(7)
#define   SMMU_FSYNR0_NSATTR		BIT(8)
#define   SMMU_FSYNR0_ATOF		BIT(9)
#define   SMMU_FSYNR0_PTWF		BIT(10)
#define   SMMU_FSYNR0_AFR		BIT(11)
#define   SMMU_FSYNR0_S1CBNDX		GENMASK(23, 16)
#define SMMU_CB_FSYNR1			0x06c
#define SMMU_CB_IPAFAR			0x070	/* 64-bit */
#define SMMU_CB_TLBIVA			0x600	/* 64-bit: ASID [63:48], VA[55:12] in [43:0] */
#define SMMU_CB_TLBIVAA			0x608
#define SMMU_CB_TLBIASID		0x610
#define SMMU_CB_TLBIALL			0x618
#define SMMU_CB_TLBIVAL			0x620
#define SMMU_CB_TLBIVAAL		0x628
#define   SMMU_TLBI_ASID		GENMASK_ULL(63, 48)
#define   SMMU_TLBI_VA			GENMASK_ULL(43, 0)	/* VA[55:12] */
#define SMMU_CB_TLBSYNC			0x7f0
#define SMMU_CB_TLBSTATUS		0x7f4
#define   SMMU_TLBSTATUS_SACTIVE	BIT(0)
#define SMMU_CB_ATS1PR			0x800	/* 64-bit */
#define SMMU_CB_ATS1PW			0x808
#define SMMU_CB_ATS1UR			0x810
#define SMMU_CB_ATS1UW			0x818
#define SMMU_CB_ATSR			0x8f0
#define   SMMU_ATSR_ACTIVE		BIT(0)

/* SMMU_CB_TCR (AArch64 format, IHI 0062D 10.8.27): as TCR_EL1[31:0] */
#define SMMU_TCR_T0SZ			GENMASK(5, 0)
#define SMMU_TCR_EPD0			BIT(7)
#define SMMU_TCR_IRGN0			GENMASK(9, 8)
#define SMMU_TCR_ORGN0			GENMASK(11, 10)
#define SMMU_TCR_SH0			GENMASK(13, 12)
#define SMMU_TCR_TG0			GENMASK(15, 14)
#define SMMU_TCR_T1SZ			GENMASK(21, 16)
#define SMMU_TCR_A1			BIT(22)
#define SMMU_TCR_EPD1			BIT(23)
#define SMMU_TCR_IRGN1			GENMASK(25, 24)
#define SMMU_TCR_ORGN1			GENMASK(27, 26)
#define SMMU_TCR_SH1			GENMASK(29, 28)
#define SMMU_TCR_TG1			GENMASK(31, 30)
#define SMMU_TCR_EAE			BIT(31)	/* AArch32 formats only */

/* TCR.TG0 and TCR.TG1 encode the granule differently (IHI 0062D 16.5.38) */
enum smmu_tcr_tg0 {
	SMMU_TCR_TG0_4K = 0,
	SMMU_TCR_TG0_64K = 1,
	SMMU_TCR_TG0_16K = 2,
};

enum smmu_tcr_tg1 {
	SMMU_TCR_TG1_16K = 1,
	SMMU_TCR_TG1_4K = 2,
	SMMU_TCR_TG1_64K = 3,
};

#define SMMU_PAGE_SHIFT			12

/* clang-format on */
#endif /* VADMA_HW_SMMU_H */
