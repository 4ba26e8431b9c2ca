/* The hypervisor image (domus-hv.bin), embedded in domus.efi. */
    .section .rodata.hv_blob, "a"
    .balign 4096
    .globl hv_blob_start
hv_blob_start:
    .incbin HV_BLOB_PATH
    .globl hv_blob_end
hv_blob_end:
