/* SPDX-License-Identifier: MIT */
/*
 * The syntax of xl's domain configuration files (Xen's xl.cfg(5)), without
 * the meaning of any key: a file is a series of KEY = VALUE settings
 * separated by new lines or ';'. A VALUE is a "string" or 'string' (with
 * C-like backslash escapes), a NUMBER (decimal, 0x hexadecimal or 0
 * octal, checked by whoever uses it) or a [ list, of, values ] (nested
 * lists allowed, new lines allowed inside, a trailing comma allowed).
 * '#' starts a comment that runs to the end of the line.
 */
#ifndef DOMUS_CFG_PARSE_H
#define DOMUS_CFG_PARSE_H

#include <stddef.h>

enum cfg_kind {
    CFG_STRING, /* text: the string with its escapes resolved */
    CFG_NUMBER, /* text: the number as written (not yet converted) */
    CFG_LIST,   /* list_len: how many values it holds */
};

struct cfg_value {
    enum cfg_kind kind;
    const char *text; /* NUL-terminated; valid only during the callback */
    size_t text_len;  /* CFG_STRING may hold NULs written as escapes */
    size_t list_len;
};

/*
 * Called for each KEY = VALUE in file order. Returns 0, or -1 after writing
 * what is wrong into err (one phrase, no file or line: the parser adds
 * "source:line: " in front).
 */
typedef int (*cfg_setting_fn)(void *ctx, const char *key, const struct cfg_value *value, int line,
                              char *err, size_t errlen);

/*
 * Parses len bytes of text, named source in messages, calling fn for each
 * setting. Returns 0, or -1 with "source:line: what is wrong" in err at
 * the first syntax error or refused setting.
 */
int cfg_parse(const char *source, const char *text, size_t len, cfg_setting_fn fn, void *ctx,
              char *err, size_t errlen);

#endif
