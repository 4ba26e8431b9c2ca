/* SPDX-License-Identifier: MIT */
/* read, write, rm, mkdir, exists, perms, chmod: one request per path. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

/* One request with the path as its only string; 0 or -errno. */
static int on_path(struct cmd_env *e, uint32_t type, const char *path, struct xsc_msg *reply)
{
    const char *s[] = {path};
    return xsc_call(e->c, type, e->tx, s, 1, NULL, 0, reply);
}

int cmd_read(struct cmd_env *e, int argc, char **argv)
{
    if (argc < 2)
        return cmd_usage(argv[0], "no path");
    for (int i = 1; i < argc; i++) {
        struct xsc_msg m;
        int rc = on_path(e, XS_READ, argv[i], &m);
        if (rc < 0)
            return cmd_fail(argv[0], argv[i], rc);
        fwrite(m.body, 1, m.hdr.len, stdout);
        fputc('\n', stdout);
        xsc_msg_free(&m);
    }
    return EXIT_OK;
}

int cmd_write(struct cmd_env *e, int argc, char **argv)
{
    if (argc < 3 || argc % 2 == 0)
        return cmd_usage(argv[0], argc < 3 ? "no path and value" : "a path without a value");
    for (int i = 1; i < argc; i += 2) {
        struct xsc_msg m;
        const char *s[] = {argv[i]};
        int rc = xsc_call(e->c, XS_WRITE, e->tx, s, 1, argv[i + 1], strlen(argv[i + 1]), &m);
        if (rc < 0)
            return cmd_fail(argv[0], argv[i], rc);
        xsc_msg_free(&m);
    }
    return EXIT_OK;
}

/* rm and mkdir: the same request on each path, nothing printed. */
static int each_path(struct cmd_env *e, int argc, char **argv, uint32_t type)
{
    if (argc < 2)
        return cmd_usage(argv[0], "no path");
    for (int i = 1; i < argc; i++) {
        struct xsc_msg m;
        int rc = on_path(e, type, argv[i], &m);
        if (rc < 0)
            return cmd_fail(argv[0], argv[i], rc);
        xsc_msg_free(&m);
    }
    return EXIT_OK;
}

int cmd_rm(struct cmd_env *e, int argc, char **argv)
{
    return each_path(e, argc, argv, XS_RM);
}

int cmd_mkdir(struct cmd_env *e, int argc, char **argv)
{
    return each_path(e, argc, argv, XS_MKDIR);
}

int cmd_exists(struct cmd_env *e, int argc, char **argv)
{
    if (argc < 2)
        return cmd_usage(argv[0], "no path");
    int status = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        struct xsc_msg m;
        int rc = on_path(e, XS_READ, argv[i], &m);
        if (rc == -ENOENT)
            status = EXIT_FAIL;
        else if (rc < 0)
            return cmd_fail(argv[0], argv[i], rc);
        else
            xsc_msg_free(&m);
    }
    return status;
}

int cmd_perms(struct cmd_env *e, int argc, char **argv)
{
    if (argc < 2)
        return cmd_usage(argv[0], "no path");
    for (int i = 1; i < argc; i++) {
        struct xsc_msg m;
        int rc = on_path(e, XS_GET_PERMS, argv[i], &m);
        if (rc < 0)
            return cmd_fail(argv[0], argv[i], rc);
        for (size_t off = 0; off < m.hdr.len; off += strlen(m.body + off) + 1)
            printf("%s%s", off ? " " : "", m.body + off);
        printf("\n");
        xsc_msg_free(&m);
    }
    return EXIT_OK;
}

/* Xen's form: n, r, w or b, then a domain id. */
static int valid_perm(const char *s)
{
    if (!strchr("nrwb", s[0]) || !s[0] || !s[1] || strlen(s) > 6)
        return 0;
    for (const char *p = s + 1; *p; p++) {
        if (*p < '0' || *p > '9')
            return 0;
    }
    return 1;
}

int cmd_chmod(struct cmd_env *e, int argc, char **argv)
{
    if (argc < 3)
        return cmd_usage(argv[0], argc < 2 ? "no path" : "no permission");
    for (int i = 2; i < argc; i++) {
        if (!valid_perm(argv[i]))
            return cmd_usage(argv[0],
                             "'%s' is not a permission (n, r, w or b and a domain id, e.g. r1)",
                             argv[i]);
    }
    struct xsc_msg m;
    int rc = xsc_call(e->c, XS_SET_PERMS, e->tx, (const char *const *)argv + 1,
                      (unsigned int)argc - 1, NULL, 0, &m);
    if (rc < 0)
        return cmd_fail(argv[0], argv[1], rc);
    xsc_msg_free(&m);
    return EXIT_OK;
}
