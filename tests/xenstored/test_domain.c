/* INTRODUCE, RELEASE, IS_DOMAIN_INTRODUCED, RESUME: the toolstack's side. */
#include <string.h>

#include "harness.h"

/* The introduced domain's connection, found by its domid. */
static struct xs_conn *domain_conn(struct xs_conn *any, uint16_t domid)
{
    return xs_core_domain(any->core, domid);
}

/* INTRODUCE maps and binds (here: the fake), serves the domain and fires
 * @introduceDomain; the domain can then use its home. */
TEST(xsd_introduce)
{
    t_core(NULL);
    t_fake_domains(0);
    struct xs_conn *d0 = t_client(0);
    t_req(d0, XS_WATCH, 0, "@introduceDomain", "in", NULL);
    t_drain_events(d0);
    CHECK(!strcmp(t_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "3", NULL), "F"));
    CHECK(!strcmp(t_req(d0, XS_INTRODUCE, 0, "3", "-233473", "17", NULL), "OK"));
    CHECK(t_attached_domid == 3 && t_attached_gfn == -233473 && t_attached_port == 17);
    CHECK(!strcmp(t_event(d0), "@introduceDomain in"));
    CHECK(!strcmp(t_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "3", NULL), "T"));
    CHECK(!strcmp(t_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "0", NULL), "T"));
    CHECK(!strcmp(t_req(d0, XS_INTRODUCE, 0, "3", "1", "17", NULL), "EEXIST"));
    struct xs_conn *d3 = domain_conn(d0, 3);
    REQUIRE(d3 && !d3->privileged);
    t_write(d0, 0, "/local/domain/3", "");
    t_req(d0, XS_SET_PERMS, 0, "/local/domain/3", "n3", NULL);
    CHECK(!strcmp(t_write(d3, 0, "data/x", "hello"), "OK"));
    CHECK(!strcmp(t_read(d0, 0, "/local/domain/3/data/x"), "hello"));
    /* Xen's toolstack may send a fourth string. */
    CHECK(!strcmp(t_req(d0, XS_INTRODUCE, 0, "4", "100", "5", "/local/domain/4", NULL), "OK"));
    CHECK(t_consistent());
}

/* Bad INTRODUCE arguments, or a ring that cannot be mapped, change
 * nothing and fire nothing. */
TEST(xsd_introduce_bad)
{
    t_core(NULL);
    t_fake_domains(0);
    struct xs_conn *d0 = t_client(0);
    t_req(d0, XS_WATCH, 0, "@introduceDomain", "in", NULL);
    t_drain_events(d0);
    const char *bad[][3] = {{"0", "1", "1"},          {"32752", "1", "1"}, {"x", "1", "1"},
                            {"3", "1x", "1"},         {"3", "1", "0"},     {"3", "1", "-1"},
                            {"3", "1", "4294967296"}, {"03", "1", "1"},    {"", "1", "1"}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK(!strcmp(t_req(d0, XS_INTRODUCE, 0, bad[i][0], bad[i][1], bad[i][2], NULL), "EINVAL"));
    CHECK(!strcmp(t_req(d0, XS_INTRODUCE, 0, "3", "1", NULL), "EINVAL"));
    t_fake_domains(XEN_ENOENT);
    CHECK(!strcmp(t_req(d0, XS_INTRODUCE, 0, "3", "1", "2", NULL), "ENOENT"));
    CHECK(!strcmp(t_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "3", NULL), "F"));
    CHECK(!strcmp(t_event(d0), ""));
    /* Unprivileged domains may not manage domains. */
    t_fake_domains(0);
    struct xs_conn *d5 = t_client(5);
    CHECK(!strcmp(t_req(d5, XS_INTRODUCE, 0, "6", "1", "2", NULL), "EACCES"));
    CHECK(!strcmp(t_req(d5, XS_RELEASE, 0, "5", NULL), "EACCES"));
    CHECK(!strcmp(t_req(d5, XS_IS_DOMAIN_INTRODUCED, 0, "5", NULL), "EACCES"));
    CHECK(!strcmp(t_req(d5, XS_RESUME, 0, "5", NULL), "EACCES"));
}

/* RELEASE: the domain's connection goes with its watches and
 * transactions, its nodes pass to dom0, @releaseDomain fires. */
TEST(xsd_release)
{
    t_core(NULL);
    t_fake_domains(0);
    struct xs_conn *d0 = t_client(0);
    t_req(d0, XS_WATCH, 0, "@releaseDomain", "out", NULL);
    t_req(d0, XS_INTRODUCE, 0, "3", "1", "2", NULL);
    t_drain_events(d0);
    struct xs_conn *d3 = domain_conn(d0, 3);
    REQUIRE(d3);
    t_write(d0, 0, "/local/domain/3", "");
    t_req(d0, XS_SET_PERMS, 0, "/local/domain/3", "n3", "r0", NULL);
    t_write(d3, 0, "mine", "");
    t_req(d3, XS_WATCH, 0, "mine", "w", NULL);
    CHECK(t_tx_start(d3) != 0);
    CHECK(!strcmp(t_req(d0, XS_RELEASE, 0, "3", NULL), "OK"));
    CHECK(domain_conn(d0, 3) == NULL);
    CHECK(!strcmp(t_event(d0), "@releaseDomain out"));
    CHECK(!strcmp(t_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "3", NULL), "F"));
    CHECK(!strcmp(t_req(d0, XS_GET_PERMS, 0, "/local/domain/3/mine", NULL), "n0"));
    CHECK(!strcmp(t_req(d0, XS_RELEASE, 0, "3", NULL), "ENOENT"));
    CHECK(!strcmp(t_req(d0, XS_RELEASE, 0, "0", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(d0, XS_RESUME, 0, "3", NULL), "ENOENT"));
    /* The same id can be introduced again afterwards. */
    CHECK(!strcmp(t_req(d0, XS_INTRODUCE, 0, "3", "1", "2", NULL), "OK"));
    CHECK(!strcmp(t_req(d0, XS_RESUME, 0, "3", NULL), "OK"));
    CHECK(t_consistent());
}
