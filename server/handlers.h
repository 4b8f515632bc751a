/* Request handlers, one file per request family:
 *   h_session.c   Login, Resume, Logout, ChangePassword
 *   h_school.c    users, classes, companies, students
 *   h_placement.c placements
 *   h_progress.c  agenda weeks, visits, assessments
 *   h_dropout.c   dropout reports
 *   h_events.c    Subscribe, AckEvents, ListNotifications
 * Each takes the decoded request and fills `out` from r->arena; it returns SL_OK or an error
 * with r->errmsg set. Writes happen inside the request's savepoint. */
#ifndef SL_HANDLERS_H
#define SL_HANDLERS_H

#include "dispatch.h"

#define HANDLER(name) sl_status name(request *r, const sl_envelope *in, sl_envelope *out)

HANDLER(handle_login);
HANDLER(handle_resume);
HANDLER(handle_logout);
HANDLER(handle_change_password);

HANDLER(handle_create_user);
HANDLER(handle_list_users);
HANDLER(handle_create_class);
HANDLER(handle_list_classes);
HANDLER(handle_create_company);
HANDLER(handle_list_companies);
HANDLER(handle_create_student);
HANDLER(handle_get_student);
HANDLER(handle_list_students);

HANDLER(handle_create_placement);
HANDLER(handle_get_placement);
HANDLER(handle_list_placements);

HANDLER(handle_submit_agenda_week);
HANDLER(handle_sign_agenda_week);
HANDLER(handle_write_reflection);
HANDLER(handle_list_agenda_weeks);
HANDLER(handle_log_visit);
HANDLER(handle_list_visits);
HANDLER(handle_submit_assessment);
HANDLER(handle_list_assessments);

HANDLER(handle_report_dropout);

HANDLER(handle_subscribe);
HANDLER(handle_ack_events);
HANDLER(handle_list_notifications);

/* The internship line: each family's file defines its table of handler_def entries
 * (request case, handler, needs_session, writes) and its count.
 *   h_prep.c      school years, sectors, student profile, interest test, orientation,
 *                 company visits
 *   h_matching.c  readiness and its override, matching suggestions, introductory meetings
 *   h_contract.c  contract, signatures, printing, placement lifecycle, warnings
 *   h_periods.c   practical assignments, Entree hours, binding study advice, exam sessions
 *   h_group.c     group internship sessions, enrolment, reflections
 *   h_aftercare.c exit, partners, aftercare contacts, outflow report
 *   h_overview.c  visit plan, dossier, caseload, class overview */
#define HANDLER_TABLE(name)                                                                        \
    extern const handler_def name##_handlers[];                                                    \
    extern const size_t name##_handler_count

HANDLER_TABLE(h_prep);
HANDLER_TABLE(h_matching);
HANDLER_TABLE(h_contract);
HANDLER_TABLE(h_periods);
HANDLER_TABLE(h_group);
HANDLER_TABLE(h_aftercare);
HANDLER_TABLE(h_overview);

#endif
