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
HANDLER(handle_list_agenda_weeks);
HANDLER(handle_log_visit);
HANDLER(handle_list_visits);
HANDLER(handle_submit_assessment);
HANDLER(handle_list_assessments);

HANDLER(handle_report_dropout);

HANDLER(handle_subscribe);
HANDLER(handle_ack_events);
HANDLER(handle_list_notifications);

#endif
