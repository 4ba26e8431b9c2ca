/* Big directories: DIRECTORY refuses a list longer than one reply with
 * E2BIG; DIRECTORY_PART hands it out in parts with a generation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define CHILDREN 300
#define NAME_FMT "child-number-%04d-with-a-long-name-pad"
#define NAME_LEN 39 /* with its NUL */

static void make_children(struct xs_conn *c)
{
    char path[64];
    for (int i = 0; i < CHILDREN; i++) {
        snprintf(path, sizeof(path), "/big/" NAME_FMT, i);
        t_write(c, 0, path, "");
    }
}

/* Reads the whole list in parts; returns the number of parts, 0 on a
 * protocol error. */
static int read_parts(struct xs_conn *c, char *all, size_t *all_len, char *gen0)
{
    size_t off = 0;
    int parts = 0;
    for (;;) {
        char offset[16];
        snprintf(offset, sizeof(offset), "%zu", off);
        char payload[32];
        memcpy(payload, "/big", 5);
        memcpy(payload + 5, offset, strlen(offset) + 1);
        t_send(c, XS_DIRECTORY_PART, 0, payload, 5 + strlen(offset) + 1);
        struct t_msg m;
        if (!t_reply(c, &m) || m.hdr.type != XS_DIRECTORY_PART || m.hdr.len > XENSTORE_PAYLOAD_MAX)
            return 0;
        parts++;
        size_t glen = strlen(m.body) + 1;
        if (parts == 1)
            strcpy(gen0, m.body);
        else if (strcmp(gen0, m.body))
            return 0;
        size_t p = glen;
        while (p < m.hdr.len) {
            size_t l = strlen(m.body + p) + 1;
            if (l == 1) {
                *all_len = off;
                return parts;
            }
            memcpy(all + off, m.body + p, l);
            off += l;
            p += l;
        }
    }
}

/* The parts, joined, are the whole list in order. */
TEST(xsd_directory_part)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    make_children(d0);
    CHECK(!strcmp(t_req(d0, XS_DIRECTORY, 0, "/big", NULL), "E2BIG"));
    char *all = malloc(CHILDREN * 64);
    size_t len = 0;
    char gen[32];
    int parts = read_parts(d0, all, &len, gen);
    CHECK(parts >= 3);
    CHECK(len == (size_t)CHILDREN * NAME_LEN);
    char first[64], last[64];
    snprintf(first, sizeof(first), NAME_FMT, 0);
    snprintf(last, sizeof(last), NAME_FMT, CHILDREN - 1);
    CHECK(strlen(first) + 1 == NAME_LEN);
    CHECK(!strcmp(all, first) && !strcmp(all + len - NAME_LEN, last));
    /* A new child changes the generation; a value below does not. */
    char child[80];
    snprintf(child, sizeof(child), "/big/" NAME_FMT, 0);
    t_write(d0, 0, child, "value");
    char gen2[32];
    read_parts(d0, all, &len, gen2);
    CHECK(!strcmp(gen, gen2));
    t_write(d0, 0, "/big/one-more", "");
    read_parts(d0, all, &len, gen2);
    CHECK(strcmp(gen, gen2) != 0);
    free(all);
}

/* Offsets inside a name or past the end, and malformed requests, are
 * refused; the end offset gives an empty list; a small node's whole
 * list comes in one part ended by an empty name. */
TEST(xsd_directory_part_bad_input)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    t_write(d0, 0, "/s/ab", "");
    t_write(d0, 0, "/s/cd", "");
    CHECK(!strcmp(t_req(d0, XS_DIRECTORY_PART, 0, "/s", "1", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(d0, XS_DIRECTORY_PART, 0, "/s", "7", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(d0, XS_DIRECTORY_PART, 0, "/s", "-1", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(d0, XS_DIRECTORY_PART, 0, "/s", "x", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(d0, XS_DIRECTORY_PART, 0, "/s", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(d0, XS_DIRECTORY_PART, 0, "/none", "0", NULL), "ENOENT"));
    t_send(d0, XS_DIRECTORY_PART, 0,
           "/s\0"
           "0",
           5);
    struct t_msg m;
    REQUIRE(t_reply(d0, &m));
    size_t g = strlen(m.body) + 1;
    CHECK(m.hdr.len == g + 7 && !memcmp(m.body + g, "ab\0cd\0", 7));
    t_send(d0, XS_DIRECTORY_PART, 0,
           "/s\0"
           "6",
           5);
    REQUIRE(t_reply(d0, &m));
    CHECK(m.hdr.len == g + 1 && m.body[g] == '\0');
    t_send(d0, XS_DIRECTORY_PART, 0,
           "/s\0"
           "3",
           5);
    REQUIRE(t_reply(d0, &m));
    CHECK(m.hdr.len == g + 4 && !memcmp(m.body + g, "cd\0", 4));
}
