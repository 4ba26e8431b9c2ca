/* SPDX-License-Identifier: MIT */
/*
 * ls: the tree under a path, one node a line, indented one space per
 * level, as xenstore-ls prints it: name = "value", with -p the
 * permissions after it. A node with too many children for one
 * XS_DIRECTORY reply (E2BIG) is listed in parts with XS_DIRECTORY_PART.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

struct names {
    char *buf; /* NUL-terminated names, one after the other */
    size_t len;
};

/* The children of path through DIRECTORY_PART: parts are joined while
 * the generation stays the same; if it changes, start again. */
static int list_in_parts(struct cmd_env *e, const char *path, struct names *out)
{
    for (int attempt = 0; attempt < 5; attempt++) {
        char gen[32] = "";
        out->buf = NULL;
        out->len = 0;
        bool changed = false, done = false;
        while (!done && !changed) {
            char offset[24];
            snprintf(offset, sizeof(offset), "%zu", out->len);
            const char *s[] = {path, offset};
            struct xsc_msg m;
            int rc = xsc_call(e->c, XS_DIRECTORY_PART, e->tx, s, 2, NULL, 0, &m);
            if (rc < 0) {
                free(out->buf);
                return rc;
            }
            size_t glen = strnlen(m.body, m.hdr.len);
            if (glen == m.hdr.len) {
                xsc_msg_free(&m);
                free(out->buf);
                return -EPROTO;
            }
            if (!gen[0])
                snprintf(gen, sizeof(gen), "%s", m.body);
            changed = strcmp(gen, m.body) != 0;
            /* Names follow; an empty name ends the list. */
            size_t off = glen + 1, before = out->len;
            while (off < m.hdr.len && !done) {
                size_t l = strlen(m.body + off) + 1;
                if (l == 1) {
                    done = true;
                    break;
                }
                out->buf = realloc(out->buf, out->len + l);
                if (!out->buf) {
                    xsc_msg_free(&m);
                    return -ENOMEM;
                }
                memcpy(out->buf + out->len, m.body + off, l);
                out->len += l;
                off += l;
            }
            xsc_msg_free(&m);
            if (!done && !changed && out->len == before) {
                free(out->buf);
                return -EPROTO; /* a part with no names that does not end the list */
            }
        }
        if (!changed)
            return 0;
        free(out->buf);
    }
    return -EAGAIN;
}

static int list(struct cmd_env *e, const char *path, struct names *out)
{
    const char *s[] = {path};
    struct xsc_msg m;
    int rc = xsc_call(e->c, XS_DIRECTORY, e->tx, s, 1, NULL, 0, &m);
    if (rc == -E2BIG)
        return list_in_parts(e, path, out);
    if (rc < 0)
        return rc;
    out->buf = m.body;
    out->len = m.hdr.len;
    return 0;
}

static int show_tree(struct cmd_env *e, const char *path, int depth, bool perms)
{
    struct names n;
    int rc = list(e, path, &n);
    if (rc < 0)
        return cmd_fail("ls", path, rc);
    int status = EXIT_OK;
    for (size_t off = 0; off < n.len; off += strlen(n.buf + off) + 1) {
        const char *name = n.buf + off;
        char *child = malloc(strlen(path) + strlen(name) + 2);
        if (!child)
            return cmd_fail("ls", path, -ENOMEM);
        sprintf(child, "%s%s%s", path, strcmp(path, "/") ? "/" : "", name);
        const char *s[] = {child};
        struct xsc_msg v;
        printf("%*s%s = ", depth, "", name);
        rc = xsc_call(e->c, XS_READ, e->tx, s, 1, NULL, 0, &v);
        if (rc == 0) {
            putchar('"');
            cmd_print_escaped(stdout, v.body, v.hdr.len, 1);
            putchar('"');
            xsc_msg_free(&v);
        } else {
            printf("(%s)", xsc_error_name(rc)); /* e.g. removed meanwhile */
        }
        if (perms && xsc_call(e->c, XS_GET_PERMS, e->tx, s, 1, NULL, 0, &v) == 0) {
            printf("  (");
            for (size_t p = 0; p < v.hdr.len; p += strlen(v.body + p) + 1)
                printf("%s%s", p ? "," : "", v.body + p);
            printf(")");
            xsc_msg_free(&v);
        }
        printf("\n");
        if (show_tree(e, child, depth + 1, perms) != EXIT_OK)
            status = EXIT_FAIL;
        free(child);
    }
    free(n.buf);
    return status;
}

int cmd_ls(struct cmd_env *e, int argc, char **argv)
{
    bool perms = false;
    int i = 1;
    if (i < argc && !strcmp(argv[i], "-p")) {
        perms = true;
        i++;
    }
    if (argc - i > 1)
        return cmd_usage(argv[0], "more than one path");
    if (i < argc && argv[i][0] == '-')
        return cmd_usage(argv[0], "unknown option '%s'", argv[i]);
    return show_tree(e, i < argc ? argv[i] : "/", 0, perms);
}
