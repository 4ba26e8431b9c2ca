# Domus: the one entry point. `make help` lists the targets.
#
# Build output goes to build/ (ignored by git). Dependencies are installed
# by `make deps` (scripts/deps.sh) into the system and, for arm64 packages,
# into $(DOMUS_CACHE) outside the tree.

# Plain `make` builds everything (the first rule below would otherwise be
# the hypervisor's ELF alone).
.DEFAULT_GOAL := all

DOMUS_CACHE ?= $(HOME)/.cache/domus
export DOMUS_CACHE
ARM64   := $(DOMUS_CACHE)/arm64/root
B       := build
CROSS   ?= aarch64-linux-gnu-
CC_X    := $(CROSS)gcc
LD_X    := $(CROSS)ld
OBJCOPY := $(CROSS)objcopy
HOSTCC  ?= cc
PYTHON  ?= /usr/bin/python3

CPUS ?= 4
MEM  ?= 2G
DISK ?=
CFG  ?=
QEMU_ARGS ?=
export CPUS MEM DISK CFG QEMU_ARGS

GIT_REV := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

WARN := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wvla \
        -Wundef -Wredundant-decls -Wimplicit-fallthrough -Wswitch-default

PICOLIBC := $(ARM64)/usr/lib/picolibc/aarch64-linux-gnu
GCC_INC  := $(shell $(CC_X) -print-file-name=include 2>/dev/null)
LIBGCC_X := $(shell $(CC_X) -print-libgcc-file-name 2>/dev/null)

# ---------------------------------------------------------------- hypervisor
HV_CFLAGS := -std=c11 -O2 -g -ffreestanding -nostdinc -isystem $(PICOLIBC)/include \
	-isystem $(GCC_INC) -isystem $(ARM64)/usr/include -I. -Iarch/arm64/include \
	-mgeneral-regs-only -mno-outline-atomics -march=armv8.1-a -fpie -fvisibility=hidden \
	-fno-stack-protector -fno-omit-frame-pointer -fno-common -ffunction-sections \
	-fno-tree-loop-distribute-patterns \
	-DDOMUS_GIT='"$(GIT_REV)"' $(WARN)
HV_ASFLAGS := -I. -march=armv8.1-a -D__ASSEMBLY__

