/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "cmd.h"

int cmd_fail(const char *name, const char *what, int err)
{
    fprintf(stderr, "xenstore %s: %s: %s (%s)\n", name, what, xsc_error_name(err), strerror(-err));
    return EXIT_FAIL;
}

void cmd_print_escaped(FILE *f, const char *s, size_t len, int quoted)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\\' || (quoted && ch == '"'))
            fprintf(f, "\\%c", ch);
        else if (ch < 0x20 || ch > 0x7e)
            fprintf(f, "\\x%02x", ch);
        else
            fputc(ch, f);
    }
}
