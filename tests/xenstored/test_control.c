/* XS_CONTROL: the daemon's own commands, dom0 only. */
#include <string.h>

#include "harness.h"

/* print, log, check, quota and help answer; anything else is EINVAL. */
TEST(xsd_control)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0), *d1 = t_client(1);
    CHECK(!strcmp(t_req(d0, XS_CONTROL, 0, "print", "hello", NULL), "OK"));
    CHECK(!strcmp(t_req(d0, XS_CONTROL, 0, "log", "on", NULL), "OK"));
    CHECK(!strcmp(t_req(d0, XS_CONTROL, 0, "log", "off", NULL), "OK"));
    CHECK(!strcmp(t_req(d0, XS_CONTROL, 0, "log", "maybe", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(d0, XS_CONTROL, 0, "check", NULL), "OK"));
    CHECK(strstr(t_req(d0, XS_CONTROL, 0, "quota", NULL), "nodes 1000\n") != NULL);
    CHECK(strstr(t_req(d0, XS_CONTROL, 0, "help", NULL), "print") != NULL);
    CHECK(!strcmp(t_req(d0, XS_CONTROL, 0, "reboot", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(d0, XS_CONTROL, 0, "print", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(d0, XS_CONTROL, 0, NULL), "EINVAL"));
    CHECK(!strcmp(t_req(d1, XS_CONTROL, 0, "print", "x", NULL), "EACCES"));
}