HV_SRCS_C := $(wildcard arch/arm64/*.c) $(wildcard common/*.c) $(wildcard drivers/*.c)
HV_SRCS_S := $(wildcard arch/arm64/*.S)
HV_OBJS := $(patsubst %.c,$(B)/hv/%.o,$(HV_SRCS_C)) $(patsubst %.S,$(B)/hv/%.o,$(HV_SRCS_S))
HV_LIBS := $(ARM64)/usr/lib/aarch64-linux-gnu/libfdt.a $(PICOLIBC)/lib/libc.a $(LIBGCC_X)

$(B)/hv/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC_X) $(HV_CFLAGS) -MMD -MP -c $< -o $@

$(B)/hv/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC_X) $(HV_ASFLAGS) -MMD -MP -c $< -o $@

$(B)/hv/domus-hv.elf: $(HV_OBJS) arch/arm64/hv.lds
	$(LD_X) -pie --no-dynamic-linker -z noexecstack -z norelro --gc-sections -nostdlib \
		-T arch/arm64/hv.lds -Map $(B)/hv/domus-hv.map -o $@ $(HV_OBJS) \
		--start-group $(HV_LIBS) --end-group

$(B)/hv/domus-hv.bin: $(B)/hv/domus-hv.elf
	$(OBJCOPY) -O binary $< $@

# ---------------------------------------------------------------- dom0 toolstack
include dom0-tools/build.mk

# ---------------------------------------------------------------- UEFI loader
EFI_INC := -I$(ARM64)/usr/include/efi -I$(ARM64)/usr/include/efi/aarch64
EFI_CFLAGS := -std=c11 -O2 -fpic -fshort-wchar -ffreestanding -fno-stack-protector \
	-fno-strict-aliasing -mgeneral-regs-only -mno-outline-atomics -nostdinc \
	-isystem $(GCC_INC) $(EFI_INC) -I. -Wall -Wextra -Werror -Wno-pointer-sign \
	-Wno-unused-parameter
EFI_SRCS := boot/efi_main.c boot/efi_file.c boot/efi_handoff.c common/config.c
EFI_OBJS := $(patsubst %.c,$(B)/efi/%.o,$(EFI_SRCS)) $(B)/efi/boot/hv_blob.o

$(B)/efi/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC_X) $(EFI_CFLAGS) -MMD -MP -c $< -o $@

$(B)/efi/boot/hv_blob.o: boot/hv_blob.S $(B)/hv/domus-hv.bin
	@mkdir -p $(dir $@)
	$(CC_X) -c -DHV_BLOB_PATH='"$(B)/hv/domus-hv.bin"' $< -o $@

$(B)/efi/domus.so: $(EFI_OBJS)
	$(LD_X) -nostdlib --no-undefined -shared -Bsymbolic -z nocombreloc --no-warn-rwx-segments \
		-T $(ARM64)/usr/lib/elf_aarch64_efi.lds --defsym=EFI_SUBSYSTEM=0xa \
		$(ARM64)/usr/lib/crt0-efi-aarch64.o $(EFI_OBJS) \
		-L$(ARM64)/usr/lib -lefi -lgnuefi $(LIBGCC_X) -o $@

$(B)/domus.efi: $(B)/efi/domus.so scripts/efi-pad.py
	$(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .rodata -j .rel \
		-j .rela -j .rel.* -j .rela.* -j .reloc -O binary $< $@.tmp
	$(PYTHON) scripts/efi-pad.py $@.tmp
	mv $@.tmp $@

# ---------------------------------------------------------------- host unit tests
UNIT_CFLAGS := -std=c11 -g -O1 $(WARN) -fsanitize=address,undefined -fno-omit-frame-pointer \
	-I. -Iarch/arm64/include -Itests/unit
UNIT_COMMON := common/page_alloc.c common/xmalloc.c common/timer.c common/config.c \
	common/p2m.c arch/arm64/stage2.c arch/arm64/vgic.c arch/arm64/vgic_mmio.c \
	common/event_channel.c common/grant_table.c common/physmap_reservation.c \
	common/foreign_map.c common/memory_op.c
UNIT_SRCS := $(wildcard tests/unit/*.c) $(UNIT_COMMON)

$(B)/unit/run: $(UNIT_SRCS) $(wildcard common/*.h tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_CFLAGS) $(UNIT_SRCS) -o $@

# ---------------------------------------------------------------- xenstored core on the host
# The daemon's core (everything but main and the Linux devices), built
# natively with the sanitizers, and its tests (tests/xenstored, with the
# unit-test runner).
XSD_CORE := $(filter-out %/main.c %/serve.c %/evtchn.c %/dom0_ring.c %/domain_map.c %/socket.c,\
	$(wildcard dom0-tools/xenstored/*.c))
XSD_TEST_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 $(WARN) -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer -I. -Idom0-tools/xenstored \
	-Itests/unit -Itests/xenstored

$(B)/xenstored-test/run: $(wildcard tests/xenstored/*.c) tests/unit/main.c $(XSD_CORE) \
		$(wildcard tests/xenstored/*.h dom0-tools/xenstored/*.h xen/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(XSD_TEST_CFLAGS) $(filter %.c,$^) -o $@

# ---------------------------------------------------------------- toolstack host tests
# The dom0 toolstack's config parser, Image check, layout, device tree and
# build sequence, and the whole domus command, built for the host with its
# libfdt and sanitizers (tests/toolstack/).
TS := $(B)/toolstack
TS_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 $(WARN) -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer -I. -Idom0-tools/include -Idom0-tools/libdomus -Idom0-tools/domus \
	-Idom0-tools/consoled -Itests/unit
# The console daemon's per-console code runs against fakes of libdomus
# (tests/toolstack/fake_consoled.c): its discovery, loop and main do not.
TS_CONSOLED := $(filter-out %/discover.c %/serve.c %/main.c,$(wildcard dom0-tools/consoled/*.c))
TS_PURE := $(filter-out %/build_privcmd.c,$(wildcard dom0-tools/libdomus/build_*.c)) \
	dom0-tools/domus/cfg_parse.c dom0-tools/domus/config.c dom0-tools/domus/registry.c \
	$(TS_CONSOLED)
TS_SRCS := $(wildcard tests/toolstack/*.c) tests/unit/main.c $(TS_PURE)
TS_HDRS := $(wildcard dom0-tools/*/*.h tests/toolstack/*.h tests/unit/unit.h xen/*.h)

$(TS)/run: $(TS_SRCS) $(TS_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TS_CFLAGS) $(TS_SRCS) -lfdt -o $@

$(TS)/domus: $(DT_LIB_SRCS) $(DT_DOMUS_SRCS) $(TS_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TS_CFLAGS) $(DT_LIB_SRCS) $(DT_DOMUS_SRCS) -lfdt -o $@

# ---------------------------------------------------------------- phony targets
.PHONY: all deps run test unit qemu-test check format format-check bench clean help esp guests \
	toolstack-test

all: $(B)/domus.efi $(DOM0_TOOLS)

deps:
	@bash scripts/deps.sh

esp: all
	@bash scripts/mkesp.sh

run: deps all
	@bash scripts/mkesp.sh
	@bash scripts/run-qemu.sh

unit: $(B)/unit/run $(B)/xenstored-test/run
	$(B)/unit/run
	$(B)/xenstored-test/run

toolstack-test: $(TS)/run $(TS)/domus
	$(TS)/run

# Tiny bare-metal test guests (tests/guests/).
guests:
	@bash tests/guests/build.sh

qemu-test: all guests
	$(PYTHON) -m pytest -q tests/qemu

check: all dom0-tools format-check
	@for h in xen/*.h; do printf '#include "%s"\ntypedef int header_check_t;\n' "$$h" | \
	  $(HOSTCC) -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I. -x c - || exit 1; done
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability --inline-suppr \
		--suppress=missingIncludeSystem -I. -D__aarch64__ \
		arch common drivers boot
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability --inline-suppr \
		--suppress=missingIncludeSystem -I. -Idom0-tools/include -Idom0-tools/libdomus \
		-D__aarch64__ dom0-tools
	$(PYTHON) scripts/check-fpsimd.py $(B)/hv/domus-hv.elf --expect-allowed \
		--allow-from $(ARM64)/usr/lib/aarch64-linux-gnu/libfdt.a \
		--allow-func arm64_fp_save --allow-func arm64_fp_restore
	$(PYTHON) scripts/check-image.py $(B)/hv/domus-hv.elf

FORMAT_SRCS = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
format-check:
	@clang-format --dry-run -Werror $(FORMAT_SRCS)

format:
	clang-format -i $(FORMAT_SRCS)

test: deps all guests
	$(PYTHON) scripts/test-all.py

bench: deps all guests
	$(PYTHON) tests/bench/boot_bench.py
	$(PYTHON) tests/bench/dom0_bench.py
	$(PYTHON) tests/bench/abi_bench.py
	$(PYTHON) tests/bench/dom0_abi_bench.py
	$(PYTHON) tests/bench/domu_bench.py

clean:
	rm -rf $(B)

help:
	@echo "make          build build/domus.efi and the dom0 tools"
	@echo "make deps     install host packages and fetch arm64 packages (idempotent)"
	@echo "make run      boot the ESP image in QEMU (CPUS= MEM= DISK= CFG= QEMU_ARGS=)"
	@echo "make test     deps, build, static checks, unit tests, QEMU tests"
	@echo "make check    clang-format, cppcheck and post-link image checks"
	@echo "make bench    boot benchmarks"
	@echo "make clean    remove build/"

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# The stock Debian kernel as an uncompressed arm64 Image (Debian ships it
# uncompressed today; a gzip'd one is unpacked).
build/dom0/Image: $(DOMUS_CACHE)/arm64/.stamp
	@mkdir -p $(dir $@)
	@k=$$(ls $(ARM64)/boot/vmlinuz-* | head -1); \
	  if gzip -t "$$k" 2>/dev/null; then zcat "$$k"; else cat "$$k"; fi > $@.tmp
	@mv $@.tmp $@

# Dom0's initramfs: busybox, the modules dom0 needs and the dom0 tools in
# /usr/bin (scripts/mkinitramfs.sh).
# The domU test guest rides along for domus-selftest domu.
DOM0_DATA := /usr/share/domus/domu.Image=$(B)/guests/domu.Image

$(B)/guests/domu.Image: tests/guests/build.sh $(wildcard tests/guests/domu/* tests/guests/common/*) \
		$(wildcard xen/*.h)
	@bash tests/guests/build.sh

build/dom0/initrd.cpio.gz: scripts/mkinitramfs.sh tests/dom0/init $(DOMUS_CACHE)/arm64/.stamp \
		$(DOM0_TOOLS) $(B)/guests/domu.Image
	@mkdir -p $(dir $@)
	bash scripts/mkinitramfs.sh $@ $(DOM0_TOOLS) $(DOM0_DATA)

# The guest disk of the domain-builder tests: ext2 with the stock kernel
# Image and a small busybox domU initramfs (scripts/mkguestdisk.sh).
build/guest/disk.img: scripts/mkguestdisk.sh tests/domu/init build/dom0/Image \
		$(DOMUS_CACHE)/arm64/.stamp
	bash scripts/mkguestdisk.sh $@ build/dom0/Image

# Fuzzing the hypercall handlers and xenstored's core on the host
# (libFuzzer): FUZZ_SECONDS each.
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I. -Iarch/arm64/include -Itests/unit
FUZZ_ENV := tests/unit/fake_guest_env.c tests/unit/fake_arch.c tests/unit/fake_log.c \
	common/xmalloc.c common/page_alloc.c

$(B)/fuzz/fuzz_evtchn: tests/fuzz/fuzz_evtchn.c common/event_channel.c $(FUZZ_ENV)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) $^ -o $@

$(B)/fuzz/fuzz_gnttab: tests/fuzz/fuzz_gnttab.c common/grant_table.c tests/unit/fake_p2m.c \
		common/physmap_reservation.c common/mmio.c common/p2m.c arch/arm64/stage2.c $(FUZZ_ENV)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) $^ -o $@

$(B)/fuzz/fuzz_memory_op: tests/fuzz/fuzz_memory_op.c common/memory_op.c \
		common/physmap_reservation.c common/foreign_map.c common/mmio.c common/grant_table.c \
		tests/unit/fake_p2m.c common/p2m.c arch/arm64/stage2.c $(FUZZ_ENV)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) $^ -o $@

$(B)/fuzz/fuzz_xenstored: tests/fuzz/fuzz_xenstored.c $(XSD_CORE) $(wildcard dom0-tools/xenstored/*.h)
	@mkdir -p $(dir $@)
	clang -std=c11 -D_GNU_SOURCE $(FUZZ_CFLAGS) -Idom0-tools/xenstored $(filter %.c,$^) -o $@

.PHONY: fuzz
fuzz: $(B)/fuzz/fuzz_evtchn $(B)/fuzz/fuzz_gnttab $(B)/fuzz/fuzz_memory_op $(B)/fuzz/fuzz_xenstored
	@for f in $^; do echo "==> $$f ($(FUZZ_SECONDS) s)"; \
	  if $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 > $$f.log 2>&1; then \
	    grep -E "^(stat::number_of_executed_units|stat::new_units_added|Done)" $$f.log; \
	  else tail -40 $$f.log; echo "FUZZ FAILED: $$f"; exit 1; fi; done
