#include "lg_school.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "slclient.h"

enum { COACH_ROLE = 2, MENTOR_ROLE = 4, SUPERVISOR_ROLE = 5 };

static sl_client *connect_to(const lg_school *s, char *err, size_t errlen)
{
    sl_client_opts o = {.host = "127.0.0.1",
                        .port = s->port,
                        .ca_file = s->ca,
                        .timeout_ms = 30000,
                        .kind = STAGELIJN__V1__CLIENT_KIND__CLIENT_TEST,
                        .client_version = "sl_loadgen"};
    sl_client *c = NULL;
    return sl_client_connect(&o, &c, err, errlen) == SL_OK ? c : NULL;
}

/* A Login that keeps the session's token (sl_client_login does not hand it out). */
static sl_client *login(const lg_school *s, const char *user, const char *password, char token[80],
                        bool *must_change, char *err, size_t errlen)
{
    sl_client *c = connect_to(s, err, errlen);
    if (!c)
        return NULL;
    Stagelijn__V1__LoginRequest lr = STAGELIJN__V1__LOGIN_REQUEST__INIT;
    lr.username = (char *)user;
    lr.password = (char *)password;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOGIN;
    req.login = &lr;
    sl_envelope *rep = NULL;
    char why[256] = "";
    sl_status st = sl_client_call(c, &req, &rep, why, sizeof why);
    bool ok = st == SL_OK && rep && rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_LOGIN_REPLY;
    if (ok) {
        snprintf(token, 80, "%s", rep->login_reply->token);
        if (must_change)
            *must_change = rep->login_reply->must_change_password;
    } else {
        snprintf(err, errlen, "login %s: %s %s", user, sl_status_name(st), why);
    }
    sl_envelope_free(rep);
    if (!ok) {
        sl_client_close(c);
        return NULL;
    }
    return c;
}

static sl_client *resume(const lg_school *s, const char *token, char *err, size_t errlen)
{
    sl_client *c = connect_to(s, err, errlen);
    if (!c)
        return NULL;
    Stagelijn__V1__ResumeRequest rr = STAGELIJN__V1__RESUME_REQUEST__INIT;
    rr.token = (char *)token;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RESUME;
    req.resume = &rr;
    sl_envelope *rep = NULL;
    char why[256] = "";
    sl_status st = sl_client_call(c, &req, &rep, why, sizeof why);
    sl_envelope_free(rep);
    if (st != SL_OK) {
        snprintf(err, errlen, "resume: %s %s", sl_status_name(st), why);
        sl_client_close(c);
        return NULL;
    }
    return c;
}

/* A password nobody needs to know: the bench works with the session's token. */
static void random_password(char out[33])
{
    FILE *f = fopen("/dev/urandom", "rb");
    unsigned char raw[16] = {0};
    size_t got = f ? fread(raw, 1, sizeof raw, f) : 0;
    if (f)
        fclose(f);
    if (got != sizeof raw) /* no urandom: still unique enough for a throwaway daemon */
        snprintf((char *)raw, sizeof raw, "%lx", (unsigned long)time(NULL));
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", raw[i]);
}

static bool change_password(sl_client *c, const char *old_pw, const char *new_pw, char *err,
                            size_t errlen)
{
    Stagelijn__V1__ChangePasswordRequest cp = STAGELIJN__V1__CHANGE_PASSWORD_REQUEST__INIT;
    cp.old_password = (char *)old_pw;
    cp.new_password = (char *)new_pw;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CHANGE_PASSWORD;
    req.change_password = &cp;
    sl_envelope *rep = NULL;
    char why[256] = "";
    sl_status st = sl_client_call(c, &req, &rep, why, sizeof why);
    sl_envelope_free(rep);
    if (st != SL_OK)
        snprintf(err, errlen, "change admin password: %s %s", sl_status_name(st), why);
    return st == SL_OK;
}

static void placement_spec(const char *student_id, const lg_school *s, char start[11], char end[11],
                           ts_placement_spec *p)
{
    ts_monday(-14, start);
    ts_date(90, end);
    *p = (ts_placement_spec){.student_id = student_id,
                             .company_id = s->company_id,
                             .supervisor_id = s->sup_id,
                             .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
                             .start_date = start,
                             .end_date = end,
                             .n_days = 1,
                             .day_start = "09:00",
                             .day_end = "14:00",
                             .break_minutes = 30};
}

static bool make_people(lg_school *s, sl_client *admin, char *mentor_id)
{
    /* Room for every fan-out round's placements at the one company. */
    ts_company_spec co = {.name = "Bench BV", .places = 1000, .supervision_capacity = 1000};
    ts_student_spec st = {.first_name = "Bea",
                          .last_name = "Bench",
                          .class_id = s->class_id,
                          .date_of_birth = "2010-05-05"};
    return ts_create_user(admin, "bench-coach", COACH_ROLE, NULL, NULL) &&
           ts_create_user(admin, "bench-mentor", MENTOR_ROLE, NULL, mentor_id) &&
           ts_make_class(admin, "Bench", 4, mentor_id, s->class_id) &&
           ts_make_company(admin, &co, s->company_id) &&
           ts_create_user(admin, "bench-supervisor", SUPERVISOR_ROLE, s->company_id, s->sup_id) &&
           ts_make_student(admin, &st, s->student_id, NULL);
}

