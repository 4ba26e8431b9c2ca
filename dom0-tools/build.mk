# dom0-tools: the toolstack programs that run inside dom0, cross-compiled
# for arm64 against glibc and linked statically (dom0's initramfs has no
# shared libraries). Included from the top Makefile; outputs in
# build/dom0-tools/. Our public headers are "xen/..." (-I.); Linux's user
# API headers for the Xen devices are <xen/privcmd.h> etc. from the cross
# toolchain's include directory. dom0-tools/include supplies the one
# kernel-internal header privcmd.h expects.

DT       := $(B)/dom0-tools
AR_X     := $(CROSS)ar
DT_CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g $(WARN) -I. -Idom0-tools/include \
	-Idom0-tools/libdomus -isystem $(ARM64)/usr/include
DT_LDFLAGS := -static
# The domain builder writes device trees with Debian's arm64 libfdt (its
# headers are the only ones in $(ARM64)/usr/include besides efi/).
DT_LIBFDT := $(ARM64)/usr/lib/aarch64-linux-gnu/libfdt.a

DT_LIB_SRCS  := $(wildcard dom0-tools/libdomus/*.c)
DT_DOMUS_SRCS := $(wildcard dom0-tools/domus/*.c)
DT_TEST_SRCS := $(wildcard dom0-tools/selftest/*.c)
DT_XSD_SRCS  := $(wildcard dom0-tools/xenstored/*.c)
DT_XSC_SRCS  := $(wildcard dom0-tools/xenstore-client/*.c)
DT_CON_SRCS  := $(wildcard dom0-tools/consoled/*.c)

dt_objs = $(patsubst dom0-tools/%.c,$(DT)/obj/%.o,$(1))

DOM0_TOOLS := $(DT)/domus $(DT)/domus-selftest $(DT)/xenstored $(DT)/xenstore \
	$(DT)/domus-consoled

$(DT)/obj/%.o: dom0-tools/%.c
	@mkdir -p $(dir $@)
	$(CC_X) $(DT_CFLAGS) -MMD -MP -c $< -o $@

$(DT)/libdomus.a: $(call dt_objs,$(DT_LIB_SRCS))
	rm -f $@
	$(AR_X) rcsD $@ $^

$(DT)/domus: $(call dt_objs,$(DT_DOMUS_SRCS)) $(DT)/libdomus.a
	$(CC_X) $(DT_LDFLAGS) -o $@ $^ $(DT_LIBFDT)

$(DT)/domus-selftest: $(call dt_objs,$(DT_TEST_SRCS)) $(DT)/libdomus.a
	$(CC_X) $(DT_LDFLAGS) -o $@ $^

$(DT)/xenstored: $(call dt_objs,$(DT_XSD_SRCS)) $(DT)/libdomus.a
	$(CC_X) $(DT_LDFLAGS) -o $@ $^

$(DT)/xenstore: $(call dt_objs,$(DT_XSC_SRCS)) $(DT)/libdomus.a
	$(CC_X) $(DT_LDFLAGS) -o $@ $^

$(DT)/domus-consoled: $(call dt_objs,$(DT_CON_SRCS)) $(DT)/libdomus.a
	$(CC_X) $(DT_LDFLAGS) -o $@ $^

.PHONY: dom0-tools
dom0-tools: $(DOM0_TOOLS)
