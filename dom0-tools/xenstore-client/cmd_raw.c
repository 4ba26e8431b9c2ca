/* SPDX-License-Identifier: MIT */
/*
 * raw: one message built from the command line, for testing and
 * debugging: TYPE is a number or a name (READ), each ARG goes into the
 * payload with a NUL after it (-x: none after the last), -t sets tx_id
 * and -l claims a payload length other than the true one (socket only:
 * the kernel would wait for the missing bytes). Prints the reply's type
 * and its NUL-separated strings, escaped; exit status 1 for XS_ERROR.
 * control: XS_CONTROL with COMMAND and ARGs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static bool parse_u32(const char *s, uint32_t *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 0);
    if (errno || !*s || *end || v > UINT32_MAX || s[0] == '-')
        return false;
    *out = (uint32_t)v;
    return true;
}

static bool parse_type(const char *s, uint32_t *out)
{
    if (parse_u32(s, out))
        return true;
    for (uint32_t t = 0; t < 64; t++) {
        const char *name = xsc_type_name(t);
        if (name && !strcmp(name, s)) {
            *out = t;
            return true;
        }
    }
    return false;
}

/* control's reply: its strings as they are, one a line. */
static void print_plain(const struct xsc_msg *m)
{
    for (size_t off = 0; off < m->hdr.len;) {
        size_t l = strnlen(m->body + off, m->hdr.len - off);
        fwrite(m->body + off, 1, l, stdout);
        if (!l || m->body[off + l - 1] != '\n')
            putchar('\n');
        off += l + 1;
    }
}

static void print_reply(const struct xsc_msg *m)
{
    const char *name = xsc_type_name(m->hdr.type);
    if (name)
        printf("%s", name);
    else
        printf("type-%u", m->hdr.type);
    size_t off = 0;
    while (off < m->hdr.len) {
        size_t l = strnlen(m->body + off, m->hdr.len - off);
        putchar(' ');
        cmd_print_escaped(stdout, m->body + off, l, 0);
        off += l + 1;
    }
    printf("\n");
}

static int send_and_print(struct cmd_env *e, const char *name, uint32_t type, uint32_t tx,
                          char **args, int nargs, bool nul_last, const uint32_t *hlen, bool plain)
{
    size_t len = 0;
    for (int i = 0; i < nargs; i++)
        len += strlen(args[i]) + 1;
    if (nargs && !nul_last)
        len--;
    char *payload = malloc(len + 1);
    if (!payload)
        return cmd_fail(name, "payload", -ENOMEM);
    size_t off = 0;
    for (int i = 0; i < nargs; i++) {
        size_t l = strlen(args[i]) + 1;
        memcpy(payload + off, args[i], l);
        off += l;
    }
    struct xsc_msg m;
    int rc = xsc_send(e->c, type, tx, payload, len, hlen, &m);
    free(payload);
    if (rc == -ECONNRESET) {
        fprintf(stderr, "xenstore %s: xenstored closed the connection\n", name);
        return EXIT_FAIL;
    }
    if (rc < 0)
        return cmd_fail(name, "send", rc);
    rc = m.hdr.type == XS_ERROR ? EXIT_FAIL : EXIT_OK;
    if (plain && rc == EXIT_FAIL)
        fprintf(stderr, "xenstore %s: %s: %s\n", name, args[0], m.body);
    else if (plain)
        print_plain(&m);
    else
        print_reply(&m);
    xsc_msg_free(&m);
    return rc;
}

int cmd_raw(struct cmd_env *e, int argc, char **argv)
{
    uint32_t tx = e->tx, hlen = 0, type;
    bool have_hlen = false, nul_last = true;
    int i = 1;
    while (i < argc && argv[i][0] == '-' && argv[i][1]) {
        if (!strcmp(argv[i], "-t") && i + 1 < argc) {
            if (!parse_u32(argv[++i], &tx))
                return cmd_usage(argv[0], "-t needs a number, not '%s'", argv[i]);
        } else if (!strcmp(argv[i], "-l") && i + 1 < argc) {
            if (!parse_u32(argv[++i], &hlen))
                return cmd_usage(argv[0], "-l needs a number, not '%s'", argv[i]);
            have_hlen = true;
        } else if (!strcmp(argv[i], "-x")) {
            nul_last = false;
        } else {
            return cmd_usage(argv[0], "unknown option '%s'", argv[i]);
        }
        i++;
    }
    if (i >= argc)
        return cmd_usage(argv[0], "no message type");
    if (!parse_type(argv[i], &type))
        return cmd_usage(argv[0], "'%s' is not a message type", argv[i]);
    return send_and_print(e, argv[0], type, tx, argv + i + 1, argc - i - 1, nul_last,
                          have_hlen ? &hlen : NULL, false);
}

int cmd_control(struct cmd_env *e, int argc, char **argv)
{
    if (argc < 2)
        return cmd_usage(argv[0], "no command");
    return send_and_print(e, argv[0], XS_CONTROL, e->tx, argv + 1, argc - 1, true, NULL, true);
}