bool lg_school_setup(lg_school *s, int port, const char *ca, const char *password, bool one_time,
                     char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->port = port;
    snprintf(s->ca, sizeof s->ca, "%s", ca);
    ts_date(-1, s->visit_date);
    ts_date(0, s->today);
    char pw[33];
    snprintf(pw, sizeof pw, "%s", password);
    bool must_change = false;
    sl_client *admin = login(s, "admin", password, s->admin_token, &must_change, err, errlen);
    if (admin && one_time) {
        random_password(pw);
        bool changed = change_password(admin, password, pw, err, errlen);
        sl_client_close(admin);
        /* A fresh session after the change: its token is the one the bench keeps. */
        admin = changed ? login(s, "admin", pw, s->admin_token, NULL, err, errlen) : NULL;
    }
    if (!admin)
        return false;
    char mentor_id[37];
    bool ok = make_people(s, admin, mentor_id);
    sl_client_close(admin);
    if (!ok) {
        snprintf(err, errlen, "creating the school failed (see above)");
        return false;
    }
    sl_client *coach = login(s, "bench-coach", TS_PASSWORD, s->coach_token, NULL, err, errlen);
    if (!coach)
        return false;
    char start[11], end[11];
    ts_placement_spec p;
    placement_spec(s->student_id, s, start, end, &p);
    ok = ts_make_active_placement(coach, &p, TS_SIGN_MINOR,
                                  s->placement_id); /* visits need it running */
    sl_client_close(coach);
    if (!ok)
        snprintf(err, errlen, "creating the placement failed (see above)");
    return ok;
}

bool lg_school_fresh_placements(const lg_school *s, int n, char (*ids)[37], char *err,
                                size_t errlen)
{
    sl_client *admin = resume(s, s->admin_token, err, errlen);
    sl_client *coach = admin ? resume(s, s->coach_token, err, errlen) : NULL;
    bool ok = admin && coach;
    char start[11], end[11];
    for (int i = 0; ok && i < n; i++) {
        char student[37];
        ts_student_spec st = {.first_name = "Dirk",
                              .last_name = "Dropout",
                              .class_id = s->class_id,
                              .date_of_birth = "2010-05-05"};
        ts_placement_spec p;
        placement_spec(student, s, start, end, &p);
        ok = ts_make_student(admin, &st, student, NULL) &&
             ts_make_placement(coach, &p, SL_OK, ids[i]);
        if (!ok)
            snprintf(err, errlen, "creating placement %d of %d failed (see above)", i + 1, n);
    }
    sl_client_close(coach);
    sl_client_close(admin);
    return ok;
}

bool lg_school_save(const lg_school *s, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(err, errlen, "cannot write %s", path);
        return false;
    }
    fprintf(f,
            "port=%d\nca=%s\nadmin_token=%s\ncoach_token=%s\nclass_id=%s\ncompany_id=%s\n"
            "sup_id=%s\nstudent_id=%s\nplacement_id=%s\nvisit_date=%s\ntoday=%s\n",
            s->port, s->ca, s->admin_token, s->coach_token, s->class_id, s->company_id, s->sup_id,
            s->student_id, s->placement_id, s->visit_date, s->today);
    bool ok = fclose(f) == 0;
    if (!ok)
        snprintf(err, errlen, "cannot write %s", path);
    return ok;
}

typedef struct {
    const char *key;
    size_t off, size;
} field;

#define F(name)                                                                                    \
    {                                                                                              \
#name, offsetof(lg_school, name), sizeof(((lg_school *)0)->name)                           \
    }
static const field fields[] = {F(ca),         F(admin_token), F(coach_token), F(class_id),
                               F(company_id), F(sup_id),      F(student_id),  F(placement_id),
                               F(visit_date), F(today)};

bool lg_school_load(lg_school *s, const char *path, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read %s", path);
        return false;
    }
    char line[700];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *eq = strchr(line, '=');
        if (!eq)
            continue;
        *eq = '\0';
        if (strcmp(line, "port") == 0)
            s->port = atoi(eq + 1);
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
            if (strcmp(line, fields[i].key) == 0)
                snprintf((char *)s + fields[i].off, fields[i].size, "%s", eq + 1);
    }
    fclose(f);
    if (s->port <= 0 || !s->coach_token[0] || !s->student_id[0] || !s->placement_id[0]) {
        snprintf(err, errlen, "%s is not a complete school file", path);
        return false;
    }
    return true;
}
