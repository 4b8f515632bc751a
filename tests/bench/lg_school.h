/* A school for the load generator to work on: a coach with one student on one placement (the
 * target of GetStudent and LogVisit), and fresh placements for dropout events. Set up once per
 * daemon through the ordinary client library; the load connections then attach with the
 * sessions' tokens (Resume), so 10,000 connections cost no 10,000 password hashes. */
#ifndef LG_SCHOOL_H
#define LG_SCHOOL_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    int port;
    char ca[512];
    char admin_token[80], coach_token[80];
    char class_id[37], company_id[37], sup_id[37], student_id[37], placement_id[37];
    char visit_date[11]; /* yesterday: a visit is logged after it took place */
    char today[11];
} lg_school;

/* Logs in as admin (on 127.0.0.1:port, trusting ca) with `password`; when it is the daemon's
 * one-time password (one_time), changes it to a random one first. Then creates the coach, a
 * class, a company, its supervisor, the student and a placement. False with a reason in err. */
bool lg_school_setup(lg_school *s, int port, const char *ca, const char *password, bool one_time,
                     char *err, size_t errlen);
/* Saves / loads the school as "key=value" lines. False with a reason in err. */
bool lg_school_save(const lg_school *s, const char *path, char *err, size_t errlen);
bool lg_school_load(lg_school *s, const char *path, char *err, size_t errlen);

/* Creates n students with one proposed placement each (for ReportDropout, which ends a
 * placement and so works once per placement); ids[i] receives each placement's id. */
bool lg_school_fresh_placements(const lg_school *s, int n, char (*ids)[37], char *err,
                                size_t errlen);

#endif
