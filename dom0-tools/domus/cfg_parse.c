/* SPDX-License-Identifier: MIT */
/*
 * A recursive-descent reader of xl.cfg syntax (cfg_parse.h). Written from
 * the grammar described in Xen's xl.cfg(5) manual: settings separated by
 * new lines or ';', values that are strings, numbers or lists, '#'
 * comments. Lines are counted from 1; a value spread over several lines
 * is reported at the line of its key.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cfg_parse.h"

#define TOKEN_MAX 4096 /* longest string or name, with its NUL */
#define KEY_MAX   64
#define DEPTH_MAX 8 /* lists within lists */

enum tok {
    T_EOF,
    T_NEWLINE,
    T_SEMI,
    T_EQ,
    T_PLUS_EQ,
    T_COMMA,
    T_LBRACK,
    T_RBRACK,
    T_IDENT,
    T_NUMBER,
    T_STRING,
    T_ERROR,
};

struct lexer {
    const char *source;
    const char *p, *end;
    int line;     /* of the next character */
    int tok_line; /* of the token just read */
    enum tok tok;
    char text[TOKEN_MAX]; /* of the current token */
    size_t len;
    char value[TOKEN_MAX]; /* of the last scalar value read */
    char *err;
    size_t errlen;
};

static void lex_error(struct lexer *lx, int line, const char *fmt, const char *arg)
{
    char msg[256];
    snprintf(msg, sizeof(msg), fmt, arg);
    snprintf(lx->err, lx->errlen, "%s:%d: %s", lx->source, line, msg);
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool text_add(struct lexer *lx, char c)
{
    if (lx->len + 1 >= sizeof(lx->text)) {
        lex_error(lx, lx->tok_line, "%s longer than 4095 bytes",
                  lx->tok == T_STRING ? "string" : "word");
        return false;
    }
    lx->text[lx->len++] = c;
    lx->text[lx->len] = '\0';
    return true;
}

/* A name or a number: letters, digits and '_' (a number's are checked by
 * its user, so "512M" reads as one word and gets a clear complaint). */
static enum tok lex_word(struct lexer *lx, enum tok kind)
{
    lx->tok = kind;
    while (lx->p < lx->end && (is_alpha(*lx->p) || is_digit(*lx->p))) {
        if (!text_add(lx, *lx->p++))
            return T_ERROR;
    }
    return kind;
}

/* The character a backslash escape stands for, after the backslash; -1
 * (error written) if it is not one we know. */
static int lex_escape(struct lexer *lx)
{
    static const char simple[] = "\"\"''\\\\a\ab\bf\fn\nr\rt\tv\v";
    char c = *lx->p++;
    for (size_t i = 0; simple[i]; i += 2) {
        if (simple[i] == c)
            return (unsigned char)simple[i + 1];
    }
    if (c == 'x') {
        int hi = lx->p < lx->end ? hex_value(lx->p[0]) : -1;
        int lo = lx->p + 1 < lx->end ? hex_value(lx->p[1]) : -1;
        if (hi < 0 || lo < 0) {
            lex_error(lx, lx->line, "%s", "'\\x' must be followed by two hexadecimal digits");
            return -1;
        }
        lx->p += 2;
        return hi * 16 + lo;
    }
    if (c >= '0' && c <= '7') {
        int v = c - '0';
        for (int i = 0; i < 2 && lx->p < lx->end && *lx->p >= '0' && *lx->p <= '7'; i++)
            v = v * 8 + (*lx->p++ - '0');
        if (v > 0xff) {
            lex_error(lx, lx->line, "%s", "octal escape above \\377");
            return -1;
        }
        return v;
    }
    char shown[2] = {c, '\0'};
    lex_error(lx, lx->line, "unknown escape '\\%s' in a string", shown);
    return -1;
}

static enum tok lex_string(struct lexer *lx)
{
    char quote = *lx->p++;
    lx->tok = T_STRING;
    for (;;) {
        if (lx->p >= lx->end || *lx->p == '\n') {
            lex_error(lx, lx->tok_line, "%s", "string not closed before the end of the line");
            return T_ERROR;
        }
        char c = *lx->p++;
        if (c == quote)
            return T_STRING;
        if (c == '\\') {
            if (lx->p >= lx->end || *lx->p == '\n') {
                lex_error(lx, lx->tok_line, "%s", "string not closed before the end of the line");
                return T_ERROR;
            }
            int e = lex_escape(lx);
            if (e < 0)
                return T_ERROR;
            c = (char)e;
        }
        if (!text_add(lx, c))
            return T_ERROR;
    }
}

static enum tok lex_next(struct lexer *lx)
{
    lx->len = 0;
    lx->text[0] = '\0';
    while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r'))
        lx->p++;
    if (lx->p < lx->end && *lx->p == '#') { /* the new line ends it */
        while (lx->p < lx->end && *lx->p != '\n')
            lx->p++;
    }
    lx->tok_line = lx->line;
    if (lx->p >= lx->end)
        return lx->tok = T_EOF;
    char c = *lx->p;
    switch (c) {
    case '\n':
        lx->p++;
        lx->line++;
        return lx->tok = T_NEWLINE;
    case ';': lx->p++; return lx->tok = T_SEMI;
    case '=': lx->p++; return lx->tok = T_EQ;
    case ',': lx->p++; return lx->tok = T_COMMA;
    case '[': lx->p++; return lx->tok = T_LBRACK;
    case ']': lx->p++; return lx->tok = T_RBRACK;
    case '"':
    case '\'': return lx->tok = lex_string(lx);
    case '+':
        if (lx->p + 1 < lx->end && lx->p[1] == '=') {
            lx->p += 2;
            return lx->tok = T_PLUS_EQ;
        }
        break;
    default: break;
    }
    if (is_alpha(c))
        return lx->tok = lex_word(lx, T_IDENT);
    if (is_digit(c))
        return lx->tok = lex_word(lx, T_NUMBER);
    char shown[8];
    if (c >= 0x21 && c <= 0x7e)
        snprintf(shown, sizeof(shown), "'%c'", c);
    else
        snprintf(shown, sizeof(shown), "0x%02x", (unsigned char)c);
    lex_error(lx, lx->tok_line, "unexpected character %s", shown);
    return lx->tok = T_ERROR;
}

/* What the current token is, for messages. */
static const char *tok_name(const struct lexer *lx, char *buf, size_t size)
{
    switch (lx->tok) {
    case T_EOF: return "the end of the file";
    case T_NEWLINE: return "the end of the line";
    case T_SEMI: return "';'";
    case T_EQ: return "'='";
    case T_PLUS_EQ: return "'+='";
    case T_COMMA: return "','";
    case T_LBRACK: return "'['";
    case T_RBRACK: return "']'";
    case T_IDENT: snprintf(buf, size, "'%.40s'", lx->text); return buf;
    case T_NUMBER: snprintf(buf, size, "number %.40s", lx->text); return buf;
    case T_STRING: snprintf(buf, size, "string \"%.40s\"", lx->text); return buf;
    case T_ERROR: return "an error";
    default: return "?";
    }
}

static int parse_value(struct lexer *lx, struct cfg_value *v, int depth);

/* Skips new lines (allowed anywhere inside a list). */
static void skip_newlines(struct lexer *lx)
{
    while (lx->tok == T_NEWLINE)
        lex_next(lx);
}

/* After '[': values separated by ',' up to ']'; the current token is the
 * one after the ']' on return. */
static int parse_list(struct lexer *lx, struct cfg_value *v, int depth)
{
    char buf[64];
    if (depth >= DEPTH_MAX) {
        lex_error(lx, lx->tok_line, "%s", "lists nested too deeply");
        return -1;
    }
    v->kind = CFG_LIST;
    v->list_len = 0;
    lex_next(lx);
    skip_newlines(lx);
    while (lx->tok != T_RBRACK) {
        struct cfg_value item;
        if (parse_value(lx, &item, depth + 1) < 0)
            return -1;
        v->list_len++;
        skip_newlines(lx);
        if (lx->tok == T_COMMA) {
            lex_next(lx);
            skip_newlines(lx);
        } else if (lx->tok != T_RBRACK) {
            if (lx->tok != T_ERROR)
                lex_error(lx, lx->tok_line, "expected ',' or ']' in a list, found %s",
                          tok_name(lx, buf, sizeof(buf)));
            return -1;
        }
    }
    lex_next(lx);
    return 0;
}

/* A value starting at the current token; on return the current token is
 * the one after it. A scalar's text is kept in lx->value until the next
 * scalar is read. */
static int parse_value(struct lexer *lx, struct cfg_value *v, int depth)
{
    char buf[64];
    memset(v, 0, sizeof(*v));
    switch (lx->tok) {
    case T_STRING:
    case T_NUMBER:
        v->kind = lx->tok == T_STRING ? CFG_STRING : CFG_NUMBER;
        memcpy(lx->value, lx->text, lx->len + 1);
        v->text = lx->value;
        v->text_len = lx->len;
        lex_next(lx);
        return 0;
    case T_LBRACK: return parse_list(lx, v, depth);
    case T_ERROR: return -1;
    default:
        lex_error(lx, lx->tok_line, "expected a value (a string, a number or a list), found %s",
                  tok_name(lx, buf, sizeof(buf)));
        return -1;
    }
}

/* KEY = VALUE, with the key as the current token. */
static int parse_setting(struct lexer *lx, cfg_setting_fn fn, void *ctx)
{
    char key[KEY_MAX], buf[64];
    int line = lx->tok_line;
    if (lx->len >= sizeof(key)) {
        lex_error(lx, line, "key '%.40s...' is too long", lx->text);
        return -1;
    }
    memcpy(key, lx->text, lx->len + 1);
    lex_next(lx);
    if (lx->tok == T_PLUS_EQ) {
        lex_error(lx, line, "'+=' (appending to '%s') is not supported", key);
        return -1;
    }
    if (lx->tok != T_EQ) {
        if (lx->tok != T_ERROR) {
            char msg[160];
            snprintf(msg, sizeof(msg), "expected '=' after '%s', found %s", key,
                     tok_name(lx, buf, sizeof(buf)));
            lex_error(lx, line, "%s", msg);
        }
        return -1;
    }
    lex_next(lx);
    struct cfg_value v;
    if (parse_value(lx, &v, 0) < 0)
        return -1;
    char msg[256] = "";
    if (fn(ctx, key, &v, line, msg, sizeof(msg)) < 0) {
        lex_error(lx, line, "%s", msg);
        return -1;
    }
    if (lx->tok != T_NEWLINE && lx->tok != T_SEMI && lx->tok != T_EOF) {
        if (lx->tok != T_ERROR) {
            char what[160];
            snprintf(what, sizeof(what),
                     "expected the end of the line or ';' after the value of '%s', found %s", key,
                     tok_name(lx, buf, sizeof(buf)));
            lex_error(lx, lx->tok_line, "%s", what);
        }
        return -1;
    }
    return 0;
}

int cfg_parse(const char *source, const char *text, size_t len, cfg_setting_fn fn, void *ctx,
              char *err, size_t errlen)
{
    static struct lexer lx; /* 4 KiB of token text: not on the stack */
    char buf[64];
    memset(&lx, 0, sizeof(lx));
    lx.source = source;
    lx.p = text;
    lx.end = text + len;
    lx.line = 1;
    lx.err = err;
    lx.errlen = errlen;
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        int line = 1;
        for (const char *q = text; q < nul; q++)
            line += *q == '\n';
        lex_error(&lx, line, "%s", "a NUL byte (this is not a text file)");
        return -1;
    }
    for (lex_next(&lx);; lex_next(&lx)) {
        switch (lx.tok) {
        case T_EOF: return 0;
        case T_NEWLINE:
        case T_SEMI: continue;
        case T_IDENT:
            if (parse_setting(&lx, fn, ctx) < 0)
                return -1;
            if (lx.tok == T_EOF)
                return 0;
            continue;
        case T_ERROR: return -1;
        default:
            lex_error(&lx, lx.tok_line, "expected a key name, found %s",
                      tok_name(&lx, buf, sizeof(buf)));
            return -1;
        }
    }
}
