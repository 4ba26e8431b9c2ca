/* SPDX-License-Identifier: MIT */
/*
 * XS_CONTROL "command\0[arg\0...]": the daemon's own commands, for dom0's
 * tools. print TEXT logs TEXT; log on|off switches the request trace;
 * check verifies the daemon's invariants; quota shows the limits and
 * counters; help lists the commands.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "request.h"
#include "util.h"

static int cmd_print(struct xs_req *r, const char **v, int n)
{
    if (n != 2)
        return XEN_EINVAL;
    xs_log("control: %.1000s", v[1]);
    xs_reply_ok(r);
    return 0;
}

static int cmd_log(struct xs_req *r, const char **v, int n)
{
    if (n != 2 || (strcmp(v[1], "on") && strcmp(v[1], "off")))
        return XEN_EINVAL;
    xs_log_set_trace(!strcmp(v[1], "on"));
    xs_log("control: request trace %s", v[1]);
    xs_reply_ok(r);
    return 0;
}

static int cmd_check(struct xs_req *r, const char **v, int n)
{
    (void)v;
    if (n != 1)
        return XEN_EINVAL;
    char why[256];
    if (xs_core_check(r->core, why, sizeof(why))) {
        xs_log("control: check failed: %s", why);
        return XEN_EIO;
    }
    xs_reply_ok(r);
    return 0;
}

static int cmd_quota(struct xs_req *r, const char **v, int n)
{
    (void)v;
    if (n != 1)
        return XEN_EINVAL;
    const struct xs_quota *q = &r->core->quota;
    char text[512];
    unsigned int conns = 0;
    for (const struct xs_conn *c = r->core->conns; c; c = c->next)
        conns++;
    snprintf(text, sizeof(text),
             "nodes %u\nwatches %u\ntransactions %u\nvalue-size %u\npermissions %u\n"
             "outstanding %u\ntransaction-nodes %u\nevents %u\n"
             "connections %u\nrequests %" PRIu64 "\nerrors %" PRIu64 "\nwatch-events %" PRIu64 "\n",
             q->nodes, q->watches, q->transactions, q->value_size, q->perms, q->outstanding,
             q->tx_nodes, q->events, conns, r->core->requests, r->core->errors, r->core->events);
    xs_reply_str(r, text);
    return 0;
}

static int cmd_help(struct xs_req *r, const char **v, int n)
{
    (void)v;
    if (n != 1)
        return XEN_EINVAL;
    xs_reply_str(r, "print TEXT\nlog on|off\ncheck\nquota\nhelp\n");
    return 0;
}

static const struct {
    const char *name;
    int (*run)(struct xs_req *r, const char **v, int n);
} commands[] = {
    {"print", cmd_print}, {"log", cmd_log},   {"check", cmd_check},
    {"quota", cmd_quota}, {"help", cmd_help},
};

int op_control(struct xs_req *r)
{
    const char *v[4];
    int n = xs_req_strings(r, v, ARRAY_SIZE(v));
    if (n < 1 || n > (int)ARRAY_SIZE(v))
        return XEN_EINVAL;
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (!strcmp(v[0], commands[i].name))
            return commands[i].run(r, v, n);
    }
    return XEN_EINVAL;
}
